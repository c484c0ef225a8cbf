"""``.nbproj`` files without a window (``ui/project.py``): the saved JSON, the round trip, and each
damaged file refused with its own reason code, parameters and message (the window translates the
code; the English message names the file and what is wrong).
"""

from __future__ import annotations

import json

import pytest

from netbuilder.ui import project as P
from netbuilder.ui.project import Project, ProjectError, load_project, save_project


def _layer(name, cls="Dense", inputs=(), **config):
    return {"name": name, "class_name": cls, "config": {"name": name, **config}, "inputs": inputs if isinstance(inputs, str) else list(inputs)}


def _functional(layers, outputs=("out",)):
    return {"class_name": "Functional", "config": {"name": "m", "layers": layers, "inputs": ["inp"],
                                                   "outputs": outputs if isinstance(outputs, str) else list(outputs)}}


GOOD_MODEL = _functional([_layer("inp", "InputLayer", batch_shape=[None, 4]),
                          _layer("out", inputs=["inp"], units=2)])


def _file(tmp_path, data, name="p.nbproj"):
    path = tmp_path / name
    path.write_text(data if isinstance(data, str) else json.dumps(data), encoding="utf-8")
    return path


def _project(**extra):
    return {"format": "netbuilder-project", "version": 1, "model": GOOD_MODEL, **extra}


def test_saved_json_and_round_trip(tmp_path):
    proj = Project(model=GOOD_MODEL, layout={"inp": [0, 0], "out": [10.5, -3]},
                   compile={"optimizer": "adam", "loss": "mse", "metrics": ["mae"]},
                   training={"epochs": 3, "batch_size": 8}, description="mine")
    path = tmp_path / "a.nbproj"
    save_project(path, proj)
    text = path.read_text(encoding="utf-8")
    data = json.loads(text)
    assert text.startswith('{\n "format": "netbuilder-project",\n "version": 1,')  # indent=1, key order
    assert data["model"] == GOOD_MODEL and data["layout"] == {"inp": [0, 0], "out": [10.5, -3]}
    assert data["description"] == "mine" and "dataset" not in data  # empty sections are left out
    back = load_project(path)
    assert back.model == GOOD_MODEL and back.layout == proj.layout and back.description == "mine"
    assert back.compile["optimizer"] == "adam" and back.compile["loss"] == "mse"
    assert back.training["epochs"] == 3 and back.training["batch_size"] == 8
    assert [p.name for p in tmp_path.iterdir()] == ["a.nbproj"]  # atomic: no temporary file left


def test_minimal_project_loads_with_empty_sections(tmp_path):
    back = load_project(_file(tmp_path, _project(description=None)))
    assert back.layout == {} and back.description == "" and back.notes == []
    assert Project(model=GOOD_MODEL).to_json() == {"format": "netbuilder-project", "version": 1,
                                                   "model": GOOD_MODEL, "layout": {}}


def _refused(path, code, **params):
    with pytest.raises(ProjectError) as info:
        load_project(path)
    err = info.value
    assert err.code == code
    assert err.params == {"name": path.name, **params}
    assert str(err) == f"Cannot open {path.name}: " + P.REASONS[code].format(**params)
    return err


def test_missing_too_large_unreadable_and_bad_json(tmp_path, monkeypatch):
    _refused(tmp_path / "nowhere.nbproj", "missing")
    _refused(_file(tmp_path, '{"format": "netbuilder-project",\n "version": 1,\n "model": {', "cut.nbproj"),
             "bad_json", line=3, error="Expecting property name enclosed in double quotes")
    bad_utf8 = tmp_path / "latin1.nbproj"
    bad_utf8.write_bytes(b'{"description": "caf\xe9"}')
    err = _refused_any(bad_utf8, "unreadable")
    assert "utf-8" in err.params["error"]
    _refused(_file(tmp_path, "[" * 100000 + "]" * 100000, "deep.nbproj"), "too_deep")
    big = _file(tmp_path, _project(), "big.nbproj")
    monkeypatch.setattr(P, "MAX_PROJECT_BYTES", big.stat().st_size - 1)
    _refused(big, "too_large", size=f"{big.stat().st_size / 1024 ** 2:,.0f}", limit=0)
    monkeypatch.setattr(P, "MAX_PROJECT_BYTES", big.stat().st_size)
    assert load_project(big).model == GOOD_MODEL  # exactly at the limit: read


