"""Opening a project restores its dataset, preparation and validation; Save writes what the panels show.

Issue 15, "one click from any project to a run": every example names its case; opening it selects that
source and its options in the Dataset panel, drops data loaded for another source or preparation (so
Train loads the right one), and nothing of the previous project shows in the next one.
"""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from netbuilder.ui import project_schema
from netbuilder.ui.project import load_project
from netbuilder.ui.training import data_sources as S

ROOT = Path(__file__).resolve().parents[3]
EXAMPLES = sorted((ROOT / "netbuilder" / "examples").glob("*.nbproj"))
EXPECTED_KEY = {"mnist_dense": "case:mnist", "mnist_conv": "case:mnist", "two_branch": "case:mnist",
                "imdb_dense": "case:imdb", "imdb_lstm": "case:imdb", "reuters_dense": "case:reuters",
                "boston_dense": "case:boston_housing", "playground_spiral": "playground:spirals"}
#: The book's validation scheme per tutorial example (issue 15).
BOOK_VALIDATION = {"imdb_dense": ("first", 10000), "reuters_dense": ("first", 1000), "boston_dense": ("kfold", 4),
                   "mnist_dense": ("split", 0.0), "mnist_conv": ("split", 0.0), "imdb_lstm": ("split", 0.2)}


def shown(win):
    """What the panels show: dataset source and options, validation scheme, the run's settings."""
    ds, cp = win.training_ui.dataset_panel, win.training_ui.config_panel
    s = cp.settings()
    return {"key": ds.key(), "options": ds.options(), "mode": s["validation_mode"], "split": s["validation_split"],
            "samples": s["validation_samples"], "k": s["k_folds"], "epochs": s["epochs"],
            "batch_size": s["batch_size"], "optimizer": s["optimizer"]["class_name"], "loss": s["loss"]}


def expected(path):
    """What opening ``path`` must show, read from the file itself (defaults for what it leaves out)."""
    from netbuilder.ui.training.run_setup import default_settings

    p = load_project(path)
    key, options, _ = S.from_section(p.dataset)
    t = {**default_settings(), **p.training}
    opt = p.compile.get("optimizer")
    return {"key": key, "options": options, "mode": t["validation_mode"], "split": t["validation_split"],
            "samples": t["validation_samples"], "k": t["k_folds"], "epochs": t["epochs"],
            "batch_size": t["batch_size"], "optimizer": opt if isinstance(opt, str) else opt["class_name"],
            "loss": p.compile.get("loss")}


def same(a, b):
    a, b = dict(a), dict(b)
    assert a.pop("optimizer").lower() == b.pop("optimizer").lower()
    assert project_schema.LOSS_ALIASES.get(b["loss"], b["loss"]) == a.pop("loss")
    b.pop("loss")
    assert a["split"] == pytest.approx(b["split"])
    a.pop("split"), b.pop("split")
    assert a == b


# ------------------------------------------------------------------ the schema and the section format
def test_examples_carry_the_books_validation_scheme_and_numbers():
    for path in EXAMPLES:
        t = load_project(path).training
        if path.stem in BOOK_VALIDATION:
            mode, n = BOOK_VALIDATION[path.stem]
            assert t["validation_mode"] == mode, path.stem
            value = {"first": t.get("validation_samples"), "kfold": t.get("k_folds"),
                     "split": t.get("validation_split")}[mode]
            assert value == n, path.stem
            assert t["book_numbers"] and t["book_result"] and t["validation"], path.stem  # notes kept


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.stem)
def test_every_examples_dataset_section_round_trips(path):
    section = load_project(path).dataset
    key, options, file = S.from_section(section)
    assert key == EXPECTED_KEY[path.stem]
    assert S.to_section(key, options, file) == section  # Save of an unchanged example writes the same


@pytest.mark.parametrize("section,named", [
    ({"case": "cifar"}, "dataset.case"), ({"case": "playground", "name": "galaxy"}, "dataset.name"),
    ({"case": "playground"}, "dataset.name"), ({"case": "mnist", "prepare": {"input": "multi_hot"}},
                                               "dataset.prepare.input"),
    ({"case": "imdb", "prepare": {"num_words": "many"}}, "dataset.prepare.num_words"),
    ({"case": "reuters", "prepare": {"labels": "one-hot"}}, "dataset.prepare.labels"),
    ({"case": "boston_housing", "prepare": {"standardize": "yes"}}, "dataset.prepare.standardize"),
    ({"case": "playground", "name": "moons", "params": {"noise": "loud"}}, "dataset.params.noise"),
    ({"key": "case:cifar"}, "dataset.key"),
])
def test_dataset_values_the_panel_cannot_show_are_refused(section, named):
    with pytest.raises(project_schema.Refused) as info:
        project_schema.check_sections({"dataset": section})
    assert info.value.key == named


