"""Soak test of the real window under offscreen Qt: repeated edit / train / stop / evaluate cycles.

    QT_QPA_PLATFORM=offscreen .venv/bin/python benchmarks/soak_window.py [--minutes 30]

Each cycle: change a layer's units (undoable edit), train on playground spirals (stopped after a few
batches every other cycle, otherwise run to the end), evaluate on the test set (the Evaluate button:
its own thread), autosave, undo the edit. Prints RSS and thread count at the start, after the first cycle, every minute, and at the
end, then checks the bounds (exit status 1 when exceeded):

- RSS growth after the first cycle (the baseline: caches, BLAS threads, first plots) < ``--rss-mib``
  (default 50 MiB);
- the thread count at the end is back to the baseline (no leaked training/loader threads).
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import threading
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))


def proc_status() -> tuple[float, int]:
    """(RSS in MiB, OS threads of this process) from /proc/self/status."""
    rss, threads = 0.0, threading.active_count()
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                rss = int(line.split()[1]) / 1024
            elif line.startswith("Threads:"):
                threads = int(line.split()[1])
    except OSError:
        import resource

        rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return rss, threads


class SoakSession:
    """The real window on playground spirals, and the soak's edit / train / evaluate cycle.

    ``cycle(i, skip)`` runs one cycle; ``skip`` may hold ``"edit"`` (no inspector edit and undo)
    and ``"eval"`` (no evaluation), which ``leak_bisect.py`` switches off.
    """

    def __init__(self):
        from PySide6.QtCore import QSettings
        from PySide6.QtWidgets import QApplication, QMessageBox

        self.app = QApplication.instance() or QApplication([])
        from netbuilder.ui.main_window import MainWindow
        from netbuilder.ui.training import data_sources as S

        self.tmp = tempfile.TemporaryDirectory()
        win = self.win = MainWindow(QSettings(str(Path(self.tmp.name) / "soak.ini"), QSettings.IniFormat))
        win.quiet_errors = True
        win.ask_unsaved = lambda: QMessageBox.Discard
        win.show()
        ui = self.ui = win.training_ui
        self.c = ui.controller
        ui.controls.ask_continue = lambda: False
        assert win.open_path(win.examples_dir() / "playground_spiral.nbproj", as_example=True)
        ui.dataset_panel.set_data(S.load("playground:spirals", {"samples": 400}))
        if "fix_input" in ui.dataset_panel.fix_buttons:
            ui.dataset_panel.fix_buttons["fix_input"].click()
        ui.config_panel.apply_settings({"epochs": 4, "batch_size": 16})
        win.undo_stack.setClean()
        self.dense = [n for n, node in win.doc.nodes.items()
                      if node.class_name == "Dense" and n not in win.doc.outputs]
        self.evaluations = []
        self.c.evaluated.connect(self.evaluations.append)

    def pump(self, seconds):
        from PySide6.QtCore import QEventLoop

        end = time.perf_counter() + seconds
        while time.perf_counter() < end:
            self.app.processEvents(QEventLoop.AllEvents, 20)
            time.sleep(0.002)

    def wait_idle(self, limit=120.0):
        from PySide6.QtCore import QEventLoop

        end = time.perf_counter() + limit
        while self.c.running or self.c.state != "idle":
            if time.perf_counter() > end:
                raise RuntimeError("a run did not end")
            self.app.processEvents(QEventLoop.AllEvents, 20)
            time.sleep(0.002)

    def cycle(self, i, skip=frozenset()):
        win, ui, c = self.win, self.ui, self.c
        if "edit" not in skip:
            win.scene.select_names([self.dense[i % len(self.dense)]])
            editor = win.inspector.editors["units"]
            editor.setValue(editor.value() + 1)
        if not ui.controls.start():
            raise RuntimeError(f"cycle {i}: Train refused: {ui.controls.statusLabel.text()}")
        if i % 2 == 0:
            self.pump(0.15)
            ui.controls.stopButton.click() if ui.controls.stopButton.isEnabled() else None
        self.wait_idle()
        if c.last_result.get("error"):
            raise RuntimeError(f"cycle {i}: {c.last_result['error']}")
        if "eval" not in skip:  # as a user does: the button, which evaluates in its own thread
            self.evaluations.clear()
            ui.evaluation.evaluateButton.click()
            self.wait_idle()
            if not self.evaluations or "logs" not in self.evaluations[-1]:
                raise RuntimeError(f"cycle {i}: evaluation failed: {ui.evaluation.resultLabel.text()}")
        win.recovery.autosave(force=True)
        if "edit" not in skip:
            win.undo_stack.undo()
        self.pump(0.05)

    def close(self):
        self.win.undo_stack.setClean()
        self.win.close()
        self.tmp.cleanup()


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--minutes", type=float, default=30.0, help="duration (default 30)")
    ap.add_argument("--rss-mib", type=float, default=50.0, help="allowed RSS growth after the first cycle")
    args = ap.parse_args(argv)

    from PySide6.QtCore import QCoreApplication, QTimer

    session = SoakSession()
    cycle = session.cycle
    t0 = time.perf_counter()
    rss0, thr0 = proc_status()
    print(f"start: RSS {rss0:.1f} MiB, threads {thr0}", flush=True)
    cycle(0)
    QCoreApplication.sendPostedEvents()
    base_rss, base_thr = proc_status()
    print(f"after first cycle (baseline): RSS {base_rss:.1f} MiB, threads {base_thr}", flush=True)
    n, next_report, peak = 1, t0 + 60, base_rss
    while time.perf_counter() - t0 < args.minutes * 60:
        cycle(n)
        n += 1
        rss, thr = proc_status()
        peak = max(peak, rss)
        if time.perf_counter() >= next_report:
            print(f"{(time.perf_counter() - t0) / 60:5.1f} min: {n} cycles, RSS {rss:.1f} MiB "
                  f"(+{rss - base_rss:.1f}), threads {thr}", flush=True)
            next_report += 60
    session.pump(0.3)
    rss, thr = proc_status()
    growth = rss - base_rss
    print(f"end after {(time.perf_counter() - t0) / 60:.1f} min, {n} cycles: RSS {rss:.1f} MiB "
          f"(+{growth:.1f} MiB over the baseline, peak {peak:.1f}), threads {thr} (baseline {base_thr})",
          flush=True)
    session.close()
    ok = growth < args.rss_mib and thr <= base_thr
    print(f"bounds: RSS growth < {args.rss_mib:.0f} MiB: {'ok' if growth < args.rss_mib else 'EXCEEDED'}; "
          f"threads back to baseline: {'ok' if thr <= base_thr else 'EXCEEDED'}", flush=True)
    QTimer.singleShot(0, session.app.quit)
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
