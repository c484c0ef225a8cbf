"""Conv1D / Conv2D: forward against a direct nested-loop convolution, float64 gradient checks,
Keras 3 shapes, padding rules, weight layout, errors, config, and the W5 convnet's summary."""

import math

import numpy as np
import pytest

from netbuilder.core import models, utils
from netbuilder.core.errors import ConfigError, ShapeError
from netbuilder.core.layers import (
    Activation,
    Conv1D,
    Conv1DTranspose,
    Conv2D,
    Dense,
    Flatten,
    Input,
    MaxPooling2D,
)
from netbuilder.core.registry import LAYERS
from netbuilder.core.testing import check_layer_gradients, float64, run_layer_test


def same_pad(n, k, s, d):
    """Keras 3 'same': total = max((ceil(n/s)-1)*s + (k-1)*d + 1 - n, 0), extra at the end."""
    total = max((math.ceil(n / s) - 1) * s + (k - 1) * d + 1 - n, 0)
    return total // 2, total - total // 2


def ref_conv2d(x, kernel, bias, strides, padding, dilation):
    """Direct convolution, one output value at a time. x (N, H, W, C), kernel (kh, kw, C, F)."""
    n, h, w, c = x.shape
    kh, kw, _, f = kernel.shape
    (sh, sw), (dh, dw) = strides, dilation
    if padding == "same":
        (pt, pb), (pl, pr) = same_pad(h, kh, sh, dh), same_pad(w, kw, sw, dw)
    else:
        pt = pb = pl = pr = 0
    xp = np.zeros((n, h + pt + pb, w + pl + pr, c))
    xp[:, pt:pt + h, pl:pl + w] = x
    oh = (xp.shape[1] - (kh - 1) * dh - 1) // sh + 1
    ow = (xp.shape[2] - (kw - 1) * dw - 1) // sw + 1
    out = np.zeros((n, oh, ow, f))
    for b in range(n):
        for i in range(oh):
            for j in range(ow):
                for o in range(f):
                    acc = bias[o]
                    for a in range(kh):
                        for e in range(kw):
                            for ch in range(c):
                                acc += xp[b, i * sh + a * dh, j * sw + e * dw, ch] * kernel[a, e, ch, o]
                    out[b, i, j, o] = acc
    return out


CASES_2D = [
    {"kernel_size": 3},
    {"kernel_size": 3, "strides": 2},
    {"kernel_size": (2, 3), "strides": (2, 1), "padding": "same"},
    {"kernel_size": 4, "strides": 3, "padding": "same"},  # odd total padding: extra at bottom/right
    {"kernel_size": 3, "dilation_rate": 2},
    {"kernel_size": 2, "dilation_rate": (2, 1), "padding": "same"},
    {"kernel_size": 1, "strides": 2},
]


@pytest.mark.parametrize("kw", CASES_2D)
@pytest.mark.parametrize("data_format", ["channels_last", "channels_first"])
def test_conv2d_forward_matches_direct_convolution(kw, data_format):
    rs = np.random.default_rng(0)
    x = rs.standard_normal((2, 7, 8, 3))
    with float64():
        layer = Conv2D(4, data_format=data_format, **kw)
        layer.build((None, 3, 7, 8) if data_format == "channels_first" else (None, 7, 8, 3))
        layer.bias[...] = rs.standard_normal(4)
        xin = x.transpose(0, 3, 1, 2) if data_format == "channels_first" else x
        got = layer(xin)
    want = ref_conv2d(x, layer.kernel, layer.bias, layer.strides, layer.padding, layer.dilation_rate)
    if data_format == "channels_first":
        want = want.transpose(0, 3, 1, 2)
    assert got.shape == want.shape
    assert layer.compute_output_shape((None,) + xin.shape[1:]) == (None,) + want.shape[1:]
    np.testing.assert_allclose(got, want, rtol=1e-10, atol=1e-12)


def test_same_padding_output_sizes_follow_keras():
    # ceil(n / s) for 'same', (n - (k-1)*d - 1) // s + 1 for 'valid'
    assert Conv2D(1, 3, strides=2, padding="same").compute_output_shape((None, 7, 10, 2)) == (None, 4, 5, 1)
    assert Conv2D(1, 3, strides=2).compute_output_shape((None, 7, 10, 2)) == (None, 3, 4, 1)
    assert Conv2D(1, 3, dilation_rate=3).compute_output_shape((None, 7, 10, 2)) == (None, 1, 4, 1)
    assert Conv2D(1, 5, padding="same").compute_output_shape((None, None, 10, 2)) == (None, None, 10, 1)


