"""How long a project with 200 stored runs takes to open in the window (issue 16: under 2 s).

    QT_QPA_PLATFORM=offscreen nice .venv/bin/python benchmarks/bench_lab_open.py [--runs 200] [--epochs 50]

Writes a copy of the spiral example with ``--runs`` runs of ``--epochs`` epochs each (loss, accuracy and
their validation twins; each run's "changes" line), then opens it in a real ``MainWindow`` with the Lab
installed and times ``open_path`` until the runs table shows every run and the overlay is drawn. Prints
the time of a first and a second open, and the time of reading the run index alone.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, ROOT)
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


def make_project(folder, n_runs, epochs):
    from netbuilder.core.runs import RunRecord, RunStore, runs_folder  # noqa: PLC0415
    from netbuilder.core.runs.store import FORMAT, INDEX  # noqa: PLC0415

    path = os.path.join(folder, "many_runs.nbproj")
    shutil.copyfile(os.path.join(ROOT, "netbuilder", "examples", "playground_spiral.nbproj"), path)
    with open(path, encoding="utf-8") as fh:
        project = json.load(fh)
    settings = {**project["training"], **project["compile"]}
    records = []
    for i in range(n_runs):
        h = {k: [1.0 / (1 + e + i % 7) + (0.05 * e / epochs if k.startswith("val") else 0) for e in range(epochs)]
             for k in ("loss", "accuracy", "val_loss", "val_accuracy")}
        records.append(RunRecord(f"r{i + 1:04d}", f"Run {i + 1}", project["model"], settings, h,
                                 changes=[f"hidden_1: units {64 + i} → {65 + i}"], seconds=3.0, seed=0).to_json())
    folder_runs = runs_folder(path)
    os.makedirs(folder_runs, exist_ok=True)
    with open(os.path.join(folder_runs, INDEX), "w", encoding="utf-8") as fh:
        json.dump({"format": FORMAT, "version": 1, "next": n_runs + 1, "runs": records}, fh)
    t0 = time.perf_counter()
    RunStore(folder_runs)
    return path, time.perf_counter() - t0, os.path.getsize(os.path.join(folder_runs, INDEX))


def main(argv=None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--runs", type=int, default=200)
    p.add_argument("--epochs", type=int, default=50)
    args = p.parse_args(argv)
    from PySide6.QtCore import QSettings  # noqa: PLC0415
    from PySide6.QtWidgets import QApplication, QMessageBox  # noqa: PLC0415

    app = QApplication.instance() or QApplication([])
    from netbuilder.ui.lab import LabFeature  # noqa: PLC0415
    from netbuilder.ui.main_window import MainWindow  # noqa: PLC0415

    tmp = tempfile.mkdtemp(prefix="bench_lab_open_")
    try:
        path, t_index, size = make_project(tmp, args.runs, args.epochs)
        win = MainWindow(QSettings(os.path.join(tmp, "settings.ini"), QSettings.IniFormat))
        win.quiet_errors = True
        win.ask_unsaved = lambda: QMessageBox.Discard
        lab = win.feature("lab") if hasattr(win, "feature") and win.feature("lab") else None
        if lab is None:
            lab = LabFeature()
            lab.install(win)
        win.show()
        app.processEvents()
        for attempt in ("first", "second"):
            if attempt == "second":
                win.open_example("playground_spiral")
                app.processEvents()
            t0 = time.perf_counter()
            assert win.open_path(path)
            while lab.widget.model.rowCount() != args.runs:
                app.processEvents()
            app.processEvents()
            print(f"{attempt} open of a project with {args.runs} runs of {args.epochs} epochs: "
                  f"{time.perf_counter() - t0:.3f} s")
        print(f"reading the run index alone ({size / 1024:.0f} KiB): {t_index:.3f} s")
        win.close()
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
