"""Event-loop stalls, Stop latency and redraw rate of the real window while it trains.

    QT_QPA_PLATFORM=offscreen .venv/bin/python benchmarks/bench_ui_stall.py SCENARIO [--tick-ms 10]

Scenarios (issue 25):

- ``w1``: 784-512-10 (batch 128, rmsprop) on ``--rows`` synthetic MNIST-shaped rows (60,000),
  ``--epochs`` epochs (1); ``--stop-after S`` presses Stop after S seconds.
- ``batch1``: the start-up spiral example (``playground_spiral.nbproj``) with batch size 1, 30 epochs,
  its own dataset; ``--stop-after 5`` measures the Stop latency inside a long batch-1 epoch.
- ``long``: the spiral example, batch 32, epochs at the spin box's maximum, stopped after
  ``--stop-after`` seconds (60).
- ``bundles``: no training thread: ``--bundles`` synthetic log bundles (8 batches and, every
  ``--epoch-every`` bundles (1), an epoch's ``loss``/``accuracy`` and their ``val_`` twins, like ``long``'s)
  go through the controller's log handler, the plots' redraw and the repaints that causes
  (``processEvents``), one after the other. It measures the GUI
  thread's own work per bundle (median, p99, longest; wall clock and the thread's CPU time), free of
  the training thread and of the event loop's scheduling; the CPU time hardly depends on the other
  programs running, so before/after comparisons hold on a busy machine.

- ``banner``: no training: the GUI thread's CPU time (``time.thread_time()``) for a coach verdict's first show,
  a verdict of another kind and the banner hidden, each with the layout and repaints it causes, with no run and
  while a run is on (the banner then holds its place: no curve moves).

A ``QTimer`` ticks every ``--tick-ms`` ms on the GUI thread; the longest gap between two ticks is the
longest time the window could not react (target: under 100 ms). The first gap includes the Train
click's own handler (loading playground data, describing the form, building the model, starting the
thread): until the third session of 2026-12-07 it was left out. The Stop latency is the time from
the moment Stop is pressed (``--stop-after`` seconds after the start, however long the event loop then
takes to see the click) to the end of the worker thread (target: under 1 s). Beside each gap the GUI
thread's own CPU time in it (``time.thread_time()``) is kept: the longest gap's and the busiest gap's are
printed, comparable on a loaded machine where the wall-clock gap also counts waiting for a core; so are the
p99 of the GUI CPU per turn, the turns above 25 ms of it (target: none) and the GUI thread's CPU share of
the run. ``--slots`` adds the GUI CPU of each piece of GUI code in ``SLOTS`` (plots' redraw, pyqtgraph's
paints, the log handler, the progress bar, the coach, the decision regions, the health panel) over the run
and in its five busiest turns; ``--gaps N`` lists the N longest gaps (ms, when they ended, the GUI CPU in
them). The full main window is used (canvas, inspector, Try-it with its live decision regions, plots, coach),
built as ``run_app`` builds it (its start-up objects frozen out of the collector's full passes).
Run it on a quiet machine or quote medians of several runs.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import threading
import time

import numpy as np

W1_CONFIG = {"class_name": "Sequential", "config": {"name": "w1", "layers": [
    {"class_name": "InputLayer", "config": {"batch_shape": [None, 784], "name": "in"}},
    {"class_name": "Dense", "config": {"units": 512, "activation": "relu", "name": "d1"}},
    {"class_name": "Dense", "config": {"units": 10, "activation": "softmax", "name": "d2"}}]}}


def make_window(without=()):
    """A real ``MainWindow`` with throw-away settings, shown; ``without``: keys of features left out."""
    from PySide6.QtCore import QSettings

    from netbuilder.ui.app import freeze_startup_objects
    from netbuilder.ui.main_window import FEATURES, MainWindow

    settings = QSettings(os.path.join(tempfile.mkdtemp(), "bench.ini"), QSettings.IniFormat)
    win = MainWindow(settings, features=tuple(f for f in FEATURES if f.key not in without))
    win.quiet_errors = True
    win.resize(1400, 900)
    win.show()
    freeze_startup_objects()  # as run_app does once the window is up
    return win


def setup(win, args):
    """Put the scenario's network, data and settings in the window."""
    from netbuilder.ui.training.controller import TrainingData

    ui = win.training_ui
    if args.scenario == "w1":
        ui.set_graph(W1_CONFIG, "w1")
        rng = np.random.default_rng(0)
        x = rng.random((args.rows, 784), dtype=np.float32)
        y = np.eye(10, dtype=np.float32)[rng.integers(0, 10, args.rows)]
        ui.dataset_panel.set_data(TrainingData("w1", x, y, x[:200], y[:200], "multiclass"))
        ui.config_panel.apply_settings({"epochs": args.epochs, "batch_size": 128, "validation_split": 0.0,
                                        "optimizer": {"class_name": "RMSprop", "config": {"learning_rate": 0.001}},
                                        "loss": "categorical_crossentropy", "metrics": ["accuracy"]})
    else:
        assert win.open_example("playground_spiral"), "cannot open the spiral example"
        if args.scenario == "batch1":
            ui.config_panel.apply_settings({"epochs": args.epochs or 30, "batch_size": 1})
        else:
            spin = ui.config_panel.epochsSpin
            ui.config_panel.apply_settings({"batch_size": 32})
            spin.setValue(spin.maximum())
    ui.controls.ask_continue = lambda: False
    return ui


