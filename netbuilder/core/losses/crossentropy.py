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
from ..errors import ConfigError, DataError
from ..registry import LOSSES
from .base import (Loss, _same, align_ranks, as_pair, log_softmax, shape_error, sigmoid,
                   softplus)

_INTEGER_LABELS_HINT = ("labels look like integer class ids; use sparse_categorical_crossentropy "
                        "or one-hot encode them with to_categorical")


def _act_name(activation):
    return activation if isinstance(activation, str) or activation is None else getattr(activation, "name", None)


def _check_ls(label_smoothing):
    if not 0.0 <= float(label_smoothing) <= 1.0:
        raise ConfigError(f"label_smoothing must be in [0, 1], got {label_smoothing!r}",
                          code="label_smoothing", value=label_smoothing)
    return float(label_smoothing)


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
        self.label_smoothing = _check_ls(label_smoothing)
        self.axis = int(axis)

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
        logp = xp.log(xp.clip(y / y.sum(axis=axis, keepdims=True), eps, 1.0 - eps))
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
        self.label_smoothing = _check_ls(label_smoothing)
        self.axis = int(axis)

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


# ---------------------------------------------------------------------- sparse categorical
def _sparse_labels(y_true, y_pred, ignore_class=None, loss_name="sparse_categorical_crossentropy"):
    """Integer labels of shape ``y_pred.shape[:-1]`` (a trailing axis of 1 squeezed), the
    ignore_class entries replaced by 0, and the boolean valid mask (or None)."""
    xp = B.get_array_module(y_pred)
    lab = xp.asarray(y_true)
    given = lab.shape
    if lab.ndim == y_pred.ndim and lab.shape[-1] == 1:
        lab = lab[..., 0]
    if lab.shape != y_pred.shape[:-1]:
        hint = ("The labels look one-hot encoded; use categorical_crossentropy, or pass class ids "
                "(y.argmax(axis=-1))." if lab.shape == y_pred.shape else "")
        raise shape_error(loss_name, given, y_pred.shape, hint)
    if lab.dtype.kind != "i":
        lab = lab.astype("int64")
    valid = None
    if ignore_class is not None:
        valid = lab != ignore_class
        lab = xp.where(valid, lab, 0)
    n_classes = y_pred.shape[-1]
    if lab.size:
        lo, hi = int(lab.min()), int(lab.max())
        if lo < 0 or hi >= n_classes:
            bad = hi if hi >= n_classes else lo
            hint = (" A single output unit cannot hold classes: use Dense(1, activation='sigmoid') "
                    "with binary_crossentropy, or one unit per class with softmax."
                    if n_classes == 1 else
                    f" The output layer needs at least {hi + 1} units." if hi >= n_classes else "")
            raise DataError(
                f"{loss_name}: label {bad} is out of range for {n_classes} classes (labels must be "
                f"0..{n_classes - 1}).{hint}",
                code="label_range", loss=loss_name, value=bad, num_classes=n_classes)
    return lab, valid


def _onehot(lab, n, dtype, xp):
    out = xp.zeros(lab.shape + (n,), dtype=dtype)
    flat = out.reshape(-1, n)
    flat[xp.arange(flat.shape[0]), lab.reshape(-1)] = 1.0
    return out


def _sparse_cce(lab, y, from_logits=False):
    xp = B.get_array_module(y)
    if from_logits:
        logp = log_softmax(y, -1)
        return -xp.take_along_axis(logp, lab[..., None], axis=-1)[..., 0]
    eps = B.epsilon()
    p = xp.take_along_axis(y, lab[..., None], axis=-1)[..., 0] / y.sum(axis=-1)
    return -xp.log(xp.clip(p, eps, 1.0 - eps))


def _sparse_cce_grad(lab, y, from_logits=False):
    xp = B.get_array_module(y)
    n = y.shape[-1]
    if from_logits:
        return xp.exp(log_softmax(y, -1)) - _onehot(lab, n, y.dtype, xp)
    # only the label's probability p_l = y_l / s enters: g = dL/dp_l = -1/p_l inside the clip range
    eps = B.epsilon()
    s = y.sum(axis=-1, keepdims=True)
    p = xp.take_along_axis(y, lab[..., None], axis=-1) / s  # (..., 1)
    g = -1.0 / xp.clip(p, eps, 1.0 - eps) * ((p >= eps) & (p <= 1.0 - eps)) / s
    out = xp.broadcast_to(-g * p, y.shape).copy()  # the -p_l g / s term, on every class
    flat = out.reshape(-1, n)
    flat[xp.arange(flat.shape[0]), lab.reshape(-1)] += g.reshape(-1)
    return out


