"""Loss functions and classes (Keras 3 names, aliases, reduction and maths).

A ``Loss`` object reduces per-sample losses with Keras 3's default ``"sum_over_batch_size"``:
``loss = sum_i(w_i * l_i) / n`` where ``n`` is the number of per-sample values (the batch
size), whether or not sample weights are given. ``gradient`` returns d(loss)/d(y_pred) of
that reduced scalar. ``fused_gradient`` returns the gradient w.r.t. the logits ``z`` of a
softmax/sigmoid output layer (``y_pred = act(z)``), which is simpler and exact:
``(y_pred - y_true) / n`` for categorical crossentropy after softmax.
"""

from __future__ import annotations

from . import backend as B
from .errors import DataError
from .registry import LOSSES


class Loss:
    """Base class of losses.

    Subclasses implement ``call(y_true, y_pred)`` → per-sample losses, shape ``(batch,)`` (or
    ``(batch, ...)`` for sequence outputs), and ``call_grad(y_true, y_pred)`` → d(per-sample
    loss)/d(y_pred), shape of ``y_pred``.

    Args:
        name: name shown in logs.
        reduction: ``"sum_over_batch_size"`` (default), ``"sum"``, ``"mean"`` or ``None``/"none".
    """

    def __init__(self, name=None, reduction="sum_over_batch_size", dtype=None):
        if reduction not in ("sum_over_batch_size", "sum", "mean", "none", None):
            raise ValueError(f"reduction must be 'sum_over_batch_size', 'sum', 'mean' or None, got {reduction!r}")
        self.name = name or getattr(type(self), "default_name", type(self).__name__)
        self.reduction = reduction
        self.dtype = dtype

    # -- per-sample maths (subclasses)
    def call(self, y_true, y_pred):
        raise NotImplementedError

    def call_grad(self, y_true, y_pred):
        raise NotImplementedError

    def check_targets(self, y_true_shape, y_pred_shape) -> None:
        """Raise a clear ``DataError`` when labels of ``y_true_shape`` cannot fit this loss."""
        yt, yp = tuple(y_true_shape), tuple(y_pred_shape)
        if yt[1:] != yp[1:] and not (len(yt) == len(yp) - 1 and yp[-1] == 1 and yt[1:] == yp[1:-1]):
            raise DataError(
                f"{self.name}: labels of shape {yt} do not fit predictions of shape {yp}",
                code="loss_shape", loss=self.name, y_true=str(yt), y_pred=str(yp))

    # -- reduction
    def _weights(self, sample_weight, per_sample):
        if sample_weight is None:
            return None
        xp = B.get_array_module(per_sample)
        sw = xp.asarray(sample_weight, dtype=per_sample.dtype)
        while sw.ndim < per_sample.ndim:
            sw = sw[..., None]
        return sw

    def _denominator(self, per_sample, sw):
        if self.reduction == "sum":
            return 1.0
        if self.reduction == "mean" and sw is not None:
            return float(B.get_array_module(per_sample).broadcast_to(sw, per_sample.shape).sum()) or 1.0
        return float(per_sample.size) or 1.0

    def __call__(self, y_true, y_pred, sample_weight=None):
        """The reduced loss (a Python float, or per-sample values when reduction is None)."""
        y_true, y_pred = _as_pair(y_true, y_pred)
        per_sample = self.call(y_true, y_pred)
        sw = self._weights(sample_weight, per_sample)
        if sw is not None:
            per_sample = per_sample * sw
        if self.reduction in (None, "none"):
            return per_sample
        return float(per_sample.sum()) / self._denominator(per_sample, sw)

    def _grad_scale(self, y_true, y_pred, sample_weight):
        """Per-sample factor ``w_i / n`` broadcastable to y_pred, from the per-sample loss shape."""
        xp = B.get_array_module(y_pred)
        ps_shape = y_pred.shape[:-1] if y_pred.ndim > 1 else y_pred.shape
        dummy = xp.empty(ps_shape, dtype=y_pred.dtype)
        sw = self._weights(sample_weight, dummy)
        denom = self._denominator(dummy, sw)
        scale = (1.0 / denom) if sw is None else sw / denom
        if sw is not None and y_pred.ndim > 1:
            scale = scale[..., None]
        return scale

    def gradient(self, y_true, y_pred, sample_weight=None):
        """d(reduced loss)/d(y_pred), same shape as ``y_pred``."""
        y_true, y_pred = _as_pair(y_true, y_pred)
        return self.call_grad(y_true, y_pred) * self._grad_scale(y_true, y_pred, sample_weight)

    def fused_gradient(self, y_true, y_pred, activation: str, sample_weight=None):
        """Gradient w.r.t. the logits of an output ``activation``, or None when not fusable."""
        return None

    def get_config(self) -> dict:
        return {"name": self.name, "reduction": self.reduction}

    @classmethod
    def from_config(cls, config):
        return cls(**config)


