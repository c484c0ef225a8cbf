"""The coach's rules at their thresholds, from the mutants a mutation tester left alive (issue 23).

Each rule of ``diagnosis`` is fed curves placed just on and just past its threshold (the module
constants: OVERFIT_PATIENCE, OVERFIT_RISE, TRAIN_STILL_FALLS, GAP_GROWTH, EXPLODE_FACTOR, MIN_EPOCHS,
STILL_IMPROVING, FLAT_TOTAL, POOR_ACCURACY), and its verdict's message, params, remedies and epochs
are checked as the learner sees them. Numbers are chosen so that the products are exact in binary.
"""

import math

import pytest

from netbuilder.core import diagnosis as D

# ---------------------------------------------------------------- small pieces


@pytest.mark.parametrize("value, finite", [(1, True), ("0.5", True), (math.nan, False), (-math.inf, False),
                                           (None, False), ("abc", False), ([1], False)])
def test_finite_accepts_numbers_and_numeric_strings_only(value, finite):
    assert D._finite(value) is finite
    assert D.batch_diverged(value) is not finite


def test_accuracy_key_prefers_one_with_a_validation_twin():
    assert D._accuracy_key({"loss": [], "acc": [], "accuracy": [], "val_accuracy": []}) == "accuracy"
    assert D._accuracy_key({"loss": [], "acc": [], "accuracy": []}) == "acc"
    assert D._accuracy_key({"loss": [], "val_loss": [], "mae": []}) is None


# ---------------------------------------------------------------- divergence


def test_divergence_message_params_and_remedy():
    d = D.diagnose({"loss": [1.0, 0.9, 0.8], "val_loss": [1.0, math.nan, 0.7]}, learning_rate=0.5)
    assert d == D.Diagnosis(
        "divergence", "divergence_nan",
        "Training diverged: val_loss became NaN or infinite at epoch 2. The steps are too big: lower the "
        "learning rate (now 0.5), for instance divide it by 10, and train again from fresh weights.",
        {"epoch": 2, "key": "val_loss", "learning_rate": 0.5}, ("lower_learning_rate",), 2, None)
    assert D.divergence_at(7, learning_rate=0.5).params["learning_rate"] == 0.5
    assert D.divergence_at(7) == D.Diagnosis(
        "divergence", "divergence_nan",
        "Training diverged: loss became NaN or infinite at epoch 7. The steps are too big: lower the "
        "learning rate, for instance divide it by 10, and train again from fresh weights.",
        {"epoch": 7, "key": "loss", "learning_rate": None}, ("lower_learning_rate",), 7, None)


def test_loss_nan_is_reported_before_a_val_loss_nan():
    d = D.divergence({"loss": [1.0, 0.5, math.inf], "val_loss": [math.nan, 1.0, 1.0]})
    assert d.params["key"] == "loss" and d.epoch == 3


def test_exploding_is_over_ten_times_the_earlier_minimum_and_above_the_first_loss():
    exploded = D.divergence({"loss": [2.0, 0.5, 5.0 + 1e-9]})
    assert exploded.code == "divergence_exploding" and exploded.epoch == 3
    assert exploded.message.startswith("Training diverged: loss exploded (over 10× its minimum) at epoch 3.")
    assert D.divergence({"loss": [2.0, 0.5, 5.0]}) is None  # exactly 10×: not over
    assert D.divergence({"loss": [8.0, 0.5, 6.0]}) is None  # 12× the minimum but below the first loss
    assert D.divergence({"loss": [6.0, 0.5, 6.0]}) is None  # back to the first loss: not above it
    assert D.divergence({"loss": [0.5, 0.5 * 10 + 1e-9]}).epoch == 2  # two epochs suffice
    assert D.divergence({"loss": [0.1]}) is None
    assert D.divergence({"loss": [1.0, 0.1, 0.2, 50.0, 60.0]}).epoch == 4  # the first hit is reported


