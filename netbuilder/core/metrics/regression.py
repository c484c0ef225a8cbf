"""Regression metrics (Keras 3): running means of per-sample errors.

The per-sample formulas are the losses of the same name in ``netbuilder.core.losses``;
``RootMeanSquaredError`` keeps the running mean of squared errors and takes the root at the end,
so its epoch value is the RMSE of the whole epoch (not a mean of batch RMSEs).
"""

from __future__ import annotations

import math

import numpy as np

from .base import Mean, MeanMetricWrapper, align_elementwise, loss_function, to_numpy_pair


class _Elementwise(MeanMetricWrapper):
    """A mean of a per-sample loss over ``y_true``/``y_pred`` of the same shape."""

    task = ("regression",)
    direction = "down"

    def _prepare(self, y_true, y_pred):
        return align_elementwise(self.name, y_true.astype("float64", copy=False), y_pred)

    def get_config(self):
        return {"name": self.name, "dtype": self.dtype}


class MeanSquaredError(_Elementwise):
    """Mean squared error: ``mean((y_true - y_pred)², axis=-1)`` per sample.

    Shapes: ``y_true`` and ``y_pred`` ``(batch, k)`` (``(batch,)`` is accepted).
    """

    default_name = "mean_squared_error"

    def __init__(self, name="mean_squared_error", dtype=None):
        super().__init__(loss_function("mean_squared_error"), name=name, dtype=dtype)


class MeanAbsoluteError(_Elementwise):
    """Mean absolute error: ``mean(|y_true - y_pred|, axis=-1)`` per sample."""

    default_name = "mean_absolute_error"

    def __init__(self, name="mean_absolute_error", dtype=None):
        super().__init__(loss_function("mean_absolute_error"), name=name, dtype=dtype)


class MeanAbsolutePercentageError(_Elementwise):
    """Mean absolute percentage error: ``100·mean(|y_true - y_pred| / max(|y_true|, ε), axis=-1)``."""

    default_name = "mean_absolute_percentage_error"

    def __init__(self, name="mean_absolute_percentage_error", dtype=None):
        super().__init__(loss_function("mean_absolute_percentage_error"), name=name, dtype=dtype)


class MeanSquaredLogarithmicError(_Elementwise):
    """Mean squared log error: ``mean((log(max(y,ε)+1) - log(max(p,ε)+1))², axis=-1)``."""

    default_name = "mean_squared_logarithmic_error"

    def __init__(self, name="mean_squared_logarithmic_error", dtype=None):
        super().__init__(loss_function("mean_squared_logarithmic_error"), name=name, dtype=dtype)


class LogCoshError(_Elementwise):
    """Mean log-cosh error: ``mean(log(cosh(y_pred - y_true)), axis=-1)`` per sample.

    Keras's default name is ``"logcosh"``.
    """

    default_name = "logcosh"

    def __init__(self, name="logcosh", dtype=None):
        super().__init__(loss_function("log_cosh"), name=name, dtype=dtype)


def cosine_similarity(y_true, y_pred, axis=-1):
    """Per-sample cosine similarity ``Σ (y/‖y‖)·(p/‖p‖)`` along ``axis`` (in [-1, 1]).

    The loss ``losses.cosine_similarity`` is its negative (a loss is minimised), so the metric
    negates it rather than writing the formula again.
    """
    kwargs = {} if axis == -1 else {"axis": axis}
    return -np.asarray(loss_function("cosine_similarity")(y_true, y_pred, **kwargs), dtype="float64")


class CosineSimilarity(_Elementwise):
    """Mean cosine similarity between label and prediction vectors (1 = same direction).

    Args:
        axis: the axis along which the vectors lie (default -1).

    Shapes: ``y_true`` and ``y_pred`` ``(batch, d)``.
    """

    direction = "up"
    default_name = "cosine_similarity"

    def __init__(self, name="cosine_similarity", dtype=None, axis=-1):
        super().__init__(cosine_similarity, name=name, dtype=dtype, axis=axis)
        self.axis = axis

    def get_config(self):
        return {"name": self.name, "dtype": self.dtype, "axis": self.axis}


class RootMeanSquaredError(Mean):
    """Root mean squared error over everything seen: ``sqrt(Σ w·mean((y - p)²) / Σ w)``.

    Shapes: ``y_true`` and ``y_pred`` ``(batch, k)`` (``(batch,)`` is accepted).
    """

    task = ("regression",)
    direction = "down"
    default_name = "root_mean_squared_error"

    def __init__(self, name="root_mean_squared_error", dtype=None):
        super().__init__(name=name, dtype=dtype)

    def update_state(self, y_true, y_pred, sample_weight=None):
        y_true, y_pred = to_numpy_pair(y_true, y_pred)
        y_true, y_pred = align_elementwise(self.name, y_true.astype("float64", copy=False), y_pred)
        super().update_state((y_pred - y_true) ** 2, sample_weight)

    def result(self):
        return math.sqrt(max(super().result(), 0.0))


REGRESSION_METRICS = (MeanSquaredError, RootMeanSquaredError, MeanAbsoluteError,
                      MeanAbsolutePercentageError, MeanSquaredLogarithmicError, CosineSimilarity,
                      LogCoshError)
