"""Shared layers on the canvas (issue 22): built with the mouse, one node per call with its own shape,
explained in the inspector, written once in the Keras code, trained, saved and reopened, imported."""

import json

import numpy as np
import pytest
from PySide6.QtWidgets import QMenu

from netbuilder.core.models import analyze_config, model_from_config
from netbuilder.ui import sharing
from netbuilder.ui.keras_code import keras_code
from netbuilder.ui.project import ProjectError, validate_model_config
from tests.ui.test_canvas import drag_edge, drop, set_input_shape
from tests.ui.test_keras_code import _run


def share_menu(win):
    menu = win.findChild(QMenu, "shareMenu")
    assert menu is not None, "no share-or-replace menu was offered"
    return {a.objectName(): a for a in menu.actions()}


def siamese(win, qtbot, shape_b="8"):
    """in_a, in_b → one Dense shared by both (by the mouse) → Concatenate → Dense(1, sigmoid)."""
    a, b = drop(win, "InputLayer", (0, 0)), drop(win, "InputLayer", (300, 0))
    set_input_shape(win, a, "8")
    set_input_shape(win, b, shape_b)
    dense = drop(win, "Dense", (0, 200))
    drag_edge(win, qtbot, a, dense)
    assert win.doc.nodes[dense].inputs == [a]
    drag_edge(win, qtbot, b, dense)  # a second input on a one-input layer: share or replace?
    share_menu(win)["shareAction"].trigger()
    (twin,) = [n for n in win.doc.nodes.values() if n.shares == dense]
    merge = drop(win, "Concatenate", (150, 400))
    drag_edge(win, qtbot, dense, merge)
    drag_edge(win, qtbot, twin.name, merge)
    out = drop(win, "Dense", (150, 600))
    drag_edge(win, qtbot, merge, out)
    win.scene.select_names([out])
    win.inspector.editors["units"].set_value(1)
    win.inspector._commit("units", 1)
    win.inspector._commit("activation", "sigmoid")
    return a, b, dense, twin.name, merge, out


def test_second_input_offers_sharing_and_the_config_calls_the_layer_twice(win, qtbot):
    a, b, dense, twin, merge, out = siamese(win, qtbot)
    assert win.doc.nodes[dense].inputs == [a] and win.doc.nodes[twin].inputs == [b]
    layers = {e["name"]: e for e in win.doc.to_config()["config"]["layers"]}
    assert twin not in layers  # one layer in the model, called twice
    assert layers[dense]["inputs"] == [a] and layers[dense]["calls"] == [[b]]
    assert layers[merge]["inputs"] == [dense, [dense, 0, 1]]
    assert not win.problems.problems(), win.problems.problems()
    # weights counted once, as Keras: 8*32+32 shared + (64+1) output
    assert win.report.total_params == 8 * 32 + 32 + 65
    assert model_from_config(win.doc.to_config()).count_params() == win.report.total_params
    # the call's node stands beside the layer, on a free place, says what it is, and a dotted link joins them
    others = [it for n, it in win.scene.nodes.items() if n != twin]
    assert not any(win.scene.nodes[twin].sceneBoundingRect().intersects(o.sceneBoundingRect()) for o in others)
    assert "weights of " + dense in win.scene.nodes[twin].params
    assert any(type(e).__name__ == "ShareLinkItem" and e.dst.name == twin for e in win.scene.edges)
    # undo takes the share back in one step
    n = len(win.doc.nodes)
    for _ in range(4):  # output's activation, units, output, its link; then merge links and merge
        win.undo_stack.undo()
    while twin in win.doc.nodes:
        win.undo_stack.undo()
    assert dense in win.doc.nodes and win.doc.nodes[dense].inputs == [a] and len(win.doc.nodes) < n


def test_replace_is_still_offered(win, qtbot):
    a, b = drop(win, "InputLayer", (0, 0)), drop(win, "InputLayer", (300, 0))
    dense = drop(win, "Dense", (0, 200))
    drag_edge(win, qtbot, a, dense)
    drag_edge(win, qtbot, b, dense)
    share_menu(win)["replaceAction"].trigger()
    assert win.doc.nodes[dense].inputs == [b]
    assert not any(n.shares for n in win.doc.nodes.values())


def test_each_call_shows_its_own_shape_and_a_misfit_call_is_marked_on_its_node(win, qtbot):
    a, b, dense, twin, merge, out = siamese(win, qtbot, shape_b="3, 8")
    assert win.report.shapes[dense] == (None, 32)
    assert win.report.shapes[twin] == (None, 3, 32)
    assert win.scene.nodes[twin].shape_label != win.scene.nodes[dense].shape_label
    set_input_shape(win, b, "5")  # 5 features cannot use a kernel built for 8
    assert twin in win.report.errors and dense not in win.report.errors
    assert win.scene.nodes[twin].error is not None and win.scene.nodes[dense].error is None
    assert any(twin in p for p in win.problems.problems())
    assert "Problem" in win.scene.nodes[twin].toolTip() and "(None, 5)" in win.scene.nodes[twin].toolTip()


