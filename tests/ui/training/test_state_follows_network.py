"""State that follows the network (issue 20): curves, verdict and results belong to a run of one network on
one dataset. Opening another project clears them; editing the network or changing the data greys and labels
them; the previous-run overlay shows only a run on the same dataset and task; a trained, unexported model
is unsaved work."""

import numpy as np
import pytest
from PySide6.QtWidgets import QMessageBox

from netbuilder.core.remedies import output_layer
from netbuilder.ui import commands
from netbuilder.ui.training import data_sources as S
from netbuilder.ui.training.run_setup import TrainingData

EXAMPLES = ["mnist_dense", "boston_dense", "imdb_dense", "reuters_dense", "playground_spiral", "two_branch",
            "mnist_conv", "imdb_lstm"]
TASKS = {"mnist": "multiclass", "imdb": "binary", "reuters": "multiclass", "boston_housing": "regression"}


def synthetic_data(win, n=24, seed=0):
    """Small random data shaped as the open example's network and task (the real files may be absent)."""
    extra = win.project_extra.get("dataset") or {}
    if extra.get("case") == "playground":
        return S.load("playground:spirals", {"samples": 60})
    cfg = win.doc.to_config()
    inp = next(e for e in cfg["config"]["layers"] if e["class_name"] == "InputLayer")
    shape = tuple(inp["config"]["batch_shape"][1:])
    rng = np.random.default_rng(seed)
    task = TASKS[extra["case"]]
    if (extra.get("prepare") or {}).get("input") == "sequence":
        x = rng.integers(1, 100, size=(n, *shape)).astype("int32")
    else:
        x = rng.random((n, *shape), dtype=np.float32)
    units = output_layer(cfg)["config"]["units"]
    if task == "multiclass":
        y = np.eye(units, dtype="float32")[rng.integers(0, units, n)]
    elif task == "binary":
        y = rng.integers(0, 2, n).astype("float32")
    else:
        y = rng.normal(20, 5, n).astype("float32")
    return TrainingData(extra["case"], x, y, x[:8], y[:8], task)


def train_briefly(win, qtbot):
    ui = win.training_ui
    ui.dataset_panel.set_data(synthetic_data(win))
    settings = {"epochs": 3, "batch_size": 8}
    if ui.config_panel.validationModeCombo.currentData() == "kfold":
        settings["k_folds"] = 2
    elif ui.config_panel.validationModeCombo.currentData() in ("first", "last"):
        settings["validation_samples"] = 6
    else:
        settings["validation_split"] = 0.25
    ui.config_panel.apply_settings(settings)
    ui.controls.ask_continue = lambda: False
    assert not win.problems.problems(), win.problems.problems()
    with qtbot.waitSignal(ui.controller.finished, timeout=120000) as blocker:
        assert ui.controls.start(), ui.controls.statusLabel.text()
    assert blocker.args[0]["error"] is None
    assert ui.evaluation.evaluate() is not None
    return blocker.args[0]


def nothing_of_a_run_shows(win):
    ui, c = win.training_ui, win.training
    assert c.model is None and not c.epochs_done and not c.history and c.diagnosis is None
    assert not ui.banner.isVisibleTo(win)
    for curve in [ui.plots.epoch_curve, ui.plots.val_curve, ui.plots.batch_curve, *ui.plots.metric_curves.values()]:
        x, _y = curve.getData()
        assert x is None or len(x) == 0
    assert not ui.plots.best_line.isVisible() and not ui.plots.coach_line.isVisible()
    assert ui.evaluation.result is None and ui.evaluation.resultLabel.text() == ""
    assert ui.evaluation.confusionMatrix.rowCount() == 0
    for plot in (ui.plots.loss_plot, ui.plots.metric_plot):
        assert [label.text for _s, label in plot.getPlotItem().legend.items] == []  # no leftover "accuracy"
    assert not win.unexported_model()
    assert win.try_panel.model is None and "misclassified" not in win.try_panel.browser.summary.text()


def test_examples_in_a_row_show_nothing_of_the_previous_one(win, qtbot):
    asked = []
    win.ask_unsaved = lambda: asked.append(win.display_name) or QMessageBox.Discard
    previous_data = None
    for name in EXAMPLES:
        menu = {a.data(): a for a in win.examples_menu.actions()}
        menu[name].trigger()  # as the learner opens it: File › Examples (asks first when work would be lost)
        assert win.display_name == name.replace("_", " "), win.last_error
        nothing_of_a_run_shows(win)
        result = train_briefly(win, qtbot)
        ui, c = win.training_ui, win.training
        assert c.epochs_done and ui.evaluation.result is not None and win.unexported_model()
        shown = c.comparable_previous()  # only a run on the same dataset and task is drawn behind
        if shown is not None:
            assert shown["data"] == previous_data
        previous_data = c.run_data
        if "kfold" not in result:
            metrics = set(ui.plots.metric_curves) & set(c.history)
            legend = {label.text for _s, label in ui.plots.metric_plot.getPlotItem().legend.items}
            assert legend == metrics
    # each example after the first asked before its trained predecessor was thrown away
    assert len(asked) == len(EXAMPLES) - 1