def test_live_coach_divergence_matches_diagnose_at_the_threshold():
    for losses, epoch in (([2.0, 0.5, 5.0], None), ([2.0, 0.5, 5.0 + 1e-9], 3), ([8.0, 0.5, 6.0], None),
                          ([6.0, 0.5, 6.0], None), ([2.0, 0.5, 1.0, 5.5], 4)):  # 4: 11× the running minimum
        coach = D.LiveCoach(learning_rate=0.1)
        verdicts = [coach.update({"loss": v}) for v in losses]
        if epoch is None:
            assert verdicts[-1] is None
        else:
            assert verdicts[-1] == D.diagnose({"loss": losses}, learning_rate=0.1)
            assert verdicts[-1].epoch == epoch and verdicts[-1].params["learning_rate"] == 0.1


def test_live_coach_names_the_first_non_finite_epoch_of_each_key():
    coach = D.LiveCoach()
    assert coach.update({"loss": 1.0, "val_loss": 1.0}) is None
    d = coach.update({"loss": 0.9, "val_loss": math.nan})
    assert d.code == "divergence_nan" and d.params["key"] == "val_loss" and d.epoch == 2
    d = coach.update({"loss": math.inf, "val_loss": math.nan})
    assert d.params["key"] == "loss" and d.epoch == 3  # a NaN loss is named before a NaN val_loss
    assert coach.update({"loss": 0.5, "val_loss": 0.5}).epoch == 3  # the first NaN epoch stays


# ---------------------------------------------------------------- too few epochs, healthy


def test_too_few_epochs_and_the_best_epoch():
    d = D.diagnose({"loss": [1.0, 0.5], "val_loss": [0.9, 1.0]})
    assert d == D.Diagnosis("unknown", "too_few_epochs", "Too few epochs to judge the fit yet (2 of at least 3).",
                            {"epochs": 2, "min_epochs": 3}, ("more_epochs",), None, 1)
    assert D.diagnose({"loss": [1.0, 0.5]}, final=False).remedies == ()
    assert D.diagnose({"loss": [1.0, 0.5]}).best_epoch == 2  # no validation: the lowest training loss
    assert D.diagnose({"loss": [1.0, 0.5], "val_loss": [0.4]}).best_epoch == 2  # val_loss too short: ignored
    empty = D.diagnose({})
    assert empty.code == "too_few_epochs" and empty.best_epoch is None and empty.params["epochs"] == 0


def test_healthy_message_names_the_best_epoch_and_its_loss():
    d = D.diagnose({"loss": [1.0, 0.5, 0.25], "val_loss": [1.0, 0.5, 0.5]}, final=False)
    assert d == D.Diagnosis("healthy", "healthy", "The fit looks healthy: the best epoch is 2 (val_loss 0.5).",
                            {"best_epoch": 2, "val_loss": 0.5}, (), None, 2)
    d = D.diagnose({"loss": [1.0, 0.25, 0.5]}, final=False)
    assert d.message == "The fit looks healthy: the best epoch is 2 (loss 0.25)."
    assert d.params == {"best_epoch": 2, "val_loss": None}


# ---------------------------------------------------------------- overfitting by val_loss


def _val_rule(val_best=0.5, val_last=0.51, loss_last=0.25, after=2):
    """A run whose val_loss is lowest at epoch 2 and ends at ``val_last`` ``after`` epochs later."""
    loss = [1.0, 0.5] + [0.4] * (after - 1) + [loss_last]
    val = [1.0, val_best] + [val_best + 0.001] * (after - 1) + [val_last]
    return {"loss": loss, "val_loss": val}


def test_overfitting_message_and_params():
    d = D.diagnose(_val_rule(val_last=0.75), final=False)
    assert d == D.Diagnosis(
        "overfitting", "overfitting_val_loss",
        "Overfitting: validation loss was lowest at epoch 2 (0.5) and has risen for 2 epochs to 0.75 while "
        "training loss keeps falling. The network memorizes the training samples. Remedies: get more data, "
        "make the network smaller, add L2 weight regularization, add Dropout, or keep the weights of the "
        "best epoch.",
        {"epoch": 3, "best_epoch": 2, "best_val_loss": 0.5, "last_val_loss": 0.75, "epochs_rising": 2},
        ("restore_best_weights", "add_dropout", "add_l2", "halve_units", "more_data"), 3, 2)