def measure_bundles(args) -> dict:
    """The ``bundles`` scenario (see the module): seconds of GUI work per synthetic log bundle."""
    from PySide6.QtWidgets import QApplication

    from netbuilder.ui.training.worker import LogBundle

    app = QApplication.instance() or QApplication(sys.argv[:1])
    win = make_window()
    assert win.open_example("playground_spiral"), "cannot open the spiral example"
    ui = win.training_ui
    c = ui.controller
    for _ in range(50):
        app.processEvents()
    c._t0, c._batches_done, c._epochs, c._initial = time.perf_counter(), 0, 10 * args.bundles, 0
    rng = np.random.default_rng(0)
    times, cpu, r0 = [], [], ui.plots.redraws
    k = max(1, args.epoch_every)
    c._on_train_begin({"steps": 8 * k})
    for i in range(args.bundles):
        e = i // k  # an epoch of k bundles of 8 batches
        loss = 1.0 / (1 + 0.01 * e) + 0.02 * rng.random()
        batches = [(e, (i % k) * 8 + b, {"loss": loss + 0.05 * rng.random(), "accuracy": 0.5}) for b in range(8)]
        logs = {"loss": loss, "accuracy": 1 - loss / 2, "val_loss": loss * 1.1, "val_accuracy": 1 - loss / 1.8}
        t, t_cpu = time.perf_counter(), time.thread_time()
        c._on_logs(LogBundle(batches, [(e, logs)] if i % k == k - 1 else []))
        ui.plots.redraw()  # as when due: every bundle here
        app.processEvents()  # the repaints this caused (what changed), as the event loop would do them
        times.append(time.perf_counter() - t)
        cpu.append(time.thread_time() - t_cpu)
    ms, cpu_ms = np.asarray(times) * 1000, np.asarray(cpu) * 1000
    return {"scenario": "bundles", "bundles": args.bundles, "median_ms": float(np.median(ms)),
            "p99_ms": float(np.percentile(ms, 99)), "longest_ms": float(ms.max()),
            "cpu_median_ms": float(np.median(cpu_ms)), "cpu_p99_ms": float(np.percentile(cpu_ms, 99)),
            "cpu_longest_ms": float(cpu_ms.max()),
            "redraws": ui.plots.redraws - r0, "load": os.getloadavg()[0]}


