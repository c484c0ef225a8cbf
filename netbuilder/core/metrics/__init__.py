"""Metrics: streaming, with Keras 3 names (``compile(metrics=["accuracy"])``)."""

from __future__ import annotations

import numpy as np

from ..registry import METRICS, to_snake_case
from .base import Mean, MeanMetricWrapper, Metric, to_numpy_pair


# ------------------------------------------------------------------ basic functions
def binary_accuracy(y_true, y_pred, threshold=0.5):
    y_true, y_pred = to_numpy_pair(y_true, y_pred)
    if y_true.ndim == y_pred.ndim - 1:
        y_true = y_true[..., None]
    return ((y_pred > threshold) == (y_true > 0.5)).astype("float64").mean(axis=-1)


def categorical_accuracy(y_true, y_pred):
    y_true, y_pred = to_numpy_pair(y_true, y_pred)
    return (y_true.argmax(axis=-1) == y_pred.argmax(axis=-1)).astype("float64")


def sparse_categorical_accuracy(y_true, y_pred):
    y_true, y_pred = to_numpy_pair(y_true, y_pred)
    if y_true.ndim == y_pred.ndim:
        y_true = y_true[..., 0]
    return (y_true.astype("int64") == y_pred.argmax(axis=-1)).astype("float64")


def mean_absolute_error(y_true, y_pred):
    y_true, y_pred = to_numpy_pair(y_true, y_pred)
    return np.abs(y_pred - y_true).mean(axis=-1)


def mean_squared_error(y_true, y_pred):
    y_true, y_pred = to_numpy_pair(y_true, y_pred)
    return ((y_pred - y_true) ** 2).mean(axis=-1)


class BinaryAccuracy(MeanMetricWrapper):
    task = ("binary",)
    needs_probabilities = True

    def __init__(self, name="binary_accuracy", dtype=None, threshold=0.5):
        super().__init__(binary_accuracy, name=name, dtype=dtype, threshold=threshold)


class CategoricalAccuracy(MeanMetricWrapper):
    task = ("multiclass",)

    def __init__(self, name="categorical_accuracy", dtype=None):
        super().__init__(categorical_accuracy, name=name, dtype=dtype)


class SparseCategoricalAccuracy(MeanMetricWrapper):
    task = ("multiclass",)

    def __init__(self, name="sparse_categorical_accuracy", dtype=None):
        super().__init__(sparse_categorical_accuracy, name=name, dtype=dtype)


class MeanAbsoluteError(MeanMetricWrapper):
    task = ("regression",)

    def __init__(self, name="mean_absolute_error", dtype=None):
        super().__init__(mean_absolute_error, name=name, dtype=dtype)


class MeanSquaredError(MeanMetricWrapper):
    task = ("regression",)

    def __init__(self, name="mean_squared_error", dtype=None):
        super().__init__(mean_squared_error, name=name, dtype=dtype)


for _cls in (Mean, BinaryAccuracy, CategoricalAccuracy, SparseCategoricalAccuracy,
             MeanAbsoluteError, MeanSquaredError):
    METRICS.register(_cls, name=_cls.__name__, aliases=(to_snake_case(_cls.__name__),))
METRICS.register(MeanAbsoluteError, name="mae", aliases=()) if "mae" not in METRICS else None
METRICS.register(MeanSquaredError, name="mse", aliases=()) if "mse" not in METRICS else None


def get(identifier) -> Metric:
    """Resolve a metric name, config dict or instance (not ``"accuracy"``: see ``resolve``)."""
    if isinstance(identifier, Metric):
        return identifier
    if isinstance(identifier, str):
        cls = METRICS.lookup(identifier)
        return cls(name=identifier) if identifier in ("mae", "mse") else cls()
    return METRICS.get(identifier, instance_types=(Metric,))


def resolve(identifier, loss=None, y_true_shape=None, y_pred_shape=None) -> Metric:
    """Resolve a ``compile(metrics=...)`` entry as Keras's compile does.

    ``"accuracy"``/``"acc"`` become BinaryAccuracy when the output has one unit,
    SparseCategoricalAccuracy when the labels have one fewer axis (or a last axis of 1 while
    the output has several units), else CategoricalAccuracy; the metric keeps the name the user
    typed, so History has ``accuracy`` / ``val_accuracy``.
    """
    if isinstance(identifier, str) and identifier in ("accuracy", "acc"):
        yp = tuple(y_pred_shape or ())
        yt = tuple(y_true_shape or ())
        if yp and yp[-1] == 1:
            return BinaryAccuracy(name=identifier)
        if yt and yp and (len(yt) == len(yp) - 1 or (len(yt) == len(yp) and yt[-1] == 1)):
            return SparseCategoricalAccuracy(name=identifier)
        return CategoricalAccuracy(name=identifier)
    return get(identifier)


__all__ = ["Metric", "Mean", "MeanMetricWrapper", "get", "resolve"]