def test_overfitting_needs_two_epochs_above_the_minimum():
    assert D.diagnose(_val_rule(after=2, val_last=0.75), final=False).code == "overfitting_val_loss"
    assert D.diagnose(_val_rule(after=1, val_last=0.75), final=False).kind == "healthy"


def test_overfitting_rise_is_at_least_two_percent():
    assert D.diagnose(_val_rule(val_last=0.51), final=False).code == "overfitting_val_loss"  # 0.5 × 1.02
    assert D.diagnose(_val_rule(val_last=0.5099), final=False).kind == "healthy"


def test_overfitting_needs_training_loss_below_99_percent_of_its_value_at_the_best_epoch():
    # loss at the best epoch is 0.5: 0.495 is exactly 99 % of it (not below), 0.4949 is
    assert D.diagnose(_val_rule(val_last=0.75, loss_last=0.495), final=False).kind == "healthy"
    assert D.diagnose(_val_rule(val_last=0.75, loss_last=0.4949), final=False).code == "overfitting_val_loss"


def test_overfitting_with_a_zero_validation_minimum_needs_any_rise():
    zero = {"loss": [1.0, 0.5, 0.4, 0.3], "val_loss": [1.0, 0.0, 0.0, 0.001]}
    assert D.diagnose(zero, final=False).code == "overfitting_val_loss"
    assert D.diagnose({"loss": [1.0, 0.5, 0.4, 0.3], "val_loss": [1.0, 0.0, 0.0, 0.0]}, final=False).kind == "healthy"


# ---------------------------------------------------------------- overfitting by the accuracy gap


def _gap_run(gaps, best=1):
    """val_loss lowest at 0-based ``best`` and flat after it; train - validation accuracy = ``gaps``."""
    n = len(gaps)
    val = [1.0 if e < best else 0.5 + (0.0 if e == best else 0.001) for e in range(n)]
    acc = [0.5 + g for g in gaps]
    return {"loss": [1.0 - 0.05 * e for e in range(n)], "val_loss": val,
            "accuracy": acc, "val_accuracy": [0.5] * n}


def test_gap_verdict_message_and_params():
    d = D.diagnose(_gap_run([0.0, 0.0, 0.125, 0.25]), final=False)
    assert d.code == "overfitting_gap" and d.kind == "overfitting"
    assert d.params == {"epoch": 3, "best_epoch": 2, "metric": "accuracy", "gap_best": 0.0, "gap_last": 0.25}
    assert d.message == ("Overfitting: the gap between training and validation accuracy grew from 0.000 at epoch 2 "
                         "to 0.250 and keeps growing. Remedies: get more data, make the network smaller, add L2 "
                         "weight regularization, add Dropout, or keep the weights of the best epoch.")
    assert (d.epoch, d.best_epoch) == (3, 2)
    assert d.remedies == ("restore_best_weights", "add_dropout", "add_l2", "halve_units", "more_data")


@pytest.mark.parametrize("gaps, overfits", [
    ([0.0, 0.0, 0.125, 0.25], True),
    ([0.0, 0.0, 0.25, 0.25], True),  # flat then level: non-decreasing, last above first
    ([0.0, 0.0, 0.0, 0.0625], True),  # grew by more than 0.05
    ([0.0, 0.0, 0.0, 0.046875], False),  # grew by less than 0.05
    ([0.0, 0.0, 0.25, 0.125], False),  # falls at the end
    ([0.0, 0.25, 0.25, 0.25], False),  # not rising over the window
    ([0.0, 0.0, 0.25], True),  # one epoch after the best is enough for the gap rule
])
def test_gap_rule_boundaries(gaps, overfits):
    d = D.diagnose(_gap_run(gaps), final=False)
    assert (d.code == "overfitting_gap") is overfits, d
    coach = D.LiveCoach()
    for e in range(len(gaps)):
        live = coach.update({k: v[e] for k, v in _gap_run(gaps).items()})
    assert (live is not None and live.code == "overfitting_gap") is overfits


