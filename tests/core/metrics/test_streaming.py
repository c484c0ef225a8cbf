"""Every metric: streaming over uneven batches equals the one-shot value, sample weights count
like repeated rows, reset_state forgets, and the config round-trips."""

import numpy as np
import pytest

from netbuilder.core import metrics as M
from netbuilder.core.registry import METRICS

from ._helpers import make_data, once, stream, weights

# metric factory and the kind of data it takes (see _helpers.make_data)
CASES = {
    "Accuracy": (lambda: M.Accuracy(), "integers"),
    "BinaryAccuracy": (lambda: M.BinaryAccuracy(), "binary"),
    "CategoricalAccuracy": (lambda: M.CategoricalAccuracy(), "onehot"),
    "SparseCategoricalAccuracy": (lambda: M.SparseCategoricalAccuracy(), "sparse"),
    "TopKCategoricalAccuracy": (lambda: M.TopKCategoricalAccuracy(k=2), "onehot"),
    "SparseTopKCategoricalAccuracy": (lambda: M.SparseTopKCategoricalAccuracy(k=2), "sparse"),
    "BinaryCrossentropy": (lambda: M.BinaryCrossentropy(), "multilabel"),
    "CategoricalCrossentropy": (lambda: M.CategoricalCrossentropy(), "onehot"),
    "SparseCategoricalCrossentropy": (lambda: M.SparseCategoricalCrossentropy(), "sparse"),
    "KLDivergence": (lambda: M.KLDivergence(), "distribution"),
    "Poisson": (lambda: M.Poisson(), "positive"),
    "MeanSquaredError": (lambda: M.MeanSquaredError(), "regression"),
    "RootMeanSquaredError": (lambda: M.RootMeanSquaredError(), "regression"),
    "MeanAbsoluteError": (lambda: M.MeanAbsoluteError(), "regression"),
    "MeanAbsolutePercentageError": (lambda: M.MeanAbsolutePercentageError(), "positive"),
    "MeanSquaredLogarithmicError": (lambda: M.MeanSquaredLogarithmicError(), "positive"),
    "CosineSimilarity": (lambda: M.CosineSimilarity(), "regression"),
    "LogCoshError": (lambda: M.LogCoshError(), "regression"),
    "R2Score": (lambda: M.R2Score(), "regression"),
    "TruePositives": (lambda: M.TruePositives(thresholds=[0.3, 0.6]), "multilabel"),
    "TrueNegatives": (lambda: M.TrueNegatives(), "multilabel"),
    "FalsePositives": (lambda: M.FalsePositives(), "binary"),
    "FalseNegatives": (lambda: M.FalseNegatives(), "binary"),
    "Precision": (lambda: M.Precision(), "multilabel"),
    "Recall": (lambda: M.Recall(top_k=1), "multilabel"),
    "PrecisionAtRecall": (lambda: M.PrecisionAtRecall(0.6), "binary"),
    "RecallAtPrecision": (lambda: M.RecallAtPrecision(0.5), "binary"),
    "SensitivityAtSpecificity": (lambda: M.SensitivityAtSpecificity(0.5), "binary"),
    "SpecificityAtSensitivity": (lambda: M.SpecificityAtSensitivity(0.5, class_id=1), "multilabel"),
    "AUC": (lambda: M.AUC(), "binary"),
    "IoU": (lambda: M.IoU(num_classes=4, target_class_ids=[0, 2]), "segmentation"),
    "MeanIoU": (lambda: M.MeanIoU(num_classes=4), "segmentation"),
    "BinaryIoU": (lambda: M.BinaryIoU(), "binary"),
    "OneHotIoU": (lambda: M.OneHotIoU(num_classes=4, target_class_ids=[1, 3]), "onehot"),
    "OneHotMeanIoU": (lambda: M.OneHotMeanIoU(num_classes=4), "onehot"),
    "Hinge": (lambda: M.Hinge(), "hinge"),
    "SquaredHinge": (lambda: M.SquaredHinge(), "hinge"),
    "CategoricalHinge": (lambda: M.CategoricalHinge(), "onehot"),
    "AUC-PR-multilabel": (lambda: M.AUC(curve="PR", multi_label=True), "multilabel"),
}
REDUCTIONS = ("Mean", "Sum", "MeanMetricWrapper")


def _data(kind, seed=0):
    if kind == "integers":
        r = np.random.default_rng(seed)
        return r.integers(0, 3, (97, 1)), r.integers(0, 3, (97, 1))
    return make_data(kind, seed=seed)


def test_every_registered_metric_is_covered():
    assert set(METRICS.names()) - set(REDUCTIONS) <= set(CASES)


