"""RepeatVector: repetition along a new axis, summed gradient, errors, config."""

import numpy as np
import pytest

from netbuilder.core.errors import ConfigError, ShapeError
from netbuilder.core.layers import Input, RepeatVector
from netbuilder.core.testing import check_layer_gradients


def test_forward():
    x = np.arange(6, dtype="float32").reshape(2, 3)
    y = RepeatVector(4)(x)
    assert y.shape == (2, 4, 3)
    for t in range(4):
        np.testing.assert_array_equal(y[:, t, :], x)
    assert not np.shares_memory(y, x)


def test_gradients():
    check_layer_gradients(RepeatVector(3), np.random.default_rng(0).standard_normal((2, 4)))


@pytest.mark.parametrize("n", [0, -2, 2.5, "3", True])
def test_bad_n(n):
    with pytest.raises(ConfigError, match="n must be a positive int") as info:
        RepeatVector(n)
    assert info.value.params["arg"] == "n"


def test_needs_2d_input():
    with pytest.raises(ShapeError, match=r"\(batch, features\).*\(None, 3, 4\)") as info:
        RepeatVector(2)(Input(shape=(3, 4)))
    assert info.value.code == "repeat_rank"


def test_config_round_trip():
    config = RepeatVector(5).get_config()
    assert config["n"] == 5 and RepeatVector.from_config(config).get_config() == config


def test_layer_contract():
    from netbuilder.core.testing import run_layer_test

    run_layer_test(RepeatVector, {"n": 3}, (2, 4), expected_output_shape=(None, 3, 4),
                   expected_num_params=0)
