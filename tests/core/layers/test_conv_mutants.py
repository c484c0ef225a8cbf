"""Conv1D / Conv2D and the window arithmetic of ``_im2col``: what mutation testing
(``benchmarks/mutation.py conv``) found unguarded.

The forward pass is checked against the direct nested-loop convolution of ``test_conv.py`` on the
layouts the other tests miss (wide channel runs, strides wider than the kernel, reused buffers,
batch slices in threads); gradients are float64 central differences; errors by code and words.
"""

import numpy as np
import pytest

from netbuilder.core import layers as L
from netbuilder.core.errors import ConfigError, ShapeError
from netbuilder.core.layers import _im2col as W
from netbuilder.core.layers import _parallel
from netbuilder.core.testing import check_layer_gradients, float64

from .test_conv import ref_conv2d


def conv_with(kw, shape, seed=0, cls=L.Conv2D, activation=None):
    rng = np.random.default_rng(seed)
    layer = cls(**kw, activation=activation)
    layer.build((None,) + shape[1:])
    weights = [rng.standard_normal(w.shape).astype("float32") for w in layer.get_weights()]
    layer.set_weights(weights)
    return layer, rng.standard_normal(shape).astype("float32"), weights


def reference(layer, x, weights):
    bias = weights[1] if layer.use_bias else np.zeros(layer.filters)
    y = ref_conv2d(x.astype("float64"), weights[0].astype("float64"), bias, layer.strides,
                   layer.padding, layer.dilation_rate)
    return layer.activation(y)


@pytest.mark.parametrize("kw,shape", [
    ({"filters": 3, "kernel_size": 2, "strides": 3}, (2, 7, 8, 8)),  # 8 channels: the whole-view copy
    ({"filters": 2, "kernel_size": (1, 2), "strides": (1, 3), "padding": "same"}, (1, 3, 8, 2)),  # stride > kernel
    ({"filters": 2, "kernel_size": (2, 3), "dilation_rate": (1, 2)}, (2, 4, 7, 3)),  # width dilation
    ({"filters": 2, "kernel_size": 1, "use_bias": False}, (2, 3, 3, 2)),
    ({"filters": 2, "kernel_size": 2, "dilation_rate": (2, 1)}, (1, 5, 4, 8)),  # whole-view copy, height dilation
])
def test_forward_matches_the_direct_convolution(kw, shape):
    layer, x, weights = conv_with(kw, shape)
    np.testing.assert_allclose(layer(x), reference(layer, x, weights), rtol=1e-4, atol=1e-4)


@pytest.mark.parametrize("kw,shape", [
    ({"filters": 2, "kernel_size": 2, "strides": 3, "activation": "relu"}, (1, 4, 5, 8)),
    ({"filters": 2, "kernel_size": (1, 2), "strides": (2, 3), "padding": "same"}, (1, 4, 8, 2)),
    ({"filters": 2, "kernel_size": (2, 2), "dilation_rate": (1, 2), "activation": "relu"}, (2, 4, 6, 2)),
    ({"filters": 2, "kernel_size": 3, "padding": "same", "activation": "gelu"}, (1, 4, 5, 1)),
])
def test_gradients_on_those_layouts(kw, shape):
    x = np.random.default_rng(1).standard_normal(shape)
    check_layer_gradients(L.Conv2D(**kw), x)


def test_conv1d_relu_channels_first_gradient():
    x = np.random.default_rng(2).standard_normal((2, 3, 6))
    check_layer_gradients(L.Conv1D(2, 3, padding="same", activation="relu", data_format="channels_first"), x)


def test_a_reused_column_buffer_keeps_its_ones_column():
    """The im2col buffer is kept between batches; the bias rides on its ones column, which must
    survive the reuse (and a batch of another size gets a fresh buffer)."""
    layer, x, weights = conv_with({"filters": 2, "kernel_size": 2}, (2, 4, 4, 3))
    layer(x)
    first = layer._cols
    for shape in [(2, 4, 4, 3), (3, 4, 4, 3), (2, 4, 4, 3)]:
        x2 = np.random.default_rng(sum(shape)).standard_normal(shape).astype("float32")
        np.testing.assert_allclose(layer(x2), reference(layer, x2, weights), rtol=1e-4, atol=1e-4)
    assert layer(x) is not None and layer._cols.shape == first.shape


