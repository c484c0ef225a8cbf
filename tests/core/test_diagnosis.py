"""The fit coach on synthetic History curves, the setup check, and the graph remedies."""

import math

import numpy as np
import pytest

from netbuilder.core import diagnosis as D
from netbuilder.core import remedies as R
from netbuilder.core.models import model_from_config


def test_overfitting_val_loss_rises_while_train_falls():
    loss = [1.0, 0.7, 0.5, 0.35, 0.25, 0.18, 0.12]
    val = [1.0, 0.75, 0.6, 0.58, 0.62, 0.7, 0.8]
    d = D.diagnose({"loss": loss, "val_loss": val})
    assert d.kind == "overfitting" and d.code == "overfitting_val_loss"
    assert d.best_epoch == 4 and d.epoch == 5
    assert d.params["epochs_rising"] == 3
    assert "add_dropout" in d.remedies and "restore_best_weights" in d.remedies
    assert "epoch 4" in d.message


def test_no_overfitting_when_rise_is_within_noise():
    loss = [1.0, 0.7, 0.5, 0.35, 0.25]
    val = [1.0, 0.75, 0.6, 0.605, 0.603]  # < OVERFIT_RISE above the minimum
    assert D.diagnose({"loss": loss, "val_loss": val}).kind != "overfitting"


def test_overfitting_from_growing_accuracy_gap():
    n = 8
    loss = list(np.linspace(1.0, 0.2, n))
    val = [1.0, 0.8, 0.7, 0.65, 0.64, 0.641, 0.642, 0.643]  # flat: no val-loss rule
    acc = [0.6, 0.7, 0.8, 0.85, 0.9, 0.94, 0.97, 0.99]
    val_acc = [0.6, 0.68, 0.74, 0.76, 0.77, 0.77, 0.77, 0.77]
    d = D.diagnose({"loss": loss, "val_loss": val, "accuracy": acc, "val_accuracy": val_acc})
    assert d.code == "overfitting_gap"
    assert d.best_epoch == 5 and d.params["metric"] == "accuracy"


def test_underfitting_still_improving_only_when_final():
    loss = [1.0, 0.8, 0.64, 0.51, 0.41]
    val = [1.05, 0.85, 0.7, 0.57, 0.47]
    h = {"loss": loss, "val_loss": val}
    d = D.diagnose(h)
    assert d.code == "underfitting_still_improving" and d.remedies[0] == "more_epochs"
    assert D.diagnose(h, final=False).kind == "healthy"


def test_underfitting_flat_loss_and_poor_accuracy():
    loss = [0.70, 0.69, 0.689, 0.688, 0.688]
    d = D.diagnose({"loss": loss, "val_loss": [0.7, 0.695, 0.694, 0.693, 0.693]})
    assert d.code == "underfitting_flat" and "add_layer" in d.remedies
    acc = {"loss": [1.0, 0.6, 0.56, 0.555, 0.553, 0.552], "accuracy": [0.4, 0.55, 0.6, 0.6, 0.6, 0.6]}
    d = D.diagnose(acc)
    assert d.code == "underfitting_flat" and d.params["metric_value"] == pytest.approx(0.6)


def test_healthy_reports_best_epoch():
    loss = [1.0, 0.5, 0.3, 0.25, 0.245, 0.244]
    val = [1.0, 0.55, 0.35, 0.3, 0.299, 0.3]
    d = D.diagnose({"loss": loss, "val_loss": val, "accuracy": [0.5, 0.8, 0.9, 0.95, 0.95, 0.95]})
    assert d.kind == "healthy" and d.best_epoch == 5 and "best epoch is 5" in d.message


@pytest.mark.parametrize("bad", [math.nan, math.inf])
def test_divergence_nan(bad):
    d = D.diagnose({"loss": [1.0, 0.9, bad]}, learning_rate=10.0)
    assert d.kind == "divergence" and d.epoch == 3 and d.remedies == ("lower_learning_rate",)
    assert "learning rate" in d.message and "10" in d.message
    assert D.batch_diverged(bad) and not D.batch_diverged(0.3)


def test_divergence_exploding():
    d = D.diagnose({"loss": [1.0, 0.5, 0.4, 6.0, 50.0]})
    assert d.code == "divergence_exploding" and d.epoch == 4


def test_too_few_epochs():
    assert D.diagnose({"loss": [1.0, 0.5], "val_loss": [1.0, 0.6]}).code == "too_few_epochs"


def test_check_setup():
    codes = [i.code for i in D.check_setup("binary_crossentropy", "softmax", 2)]
    assert codes == ["softmax_binary_crossentropy"]
    assert D.check_setup("binary_crossentropy", "sigmoid", 1, (100,)) == []
    assert D.check_setup("categorical_crossentropy", "softmax", 10, (100, 10)) == []
    assert [i.code for i in D.check_setup("categorical_crossentropy", "softmax", 10, (100,))] == \
        ["labels_integer_categorical_loss"]
    assert [i.code for i in D.check_setup("sparse_categorical_crossentropy", "softmax", 10, (100, 10))] == \
        ["labels_one_hot_sparse_loss"]
    assert [i.code for i in D.check_setup("categorical_crossentropy", "softmax", 10, (100, 46))] == \
        ["output_units_mismatch"]
    assert [i.code for i in D.check_setup("mse", "linear", 1, metrics=["accuracy"])] == ["accuracy_regression"]
    assert [i.code for i in D.check_setup("categorical_crossentropy", "sigmoid", 3)] == ["multiclass_needs_softmax"]


