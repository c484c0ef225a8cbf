"""Hostile and damaged files opened in the window: a clear error, and the open project untouched.

The ``.nbproj`` corpus is built here; the ``.nbm``/``.keras`` corpora are the export tests' own
(``tests/core/export``), reused through File ▸ Import Model.
"""

import json
import os
from pathlib import Path

import pytest

from netbuilder.ui.model_files import import_model_file

ROOT = Path(__file__).resolve().parents[2]
GOOD = ROOT / "netbuilder" / "examples" / "two_branch.nbproj"


def good_json():
    return json.loads(GOOD.read_text())


def with_change(change):
    data = good_json()
    change(data)
    return json.dumps(data).encode()


def set_layer(i, key, value):
    def change(d):
        d["model"]["config"]["layers"][i]["config"][key] = value
    return change


def deep(n=200_000):
    return ('{"format": "netbuilder-project", "version": 1, "model": ' + "[" * n + "]" * n + "}").encode()


#: name -> (file bytes, or None for the special cases below; a fragment of the expected message)
CORPUS = {
    "truncated": (GOOD.read_bytes()[: len(GOOD.read_bytes()) // 2], "not valid JSON"),
    "empty": (b"", "not valid JSON"),
    "non_utf8": ("{\"format\": \"netbuilder-project\", \"description\": \"caf\xe9\"}".encode("latin-1"),
                 "could not be read"),
    "binary_garbage": (bytes(range(256)) * 4, "could not be read"),
    "deeply_nested_json": (deep(), "nested too deeply"),
    "not_an_object": (b"[1, 2, 3]", "not a netbuilder project"),
    "foreign_json": (b'{"name": "package", "version": "1.0"}', "not a netbuilder project"),
    "newer_version": (with_change(lambda d: d.update(version=99)), "newer netbuilder"),
    "version_is_text": (with_change(lambda d: d.update(version="1")), "version"),
    "unknown_layer": (with_change(lambda d: d["model"]["config"]["layers"][1].update(class_name="Transformer")),
                      "unknown type 'Transformer'"),
    "pickle_layer_name": (with_change(lambda d: d["model"]["config"]["layers"][1].update(
        class_name="__reduce__")), "unknown type"),
    "model_is_a_list": (with_change(lambda d: d.update(model=[1, 2])), "not a Keras model config"),
    "layers_not_a_list": (with_change(lambda d: d["model"]["config"].update(layers={"a": 1})), "no 'layers' list"),
    "layer_is_a_string": (with_change(lambda d: d["model"]["config"]["layers"].append("Dense")),
                          "not a {'class_name', 'config'} entry"),
    "layer_config_is_a_list": (with_change(lambda d: d["model"]["config"]["layers"][1].update(config=[1])),
                               "not a {'class_name', 'config'} entry"),
    "dangling_input": (with_change(lambda d: d["model"]["config"]["layers"][1].update(inputs=["nowhere"])),
                       "'nowhere', which is not in the file"),
    "output_not_a_layer": (with_change(lambda d: d["model"]["config"].update(outputs=["ghost"])), "'ghost'"),
    "duplicate_names": (with_change(lambda d: d["model"]["config"]["layers"][2].update(
        name=d["model"]["config"]["layers"][1]["name"])), "two layers are named"),
    "layout_wrong_types": (with_change(lambda d: d.update(layout={"wide": "left"})), "'layout'"),
    "layout_nan": (with_change(lambda d: d.update(layout={"wide": [float("nan"), 0]})), "'layout'"),
    "compile_is_a_list": (with_change(lambda d: d.update(compile=["adam"])), 'compile is ["adam"]; expected an object'),
    "claims_2gb": (None, "too large"),
    "missing": (None, "does not exist"),
    "a_folder": (None, "could not be read"),
}


@pytest.fixture
def opened(win):
    """The window with a project open and edited: what must survive every hostile file."""
    assert win.open_path(GOOD)
    win.scene.select_names(["wide"])
    win.inspector.editors["units"].setValue(77)
    return win, win.doc.to_config(), win.doc.layout(), win.path, win.undo_stack.count()


def write_case(name, tmp_path):
    data, _ = CORPUS[name]
    path = tmp_path / f"{name}.nbproj"
    if name == "claims_2gb":
        with open(path, "wb") as f:  # a sparse 2 GiB file: must be refused before reading it
            f.truncate(2 * 1024 ** 3)
    elif name == "a_folder":
        path.mkdir()
    elif data is not None:
        path.write_bytes(data)
    return path


@pytest.mark.parametrize("name", sorted(CORPUS))
def test_hostile_project_files(opened, name, tmp_path):
    win, config, layout, path, n_undo = opened
    bad = write_case(name, tmp_path)
    before = set(tmp_path.rglob("*"))
    assert not win.open_path(bad)
    message = win.last_error
    assert CORPUS[name][1] in message, message
    assert bad.name in message and "\n" not in message and len(message) < 400
    assert message in win.statusBar().currentMessage()
    # the open project is untouched: same graph, layout, path, undo history, still modified
    assert win.doc.to_config() == config and win.doc.layout() == layout
    assert win.path == path and win.undo_stack.count() == n_undo and win.isWindowModified()
    assert set(tmp_path.rglob("*")) == before  # nothing written beside it


def test_absolute_and_traversal_paths_are_inert(win, tmp_path):
    """Path-like strings in a project (dataset file, layer names) are data: opening reads and writes
    nothing through them, and saving writes only the chosen file."""
    target = tmp_path / "outside" / "victim.txt"
    target.parent.mkdir()
    target.write_text("keep me")

    def change(d):
        d["dataset"] = {"key": "file", "path": str(target), "also": "../../../../etc/passwd"}
        d["description"] = "/etc/shadow"
        d["training"] = {"checkpoint": "../outside/victim.txt"}
    proj = tmp_path / "work" / "paths.nbproj"
    proj.parent.mkdir()
    proj.write_bytes(with_change(change))
    assert win.open_path(proj)
    assert win.training_ui.controller.data is None  # the dataset path was not loaded
    assert win.save_to(proj)
    assert sorted(p.name for p in proj.parent.iterdir()) == ["paths.nbproj"]
    assert target.read_text() == "keep me"
    assert json.loads(proj.read_text())["dataset"]["path"] == str(target)  # kept as data


def test_huge_claimed_layer_sizes_are_problems_not_allocations(win, tmp_path):
    """A layer claiming 2**31 units opens (it is a valid graph) but is refused before allocation,
    with the size named in the Problems list; the window stays usable."""
    bad = tmp_path / "huge.nbproj"
    bad.write_bytes(with_change(set_layer(1, "units", 2 ** 31)))
    assert win.open_path(bad)
    problems = " ".join(str(p) for p in win.problems.problems())
    assert "GiB" in problems or "GB" in problems or "memory" in problems, problems
    assert not win.report.ok
    win.undo_stack.undo() if win.undo_stack.canUndo() else None
    assert win.open_path(GOOD) and win.report.ok


def test_wrong_argument_type_is_a_named_problem(win, tmp_path):
    bad = tmp_path / "units_text.nbproj"
    bad.write_bytes(with_change(set_layer(1, "units", "ten")))
    if win.open_path(bad):  # opened: the problem names the layer; nothing crashed
        assert not win.report.ok
        name = good_json()["model"]["config"]["layers"][1]["config"]["name"]
        assert any(name in str(p) for p in win.problems.problems())
    else:
        assert "units" in win.last_error


# ---------------------------------------------------------------- .nbm / .keras through Import Model

def _nbm_cases():
    from tests.core.export import test_model_file_corpus as C

    return C


@pytest.fixture
def good_nbm(tmp_path):
    from netbuilder.core import layers as L
    from netbuilder.core.models import Sequential

    path = tmp_path / "good.nbm"
    Sequential([L.Input((4,)), L.Dense(3), L.Dense(1)]).save(path)
    return path


@pytest.mark.parametrize("case", sorted(_nbm_cases().CORPUS))
def test_hostile_nbm_import(opened, good_nbm, case, tmp_path):
    C = _nbm_cases()
    win, config, layout, path, n_undo = opened
    change, fragment = C.CORPUS[case]
    bad = tmp_path / f"{case}.nbm"
    if change is None:
        data = good_nbm.read_bytes()
        bad.write_bytes(data[: len(data) // 3])
    else:
        C.rewrite(good_nbm, bad, change)
    before = set(tmp_path.rglob("*"))
    assert not import_model_file(win, bad)
    assert fragment in win.last_error and bad.name in win.last_error and "\n" not in win.last_error
    assert win.doc.to_config() == config and win.doc.layout() == layout and win.path == path
    assert win.undo_stack.count() == n_undo
    assert set(tmp_path.rglob("*")) == before and not (ROOT / "evil.py").exists()


KERAS_CASES = ["truncated", "unknown_layer", "pickle_inside", "path_traversal", "zip_bomb", "damaged_json",
               "wrong_extension"]


@pytest.mark.parametrize("case", KERAS_CASES)
def test_hostile_keras_import(opened, case, tmp_path, monkeypatch):
    import h5py  # noqa: F401
    from netbuilder.core.export import export_keras, keras_archive
    from tests.core.export.test_keras_archive import _rewrite, mlp

    win, config, layout, path, _n_undo = opened
    good = export_keras(mlp(), tmp_path / "good.keras")
    bad = tmp_path / f"{case}.keras"
    if case == "truncated":
        data = Path(good).read_bytes()
        bad.write_bytes(data[: len(data) // 2])
        fragment = "damaged|not a Keras"
    elif case == "unknown_layer":
        def change(e):
            cfg = json.loads(e["config.json"])
            cfg["config"]["layers"][2]["class_name"] = "MultiHeadAttention"
            e["config.json"] = json.dumps(cfg).encode()
        _rewrite(good, bad, change)
        fragment = "MultiHeadAttention"
    elif case == "pickle_inside":
        _rewrite(good, bad, lambda e: e.update({"model.pkl": b"\x80\x04K\x01."}))
        fragment = "unexpected entry"
    elif case == "path_traversal":
        _rewrite(good, bad, lambda e: e.update({"../../evil.py": b"print('owned')"}))
        fragment = "unsafe path"
    elif case == "zip_bomb":
        monkeypatch.setattr(keras_archive, "MAX_ENTRY_BYTES", 100)
        bad = Path(good)
        fragment = "too large"
    elif case == "damaged_json":
        _rewrite(good, bad, lambda e: e.update({"config.json": b"{not json"}))
        fragment = "config.json is damaged"
    else:
        bad = tmp_path / "model.h5"
        bad.write_bytes(b"\x89HDF\r\n")
        fragment = "not a .keras or .nbm"
    before = set(tmp_path.rglob("*"))
    assert not import_model_file(win, bad)
    import re

    assert re.search(fragment, win.last_error), win.last_error
    assert "\n" not in win.last_error
    assert win.doc.to_config() == config and win.doc.layout() == layout and win.path == path
    assert set(tmp_path.rglob("*")) == before and not (tmp_path.parent / "evil.py").exists()


def test_good_keras_import_then_undoable_window(win, tmp_path):
    import h5py  # noqa: F401
    from netbuilder.core.export import export_keras
    from tests.core.export.test_keras_archive import mlp

    path = export_keras(mlp(), tmp_path / "net.keras")
    assert import_model_file(win, path)
    assert [n.class_name for n in win.doc.nodes.values()].count("Dense") == 2
    assert win.report.ok and win.path is None and win.isWindowModified()
    assert os.path.exists(path)
