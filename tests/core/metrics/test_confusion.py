"""Confusion counts, Precision, Recall and the operating-point metrics against scikit-learn
(and, for the threshold sweeps, counts written out threshold by threshold)."""

import numpy as np
import pytest
from sklearn.metrics import confusion_matrix, precision_score, recall_score

from netbuilder.core import metrics as M
from netbuilder.core.errors import ConfigError, ShapeError

from ._helpers import make_data, once, stream, weights


def _sk_counts(y, p, t, w=None):
    """(tp, fp, tn, fn) from scikit-learn on the flattened decisions ``p > t``."""
    yf, df = (y.ravel() != 0).astype(int), (p.ravel() > t).astype(int)
    wf = None if w is None else np.broadcast_to(w.reshape(-1, *([1] * (y.ndim - 1))), y.shape).ravel()
    tn, fp, fn, tp = confusion_matrix(yf, df, labels=[0, 1], sample_weight=wf).ravel()
    return tp, fp, tn, fn


@pytest.mark.parametrize("kind", ["binary", "multilabel"])
@pytest.mark.parametrize("use_weights", [False, True])
def test_counts_match_sklearn(kind, use_weights):
    y, p = make_data(kind, seed=21)
    w = weights() if use_weights else None
    for t in (0.5, 0.25):
        tp, fp, tn, fn = _sk_counts(y, p, t, w)
        assert stream(M.TruePositives(thresholds=t), y, p, w) == pytest.approx(tp, rel=1e-12)
        assert stream(M.FalsePositives(thresholds=t), y, p, w) == pytest.approx(fp, rel=1e-12)
        assert stream(M.TrueNegatives(thresholds=t), y, p, w) == pytest.approx(tn, rel=1e-12)
        assert stream(M.FalseNegatives(thresholds=t), y, p, w) == pytest.approx(fn, rel=1e-12)


def test_several_thresholds_in_user_order():
    y, p = make_data("binary", seed=22)
    ts = [0.7, 0.1, 0.5, 0.5, 0.0, 1.0]
    got = stream(M.TruePositives(thresholds=ts), y, p)
    assert isinstance(got, np.ndarray) and got.shape == (len(ts),)
    np.testing.assert_allclose(got, [_sk_counts(y, p, t)[0] for t in ts], rtol=1e-12)
    prec = stream(M.Precision(thresholds=ts), y, p)
    expected = [precision_score(y.ravel(), p.ravel() > t, zero_division=0) for t in ts]
    np.testing.assert_allclose(prec, expected, rtol=1e-12)


def test_prediction_equal_to_threshold_is_negative():
    # Keras: positive means y_pred > threshold, strictly
    assert once(M.TruePositives(thresholds=0.5), [1, 1], [0.5, 0.50001]) == 1.0
    assert once(M.FalseNegatives(thresholds=[0.0, 1.0]), [1, 1], [0.0, 1.0]).tolist() == [1.0, 2.0]


@pytest.mark.parametrize("use_weights", [False, True])
def test_precision_recall_match_sklearn(use_weights):
    y, p = make_data("multilabel", seed=23)
    w = weights() if use_weights else None
    wf = None if w is None else np.repeat(w, 3)
    for t in (0.5, 0.8):
        d = p.ravel() > t
        assert stream(M.Precision(thresholds=t), y, p, w) == pytest.approx(
            precision_score(y.ravel(), d, sample_weight=wf, zero_division=0), rel=1e-12)
        assert stream(M.Recall(thresholds=t), y, p, w) == pytest.approx(
            recall_score(y.ravel(), d, sample_weight=wf, zero_division=0), rel=1e-12)


def test_class_id_picks_one_column():
    y, p = make_data("onehot", seed=24, classes=4)
    w = weights()
    for c in range(4):
        d = p[:, c] > 0.5
        assert stream(M.Precision(class_id=c), y, p, w) == pytest.approx(
            precision_score(y[:, c], d, sample_weight=w, zero_division=0), rel=1e-12)
        assert stream(M.Recall(class_id=c), y, p, w) == pytest.approx(
            recall_score(y[:, c], d, sample_weight=w, zero_division=0), rel=1e-12)


@pytest.mark.parametrize("k", [1, 2])
def test_top_k(k):
    y, p = make_data("multilabel", seed=25)
    # predicted positive: among the k highest scores of the row (no threshold)
    d = np.zeros_like(p, dtype=bool)
    for i in range(len(p)):
        for j in sorted(range(3), key=lambda c: -p[i, c])[:k]:
            d[i, j] = True
    assert stream(M.Precision(top_k=k), y, p) == pytest.approx(precision_score(y.ravel(), d.ravel()), rel=1e-12)
    assert stream(M.Recall(top_k=k), y, p) == pytest.approx(recall_score(y.ravel(), d.ravel()), rel=1e-12)
    # with a threshold, a top-k score must also exceed it
    d2 = d & (p > 0.6)
    assert stream(M.Precision(top_k=k, thresholds=0.6), y, p) == pytest.approx(
        precision_score(y.ravel(), d2.ravel(), zero_division=0), rel=1e-12)


