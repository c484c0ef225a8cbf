"""LayerNormalization: per-sample normalisation, rms_scaling, gradients, config."""

import numpy as np
import pytest

from netbuilder.core import testing
from netbuilder.core.errors import ConfigError, ShapeError
from netbuilder.core.layers import Input, LayerNormalization
from netbuilder.core.testing import check_layer_gradients


@pytest.mark.parametrize(("shape", "axis"), [((4, 6), -1), ((2, 3, 5), -1), ((2, 3, 4), [1, 2])])
def test_forward_matches_formula(shape, axis):
    rs = np.random.default_rng(0)
    x = (rs.standard_normal(shape) * 2 + 3).astype("float32")
    layer = LayerNormalization(axis=axis, epsilon=1e-3)
    layer(x)
    gamma = rs.uniform(0.5, 2, layer.gamma.shape).astype("float32")
    beta = rs.standard_normal(layer.beta.shape).astype("float32")
    layer.set_weights([gamma, beta])
    axes = tuple(a % x.ndim for a in (axis if isinstance(axis, list) else [axis]))
    x64 = x.astype("float64")
    mean, var = x64.mean(axis=axes, keepdims=True), x64.var(axis=axes, keepdims=True)
    bshape = [x.shape[i] if i in axes else 1 for i in range(x.ndim)]
    expected = gamma.reshape(bshape) * (x64 - mean) / np.sqrt(var + 1e-3) + beta.reshape(bshape)
    for training in (False, True):
        np.testing.assert_allclose(layer(x, training=training), expected, rtol=1e-4, atol=1e-4)


def test_rms_scaling():
    rs = np.random.default_rng(1)
    x = rs.standard_normal((3, 5)).astype("float32")
    layer = LayerNormalization(rms_scaling=True)
    layer(x)
    assert list(layer.params) == ["gamma"]
    expected = x / np.sqrt((x.astype("float64") ** 2).mean(axis=-1, keepdims=True) + 1e-3)
    np.testing.assert_allclose(layer(x), expected, rtol=1e-5)


@pytest.mark.parametrize(("shape", "kwargs"), [
    ((3, 5), {}), ((2, 3, 4), {}), ((2, 3, 4), {"axis": [1, 2]}), ((2, 3, 4), {"axis": 1}),
    ((3, 4), {"center": False}), ((3, 4), {"scale": False}), ((3, 4), {"rms_scaling": True})])
def test_gradients(shape, kwargs):
    rs = np.random.default_rng(2)
    layer = LayerNormalization(**kwargs)
    with testing.float64():
        layer._build_once((None,) + shape[1:])
    for w in layer.weights:  # non-trivial gamma and beta
        w[...] = rs.uniform(0.5, 1.5, w.shape)
    check_layer_gradients(layer, rs.standard_normal(shape))


def test_errors():
    with pytest.raises(ConfigError, match="axis") as info:
        LayerNormalization(axis=0)
    assert info.value.params["arg"] == "axis"
    with pytest.raises(ConfigError, match="epsilon"):
        LayerNormalization(epsilon=-1)
    with pytest.raises(ShapeError, match=r"\(None, 4\)") as info:
        LayerNormalization(axis=2, name="ln")(Input(shape=(4,)))
    assert info.value.layer == "ln"


def test_config_round_trip():
    config = LayerNormalization(axis=[1, 2], epsilon=1e-5, rms_scaling=True).get_config()
    assert config["axis"] == [1, 2] and config["rms_scaling"] is True
    assert LayerNormalization.from_config(config).get_config() == config


def test_layer_contract():
    from netbuilder.core.testing import run_layer_test

    run_layer_test(LayerNormalization, {}, (4, 3, 5), expected_output_shape=(None, 3, 5),
                   expected_num_trainable_weights=2, expected_num_params=10)