def _functional():
    return {"class_name": "Functional", "config": {
        "name": "m", "inputs": ["in"], "outputs": ["out"],
        "layers": [
            {"name": "in", "class_name": "InputLayer", "config": {"name": "in", "batch_shape": [None, 4]}, "inputs": []},
            {"name": "h1", "class_name": "Dense", "config": {"name": "h1", "units": 16, "activation": "relu"},
             "inputs": ["in"]},
            {"name": "h2", "class_name": "Dense", "config": {"name": "h2", "units": 8, "activation": "relu"},
             "inputs": ["h1"]},
            {"name": "out", "class_name": "Dense", "config": {"name": "out", "units": 3, "activation": "softmax"},
             "inputs": ["h2"]}]}}


def _sequential():
    return {"class_name": "Sequential", "config": {"name": "s", "layers": [
        {"class_name": "InputLayer", "config": {"name": "in", "batch_shape": [None, 4]}},
        {"class_name": "Dense", "config": {"name": "h1", "units": 16, "activation": "relu"}},
        {"class_name": "Dense", "config": {"name": "out", "units": 3, "activation": "softmax"}}]}}


@pytest.mark.parametrize("make", [_functional, _sequential])
def test_remedies_build_and_change_the_model(make):
    cfg = make()
    before = model_from_config(cfg)
    x = np.zeros((2, 4), "float32")
    n_dense = sum(e["class_name"] == "Dense" for e in cfg["config"]["layers"])

    drop = R.add_dropout(cfg)
    assert cfg == make()  # untouched
    m = model_from_config(drop)
    assert sum(type(l).__name__ == "Dropout" for l in m.layers) == n_dense - 1
    assert m.predict(x).shape == (2, 3)
    assert R.add_dropout(drop) == drop  # idempotent

    l2 = model_from_config(R.add_l2(cfg))
    assert all(l.get_config()["kernel_regularizer"]["config"]["l2"] == pytest.approx(0.001)
               for l in l2.layers if type(l).__name__ == "Dense")

    half = R.halve_units(cfg)
    units = [e["config"]["units"] for e in half["config"]["layers"] if e["class_name"] == "Dense"]
    assert units[0] == 8 and units[-1] == 3  # output untouched
    assert model_from_config(half).count_params() < before.count_params()
    assert model_from_config(R.double_units(cfg)).count_params() > before.count_params()

    deeper = model_from_config(R.add_layer(cfg))
    assert sum(type(l).__name__ == "Dense" for l in deeper.layers) == n_dense + 1
    assert deeper.predict(x).shape == (2, 3)
    with pytest.raises(ValueError):
        R.apply("nope", cfg)


def test_scale_learning_rate():
    out = R.scale_learning_rate({"class_name": "SGD", "config": {"learning_rate": 0.5}}, 0.1)
    assert out["config"]["learning_rate"] == pytest.approx(0.05)


# ---------------------------------------------------------------------------- the live coach
def _curves(seed, n=40):
    """Random History shapes: falling, overfitting, gap-growing, exploding or NaN curves."""
    rng = np.random.default_rng(seed)
    t = np.arange(n)
    loss = 1.0 / (1 + 0.2 * t) + rng.normal(0, 0.01, n)
    val = 1.0 / (1 + 0.2 * t) + rng.choice([0.0, 0.004, 0.02]) * np.maximum(0, t - rng.integers(3, 20)) ** 1.5
    acc = 1 - loss / 2
    val_acc = acc - rng.choice([0.0, 0.01]) * np.maximum(0, t - 10)
    kind = seed % 5
    if kind == 3:
        loss[rng.integers(5, n)] *= 40  # explodes
    elif kind == 4:
        (val if seed % 2 else loss)[rng.integers(2, n)] = np.nan
    return {"loss": loss, "accuracy": acc, "val_loss": val, "val_accuracy": val_acc}


@pytest.mark.parametrize("seed", range(25))
def test_live_coach_gives_the_in_run_verdict_of_diagnose_after_every_epoch(seed):
    curves = _curves(seed)
    coach = D.LiveCoach(learning_rate=0.01)
    history: dict = {}
    seen = set()
    for e in range(len(curves["loss"])):
        logs = {k: float(v[e]) for k, v in curves.items()}
        for k, v in logs.items():
            history.setdefault(k, []).append(v)
        live = coach.update(logs)
        full = D.diagnose(history, final=False, learning_rate=0.01)
        expected = full if full.kind in ("overfitting", "divergence") else None
        assert live == expected, (e, live, expected)
        seen.add(None if live is None else live.code)
    assert seen != {None} or seed % 5 in (0, 1, 2)


def test_live_coach_without_validation_never_says_overfitting():
    coach = D.LiveCoach()
    verdicts = [coach.update({"loss": v, "accuracy": 0.5}) for v in (1.0, 0.5, 0.2, 0.1, 0.05)]
    assert verdicts == [None] * 5
    assert coach.update({"loss": float("nan")}).code == "divergence_nan"


def test_live_coach_finds_the_growing_accuracy_gap_like_diagnose():
    n = 8
    curves = {"loss": list(np.linspace(1.0, 0.2, n)), "accuracy": [0.6, 0.7, 0.8, 0.85, 0.9, 0.94, 0.97, 0.99],
              "val_loss": [1.0, 0.8, 0.7, 0.65, 0.64, 0.641, 0.642, 0.643],
              "val_accuracy": [0.6, 0.68, 0.74, 0.76, 0.77, 0.77, 0.77, 0.77]}
    coach, history, live = D.LiveCoach(), {}, None
    for e in range(n):
        logs = {k: v[e] for k, v in curves.items()}
        for k, v in logs.items():
            history.setdefault(k, []).append(v)
        live = coach.update(logs)
        full = D.diagnose(history, final=False)
        assert live == (full if full.kind == "overfitting" else None)
    assert live is not None and live.code == "overfitting_gap" and live.best_epoch == 5
