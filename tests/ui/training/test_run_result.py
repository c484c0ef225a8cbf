"""The controller's joints (issue 19): the run's buffers, the typed result of a run, the K-fold state,
the state enum, the settings remedies through the panel's API and the window feature."""

import numpy as np
import pytest
from PySide6.QtWidgets import QMainWindow

from netbuilder.ui.training import RunBuffers, RunResult, RunState, TrainingFeature
from netbuilder.ui.training import kfold as KF
from netbuilder.ui.training.config_panel import TrainingConfigPanel
from netbuilder.ui.training.controller import TrainingData
from netbuilder.ui.training.run_result import best_epoch

from .conftest import dense_config, set_run


def _blobs(n=48, seed=0):
    rng = np.random.default_rng(seed)
    x = rng.normal(size=(n, 2)).astype("float32")
    y = (x[:, :1] + x[:, 1:] > 0).astype("float32")
    return TrainingData("blobs", x, y, x[:16], y[:16], "binary")


def test_run_buffers_append_batches_and_epochs():
    run = RunBuffers(data=("d", "binary", (2,), (1,)))
    assert not run
    run.add_batches([(0, 0, {"loss": 2.0}), (0, 1, {"loss": 1.0}), (1, 0, {})], steps=2)
    run.add_epoch(0, {"loss": 1.5, "val_loss": 1.7})
    run.add_epoch(1, {"loss": 0.5, "val_loss": 0.9, "accuracy": 0.8})
    np.testing.assert_allclose(run.batch_x.view(), [0.5, 1.0, 1.5])  # epoch + (batch + 1) / steps
    assert run.batch_loss[:2] == [2.0, 1.0] and np.isnan(run.batch_loss[2])  # a batch without a loss
    assert run and run.epochs == [1, 2] and run.history["loss"] == [1.5, 0.5]
    assert run.history_lists() == {"loss": [1.5, 0.5], "val_loss": [1.7, 0.9], "accuracy": [0.8]}
    again = RunBuffers.from_history(run.history_lists())
    assert again.epochs == [1, 2] and again.history["val_loss"] == [1.7, 0.9]
    assert run.as_dict()["history"] is run.history and run.as_dict()["data"] == ("d", "binary", (2,), (1,))


def test_best_epoch_is_the_lowest_finite_val_loss_else_loss():
    assert best_epoch({"loss": [3.0, 1.0, 2.0], "val_loss": [2.0, float("nan"), 1.5]}) == (
        3, {"loss": 2.0, "val_loss": 1.5})
    assert best_epoch({"loss": [3.0, 1.0, 2.0]})[0] == 2
    assert best_epoch({"loss": [float("inf")]}) == (None, {})


def test_finished_carries_a_run_result_that_still_reads_as_the_old_dict(qtbot, training_window):
    _win, ui = training_window
    set_run(ui, dense_config(2, [4], 1, "sigmoid"), _blobs(), epochs=3, batch_size=16, seed=7,
            validation_split=0.25, loss="binary_crossentropy", metrics=["accuracy"])
    c = ui.controller
    states = []
    c.stateChanged.connect(states.append)
    with qtbot.waitSignal(c.finished, timeout=30000) as blocker:
        assert ui.controls.start()
    r = blocker.args[0]
    assert isinstance(r, RunResult) and r is c.last_result
    assert states == ["running", "idle"] and c.state is RunState.IDLE and c.state == "idle"
    assert r.epochs == 3 and r.initial_epoch == 0 and not r.stopped and r.error is None and r.seconds > 0
    assert r.history == c.run.history_lists()  # this run's History, as the worker reported it
    expected = int(np.argmin(r.history["val_loss"])) + 1
    assert r.best_epoch == expected and r.best["val_loss"] == min(r.history["val_loss"])
    assert r.seed == 7 and r.engine == "netbuilder" and r.settings["epochs"] == 3 and r.model is c.model and r.model_config == c.model_config
    assert r.data == c.run_data and r.diagnosis is c.diagnosis and r.folds is None and r.test is None
    # the keys finished carried before the dataclass
    assert set(r) == {"history", "stopped", "diverged", "error", "seconds", "diagnosis"}
    assert r["error"] is None and r.get("diverged") is None and "folds" not in r and r["history"] is r.history
    with pytest.raises(KeyError):
        r["model"]  # noqa: B018 - attributes beyond the old keys are read as attributes
    # a continued run counts on from the first one
    ui.controls.ask_continue = lambda: True
    with qtbot.waitSignal(c.finished, timeout=30000) as blocker:
        assert ui.controls.start()
    r2 = blocker.args[0]
    assert r2.initial_epoch == 3 and r2.epochs == 3 and c.epochs_done == [1, 2, 3, 4, 5, 6]
    assert r2.best_epoch == int(np.argmin(c.history["val_loss"])) + 1  # over the curves shown, from epoch 1
    # an evaluation of the run's model lands in its result
    with qtbot.waitSignal(c.evaluated, timeout=30000) as ev:
        assert c.evaluate_in_background() and c.state is RunState.EVALUATING
    assert r2.test == ev.args[0]["logs"] and r.test is None


