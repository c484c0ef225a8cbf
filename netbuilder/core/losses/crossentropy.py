"""Crossentropy losses (Keras 3 names, arguments and maths).

Probabilities (``from_logits=False``) are clipped to ``[eps, 1 - eps]`` with ``eps = 1e-7``
before the log, as Keras's backends do; the gradient is 0 where a value was clipped. With
``from_logits=True`` the value is computed from the logits directly (log-softmax / the stable
``max(z, 0) - z t + log(1 + exp(-|z|))``, as Keras's TensorFlow and JAX backends do) and the
gradient is ``softmax(z) - t`` or ``(sigmoid(z) - t) / d``.

``fused_gradient`` gives the gradient w.r.t. the logits of a softmax (categorical) or sigmoid
(binary) output layer when ``from_logits=False``: the same simple form, exact, without the
clipping's dead zone, so confident wrong predictions still learn.
"""

from __future__ import annotations

import warnings

from .. import backend as B
from .. import validate
from ..errors import DataError
from ..registry import LOSSES
from .base import Loss, _same, align_ranks, as_pair, log_softmax, shape_error, sigmoid, softplus

_INTEGER_LABELS_HINT = ("labels look like integer class ids; use sparse_categorical_crossentropy "
                        "or one-hot encode them with to_categorical")


def _act_name(activation):
    return activation if isinstance(activation, str) or activation is None else getattr(activation, "name", None)


def _check_ls(label_smoothing, where):
    return validate.fraction(label_smoothing, "label_smoothing", where=where, code="label_smoothing")


# ---------------------------------------------------------------------- binary crossentropy
def _bce_targets(t, label_smoothing):
    return t * (1.0 - label_smoothing) + 0.5 * label_smoothing if label_smoothing else t


def _bce(t, y, from_logits=False, label_smoothing=0.0, axis=-1):
    xp = B.get_array_module(y)
    t = _bce_targets(t, label_smoothing)
    if from_logits:
        elem = softplus(y) - y * t  # = max(z,0) - z t + log(1 + exp(-|z|))
    else:
        eps = B.epsilon()
        p = xp.clip(y, eps, 1.0 - eps)
        elem = -(t * xp.log(p) + (1.0 - t) * xp.log(1.0 - p))
    return elem.mean(axis=axis)


def _bce_grad(t, y, from_logits=False, label_smoothing=0.0, axis=-1):
    xp = B.get_array_module(y)
    t = _bce_targets(t, label_smoothing)
    inv_d = 1.0 / y.shape[axis]
    if from_logits:
        return (sigmoid(y) - t) * inv_d
    eps = B.epsilon()
    p = xp.clip(y, eps, 1.0 - eps)
    inside = (y >= eps) & (y <= 1.0 - eps)
    return (p - t) / (p * (1.0 - p)) * inside * inv_d


def binary_crossentropy(y_true, y_pred, from_logits=False, label_smoothing=0.0, axis=-1):
    """Per-sample ``mean(-(t log p + (1 - t) log(1 - p)), axis)`` with ``p = clip(y_pred, eps,
    1 - eps)`` (or ``sigmoid(y_pred)`` from logits) and smoothed labels
    ``t = y_true (1 - label_smoothing) + 0.5 label_smoothing``."""
    t, y = align_ranks(*as_pair(y_true, y_pred))
    return _bce(t, y, from_logits, label_smoothing, axis)