def _refused_any(path, code):
    with pytest.raises(ProjectError) as info:
        load_project(path)
    assert info.value.code == code and info.value.params["name"] == path.name
    return info.value


def test_the_real_size_limit_is_64_mib():
    assert P.MAX_PROJECT_BYTES == 64 * 1024 ** 2


@pytest.mark.parametrize("data, code, params", [
    ({"hello": "world"}, "not_project", {}),
    ([1, 2], "not_project", {}),
    ({"format": "keras", "version": 1, "model": GOOD_MODEL}, "not_project", {}),
    (_project(version=2), "newer_version", {"version": "2"}),
    (_project(version="1"), "newer_version", {"version": "'1'"}),
    ({"format": "netbuilder-project", "model": GOOD_MODEL}, "newer_version", {"version": "None"}),
    (_project(model={"class_name": "Quantum", "config": {}}), "not_model", {}),
    (_project(model=[1]), "not_model", {}),
    (_project(model={"class_name": "Functional", "config": {"layers": {}}}), "no_layers", {}),
    (_project(model={"class_name": "Sequential"}), "no_layers", {}),
    (_project(model=_functional([_layer("inp", "InputLayer"), "dense"])), "bad_layer_entry", {"index": 2}),
    (_project(model=_functional([{"name": "x", "class_name": 3, "config": {}}])), "bad_layer_entry", {"index": 1}),
    (_project(model=_functional([{"name": "x", "class_name": "Dense", "config": []}])), "bad_layer_entry",
     {"index": 1}),
    (_project(model=_functional([_layer("inp", "InputLayer"), _layer("q", "Quantum")])), "unknown_layer",
     {"index": 2, "type": "'Quantum'"}),
    (_project(model=_functional([{"class_name": "Dense", "config": {"units": 2}}])), "unnamed_layer", {"index": 1}),
    (_project(model=_functional([{"name": "", "class_name": "Dense", "config": {}}])), "unnamed_layer", {"index": 1}),
    (_project(model=_functional([_layer("inp", "InputLayer"), _layer("inp", inputs=["inp"], units=2)])),
     "duplicate_name", {"layer": "'inp'"}),
    (_project(model=_functional([_layer("inp", "InputLayer"), _layer("out", inputs=["ghost"], units=2)])),
     "dangling_input", {"layer": "'out'", "ref": "'ghost'"}),
    (_project(model=_functional([_layer("inp", "InputLayer"), _layer("out", inputs=[["ghost", 0, 0]], units=2)])),
     "dangling_input", {"layer": "'out'", "ref": '["ghost", 0, 0]'}),
    (_project(model=_functional([_layer("inp", "InputLayer"), _layer("out", inputs=["inp"], units=2)],
                                outputs=["nope"])), "bad_output", {"ref": "'nope'"}),
    (_project(layout={"inp": [0]}), "bad_layout", {}),
    (_project(layout={"inp": [0, float("nan")]}), "bad_layout", {}),
    (_project(layout={"inp": [0, 1e9]}), "bad_layout", {}),
    (_project(layout={"inp": ["0", 1]}), "bad_layout", {}),
    (_project(layout=[1, 2]), "bad_layout", {}),
])
def test_each_damaged_file_is_refused_with_its_reason(tmp_path, data, code, params):
    _refused(_file(tmp_path, json.dumps(data) if not isinstance(data, str) else data), code, **params)


def test_references_may_be_a_single_name_and_sequential_layers_need_no_names(tmp_path):
    single = _functional([_layer("inp", "InputLayer", batch_shape=[None, 4]), _layer("out", inputs="inp", units=2)],
                         outputs="out")
    assert load_project(_file(tmp_path, _project(model=single))).model == single
    seq = {"class_name": "Sequential", "config": {"name": "s", "layers": [
        {"class_name": "InputLayer", "config": {"batch_shape": [None, 4]}}, {"class_name": "Dense", "config": {"units": 2}},
        {"class_name": "Dense", "config": {"units": 2}}]}}
    assert load_project(_file(tmp_path, _project(model=seq), "seq.nbproj")).model == seq
    layout_edge = _project(layout={"inp": [999999999.0, -999999999]})
    assert load_project(_file(tmp_path, layout_edge, "edge.nbproj")).layout["inp"] == [999999999.0, -999999999]


