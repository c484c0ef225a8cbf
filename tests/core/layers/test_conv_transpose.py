"""Conv1DTranspose / Conv2DTranspose: forward against a scatter loop (with TensorFlow's crop
rule for 'same'), Keras 3 output sizes, kernel layout, float64 gradient checks, config."""

import importlib.util
import math

import numpy as np
import pytest

from netbuilder.core.errors import ConfigError, ShapeError
from netbuilder.core.layers import Input
from netbuilder.core.layers.conv_transpose import Conv1DTranspose, Conv2DTranspose
from netbuilder.core.registry import LAYERS
from netbuilder.core.testing import check_layer_gradients, float64, run_layer_test


def out_len(n, k, s, d, padding, op):
    """Keras 3 (tf padding rules) output length of a transposed convolution."""
    e = (k - 1) * d + 1
    if padding == "valid":
        return (n - 1) * s + e + (max(e, s) - e if op is None else op)
    return n * s if op is None else (n - 1) * s + e % 2 + op


def crop(length, k, s, d, padding):
    """TF: the transposed conv is the gradient of a conv on the output; its top padding."""
    if padding == "valid":
        return 0
    e = (k - 1) * d + 1
    return max((math.ceil(length / s) - 1) * s + e - length, 0) // 2


def ref_conv2d_transpose(x, kernel, bias, strides, padding, dilation, output_padding):
    n, h, w, _c = x.shape
    kh, kw, f, _ = kernel.shape
    (sh, sw), (dh, dw) = strides, dilation
    op = output_padding or (None, None)
    oh, ow = out_len(h, kh, sh, dh, padding, op[0]), out_len(w, kw, sw, dw, padding, op[1])
    top, left = crop(oh, kh, sh, dh, padding), crop(ow, kw, sw, dw, padding)
    out = np.zeros((n, oh, ow, f)) + bias
    for b in range(n):
        for i in range(h):
            for j in range(w):
                for a in range(kh):
                    for e in range(kw):
                        r, q = i * sh + a * dh - top, j * sw + e * dw - left
                        if 0 <= r < oh and 0 <= q < ow:
                            out[b, r, q] += x[b, i, j] @ kernel[a, e].T
    return out


CASES = [
    {"kernel_size": 3},
    {"kernel_size": 3, "strides": 2},
    {"kernel_size": 2, "strides": 3},  # stride larger than the kernel: gaps of bias only
    {"kernel_size": 3, "strides": 2, "padding": "same"},
    {"kernel_size": 4, "strides": 2, "padding": "same"},
    {"kernel_size": (3, 2), "strides": (2, 2), "padding": "same", "output_padding": (1, 1)},
    {"kernel_size": 3, "strides": 2, "padding": "same", "output_padding": 0},
    {"kernel_size": 2, "strides": 3, "output_padding": 2},
    {"kernel_size": 3, "dilation_rate": 2, "padding": "same"},
    {"kernel_size": 2, "dilation_rate": 2},
]


@pytest.mark.parametrize("kw", CASES)
def test_forward_matches_scatter_reference(kw):
    rs = np.random.default_rng(0)
    x = rs.standard_normal((2, 4, 3, 2))
    with float64():
        layer = Conv2DTranspose(3, **kw)
        layer.build((None, 4, 3, 2))
        layer.bias[...] = rs.standard_normal(3)
        got = layer(x)
    want = ref_conv2d_transpose(x, layer.kernel, layer.bias, layer.strides, layer.padding,
                                layer.dilation_rate, layer.output_padding)
    assert got.shape == want.shape
    assert layer.compute_output_shape((None, 4, 3, 2)) == (None,) + want.shape[1:]
    np.testing.assert_allclose(got, want, rtol=1e-10, atol=1e-12)


