"""The compiled one-pass optimizer updates (``optimizers.fused``): the same bits as the NumPy code."""

import numpy as np
import pytest

import netbuilder.core as nb
from netbuilder.core.layers import _parallel
from netbuilder.core.optimizers import SGD, Adam, AdamW, Nadam, RMSprop, fused

pytestmark = pytest.mark.skipif(not fused.AVAILABLE, reason="the _fused extension is not built")

CONFIGS = {
    "rmsprop": lambda: RMSprop(),
    "rmsprop-momentum": lambda: RMSprop(learning_rate=0.01, momentum=0.9),
    "rmsprop-centered": lambda: RMSprop(centered=True, rho=0.8),
    "rmsprop-centered-momentum-decay": lambda: RMSprop(centered=True, momentum=0.5, weight_decay=0.01),
    "rmsprop-epsilon-0": lambda: RMSprop(epsilon=1e-30),
    "adam": lambda: Adam(),
    "adam-amsgrad": lambda: Adam(learning_rate=0.01, amsgrad=True, beta_2=0.9),
    "adamw": lambda: AdamW(weight_decay=0.05),
    "sgd": lambda: SGD(0.1),
    "sgd-momentum": lambda: SGD(0.05, momentum=0.9),
    "sgd-nesterov": lambda: SGD(0.05, momentum=0.7, nesterov=True),
}
#: a vector-loop body, a tail, a single element, and a 2-D kernel
SHAPES = [(517,), (3,), (1,), (37, 29)]


def _grads(rs, dtype, step):
    """Gradients with the awkward values: exact zeros (state decays), tiny and large magnitudes."""
    out = []
    for s in SHAPES:
        g = rs.standard_normal(s) * 10.0 ** rs.integers(-6, 3, size=s)
        g[rs.random(s) < 0.1] = 0.0
        if step % 3 == 0:
            g.flat[0] = 0.0
        out.append(g.astype(dtype))
    return out


def _train(factory, dtype, enabled, monkeypatch, steps=40, lr_change=True):
    """Weights and optimizer state after ``steps`` steps, fused kernels on or off."""
    monkeypatch.setattr(fused, "ENABLED", enabled)
    rs = np.random.default_rng(7)
    ws = [rs.standard_normal(s).astype(dtype) for s in SHAPES]
    opt = factory()
    for step in range(steps):
        if lr_change and step == steps // 2:
            opt.learning_rate = opt.learning_rate * 0.3  # as ReduceLROnPlateau does between steps
        opt.apply(_grads(rs, dtype, step), ws)
    return ws, opt.get_state()


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
@pytest.mark.parametrize("name", sorted(CONFIGS))
def test_fused_update_is_bit_identical_to_numpy(monkeypatch, name, dtype):
    calls = []
    real = fused._ext
    for kernel in ("rmsprop", "adam", "sgd"):
        def spy(*args, _k=kernel):
            calls.append(_k)
            return getattr(real, _k)(*args)
        monkeypatch.setattr(fused, kernel, _wrap(spy))
    w_np, s_np = _train(CONFIGS[name], dtype, False, monkeypatch)
    assert calls == []
    w_fu, s_fu = _train(CONFIGS[name], dtype, True, monkeypatch)
    assert len(calls) == 40 * len(SHAPES) and set(calls) == {name.split("-")[0].rstrip("w")}
    for a, b in zip(w_np, w_fu):
        assert a.dtype == b.dtype == dtype
        np.testing.assert_array_equal(a, b)
    assert s_np.keys() == s_fu.keys()
    for k in s_np:
        np.testing.assert_array_equal(s_np[k], s_fu[k], err_msg=k)


def _wrap(spy):
    """``fused.<kernel>``'s signature over the spied extension call."""
    def call(code, grad, var, *rest):
        floats = [float(x) if not isinstance(x, (np.ndarray, type(None), bool)) else x for x in rest]
        return spy(code, grad, var, *floats)
    return call


def test_amsgrad_carries_nan_as_numpy_maximum_does(monkeypatch):
    """``np.maximum`` propagates NaN from either side; the kernel's maximum must too."""
    results = []
    for enabled in (False, True):
        monkeypatch.setattr(fused, "ENABLED", enabled)
        opt = Adam(amsgrad=True)
        w = np.ones(6, np.float32)
        with np.errstate(invalid="ignore"):  # NumPy warns of inf / inf; the kernel is silent
            opt.apply([np.array([1, 2, np.nan, 4, 5, 6], np.float32)], [w])
            opt.apply([np.array([1, np.nan, 0, 4, np.inf, 6], np.float32)], [w])
        results.append((w.copy(), opt.get_state()["0/velocity_hat"].copy()))
    np.testing.assert_array_equal(results[0][0], results[1][0])
    np.testing.assert_array_equal(results[0][1], results[1][1])
    assert np.isnan(results[1][1][2]) and np.isnan(results[1][1][1])


