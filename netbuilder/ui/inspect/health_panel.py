"""Training health (``healthPanel``): per layer, the weight and gradient norms over the epochs, the
share of dead ReLU units and of saturated sigmoid/tanh units, and the verdicts of
``core.introspect.health`` with their one-click remedies.

The numbers come per epoch from ``core.introspect.LayerStats`` (see ``InspectFeature``); this
widget only shows them. ``remedyRequested(code)`` asks the window to apply a remedy.

A fast run ends many epochs per event-loop turn: the verdicts follow every epoch, but the table and
its strips are rebuilt at most every ``TABLE_REFRESH_S`` (the newest epoch's numbers; its rows, items
and strips are reused), and the remedy buttons only when the remedies change (issue 25).
"""

from __future__ import annotations

import time

from PySide6.QtCore import QCoreApplication, QT_TRANSLATE_NOOP, QTimer, Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QTableWidget, QTableWidgetItem, QVBoxLayout, QWidget

from netbuilder.core.introspect import health as H

from . import pictures

# verdict code -> its sentence (translated in the window; the core's English text is the fallback)
VERDICTS = {
    "health_exploding_nonfinite": QT_TRANSLATE_NOOP(
        "HealthPanel", "The gradients of layer '{layer}' are not finite numbers: the weights are blowing up."),
    "health_exploding": QT_TRANSLATE_NOOP(
        "HealthPanel", "Exploding gradients: the gradient norm of '{layer}' grew from {start:.3g} to {norm:.3g}."),
    "health_vanishing": QT_TRANSLATE_NOOP(
        "HealthPanel", "Vanishing gradients: the first layer '{first}' gets a gradient {ratio:.3g} times smaller "
                       "than the last one '{last}', so it hardly learns."),
    "health_dead_relu": QT_TRANSLATE_NOOP(
        "HealthPanel", "Dead ReLU units: {share:.0%} of the units of '{layer}' output 0 for every sample, so they "
                       "pass no gradient and never learn again."),
    "health_saturated": QT_TRANSLATE_NOOP(
        "HealthPanel", "Saturated units: {share:.0%} of the {activation} units of '{layer}' sit on the flat ends "
                       "of their curve, where the gradient is almost 0."),
}
REMEDY_TEXT = {
    "lower_learning_rate": QT_TRANSLATE_NOOP("HealthPanel", "Learning rate ÷ 10"),
    "he_initializer": QT_TRANSLATE_NOOP("HealthPanel", "He initializer for ReLU layers"),
    "relu_hidden": QT_TRANSLATE_NOOP("HealthPanel", "ReLU in hidden sigmoid/tanh layers"),
    "leaky_relu": QT_TRANSLATE_NOOP("HealthPanel", "LeakyReLU instead of ReLU"),
    "add_batchnorm": QT_TRANSLATE_NOOP("HealthPanel", "BatchNormalization after hidden layers"),
}
# the remedies this panel can apply (clipping is not a field of the settings form)
APPLICABLE = tuple(REMEDY_TEXT)
#: While epochs stream in, the table is rebuilt at most this often (seconds).
TABLE_REFRESH_S = 0.25
_now = time.monotonic  # the clock of the table's rate limit (a test sets its own)


def verdict_text(d) -> str:
    """A health ``Diagnosis`` as a sentence in the interface language."""
    template = VERDICTS.get(d.code)
    if template is None:
        return d.message
    try:
        return QCoreApplication.translate("HealthPanel", template).format(**d.params)
    except (KeyError, ValueError, IndexError):
        return d.message


