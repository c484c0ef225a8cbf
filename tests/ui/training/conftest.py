import threading
import time

import pytest
from PySide6.QtWidgets import QMainWindow

from netbuilder.core.callbacks import Callback
from netbuilder.ui.training import install_training_ui


def dense_config(n_in, hidden, n_out, out_act, hidden_act="relu"):
    """A functional config in the canvas's format: Input → Dense(h) ... → Dense(n_out)."""
    layers = [{"name": "input", "class_name": "InputLayer", "config": {"name": "input", "batch_shape": [None, n_in]},
               "inputs": []}]
    prev = "input"
    for i, h in enumerate(hidden):
        name = f"dense_{i}"
        layers.append({"name": name, "class_name": "Dense", "config": {"name": name, "units": h,
                                                                       "activation": hidden_act}, "inputs": [prev]})
        prev = name
    layers.append({"name": "out", "class_name": "Dense", "config": {"name": "out", "units": n_out,
                                                                     "activation": out_act}, "inputs": [prev]})
    return {"class_name": "Functional", "config": {"name": "m", "layers": layers, "inputs": ["input"],
                                                   "outputs": ["out"]}}


@pytest.fixture
def training_window(qtbot):
    win = QMainWindow()
    qtbot.addWidget(win)
    install_training_ui(win)
    win.resize(1200, 800)
    yield win, win.training_ui
    win.training_ui.shutdown()


def set_run(ui, config, data, **settings):
    ui.set_graph(config, "test")
    ui.dataset_panel.set_data(data)
    ui.config_panel.apply_settings(settings)
    ui.controls.ask_continue = lambda: False


def blobs(n=400, seed=0, d=2):
    from netbuilder.core.datasets import playground
    x, y = playground.gaussian_clusters(samples=n, seed=seed)
    return x, y


class Gate(Callback):
    """A callback in the training thread that holds a run at a known point until the GUI has acted,
    so that a Stop or Pause click provably lands mid-run however fast or loaded the machine is.

    It holds before batch ``batch`` of epoch ``epoch`` runs (or at that epoch's end with
    ``batch=None``) of the ``run``-th ``fit`` it is part of (K-fold runs one per fold), until
    ``until()`` is true (thread-safe: it reads a ``threading.Event``). ``begun`` counts the batches
    that started, ``held`` is set once it holds.
    """

    def __init__(self, epoch, batch, until, run=0):
        super().__init__()
        self.at, self.run, self.until = (epoch, batch), run, until
        self.begun, self.held = 0, threading.Event()
        self._fits, self._epoch = -1, 0

    def _hold(self):
        self.held.set()
        deadline = time.monotonic() + 120  # a safety net against a hung test, not a pass/fail limit
        while not self.until() and time.monotonic() < deadline:
            time.sleep(0.005)

    def on_train_begin(self, logs=None):
        self._fits += 1

    def on_epoch_begin(self, epoch, logs=None):
        self._epoch = epoch

    def on_train_batch_begin(self, batch, logs=None):
        if self._fits == self.run and (self._epoch, batch) == self.at:
            self._hold()
        self.begun += 1

    def on_epoch_end(self, epoch, logs=None):
        if self._fits == self.run and self.at == (epoch, None):
            self._hold()


def gated(monkeypatch, controller, gate):
    """Append ``gate`` to the callbacks of each ``fit`` of the controller's next run."""
    make = controller._make_callbacks
    monkeypatch.setattr(controller, "_make_callbacks", lambda *a: make(*a) + [gate])
