"""Event-loop stalls while the layer view and the training health follow a W1-sized run.

    QT_QPA_PLATFORM=offscreen .venv/bin/python benchmarks/bench_inspect_stall.py [--rows 60000] [--epochs 3]

The real main window (which installs the "inspect" feature; ``--baseline`` leaves it out) trains W1 (784-512-10, batch 128,
rmsprop; ``bench_ui_stall.py``'s scenario ``w1``) with the layer view (on the first Dense layer)
and the Training health dock on screen: inside ``fit`` the feature's ``LayerStats`` measures the
health numbers (``run_callbacks``), and at each epoch end the GUI thread copies the weights and
recomputes the layer's output for one sample. Two measurements:

* the GUI thread's own work in each epoch-end handler (``InspectFeature._on_epoch_end``), timed
  around the call in wall-clock time and in the GUI thread's CPU time (``time.thread_time``: on a
  loaded machine the wall time also counts the moments the thread was not scheduled);
* the longest gap between ticks of a 10 ms ``QTimer`` over the whole run, with the docks shown,
  against the same run without the feature (``--baseline``), as ``bench_ui_stall.py`` measures it.

Target: the handler well under 100 ms, and the longest gap no worse than the baseline's.
"""

from __future__ import annotations

import argparse
import os
import sys
import time

import numpy as np

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import bench_ui_stall as U  # noqa: E402


def run(args) -> dict:
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication

    app = QApplication.instance() or QApplication(sys.argv[:1])
    win = U.make_window(without=("inspect",) if args.baseline else ())  # the window installs the feature
    args.scenario = "w1"
    ui = U.setup(win, args)
    handler_ms = []
    if not args.baseline:
        feature = win.feature("inspect")
        inner = feature._on_epoch_end

        def timed(*a):
            t, c = time.perf_counter(), time.thread_time()
            inner(*a)
            handler_ms.append((1000 * (time.perf_counter() - t), 1000 * (time.thread_time() - c)))

        ui.controller.epochEnded.disconnect(inner)
        ui.controller.epochEnded.connect(timed)
        for dock in () if args.hidden else (feature.layer_dock, feature.health_dock):
            dock.show()
            dock.raise_()
        feature.layer_view.refresh()
        feature.layer_view.select_layer("d1")
    settle = time.perf_counter() + 1.0
    while time.perf_counter() < settle:
        app.processEvents()
        time.sleep(0.005)
    gaps, ends, last, done = [], [], [time.perf_counter()], []

    def tick():
        now = time.perf_counter()
        gaps.append(now - last[0])
        ends.append(now)
        last[0] = now

    timer = QTimer()
    timer.setInterval(10)
    timer.timeout.connect(tick)
    ui.controller.finished.connect(lambda r: (done.append(r), finish_at.append(time.perf_counter())))
    finish_at = []
    epoch_times = []
    ui.controller.epochEnded.connect(lambda *a: epoch_times.append(time.perf_counter()))
    t0 = time.perf_counter()
    timer.start()
    ui.controls.start()
    last[0] = time.perf_counter()
    while not done and time.perf_counter() - t0 < args.timeout:
        app.processEvents()
        time.sleep(0.001)
    timer.stop()
    g = np.asarray(gaps) * 1000
    out = {"seconds": time.perf_counter() - t0, "epochs": len(ui.controller.epochs_done),
           "longest_gap_ms": float(g.max()), "p99_ms": float(np.percentile(g, 99)),
           "longest_gap_at_s": float(ends[int(g.argmax())] - t0),
           "epoch_ends_s": [round(t - t0, 2) for t in epoch_times],
           "finished_s": round(finish_at[0] - t0, 2) if finish_at else None,
           "handler_ms": handler_ms, "load": os.getloadavg()[0]}
    ui.shutdown()
    return out


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--rows", type=int, default=60000)
    ap.add_argument("--epochs", type=int, default=3)
    ap.add_argument("--baseline", action="store_true", help="the same run without the inspect feature")
    ap.add_argument("--hidden", action="store_true", help="the feature installed, its docks not on screen")
    ap.add_argument("--timeout", type=float, default=600.0)
    args = ap.parse_args()
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    r = run(args)
    h = r["handler_ms"]
    handler = (f"; epoch-end handler wall {', '.join(f'{w:.0f}' for w, _ in h)} ms, GUI-thread CPU "
               f"{', '.join(f'{c:.0f}' for _, c in h)} ms (the first copies the model)" if h else "")
    print(f"{'baseline' if args.baseline else 'inspect'}: {r['seconds']:.1f} s, {r['epochs']} epochs; longest gap "
          f"{r['longest_gap_ms']:.0f} ms (ending {r['longest_gap_at_s']:.1f} s in; epoch ends at {r['epoch_ends_s']} s, finished at {r['finished_s']} s), p99 {r['p99_ms']:.1f} ms{handler}; load {r['load']:.1f}")


if __name__ == "__main__":
    main()