def test_an_edited_network_greys_its_results_and_undo_restores_them(win, qtbot):
    assert win.open_example("playground_spiral")
    train_briefly(win, qtbot)
    ui = win.training_ui
    assert not ui.controller.results_stale() and ui.banner.isEnabled()
    hidden = next(n for n in win.doc.nodes if n.startswith("hidden"))
    cfg = dict(win.doc.nodes[hidden].config, units=win.doc.nodes[hidden].config["units"] + 1)
    win.undo_stack.push(commands.set_config(win.doc, hidden, cfg))
    assert ui.controller.results_stale()
    assert "previous network" in ui.banner.title.text() and not ui.banner.isEnabled()
    assert "previous network" in ui.plots.loss_plot.getPlotItem().titleLabel.text
    assert ui.evaluation.resultLabel.text().startswith("⚠") and not ui.evaluation.stack.isEnabled()
    win.undo_stack.undo()  # the trained network is back: its results are current again
    assert not ui.controller.results_stale() and ui.banner.isEnabled()
    assert "previous network" not in ui.banner.title.text()
    assert not ui.evaluation.resultLabel.text().startswith("⚠")


def test_other_data_greys_the_results(win, qtbot):
    assert win.open_example("playground_spiral")
    train_briefly(win, qtbot)
    train_briefly(win, qtbot)  # a second run on the same data: the first is drawn faintly behind it
    ui = win.training_ui
    assert ui.controller.comparable_previous() is ui.controller.previous is not None
    assert len(ui.plots.prev_loss.getData()[0]) == 3
    ui.dataset_panel.set_data(S.load("playground:spirals", {"samples": 80}))
    assert not ui.controller.results_stale()  # the same dataset (name, task, shapes)
    ui.dataset_panel.set_data(S.load("playground:circles", {"samples": 80}))
    assert ui.controller.results_stale() and ui.controller.comparable_previous() is None


def test_a_trained_model_counts_as_unsaved_work(win, qtbot, tmp_path):
    assert win.open_example("playground_spiral")
    train_briefly(win, qtbot)
    assert win.undo_stack.isClean() and win.unexported_model()
    texts = []
    win.ask_unsaved = lambda: texts.append(True) or QMessageBox.Cancel
    assert win.maybe_save() is False and texts  # Cancel keeps the model and the project
    from netbuilder.ui.model_files import export_trained_model

    assert export_trained_model(win, tmp_path / "spiral.nbm")
    assert not win.unexported_model() and win.maybe_save() is True


@pytest.mark.parametrize("lang", ["en", "zh_CN"])
def test_the_question_names_the_trained_model(win, qtbot, lang):
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication

    from netbuilder.ui import i18n

    assert win.open_example("playground_spiral")
    train_briefly(win, qtbot)
    seen = []

    def read_and_cancel():
        box = QApplication.activeModalWidget()
        seen.append(box.text())
        box.button(QMessageBox.Cancel).click()

    try:
        i18n.set_language(lang)
        QTimer.singleShot(0, read_and_cancel)
        type(win).ask_unsaved(win)
    finally:
        i18n.set_language("en")
    assert seen and ("not exported" in seen[0] if lang == "en" else "导出" in seen[0]), seen


def test_the_banner_does_not_offer_a_remedy_already_in_the_network(win, qtbot):
    """After "Add Dropout(0.5)" and a new run that still overfits, the coach does not offer it again."""
    import json
    from pathlib import Path

    from netbuilder.core import diagnosis as D
    from netbuilder.core import remedies as R

    assert win.open_example("imdb_dense")
    c, banner = win.training, win.training_ui.banner
    imdb = json.loads((Path(__file__).parents[2] / "core" / "fixtures" / "book_histories" / "imdb.json")
                      .read_text())["history"]
    c.model_config = win.doc.to_config()
    c._set_diagnosis(D.diagnose(imdb))
    assert "add_dropout" in banner.buttons
    c.model_config = R.add_dropout(win.doc.to_config())  # the network the next run trained
    c._set_diagnosis(D.diagnose(imdb))
    assert "add_dropout" not in banner.buttons and "add_l2" in banner.buttons
