"""The streaming metric interface (Keras 3): ``update_state`` / ``result`` / ``reset_state``."""

from __future__ import annotations

import numpy as np

from .. import backend as B


class Metric:
    """Base class of stateful metrics.

    ``update_state(y_true, y_pred, sample_weight=None)`` accumulates a batch; ``result()``
    returns the value over everything seen since ``reset_state()`` (a Python float for scalar
    metrics).

    Class attributes describe what the metric applies to, so the UI can offer only fitting
    metrics: ``task`` is a tuple of ``"binary"``, ``"multiclass"``, ``"regression"``.
    """

    task: tuple = ("binary", "multiclass", "regression")
    needs_probabilities = False
    needs_thresholds = False

    def __init__(self, name=None, dtype=None):
        self.name = name or getattr(type(self), "default_name", type(self).__name__)
        self.dtype = dtype

    def update_state(self, y_true, y_pred, sample_weight=None):
        raise NotImplementedError

    def result(self):
        raise NotImplementedError

    def reset_state(self):
        raise NotImplementedError

    def __call__(self, y_true, y_pred, sample_weight=None):
        """One-shot value on this batch (resets first, like a fresh metric)."""
        self.reset_state()
        self.update_state(y_true, y_pred, sample_weight)
        return self.result()

    def get_config(self) -> dict:
        return {"name": self.name}

    @classmethod
    def from_config(cls, config):
        return cls(**config)


def to_numpy_pair(y_true, y_pred):
    """Metrics accumulate on the host in float64: (y_true, y_pred) as NumPy arrays."""
    return np.asarray(B.to_numpy(y_true)), np.asarray(B.to_numpy(y_pred), dtype="float64")


class Mean(Metric):
    """Weighted mean of the values given to ``update_state(values, sample_weight)``."""

    def __init__(self, name="mean", dtype=None):
        super().__init__(name=name, dtype=dtype)
        self.reset_state()

    def reset_state(self):
        self.total = 0.0
        self.count = 0.0

    def update_state(self, values, sample_weight=None):
        values = np.asarray(B.to_numpy(values), dtype="float64")
        if sample_weight is None:
            self.total += float(values.sum())
            self.count += float(values.size)
        else:
            sw = np.asarray(B.to_numpy(sample_weight), dtype="float64")
            sw = np.broadcast_to(sw.reshape(sw.shape + (1,) * (values.ndim - sw.ndim)), values.shape)
            self.total += float((values * sw).sum())
            self.count += float(sw.sum())

    def result(self):
        return self.total / self.count if self.count else 0.0


class MeanMetricWrapper(Mean):
    """Turn ``fn(y_true, y_pred) -> per-sample values`` into a streaming mean metric."""

    def __init__(self, fn, name=None, dtype=None, **fn_kwargs):
        super().__init__(name=name or getattr(fn, "__name__", "metric"), dtype=dtype)
        self._fn = fn
        self._fn_kwargs = fn_kwargs

    def update_state(self, y_true, y_pred, sample_weight=None):
        y_true, y_pred = to_numpy_pair(y_true, y_pred)
        super().update_state(self._fn(y_true, y_pred, **self._fn_kwargs), sample_weight)

    def get_config(self):
        return {"name": self.name, **self._fn_kwargs}
