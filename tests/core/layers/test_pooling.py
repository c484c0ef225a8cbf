"""Max/AveragePooling1D/2D: forward against explicit loops, first-max gradient routing, Keras
defaults and 'same' padding, float64 gradient checks, errors and config."""

import math

import numpy as np
import pytest

from netbuilder.core.errors import ConfigError, ShapeError
from netbuilder.core.layers import (
    AveragePooling1D,
    AveragePooling2D,
    Input,
    MaxPooling1D,
    MaxPooling2D,
    fused,
)
from netbuilder.core.registry import LAYERS
from netbuilder.core.testing import check_layer_gradients, float64, run_layer_test


@pytest.fixture(autouse=True, params=["compiled", "numpy"])
def _passes(request, monkeypatch):
    """Every test runs with the compiled one-pass kernels (``layers.fused``) and with the NumPy code."""
    if request.param == "compiled" and not fused.AVAILABLE:
        pytest.skip("the _fused_layers extension is not built")
    monkeypatch.setattr(fused, "ENABLED", request.param == "compiled")


def ref_pool2d(x, pool, strides, padding, mode):
    """Loop over output positions; the window holds only real (unpadded) inputs."""
    n, h, w, c = x.shape
    (ph, pw), (sh, sw) = pool, strides
    if padding == "same":
        oh, ow = math.ceil(h / sh), math.ceil(w / sw)
        top = max((oh - 1) * sh + ph - h, 0) // 2
        left = max((ow - 1) * sw + pw - w, 0) // 2
    else:
        oh, ow = (h - ph) // sh + 1, (w - pw) // sw + 1
        top = left = 0
    out = np.zeros((n, oh, ow, c))
    for b in range(n):
        for i in range(oh):
            for j in range(ow):
                for ch in range(c):
                    vals = [x[b, r, q, ch]
                            for r in range(i * sh - top, i * sh - top + ph)
                            for q in range(j * sw - left, j * sw - left + pw)
                            if 0 <= r < h and 0 <= q < w]
                    out[b, i, j, ch] = max(vals) if mode == "max" else sum(vals) / len(vals)
    return out


CASES = [
    {},
    {"pool_size": 3},
    {"pool_size": (2, 3), "strides": (1, 2)},
    {"pool_size": 3, "strides": 2, "padding": "same"},
    {"pool_size": 2, "strides": 1, "padding": "same"},
    {"pool_size": (3, 2), "strides": 2, "padding": "same"},
]


@pytest.mark.parametrize("kw", CASES)
@pytest.mark.parametrize("cls,mode", [(MaxPooling2D, "max"), (AveragePooling2D, "avg")])
@pytest.mark.parametrize("data_format", ["channels_last", "channels_first"])
def test_pool2d_forward_matches_loops(cls, mode, kw, data_format):
    x = np.random.default_rng(0).standard_normal((2, 7, 8, 3))
    with float64():
        layer = cls(data_format=data_format, **kw)
        xin = x.transpose(0, 3, 1, 2) if data_format == "channels_first" else x
        got = layer(xin)
    want = ref_pool2d(x, layer.pool_size, layer.strides, layer.padding, mode)
    if data_format == "channels_first":
        want = want.transpose(0, 3, 1, 2)
    assert layer.compute_output_shape((None,) + xin.shape[1:]) == (None,) + want.shape[1:]
    np.testing.assert_allclose(got, want, rtol=1e-12, atol=1e-12)


@pytest.mark.parametrize("cls,mode", [(MaxPooling1D, "max"), (AveragePooling1D, "avg")])
@pytest.mark.parametrize("kw", [{}, {"pool_size": 3, "strides": 1}, {"pool_size": 3, "strides": 2, "padding": "same"}])
def test_pool1d_forward_matches_loops(cls, mode, kw):
    x = np.random.default_rng(1).standard_normal((2, 9, 3))
    with float64():
        layer = cls(**kw)
        got = layer(x)
    want = ref_pool2d(x[:, None], (1,) + layer.pool_size, (1,) + layer.strides, layer.padding, mode)[:, 0]
    np.testing.assert_allclose(got, want, rtol=1e-12, atol=1e-12)


def test_keras_defaults():
    for cls in (MaxPooling2D, AveragePooling2D):
        layer = cls()
        assert (layer.pool_size, layer.strides, layer.padding, layer.data_format) == (
            (2, 2), (2, 2), "valid", "channels_last")
    assert cls(3).strides == (3, 3) and MaxPooling2D(3, strides=1).strides == (1, 1)
    assert MaxPooling1D().pool_size == (2,) and MaxPooling1D().strides == (2,)
    # odd sizes are floored with 'valid' and ceiled with 'same'
    assert MaxPooling2D().compute_output_shape((None, 11, 11, 64)) == (None, 5, 5, 64)
    assert MaxPooling2D(padding="same").compute_output_shape((None, 11, 11, 64)) == (None, 6, 6, 64)
    assert MaxPooling1D(3).compute_output_shape((None, None, 4)) == (None, None, 4)


def test_max_gradient_goes_to_the_first_maximum_of_a_tied_window():
    x = np.zeros((1, 2, 4, 1), dtype=np.float32)
    x[0, :, 2:, 0] = [[5, 5], [5, 1]]  # second window: three tied maxima
    layer = MaxPooling2D()
    y = layer(x, training=True)
    np.testing.assert_array_equal(y[0, :, :, 0], [[0, 5]])
    gx = layer.backward(np.ones_like(y) * 3)
    want = np.zeros_like(x)
    want[0, 0, 0, 0] = 3  # window of zeros: the top-left one
    want[0, 0, 2, 0] = 3
    np.testing.assert_array_equal(gx, want)


