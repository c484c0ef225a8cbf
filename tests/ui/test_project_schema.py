"""Hostile values in a project file's sections: refused before anything changes, or clamped with a note.

The window tests open a good project, edit it, then open a hostile file: a refusal must leave the
document, its layout, path and undo history as they were, and Save must write the previous
project's own content — the data-loss path of issue 24 (the canvas used to be replaced before the
settings form raised, and the next Save overwrote the first project with the second network).
"""

import json
import math
import sys
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from netbuilder.ui import project, project_schema
from netbuilder.ui.project import ProjectError, load_project

ROOT = Path(__file__).resolve().parents[2]
GOOD = ROOT / "netbuilder" / "examples" / "two_branch.nbproj"


def good_json():
    return json.loads(GOOD.read_text())


def write(tmp_path, data, name="bad.nbproj"):
    path = tmp_path / name
    path.write_text(json.dumps(data, allow_nan=True))
    return path


def changed(section, key, value):
    data = good_json()
    data.setdefault(section, {})[key] = value
    return data


#: The sixteen variants that replaced the canvas and then raised (issue 24), and the key each names.
REFUSED = [
    ("training", "epochs", "abc", "training.epochs"),
    ("training", "batch_size", None, "training.batch_size"),
    ("training", "validation_split", "half", "training.validation_split"),
    ("training", "seed", "x", "training.seed"),
    ("training", "epochs", math.inf, "training.epochs"),
    ("training", "early_stopping", 3, "training.early_stopping"),
    ("compile", "optimizer", 3, "compile.optimizer"),
    ("compile", "optimizer", {"config": {}}, "compile.optimizer"),
    ("compile", "optimizer", {"class_name": "Adam", "config": {"learning_rate": "fast"}},
     "compile.optimizer.config.learning_rate"),
    ("compile", "optimizer", {"class_name": "Adam", "config": [1, 2]}, "compile.optimizer.config"),
    ("compile", "loss", 3, "compile.loss"),
    ("compile", "metrics", 3, "compile.metrics"),
    ("compile", "metrics", [["accuracy"]], "compile.metrics"),
    ("training", "shuffle", "yes", "training.shuffle"),
    ("training", "k_folds", 2.5, "training.k_folds"),
    ("training", "validation_mode", "all of them", "training.validation_mode"),
]

#: Well-typed values out of the form's range: opened, clamped, with a note naming the key.
CLAMPED = [
    ("training", "batch_size", 10 ** 30, 1_000_000),
    ("training", "epochs", 0, 1),
    ("training", "epochs", 10 ** 9, 100_000),
    ("training", "validation_split", 5.0, 0.9),
    ("training", "seed", -3, 0),
    ("training", "k_folds", 50, 10),
]


# ------------------------------------------------------------------ the schema, without a window
@pytest.mark.parametrize("section,key,value,named", REFUSED)
def test_wrong_types_are_refused_naming_key_value_and_expectation(tmp_path, section, key, value, named):
    path = write(tmp_path, changed(section, key, value))
    with pytest.raises(ProjectError) as info:
        load_project(path)
    exc = info.value
    assert exc.code == "bad_value" and exc.refused.key == named
    text = str(exc)
    assert text.startswith("Cannot open bad.nbproj: " + named + " is ")
    assert "expected" in text and "\n" not in text and len(text) < 400


@pytest.mark.parametrize("section,key,value,clamped", CLAMPED)
def test_out_of_range_values_are_clamped_with_a_note(tmp_path, section, key, value, clamped):
    proj = load_project(write(tmp_path, changed(section, key, value)))
    assert getattr(proj, section)[key] == clamped
    (note,) = proj.notes
    assert note.key == f"{section}.{key}" and "changed to" in note.english


def test_unknown_metric_is_left_out_with_a_note_known_spellings_kept(tmp_path):
    proj = load_project(write(tmp_path, changed("compile", "metrics", ["accuracy", "no_such_metric", "mae", "auc"])))
    assert proj.compile["metrics"] == ["accuracy", "mae", "AUC"]
    (note,) = proj.notes
    assert note.key == "compile.metrics[1]" and note.new is None


