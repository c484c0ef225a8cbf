"""The compiled one-pass Dense + ReLU passes (``layers.fused``): the same bits as the NumPy code."""

import numpy as np
import pytest

import netbuilder.core as nb
from netbuilder.core import layers
from netbuilder.core.layers import fused
from netbuilder.core.testing import check_layer_gradients

pytestmark = pytest.mark.skipif(not fused.AVAILABLE, reason="the _fused_layers extension is not built")

#: (batch, in, units): a vector body with a tail, single rows and units, the MNIST MLP's layer
SHAPES = [(7, 5, 33), (1, 3, 1), (3, 4, 17), (128, 20, 512)]


def _bits(a):
    a = np.ascontiguousarray(a)
    return a.view(np.uint32 if a.dtype == np.float32 else np.uint64)


def _spy(monkeypatch):
    """Count the extension's calls by name."""
    calls = {"bias_act": 0, "relu_grad": 0}
    real = fused._ext

    class Spy:
        def __getattr__(self, name):
            def call(*args):
                calls[name] = calls.get(name, 0) + 1
                return getattr(real, name)(*args)
            return call

    monkeypatch.setattr(fused, "_ext", Spy())
    return calls


def _awkward(rs, shape, dtype):
    """Values with exact zeros (both signs), NaN, infinities, tiny and large magnitudes."""
    a = rs.standard_normal(shape) * 10.0 ** rs.integers(-6, 4, size=shape)
    flat = a.reshape(-1)
    picks = rs.random(flat.size)
    flat[picks < 0.08] = 0.0
    flat[(picks >= 0.08) & (picks < 0.12)] = -0.0
    if flat.size > 6:
        flat[:4] = [np.nan, np.inf, -np.inf, -0.0]
    return a.astype(dtype)


def _dense_pass(shape, dtype, use_bias, enabled, monkeypatch, awkward):
    """Output, kernel/bias gradients and input gradient of a relu Dense, kernels on or off."""
    monkeypatch.setattr(fused, "ENABLED", enabled)
    batch, n_in, units = shape
    rs = np.random.default_rng(3)
    d = layers.Dense(units, activation="relu", use_bias=use_bias, dtype=np.dtype(dtype).name)
    d.build((None, n_in))
    d.kernel[...] = rs.standard_normal(d.kernel.shape)
    if use_bias:
        d.bias[...] = rs.standard_normal(units) * 0.5
        d.bias[0] = -0.0
    x = rs.standard_normal((batch, n_in)).astype(dtype)
    g = (_awkward(rs, (batch, units), dtype) if awkward else rs.standard_normal((batch, units))).astype(dtype)
    if awkward:
        x[0, 0] = np.nan  # a NaN row of z: NaN through the ReLU as np.maximum gives it
    d.input_grad_needed = True
    y = d.forward(x, training=True).copy()
    gx = d.backward(g)
    return y, d.grads["kernel"].copy(), (d.grads["bias"].copy() if use_bias else None), gx


@pytest.mark.parametrize("awkward", [False, True])
@pytest.mark.parametrize("use_bias", [True, False])
@pytest.mark.parametrize("dtype", [np.float32, np.float64])
@pytest.mark.parametrize("shape", SHAPES)
def test_dense_relu_is_bit_identical_to_numpy(monkeypatch, shape, dtype, use_bias, awkward):
    calls = _spy(monkeypatch)
    with np.errstate(all="ignore"):
        fast = _dense_pass(shape, dtype, use_bias, True, monkeypatch, awkward)
        assert calls == {"bias_act": 1, "relu_grad": 1}
        slow = _dense_pass(shape, dtype, use_bias, False, monkeypatch, awkward)
    assert calls == {"bias_act": 1, "relu_grad": 1}  # the NumPy run called nothing
    for name, a, b in zip(("y", "kernel grad", "bias grad", "input grad"), fast, slow):
        if b is None:
            assert a is None
            continue
        assert a.dtype == b.dtype and a.shape == b.shape, name
        assert np.array_equal(_bits(a), _bits(b)), name


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
def test_the_kernels_keep_numpys_zeros_and_nans(dtype):
    z = np.array([[-0.0, 0.0, np.nan, -np.inf, np.inf, -1.0, 2.0, -1e-30]], dtype)
    b = np.array([-0.0, -0.0, 0.0, 0.0, 0.0, 1.0, -2.0, 0.0], dtype)
    want = np.maximum(z + b, 0.0)
    got = z.copy()
    assert fused.bias_relu(fused.dtype_code(got, b), got, b, True)
    assert np.array_equal(_bits(got), _bits(want))  # -0.0 + -0.0 = -0.0 comes out +0.0, as NumPy's
    assert np.isnan(got[0, 2]) and got[0, 4] == np.inf
    y = np.array([[0.0, -0.0, np.nan, 1.0, -1.0, 3.0, 0.0, 1e-30]], dtype)
    g = np.array([[-2.0, 5.0, 1.0, -0.0, np.inf, np.nan, np.nan, -3.0]], dtype)
    with np.errstate(invalid="ignore"):
        want_g = g * (y > 0)
    got_g, got_b = fused.relu_grad("f" if dtype == np.float32 else "d", g, y, True)
    assert np.array_equal(_bits(got_g), _bits(want_g))  # -2*0 = -0.0, inf*0 = NaN, NaN kept
    assert np.array_equal(_bits(got_b), _bits(want_g.sum(axis=0)))