def test_gap_rule_growth_is_over_the_gap_at_the_best_epoch():
    # the gap at the best epoch (0.25) is subtracted: growth 0.0625 over it overfits, 0.03125 does not
    assert D.diagnose(_gap_run([0.0, 0.25, 0.25, 0.3125], best=1), final=False).code == "overfitting_gap"
    assert D.diagnose(_gap_run([0.0, 0.25, 0.25, 0.28125], best=1), final=False).kind == "healthy"


def test_gap_verdict_on_the_numbers_alone():
    v = D._overfit_verdict(4, 1, 0.5, 0.5, 0.5, 0.5, "accuracy", 0.0, (0.0, 0.125, 0.25))
    assert v.code == "overfitting_gap" and v.params["gap_last"] == 0.25
    assert D._overfit_verdict(4, 1, 0.5, 0.5, 0.5, 0.5, "accuracy", 0.0, (0.25,)) is None  # one gap: no trend
    assert D._overfit_verdict(4, 1, 0.5, 0.5, 0.5, 0.5, "accuracy", 0.0, (0.0, 0.25)).code == "overfitting_gap"
    assert D._overfit_verdict(4, 1, 0.5, 0.5, 0.5, 0.5, "accuracy", 0.0, (0.25, 0.25, 0.25)) is None  # level
    assert D._overfit_verdict(4, 1, 0.5, 0.5, 0.5, 0.5, "accuracy", 0.0, (0.0, 0.025, 0.05)) is None  # 0.05: not over
    assert D._overfit_verdict(4, 1, 0.5, 0.5, 0.5, 0.5, None, 0.0, (0.0, 0.125, 0.25)) is None
    assert D._overfit_verdict(4, 1, 0.5, 0.5, 0.5, 0.5, "accuracy", None, (0.0, 0.125, 0.25)) is None
    assert D._overfit_verdict(2, 1, 0.5, 0.5, 0.5, 0.5, "accuracy", 0.0, (0.0, 0.125, 0.25)) is None  # best is last
    # only the last TREND_WINDOW gaps count: an early dip does not break the trend
    assert D._overfit_verdict(6, 1, 0.5, 0.5, 0.5, 0.5, "accuracy", 0.0, (0.5, 0.0, 0.125, 0.25)).code \
        == "overfitting_gap"


# ---------------------------------------------------------------- underfitting


def test_flat_loss_message_params_and_remedies():
    h = {"loss": [1.0, 0.96, 0.95, 0.95]}  # 5 % lower overall, not falling at the end
    d = D.diagnose(h)
    assert d == D.Diagnosis(
        "underfitting", "underfitting_flat",
        "Underfitting: training loss hardly moved (5.0% lower than at epoch 1). The network is too small to "
        "learn this data, or the learning rate is badly chosen. Try a bigger network (more layers, more units) "
        "and check the learning rate.",
        {"total_fall": pytest.approx(0.05), "metric": None, "metric_value": None},
        ("add_layer", "double_units", "more_epochs"), None, 3)


def test_poor_accuracy_is_below_three_quarters():
    loss = [1.0, 0.5, 0.5, 0.5, 0.5]  # fell 50 %, flat over the last 3 epochs: only the accuracy can say flat
    stuck = D.diagnose({"loss": loss, "accuracy": [0.5, 0.7, 0.74, 0.8, 0.74]})  # the last value counts
    assert stuck.code == "underfitting_flat" and stuck.params["metric"] == "accuracy"
    assert stuck.params["metric_value"] == 0.74
    assert stuck.message.startswith("Underfitting: training accuracy is stuck at 0.740.")
    assert D.diagnose({"loss": loss, "accuracy": [0.5, 0.7, 0.75, 0.75, 0.75]}).kind == "healthy"


def test_flat_needs_less_than_ten_percent_overall():
    assert D.diagnose({"loss": [10.0, 9.1, 9.1, 9.1, 9.1]}).code == "underfitting_flat"  # 9 %
    assert D.diagnose({"loss": [10.0, 9.0, 9.0, 9.0, 9.0]}).kind == "healthy"  # (10 - 9) / 10 is 0.1: not less


