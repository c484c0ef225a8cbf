"""K-fold cross-validation in the training window: folds, mean curves, summary, Stop, settings round trip."""


import numpy as np
import pytest

from netbuilder.core.datasets.preprocessing import k_fold_splits
from netbuilder.ui.project import Project, load_project, save_project
from netbuilder.ui.training import kfold as KF
from netbuilder.ui.training.config_panel import TrainingConfigPanel
from netbuilder.ui.training.controller import TrainingData

from .conftest import Gate, dense_config, gated, set_run


def _regression(n=61, d=3, seed=0):
    rng = np.random.default_rng(seed)
    x = rng.normal(size=(n, d)).astype("float32")
    y = (x @ np.array([1.5, -2.0, 0.5], "float32") + 0.1 * rng.normal(size=n).astype("float32"))[:, None]
    return TrainingData("reg", x, y, x[:10], y[:10], "regression")


def test_fold_arrays_are_the_core_helper_slices():
    data = _regression(n=61)
    folds = KF.fold_arrays(data.x_train, data.y_train, 3)
    for (xt, yt, xv, yv), (tr, va) in zip(folds, k_fold_splits(61, 3)):
        np.testing.assert_array_equal(xv, data.x_train[va])
        np.testing.assert_array_equal(yt, data.y_train[tr])
        assert len(xv) == 20 and len(xt) == 41


def test_mean_and_summary_helpers():
    hs = [{"loss": [3.0, 2.0], "val_loss": [4.0, 2.0]}, {"loss": [1.0, 1.0], "val_loss": [2.0, 4.0]},
          {"loss": [2.0], "val_loss": [6.0]}]  # the last fold was cut short
    assert KF.mean_curves(hs)["val_loss"] == [4.0, 3.0]
    s = KF.final_summary(hs)
    assert s["val_loss"][0] == pytest.approx(4.0) and s["val_loss"][1] == pytest.approx(np.std([2, 4, 6]))
    assert KF.format_summary(s).startswith("val_loss 4 ± ")


def test_three_fold_run_reports_the_mean_of_its_folds(qtbot, training_window):
    _win, ui = training_window
    data = _regression()
    set_run(ui, dense_config(3, [8], 1, "linear"), data, epochs=3, batch_size=8, seed=1,
            validation_mode="kfold", k_folds=3)
    assert ui.config_panel.kFoldSpin.isEnabled() and not ui.config_panel.validationSplitSpin.isEnabled()
    c = ui.controller
    folds_seen = []
    c.progress.connect(lambda p: folds_seen.append(p.get("fold")))
    with qtbot.waitSignal(c.finished, timeout=30000) as blocker:
        assert ui.controls.start()
    result = blocker.args[0]
    assert result["error"] is None and not result["stopped"]
    assert len(result["folds"]) == 3 and len(c.fold_histories) == 3
    assert sorted(set(folds_seen)) == [1, 2, 3]
    for h in c.fold_histories:
        assert len(h["val_loss"]) == 3 and any(k.startswith("val_") and k != "val_loss" for k in h)
    # each fold validated on the core helper's slice: re-evaluating fold 3's model on that slice
    # gives its last val_loss (the kept model is the last fold's)
    _, val_idx = k_fold_splits(len(data.x_train), 3)[2]
    assert [len(v) for _, v in c.kfold_splits] == [20, 20, 20]
    np.testing.assert_array_equal(c.kfold_splits[2][1], val_idx)
    logs = c.model.evaluate(data.x_train[val_idx], data.y_train[val_idx], verbose=0, return_dict=True)
    assert logs["loss"] == pytest.approx(c.fold_histories[2]["val_loss"][-1], rel=1e-4)
    # the mean curve and the summary are the fold histories' mean
    mean_val = np.mean([h["val_loss"] for h in c.fold_histories], axis=0)
    _x, y = ui.plots.mean_val_curve.getData()
    np.testing.assert_allclose(y, mean_val, rtol=1e-6)
    assert len(ui.plots.fold_curves) == 3
    finals = [h["val_loss"][-1] for h in c.fold_histories]
    assert result["kfold"]["summary"]["val_loss"] == pytest.approx((np.mean(finals), np.std(finals)))
    text = ui.controls.statusLabel.text()
    assert "K-fold (3)" in text and f"val_loss {np.mean(finals):.4g} ± {np.std(finals):.2g}" in text
    assert ui.controls.allDataButton.isVisibleTo(ui.controls) and not c.can_continue()
    # the final model: all data, no validation
    with qtbot.waitSignal(c.finished, timeout=30000) as blocker:
        assert ui.controls.allDataButton.click() is None
    assert "val_loss" not in blocker.args[0]["history"] and len(c.fold_histories) == 0
    assert c.settings["validation_mode"] == "kfold"  # the panel's choice is untouched