def test_a_wrong_value_in_a_section_names_key_value_and_expectation(tmp_path):
    err = _refused_any(_file(tmp_path, _project(description=5)), "bad_value")
    assert err.refused is not None and err.params["key"] == err.refused.key
    assert err.params["expected"] == err.refused.expected.english
    assert str(err).startswith(f"Cannot open p.nbproj: {err.refused.key} is ")


def test_fail_is_the_public_raiser(tmp_path):
    with pytest.raises(ProjectError) as info:
        P.fail(tmp_path / "x.nbproj", "bad_graph", error="cycle")
    assert str(info.value) == "Cannot open x.nbproj: its network cannot be placed on the canvas (cycle)"
    assert info.value.params == {"name": "x.nbproj", "error": "cycle"} and info.value.refused is None


def _shared_model(dense_calls, outputs):
    """inp -> d (shared: its later calls listed in "calls") -> outputs."""
    layers = [_layer("inp", "InputLayer", batch_shape=[None, 4]), _layer("d", inputs=["inp"], units=4)]
    layers[1]["calls"] = dense_calls
    return _functional(layers, outputs=outputs)


def test_shared_layer_calls_are_checked(tmp_path):
    """A shared layer's later calls ("calls", core.models.config) are references like "inputs";
    ``[name, 0, k]`` reads its call ``k``, which must exist."""
    ok = _shared_model([[["d", 0, 0]]], [["d", 0, 1]])
    assert load_project(_file(tmp_path, _project(model=ok))).model == ok
    _refused(_file(tmp_path, _project(model=_shared_model([[["d", 0, 0]]], [["d", 0, 2]])), "o.nbproj"),
             "bad_output", ref='["d", 0, 2]')
    _refused(_file(tmp_path, _project(model=_shared_model([[["ghost", 0, 0]]], ["d"])), "g.nbproj"),
             "dangling_input", layer="'d'", ref='["ghost", 0, 0]')
    _refused(_file(tmp_path, _project(model=_shared_model([[["d", 0, 2]]], ["d"])), "c.nbproj"),
             "dangling_input", layer="'d'", ref='["d", 0, 2]')  # d has calls 0 and 1 only
    _refused(_file(tmp_path, _project(model=_shared_model([[["d", 0, True]]], ["d"])), "b.nbproj"),
             "dangling_input", layer="'d'", ref='["d", 0, true]')
    _refused(_file(tmp_path, _project(model=_shared_model([[["d", 0, -1]]], ["d"])), "n.nbproj"),
             "dangling_input", layer="'d'", ref='["d", 0, -1]')
    _refused(_file(tmp_path, _project(model=_shared_model("d", ["d"])), "s.nbproj"), "bad_layer_entry", index=2)
    _refused(_file(tmp_path, _project(model=_shared_model(["d"], ["d"])), "l.nbproj"), "bad_layer_entry", index=2)
    inp_called = _shared_model([], ["d"])
    inp_called["config"]["layers"][0]["calls"] = [["d"]]
    _refused(_file(tmp_path, _project(model=inp_called), "i.nbproj"), "bad_layer_entry", index=1)