@pytest.mark.parametrize("compiled", [True, False])
def test_batch_slices_in_threads_give_the_serial_results(monkeypatch, compiled):
    """``batch_map`` splits relu, im2col and col2im over batch slices when the work is large: forced
    here on a tiny batch, every output and gradient equals the serial run's, with the compiled
    passes (``layers.fused``) on each slice and with the NumPy code."""
    from netbuilder.core.layers import fused

    monkeypatch.setattr(fused, "ENABLED", compiled)
    kw = {"filters": 2, "kernel_size": 2, "strides": 1}
    results = []
    for threaded in (False, True):
        if threaded:
            monkeypatch.setattr(_parallel, "MIN_WORK", 1)
            monkeypatch.setattr(_parallel, "workers", lambda: 3)
        out = []
        for channels, dilation in ((2, 1), (8, 1), (2, 2)):  # slab copies, the whole-view copy, dilated adds
            layer, x, _ = conv_with({**kw, "dilation_rate": dilation}, (5, 5, 6, channels), seed=channels,
                                    activation="relu")
            y = layer.run_forward(x, training=True)
            layer.input_grad_needed = True
            g = np.random.default_rng(7).standard_normal(y.shape).astype("float32")
            dx = layer.run_backward(g)
            out += [y.copy(), dx, layer.grads["kernel"], layer.grads["bias"]]
        results.append(out)
    for serial, threaded in zip(*results):
        np.testing.assert_array_equal(serial, threaded)


# ---------------------------------------------------------------------- window arithmetic
@pytest.mark.parametrize("n,k,s,d,padding,out,pads", [
    (7, 3, 1, 1, "valid", 5, (0, 0)),
    (7, 3, 2, 1, "valid", 3, (0, 0)),
    (7, 3, 1, 2, "valid", 3, (0, 0)),
    (7, 3, 2, 1, "same", 4, (1, 1)),
    (6, 4, 3, 1, "same", 2, (0, 1)),
    (7, 4, 1, 1, "same", 7, (1, 2)),
    (5, 2, 1, 1, "same", 5, (0, 1)),  # the odd pixel after
    (5, 1, 2, 1, "same", 3, (0, 0)),
    (5, 3, 1, 2, "causal", 5, (4, 0)),
    (5, 2, 2, 1, "causal", 3, (1, 0)),
])
def test_output_length_and_padding_follow_keras(n, k, s, d, padding, out, pads):
    assert W.output_length(n, k, s, d, padding) == out
    assert W.pad_amounts(n, k, s, d, padding) == pads
    assert W.output_length(None, k, s, d, padding) is None


def test_pad_nhwc_borders_and_buffer_reuse():
    x = np.arange(1, 7, dtype="float32").reshape(1, 2, 3, 1)
    assert W.pad_nhwc(x, ((0, 0), (0, 0))) is x
    y = W.pad_nhwc(x, ((1, 2), (0, 1)), value=-1.0)
    expect = np.full((1, 5, 4, 1), -1.0, dtype="float32")
    expect[0, 1:3, 0:3, 0] = x[0, :, :, 0]
    np.testing.assert_array_equal(y, expect)
    buf = np.full((1, 5, 4, 1), 9.0, dtype="float32")
    assert W.pad_nhwc(x, ((1, 2), (0, 1)), value=-1.0, out=buf) is buf
    np.testing.assert_array_equal(buf, expect)
    wrong = np.zeros((1, 5, 4, 1), dtype="float64")
    assert W.pad_nhwc(x, ((1, 2), (0, 1)), value=-1.0, out=wrong) is not wrong
    y = W.pad_nhwc(x, ((0, 1), (2, 0)))
    assert y.shape == (1, 3, 5, 1) and y[0, 0, 2:, 0].tolist() == [1, 2, 3] and y[0, 2].sum() == 0


