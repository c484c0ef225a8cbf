"""Hinge metrics (Keras 3): running means of the hinge losses of ``netbuilder.core.losses``."""

from __future__ import annotations

from .base import MeanMetricWrapper, align_elementwise, check_one_hot_labels, loss_function


class Hinge(MeanMetricWrapper):
    """Mean hinge: ``mean(max(1 - y·p, 0), axis=-1)`` per sample.

    Labels in {-1, 1}; labels in {0, 1} are mapped to {-1, 1} (Keras). ``y_pred`` is a raw
    score (tanh or linear output). Shapes: ``y_true`` and ``y_pred`` ``(batch, k)``.
    """

    task = ("binary",)
    direction = "down"
    default_name = "hinge"

    def __init__(self, name="hinge", dtype=None):
        super().__init__(loss_function("hinge"), name=name, dtype=dtype)

    def _prepare(self, y_true, y_pred):
        return align_elementwise(self.name, y_true, y_pred)

    def get_config(self):
        return {"name": self.name, "dtype": self.dtype}


class SquaredHinge(MeanMetricWrapper):
    """Mean squared hinge: ``mean(max(1 - y·p, 0)², axis=-1)`` per sample (labels as ``Hinge``)."""

    task = ("binary",)
    direction = "down"
    default_name = "squared_hinge"

    def __init__(self, name="squared_hinge", dtype=None):
        super().__init__(loss_function("squared_hinge"), name=name, dtype=dtype)

    def _prepare(self, y_true, y_pred):
        return align_elementwise(self.name, y_true, y_pred)

    def get_config(self):
        return {"name": self.name, "dtype": self.dtype}


class CategoricalHinge(MeanMetricWrapper):
    """Mean categorical hinge: ``max(max((1-y)·p) - Σ y·p + 1, 0)`` per sample.

    Shapes: ``y_true`` one-hot and ``y_pred`` ``(batch, C)``.
    """

    task = ("multiclass",)
    label_format = "one_hot"
    direction = "down"
    default_name = "categorical_hinge"

    def __init__(self, name="categorical_hinge", dtype=None):
        super().__init__(loss_function("categorical_hinge"), name=name, dtype=dtype)

    def _prepare(self, y_true, y_pred):
        check_one_hot_labels(self.name, y_true, y_pred)
        return y_true, y_pred

    def get_config(self):
        return {"name": self.name, "dtype": self.dtype}


HINGE_METRICS = (Hinge, SquaredHinge, CategoricalHinge)