def test_a_model_used_as_a_layer_is_checked_inside(tmp_path):
    inner_ok = {"name": "block", "class_name": "Sequential", "config": {"name": "block", "layers": [
        {"class_name": "InputLayer", "config": {"batch_shape": [None, 4]}}, {"class_name": "Dense", "config": {"units": 3}}]},
        "inputs": ["inp"]}
    model = _functional([_layer("inp", "InputLayer", batch_shape=[None, 4]), inner_ok], outputs=["block"])
    assert load_project(_file(tmp_path, _project(model=model))).model == model
    bad_inner = json.loads(json.dumps(inner_ok))
    bad_inner["config"]["layers"][1]["class_name"] = "Quantum"
    bad = _functional([_layer("inp", "InputLayer", batch_shape=[None, 4]), bad_inner], outputs=["block"])
    _refused(_file(tmp_path, _project(model=bad), "bad.nbproj"), "unknown_layer", index=2, type="'Quantum'")
    nested_functional = {"name": "f", "class_name": "Functional", "config": _functional(
        [_layer("inp", "InputLayer", batch_shape=[None, 4]), _layer("out", inputs=["ghost"], units=2)])["config"],
        "inputs": ["inp"]}
    outer = _functional([_layer("inp", "InputLayer", batch_shape=[None, 4]), nested_functional], outputs=["f"])
    _refused(_file(tmp_path, _project(model=outer), "nf.nbproj"), "dangling_input", layer="'out'", ref="'ghost'")
    as_model = {"class_name": "Model", "config": GOOD_MODEL["config"]}
    assert load_project(_file(tmp_path, _project(model=as_model), "m.nbproj")).model == as_model


def test_nesting_deeper_than_the_limit_is_refused(tmp_path):
    def nest(depth):
        layers = [{"class_name": "InputLayer", "config": {"batch_shape": [None, 4]}}]
        layers.append({"class_name": "Dense", "config": {"units": 2}} if depth == 0 else
                      {"class_name": "Sequential", "config": {"name": f"s{depth}", "layers": nest(depth - 1)}})
        return layers

    ok = {"class_name": "Sequential", "config": {"name": "top", "layers": nest(P.MAX_NESTING)}}
    assert load_project(_file(tmp_path, _project(model=ok))).model == ok
    deep = {"class_name": "Sequential", "config": {"name": "top", "layers": nest(P.MAX_NESTING + 1)}}
    with pytest.raises(ProjectError):
        load_project(_file(tmp_path, _project(model=deep), "deep.nbproj"))


def test_names_may_sit_in_the_config_and_must_be_strings(tmp_path):
    by_config = _functional([{"class_name": "InputLayer", "config": {"name": "inp", "batch_shape": [None, 4]}},
                             {"class_name": "Dense", "config": {"name": "out", "units": 2}, "inputs": [["inp", 0]]}])
    assert load_project(_file(tmp_path, _project(model=by_config))).model == by_config  # [name, node] refs too
    twice = _functional([{"class_name": "InputLayer", "config": {"name": "inp"}},
                         {"class_name": "Dense", "config": {"name": "inp", "units": 2}, "inputs": ["inp"]}])
    _refused(_file(tmp_path, _project(model=twice), "t.nbproj"), "duplicate_name", layer="'inp'")
    numbered = _functional([_layer("inp", "InputLayer"), {"name": 5, "class_name": "Dense", "config": {}}])
    _refused(_file(tmp_path, _project(model=numbered), "n.nbproj"), "unnamed_layer", index=2)
    seq = {"class_name": "Sequential", "config": {"name": "s", "layers": [
        {"class_name": "InputLayer", "config": {"batch_shape": [None, 4]}, "inputs": ["ghost"]},
        {"class_name": "Dense", "config": {"units": 2}}], "outputs": ["nowhere"]}}
    assert load_project(_file(tmp_path, _project(model=seq), "s.nbproj")).model == seq  # no references in a chain


def test_long_names_are_cut_in_messages(tmp_path):
    for n in (60, 61):
        name = "x" * n
        model = _functional([_layer(name, "InputLayer"), _layer(name, inputs=[name], units=2)], outputs=[name])
        err = _refused_any(_file(tmp_path, _project(model=model), f"l{n}.nbproj"), "duplicate_name")
        assert (err.params["layer"] == repr(name)) == (n == 60)


