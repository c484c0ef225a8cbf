"""The learning-rate range test in the window: a dialog (``lrFinder``) that runs
:func:`netbuilder.core.runs.lr_range.lr_range_test` in a thread on a fresh copy of the canvas's network,
draws the loss against the learning rate on a log axis and applies the suggested value with one click."""

from __future__ import annotations

import copy
import math

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QThread, Signal
from PySide6.QtWidgets import QDialog, QHBoxLayout, QLabel, QPushButton, QVBoxLayout

from netbuilder.core import optimizers, utils
from netbuilder.core.callbacks import Callback
from netbuilder.core.models import model_from_config
from netbuilder.core.runs.lr_range import LRRangeTest, suggest

from ..training.run_setup import run_batch_size

# Batches of the test, and its range (fastai's defaults: 1e-7 to 10 over 100 batches).
STEPS, START, END = 100, 1e-7, 10.0


class LRRangeThread(QThread):
    """Builds and trains a fresh model with a growing learning rate; ``done(lrs, losses, error)``."""

    done = Signal(object, object, object)

    def __init__(self, model_cfg, settings, x, y, parent=None):
        super().__init__(parent)
        self.model_cfg, self.settings, self.x, self.y = model_cfg, settings, x, y
        self.test = LRRangeTest(START, END, STEPS)
        self._stop = False

    def request_stop(self) -> None:
        self._stop = True

    def run(self):
        try:
            s = self.settings
            with utils.use_rng(np.random.default_rng()):  # its seed and draws stay here: a run going on is not touched
                if s.get("seed") is not None:
                    utils.set_random_seed(int(s["seed"]))
                model = model_from_config(copy.deepcopy(self.model_cfg))
                model.compile(optimizer=optimizers.get(copy.deepcopy(s["optimizer"])), loss=s["loss"])
                bs = run_batch_size(s, len(self.x))
                stopper = _StopCheck(self)
                model.fit(self.x, self.y, batch_size=bs, epochs=math.ceil(STEPS / max(1, math.ceil(len(self.x) / bs))),
                          verbose=0, callbacks=[self.test, stopper])
            self.done.emit(self.test.lrs, self.test.losses, None)
        except Exception as exc:  # noqa: BLE001 - reported in the dialog, the thread ends cleanly
            self.done.emit(self.test.lrs, self.test.losses, f"{type(exc).__name__}: {exc}")


class _StopCheck(Callback):
    """Ends the test after the current batch when the dialog closes."""

    def __init__(self, thread):
        super().__init__()
        self.thread = thread

    def on_train_batch_end(self, batch, logs=None):
        if self.thread._stop:
            self.model.stop_training = True


class LRFinderDialog(QDialog):
    """The range test's plot, the suggested learning rate and "Use this learning rate"."""

    def __init__(self, lab, model_cfg, settings, parent=None):
        super().__init__(parent)
        self.setObjectName("lrFinder")
        self.lab, self.model_cfg, self.settings = lab, model_cfg, settings
        self.suggested = None
        self.thread = None
        self.setWindowTitle(self.tr("Find a learning rate"))
        self.plot = pg.PlotWidget(background="w")
        self.plot.setObjectName("lrPlot")
        self.plot.setLogMode(x=True, y=False)
        self.plot.setLabel("bottom", self.tr("learning rate (log scale)"))
        self.plot.setLabel("left", self.tr("loss (smoothed)"))
        self.plot.showGrid(x=True, y=True, alpha=0.2)
        self.curve = self.plot.plot([], [], pen=pg.mkPen((31, 119, 180), width=2))
        self.mark = pg.InfiniteLine(angle=90, pen=pg.mkPen((214, 39, 40), width=1.5, style=pg.QtCore.Qt.DashLine))
        self.label = QLabel(self.tr("Training with a growing learning rate…"))
        self.label.setWordWrap(True)
        self.applyButton = QPushButton(self.tr("Use this learning rate"), objectName="lrApplyButton")
        self.applyButton.setEnabled(False)
        self.applyButton.clicked.connect(self.apply)
        close = QPushButton(self.tr("Close"))
        close.clicked.connect(self.close)
        row = QHBoxLayout()
        row.addWidget(self.label, 1)
        row.addWidget(self.applyButton)
        row.addWidget(close)
        lay = QVBoxLayout(self)
        lay.addWidget(self.plot, 1)
        lay.addLayout(row)
        self.resize(620, 420)

    def start(self) -> bool:
        data = self.lab.controller.data
        if data is None:
            self.label.setText(self.tr("Choose a dataset first (Dataset dock), then try again."))
            return False
        self.thread = LRRangeThread(self.model_cfg, self.settings, data.x_train, data.y_train, self)
        self.thread.done.connect(self._done)
        self.thread.start()
        return True

    def _done(self, lrs, losses, error) -> None:
        self.thread.wait()
        finite = [(lr, v) for lr, v in zip(lrs, losses) if math.isfinite(v)]
        if finite:
            self.curve.setData([p[0] for p in finite], [p[1] for p in finite])
        self.suggested = suggest(lrs, losses)
        if error:
            self.label.setText(self.tr("The test failed: {error}").format(error=error))
        elif self.suggested is None:
            self.label.setText(self.tr("Too few batches to suggest a learning rate: use more training data."))
        else:
            self.mark.setValue(math.log10(self.suggested))
            self.plot.addItem(self.mark)
            self.label.setText(self.tr("Suggested learning rate: {lr} (where the loss falls fastest, before it "
                                       "blows up).").format(lr=f"{self.suggested:.2g}"))
            self.applyButton.setEnabled(True)

    def apply(self) -> None:
        lr = float(f"{self.suggested:.2g}")
        self.lab.ui.config_panel.set_learning_rate(lr)
        self.lab.ui.push_settings()
        self.lab.say(self.tr("Learning rate set to {lr}. Train again from fresh weights.").format(lr=f"{lr:g}"))
        self.close()

    def closeEvent(self, event):  # noqa: N802 - Qt API
        if self.thread is not None and self.thread.isRunning():
            self.thread.request_stop()
            self.thread.wait()
        super().closeEvent(event)
