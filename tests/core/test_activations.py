"""Activation functions: forward against formulas written out here, float64 gradient checks,
extreme inputs, parameters, erf accuracy, and name resolution."""

import math
import warnings

import numpy as np
import pytest

from netbuilder.core import activations
from netbuilder.core.registry import ACTIVATIONS
from netbuilder.core.testing import check_gradient

SELU_ALPHA = 1.6732632423543772848170429916717
SELU_SCALE = 1.0507009873554804934193349852946


def _sig(v):
    return 1.0 / (1.0 + math.exp(-v))


# Scalar reference formulas (Keras 3 docstrings), applied element by element.
SCALAR = {
    "linear": lambda v: v,
    "relu": lambda v: max(v, 0.0),
    "leaky_relu": lambda v: v if v >= 0 else 0.2 * v,
    "relu6": lambda v: min(max(v, 0.0), 6.0),
    "elu": lambda v: v if v > 0 else math.exp(v) - 1.0,
    "selu": lambda v: SELU_SCALE * (v if v > 0 else SELU_ALPHA * (math.exp(v) - 1.0)),
    "softplus": lambda v: math.log1p(math.exp(v)),
    "softsign": lambda v: v / (1.0 + abs(v)),
    "silu": lambda v: v * _sig(v),
    "gelu": lambda v: 0.5 * v * (1.0 + math.erf(v / math.sqrt(2.0))),
    "tanh": math.tanh,
    "sigmoid": _sig,
    "exponential": math.exp,
    "hard_sigmoid": lambda v: 0.0 if v <= -3 else 1.0 if v >= 3 else v / 6.0 + 0.5,
    "hard_silu": lambda v: 0.0 if v < -3 else v if v > 3 else v * (v + 3.0) / 6.0,
    "mish": lambda v: v * math.tanh(math.log1p(math.exp(v))),
}


def _rowwise(fn):
    def apply(x):
        return np.array([fn(list(row)) for row in x.reshape(-1, x.shape[-1])]).reshape(x.shape)
    return apply


def _softmax_row(row):
    m = max(row)
    e = [math.exp(v - m) for v in row]
    return [v / sum(e) for v in e]


def _log_softmax_row(row):
    m = max(row)
    lse = m + math.log(sum(math.exp(v - m) for v in row))
    return [v - lse for v in row]


REFERENCE = {name: np.vectorize(fn, otypes=[float]) for name, fn in SCALAR.items()}
REFERENCE["softmax"] = _rowwise(_softmax_row)
REFERENCE["log_softmax"] = _rowwise(_log_softmax_row)

NAMES = ACTIVATIONS.names()
ALIASES = ACTIVATIONS.aliases()
KINKS = (0.0, -3.0, 3.0, 6.0)  # relu family, hard_sigmoid / hard_silu, relu6


def _away_from_kinks(shape, seed, lo=-4.0, hi=7.0, margin=0.05):
    """Random float64 values in [lo, hi] at least ``margin`` away from every kink."""
    rs = np.random.default_rng(seed)
    x = rs.uniform(lo, hi, size=shape)
    near = np.min(np.abs(x[..., None] - np.array(KINKS)), axis=-1) < margin
    while near.any():
        x[near] = rs.uniform(lo, hi, size=int(near.sum()))
        near = np.min(np.abs(x[..., None] - np.array(KINKS)), axis=-1) < margin
    return x


def _check(fn, x, what, **params):
    check_gradient(lambda a: fn(a, **params), lambda a, r: fn.grad(a, fn(a, **params), r, **params),
                   x, what=what)
    if not fn.needs_x and not params:
        check_gradient(fn, lambda a, r: fn.grad(None, fn(a), r), x, what=f"{what} (from y)")


def test_every_activation_has_a_reference_formula():
    assert set(REFERENCE) == set(NAMES)
    expected = {"linear", "relu", "leaky_relu", "relu6", "elu", "selu", "softplus", "softsign",
                "silu", "gelu", "tanh", "sigmoid", "exponential", "hard_sigmoid", "hard_silu",
                "mish", "softmax", "log_softmax"}
    assert expected <= set(NAMES)


@pytest.mark.parametrize("name", NAMES)
def test_forward_matches_formula(name):
    fn = activations.get(name)
    x = _away_from_kinks((4, 6), seed=1)
    np.testing.assert_allclose(fn(x), REFERENCE[name](x), rtol=1e-12, atol=1e-13)
    y32 = fn(x.astype("float32"))
    assert y32.dtype == np.float32 and y32.shape == x.shape
    np.testing.assert_allclose(y32, REFERENCE[name](x.astype("float32").astype("float64")),
                               rtol=2e-6, atol=2e-7)