def test_even_kernel_same_padding_puts_extra_row_at_bottom():
    # a 2x2 kernel of ones at (0, 0) only: output[i, j] = x[i + top, j + left] with top = left = 0
    with float64():
        layer = Conv2D(1, 2, padding="same", use_bias=False)
        layer.build((None, 3, 3, 1))
        layer.kernel[...] = 0
        layer.kernel[0, 0, 0, 0] = 1
        x = np.arange(9.0).reshape(1, 3, 3, 1)
        y = layer(x)
    np.testing.assert_array_equal(y[0, :, :, 0], x[0, :, :, 0])


def ref_conv1d(x, kernel, bias, stride, padding, dilation):
    """Direct 1-D convolution; 'causal' pads (k-1)*d zeros on the left only."""
    n, length, c = x.shape
    k, _, f = kernel.shape
    if padding == "causal":
        lo, hi = (k - 1) * dilation, 0
    elif padding == "same":
        lo, hi = same_pad(length, k, stride, dilation)
    else:
        lo = hi = 0
    xp = np.concatenate([np.zeros((n, lo, c)), x, np.zeros((n, hi, c))], axis=1)
    out_len = (xp.shape[1] - (k - 1) * dilation - 1) // stride + 1
    out = np.zeros((n, out_len, f))
    for b in range(n):
        for t in range(out_len):
            for o in range(f):
                out[b, t, o] = bias[o] + sum(xp[b, t * stride + a * dilation, ch] * kernel[a, ch, o]
                                             for a in range(k) for ch in range(c))
    return out


@pytest.mark.parametrize("kw", [{}, {"strides": 2}, {"padding": "same", "strides": 2},
                                {"padding": "causal", "dilation_rate": 2}, {"padding": "causal"}])
@pytest.mark.parametrize("data_format", ["channels_last", "channels_first"])
def test_conv1d_forward_matches_direct_convolution(kw, data_format):
    rs = np.random.default_rng(1)
    x = rs.standard_normal((2, 9, 3))
    with float64():
        layer = Conv1D(4, 3, data_format=data_format, **kw)
        layer.build((None, 3, 9) if data_format == "channels_first" else (None, 9, 3))
        layer.bias[...] = rs.standard_normal(4)
        got = layer(x.transpose(0, 2, 1) if data_format == "channels_first" else x)
    want = ref_conv1d(x, layer.kernel, layer.bias, layer.strides[0], layer.padding, layer.dilation_rate[0])
    if data_format == "channels_first":
        want = want.transpose(0, 2, 1)
    np.testing.assert_allclose(got, want, rtol=1e-10, atol=1e-12)


def test_causal_output_only_sees_the_past():
    with float64():
        layer = Conv1D(2, 3, padding="causal", dilation_rate=2)
        x = np.random.default_rng(2).standard_normal((1, 10, 1))
        y0 = layer(x)
        x2 = x.copy()
        x2[0, 6:] += 5.0  # change the future from step 6 on
        y1 = layer(x2)
    np.testing.assert_array_equal(y0[0, :6], y1[0, :6])
    assert not np.allclose(y0[0, 6:], y1[0, 6:])


GRAD_CASES = [
    (Conv2D, {"filters": 3, "kernel_size": 3}, (2, 5, 6, 2)),
    (Conv2D, {"filters": 2, "kernel_size": 3, "strides": 2, "padding": "same", "activation": "tanh"}, (2, 5, 6, 2)),
    (Conv2D, {"filters": 2, "kernel_size": (2, 3), "dilation_rate": 2, "padding": "same"}, (1, 6, 7, 2)),
    (Conv2D, {"filters": 2, "kernel_size": 3, "strides": (1, 2), "data_format": "channels_first",
                  "activation": "sigmoid"}, (2, 2, 5, 6)),
    (Conv2D, {"filters": 2, "kernel_size": 2, "use_bias": False, "padding": "same"}, (2, 4, 4, 1)),
    (Conv1D, {"filters": 3, "kernel_size": 3, "padding": "causal", "dilation_rate": 2}, (2, 7, 2)),
    (Conv1D, {"filters": 2, "kernel_size": 2, "strides": 2, "padding": "same", "data_format": "channels_first",
                  "activation": "tanh"}, (2, 3, 7)),
]


