"""The regression, hinge and probabilistic losses on sequence outputs ``(batch, steps, d)``: the
per-sample value is a mean (or sum) over the LAST axis only, the gradient matches central
differences in float64, every class computes in its ``dtype``, and the clipping bounds hold.

Reference values are the Keras 3 formulas written out with NumPy.
"""

import numpy as np
import pytest

from netbuilder.core import losses as L
from netbuilder.core.testing import check_gradient

EPS = 1e-7
RS = np.random.default_rng(31)
SHAPE = (2, 3, 4)  # batch, steps, features: every axis a different size


def _pm1(t):
    return 2 * t - 1


def _l2n(x):
    return x / np.maximum(np.sqrt((x * x).sum(-1, keepdims=True)), EPS)


def _cat_hinge(t, y):
    return np.maximum(0.0, ((1 - t) * y).max(-1) - (t * y).sum(-1) + 1.0)


# name, class, (y_true, y_pred) maker, per-sample reference over the last axis
CASES = [
    ("mse", L.MeanSquaredError, lambda: (RS.normal(size=SHAPE), RS.normal(size=SHAPE)),
     lambda t, y: ((y - t) ** 2).mean(-1)),
    ("mae", L.MeanAbsoluteError, lambda: (RS.normal(size=SHAPE), RS.normal(size=SHAPE)),
     lambda t, y: np.abs(y - t).mean(-1)),
    ("mape", L.MeanAbsolutePercentageError, lambda: (RS.uniform(1, 2, SHAPE), RS.normal(size=SHAPE)),
     lambda t, y: 100 * np.abs((t - y) / np.abs(t)).mean(-1)),
    ("msle", L.MeanSquaredLogarithmicError, lambda: (RS.uniform(0, 3, SHAPE), RS.uniform(0.1, 3, SHAPE)),
     lambda t, y: ((np.log1p(y) - np.log1p(t)) ** 2).mean(-1)),
    ("huber", L.Huber, lambda: (RS.normal(size=SHAPE), 2 * RS.normal(size=SHAPE)),
     lambda t, y: np.where(np.abs(y - t) <= 1, 0.5 * (y - t) ** 2, np.abs(y - t) - 0.5).mean(-1)),
    ("log_cosh", L.LogCosh, lambda: (RS.normal(size=SHAPE), RS.normal(size=SHAPE)),
     lambda t, y: np.log(np.cosh(y - t)).mean(-1)),
    ("cosine", L.CosineSimilarity, lambda: (RS.normal(size=SHAPE), RS.normal(size=SHAPE)),
     lambda t, y: -(_l2n(t) * _l2n(y)).sum(-1)),
    ("hinge", L.Hinge, lambda: (RS.integers(0, 2, SHAPE).astype(float), RS.normal(size=SHAPE)),
     lambda t, y: np.maximum(1 - _pm1(t) * y, 0).mean(-1)),
    ("squared_hinge", L.SquaredHinge, lambda: (RS.integers(0, 2, SHAPE).astype(float), RS.normal(size=SHAPE)),
     lambda t, y: (np.maximum(1 - _pm1(t) * y, 0) ** 2).mean(-1)),
    ("categorical_hinge", L.CategoricalHinge,
     lambda: (np.eye(SHAPE[-1])[RS.integers(0, SHAPE[-1], SHAPE[:-1])], RS.normal(size=SHAPE)), _cat_hinge),
    ("kld", L.KLDivergence, lambda: (RS.dirichlet(np.ones(4), SHAPE[:-1]), RS.dirichlet(np.ones(4), SHAPE[:-1])),
     lambda t, y: (t * np.log(t / y)).sum(-1)),
    ("poisson", L.Poisson, lambda: (RS.poisson(2.0, SHAPE).astype(float), RS.uniform(0.5, 3, SHAPE)),
     lambda t, y: (y - t * np.log(y + EPS)).mean(-1)),
]
IDS = [c[0] for c in CASES]


@pytest.mark.parametrize("name, cls, data, ref", CASES, ids=IDS)
def test_sequence_values_reduce_the_last_axis_only(name, cls, data, ref):
    t, y = data()
    out = cls(reduction=None)(t, y)
    assert out.shape == SHAPE[:-1]
    np.testing.assert_allclose(out, ref(t, y), rtol=1e-7, atol=1e-10)
    assert cls()(t, y) == pytest.approx(ref(t, y).mean(), rel=1e-7)


@pytest.mark.parametrize("name, cls, data, ref", CASES, ids=IDS)
def test_sequence_gradients_match_finite_differences(name, cls, data, ref):
    t, y = data()
    sw = RS.uniform(0.2, 2.0, SHAPE[0])
    loss = cls()
    check_gradient(lambda a: loss(t, a, sw), lambda a, r: r * loss.gradient(t, a, sw), y, what=f"{name} gradient")


