"""GaussianNoise: additive noise statistics in training, identity at inference, gradients."""

import numpy as np
import pytest

from netbuilder.core import utils
from netbuilder.core.errors import ConfigError
from netbuilder.core.layers import GaussianNoise
from netbuilder.core.testing import check_layer_gradients


def test_noise_statistics_and_inference_identity():
    utils.set_random_seed(0)
    x = np.full((500, 200), 3.0, dtype="float32")
    layer = GaussianNoise(0.5)
    np.testing.assert_array_equal(layer(x, training=False), x)
    noise = layer(x, training=True) - 3.0
    assert abs(noise.mean()) < 0.01 and abs(noise.std() - 0.5) < 0.01


def test_gradients_training_and_inference():
    x = np.random.default_rng(1).standard_normal((3, 4))
    check_layer_gradients(GaussianNoise(0.3), x, training=True, reseed=3)
    check_layer_gradients(GaussianNoise(0.3), x)


def test_repeatable_with_set_random_seed():
    x = np.zeros((4, 5), dtype="float32")
    layer = GaussianNoise(0.2)
    utils.set_random_seed(4)
    a = layer(x, training=True)
    utils.set_random_seed(4)
    np.testing.assert_array_equal(layer(x, training=True), a)


@pytest.mark.parametrize("stddev", [-0.1, 1.5, "x"])
def test_stddev_validated(stddev):
    with pytest.raises(ConfigError, match="stddev") as info:
        GaussianNoise(stddev)
    assert info.value.params["arg"] == "stddev"


def test_config_round_trip():
    config = GaussianNoise(0.1, seed=2).get_config()
    assert config["stddev"] == 0.1 and config["seed"] == 2
    assert GaussianNoise.from_config(config).get_config() == config


def test_layer_contract():
    from netbuilder.core.testing import run_layer_test

    run_layer_test(GaussianNoise, {"stddev": 0.1}, (2, 3), expected_output_shape=(None, 3),
                   expected_num_params=0)
