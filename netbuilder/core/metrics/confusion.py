"""Confusion-matrix metrics (Keras 3): TP/FP/TN/FN counts, Precision, Recall and the
operating-point metrics (SensitivityAtSpecificity, ...).

A prediction is positive at threshold ``t`` when ``y_pred > t`` (strictly), a label is
positive when ``y_true != 0``; every element of ``y_pred`` is one decision (a ``(batch, C)``
output gives ``batch·C`` decisions unless ``class_id`` picks one column). The metrics keep
weighted counts per threshold, so their epoch values are those of the concatenated data.

``confusion_counts`` computes the counts at all thresholds at once: one ``searchsorted`` of the
predictions into the sorted thresholds and one weighted histogram (``bincount``), then
cumulative sums, in ``O(n log T + T)`` instead of comparing every prediction with every threshold.
"""

from __future__ import annotations

import numpy as np

from .. import validate
from ..errors import ConfigError, ShapeError
from .base import Metric, as_result, divide_no_nan, squeeze_or_expand_to_same_rank, to_float64, to_numpy_pair

NEG_INF = -1e10  # Keras: the threshold used with top_k (every kept prediction is above it)


# ----------------------------------------------------------------------------- engine
def parse_thresholds(name, thresholds, default):
    """A list of thresholds from a float or a list; ``ConfigError`` outside [0, 1]."""
    if thresholds is None:
        return [float(default)]
    values = list(np.ravel(np.asarray(thresholds, dtype=object))) if np.ndim(thresholds) else [thresholds]
    bad = [t for t in values if t is None or not 0 <= float(t) <= 1]
    if bad or not values:
        raise ConfigError(
            f"{name}: thresholds must lie in [0, 1], got {bad or thresholds}; predictions above a "
            "threshold count as positive (for logits use thresholds=0.5 after a sigmoid output)",
            code="metric_thresholds", metric=name, thresholds=str(thresholds))
    return [float(t) for t in values]


def is_evenly_distributed(thresholds) -> bool:
    """True for ``[0, 1/(n-1), ..., 1]`` with n >= 3 (Keras then clips predictions to [0, 1])."""
    t = np.asarray(thresholds, dtype="float64")
    n = t.size
    return n >= 3 and bool(np.allclose(t, np.arange(n) / (n - 1), atol=1e-7))


def filter_top_k(x, k):
    """Keep the ``k`` largest values of the last axis (first index wins ties), others → NEG_INF."""
    top = np.argsort(-x, axis=-1, kind="stable")[..., :k]
    keep = np.zeros(x.shape, dtype=bool)
    np.put_along_axis(keep, top, True, axis=-1)
    return np.where(keep, x, NEG_INF)


def prepare_confusion_inputs(name, y_true, y_pred, sample_weight=None, top_k=None, class_id=None):
    """Align ``y_true``/``y_pred``/``sample_weight`` as Keras does before counting.

    Returns ``(labels, y_pred, weights)``: boolean labels and float64 predictions of the same
    shape, and weights broadcast to that shape (or None).
    """
    y_true, y_pred = to_numpy_pair(y_true, y_pred)
    y_pred, y_true = squeeze_or_expand_to_same_rank(y_pred, y_true)
    if y_true.shape != y_pred.shape:
        hint = ""
        if y_pred.ndim and y_pred.shape[-1] > 1 and y_true.shape == y_pred.shape[:-1]:
            hint = ("; these look like integer class ids: one-hot encode them (utils.to_categorical), "
                    "and pick a class with class_id= or use top_k=")
        raise ShapeError(
            f"{name}: labels of shape {y_true.shape} do not match predictions of shape {y_pred.shape}"
            f"{hint}", code="metric_shape", metric=name, y_true=str(y_true.shape), y_pred=str(y_pred.shape))
    weights = None
    if sample_weight is not None:
        sw = to_float64(sample_weight)
        if sw.ndim:
            sw = sw[..., None]  # a per-sample weight spans the sample's outputs
            _, sw = squeeze_or_expand_to_same_rank(y_true, sw, expand_rank_1=False)
        try:
            weights = np.broadcast_to(sw, y_pred.shape)
        except ValueError:
            raise ShapeError(
                f"{name}: sample_weight of shape {np.shape(sample_weight)} does not fit labels of "
                f"shape {y_true.shape}; give one weight per sample", code="metric_sample_weight",
                metric=name, sample_weight=str(np.shape(sample_weight))) from None
    if top_k is not None:
        y_pred = filter_top_k(y_pred, top_k)
    if class_id is not None:
        if y_pred.ndim < 2:
            raise ShapeError(
                f"{name}: class_id needs predictions of shape (batch, num_classes), got {y_pred.shape}",
                code="metric_class_id", metric=name, y_pred=str(y_pred.shape))
        if not 0 <= class_id < y_pred.shape[-1]:
            raise ConfigError(
                f"{name}: class_id={class_id} is outside [0, {y_pred.shape[-1]}) for predictions "
                f"with {y_pred.shape[-1]} classes", code="metric_class_id", metric=name, class_id=class_id)
        y_true, y_pred = y_true[..., class_id, None], y_pred[..., class_id, None]
        if weights is not None:
            weights = weights[..., class_id, None]
    return y_true != 0, y_pred, weights