def test_dataset_numbers_out_of_range_are_clamped_with_a_note():
    out, notes = project_schema.check_sections({"dataset": {
        "case": "imdb", "prepare": {"num_words": 10 ** 9, "maxlen": 0, "padding": "post"}}})
    assert out["dataset"]["prepare"] == {"num_words": 100_000, "maxlen": 1, "padding": "post"}  # unknown kept
    assert sorted(n.key for n in notes) == ["dataset.prepare.maxlen", "dataset.prepare.num_words"]
    out, notes = project_schema.check_sections({"dataset": {"case": "playground", "name": "spirals",
                                                            "params": {"samples": 3, "noise": 9.0}}})
    assert out["dataset"]["params"] == {"samples": 10, "noise": 5.0} and len(notes) == 2


def test_validation_keys_are_checked():
    out, notes = project_schema.check_sections({"training": {"validation_mode": "First",
                                                             "validation_samples": 10 ** 12}})
    assert out["training"]["validation_mode"] == "first" and out["training"]["validation_samples"] == 10_000_000
    assert [n.key for n in notes] == ["training.validation_samples"]
    for bad in ({"validation_samples": 2.5}, {"validation_samples": "10000"}, {"book_numbers": [0.9]},
                {"book_numbers": {"accuracy": "high"}}, {"book_numbers": {"accuracy": -1}}):
        with pytest.raises(project_schema.Refused):
            project_schema.check_sections({"training": bad})


def test_a_file_dataset_keeps_its_relative_path_and_extra_keys(tmp_path):
    section = {"path": "data/houses.csv", "target": "price"}
    key, options, path = S.from_section(section, tmp_path)
    assert key == "file" and path == str(tmp_path / "data" / "houses.csv") and options == {}
    assert S.to_section(key, options, path, section, tmp_path) == section
    assert S.to_section("playground:moons", {"samples": 50, "noise": 0.2}, None, section) == {
        "case": "playground", "name": "moons", "params": {"samples": 50, "noise": 0.2}}


# ------------------------------------------------------------------ in the window
def test_opening_every_example_in_a_row_leaks_nothing(win):
    """Each example shows its own source, options, validation and settings; the previous one's never."""
    order = [p for p in EXAMPLES if p.stem != "playground_spiral"] + [EXAMPLES[0]]
    order = [ROOT / "netbuilder" / "examples" / "playground_spiral.nbproj"] + order
    for path in order:
        assert win.open_path(path, as_example=True), win.last_error
        same(shown(win), expected(path))
    # and backwards, so that every pair is seen in both directions
    for path in reversed(order):
        assert win.open_path(path, as_example=True)
        same(shown(win), expected(path))


def test_opening_drops_data_of_another_source_or_preparation(win, tmp_path):
    ui = win.training_ui
    panel = ui.dataset_panel
    assert win.open_example("playground_spiral")
    panel.load_current()
    spirals = panel.data
    assert spirals is not None and ui.controller.data is spirals
    assert win.open_example("playground_spiral")  # the same source and preparation: kept
    assert ui.controller.data is spirals
    changed = json.loads((ROOT / "netbuilder" / "examples" / "playground_spiral.nbproj").read_text())
    changed["dataset"]["params"]["noise"] = 0.3  # same source, other preparation: dropped
    other = tmp_path / "noisy.nbproj"
    other.write_text(json.dumps(changed))
    assert win.open_path(other)
    assert panel.data is None and ui.controller.data is None and panel.noiseSpin.value() == pytest.approx(0.3)
    panel.load_current()
    assert ui.controller.data is panel.data is not None
    assert win.open_example("imdb_dense")  # another source: dropped, and the shapes line is cleared
    assert ui.controller.data is None and panel.shapesLabel.text() == ""
    assert panel.key() == "case:imdb" and panel.options() == {"input": "multi_hot", "num_words": 10000}
    assert not panel.maxlenSpin.isVisibleTo(panel)  # no maximum length for multi-hot vectors


