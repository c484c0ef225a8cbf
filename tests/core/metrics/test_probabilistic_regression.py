"""Mean-type metrics (probabilistic, regression, hinge) against per-sample formulas written out
here, sample by sample, with float64 maths."""

import math

import numpy as np
import pytest

from netbuilder.core import metrics as M
from netbuilder.core.errors import ShapeError

from ._helpers import make_data, once, stream, weights

EPS = 1e-7


def _ref(per_sample, y, p, w=None):
    values = [per_sample(y[i], p[i]) for i in range(len(y))]
    w = np.ones(len(y)) if w is None else w
    return sum(v * wi for v, wi in zip(values, w)) / sum(w)


def _clip(x, lo, hi):
    return min(max(x, lo), hi)


def bce(y, p, smoothing=0.0):
    y = [t * (1 - smoothing) + 0.5 * smoothing for t in y]
    return np.mean([-(t * math.log(_clip(q, EPS, 1 - EPS)) + (1 - t) * math.log(1 - _clip(q, EPS, 1 - EPS)))
                    for t, q in zip(y, p)])


def bce_logits(y, z):
    return np.mean([max(v, 0) - v * t + math.log1p(math.exp(-abs(v))) for t, v in zip(y, z)])


def cce(y, p, smoothing=0.0):
    c = len(y)
    y = [t * (1 - smoothing) + smoothing / c for t in y]
    s = sum(p)
    return -sum(t * math.log(_clip(q / s, EPS, 1 - EPS)) for t, q in zip(y, p))


def kld(y, p):
    return sum(_clip(t, EPS, 1) * math.log(_clip(t, EPS, 1) / _clip(q, EPS, 1)) for t, q in zip(y, p))


def poisson(y, p):
    return np.mean([q - t * math.log(q + EPS) for t, q in zip(y, p)])


def mse(y, p):
    return np.mean([(t - q) ** 2 for t, q in zip(y, p)])


def mae(y, p):
    return np.mean([abs(t - q) for t, q in zip(y, p)])


def mape(y, p):
    return 100 * np.mean([abs(t - q) / max(abs(t), EPS) for t, q in zip(y, p)])


def msle(y, p):
    return np.mean([(math.log(max(q, EPS) + 1) - math.log(max(t, EPS) + 1)) ** 2 for t, q in zip(y, p)])


def logcosh(y, p):
    return np.mean([math.log(math.cosh(q - t)) for t, q in zip(y, p)])


def cosine(y, p):
    ny, np_ = math.sqrt(sum(t * t for t in y)), math.sqrt(sum(q * q for q in p))
    return sum(t * q for t, q in zip(y, p)) / (ny * np_)


def hinge(y, p):
    return np.mean([max(1 - t * q, 0) for t, q in zip(y, p)])


def squared_hinge(y, p):
    return np.mean([max(1 - t * q, 0) ** 2 for t, q in zip(y, p)])


def categorical_hinge(y, p):
    pos = sum(t * q for t, q in zip(y, p))
    neg = max((1 - t) * q for t, q in zip(y, p))
    return max(neg - pos + 1, 0)


CASES = [
    (M.BinaryCrossentropy, {}, "multilabel", bce),
    (M.BinaryCrossentropy, {"label_smoothing": 0.2}, "multilabel", lambda y, p: bce(y, p, 0.2)),
    (M.CategoricalCrossentropy, {}, "onehot", cce),
    (M.CategoricalCrossentropy, {"label_smoothing": 0.1}, "onehot", lambda y, p: cce(y, p, 0.1)),
    (M.KLDivergence, {}, "distribution", kld),
    (M.Poisson, {}, "positive", poisson),
    (M.MeanSquaredError, {}, "regression", mse),
    (M.MeanAbsoluteError, {}, "regression", mae),
    (M.MeanAbsolutePercentageError, {}, "positive", mape),
    (M.MeanSquaredLogarithmicError, {}, "positive", msle),
    (M.LogCoshError, {}, "regression", logcosh),
    (M.CosineSimilarity, {}, "regression", cosine),
    (M.Hinge, {}, "hinge", hinge),
    (M.SquaredHinge, {}, "hinge", squared_hinge),
    (M.CategoricalHinge, {}, "onehot", categorical_hinge),
]


@pytest.mark.parametrize("cls, kwargs, kind, formula", CASES,
                         ids=[f"{c[0].__name__}{'-' + str(c[1]) if c[1] else ''}" for c in CASES])
@pytest.mark.parametrize("use_weights", [False, True])
def test_mean_metric_matches_formula(cls, kwargs, kind, formula, use_weights):
    y, p = make_data(kind, seed=11)
    w = weights() if use_weights else None
    assert stream(cls(**kwargs), y, p, w) == pytest.approx(_ref(formula, y, p, w), rel=1e-9)


