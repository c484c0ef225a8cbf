"""The step mode's formulas and pictures: the numbers filled in are the step's own."""

import re

import numpy as np
import pytest

from netbuilder.core import layers, models, optimizers, utils
from netbuilder.core.introspect import step_trace
from netbuilder.ui.inspect import formulas, pictures
from netbuilder.ui.inspect.batch_view import answer, decode, image_side


def _trace(optimizer):
    utils.set_random_seed(0)
    model = models.Sequential([layers.Dense(3, activation="softmax", input_shape=(4,))])
    model.compile(optimizer=optimizer, loss="categorical_crossentropy")
    rs = np.random.default_rng(0)
    x = rs.standard_normal((8, 4)).astype("float32")
    y = np.eye(3, dtype="float32")[rs.integers(0, 3, 8)]
    model.train_on_batch(x, y)  # a second step: the state is not at its zeros
    return step_trace(model, x, y)


def _last_number(line):
    return float(re.findall(r"[-+]?\d[\d.]*(?:e[-+]?\d+)?", line)[-1])


@pytest.mark.parametrize("opt", [optimizers.SGD(learning_rate=0.1), optimizers.SGD(learning_rate=0.1, momentum=0.9),
                                 optimizers.RMSprop(learning_rate=0.01), optimizers.Adam(learning_rate=0.01)],
                         ids=["sgd", "momentum", "rmsprop", "adam"])
def test_the_filled_in_rule_gives_the_weight_the_step_wrote(qtbot, opt):
    trace = _trace(opt)
    key = "dense/kernel" if "dense/kernel" in trace.gradients else next(iter(trace.gradients))
    index = formulas.default_index(trace, key)
    assert abs(trace.gradients[key][index]) == np.abs(trace.gradients[key]).max()
    lines = formulas.update_lines(trace, key, index)
    rule = next(line for line in lines if line.startswith("w ←"))
    # the rule's result (float64 from the recorded numbers) equals the weight written (float32)
    assert _last_number(rule) == pytest.approx(float(trace.weights_after[key][index]), rel=1e-4, abs=1e-6)


def test_loss_formulas_by_name_and_alias(qtbot):
    assert formulas.loss_formula("mse").startswith("L = (1/n) Σᵢ (ŷᵢ − yᵢ)²")
    assert "log" in formulas.loss_formula({"class_name": "CategoricalCrossentropy", "config": {}})
    assert "huber" in formulas.loss_formula("huber")


def test_grid_places_each_channel_in_its_tile():
    maps = np.zeros((2, 3, 5))
    maps[:, :, 4] = np.arange(6).reshape(2, 3)
    g = pictures.grid(maps, gap=1)
    assert g.shape == (2 * 3 - 1, 3 * 4 - 1)  # 3 columns (ceil sqrt 5), 2 rows
    tile = g[3:5, 4:7]  # row 1, column 1: channel 4
    assert tile[0, 0] == 0 and tile[1, 2] == 255
    assert np.all(g[0:2, 0:3] == 128)  # a constant map is mid-grey


def test_batch_rows_read_as_the_learner_knows_them():
    assert image_side(np.zeros((2, 784), "float32")) == (28, 28)
    assert image_side(np.zeros((2, 8, 8, 1))) == (8, 8)
    assert image_side(np.zeros((2, 13))) is None
    assert decode([1, 4, 5, 0, 0], {"good": 1, "film": 2}, sequence=True) == "[START] good film"
    assert decode(np.array([0, 0, 0, 0, 1.0, 1.0]), None, sequence=False).endswith("#4 #5")
    assert answer([0.1, 0.7, 0.2], "multiclass") == "1 (0.70)"
    assert answer([0.0, 1.0, 0.0], "multiclass") == "1"
    assert answer([22.5], "regression") == "22.5"
