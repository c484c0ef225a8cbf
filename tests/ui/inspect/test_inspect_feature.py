"""The step mode and the layer view inside the builder window (installed as the "inspect" feature)."""

import numpy as np
import pytest
from PySide6.QtCore import Qt

from netbuilder.core import models
from netbuilder.ui.inspect import InspectFeature
from netbuilder.ui.training import TrainingData


def _layer(name, class_name, config, inputs):
    return {"name": name, "class_name": class_name, "config": {"name": name, **config}, "inputs": inputs}


def _functional(layers, shape):
    head = [_layer("input", "InputLayer", {"batch_shape": [None, *shape]}, [])]
    return {"class_name": "Functional", "config": {"name": "m", "layers": head + layers, "inputs": ["input"],
                                                   "outputs": [layers[-1]["name"]]}}


MLP = _functional([_layer("hidden", "Dense", {"units": 5, "activation": "relu"}, ["input"]),
                   _layer("out", "Dense", {"units": 3, "activation": "softmax"}, ["hidden"])], [6])
CONVNET = _functional([_layer("conv", "Conv2D", {"filters": 4, "kernel_size": 3, "activation": "relu"}, ["input"]),
                       _layer("pool", "MaxPooling2D", {"pool_size": 2}, ["conv"]),
                       _layer("flat", "Flatten", {}, ["pool"]),
                       _layer("out", "Dense", {"units": 3, "activation": "softmax"}, ["flat"])], [8, 8, 1])


def _data(x_shape, n=40, seed=0):
    rs = np.random.default_rng(seed)
    x = rs.random((n, *x_shape), dtype="float32")
    y = np.eye(3, dtype="float32")[rs.integers(0, 3, n)]
    return TrainingData("test", x, y, task="multiclass")


@pytest.fixture
def inspect(win):
    feature = win.feature("inspect")  # installed with the window (main_window.FEATURES)
    assert isinstance(feature, InspectFeature)
    return feature


def _setup(win, config, data, **settings):
    ui = win.training_ui
    ui.set_graph(config, "test")
    ui.dataset_panel.set_data(data)
    ui.controller.set_settings({"optimizer": {"class_name": "Adam", "config": {"learning_rate": 0.01}},
                                "loss": "categorical_crossentropy", "batch_size": 8, "shuffle": False,
                                "validation_split": 0.0, "validation_mode": "split", "seed": 3, **settings})
    return ui.controller


def test_docks_are_created_with_the_window_and_listed_in_view(win, inspect):
    assert win.findChild(type(inspect.step_panel), "stepPanel") is inspect.step_panel
    assert inspect.step_dock.objectName() == "stepDock" and inspect.layer_dock.objectName() == "layerViewDock"
    toggles = {a.text() for a in win.view_menu.actions()}
    assert {"Step by step", "Layer view"} <= toggles
    assert win.feature("inspect") is inspect


def test_step_advances_the_optimizer_exactly_as_training_steps(qtbot, win, inspect):
    controller = _setup(win, MLP, _data((6,)))
    data = controller.data
    reference = controller.build_model(controller.current_config())  # the same seed: the same first weights
    panel = inspect.step_panel
    qtbot.mouseClick(panel.step_button, Qt.LeftButton)
    reference.train_on_batch(data.x_train[:8], data.y_train[:8])
    model = panel.session.model
    for a, b in zip(model.get_weights(), reference.get_weights()):
        np.testing.assert_array_equal(a, b)
    assert model.optimizer.iterations == 1
    qtbot.mouseClick(panel.step10_button, Qt.LeftButton)
    for k in range(1, 11):  # 5 batches an epoch, unshuffled: batches 1..4, then 0..4, then 0
        rows = slice(8 * (k % 5), 8 * (k % 5) + 8)
        reference.train_on_batch(data.x_train[rows], data.y_train[rows])
    for a, b in zip(model.get_weights(), reference.get_weights()):
        np.testing.assert_array_equal(a, b)
    assert model.optimizer.iterations == reference.optimizer.iterations == 11
    trace = panel.session.last_trace
    assert len(panel.session.losses) == 11 and panel.session.losses[-1] == trace.loss
    # what the panel shows is this step's
    assert f"{trace.loss:.6g}" in panel.loss_label.text() and "log" in panel.loss_label.text()
    assert panel.grad_table.rowCount() == 4
    assert panel.grad_table.item(0, 1).text() == f"{trace.gradient_norms()[panel.grad_table.item(0, 0).text()]:.4g}"
    assert "Adam" in panel.update_label.text() and "β₁" in panel.update_label.text()
    answers = panel.batch_view.answers
    assert answers.columnCount() == 8
    assert answers.item(0, 2).text() == str(int(np.argmax(trace.y[2])))
    assert answers.item(1, 2).text().startswith(str(int(np.argmax(trace.y_pred[2]))))


