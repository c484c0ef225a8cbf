"""Run records' best epoch and values, and a remedy's measured effect, from real small runs."""

import math

import numpy as np
import pytest

from netbuilder.core import remedies
from netbuilder.core.runs import RunRecord, best_summary, effect_text, measure
from netbuilder.core.runs.effect import ENGLISH, effect_parts, final_gap

from .helpers import SETTINGS, spiral_model, train


def test_best_summary_picks_lowest_val_loss_and_its_values():
    h = {"loss": [0.9, 0.5, 0.3, 0.2], "accuracy": [0.5, 0.7, 0.8, 0.9],
         "val_loss": [1.0, 0.6, 0.7, 0.8], "val_accuracy": [0.4, 0.66, 0.65, 0.6]}
    s = best_summary(h)
    assert s["epoch"] == 2 and s["val_loss"] == 0.6 and s["metric"] == "accuracy" and s["val_value"] == 0.66
    assert s["gap"] == pytest.approx(0.1)
    assert final_gap(h) == pytest.approx(0.6)


def test_best_summary_without_validation_and_with_nan():
    s = best_summary({"loss": [float("nan"), 0.4, 0.5]})
    assert s["epoch"] == 2 and s["val_loss"] is None and s["gap"] is None
    assert best_summary({})["epoch"] is None


def test_real_run_record_round_trips_and_matches_history():
    _, h, seconds = train(spiral_model())
    r = RunRecord(id="r0001", name="x", model=spiral_model(), settings=SETTINGS, history=h, seconds=seconds, seed=0)
    assert r.epochs == SETTINGS["epochs"]
    i = int(np.argmin(h["val_loss"]))
    assert r.best["epoch"] == i + 1 and r.best["val_loss"] == pytest.approx(h["val_loss"][i])
    back = RunRecord.from_json(r.to_json())
    assert back == r
    with pytest.raises(ValueError):
        RunRecord.from_json({"id": "r1"})


def test_same_seed_same_history_so_a_rerun_can_be_reused():
    _, h1, _ = train(spiral_model())
    _, h2, _ = train(spiral_model())
    assert h1 == h2


def test_dropout_effect_measured_from_two_real_runs():
    big = {**SETTINGS, "epochs": 12}
    before_cfg = spiral_model(64, hidden=2)
    _, before, _ = train(before_cfg, big)
    _, after, _ = train(remedies.add_dropout(before_cfg, 0.5), big)
    e = measure("Dropout(0.5)", before, after)
    assert e.val_loss_before == pytest.approx(min(before["val_loss"]))
    assert e.val_loss_after == pytest.approx(min(after["val_loss"]))
    assert e.gap_before == pytest.approx(before["val_loss"][-1] - before["loss"][-1])
    text = effect_text(e)
    assert text.startswith(f"Dropout(0.5): best val_loss {e.val_loss_before:.3f} → {e.val_loss_after:.3f}")
    codes = [c for c, _ in effect_parts(e)]
    assert codes[1] == ("gap_shrank" if e.gap_after < e.gap_before else "gap_grew")
    assert codes[-1] == ("better" if e.val_loss_after < e.val_loss_before else "worse")


def test_effect_text_without_validation_and_with_other_templates():
    e = measure("L2(0.001)", {"loss": [0.5]}, {"loss": [0.4]})
    assert effect_text(e) == "L2(0.001): no validation loss to compare (train with a validation set)."
    templates = {k: "<" + k + ">" for k in ENGLISH}
    e = measure("x", {"loss": [1, 0.5], "val_loss": [1, 0.9]}, {"loss": [1, 0.8], "val_loss": [1, 0.85]})
    assert effect_text(e, templates, sep=" ") == "<loss> <gap_shrank> <better>."
    assert not math.isnan(e.gap_after)
