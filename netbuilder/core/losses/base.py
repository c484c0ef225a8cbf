"""The ``Loss`` base class: Keras 3 reduction, gradients of the reduced value, target checks.

A ``Loss`` computes per-sample values with ``call(y_true, y_pred)`` (the last axis, or
``self.axis``, is reduced away) and reduces them as Keras 3's ``reduce_weighted_values`` does:

- ``"sum_over_batch_size"`` (default) and ``"mean"``: ``sum_i(w_i * l_i) / N`` where ``N`` is the
  number of per-sample values, with or without sample weights;
- ``"mean_with_sample_weight"``: ``sum_i(w_i * l_i) / sum_i(w_i)`` (0 when the weights sum to 0);
- ``"sum"``: ``sum_i(w_i * l_i)``; ``None``/``"none"``: the weighted per-sample values.

A loss that masks some samples (``SparseCategoricalCrossentropy(ignore_class=...)``) merges the
mask into the weights as Keras's ``apply_mask`` does, so the mean runs over the valid samples.

``gradient`` is the exact derivative of the reduced value as computed (clipping included:
where a value is clipped the derivative is 0). With ``reduction=None`` it is the derivative of
the sum of the weighted per-sample values. ``fused_gradient`` returns the simpler, exact
gradient w.r.t. the logits of a softmax/sigmoid output layer when a subclass knows it.
"""

from __future__ import annotations

from .. import backend as B
from ..errors import DataError

_REDUCTIONS = ("sum_over_batch_size", "sum", "mean", "mean_with_sample_weight", "none", None)