def test_inspector_explains_the_call_and_edits_every_call(win, qtbot):
    a, b, dense, twin, merge, out = siamese(win, qtbot)
    win.scene.select_names([twin])
    assert win.inspector.node_name == twin
    assert "Call 2 of the shared layer" in win.inspector.info.text()
    win.inspector._commit("units", 16)  # edited on the call: the layer changes for both calls
    assert win.doc.nodes[dense].config["units"] == 16 == win.doc.nodes[twin].config["units"]
    assert win.report.shapes[dense] == win.report.shapes[twin] == (None, 16)
    win.inspector._rename("other")
    assert twin in win.doc.nodes and win.inspector.error.isVisible()
    win.scene.select_names([dense])
    assert "called 2 times" in win.inspector.info.text()


def test_keras_code_makes_the_shared_layer_once_and_calls_it_twice(win, qtbot, monkeypatch):
    siamese(win, qtbot)
    code = keras_code(win.doc.to_config())
    assert code.count("layers.Dense(32") == 1, code
    assert "shared_dense = layers.Dense(32" in code
    assert "dense = shared_dense(" in code and "dense_2 = shared_dense(" in code
    model = _run(code, monkeypatch)
    assert model.count_params() == win.report.total_params


def test_keras_code_of_a_shared_layer_runs_in_real_keras(win, qtbot, tmp_path):
    import keras

    from tests.core.export.helpers import inputs_for, randomize
    from tests.core.keras_equivalence import assert_same_outputs, send_weights

    siamese(win, qtbot)
    cfg = win.doc.to_config()
    ns = {}
    exec(compile(keras_code(cfg).replace("model.summary()", ""), "<keras_code>", "exec"), ns)
    theirs = ns["model"]
    assert isinstance(theirs, keras.Model) and theirs.count_params() == win.report.total_params
    ours = randomize(model_from_config(cfg), seed=3, scale=0.2)
    send_weights(ours, theirs, tmp_path)
    assert_same_outputs(ours, theirs, inputs_for(ours, n=3), rtol=1e-4, atol=1e-5)


def one_input_sharing(win, qtbot):
    """input(8) → pre = Dense(8); one Dense called on the input and on pre (shared by the mouse) →
    Concatenate → Dense(1, sigmoid): a network the window's one-array datasets can train."""
    inp = drop(win, "InputLayer", (0, 0))
    set_input_shape(win, inp, "8")
    pre = drop(win, "Dense", (300, 150))
    drag_edge(win, qtbot, inp, pre)
    win.inspector._commit("units", 8)
    dense = drop(win, "Dense", (0, 300))
    drag_edge(win, qtbot, inp, dense)
    drag_edge(win, qtbot, pre, dense)
    share_menu(win)["shareAction"].trigger()
    (twin,) = [n.name for n in win.doc.nodes.values() if n.shares == dense]
    merge = drop(win, "Concatenate", (150, 500))
    drag_edge(win, qtbot, dense, merge)
    drag_edge(win, qtbot, twin, merge)
    out = drop(win, "Dense", (150, 700))
    drag_edge(win, qtbot, merge, out)
    win.scene.select_names([out])
    win.inspector._commit("units", 1)
    win.inspector._commit("activation", "sigmoid")
    return inp, pre, dense, twin