@pytest.mark.skipif(importlib.util.find_spec("torch") is None, reason="torch not installed")
@pytest.mark.parametrize("strides,op", [(1, 0), (2, 0), (2, 1), (3, 2)])
def test_valid_padding_matches_torch(strides, op):
    import torch

    rs = np.random.default_rng(1)
    x = rs.standard_normal((2, 5, 4, 3))
    with float64():
        layer = Conv2DTranspose(2, 3, strides=strides, output_padding=op if op else None)
        got = layer(x)
    tw = torch.from_numpy(np.ascontiguousarray(layer.kernel.transpose(3, 2, 0, 1)))  # (in, out, kh, kw)
    want = torch.nn.functional.conv_transpose2d(
        torch.from_numpy(x.transpose(0, 3, 1, 2).copy()), tw, torch.from_numpy(layer.bias.copy()),
        stride=strides, output_padding=op if op else max(3, strides) - 3).numpy().transpose(0, 2, 3, 1)
    np.testing.assert_allclose(got, want, rtol=1e-10, atol=1e-12)


def test_corner_case_follows_keras_jax_rule():
    # even kernel, stride 1, 'same', output_padding 0: length n - 1. TensorFlow refuses this
    # shape; Keras's JAX/NumPy backends crop the first row, and so do we.
    with float64():
        layer = Conv1DTranspose(1, 2, padding="same", output_padding=0, use_bias=False)
        layer.build((None, 4, 1))
        layer.kernel[...] = np.array([1.0, 10.0]).reshape(2, 1, 1)
        y = layer(np.array([1.0, 2.0, 3.0, 4.0]).reshape(1, 4, 1))
    # full scatter: [1, 12, 23, 34, 40]; crop 1 from the left, keep 3
    np.testing.assert_array_equal(y.ravel(), [12, 23, 34])


def test_same_stride_2_doubles_size_and_channels_first():
    layer = Conv2DTranspose(4, 3, strides=2, padding="same", data_format="channels_first")
    assert layer.compute_output_shape((None, 5, 7, 9)) == (None, 4, 14, 18)
    x = np.random.default_rng(2).random((2, 5, 7, 9), dtype=np.float32)
    y = layer(x)
    assert y.shape == (2, 4, 14, 18) and y.dtype == np.float32
    assert layer.kernel.shape == (3, 3, 4, 5)  # (kh, kw, filters, in_channels), as Keras
    assert Conv1DTranspose(3, 4, strides=2).compute_output_shape((None, 10, 2)) == (None, 22, 3)


GRAD = [
    (Conv2DTranspose, {"filters": 2, "kernel_size": 3}, (2, 3, 4, 2)),
    (Conv2DTranspose, {"filters": 2, "kernel_size": 3, "strides": 2, "padding": "same", "activation": "tanh"}, (2, 3, 3, 2)),
    (Conv2DTranspose, {"filters": 2, "kernel_size": 2, "strides": 3, "output_padding": 1}, (1, 3, 2, 2)),
    (Conv2DTranspose, {"filters": 2, "kernel_size": 3, "dilation_rate": 2, "padding": "same",
                           "data_format": "channels_first", "use_bias": False}, (2, 2, 3, 4)),
    (Conv1DTranspose, {"filters": 3, "kernel_size": 3, "strides": 2, "padding": "same"}, (2, 4, 2)),
]


@pytest.mark.parametrize("cls,kw,shape", GRAD)
def test_gradients(cls, kw, shape):
    check_layer_gradients(cls(**kw), np.random.default_rng(3).standard_normal(shape))


def test_errors_and_config():
    with pytest.raises(ConfigError, match="output_padding"):
        Conv2DTranspose(2, 3, strides=2, output_padding=2)
    with pytest.raises(ConfigError):
        Conv1DTranspose(2, 3, padding="causal")
    with pytest.raises(ShapeError, match=r"Reshape\(\(28, 28, 1\)\)"):
        Conv2DTranspose(2, 3)(Input(shape=(28, 28)))
    layer = Conv2DTranspose(8, (3, 2), strides=2, padding="same", output_padding=(1, 0), name="t")
    config = layer.get_config()
    assert config["output_padding"] == [1, 0] and "groups" not in config
    assert Conv2DTranspose.from_config(config).get_config() == config
    assert LAYERS.lookup("Conv2DTranspose") is Conv2DTranspose
    assert LAYERS.meta("Conv1DTranspose")["group"] == "Convolution"


def test_layer_contract():
    run_layer_test(Conv2DTranspose, {"filters": 3, "kernel_size": 3, "strides": 2, "padding": "same"},
                   (2, 4, 4, 2), expected_output_shape=(None, 8, 8, 3), expected_num_params=3 * 3 * 3 * 2 + 3)
