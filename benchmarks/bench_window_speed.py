"""Is training in the window as fast as headless? The W1 run both ways, alternating (issue 21).

    QT_QPA_PLATFORM=offscreen .venv/bin/python benchmarks/bench_window_speed.py --rounds 3 --epochs 3
    QT_QPA_PLATFORM=offscreen .venv/bin/python benchmarks/bench_window_speed.py --rows 12000 --epochs 2  # quick

W1: 784-512-10 (relu, softmax), rmsprop (learning rate 0.001), batch 128, categorical cross-entropy
with accuracy, ``--rows`` synthetic MNIST-shaped rows (60,000), ``--epochs`` epochs, no validation.

Each round runs it once headless (a plain ``model.fit`` on the main thread, the window idle) and
once in the real ``MainWindow`` (built as ``bench_ui_stall.py`` builds it: canvas, inspector, Try-it,
plots, coach; Start pressed, the app's event loop ``QEventLoop.exec()`` running until the run has
finished). Printed, for each: the per-epoch median seconds over every epoch of every round (all
epochs count: the thread tuner's probes fall in the first), their ratio (target: window within
10 % of headless on a quiet machine), CPU seconds per epoch of the training thread
(``time.thread_time()`` in a callback inside ``fit``), of the GUI thread (its ``thread_time()``
over the run, per epoch) and of the whole process (BLAS's threads included), the longest gap
between two ticks of a 10 ms ``QTimer`` on the GUI thread during the window's runs (target:
under 50 ms), and the thread tuner's choices (``netbuilder.core.threads``) per run. Per window run
also: the bundles the GUI handled and the plots' redraws per second, the seconds per epoch the
training thread waited for the GUI (``TrainingWorker.gui_wait_s``), the GUI thread's CPU per epoch
and the tuner's whole log (pN probe at N threads, cN chose N, kN kept N).

``--ab wait share bundles`` adds window runs per round with previous rules, reported apart: ``wait``,
long batches wait for the GUI before each bundle (they now hold their logs and train on); ``share``,
the plots redraw at their share of the GUI thread even while BLAS fills every core (they now take
half); ``bundles``, 20 bundles a second at most then too (now 10).
"""

from __future__ import annotations

import argparse
import contextlib
import os
import statistics
import sys
import time

import numpy as np

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))  # bench_ui_stall, beside this file

from bench_ui_stall import W1_CONFIG, make_window, setup  # noqa: E402

from netbuilder.core import threads  # noqa: E402
from netbuilder.core.callbacks import Callback  # noqa: E402
from netbuilder.ui.training import worker  # noqa: E402


class EpochClock(Callback):
    """Wall seconds, calling-thread CPU seconds and process CPU seconds of every epoch."""

    def __init__(self):
        super().__init__()
        self.seconds, self.thread_cpu, self.process_cpu = [], [], []

    def on_epoch_begin(self, epoch, logs=None):
        self._t, self._c, self._p = time.perf_counter(), time.thread_time(), time.process_time()

    def on_epoch_end(self, epoch, logs=None):
        self.seconds.append(time.perf_counter() - self._t)
        self.thread_cpu.append(time.thread_time() - self._c)
        self.process_cpu.append(time.process_time() - self._p)

    def on_train_end(self, logs=None):
        self.tasks_end = task_cpu()  # while the training thread still exists


class TunerSpy:
    """Keeps every thread tuner ``fit`` makes, to report its choices."""

    def __init__(self):
        self.made = []
        self._real = threads.tuner_for_fit
        threads.tuner_for_fit = self._make

    def _make(self):
        tuner = self._real()
        self.made.append(tuner)
        return tuner

    def last_choices(self) -> str:
        tuner = self.made[-1] if self.made else None
        if tuner is None:
            return "tuner off"
        return "→".join(str(n) for action, n in tuner.log if action == "chose") or "still probing"

    def last_log(self) -> str:
        """The last tuner's whole log: pN probe at N threads, cN chose N, kN kept N (see threads.py)."""
        tuner = self.made[-1] if self.made else None
        return " ".join(f"{action[0]}{n}" for action, n in tuner.log) if tuner is not None else "tuner off"