def sparse_categorical_crossentropy(y_true, y_pred, from_logits=False, ignore_class=None, axis=-1):
    """Per-sample ``-log(clip(y_pred[label] / sum(y_pred), eps, 1 - eps))`` (or
    ``-log_softmax(y_pred)[label]`` from logits); entries equal to ``ignore_class`` give 0.

    ``y_true``: integer class ids, shape ``y_pred.shape[:-1]`` (or with a trailing axis of 1).
    Only ``axis=-1`` is supported.
    """
    if axis != -1:
        raise ConfigError(f"sparse_categorical_crossentropy supports only axis=-1, got axis={axis!r}",
                          code="sparse_axis", value=axis)
    _, y = as_pair(y_true, y_pred, cast_true=False)
    lab, valid = _sparse_labels(y_true, y, ignore_class)
    out = _sparse_cce(lab, y, from_logits)
    return out if valid is None else out * valid


class SparseCategoricalCrossentropy(Loss):
    """Crossentropy for integer class ids against ``C`` outputs (softmax, or logits).

    Args:
        from_logits: ``y_pred`` are logits (no softmax on the output layer).
        ignore_class: a label value (e.g. -1 or 255) whose samples count neither in the loss nor
            in the mean (Keras masks them: the mean runs over the other samples).

    Shapes: ``y_true`` ``(batch,)`` or ``(batch, 1)`` ints in ``[0, C)``; ``y_pred`` ``(batch, C)``.
    A label ``>= C`` raises ``DataError`` naming it.
    """

    def __init__(self, from_logits=False, ignore_class=None, reduction="sum_over_batch_size",
                 name="sparse_categorical_crossentropy", dtype=None):
        super().__init__(name=name, reduction=reduction, dtype=dtype)
        self.from_logits = bool(from_logits)
        self.ignore_class = None if ignore_class is None else int(ignore_class)
        self._valid = None  # the ignore_class mask of the batch being processed

    def prepare(self, y_true, y_pred):
        _, y = as_pair(y_true, y_pred, self.dtype, cast_true=False)
        lab, valid = _sparse_labels(y_true, y, self.ignore_class, self.name)
        self._valid = valid
        return lab, y

    def mask(self, y_true, y_pred):
        return self._valid

    def call(self, y_true, y_pred):
        out = _sparse_cce(y_true, y_pred, self.from_logits)
        return out if self._valid is None else out * self._valid

    def call_grad(self, y_true, y_pred):
        return _sparse_cce_grad(y_true, y_pred, self.from_logits)

    def fused_gradient(self, y_true, y_pred, activation, sample_weight=None):
        """``(softmax(z) - onehot(label)) * scale`` for a softmax output."""
        if self.from_logits or _act_name(activation) != "softmax":
            return None
        dtype = y_pred.dtype
        lab, y = self.prepare(y_true, y_pred)
        xp = B.get_array_module(y)
        g = y.copy()
        flat = g.reshape(-1, y.shape[-1])
        flat[xp.arange(flat.shape[0]), lab.reshape(-1)] -= 1.0
        g *= self.grad_scale(lab, y, sample_weight)
        return g.astype(dtype, copy=False)

    def check_targets(self, y_true_shape, y_pred_shape):
        yt, yp = tuple(y_true_shape), tuple(y_pred_shape)
        if len(yt) == len(yp) and yt[-1] == 1:
            yt = yt[:-1]
        if _same(yt, yp) and len(yp) >= 2 and (yp[-1] or 0) > 1:
            raise shape_error(self.name, y_true_shape, yp, hint=(
                "The labels look one-hot encoded; use categorical_crossentropy, or pass integer "
                "class ids (y.argmax(axis=-1))."))
        if not _same(yt, yp[:-1]):
            raise shape_error(self.name, y_true_shape, yp, hint=(
                "sparse_categorical_crossentropy needs one integer class id per sample, shape "
                f"{(yp[0],) + tuple(yp[1:-1])}."))

    def check_target_values(self, y_true, y_pred_shape):
        """Shapes, integer values and the label range, on the whole label array at once."""
        self.check_targets(y_true.shape, y_pred_shape)
        xp = B.get_array_module(y_true)
        y_true = xp.asarray(y_true)
        if y_true.dtype.kind == "f" and bool((y_true != xp.round(y_true)).any()):
            raise DataError(f"{self.name}: labels must be integer class ids, got fractional values",
                            code="label_not_integer", loss=self.name)
        lab = y_true.reshape(-1)
        # a zero-stride stand-in for y_pred: only its shape is read
        fake = xp.broadcast_to(xp.zeros((), dtype="float32"), (lab.shape[0], int(y_pred_shape[-1])))
        _sparse_labels(lab, fake, self.ignore_class, self.name)

    def get_config(self):
        return {**super().get_config(), "from_logits": self.from_logits, "ignore_class": self.ignore_class}


PAIRS = (
    (binary_crossentropy, BinaryCrossentropy, ("bce", "BCE")),
    (categorical_crossentropy, CategoricalCrossentropy, ()),
    (sparse_categorical_crossentropy, SparseCategoricalCrossentropy, ()),
)

for _fn, _cls, _aliases in PAIRS:
    LOSSES.register(_cls, name=_cls.__name__, group="probabilistic")
    LOSSES.register(_fn, name=_fn.__name__, aliases=_aliases, group="probabilistic")
