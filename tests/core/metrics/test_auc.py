"""AUC against scikit-learn (ROC) and against the curve integrated numerically (PR)."""

import numpy as np
import pytest
from sklearn.metrics import average_precision_score, roc_auc_score

from netbuilder.core import metrics as M
from netbuilder.core.errors import ConfigError, ShapeError

from ._helpers import once, stream, weights

EPS = 1e-7


def _on_grid(n=97, cols=None, seed=0, bins=100):
    """Labels and scores at bucket midpoints ``(j + 0.5) / bins``: with ``num_thresholds =
    bins + 1`` every distinct score has its own bucket, so the thresholded ROC curve passes
    through every point of scikit-learn's exact curve."""
    r = np.random.default_rng(seed)
    shape = (n,) if cols is None else (n, cols)
    y = r.integers(0, 2, shape).astype("float64")
    j = r.integers(0, bins, shape) + (y * bins // 5).astype(int)  # positives score higher on average
    p = (np.minimum(j, bins - 1) + 0.5) / bins  # exact bucket midpoints (no p + 0.2 rounding)
    return y, p


@pytest.mark.parametrize("use_weights", [False, True])
def test_roc_auc_equals_sklearn_on_grid_scores(use_weights):
    y, p = _on_grid(seed=31)
    w = weights() if use_weights else None
    ref = roc_auc_score(y, p, sample_weight=w)
    assert stream(M.AUC(num_thresholds=101), y, p, w) == pytest.approx(ref, abs=1e-12)
    # the same with (n, 1) shapes, as a model's sigmoid output gives
    assert stream(M.AUC(num_thresholds=101), y[:, None], p[:, None], w) == pytest.approx(ref, abs=1e-12)


def test_roc_auc_default_thresholds_approximates_sklearn():
    r = np.random.default_rng(32)
    y = r.integers(0, 2, 2000)
    p = np.clip(r.normal(0.4 + 0.2 * y, 0.2), 0, 1)
    assert stream(M.AUC(), y, p, splits=(700, 1, 1299)) == pytest.approx(roc_auc_score(y, p), abs=2e-3)


def _counts(y, p, w, thresholds):
    w = np.ones(len(y)) if w is None else w
    rows = []
    for t in thresholds:
        d = p > t
        rows.append((np.sum(w[(y == 1) & d]), np.sum(w[(y == 0) & d]),
                     np.sum(w[(y == 0) & ~d]), np.sum(w[(y == 1) & ~d])))
    return np.array(rows).T  # tp, fp, tn, fn


def _thresholds(n):
    return [-EPS] + [(i + 1) / (n - 1) for i in range(n - 2)] + [1 + EPS]


def _pr_interpolated_numerically(tp, fp, fn, steps=4000):
    """∫ precision d(recall) with TP and TP+FP linear between thresholds (midpoint rule)."""
    positives = tp[0] + fn[0]
    s = (np.arange(steps) + 0.5) / steps
    area = 0.0
    for i in range(len(tp) - 1):
        tps = tp[i + 1] + s * (tp[i] - tp[i + 1])
        ps = (tp[i + 1] + fp[i + 1]) + s * ((tp[i] + fp[i]) - (tp[i + 1] + fp[i + 1]))
        precision = np.where(ps > 0, tps / np.where(ps > 0, ps, 1), 0.0)
        area += np.mean(precision) * (tp[i] - tp[i + 1]) / positives
    return area


@pytest.mark.parametrize("use_weights", [False, True])
def test_pr_auc_interpolation_is_the_integral_of_interpolated_precision(use_weights):
    r = np.random.default_rng(33)
    y = r.integers(0, 2, 97)
    p = np.clip(r.normal(0.4 + 0.25 * y, 0.25), 0, 1)
    w = weights() if use_weights else None
    n = 21
    tp, fp, tn, fn = _counts(y, p, w, _thresholds(n))
    ref = _pr_interpolated_numerically(tp, fp, fn)
    assert stream(M.AUC(num_thresholds=n, curve="PR"), y, p, w) == pytest.approx(ref, rel=1e-6)


def test_pr_auc_close_to_average_precision_with_many_thresholds():
    r = np.random.default_rng(34)
    y = r.integers(0, 2, 3000)
    p = np.clip(r.normal(0.4 + 0.2 * y, 0.2), 0, 1)
    assert once(M.AUC(curve="PR", num_thresholds=1000), y, p) == pytest.approx(
        average_precision_score(y, p), abs=1e-2)


@pytest.mark.parametrize("curve, method", [("ROC", "interpolation"), ("ROC", "minoring"), ("ROC", "majoring"),
                                           ("PR", "minoring"), ("PR", "majoring")])
def test_riemann_sums(curve, method):
    r = np.random.default_rng(35)
    y = r.integers(0, 2, 97)
    p = r.uniform(0, 1, 97)
    w = weights()
    n = 15
    tp, fp, tn, fn = _counts(y, p, w, _thresholds(n))
    rec = np.array([a / (a + b) if a + b else 0.0 for a, b in zip(tp, fn)])
    if curve == "ROC":
        x, h = np.array([a / (a + b) if a + b else 0.0 for a, b in zip(fp, tn)]), rec
    else:
        x, h = rec, np.array([a / (a + b) if a + b else 0.0 for a, b in zip(tp, fp)])
    pick = {"minoring": min, "majoring": max, "interpolation": lambda a, b: (a + b) / 2}[method]
    ref = sum((x[i] - x[i + 1]) * pick(h[i], h[i + 1]) for i in range(n - 1))
    assert stream(M.AUC(num_thresholds=n, curve=curve, summation_method=method), y, p, w) == pytest.approx(
        ref, rel=1e-12)


def test_multi_label_averages_per_label_aucs():
    y, p = _on_grid(cols=3, seed=36)
    per_label = [roc_auc_score(y[:, j], p[:, j]) for j in range(3)]
    assert stream(M.AUC(num_thresholds=101, multi_label=True), y, p) == pytest.approx(np.mean(per_label), abs=1e-12)
    lw = np.array([1.0, 0.0, 3.0])
    assert stream(M.AUC(num_thresholds=101, multi_label=True, label_weights=lw), y, p) == pytest.approx(
        np.dot(per_label, lw) / lw.sum(), abs=1e-12)
    # multi_label=False pools every (label, prediction) pair
    assert stream(M.AUC(num_thresholds=101), y, p) == pytest.approx(roc_auc_score(y.ravel(), p.ravel()), abs=1e-12)


def test_from_logits_applies_a_sigmoid():
    r = np.random.default_rng(37)
    y, z = r.integers(0, 2, 80), r.normal(0, 2, 80)
    assert once(M.AUC(from_logits=True), y, z) == pytest.approx(once(M.AUC(), y, 1 / (1 + np.exp(-z))), abs=1e-12)


def test_explicit_thresholds():
    y, p = _on_grid(seed=38, bins=10)
    m = M.AUC(thresholds=[0.2, 0.5, 0.8])
    assert m.num_thresholds == 5 and m.thresholds[1:-1] == [0.2, 0.5, 0.8]
    tp, fp, tn, fn = _counts(y, p, None, [-EPS, 0.2, 0.5, 0.8, 1 + EPS])
    fpr, tpr = fp / (fp + tn), tp / (tp + fn)
    ref = sum((fpr[i] - fpr[i + 1]) * (tpr[i] + tpr[i + 1]) / 2 for i in range(4))
    assert once(m, y, p) == pytest.approx(ref, rel=1e-12)


def test_keras_docstring_example():
    assert once(M.AUC(num_thresholds=3), [0, 0, 1, 1], [0, 0.5, 0.3, 0.9]) == pytest.approx(0.75)
    assert once(M.AUC(num_thresholds=3), [0, 0, 1, 1], [0, 0.5, 0.3, 0.9], sample_weight=[1, 0, 0, 1]) == 1.0


def test_config_round_trip_and_name():
    m = M.AUC(curve="pr", summation_method="majoring", thresholds=[0.3, 0.6])
    assert M.AUC().name == "auc"
    clone = M.AUC.from_config(m.get_config())
    assert clone.thresholds == m.thresholds and clone.curve == "PR" and clone.summation_method == "majoring"


def test_errors():
    with pytest.raises(ConfigError, match="num_thresholds"):
        M.AUC(num_thresholds=1)
    with pytest.raises(ConfigError, match="curve"):
        M.AUC(curve="DET")
    with pytest.raises(ConfigError, match=r"\[0, 1\]"):
        M.AUC(thresholds=[0.5, 2.0])
    with pytest.raises(ShapeError, match="rank 2"):
        once(M.AUC(multi_label=True), np.ones((2, 2, 2)), np.ones((2, 2, 2)))