@pytest.mark.parametrize("name, cls, data, ref", CASES, ids=IDS)
def test_every_loss_computes_in_its_dtype(name, cls, data, ref):
    t, y = data()
    y32 = y.astype("float32")
    loss = cls(dtype="float64", reduction=None)
    assert loss.dtype == "float64" and loss.get_config()["dtype"] == "float64"
    out = loss(t, y32)
    assert out.dtype == np.float64
    np.testing.assert_allclose(out, ref(t, y32.astype("float64")), rtol=1e-12, atol=1e-12)
    assert cls(reduction=None)(t, y32).dtype == np.float32


def test_per_sample_functions_reduce_the_last_axis_too():
    t, y = RS.normal(size=SHAPE), RS.normal(size=SHAPE)
    np.testing.assert_allclose(L.mean_squared_error(t, y), ((y - t) ** 2).mean(-1), rtol=1e-12)
    np.testing.assert_allclose(L.huber(t, y), L.Huber(reduction=None)(t, y), rtol=1e-12)
    np.testing.assert_allclose(L.huber(t, 3 * y, delta=2.0), L.Huber(delta=2.0, reduction=None)(t, 3 * y),
                               rtol=1e-12)
    np.testing.assert_allclose(L.cosine_similarity(t, y, axis=1), -(_l2n(np.swapaxes(t, 1, 2))
                                                                       * _l2n(np.swapaxes(y, 1, 2))).sum(-1),
                               rtol=1e-12)
    th = RS.integers(0, 2, SHAPE).astype(float)
    np.testing.assert_allclose(L.squared_hinge(th, y), (np.maximum(1 - _pm1(th) * y, 0) ** 2).mean(-1),
                               rtol=1e-12)


def test_huber_default_delta_is_one():
    t, y = np.zeros((1, 2)), np.array([[0.5, 3.0]])
    expected = (0.5 * 0.25 + (3.0 - 0.5)) / 2
    assert L.huber(t, y)[0] == pytest.approx(expected, rel=1e-12)
    assert L.Huber()(t, y) == pytest.approx(expected, rel=1e-12)
    np.testing.assert_allclose(L.Huber(reduction="sum").gradient(t, y), [[0.25, 0.5]], rtol=1e-12)


def test_hinge_gradient_is_zero_on_the_margin():
    # t * y == 1 exactly: the hinge max(1 - t y, 0) is flat from there on (subgradient 0, as Keras)
    t = np.array([[1.0, 0.0, 1.0]])
    y = np.array([[1.0, -1.0, 0.5]])
    np.testing.assert_allclose(L.Hinge(reduction="sum").gradient(t, y), [[0.0, 0.0, -1 / 3]], rtol=1e-12)
    ct = np.array([[0.0, 1.0, 0.0]])
    cy = np.array([[0.5, 1.5, 0.25]])  # max other - true + 1 == 0 exactly
    np.testing.assert_array_equal(L.CategoricalHinge().gradient(ct, cy), 0.0)


def test_kl_divergence_clips_both_sides_to_eps_and_one():
    t = np.array([[1.5, 0.0]])  # above 1 counts as 1; 0 as eps
    y = np.array([[2.0, 0.0]])
    expected = 1.0 * np.log(1.0 / 1.0) + EPS * np.log(EPS / EPS)
    np.testing.assert_allclose(L.kl_divergence(t, y), [expected], atol=1e-15)
    y2 = np.array([[0.5, 0.0]])
    np.testing.assert_allclose(L.kl_divergence(t, y2), [np.log(2.0)], rtol=1e-12)
    g = L.KLDivergence(reduction="sum").gradient(np.array([[0.3, 0.7]]), np.array([[1.0, 0.0]]))
    assert np.all(np.isfinite(g))
    np.testing.assert_allclose(g, [[-0.3, 0.0]], rtol=1e-12)  # y = 1 is inside, y = 0 is clipped
    g = L.KLDivergence(reduction="sum").gradient(np.array([[1.5, 0.5]]), np.array([[0.5, 2.0]]))
    np.testing.assert_allclose(g, [[-2.0, 0.0]], rtol=1e-12)  # t clipped to 1; y = 2 beyond the clip


def test_poisson_gradient_at_zero_predictions():
    g = L.Poisson(reduction="sum").gradient(np.array([[1.0, 0.0]]), np.array([[0.0, 0.0]]))
    np.testing.assert_allclose(g, [[(1 - 1 / EPS) / 2, 0.5]], rtol=1e-9)


def test_msle_gradient_below_eps_is_zero():
    g = L.MeanSquaredLogarithmicError(reduction="sum").gradient(np.array([[1.0, 1.0]]), np.array([[-0.5, EPS]]))
    assert g[0, 0] == 0.0 and g[0, 1] < 0


def test_cosine_of_a_zero_prediction_has_a_finite_gradient():
    t = np.array([[1.0, 2.0], [0.5, -1.0]])
    y = np.array([[0.0, 0.0], [1.0, 1.0]])
    g = L.CosineSimilarity(reduction="sum").gradient(t, y)
    assert np.all(np.isfinite(g))
    np.testing.assert_allclose(g[0], -_l2n(t[0]) / EPS, rtol=1e-9)