def confusion_counts(labels, y_pred, weights, thresholds, multi_label=False):
    """Weighted ``(tp, fp, tn, fn)`` at each of the sorted ``thresholds``.

    Args:
        labels: boolean array; ``y_pred``: float array of the same shape; ``weights``: None or
            an array of that shape.
        thresholds: ascending 1-D array of length T.
        multi_label: count each column of a ``(batch, L)`` input separately.

    Returns:
        four float64 arrays of shape ``(T,)``, or ``(T, L)`` when ``multi_label``.
    """
    n_t = len(thresholds)
    if multi_label:
        n_l = y_pred.shape[-1]
        labels, y_pred = labels.reshape(-1, n_l), y_pred.reshape(-1, n_l)
        weights = None if weights is None else np.reshape(weights, (-1, n_l))
    else:
        labels, y_pred = labels.ravel(), y_pred.ravel()
        weights = None if weights is None else np.ravel(weights)
    # k = how many thresholds lie strictly below each prediction: positive at thresholds[:k]
    k = np.searchsorted(thresholds, y_pred, side="left")
    k[np.isnan(y_pred)] = 0  # NaN > t is False everywhere
    w = np.ones(y_pred.shape) if weights is None else weights
    pos, neg = np.where(labels, w, 0.0), np.where(labels, 0.0, w)
    if multi_label:
        idx = (k + (n_t + 1) * np.arange(n_l)).ravel()  # one histogram row per label
        size = n_l * (n_t + 1)
        pos_hist = np.bincount(idx, pos.ravel(), minlength=size).reshape(n_l, n_t + 1).T
        neg_hist = np.bincount(idx, neg.ravel(), minlength=size).reshape(n_l, n_t + 1).T
    else:
        pos_hist = np.bincount(k, pos, minlength=n_t + 1)
        neg_hist = np.bincount(k, neg, minlength=n_t + 1)
    # negative at threshold i ⇔ k <= i; positive ⇔ k >= i + 1
    fn = np.cumsum(pos_hist, axis=0)[:-1]
    tn = np.cumsum(neg_hist, axis=0)[:-1]
    tp = np.cumsum(pos_hist[::-1], axis=0)[::-1][1:]
    fp = np.cumsum(neg_hist[::-1], axis=0)[::-1][1:]
    return tp, fp, tn, fn


class _ThresholdCounts(Metric):
    """Shared state: weighted TP/FP/TN/FN at a list of thresholds (in the user's order)."""

    task = ("binary", "multiclass")
    needs_probabilities = True
    needs_thresholds = True

    def _set_thresholds(self, thresholds):
        self.thresholds = list(thresholds)
        t = np.asarray(self.thresholds, dtype="float64")
        self._order = np.argsort(t, kind="stable")
        self._sorted = t[self._order]
        self._clip = is_evenly_distributed(t)
        self.reset_state()

    def reset_state(self):
        n = len(self.thresholds)
        self.true_positives = np.zeros(n)
        self.false_positives = np.zeros(n)
        self.true_negatives = np.zeros(n)
        self.false_negatives = np.zeros(n)

    def _accumulate(self, y_true, y_pred, sample_weight, top_k=None, class_id=None):
        labels, y_pred, weights = prepare_confusion_inputs(
            self.name, y_true, y_pred, sample_weight, top_k=top_k, class_id=class_id)
        if self._clip:
            y_pred = np.clip(y_pred, 0.0, 1.0)
        counts = confusion_counts(labels, y_pred, weights, self._sorted)
        for attr, c in zip(("true_positives", "false_positives", "true_negatives", "false_negatives"), counts):
            unsorted = np.empty_like(c)
            unsorted[self._order] = c
            setattr(self, attr, getattr(self, attr) + unsorted)

    def _out(self, values):
        return as_result(values[0] if len(self.thresholds) == 1 else values)