def w1_data(rows: int):
    """The rows ``bench_ui_stall.setup`` gives the window (same seed)."""
    rng = np.random.default_rng(0)
    x = rng.random((rows, 784), dtype=np.float32)
    y = np.eye(10, dtype=np.float32)[rng.integers(0, 10, rows)]
    return x, y


def run_headless(x, y, epochs: int) -> EpochClock:
    from netbuilder.core import optimizers, utils
    from netbuilder.core.models import model_from_config

    utils.set_random_seed(0)
    model = model_from_config(W1_CONFIG)
    model.compile(optimizer=optimizers.RMSprop(learning_rate=0.001), loss="categorical_crossentropy",
                  metrics=["accuracy"])
    clock = EpochClock()
    model.fit(x, y, batch_size=128, epochs=epochs, shuffle=True, verbose=0, callbacks=[clock])
    return clock


def run_window(app, ui, clocks: list, timeout_s: float) -> dict:
    """Press Start and run the event loop until the run has finished; the GUI thread's CPU and the
    longest gap between two 10 ms timer ticks meanwhile."""
    from PySide6.QtCore import QEventLoop, QTimer

    loop = QEventLoop()
    gaps, last = [], [0.0]

    def tick():
        now = time.perf_counter()
        gaps.append(now - last[0])
        last[0] = now

    timer = QTimer()
    timer.setInterval(10)
    timer.timeout.connect(tick)
    finished, bundles = [], []
    ui.controller.finished.connect(loop.quit)
    ui.controller.finished.connect(finished.append)
    ui.controller.logsHandled.connect(count := lambda: bundles.append(1))
    before = len(clocks)

    def start():
        last[0] = time.perf_counter()
        timer.start()
        if not ui.controls.start():
            loop.quit()

    QTimer.singleShot(0, start)
    QTimer.singleShot(int(timeout_s * 1000), loop.quit)
    cpu0, tasks0, redraws0 = time.thread_time(), task_cpu(), ui.plots.redraws
    loop.exec()
    gui_cpu = time.thread_time() - cpu0
    tasks = busiest(tasks0, {**task_cpu(), **getattr(clocks[-1], "tasks_end", {})} if clocks else task_cpu())
    timer.stop()
    ui.controller.finished.disconnect(loop.quit)
    ui.controller.finished.disconnect(finished.append)
    ui.controller.logsHandled.disconnect(count)
    settle(app, 0.5)  # the run's end (reports, repaints) is not the next round's
    if not finished or len(clocks) == before:
        raise SystemExit(f"the window's run did not finish within {timeout_s:.0f} s")
    return {"clock": clocks[-1], "gui_cpu": gui_cpu, "longest_gap": max(gaps, default=0.0), "threads": tasks,
            "bundles": len(bundles), "gui_wait": ui.controller.worker.gui_wait_s, "redraws": ui.plots.redraws - redraws0}


def task_cpu() -> dict:
    """``{(tid, name): CPU seconds}`` of every thread of this process (Linux; empty elsewhere)."""
    out, tick = {}, os.sysconf("SC_CLK_TCK") if hasattr(os, "sysconf") else 100
    try:
        tids = os.listdir("/proc/self/task")
    except OSError:
        return out
    for tid in tids:
        try:
            with open(f"/proc/self/task/{tid}/stat") as f:
                stat = f.read()
        except OSError:
            continue
        name = stat[stat.index("(") + 1:stat.rindex(")")]
        fields = stat[stat.rindex(")") + 2:].split()
        out[(int(tid), name)] = (int(fields[11]) + int(fields[12])) / tick  # utime + stime
    return out