def test_defaults_of_the_module_helpers(tmp_path):
    big = tmp_path / "big.nbproj"
    big.write_text(json.dumps(_project(description="x" * (5 * 1024 ** 2 // 2))), encoding="utf-8")
    old = P.MAX_PROJECT_BYTES
    try:
        P.MAX_PROJECT_BYTES = 2 * 1024 ** 2
        err = _refused_any(big, "too_large")
        assert err.params["limit"] == 2 and err.params["size"] == f"{big.stat().st_size / 1024 ** 2:,.0f}" == "3"
    finally:
        P.MAX_PROJECT_BYTES = old
    with pytest.raises(ProjectError) as info:
        P.validate_model_config({"class_name": "Quantum"})
    assert str(info.value) == "Cannot open project: " + P.REASONS["not_model"]
    marker = object()
    with pytest.raises(ProjectError) as info:
        P.fail("x.nbproj", "bad_value", refused=marker, key="k", value="v", expected="e")
    assert info.value.refused is marker
    back = load_project(_file(tmp_path, {k: v for k, v in _project().items()}, "plain.nbproj"))
    assert back.description == ""


def test_a_refused_value_is_named_with_its_value(tmp_path):
    err = _refused_any(_file(tmp_path, _project(description=5)), "bad_value")
    assert err.params["value"] == err.refused.value and err.params["key"] == "description"


def test_reference_helpers_read_names_outputs_and_calls():
    """``["lstm", 1]`` reads the layer's second output; a bare name or a one-element list its first; an index
    that is not a non-negative int reads as -1 (refused by the checks); a name must be a string."""
    assert P._ref_index("d") == 0 and P._ref_index(["d"]) == 0 and P._ref_index(["d", 0]) == 0
    assert P._ref_index(["d", 2]) == 2 and P._ref_index(["d", 2, 1]) == 2
    assert P._ref_index(["d", -3]) == -1 and P._ref_index(["d", True]) == -1 and P._ref_index(["d", "x"]) == -1
    assert P._ref_name("d") == "d" and P._ref_name(["d", 0]) == "d"
    assert P._ref_name(5) is None and P._ref_name([5, 0]) is None and P._ref_name([]) is None


def test_a_negative_output_index_is_refused_in_inputs_and_outputs(tmp_path):
    one = _functional([_layer("inp", "InputLayer", batch_shape=[None, 4]), _layer("out", inputs=[["inp", 0]], units=2)])
    assert load_project(_file(tmp_path, _project(model=one))).model == one
    single = _functional([_layer("inp", "InputLayer", batch_shape=[None, 4]), _layer("out", inputs=[["inp"]], units=2)])
    assert load_project(_file(tmp_path, _project(model=single), "s.nbproj")).model == single
    neg_in = _functional([_layer("inp", "InputLayer", batch_shape=[None, 4]), _layer("out", inputs=[["inp", -1]], units=2)])
    _refused(_file(tmp_path, _project(model=neg_in), "i.nbproj"), "dangling_input", layer="'out'", ref='["inp", -1]')
    neg_out = _functional([_layer("inp", "InputLayer", batch_shape=[None, 4]), _layer("out", inputs=["inp"], units=2)],
                          outputs=[["out", -1]])
    _refused(_file(tmp_path, _project(model=neg_out), "o.nbproj"), "bad_output", ref='["out", -1]')


def test_names_given_only_beside_the_config_are_enough(tmp_path):
    """Keras writes a layer's name in its config; a file may also give it only at the entry's top level."""
    layers = [{"name": "inp", "class_name": "InputLayer", "config": {"batch_shape": [None, 4]}, "inputs": []},
              {"name": "out", "class_name": "Dense", "config": {"units": 2}, "inputs": ["inp"]}]
    model = _functional(layers)
    assert load_project(_file(tmp_path, _project(model=model))).model == model


def test_a_model_entry_of_class_model_is_checked_as_a_model(tmp_path):
    inner = {"name": "block", "class_name": "Model", "config": GOOD_MODEL["config"], "inputs": ["inp"]}
    model = _functional([_layer("inp", "InputLayer", batch_shape=[None, 4]), inner], outputs=["block"])
    assert load_project(_file(tmp_path, _project(model=model))).model == model


def test_description_and_notes_come_back_from_the_file(tmp_path):
    plain = load_project(_file(tmp_path, _project()))
    assert plain.description == "" and plain.notes == []
    clamped = _project(description="Chollet 3.4", dataset={"case": "playground", "name": "spirals",
                                                            "params": {"samples": 3, "noise": 0.1}})
    loaded = load_project(_file(tmp_path, clamped, "c.nbproj"))
    assert loaded.description == "Chollet 3.4"
    assert [n.key for n in loaded.notes] == ["dataset.params.samples"]  # what was changed on the way in