def measure_banner(args) -> dict:
    """The ``banner`` scenario (see the module): GUI-thread CPU of a coach verdict's show (the call and the
    event processing after it, layout and repaints included), with no run and mid-run (state "running")."""
    from PySide6.QtWidgets import QApplication

    from netbuilder.core.diagnosis import Diagnosis

    app = QApplication.instance() or QApplication(sys.argv[:1])
    win = make_window()
    ui = win.training_ui
    settle_until = time.perf_counter() + 1.0
    while time.perf_counter() < settle_until:
        app.processEvents()

    def settle():
        for _ in range(5):
            app.processEvents()

    def show_ms(d) -> float:
        t = time.thread_time()
        ui.banner.show_diagnosis(d)
        settle()
        return (time.thread_time() - t) * 1000

    health = Diagnosis("underfitting", "health_dead_relu", "Dead ReLU units", remedies=("he_initializer", "leaky_relu"))
    over = Diagnosis("overfitting", "overfitting_val_loss", "Overfitting", remedies=("add_dropout", "add_l2"))
    result = {"scenario": "banner", "load": os.getloadavg()[0]}
    result["idle_first_ms"], result["idle_kind_ms"], result["idle_hide_ms"] = show_ms(health), show_ms(over), show_ms(None)
    ui._on_state("running")  # what stateChanged("running") does to the banner (the run itself is not started)
    settle()
    result["run_first_ms"], result["run_kind_ms"], result["run_hide_ms"] = show_ms(health), show_ms(over), show_ms(None)
    ui._on_state("idle")
    settle()
    return result


#: ``--slots``: the GUI-thread code timed one by one (``time.thread_time()``): (module, class, method).
SLOTS = [("netbuilder.ui.training.plots", "TrainingPlots", "redraw"),
         ("pyqtgraph.widgets.GraphicsView", "GraphicsView", "paintEvent"),
         ("pyqtgraph", "AxisItem", "generateDrawSpecs"),
         ("pyqtgraph", "LegendItem", "addItem"),
         ("netbuilder.ui.training.run_reports", "RunReports", "_on_logs"),
         ("netbuilder.ui.training.run_reports", "RunReports", "_on_done"),
         ("netbuilder.ui.training.controls", "TrainingControls", "start"),
         ("netbuilder.ui.training.controls", "TrainingControls", "_on_progress"),
         ("netbuilder.ui.training.coach_banner", "CoachBanner", "show_diagnosis"),
         ("netbuilder.ui.tryit.decision_regions", "DecisionRegions", "paintEvent"),
         ("netbuilder.ui.inspect.health_panel", "HealthPanel", "add_epoch")]


def time_slots() -> dict:
    """Wrap ``SLOTS`` so that each adds its GUI-thread CPU seconds to the returned ``{label: s}`` (nested
    calls count in both); the caller reads and clears it."""
    import functools
    import importlib

    spent, main = {}, threading.main_thread().ident
    for module, cls_name, name in SLOTS:
        cls = getattr(importlib.import_module(module), cls_name)
        f, label = getattr(cls, name), f"{cls_name}.{name}"

        def timed(*a, _f=f, _label=label, **k):
            if threading.get_ident() != main:
                return _f(*a, **k)
            t = time.thread_time()
            try:
                return _f(*a, **k)
            finally:
                spent[_label] = spent.get(_label, 0.0) + time.thread_time() - t

        setattr(cls, name, functools.wraps(f)(timed))
    return spent


