"""A run's end (the worker's ``done``) is handled in an event-loop turn of its own: it came with the run's last
log bundle, and both, with the repaints they cause, made one turn of 35-45 ms at the end of a W1 run."""

import numpy as np
from PySide6.QtCore import QCoreApplication

from netbuilder.ui.training import worker as W
from netbuilder.ui.training.controller import TrainingData

from .conftest import dense_config, set_run


def _ended_unseen(ui, monkeypatch):
    """Start a small run and let its thread end without the GUI thread's event loop, then deliver what it sent
    (the log bundles and ``done``) in one pass, as the event loop does when they come together."""
    monkeypatch.setattr(W, "GUI_WAIT_S", 0.0)  # the thread does not wait for the window here
    rng = np.random.default_rng(0)
    x = rng.normal(size=(64, 2)).astype(np.float32)
    y = (x[:, :1] > 0).astype(np.float32)
    set_run(ui, dense_config(2, [4], 1, "sigmoid"), TrainingData("d", x, y, x[:8], y[:8], "binary"), epochs=2,
            batch_size=16, validation_split=0.0, loss="binary_crossentropy", metrics=["accuracy"])
    c = ui.controller
    assert ui.controls.start()
    assert c.worker.wait(60000)
    QCoreApplication.sendPostedEvents(c)  # the bundles and done, in one pass
    return c


def test_the_runs_end_comes_in_the_turn_after_its_last_bundle(qtbot, training_window, monkeypatch):
    _win, ui = training_window
    ended = []
    ui.controller.finished.connect(ended.append)
    c = _ended_unseen(ui, monkeypatch)
    assert len(c.epochs_done) == 2  # the last bundle was handled...
    assert not ended and c.state == "running"  # ... its end not yet
    assert not c.start()  # nothing starts over a run whose end is pending
    qtbot.waitUntil(lambda: bool(ended), timeout=5000)
    assert c.state == "idle" and ended[0] is c.last_result and len(ended[0]["history"]["loss"]) == 2


def test_closing_the_window_delivers_a_pending_end(qtbot, training_window, monkeypatch):
    """The window closing (shutdown) hands the run's end over at once: nothing of the run is lost."""
    _win, ui = training_window
    ended = []
    ui.controller.finished.connect(ended.append)
    c = _ended_unseen(ui, monkeypatch)
    assert not ended
    assert c.shutdown()
    assert len(ended) == 1 and c.state == "idle"
