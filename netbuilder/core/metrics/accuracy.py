"""Accuracy metrics (Keras 3 names and maths): how often predictions match labels.

Every function returns one value per sample (shape ``(batch,)`` or ``(batch, ...)``) and the
classes average them over all samples seen, so an epoch's accuracy is exact.
"""

from __future__ import annotations

import numpy as np

from .. import validate
from ..errors import ConfigError
from .base import (MeanMetricWrapper, align_elementwise, check_one_hot_labels, sparse_class_ids,
                   squeeze_or_expand_to_same_rank)


# ----------------------------------------------------------------------------- functions
def accuracy(y_true, y_pred):
    """Per-sample ``mean(y_true == y_pred, axis=-1)`` (exact equality)."""
    y_true, y_pred = np.asarray(y_true), np.asarray(y_pred)
    y_true, y_pred = squeeze_or_expand_to_same_rank(y_true, y_pred)
    return np.mean(y_true == y_pred, axis=-1, dtype="float64")


def binary_accuracy(y_true, y_pred, threshold=0.5):
    """Per-sample ``mean(y_true == (y_pred > threshold), axis=-1)``."""
    y_true, y_pred = np.asarray(y_true), np.asarray(y_pred)
    y_true, y_pred = squeeze_or_expand_to_same_rank(y_true, y_pred)
    return np.mean(y_true == (y_pred > threshold), axis=-1, dtype="float64")


def categorical_accuracy(y_true, y_pred):
    """Per-sample ``argmax(y_true) == argmax(y_pred)`` for one-hot labels ``(batch, ..., C)``."""
    y_true, y_pred = np.asarray(y_true), np.asarray(y_pred)
    return (np.argmax(y_true, axis=-1) == np.argmax(y_pred, axis=-1)).astype("float64")


def sparse_categorical_accuracy(y_true, y_pred):
    """Per-sample ``y_true == argmax(y_pred)`` for integer labels ``(batch, ...)``."""
    y_true, y_pred = np.asarray(y_true), np.asarray(y_pred)
    if y_true.ndim == y_pred.ndim and y_true.shape[-1] == 1:
        y_true = y_true[..., 0]
    return (y_true == np.argmax(y_pred, axis=-1)).astype("float64")


def _in_top_k(targets, y_pred, k):
    """True where the target's score is among the ``k`` largest (ties count as inside, like
    ``tf.math.in_top_k``): fewer than ``k`` classes score strictly higher."""
    target_score = np.take_along_axis(y_pred, targets[..., None], axis=-1)  # (batch, ..., 1)
    return (np.sum(y_pred > target_score, axis=-1) < k).astype("float64")


def top_k_categorical_accuracy(y_true, y_pred, k=5):
    """Per-sample: is ``argmax(y_true)`` among the ``k`` highest scores of ``y_pred``."""
    y_true, y_pred = np.asarray(y_true), np.asarray(y_pred)
    return _in_top_k(np.argmax(y_true, axis=-1), y_pred, k)


def sparse_top_k_categorical_accuracy(y_true, y_pred, k=5):
    """Per-sample: is the integer label among the ``k`` highest scores of ``y_pred``."""
    y_true, y_pred = np.asarray(y_true), np.asarray(y_pred)
    if y_true.ndim == y_pred.ndim and y_true.shape[-1] == 1:
        y_true = y_true[..., 0]
    return _in_top_k(y_true.astype("int64"), y_pred, k)


# ----------------------------------------------------------------------------- classes
class Accuracy(MeanMetricWrapper):
    """How often predictions equal labels exactly: ``mean(y_true == y_pred)``.

    For class predictions (integers), not probabilities; the string ``"accuracy"`` in
    ``compile`` resolves to Binary/Categorical/SparseCategoricalAccuracy instead (Keras).
    Shapes: ``y_true`` and ``y_pred`` of the same shape ``(batch, ...)``.
    """

    task = ("binary", "multiclass")
    direction = "up"
    default_name = "accuracy"

    def __init__(self, name="accuracy", dtype=None):
        super().__init__(accuracy, name=name, dtype=dtype)

    def _prepare(self, y_true, y_pred):
        return align_elementwise(self.name, y_true, y_pred)

    def get_config(self):
        return {"name": self.name, "dtype": self.dtype}


class BinaryAccuracy(MeanMetricWrapper):
    """How often ``y_pred > threshold`` matches binary labels: ``mean(y_true == (y_pred > t))``.

    Args:
        threshold: decision threshold in (0, 1), default 0.5.

    Shapes: ``y_true`` ``(batch,)`` or ``(batch, k)``; ``y_pred`` ``(batch, k)`` probabilities.
    """

    task = ("binary",)
    needs_probabilities = True
    needs_thresholds = True
    direction = "up"
    default_name = "binary_accuracy"

    def __init__(self, name="binary_accuracy", dtype=None, threshold=0.5):
        if threshold is not None and not 0 < threshold < 1:
            raise ConfigError(
                f"BinaryAccuracy: threshold must lie strictly between 0 and 1, got threshold={threshold}",
                code="metric_threshold_range", metric=name, threshold=threshold)
        super().__init__(binary_accuracy, name=name, dtype=dtype, threshold=threshold)
        self.threshold = threshold

    def _prepare(self, y_true, y_pred):
        return align_elementwise(self.name, y_true, y_pred)


