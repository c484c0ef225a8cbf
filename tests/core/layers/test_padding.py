"""ZeroPadding1D/2D: values (vs np.pad), Keras's padding forms, gradients, errors, config."""

import numpy as np
import pytest

from netbuilder.core.errors import ConfigError, ShapeError
from netbuilder.core.layers import Input, ZeroPadding1D, ZeroPadding2D
from netbuilder.core.registry import LAYERS
from netbuilder.core.testing import check_layer_gradients, run_layer_test


@pytest.mark.parametrize("padding,pads", [
    (1, ((1, 1), (1, 1))),
    ((2, 0), ((2, 2), (0, 0))),
    (((1, 2), (3, 0)), ((1, 2), (3, 0))),
])
@pytest.mark.parametrize("data_format", ["channels_last", "channels_first"])
def test_zero_padding2d(padding, pads, data_format):
    x = np.random.default_rng(0).standard_normal((2, 3, 4, 2)).astype(np.float32)
    layer = ZeroPadding2D(padding, data_format=data_format)
    if data_format == "channels_last":
        want = np.pad(x, ((0, 0),) + pads + ((0, 0),))
    else:
        want = np.pad(x, ((0, 0), (0, 0)) + pads)
    got = layer(x)
    np.testing.assert_array_equal(got, want)
    assert got.dtype == np.float32
    assert layer.compute_output_shape((None,) + x.shape[1:]) == (None,) + want.shape[1:]


def test_zero_padding1d_and_defaults():
    x = np.ones((1, 3, 2), dtype=np.float32)
    np.testing.assert_array_equal(ZeroPadding1D()(x), np.pad(x, ((0, 0), (1, 1), (0, 0))))
    np.testing.assert_array_equal(ZeroPadding1D((0, 2))(x), np.pad(x, ((0, 0), (0, 2), (0, 0))))
    assert ZeroPadding2D().pads == ((1, 1), (1, 1))


@pytest.mark.parametrize("layer,shape", [
    (lambda: ZeroPadding2D(((1, 0), (2, 1))), (2, 3, 2, 2)),
    (lambda: ZeroPadding2D(1, data_format="channels_first"), (2, 2, 3, 2)),
    (lambda: ZeroPadding1D((2, 1)), (2, 3, 2)),
])
def test_gradients(layer, shape):
    check_layer_gradients(layer(), np.random.default_rng(1).standard_normal(shape))


@pytest.mark.parametrize("bad", [-1, (1, 2, 3), "1", ((1, 2), (3,)), 1.5, True])
def test_bad_padding(bad):
    with pytest.raises(ConfigError):
        ZeroPadding2D(bad)


def test_errors_and_config():
    with pytest.raises(ShapeError, match=r"\(steps, channels\)"):
        ZeroPadding1D()(Input(shape=(4, 4, 1)))
    layer = ZeroPadding2D(((1, 2), (0, 3)), name="z")
    config = layer.get_config()
    assert config["padding"] == [[1, 2], [0, 3]]
    assert ZeroPadding2D.from_config(config).get_config() == config
    config1 = ZeroPadding1D((1, 4)).get_config()
    assert ZeroPadding1D.from_config(config1).get_config() == config1
    assert LAYERS.meta("ZeroPadding2D")["group"] == "Reshape"


def test_layer_contract():
    run_layer_test(ZeroPadding2D, {"padding": 1}, (2, 3, 3, 2), expected_output_shape=(None, 5, 5, 2))
