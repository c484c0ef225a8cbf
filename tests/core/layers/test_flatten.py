"""Flatten: output shape, channels_last/channels_first order, gradients, config."""

import numpy as np
import pytest

from netbuilder.core.errors import ConfigError
from netbuilder.core.layers import Flatten, Input
from netbuilder.core.registry import LAYERS
from netbuilder.core.testing import check_layer_gradients


def test_channels_last_is_a_row_major_reshape():
    x = np.arange(2 * 3 * 4 * 5, dtype="float32").reshape(2, 3, 4, 5)
    y = Flatten()(x)
    np.testing.assert_array_equal(y, x.reshape(2, 60))


def test_channels_first_matches_channels_last_order():
    x = np.random.default_rng(0).standard_normal((2, 3, 4, 5)).astype("float32")  # (B, C, H, W)
    y = Flatten(data_format="channels_first")(x)
    np.testing.assert_array_equal(y, np.transpose(x, (0, 2, 3, 1)).reshape(2, -1))


@pytest.mark.parametrize(("shape", "expected"), [((None, 3, 4, 5), (None, 60)), ((None, 7), (None, 7)),
                                                 ((None,), (None, 1)), ((None, None, 4), (None, None))])
def test_output_shape(shape, expected):
    assert Flatten().compute_output_shape(shape) == expected


def test_symbolic_shape():
    assert Flatten()(Input(shape=(28, 28, 1))).shape == (None, 784)


@pytest.mark.parametrize("data_format", ["channels_last", "channels_first"])
def test_gradients(data_format):
    check_layer_gradients(Flatten(data_format=data_format),
                          np.random.default_rng(1).standard_normal((2, 3, 2, 4)))


def test_rank_one_input():
    y = Flatten()(np.arange(4.0))
    assert y.shape == (4, 1)


def test_bad_data_format():
    with pytest.raises(ConfigError, match="channels_middle") as info:
        Flatten(data_format="channels_middle")
    assert info.value.params["arg"] == "data_format"


def test_config_round_trip():
    config = Flatten(data_format="channels_first").get_config()
    assert config["data_format"] == "channels_first"
    assert Flatten.from_config(config).get_config() == config
    assert Flatten().get_config()["data_format"] == "channels_last"
    assert LAYERS.meta("Flatten")["group"] == "Reshape"


def test_layer_contract():
    from netbuilder.core.testing import run_layer_test

    run_layer_test(Flatten, {}, (2, 3, 4), expected_output_shape=(None, 12), expected_num_params=0)