@pytest.mark.parametrize("key", list(CASES))
def test_streaming_equals_one_shot(key):
    factory, kind = CASES[key]
    y, p = _data(kind, seed=51)
    w = weights()
    np.testing.assert_allclose(stream(factory(), y, p), once(factory(), y, p), rtol=1e-10, atol=1e-12)
    np.testing.assert_allclose(stream(factory(), y, p, w), once(factory(), y, p, w), rtol=1e-10, atol=1e-12)


@pytest.mark.parametrize("key", list(CASES))
def test_integer_weights_equal_repeated_rows(key):
    factory, kind = CASES[key]
    y, p = _data(kind, seed=52)
    w = weights(seed=53)
    rows = np.repeat(np.arange(len(y)), w.astype(int))
    weighted = stream(factory(), y, p, w)
    np.testing.assert_allclose(weighted, once(factory(), y[rows], p[rows]), rtol=1e-9, atol=1e-12)
    # the weights matter: dropping them changes the value
    assert not np.allclose(weighted, once(factory(), y, p), rtol=1e-9, atol=1e-12)


@pytest.mark.parametrize("key", list(CASES))
def test_reset_state_and_config_round_trip(key):
    factory, kind = CASES[key]
    y, p = _data(kind, seed=54)
    m = factory()
    m.update_state(*_data(kind, seed=55))
    m.reset_state()
    m.update_state(y, p)
    fresh = once(factory(), y, p)
    np.testing.assert_allclose(m.result(), fresh, rtol=1e-12)
    clone = M.get(M.serialize(m))
    assert type(clone) is type(m) and clone.name == m.name
    np.testing.assert_allclose(once(clone, y, p), fresh, rtol=1e-12)


def test_results_are_python_floats_for_scalar_metrics():
    for key, (factory, kind) in CASES.items():
        value = once(factory(), *_data(kind))
        if key != "TruePositives":  # a list of thresholds gives one value per threshold
            assert type(value) is float, key


def test_mean_and_sum_reductions():
    r = np.random.default_rng(56)
    v, w = r.normal(size=(40, 3)), r.uniform(0, 1, 40)
    m, s = M.Mean(), M.Sum()
    for a, b in ((0, 13), (13, 14), (14, 40)):
        m.update_state(v[a:b], w[a:b])
        s.update_state(v[a:b], w[a:b])
    assert m.result() == pytest.approx(np.sum(w * v.mean(axis=1)) / np.sum(w), rel=1e-12)
    assert s.result() == pytest.approx(np.sum(w * v.sum(axis=1)), rel=1e-12)
    assert M.Mean().result() == 0.0 and M.Mean().name == "mean" and M.Sum().name == "sum"


def test_mean_metric_wrapper_turns_any_loss_into_a_metric():
    y, p = make_data("regression", seed=57)
    w = weights()

    def half_squared(y_true, y_pred):
        return 0.5 * np.mean((y_true - y_pred) ** 2, axis=-1)

    m = M.MeanMetricWrapper(half_squared)
    assert m.name == "half_squared"
    assert stream(m, y, p, w) == pytest.approx(0.5 * stream(M.MeanSquaredError(), y, p, w), rel=1e-12)
    # a loss name or a Loss instance from netbuilder.core.losses works too
    from netbuilder.core import losses
    huber = losses.Huber(delta=0.5)
    assert stream(M.MeanMetricWrapper("huber"), y, p) == pytest.approx(
        float(np.mean(losses.huber(y, p))), rel=1e-12)
    assert M.MeanMetricWrapper(huber).name == huber.name
    assert stream(M.MeanMetricWrapper(huber), y, p, w) == pytest.approx(
        np.sum(w * losses.huber(y, p, delta=0.5)) / np.sum(w), rel=1e-12)


def test_batch_update_is_vectorized_enough():
    """AUC and MeanIoU on a million values per batch run as array operations: the number of Python
    function calls does not grow with the batch (a loop per sample would make a million calls).
    Counted with cProfile, not timed, so a busy machine cannot fail it."""
    import cProfile
    import pstats

    def calls(n):
        r = np.random.default_rng(58)
        y, p = r.integers(0, 2, n), r.uniform(size=n)
        auc, iou = M.AUC(), M.MeanIoU(num_classes=2)
        prof = cProfile.Profile()
        prof.enable()
        auc.update_state(y, p)
        iou.update_state(y, (p > 0.5).astype(int))
        prof.disable()
        return pstats.Stats(prof).total_calls

    small, big = calls(1_000), calls(1_000_000)
    assert big <= small + 50, (small, big)