def test_overlapping_windows_accumulate_gradient():
    x = np.array([[[[0.0], [9.0], [1.0], [2.0]]]])  # (1, 1, 4, 1); 9 is the max of 2 windows
    layer = MaxPooling2D((1, 2), strides=1)
    y = layer(x)
    np.testing.assert_array_equal(y.ravel(), [9, 9, 2])
    np.testing.assert_array_equal(layer.backward(np.ones_like(y)).ravel(), [0, 2, 0, 1])


GRAD = [
    (MaxPooling2D, {}, (2, 4, 5, 2)),
    (MaxPooling2D, {"pool_size": 3, "strides": 2, "padding": "same"}, (2, 5, 6, 2)),
    (MaxPooling2D, {"pool_size": (2, 3), "strides": 1, "data_format": "channels_first"}, (2, 2, 4, 5)),
    (AveragePooling2D, {}, (2, 5, 5, 2)),
    (AveragePooling2D, {"pool_size": 3, "strides": 2, "padding": "same"}, (2, 5, 6, 2)),
    (AveragePooling2D, {"pool_size": 2, "strides": 1, "data_format": "channels_first", "padding": "same"}, (2, 2, 4, 3)),
    (MaxPooling1D, {"pool_size": 3, "strides": 2, "padding": "same"}, (2, 7, 3)),
    (AveragePooling1D, {"pool_size": 2, "strides": 1}, (2, 6, 3)),
    (AveragePooling1D, {"pool_size": 3, "padding": "same", "data_format": "channels_first"}, (2, 3, 7)),
]


@pytest.mark.parametrize("cls,kw,shape", GRAD)
def test_gradients(cls, kw, shape):
    check_layer_gradients(cls(**kw), np.random.default_rng(2).standard_normal(shape))


def test_float32_and_no_input_grad():
    x = np.random.default_rng(0).random((3, 6, 6, 4), dtype=np.float32)
    layer = AveragePooling2D()
    y = layer(x)
    assert y.dtype == np.float32
    layer.input_grad_needed = False
    assert layer.backward(np.ones_like(y)) is None


def test_errors():
    with pytest.raises(ShapeError, match=r"pool_size 3x3 is larger than its 2x2 input") as e:
        MaxPooling2D(3, name="p")(Input(shape=(2, 2, 5)))
    assert e.value.code == "pool_too_large" and e.value.layer == "p"
    with pytest.raises(ShapeError, match=r"\(height, width, channels\)"):
        MaxPooling2D()(Input(shape=(784,)))
    with pytest.raises(ConfigError):
        MaxPooling2D(padding="causal")
    with pytest.raises(ConfigError):
        AveragePooling1D(pool_size=0)


def test_config_round_trip_and_registry():
    layer = MaxPooling2D((3, 2), strides=(1, 2), padding="same", data_format="channels_first")
    config = layer.get_config()
    assert config["pool_size"] == [3, 2] and config["strides"] == [1, 2]
    assert MaxPooling2D.from_config(config).get_config() == config
    for name in ("MaxPooling2D", "AveragePooling2D", "MaxPooling1D", "AveragePooling1D"):
        assert LAYERS.meta(name)["group"] == "Pooling"


@pytest.mark.parametrize("cls,shape,out", [(MaxPooling2D, (2, 6, 5, 3), (None, 3, 2, 3)),
                                           (AveragePooling1D, (2, 7, 3), (None, 3, 3))])
def test_layer_contract(cls, shape, out):
    run_layer_test(cls, {}, shape, expected_output_shape=out, expected_num_trainable_weights=0)


@pytest.mark.parametrize("side", [16, 17])
def test_the_largest_windows_route_the_gradient_to_their_maximum(side):
    """16x16 = 256 offsets still fit the byte-sized offsets; 17x17 = 289 need wider ones."""
    x = np.zeros((1, side, side, 1), np.float32)
    x[0, side - 1, side - 2, 0] = 5.0  # the maximum sits at offset side * side - 2
    layer = MaxPooling2D(side)
    layer.build((None, side, side, 1))
    layer.input_grad_needed = True
    assert layer.forward(x, training=True).item() == 5.0
    dx = layer.backward(np.full((1, 1, 1, 1), 3.0, np.float32))
    assert dx[0, side - 1, side - 2, 0] == 3.0 and np.count_nonzero(dx) == 1


def test_inputs_of_unknown_size_are_checked_when_they_arrive():
    layer = MaxPooling2D(3, name="p")
    layer.build((None, None, None, 2))
    assert layer.forward(np.ones((1, 3, 3, 2), np.float32)).shape == (1, 1, 1, 2)  # one window: fine
    with pytest.raises(ShapeError, match=r"pool_size 3x3 is larger than its 2x3 input") as e:
        layer.forward(np.ones((1, 2, 3, 2), np.float32))
    assert e.value.code == "pool_too_large" and e.value.layer == "p"


def test_257_offsets_need_more_than_a_byte():
    """A window of 257 offsets keeps int32 offsets: the last one (256) would wrap to 0 in a byte."""
    x = np.zeros((1, 257, 1), np.float32)
    x[0, 256, 0] = 1.0
    layer = MaxPooling1D(257)
    layer.build((None, 257, 1))
    layer.input_grad_needed = True
    assert layer.forward(x, training=True).item() == 1.0
    dx = layer.backward(np.full((1, 1, 1), 2.0, np.float32))
    assert dx[0, 256, 0] == 2.0 and np.count_nonzero(dx) == 1