def test_im2col_rows_are_the_windows_and_col2im_is_its_adjoint():
    """``<im2col(x), c> == <x, col2im(c)>`` for every layout, and each row is one window."""
    rng = np.random.default_rng(3)
    for kernel, strides, dilation in (((2, 2), (1, 1), (1, 1)), ((2, 3), (2, 1), (1, 1)),
                                      ((1, 2), (1, 3), (1, 1)), ((2, 2), (1, 1), (2, 2)), ((3, 1), (1, 1), (1, 1))):
        for c in (1, 8):
            x = rng.standard_normal((2, 6, 7, c))
            out_hw = tuple(W.output_length(n, k, s, d, "valid") for n, k, s, d in zip((6, 7), kernel, strides, dilation))
            cols = W.im2col(x, kernel, strides, dilation, out_hw)
            i, j = out_hw[0] - 1, out_hw[1] - 1  # the last window of the second sample
            window = x[1, i * strides[0]:i * strides[0] + (kernel[0] - 1) * dilation[0] + 1:dilation[0],
                       j * strides[1]:j * strides[1] + (kernel[1] - 1) * dilation[1] + 1:dilation[1]]
            np.testing.assert_array_equal(cols[-1], window.reshape(-1))
            other = rng.standard_normal(cols.shape)
            back = W.col2im(other, x.shape, kernel, strides, dilation, out_hw)
            assert np.sum(cols * other) == pytest.approx(np.sum(x * back), rel=1e-10)
    ones = W.im2col(x, (2, 2), (1, 1), (1, 1), (5, 6), ones_column=True)
    assert ones.shape == (2 * 5 * 6, 2 * 2 * 8 + 1) and np.all(ones[:, -1] == 1)


def test_padding_and_data_format_checks():
    assert W.check_padding("SAME", "c") == "same" and W.check_padding("Causal", "c", allow_causal=True) == "causal"
    with pytest.raises(ConfigError) as info:
        W.check_padding("causal", "c1")
    assert str(info.value) == "padding must be one of 'valid', 'same', got 'causal'"
    assert info.value.code == "bad_padding" and info.value.layer == "c1" and info.value.params["arg"] == "padding"
    with pytest.raises(ConfigError) as info:
        W.check_padding(3, "c", allow_causal=True)
    assert "'valid', 'same', 'causal', got 3" in str(info.value)
    assert W.check_data_format(None, "c") == "channels_last"
    assert W.check_data_format("Channels_First", "c") == "channels_first"
    with pytest.raises(ConfigError) as info:
        W.check_data_format(5, "c2")
    assert str(info.value) == "data_format must be 'channels_last' or 'channels_first', got 5"
    assert info.value.code == "bad_data_format" and info.value.layer == "c2" and info.value.params["value"] == "5"


# ---------------------------------------------------------------------- the layer's arguments
def test_argument_errors_name_the_layer_and_the_values():
    with pytest.raises(ConfigError) as info:
        L.Conv1D(0, 3, name="c")
    assert str(info.value) == "Conv1D: filters must be a positive integer, got 0"
    assert info.value.code == "conv_filters" and info.value.layer == "c"
    with pytest.raises(ConfigError) as info:
        L.Conv2D(2, 3, strides=(1, 2), dilation_rate=(2, 1), name="c")
    assert str(info.value) == ("Conv2D: strides > 1 cannot be combined with dilation_rate > 1 (as in Keras); "
                               "got strides=(1, 2) and dilation_rate=(2, 1)")
    assert info.value.layer == "c"
    with pytest.raises(ConfigError) as info:
        L.Conv2D(4, 3, groups=2, name="c")
    assert str(info.value) == "Conv2D: groups=2 is not supported by netbuilder; use groups=1"
    assert info.value.layer == "c" and info.value.params["value"] == "2"
    with pytest.raises(ConfigError) as info:
        L.Conv2D(4, 3, strides=0, name="c")
    assert info.value.layer == "c" and info.value.params["arg"] == "strides"
    with pytest.raises(ConfigError) as info:
        L.Conv2D(4, (3, 3), dilation_rate=(1, 0), name="c")
    assert info.value.params["arg"] == "dilation_rate"
    with pytest.raises(ConfigError) as info:
        L.Conv2D(4, 3, padding="causal", name="c")
    assert info.value.code == "bad_padding" and info.value.layer == "c"
    with pytest.raises(ConfigError) as info:
        L.Conv2D(4, 3, data_format="nchw", name="c")
    assert info.value.code == "bad_data_format" and info.value.layer == "c"
    assert L.Conv1D(2, 3, padding="causal").padding == "causal"


