"""The tutorial examples through the window's own path, next to the book's numbers (issue 15).

    QT_QPA_PLATFORM=offscreen .venv/bin/python benchmarks/bench_examples_window.py [NAME ...] [--shared DIR]

For each example (default: mnist_dense imdb_dense reuters_dense boston_dense): a fresh ``MainWindow``
opens it as a learner would (Examples menu → ``open_example``), one click on Train (which loads the
project's dataset itself with the example's preparation and validation scheme), then Evaluate on the
test set; printed: the validation scheme the form showed, the seconds of the run, the last epoch's logs
(a K-fold run's mean ± std), the test-set logs, and the window's own "the book" line. The real files
come from ``--shared`` (``../shared/datasets``), installed into a private Keras cache through the
"I already have the file" route (``core.datasets.local_copies``), so nothing is downloaded.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

CASE_FILES = {"mnist": "mnist", "imdb": "imdb/imdb.npz", "reuters": "reuters/reuters.npz",
              "boston_housing": "boston_housing/boston_housing.npz"}


def install(shared: Path) -> None:
    from netbuilder.core.datasets import local_copies

    for case, rel in CASE_FILES.items():
        src = shared / rel
        if src.exists():
            check = local_copies.check_copy(case, str(src))
            local_copies.install_copy(check, accept_mismatch=True)


def run(app, name: str) -> dict:
    from PySide6.QtCore import QSettings

    from netbuilder.ui.main_window import MainWindow

    win = MainWindow(QSettings(os.path.join(tempfile.mkdtemp(), "bench.ini"), QSettings.IniFormat))
    win.quiet_errors = True
    win.show()
    assert win.open_example(name), win.last_error
    ui = win.training_ui
    ui.controls.ask_continue = lambda: False
    s = ui.config_panel.settings()
    scheme = {"mode": s["validation_mode"], "split": s["validation_split"], "samples": s["validation_samples"],
              "k": s["k_folds"]}
    done, evaluated = [], []
    ui.controller.finished.connect(done.append)
    ui.controller.evaluated.connect(evaluated.append)
    t0 = time.perf_counter()
    ui.controls.trainButton.click()
    while not done and time.perf_counter() - t0 < 3600:
        app.processEvents()
        time.sleep(0.002)
    seconds = time.perf_counter() - t0
    result = done[0] if done else {"error": "timeout"}
    out = {"example": name, "scheme": scheme, "seconds": round(seconds, 1), "error": result.get("error"),
           "train_samples": len(ui.controller.data.x_train) if ui.controller.data is not None else None}
    kf = result.get("kfold")
    if kf and kf.get("summary"):
        out["kfold"] = {k: [round(m, 4), round(sd, 4)] for k, (m, sd) in kf["summary"].items()}
    else:
        out["last_epoch"] = {k: round(v[-1], 4) for k, v in (result.get("history") or {}).items() if v}
    ui.evaluation.evaluate_in_background()
    t1 = time.perf_counter()
    while not evaluated and time.perf_counter() - t1 < 600:
        app.processEvents()
        time.sleep(0.002)
    if evaluated and "logs" in evaluated[0]:
        out["test"] = {k: round(float(v), 4) for k, v in evaluated[0]["logs"].items()}
    out["book_line"] = ui.evaluation.bookLabel.text()
    ui.shutdown()
    win.undo_stack.setClean()
    win.close()
    win.deleteLater()
    app.processEvents()
    return out


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("names", nargs="*", default=["mnist_dense", "imdb_dense", "reuters_dense", "boston_dense"])
    ap.add_argument("--shared", default=str(ROOT.parent / "shared" / "datasets"))
    args = ap.parse_args()
    os.environ["KERAS_HOME"] = tempfile.mkdtemp(prefix="keras_home_")
    install(Path(args.shared))
    from PySide6.QtWidgets import QApplication

    app = QApplication.instance() or QApplication(sys.argv[:1])
    for name in args.names:
        print(json.dumps(run(app, name), ensure_ascii=False), flush=True)


if __name__ == "__main__":
    main()
