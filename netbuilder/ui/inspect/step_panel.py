"""The step mode (``stepPanel``): one training step of the learner's own network on the project's
data, shown as the tutorial's five steps.

(1) draw a batch x, y; (2) run the network on x to get y_pred; (3) the loss between y_pred and y;
(4) the gradient of the loss for every weight (backpropagation); (5) every weight moves a little
against its gradient, by the optimizer's rule, shown with the real numbers for one chosen weight.

The panel trains its own model (built from the canvas with the training settings, as Train would
build it) through a :class:`~.session.StepSession`; a changed network, dataset or setting starts
a new one from fresh weights. "Run to end of epoch" runs in slices on a timer so the window stays
responsive; only the last step of a run is recorded and shown.
"""

from __future__ import annotations

import json
import math
import time

import numpy as np
from PySide6.QtCore import QTimer, Signal
from PySide6.QtWidgets import (QComboBox, QHBoxLayout, QLabel, QPushButton, QTableWidget, QTableWidgetItem, QVBoxLayout,
                               QWidget)

from ..qt_helpers import signals_blocked
from ..training import run_setup as RS
from . import formulas, pictures
from .batch_view import BatchView
from .session import StepSession

# seconds of steps per timer slice while running to the end of an epoch
SLICE_S = 0.04


