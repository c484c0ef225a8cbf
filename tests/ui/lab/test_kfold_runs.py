"""A K-fold run kept in the Lab by ``kfold_runs.keep`` with the real window's lab (the spiral example, 3 folds):
one record with the mean curves, the folds' mean ± std, the last fold's model, shown, drawn, restored; a
stopped one says where Stop came. ``keep`` is called here by hand (the lab's ``finished`` slot is
disconnected); ``test_lab_kfold_window.py`` checks the window's own call in ``LabFeature._on_finished``."""

import numpy as np
import pytest
from PySide6.QtCore import Qt

from netbuilder.core.runs import RunStore
from netbuilder.ui.lab import kfold_runs
from netbuilder.ui.lab.result_fields import plain
from netbuilder.ui.lab.runs_table import COLUMNS

from ..training.conftest import Gate, gated

KFOLD = {"validation_mode": "kfold", "k_folds": 3}


@pytest.fixture
def lab_by_hand(lab):
    lab.controller.finished.disconnect(lab._on_finished)
    return lab


def _keep(lab, result):
    """``kfold_runs.keep`` as the lab's ``finished`` slot calls it, then the showing it leaves to the next turn."""
    rec = kfold_runs.keep(lab, result)
    lab.show_kept()
    return rec


def _run(qtbot, lab):
    with qtbot.waitSignal(lab.controller.finished, timeout=30000) as blocker:
        assert lab.ui.controls.start()
    qtbot.waitUntil(lambda: lab.controller.state == "idle", timeout=5000)
    return blocker.args[0]


def test_a_kfold_run_is_kept_as_one_run_of_mean_curves(qtbot, win, lab_by_hand):
    lab, c = lab_by_hand, lab_by_hand.controller
    plain_run = _run(qtbot, lab)
    first = lab.keep(plain_run, plain_run.history, c.model)  # shown at once  # a plain run before it, to diff against
    lab.ui.config_panel.apply_settings(KFOLD)
    result = _run(qtbot, lab)
    assert kfold_runs.is_kfold(result) and not kfold_runs.is_kfold({"history": first.history})
    rec = _keep(lab, result)
    assert [r.id for r in lab.store.records] == [first.id, rec.id]
    folds = c.fold_histories
    assert len(folds) == 3 and all(len(h["val_loss"]) == 3 for h in folds)
    for key in ("loss", "val_loss", "accuracy", "val_accuracy"):
        np.testing.assert_allclose(rec.history[key], np.mean([h[key] for h in folds], axis=0), rtol=1e-12)
    assert rec.best["epoch"] == result.best_epoch  # the table's best epoch is the Training dock's (mean curve)
    finals = [h["val_accuracy"][-1] for h in folds]
    assert rec.kfold["summary"]["val_accuracy"] == pytest.approx([np.mean(finals), np.std(finals)])
    assert (rec.kfold["k"], rec.kfold["folds"], rec.kfold["stopped_fold"], rec.kfold["weights_fold"]) == (3, 3, None, 3)
    assert "validation_mode split → kfold" in rec.changes and not rec.stopped
    # its model file is the last fold's model, the one the window holds (and evaluates, and exports)
    x = np.linspace(-1, 1, 8, dtype="float32").reshape(4, 2)
    np.testing.assert_array_equal(lab.store.load_model(rec.id).predict(x, verbose=0), c.model.predict(x, verbose=0))
    # the table names it, the tooltip explains it; a reopened store has it all
    table = lab.widget.model
    name = table.index(1, COLUMNS.index("name"))
    assert name.data() == f"{rec.name} · 3-fold mean" and name.data(Qt.EditRole) == rec.name
    tip = name.data(Qt.ToolTipRole)
    assert f"val_accuracy {np.mean(finals):.4g} ± {np.std(finals):.2g}" in tip and "fold 3's model" in tip
    assert RunStore(lab.store.folder).get(rec.id).to_json() == rec.to_json()
    # the overlay draws its mean curves
    lab.widget.select_ids([rec.id])
    assert list(lab.widget.plot.curves[rec.id][1].yData) == rec.history["val_loss"]
    # Restore brings back its K-fold settings (and its network)
    lab.ui.config_panel.apply_settings({"validation_mode": "split", "k_folds": 5})
    assert lab.restore_selected()
    s = lab.ui.config_panel.settings()
    assert (s["validation_mode"], s["k_folds"]) == ("kfold", 3) and plain(win.doc.to_config()) == rec.model


