"""MeanIoU / IoU and R2Score against scikit-learn (jaccard_score, r2_score)."""

import numpy as np
import pytest
from sklearn.metrics import jaccard_score, r2_score

from netbuilder.core import metrics as M
from netbuilder.core.errors import ConfigError, DataError, ShapeError

from ._helpers import make_data, once, stream, weights


def _sk_mean_iou(y, p, c, w=None, classes=None):
    """Mean of scikit-learn's per-class Jaccard indices over the classes that occur."""
    ious = jaccard_score(y, p, labels=list(range(c)), average=None, sample_weight=w, zero_division=0)
    present = [k for k in range(c) if np.any(y == k) or np.any(p == k)]
    if w is not None:
        present = [k for k in present if np.sum(w[(y == k) | (p == k)]) > 0]
    keep = present if classes is None else [k for k in classes if k in present]
    return float(np.mean(ious[keep]))


@pytest.mark.parametrize("use_weights", [False, True])
def test_mean_iou_on_segmentation_maps(use_weights):
    y, p = make_data("segmentation", seed=41, classes=5)  # (97, 3, 3) class maps
    w = weights() if use_weights else None
    ref = _sk_mean_iou(y.ravel(), p.ravel(), 5, None if w is None else np.repeat(w, 9))
    assert stream(M.MeanIoU(num_classes=5), y, p, w) == pytest.approx(ref, rel=1e-6)


def test_mean_iou_skips_classes_that_never_occur():
    r = np.random.default_rng(42)
    y, p = r.integers(0, 3, 200), r.integers(0, 3, 200)  # classes 3 and 4 absent
    assert once(M.MeanIoU(num_classes=5), y, p) == pytest.approx(_sk_mean_iou(y, p, 5), rel=1e-6)


def test_iou_target_classes_and_ignore_class():
    r = np.random.default_rng(43)
    y, p = r.integers(0, 4, 300), r.integers(0, 4, 300)
    assert once(M.IoU(num_classes=4, target_class_ids=[1, 3]), y, p) == pytest.approx(
        _sk_mean_iou(y, p, 4, classes=[1, 3]), rel=1e-6)
    keep = y != 2
    assert once(M.MeanIoU(num_classes=4, ignore_class=2), y, p) == pytest.approx(
        _sk_mean_iou(y[keep], p[keep], 4), rel=1e-6)


def test_dense_scores_with_sparse_y_pred_false():
    y, p = make_data("sparse", seed=44, classes=4)
    ref = _sk_mean_iou(y, p.argmax(-1), 4)
    assert stream(M.MeanIoU(num_classes=4, sparse_y_pred=False), y, p) == pytest.approx(ref, rel=1e-6)
    assert stream(M.OneHotMeanIoU(num_classes=4), np.eye(4)[y], p) == pytest.approx(ref, rel=1e-6)


def test_binary_iou_thresholds_scores():
    y, p = make_data("binary", seed=45)
    ref = _sk_mean_iou(y.ravel().astype(int), (p.ravel() >= 0.3).astype(int), 2)
    assert stream(M.BinaryIoU(threshold=0.3), y, p) == pytest.approx(ref, rel=1e-6)


def test_iou_keras_docstring_and_names():
    assert once(M.MeanIoU(num_classes=2), [0, 0, 1, 1], [0, 1, 0, 1],
                sample_weight=[0.3, 0.3, 0.3, 0.1]) == pytest.approx(0.23809525, rel=1e-6)
    assert M.MeanIoU(num_classes=2).name == "mean_io_u"


def test_iou_errors():
    with pytest.raises(ConfigError, match="num_classes"):
        M.MeanIoU()
    with pytest.raises(ConfigError, match="positive integer"):
        M.MeanIoU(num_classes=0)
    y, p = make_data("sparse", n=10, classes=3)
    with pytest.raises(DataError, match="sparse_y_pred=False"):
        once(M.MeanIoU(num_classes=3), y[:, None].astype(float), p[:, :1])
    with pytest.raises(ShapeError, match="sparse_y_pred=False"):
        once(M.MeanIoU(num_classes=3), y, np.rint(p * 2))
    with pytest.raises(DataError, match=r"outside \[0, 3\)"):
        once(M.MeanIoU(num_classes=3), np.array([0, 5]), np.array([0, 1]))


# ----------------------------------------------------------------------------- R²
@pytest.mark.parametrize("aggregation, sk", [("uniform_average", "uniform_average"),
                                             ("variance_weighted_average", "variance_weighted"),
                                             (None, "raw_values")])
@pytest.mark.parametrize("use_weights", [False, True])
def test_r2_matches_sklearn(aggregation, sk, use_weights):
    y, p = make_data("regression", seed=46)
    p = 0.6 * y + 0.4 * p  # a model that explains part of the variance
    w = weights() if use_weights else None
    got = stream(M.R2Score(class_aggregation=aggregation), y, p, w)
    np.testing.assert_allclose(got, r2_score(y, p, sample_weight=w, multioutput=sk), rtol=1e-10)


def test_r2_single_output_boston_shapes():
    r = np.random.default_rng(47)
    y = r.normal(22, 9, 120)  # (n,) targets, (n, 1) predictions, as fit() passes them
    p = (y + r.normal(0, 4, 120))[:, None]
    assert stream(M.R2Score(), y, p, splits=(40, 41, 39)) == pytest.approx(r2_score(y, p[:, 0]), rel=1e-10)


def test_adjusted_r2_formula():
    y, p = make_data("regression", seed=48)
    p = 0.5 * y + 0.5 * p
    n, k = y.size, 3  # Keras counts elements
    r2 = r2_score(y, p)
    assert once(M.R2Score(num_regressors=k), y, p) == pytest.approx(1 - (1 - r2) * (n - 1) / (n - k - 1), rel=1e-10)


def test_r2_errors():
    with pytest.raises(ConfigError, match="class_aggregation"):
        M.R2Score(class_aggregation="median")
    with pytest.raises(ConfigError, match="num_regressors"):
        M.R2Score(num_regressors=-1)
    with pytest.raises(ShapeError):
        once(M.R2Score(), np.ones((4, 2)), np.ones((4, 3)))