def test_train_after_opening_loads_the_projects_dataset(win, qtbot, tmp_path):
    """Open a project on moons after spirals were loaded: Train loads the moons, not the spirals."""
    ui = win.training_ui
    assert win.open_example("playground_spiral")
    ui.dataset_panel.load_current()
    data = json.loads((ROOT / "netbuilder" / "examples" / "playground_spiral.nbproj").read_text())
    data["dataset"] = {"case": "playground", "name": "moons", "params": {"samples": 120, "noise": 0.05}}
    data["training"].update(epochs=2, validation_mode="last", validation_samples=16)
    path = tmp_path / "moons.nbproj"
    path.write_text(json.dumps(data))
    assert win.open_path(path)
    ui.controls.ask_continue = lambda: False
    with qtbot.waitSignal(ui.controller.finished, timeout=30000) as blocker:
        ui.controls.trainButton.click()
    assert blocker.args[0].get("error") is None
    d = ui.controller.data
    assert d.name == "playground:moons" and len(d.x_train) == 96  # 120 samples, 20 % test
    assert len(ui.controller.history["val_loss"]) == 2  # the last 16 samples validated


def test_save_writes_what_the_panels_show_and_reopens_it(win, tmp_path):
    ui = win.training_ui
    assert win.open_example("reuters_dense")
    path = tmp_path / "reuters.nbproj"
    assert win.save_to(path)
    example = load_project(ROOT / "netbuilder" / "examples" / "reuters_dense.nbproj")
    saved = load_project(path)
    assert saved.dataset == example.dataset
    for key in ("validation_mode", "validation_samples", "book_numbers", "book_result", "validation"):
        assert saved.training[key] == example.training[key]
    panel, cp = ui.dataset_panel, ui.config_panel
    panel.datasetCombo.setCurrentIndex(panel.datasetCombo.findData("case:imdb"))
    panel.inputCombo.setCurrentIndex(panel.inputCombo.findData("sequence"))
    panel.maxlenSpin.setValue(200)
    cp.validationModeCombo.setCurrentIndex(cp.validationModeCombo.findData("last"))
    cp.validationSamplesSpin.setValue(2500)
    assert win.save_to(path)
    saved = load_project(path)
    assert saved.dataset == {"case": "imdb", "prepare": {"input": "sequence", "num_words": 10000, "maxlen": 200}}
    assert saved.training["validation_mode"] == "last" and saved.training["validation_samples"] == 2500
    assert win.open_example("playground_spiral") and win.open_path(path)
    assert panel.key() == "case:imdb" and panel.options()["maxlen"] == 200
    assert cp.validationModeCombo.currentData() == "last" and cp.validationSamplesSpin.value() == 2500
    assert cp.validationSamplesSpin.isEnabled() and not cp.validationSplitSpin.isEnabled()


def test_a_project_without_a_dataset_gets_the_default_source(win, tmp_path):
    assert win.open_example("boston_dense")
    win.new_project()
    panel = win.training_ui.dataset_panel
    assert panel.key() == S.DEFAULT_KEY and panel.options() == {"samples": 400, "noise": 0.1}


def test_a_load_begun_for_the_previous_project_is_ignored(win, qtbot):
    """A download still running when another project opens is cancelled; what it delivers is dropped."""
    from netbuilder.ui.training.dataset_panel import _Loader

    panel = win.training_ui.dataset_panel
    assert win.open_example("playground_spiral")
    started = []
    panel._after_load = lambda: started.append(True)  # a Train waiting for the data
    loader = panel.loader = _Loader("playground:spirals", panel.options(), None, panel, panel.generation)
    loader.loaded.connect(panel._on_loaded)
    loader.failed.connect(panel._on_failed)
    assert win.open_example("mnist_dense")
    with qtbot.waitSignal(loader.finished, timeout=10000):
        loader.start()
    qtbot.wait(50)
    assert panel.data is None and win.training_ui.controller.data is None and started == []
    assert panel.key() == "case:mnist"


def test_hostile_dataset_values_are_refused_in_the_window(win, tmp_path):
    assert win.open_example("imdb_dense")
    data = json.loads((ROOT / "netbuilder" / "examples" / "imdb_dense.nbproj").read_text())
    data["dataset"]["prepare"]["input"] = "pixels"
    path = tmp_path / "bad.nbproj"
    path.write_text(json.dumps(data))
    assert not win.open_path(path)
    assert "dataset.prepare.input" in win.last_error and "multi_hot" in win.last_error
    assert win.training_ui.dataset_panel.key() == "case:imdb"


