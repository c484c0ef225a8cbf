"""``ProbabilityBars``: a small horizontal bar chart of class probabilities, painted directly."""

from __future__ import annotations

from PySide6.QtCore import QRectF, QSize, Qt
from PySide6.QtGui import QColor, QPainter
from PySide6.QtWidgets import QSizePolicy, QWidget

BAR_COLOR = QColor(52, 120, 200)
BEST_COLOR = QColor(230, 120, 20)


class ProbabilityBars(QWidget):
    """One labelled bar per class (``set_values(names, probs)``); the most probable is highlighted."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setObjectName("probabilityBars")
        self.names: list[str] = []
        self.values: list[float] = []
        self.setSizePolicy(QSizePolicy.Expanding, QSizePolicy.Preferred)

    def set_values(self, names, probs) -> None:
        self.names = [str(n) for n in names]
        self.values = [float(p) for p in probs]
        self.updateGeometry()
        self.update()

    def sizeHint(self):
        return QSize(240, max(60, 20 * len(self.names) + 8))

    def minimumSizeHint(self):
        return QSize(160, max(40, 16 * len(self.names)))

    def paintEvent(self, event):
        if not self.names:
            return
        p = QPainter(self)
        p.setRenderHint(QPainter.Antialiasing)
        fm = p.fontMetrics()
        label_w = min(max(fm.horizontalAdvance(n) for n in self.names) + 8, self.width() // 2)
        value_w = fm.horizontalAdvance("100.0%") + 6
        row_h = max(14.0, (self.height() - 4) / len(self.names))
        best = max(range(len(self.values)), key=self.values.__getitem__)
        span = max(1.0, self.width() - label_w - value_w)
        for i, (name, v) in enumerate(zip(self.names, self.values)):
            y = 2 + i * row_h
            text_rect = QRectF(0, y, label_w - 4, row_h)
            p.setPen(self.palette().windowText().color())
            p.drawText(text_rect, Qt.AlignRight | Qt.AlignVCenter, fm.elidedText(name, Qt.ElideRight, label_w - 4))
            p.fillRect(QRectF(label_w, y + row_h * 0.15, span * max(0.0, min(1.0, v)), row_h * 0.7),
                       BEST_COLOR if i == best else BAR_COLOR)
            p.drawText(QRectF(label_w + span + 4, y, value_w, row_h), Qt.AlignLeft | Qt.AlignVCenter, f"{v:.1%}")
        p.end()
