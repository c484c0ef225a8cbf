"""Sparse categorical crossentropy: integer class ids against ``C`` outputs (Keras 3 names,
arguments and maths).

The labels are checked once (``_sparse_labels``): shape ``y_pred.shape[:-1]`` (a trailing axis of
1 is squeezed), integer values in ``[0, C)``, with ``ignore_class`` entries masked out of the loss
and out of the mean. Probabilities are clipped to ``[eps, 1 - eps]`` as in ``crossentropy.py``.
"""

from __future__ import annotations

from .. import backend as B
from .. import validate
from ..errors import DataError
from ..registry import LOSSES
from .base import Loss, _same, as_pair, log_softmax, shape_error
from .crossentropy import _act_name


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
    validate.one_of(axis, "axis", (-1,), where="sparse_categorical_crossentropy", must="-1 (the only axis supported)",
                    code="sparse_axis")
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
        self.ignore_class = None if ignore_class is None else validate.integer(
            ignore_class, "ignore_class", where=type(self).__name__)
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


PAIRS = ((sparse_categorical_crossentropy, SparseCategoricalCrossentropy, ()),)

for _fn, _cls, _aliases in PAIRS:
    LOSSES.register(_cls, name=_cls.__name__, group="probabilistic")
    LOSSES.register(_fn, name=_fn.__name__, aliases=_aliases, group="probabilistic")