def test_the_files_own_spellings_are_kept(tmp_path):
    """'rmsprop', 'mse' and 'mae' are what the book writes; the form reads them, so they stay."""
    data = good_json()
    data["compile"] = {"optimizer": "rmsprop", "loss": "mse", "metrics": ["mae"]}
    proj = load_project(write(tmp_path, data))
    assert proj.compile == data["compile"] and proj.notes == []


def test_optimizer_ranges_are_the_engines(tmp_path):
    """A value the optimizer itself refuses names the argument and the engine's reason."""
    bad = {"class_name": "Adam", "config": {"beta_1": 5}}
    with pytest.raises(ProjectError) as info:
        load_project(write(tmp_path, changed("compile", "optimizer", bad)))
    assert info.value.refused.key == "compile.optimizer.config.beta_1"
    assert "beta_1 must be a number in [0, 1)" in str(info.value)


def test_unknown_keys_are_kept_as_data(tmp_path):
    data = changed("training", "my_note", {"nested": [1, 2, 3]})
    proj = load_project(write(tmp_path, data))
    assert proj.training["my_note"] == {"nested": [1, 2, 3]}


def test_hostile_model_references_are_refused_not_raised(tmp_path):
    for change in (lambda d: d["model"]["config"].update(outputs=[3]),
                   lambda d: d["model"]["config"].update(outputs=[[["x"]]]),
                   lambda d: d["model"]["config"]["layers"][1].update(inputs=7),
                   lambda d: d["model"]["config"]["layers"][1].update(inputs=[[{"a": 1}]])):
        data = good_json()
        change(data)
        with pytest.raises(ProjectError):
            load_project(write(tmp_path, data))


def test_english_texts_are_the_translators_texts():
    """The Qt-free modules and the i18n table hold the same English, so every message is translatable."""
    from netbuilder.ui.i18n import project_errors

    assert project_errors.REASONS == project.REASONS
    assert project_errors.EXPECTED == project_schema.EXPECTED
    note = project_schema.Note("k", "v", "n", project_schema.Expected("bool", {}))
    assert project_errors.NOTE_CHANGED.format(key="k", value="v", new="n", expected="true or false") == note.english


def test_messages_in_chinese(qapp, tmp_path):
    from netbuilder.ui import i18n
    from netbuilder.ui.i18n import project_errors

    path = write(tmp_path, changed("training", "epochs", "abc"))
    with pytest.raises(ProjectError) as info:
        load_project(path)
    clamped = load_project(write(tmp_path, changed("training", "epochs", 10 ** 9), "big.nbproj")).notes[0]
    i18n.set_language("zh_CN")
    try:
        text = project_errors.render(info.value)
        note = project_errors.render_note(clamped)
    finally:
        i18n.set_language("en")
    assert "training.epochs" in text and "bad.nbproj" in text and "Cannot open" not in text
    assert any("\u4e00" <= c <= "\u9fff" for c in text), text
    assert "100000" in note and any("\u4e00" <= c <= "\u9fff" for c in note), note


# ------------------------------------------------------------------ in the window
@pytest.fixture
def opened(win, tmp_path):
    """A copy of a good project opened and edited: what must survive every hostile file."""
    mine = tmp_path / "mine" / "first.nbproj"
    mine.parent.mkdir()
    data = good_json()
    data["training"] = {"epochs": 7, "batch_size": 64}
    mine.write_text(json.dumps(data))
    assert win.open_path(mine)
    win.scene.select_names(["wide"])
    win.inspector.editors["units"].setValue(77)
    return win


def snapshot(win):
    return (win.doc.to_config(), win.doc.layout(), win.path, win.undo_stack.count(),
            win.current_project().to_json())


def assert_unchanged_and_saves_own_content(win, before):
    config, layout, path, n_undo, content = before
    assert win.doc.to_config() == config and win.doc.layout() == layout
    assert win.path == path and win.undo_stack.count() == n_undo and win.isWindowModified()
    assert win.save()
    assert json.loads(path.read_text()) == content  # the previous project's own content, not the other's