@pytest.mark.parametrize("cls,kw,shape", GRAD_CASES)
def test_gradients(cls, kw, shape):
    x = np.random.default_rng(3).standard_normal(shape)
    check_layer_gradients(cls(**kw), x)


def test_weight_layout_and_count_match_keras():
    layer = Conv2D(5, (3, 2))
    layer.build((None, 10, 10, 4))
    assert layer.kernel.shape == (3, 2, 4, 5) and layer.bias.shape == (5,)
    assert layer.count_params() == 3 * 2 * 4 * 5 + 5
    assert layer.kernel.dtype == np.float32
    c1 = Conv1D(6, 4)
    c1.build((None, 20, 3))
    assert c1.kernel.shape == (4, 3, 6)
    cf = Conv2D(5, 3, data_format="channels_first")
    cf.build((None, 4, 9, 9))
    assert cf.kernel.shape == (3, 3, 4, 5)


def test_float32_forward_stays_float32():
    x = np.random.default_rng(0).random((2, 8, 8, 3), dtype=np.float32)
    y = Conv2D(4, 3, activation="relu")(x)
    assert y.dtype == np.float32 and y.shape == (2, 6, 6, 4)


def test_input_grad_not_needed_skips_it_but_fills_weight_grads():
    layer = Conv2D(3, 3, activation="relu")
    x = np.random.default_rng(0).random((2, 6, 6, 1), dtype=np.float32)
    y = layer(x, training=True)
    layer.input_grad_needed = False
    assert layer.backward(np.ones_like(y)) is None
    assert layer.grads["kernel"].shape == layer.kernel.shape and layer.grads["bias"].shape == (3,)


def test_fused_output_grad_skips_the_activation_gradient():
    rs = np.random.default_rng(4)
    x = rs.standard_normal((2, 5, 5, 2))
    g = rs.standard_normal((2, 3, 3, 2))
    with float64():
        fused = Conv2D(2, 3, activation="softmax")
        plain = Conv2D(2, 3)
        fused.build((None, 5, 5, 2))
        plain.build((None, 5, 5, 2))
        plain.set_weights(fused.get_weights())
        fused(x, training=True)
        plain(x, training=True)
        fused._fused_output_grad = True
        np.testing.assert_allclose(fused.backward(g), plain.backward(g))
    np.testing.assert_allclose(fused.grads["kernel"], plain.grads["kernel"])


@pytest.mark.parametrize("cls", [Conv1D, Conv1DTranspose])
def test_softmax_output_layer_fused_with_the_loss_trains_like_a_separate_activation(cls):
    rs = np.random.default_rng(5)
    x = rs.standard_normal((4, 6, 2)).astype(np.float32)
    fused = models.Sequential([Input(shape=(6, 2)), cls(3, 2, padding="same", activation="softmax")])
    plain = models.Sequential([Input(shape=(6, 2)), cls(3, 2, padding="same"), Activation("softmax")])
    plain.set_weights(fused.get_weights())
    y = np.eye(3, dtype=np.float32)[rs.integers(0, 3, (4, 6))]
    out_layer, seen = fused.layers[-1], []
    real_backward = out_layer.backward

    def spy(grad):
        seen.append(out_layer._fused_output_grad)
        return real_backward(grad)

    out_layer.backward = spy
    for model in (fused, plain):
        model.compile(optimizer="sgd", loss="categorical_crossentropy")
        model.train_on_batch(x, y)
    assert seen == [True]  # the fused path really ran
    for a, b in zip(fused.get_weights(), plain.get_weights()):
        np.testing.assert_allclose(a, b, rtol=1e-5, atol=1e-6)


def test_error_on_flat_input_suggests_reshape():
    with pytest.raises(ShapeError, match=r"\(height, width, channels\).*Reshape\(\(28, 28, 1\)\)") as e:
        Conv2D(8, 3).compute_output_shape((None, 784))
    assert e.value.code == "conv_rank"
    with pytest.raises(ShapeError, match=r"Reshape\(\(28, 28, 1\)\)"):
        Conv2D(8, 3)(Input(shape=(28, 28)))
    with pytest.raises(ShapeError, match=r"\(steps, channels\).*Reshape\(\(100, 1\)\)"):
        Conv1D(8, 3)(Input(shape=(100,)))