def test_train_save_reopen_keeps_the_sharing(win, qtbot, tmp_path):
    from netbuilder.ui.training.run_setup import TrainingData

    inp, pre, dense, twin = one_input_sharing(win, qtbot)
    win.scene.nodes[twin].setPos(520, 310)
    win.on_nodes_moved({twin: (520.0, 310.0)})
    assert not win.problems.problems(), win.problems.problems()
    rng = np.random.default_rng(0)
    x = rng.random((40, 8), dtype=np.float32)
    y = (x[:, :4].sum(1) > x[:, 4:].sum(1)).astype("float32")
    ui = win.training_ui
    ui.dataset_panel.set_data(TrainingData("custom", x, y, x[:8], y[:8], "binary"))
    ui.config_panel.apply_settings({"epochs": 2, "batch_size": 8, "validation_split": 0.25})
    ui.controls.ask_continue = lambda: False
    with qtbot.waitSignal(ui.controller.finished, timeout=120000) as blocker:
        assert ui.controls.start(), ui.controls.statusLabel.text()
    assert blocker.args[0]["error"] is None
    trained = win.training.model
    engine = model_from_config(win.doc.to_config())
    # shared weights counted once, as Keras: pre 8*8+8, shared 8*32+32, output 64+1
    assert trained.count_params() == engine.count_params() == win.report.total_params == 72 + 288 + 65
    assert len(trained._calls_of(trained.get_layer(dense))) == 2  # one layer, two calls
    # the same network written by hand with the engine's functional API computes the same function
    from netbuilder.core import layers as L
    from netbuilder.core import models as M

    xin = L.Input(shape=(8,))
    shared = L.Dense(32)
    hand = M.Model(xin, L.Dense(1, activation="sigmoid")(L.Concatenate()([shared(xin), shared(L.Dense(8)(xin))])))
    assert hand.count_params() == trained.count_params()
    hand.set_weights(trained.get_weights())
    np.testing.assert_allclose(hand.predict(x, verbose=0), trained.predict(x, verbose=0), rtol=1e-6)

    path = tmp_path / "shared.nbproj"
    assert win.save_to(path)
    saved = json.loads(path.read_text())
    entry = next(e for e in saved["model"]["config"]["layers"] if e["name"] == dense)
    assert entry["inputs"] == [inp] and entry["calls"] == [[pre]]
    before = win.doc.to_config()
    assert win.open_path(path)
    assert win.doc.to_config() == before
    assert win.doc.nodes[twin].shares == dense and win.doc.nodes[twin].pos == (520.0, 310.0)
    assert not win.problems.problems()


def test_a_model_file_with_a_shared_layer_opens_with_its_sharing(win, tmp_path):
    from netbuilder.core import layers, models
    from netbuilder.ui.model_files import import_model_file

    x1, x2 = layers.Input(shape=(6,), name="left"), layers.Input(shape=(6,), name="right")
    enc = layers.Dense(4, activation="relu", name="encoder")
    merged = layers.Concatenate(name="both")([enc(x1), enc(x2)])
    model = models.Model(inputs=[x1, x2], outputs=layers.Dense(1, name="score")(merged), name="siam")
    for suffix in (".nbm", ".keras"):
        path = tmp_path / f"siam{suffix}"
        model.save(path)
        assert import_model_file(win, path), getattr(win, "last_error", None)
        twins = [n for n in win.doc.nodes.values() if n.shares]
        assert [t.shares for t in twins] == ["encoder"] and twins[0].inputs == ["right"]
        assert win.doc.nodes["both"].inputs == ["encoder", twins[0].name]
        assert win.report.total_params == model.count_params() == 6 * 4 + 4 + 9
        rebuilt = model_from_config(win.doc.to_config())
        assert rebuilt.count_params() == model.count_params()
        assert not win.problems.problems()


def test_deleting_the_first_call_keeps_the_layer_in_the_other(win, qtbot):
    a, b, dense, twin, merge, out = siamese(win, qtbot)
    win.scene.select_names([dense])
    win.delete_selected()
    assert win.doc.nodes[twin].shares is None  # the remaining call is the layer now
    assert not win.scene.nodes[twin].params.startswith("call")
    win.undo_stack.undo()
    assert win.doc.nodes[twin].shares == dense


def _cfg(**dense_extra):
    dense = {"name": "d", "class_name": "Dense", "config": {"name": "d", "units": 2}, "inputs": ["a"]}
    dense.update(dense_extra)
    return {"class_name": "Functional", "config": {"name": "m", "layers": [
        {"name": "a", "class_name": "InputLayer", "config": {"name": "a", "batch_shape": [None, 3]}, "inputs": []},
        {"name": "b", "class_name": "InputLayer", "config": {"name": "b", "batch_shape": [None, 3]}, "inputs": []},
        dense,
        {"name": "c", "class_name": "Concatenate", "config": {"name": "c"}, "inputs": ["d", ["d", 0, 1]]}],
        "inputs": ["a", "b"], "outputs": ["c"]}}


def test_project_check_accepts_calls_and_refuses_dangling_ones():
    validate_model_config(_cfg(calls=[["b"]]))
    assert analyze_config(_cfg(calls=[["b"]])["config"]).ok
    with pytest.raises(ProjectError) as e:
        validate_model_config(_cfg())  # ["d", 0, 1] but d is called once
    assert e.value.code == "dangling_input"
    with pytest.raises(ProjectError) as e:
        validate_model_config(_cfg(calls=[["nowhere"]]))
    assert e.value.code == "dangling_input"
    with pytest.raises(ProjectError) as e:
        validate_model_config(_cfg(calls="b"))
    assert e.value.code == "bad_layer_entry"
    input_called = _cfg(calls=[["b"]])
    input_called["config"]["layers"][0]["calls"] = [["b"]]
    with pytest.raises(ProjectError) as e:
        validate_model_config(input_called)
    assert e.value.code == "bad_layer_entry"
    bad_out = _cfg(calls=[["b"]])
    bad_out["config"]["outputs"] = [["d", 0, 2]]
    with pytest.raises(ProjectError) as e:
        validate_model_config(bad_out)
    assert e.value.code == "bad_output"