def test_bias_sums_add_the_rows_in_numpys_order():
    """Float addition is not associative: a sum in another order would differ in the last bits."""
    rs = np.random.default_rng(11)
    g = (rs.standard_normal((300, 70)) * 10.0 ** rs.integers(-8, 8, size=(300, 70))).astype(np.float32)
    y = np.ones_like(g)
    _, bsum = fused.relu_grad("f", g, y, True)
    assert np.array_equal(_bits(bsum), _bits(g.sum(axis=0)))
    pairwise = np.add.reduce(g.T.copy(), axis=1)  # NumPy's pairwise sum along a contiguous axis
    assert not np.array_equal(_bits(pairwise), _bits(bsum))  # the data can tell the orders apart


CASES = {
    "float16": lambda d, x: (d, x.astype(np.float16)),
    "leaky relu": lambda d, x: (layers.Dense(d.units, activation=nb.activations.get(
        {"class_name": "relu", "config": {"negative_slope": 0.1}})), x),
    "tanh": lambda d, x: (layers.Dense(d.units, activation="tanh"), x),
    "strided input": lambda d, x: (d, np.repeat(x, 2, axis=1)[:, ::2]),
}


@pytest.mark.parametrize("case", sorted(CASES))
def test_layers_the_kernels_cannot_take_run_the_numpy_code(monkeypatch, case):
    rs = np.random.default_rng(5)
    d, x = CASES[case](layers.Dense(9, activation="relu"), rs.standard_normal((6, 4)).astype(np.float32))
    if case == "float16":
        d = layers.Dense(9, activation="relu", dtype="float16")
    calls = _spy(monkeypatch)
    d.input_grad_needed = True
    y = d(x) if not d.built else d.forward(x, training=True)
    if case == "strided input":  # the input is strided, z is not: the forward is fused, the rest too
        assert calls["bias_act"] == 1
        return
    d.forward(x, training=True)
    d.backward(np.ones_like(y))
    assert calls == {"bias_act": 0, "relu_grad": 0}


def test_a_gradient_that_is_not_contiguous_runs_the_numpy_code(monkeypatch):
    rs = np.random.default_rng(2)
    d = layers.Dense(8, activation="relu")
    x = rs.standard_normal((5, 3)).astype(np.float32)
    y = d(x)
    calls = _spy(monkeypatch)
    d.forward(x, training=True)
    g = np.asfortranarray(rs.standard_normal(y.shape).astype(np.float32))
    d.backward(g)
    assert calls == {"bias_act": 1, "relu_grad": 0}
    assert np.array_equal(d.grads["bias"], (g * (d.forward(x) > 0)).sum(axis=0))


@pytest.mark.parametrize("args, error, words", [
    (("x", np.zeros((2, 3), np.float32), None, 3, True), TypeError, "dtype must be"),
    (("d", np.zeros((2, 3), np.float32), None, 3, True), TypeError, "dtype asked for"),
    (("f", np.zeros((2, 3), np.float32), np.zeros(2, np.float32), 3, True), ValueError, "bias must hold"),
    (("f", np.zeros((2, 3), np.float32), None, 4, True), ValueError, "whole rows"),
    (("f", np.zeros((2, 3), np.float32), None, 0, True), ValueError, "whole rows"),
    (("f", np.zeros((4, 3), np.float32)[::2], None, 3, True), (BufferError, ValueError), "contiguous"),
    (("f", np.zeros((2, 3), np.int32), None, 3, True), TypeError, "dtype asked for"),
])
def test_bias_act_refuses_wrong_buffers(args, error, words):
    with pytest.raises(error, match=words):
        fused._ext.bias_act(*args)


def test_relu_grad_refuses_wrong_buffers():
    f = np.zeros((2, 3), np.float32)
    with pytest.raises(ValueError, match="same whole rows"):
        fused._ext.relu_grad("f", f, np.zeros((2, 4), np.float32), np.zeros((2, 3), np.float32), None, 3)
    with pytest.raises(ValueError, match="same whole rows"):
        fused._ext.relu_grad("f", f, f.copy(), np.zeros((3, 3), np.float32), None, 3)
    with pytest.raises(ValueError, match="bias_grad must hold"):
        fused._ext.relu_grad("f", f, f.copy(), f.copy(), np.zeros(2, np.float32), 3)
    read_only = np.zeros((2, 3), np.float32)
    read_only.flags.writeable = False
    with pytest.raises((BufferError, ValueError), match="writ|read"):
        fused._ext.relu_grad("f", f, f.copy(), read_only, None, 3)
    with pytest.raises((BufferError, ValueError), match="writ|read"):
        fused._ext.bias_act("f", read_only, None, 3, True)