def test_still_improving_rate_is_over_the_last_three_epochs():
    # the last 3 epochs fall 0.03 of 1.0 each: 3 % per epoch
    h = {"loss": [2.0, 1.0, 0.97, 0.94, 0.91], "val_loss": [2.0, 1.0, 0.97, 0.94, 0.91]}
    d = D.diagnose(h)
    assert d.code == "underfitting_still_improving" and d.params == {"rate": pytest.approx(0.03), "window": 3}
    assert d.message == ("Underfitting: training loss is still falling (3.0% per epoch over the last 3 epochs) and "
                         "validation loss is at its lowest at the last epoch. The network has not finished "
                         "learning: train for more epochs.")
    assert d.remedies == ("more_epochs", "add_layer", "double_units") and d.best_epoch == 5
    assert d.kind == "underfitting"


def test_still_improving_without_validation_is_unknown():
    d = D.diagnose({"loss": [2.0, 1.0, 0.97, 0.94, 0.91]})
    assert d.kind == "unknown" and d.code == "still_improving_no_validation" and d.remedies == ()
    assert d.params == {"rate": pytest.approx(0.03), "window": 3} and d.best_epoch == 5
    assert d.message == ("Training loss is still falling (3.0% per epoch over the last 3 epochs). Without validation "
                         "data the coach cannot tell a network that needs more epochs from one that starts to "
                         "overfit: set a validation split, or evaluate on the test set and compare.")


def test_still_improving_needs_the_validation_minimum_at_the_last_epoch():
    h = {"loss": [2.0, 1.0, 0.97, 0.94, 0.91], "val_loss": [2.0, 1.0, 0.96, 0.97, 0.975]}
    assert D.diagnose(h).code not in ("underfitting_still_improving", "underfitting_flat")


def test_three_epochs_use_a_window_of_two():
    d = D.diagnose({"loss": [1.0, 0.8, 0.6], "val_loss": [1.0, 0.8, 0.6]})
    assert d.code == "underfitting_still_improving" and d.params["window"] == 2
    assert d.params["rate"] == pytest.approx(0.2)  # (1.0 - 0.6) / (1.0 · 2)


def test_flat_without_a_first_loss_or_a_reference_loss():
    """Zero losses: no division by zero, and 'fell' is measured from the right epochs."""
    zero = D.diagnose({"loss": [0.0, 0.0, 0.0, 0.0, 0.0]})
    assert zero.code == "underfitting_flat" and zero.params["total_fall"] == 0.0
    assert "hardly moved (0.0% lower than at epoch 1)" in zero.message
    # fell all the way at epoch 2 and stays there: not flat overall, not still falling
    assert D.diagnose({"loss": [1.0, 0.0, 0.0, 0.0, 0.0]}).kind == "healthy"
    # 0.5 three epochs before the end: still falling fast, whatever the later zeros
    assert D.diagnose({"loss": [1.0, 0.5, 0.0, 0.0, 0.0]}).code == "still_improving_no_validation"


def test_a_flat_loss_with_accuracy_exactly_three_quarters_says_the_loss_hardly_moved():
    d = D.diagnose({"loss": [10.0, 9.5, 9.5, 9.5, 9.5], "accuracy": [0.5, 0.6, 0.7, 0.75, 0.75]})
    assert d.code == "underfitting_flat"
    assert d.message.startswith("Underfitting: training loss hardly moved (5.0% lower than at epoch 1).")


# recent fall exactly STILL_IMPROVING: (50 - 47) / (50 × 3) is 0.02 in binary too
_AT_RATE = [100.0, 50.0, 49.0, 48.0, 47.0]


def test_a_fall_of_exactly_two_percent_per_epoch_is_still_improving():
    assert D.diagnose({"loss": _AT_RATE}).code == "still_improving_no_validation"
    assert D.diagnose({"loss": _AT_RATE, "val_loss": _AT_RATE}).code == "underfitting_still_improving"
    # not a plateau, so poor accuracy does not make it flat
    assert D.diagnose({"loss": _AT_RATE, "accuracy": [0.5] * 5}).code == "still_improving_no_validation"


