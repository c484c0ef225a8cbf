"""Regression losses (Keras 3 names and maths): MSE, MAE, MAPE, MSLE, Huber, log-cosh, cosine.

Each loss is a per-sample function ``f(y_true, y_pred)`` (shape ``(batch, ..., d)`` →
``(batch, ...)``, reducing the last axis), a private gradient kernel, and a ``Loss`` class.
``eps`` is ``backend.epsilon()`` = 1e-7, as in Keras.
"""

from __future__ import annotations

from .. import backend as B
from .. import validate
from ..registry import LOSSES
from .base import LossFunctionWrapper, align_ranks, as_pair, softplus

_LOG2 = 0.6931471805599453


def _prep(y_true, y_pred):
    return align_ranks(*as_pair(y_true, y_pred))


# ---------------------------------------------------------------------- mean squared error
def _mse(t, y):
    d = y - t
    return (d * d).mean(axis=-1)


def _mse_grad(t, y):
    return (y - t) * (2.0 / y.shape[-1])


def mean_squared_error(y_true, y_pred):
    """Per-sample ``mean((y_true - y_pred)², axis=-1)``; ``(batch, ..., d)`` → ``(batch, ...)``."""
    return _mse(*_prep(y_true, y_pred))


class MeanSquaredError(LossFunctionWrapper):
    """``loss = mean((y_true - y_pred)²)`` over the last axis, then reduced over the batch."""

    fn = staticmethod(_mse)
    grad_fn = staticmethod(_mse_grad)

    def __init__(self, reduction="sum_over_batch_size", name="mean_squared_error", dtype=None):
        super().__init__(name=name, reduction=reduction, dtype=dtype)


# ---------------------------------------------------------------------- mean absolute error
def _mae(t, y):
    return B.get_array_module(y).abs(y - t).mean(axis=-1)


def _mae_grad(t, y):
    return B.get_array_module(y).sign(y - t) * (1.0 / y.shape[-1])


def mean_absolute_error(y_true, y_pred):
    """Per-sample ``mean(|y_true - y_pred|, axis=-1)``."""
    return _mae(*_prep(y_true, y_pred))


class MeanAbsoluteError(LossFunctionWrapper):
    """``loss = mean(|y_true - y_pred|)`` over the last axis (gradient ``sign(y_pred - y_true)/d``)."""

    fn = staticmethod(_mae)
    grad_fn = staticmethod(_mae_grad)

    def __init__(self, reduction="sum_over_batch_size", name="mean_absolute_error", dtype=None):
        super().__init__(name=name, reduction=reduction, dtype=dtype)


# ---------------------------------------------------------------------- MAPE
def _mape(t, y):
    xp = B.get_array_module(y)
    return 100.0 * xp.abs((t - y) / xp.maximum(xp.abs(t), B.epsilon())).mean(axis=-1)


def _mape_grad(t, y):
    xp = B.get_array_module(y)
    return xp.sign(y - t) / xp.maximum(xp.abs(t), B.epsilon()) * (100.0 / y.shape[-1])


def mean_absolute_percentage_error(y_true, y_pred):
    """Per-sample ``100 * mean(|y_true - y_pred| / max(|y_true|, eps), axis=-1)``."""
    return _mape(*_prep(y_true, y_pred))


class MeanAbsolutePercentageError(LossFunctionWrapper):
    """``loss = 100 * mean(|(y_true - y_pred) / max(|y_true|, eps)|)`` over the last axis."""

    fn = staticmethod(_mape)
    grad_fn = staticmethod(_mape_grad)

    def __init__(self, reduction="sum_over_batch_size", name="mean_absolute_percentage_error", dtype=None):
        super().__init__(name=name, reduction=reduction, dtype=dtype)


# ---------------------------------------------------------------------- MSLE
def _msle(t, y):
    xp = B.get_array_module(y)
    eps = B.epsilon()
    d = xp.log(xp.maximum(y, eps) + 1.0) - xp.log(xp.maximum(t, eps) + 1.0)
    return (d * d).mean(axis=-1)


def _msle_grad(t, y):
    xp = B.get_array_module(y)
    eps = B.epsilon()
    yc = xp.maximum(y, eps)
    d = xp.log(yc + 1.0) - xp.log(xp.maximum(t, eps) + 1.0)
    # max(y, eps) has derivative 0 where y < eps
    return d * (y >= eps) / (yc + 1.0) * (2.0 / y.shape[-1])


def mean_squared_logarithmic_error(y_true, y_pred):
    """Per-sample ``mean((log(max(y_pred, eps) + 1) - log(max(y_true, eps) + 1))², axis=-1)``."""
    return _msle(*_prep(y_true, y_pred))


class MeanSquaredLogarithmicError(LossFunctionWrapper):
    """``loss = mean((log(y_pred + 1) - log(y_true + 1))²)``, values below eps raised to eps."""

    fn = staticmethod(_msle)
    grad_fn = staticmethod(_msle_grad)

    def __init__(self, reduction="sum_over_batch_size", name="mean_squared_logarithmic_error", dtype=None):
        super().__init__(name=name, reduction=reduction, dtype=dtype)


# ---------------------------------------------------------------------- Huber
def _huber(t, y, delta=1.0):
    xp = B.get_array_module(y)
    e = y - t
    a = xp.abs(e)
    return xp.where(a <= delta, 0.5 * e * e, delta * a - 0.5 * delta * delta).mean(axis=-1)