class Loss:
    """Base class of losses.

    Subclasses implement ``call(y_true, y_pred)`` → per-sample losses (``y_pred``'s shape
    without ``self.axis``, e.g. ``(batch,)``) and ``call_grad(y_true, y_pred)`` → d(per-sample
    loss)/d(y_pred), shape of ``y_pred``. Both receive arrays already prepared by ``prepare``.

    Args:
        name: name shown in logs.
        reduction: ``"sum_over_batch_size"`` (default), ``"sum"``, ``"mean"``,
            ``"mean_with_sample_weight"`` or ``None``/``"none"`` (see the module docstring).
        dtype: compute dtype; ``None`` computes in ``y_pred``'s dtype (float32 by default).
    """

    #: the axis of ``y_pred`` that ``call`` reduces away.
    axis = -1

    def __init__(self, name=None, reduction="sum_over_batch_size", dtype=None):
        if reduction not in _REDUCTIONS:
            raise ValueError(
                "Invalid value for argument `reduction`. Expected one of 'sum_over_batch_size', "
                f"'sum', 'mean', 'mean_with_sample_weight' or None. Received: reduction={reduction!r}")
        self.name = name or getattr(type(self), "default_name", type(self).__name__)
        self.reduction = reduction
        self.dtype = dtype

    # ------------------------------------------------------------------ per-sample maths
    def call(self, y_true, y_pred):
        raise NotImplementedError

    def call_grad(self, y_true, y_pred):
        raise NotImplementedError

    def mask(self, y_true, y_pred):
        """Boolean per-sample mask of the samples that count (None: all count)."""
        return None

    def prepare(self, y_true, y_pred):
        """Arrays on ``y_pred``'s device, ``y_true`` cast to its float dtype, ranks aligned."""
        y_true, y_pred = as_pair(y_true, y_pred, self.dtype)
        if y_pred.ndim == 1 and y_true.ndim == 1:
            # one value per sample: (n,) → (n, 1), so sample weights apply per sample (the
            # unweighted value equals Keras's mean over the single axis)
            return y_true[:, None], y_pred[:, None]
        return align_ranks(y_true, y_pred)

    # ------------------------------------------------------------------ checks
    def check_targets(self, y_true_shape, y_pred_shape) -> None:
        """Raise a clear ``DataError`` when labels of ``y_true_shape`` cannot fit this loss.

        Shapes include the batch axis (``None`` = unknown). Accepted: equal shapes, or shapes
        that differ by a trailing axis of 1 (Keras squeezes/expands it).
        """
        yt, yp = tuple(y_true_shape), tuple(y_pred_shape)
        if not (_same(yt, yp) or (len(yt) == len(yp) - 1 and yp[-1] == 1 and _same(yt, yp[:-1]))
                or (len(yt) == len(yp) + 1 and yt[-1] == 1 and _same(yt[:-1], yp))):
            raise shape_error(self.name, yt, yp)

    def check_target_values(self, y_true, y_pred_shape) -> None:
        """Raise a clear ``DataError`` when label *values* cannot fit (run once on the data)."""
        self.check_targets(getattr(y_true, "shape", ()), y_pred_shape)

    # ------------------------------------------------------------------ reduction
    def _weights(self, sample_weight, mask, ps_shape, dtype, xp):
        """Merged per-sample weights (``ps_shape``-broadcastable array) or None."""
        sw = None
        if sample_weight is not None:
            sw = xp.asarray(sample_weight, dtype=dtype)
            while sw.ndim > len(ps_shape) and sw.shape[-1] == 1:
                sw = sw[..., 0]
            # weights align with the leading (batch) axes of the per-sample values
            sw = sw.reshape(sw.shape + (1,) * (len(ps_shape) - sw.ndim))
        if mask is not None:
            m = mask.astype(dtype)
            if self.reduction in ("mean", "sum_over_batch_size"):
                valid = float(m.sum())
                m *= (m.size / valid) if valid else 0.0
            sw = m if sw is None else sw * m
        return sw

    def _denominator(self, ps_size, sw):
        if self.reduction in ("sum", "none", None):
            return 1.0
        if self.reduction == "mean_with_sample_weight" and sw is not None:
            return float(sw.sum()) or float("inf")  # divide_no_nan: 0 / 0 → 0
        return float(ps_size) or float("inf")

    def __call__(self, y_true, y_pred, sample_weight=None):
        """The reduced loss (a Python float), or weighted per-sample values for reduction None."""
        y_true, y_pred = self.prepare(y_true, y_pred)
        per_sample = self.call(y_true, y_pred)
        sw = self._weights(sample_weight, self.mask(y_true, y_pred), per_sample.shape, per_sample.dtype,
                           B.get_array_module(y_pred))
        return self._reduce(per_sample, sw)

    def _reduce(self, per_sample, sw):
        """The per-sample values weighted by ``sw`` (``_weights``), reduced (``__call__``)."""
        if sw is not None:
            per_sample = per_sample * sw
        if self.reduction in (None, "none"):
            return per_sample
        return float(per_sample.sum()) / self._denominator(per_sample.size, sw)

    def grad_scale(self, y_true, y_pred, sample_weight=None):
        """d(reduced loss)/d(per-sample loss), broadcastable to ``y_pred`` (float or array)."""
        ps_shape = _drop_axis(y_pred.shape, self.axis)
        xp = B.get_array_module(y_pred)
        sw = self._weights(sample_weight, self.mask(y_true, y_pred), ps_shape, y_pred.dtype, xp)
        return self._scale(sw, ps_shape, y_pred, xp)

    def _scale(self, sw, ps_shape, y_pred, xp):
        """``grad_scale`` from the merged per-sample weights ``sw`` (``_weights``) of values of
        shape ``ps_shape``."""
        size = 1
        for d in ps_shape:
            size *= d
        denom = self._denominator(size, sw)
        if sw is None:
            return 1.0 / denom
        scale = xp.broadcast_to(sw, ps_shape) * (1.0 / denom)
        return xp.expand_dims(scale, self.axis % y_pred.ndim)

    def gradient(self, y_true, y_pred, sample_weight=None):
        """d(reduced loss)/d(y_pred), same shape and dtype as ``y_pred``."""
        shape, dtype = y_pred.shape, y_pred.dtype
        y_true, y_pred = self.prepare(y_true, y_pred)
        g = self.call_grad(y_true, y_pred)
        g *= self.grad_scale(y_true, y_pred, sample_weight)
        return g.reshape(shape).astype(dtype, copy=False)

    def fused_gradient(self, y_true, y_pred, activation, sample_weight=None):
        """Gradient w.r.t. the logits ``z`` of an output ``activation`` (``y_pred = act(z)``), or
        None when this loss has no fused form for it (the caller then chains ``gradient``)."""
        return None

    def value_and_gradient(self, y_true, y_pred, sample_weight=None, activation=None):
        """``(value, gradient, fused)`` of one training step: ``self(y_true, y_pred,
        sample_weight)``, then ``fused_gradient`` for ``activation`` when given and available
        (``fused`` True), else ``gradient``. Subclasses may share work between the two; the
        numbers are those of the separate calls."""
        value = self(y_true, y_pred, sample_weight)
        g = None if not activation else self.fused_gradient(y_true, y_pred, activation, sample_weight)
        if g is not None:
            return value, g, True
        return value, self.gradient(y_true, y_pred, sample_weight), False

    # ------------------------------------------------------------------ config
    def get_config(self) -> dict:
        config = {"name": self.name, "reduction": self.reduction}
        if self.dtype is not None:
            config["dtype"] = self.dtype
        return config

    @classmethod
    def from_config(cls, config):
        return cls(**config)

    def __repr__(self):
        return f"<{type(self).__name__} name={self.name!r}>"