def test_overlapping_buffers_are_refused_untouched():
    z = np.arange(12, dtype=np.float32).reshape(3, 4) - 6
    before = z.copy()
    assert fused._ext.bias_act("f", z, z[0], 4, True) is False  # the bias is z's own first row
    assert np.array_equal(z, before)
    g = np.ones((3, 4), np.float32)
    out = np.zeros((3, 4), np.float32)
    assert fused._ext.relu_grad("f", g, z, g, None, 4) is False  # out would overwrite g
    assert fused._ext.relu_grad("f", g, z, out, out[0], 4) is False
    assert not out.any() and (g == 1).all()
    assert fused._ext.relu_grad("f", g, z, out, None, 4) is True


def test_the_float64_gradient_check_runs_through_the_kernels(monkeypatch):
    calls = _spy(monkeypatch)
    rs = np.random.default_rng(9)
    x = rs.standard_normal((6, 4))
    check_layer_gradients(layers.Dense(5, activation="relu", dtype="float64"), x)
    assert calls["bias_act"] > 0 and calls["relu_grad"] > 0


def test_fit_trains_to_the_same_weights_with_and_without_the_kernels(monkeypatch):
    rs = np.random.default_rng(0)
    x = rs.standard_normal((200, 12)).astype(np.float32)
    y = np.eye(3, dtype=np.float32)[rs.integers(0, 3, 200)]

    def train(enabled):
        monkeypatch.setattr(fused, "ENABLED", enabled)
        nb.utils.set_random_seed(1)
        model = nb.models.Sequential([nb.layers.Input((12,)), nb.layers.Dense(32, activation="relu"),
                                      nb.layers.Dense(16, activation="relu"), nb.layers.Dense(3, activation="softmax")])
        model.compile(optimizer="rmsprop", loss="categorical_crossentropy", metrics=["accuracy"])
        history = model.fit(x, y, batch_size=32, epochs=3, verbose=0)
        return [w.copy() for w in model.get_weights()], history.history

    calls = _spy(monkeypatch)
    w_fast, h_fast = train(True)
    assert calls["bias_act"] >= 2 * 7 * 3 and calls["relu_grad"] >= 2 * 7 * 3
    w_slow, h_slow = train(False)
    assert h_fast == h_slow
    for a, b in zip(w_fast, w_slow):
        assert np.array_equal(_bits(a), _bits(b))


def test_dtype_code_takes_only_what_the_kernels_handle():
    f32 = np.zeros((4, 3), np.float32)
    assert fused.dtype_code(f32) == "f" and fused.dtype_code(f32.astype(np.float64)) == "d"
    assert fused.dtype_code(f32, np.zeros(3, np.float32), None) == "f"
    assert fused.dtype_code(f32, np.zeros(3, np.float64)) is None
    assert fused.dtype_code(f32, np.zeros(4, np.float32)) is None
    assert fused.dtype_code(f32, np.zeros(6, np.float32)[::2]) is None
    assert fused.dtype_code(f32.astype(np.float16)) is None
    assert fused.dtype_code(f32.astype(np.int32)) is None
    assert fused.dtype_code(np.zeros((2, 3, 4), np.float32), np.zeros(4, np.float32)) == "f"
    assert fused.dtype_code(np.zeros((2, 3, 4), np.float32), np.zeros(3, np.float32)) is None
    assert fused.dtype_code(np.zeros((2, 3, 4), np.float32).transpose(0, 2, 1)) is None
    assert fused.dtype_code(np.zeros(3, np.float32)) is None
    assert fused.dtype_code(np.asfortranarray(np.zeros((4, 3), np.float32))) is None
    assert fused.dtype_code([[0.0]]) is None


def test_the_switch_turns_the_kernels_off(monkeypatch):
    monkeypatch.setattr(fused, "ENABLED", False)
    assert fused.dtype_code(np.zeros((4, 3), np.float32)) is None


@pytest.mark.parametrize("data_format", ["channels_last", "channels_first"])
@pytest.mark.parametrize("dtype", [np.float32, np.float64])
def test_conv_relu_is_bit_identical_to_numpy(monkeypatch, dtype, data_format):
    """Conv2D's ReLU and its gradient run as compiled passes on each batch slice; channels_first
    outputs are strided views, whose gradient runs the NumPy code."""

    def run(enabled):
        monkeypatch.setattr(fused, "ENABLED", enabled)
        rs = np.random.default_rng(8)
        conv = layers.Conv2D(6, 3, activation="relu", data_format=data_format, dtype=np.dtype(dtype).name)
        shape = (5, 7, 7, 2) if data_format == "channels_last" else (5, 2, 7, 7)
        x = rs.standard_normal(shape).astype(dtype)
        conv.build((None,) + shape[1:])
        conv.kernel[...] = rs.standard_normal(conv.kernel.shape)
        conv.bias[...] = rs.standard_normal(6)
        conv.input_grad_needed = True
        y = conv.forward(x, training=True)
        g = _awkward(rs, y.shape, dtype)
        with np.errstate(all="ignore"):
            gx = conv.backward(np.ascontiguousarray(g))
        return [np.ascontiguousarray(a) for a in (y, conv.grads["kernel"], conv.grads["bias"], gx)]

    calls = _spy(monkeypatch)
    fast = run(True)
    assert calls["bias_act"] >= 1
    assert calls["relu_grad"] == (1 if data_format == "channels_last" else 0)
    slow = run(False)
    for a, b in zip(fast, slow):
        assert np.array_equal(_bits(a), _bits(b))


