"""Probabilistic metrics (Keras 3): crossentropies, KL divergence and Poisson as running means.

Each is the mean over all samples seen of the per-sample loss of the same name in
``netbuilder.core.losses`` (the maths lives there once). Useful to watch, for example, the
crossentropy of a model trained with another loss, or on the validation set.
"""

from __future__ import annotations

from .base import (MeanMetricWrapper, align_elementwise, check_one_hot_labels, loss_function,
                   non_default_kwargs, sparse_class_ids)


class BinaryCrossentropy(MeanMetricWrapper):
    """Mean binary crossentropy: ``-mean(y·log p + (1-y)·log(1-p), axis=-1)`` per sample.

    Args:
        from_logits: ``y_pred`` holds logits (a sigmoid is applied) instead of probabilities.
        label_smoothing: in [0, 1]; labels become ``y·(1-s) + s/2``.

    Shapes: ``y_true`` and ``y_pred`` ``(batch, k)`` (``(batch,)`` labels are accepted).
    """

    task = ("binary",)
    needs_probabilities = True
    direction = "down"
    default_name = "binary_crossentropy"

    def __init__(self, name="binary_crossentropy", dtype=None, from_logits=False, label_smoothing=0):
        super().__init__(loss_function("binary_crossentropy"), name=name, dtype=dtype,
                         **non_default_kwargs(from_logits=from_logits, label_smoothing=label_smoothing))
        self.from_logits = from_logits
        self.label_smoothing = label_smoothing

    def _prepare(self, y_true, y_pred):
        return align_elementwise(self.name, y_true, y_pred)

    def get_config(self):
        return {"name": self.name, "dtype": self.dtype, "from_logits": self.from_logits,
                "label_smoothing": self.label_smoothing}


class CategoricalCrossentropy(MeanMetricWrapper):
    """Mean categorical crossentropy: ``-Σ_c y_c·log p_c`` per sample, one-hot labels.

    Args:
        from_logits: ``y_pred`` holds logits (a softmax is applied).
        label_smoothing: in [0, 1]; labels become ``y·(1-s) + s/C``.
        axis: the class axis (default -1).

    Shapes: ``y_true`` one-hot and ``y_pred`` ``(batch, ..., C)``.
    """

    task = ("multiclass",)
    needs_probabilities = True
    label_format = "one_hot"
    direction = "down"
    default_name = "categorical_crossentropy"

    def __init__(self, name="categorical_crossentropy", dtype=None, from_logits=False,
                 label_smoothing=0, axis=-1):
        super().__init__(loss_function("categorical_crossentropy"), name=name, dtype=dtype,
                         **non_default_kwargs(from_logits=from_logits, label_smoothing=label_smoothing,
                                              axis=axis))
        self.from_logits = from_logits
        self.label_smoothing = label_smoothing
        self.axis = axis

    def _prepare(self, y_true, y_pred):
        if self.axis in (-1, y_pred.ndim - 1):
            check_one_hot_labels(self.name, y_true, y_pred, "SparseCategoricalCrossentropy")
        return y_true, y_pred

    def get_config(self):
        return {"name": self.name, "dtype": self.dtype, "from_logits": self.from_logits,
                "label_smoothing": self.label_smoothing, "axis": self.axis}


class SparseCategoricalCrossentropy(MeanMetricWrapper):
    """Mean sparse categorical crossentropy: ``-log p[y]`` per sample, integer labels.

    Args:
        from_logits: ``y_pred`` holds logits (a softmax is applied).
        axis: the class axis (default -1).

    Shapes: ``y_true`` integer ids ``(batch, ...)``; ``y_pred`` ``(batch, ..., C)``.
    """

    task = ("multiclass",)
    needs_probabilities = True
    label_format = "sparse"
    direction = "down"
    default_name = "sparse_categorical_crossentropy"

    def __init__(self, name="sparse_categorical_crossentropy", dtype=None, from_logits=False, axis=-1):
        super().__init__(loss_function("sparse_categorical_crossentropy"), name=name, dtype=dtype,
                         **non_default_kwargs(from_logits=from_logits, axis=axis))
        self.from_logits = from_logits
        self.axis = axis

    def _prepare(self, y_true, y_pred):
        if self.axis in (-1, y_pred.ndim - 1):
            return sparse_class_ids(self.name, y_true, y_pred, "CategoricalCrossentropy"), y_pred
        return y_true, y_pred

    def get_config(self):
        return {"name": self.name, "dtype": self.dtype, "from_logits": self.from_logits, "axis": self.axis}


class KLDivergence(MeanMetricWrapper):
    """Mean Kullback-Leibler divergence: ``Σ y·log(y / p)`` per sample (both clipped to [ε, 1]).

    Shapes: two probability distributions ``(batch, ..., C)``.
    """

    task = ("multiclass",)
    needs_probabilities = True
    direction = "down"
    default_name = "kl_divergence"

    def __init__(self, name="kl_divergence", dtype=None):
        super().__init__(loss_function("kl_divergence"), name=name, dtype=dtype)

    def _prepare(self, y_true, y_pred):
        return align_elementwise(self.name, y_true, y_pred)

    def get_config(self):
        return {"name": self.name, "dtype": self.dtype}


class Poisson(MeanMetricWrapper):
    """Mean Poisson deviance term: ``mean(p - y·log(p + ε), axis=-1)`` per sample.

    For count data (``y_pred`` > 0, e.g. an exponential or softplus output).
    Shapes: ``y_true`` and ``y_pred`` ``(batch, k)``.
    """

    task = ("regression",)
    direction = "down"
    default_name = "poisson"

    def __init__(self, name="poisson", dtype=None):
        super().__init__(loss_function("poisson"), name=name, dtype=dtype)

    def _prepare(self, y_true, y_pred):
        return align_elementwise(self.name, y_true, y_pred)

    def get_config(self):
        return {"name": self.name, "dtype": self.dtype}


PROBABILISTIC_METRICS = (BinaryCrossentropy, CategoricalCrossentropy, SparseCategoricalCrossentropy,
                         KLDivergence, Poisson)