def test_chinese_error_for_a_bad_dataset(qapp, tmp_path):
    from netbuilder.ui import i18n
    from netbuilder.ui.i18n import project_errors
    from netbuilder.ui.project import ProjectError

    data = json.loads((ROOT / "netbuilder" / "examples" / "two_branch.nbproj").read_text())
    data["training"]["book_numbers"] = {"accuracy": "high"}
    path = tmp_path / "bad.nbproj"
    path.write_text(json.dumps(data))
    with pytest.raises(ProjectError) as info:
        load_project(path)
    i18n.set_language("zh_CN")
    try:
        text = project_errors.render(info.value)
    finally:
        i18n.set_language("en")
    assert "training.book_numbers.accuracy" in text and any("\u4e00" <= c <= "\u9fff" for c in text), text


def test_validation_on_the_first_n_samples_reaches_fit(training_window, qtbot):
    """Validation = the first N samples: fit trains on the rest and validates on exactly those."""
    from netbuilder.ui.training import holdout
    from netbuilder.ui.training.run_setup import TrainingData

    from .conftest import dense_config, set_run

    win, ui = training_window
    rng = np.random.default_rng(0)
    x = rng.normal(size=(100, 2)).astype("float32")
    y = (x[:, 0] > 0).astype("float32")
    set_run(ui, dense_config(2, [4], 1, "sigmoid"), TrainingData("t", x, y, x[:10], y[:10], "binary"),
            epochs=1, batch_size="all", validation_mode="first", validation_samples=30, loss="binary_crossentropy")
    ui.push_settings()
    xt, yt, kw = ui.controller.fit_arrays()
    assert xt.base is x and len(xt) == 70 and kw["batch_size"] == 70 and "validation_split" not in kw
    assert np.shares_memory(kw["validation_data"][0], x[:30]) and len(kw["validation_data"][0]) == 30
    with qtbot.waitSignal(ui.controller.finished, timeout=20000):
        ui.controls.trainButton.click()
    assert "val_loss" in ui.controller.history and ui.controller._steps == 1
    a, b, (c, d) = holdout.hold_out(x, y, "last", 30)
    assert np.array_equal(c, x[70:]) and np.array_equal(a, x[:70])
    ui.config_panel.apply_settings({"validation_samples": 100})  # nothing left to train on: said, not raised
    ui.controls.trainButton.click()
    assert "100" in ui.controls.statusLabel.text() and ui.controller.state == "idle"


# ------------------------------------------------------------------ whatever the schema accepts, the panel shows
from hypothesis import HealthCheck, given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

_NAMES = ["mnist", "imdb", "reuters", "boston_housing", "playground", "fashion_mnist", "spirals", "moons",
          "gaussian_clusters", "case:imdb", "playground:xor", "file", "MNIST", "Moons", "cifar", ""]
_SCALARS = st.one_of(st.none(), st.booleans(), st.integers(-10, 10 ** 7), st.floats(allow_nan=True),
                     st.sampled_from(_NAMES + ["dense", "conv", "multi_hot", "sequence", "categorical", "sparse"]),
                     st.text(max_size=6))
_INNER = st.dictionaries(st.sampled_from(["input", "labels", "num_words", "maxlen", "standardize", "samples",
                                          "noise", "seed", "padding"]), _SCALARS, max_size=4)
_SECTION = st.dictionaries(st.sampled_from(["case", "name", "key", "path", "playground", "prepare", "params"]),
                           st.one_of(st.sampled_from(_NAMES), _SCALARS, _INNER), max_size=4)


