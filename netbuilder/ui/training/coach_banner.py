"""The fit coach's banner (``fitDiagnosis``): the verdict in words and its remedies as buttons."""

from __future__ import annotations

from PySide6.QtCore import QT_TRANSLATE_NOOP, Signal
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton, QVBoxLayout

from .. import i18n
from ..i18n import glossary, messages
from ..qt_helpers import add_to_bar, overflow_bar

#: Button text for each remedy code (see netbuilder.core.remedies).
REMEDY_TEXT = {
    "restore_best_weights": QT_TRANSLATE_NOOP("CoachBanner", "Restore best epoch's weights"),
    "add_dropout": QT_TRANSLATE_NOOP("CoachBanner", "Add Dropout(0.5) after hidden Dense"),
    "add_l2": QT_TRANSLATE_NOOP("CoachBanner", "Add L2(0.001) to kernels"),
    "halve_units": QT_TRANSLATE_NOOP("CoachBanner", "Halve units"),
    "more_data": QT_TRANSLATE_NOOP("CoachBanner", "Get more data…"),
    "more_epochs": QT_TRANSLATE_NOOP("CoachBanner", "Train longer (×2 epochs)"),
    "add_layer": QT_TRANSLATE_NOOP("CoachBanner", "Add a layer"),
    "double_units": QT_TRANSLATE_NOOP("CoachBanner", "Double units"),
    "lower_learning_rate": QT_TRANSLATE_NOOP("CoachBanner", "Learning rate ÷ 10"),
    "add_augmentation": QT_TRANSLATE_NOOP("CoachBanner", "Augment images…"),
    # training health (core.introspect.health, shown here by ui.inspect.health_coach)
    "he_initializer": QT_TRANSLATE_NOOP("CoachBanner", "He initializer for ReLU layers"),
    "relu_hidden": QT_TRANSLATE_NOOP("CoachBanner", "ReLU in hidden sigmoid/tanh layers"),
    "leaky_relu": QT_TRANSLATE_NOOP("CoachBanner", "LeakyReLU instead of ReLU"),
    "add_batchnorm": QT_TRANSLATE_NOOP("CoachBanner", "BatchNormalization after hidden layers"),
}
#: The glossary entry a remedy is about (its button's tooltip names it in both languages).
REMEDY_TERM = {"add_dropout": ("Dropout", "layers"), "add_l2": ("regularization", "terms"),
               "lower_learning_rate": ("learning_rate", "terms"), "more_epochs": ("epoch", "terms"),
               "restore_best_weights": ("validation_set", "terms"), "more_data": ("overfitting", "terms"),
               "halve_units": ("Dense", "layers"), "double_units": ("Dense", "layers"),
               "add_layer": ("Dense", "layers"), "add_augmentation": ("RandomRotation", "layers")}
_COLORS = {"overfitting": ("#fff7ed", "#c2410c"), "underfitting": ("#eff6ff", "#1d4ed8"),
           "divergence": ("#fef2f2", "#b91c1c"), "healthy": ("#f0fdf4", "#15803d"),
           "unknown": ("#f8fafc", "#475569")}