def _as_pair(y_true, y_pred):
    xp = B.get_array_module(y_pred)
    y_pred = xp.asarray(y_pred)
    y_true = xp.asarray(y_true)
    if y_true.dtype.kind != "f" and y_pred.dtype.kind == "f":
        y_true = y_true.astype(y_pred.dtype)
    return y_true, y_pred


class LossFunctionWrapper(Loss):
    """A ``Loss`` built from a per-sample function and its gradient."""

    fn = None
    grad_fn = None

    def call(self, y_true, y_pred):
        return type(self).fn(y_true, y_pred)

    def call_grad(self, y_true, y_pred):
        return type(self).grad_fn(y_true, y_pred)


# ---------------------------------------------------------------- mean squared error
def mean_squared_error(y_true, y_pred):
    """Per-sample ``mean((y_true - y_pred) ** 2, axis=-1)``."""
    y_true, y_pred = _as_pair(y_true, y_pred)
    d = y_pred - y_true
    return (d * d).mean(axis=-1)


def _mse_grad(y_true, y_pred):
    return (2.0 / y_pred.shape[-1]) * (y_pred - y_true)


class MeanSquaredError(LossFunctionWrapper):
    """``mean((y_true - y_pred)²)`` over the last axis."""

    default_name = "mean_squared_error"
    fn = staticmethod(mean_squared_error)
    grad_fn = staticmethod(_mse_grad)


LOSSES.register(MeanSquaredError, name="MeanSquaredError")
LOSSES.register(mean_squared_error, name="mean_squared_error", aliases=("mse", "MSE"))

#: function name → Loss class, so a string in compile() builds the class with defaults.
FUNCTION_TO_CLASS = {"mean_squared_error": MeanSquaredError}


def get(identifier) -> Loss:
    """Resolve a loss: a name/alias (→ its Loss class with defaults), a config dict, an
    instance, or a plain function ``f(y_true, y_pred)`` (wrapped without a gradient)."""
    if isinstance(identifier, Loss):
        return identifier
    if isinstance(identifier, str):
        canonical = LOSSES.canonical(identifier)
        cls = FUNCTION_TO_CLASS.get(canonical) or LOSSES.lookup(canonical)
        if isinstance(cls, type):
            return cls()
        raise ValueError(f"loss {identifier!r} has no class form")
    if isinstance(identifier, dict):
        return LOSSES.get(identifier)
    if callable(identifier):
        for fname, cls in FUNCTION_TO_CLASS.items():
            if LOSSES.lookup(fname) is identifier:
                return cls()
        raise ValueError(
            f"custom loss function {identifier!r} has no gradient; subclass netbuilder.core.losses.Loss "
            "and implement call() and call_grad()")
    raise TypeError(f"Could not interpret loss identifier {identifier!r}")


def serialize(loss: Loss) -> dict:
    return {"class_name": type(loss).__name__, "config": loss.get_config()}