def test_sparse_categorical_crossentropy():
    y, p = make_data("sparse", seed=12, classes=5)
    w = weights()
    ref = _ref(lambda t, q: -math.log(_clip(q[t] / sum(q), EPS, 1 - EPS)), y, p, w)
    assert stream(M.SparseCategoricalCrossentropy(), y, p, w) == pytest.approx(ref, rel=1e-9)
    # the categorical twin on one-hot labels gives the same value
    assert stream(M.CategoricalCrossentropy(), np.eye(5)[y], p, w) == pytest.approx(ref, rel=1e-9)


def test_crossentropy_from_logits():
    r = np.random.default_rng(13)
    y, z = r.integers(0, 2, (40, 3)).astype("float64"), r.normal(0, 3, (40, 3))
    assert once(M.BinaryCrossentropy(from_logits=True), y, z) == pytest.approx(_ref(bce_logits, y, z), rel=1e-9)
    labels = r.integers(0, 4, 40)
    logits = r.normal(0, 2, (40, 4))
    ref = _ref(lambda t, v: -(v[t] - math.log(sum(math.exp(x) for x in v))), labels, logits)
    assert once(M.SparseCategoricalCrossentropy(from_logits=True), labels, logits) == pytest.approx(ref, rel=1e-9)


def test_hinge_maps_zero_one_labels_to_minus_one_one():
    y, p = make_data("hinge", seed=14)
    assert once(M.Hinge(), (y + 1) / 2, p) == pytest.approx(_ref(hinge, y, p), rel=1e-12)


@pytest.mark.parametrize("use_weights", [False, True])
def test_root_mean_squared_error_is_root_of_epoch_mean(use_weights):
    y, p = make_data("regression", seed=15)
    w = weights() if use_weights else None
    ref = math.sqrt(_ref(mse, y, p, w))
    assert stream(M.RootMeanSquaredError(), y, p, w) == pytest.approx(ref, rel=1e-12)
    # not the mean of the batch RMSEs
    batch_rmse = [math.sqrt(_ref(mse, y[a:b], p[a:b])) for a, b in ((0, 5), (5, 97))]
    assert stream(M.RootMeanSquaredError(), y, p, splits=(5, 92)) != pytest.approx(np.mean(batch_rmse))


def test_regression_on_one_dimensional_targets():
    r = np.random.default_rng(16)
    y, p = r.normal(size=30), r.normal(size=(30, 1))
    ref = np.mean((y - p[:, 0]) ** 2)
    assert once(M.MeanSquaredError(), y, p) == pytest.approx(ref, rel=1e-12)
    assert once(M.MeanSquaredError(), y, p[:, 0]) == pytest.approx(ref, rel=1e-12)
    # a 1-D batch counts as 30 samples (not as one batch value): weights apply per sample
    w = r.uniform(0, 1, 30)
    assert once(M.MeanAbsoluteError(), y, p[:, 0], w) == pytest.approx(
        np.sum(w * np.abs(y - p[:, 0])) / np.sum(w), rel=1e-12)


def test_keras_docstring_examples():
    """Values printed in Keras 3's docstrings (regression/probabilistic/hinge metrics)."""
    yt, yp = [[0, 1], [0, 0]], [[1, 1], [0, 0]]
    assert once(M.MeanAbsoluteError(), yt, yp, sample_weight=[1, 0]) == pytest.approx(0.5)
    assert once(M.RootMeanSquaredError(), yt, yp, sample_weight=[1, 0]) == pytest.approx(0.70710677)
    assert once(M.MeanSquaredLogarithmicError(), yt, yp) == pytest.approx(0.12011322, rel=1e-6)
    assert once(M.LogCoshError(), yt, yp) == pytest.approx(0.10844523, rel=1e-6)
    assert once(M.CategoricalCrossentropy(), [[0, 1, 0], [0, 0, 1]], [[0.05, 0.95, 0], [0.1, 0.8, 0.1]],
                sample_weight=np.array([0.3, 0.7])) == pytest.approx(1.6271976, rel=1e-6)
    assert once(M.Hinge(), [[0.0, 1.0], [0.0, 0.0]], [[0.6, 0.4], [0.4, 0.6]]) == pytest.approx(1.3)


def test_default_names_are_keras_names():
    expected = {M.BinaryCrossentropy: "binary_crossentropy", M.KLDivergence: "kl_divergence",
                M.LogCoshError: "logcosh", M.RootMeanSquaredError: "root_mean_squared_error",
                M.MeanAbsolutePercentageError: "mean_absolute_percentage_error",
                M.CosineSimilarity: "cosine_similarity", M.CategoricalHinge: "categorical_hinge"}
    for cls, name in expected.items():
        assert cls().name == name


def test_shape_errors_name_the_shapes():
    with pytest.raises(ShapeError, match=r"\(4, 3\).*\(4, 2\)"):
        once(M.MeanSquaredError(), np.ones((4, 3)), np.ones((4, 2)))
    with pytest.raises(ShapeError, match="SparseCategoricalCrossentropy"):
        once(M.CategoricalCrossentropy(), np.array([0, 1, 2]), np.ones((3, 3)) / 3)
    with pytest.raises(ShapeError, match="one-hot"):
        once(M.SparseCategoricalCrossentropy(), np.eye(3), np.ones((3, 3)) / 3)