def test_run_to_end_of_epoch_finishes_the_epoch(qtbot, win, inspect):
    _setup(win, MLP, _data((6,)), optimizer={"class_name": "SGD", "config": {"learning_rate": 0.1}})
    panel = inspect.step_panel
    assert panel.run_steps(2)
    assert panel.run_to_epoch_end()
    assert not panel.step_button.isEnabled()
    qtbot.waitUntil(lambda: not panel.busy, timeout=10000)
    s = panel.session
    assert (s.epoch, s.step, len(s.losses)) == (1, 0, 5)
    assert panel.step_button.isEnabled()
    assert "SGD" in panel.update_label.text() and "w ← w − η · g" in panel.update_label.text()


def test_a_changed_network_starts_a_new_step_model(win, inspect):
    controller = _setup(win, MLP, _data((6,)))
    panel = inspect.step_panel
    panel.run_steps(1)
    first = panel.session
    controller.set_settings({"batch_size": 4})
    panel.run_steps(1)
    assert panel.session is not first and panel.session.batch_size == 4 and len(panel.session.losses) == 1


def test_layer_view_shows_the_chosen_layer_output_for_the_chosen_sample(qtbot, win, inspect):
    _setup(win, CONVNET, _data((8, 8, 1), n=12))
    view = inspect.layer_view
    inspect.layer_dock.show()
    inspect.layer_dock.raise_()
    view.refresh()
    assert view.select_layer("conv")
    view.sample_box.setValue(5)
    model, note = inspect.model_source()
    assert "Untrained" in note
    sub = models.Model(model.inputs, model.get_layer("conv").output)
    x = win.training_ui.controller.data.x_train
    np.testing.assert_allclose(view.last_output, sub.predict(x[5:6], verbose=0)[0], rtol=1e-6, atol=1e-7)
    assert view.last_output.shape == (6, 6, 4) and "feature map" in view.caption.text()
    assert not view.picture.pixmap().isNull()
    # a step makes the view follow the step model; the Dense output shows as bars
    inspect.step_panel.run_steps(1)
    assert view.select_layer("out")
    model, note = inspect.model_source()
    assert model is inspect.step_panel.session.model
    np.testing.assert_allclose(view.last_output, model.predict(x[5:6], verbose=0)[0], rtol=1e-6)
    assert "3 units" in view.caption.text()


def test_selecting_a_node_on_the_canvas_picks_its_layer(qtbot, win, inspect):
    _setup(win, CONVNET, _data((8, 8, 1), n=4))
    inspect.layer_dock.show()
    inspect.layer_view.refresh()
    win.scene.clearSelection()
    item = next(i for i in win.scene.items() if getattr(i, "name", None) == "pool")
    item.setSelected(True)
    assert inspect.layer_view.layer_box.currentText() == "pool"
    assert inspect.layer_view.last_output.shape == (3, 3, 4)


def _train_spiral(qtbot, win, epochs):
    from netbuilder.ui.training import data_sources as S

    ui = win.training_ui
    assert win.open_path(win.examples_dir() / "playground_spiral.nbproj", as_example=True)
    ui.dataset_panel.set_data(S.load("playground:spirals", {"samples": 200}))
    ui.config_panel.apply_settings({"epochs": epochs, "batch_size": 32})
    ui.controls.ask_continue = lambda: False
    ended = []
    ui.controller.epochEnded.connect(lambda e, logs: ended.append(e))
    with qtbot.waitSignal(ui.controller.finished, timeout=30000):
        assert ui.controls.start()
    qtbot.waitUntil(lambda: len(ended) == epochs, timeout=60000)
    return ui.controller


def test_paper_ball_records_every_epoch_of_a_run(qtbot, win, inspect):
    from netbuilder.core.introspect import project

    feature = inspect
    assert feature.make_recorder in win.training.run_callbacks  # recorded inside fit, right after each epoch
    feature.layer_dock.setFloating(True)  # on screen even when Try it raises its tab (a playground run)
    feature.layer_dock.show()
    controller = _train_spiral(qtbot, win, 3)
    # the layer view followed the run on a copy of the weights taken at the epoch ends (the last = final)
    snap_of, snap = feature._snapshot
    assert snap_of is controller.model and snap is not controller.model
    for a, b in zip(snap.get_weights(), controller.model.get_weights()):
        np.testing.assert_array_equal(a, b)
    view = feature.paper_view
    qtbot.waitUntil(lambda: len(view.frames) == 3, timeout=60000)
    assert [e for e, _ in view.frames] == [0, 1, 2]
    x, labels = feature.ball_sample()
    assert len(x) == 160 and set(np.unique(labels)) == {0, 1}  # the 80 % training part of 200
    # the last frame is the trained network's view of the points; the first (after epoch 1) differs
    final = project(controller.model, x, view.frames[-1][1])
    for shown, now in zip(view.frames[-1][1], final):
        assert shown.key == now.key
        np.testing.assert_allclose(shown.points, now.points, rtol=1e-5, atol=1e-6)
    hidden = [i for i, p in enumerate(final) if p.method == "pca"]
    assert hidden and not np.allclose(view.frames[0][1][hidden[0]].points, view.frames[-1][1][hidden[0]].points)
    view.slider.setValue(0)
    assert "epoch 1" in view.frame_label.text()
    view.toggle_play()
    qtbot.waitUntil(lambda: view.slider.value() == 2 and not view._timer.isActive(), timeout=60000)