class StepPanel(QWidget):
    """Step / Step x10 / Run to end of epoch over the training controller's data and settings.

    Signals:
        stepped(object): the ``StepTrace`` now shown.
    """

    stepped = Signal(object)

    def __init__(self, controller, parent=None):
        super().__init__(parent)
        self.setObjectName("stepPanel")
        self.controller = controller
        self.session: StepSession | None = None
        self._session_key = None
        self._to_run = 0
        self._timer = QTimer(self)
        self._timer.setInterval(0)
        self._timer.timeout.connect(self._run_slice)
        self.intro = QLabel()
        self.intro.setWordWrap(True)
        self.step_button = QPushButton()
        self.step_button.setObjectName("stepOnce")
        self.step10_button = QPushButton()
        self.step10_button.setObjectName("stepTen")
        self.epoch_button = QPushButton()
        self.epoch_button.setObjectName("stepToEpochEnd")
        self.reset_button = QPushButton()
        self.reset_button.setObjectName("stepReset")
        self.status = QLabel()
        self.status.setObjectName("stepStatus")
        self.status.setWordWrap(True)
        self.batch_view = BatchView()
        self.loss_title, self.loss_label = QLabel(), QLabel()
        self.loss_label.setObjectName("stepLoss")
        self.grad_title = QLabel()
        self.grad_table = QTableWidget(0, 3)
        self.grad_table.setObjectName("stepGradients")
        self.grad_table.setMaximumHeight(220)
        self.update_title = QLabel()
        self.weight_box = QComboBox()
        self.weight_box.setObjectName("stepWeight")
        self.update_label = QLabel()
        self.update_label.setObjectName("stepUpdate")
        self.update_label.setStyleSheet("font-family: monospace;")
        self.curve = QLabel()
        self.curve.setObjectName("stepCurve")
        for w in (self.loss_title, self.loss_label, self.grad_title, self.update_title, self.update_label):
            w.setWordWrap(True)
        buttons = QHBoxLayout()
        for b in (self.step_button, self.step10_button, self.epoch_button, self.reset_button):
            buttons.addWidget(b)
        buttons.addStretch(1)
        lay = QVBoxLayout(self)
        for w in (self.intro,):
            lay.addWidget(w)
        lay.addLayout(buttons)
        for w in (self.status, self.curve, self.batch_view, self.loss_title, self.loss_label, self.grad_title,
                  self.grad_table, self.update_title, self.weight_box, self.update_label):
            lay.addWidget(w)
        lay.addStretch(1)
        self.step_button.clicked.connect(lambda: self.run_steps(1))
        self.step10_button.clicked.connect(lambda: self.run_steps(10))
        self.epoch_button.clicked.connect(self.run_to_epoch_end)
        self.reset_button.clicked.connect(self.reset)
        self.weight_box.currentIndexChanged.connect(self._show_update)
        self.retranslate()

    # ------------------------------------------------------------------ texts
    def retranslate(self) -> None:
        self.intro.setText(self.tr(
            "Training repeats five steps for every batch: draw a batch, run the network on it, measure the "
            "loss, compute the gradient of the loss for every weight, and move every weight a little against "
            "its gradient. Step through them here, on your own network and data."))
        self.step_button.setText(self.tr("Step"))
        self.step10_button.setText(self.tr("Step ×10"))
        self.epoch_button.setText(self.tr("Run to end of epoch"))
        self.reset_button.setText(self.tr("Start again"))
        self.reset_button.setToolTip(self.tr("Fresh weights, back to the first batch"))
        self.grad_table.setHorizontalHeaderLabels([self.tr("weight"), self.tr("gradient norm ‖g‖"),
                                                   self.tr("gradient values")])
        self.batch_view.retranslate()
        self.loss_title.setText("<b>" + self.tr("3 · The loss: how far y_pred is from y") + "</b>")
        self.grad_title.setText("<b>" + self.tr("4 · Backpropagation: the gradient of the loss for every weight")
                                + "</b>")
        self.update_title.setText("<b>" + self.tr("5 · Move every weight a little against its gradient. "
                                                  "Pick a weight to see its update:") + "</b>")
        self._show_status()
        if self.session is not None and self.session.last_trace is not None:
            self._show_trace(self.session.last_trace)

    def _show_status(self, note: str = "") -> None:
        s = self.session
        if s is None:
            text = self.tr("Press Step to take the first training step.")
        else:
            text = self.tr("Epoch {epoch}, next step {step} of {steps} (batches of {bs}); {taken} steps taken.").format(
                epoch=s.epoch + 1, step=s.step + 1, steps=s.steps_per_epoch, bs=s.batch_size, taken=len(s.losses))
        self.status.setText(text + (" " + note if note else ""))

    # ------------------------------------------------------------------ session
    def _key(self):
        c = self.controller
        return (id(c.data), json.dumps(c.current_config(), sort_keys=True, default=str),
                json.dumps(c.settings, sort_keys=True, default=str))

    def _ensure_session(self) -> bool:
        """A session for the current network, data and settings; False (said) when there can be none."""
        c = self.controller
        if c.data is None:
            self._show_status(self.tr("Choose a dataset first."))
            return False
        if c.current_config() is None:
            self._show_status(self.tr("There is no network to train."))
            return False
        key = self._key()
        if self.session is not None and key == self._session_key:
            return True
        try:
            config = c.current_config()
            model, rng = RS.built_apart(lambda: c.build_model(config))  # never the running run's generator
            x, y, kw = c.fit_arrays()
            vs = kw.get("validation_split")
            if vs:  # fit trains on the first (1 - split) of the rows
                cut = int(math.floor(len(x) * (1.0 - vs)))
                x, y = x[:cut], y[:cut]
            self.session = StepSession(model, x, y, kw["batch_size"], shuffle=kw.get("shuffle", True), rng=rng)
        except Exception as exc:  # a graph or setting the build refuses: said, never a traceback
            from ..i18n import messages  # noqa: PLC0415

            self.session = None
            self._show_status(self.tr("Cannot build the model: {error}").format(error=messages.render(exc)))
            return False
        self._session_key = key
        return True

    def reset(self) -> None:
        """Drop the step model: the next Step starts from fresh weights and the first batch."""
        self._timer.stop()
        self.session, self._session_key = None, None
        self._set_busy(False)
        self._show_status()
        self.curve.clear()

    # ------------------------------------------------------------------ stepping
    def run_steps(self, n: int) -> bool:
        """Take ``n`` steps now (the last one recorded and shown); False when refused."""
        if self._timer.isActive() or not self._ensure_session():
            return False
        try:
            for _ in range(n - 1):
                self.session.quick_step()
            trace = self.session.traced_step()
        except Exception as exc:  # noqa: BLE001 - a diverged step or bad data: said in the panel
            from ..i18n import messages  # noqa: PLC0415

            self._show_status(messages.render(exc))
            return False
        self._show_trace(trace)
        return True

    def run_to_epoch_end(self) -> bool:
        """Take the steps left in this epoch, in timer slices; the last one is shown."""
        if self._timer.isActive() or not self._ensure_session():
            return False
        self._to_run = self.session.steps_left_in_epoch()
        self._set_busy(True)
        self._timer.start()
        return True

    def _run_slice(self) -> None:
        t0 = time.perf_counter()
        try:
            while self._to_run > 1 and time.perf_counter() - t0 < SLICE_S:
                self.session.quick_step()
                self._to_run -= 1
            if self._to_run <= 1:
                self._timer.stop()
                self._set_busy(False)
                self._to_run = 0
                self._show_trace(self.session.traced_step())
            else:
                self._show_status()
        except Exception as exc:  # noqa: BLE001
            from ..i18n import messages  # noqa: PLC0415

            self._timer.stop()
            self._set_busy(False)
            self._show_status(messages.render(exc))

    @property
    def busy(self) -> bool:
        return self._timer.isActive()

    def _set_busy(self, busy: bool) -> None:
        for b in (self.step_button, self.step10_button, self.epoch_button):
            b.setEnabled(not busy)

    # ------------------------------------------------------------------ showing
    def _show_trace(self, trace) -> None:
        s = self.session
        self._show_status()
        self.curve.setPixmap(pictures.bars_pixmap(s.losses[-400:], width=360, height=50, color="#c0504d"))
        self.curve.setToolTip(self.tr("The loss of every step taken"))
        self.batch_view.show_batch(trace.x, trace.y, trace.y_pred, self.controller.data)
        loss = self.controller.settings.get("loss")
        self.loss_label.setText(f"{formulas.loss_formula(loss)} = {trace.loss:.6g}")
        norms = trace.gradient_norms()
        self.grad_table.setRowCount(len(norms))
        for i, (k, v) in enumerate(norms.items()):
            self.grad_table.setItem(i, 0, QTableWidgetItem(k))
            self.grad_table.setItem(i, 1, QTableWidgetItem(f"{v:.4g}"))
            hist = QLabel()
            hist.setPixmap(pictures.histogram_pixmap(np.histogram(trace.gradients[k], bins=20)[0]))
            self.grad_table.setCellWidget(i, 2, hist)
        self.grad_table.resizeColumnsToContents()
        keep = self.weight_box.currentText()
        with signals_blocked(self.weight_box):
            self.weight_box.clear()
            self.weight_box.addItems(list(trace.gradients))
            if keep in trace.gradients:
                self.weight_box.setCurrentText(keep)
        self._show_update()
        self.stepped.emit(trace)

    def _show_update(self, *_) -> None:
        s = self.session
        key = self.weight_box.currentText()
        if s is None or s.last_trace is None or key not in s.last_trace.gradients:
            self.update_label.clear()
            return
        index = formulas.default_index(s.last_trace, key)
        head = self.tr("{opt} on {key}{index}, the weight with the largest gradient (step t = {t}):").format(
            opt=s.last_trace.optimizer, key=key, index=list(index), t=s.last_trace.iteration)
        self.update_label.setText(head + "<br>" + "<br>".join(formulas.update_lines(s.last_trace, key, index)))
