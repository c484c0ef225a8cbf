"""Intersection-over-Union metrics (Keras 3): IoU, MeanIoU, BinaryIoU, OneHotIoU, OneHotMeanIoU.

All keep a weighted ``num_classes × num_classes`` confusion matrix (rows: true class, columns:
predicted class), updated with one ``bincount`` per batch, so the epoch value is that of the
concatenated data.
"""

from __future__ import annotations

import numpy as np

from .. import backend as B
from .. import validate
from ..errors import ConfigError, DataError, ShapeError
from .base import Metric, to_float64, to_numpy_pair


def _check_num_classes(cls_name, name, num_classes):
    if num_classes is None:
        raise ConfigError(
            f"{cls_name} needs num_classes=, the number of classes (for example "
            f"{cls_name}(num_classes=3)); it sets the size of the confusion matrix",
            code="metric_missing_argument", metric=name, argument="num_classes")
    return validate.positive_int(num_classes, "num_classes", where=cls_name, code="metric_argument",
                                 metric=name)


class _IoUBase(Metric):
    task = ("multiclass", "binary")
    direction = "up"
    label_format = "sparse"

    def __init__(self, num_classes=None, name=None, dtype=None, ignore_class=None, sparse_y_true=True,
                 sparse_y_pred=True, axis=-1):
        super().__init__(name=name, dtype=dtype)
        num_classes = _check_num_classes(type(self).__name__, self.name, num_classes)
        self.num_classes = int(num_classes)
        self.ignore_class = ignore_class
        self.sparse_y_true = sparse_y_true
        self.sparse_y_pred = sparse_y_pred
        self.axis = axis
        self.reset_state()

    def reset_state(self):
        self.total_cm = np.zeros((self.num_classes, self.num_classes))

    def _class_ids(self, x, what, sparse, twin_arg):
        if not sparse:
            return np.argmax(x, axis=self.axis)
        ids = np.rint(x).astype("int64")
        if x.size and np.any(ids != x):
            raise DataError(
                f"{self.name}: {what} must be integer class ids (got non-integer values such as "
                f"{x[ids != x].ravel()[0]:.4g}); for per-class scores pass {twin_arg}=False so the "
                "metric takes their argmax", code="metric_needs_ids", metric=self.name, argument=twin_arg)
        return ids

    def update_state(self, y_true, y_pred, sample_weight=None):
        y_true, y_pred = to_numpy_pair(y_true, y_pred)
        t = self._class_ids(y_true, "labels", self.sparse_y_true, "sparse_y_true")
        p = self._class_ids(y_pred, "predictions", self.sparse_y_pred, "sparse_y_pred")
        if t.ndim == p.ndim + 1 and t.shape[-1] == 1:
            t = t[..., 0]
        elif p.ndim == t.ndim + 1 and p.shape[-1] == 1:
            p = p[..., 0]
        if t.shape != p.shape:
            raise ShapeError(
                f"{self.name}: labels give class ids of shape {t.shape} but predictions give {p.shape} "
                f"(labels {y_true.shape}, predictions {y_pred.shape}); per-class scores need "
                "sparse_y_pred=False", code="metric_shape", metric=self.name,
                y_true=str(y_true.shape), y_pred=str(y_pred.shape))
        if sample_weight is None:
            w = np.ones(t.shape)
        else:
            w = to_float64(sample_weight)
            w = w.reshape(w.shape + (1,) * max(t.ndim - w.ndim, 0))  # (batch,) weights each sample's pixels
            try:
                w = np.broadcast_to(w, t.shape)
            except ValueError:
                raise ShapeError(f"{self.name}: sample_weight of shape {np.shape(sample_weight)} does not "
                                 f"fit labels of shape {t.shape}", code="metric_sample_weight",
                                 metric=self.name) from None
        t, p, w = t.ravel(), p.ravel(), w.ravel()
        if self.ignore_class is not None:
            keep = t != self.ignore_class
            t, p, w = t[keep], p[keep], w[keep]
        c = self.num_classes
        for ids, what in ((t, "labels"), (p, "predictions")):
            if ids.size and (ids.min() < 0 or ids.max() >= c):
                raise DataError(
                    f"{self.name}: {what} contain class ids from {ids.min()} to {ids.max()}, outside "
                    f"[0, {c}); raise num_classes or check the data", code="metric_label_range",
                    metric=self.name, num_classes=c)
        self.total_cm += np.bincount(t * c + p, weights=w, minlength=c * c).reshape(c, c)

    def class_ious(self):
        """Per-class IoU ``TP / (TP + FP + FN)`` and the denominators, both ``(num_classes,)``."""
        cm = self.total_cm
        tp = np.diag(cm)
        denominator = cm.sum(axis=0) + cm.sum(axis=1) - tp
        return tp / (denominator + B.epsilon()), denominator

    def get_config(self):
        return {"name": self.name, "dtype": self.dtype, "num_classes": self.num_classes,
                "ignore_class": self.ignore_class, "sparse_y_true": self.sparse_y_true,
                "sparse_y_pred": self.sparse_y_pred, "axis": self.axis}


