"""The activation base class and the numerically stable helpers the activations share."""

from __future__ import annotations

import math

_SQRT_HALF = math.sqrt(0.5)
_INV_SQRT_2PI = 1.0 / math.sqrt(2.0 * math.pi)
_SQRT_2_OVER_PI = math.sqrt(2.0 / math.pi)
_SELU_ALPHA = 1.6732632423543772848170429916717
_SELU_SCALE = 1.0507009873554804934193349852946


class ActivationFunction:
    """A named element-wise (or last-axis) function with its gradient.

    Subclasses implement ``__call__(x)`` and ``grad(x, y, grad_y)``; parametrised ones also
    store their parameters as attributes and list them in ``get_config()``.
    """

    name = "activation"
    #: whether ``grad`` needs the pre-activation ``x`` (False: ``y`` is enough).
    needs_x = True

    def __call__(self, x):
        raise NotImplementedError

    def grad(self, x, y, grad_y):
        raise NotImplementedError

    def get_config(self) -> dict:
        """The parameters (empty for parameter-free activations)."""
        return {}

    def __repr__(self):
        params = ", ".join(f"{k}={v!r}" for k, v in self.get_config().items())
        return f"<activation {self.name}{'(' + params + ')' if params else ''}>"


def _pick(value, default):
    """A per-call override (None: keep the object's value), as a Python float so that
    float32 arrays stay float32."""
    return default if value is None else float(value)


def _sigmoid(x, xp):
    # exp(-|x|) <= 1 never overflows: 1/(1+e) for x >= 0, e/(1+e) for x < 0
    e = xp.exp(-xp.abs(x))
    out = xp.where(x >= 0, 1.0, e)
    out /= 1.0 + e
    return out


def _softplus(x, xp):
    # log(1 + exp(x)) = max(x, 0) + log1p(exp(-|x|)): no overflow, 10x faster than logaddexp
    return xp.maximum(x, 0.0) + xp.log1p(xp.exp(-xp.abs(x)))