class CategoricalAccuracy(MeanMetricWrapper):
    """How often the predicted class (argmax) matches the one-hot label's class.

    Shapes: ``y_true`` one-hot ``(batch, ..., C)``; ``y_pred`` scores ``(batch, ..., C)``
    (probabilities or logits: argmax is the same).
    """

    task = ("multiclass",)
    label_format = "one_hot"
    direction = "up"
    default_name = "categorical_accuracy"

    def __init__(self, name="categorical_accuracy", dtype=None):
        super().__init__(categorical_accuracy, name=name, dtype=dtype)
        self._checked_shapes = None  # the last (labels, predictions) shapes that passed the check

    def _prepare(self, y_true, y_pred):
        check_one_hot_labels(self.name, y_true, y_pred, "SparseCategoricalAccuracy")
        return y_true, y_pred

    def update_state(self, y_true, y_pred, sample_weight=None):
        """Add one batch. Unweighted ``(batch, C)`` NumPy batches (every ``fit`` step) take a
        short path with the same result: the hits are counted on ``y_pred`` as it is (argmax of
        float32 scores equals argmax of their exact float64 copies) and the labels' shapes are
        checked once per shape pair."""
        if (sample_weight is not None or type(y_true) is not np.ndarray or type(y_pred) is not np.ndarray
                or y_pred.ndim != 2):
            return super().update_state(y_true, y_pred, sample_weight)
        if self._checked_shapes != (y_true.shape, y_pred.shape):
            check_one_hot_labels(self.name, y_true, y_pred, "SparseCategoricalAccuracy")
            self._checked_shapes = (y_true.shape, y_pred.shape)
        hits = np.count_nonzero(y_true.argmax(axis=-1) == y_pred.argmax(axis=-1))
        self.total += float(hits)
        self.count += float(y_pred.shape[0])
        return None

    def get_config(self):
        return {"name": self.name, "dtype": self.dtype}


class SparseCategoricalAccuracy(MeanMetricWrapper):
    """How often the predicted class (argmax) equals the integer label.

    Shapes: ``y_true`` integer ids ``(batch, ...)`` or ``(batch, ..., 1)``; ``y_pred`` scores
    ``(batch, ..., C)``.
    """

    task = ("multiclass",)
    label_format = "sparse"
    direction = "up"
    default_name = "sparse_categorical_accuracy"

    def __init__(self, name="sparse_categorical_accuracy", dtype=None):
        super().__init__(sparse_categorical_accuracy, name=name, dtype=dtype)

    def _prepare(self, y_true, y_pred):
        return sparse_class_ids(self.name, y_true, y_pred, "CategoricalAccuracy"), y_pred

    def get_config(self):
        return {"name": self.name, "dtype": self.dtype}


def _check_k(name, k):
    return validate.positive_int(k, "k", where=name, code="metric_k", metric=name)


class TopKCategoricalAccuracy(MeanMetricWrapper):
    """How often the one-hot label's class is among the ``k`` highest scores.

    Args:
        k: how many top classes count as correct (default 5). Ties at the k-th score count as
            inside (``tf.math.in_top_k``).

    Shapes: ``y_true`` one-hot ``(batch, C)``; ``y_pred`` scores ``(batch, C)``.
    """

    task = ("multiclass",)
    label_format = "one_hot"
    direction = "up"
    default_name = "top_k_categorical_accuracy"

    def __init__(self, k=5, name="top_k_categorical_accuracy", dtype=None):
        k = _check_k(name, k)
        super().__init__(top_k_categorical_accuracy, name=name, dtype=dtype, k=k)
        self.k = k

    def _prepare(self, y_true, y_pred):
        check_one_hot_labels(self.name, y_true, y_pred, "SparseTopKCategoricalAccuracy")
        return y_true, y_pred


class SparseTopKCategoricalAccuracy(MeanMetricWrapper):
    """How often the integer label is among the ``k`` highest scores.

    Args:
        k: how many top classes count as correct (default 5).

    Shapes: ``y_true`` integer ids ``(batch,)``; ``y_pred`` scores ``(batch, C)``.
    """

    task = ("multiclass",)
    label_format = "sparse"
    direction = "up"
    default_name = "sparse_top_k_categorical_accuracy"

    def __init__(self, k=5, name="sparse_top_k_categorical_accuracy", dtype=None):
        k = _check_k(name, k)
        super().__init__(sparse_top_k_categorical_accuracy, name=name, dtype=dtype, k=k)
        self.k = k

    def _prepare(self, y_true, y_pred):
        return sparse_class_ids(self.name, y_true, y_pred, "TopKCategoricalAccuracy"), y_pred


ACCURACY_METRICS = (Accuracy, BinaryAccuracy, CategoricalAccuracy, SparseCategoricalAccuracy,
                    TopKCategoricalAccuracy, SparseTopKCategoricalAccuracy)