@pytest.mark.parametrize("section,key,value,named", REFUSED)
def test_refused_file_leaves_the_open_project_and_its_path(opened, tmp_path, section, key, value, named):
    win = opened
    before = snapshot(win)
    bad = write(tmp_path, changed(section, key, value))
    assert not win.open_path(bad)
    assert named in win.last_error and "bad.nbproj" in win.last_error
    assert win.training_ui.config_panel.epochsSpin.value() == 7  # the form is the open project's too
    assert_unchanged_and_saves_own_content(win, before)


def test_clamped_file_opens_and_says_what_it_changed(opened, tmp_path):
    win = opened
    path = write(tmp_path, changed("training", "batch_size", 10 ** 30))
    assert win.open_path(path)
    assert win.path == path and win.training_ui.config_panel.batchSizeSpin.value() == 1_000_000
    assert len(win.last_notes) == 1 and "training.batch_size" in win.last_notes[0]
    assert "training.batch_size" in win.statusBar().currentMessage()


def test_settings_of_the_previous_project_do_not_leak(opened, tmp_path):
    """A project without a training section gets the form's defaults, not the last project's values."""
    win = opened
    data = good_json()
    data.pop("training", None)
    assert win.open_path(write(tmp_path, data, "plain.nbproj"))
    assert win.training_ui.config_panel.epochsSpin.value() == 10


# Values a careless or curious learner (or a damaged file) puts anywhere.
HOSTILE = st.one_of(
    st.none(), st.booleans(), st.integers(min_value=-(10 ** 40), max_value=10 ** 40),
    st.floats(allow_nan=True, allow_infinity=True), st.text(max_size=30),
    st.just(""), st.just([]), st.just({}), st.just("x" * 100_000),
    st.recursive(st.integers() | st.text(max_size=5), lambda c: st.lists(c, max_size=3)
                 | st.dictionaries(st.text(max_size=5), c, max_size=3), max_leaves=10),
    st.just(json.loads("[" * 300 + "]" * 300)),
)


def paths(obj, prefix=()):
    """Every key path of ``obj`` (dict keys and list indexes), the root excluded."""
    if isinstance(obj, dict):
        items = obj.items()
    elif isinstance(obj, list):
        items = enumerate(obj)
    else:
        return
    for k, v in items:
        yield prefix + (k,)
        yield from paths(v, prefix + (k,))


ALL_PATHS = sorted(paths(good_json()), key=repr)


def set_path(data, path, value):
    target = data
    for k in path[:-1]:
        target = target[k]
    target[path[-1]] = value


