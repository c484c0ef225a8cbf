"""SpatialDropout1D/2D: whole channels dropped, scaling, inference identity, gradients, config."""

import numpy as np
import pytest

from netbuilder.core import utils
from netbuilder.core.errors import ConfigError, ShapeError
from netbuilder.core.layers import Input, SpatialDropout1D, SpatialDropout2D
from netbuilder.core.registry import LAYERS
from netbuilder.core.testing import check_layer_gradients, run_layer_test


@pytest.mark.parametrize("data_format", ["channels_last", "channels_first"])
def test_drops_whole_feature_maps(data_format):
    utils.set_random_seed(0)
    rate = 0.4
    shape = (50, 4, 5, 40) if data_format == "channels_last" else (50, 40, 4, 5)
    x = np.full(shape, 3.0, dtype=np.float32)
    y = SpatialDropout2D(rate, data_format=data_format)(x, training=True)
    maps = y.reshape(50, 20, 40) if data_format == "channels_last" else y.reshape(50, 40, 20).transpose(0, 2, 1)
    # each (sample, channel) map is all zero or all 3 / (1 - rate)
    per_map = maps[:, 0, :]
    assert np.all(maps == per_map[:, None, :])
    assert set(np.unique(per_map).round(5)) <= {0.0, round(3.0 / (1 - rate), 5)}
    assert abs(np.mean(per_map == 0) - rate) < 0.05  # 2000 draws, std ~ 0.011


def test_spatial_dropout1d_shares_mask_over_steps_and_is_identity_at_inference():
    utils.set_random_seed(1)
    x = np.ones((30, 7, 20), dtype=np.float32)
    y = SpatialDropout1D(0.5)(x, training=True)
    assert np.all(y == y[:, :1, :])
    np.testing.assert_array_equal(SpatialDropout1D(0.5)(x, training=False), x)


@pytest.mark.parametrize("layer,shape", [
    (lambda: SpatialDropout2D(0.5), (3, 2, 3, 4)),
    (lambda: SpatialDropout2D(0.3, data_format="channels_first"), (3, 4, 2, 3)),
    (lambda: SpatialDropout1D(0.5), (3, 4, 5)),
])
def test_gradients(layer, shape):
    check_layer_gradients(layer(), np.random.default_rng(2).standard_normal(shape), training=True, reseed=3)


def test_errors_and_config():
    with pytest.raises(ShapeError, match=r"\(height, width, channels\)"):
        SpatialDropout2D(0.5)(Input(shape=(8, 3)))
    with pytest.raises(ConfigError):
        SpatialDropout2D(1.5)
    layer = SpatialDropout2D(0.2, data_format="channels_first", seed=4, name="s")
    config = layer.get_config()
    assert "noise_shape" not in config and config["data_format"] == "channels_first"
    assert SpatialDropout2D.from_config(config).get_config() == config
    config1 = SpatialDropout1D(0.1).get_config()
    assert "data_format" not in config1
    assert SpatialDropout1D.from_config(config1).get_config() == config1
    assert LAYERS.meta("SpatialDropout2D")["group"] == "Regularization"


def test_layer_contract():
    run_layer_test(SpatialDropout2D, {"rate": 0.5}, (2, 3, 3, 4), expected_output_shape=(None, 3, 3, 4))