def test_error_when_kernel_larger_than_input():
    layer = Conv2D(8, 5, name="too_big")
    with pytest.raises(ShapeError, match=r"too_big.*kernel 5x5.*3x3 input.*padding='valid'") as e:
        layer(Input(shape=(3, 3, 4)))
    assert e.value.layer == "too_big" and e.value.params["kernel"] == "5x5"
    assert e.value.params["input_size"] == "3x3"
    with pytest.raises(ShapeError, match="dilation"):
        Conv1D(2, 3, dilation_rate=4).compute_output_shape((None, 8, 1))
    # 'same' is fine
    assert Conv2D(8, 5, padding="same").compute_output_shape((None, 3, 3, 4)) == (None, 3, 3, 8)


@pytest.mark.parametrize("kw,code", [
    ({"filters": 0, "kernel_size": 3}, "conv_filters"),
    ({"filters": 2.5, "kernel_size": 3}, "conv_filters"),
    ({"filters": 2, "kernel_size": 0}, "bad_tuple"),
    ({"filters": 2, "kernel_size": (3, 3, 3)}, "bad_tuple"),
    ({"filters": 2, "kernel_size": 3, "padding": "full"}, "bad_padding"),
    ({"filters": 2, "kernel_size": 3, "padding": "causal"}, "bad_padding"),
    ({"filters": 2, "kernel_size": 3, "data_format": "nhwc"}, "bad_data_format"),
    ({"filters": 2, "kernel_size": 3, "strides": 2, "dilation_rate": 2}, "conv_stride_dilation"),
    ({"filters": 4, "kernel_size": 3, "groups": 2}, "conv_groups"),
])
def test_config_errors(kw, code):
    with pytest.raises(ConfigError) as e:
        Conv2D(**kw)
    assert e.value.code == code


def test_defaults_and_config_round_trip():
    layer = Conv2D(16, 3)
    assert (layer.strides, layer.padding, layer.dilation_rate, layer.data_format) == (
        (1, 1), "valid", (1, 1), "channels_last")
    assert layer.activation.name == "linear" and layer.use_bias
    layer = Conv2D(16, (3, 5), strides=(2, 1), padding="SAME", activation="relu", use_bias=False,
                   kernel_regularizer="l2", name="c")
    config = layer.get_config()
    assert config["padding"] == "same" and config["kernel_size"] == [3, 5]
    assert Conv2D.from_config(config).get_config() == config
    assert LAYERS.lookup("Conv2D") is Conv2D and LAYERS.lookup("Conv1D") is Conv1D
    assert LAYERS.meta("Conv2D")["group"] == "Convolution"


@pytest.mark.parametrize("cls,kw,shape,out,params", [
    (Conv2D, {"filters": 4, "kernel_size": 3, "padding": "same", "activation": "relu"}, (3, 6, 6, 2),
     (None, 6, 6, 4), 76),
    (Conv1D, {"filters": 3, "kernel_size": 2, "padding": "causal"}, (3, 7, 2), (None, 7, 3), 15),
])
def test_layer_contract(cls, kw, shape, out, params):
    run_layer_test(cls, kw, shape, expected_output_shape=out, expected_num_trainable_weights=2,
                   expected_num_params=params)


def test_w5_convnet_shapes_and_params_equal_keras():
    utils.set_random_seed(0)
    model = models.Sequential([
        Input(shape=(28, 28, 1)),
        Conv2D(32, 3, activation="relu"), MaxPooling2D(2),
        Conv2D(64, 3, activation="relu"), MaxPooling2D(2),
        Conv2D(64, 3, activation="relu"), Flatten(),
        Dense(64, activation="relu"), Dense(10, activation="softmax"),
    ])
    shapes = [tuple(layer.output_shape) for layer in model.layers]
    assert shapes == [(None, 26, 26, 32), (None, 13, 13, 32), (None, 11, 11, 64), (None, 5, 5, 64),
                      (None, 3, 3, 64), (None, 576), (None, 64), (None, 10)]
    assert model.count_params() == 93322
    # and it learns: a few steps on a tiny separable problem lower the loss
    rs = np.random.default_rng(0)
    y = rs.integers(0, 2, 64)
    x = rs.random((64, 28, 28, 1), dtype=np.float32) * 0.1
    x[y == 1, 5:20, 5:20] += 1.0
    model.compile(optimizer="rmsprop", loss="sparse_categorical_crossentropy")
    first = model.train_on_batch(x, y, return_dict=True)["loss"]
    for _ in range(8):
        last = model.train_on_batch(x, y, return_dict=True)["loss"]
    assert last < first
