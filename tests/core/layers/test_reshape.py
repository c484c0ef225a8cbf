"""Reshape: -1 inference, size-mismatch errors, gradients, config."""

import numpy as np
import pytest

from netbuilder.core.errors import ConfigError, ShapeError
from netbuilder.core.layers import Input, Reshape
from netbuilder.core.testing import check_layer_gradients


def test_forward_is_a_row_major_reshape():
    x = np.arange(2 * 12, dtype="float32").reshape(2, 12)
    np.testing.assert_array_equal(Reshape((3, 4))(x), x.reshape(2, 3, 4))


@pytest.mark.parametrize(("target", "in_shape", "expected"), [
    ((3, 4), (None, 12), (None, 3, 4)),
    ((-1, 2), (None, 3, 4), (None, 6, 2)),
    ((2, -1, 3), (None, 12), (None, 2, 2, 3)),
    ((-1,), (None, 2, 5), (None, 10)),
    ((-1, 4), (None, None, 4), (None, None, 4)),
])
def test_output_shape(target, in_shape, expected):
    assert Reshape(target).compute_output_shape(in_shape) == expected


def test_minus_one_at_runtime():
    x = np.zeros((5, 2, 6), dtype="float32")
    assert Reshape((-1, 3))(x).shape == (5, 4, 3)


def test_size_mismatch_is_a_clear_shape_error():
    with pytest.raises(ShapeError, match=r"cannot reshape \(None, 10\) \(10 values per sample\) "
                                         r"to target_shape \(3, 4\)") as info:
        Reshape((3, 4), name="rs")(Input(shape=(10,)))
    assert info.value.code == "reshape_size" and info.value.layer == "rs"
    with pytest.raises(ShapeError, match="total size"):
        Reshape((-1, 4)).compute_output_shape((None, 10))


@pytest.mark.parametrize("target", [(-1, -1), (0, 3), (2.5,), "ab", (True, 2), ()])
def test_bad_target_shape(target):
    with pytest.raises(ConfigError, match="target_shape") as info:
        Reshape(target)
    assert info.value.params["arg"] == "target_shape"


def test_gradients():
    check_layer_gradients(Reshape((2, -1)), np.random.default_rng(0).standard_normal((3, 4, 3)))


def test_config_round_trip():
    config = Reshape((2, -1)).get_config()
    assert config["target_shape"] == [2, -1]
    assert Reshape.from_config(config).get_config() == config


def test_layer_contract():
    from netbuilder.core.testing import run_layer_test

    run_layer_test(Reshape, {"target_shape": (2, 6)}, (2, 12), expected_output_shape=(None, 2, 6),
                   expected_num_params=0)