def test_twins_fold_and_unfold_exactly():
    from netbuilder.ui.graph_model import GraphDocument, state_from_config

    cfg = _cfg(calls=[["b"]])
    doc = GraphDocument()
    doc.load_config(cfg)
    assert [n.name for n in doc.nodes.values() if n.shares == "d"] == ["d_call2"]
    assert doc.to_config()["config"]["layers"][2]["calls"] == [["b"]]
    assert doc.to_config()["config"]["layers"][3]["inputs"] == ["d", ["d", 0, 1]]
    assert sharing.layout_key(doc, "d_call2") == "d_call2"
    again = state_from_config(doc.to_config(), doc.layout())
    assert {n["name"]: n.get("shares") for n in again["nodes"]}["d_call2"] == "d"


def test_a_model_used_as_a_layer_opens_runs_and_saves(win, tmp_path, monkeypatch):
    """Model sharing: a Sequential encoder called on two inputs is one node per call on the canvas,
    explained in the inspector, written as its own model in the Keras code, saved and reopened."""
    from netbuilder.core import layers, models
    from netbuilder.ui.model_files import import_model_file

    enc = models.Sequential([layers.Input(shape=(6,)), layers.Dense(4, activation="relu", name="e1"),
                             layers.Dense(3, name="e2")], name="encoder")
    x1, x2 = layers.Input(shape=(6,), name="left"), layers.Input(shape=(6,), name="right")
    both = layers.Concatenate(name="both")([enc(x1), enc(x2)])
    model = models.Model([x1, x2], layers.Dense(1, name="score")(both), name="siam")
    keras_file = tmp_path / "siam.keras"  # Keras 3's archive keeps the nesting and the calls too
    model.save(keras_file)
    assert import_model_file(win, keras_file), getattr(win, "last_error", None)
    assert win.doc.nodes["encoder"].class_name == "Sequential"
    assert [n.shares for n in win.doc.nodes.values() if n.shares] == ["encoder"]
    path = tmp_path / "siam.nbm"
    model.save(path)
    assert import_model_file(win, path), getattr(win, "last_error", None)
    assert win.doc.nodes["encoder"].class_name == "Sequential"
    (twin,) = [n.name for n in win.doc.nodes.values() if n.shares == "encoder"]
    assert win.report.total_params == model.count_params() == (6 * 4 + 4) + (4 * 3 + 3) + 7
    assert win.report.shapes["encoder"] == win.report.shapes[twin] == (None, 3)
    assert not win.problems.problems(), win.problems.problems()
    win.scene.select_names(["encoder"])
    info = win.inspector.info.text()
    assert "model used as a layer" in info and "e1, e2" in info and "Called 2 times" in info
    assert list(win.inspector.editors) == ["name"]  # its insides are not edited on this canvas
    code = keras_code(win.doc.to_config())
    assert code.count("models.Sequential(") == 1 and "encoder_model(" in code, code
    assert _run(code, monkeypatch).count_params() == model.count_params()
    saved = tmp_path / "siam.nbproj"
    assert win.save_to(saved)
    before = win.doc.to_config()
    assert win.open_path(saved)
    assert win.doc.to_config() == before and win.report.total_params == model.count_params()


def test_nested_models_are_checked_like_the_outer_one(tmp_path):
    inner = {"class_name": "Sequential", "config": {"name": "enc", "layers": [
        {"class_name": "InputLayer", "config": {"name": "i", "batch_shape": [None, 3]}},
        {"class_name": "NoSuchLayer", "config": {"name": "d"}}]}, "name": "enc", "inputs": ["a"]}
    cfg = _cfg()
    cfg["config"]["layers"][2] = inner
    cfg["config"]["layers"][3]["inputs"] = ["enc", "b"]
    with pytest.raises(ProjectError) as e:
        validate_model_config(cfg)
    assert e.value.code == "unknown_layer" and "NoSuchLayer" in str(e.value)
    deep = {"class_name": "Functional", "config": {"name": "m", "layers": [], "inputs": [], "outputs": []}}
    for _ in range(12):
        deep = {"class_name": "Functional", "config": {"name": "m", "layers": [
            {"name": "n", "class_name": "Functional", "config": deep["config"], "inputs": []}],
            "inputs": [], "outputs": []}}
    with pytest.raises(ProjectError) as e:
        validate_model_config(deep)
    assert e.value.code == "unknown_layer"
