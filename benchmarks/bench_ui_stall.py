"""Event-loop stalls and redraw rate of the window while a W1-sized network trains.

    QT_QPA_PLATFORM=offscreen .venv/bin/python benchmarks/bench_ui_stall.py [--rows 60000] [--epochs 1]

Trains 784-512-10 (batch 128, rmsprop) through the real training docks and measures the gaps
between the ticks of a 5 ms QTimer on the GUI thread (target: worst gap under 50 ms) and the
plots' redraws per second (target: at least 10).
"""

from __future__ import annotations

import argparse
import os
import sys
import time

import numpy as np


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--rows", type=int, default=60000)
    ap.add_argument("--epochs", type=int, default=1)
    args = ap.parse_args()
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication, QMainWindow

    app = QApplication.instance() or QApplication(sys.argv[:1])
    from netbuilder.ui.training import install_training_ui
    from netbuilder.ui.training.controller import TrainingData

    win = QMainWindow()
    install_training_ui(win)
    ui = win.training_ui
    win.resize(1200, 800)
    win.show()
    rng = np.random.default_rng(0)
    x = rng.random((args.rows, 784), dtype=np.float32)
    y = np.eye(10, dtype=np.float32)[rng.integers(0, 10, args.rows)]
    config = {"class_name": "Sequential", "config": {"name": "w1", "layers": [
        {"class_name": "InputLayer", "config": {"batch_shape": [None, 784], "name": "in"}},
        {"class_name": "Dense", "config": {"units": 512, "activation": "relu", "name": "d1"}},
        {"class_name": "Dense", "config": {"units": 10, "activation": "softmax", "name": "d2"}}]}}
    ui.set_graph(config, "w1")
    ui.dataset_panel.set_data(TrainingData("w1", x, y, x[:200], y[:200], "multiclass"))
    ui.config_panel.apply_settings({"epochs": args.epochs, "batch_size": 128, "validation_split": 0.0})
    ui.controls.ask_continue = lambda: False
    gaps, last = [], [time.perf_counter()]

    def tick():
        now = time.perf_counter()
        gaps.append(now - last[0])
        last[0] = now

    timer = QTimer()
    timer.setInterval(5)
    timer.timeout.connect(tick)
    done = []
    ui.controller.finished.connect(lambda r: done.append(r))
    r0 = ui.plots.redraws
    t0 = time.perf_counter()
    timer.start()
    ui.controls.start()
    last[0] = time.perf_counter()
    while not done:
        app.processEvents()
        time.sleep(0.001)
    secs = time.perf_counter() - t0
    timer.stop()
    g = np.asarray(gaps) * 1000
    print(f"rows {args.rows} epochs {args.epochs}: {secs:.1f} s, worst stall {g.max():.1f} ms, "
          f"p99 {np.percentile(g, 99):.1f} ms, p95 {np.percentile(g, 95):.1f} ms, "
          f"{(ui.plots.redraws - r0) / secs:.1f} redraws/s, load {os.getloadavg()[0]:.1f}")
    ui.shutdown()


if __name__ == "__main__":
    main()