@pytest.mark.parametrize("name", NAMES)
def test_forward_at_kinks_matches_formula(name):
    x = np.array([[-6.0, -3.0, -1.5, 0.0, 1.5, 3.0, 6.0, 8.0]])
    np.testing.assert_allclose(activations.get(name)(x), REFERENCE[name](x), rtol=1e-12, atol=1e-13)


@pytest.mark.parametrize("name", NAMES)
def test_gradient_float64(name):
    _check(activations.get(name), _away_from_kinks((4, 6), seed=2), name)


@pytest.mark.parametrize("name", NAMES)
def test_gradient_keeps_float32(name):
    fn = activations.get(name)
    x = _away_from_kinks((3, 5), seed=3).astype("float32")
    y = fn(x)
    g = fn.grad(x, y, np.ones_like(y))
    assert g.dtype == np.float32
    assert fn.grad(None if not fn.needs_x else x, y, np.ones_like(y)).dtype == np.float32


@pytest.mark.parametrize("dtype", ["float32", "float64"])
@pytest.mark.parametrize("name", NAMES)
def test_extreme_inputs_are_finite_and_silent(name, dtype):
    fn = activations.get(name)
    x = np.array([[-1000.0, -100.0, -30.0, -1.0, 0.0, 1.0, 30.0, 100.0, 1000.0]], dtype=dtype)
    with warnings.catch_warnings(), np.errstate(over="raise", invalid="raise", divide="raise"):
        warnings.simplefilter("error")
        y = fn(x)
        g = fn.grad(x, y, np.ones_like(y))
    assert y.dtype == np.dtype(dtype) and not np.isnan(y).any() and not np.isnan(g).any()
    if name == "exponential":  # exp overflows the dtype, as in Keras: inf, without a warning
        assert np.isinf(y[0, -1]) and np.all(np.isfinite(y[0, :6]))
    else:
        assert np.all(np.isfinite(y)) and np.all(np.isfinite(g)), (y, g)


def test_saturated_values():
    x = np.array([-1000.0, 1000.0], dtype="float32")
    np.testing.assert_array_equal(activations.sigmoid(x), [0.0, 1.0])
    np.testing.assert_array_equal(activations.softplus(x), [0.0, 1000.0])
    np.testing.assert_array_equal(activations.gelu(x), [0.0, 1000.0])
    np.testing.assert_array_equal(activations.softmax(np.array([[-1000.0, 0.0, 1000.0]])), [[0, 0, 1]])
    np.testing.assert_allclose(activations.log_softmax(np.array([[0.0, 1000.0]])), [[-1000.0, 0.0]])


def test_softmax_over_last_axis_and_other_axis():
    x = np.random.default_rng(4).standard_normal((2, 3, 4))
    y = activations.softmax(x)
    np.testing.assert_allclose(y.sum(axis=-1), 1.0, rtol=1e-12)
    y0 = activations.softmax(x, axis=0)
    np.testing.assert_allclose(y0.sum(axis=0), 1.0, rtol=1e-12)
    _check(activations.softmax, x, "softmax axis=0", axis=0)
    _check(activations.log_softmax, x, "log_softmax axis=1", axis=1)
    np.testing.assert_allclose(np.exp(activations.log_softmax(x)), y, rtol=1e-12)


def test_elu_and_leaky_relu_parameters():
    x = _away_from_kinks((3, 4), seed=5)
    np.testing.assert_allclose(activations.elu(x, alpha=0.5), np.where(x > 0, x, 0.5 * np.expm1(x)))
    np.testing.assert_allclose(activations.ELU(alpha=0.5)(x), activations.elu(x, alpha=0.5))
    _check(activations.elu, x, "elu alpha=0.5", alpha=0.5)
    _check(activations.ELU(alpha=0.5), x, "ELU(0.5)")
    np.testing.assert_allclose(activations.leaky_relu(x, negative_slope=0.01), np.where(x > 0, x, 0.01 * x))
    _check(activations.leaky_relu, x, "leaky_relu 0.01", negative_slope=0.01)
    neg = activations.LeakyReLU(negative_slope=-0.5)  # a negative slope needs x for its gradient
    assert neg.needs_x
    _check(neg, x, "LeakyReLU(-0.5)")


