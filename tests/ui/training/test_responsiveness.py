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
    """Train; return (worst gap between 5 ms timer ticks in ms, redraws per second, seconds)."""
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
    return max(gaps) * 1000, (ui.plots.redraws - r0) / secs, secs


def test_no_event_loop_stall_while_training(qtbot, training_window):
    win, ui = training_window
    win.show()
    worst_ms, fps, secs = measure_run(qtbot, ui, 3840, 2)
    print(f"worst stall {worst_ms:.1f} ms, {fps:.1f} redraws/s over {secs:.2f} s")
    assert len(ui.controller.batch_loss) == 2 * 30
    assert worst_ms < 50, worst_ms
    assert fps >= 10 or secs < 0.3, fps