class HealthPanel(QWidget):
    """The table of per-layer numbers for the latest epoch, a gradient-norm strip per layer over
    the epochs, and the verdicts with remedy buttons."""

    remedyRequested = Signal(str)

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setObjectName("healthPanel")
        self.epochs: list = []
        self.verdicts: list = []
        self.buttons: dict = {}
        self._table_at = None  # when the table was last rebuilt (_now()); None: at the next epoch
        self._table_timer = QTimer(self)
        self._table_timer.setSingleShot(True)
        self._table_timer.setInterval(int(1000 * TABLE_REFRESH_S))
        self._table_timer.timeout.connect(self._show_table)
        self.intro = QLabel()
        self.intro.setWordWrap(True)
        self.table = QTableWidget(0, 6)
        self.table.setObjectName("healthTable")
        self.table.setMaximumHeight(260)
        self.verdict_label = QLabel()
        self.verdict_label.setObjectName("healthVerdicts")
        self.verdict_label.setWordWrap(True)
        self.buttons_row = QHBoxLayout()
        lay = QVBoxLayout(self)
        for w in (self.intro, self.table, self.verdict_label):
            lay.addWidget(w)
        lay.addLayout(self.buttons_row)
        lay.addStretch(1)
        self.retranslate()

    def retranslate(self) -> None:
        self.intro.setText(self.tr(
            "How each layer fares during training: the size of its weights and of its gradients (the strip shows "
            "the gradient norm over the epochs), the share of ReLU units that never fire and of sigmoid/tanh "
            "units stuck on the flat ends of their curve."))
        self.table.setHorizontalHeaderLabels([self.tr("layer"), self.tr("‖W‖"), self.tr("‖g‖"), self.tr("dead"),
                                              self.tr("saturated"), self.tr("‖g‖ over the epochs")])
        self._show_verdicts(rebuild=True)

    def clear(self) -> None:
        self.epochs = []
        self.verdicts = []
        self._table_timer.stop()
        self._table_at = None
        self.table.setRowCount(0)
        self._show_verdicts()

    def add_epoch(self, epoch: int, stats: dict) -> None:
        """Show the stats of ``epoch`` (``{layer: LayerHealth}``) and the verdicts on the run so far; the
        table now, or within ``TABLE_REFRESH_S`` when it was rebuilt less than that ago."""
        self.epochs.append(stats)
        self.verdicts = H.diagnose(self.epochs)
        self._show_verdicts()
        if self._table_at is None or _now() - self._table_at >= TABLE_REFRESH_S:
            self._show_table()
        elif not self._table_timer.isActive():
            self._table_timer.start()

    def _show_table(self) -> None:
        """The newest epoch's numbers, one row per layer, and each layer's gradient-norm strip."""
        self._table_timer.stop()
        self._table_at = _now()
        if not self.epochs:
            return
        stats = self.epochs[-1]
        names = list(stats)
        self.table.setRowCount(len(names))

        def pct(v):
            return "" if v is None else f"{v:.0%}"

        for i, name in enumerate(names):
            h = stats[name]
            cells = [name, f"{h.weight_norms.get('kernel', next(iter(h.weight_norms.values()), 0.0)):.3g}"
                     if h.weight_norms else "", f"{h.grad_norms['kernel']:.3g}" if "kernel" in h.grad_norms else "",
                     pct(h.dead_share), pct(h.saturated_share)]
            for j, text in enumerate(cells):
                item = self.table.item(i, j)
                if item is None:
                    self.table.setItem(i, j, QTableWidgetItem(text))
                else:
                    item.setText(text)
            series = [e[name].grad_norms.get("kernel", 0.0) for e in self.epochs[-60:] if name in e]
            strip = self.table.cellWidget(i, 5)
            if strip is None:
                strip = QLabel()
                self.table.setCellWidget(i, 5, strip)
            strip.setPixmap(pictures.bars_pixmap(series, width=120, height=22, color="#6a8caf"))
        self.table.resizeColumnsToContents()

    def _show_verdicts(self, rebuild: bool = False) -> None:
        """The verdicts' sentences and one button per applicable remedy (made again only when the
        remedies changed, or ``rebuild``: another language)."""
        codes = [c for d in self.verdicts for c in d.remedies if c in APPLICABLE] if self.epochs else []
        if rebuild or list(dict.fromkeys(codes)) != list(self.buttons):
            for b in self.buttons.values():
                b.deleteLater()
            self.buttons = {}
        if not self.epochs:
            self.verdict_label.setText(self.tr("Train the network: its health is measured at every epoch end."))
            return
        if not self.verdicts:
            self.verdict_label.setText(self.tr("Healthy: no vanishing or exploding gradients, no dead or saturated "
                                               "layers."))
            return
        self.verdict_label.setText("<br>".join("• " + verdict_text(d) for d in self.verdicts))
        for d in self.verdicts:
            for code in d.remedies:
                if code in APPLICABLE and code not in self.buttons:
                    b = QPushButton(QCoreApplication.translate("HealthPanel", REMEDY_TEXT[code]))
                    b.setObjectName(f"healthRemedy_{code}")
                    b.clicked.connect(lambda _=False, c=code: self.remedyRequested.emit(c))
                    self.buttons_row.addWidget(b)
                    self.buttons[code] = b