def _grid_rates(y, p, w, n):
    """Sensitivity, specificity and precision at Keras's evenly spaced grid, threshold by threshold."""
    w = np.ones(len(y)) if w is None else w
    pos, neg = y.ravel() != 0, y.ravel() == 0
    rates = []
    for t in [i / (n - 1) for i in range(n)]:
        d = p.ravel() > t
        tp, fp = np.sum(w[pos & d]), np.sum(w[neg & d])
        fn, tn = np.sum(w[pos & ~d]), np.sum(w[neg & ~d])
        rates.append((tp / (tp + fn) if tp + fn else 0.0, tn / (tn + fp) if tn + fp else 0.0,
                      tp / (tp + fp) if tp + fp else 0.0))
    return np.array(rates)


@pytest.mark.parametrize("use_weights", [False, True])
@pytest.mark.parametrize("value", [0.3, 0.8])
def test_operating_point_metrics(use_weights, value):
    y, p = make_data("binary", seed=26)
    w = weights() if use_weights else None
    n = 50
    r = _grid_rates(y, p, w, n)
    sens, spec, prec = r[:, 0], r[:, 1], r[:, 2]

    def best(constrained, dependent):
        ok = constrained >= value
        return dependent[ok].max() if ok.any() else 0.0

    assert stream(M.SensitivityAtSpecificity(value, num_thresholds=n), y, p, w) == pytest.approx(best(spec, sens))
    assert stream(M.SpecificityAtSensitivity(value, num_thresholds=n), y, p, w) == pytest.approx(best(sens, spec))
    assert stream(M.PrecisionAtRecall(value, num_thresholds=n), y, p, w) == pytest.approx(best(sens, prec))
    assert stream(M.RecallAtPrecision(value, num_thresholds=n), y, p, w) == pytest.approx(best(prec, sens))


def test_keras_docstring_examples():
    """Values printed in Keras 3's docstrings (keras/src/metrics/confusion_metrics.py)."""
    assert once(M.Precision(top_k=2), [0, 0, 1, 1], [1, 1, 1, 1]) == 0.0
    assert once(M.Precision(top_k=4), [0, 0, 1, 1], [1, 1, 1, 1]) == 0.5
    yt, yp = [0, 0, 0, 1, 1], [0, 0.3, 0.8, 0.3, 0.8]
    assert once(M.SensitivityAtSpecificity(0.5), yt, yp, sample_weight=[1, 1, 2, 2, 1]) == pytest.approx(1 / 3)
    assert once(M.SpecificityAtSensitivity(0.5), yt, yp) == pytest.approx(2 / 3)
    assert once(M.PrecisionAtRecall(0.5), yt, yp, sample_weight=[2, 2, 2, 1, 1]) == pytest.approx(1 / 3)


def test_default_names():
    assert M.Precision().name == "precision" and M.Recall().name == "recall"
    assert M.TruePositives().name == "true_positives" and M.FalseNegatives().name == "false_negatives"
    assert M.PrecisionAtRecall(0.5).name == "precision_at_recall"
    assert M.SensitivityAtSpecificity(0.5).name == "sensitivity_at_specificity"


def test_errors():
    with pytest.raises(ConfigError, match=r"\[0, 1\]"):
        M.Precision(thresholds=1.5)
    with pytest.raises(ConfigError, match=r"\[0, 1\]"):
        M.TruePositives(thresholds=[0.2, -0.1])
    with pytest.raises(ConfigError, match="recall="):
        M.PrecisionAtRecall()
    with pytest.raises(ConfigError, match="specificity"):
        M.SensitivityAtSpecificity(1.2)
    assert once(M.Precision(class_id=1), [[1, 0], [0, 1]], [[0.9, 0.1], [0.2, 0.8]]) == 1.0
    with pytest.raises(ShapeError, match="class_id"):
        once(M.Precision(class_id=1), [1, 0], [0.9, 0.1])
    with pytest.raises(ConfigError, match="class_id=5"):
        once(M.Recall(class_id=5), np.eye(3), np.eye(3))
    with pytest.raises(ShapeError, match="integer class ids"):
        once(M.Precision(), np.array([0, 2, 1]), np.eye(3))
