"""GlobalMax/AveragePooling1D/2D: values, keepdims, channels_first, masks, gradients, config."""

import numpy as np
import pytest

from netbuilder.core.errors import ShapeError
from netbuilder.core.layers import (
    GlobalAveragePooling1D,
    GlobalAveragePooling2D,
    GlobalMaxPooling1D,
    GlobalMaxPooling2D,
    Input,
)
from netbuilder.core.registry import LAYERS
from netbuilder.core.testing import check_layer_gradients, float64, run_layer_test


def ref(x, mode):
    """Loop over samples and channels of a channels-last array."""
    n, c = x.shape[0], x.shape[-1]
    out = np.zeros((n, c))
    for b in range(n):
        for ch in range(c):
            vals = x[b, ..., ch].ravel().tolist()
            out[b, ch] = max(vals) if mode == "max" else sum(vals) / len(vals)
    return out


@pytest.mark.parametrize("cls,mode,shape", [
    (GlobalMaxPooling2D, "max", (3, 4, 5, 2)), (GlobalAveragePooling2D, "avg", (3, 4, 5, 2)),
    (GlobalMaxPooling1D, "max", (3, 6, 2)), (GlobalAveragePooling1D, "avg", (3, 6, 2)),
])
@pytest.mark.parametrize("data_format", ["channels_last", "channels_first"])
@pytest.mark.parametrize("keepdims", [False, True])
def test_forward_and_shapes(cls, mode, shape, data_format, keepdims):
    x = np.random.default_rng(0).standard_normal(shape)
    moved = np.moveaxis(x, -1, 1) if data_format == "channels_first" else x
    with float64():
        layer = cls(data_format=data_format, keepdims=keepdims)
        got = layer(moved)
    want = ref(x, mode)
    rank = len(shape) - 2
    if keepdims:
        want = want.reshape((3,) + (1,) * rank + (2,)) if data_format == "channels_last" else \
            want.reshape((3, 2) + (1,) * rank)
    np.testing.assert_allclose(got, want, rtol=1e-12)
    assert layer.compute_output_shape((None,) + moved.shape[1:]) == (None,) + want.shape[1:]


@pytest.mark.parametrize("cls,shape", [(GlobalMaxPooling2D, (2, 3, 4, 2)), (GlobalAveragePooling2D, (2, 3, 4, 2)),
                                       (GlobalMaxPooling1D, (2, 5, 3)), (GlobalAveragePooling1D, (2, 5, 3))])
@pytest.mark.parametrize("data_format", ["channels_last", "channels_first"])
def test_gradients(cls, shape, data_format):
    check_layer_gradients(cls(data_format=data_format), np.random.default_rng(1).standard_normal(shape))
    check_layer_gradients(cls(data_format=data_format, keepdims=True),
                          np.random.default_rng(2).standard_normal(shape))


def test_global_max_gradient_goes_to_first_maximum():
    x = np.array([[[1.0], [7.0], [7.0], [2.0]]])  # (1, 4, 1)
    layer = GlobalMaxPooling1D()
    layer(x)
    np.testing.assert_array_equal(layer.backward(np.array([[2.0]])).ravel(), [0, 2, 0, 0])


def test_average_1d_with_mask_averages_unmasked_steps():
    rs = np.random.default_rng(3)
    x = rs.standard_normal((2, 5, 3))
    mask = np.array([[1, 1, 0, 0, 0], [1, 1, 1, 1, 0]], dtype=bool)
    with float64():
        layer = GlobalAveragePooling1D()
        y = layer(x, mask=mask)
        np.testing.assert_allclose(y[0], x[0, :2].mean(axis=0))
        np.testing.assert_allclose(y[1], x[1, :4].mean(axis=0))
        assert layer.compute_mask(x, mask) is None
    check_layer_gradients(GlobalAveragePooling1D(), x, mask=mask)
    # (contiguous: check_layer_gradients perturbs its input through a flat view)
    check_layer_gradients(GlobalAveragePooling1D(data_format="channels_first"),
                          np.ascontiguousarray(x.transpose(0, 2, 1)), mask=mask)


def test_errors_and_config():
    with pytest.raises(ShapeError, match=r"\(height, width, channels\)"):
        GlobalMaxPooling2D()(Input(shape=(10, 3)))
    layer = GlobalAveragePooling2D(data_format="channels_first", keepdims=True, name="g")
    config = layer.get_config()
    assert config["keepdims"] is True and config["data_format"] == "channels_first"
    assert GlobalAveragePooling2D.from_config(config).get_config() == config
    assert LAYERS.lookup("GlobalAveragePooling1D") is GlobalAveragePooling1D
    assert LAYERS.meta("GlobalMaxPooling2D")["group"] == "Pooling"


def test_layer_contract():
    run_layer_test(GlobalAveragePooling2D, {}, (2, 4, 4, 3), expected_output_shape=(None, 3))
    run_layer_test(GlobalMaxPooling1D, {"keepdims": True}, (2, 6, 3), expected_output_shape=(None, 1, 3))
