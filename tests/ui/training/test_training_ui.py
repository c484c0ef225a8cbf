"""End-to-end: the training docks drive a real run through the QThread worker (offscreen)."""

import time

import numpy as np
import pytest

from netbuilder.core import optimizers, utils
from netbuilder.core.models import model_from_config
from netbuilder.ui.training import data_sources as S
from netbuilder.ui.training.controller import TrainingData
from netbuilder.ui.training.run_buffers import RunBuffers

from .conftest import Gate, dense_config, gated, set_run


def _finish(qtbot, ui, timeout=30000):
    with qtbot.waitSignal(ui.controller.finished, timeout=timeout) as blocker:
        pass
    return blocker.args[0]


def _start(qtbot, ui, timeout=30000):
    with qtbot.waitSignal(ui.controller.finished, timeout=timeout) as blocker:
        assert ui.controls.start()
    return blocker.args[0]


def test_two_epochs_plots_and_history_match_core(qtbot, training_window):
    win, ui = training_window
    data = S.load("playground:gaussian_clusters", {"samples": 300, "labels": "categorical"})
    cfg = dense_config(2, [8], 3, "softmax")
    set_run(ui, cfg, data, epochs=2, batch_size=16, validation_split=0.25, seed=3)
    assert ui.config_panel.lossCombo.currentText() == "categorical_crossentropy"
    result = _start(qtbot, ui)
    assert result["error"] is None and not result["stopped"]
    c = ui.controller
    steps = int(np.ceil(len(data.x_train) * 0.75 / 16))
    x, _ = ui.plots.epoch_curve.getData()
    assert list(x) == [1.0, 2.0]
    bx, _ = ui.plots.batch_curve.getData()
    assert len(bx) == 2 * steps and bx[-1] == pytest.approx(2.0)
    assert len(ui.plots.val_curve.getData()[0]) == 2
    assert "accuracy" in ui.plots.metric_curves and "val_accuracy" in ui.plots.metric_curves
    # the same run straight on the core engine, same seed → the same History
    utils.set_random_seed(3)
    model = model_from_config(cfg)
    model.compile(optimizer=optimizers.get(ui.config_panel.optimizer_config()), loss="categorical_crossentropy",
                  metrics=["accuracy"])
    h = model.fit(data.x_train, data.y_train, epochs=2, batch_size=16, validation_split=0.25, verbose=0)
    assert set(h.history) == set(c.history)
    for k in h.history:
        np.testing.assert_allclose(c.history[k], h.history[k], rtol=1e-6)
    assert "epoch" in ui.controls.trainingProgress.format() or "finished" in ui.controls.trainingProgress.format()


def _big(n=20000):
    rng = np.random.default_rng(0)
    x = rng.normal(size=(n, 20)).astype("float32")
    y = (x[:, 0] > 0).astype("float32")
    return TrainingData("big", x, y, x[:100], y[:100], "binary")


def test_stop_mid_epoch_ends_after_the_current_batch(qtbot, training_window, monkeypatch):
    win, ui = training_window
    set_run(ui, dense_config(20, [64], 1, "sigmoid"), _big(400), epochs=5, batch_size=4, validation_split=0.0)
    c = ui.controller
    # batch 10 of epoch 1 waits until Stop was pressed: then that batch, and no other, is trained
    gate = Gate(0, 10, lambda: c.worker._stop.is_set())
    gated(monkeypatch, c, gate)
    assert ui.controls.start()
    qtbot.waitUntil(gate.held.is_set, timeout=30000)
    assert c.state == "running"
    with qtbot.waitSignal(c.finished, timeout=30000) as blocker:
        ui.controls.stopButton.click()
    assert blocker.args[0]["stopped"]
    assert gate.begun == 11 and len(c.batch_loss) == 11  # batches 0..10 of 100
    assert c.epochs_done == [1]  # the first epoch, cut short
    assert not c.worker.isRunning()
    assert ui.controls.trainButton.isEnabled()