def measure(args) -> dict:
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication

    app = QApplication.instance() or QApplication(sys.argv[:1])
    win = make_window()
    ui = setup(win, args)
    settle = time.perf_counter() + 1.0  # the window's first layout and paints are not the run's
    while time.perf_counter() < settle:
        app.processEvents()
        time.sleep(0.005)
    gaps, cpus, ends, last = [], [], [], [time.perf_counter(), time.thread_time()]
    spent, per_turn = (time_slots() if args.slots else None), []

    def tick():
        now, cpu = time.perf_counter(), time.thread_time()
        if spent is not None:  # what ran in this turn
            per_turn.append((cpu - last[1], dict(spent)))
            spent.clear()
        gaps.append(now - last[0])
        cpus.append(cpu - last[1])  # the GUI thread's own CPU time in the gap (the rest: waiting for a core/GIL)
        ends.append(now)
        last[0], last[1] = now, cpu

    timer = QTimer()
    timer.setInterval(args.tick_ms)
    timer.timeout.connect(tick)
    done, stop = [], {}
    ui.controller.finished.connect(lambda r: done.append(r))

    def press_stop():
        # a learner's click waits in the event queue while the loop is blocked: the latency counts
        # from the moment Stop was meant to be pressed, not from when the loop got to it
        stop["pressed"] = t0 + args.stop_after
        worker = ui.controller.worker
        ui.controls.stopButton.click()
        if worker is not None:  # a plain thread waits for the worker's end: no event loop needed
            threading.Thread(target=lambda: (worker.wait(), stop.__setitem__("ended", time.perf_counter())),
                             daemon=True).start()

    r0 = ui.plots.redraws
    t0 = time.perf_counter()
    timer.start()
    last[0], last[1] = time.perf_counter(), time.thread_time()
    ui.controls.start()  # the Train click's own turn counts: a learner's window is frozen during it too
    deadline = t0 + args.timeout
    while not done and time.perf_counter() < deadline:
        app.processEvents()
        if args.stop_after and "pressed" not in stop and time.perf_counter() - t0 >= args.stop_after:
            press_stop()
        time.sleep(0.001)
    secs = time.perf_counter() - t0
    timer.stop()
    g = np.asarray(gaps or [secs]) * 1000
    g_cpu = np.asarray(cpus or [0.0]) * 1000
    c = ui.controller
    result = {"scenario": args.scenario, "seconds": secs, "finished": bool(done),
              "epochs_done": len(c.epochs_done), "batches": len(c.batch_loss),
              "longest_gap_ms": float(g.max()), "p99_ms": float(np.percentile(g, 99)),
              "longest_gap_at_s": float(ends[int(g.argmax())] - t0) if ends else 0.0,
              "longest_gap_cpu_ms": float(g_cpu[int(g.argmax())]), "busiest_gap_cpu_ms": float(g_cpu.max()),
              "redraws_per_s": (ui.plots.redraws - r0) / secs, "load": os.getloadavg()[0],
              "turn_cpu_p99_ms": float(np.percentile(g_cpu, 99)), "turns_over_25ms_cpu": int((g_cpu > 25).sum()),
              "gui_cpu_share": float(g_cpu.sum() / 1000 / secs)}
    if per_turn:
        result["slots"] = per_turn
        result["gaps_ms"] = g.tolist()  # beside the slots: gap i is turn i
    order = np.argsort(-g)[:args.gaps]  # the longest gaps: (ms, ending s after Train, GUI CPU ms in it)
    result["longest_gaps"] = [(float(g[i]), float(ends[i] - t0), float(g_cpu[i])) for i in order] if ends else []
    if "pressed" in stop:
        result["stop_latency_s"] = stop.get("ended", float("nan")) - stop["pressed"]
    if not done:
        c.stop()
    ui.shutdown()
    return result


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("scenario", choices=("w1", "batch1", "long", "bundles", "banner"))
    ap.add_argument("--bundles", type=int, default=2000, help="bundles: how many log bundles")
    ap.add_argument("--epoch-every", type=int, default=1,
                    help="bundles: an epoch ends every N bundles (1: the long run; 59: W1's 469 batches)")
    ap.add_argument("--rows", type=int, default=60000)
    ap.add_argument("--epochs", type=int, default=None, help="w1: 1, batch1: 30")
    ap.add_argument("--tick-ms", type=int, default=10)
    ap.add_argument("--slots", action="store_true",
                    help="w1, batch1, long: also the GUI CPU of each of SLOTS over the run and in the busiest turns")
    ap.add_argument("--stop-after", type=float, default=None, help="seconds before Stop is pressed")
    ap.add_argument("--gaps", type=int, default=0, help="w1, batch1, long: also list the N longest gaps")
    ap.add_argument("--timeout", type=float, default=400.0, help="give up after this many seconds")
    args = ap.parse_args()
    if args.scenario == "w1" and args.epochs is None:
        args.epochs = 1
    if args.scenario == "long" and args.stop_after is None:
        args.stop_after = 60.0
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    if args.scenario == "banner":
        r = measure_banner(args)
        print(f"banner (GUI CPU of show + layout + repaint): no run: first verdict {r['idle_first_ms']:.1f} ms, "
              f"another kind {r['idle_kind_ms']:.1f} ms, hidden {r['idle_hide_ms']:.1f} ms; during a run: first "
              f"{r['run_first_ms']:.1f} ms, another kind {r['run_kind_ms']:.1f} ms, hidden {r['run_hide_ms']:.1f} ms; "
              f"load {r['load']:.1f}")
        return
    if args.scenario == "bundles":
        r = measure_bundles(args)
        print(f"bundles: {r['bundles']} bundles, GUI work per bundle median {r['median_ms']:.1f} ms, "
              f"p99 {r['p99_ms']:.1f} ms, longest {r['longest_ms']:.0f} ms (CPU median {r['cpu_median_ms']:.1f} ms, "
              f"p99 {r['cpu_p99_ms']:.1f} ms, longest {r['cpu_longest_ms']:.0f} ms); {r['redraws']} redraws; "
              f"load {r['load']:.1f}")
        return
    r = measure(args)
    stop = f", Stop latency {r['stop_latency_s']:.2f} s" if "stop_latency_s" in r else ""
    print(f"{r['scenario']}: {r['seconds']:.1f} s, {r['epochs_done']} epochs, {r['batches']} batches, "
          f"{'finished' if r['finished'] else 'NOT finished'}; longest gap {r['longest_gap_ms']:.0f} ms "
          f"(ending {r['longest_gap_at_s']:.1f} s in; GUI CPU in it {r['longest_gap_cpu_ms']:.0f} ms, "
          f"busiest gap's GUI CPU {r['busiest_gap_cpu_ms']:.0f} ms), "
          f"p99 {r['p99_ms']:.1f} ms{stop}; {r['redraws_per_s']:.1f} redraws/s; load {r['load']:.1f}")
    print(f"  GUI CPU per turn (between two ticks): p99 {r['turn_cpu_p99_ms']:.1f} ms, "
          f"{r['turns_over_25ms_cpu']} turns over 25 ms; GUI thread busy {100 * r['gui_cpu_share']:.0f} % of the run")
    if r["longest_gaps"]:
        print("  longest gaps (ms, ending s in, GUI CPU ms): "
              + ", ".join(f"{ms:.0f} at {at:.2f} s ({cpu:.0f})" for ms, at, cpu in r["longest_gaps"]))
    if "slots" in r:
        total = {}
        for _cpu, spent in r["slots"]:
            for k, v in spent.items():
                total[k] = total.get(k, 0.0) + v
        print("  GUI CPU by slot over the run (ms): "
              + ", ".join(f"{k} {1000 * v:.0f}" for k, v in sorted(total.items(), key=lambda kv: -kv[1])))
        for cpu, spent in sorted(r["slots"], key=lambda t: -t[0])[:5]:
            print(f"  busy turn: {1000 * cpu:.0f} ms CPU: "
                  + ", ".join(f"{k} {1000 * v:.0f}" for k, v in sorted(spent.items(), key=lambda kv: -kv[1])))


if __name__ == "__main__":
    main()
