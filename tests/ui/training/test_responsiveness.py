"""The event loop keeps running while a W1-shaped network (784-512-10, batch 128) trains."""

import time

import numpy as np
from PySide6.QtCore import QTimer

from netbuilder.ui.training.controller import TrainingData

from .conftest import dense_config, set_run


def w1_data(n, seed=0):
    rng = np.random.default_rng(seed)
    x = rng.random((n, 784), dtype=np.float32)
    y = np.eye(10, dtype=np.float32)[rng.integers(0, 10, n)]
    return TrainingData("w1", x, y, x[:200], y[:200], "multiclass")


def measure_run(qtbot, ui, n, epochs, timeout=600000):
    """Train; return (gaps between 5 ms timer ticks in ms, redraws per second, seconds)."""
    set_run(ui, dense_config(784, [512], 10, "softmax"), w1_data(n), epochs=epochs, batch_size=128,
            validation_split=0.0)
    gaps, last = [], [time.perf_counter()]

    def tick():
        now = time.perf_counter()
        gaps.append(now - last[0])
        last[0] = now

    timer = QTimer()
    timer.setInterval(5)
    timer.timeout.connect(tick)
    timer.start()
    r0 = ui.plots.redraws
    t0 = time.perf_counter()
    with qtbot.waitSignal(ui.controller.finished, timeout=timeout):
        ui.controls.start()
        last[0] = time.perf_counter()
    secs = time.perf_counter() - t0
    timer.stop()
    return np.asarray(gaps) * 1000, (ui.plots.redraws - r0) / secs, secs


def test_event_loop_keeps_ticking_while_training(qtbot, training_window):
    """The GUI thread runs throughout a run. The 50 ms stall target itself is measured by
    ``benchmarks/bench_ui_stall.py`` (timings belong in benchmarks, not in tests)."""
    win, ui = training_window
    win.show()
    gaps, fps, secs = measure_run(qtbot, ui, 3840, 3)
    assert len(ui.controller.batch_loss) == 3 * 30
    # a frozen GUI thread would record no tick at all until the end of the run
    assert len(gaps) >= max(3, int(secs)), (len(gaps), secs)
    assert ui.plots.redraws > 0