def test_paper_ball_frames_behind_a_tab_are_kept_and_drawn_when_shown(qtbot, win, inspect, monkeypatch):
    """Behind its tab the paper ball keeps each run's frames without drawing them (pictures cost the GUI
    thread ~10 ms a frame); bringing its tab to the front draws the chosen frame."""
    from netbuilder.ui.inspect import paper_ball

    feature, view = inspect, inspect.paper_view
    drawn = []
    real = paper_ball.scatter_pixmap
    monkeypatch.setattr(paper_ball, "scatter_pixmap", lambda *a, **k: (drawn.append(1), real(*a, **k))[1])
    feature.health_dock.raise_()  # another tab of the group in front
    qtbot.waitUntil(lambda: not feature.showing(feature.paper_dock), timeout=60000)
    _train_spiral(qtbot, win, 3)
    qtbot.waitUntil(lambda: len(view.frames) == 3, timeout=60000)
    assert drawn == []
    feature.paper_dock.raise_()
    qtbot.waitUntil(lambda: len(drawn) > 0, timeout=60000)
    assert "epoch 3" in view.frame_label.text()


DEEP_SIGMOID = _functional([_layer(f"s{i}", "Dense", {"units": 12, "activation": "sigmoid"}, [f"s{i - 1}" if i else "input"])
                            for i in range(7)]
                           + [_layer("out", "Dense", {"units": 3, "activation": "softmax"}, ["s6"])], [6])


def test_health_panel_flags_vanishing_gradients_and_its_remedy_edits_the_canvas(qtbot, win, inspect):
    feature = inspect
    ui = win.training_ui
    _setup(win, DEEP_SIGMOID, _data((6,), n=64))
    ui.config_panel.apply_settings({"epochs": 2, "batch_size": 16, "optimizer": "sgd"})
    ui.controls.ask_continue = lambda: False
    with qtbot.waitSignal(ui.controller.finished, timeout=30000):
        assert ui.controls.start()
    panel = feature.health_panel
    qtbot.waitUntil(lambda: len(panel.epochs) == 2, timeout=60000)
    assert panel.table.rowCount() == 8 and panel.table.item(0, 0).text() == "s0"
    assert "Vanishing gradients" in panel.verdict_label.text()
    button = panel.buttons["relu_hidden"]
    button.click()
    acts = {e["name"]: e["config"]["activation"] for e in ui.graph.get()["config"]["layers"] if e["class_name"] == "Dense"}
    assert acts == {**{f"s{i}": "relu" for i in range(7)}, "out": "softmax"}
    win.undo_stack.undo()
    acts = {e["name"]: e["config"]["activation"] for e in ui.graph.get()["config"]["layers"] if e["class_name"] == "Dense"}
    assert acts["s0"] == "sigmoid"


def test_the_coach_banner_reads_the_health_and_its_button_applies_the_remedy(qtbot, win, inspect):
    ui = win.training_ui
    _setup(win, DEEP_SIGMOID, _data((6,), n=64))
    ui.config_panel.apply_settings({"epochs": 2, "batch_size": 16, "optimizer": "sgd"})
    ui.controls.ask_continue = lambda: False
    with qtbot.waitSignal(ui.controller.finished, timeout=30000):
        assert ui.controls.start()
    qtbot.waitUntil(lambda: len(inspect.health_panel.epochs) == 2, timeout=60000)
    fit_kind = getattr(inspect.health_coach.fit, "kind", None)
    assert fit_kind in (None, "healthy", "unknown", "underfitting")  # two epochs of SGD: no curve verdict above it
    banner = ui.banner
    assert banner.diagnosis.code == "health_vanishing" and "Vanishing gradients" in banner.text.text()
    assert set(banner.buttons) == {"relu_hidden", "he_initializer", "add_batchnorm"}
    assert banner.buttons["relu_hidden"].text() == "ReLU in hidden sigmoid/tanh layers"
    banner.buttons["relu_hidden"].click()
    acts = {e["name"]: e["config"]["activation"] for e in ui.graph.get()["config"]["layers"] if e["class_name"] == "Dense"}
    assert acts["s0"] == "relu" and acts["out"] == "softmax"
    # the next run (of the repaired network) starts without the last run's health verdict
    with qtbot.waitSignal(ui.controller.finished, timeout=30000):
        assert ui.controls.start()
    qtbot.waitUntil(lambda: len(inspect.health_panel.epochs) == 2, timeout=60000)
    assert getattr(banner.diagnosis, "code", None) != "health_vanishing"


def test_a_failing_recorder_never_ends_the_run(qtbot, win, inspect, monkeypatch):
    from netbuilder.core.introspect import LayerStats

    def broken(self, epoch, logs=None):
        raise RuntimeError("a bug in a view's recorder")

    monkeypatch.setattr(LayerStats, "on_epoch_end", broken)
    controller = _train_spiral(qtbot, win, 2)
    assert len(controller.epochs_done) == 2  # the run went on to its end
    assert len(inspect.paper_view.frames) == 2 and inspect.health_panel.epochs == []
