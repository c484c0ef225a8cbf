"""Activations with parameters (``relu``'s slope, max and threshold, ``leaky_relu``, ``elu``,
``gelu``'s approximation, ``softmax``/``log_softmax``'s axis), as Keras 3 defines them."""

from __future__ import annotations

from .. import backend as B
from ..special import erf
from .base import _INV_SQRT_2PI, _SQRT_2_OVER_PI, _SQRT_HALF, ActivationFunction, _pick


class ReLU(ActivationFunction):
    """Keras ``relu(x, negative_slope=0.0, max_value=None, threshold=0.0)``; default ``max(x, 0)``.

    As Keras computes it: ``x`` where ``x > threshold`` (else 0), clipped to ``[0, max_value]``
    when set, minus ``negative_slope * max(threshold - x, 0)``. Gradient 1 where ``x`` passes
    through, ``negative_slope`` below ``threshold``, else 0; from ``y`` only in the default form.
    """
    name = "relu"

    def __init__(self, negative_slope=0.0, max_value=None, threshold=0.0):
        self.negative_slope = float(negative_slope)
        self.max_value = None if max_value is None else float(max_value)
        self.threshold = float(threshold)

    @property
    def needs_x(self):
        return not (self.negative_slope == 0 and self.max_value is None and self.threshold == 0)

    def _params(self, negative_slope, max_value, threshold):
        if negative_slope is None and max_value is None and threshold is None:  # every layer's call
            return self.negative_slope, self.max_value, self.threshold
        return (_pick(negative_slope, self.negative_slope), _pick(max_value, self.max_value),
                _pick(threshold, self.threshold))

    def __call__(self, x, negative_slope=None, max_value=None, threshold=None):
        slope, top, thr = self._params(negative_slope, max_value, threshold)
        xp = B.get_array_module(x)
        if top is None and thr == 0:
            return xp.maximum(x, 0.0) if slope == 0 else xp.where(x >= 0, x, slope * x)
        out = x * (x > thr) if thr != 0 else xp.maximum(x, 0.0)
        if top is not None:
            out = xp.clip(out, 0.0, top)
        if slope != 0:
            out = out - slope * xp.maximum(thr - x, 0.0)
        return out

    def grad(self, x, y, grad_y, negative_slope=None, max_value=None, threshold=None):
        slope, top, thr = self._params(negative_slope, max_value, threshold)
        if slope == 0 and top is None and thr == 0:
            return grad_y * ((x > 0) if x is not None else (y > 0))
        if x is None:
            raise ValueError("relu with negative_slope, max_value or threshold needs x for its gradient")
        mask = x > (thr if top is None else max(thr, 0.0))
        if top is not None:
            mask &= x < top
        g = grad_y * mask
        return g + (slope * grad_y) * (x < thr) if slope != 0 else g

    def get_config(self):
        return {"negative_slope": self.negative_slope, "max_value": self.max_value,
                "threshold": self.threshold}


class LeakyReLU(ActivationFunction):
    """``leaky_relu(x, negative_slope=0.2)`` (Keras 3 default): ``x`` for ``x >= 0``, else
    ``negative_slope * x``; gradient 1 or ``negative_slope`` (from ``y`` when the slope >= 0)."""
    name = "leaky_relu"

    def __init__(self, negative_slope=0.2):
        self.negative_slope = float(negative_slope)

    @property
    def needs_x(self):
        return self.negative_slope < 0

    def __call__(self, x, negative_slope=None):
        slope = _pick(negative_slope, self.negative_slope)
        return B.get_array_module(x).where(x >= 0, x, slope * x)

    def grad(self, x, y, grad_y, negative_slope=None):
        slope = _pick(negative_slope, self.negative_slope)
        pos = (x > 0) if x is not None else (y > 0)
        return B.get_array_module(grad_y).where(pos, grad_y, slope * grad_y)

    def get_config(self):
        return {"negative_slope": self.negative_slope}