def test_pause_holds_between_batches_and_resume_finishes(qtbot, training_window, monkeypatch):
    win, ui = training_window
    set_run(ui, dense_config(20, [64], 1, "sigmoid"), _big(800), epochs=2, batch_size=8,
            validation_split=0.0)
    c = ui.controller
    # the run waits before batch 5 until Pause was pressed: Pause lands mid-run, at a known batch
    gate = Gate(0, 5, lambda: c.worker.paused)
    gated(monkeypatch, c, gate)
    assert ui.controls.start()
    qtbot.waitUntil(gate.held.is_set, timeout=30000)
    ui.controls.pauseButton.click()
    assert c.state == "paused" and ui.controls.pauseButton.text().endswith("Resume")
    # released, the worker trains batch 5 and holds after it (the flags are checked after every batch)
    qtbot.waitUntil(lambda: gate.begun == 6, timeout=30000)
    qtbot.wait(300)
    assert gate.begun == 6  # nothing more trained while paused
    assert c.worker.isRunning() and c.state == "paused"
    with qtbot.waitSignal(c.finished, timeout=30000) as blocker:
        ui.controls.pauseButton.click()
    assert not blocker.args[0]["stopped"] and len(c.epochs_done) == 2
    assert len(c.batch_loss) == 2 * 100 and gate.begun == 200


def test_close_during_training_joins_the_thread_and_keeps_logs(qtbot, training_window):
    win, ui = training_window
    set_run(ui, dense_config(20, [64], 1, "sigmoid"), _big(), epochs=5, batch_size=4, validation_split=0.0)
    c = ui.controller
    win.show()
    with qtbot.waitSignal(c.progress, timeout=10000):
        ui.controls.start()
    worker = c.worker
    win.close()
    assert worker.isFinished() and not worker.isRunning()
    assert c.state == "idle" and c.last_result["stopped"]
    assert len(c.batch_loss) > 0 and len(c.epochs_done) == 1
    assert c.model is not None


def test_divergence_stops_at_once_with_advice(qtbot, training_window):
    win, ui = training_window
    data = S.load("playground:regression_1d", {"samples": 200})
    set_run(ui, dense_config(1, [32], 1, "linear"), data, epochs=20, batch_size=8, validation_split=0.2,
            optimizer={"class_name": "SGD", "config": {"learning_rate": 1e4}})
    assert ui.config_panel.lossCombo.currentText() == "mean_squared_error"
    result = _start(qtbot, ui)
    d = result["diagnosis"]
    assert result["diverged"] is not None and d.kind == "divergence"
    assert len(ui.controller.epochs_done) == 1  # stopped in the first epoch
    assert ui.banner.isVisibleTo(win) and "learning rate" in ui.banner.text.text()
    ui.banner.buttons["lower_learning_rate"].click()
    assert ui.config_panel.learningRateSpin.value() == pytest.approx(1e3)


def test_coach_underfitting_with_one_unit_network(qtbot, training_window):
    win, ui = training_window
    data = S.load("playground:spirals", {"samples": 400})
    set_run(ui, dense_config(2, [1], 1, "sigmoid"), data, epochs=15, batch_size=32, validation_split=0.2,
            optimizer={"class_name": "Adam", "config": {"learning_rate": 0.01}})
    d = _start(qtbot, ui)["diagnosis"]
    assert d.kind == "underfitting", d
    assert ui.banner.isVisibleTo(win) and "add_layer" in ui.banner.buttons
    before = ui.graph.get()
    ui.banner.buttons["double_units"].click()
    assert ui.graph.get()["config"]["layers"][1]["config"]["units"] == 2
    assert before["config"]["layers"][1]["config"]["units"] == 1