POOLS = {  # (layer factory, input shape): disjoint and overlapping windows, padding, 1-D
    "2x2": (lambda: layers.MaxPooling2D(2), (3, 9, 8, 5)),
    "3x2 stride 3x2 same": (lambda: layers.MaxPooling2D((3, 2), strides=(3, 2), padding="same"), (2, 7, 7, 3)),
    "3x3 stride 1 (overlapping)": (lambda: layers.MaxPooling2D(3, strides=1), (2, 6, 6, 4)),
    "1-D pool 3": (lambda: layers.MaxPooling1D(3), (4, 10, 6)),
    "channels_first": (lambda: layers.MaxPooling2D(2, data_format="channels_first"), (2, 3, 6, 6)),
}


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
@pytest.mark.parametrize("case", sorted(POOLS))
def test_max_pooling_is_bit_identical_to_numpy(monkeypatch, case, dtype):
    make, shape = POOLS[case]

    def run(enabled):
        monkeypatch.setattr(fused, "ENABLED", enabled)
        rs = np.random.default_rng(12)
        x = rs.standard_normal(shape).astype(dtype)
        x[0, ..., :2] = 1.5  # ties: the first maximum of a window wins
        x[-1, ..., -1] = -0.0
        x[-1, ..., 0] = 0.0  # ties of +0 and -0: maximum keeps NumPy's choice
        x.flat[7] = np.nan
        x.flat[-3] = -np.inf
        pool = make()
        pool.build((None,) + shape[1:])
        pool.input_grad_needed = True
        y = pool.forward(x, training=True)
        g = _awkward(rs, y.shape, dtype)
        with np.errstate(all="ignore"):
            dx = pool.backward(g)
        return np.ascontiguousarray(y), np.ascontiguousarray(dx)

    calls = {"maxpool": 0, "maxpool_grad": 0}
    real = fused._ext

    class Spy:
        def __getattr__(self, name):
            def call(*args):
                calls[name] += 1
                return getattr(real, name)(*args)
            return call

    monkeypatch.setattr(fused, "_ext", Spy())
    fast = run(True)
    overlapping, strided = "overlapping" in case, case == "channels_first"
    assert calls["maxpool"] == (0 if strided else 1)
    assert calls["maxpool_grad"] == (0 if strided or overlapping else 1)
    slow = run(False)
    for a, b in zip(fast, slow):
        assert a.shape == b.shape
        same_nan = np.isnan(a) == np.isnan(b)
        assert same_nan.all()
        assert np.array_equal(_bits(np.where(np.isnan(a), 0, a)), _bits(np.where(np.isnan(b), 0, b)))


def test_max_pooling_sends_each_gradient_to_the_first_maximum():
    x = np.array([[[[1.0], [3.0]], [[3.0], [2.0]]]], np.float32)  # (1, 2, 2, 1): a tie at offsets 1 and 2
    pool = layers.MaxPooling2D(2)
    pool.build((None, 2, 2, 1))
    pool.input_grad_needed = True
    assert pool.forward(x, training=True).item() == 3.0
    dx = pool.backward(np.full((1, 1, 1, 1), -2.0, np.float32))
    assert dx.reshape(-1).tolist() == [0.0, -2.0, 0.0, 0.0]
    assert np.signbit(dx.reshape(-1)[[0, 2, 3]]).all()  # -2 * 0 is -0.0, as NumPy's product gives