def test_every_argument_reaches_the_config_and_the_weights():
    layer = L.Conv2D(3, (2, 1), strides=(2, 1), padding="same", data_format="channels_first",
                     activation="tanh", use_bias=True, kernel_initializer="ones", bias_initializer="ones",
                     kernel_regularizer="l2", bias_regularizer={"class_name": "L1", "config": {"l1": 0.5}},
                     activity_regularizer="l1", kernel_constraint="non_neg", bias_constraint="unit_norm",
                     name="c")
    cfg = layer.get_config()
    assert (cfg["filters"], cfg["kernel_size"], cfg["strides"], cfg["padding"], cfg["data_format"],
            cfg["dilation_rate"], cfg["groups"], cfg["activation"], cfg["use_bias"]) == \
        (3, [2, 1], [2, 1], "same", "channels_first", [1, 1], 1, "tanh", True)
    assert cfg["kernel_initializer"]["class_name"] == "Ones" and cfg["bias_initializer"]["class_name"] == "Ones"
    assert cfg["kernel_regularizer"]["class_name"] == "L2" and cfg["bias_regularizer"]["config"]["l1"] == 0.5
    assert cfg["kernel_constraint"]["class_name"] == "NonNeg" and cfg["bias_constraint"]["class_name"] == "UnitNorm"
    assert L.Conv2D.from_config(cfg).get_config() == cfg
    layer.build((None, 2, 4, 4))
    np.testing.assert_array_equal(layer.params["kernel"], 1.0)
    np.testing.assert_array_equal(layer.params["bias"], 1.0)
    assert set(layer._regularizers) == {"kernel", "bias"} and set(layer._constraints) == {"kernel", "bias"}
    layer.params["bias"][...] = [3.0, 0.0, 4.0]
    layer.params["kernel"][0, 0, 0, 0] = -2.0
    layer.apply_constraints()
    np.testing.assert_allclose(layer.params["bias"], [0.6, 0.0, 0.8])
    assert layer.params["kernel"][0, 0, 0, 0] == 0.0
    assert layer.regularization_penalty() == pytest.approx(0.01 * float(np.sum(layer.params["kernel"] ** 2))
                                                           + 0.5 * 1.4)
    # the activity regularizer ("l1": 0.01 * sum|y|) adds the output's penalty; a batch of one, so
    # Keras 2's division by the batch size would not change it either
    weights_only = layer.regularization_penalty()
    y = layer.run_forward(np.ones((1, 2, 4, 4), dtype="float32"), training=True)
    assert layer.regularization_penalty() - weights_only == pytest.approx(0.01 * float(np.abs(y).sum()), rel=1e-5)


@pytest.mark.parametrize("cls,shape,hint", [
    (L.Conv1D, (None, 20), "add a Reshape((20, 1)) before it"),
    (L.Conv2D, (None, 5, 6), "add a Reshape((5, 6, 1)) before it to add a channels axis"),
    (L.Conv2D, (None, 49), "add a Reshape((7, 7, 1)) before it"),
    (L.Conv2D, (None, 50), "add a Reshape((height, width, channels)) before it"),
    (L.Conv2D, (None, 2, 3, 4, 5), "reshape its input"),
    (L.Conv2D, (None, None, 6), "reshape its input"),
    (L.Conv1D, (None, None), "reshape its input"),
    (L.Conv1D, (None, 2, 3, 4), "reshape its input"),
])
def test_each_reshape_hint(cls, shape, hint):
    with pytest.raises(ShapeError) as info:
        cls(2, 1, name="c").compute_output_shape(shape)
    assert str(info.value).endswith(hint) and info.value.code == "conv_rank"


