"""AUC: area under the ROC or precision-recall curve, streaming (Keras 3 ``AUC``)."""

from __future__ import annotations

import numpy as np

from .. import backend as B
from .. import validate
from ..errors import ConfigError, ShapeError
from .base import Metric, divide_no_nan, to_float64
from .confusion import confusion_counts, is_evenly_distributed, parse_thresholds, prepare_confusion_inputs

_CURVES = {"roc": "ROC", "pr": "PR"}
_SUMMATIONS = ("interpolation", "majoring", "minoring")


class AUC(Metric):
    """Approximate area under the ROC curve (default) or the precision-recall curve.

    Predictions are counted in buckets between ``num_thresholds`` thresholds: ``-ε``,
    ``(i+1)/(num_thresholds-1)`` for ``i < num_thresholds-2``, and ``1+ε``. Each batch costs one
    ``searchsorted`` plus one histogram; the epoch value uses the counts of the whole epoch.
    From the counts at consecutive thresholds ``i, i+1``:

    - ROC: ``Σ (FPR_i - FPR_{i+1}) · h_i`` with ``FPR = FP/(FP+TN)``, heights from
      ``TPR = TP/(TP+FN)``.
    - PR: ``Σ (R_i - R_{i+1}) · h_i`` with precision heights, except for ``"interpolation"``,
      which integrates precision while TP and TP+FP vary linearly between thresholds
      (Davis & Goadrich 2006, Keras's closed form).

    Heights ``h_i``: ``"interpolation"`` the mean of both ends, ``"minoring"`` the smaller,
    ``"majoring"`` the larger.

    Args:
        num_thresholds: number of thresholds (> 1, default 200); ignored if ``thresholds`` is given.
        curve: ``"ROC"`` or ``"PR"``.
        summation_method: ``"interpolation"``, ``"minoring"`` or ``"majoring"``.
        thresholds: explicit thresholds in [0, 1] (``-ε`` and ``1+ε`` are added).
        multi_label: compute one AUC per column of a ``(batch, L)`` output and average them;
            otherwise all elements are pooled (use False for one-hot multi-class outputs).
        num_labels: L, when known in advance (multi_label only).
        label_weights: per-label weights: of the label AUCs when ``multi_label``, else of the
            flattened decisions.
        from_logits: apply a sigmoid to ``y_pred`` first.

    Shapes: ``y_true`` and ``y_pred`` of the same shape; ``y_pred`` probabilities in [0, 1]
    (values outside are clipped when the thresholds are evenly spaced, as in Keras).
    """

    task = ("binary", "multiclass")
    needs_probabilities = True
    needs_thresholds = True
    direction = "up"
    default_name = "auc"

    def __init__(self, num_thresholds=200, curve="ROC", summation_method="interpolation", name=None,
                 dtype=None, thresholds=None, multi_label=False, num_labels=None, label_weights=None,
                 from_logits=False):
        super().__init__(name=name, dtype=dtype)
        if str(curve).lower() not in _CURVES:
            raise ConfigError(f"AUC: curve must be 'ROC' or 'PR', got curve={curve!r}",
                              code="metric_argument", metric=self.name, curve=curve)
        if str(summation_method).lower() not in _SUMMATIONS:
            raise ConfigError(
                f"AUC: summation_method must be one of {_SUMMATIONS}, got {summation_method!r}",
                code="metric_argument", metric=self.name, summation_method=summation_method)
        self._init_from_thresholds = thresholds is not None
        if thresholds is not None:
            inner = sorted(parse_thresholds(self.name, thresholds, 0.5))
            self.num_thresholds = len(inner) + 2
            self._thresholds_distributed_evenly = is_evenly_distributed([0.0] + inner + [1.0])
        else:
            num_thresholds = validate.integer(num_thresholds, "num_thresholds", where="AUC", lo=2,
                                              must="an integer > 1", code="metric_argument", metric=self.name)
            self.num_thresholds = num_thresholds
            inner = [(i + 1) / (num_thresholds - 1) for i in range(num_thresholds - 2)]
            self._thresholds_distributed_evenly = True
        eps = B.epsilon()
        self._thresholds = np.array([0.0 - eps] + inner + [1.0 + eps])
        self.curve = _CURVES[str(curve).lower()]
        self.summation_method = str(summation_method).lower()
        self.multi_label = bool(multi_label)
        if num_labels and not self.multi_label:
            raise ConfigError("AUC: num_labels is needed only when multi_label=True",
                              code="metric_argument", metric=self.name, num_labels=num_labels)
        self.num_labels = num_labels
        self.label_weights = None if label_weights is None else to_float64(label_weights)
        if self.label_weights is not None and np.any(self.label_weights < 0):
            raise ConfigError("AUC: label_weights must be non-negative", code="metric_argument",
                              metric=self.name)
        self.from_logits = bool(from_logits)
        self._num_labels = num_labels if self.multi_label else None
        self.reset_state()

    @property
    def thresholds(self):
        """The thresholds in use, endpoints ``-ε`` and ``1+ε`` included."""
        return list(self._thresholds)

    def reset_state(self):
        shape = (self.num_thresholds,) if not self.multi_label else (self.num_thresholds, self._num_labels or 0)
        self.true_positives = np.zeros(shape)
        self.false_positives = np.zeros(shape)
        self.true_negatives = np.zeros(shape)
        self.false_negatives = np.zeros(shape)

    def update_state(self, y_true, y_pred, sample_weight=None):
        labels, y_pred, weights = prepare_confusion_inputs(self.name, y_true, y_pred, sample_weight)
        if self.from_logits:
            y_pred = 0.5 * (1.0 + np.tanh(0.5 * y_pred))  # sigmoid without overflow
        if self._thresholds_distributed_evenly:
            y_pred = np.clip(y_pred, 0.0, 1.0)
        if self.multi_label:
            if y_pred.ndim != 2:
                raise ShapeError(f"{self.name}: multi_label=True needs y_pred of rank 2 (batch, labels), "
                                 f"got shape {y_pred.shape}", code="metric_shape", metric=self.name,
                                 y_pred=str(y_pred.shape))
            if self._num_labels is None:
                self._num_labels = y_pred.shape[1]
                self.reset_state()
            elif y_pred.shape[1] != self._num_labels:
                raise ShapeError(f"{self.name}: got {y_pred.shape[1]} labels, expected {self._num_labels}",
                                 code="metric_shape", metric=self.name, y_pred=str(y_pred.shape))
        elif self.label_weights is not None:
            lw = np.broadcast_to(self.label_weights, y_pred.shape)
            weights = lw if weights is None else weights * lw
        tp, fp, tn, fn = confusion_counts(labels, y_pred, weights, self._thresholds, self.multi_label)
        self.true_positives += tp
        self.false_positives += fp
        self.true_negatives += tn
        self.false_negatives += fn

    def _average_labels(self, by_label):
        if by_label.size == 0:
            return 0.0
        if self.label_weights is None:
            return float(np.mean(by_label))
        return float(divide_no_nan(np.sum(by_label * self.label_weights), np.sum(self.label_weights)))

    def interpolate_pr_auc(self):
        """PR-AUC with TP and P = TP + FP linear between thresholds (Davis & Goadrich 2006):
        each interval adds ``slope·(ΔTP + intercept·log(P_i / P_{i+1})) / (TP + FN)`` with
        ``slope = ΔTP/ΔP`` and ``intercept = TP_{i+1} - slope·P_{i+1}``."""
        tp, fp, fn = self.true_positives, self.false_positives, self.false_negatives
        dtp = tp[:-1] - tp[1:]
        p = tp + fp
        dp = p[:-1] - p[1:]
        slope = divide_no_nan(dtp, np.maximum(dp, 0))
        intercept = tp[1:] - slope * p[1:]
        both = (p[:-1] > 0) & (p[1:] > 0)
        ratio = np.where(both, divide_no_nan(p[:-1], np.maximum(p[1:], 0)), 1.0)
        log_ratio = np.log(np.where(ratio > 0, ratio, 1.0))
        increments = divide_no_nan(slope * (dtp + intercept * log_ratio), np.maximum(tp[1:] + fn[1:], 0))
        if self.multi_label:
            return self._average_labels(np.sum(increments, axis=0))
        return float(np.sum(increments))

    def result(self):
        if self.curve == "PR" and self.summation_method == "interpolation":
            return self.interpolate_pr_auc()
        tp, fp, tn, fn = self.true_positives, self.false_positives, self.true_negatives, self.false_negatives
        recall = divide_no_nan(tp, tp + fn)
        if self.curve == "ROC":
            x, y = divide_no_nan(fp, fp + tn), recall
        else:
            x, y = recall, divide_no_nan(tp, tp + fp)
        if self.summation_method == "interpolation":
            heights = (y[:-1] + y[1:]) / 2.0
        elif self.summation_method == "minoring":
            heights = np.minimum(y[:-1], y[1:])
        else:
            heights = np.maximum(y[:-1], y[1:])
        terms = (x[:-1] - x[1:]) * heights
        if self.multi_label:
            return self._average_labels(np.sum(terms, axis=0))
        return float(np.sum(terms))

    def get_config(self):
        config = {"name": self.name, "dtype": self.dtype, "num_thresholds": self.num_thresholds,
                  "curve": self.curve, "summation_method": self.summation_method,
                  "multi_label": self.multi_label, "num_labels": self.num_labels,
                  "label_weights": None if self.label_weights is None else self.label_weights.tolist(),
                  "from_logits": self.from_logits}
        if self._init_from_thresholds:
            config["thresholds"] = [float(t) for t in self._thresholds[1:-1]]
        return config