def test_the_pooling_kernels_refuse_windows_outside_the_input():
    x = np.zeros((1, 4, 4, 2), np.float32)
    y = np.zeros((1, 2, 2, 2), np.float32)
    idx = np.zeros(y.shape, np.uint8)
    assert fused._ext.maxpool("f", x, y, idx, 4, 4, 2, 2, 2, 2, 2, 2, 2) is True
    for bad in [(4, 4, 2, 2, 2, 3, 2, 2, 2),   # 3-row windows at stride 2 reach row 5
                (4, 4, 2, 3, 2, 2, 2, 2, 2),   # three output rows at stride 2
                (4, 4, 2, 2, 2, 0, 2, 2, 2),   # an empty window
                (4, 4, 2, 2, 2, 2, 2, 0, 2)]:  # stride 0
        with pytest.raises(ValueError, match="inside the input"):
            fused._ext.maxpool("f", x, y, idx, *bad)
    with pytest.raises(ValueError, match="sizes do not match"):
        fused._ext.maxpool("f", x, y, idx, 4, 4, 3, 2, 2, 2, 2, 2, 2)
    with pytest.raises(ValueError, match="sizes do not match"):
        fused._ext.maxpool("f", x, y[:, :1].copy(), idx, 4, 4, 2, 2, 2, 2, 2, 2, 2)
    with pytest.raises(TypeError, match="uint8"):
        fused._ext.maxpool("f", x, y, idx.astype(np.int32), 4, 4, 2, 2, 2, 2, 2, 2, 2)
    with pytest.raises(ValueError, match="do not overlap"):
        fused._ext.maxpool_grad("f", np.zeros((1, 2, 2, 2), np.float32), np.zeros((1, 2, 2, 2), np.uint8),
                                np.zeros((1, 3, 3, 2), np.float32), 3, 3, 2, 2, 2, 2, 2, 1, 1)
    assert fused._ext.maxpool("f", x, x.reshape(-1)[:8].reshape(1, 2, 2, 2), idx, 4, 4, 2, 2, 2, 2, 2, 2, 2) is False  # y in x


def test_maxpool_wrappers_decline_what_the_kernels_cannot_take():
    x = np.zeros((1, 4, 4, 2), np.float32)
    y = np.zeros((1, 2, 2, 2), np.float32)
    idx = np.zeros(y.shape, np.uint8)
    assert fused.maxpool(x, y, idx, (2, 2), (2, 2))
    assert not fused.maxpool(x.astype(np.float16), y.astype(np.float16), idx, (2, 2), (2, 2))
    assert not fused.maxpool(x, y.astype(np.float64), idx, (2, 2), (2, 2))
    assert not fused.maxpool(x, y, idx.astype(np.int32), (2, 2), (2, 2))
    assert not fused.maxpool(x.transpose(0, 2, 1, 3), y, idx, (2, 2), (2, 2))
    assert not fused.maxpool(x, y, idx, (17, 17), (2, 2))
    assert not fused.maxpool_grad(y, idx, x, (2, 2), (1, 1))  # overlapping windows: the NumPy loop
    assert fused.maxpool_grad(y, idx, x, (2, 2), (2, 2))