class _ConfusionMatrixConditionCount(_ThresholdCounts):
    _attr = None

    def __init__(self, thresholds=None, name=None, dtype=None):
        super().__init__(name=name, dtype=dtype)
        self.init_thresholds = thresholds
        self._set_thresholds(parse_thresholds(self.name, thresholds, 0.5))

    def update_state(self, y_true, y_pred, sample_weight=None):
        self._accumulate(y_true, y_pred, sample_weight)

    def result(self):
        return self._out(getattr(self, self._attr))

    def get_config(self):
        return {"name": self.name, "dtype": self.dtype, "thresholds": self.init_thresholds}


class TruePositives(_ConfusionMatrixConditionCount):
    """Weighted count of true positives: ``Σ w·[y != 0 and p > t]``.

    Args:
        thresholds: a float or a list of floats in [0, 1] (default 0.5); a list gives one count
            per threshold.
    """

    _attr = "true_positives"


class FalsePositives(_ConfusionMatrixConditionCount):
    """Weighted count of false positives: ``Σ w·[y == 0 and p > t]`` (thresholds as TruePositives)."""

    _attr = "false_positives"


class TrueNegatives(_ConfusionMatrixConditionCount):
    """Weighted count of true negatives: ``Σ w·[y == 0 and p <= t]`` (thresholds as TruePositives)."""

    _attr = "true_negatives"


class FalseNegatives(_ConfusionMatrixConditionCount):
    """Weighted count of false negatives: ``Σ w·[y != 0 and p <= t]`` (thresholds as TruePositives)."""

    _attr = "false_negatives"


class _PrecisionRecall(_ThresholdCounts):
    direction = "up"

    def __init__(self, thresholds=None, top_k=None, class_id=None, name=None, dtype=None):
        super().__init__(name=name, dtype=dtype)
        if top_k is not None:
            top_k = validate.positive_int(top_k, "top_k", where=self.name, code="metric_k", metric=self.name)
        self.init_thresholds = thresholds
        self.top_k = top_k
        self.class_id = class_id
        if thresholds is None and top_k is not None:
            self._set_thresholds([NEG_INF])
        else:
            self._set_thresholds(parse_thresholds(self.name, thresholds, 0.5))

    def update_state(self, y_true, y_pred, sample_weight=None):
        self._accumulate(y_true, y_pred, sample_weight, top_k=self.top_k, class_id=self.class_id)

    def get_config(self):
        return {"name": self.name, "dtype": self.dtype, "thresholds": self.init_thresholds,
                "top_k": self.top_k, "class_id": self.class_id}


class Precision(_PrecisionRecall):
    """Precision ``TP / (TP + FP)``: the share of predicted positives that are positive.

    Args:
        thresholds: a float or list of floats in [0, 1] (default 0.5, or "the top k" with top_k).
        top_k: count only the ``k`` highest-scored classes of each sample as predicted positive.
        class_id: compute the binary precision of this one class of a ``(batch, C)`` output.

    Shapes: ``y_true`` and ``y_pred`` of the same shape (one-hot labels for several classes).
    Returns 0 when nothing was predicted positive.
    """

    default_name = "precision"

    def result(self):
        return self._out(divide_no_nan(self.true_positives, self.true_positives + self.false_positives))


class Recall(_PrecisionRecall):
    """Recall (sensitivity) ``TP / (TP + FN)``: the share of positives that were found.

    Arguments and shapes as ``Precision``. Returns 0 when there was no positive label.
    """

    default_name = "recall"

    def result(self):
        return self._out(divide_no_nan(self.true_positives, self.true_positives + self.false_negatives))