class BinaryCrossentropy(Loss):
    """Crossentropy for 0/1 labels (binary or multi-label): one sigmoid unit per label.

    Args:
        from_logits: ``y_pred`` are logits (no sigmoid on the output layer).
        label_smoothing: in [0, 1]; labels become ``t (1 - ls) + 0.5 ls``.
        axis: the axis the elementwise crossentropies are averaged over (default -1).

    Shapes: ``y_true`` and ``y_pred`` ``(batch, d)`` (``(batch,)`` labels fit ``(batch, 1)``).
    """

    def __init__(self, from_logits=False, label_smoothing=0.0, axis=-1,
                 reduction="sum_over_batch_size", name="binary_crossentropy", dtype=None):
        super().__init__(name=name, reduction=reduction, dtype=dtype)
        self.from_logits = bool(from_logits)
        self.label_smoothing = _check_ls(label_smoothing, type(self).__name__)
        self.axis = validate.integer(axis, "axis", where=type(self).__name__)

    def _kw(self):
        return {"from_logits": self.from_logits, "label_smoothing": self.label_smoothing, "axis": self.axis}

    def call(self, y_true, y_pred):
        return _bce(y_true, y_pred, **self._kw())

    def call_grad(self, y_true, y_pred):
        return _bce_grad(y_true, y_pred, **self._kw())

    def fused_gradient(self, y_true, y_pred, activation, sample_weight=None):
        """``(sigmoid(z) - t_smoothed) / d * scale`` for a sigmoid output (``y_pred = sigmoid(z)``)."""
        if self.from_logits or _act_name(activation) != "sigmoid":
            return None
        shape, dtype = y_pred.shape, y_pred.dtype
        t, y = self.prepare(y_true, y_pred)
        g = (y - _bce_targets(t, self.label_smoothing)) * (1.0 / y.shape[self.axis])
        g *= self.grad_scale(t, y, sample_weight)
        return g.reshape(shape).astype(dtype, copy=False)

    def check_targets(self, y_true_shape, y_pred_shape):
        yt, yp = tuple(y_true_shape), tuple(y_pred_shape)
        if (len(yt) == 1 or (len(yt) == 2 and yt[1] == 1)) and len(yp) == 2 and (yp[1] or 0) > 1:
            raise shape_error(self.name, yt, yp, hint=(
                f"The labels look like integer class ids but the model outputs {yp[1]} values per "
                f"sample; for {yp[1]} classes use a softmax output with "
                "sparse_categorical_crossentropy (binary_crossentropy needs one sigmoid unit per "
                "0/1 label)."))
        super().check_targets(yt, yp)

    def check_target_values(self, y_true, y_pred_shape):
        self.check_targets(y_true.shape, y_pred_shape)
        lo, hi = float(y_true.min()), float(y_true.max())
        if lo < 0.0 or hi > 1.0:
            raise DataError(
                f"{self.name}: labels must lie in [0, 1], got values from {lo:g} to {hi:g}. For "
                "integer class ids use a softmax output with sparse_categorical_crossentropy.",
                code="bce_label_range", loss=self.name, value=hi if hi > 1.0 else lo)

    def get_config(self):
        return {**super().get_config(), **self._kw()}


# ---------------------------------------------------------------------- categorical crossentropy
def _cce_targets(t, label_smoothing, axis):
    return t * (1.0 - label_smoothing) + label_smoothing / t.shape[axis] if label_smoothing else t


def _cce(t, y, from_logits=False, label_smoothing=0.0, axis=-1):
    xp = B.get_array_module(y)
    t = _cce_targets(t, label_smoothing, axis)
    if from_logits:
        logp = log_softmax(y, axis)
    else:
        eps = B.epsilon()
        # clip(p, eps, 1 - eps) as min(max(p, eps), 1 - eps): the same values (NaN stays NaN),
        # without np.clip's Python wrapper (this runs on every training step)
        logp = xp.log(xp.minimum(xp.maximum(y / y.sum(axis=axis, keepdims=True), eps), 1.0 - eps))
    return -(t * logp).sum(axis=axis)


def _cce_grad(t, y, from_logits=False, label_smoothing=0.0, axis=-1):
    xp = B.get_array_module(y)
    t = _cce_targets(t, label_smoothing, axis)
    if from_logits:
        return xp.exp(log_softmax(y, axis)) * t.sum(axis=axis, keepdims=True) - t
    # p = y / s, s = sum(y); L = -sum_j t_j log(clip(p_j)); dp_j/dy_k = (delta_jk - p_j) / s
    eps = B.epsilon()
    s = y.sum(axis=axis, keepdims=True)
    p = y / s
    q = xp.clip(p, eps, 1.0 - eps)
    g = -t / q * ((p >= eps) & (p <= 1.0 - eps))  # dL/dp
    return (g - (g * p).sum(axis=axis, keepdims=True)) / s


def categorical_crossentropy(y_true, y_pred, from_logits=False, label_smoothing=0.0, axis=-1):
    """Per-sample ``-sum(t * log(clip(y_pred / sum(y_pred), eps, 1 - eps)), axis)`` (or
    ``log_softmax(y_pred)`` from logits), smoothed labels ``t = y_true (1 - ls) + ls / C``."""
    t, y = as_pair(y_true, y_pred)
    return _cce(t, y, from_logits, label_smoothing, axis)


