"""``[layer, index]`` references (a layer reading an LSTM's state) survive the canvas, the project file,
undo and the Keras code; what the canvas cannot draw is refused with a message naming the layer."""

import json

import pytest

from netbuilder.core.models import analyze_config, model_from_config
from netbuilder.ui import commands
from netbuilder.ui.graph_model import GraphDocument, state_from_config
from netbuilder.ui.keras_code import keras_code
from netbuilder.ui.project import FORMAT, VERSION, Project, load_project, save_project


def _entry(cls, name, inputs, **cfg):
    return {"name": name, "class_name": cls, "config": {"name": name, **cfg}, "inputs": inputs}


def lstm_state_model(ref=("lstm", 2), outputs=("dense",)):
    """Input (5, 3) → LSTM(4, return_state) → Dense(2) on ``ref`` (2: the cell state c)."""
    return {"class_name": "Functional", "config": {"name": "m", "layers": [
        _entry("InputLayer", "inp", [], batch_shape=[None, 5, 3]),
        _entry("LSTM", "lstm", ["inp"], units=4, return_state=True),
        _entry("Dense", "dense", [list(ref)], units=2)],
        "inputs": ["inp"], "outputs": list(outputs)}}


def _dense_inputs(doc):
    return next(e for e in doc.to_config()["config"]["layers"] if e["name"] == "dense")["inputs"]


def test_the_index_survives_the_document_undo_rename_and_a_project_file(tmp_path):
    doc = GraphDocument()
    doc.load_config(lstm_state_model())
    assert doc.nodes["dense"].taps == {"lstm": 2}
    assert _dense_inputs(doc) == [["lstm", 2]]
    assert analyze_config(doc.to_config()["config"]).shapes["dense"] == (None, 2)
    rename = commands.rename(doc, "lstm", "encoder")
    rename.redo()
    assert _dense_inputs(doc) == [["encoder", 2]]
    rename.undo()
    assert _dense_inputs(doc) == [["lstm", 2]]
    path = tmp_path / "state.nbproj"
    save_project(path, Project(model=doc.to_config(), layout=doc.layout()))
    again = GraphDocument()
    again.load_config(load_project(path).model)
    assert _dense_inputs(again) == [["lstm", 2]]
    again.connect("inp", "dense")  # a connection drawn by hand reads the first output
    again.connect("lstm", "dense")
    assert _dense_inputs(again) == ["lstm"] and again.nodes["dense"].taps == {}


def test_a_shared_layers_call_keeps_the_index_too():
    cfg = lstm_state_model()
    cfg["config"]["layers"].append(_entry("InputLayer", "inp2", [], batch_shape=[None, 5, 3]))
    cfg["config"]["layers"][1]["calls"] = [["inp2"]]  # the LSTM called again on inp2
    cfg["config"]["layers"].append(_entry("Dense", "dense2", [["lstm", 1, 1]], units=2))
    cfg["config"]["inputs"].append("inp2")
    cfg["config"]["outputs"].append("dense2")
    doc = GraphDocument()
    doc.load_config(cfg)
    layers = {e["name"]: e for e in doc.to_config()["config"]["layers"]}
    assert layers["dense2"]["inputs"] == [["lstm", 1, 1]] and layers["dense"]["inputs"] == [["lstm", 2]]


def test_keras_code_reads_the_same_output_as_the_engine(tmp_path):
    """Real Keras runs the code view's text; with netbuilder's weights both give the same numbers,
    which they would not if the code read the LSTM's output or h instead of its cell state c."""
    import keras

    from tests.core.export.helpers import inputs_for, randomize
    from tests.core.keras_equivalence import assert_same_outputs, send_weights

    cfg = lstm_state_model(outputs=("dense", "dense0"))
    cfg["config"]["layers"].append(_entry("Dense", "dense0", ["lstm"], units=3))  # output 0, by name
    code = keras_code(cfg)
    assert "lstm[2]" in code and "lstm[0]" in code and "models.Sequential(" not in code
    ns = {}
    exec(compile(code.replace("model.summary()", ""), "<keras_code>", "exec"), ns)
    theirs = ns["model"]
    assert isinstance(theirs, keras.Model) and theirs.output_shape == [(None, 2), (None, 3)]
    ours = randomize(model_from_config(cfg), seed=3, scale=0.3)
    send_weights(ours, theirs, tmp_path)
    assert_same_outputs(ours, theirs, inputs_for(ours, n=3)[0], rtol=1e-4, atol=1e-5)


@pytest.mark.parametrize("case", ["two_outputs_of_one_layer", "model_output_index"])
def test_what_the_canvas_cannot_draw_is_refused_naming_the_layer(case, win, tmp_path):
    if case == "two_outputs_of_one_layer":
        cfg = lstm_state_model()
        cfg["config"]["layers"][2] = _entry("Concatenate", "dense", [["lstm", 1], ["lstm", 2]])
        said = ("dense", "lstm")
    else:
        cfg = lstm_state_model(outputs=("dense", ["lstm", 1]))
        said = ("['lstm', 1]", "lstm")
    with pytest.raises(ValueError) as info:
        state_from_config(cfg)
    assert all(word in str(info.value) for word in said)
    path = tmp_path / "odd.nbproj"
    path.write_text(json.dumps({"format": FORMAT, "version": VERSION, "model": cfg}), encoding="utf-8")
    win.open_example("mnist_dense")
    before = win.doc.state()
    assert not win.open_path(path)
    assert win.doc.state() == before
    assert "odd.nbproj" in win.last_error and said[0] in win.last_error


def test_a_bad_index_in_a_project_file_is_refused(tmp_path):
    from netbuilder.ui.project import ProjectError

    path = tmp_path / "bad.nbproj"
    cfg = lstm_state_model(ref=("lstm", "h"))
    path.write_text(json.dumps({"format": FORMAT, "version": VERSION, "model": cfg}), encoding="utf-8")
    with pytest.raises(ProjectError) as info:
        load_project(path)
    assert info.value.code == "dangling_input" and info.value.params["layer"] == "'dense'"


def test_the_canvas_shows_which_output_a_connection_carries(win, tmp_path):
    path = tmp_path / "state.nbproj"
    save_project(path, Project(model=lstm_state_model()))
    assert win.open_path(path)
    edges = {(e.src.name, e.dst.name): e for e in win.scene.edges}
    assert edges[("lstm", "dense")].index == 2 and edges[("inp", "lstm")].index == 0
    assert "output 2 of lstm → dense" in edges[("lstm", "dense")].toolTip()
    assert "lstm[2]" in win.code_view.toPlainText()
    assert win.report.shapes["dense"] == (None, 2) and not win.problems.problems()


def test_copy_and_paste_keep_the_output_a_connection_reads():
    doc = GraphDocument()
    doc.load_config(lstm_state_model())
    items = [doc.nodes[n].to_dict() for n in ("lstm", "dense")]
    cmd = commands.checked_paste(doc, items)
    cmd.redo()
    new_lstm, new_dense = cmd.result
    assert doc.nodes[new_dense].inputs == [new_lstm] and doc.nodes[new_dense].taps == {new_lstm: 2}
    hostile = [dict(items[0]), dict(items[1], taps={"lstm": "h"})]  # a damaged index reads the first output
    cmd = commands.checked_paste(doc, hostile)
    cmd.redo()
    assert doc.nodes[cmd.result[1]].taps == {}