class _SensitivitySpecificityBase(_ThresholdCounts):
    """Counts at ``num_thresholds`` evenly spaced thresholds in [0, 1] (Keras), then the best
    value of one rate among the thresholds where another rate reaches ``value``."""

    direction = "up"
    _arg = None

    def __init__(self, value=None, num_thresholds=200, class_id=None, name=None, dtype=None):
        super().__init__(name=name, dtype=dtype)
        arg = type(self)._arg
        if value is None:
            raise ConfigError(f"{type(self).__name__} needs {arg}=, a value in [0, 1]",
                              code="metric_missing_argument", metric=self.name, argument=arg)
        value = validate.fraction(value, arg, where=type(self).__name__, code="metric_argument",
                                  metric=self.name)
        num_thresholds = validate.positive_int(num_thresholds, "num_thresholds", where=type(self).__name__,
                                               code="metric_argument", metric=self.name)
        self.value = value
        setattr(self, arg, value)
        self.num_thresholds = num_thresholds
        self.class_id = class_id
        if num_thresholds == 1:
            self._set_thresholds([0.5])
        else:
            self._set_thresholds([i / (num_thresholds - 1) for i in range(num_thresholds)])

    def update_state(self, y_true, y_pred, sample_weight=None):
        self._accumulate(y_true, y_pred, sample_weight, class_id=self.class_id)

    def _max_under_constraint(self, constrained, dependent):
        """max(dependent[constrained >= value]), 0 when no threshold satisfies the constraint."""
        feasible = constrained >= self.value
        return float(np.max(dependent[feasible], initial=0.0)) if feasible.any() else 0.0

    def _rates(self):
        tp, fp, tn, fn = self.true_positives, self.false_positives, self.true_negatives, self.false_negatives
        return {"sensitivity": divide_no_nan(tp, tp + fn), "specificity": divide_no_nan(tn, tn + fp),
                "precision": divide_no_nan(tp, tp + fp)}

    def get_config(self):
        return {"name": self.name, "dtype": self.dtype, type(self)._arg: self.value,
                "num_thresholds": self.num_thresholds, "class_id": self.class_id}


class SensitivityAtSpecificity(_SensitivitySpecificityBase):
    """Best sensitivity ``TP/(TP+FN)`` among thresholds where specificity ``TN/(TN+FP)`` >= ``specificity``.

    Args:
        specificity: the required specificity in [0, 1].
        num_thresholds: evenly spaced thresholds in [0, 1] to try (default 200).
        class_id: restrict to one class of a ``(batch, C)`` output.
    """

    _arg = "specificity"
    required_args = ("specificity",)

    def __init__(self, specificity=None, num_thresholds=200, class_id=None, name=None, dtype=None):
        super().__init__(specificity, num_thresholds, class_id, name, dtype)

    def result(self):
        r = self._rates()
        return self._max_under_constraint(r["specificity"], r["sensitivity"])


class SpecificityAtSensitivity(_SensitivitySpecificityBase):
    """Best specificity among thresholds where sensitivity >= ``sensitivity`` (arguments as above)."""

    _arg = "sensitivity"
    required_args = ("sensitivity",)

    def __init__(self, sensitivity=None, num_thresholds=200, class_id=None, name=None, dtype=None):
        super().__init__(sensitivity, num_thresholds, class_id, name, dtype)

    def result(self):
        r = self._rates()
        return self._max_under_constraint(r["sensitivity"], r["specificity"])


class PrecisionAtRecall(_SensitivitySpecificityBase):
    """Best precision among thresholds where recall >= ``recall`` (arguments as above)."""

    _arg = "recall"
    required_args = ("recall",)

    def __init__(self, recall=None, num_thresholds=200, class_id=None, name=None, dtype=None):
        super().__init__(recall, num_thresholds, class_id, name, dtype)

    def result(self):
        r = self._rates()
        return self._max_under_constraint(r["sensitivity"], r["precision"])


class RecallAtPrecision(_SensitivitySpecificityBase):
    """Best recall among thresholds where precision >= ``precision`` (arguments as above)."""

    _arg = "precision"
    required_args = ("precision",)

    def __init__(self, precision=None, num_thresholds=200, class_id=None, name=None, dtype=None):
        super().__init__(precision, num_thresholds, class_id, name, dtype)

    def result(self):
        r = self._rates()
        return self._max_under_constraint(r["precision"], r["sensitivity"])


CONFUSION_METRICS = (TruePositives, TrueNegatives, FalsePositives, FalseNegatives, Precision, Recall,
                     PrecisionAtRecall, RecallAtPrecision, SensitivityAtSpecificity, SpecificityAtSensitivity)