@settings(max_examples=int(__import__("os").environ.get("NB_FUZZ_EXAMPLES", 150)), deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(section=_SECTION)
def test_any_dataset_section_is_refused_or_shown_exactly(training_window, section):
    """The schema refuses it, or the panel shows it without raising, and Save gives back what it shows."""
    _win, ui = training_window
    try:
        checked, _notes = project_schema.check_sections({"dataset": section})
    except project_schema.Refused:
        return
    key, options, path = S.from_section(checked["dataset"])
    panel = ui.dataset_panel
    panel.apply_project(checked["dataset"])
    assert panel.key() == key and panel.options() == options
    saved = panel.source_section(checked["dataset"])
    assert S.from_section(project_schema.check_sections({"dataset": saved})[0]["dataset"])[:2] == (key, options)


def test_the_start_up_example_separates_the_spirals(qapp):
    """The start-up example's own network, settings and data (seed 0) reach ≥ 95 % training accuracy.

    Built and fitted as the window's controller does (``build_model``, ``fit_arrays``), without its worker
    thread; ``benchmarks/bench_spiral_start.py`` times the same run through the window."""
    from netbuilder.ui.training.controller import TrainingController
    from netbuilder.ui.training.run_setup import default_settings

    project = load_project(ROOT / "netbuilder" / "examples" / "playground_spiral.nbproj")
    key, options, _ = S.from_section(project.dataset)
    assert (key, options) == ("playground:spirals", {"samples": 400, "noise": 0.1})  # the default spirals
    c = TrainingController(config_provider=lambda: project.model)
    c.set_settings({**default_settings(), **project.training, **project.compile})
    c.set_data(S.load(key, options))
    c.model = c.build_model(project.model)
    x, y, kw = c.fit_arrays()
    history = c.model.fit(x, y, verbose=0, **kw).history
    assert history["accuracy"][-1] >= 0.95, history["accuracy"][-10:]


def test_a_slow_load_of_the_previous_project_neither_blocks_nor_lands(win, qtbot, monkeypatch, tmp_path):
    """A download of the previous project still running: Train of the new project loads its own data at
    once, the late arrival is dropped, and closing the window joins the abandoned thread."""
    import threading

    from netbuilder.ui.training.dataset_panel import _Loader

    panel = win.training_ui.dataset_panel
    assert win.open_example("playground_spiral")
    real_load, entered = S.load, threading.Event()

    def slow_load(key, options=None, progress=None, cancel=None, path=None):
        if cancel is None:
            return real_load(key, options, path=path)
        entered.set()
        cancel.wait(20)  # a download that stops only when cancelled, then still delivers
        return real_load(key, options)

    monkeypatch.setattr(S, "load", slow_load)
    loader = panel.loader = _Loader("playground:spirals", panel.options(), None, panel, panel.generation)
    loader.loaded.connect(panel._on_loaded)
    loader.failed.connect(panel._on_failed)
    loader.start()
    assert entered.wait(10)
    data = json.loads((ROOT / "netbuilder" / "examples" / "playground_spiral.nbproj").read_text())
    data["dataset"] = {"case": "playground", "name": "moons", "params": {"samples": 100, "noise": 0.1}}
    path = tmp_path / "moons.nbproj"
    path.write_text(json.dumps(data))
    assert win.open_path(path)
    ready = []
    assert panel.load_for_training(lambda: ready.append(True))  # not refused by the old project's thread
    assert ready == [True] and panel.data.name == "playground:moons"
    qtbot.waitUntil(lambda: not loader.isRunning(), timeout=10000)
    qtbot.wait(50)
    assert panel.data.name == "playground:moons" and win.training_ui.controller.data is panel.data
    # once more, and close the window while the abandoned thread still runs: it is joined, not destroyed
    entered.clear()
    loader2 = panel.loader = _Loader("playground:spirals", panel.options(), None, panel, panel.generation)
    loader2.start()
    assert entered.wait(10)
    assert win.open_example("playground_spiral")
    win.training_ui.shutdown()
    assert not loader2.isRunning()


def test_the_decision_regions_come_to_the_front_while_the_spirals_train(win, qtbot):
    """First start, one click: the Try it tab with the decision regions is in front while it trains."""
    from netbuilder.ui.app import START_EXAMPLE, open_initial

    win.resize(1366, 768)
    open_initial(win, [])
    assert win.display_name == START_EXAMPLE.replace("_", " ")
    ui, regions = win.training_ui, win.try_panel.regions
    ui.config_panel.epochsSpin.setValue(40)
    ui.docks["dataset"].raise_()  # another tab of the right column in front
    fronts = []  # at the run's first progress (its page follows the run from a turn after its start)
    ui.controller.progress.connect(lambda _p: fronts or fronts.append(not win.try_dock.visibleRegion().isEmpty()))
    with qtbot.waitSignal(ui.controller.finished, timeout=60000):
        ui.controls.trainButton.click()
    assert fronts == [True] and regions.grid is not None and regions.revision > 0
