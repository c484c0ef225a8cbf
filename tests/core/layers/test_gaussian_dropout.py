"""GaussianDropout: multiplicative N(1, rate/(1-rate)) noise in training, gradients, config."""

import numpy as np
import pytest

from netbuilder.core import utils
from netbuilder.core.errors import ConfigError
from netbuilder.core.layers import GaussianDropout
from netbuilder.core.testing import check_layer_gradients


def test_multiplier_statistics_and_inference_identity():
    utils.set_random_seed(0)
    rate = 0.2
    x = np.full((500, 200), 2.0, dtype="float32")
    layer = GaussianDropout(rate)
    np.testing.assert_array_equal(layer(x, training=False), x)
    m = layer(x, training=True) / 2.0
    assert abs(m.mean() - 1.0) < 0.01  # expectation preserved
    assert abs(m.std() - np.sqrt(rate / (1 - rate))) < 0.01


def test_gradients_training_and_inference():
    x = np.random.default_rng(1).standard_normal((3, 4))
    check_layer_gradients(GaussianDropout(0.3), x, training=True, reseed=3)
    check_layer_gradients(GaussianDropout(0.3), x)


@pytest.mark.parametrize("rate", [-0.5, 1.0, "a"])
def test_rate_validated(rate):
    with pytest.raises(ConfigError, match="rate") as info:
        GaussianDropout(rate)
    assert info.value.params["arg"] == "rate"


def test_config_round_trip():
    config = GaussianDropout(0.4, seed=1).get_config()
    assert config["rate"] == 0.4 and config["seed"] == 1
    assert GaussianDropout.from_config(config).get_config() == config


def test_layer_contract():
    from netbuilder.core.testing import run_layer_test

    run_layer_test(GaussianDropout, {"rate": 0.3}, (2, 3), expected_output_shape=(None, 3),
                   expected_num_params=0)