@pytest.mark.parametrize("case", ["float16", "strided", "aliased", "mixed dtypes"])
def test_arrays_the_kernel_cannot_take_run_the_numpy_code(monkeypatch, case):
    """Half precision, strided views and mixed dtypes never reach the kernel; arrays that share
    memory reach it, are refused there (False) untouched, and the NumPy code runs."""
    seen = []
    real = fused._ext.rmsprop
    monkeypatch.setattr(fused._ext, "rmsprop", lambda *a: seen.append(real(*a)) or seen[-1], raising=False)

    def run(enabled):
        monkeypatch.setattr(fused, "ENABLED", enabled)
        rs = np.random.default_rng(3)
        base = rs.standard_normal((8, 6)).astype(np.float16 if case == "float16" else np.float32)
        w = base[:, ::2] if case == "strided" else base
        opt = RMSprop(learning_rate=0.1)
        for _ in range(3):
            if case == "aliased":
                opt.apply([w], [w])  # the gradient is the variable itself
            elif case == "mixed dtypes":
                opt.apply([rs.standard_normal(w.shape)], [w])  # float64 gradient, float32 weights
            else:
                opt.apply([rs.standard_normal(w.shape).astype(w.dtype)], [w])
        return w.copy()

    expected = run(False)
    assert seen == []
    got = run(True)
    np.testing.assert_array_equal(expected, got)
    assert seen == ([False] * 3 if case == "aliased" else [])


def test_fused_updates_run_unsplit(monkeypatch):
    """A fused update is one call per variable even where the NumPy code would split it."""
    monkeypatch.setattr(_parallel, "MIN_WORK", 1)
    monkeypatch.setenv("OMP_NUM_THREADS", "3")
    sizes = []
    opt = RMSprop()
    step = opt.update_step
    opt.update_step = lambda g, v, lr, s: sizes.append(v.size) or step(g, v, lr, s)
    ws = [np.zeros((40, 30), np.float32), np.zeros(30, np.float32)]
    opt.apply([np.ones_like(w) for w in ws], ws)
    assert sizes == [1200, 30]
    monkeypatch.setattr(fused, "ENABLED", False)
    sizes.clear()
    opt.apply([np.ones_like(w) for w in ws], ws)
    assert sizes == [400, 400, 400, 10, 10, 10]


def test_optimizers_without_a_kernel_never_call_one(monkeypatch):
    monkeypatch.setattr(fused, "dtype_code", lambda *a: pytest.fail("Nadam has no fused kernel"))
    opt = Nadam()
    w = np.zeros(5, np.float32)
    opt.apply([np.ones(5, np.float32)], [w])
    assert np.all(w < 0)


@pytest.mark.parametrize("args, error, words", [
    (("h", np.zeros(4, np.float16), np.zeros(4, np.float16), np.zeros(4, np.float16), None, None, .1, .9, 0., 1e-7),
     TypeError, "dtype must be"),
    (("f", np.zeros(4), np.zeros(4, np.float32), np.zeros(4, np.float32), None, None, .1, .9, 0., 1e-7),
     TypeError, "dtype asked for"),
    (("f", np.zeros(4, np.int32), np.zeros(4, np.float32), np.zeros(4, np.float32), None, None, .1, .9, 0., 1e-7),
     TypeError, "dtype asked for"),
    (("f", np.zeros(4, np.float32), np.zeros(5, np.float32), np.zeros(4, np.float32), None, None, .1, .9, 0., 1e-7),
     ValueError, "same size"),
    (("f", np.zeros(4, np.float32), np.zeros(4, np.float32)[::-1], np.zeros(4, np.float32), None, None,
      .1, .9, 0., 1e-7), ValueError, "C-contiguous"),
])
def test_the_extension_refuses_wrong_buffers(args, error, words):
    with pytest.raises(error, match=words):
        fused._ext.rmsprop(*args)


def test_the_extension_refuses_read_only_slots():
    w = np.zeros(4, np.float32)
    w.flags.writeable = False
    with pytest.raises((BufferError, ValueError, TypeError)):
        fused._ext.sgd("f", np.ones(4, np.float32), w, None, 0.1, 0.0, False)
    assert np.all(w == 0)


def test_fit_trains_to_the_same_weights_with_and_without_the_kernels(monkeypatch):
    rs = np.random.default_rng(0)
    x = rs.random((300, 12), dtype=np.float32)
    y = np.eye(3, dtype=np.float32)[rs.integers(0, 3, 300)]
    weights = []
    for enabled in (False, True):
        monkeypatch.setattr(fused, "ENABLED", enabled)
        nb.utils.set_random_seed(5)
        m = nb.models.Sequential([nb.layers.Input((12,)), nb.layers.Dense(16, activation="relu"),
                                  nb.layers.Dense(3, activation="softmax")])
        m.compile(optimizer="rmsprop", loss="categorical_crossentropy", metrics=["accuracy"])
        m.fit(x, y, batch_size=32, epochs=2, verbose=0, shuffle=True)
        weights.append(m.get_weights())
    for a, b in zip(*weights):
        np.testing.assert_array_equal(a, b)


