"""Honest progress (issue 20): the bar covers the whole run (every epoch of every fold), the totals are the
run's ("fold 3/4 — epoch 19/0" before), and the ETA is never negative."""

import numpy as np

from netbuilder.ui.training.controller import TrainingData

from .conftest import dense_config, set_run


def _regression(n=61, seed=0):
    rng = np.random.default_rng(seed)
    x = rng.normal(size=(n, 3)).astype("float32")
    y = (x @ np.array([1.5, -2.0, 0.5], "float32"))[:, None]
    return TrainingData("reg", x, y, x[:10], y[:10], "regression")


def test_kfold_progress_counts_the_whole_run(qtbot, training_window):
    _win, ui = training_window
    set_run(ui, dense_config(3, [8], 1, "linear"), _regression(), epochs=3, batch_size=8, seed=1,
            validation_mode="kfold", k_folds=3)
    reports, formats = [], []
    c, bar = ui.controller, ui.controls.trainingProgress

    def seen(p):
        reports.append(dict(p))
        formats.append((bar.value(), bar.maximum(), bar.format()))

    c.progress.connect(seen)
    with qtbot.waitSignal(c.finished, timeout=30000):
        assert ui.controls.start()
    steps = 6  # 41 training samples of each fold at batch 8
    total = 3 * 3 * steps
    assert reports and all(p["epochs"] == 3 and p["steps"] == steps and p["total"] == total for p in reports)
    assert all(p["eta"] is None or p["eta"] >= 0 for p in reports)
    done = [p["done"] for p in reports]
    assert done == sorted(done) and done[-1] == total
    last_fold = [f for (v, m, f) in formats if f.startswith("fold 3/3")]
    assert last_fold and all("epoch 0/" not in f and "/0 " not in f and "-" not in f.split("ETA")[-1]
                             for f in last_fold), last_fold
    value, maximum, text = formats[-1]
    assert (value, maximum) == (total, total) and "epoch 3/3" in text and "100 %" in text


def test_a_burst_of_progress_reports_paints_the_bar_once_then_the_last(qtbot, training_window):
    """Bundles come up to 20 times a second; each report laid out and painted the bar anew. At most one
    paint per PROGRESS_INTERVAL_S, and the burst's last report is shown once the interval ends."""
    _win, ui = training_window
    bar, controls = ui.controls.trainingProgress, ui.controls
    painted = []
    real = controls._show_progress
    controls._show_progress = lambda p: (painted.append(p["batch"]), real(p))
    for b in range(1, 11):
        ui.controller.progress.emit({"epoch": 1, "epochs": 2, "batch": b, "steps": 20, "done": b, "total": 40,
                                     "eta": 5.0})
    assert painted == [1] and "batch 1/20" in bar.format()
    qtbot.waitUntil(lambda: "batch 10/20" in bar.format(), timeout=5000)
    assert painted == [1, 10]
    ui.controller.progress.emit({"epoch": 2, "epochs": 2, "batch": 20, "steps": 20, "done": 40, "total": 40,
                                 "eta": 0.0})
    assert "100 %" in bar.format()  # the run's last batch: at once