COL2IM = [  # (N, Hp, Wp, C, kernel, strides, dilation): overlapping, strided, dilated and wide windows
    (3, 9, 8, 5, (3, 3), (1, 1), (1, 1)),
    (2, 11, 9, 3, (3, 2), (2, 3), (1, 1)),
    (2, 12, 7, 4, (3, 3), (1, 2), (2, 1)),   # height dilation: the compiled pass
    (2, 7, 10, 2, (2, 4), (1, 1), (1, 1)),   # kw > sw: several phases
    (2, 10, 10, 3, (3, 3), (1, 1), (1, 2)),  # width dilation: the NumPy adds
]


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
@pytest.mark.parametrize("geometry", COL2IM, ids=str)
def test_col2im_sums_in_numpys_order(monkeypatch, geometry, dtype):
    from netbuilder.core.layers import _im2col as W

    n, hp, wp, c, kernel, strides, dilation = geometry
    out_hw = tuple((size - d * (k - 1) - 1) // s + 1 for size, k, s, d in zip((hp, wp), kernel, strides, dilation))
    rs = np.random.default_rng(6)
    cols = (rs.standard_normal((n * out_hw[0] * out_hw[1], kernel[0] * kernel[1] * c))
            * 10.0 ** rs.integers(-7, 7, size=1)).astype(dtype)
    cols[::5] *= 1e6  # magnitudes that make the order of the sums show in the last bits
    cols[1, :3] = -0.0
    calls = _spy(monkeypatch)
    results = []
    for enabled in (True, False):
        monkeypatch.setattr(fused, "ENABLED", enabled)
        results.append(W.col2im(cols, (n, hp, wp, c), kernel, strides, dilation, out_hw))
    assert np.array_equal(_bits(results[0]), _bits(results[1]))
    assert calls.get("col2im", 0) == (0 if dilation[1] != 1 else 1)  # the compiled pass ran once
    # the sums really depend on their order here: reversed, they differ
    if dilation == (1, 1) and strides[1] < kernel[1]:
        cols6 = cols.reshape(n, *out_hw, kernel[0], kernel[1], c)
        backwards = np.zeros((n, hp, wp, c), dtype)
        for i in reversed(range(kernel[0])):
            for j in reversed(range(kernel[1])):
                backwards[:, i:i + (out_hw[0] - 1) * strides[0] + 1:strides[0],
                          j:j + (out_hw[1] - 1) * strides[1] + 1:strides[1]] += cols6[:, :, :, i, j]
        assert not np.array_equal(_bits(backwards), _bits(results[0]))


def test_the_col2im_kernel_refuses_windows_outside_the_output():
    cols = np.zeros((2 * 2 * 2, 3 * 3 * 1), np.float32)
    out = np.zeros((2, 4, 4, 1), np.float32)
    assert fused._ext.col2im("f", cols, out, 4, 4, 1, 2, 2, 3, 3, 1, 1, 1) is True
    with pytest.raises(ValueError, match="inside the output"):
        fused._ext.col2im("f", cols, out, 4, 4, 1, 2, 2, 3, 3, 2, 1, 1)  # stride 2: rows 0..4
    with pytest.raises(ValueError, match="inside the output"):
        fused._ext.col2im("f", cols, out, 4, 4, 1, 2, 2, 3, 3, 1, 1, 2)  # height dilation 2
    with pytest.raises(ValueError, match="inside the output"):
        fused._ext.col2im("f", cols, out, 4, 4, 1, 2, 2, 3, 3, 1, 0, 1)
    with pytest.raises(ValueError, match="sizes do not match"):
        fused._ext.col2im("f", cols[:7], out, 4, 4, 1, 2, 2, 3, 3, 1, 1, 1)
    with pytest.raises(TypeError, match="dtype asked for"):
        fused._ext.col2im("f", cols.astype(np.float64), out, 4, 4, 1, 2, 2, 3, 3, 1, 1, 1)
    assert not fused.col2im(cols, out.transpose(0, 2, 1, 3), (3, 3), (1, 1), 1, (2, 2))  # strided: NumPy


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
def test_embedding_gradient_sums_rows_as_add_at_does(monkeypatch, dtype):
    from netbuilder.core.layers.embedding import scatter_add_rows

    rs = np.random.default_rng(10)
    idx = rs.integers(0, 7, size=(9, 40))  # few rows: every row gets many terms, in order
    values = (rs.standard_normal((9, 40, 5)) * 10.0 ** rs.integers(-6, 7, size=(9, 40, 1))).astype(dtype)
    values[0, 0, 0] = -0.0
    calls = _spy(monkeypatch)
    results = []
    for enabled in (True, False):
        monkeypatch.setattr(fused, "ENABLED", enabled)
        results.append(scatter_add_rows(np, 11, idx, values, {}))
    assert calls.get("scatter_add_rows") == 1
    assert results[0].shape == results[1].shape == (11, 5)
    assert np.array_equal(_bits(results[0]), _bits(results[1]))
    assert not results[0][7:].any()  # rows no index names stay zero
    reversed_sum = np.zeros((11, 5), dtype)
    for k in reversed(range(idx.size)):
        reversed_sum[idx.reshape(-1)[k]] += values.reshape(-1, 5)[k]
    assert not np.array_equal(_bits(reversed_sum), _bits(results[0]))  # the order shows in the bits


def test_an_embedding_layer_trains_through_the_scatter_kernel(monkeypatch):
    calls = _spy(monkeypatch)
    rs = np.random.default_rng(1)
    x = rs.integers(0, 50, size=(64, 12))
    y = rs.integers(0, 2, size=(64, 1)).astype(np.float32)

    def train(enabled):
        monkeypatch.setattr(fused, "ENABLED", enabled)
        nb.utils.set_random_seed(3)
        model = nb.models.Sequential([nb.layers.Input((12,)), nb.layers.Embedding(50, 8), nb.layers.Flatten(),
                                      nb.layers.Dense(1, activation="sigmoid")])
        model.compile(optimizer="rmsprop", loss="binary_crossentropy")
        model.fit(x, y, batch_size=16, epochs=2, verbose=0)
        return model.get_weights()

    fast = train(True)
    assert calls.get("scatter_add_rows") == 8
    for a, b in zip(fast, train(False)):
        assert np.array_equal(_bits(a), _bits(b))


def test_the_scatter_kernel_refuses_what_it_cannot_take():
    out = np.zeros((4, 3), np.float32)
    values = np.ones((2, 3), np.float32)
    with pytest.raises(IndexError, match="index 4 is outside"):
        fused._ext.scatter_add_rows("f", np.array([0, 4]), values, out, 3)
    with pytest.raises(IndexError, match="index -1 is outside"):
        fused._ext.scatter_add_rows("f", np.array([-1, 0]), values, out, 3)
    assert not out.any()  # checked before anything is added
    with pytest.raises(TypeError, match="int64"):
        fused._ext.scatter_add_rows("f", np.array([0, 1], np.int32), values, out, 3)
    with pytest.raises(ValueError, match="one row of d items"):
        fused._ext.scatter_add_rows("f", np.array([0, 1, 2]), values, out, 3)
    with pytest.raises(ValueError, match="one row of d items"):
        fused._ext.scatter_add_rows("f", np.array([0, 1]), values, out, 0)
    assert fused._ext.scatter_add_rows("f", np.array([0, 1]), out[:2], out, 3) is False  # values inside out
    assert not fused.scatter_add_rows(np.array([0.0, 1.0]), values, out)  # float indices: NumPy's code
    assert not fused.scatter_add_rows(np.array([0, 1]), values.astype(np.float64), out)
    assert not fused.scatter_add_rows(np.array([0, 1]), values[:, :2], out)
    assert fused.scatter_add_rows(np.array([3, 3], np.int32), values, out) and out[3].tolist() == [2.0, 2.0, 2.0]


def _no_kernel_runs(monkeypatch):
    """The extension's calls fail the test: a wrapper must decline before calling in."""
    class Refuse:
        def __getattr__(self, name):
            raise AssertionError(f"the kernel {name} was called")

    monkeypatch.setattr(fused, "_ext", Refuse())


def test_the_wrappers_decline_arrays_that_do_not_fit(monkeypatch):
    f4 = np.zeros((1, 4, 4, 2), np.float32)
    small = np.zeros((1, 2, 2, 2), np.float32)
    idx8 = np.zeros(small.shape, np.uint8)
    _no_kernel_runs(monkeypatch)
    # max pooling: a 3-D array, overlapping windows backwards, more than 256 offsets, the switch off
    assert not fused.maxpool(f4[0], small[0], idx8[0], (2, 2), (2, 2))
    assert not fused.maxpool(f4, small, idx8[0], (2, 2), (2, 2))
    assert not fused.maxpool_grad(small, idx8, f4, (2, 2), (1, 2))
    assert not fused.maxpool_grad(small, idx8, f4, (2, 2), (2, 1))
    assert not fused.maxpool(np.zeros((1, 257, 1, 1), np.float32), np.zeros((1, 1, 1, 1), np.float32),
                             np.zeros((1, 1, 1, 1), np.uint8), (257, 1), (1, 1))
    assert not fused.maxpool_grad(np.zeros((1, 1, 1, 1), np.float32), np.zeros((1, 1, 1, 1), np.uint8),
                                  np.zeros((1, 257, 1, 1), np.float32), (257, 1), (257, 1))
    assert not fused.maxpool_grad(np.zeros((1, 1, 1, 1), np.float32), np.zeros((1, 1, 1, 1), np.uint8),
                                  np.zeros((1, 17, 17, 1), np.float32), (17, 17), (17, 17))
    # col2im: not arrays, dtypes that differ or have no kernel, a 3-D output
    cols = np.zeros((4, 9), np.float32)
    assert not fused.col2im(cols.tolist(), f4, (3, 3), (1, 1), 1, (2, 2))
    assert not fused.col2im(cols, f4.tolist(), (3, 3), (1, 1), 1, (2, 2))
    assert not fused.col2im(cols.astype(np.float64), f4, (3, 3), (1, 1), 1, (2, 2))
    assert not fused.col2im(cols.astype(np.int32), f4.astype(np.int32), (3, 3), (1, 1), 1, (2, 2))
    assert not fused.col2im(cols, f4[0], (3, 3), (1, 1), 1, (2, 2))
    # relu_grad: shapes, dtypes, lists, an unfit out
    g = np.ones((3, 4), np.float32)
    assert fused.relu_grad("f", g, g[:, :3].copy(), True) is None
    assert fused.relu_grad("f", g, g.astype(np.float64), True) is None
    assert fused.relu_grad("f", g.tolist(), g, True) is None
    assert fused.relu_grad("f", g, g, False, out=np.empty((3, 4), np.float64)) is None
    assert fused.relu_grad("f", g, g, False, out=np.empty((4, 3), np.float32)) is None
    assert fused.relu_grad("f", g, g, False, out=np.empty((3, 8), np.float32)[:, ::2]) is None
    assert fused.relu_grad("f", g[:0], g[:0], True) is None  # nothing to do: the NumPy code's empty result
    # scatter: 3-D values or out, lists, float indices, shapes that differ, strided arrays
    out = np.zeros((5, 3), np.float32)
    vals = np.ones((2, 3), np.float32)
    ids = np.array([0, 1])
    assert not fused.scatter_add_rows(ids, vals[None], out)
    assert not fused.scatter_add_rows(ids, vals[:, :, None], out)  # (2, 3, 1): rows of 3 only seemingly
    assert not fused.scatter_add_rows(ids, vals, out[None])
    assert not fused.scatter_add_rows(ids.tolist(), vals, out)
    assert not fused.scatter_add_rows(ids, vals.tolist(), out)
    assert not fused.scatter_add_rows(ids, vals, out.tolist())
    assert not fused.scatter_add_rows(np.array([0, 1, 2]), vals, out)
    assert not fused.scatter_add_rows(ids, np.ones((2, 6), np.float32)[:, ::2], out)
    assert not fused.scatter_add_rows(ids, vals, np.zeros((5, 6), np.float32)[:, ::2])
    assert not fused.scatter_add_rows(ids, vals.astype(np.float16), out.astype(np.float16))
    monkeypatch.setattr(fused, "ENABLED", False)
    for call in (lambda: fused.maxpool(f4, small, idx8, (2, 2), (2, 2)),
                 lambda: fused.maxpool_grad(small, idx8, f4, (2, 2), (2, 2)),
                 lambda: fused.col2im(cols, f4, (3, 3), (1, 1), 1, (2, 2)),
                 lambda: fused.scatter_add_rows(ids, vals, out)):
        assert not call()


def test_the_wrappers_take_what_fits_at_the_edges():
    # 256 window offsets (one byte holds them all) and a 1 x 17 window
    x = np.arange(256, dtype=np.float32).reshape(1, 16, 16, 1)
    y, idx = np.zeros((1, 1, 1, 1), np.float32), np.zeros((1, 1, 1, 1), np.uint8)
    assert fused.maxpool(x, y, idx, (16, 16), (16, 16)) and y.item() == 255 and idx.item() == 255
    dx = np.zeros_like(x)
    assert fused.maxpool_grad(np.full((1, 1, 1, 1), 2.0, np.float32), idx, dx, (16, 16), (16, 16))
    assert dx.reshape(-1)[255] == 2 and not dx.reshape(-1)[:255].any()
    x = np.arange(17, dtype=np.float32)[::-1].copy().reshape(1, 1, 17, 1)
    assert fused.maxpool(x, y, idx, (1, 17), (1, 17)) and y.item() == 16 and idx.item() == 0
    assert fused.maxpool_grad(np.ones((1, 1, 1, 1), np.float32), idx, np.zeros_like(x), (1, 17), (1, 17))
    # relu_grad on 1-D and 3-D arrays: the bias sum runs over every axis but the last
    rs = np.random.default_rng(0)
    g, yv = rs.standard_normal((2, 3, 4)).astype(np.float32), rs.standard_normal((2, 3, 4)).astype(np.float32)
    gz, bsum = fused.relu_grad("f", g, yv, True)
    assert np.array_equal(gz, g * (yv > 0)) and np.array_equal(bsum, (g * (yv > 0)).reshape(-1, 4).sum(axis=0))
    gz, bsum = fused.relu_grad("f", g[0, 0], yv[0, 0])
    assert bsum is None and np.array_equal(gz, g[0, 0] * (yv[0, 0] > 0))  # no bias sum unless asked
    # bias and ReLU over the last axis of a 3-D array
    z = rs.standard_normal((2, 3, 4)).astype(np.float32)
    b = rs.standard_normal(4).astype(np.float32)
    want = np.maximum(z + b, 0.0)
    assert fused.bias_relu("f", z, b, True) and np.array_equal(z, want)
    # unsigned and 2-D indices
    out = np.zeros((4, 2), np.float64)
    assert fused.scatter_add_rows(np.array([[3, 3], [0, 1]], np.uint16), np.ones((4, 2)), out)
    assert out.tolist() == [[1, 1], [1, 1], [0, 0], [2, 2]]


@pytest.mark.parametrize("compressed", [False, True])
def test_dense_takes_the_bias_gradient_from_the_fused_pass(monkeypatch, compressed):
    """The kernel's column sums are the bias gradient as they come: no second pass over gz."""
    from netbuilder.core.sparse import SparseMatrix

    rs = np.random.default_rng(4)
    x = (rs.random((6, 2000)) < 0.01).astype(np.float32)
    x[:, 0] = 1.0
    d = layers.Dense(5, activation="relu")
    d.build((None, 2000))
    handed = {}
    real = fused.relu_grad

    def spy(*args, **kwargs):
        handed["result"] = real(*args, **kwargs)
        return handed["result"]

    monkeypatch.setattr(fused, "relu_grad", spy)
    inputs = SparseMatrix.from_dense(x).take(np.arange(6)) if compressed else x
    d.input_grad_needed = False
    d.forward(inputs, training=True)
    d.backward(rs.standard_normal((6, 5)).astype(np.float32))
    gz, bsum = handed["result"]
    assert bsum is not None and d.grads["bias"] is bsum


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
def test_dense_on_a_sequence_is_bit_identical_to_numpy(monkeypatch, dtype):
    """A (batch, steps, features) input: the kernel applies to the last axis, the passes too."""

    def run(enabled):
        monkeypatch.setattr(fused, "ENABLED", enabled)
        rs = np.random.default_rng(13)
        d = layers.Dense(7, activation="relu", dtype=np.dtype(dtype).name)
        d.build((None, 5, 3))
        d.kernel[...] = rs.standard_normal(d.kernel.shape)
        d.bias[...] = rs.standard_normal(7)
        d.input_grad_needed = True
        x = rs.standard_normal((4, 5, 3)).astype(dtype)
        y = d.forward(x, training=True).copy()
        gx = d.backward(_awkward(rs, y.shape, dtype))
        return y, d.grads["kernel"], d.grads["bias"], gx

    calls = _spy(monkeypatch)
    with np.errstate(all="ignore"):
        fast = run(True)
        assert calls == {"bias_act": 1, "relu_grad": 1}
        slow = run(False)
    for a, b in zip(fast, slow):
        assert a.shape == b.shape and np.array_equal(_bits(a), _bits(b))