def test_coach_overfitting_on_tiny_training_set_with_big_network(qtbot, training_window):
    win, ui = training_window
    data = S.load("playground:regression_1d", {"samples": 40, "noise": 0.4})
    set_run(ui, dense_config(1, [256, 256], 1, "linear"), data, epochs=150, batch_size=32, validation_split=0.3,
            optimizer={"class_name": "Adam", "config": {"learning_rate": 0.01}})
    d = _start(qtbot, ui, 60000)["diagnosis"]
    assert d.kind == "overfitting", d
    assert d.best_epoch < len(ui.controller.epochs_done)
    assert ui.plots.coach_line.isVisible() or ui.plots.coach_line.value() == d.epoch
    ui.banner.buttons["add_dropout"].click()
    kinds = [e["class_name"] for e in ui.graph.get()["config"]["layers"]]
    assert kinds.count("Dropout") == 2
    assert ui.controller.restore_best_weights() == d.best_epoch


def test_loss_output_mismatch_warning(qtbot, training_window):
    win, ui = training_window
    data = S.load("playground:moons", {"samples": 100})
    set_run(ui, dense_config(2, [4], 2, "softmax"), data)
    assert ui.config_panel.lossCombo.currentText() == "binary_crossentropy"
    text = ui.config_panel.setupLabel.text()
    assert "softmax" in text and "binary" in text and text.startswith("⚠")
    ui.config_panel.lossCombo.setCurrentText("categorical_crossentropy")
    assert "softmax_binary" not in ui.config_panel.setupLabel.text() and "binary_crossentropy" not in \
        ui.config_panel.setupLabel.text()
    # regression: accuracy is greyed out with its reason
    reg = S.load("playground:regression_1d", {"samples": 50})
    ui.dataset_panel.set_data(reg)
    items = {ui.config_panel.metricsList.item(i).text(): ui.config_panel.metricsList.item(i)
             for i in range(ui.config_panel.metricsList.count())}
    from PySide6.QtCore import Qt
    assert not (items["AUC"].flags() & Qt.ItemIsEnabled) and "regression" in items["AUC"].toolTip()
    assert items["MeanAbsoluteError"].flags() & Qt.ItemIsEnabled


def test_each_start_frees_the_previous_runs_thread_without_an_event_loop(qtbot, training_window):
    """Qt driven by processEvents() only (no exec() loop runs deferred deletes, as in the soak test):
    every Start must still free the finished previous worker, or one QThread leaks per run."""
    import gc
    import weakref

    import shiboken6
    from PySide6.QtCore import QCoreApplication, QEventLoop

    win, ui = training_window
    data = S.load("playground:gaussian_clusters", {"samples": 100, "labels": "categorical"})
    set_run(ui, dense_config(2, [4], 3, "softmax"), data, epochs=1, batch_size=50, validation_split=0.0)
    c, app = ui.controller, QCoreApplication.instance()
    workers = []
    for _ in range(6):
        assert ui.controls.start()  # called from plain Python, outside any event loop
        workers.append(weakref.ref(c.worker))
        end = time.perf_counter() + 30
        while c.running or c.state != "idle":
            assert time.perf_counter() < end, "a run did not end"
            app.processEvents(QEventLoop.AllEvents, 20)
    assert c.last_result["error"] is None
    gc.collect()
    alive = [w() for w in workers if w() is not None and shiboken6.isValid(w())]
    assert alive == [c.worker]


def test_redraws_do_not_grow_the_plots_symbol_cache(qtbot, training_window):
    """pyqtgraph caches scatter symbols by the identity of their pen and brush: the curves must keep
    their own QPen/QBrush, or every redraw adds a symbol to the cache (memory churn in the soak test)."""
    win, ui = training_window
    win.show()
    c, p = ui.controller, ui.plots
    c.run = RunBuffers.from_history({"loss": [1.0, 0.5], "val_loss": [1.1, 0.7], "accuracy": [0.5, 0.7],
                                     "val_accuracy": [0.4, 0.6]})
    for _ in range(30):
        p.redraw(force=True)
    curves = [p.epoch_curve, p.val_curve, *p.metric_curves.values()]
    sizes = [len(curve.scatter.fragmentAtlas) for curve in curves]
    assert len(curves) == 4 and sizes == [1, 1, 1, 1], sizes