def busiest(before: dict, after: dict, n: int = 5) -> str:
    """The ``n`` threads that used the most CPU between two :func:`task_cpu` snapshots."""
    used = sorted(((cpu - before.get(key, 0.0), key) for key, cpu in after.items()), reverse=True)[:n]
    return ", ".join(f"{name}[{tid}] {cpu:.2f} s" for cpu, (tid, name) in used if cpu > 0)


def settle(app, seconds: float) -> None:
    from PySide6.QtCore import QEventLoop, QTimer

    loop = QEventLoop()
    QTimer.singleShot(int(seconds * 1000), loop.quit)
    loop.exec()


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--rows", type=int, default=60000)
    ap.add_argument("--epochs", type=int, default=3)
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--timeout", type=float, default=600.0, help="seconds one window run may take")
    ap.add_argument("--ab", nargs="+", default=[], choices=list(VARIANTS),
                    help="also run the window, each round, with these previous rules: " + "; ".join(
                        f"{k}: {v[0]}" for k, v in VARIANTS.items()))
    args = ap.parse_args()
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtWidgets import QApplication

    spy = TunerSpy()
    app = QApplication.instance() or QApplication(sys.argv[:1])
    win = make_window()
    ui = setup(win, argparse.Namespace(scenario="w1", rows=args.rows, epochs=args.epochs))
    clocks: list[EpochClock] = []
    ui.controller.run_callbacks.append(lambda: clocks.append(EpochClock()) or clocks[-1])
    ui.controller.run_callbacks[:] = [kept(make) for make in ui.controller.run_callbacks]
    settle(app, 1.0)  # the window's first layout and paints
    x, y = w1_data(args.rows)
    user = threads.user_thread_count()
    print(f"W1 {args.rows} rows, {args.epochs} epochs, {args.rounds} rounds; {threads.available_cores()} cores; "
          f"BLAS threads {threads.BlasLimiter().current()}; "
          f"{'user thread count ' + str(user) if user else 'thread tuner ' + ('on' if threads.ENABLED else 'off')}; "
          f"load {os.getloadavg()[0]:.2f}")
    head, wind, variants = [], [], {key: [] for key in args.ab}
    for r in range(args.rounds):
        h = run_headless(x, y, args.epochs)
        head.append((h, spy.last_choices()))
        print(f"round {r + 1}: headless epochs {fmt(h.seconds)} s (tuner {spy.last_log()}); load {os.getloadavg()[0]:.2f}")
        for key, runs in [(None, wind)] + list(variants.items()):
            owner, name, value = VARIANTS[key][1](ui) if key else (None, None, None)
            del RUN_CALLBACKS[:]
            with patched(owner, name, value):
                w = run_window(app, ui, clocks, args.timeout)
            runs.append((w, spy.last_choices()))
            show_window_run(f"window, {key}" if key else "window", w, spy.last_log())
    report(head, wind)
    for key, runs in variants.items():
        print(f"A/B, {key}: {VARIANTS[key][0]}")
        report(head, runs)
    ui.shutdown()


#: the callbacks the window's features added to the latest run (the inspect feature's recorders)
RUN_CALLBACKS: list = []


def kept(make):
    """``make`` (a ``run_callbacks`` entry) that also keeps what it makes in ``RUN_CALLBACKS``."""
    def made():
        RUN_CALLBACKS.append(make())
        return RUN_CALLBACKS[-1]
    return made


def recorders_cpu() -> str:
    """Seconds each recorder the window adds to a run spent inside it (``_Quiet.spent``), last run."""
    spent = [(type(getattr(cb, "inner", cb)).__name__, cb.spent) for cb in RUN_CALLBACKS if hasattr(cb, "spent")]
    return ", ".join(f"{name} {s:.3f} s" for name, s in spent) or "none"


def waiting_rule(bridge, now: float) -> bool:
    """The worker's rule before it held long batches' logs: a bundle every BATCH_EMIT_INTERVAL,
    after waiting for the GUI (``--ab wait``)."""
    return now - bridge._last_emit >= worker.BATCH_EMIT_INTERVAL


