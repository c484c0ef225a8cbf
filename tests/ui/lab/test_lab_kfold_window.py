"""The window keeps its K-fold runs in the Lab by itself (the hook in ``LabFeature._on_finished`` that calls
:func:`netbuilder.ui.lab.kfold_runs.keep`, and ``ComparePlot`` naming runs by ``runs_table.display_name``):
Train in K-fold mode, the test set's results go to that run, and a sweep in K-fold mode keeps every one of
its runs."""

import numpy as np

from netbuilder.core.runs.sweep import SweepTarget
from netbuilder.ui.lab.runs_table import COLUMNS
from netbuilder.ui.training.run_setup import TrainingData

from .conftest import run_experiment, train_once

KFOLD = {"validation_mode": "kfold", "k_folds": 3}


def test_train_in_kfold_mode_keeps_one_run_with_its_test_results(qtbot, lab):
    c = lab.controller
    data = c.data
    c.set_data(TrainingData(data.name, data.x_train, data.y_train, data.x_train[:20], data.y_train[:20], data.task))
    lab.ui.config_panel.apply_settings(KFOLD)
    train_once(qtbot, lab)
    assert len(lab.store.records) == 1
    rec = lab.store.latest()
    assert rec.kfold["k"] == rec.kfold["folds"] == 3 and len(c.fold_histories) == 3
    np.testing.assert_allclose(rec.history["val_loss"], np.mean([h["val_loss"] for h in c.fold_histories], axis=0))
    assert lab.widget.model.index(0, COLUMNS.index("name")).data().endswith("3-fold mean")
    assert lab.widget.selected_ids() == [rec.id] and rec.id in lab.widget.plot.curves
    legend = [label.text for _, label in lab.widget.plot.legend.items]
    assert legend == [f"{rec.name} · 3-fold mean"]  # the overlay names it a K-fold run too
    with qtbot.waitSignal(c.evaluated, timeout=30000) as blocker:  # the last fold's model, the run's model file
        assert c.evaluate_in_background()
    assert rec.test == {k: float(v) for k, v in blocker.args[0]["logs"].items()}


def test_a_sweep_in_kfold_mode_keeps_each_run(qtbot, lab):
    lab.ui.config_panel.apply_settings(KFOLD)
    summary = run_experiment(qtbot, lab, lambda: lab.run_sweep(SweepTarget("epochs"), "2, 3"))
    assert not summary["stopped"] and all(r is not None for r in summary["records"])
    assert [(r.epochs, r.kfold["folds"]) for r in lab.store.records] == [(2, 3), (3, 3)]
    assert lab.store.records[1].changes == ["epochs 2 → 3"]
    assert "Sweep finished" in lab.widget.message.text()
