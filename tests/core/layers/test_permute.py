"""Permute: axis order, inverse in backward, errors, config."""

import numpy as np
import pytest

from netbuilder.core.errors import ConfigError, ShapeError
from netbuilder.core.layers import Input, Permute
from netbuilder.core.testing import check_layer_gradients


def test_forward_and_shape():
    x = np.random.default_rng(0).standard_normal((2, 3, 4, 5)).astype("float32")
    layer = Permute((3, 1, 2))
    np.testing.assert_array_equal(layer(x), np.transpose(x, (0, 3, 1, 2)))
    assert layer.compute_output_shape((None, 3, 4, 5)) == (None, 5, 3, 4)


def test_gradients():
    check_layer_gradients(Permute((2, 3, 1)), np.random.default_rng(1).standard_normal((2, 3, 2, 4)))


@pytest.mark.parametrize("dims", [(0, 1), (1, 1), (2, 3), "ab", (1.0, 2)])
def test_bad_dims(dims):
    with pytest.raises(ConfigError, match="dims") as info:
        Permute(dims)
    assert info.value.params["arg"] == "dims"


def test_rank_mismatch():
    with pytest.raises(ShapeError, match=r"2 non-batch axes, got \(None, 4\)") as info:
        Permute((2, 1))(Input(shape=(4,)))
    assert info.value.code == "permute_rank"


def test_config_round_trip():
    config = Permute((2, 1)).get_config()
    assert config["dims"] == [2, 1]
    assert Permute.from_config(config).get_config() == config


def test_layer_contract():
    from netbuilder.core.testing import run_layer_test

    run_layer_test(Permute, {"dims": (2, 1)}, (2, 3, 4), expected_output_shape=(None, 4, 3),
                   expected_num_params=0)
