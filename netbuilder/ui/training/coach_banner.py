"""The fit coach's banner (``fitDiagnosis``): the verdict in words and its remedies as buttons."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton, QVBoxLayout

#: Button text for each remedy code (see netbuilder.core.remedies).
REMEDY_TEXT = {
    "restore_best_weights": "Restore best epoch's weights",
    "add_dropout": "Add Dropout(0.5) after hidden Dense",
    "add_l2": "Add L2(0.001) to kernels",
    "halve_units": "Halve units",
    "more_data": "Get more data…",
    "more_epochs": "Train longer (×2 epochs)",
    "add_layer": "Add a layer",
    "double_units": "Double units",
    "lower_learning_rate": "Learning rate ÷ 10",
}
_COLORS = {"overfitting": ("#fff7ed", "#c2410c"), "underfitting": ("#eff6ff", "#1d4ed8"),
           "divergence": ("#fef2f2", "#b91c1c"), "healthy": ("#f0fdf4", "#15803d"),
           "unknown": ("#f8fafc", "#475569")}


class CoachBanner(QFrame):
    """Shows a :class:`~netbuilder.core.diagnosis.Diagnosis`; ``remedyRequested(code)`` on a click."""

    remedyRequested = Signal(str)

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setObjectName("fitDiagnosis")
        self.diagnosis = None
        self.title = QLabel(objectName="fitDiagnosisTitle")
        self.text = QLabel(objectName="fitDiagnosisText")
        self.text.setWordWrap(True)
        self.buttons_row = QHBoxLayout()
        self.buttons: dict[str, QPushButton] = {}
        lay = QVBoxLayout(self)
        lay.setContentsMargins(8, 6, 8, 6)
        lay.addWidget(self.title)
        lay.addWidget(self.text)
        lay.addLayout(self.buttons_row)
        self.hide()

    def show_diagnosis(self, d) -> None:
        self.diagnosis = d
        for b in self.buttons.values():
            self.buttons_row.removeWidget(b)
            b.deleteLater()
        self.buttons = {}
        if d is None:
            self.hide()
            return
        bg, fg = _COLORS.get(d.kind, _COLORS["unknown"])
        self.setStyleSheet(f"#fitDiagnosis {{ background:{bg}; border:1px solid {fg}; border-radius:6px; }}"
                           f"#fitDiagnosisTitle {{ color:{fg}; font-weight:700; }}")
        self.title.setText(d.kind.capitalize() + (f" — best epoch {d.best_epoch}" if d.best_epoch else ""))
        self.text.setText(d.message)
        for code in d.remedies:
            b = QPushButton(REMEDY_TEXT.get(code, code))
            b.setObjectName(f"remedy_{code}")
            b.clicked.connect(lambda _=False, c=code: self.remedyRequested.emit(c))
            self.buttons_row.addWidget(b)
            self.buttons[code] = b
        self.show()