#: ``--ab`` variants: what each restores, and ``ui -> (owner, attribute, value)`` to patch for a run
VARIANTS = {
    "wait": ("long batches wait for the GUI before each bundle (the worker's rule before 2026-12-07)",
             lambda ui: (worker._Bridge, "_due", waiting_rule)),
    "share": ("the plots' redraw share whatever training does (no busy_share while BLAS fills every core)",
              lambda ui: (ui.plots._pace, "cores_busy", lambda: False)),
    "bundles": ("a bundle every BATCH_EMIT_INTERVAL whatever training does (no BUSY_EMIT_FACTOR)",
                lambda ui: (worker, "BUSY_EMIT_FACTOR", 1)),
    "quarter": ("the plots' redraw share a quarter of GUI_SHARE (not half) while BLAS fills every core",
                lambda ui: (ui.plots._pace, "busy_share", ui.plots._pace.share / 4)),
}


@contextlib.contextmanager
def patched(owner, name: str, value):
    """``owner.name = value`` inside the block (``value`` None: left as it is)."""
    if value is None:
        yield
        return
    before = getattr(owner, name)
    setattr(owner, name, value)
    try:
        yield
    finally:
        setattr(owner, name, before)


def show_window_run(label: str, w: dict, tuner_log: str) -> None:
    run_s = sum(w["clock"].seconds)
    n = max(1, len(w["clock"].seconds))
    print(f"  {label}: epochs {fmt(w['clock'].seconds)} s, longest gap {w['longest_gap'] * 1000:.0f} ms; "
          f"{w['bundles']} bundles ({w['bundles'] / run_s:.1f}/s), {w['redraws'] / run_s:.1f} redraws/s; "
          f"worker waited {w['gui_wait'] / n:.3f} s/epoch for the GUI; GUI CPU {w['gui_cpu'] / n:.3f} s/epoch "
          f"({w['gui_cpu'] / run_s:.3f} s/s); "
          f"tuner {tuner_log}; load {os.getloadavg()[0]:.2f}")
    print(f"    busiest threads: {w['threads']}; the window's recorders in the training thread: {recorders_cpu()}")


def fmt(values) -> str:
    return "[" + ", ".join(f"{v:.2f}" for v in values) + "]"


def report(head, wind) -> None:
    """The summary lines: medians over every epoch of every round (GUI CPU: per run, per epoch)."""
    med = statistics.median

    def epochs_of(clocks, attr):
        return [v for c in clocks for v in getattr(c, attr)]

    hc, wc = [c for c, _ in head], [w["clock"] for w, _ in wind]
    h_med, w_med = med(epochs_of(hc, "seconds")), med(epochs_of(wc, "seconds"))
    print(f"epoch median: headless {h_med:.3f} s, window {w_med:.3f} s, ratio {w_med / h_med:.3f}")
    print(f"training thread CPU per epoch: headless {med(epochs_of(hc, 'thread_cpu')):.3f} s, "
          f"window {med(epochs_of(wc, 'thread_cpu')):.3f} s")
    print(f"process CPU per epoch: headless {med(epochs_of(hc, 'process_cpu')):.3f} s, "
          f"window {med(epochs_of(wc, 'process_cpu')):.3f} s")
    gui = [w["gui_cpu"] / max(1, len(w["clock"].seconds)) for w, _ in wind]
    print(f"GUI thread CPU per epoch (window; its CPU over the whole run / epochs): {med(gui):.3f} s")
    gaps = [w["longest_gap"] * 1000 for w, _ in wind]
    print(f"longest event-loop gap: {max(gaps):.0f} ms (per round: {', '.join(f'{g:.0f}' for g in gaps)} ms)")
    print(f"tuner choices: headless {[c for _, c in head]}, window {[c for _, c in wind]}; "
          f"load {os.getloadavg()[0]:.2f}")


if __name__ == "__main__":
    main()