class IoU(_IoUBase):
    """Mean IoU over ``target_class_ids``: ``IoU_c = TP_c / (TP_c + FP_c + FN_c)``.

    Classes that never occur (zero denominator) are left out of the mean; Keras's ``ε = 1e-7``
    guards the divisions.

    Args:
        num_classes: number of classes C (required).
        target_class_ids: the classes to average over.
        ignore_class: a label id (e.g. 255 for "void") whose samples are skipped.
        sparse_y_true / sparse_y_pred: True for integer class ids, False for per-class scores
            (their argmax over ``axis`` is taken).

    Shapes: class ids ``(batch, ...)`` or scores ``(batch, ..., C)``; every element counts.
    """

    required_args = ("num_classes", "target_class_ids")

    def __init__(self, num_classes=None, target_class_ids=None, name=None, dtype=None, ignore_class=None,
                 sparse_y_true=True, sparse_y_pred=True, axis=-1):
        super().__init__(num_classes, name, dtype, ignore_class, sparse_y_true, sparse_y_pred, axis)
        if target_class_ids is None or not len(target_class_ids):
            raise ConfigError(f"{type(self).__name__} needs target_class_ids=, a list of class ids",
                              code="metric_missing_argument", metric=self.name, argument="target_class_ids")
        if max(target_class_ids) >= self.num_classes or min(target_class_ids) < 0:
            raise ConfigError(f"{type(self).__name__}: target_class_ids {list(target_class_ids)} must lie "
                              f"in [0, {self.num_classes})", code="metric_argument", metric=self.name)
        self.target_class_ids = [int(i) for i in target_class_ids]

    def result(self):
        iou, denominator = self.class_ious()
        ids = self.target_class_ids
        valid = float(np.sum(denominator[ids] > 1e-9))
        return float(np.sum(iou[ids]) / (valid + B.epsilon()))

    def get_config(self):
        return {**super().get_config(), "target_class_ids": self.target_class_ids}


class MeanIoU(IoU):
    """Mean of the per-class IoUs over all ``num_classes`` classes (semantic segmentation).

    Args:
        num_classes: number of classes C (required).
        ignore_class, sparse_y_true, sparse_y_pred, axis: as ``IoU``. With a softmax output,
            pass ``sparse_y_pred=False`` so the predicted class is the argmax.
    """

    required_args = ("num_classes",)
    default_name = "mean_io_u"

    def __init__(self, num_classes=None, name=None, dtype=None, ignore_class=None, sparse_y_true=True,
                 sparse_y_pred=True, axis=-1):
        num_classes = _check_num_classes(type(self).__name__, name or self.default_name, num_classes)
        super().__init__(num_classes, list(range(num_classes)), name, dtype, ignore_class,
                         sparse_y_true, sparse_y_pred, axis)

    def get_config(self):
        config = super().get_config()
        config.pop("target_class_ids")
        return config


class BinaryIoU(IoU):
    """IoU for binary labels after thresholding: class 1 where ``y_pred >= threshold``.

    Args:
        target_class_ids: ``[0]``, ``[1]`` or ``[0, 1]`` (default: the mean of both).
        threshold: decision threshold (default 0.5).
    """

    task = ("binary",)
    needs_thresholds = True
    label_format = None
    required_args = ()
    default_name = "binary_io_u"

    def __init__(self, target_class_ids=(0, 1), threshold=0.5, name=None, dtype=None):
        super().__init__(2, list(target_class_ids), name, dtype)
        self.threshold = threshold

    def update_state(self, y_true, y_pred, sample_weight=None):
        y_true, y_pred = to_numpy_pair(y_true, y_pred)
        super().update_state(y_true, (y_pred >= self.threshold).astype("float64"), sample_weight)

    def get_config(self):
        return {"name": self.name, "dtype": self.dtype, "target_class_ids": self.target_class_ids,
                "threshold": self.threshold}


class OneHotIoU(IoU):
    """``IoU`` for one-hot labels and per-class scores (argmax of both)."""

    label_format = "one_hot"

    def __init__(self, num_classes=None, target_class_ids=None, name=None, dtype=None, ignore_class=None,
                 sparse_y_pred=False, axis=-1):
        super().__init__(num_classes, target_class_ids, name, dtype, ignore_class, False, sparse_y_pred, axis)

    def get_config(self):
        config = super().get_config()
        config.pop("sparse_y_true")
        return config


class OneHotMeanIoU(MeanIoU):
    """``MeanIoU`` for one-hot labels and per-class scores (argmax of both)."""

    label_format = "one_hot"
    default_name = "one_hot_mean_io_u"

    def __init__(self, num_classes=None, name=None, dtype=None, ignore_class=None, sparse_y_pred=False, axis=-1):
        super().__init__(num_classes, name, dtype, ignore_class, False, sparse_y_pred, axis)

    def get_config(self):
        config = super().get_config()
        config.pop("sparse_y_true")
        return config


IOU_METRICS = (IoU, MeanIoU, BinaryIoU, OneHotIoU, OneHotMeanIoU)