@settings(max_examples=int(__import__("os").environ.get("NB_FUZZ_EXAMPLES", 120)), deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(where=st.sampled_from(ALL_PATHS), value=HOSTILE)
def test_any_key_any_hostile_value(opened, tmp_path, where, value):
    """Mutate one key of a valid project anywhere (model, layout, sections) to a hostile value:
    either refused with a message and nothing changed, or opened whole — never half-way, and no
    exception escapes a slot."""
    win = opened
    if win.path.name != "first.nbproj":  # an earlier example opened its file: start again from ours
        assert win.open_path(tmp_path / "mine" / "first.nbproj")
        win.inspector.editors["units"].setValue(77) if "units" in win.inspector.editors else None
    before = snapshot(win)
    data = good_json()
    set_path(data, where, value)
    path = write(tmp_path, data, "hostile.nbproj")
    hook_seen = []
    old_hook, sys.excepthook = sys.excepthook, lambda *exc: hook_seen.append(exc)
    try:
        ok = win.open_path(path)
    finally:
        sys.excepthook = old_hook
    assert hook_seen == []
    if ok:
        assert win.path == path and win.undo_stack.count() == 0
        assert win.current_project().model == win.doc.to_config()
    else:
        assert "hostile.nbproj" in win.last_error and "\n" not in win.last_error
        config, layout, old_path, n_undo, content = before
        assert win.doc.to_config() == config and win.doc.layout() == layout
        assert win.path == old_path and win.undo_stack.count() == n_undo
        assert win.current_project().to_json() == content


# ------------------------------------------------------------------ starting
def test_a_bad_most_recent_project_does_not_stop_the_start(win, tmp_path):
    from netbuilder.ui.app import START_EXAMPLE, open_initial

    bad = write(tmp_path, changed("training", "epochs", "abc"))
    good = tmp_path / "good.nbproj"
    good.write_text(GOOD.read_text())
    win.settings.setValue("recentFiles", [str(bad.resolve()), str(good.resolve())])
    open_initial(win, [])
    assert "training.epochs" in win.last_error  # reported
    assert win.path is None and win.display_name == START_EXAMPLE.replace("_", " ")  # started on the example
    assert str(bad.resolve()) not in win.recent_files() and str(good.resolve()) in win.recent_files()
    assert bad.exists()  # the file itself is the learner's: untouched
    win.last_error = None
    open_initial(win, [])  # the next start: reported once, so now the next recent one opens
    assert win.last_error is None and win.path == good.resolve() or win.path == good


def test_a_bad_project_on_the_command_line_starts_on_the_example(win, tmp_path):
    from netbuilder.ui.app import START_EXAMPLE, open_initial

    open_initial(win, [str(write(tmp_path, changed("compile", "metrics", [["x"]])))])
    assert "compile.metrics" in win.last_error
    assert win.display_name == START_EXAMPLE.replace("_", " ") and win.doc.nodes


def test_a_hostile_recovery_file_is_reported_and_kept(win, tmp_path):
    from netbuilder.ui.recovery import Recovery

    folder = tmp_path / "recovery"
    folder.mkdir()
    data = changed("training", "batch_size", None)
    data["recovery"] = {"path": None, "display": "lost work", "pid": 999_999_999, "time": 0}
    (folder / "autosave-999999999.nbproj").write_text(json.dumps(data))
    rec = Recovery(win, folder=folder, prompt=lambda info: True)
    assert not rec.offer_restore()
    assert "training.batch_size" in win.last_error
    assert [p.name for p in folder.iterdir()] == ["unrestored-999999999.nbproj"]  # kept, not offered again


def test_the_app_starts_past_a_bad_most_recent_project(tmp_path):
    """The real program, started twice with a hostile file as its most recent project: it starts on
    the example (exit code 0 after --smoke-exit) and reports the file the first time only."""
    import os
    import subprocess

    bad = write(tmp_path, changed("training", "epochs", "abc"))
    conf = tmp_path / "config" / "netbuilder" / "netbuilder.conf"
    conf.parent.mkdir(parents=True)
    conf.write_text(f"[General]\nrecentFiles={bad}\n")
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", XDG_CONFIG_HOME=str(tmp_path / "config"),
               HOME=str(tmp_path), XDG_DATA_HOME=str(tmp_path / "data"))
    runs = [subprocess.run([sys.executable, "-m", "netbuilder", "--smoke-exit"], env=env, cwd=tmp_path,
                           capture_output=True, text=True, timeout=120) for _ in range(2)]
    assert [r.returncode for r in runs] == [0, 0], runs[0].stderr
    assert "window shown after" in runs[0].stderr and "window shown after" in runs[1].stderr
    assert "training.epochs" in runs[0].stderr and "Traceback" not in runs[0].stderr
    assert "training.epochs" not in runs[1].stderr  # reported once: the entry left the recent list
    assert bad.exists()


def test_the_start_up_refusal_is_shown_over_the_window(win):
    from PySide6.QtWidgets import QMessageBox

    from netbuilder.ui.app import show_startup_error

    show_startup_error(win, "Cannot open bad.nbproj: training.epochs is \"abc\"")
    (box,) = [b for b in win.findChildren(QMessageBox) if b.objectName() == "startupErrorBox"]
    from PySide6.QtCore import Qt

    assert box.isVisible() and box.windowModality() != Qt.ApplicationModal  # over the window, no nested loop
    assert "training.epochs" in box.text() and "playground spiral" in box.text()
    box.close()
