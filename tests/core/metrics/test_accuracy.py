"""Accuracy metrics against per-sample references written out as Python loops."""

import numpy as np
import pytest

from netbuilder.core import metrics as M
from netbuilder.core.errors import ConfigError, DataError, ShapeError

from ._helpers import make_data, once, stream, weights


def _weighted_mean(values, w=None):
    w = np.ones(len(values)) if w is None else w
    return sum(v * wi for v, wi in zip(values, w)) / sum(w)


@pytest.mark.parametrize("use_weights", [False, True])
def test_binary_accuracy_matches_loop(use_weights):
    y, p = make_data("binary", seed=3)
    w = weights() if use_weights else None
    for t in (0.5, 0.3):
        ref = _weighted_mean([float((p[i, 0] > t) == (y[i, 0] == 1)) for i in range(len(y))], w)
        assert stream(M.BinaryAccuracy(threshold=t), y, p, w) == pytest.approx(ref, rel=1e-12)
        # (n,) labels against an (n, 1) output, as fit() passes them
        assert once(M.BinaryAccuracy(threshold=t), y[:, 0], p, w) == pytest.approx(ref, rel=1e-12)


def test_binary_accuracy_multilabel_averages_units():
    y, p = make_data("multilabel", seed=4)
    per_sample = [np.mean([(p[i, j] > 0.5) == y[i, j] for j in range(3)]) for i in range(len(y))]
    assert stream(M.BinaryAccuracy(), y, p) == pytest.approx(np.mean(per_sample), rel=1e-12)


def test_accuracy_exact_equality():
    r = np.random.default_rng(5)
    y, p = r.integers(0, 3, (60, 1)), r.integers(0, 3, (60, 1))
    w = r.uniform(0, 2, 60)
    ref = _weighted_mean([float(y[i, 0] == p[i, 0]) for i in range(60)], w)
    assert stream(M.Accuracy(), y, p, w, splits=(7, 50, 3)) == pytest.approx(ref, rel=1e-12)


@pytest.mark.parametrize("use_weights", [False, True])
def test_categorical_and_sparse_accuracy(use_weights):
    y_sparse, p = make_data("sparse", seed=6, classes=5)
    y_onehot = np.eye(5)[y_sparse]
    w = weights() if use_weights else None
    ref = _weighted_mean([float(y_sparse[i] == max(range(5), key=lambda c: p[i, c])) for i in range(len(p))], w)
    assert stream(M.CategoricalAccuracy(), y_onehot, p, w) == pytest.approx(ref, rel=1e-12)
    assert stream(M.SparseCategoricalAccuracy(), y_sparse, p, w) == pytest.approx(ref, rel=1e-12)
    assert stream(M.SparseCategoricalAccuracy(), y_sparse[:, None], p, w) == pytest.approx(ref, rel=1e-12)


@pytest.mark.parametrize("k", [1, 2, 3])
def test_top_k_accuracies(k):
    y_sparse, p = make_data("sparse", seed=7, classes=6)
    w = weights(seed=8)
    top = [sorted(range(6), key=lambda c: -p[i, c])[:k] for i in range(len(p))]
    ref = _weighted_mean([float(y_sparse[i] in top[i]) for i in range(len(p))], w)
    assert stream(M.SparseTopKCategoricalAccuracy(k=k), y_sparse, p, w) == pytest.approx(ref, rel=1e-12)
    assert stream(M.TopKCategoricalAccuracy(k=k), np.eye(6)[y_sparse], p, w) == pytest.approx(ref, rel=1e-12)


def test_top_k_ties_count_as_inside():
    # tf.math.in_top_k: a target tied with the k-th score is inside the top k
    p = np.array([[0.4, 0.4, 0.2]])
    assert once(M.SparseTopKCategoricalAccuracy(k=1), np.array([1]), p) == 1.0
    assert once(M.SparseTopKCategoricalAccuracy(k=1), np.array([2]), p) == 0.0


def test_sequence_outputs_count_every_timestep():
    r = np.random.default_rng(9)
    y = r.integers(0, 4, (10, 7))
    p = r.uniform(size=(10, 7, 4))
    ref = np.mean([[y[i, t] == np.argmax(p[i, t]) for t in range(7)] for i in range(10)])
    assert once(M.SparseCategoricalAccuracy(), y, p) == pytest.approx(ref, rel=1e-12)


def test_keras_docstring_examples():
    """The values printed in Keras 3's docstrings (keras/src/metrics/accuracy_metrics.py)."""
    assert once(M.Accuracy(), [[1], [2], [3], [4]], [[0], [2], [3], [4]]) == pytest.approx(0.75)
    assert once(M.BinaryAccuracy(), [[1], [1], [0], [0]], [[0.98], [1], [0], [0.6]],
                sample_weight=[1, 0, 0, 1]) == pytest.approx(0.5)
    assert once(M.CategoricalAccuracy(), [[0, 0, 1], [0, 1, 0]], [[0.1, 0.9, 0.8], [0.05, 0.95, 0]],
                sample_weight=[0.7, 0.3]) == pytest.approx(0.3)
    assert once(M.SparseCategoricalAccuracy(), [[2], [1]], [[0.1, 0.6, 0.3], [0.05, 0.95, 0]]) == pytest.approx(0.5)
    assert once(M.TopKCategoricalAccuracy(k=1), [[0, 0, 1], [0, 1, 0]],
                [[0.1, 0.9, 0.8], [0.05, 0.95, 0]]) == pytest.approx(0.5)


# ----------------------------------------------------------------------------- errors
def test_sparse_accuracy_given_one_hot_says_so():
    y, p = make_data("onehot", n=8)
    with pytest.raises(ShapeError, match="one-hot") as e:
        once(M.SparseCategoricalAccuracy(), y, p)
    assert "CategoricalAccuracy" in str(e.value) and e.value.params["suggestion"] == "CategoricalAccuracy"


def test_categorical_accuracy_given_integer_labels_says_so():
    y, p = make_data("sparse", n=8)
    with pytest.raises(ShapeError, match="SparseCategoricalAccuracy"):
        once(M.CategoricalAccuracy(), y, p)
    with pytest.raises(ShapeError, match="SparseTopKCategoricalAccuracy"):
        once(M.TopKCategoricalAccuracy(k=2), y[:, None], p)


def test_class_metrics_on_a_single_unit_point_to_binary_accuracy():
    with pytest.raises(ShapeError, match="BinaryAccuracy"):
        once(M.CategoricalAccuracy(), np.ones((4, 1)), np.ones((4, 1)))
    with pytest.raises(ShapeError, match="BinaryAccuracy"):
        once(M.SparseCategoricalAccuracy(), np.ones(4), np.ones((4, 1)))


def test_sparse_labels_out_of_range():
    with pytest.raises(DataError, match=r"\[0, 3\)"):
        once(M.SparseCategoricalAccuracy(), np.array([0, 3]), np.ones((2, 3)) / 3)
    with pytest.raises(DataError, match="integer class ids"):
        once(M.SparseCategoricalAccuracy(), np.array([0.5, 1.0]), np.ones((2, 3)) / 3)


def test_bad_arguments():
    with pytest.raises(ConfigError, match="threshold"):
        M.BinaryAccuracy(threshold=1.5)
    with pytest.raises(ConfigError, match="k must be"):
        M.TopKCategoricalAccuracy(k=0)
    with pytest.raises(ShapeError, match=r"\(4, 2\)"):
        once(M.BinaryAccuracy(), np.ones((4, 3)), np.ones((4, 2)))
