"""R² (coefficient of determination), streaming and exact (Keras 3 ``R2Score``)."""

from __future__ import annotations

import warnings

import numpy as np

from .. import validate
from ..errors import ConfigError, ShapeError
from .base import Metric, align_elementwise, as_result, to_float64, to_numpy_pair


class R2Score(Metric):
    """Coefficient of determination ``R² = 1 - SS_res / SS_tot`` per output, over all samples.

    ``SS_res = Σ w·(y - p)²`` and ``SS_tot = Σ w·(y - ȳ_w)²`` with the weighted mean ``ȳ_w``;
    the metric keeps ``Σw``, ``Σw·y``, ``Σw·y²`` and ``SS_res`` per output column, so the epoch
    value equals R² on the concatenated data. 1 is perfect, 0 is as good as predicting the mean,
    negative is worse. A constant target with errors gives ``-inf``, reported as 0 (Keras).

    Args:
        class_aggregation: how to combine output columns: ``"uniform_average"`` (default),
            ``"variance_weighted_average"`` (weights ``SS_tot``) or None (one value per column).
        num_regressors: the number of input features ``p`` for the adjusted R²
            ``1 - (1 - R²)·(n - 1)/(n - p - 1)``; 0 (default) gives plain R².

    Shapes: ``y_true`` and ``y_pred`` ``(batch, k)`` (``(batch,)`` is accepted).
    """

    task = ("regression",)
    direction = "up"
    default_name = "r2_score"

    def __init__(self, class_aggregation="uniform_average", num_regressors=0, name="r2_score", dtype=None):
        if class_aggregation not in (None, "uniform_average", "variance_weighted_average"):
            raise ConfigError(
                "R2Score: class_aggregation must be None, 'uniform_average' or "
                f"'variance_weighted_average', got {class_aggregation!r}",
                code="metric_argument", metric=name, class_aggregation=class_aggregation)
        num_regressors = validate.non_negative_int(num_regressors, "num_regressors", where="R2Score",
                                                   code="metric_argument", metric=name)
        super().__init__(name=name, dtype=dtype)
        self.class_aggregation = class_aggregation
        self.num_regressors = num_regressors
        self.reset_state()

    def reset_state(self):
        self._sums = None  # (4, k): Σw, Σw·y, Σw·y², Σw·(y - p)²
        self.num_samples = 0

    def update_state(self, y_true, y_pred, sample_weight=None):
        y_true, y_pred = to_numpy_pair(y_true, y_pred)
        y_true, y_pred = align_elementwise(self.name, y_true.astype("float64", copy=False), y_pred)
        if y_true.ndim != 2:
            raise ShapeError(f"{self.name}: expects (batch, outputs) arrays, got shape {y_true.shape}",
                             code="metric_shape", metric=self.name, y_true=str(y_true.shape))
        if sample_weight is None:
            sw = np.ones_like(y_true)
        else:
            sw = to_float64(sample_weight)
            if sw.ndim == 1:
                sw = sw[:, None]  # one weight per row
            sw = np.broadcast_to(sw, y_true.shape)
        wy = sw * y_true
        batch = np.stack([sw.sum(0), wy.sum(0), (wy * y_true).sum(0), (sw * (y_true - y_pred) ** 2).sum(0)])
        if self._sums is not None and self._sums.shape != batch.shape:
            raise ShapeError(
                f"{self.name}: this batch has {batch.shape[1]} output columns but earlier ones had "
                f"{self._sums.shape[1]}", code="metric_shape", metric=self.name)
        self._sums = batch if self._sums is None else self._sums + batch
        self.num_samples += y_true.size  # Keras counts elements, not rows

    def result(self):
        if self._sums is None:
            return 0.0
        count, total, total_sq, residual = self._sums
        with np.errstate(divide="ignore", invalid="ignore"):
            ss_tot = total_sq - total * (total / count)
            raw = 1.0 - residual / ss_tot
        raw = np.where(np.isinf(raw), 0.0, raw)
        if self.class_aggregation == "uniform_average":
            r2 = np.mean(raw)
        elif self.class_aggregation == "variance_weighted_average":
            with np.errstate(divide="ignore", invalid="ignore"):
                r2 = np.sum(ss_tot * raw) / np.sum(ss_tot)
        else:
            r2 = raw
        n, p = self.num_samples, self.num_regressors
        if p:
            if p >= n - 1:
                warnings.warn(f"{self.name}: adjusted R² needs more samples ({n}) than regressors + 1 "
                              f"({p + 1}); reporting plain R²", stacklevel=2)
            else:
                r2 = 1.0 - (1.0 - r2) * (n - 1) / (n - p - 1)
        return as_result(r2)

    def get_config(self):
        return {"name": self.name, "dtype": self.dtype, "class_aggregation": self.class_aggregation,
                "num_regressors": self.num_regressors}
