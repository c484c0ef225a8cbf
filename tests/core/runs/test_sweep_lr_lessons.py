"""Sweep variants, the learning-rate range test on a real run, and the book's lesson variants."""

import numpy as np
import pytest

from netbuilder.core import optimizers, utils
from netbuilder.core.models import model_from_config
from netbuilder.core.runs import describe_changes, lessons, sweep
from netbuilder.core.runs.lr_range import LRRangeTest, lr_range_test, suggest

from .helpers import SETTINGS, data, spiral_model


def test_targets_list_layer_args_and_settings():
    labels = [t.label for t in sweep.targets(spiral_model())]
    assert "dense.units" in labels and "dense.activation" in labels and "out.units" in labels
    assert labels[-3:] == ["learning_rate", "batch_size", "epochs"]


@pytest.mark.parametrize("arg,text,expected", [
    ("units", "4, 8,16", [4, 8, 16]), ("learning_rate", "0.1; 0.01", [0.1, 0.01]),
    ("rate", "0, 0.5", [0.0, 0.5]), ("activation", "relu, tanh", ["relu", "tanh"])])
def test_parse_values(arg, text, expected):
    assert sweep.parse_values(sweep.SweepTarget(arg, "dense" if arg != "learning_rate" else None), text) == expected


@pytest.mark.parametrize("arg,text,bad", [
    ("units", "4, 8.5", "'8.5'"), ("units", "4", "1"), ("units", "1,2,3,4,5,6,7", "7"),
    ("rate", "0.5, 1", "'1'"), ("learning_rate", "0.1, -1", "'-1'"), ("activation", "relu, nope", "'nope'"),
    ("epochs", "4, 4", "repeat"), ("batch_size", "a, 2", "'a'")])
def test_parse_values_refuses_naming_the_bad_value(arg, text, bad):
    with pytest.raises(ValueError, match=bad):
        sweep.parse_values(sweep.SweepTarget(arg), text)


def test_variants_change_only_the_target():
    m = spiral_model()
    t = sweep.SweepTarget("units", "dense")
    new_m, new_s = sweep.variant(t, m, SETTINGS, 4)
    assert describe_changes(m, SETTINGS, new_m, new_s) == ["dense: units 16 → 4"]
    assert m["config"]["layers"][1]["config"]["units"] == 16  # the original is untouched
    _, s = sweep.variant(sweep.SweepTarget("learning_rate"), m, SETTINGS, 0.1)
    assert s["optimizer"]["config"]["learning_rate"] == 0.1 and SETTINGS["optimizer"]["config"]["learning_rate"] == 0.01
    new_m, _ = sweep.variant(sweep.SweepTarget("l2", "dense"), m, SETTINGS, 0.001)
    assert describe_changes(m, SETTINGS, new_m, SETTINGS) == ["dense: kernel_regularizer none → L2(0.001)"]
    assert sweep.value_label(t, 4) == "dense.units=4"
    with pytest.raises(ValueError, match="'nope'"):
        sweep.variant(sweep.SweepTarget("units", "nope"), m, SETTINGS, 4)


def test_lr_range_test_on_a_real_run():
    utils.set_random_seed(0)
    model = model_from_config(spiral_model(32))
    model.compile(optimizer=optimizers.get("sgd"), loss="binary_crossentropy")
    x, y = data(256)
    lrs, losses, lr = lr_range_test(model, x, y, batch_size=16, start=1e-4, end=10.0, steps=60)
    assert 5 <= len(lrs) == len(losses) <= 60
    assert np.all(np.diff(lrs) > 0) and lrs[0] == pytest.approx(1e-4)
    assert model.optimizer.learning_rate == pytest.approx(lrs[-1])
    assert lrs[0] <= lr <= lrs[int(np.nanargmin(losses))]


def test_suggest_is_steepest_descent_before_minimum():
    lrs = np.logspace(-5, 0, 51)
    losses = 1 / (1 + np.exp((np.log10(lrs) + 3) * 3)) + 0.1  # falls fastest at 1e-3
    losses[-10:] = np.linspace(0.2, 3, 10)  # then explodes
    assert suggest(lrs, losses) == pytest.approx(1e-3, rel=0.3)
    assert suggest([1, 2], [1, 1]) is None
    with pytest.raises(ValueError, match="start"):
        LRRangeTest(start=1.0, end=0.1)


def test_lesson_variants():
    m = spiral_model(16, hidden=2)
    names = [n for n, _ in lessons.variants("imdb_capacity", m)]
    assert names[0] == "original" and len(names) == 3
    small = lessons.variants("imdb_capacity", m)[1][1]
    assert describe_changes(m, {}, small, {}) == ["dense: units 16 → 4", "dense_1: units 16 → 4"]
    l2 = lessons.variants("imdb_l2", m)[1][1]
    assert describe_changes(m, {}, l2, {}) == ["dense: kernel_regularizer none → L2(0.001)",
                                               "dense_1: kernel_regularizer none → L2(0.001)"]
    drop = lessons.variants("imdb_dropout", m)[1][1]
    assert sum(e["class_name"] == "Dropout" for e in drop["config"]["layers"]) == 2
    assert [n for n, _ in lessons.variants("mnist_underfit", m)][1:] == ["1 unit", "4 units"]
    with pytest.raises(ValueError, match="'nope'"):
        lessons.variants("nope", m)
