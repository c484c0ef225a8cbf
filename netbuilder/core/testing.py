"""Test helpers shared by every engine test: float64 gradient checks and the layer contract.

``check_layer_gradients`` compares a layer's ``backward`` with central differences
``(f(x + h) - f(x - h)) / 2h`` in float64, for the input(s) and every trainable parameter,
using the scalar ``L = sum(output * R)`` with a fixed random ``R`` (so ``dL/doutput = R``).
``check_gradient`` does the same for a plain function and its gradient (activations, losses).
"""

from __future__ import annotations

import contextlib

import numpy as np

from . import backend as B
from . import utils


@contextlib.contextmanager
def float64():
    """Build layers in float64 inside this block (restores the previous floatx after)."""
    old = B.floatx()
    B.set_floatx("float64")
    try:
        yield
    finally:
        B.set_floatx(old)


def numeric_gradient(f, x: np.ndarray, h: float = 1e-6) -> np.ndarray:
    """Central-difference gradient of scalar ``f()`` w.r.t. array ``x`` (perturbed in place)."""
    if not x.flags.c_contiguous:
        raise ValueError("numeric_gradient needs a C-contiguous array (perturbations go through a flat view)")
    g = np.zeros(x.shape, dtype="float64")
    flat = x.reshape(-1)
    gflat = g.reshape(-1)
    for i in range(flat.size):
        old = flat[i]
        flat[i] = old + h
        fp = f()
        flat[i] = old - h
        fm = f()
        flat[i] = old
        gflat[i] = (fp - fm) / (2 * h)
    return g


def assert_close(actual, expected, atol, rtol, what):
    actual = np.asarray(B.to_numpy(actual), dtype="float64")
    expected = np.asarray(expected, dtype="float64")
    if actual.shape != expected.shape:
        raise AssertionError(f"{what}: shape {actual.shape} != expected {expected.shape}")
    err = np.abs(actual - expected)
    tol = atol + rtol * np.abs(expected)
    if not np.all(err <= tol):
        i = int(np.argmax(err - tol))
        raise AssertionError(
            f"{what}: max abs error {err.max():.3e} (at flat index {i}: analytic "
            f"{actual.reshape(-1)[i]:.8g}, numeric {expected.reshape(-1)[i]:.8g})")


def check_gradient(f, grad_f, x, atol=1e-6, rtol=1e-4, h=1e-6, seed=0, what="gradient"):
    """Check ``grad_f(x, R)`` = d sum(f(x) * R)/dx for a function ``f`` on float64 ``x``."""
    x = np.array(x, dtype="float64", order="C")
    rs = np.random.default_rng(seed)
    r = rs.standard_normal(np.shape(f(x)))
    analytic = grad_f(x, r)
    numeric = numeric_gradient(lambda: float(np.sum(f(x) * r)), x, h)
    assert_close(analytic, numeric, atol, rtol, what)


def check_layer_gradients(layer, inputs, training=False, mask=None, atol=1e-6, rtol=1e-4,
                          h=1e-6, seed=0, reseed=None, check_input=True):
    """Gradient-check ``layer`` on ``inputs`` (an array or a list of arrays) in float64.

    Args:
        layer: an unbuilt layer (built here in float64).
        inputs: input array(s); cast to float64 unless integer (e.g. Embedding indices).
        training: forward mode (dropout layers need ``reseed``).
        mask: optional mask passed to layers that take one.
        reseed: an int: ``set_random_seed(reseed)`` before every forward, so random layers
            draw the same mask each time.
        check_input: also check the gradient w.r.t. float inputs.
    """
    multi = isinstance(inputs, (list, tuple))
    # C order: numeric_gradient perturbs x through reshape(-1), which must be a view, not a copy
    xs = [np.array(a, order="C") for a in (inputs if multi else [inputs])]
    xs = [a.astype("float64") if a.dtype.kind == "f" else a for a in xs]

    def run():
        if reseed is not None:
            utils.set_random_seed(reseed)
        arg = [B.asarray(a, dtype=a.dtype) for a in xs] if multi else B.asarray(xs[0], dtype=xs[0].dtype)
        return layer.run_forward(arg, training=training, mask=mask)

    with float64():
        if not layer.built:
            shapes = [(None,) + a.shape[1:] for a in xs]
            layer._build_once(shapes if multi else shapes[0])
        out = run()
        outs = out if isinstance(out, (list, tuple)) else [out]
        rs = np.random.default_rng(seed)
        rands = [rs.standard_normal(np.shape(o)) for o in outs]

        def loss():
            o = run()
            o = o if isinstance(o, (list, tuple)) else [o]
            return float(sum(np.sum(B.to_numpy(a) * r) for a, r in zip(o, rands)))

        run()
        grad_arg = [B.asarray(r) for r in rands] if isinstance(out, (list, tuple)) else B.asarray(rands[0])
        layer.input_grad_needed = True
        gin = layer.run_backward(grad_arg)
        analytic_params = {k: np.array(B.to_numpy(layer.grads[k]), dtype="float64")
                           for k in layer.trainable_keys()}
        gins = gin if multi else [gin]
        if check_input:
            for i, a in enumerate(xs):
                if a.dtype.kind != "f":
                    continue
                numeric = numeric_gradient(loss, a, h)
                assert_close(gins[i], numeric, atol, rtol, f"{layer.name}: d/d input[{i}]")
        for key in layer.trainable_keys():
            p = layer.params[key]
            host = B.to_numpy(p)

            def loss_p(key=key, host=host):
                if host is not layer.params[key]:
                    layer.params[key][...] = B.asarray(host)
                return loss()

            numeric = numeric_gradient(loss_p, host, h)
            assert_close(analytic_params[key], numeric, atol, rtol, f"{layer.name}: d/d {key}")


def run_layer_test(layer_cls, init_kwargs, input_shape, expected_output_shape=None,
                   expected_num_trainable_weights=None, expected_num_params=None, input_dtype="float32",
                   input_data=None):
    """The layer contract (after Keras ``run_layer_test``): build, output shape, weight
    counts, config round trip, and one forward/backward step. Returns the output array."""
    from .models import Model  # noqa: PLC0415
    from .layers import Input  # noqa: PLC0415

    layer = layer_cls(**init_kwargs)
    x_sym = Input(batch_shape=(None,) + tuple(input_shape[1:]), dtype=input_dtype)
    y_sym = layer(x_sym)
    if expected_output_shape is not None:
        assert tuple(y_sym.shape) == tuple(expected_output_shape), (y_sym.shape, expected_output_shape)
    if expected_num_trainable_weights is not None:
        assert len(layer.trainable_weights) == expected_num_trainable_weights
    if expected_num_params is not None:
        assert layer.count_params() == expected_num_params, (layer.count_params(), expected_num_params)
    config = layer.get_config()
    clone = layer_cls.from_config(config)
    assert clone.get_config() == config, "get_config/from_config does not round-trip"
    model = Model(x_sym, y_sym)
    rs = np.random.default_rng(0)
    if input_data is None:
        if np.dtype(input_dtype).kind in "iu":
            input_data = rs.integers(0, 5, size=input_shape)
        else:
            input_data = rs.standard_normal(input_shape).astype(input_dtype)
    out = model.predict(input_data, verbose=0)
    target = np.zeros_like(out)
    model.compile(optimizer="sgd", loss="mse")
    model.train_on_batch(input_data, target)
    return out
