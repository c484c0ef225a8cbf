"""The Lab's learning-rate range test dialog, the book's lessons menu, test results kept with a run."""

import itertools
import math

from netbuilder.core.runs import describe_changes

from .conftest import train_once


def test_lr_range_test_suggests_and_applies_a_learning_rate(qtbot, lab):
    lab.find_learning_rate()
    dialog = lab.lr_dialog
    qtbot.addWidget(dialog)
    qtbot.waitUntil(lambda: dialog.thread is not None and dialog.thread.isFinished()
                    and dialog.label.text() != dialog.tr("Training with a growing learning rate…"), timeout=30000)
    assert dialog.plot.getPlotItem().ctrl.logXCheck.isChecked()  # loss against learning rate on a log axis
    lrs, _ = dialog.curve.getData()
    assert len(lrs) >= 5 and all(b > a for a, b in itertools.pairwise(lrs))
    assert dialog.suggested is not None and lrs[0] <= dialog.suggested <= lrs[-1]
    assert dialog.applyButton.isEnabled()
    dialog.applyButton.click()
    expected = float(f"{dialog.suggested:.2g}")
    assert math.isclose(lab.ui.config_panel.settings()["optimizer"]["config"]["learning_rate"], expected, rel_tol=1e-6)
    assert lab.controller.learning_rate() == lab.ui.config_panel.settings()["optimizer"]["config"]["learning_rate"]


def test_lessons_menu_opens_the_example_and_plans_its_variants(lab, win, monkeypatch):
    titles = [a.text() for a in lab.widget.lessonsMenu.actions()]
    assert len(titles) == 4 and titles[0].startswith("IMDB")
    planned = {}
    monkeypatch.setattr(lab.controller, "request_data", None)  # the IMDB data is not loaded here
    monkeypatch.setattr(lab.runner, "start", lambda kind, plan, info: planned.update(kind=kind, plan=plan) or True)
    lab.widget.lessonsMenu.actions()[0].trigger()  # IMDB: original vs smaller vs bigger
    assert win.display_name == "imdb dense"
    plan = planned["plan"]
    assert [p.name for p in plan] == ["original", "smaller (4 units)", "bigger (512 units)"]
    assert all(p.settings["epochs"] == 20 and p.settings["validation_samples"] == 10000 for p in plan)
    assert describe_changes(plan[0].model, {}, plan[2].model, {}) == ["dense: units 16 → 512", "dense_1: units 16 → 512"]
    assert plan[0].model == win.doc.to_config()
    opened = []
    monkeypatch.setattr(win, "open_example", lambda name: opened.append(name) or True)
    lab.widget.lessonsMenu.actions()[1].trigger()  # the next IMDB lesson: the example is open and unedited
    assert opened == [] and [p.name for p in planned["plan"]] == ["original", "L2(0.001)"]
    lab.widget.lessonsMenu.actions()[2].trigger()
    assert [p.name for p in planned["plan"]] == ["original", "Dropout(0.5)"]
    lab.widget.lessonsMenu.actions()[3].trigger()  # MNIST: another example opens
    assert opened == ["mnist_dense"]
    assert [p.name for p in planned["plan"]] == ["table network (512 units)", "1 unit", "4 units"]


def test_test_results_are_kept_with_the_run(qtbot, lab):
    import numpy as np

    from netbuilder.ui.training.run_setup import TrainingData

    data = lab.controller.data
    lab.controller.set_data(TrainingData(data.name, data.x_train, data.y_train, data.x_train[:20],
                                         data.y_train[:20], data.task))
    train_once(qtbot, lab)
    with qtbot.waitSignal(lab.controller.evaluated, timeout=30000) as blocker:
        assert lab.controller.evaluate_in_background()
    logs = blocker.args[0]["logs"]
    rec = lab.store.latest()
    assert rec.test == {k: float(v) for k, v in logs.items()} and np.isfinite(rec.test["loss"])
    from netbuilder.core.runs import RunStore

    lab.store.flush()  # written by the store's writer thread
    assert RunStore(lab.store.folder).latest().test == rec.test


def test_an_experiment_without_data_loads_it_first_and_trains_the_planned_settings(qtbot, lab):
    from netbuilder.core.runs.sweep import SweepTarget

    lab.controller.set_data(None)  # the Dataset dock still names the spirals: Train would load them
    lab.ui.config_panel.apply_settings({"batch_size": 32})
    with qtbot.waitSignal(lab.runner.ended, timeout=60000) as blocker:
        assert lab.run_sweep(SweepTarget("batch_size"), "16, 64")
    assert lab.controller.data is not None and not blocker.args[0]["stopped"]
    assert [r.settings["batch_size"] for r in lab.store.records] == [16, 64]


def test_the_size_bound_is_a_setting_of_the_window(lab, win):
    assert lab.widget.budgetSpin.value() == lab.budget_mb() == 256
    lab.widget.budgetSpin.setValue(3)
    lab.widget.budgetSpin.editingFinished.emit()
    assert int(win.settings.value("lab/weightsBudgetMB")) == 3 and lab.store.weights_budget == 3 * 2 ** 20
    assert lab._open(lab.store.folder).weights_budget == 3 * 2 ** 20  # the next project's runs too


def test_remedy_menu_and_the_remedies_that_are_settings(lab, monkeypatch):
    planned = {}
    monkeypatch.setattr(lab.runner, "start", lambda kind, plan, info: planned.update(plan=plan, info=info) or True)
    lab.fill_remedy_menu()
    labels = [a.text() for a in lab.widget.remedyMenu.actions()]
    assert "Add Dropout(0.5) after hidden Dense" in labels and "Learning rate ÷ 10" in labels
    assert not any("Restore best" in t or "more data" in t.lower() for t in labels)  # not a second run
    assert lab.check_remedy("lower_learning_rate")
    without, with_ = planned["plan"]
    assert with_.settings["optimizer"]["config"]["learning_rate"] == \
        0.1 * without.settings["optimizer"]["config"]["learning_rate"]
    assert with_.model == without.model and planned["info"]["label"] == "Learning rate ÷ 10"
    assert lab.check_remedy("more_epochs")
    assert planned["plan"][1].settings["epochs"] == 2 * planned["plan"][0].settings["epochs"]
    assert not lab.check_remedy("restore_best_weights")


def test_changing_the_size_bound_keeps_the_selected_runs_and_their_overlay(qtbot, lab):
    """The bound re-read the table: the model reset dropped the learner's selection and emptied the overlay
    (a walk: after a sweep, leaving the size box cleared the plot)."""
    from netbuilder.core.runs.sweep import SweepTarget

    with qtbot.waitSignal(lab.runner.ended, timeout=60000):
        assert lab.run_sweep(SweepTarget("batch_size"), "16, 64")
    ids = [r.id for r in lab.store.records]
    lab.widget.select_ids(ids[:1])
    qtbot.waitUntil(lambda: list(lab.widget.plot.curves) == ids[:1], timeout=60000)
    lab.widget.budgetSpin.setValue(512)
    lab.widget.budgetSpin.editingFinished.emit()
    assert lab.widget.selected_ids() == ids[:1]
    qtbot.wait(50)
    assert list(lab.widget.plot.curves) == ids[:1]
