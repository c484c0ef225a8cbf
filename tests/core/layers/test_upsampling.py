"""UpSampling1D/2D: nearest-neighbour values (vs np.repeat), shapes, gradients, config."""

import numpy as np
import pytest

from netbuilder.core.errors import ConfigError, ShapeError
from netbuilder.core.layers import Input, UpSampling1D, UpSampling2D
from netbuilder.core.registry import LAYERS
from netbuilder.core.testing import check_layer_gradients, run_layer_test


@pytest.mark.parametrize("size", [2, (2, 3), (1, 2)])
@pytest.mark.parametrize("data_format", ["channels_last", "channels_first"])
def test_upsampling2d_repeats_pixels(size, data_format):
    x = np.random.default_rng(0).standard_normal((2, 3, 4, 5)).astype(np.float32)
    layer = UpSampling2D(size, data_format=data_format)
    sh, sw = layer.size
    axes = (1, 2) if data_format == "channels_last" else (2, 3)
    want = np.repeat(np.repeat(x, sh, axis=axes[0]), sw, axis=axes[1])
    got = layer(x)
    np.testing.assert_array_equal(got, want)
    assert layer.compute_output_shape((None,) + x.shape[1:]) == (None,) + want.shape[1:]


def test_upsampling1d_and_defaults():
    x = np.arange(6.0, dtype=np.float32).reshape(1, 3, 2)
    np.testing.assert_array_equal(UpSampling1D()(x), np.repeat(x, 2, axis=1))
    np.testing.assert_array_equal(UpSampling1D(3)(x), np.repeat(x, 3, axis=1))
    assert UpSampling2D().size == (2, 2) and UpSampling2D().interpolation == "nearest"
    assert UpSampling2D().compute_output_shape((None, None, 4, 1)) == (None, None, 8, 1)


@pytest.mark.parametrize("layer,shape", [
    (lambda: UpSampling2D((2, 3)), (2, 3, 2, 2)),
    (lambda: UpSampling2D(2, data_format="channels_first"), (2, 2, 3, 2)),
    (lambda: UpSampling1D(3), (2, 4, 3)),
])
def test_gradients(layer, shape):
    check_layer_gradients(layer(), np.random.default_rng(1).standard_normal(shape))


def test_errors_and_config():
    with pytest.raises(ConfigError, match="interpolation"):
        UpSampling2D(interpolation="bilinear")
    with pytest.raises(ConfigError):
        UpSampling2D(size=0)
    with pytest.raises(ShapeError, match=r"\(height, width, channels\)"):
        UpSampling2D()(Input(shape=(5, 3)))
    layer = UpSampling2D((2, 3), data_format="channels_first", name="u")
    config = layer.get_config()
    assert config["size"] == [2, 3]
    assert UpSampling2D.from_config(config).get_config() == config
    config1 = UpSampling1D(4).get_config()
    assert UpSampling1D.from_config(config1).get_config() == config1
    assert LAYERS.meta("UpSampling2D")["group"] == "Reshape"


def test_layer_contract():
    run_layer_test(UpSampling2D, {"size": 2}, (2, 3, 3, 2), expected_output_shape=(None, 6, 6, 2))