def test_channels_first_spec_and_unknown_channels():
    with pytest.raises(ShapeError) as info:
        L.Conv2D(2, 1, data_format="channels_first", name="c").compute_output_shape((None, 5, 6))
    assert "(channels, height, width)" in str(info.value)
    with pytest.raises(ShapeError) as info:
        L.Conv1D(2, 1, data_format="channels_first").compute_output_shape((None, 5))
    assert "(channels, steps)" in str(info.value)
    with pytest.raises(ShapeError) as info:
        L.Conv1D(2, 1, name="c").compute_output_shape((None, 5, None))
    assert info.value.code == "conv_unknown_channels" and "'c'" in str(info.value)
    assert L.Conv2D(2, 1, data_format="channels_first").compute_output_shape((None, 3, None, 6)) == (None, 2, None, 6)


def test_kernel_too_large_message_gives_the_dilated_span():
    with pytest.raises(ShapeError) as info:
        L.Conv2D(2, (2, 3), dilation_rate=(1, 3), name="c").compute_output_shape((None, 4, 6, 1))
    assert str(info.value) == ("Conv2D layer 'c': its kernel 2x3 (spanning 2x7 with dilation) is larger than its "
                               "4x6 input with padding='valid'; use padding='same', a smaller kernel_size, or "
                               "less pooling/striding before it")
    layer = L.Conv1D(2, 3, name="c")
    layer.build((None, None, 1))
    with pytest.raises(ShapeError, match="kernel 3 "):
        layer(np.ones((1, 2, 1), dtype="float32"))
    assert L.Conv1D(2, 3).compute_output_shape((None, 3, 1)) == (None, 1, 2)


def test_unneeded_input_gradient_and_no_bias():
    with float64():
        layer, x, weights = conv_with({"filters": 2, "kernel_size": 2, "use_bias": False}, (1, 3, 3, 1))
        y = layer.run_forward(x.astype("float64"), training=True)
        layer.input_grad_needed = False
        assert layer.run_backward(np.ones_like(y)) is None
    assert set(layer.grads) == {"kernel"}
    cols = W.im2col(x.astype("float64"), (2, 2), (1, 1), (1, 1), (2, 2))
    np.testing.assert_allclose(layer.grads["kernel"].reshape(-1, 2), cols.T @ np.ones((4, 2)))


def test_conv1d_passes_groups_and_use_bias_on():
    with pytest.raises(ConfigError) as info:
        L.Conv1D(4, 3, groups=2)
    assert info.value.code == "conv_groups"
    layer = L.Conv1D(2, 3, use_bias=False)
    layer.build((None, 5, 1))
    assert list(layer.params) == ["kernel"]


def test_relu_gradients_stay_float32():
    layer, x, _ = conv_with({"filters": 2, "kernel_size": 2}, (1, 3, 3, 2), activation="relu")
    y = layer.run_forward(x, training=True)
    layer.input_grad_needed = True
    dx = layer.run_backward(np.ones_like(y))
    assert y.dtype == dx.dtype == layer.grads["kernel"].dtype == layer.grads["bias"].dtype == np.float32


# ---------------------------------------------------------------------- the second triage (issue 23)
def test_the_column_buffer_is_reused_across_batches_of_one_size():
    """conv.py keeps the im2col buffer between batches (no new (N*OH*OW, K) array per batch), and
    im2col writes into an ``out`` whose shape and dtype fit; one of another dtype is not used."""
    layer, x, weights = conv_with({"filters": 2, "kernel_size": 2}, (2, 4, 4, 3))
    layer(x)
    cols = layer._cols
    x2 = np.random.default_rng(9).standard_normal(x.shape).astype("float32")
    np.testing.assert_allclose(layer(x2), reference(layer, x2, weights), rtol=1e-4, atol=1e-4)
    assert layer._cols is cols
    buf = W.im2col(x, (2, 2), (1, 1), (1, 1), (3, 3))
    assert W.im2col(x2, (2, 2), (1, 1), (1, 1), (3, 3), out=buf) is buf
    np.testing.assert_array_equal(buf[-1], x2[1, 2:4, 2:4].reshape(-1))  # the last window, written in place
    wrong = np.zeros(buf.shape, dtype="float64")
    fresh = W.im2col(x, (2, 2), (1, 1), (1, 1), (3, 3), out=wrong)
    assert fresh is not wrong and fresh.dtype == np.float32 and not wrong.any()