def test_stop_during_fold_two_ends_after_the_current_batch(qtbot, training_window, monkeypatch):
    _win, ui = training_window
    rng = np.random.default_rng(0)
    x = rng.normal(size=(600, 20)).astype("float32")
    y = x[:, :1].copy()
    data = TrainingData("big", x, y, x[:10], y[:10], "regression")
    set_run(ui, dense_config(20, [32], 1, "linear"), data, epochs=3, batch_size=2, seed=0,
            validation_mode="kfold", k_folds=3)
    c = ui.controller
    # fold 2 holds before its batch 5 until Stop was pressed: that batch ends the run
    gate = Gate(0, 5, lambda: c.worker._stop.is_set(), run=1)
    gated(monkeypatch, c, gate)
    assert ui.controls.start()
    qtbot.waitUntil(gate.held.is_set, timeout=60000)
    qtbot.waitUntil(lambda: c.fold is not None and c.fold[0] == 1 and bool(c.batch_x), timeout=30000)
    assert "fold 2/3" in ui.controls.trainingProgress.format()
    with qtbot.waitSignal(c.finished, timeout=30000) as blocker:
        ui.controls.stopButton.click()
    result = blocker.args[0]
    assert result["stopped"] and len(result["folds"]) == 2
    steps = 400 // 2  # two folds of 200 samples train, batch 2
    assert gate.begun == 3 * steps + 6  # fold 1's three epochs, then fold 2's batches 0..5
    assert len(c.batch_x) == 6  # the curves show fold 2's batches
    assert c.state == "idle" and not c.worker.isRunning() and ui.controls.trainButton.isEnabled()


def test_pause_holds_a_kfold_run(qtbot, training_window, monkeypatch):
    _win, ui = training_window
    data = _regression(n=300)
    set_run(ui, dense_config(3, [16], 1, "linear"), data, epochs=3, batch_size=4, seed=0,
            validation_mode="kfold", k_folds=2)
    c = ui.controller
    # fold 2 waits before its batch 3 until Pause was pressed: Pause lands mid-run, at a known batch
    gate = Gate(0, 3, lambda: c.worker.paused, run=1)
    gated(monkeypatch, c, gate)
    assert ui.controls.start()
    qtbot.waitUntil(gate.held.is_set, timeout=30000)
    c.pause()
    steps = 150 // 4 + 1  # 38 batches per epoch, 3 epochs in fold 1
    # released, fold 2 trains its batch 3 and holds after it
    qtbot.waitUntil(lambda: gate.begun == 3 * steps + 4, timeout=30000)
    qtbot.wait(300)
    assert gate.begun == 3 * steps + 4 and c.state == "paused" and c.worker.isRunning()
    assert c.fold == (1, 2)
    with qtbot.waitSignal(c.finished, timeout=30000):
        c.stop()
    assert c.state == "idle" and gate.begun == 3 * steps + 4


def test_kfold_setting_round_trips_through_the_project(qtbot, tmp_path):
    panel = TrainingConfigPanel()
    qtbot.addWidget(panel)
    panel.apply_settings({"validation_mode": "kfold", "k_folds": 5, "epochs": 7})
    s = panel.settings()
    assert s["validation_mode"] == "kfold" and s["k_folds"] == 5
    path = tmp_path / "p.nbproj"
    model = {"class_name": "Sequential", "config": {"name": "m", "layers": []}}
    save_project(path, Project(model=model, training=s))
    other = TrainingConfigPanel()
    qtbot.addWidget(other)
    assert other.settings()["validation_mode"] == "split" and other.settings()["k_folds"] == 4
    other.apply_settings(load_project(path).training)
    assert other.settings() == s
    assert other.kFoldSpin.isEnabled() and not other.validationSplitSpin.isEnabled()


def test_main_window_saves_and_restores_training_settings(qtbot, tmp_path):
    """A project carries the form's optimizer, loss, metrics and fit settings both ways."""
    from PySide6.QtCore import QSettings

    from netbuilder.ui.main_window import MainWindow

    win = MainWindow(QSettings(str(tmp_path / "s.ini"), QSettings.IniFormat))
    qtbot.addWidget(win)
    win.open_example("boston_dense")
    panel = win.training_ui.config_panel
    assert panel.lossCombo.currentText() in ("mse", "mean_squared_error")
    panel.apply_settings({"epochs": 37, "batch_size": 16, "validation_mode": "kfold", "k_folds": 4})
    win.save_to(tmp_path / "b.nbproj")
    panel.apply_settings({"epochs": 3, "validation_mode": "split"})
    win2 = MainWindow(QSettings(str(tmp_path / "s2.ini"), QSettings.IniFormat))
    qtbot.addWidget(win2)
    assert win2.open_path(tmp_path / "b.nbproj")
    s = win2.training_ui.config_panel.settings()
    assert s["epochs"] == 37 and s["batch_size"] == 16 and s["validation_mode"] == "kfold"
    assert s["k_folds"] == 4 and s["loss"] in ("mse", "mean_squared_error")