def _huber_grad(t, y, delta=1.0):
    xp = B.get_array_module(y)
    e = y - t
    return xp.clip(e, -delta, delta) * (1.0 / y.shape[-1])


def huber(y_true, y_pred, delta=1.0):
    """Per-sample Huber loss: ``mean(0.5 e²  if |e| <= delta  else  delta |e| - 0.5 delta²)``,
    ``e = y_pred - y_true``, over the last axis."""
    return _huber(*_prep(y_true, y_pred), delta=delta)


class Huber(LossFunctionWrapper):
    """Huber loss: quadratic for errors up to ``delta``, linear beyond (gradient ``clip(e, ±delta)/d``).

    Args:
        delta: where the loss changes from quadratic to linear (default 1.0).

    Keras 3 leaves ``delta`` out of ``get_config``; here it is included so configs round-trip.
    """

    fn = staticmethod(_huber)
    grad_fn = staticmethod(_huber_grad)
    fn_args = ("delta",)

    def __init__(self, delta=1.0, reduction="sum_over_batch_size", name="huber_loss", dtype=None):
        super().__init__(name=name, reduction=reduction, dtype=dtype)
        self.delta = validate.non_negative_float(delta, "delta", where=type(self).__name__)


# ---------------------------------------------------------------------- log-cosh
def _log_cosh(t, y):
    x = y - t
    return (x + softplus(-2.0 * x) - _LOG2).mean(axis=-1)


def _log_cosh_grad(t, y):
    return B.get_array_module(y).tanh(y - t) * (1.0 / y.shape[-1])


def log_cosh(y_true, y_pred):
    """Per-sample ``mean(log(cosh(y_pred - y_true)), axis=-1)``, computed as
    ``x + softplus(-2x) - log(2)`` so it never overflows."""
    return _log_cosh(*_prep(y_true, y_pred))


class LogCosh(LossFunctionWrapper):
    """``loss = mean(log(cosh(y_pred - y_true)))``: ~x²/2 for small errors, ~|x| - log 2 for
    large ones (gradient ``tanh(x)/d``)."""

    fn = staticmethod(_log_cosh)
    grad_fn = staticmethod(_log_cosh_grad)

    def __init__(self, reduction="sum_over_batch_size", name="log_cosh", dtype=None):
        super().__init__(name=name, reduction=reduction, dtype=dtype)


# ---------------------------------------------------------------------- cosine similarity
def _l2_parts(x, axis):
    xp = B.get_array_module(x)
    norm = xp.sqrt((x * x).sum(axis=axis, keepdims=True))
    return x / xp.maximum(norm, B.epsilon()), norm


def _cosine(t, y, axis=-1):
    u, _ = _l2_parts(t, axis)
    v, _ = _l2_parts(y, axis)
    return -(u * v).sum(axis=axis)


def _cosine_grad(t, y, axis=-1):
    u, _ = _l2_parts(t, axis)
    v, r = _l2_parts(y, axis)
    big = r > B.epsilon()
    # v = y / max(r, eps): d/dy of -u.v is -(u - (u.v) v) / r where r > eps, else -u / eps
    uv = (u * v).sum(axis=axis, keepdims=True)
    rr = B.get_array_module(y).maximum(r, B.epsilon())
    return -(u - uv * v * big) / rr


def cosine_similarity(y_true, y_pred, axis=-1):
    """Per-sample ``-sum(l2_normalize(y_true) * l2_normalize(y_pred), axis)``, where
    ``l2_normalize(x) = x / max(||x||, eps)``; in [-1, 1], -1 when the vectors point the same way."""
    return _cosine(*_prep(y_true, y_pred), axis=axis)


class CosineSimilarity(LossFunctionWrapper):
    """Negative cosine similarity along ``axis`` (minimising it aligns ``y_pred`` with ``y_true``).

    Args:
        axis: the features axis (default -1). Keras 3 leaves ``axis`` out of ``get_config``;
            here it is included so configs round-trip.
    """

    fn = staticmethod(_cosine)
    grad_fn = staticmethod(_cosine_grad)
    fn_args = ("axis",)

    def __init__(self, axis=-1, reduction="sum_over_batch_size", name="cosine_similarity", dtype=None):
        super().__init__(name=name, reduction=reduction, dtype=dtype)
        self.axis = validate.integer(axis, "axis", where=type(self).__name__)


# ---------------------------------------------------------------------- registration
PAIRS = (
    (mean_squared_error, MeanSquaredError, ("mse", "MSE")),
    (mean_absolute_error, MeanAbsoluteError, ("mae", "MAE")),
    (mean_absolute_percentage_error, MeanAbsolutePercentageError, ("mape", "MAPE")),
    (mean_squared_logarithmic_error, MeanSquaredLogarithmicError, ("msle", "MSLE")),
    (huber, Huber, ()),
    (log_cosh, LogCosh, ("logcosh",)),
    (cosine_similarity, CosineSimilarity, ()),
)

for _fn, _cls, _aliases in PAIRS:
    LOSSES.register(_cls, name=_cls.__name__, group="regression")
    LOSSES.register(_fn, name=_fn.__name__, aliases=_aliases, group="regression")