class LossFunctionWrapper(Loss):
    """A ``Loss`` built from a per-sample kernel ``fn`` and its gradient ``grad_fn``.

    Subclasses set ``fn``/``grad_fn`` (``f(y_true, y_pred, **kwargs)`` on prepared arrays) and
    list their constructor arguments that are passed on in ``fn_args``.
    """

    fn = None
    grad_fn = None
    fn_args: tuple = ()

    def fn_kwargs(self) -> dict:
        return {k: getattr(self, k) for k in self.fn_args}

    def call(self, y_true, y_pred):
        return type(self).fn(y_true, y_pred, **self.fn_kwargs())

    def call_grad(self, y_true, y_pred):
        return type(self).grad_fn(y_true, y_pred, **self.fn_kwargs())

    def get_config(self) -> dict:
        config = super().get_config()
        config.update(self.fn_kwargs())
        return config


# ---------------------------------------------------------------------- helpers
def as_pair(y_true, y_pred, dtype=None, cast_true=True):
    """``(y_true, y_pred)`` as arrays of ``y_pred``'s module; float ``y_pred`` (``dtype`` or its
    own float dtype, floatx for integer input); ``y_true`` cast to it when ``cast_true``."""
    xp = B.get_array_module(y_pred)
    y_pred = xp.asarray(y_pred)
    if dtype is not None:
        y_pred = y_pred.astype(dtype, copy=False)
    elif y_pred.dtype.kind != "f":
        y_pred = y_pred.astype(B.floatx())
    y_true = xp.asarray(y_true)
    if cast_true and y_true.dtype != y_pred.dtype:
        y_true = y_true.astype(y_pred.dtype)
    return y_true, y_pred


def align_ranks(y_true, y_pred):
    """Keras's ``squeeze_or_expand_to_same_rank``: when the ranks differ by one and the longer
    has a trailing axis of 1, squeeze it (or expand the other when it is rank 1)."""
    rt, rp = y_true.ndim, y_pred.ndim
    if rt == rp + 1 and y_true.shape[-1] == 1:
        if rp == 1:
            y_pred = y_pred[:, None]
        else:
            y_true = y_true[..., 0]
    elif rp == rt + 1 and y_pred.shape[-1] == 1:
        if rt == 1:
            y_true = y_true[:, None]
        else:
            y_pred = y_pred[..., 0]
    return y_true, y_pred


def _drop_axis(shape, axis):
    axis = axis % len(shape)
    return tuple(shape[:axis]) + tuple(shape[axis + 1:])


def _same(a, b) -> bool:
    """Shapes equal past the batch axis (``None`` matches any size)."""
    return len(a) == len(b) and all(x is None or y is None or x == y for x, y in zip(a[1:], b[1:]))


def shape_error(name, yt, yp, hint=""):
    return DataError(
        f"{name}: labels of shape {tuple(yt)} do not fit predictions of shape {tuple(yp)}."
        + (f" {hint}" if hint else ""),
        code="loss_shape", loss=name, y_true=str(tuple(yt)), y_pred=str(tuple(yp)))


def softplus(x):
    """``log(1 + exp(x))`` without overflow."""
    xp = B.get_array_module(x)
    return xp.maximum(x, 0) + xp.log1p(xp.exp(-xp.abs(x)))


def sigmoid(x):
    """``1 / (1 + exp(-x))`` without overflow."""
    xp = B.get_array_module(x)
    e = xp.exp(-xp.abs(x))
    return xp.where(x >= 0, 1.0 / (1.0 + e), e / (1.0 + e))


def log_softmax(x, axis=-1):
    xp = B.get_array_module(x)
    z = x - x.max(axis=axis, keepdims=True)
    return z - xp.log(xp.exp(z).sum(axis=axis, keepdims=True))