# ---------------------------------------------------------------- good fit, gap opening


def _opening(**extra):
    return {"loss": [1.0, 0.5, 0.4, 0.3, 0.2], "val_loss": [1.0, 0.55, 0.45, 0.4, 0.4], **extra}


def test_gap_opening_is_a_good_fit_with_its_onset():
    d = D.diagnose(_opening())
    assert d == D.Diagnosis(
        "healthy", "good_fit_gap_opening",
        "Good fit, and overfitting starts: validation loss is at its lowest around epoch 4 (0.4), but since "
        "epoch 2 the training loss is below it and the gap grows (now 0.2 against 0.4). More epochs would "
        "overfit: stop about here, or add Dropout or L2 before training longer.",
        {"best_epoch": 4, "val_loss": 0.4, "onset": 2, "loss": 0.2, "last_val_loss": 0.4, "metric": None,
         "train_metric": None, "val_metric": None}, (), 2, 4)
    assert D.diagnose(_opening(), final=False).code == "healthy"


def test_gap_opening_names_the_accuracy_on_both_sides():
    d = D.diagnose(_opening(accuracy=[0.875] * 5, val_accuracy=[0.75] * 5))
    assert d.code == "good_fit_gap_opening"
    assert "(now 0.2 against 0.4; accuracy 87.5% on training, 75.0% on validation)." in d.message
    assert (d.params["metric"], d.params["train_metric"], d.params["val_metric"]) == ("accuracy", 0.875, 0.75)
    short = D.diagnose(_opening(accuracy=[0.875] * 5, val_accuracy=[0.75] * 4))  # no validation twin per epoch
    assert short.code == "good_fit_gap_opening" and short.params["metric"] is None
    assert "(now 0.2 against 0.4). More" in short.message


# ---------------------------------------------------------------- overfitting that flattens (Boston)

_FLAT_VAL = [1.0, 0.7, 0.55, 0.5, 0.5, 0.5, 0.5, 0.49, 0.5, 0.5, 0.5, 0.505]


def _flat_run(**extra):
    return {"loss": [1.0 - 0.05 * e for e in range(12)], "val_loss": list(_FLAT_VAL), **extra}


def test_a_rise_within_noise_after_a_plateau_is_slow_overfitting():
    d = D.diagnose(_flat_run())
    level = (0.5 + 0.49 + 0.5) / 3  # the lowest 3-epoch mean
    assert d.kind == "overfitting" and d.code == "overfitting_val_flat"
    assert (d.epoch, d.best_epoch) == (4, 8)  # first epoch within 5 % of that level; lowest val_loss
    assert d.params["metric"] == "loss" and d.params["epoch"] == 4 and d.params["best_epoch"] == 8
    assert d.params["level"] == pytest.approx(level)
    gained = 1.0 - level
    assert d.params["giveback"] == pytest.approx(((0.5 + 0.5 + 0.505) / 3 - level) / gained)
    assert d.message == (
        f"Validation loss flattens from about epoch 4 (about {level:.4g}) and then only wanders within noise (the "
        "lowest validation loss, at epoch 8, is hardly better), while the training error keeps falling below it: "
        "overfitting has begun, slowly. About that many epochs give the same validation error; keep the best "
        "epoch's weights, or add Dropout or L2 to train longer.")
    assert d.remedies == ("restore_best_weights", "add_dropout", "add_l2", "halve_units", "more_data")
    assert D.diagnose(_flat_run(), final=False).code == "overfitting_val_loss"  # judged at the end only


def test_the_flattening_is_read_on_the_validation_error_metric():
    mae = [10 * v for v in _FLAT_VAL]
    d = D.diagnose(_flat_run(accuracy=[0.5] * 12, val_accuracy=[0.5] * 12, val_short=[1.0], val_mae=mae))
    assert d.code == "overfitting_val_flat" and d.params["metric"] == "mae"
    assert d.params["level"] == pytest.approx(10 * (0.5 + 0.49 + 0.5) / 3)
    assert d.message.startswith("Validation mae flattens from about epoch 4 (about 4.967)")