class ELU(ActivationFunction):
    """``elu(x, alpha=1.0) = x`` for ``x > 0``, else ``alpha * (exp(x) - 1)``; gradient 1 for
    ``x > 0``, else ``y + alpha`` (from ``y`` when ``alpha >= 0``)."""
    name = "elu"

    def __init__(self, alpha=1.0):
        self.alpha = float(alpha)

    @property
    def needs_x(self):
        return self.alpha < 0

    def __call__(self, x, alpha=None):
        a = _pick(alpha, self.alpha)
        xp = B.get_array_module(x)
        return xp.where(x > 0, x, a * xp.expm1(xp.minimum(x, 0.0)))

    def grad(self, x, y, grad_y, alpha=None):
        pos = (x > 0) if x is not None else (y > 0)
        return grad_y * B.get_array_module(y).where(pos, 1.0, y + _pick(alpha, self.alpha))

    def get_config(self):
        return {"alpha": self.alpha}


class GELU(ActivationFunction):
    """``gelu(x, approximate=False) = 0.5 x (1 + erf(x / sqrt(2)))`` (Keras 3 default: exact);
    ``approximate=True``: ``0.5 x (1 + tanh(sqrt(2/pi) (x + 0.044715 x³)))``. Gradient
    ``Phi(x) + x phi(x)`` (normal cdf and pdf) or the tanh form's derivative; needs ``x``."""
    name = "gelu"

    def __init__(self, approximate=False):
        self.approximate = bool(approximate)

    def __call__(self, x, approximate=None):
        if self.approximate if approximate is None else approximate:
            t = B.get_array_module(x).tanh(_SQRT_2_OVER_PI * (x + 0.044715 * x * x * x))
            return 0.5 * x * (1.0 + t)
        return 0.5 * x * (1.0 + erf(x * _SQRT_HALF))

    def grad(self, x, y, grad_y, approximate=None):
        xp = B.get_array_module(x)
        x2 = x * x
        if self.approximate if approximate is None else approximate:
            t = xp.tanh(_SQRT_2_OVER_PI * (x + 0.044715 * x2 * x))
            d = 0.5 * (1.0 + t) + 0.5 * x * (1.0 - t * t) * _SQRT_2_OVER_PI * (1.0 + 0.134145 * x2)
        else:
            d = 0.5 * (1.0 + erf(x * _SQRT_HALF)) + x * (_INV_SQRT_2PI * xp.exp(-0.5 * x2))
        return grad_y * d

    def get_config(self):
        return {"approximate": self.approximate}


class Softmax(ActivationFunction):
    """``softmax(x)_i = exp(x_i) / sum_j exp(x_j)`` along ``axis`` (default -1, the last);
    gradient ``y * (g - sum(g * y))``."""
    name = "softmax"
    needs_x = False

    def __init__(self, axis=-1):
        self.axis = int(axis)

    def __call__(self, x, axis=None):
        ax = self.axis if axis is None else int(axis)
        e = B.get_array_module(x).exp(x - x.max(axis=ax, keepdims=True))
        e /= e.sum(axis=ax, keepdims=True)
        return e

    def grad(self, x, y, grad_y, axis=None):
        ax = self.axis if axis is None else int(axis)
        return y * (grad_y - (grad_y * y).sum(axis=ax, keepdims=True))

    def get_config(self):
        return {"axis": self.axis}


class LogSoftmax(Softmax):
    """``log_softmax(x) = x - max(x) - log(sum(exp(x - max(x))))`` along ``axis`` (default -1);
    gradient ``g - exp(y) * sum(g)``."""
    name = "log_softmax"

    def __call__(self, x, axis=None):
        ax = self.axis if axis is None else int(axis)
        xp = B.get_array_module(x)
        s = x - x.max(axis=ax, keepdims=True)
        s -= xp.log(xp.exp(s).sum(axis=ax, keepdims=True))
        return s

    def grad(self, x, y, grad_y, axis=None):
        ax = self.axis if axis is None else int(axis)
        return grad_y - B.get_array_module(y).exp(y) * grad_y.sum(axis=ax, keepdims=True)
