"""The window keeps its K-fold runs in the Lab by itself: Train in K-fold mode keeps one run (the test set's
results go to it), a sweep in K-fold mode keeps every one of its runs and draws each live as the mean over its
folds so far. Needs, beside ``LabFeature._on_finished`` calling :func:`netbuilder.ui.lab.kfold_runs.keep` (in):
``ComparePlot.show_runs`` naming runs by ``runs_table.display_name`` (the legend) and ``LabFeature._on_epoch``
drawing ``controller.kfold_curves()["mean"]`` during a K-fold run (the live curve)."""

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


def test_a_sweep_in_kfold_mode_keeps_each_run_and_draws_its_mean_live(qtbot, lab, monkeypatch):
    import netbuilder.ui.lab.feature as F

    monkeypatch.setattr(F, "LIVE_S", 0.0)  # every epoch drawn live
    drawn = []
    live = lab.widget.plot.set_live
    monkeypatch.setattr(lab.widget.plot, "set_live", lambda h, *a: (drawn.append({k: list(v) for k, v in h.items()}),
                                                                    live(h, *a)))
    lab.ui.config_panel.apply_settings(KFOLD)
    summary = run_experiment(qtbot, lab, lambda: lab.run_sweep(SweepTarget("epochs"), "2, 3"))
    assert not summary["stopped"] and all(r is not None for r in summary["records"])
    assert [(r.epochs, r.kfold["folds"]) for r in lab.store.records] == [(2, 3), (3, 3)]
    assert lab.store.records[1].changes == ["epochs 2 → 3"]
    assert "Sweep finished" in lab.widget.message.text()
    # the last live drawing (the last fold's last epoch) is the curve the run was kept with: the folds' mean
    assert drawn and drawn[-1]["val_loss"] == lab.store.latest().history["val_loss"]
