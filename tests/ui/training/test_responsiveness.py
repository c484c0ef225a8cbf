"""The event loop keeps running while a W1-shaped network (784-512-10, batch 128) trains."""

import numpy as np
from PySide6.QtCore import QTimer

from netbuilder.ui.training import worker as W
from netbuilder.ui.training.controller import TrainingData

from .conftest import dense_config, set_run


def w1_data(n, seed=0):
    rng = np.random.default_rng(seed)
    x = rng.random((n, 784), dtype=np.float32)
    y = np.eye(10, dtype=np.float32)[rng.integers(0, 10, n)]
    return TrainingData("w1", x, y, x[:200], y[:200], "multiclass")


def test_event_loop_keeps_ticking_while_training(qtbot, training_window, monkeypatch):
    """The GUI thread runs throughout a run: a timer fires between batches, while the worker is
    mid-run. Stall times are measured by ``benchmarks/bench_ui_stall.py`` (timings belong in
    benchmarks, not in tests); this counts batches, so its verdict does not depend on speed (every
    batch is sent on its own, so even a very fast machine delivers 90 bundles)."""
    monkeypatch.setattr(W, "BATCH_EMIT_INTERVAL", 0.0)
    win, ui = training_window
    win.show()
    set_run(ui, dense_config(784, [512], 10, "softmax"), w1_data(3840), epochs=3, batch_size=128,
            validation_split=0.0)
    c = ui.controller
    ticks = []  # the batches the GUI thread had received at each tick during the run
    timer = QTimer()
    timer.setInterval(0)  # on every pass of the event loop
    timer.timeout.connect(lambda: ticks.append(len(c.batch_loss)) if c.running else None)
    timer.start()
    r0 = ui.plots.redraws
    with qtbot.waitSignal(c.finished, timeout=600000):
        ui.controls.start()
    timer.stop()
    assert len(c.batch_loss) == 3 * 30
    # a frozen GUI thread would tick only after the run: here it ticked while batches kept arriving
    mid_run = {n for n in ticks if 0 < n < 3 * 30}
    assert len(mid_run) >= 3, ticks
    assert ui.plots.redraws > r0
