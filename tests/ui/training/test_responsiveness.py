"""The event loop keeps running while a W1-shaped network (784-512-10, batch 128) trains."""

import os
import time

import numpy as np
import pytest
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


def test_no_event_loop_stall_while_training(qtbot, training_window):
    win, ui = training_window
    win.show()
    gaps, fps, secs = measure_run(qtbot, ui, 3840, 3)
    print(f"worst stall {gaps.max():.1f} ms, p95 {np.percentile(gaps, 95):.1f} ms, {fps:.1f} redraws/s "
          f"over {secs:.2f} s")
    assert len(ui.controller.batch_loss) == 3 * 30
    if os.getloadavg()[0] > (os.cpu_count() or 1) - 0.5:
        # other processes own the CPUs: the OS, not the app, decides when the GUI thread runs
        pytest.skip(f"machine overloaded (load {os.getloadavg()[0]:.1f}); measured worst stall "
                    f"{gaps.max():.0f} ms, {fps:.1f} redraws/s")
    assert gaps.max() < 50, gaps.max()
    assert fps >= 10, fps