def test_kfold_run_keeps_folds_and_summary():
    k = KF.KFoldRun()
    assert k.curves({"loss": [1.0]}) == {"folds": [], "mean": {}}
    k.begin(12, 3)
    assert k.fold == (0, 3) and [len(v) for _, v in k.splits] == [4, 4, 4]
    k.next_fold(1, 3, {"loss": [2.0, 1.0]})
    assert k.fold == (1, 3) and len(k.histories) == 1
    curves = k.curves({"loss": [4.0]})  # the running fold's first epoch
    assert curves["mean"]["loss"] == [3.0, 1.0] and len(curves["folds"]) == 2
    summary = k.finish([{"loss": [2.0, 1.0]}, {"loss": [4.0, 3.0]}, {}])  # the third fold never ran
    assert summary == {"k": 3, "folds_done": 2, "summary": {"loss": (2.0, 1.0)}} and k.fold is None
    k.clear()
    assert k.histories == [] and k.summary is None and k.splits is None


def test_setting_remedies_go_through_the_panel(qtbot):
    p = TrainingConfigPanel()
    qtbot.addWidget(p)
    p.apply_settings({"epochs": 30, "optimizer": {"class_name": "Adam", "config": {"learning_rate": 0.01}}})
    assert p.scale_epochs(2) == 60 and p.settings()["epochs"] == 60
    assert p.scale_learning_rate(0.1) == pytest.approx(0.001)
    assert p.settings()["optimizer"]["config"]["learning_rate"] == pytest.approx(0.001)
    p.epochsSpin.setValue(p.epochsSpin.maximum())
    assert p.scale_epochs(2) == p.epochsSpin.maximum()  # the field's range holds


def test_training_feature_installs_retranslates_and_shuts_down(qtbot):
    win = QMainWindow()
    qtbot.addWidget(win)
    feature = TrainingFeature()
    assert feature.key == "training"
    feature.install(win)
    assert win.training_ui is feature.ui and win.training is feature.controller is feature.ui.controller
    dock = feature.ui.docks["training"]
    dock.setWindowTitle("")
    feature.retranslate()
    assert dock.windowTitle() == "Training"
    set_run(feature.ui, dense_config(2, [4], 1, "sigmoid"), _blobs(), epochs=500, batch_size=8,
            validation_split=0.0, loss="binary_crossentropy", metrics=[])
    with qtbot.waitSignal(feature.controller.progress, timeout=30000):
        assert feature.ui.controls.start()
    feature.shutdown()  # the window calls it once the close is certain
    assert not feature.controller.running and feature.controller.last_result.stopped


def test_run_callbacks_are_made_fresh_for_every_fit(qtbot, training_window):
    from netbuilder.core.callbacks import Callback

    class Count(Callback):
        def __init__(self):
            super().__init__()
            self.epochs = 0

        def on_epoch_end(self, epoch, logs=None):
            self.epochs += 1

    _win, ui = training_window
    made = []
    ui.controller.run_callbacks.append(lambda: made.append(Count()) or made[-1])
    set_run(ui, dense_config(2, [4], 1, "sigmoid"), _blobs(), epochs=2, batch_size=16, validation_mode="kfold",
            k_folds=3, loss="binary_crossentropy", metrics=[])
    with qtbot.waitSignal(ui.controller.finished, timeout=30000):
        assert ui.controls.start()
    assert [c.epochs for c in made] == [2, 2, 2]  # one per fold, each inside its fold's fit
    assert ui.controller.best_keeper is not made[-1]  # the window's own keeper stays first