class CoachBanner(i18n.Retranslatable, QFrame):
    """Shows a :class:`~netbuilder.core.diagnosis.Diagnosis`; ``remedyRequested(code)`` on a click."""

    remedyRequested = Signal(str)

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setObjectName("fitDiagnosis")
        self.diagnosis = None
        self._retranslated = True
        self.title = QLabel(objectName="fitDiagnosisTitle")
        self.text = QLabel(objectName="fitDiagnosisText")
        self.text.setWordWrap(True)
        # the remedies in a bar that puts what does not fit behind its » button: five remedy buttons beside
        # the title no longer widen the training dock past a laptop screen (a horizontal scroll bar)
        self.remedy_bar = overflow_bar("fitDiagnosisRemedies")
        self.buttons: dict[str, QPushButton] = {}
        self._remedy_buttons: dict[str, QPushButton] = {}
        self._remedy_actions: dict[str, object] = {}  # code -> the bar's action holding its button
        lay = QVBoxLayout(self)
        lay.setContentsMargins(8, 4, 8, 4)
        lay.setSpacing(2)
        top = QHBoxLayout()  # the verdict's title and its remedies on one row: the curves below keep their height
        top.addWidget(self.title, 1)
        top.addWidget(self.remedy_bar)
        lay.addLayout(top)
        lay.addWidget(self.text)
        self.holding = False  # hold_space(True): the banner's place is kept while hidden (a run trains)
        self.hide()

    def retranslate_ui(self) -> None:
        self._retranslated = False  # the remedy buttons' texts too
        if self.diagnosis is not None:
            self.show_diagnosis(self.diagnosis)

    def set_stale(self, on: bool) -> None:
        """The verdict is of a network or dataset changed since its run: greyed, labelled, no remedies (they
        would edit the new network for the old one's fault)."""
        self.stale = bool(on)
        self.setEnabled(not on)
        if self.diagnosis is not None and not self.isHidden():
            self._set_texts(self.diagnosis)

    def hasHeightForWidth(self) -> bool:  # noqa: N802 - Qt API
        """False: the banner's wrapped text must not give the training panel a height-for-width.

        With one, the panel's scroll area (``dock_layout.scrolling``) made the panel as tall as its
        *preferred* height for the width (the curves at their size hint, ~480 px) instead of fitting it in
        the dock: the first verdict put a scroll bar on the training dock and re-laid out and repainted both
        plots (~50 ms of the GUI thread). The banner keeps its wrapped text whole through
        :meth:`resizeEvent` instead.
        """
        return False

    def resizeEvent(self, event):  # noqa: N802 - Qt API
        """At least as tall as the wrapped text needs at this width (and the held place, while held)."""
        super().resizeEvent(event)
        self._fit_height()

    def _fit_height(self) -> None:
        need = self.layout().totalHeightForWidth(self.width()) if self.isVisible() else 0
        need = max(need, self.minimumHeight() if self.holding else 0)
        if need != self.minimumHeight():
            self.setMinimumHeight(need)

    def hold_space(self, on: bool) -> None:
        """Keep (``on``) or give back the banner's place in the layout, shown or hidden.

        The banner sits above the curves: each time it appeared, disappeared or changed height, the curves
        below were resized and both plots repainted from scratch (~60 ms of the GUI thread, measured with
        ``time.thread_time()``; the style sheet and the buttons cost ~2 ms). While a run trains the place
        stays held, at least ``reserved_height()`` tall and never shrinking, so the first verdict arriving
        mid-run (the fit coach's or the training health's) changes only the banner's own pixels. The window
        holds it from the start of a run to its end: both turns repaint the curves anyway.
        """
        self.holding = bool(on)
        policy = self.sizePolicy()
        policy.setRetainSizeWhenHidden(self.holding)
        self.setSizePolicy(policy)
        self.setMinimumHeight(self.reserved_height() if self.holding else 0)
        self._fit_height()

    def reserved_height(self) -> int:
        """Pixels for a typical verdict: a row of remedy buttons and two lines of text, with the margins."""
        m, lay = self.contentsMargins(), self.layout()
        lm = lay.contentsMargins()
        row = max(self.title.sizeHint().height(), QPushButton("M").sizeHint().height())  # a probe, freed here
        return (m.top() + m.bottom() + lm.top() + lm.bottom() + row + lay.spacing()
                + 2 * self.text.fontMetrics().lineSpacing())

    def show_diagnosis(self, d) -> None:
        """Show verdict ``d`` (None hides the banner).

        During an overfitting run a new verdict comes every epoch with new numbers: then only the
        texts change; the style sheet and the remedy buttons (costly to lay out again) are rebuilt only
        when the kind or the remedies change.
        """
        same = (d is not None and self.diagnosis is not None and not self.isHidden() and self._retranslated
                and (d.kind, d.remedies) == (self.diagnosis.kind, self.diagnosis.remedies))
        self.diagnosis = d
        self._retranslated = True
        if same:
            self._set_texts(d)
            self._grow_held()
            return
        # remedy buttons are made once per remedy and reused: creating and deleting widgets on
        # every verdict leaked a little memory per run in the soak test
        for act in self._remedy_actions.values():
            self.remedy_bar.removeAction(act)
        self.buttons = {}
        if d is None:
            self.hide()
            return
        bg, fg = _COLORS.get(d.kind, _COLORS["unknown"])
        self.setStyleSheet(f"#fitDiagnosis {{ background:{bg}; border:1px solid {fg}; border-radius:6px; }}"
                           f"#fitDiagnosisTitle {{ color:{fg}; font-weight:700; }}")
        self._set_texts(d)
        for code in d.remedies:
            b = self._remedy_buttons.get(code)
            if b is None:
                b = QPushButton(self)
                b.setObjectName(f"remedy_{code}")
                b.clicked.connect(lambda _=False, c=code: self.remedyRequested.emit(c))
                self._remedy_buttons[code] = b
            b.setText(self.tr(REMEDY_TEXT[code]) if code in REMEDY_TEXT else code)
            if code in REMEDY_TERM:
                ident, term_kind = REMEDY_TERM[code]
                b.setToolTip(glossary.label(ident, term_kind) if term_kind == "layers"
                             else glossary.term(ident, term_kind))
            act = self._remedy_actions.get(code)
            if act is None:
                act = self._remedy_actions[code] = add_to_bar(self.remedy_bar, b)
            else:
                self.remedy_bar.addAction(act)  # in this verdict's order
            act.setVisible(True)
            self.buttons[code] = b
        self.show()
        self._grow_held()

    def _grow_held(self) -> None:
        """Tall enough for the new text; while the place is held, a taller verdict makes it grow (never
        shrink) for the rest of the run."""
        self._fit_height()

    def _set_texts(self, d) -> None:
        kind = glossary.term(d.kind, "terms")
        kind = kind[:1].upper() + kind[1:]
        self.title.setText(kind + (" — " + self.tr("best epoch {n}").format(n=d.best_epoch) if d.best_epoch else "")
                           + (" — " + self.tr("from the previous network") if getattr(self, "stale", False) else ""))
        self.text.setText(messages.render(d))
