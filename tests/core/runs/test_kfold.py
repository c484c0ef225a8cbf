"""A K-fold run as one record: the folds' details (kfold_info), kept and read back by the store."""

import json
import math

import numpy as np
import pytest

from netbuilder.core.runs import RunStore
from netbuilder.core.runs.kfold import kfold_info, summary_pairs

from .helpers import record, spiral_model


def _fold(seed, epochs):
    rng = np.random.default_rng(seed)
    return {key: rng.uniform(0.1, 1.0, epochs).tolist() for key in ("loss", "mae", "val_loss", "val_mae")}


def _summary(folds):  # the training window's final_summary: mean and population std of the last values
    trained = [h for h in folds if h.get("loss")]
    return {key: (float(np.mean([h[key][-1] for h in trained])), float(np.std([h[key][-1] for h in trained])))
            for key in trained[0]}


def test_a_finished_run_keeps_each_folds_last_values_and_their_mean_and_std():
    folds = [_fold(i, 5) for i in range(4)]
    info = kfold_info(folds, 4, 5, False, _summary(folds))
    assert info["k"] == 4 and info["folds"] == 4 and info["fold_epochs"] == [5, 5, 5, 5]
    assert info["stopped_fold"] is None and info["weights_fold"] == 4
    assert info["fold_finals"] == [{k: v[-1] for k, v in h.items()} for h in folds]
    finals = [h["val_mae"][-1] for h in folds]
    assert info["summary"]["val_mae"] == pytest.approx([np.mean(finals), np.std(finals)])
    assert json.loads(json.dumps(info)) == info  # what runs.json stores is what the record holds
    assert [p[0] for p in summary_pairs(info)] == ["val_loss", "val_mae"]
    assert [p[0] for p in summary_pairs(info, validation_only=False)] == ["loss", "mae", "val_loss", "val_mae"]


@pytest.mark.parametrize("fold_epochs, stopped_fold, trained, weights_fold", [
    ([5, 5, 2], 3, 3, 3),  # Stop in fold 3's third epoch
    ([5, 5, 0], 3, 2, 3),  # Stop before fold 3's first epoch ended: its model is the one the window holds
    ([5, 5], 3, 2, 2),  # Stop between two folds: fold 3 never started
    ([5, 5, 5, 5], None, 4, 4),  # Stop in the last batch of the last fold: nothing was cut short
])
def test_a_stopped_run_says_which_fold_stop_cut_short(fold_epochs, stopped_fold, trained, weights_fold):
    folds = [_fold(i, n) if n else {} for i, n in enumerate(fold_epochs)]
    info = kfold_info(folds, 4, 5, True, _summary(folds))
    assert info["fold_epochs"] == fold_epochs
    assert (info["stopped_fold"], info["folds"], info["weights_fold"]) == (stopped_fold, trained, weights_fold)
    assert len(info["fold_finals"]) == trained


def test_a_diverged_folds_numbers_are_kept_as_none_and_bad_k_is_named():
    folds = [_fold(0, 3), {"loss": [0.5, math.nan], "val_loss": [0.6, math.inf]}]
    info = kfold_info(folds, 2, 3, False, {"val_loss": (math.inf, math.nan)})
    assert info["fold_finals"][1] == {"loss": None, "val_loss": None}
    assert info["summary"] == {"val_loss": [None, None]} and summary_pairs(info) == []
    json.dumps(info, allow_nan=False)
    with pytest.raises(ValueError, match="k=1"):
        kfold_info(folds, 1, 3, False, {})


def test_the_store_keeps_a_kfold_record_and_reads_old_records_without_it(tmp_path):
    store = RunStore(tmp_path / "p.runs")
    plain_run, model = record(spiral_model(4))
    store.append(plain_run, model)
    folds = [_fold(i, 3) for i in range(3)]
    kf_run, kf_model = record(spiral_model(4), name="kfold")
    kf_run.kfold = kfold_info(folds, 3, 3, False, _summary(folds))
    store.append(kf_run, kf_model)
    again = RunStore(tmp_path / "p.runs")
    assert again.records[0].kfold is None and again.records[1].kfold == kf_run.kfold
    assert again.load_model(again.records[1].id).count_params() == kf_model.count_params()
    # an index written before K-fold runs were kept has no "kfold" key
    index = json.loads((tmp_path / "p.runs" / "runs.json").read_text())
    del index["runs"][0]["kfold"]
    (tmp_path / "p.runs" / "runs.json").write_text(json.dumps(index))
    assert RunStore(tmp_path / "p.runs").records[0].kfold is None
