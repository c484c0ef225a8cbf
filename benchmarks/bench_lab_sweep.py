"""A Lab sweep against the same runs one by one (issue 16: 5 runs within 5 single runs' time + 10 %).

    QT_QPA_PLATFORM=offscreen nice .venv/bin/python benchmarks/bench_lab_sweep.py [--epochs 100] [--repeat 2]
        [--lab-in-front]

Opens the spiral example (the window's default example) in a real ``MainWindow`` with the Lab, on its
400 samples, and times (a) five runs started one after another as a learner would press Train, the next
as soon as the previous finished, and (b) a Lab sweep of five learning rates (0.003 … 0.0034: the same work
per run). Both go through the same controller, worker and plots; the sweep also keeps every run (record
and model file). A 5 ms QTimer measures the longest gap of the GUI thread's event loop during each, with the
GUI thread's CPU time in that gap and in the busiest gap (comparable on a loaded machine). The window opens with
the Training tab in front of the Lab's, whose overlay is then drawn only when shown; ``--lab-in-front`` brings
the Lab's tab to the front (its overlay drawn live, run by run, as a learner watching it sees it).
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, ROOT)
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

VALUES = "0.003, 0.0031, 0.0032, 0.0033, 0.0034"


class Stall:
    """The longest interval between two ticks of a 5 ms timer (the GUI thread's longest stall), and the GUI
    thread's own CPU time (``time.thread_time()``) spent in that interval and in the busiest one: on a loaded
    machine the wall-clock gap also counts the time the thread waited for a core or for the GIL."""

    def __init__(self):
        from PySide6.QtCore import QTimer  # noqa: PLC0415

        self.timer = QTimer()
        self.timer.setInterval(5)
        self.timer.timeout.connect(self._tick)
        self.last = self.last_cpu = None
        self.worst, self.worst_cpu, self.busiest_cpu = 0.0, 0.0, 0.0

    def _tick(self):
        now, cpu = time.perf_counter(), time.thread_time()
        if self.last is not None:
            if now - self.last > self.worst:
                self.worst, self.worst_cpu = now - self.last, cpu - self.last_cpu
            self.busiest_cpu = max(self.busiest_cpu, cpu - self.last_cpu)
        self.last, self.last_cpu = now, cpu

    def start(self):
        self.last = self.last_cpu = None
        self.worst, self.worst_cpu, self.busiest_cpu = 0.0, 0.0, 0.0
        self.timer.start()

    def stop(self) -> float:
        self.timer.stop()
        return self.worst


def main(argv=None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--epochs", type=int, default=100)
    p.add_argument("--repeat", type=int, default=2)
    p.add_argument("--lab-in-front", action="store_true", help="the Lab's tab in front (its overlay drawn)")
    args = p.parse_args(argv)
    from PySide6.QtCore import QSettings  # noqa: PLC0415
    from PySide6.QtWidgets import QApplication, QMessageBox  # noqa: PLC0415

    app = QApplication.instance() or QApplication([])
    from netbuilder.core.runs.sweep import SweepTarget  # noqa: PLC0415
    from netbuilder.ui.lab import LabFeature  # noqa: PLC0415
    from netbuilder.ui.main_window import MainWindow  # noqa: PLC0415
    from netbuilder.ui.training import data_sources as S  # noqa: PLC0415

    tmp = tempfile.mkdtemp(prefix="bench_lab_sweep_")
    try:
        win = MainWindow(QSettings(os.path.join(tmp, "settings.ini"), QSettings.IniFormat))
        win.quiet_errors = True
        win.ask_unsaved = lambda: QMessageBox.Discard
        lab = win.feature("lab") if hasattr(win, "feature") and win.feature("lab") else None
        if lab is None:
            lab = LabFeature()
            lab.install(win)
        win.show()
        if args.lab_in_front:
            lab.dock.raise_()
        ui, c = win.training_ui, win.training_ui.controller
        project = os.path.join(tmp, "spiral.nbproj")  # a copy: its runs go beside it, not into the package
        shutil.copyfile(os.path.join(ROOT, "netbuilder", "examples", "playground_spiral.nbproj"), project)
        assert win.open_path(project)
        ui.dataset_panel.set_data(S.load("playground:spirals", {"samples": 400, "noise": 0.1}))
        ui.config_panel.apply_settings({"epochs": args.epochs, "seed": 0})
        ui.controls.ask_continue = lambda: False
        stall = Stall()

        def single_runs():
            for _ in range(5):
                done = []
                slot = lambda *_, done=done: done.append(1)  # noqa: E731
                c.finished.connect(slot)
                assert ui.controls.start()
                while not done or c.state != "idle":
                    app.processEvents()
                c.finished.disconnect(slot)

        def sweep():
            ended = []
            slot = lambda s: ended.append(s)  # noqa: E731
            lab.runner.ended.connect(slot)
            assert lab.run_sweep(SweepTarget("learning_rate"), VALUES)
            while not ended:
                app.processEvents()
            lab.runner.ended.disconnect(slot)

        for i in range(args.repeat):
            for name, fn in (("5 single runs", single_runs), ("sweep of 5", sweep)):
                stall.start()
                t0 = time.perf_counter()
                fn()
                dt = time.perf_counter() - t0
                worst = stall.stop()
                print(f"[{i + 1}] {name:<14} {dt:7.2f} s   longest GUI stall {worst * 1000:5.0f} ms "
                      f"(GUI CPU in it {stall.worst_cpu * 1000:4.0f} ms; busiest gap's GUI CPU "
                      f"{stall.busiest_cpu * 1000:4.0f} ms; load {os.getloadavg()[0]:.1f})", flush=True)
        print(f"runs kept by the lab: {len(lab.store.records)} (Lab's tab in front: "
              f"{not lab.widget.plot.unseen})")
        win.close()
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