@pytest.mark.parametrize("factory", [lambda: RMSprop(momentum=0.5), lambda: Adam(amsgrad=True),
                                     lambda: SGD(0.1, momentum=0.9)])
@pytest.mark.parametrize("case", ["strided variable", "float64 slot"])
def test_each_kernel_checks_every_array_it_is_given(monkeypatch, factory, case):
    """The variable and every slot pass the check, not only the gradient: a strided variable, or a
    slot restored in another dtype, runs the NumPy code (the kernel would refuse it with an error)."""
    def run(enabled):
        monkeypatch.setattr(fused, "ENABLED", enabled)
        rs = np.random.default_rng(4)
        base = rs.standard_normal((6, 8)).astype(np.float32)
        w = base[:, ::2] if case == "strided variable" else base
        opt = factory()
        opt.build([w])
        if case == "float64 slot":
            opt._slots[0] = {k: s.astype(np.float64) for k, s in opt._slots[0].items()}
        for _ in range(3):
            opt.iterations += 1  # as apply counts steps (Adam's bias corrections need t >= 1)
            opt.update_step(rs.standard_normal(w.shape).astype(np.float32), w, 0.01, opt._slots[0])
        return w.copy(), {k: s.copy() for k, s in opt._slots[0].items()}

    (w_np, s_np), (w_fu, s_fu) = run(False), run(True)
    np.testing.assert_array_equal(w_np, w_fu)
    for k in s_np:
        np.testing.assert_array_equal(s_np[k], s_fu[k])


def test_only_float_arrays_have_a_kernel():
    assert fused.dtype_code([1.0, 2.0], [1.0, 2.0]) is None  # no dtype at all
    assert fused.dtype_code(np.ones(3, np.int32), np.ones(3, np.int32)) is None
    assert fused.dtype_code(np.ones(3, np.float32), np.ones(3, np.float32)) == "f"
    assert fused.dtype_code(np.ones(3), np.ones(3), np.ones(3)) == "d"


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
def test_the_subnormal_flush_is_bit_identical_to_numpy(monkeypatch, dtype):
    rs = np.random.default_rng(4)
    base = rs.standard_normal(1031) * 10.0 ** rs.integers(-45, 2, size=1031)
    base[:10] = [np.nan, np.inf, -np.inf, 0.0, -0.0, 1e-30, -1e-30, 9.9e-31, -1.1e-30, -9.9e-31]
    opt = RMSprop()
    opt.build([np.zeros(1031, dtype), np.zeros((3, 5), dtype)])
    results = []
    for enabled in (True, False):
        monkeypatch.setattr(fused, "ENABLED", enabled)
        calls = []
        monkeypatch.setattr(fused, "flush", lambda *a, _f=fused.flush: calls.append(a[0]) or _f(*a))
        opt._slots[0]["velocity"][...] = base.astype(dtype)
        opt._slots[1]["velocity"][...] = base[:15].reshape(3, 5).astype(dtype)
        opt.flush_subnormals()
        assert len(calls) == (2 if enabled else 0)
        results.append([s["velocity"].copy() for s in opt._slots])
    for a, b in zip(*results):
        assert np.array_equal(a.view(f"u{a.itemsize}"), b.view(f"u{b.itemsize}"))
    flushed = results[0][0]
    assert np.isnan(flushed[0]) and flushed[1] == np.inf and flushed[8] == dtype(-1.1e-30)  # kept
    assert flushed[7] == 0 and flushed[9] == 0 and np.signbit(flushed[9])  # flushed: -tiny * 0 is -0.0
    finite = flushed[np.isfinite(flushed)]
    assert ((finite == 0) | (np.abs(finite) >= dtype(1e-30))).all() and (finite == 0).sum() > 100


def test_the_flush_kernel_refuses_wrong_buffers():
    with pytest.raises(TypeError, match="dtype must be"):
        fused._ext.flush("i", np.zeros(3, np.float32), 1e-30)
    with pytest.raises(TypeError, match="dtype asked for"):
        fused._ext.flush("d", np.zeros(3, np.float32), 1e-30)
    read_only = np.zeros(3, np.float32)
    read_only.flags.writeable = False
    with pytest.raises((BufferError, ValueError)):
        fused._ext.flush("f", read_only, 1e-30)
    with pytest.raises((BufferError, ValueError)):
        fused._ext.flush("f", np.zeros(6, np.float32)[::2], 1e-30)