class CategoricalCrossentropy(Loss):
    """Crossentropy for one-hot labels over ``C`` classes (softmax output).

    Args:
        from_logits: ``y_pred`` are logits (no softmax on the output layer).
        label_smoothing: in [0, 1]; one-hot labels become ``t (1 - ls) + ls / C``.
        axis: the class axis (default -1).

    Shapes: ``y_true`` and ``y_pred`` ``(batch, C)``. Integer labels ``(batch,)`` need
    ``SparseCategoricalCrossentropy`` (or ``to_categorical``).
    """

    def __init__(self, from_logits=False, label_smoothing=0.0, axis=-1,
                 reduction="sum_over_batch_size", name="categorical_crossentropy", dtype=None):
        super().__init__(name=name, reduction=reduction, dtype=dtype)
        self.from_logits = bool(from_logits)
        self.label_smoothing = _check_ls(label_smoothing, type(self).__name__)
        self.axis = validate.integer(axis, "axis", where=type(self).__name__)

    def _kw(self):
        return {"from_logits": self.from_logits, "label_smoothing": self.label_smoothing, "axis": self.axis}

    def prepare(self, y_true, y_pred):
        t, y = as_pair(y_true, y_pred, self.dtype)
        if t.shape != y.shape:
            raise shape_error(self.name, t.shape, y.shape,
                              hint=_INTEGER_LABELS_HINT if _looks_sparse(t.shape, y.shape) else "")
        return t, y

    def call(self, y_true, y_pred):
        return _cce(y_true, y_pred, **self._kw())

    def call_grad(self, y_true, y_pred):
        return _cce_grad(y_true, y_pred, **self._kw())

    def fused_gradient(self, y_true, y_pred, activation, sample_weight=None):
        """``(softmax(z) * sum(t) - t_smoothed) * scale`` for a softmax output; ``sum(t) = 1`` for
        one-hot (or smoothed one-hot) labels, so this is ``(y_pred - t) * scale``."""
        if self.from_logits or _act_name(activation) != "softmax" or self.axis % y_pred.ndim != y_pred.ndim - 1:
            return None
        dtype = y_pred.dtype
        t, y = self.prepare(y_true, y_pred)
        t = _cce_targets(t, self.label_smoothing, -1)
        g = y * t.sum(axis=-1, keepdims=True) - t
        g *= self.grad_scale(t, y, sample_weight)
        return g.astype(dtype, copy=False)

    def value_and_gradient(self, y_true, y_pred, sample_weight=None, activation=None):
        """``Loss.value_and_gradient`` for a softmax output with the labels prepared and the sample
        weights merged once for both (the numbers of ``__call__`` and ``fused_gradient``)."""
        if self.from_logits or _act_name(activation) != "softmax" or self.axis % y_pred.ndim != y_pred.ndim - 1:
            return super().value_and_gradient(y_true, y_pred, sample_weight, activation)
        dtype = y_pred.dtype
        t, y = self.prepare(y_true, y_pred)
        per_sample = self.call(t, y)
        xp = B.get_array_module(y)
        sw = self._weights(sample_weight, self.mask(t, y), per_sample.shape, per_sample.dtype, xp)
        value = self._reduce(per_sample, sw)
        t = _cce_targets(t, self.label_smoothing, -1)
        g = y * t.sum(axis=-1, keepdims=True) - t
        g *= self._scale(sw, per_sample.shape, y, xp)
        return value, g.astype(dtype, copy=False), True

    def check_targets(self, y_true_shape, y_pred_shape):
        yt, yp = tuple(y_true_shape), tuple(y_pred_shape)
        if _looks_sparse(yt, yp):
            raise shape_error(self.name, yt, yp, hint=f"The {_INTEGER_LABELS_HINT}.")
        if not _same(yt, yp):
            raise shape_error(self.name, yt, yp)
        if yp and yp[-1] == 1:
            warnings.warn(f"{self.name}: the output has one unit, so softmax always gives 1 and the "
                          "loss cannot learn; use binary_crossentropy with a sigmoid unit for two "
                          "classes.", stacklevel=2)

    def get_config(self):
        return {**super().get_config(), **self._kw()}


def _looks_sparse(yt, yp) -> bool:
    """Labels of shape (n,) or (n, 1) against a multi-unit output (n, C)."""
    return (len(yp) == 2 and (yp[1] or 0) > 1
            and (len(yt) == 1 or (len(yt) == 2 and yt[1] == 1)))


PAIRS = (
    (binary_crossentropy, BinaryCrossentropy, ("bce", "BCE")),
    (categorical_crossentropy, CategoricalCrossentropy, ()),
)

for _fn, _cls, _aliases in PAIRS:
    LOSSES.register(_cls, name=_cls.__name__, group="probabilistic")
    LOSSES.register(_fn, name=_fn.__name__, aliases=_aliases, group="probabilistic")