def test_a_rise_that_gives_back_the_gain_stays_overfitting():
    val = [1.0, 0.7, 0.55, 0.5, 0.5, 0.5, 0.5, 0.49, 0.55, 0.6, 0.65, 0.7]
    d = D.diagnose({"loss": [1.0 - 0.05 * e for e in range(12)], "val_loss": val})
    assert d.code == "overfitting_val_loss"


# ---------------------------------------------------------------- the live coach's bookkeeping


def test_live_coach_best_epoch_is_the_first_of_equal_minima_like_diagnose():
    curves = {"loss": [1.0, 0.8, 0.6, 0.4, 0.2], "val_loss": [1.0, 0.5, 0.5, 0.75, 0.8]}
    coach, history = D.LiveCoach(), {}
    for e in range(5):
        logs = {k: v[e] for k, v in curves.items()}
        for k, v in logs.items():
            history.setdefault(k, []).append(v)
        live = coach.update(logs)
    assert live == D.diagnose(history, final=False)
    assert live.best_epoch == 2 and live.params["epochs_rising"] == 3


def test_live_coach_without_a_validation_metric_in_every_epoch_finds_no_gap():
    run = _gap_run([0.0, 0.0, 0.125, 0.25])
    coach, history = D.LiveCoach(), {}
    for e in range(4):
        logs = {k: v[e] for k, v in run.items() if not (e == 0 and k == "val_accuracy")}
        for k, v in logs.items():
            history.setdefault(k, []).append(v)
        live = coach.update(logs)
    assert D.diagnose(history, final=False).kind == "healthy"
    assert live is None


def test_live_coach_epoch_without_a_loss_gives_no_verdict():
    coach = D.LiveCoach()
    assert coach.update({"val_loss": 0.5}) is None
    assert coach.update({"loss": 1.0, "val_loss": 0.5}) is None


@pytest.mark.parametrize("as_text", [False, True])
def test_histories_read_back_as_text_are_judged_alike(as_text):
    """A History read back from a CSV log holds strings: the verdicts are the same."""
    conv = str if as_text else float
    boom = {"loss": [conv(v) for v in (2.0, 0.5, 5.5)]}
    assert D.divergence(boom).epoch == 3
    run = {k: [conv(v) for v in vals] for k, vals in _val_rule(val_last=0.75).items()}
    assert D.diagnose(run).code == "overfitting_val_loss"


def test_giving_back_exactly_five_percent_is_overfitting_not_a_plateau():
    from netbuilder.core import fit_trends as T

    val = [1.0, 0.6875] + [0.375] * 9 + [0.46874999999999956]  # the float where the giveback is 0.05
    assert T.giveback(val) == T.GIVEBACK
    d = D.diagnose({"loss": [1.0 - 0.05 * e for e in range(12)], "val_loss": val})
    assert d.code == "overfitting_val_loss" and d.best_epoch == 3


def test_gap_opening_reads_the_last_epoch_of_each_curve():
    h = {"loss": [1.0, 0.5, 0.4, 0.3, 0.2], "val_loss": [1.0, 0.55, 0.45, 0.4, 0.401],
         "accuracy": [0.5, 0.6, 0.7, 0.8, 0.875], "val_accuracy": [0.5, 0.55, 0.6, 0.7, 0.75]}
    d = D.diagnose(h)
    assert d.code == "good_fit_gap_opening" and d.params["last_val_loss"] == 0.401
    assert (d.params["train_metric"], d.params["val_metric"]) == (0.875, 0.75)
    assert "(now 0.2 against 0.401; accuracy 87.5% on training, 75.0% on validation)." in d.message


def test_flat_fall_is_measured_to_the_last_epoch():
    d = D.diagnose({"loss": [10.0, 9.6, 9.5, 9.45, 9.1]})  # still within 2 %/epoch over the last 3 epochs
    assert d.code == "underfitting_flat" and d.params["total_fall"] == pytest.approx(0.09)
