"""Metric constructor arguments go through core.validate: one policy for bools, fractions,
non-numbers and integral floats, and errors that name the argument, the value and the metric."""

import numpy as np
import pytest

from netbuilder.core import metrics as M
from netbuilder.core.errors import ConfigError


def _refused(make):
    with pytest.raises(ConfigError) as info:
        make()
    return info.value


@pytest.mark.parametrize("k", [0, -2, True, 2.5, "3", None])
def test_top_k_accuracies_need_a_positive_int(k):
    err = _refused(lambda: M.TopKCategoricalAccuracy(k=k))
    assert str(err) == f"top_k_categorical_accuracy: k must be a positive integer, got {k!r}"
    assert err.code == "metric_k"
    assert err.params == {"arg": "k", "value": repr(k), "metric": "top_k_categorical_accuracy"}
    err = _refused(lambda: M.SparseTopKCategoricalAccuracy(k=k, name="top3"))
    assert err.params["metric"] == "top3"


def test_integral_floats_are_ints():
    assert M.TopKCategoricalAccuracy(k=3.0).k == 3 and type(M.TopKCategoricalAccuracy(k=3.0).k) is int
    assert M.MeanIoU(num_classes=np.int64(4)).num_classes == 4
    assert M.AUC(num_thresholds=50.0).num_thresholds == 50
    assert M.Precision(top_k=np.int32(2)).top_k == 2
    assert M.R2Score(num_regressors=2.0).num_regressors == 2


@pytest.mark.parametrize("bad", [0, True, 1.5, "4"])
def test_iou_num_classes(bad):
    err = _refused(lambda: M.IoU(num_classes=bad, target_class_ids=[0]))
    assert str(err) == f"IoU: num_classes must be a positive integer, got {bad!r}"
    assert err.code == "metric_argument" and err.params["metric"] == "io_u"


@pytest.mark.parametrize("bad", [1, 0, True, 10.5, "200"])
def test_auc_num_thresholds(bad):
    err = _refused(lambda: M.AUC(num_thresholds=bad))
    assert str(err) == f"AUC: num_thresholds must be an integer > 1, got {bad!r}"
    assert err.params == {"arg": "num_thresholds", "value": repr(bad), "metric": "auc"}


@pytest.mark.parametrize("bad", [0, True, 1.5])
def test_precision_top_k(bad):
    err = _refused(lambda: M.Recall(top_k=bad))
    assert str(err) == f"recall: top_k must be a positive integer, got {bad!r}"
    assert err.code == "metric_k"


@pytest.mark.parametrize("cls, arg", [(M.PrecisionAtRecall, "recall"), (M.RecallAtPrecision, "precision"),
                                      (M.SensitivityAtSpecificity, "specificity"),
                                      (M.SpecificityAtSensitivity, "sensitivity")])
def test_rates_are_fractions(cls, arg):
    for bad in (1.5, -0.1, True, float("nan"), "0.5"):
        err = _refused(lambda: cls(bad))
        assert str(err) == f"{cls.__name__}: {arg} must be a float in [0, 1], got {bad!r}"
        assert err.code == "metric_argument" and err.params["arg"] == arg
    assert getattr(cls(1), arg) == 1.0
    err = _refused(lambda: cls(0.5, num_thresholds=0))
    assert str(err) == f"{cls.__name__}: num_thresholds must be a positive integer, got 0"


@pytest.mark.parametrize("bad", [-1, True, 0.5])
def test_r2_num_regressors(bad):
    err = _refused(lambda: M.R2Score(num_regressors=bad))
    assert str(err) == f"R2Score: num_regressors must be a non-negative integer, got {bad!r}"
    assert err.params == {"arg": "num_regressors", "value": repr(bad), "metric": "r2_score"}