def test_padding_keeps_the_dtype_and_fills_a_right_border_wider_than_the_left():
    """The padded copy has the input's dtype (float32 training stays float32), and every border
    pixel gets the value, also when the right border is wider than the input (a kernel of 4 on
    a width of 2 with padding='same': 1 column before, 2 after)."""
    x = np.arange(1, 5, dtype="float32").reshape(1, 1, 2, 2)
    y = W.pad_nhwc(x, ((0, 0), (1, 2)))
    assert y.dtype == np.float32
    buf = np.full((1, 1, 5, 2), 9.0, dtype="float32")  # a reused buffer: stale values everywhere
    assert W.pad_nhwc(x, ((0, 0), (1, 2)), out=buf) is buf
    np.testing.assert_array_equal(buf[0, 0], [[0, 0], [1, 2], [3, 4], [0, 0], [0, 0]])
    layer, x4, weights = conv_with({"filters": 2, "kernel_size": 4, "padding": "same"}, (1, 2, 2, 1))
    y4 = layer(x4)
    assert y4.dtype == np.float32
    np.testing.assert_allclose(y4, reference(layer, x4, weights), rtol=1e-4, atol=1e-4)


def test_argument_errors_carry_the_argument_and_the_value():
    """An argument error's params name the argument (``arg``) and the bad value (``value``), and the
    layer it belongs to: the window's translated messages are built from them."""
    for kw, arg, value in (({"data_format": "nhwc"}, "data_format", "'nhwc'"),
                           ({"padding": "full"}, "padding", "'full'"),
                           ({"kernel_size": (3, 0)}, "kernel_size", "(3, 0)"),
                           ({"dilation_rate": (1, 0)}, "dilation_rate", "(1, 0)")):
        with pytest.raises(ConfigError) as info:
            L.Conv2D(**{"filters": 4, "kernel_size": 3, **kw}, name="c")
        assert (info.value.params["arg"], info.value.params["value"], info.value.layer) == (arg, value, "c"), kw
        assert arg in str(info.value) and value in str(info.value)


def test_a_kernel_larger_than_its_input_is_refused_by_its_code():
    with pytest.raises(ShapeError) as info:
        L.Conv2D(2, 3, name="c").compute_output_shape((None, 2, 5, 1))
    assert info.value.code == "conv_kernel_too_large" and info.value.layer == "c"
    assert (info.value.params["kernel"], info.value.params["input_size"]) == ("3x3", "2x5")


def test_the_output_shape_keeps_the_batch_size():
    """Keras's ``compute_output_shape`` keeps the batch axis as given: (4, 5, 5, 1) -> (4, 3, 3, 2)."""
    assert L.Conv2D(2, 3).compute_output_shape((4, 5, 5, 1)) == (4, 3, 3, 2)
    assert L.Conv1D(2, 3, data_format="channels_first").compute_output_shape((6, 1, 5)) == (6, 2, 3)


def test_base_conv_has_keras_defaults():
    """``BaseConv``'s own defaults are Keras 3's ``BaseConv`` ones (strides 1, 'valid', dilation 1,
    a bias), which a subclass that does not restate them inherits."""
    from netbuilder.core.layers.conv import BaseConv

    layer = BaseConv(2, 3)
    assert (layer.strides, layer.padding, layer.dilation_rate, layer.use_bias) == ((1, 1), "valid", (1, 1), True)
    assert layer.compute_output_shape((None, 5, 6, 1)) == (None, 3, 4, 2)


def test_forward_keeps_the_pre_activation_only_when_the_gradient_needs_it():
    """An activation whose gradient is computed from its output (tanh) does not need ``z``: the layer
    does not hold that extra (N, OH, OW, F) array until backward."""
    x = np.ones((1, 3, 3, 1), dtype="float32")
    for activation, keeps in (("tanh", False), ("gelu", True)):
        layer = L.Conv2D(2, 2, activation=activation)
        layer(x)
        assert (layer._saved.z is not None) is keeps, activation