def test_a_stopped_kfold_run_says_in_which_fold(qtbot, lab_by_hand, monkeypatch):  # monkeypatch undone first
    lab, c = lab_by_hand, lab_by_hand.controller
    lab.ui.config_panel.apply_settings({**KFOLD, "batch_size": 8})
    gate = Gate(1, 0, lambda: c.worker._stop.is_set(), run=1)  # fold 2 holds before its second epoch
    gated(monkeypatch, c, gate)
    with qtbot.waitSignal(c.finished, timeout=30000) as blocker:
        assert lab.ui.controls.start()
        qtbot.waitUntil(gate.held.is_set, timeout=30000)
        c.stop()
    rec = _keep(lab, blocker.args[0])
    assert rec.stopped and rec.kfold["stopped_fold"] == 2 and rec.kfold["folds"] == 2
    assert rec.kfold["fold_epochs"][0] == 3 and rec.kfold["fold_epochs"][1] in (1, 2)
    assert rec.epochs == 3  # fold 1's epochs: the mean of epoch 3 is over the one fold that reached it
    assert rec.history["val_loss"][2] == pytest.approx(c.fold_histories[0]["val_loss"][2])
    cell = lab.widget.model.index(0, COLUMNS.index("name"))
    assert "stopped in fold 2" in cell.data() and cell.data().endswith("■")


def test_nothing_is_kept_when_no_fold_trained_an_epoch(lab_by_hand):
    lab = lab_by_hand
    result = {"history": {}, "folds": [{}], "kfold": {"k": 3, "folds_done": 0, "summary": {}}, "stopped": True}
    assert kfold_runs.keep(lab, result) is None and lab.store.records == []


def test_the_table_names_each_kind_of_kfold_run(qtbot, tmp_path):
    from netbuilder.core.runs import RunRecord
    from netbuilder.core.runs.kfold import kfold_info
    from netbuilder.ui.lab.runs_table import RunsTableModel

    def fold(n):
        return {"loss": [1.0 / (e + 1) for e in range(n)], "val_loss": [1.5 / (e + 1) for e in range(n)]}

    store = RunStore(tmp_path / "p.runs")
    cases = {"all": ([fold(3)] * 4, False), "stopped": ([fold(3), fold(1)], True), "error": ([fold(3)] * 2, False)}
    for name, (folds, stopped) in cases.items():
        rec = RunRecord("", name, {}, {"epochs": 3}, fold(3), stopped=stopped)
        rec.kfold = kfold_info(folds, 4, 3, stopped, {"val_loss": (0.5, 0.0)})
        store.append(rec)
    store.append(RunRecord("", "plain", {}, {"epochs": 3}, fold(3)))
    model = RunsTableModel()
    model.set_store(store)
    names = [model.index(r, 0).data() for r in range(4)]
    assert names == ["all · 4-fold mean", "stopped · 4-fold mean, stopped in fold 2 ■", "error · mean of 2 of 4 folds",
                     "plain"]
    tips = [model.index(r, 0).data(Qt.ToolTipRole) for r in range(4)]
    assert "stopped in fold 2 of 4" in tips[1] and "stopped before its last epoch" not in tips[1]
    assert "fold 2's model" in tips[2] and "val_loss 0.5 ± 0" in tips[0] and "fold" not in tips[3]