def test_relu_parameters_follow_keras_examples():
    x = np.array([-10.0, -5.0, 0.0, 5.0, 10.0])  # the examples of Keras's relu docstring
    np.testing.assert_allclose(activations.relu(x), [0, 0, 0, 5, 10])
    np.testing.assert_allclose(activations.relu(x, negative_slope=0.5), [-5, -2.5, 0, 5, 10])
    np.testing.assert_allclose(activations.relu(x, max_value=5.0), [0, 0, 0, 5, 5])
    np.testing.assert_allclose(activations.relu(x, threshold=5.0), [0, 0, 0, 0, 10])
    np.testing.assert_allclose(activations.relu(x, max_value=6.0), activations.relu6(x))
    xg = _away_from_kinks((4, 6), seed=6) + 0.0
    xg[np.abs(xg - 1.0) < 0.05] += 0.1  # keep off the threshold/max kinks used below
    xg[np.abs(xg - 4.0) < 0.05] += 0.1
    for params in ({"negative_slope": 0.3}, {"max_value": 4.0}, {"threshold": 1.0},
                   {"negative_slope": 0.3, "max_value": 4.0, "threshold": 1.0},
                   {"negative_slope": 0.3, "threshold": -3.5}):
        _check(activations.relu, xg, f"relu {params}", **params)
        _check(activations.ReLU(**params), xg, f"ReLU({params})")
        assert activations.ReLU(**params).needs_x
    with pytest.raises(ValueError, match="needs x"):
        activations.relu.grad(None, x, x, max_value=4.0)


def test_gelu_approximate_form():
    x = _away_from_kinks((3, 5), seed=7)
    c = math.sqrt(2.0 / math.pi)
    expected = 0.5 * x * (1.0 + np.tanh(c * (x + 0.044715 * x ** 3)))
    np.testing.assert_allclose(activations.gelu(x, approximate=True), expected, rtol=1e-12)
    np.testing.assert_allclose(activations.GELU(approximate=True)(x), expected, rtol=1e-12)
    _check(activations.gelu, x, "gelu approximate", approximate=True)
    assert activations.gelu.approximate is False  # Keras 3 default: the exact erf form
    assert np.abs(activations.gelu(x) - expected).max() > 1e-5  # the two forms differ


def test_erf_matches_math_erf():
    x = np.concatenate([np.linspace(-7.0, 7.0, 20001),
                        np.random.default_rng(8).uniform(-3.0, 3.0, 50000), [0.0, 1e-30, -1e-20]])
    ref = np.array([math.erf(v) for v in x])
    assert np.abs(activations.erf(x) - ref).max() < 5e-14
    x32 = x.astype("float32")
    ref32 = np.array([math.erf(float(v)) for v in x32])
    y32 = activations.erf(x32)
    assert y32.dtype == np.float32
    assert np.abs(y32.astype("float64") - ref32).max() <= 1e-7
    np.testing.assert_array_equal(activations.erf(np.array([np.inf, -np.inf, 1e30])), [1.0, -1.0, 1.0])


def test_needs_x_where_the_output_is_not_enough():
    from_x = {n for n in NAMES if activations.get(n).needs_x}
    assert from_x == {"silu", "gelu", "hard_silu", "mish"}


@pytest.mark.parametrize("name", NAMES + sorted(ALIASES))
def test_get_every_name_and_alias(name):
    fn = activations.get(name)
    assert isinstance(fn, activations.ActivationFunction)
    assert fn is ACTIVATIONS.lookup(ALIASES.get(name, name))
    assert activations.get(activations.serialize(fn)) is fn


def test_aliases_match_keras():
    assert activations.get("swish") is activations.get("silu") is activations.swish
    assert activations.get("hard_swish") is activations.get("hard_silu") is activations.hard_swish


def test_get_and_serialize_forms():
    assert activations.get(None) is activations.linear
    assert activations.get(activations.tanh) is activations.tanh
    keras3 = {"module": "keras.activations", "class_name": "function", "config": "relu",
              "registered_name": "relu"}
    assert activations.get(keras3) is activations.relu
    assert activations.serialize(activations.elu) == "elu"
    cfg = activations.serialize(activations.ELU(alpha=0.5))
    assert cfg == {"class_name": "elu", "config": {"alpha": 0.5}}
    clone = activations.get(cfg)
    assert isinstance(clone, activations.ELU) and clone.alpha == 0.5
    with pytest.raises(ValueError, match="Did you mean 'relu'"):
        activations.get("rleu")
    with pytest.raises(TypeError, match="activation"):
        activations.get(3)
