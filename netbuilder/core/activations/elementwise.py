"""Activations without parameters: linear, sigmoid, tanh, relu6, selu, softplus, softsign, silu,
exponential, hard_sigmoid, hard_silu, mish (Keras 3 names and maths)."""

from __future__ import annotations

import numpy as np

from .. import backend as B
from .base import _SELU_ALPHA, _SELU_SCALE, ActivationFunction, _sigmoid, _softplus


class Linear(ActivationFunction):
    """``linear(x) = x``; gradient 1."""
    name = "linear"
    needs_x = False

    def __call__(self, x):
        return x

    def grad(self, x, y, grad_y):
        return grad_y


class Sigmoid(ActivationFunction):
    """``sigmoid(x) = 1 / (1 + exp(-x))`` (never overflows); gradient ``y (1 - y)``."""
    name = "sigmoid"
    needs_x = False

    def __call__(self, x):
        return _sigmoid(x, B.get_array_module(x))

    def grad(self, x, y, grad_y):
        return grad_y * y * (1.0 - y)


class Tanh(ActivationFunction):
    """``tanh(x)``; gradient ``1 - y²``."""
    name = "tanh"
    needs_x = False

    def __call__(self, x):
        return B.get_array_module(x).tanh(x)

    def grad(self, x, y, grad_y):
        return grad_y * (1.0 - y * y)


class ReLU6(ActivationFunction):
    """``relu6(x) = min(max(x, 0), 6)``; gradient 1 where ``0 < y < 6``."""
    name = "relu6"
    needs_x = False

    def __call__(self, x):
        return B.get_array_module(x).clip(x, 0.0, 6.0)

    def grad(self, x, y, grad_y):
        return grad_y * ((y > 0) & (y < 6))


class SELU(ActivationFunction):
    """``selu(x) = scale * elu(x, alpha)`` with Keras's ``alpha = 1.67326324...``,
    ``scale = 1.05070098...``; gradient ``scale`` for ``x > 0``, else ``y + scale * alpha``."""
    name = "selu"
    needs_x = False

    def __call__(self, x):
        xp = B.get_array_module(x)
        return _SELU_SCALE * xp.where(x > 0, x, _SELU_ALPHA * xp.expm1(xp.minimum(x, 0.0)))

    def grad(self, x, y, grad_y):
        pos = (x > 0) if x is not None else (y > 0)
        return grad_y * B.get_array_module(y).where(pos, _SELU_SCALE, y + _SELU_SCALE * _SELU_ALPHA)


class Softplus(ActivationFunction):
    """``softplus(x) = log(exp(x) + 1)`` (stable for any ``x``); gradient ``sigmoid(x) = 1 - exp(-y)``."""
    name = "softplus"
    needs_x = False

    def __call__(self, x):
        return _softplus(x, B.get_array_module(x))

    def grad(self, x, y, grad_y):
        return grad_y * -B.get_array_module(y).expm1(-y)


class Softsign(ActivationFunction):
    """``softsign(x) = x / (|x| + 1)``; gradient ``1 / (|x| + 1)² = (1 - |y|)²``."""
    name = "softsign"
    needs_x = False

    def __call__(self, x):
        return x / (B.get_array_module(x).abs(x) + 1.0)

    def grad(self, x, y, grad_y):
        d = 1.0 - B.get_array_module(y).abs(y)
        return grad_y * (d * d)


class SiLU(ActivationFunction):
    """``silu(x) = swish(x) = x * s``, ``s = sigmoid(x)``; gradient ``s (1 + x (1 - s))``."""
    name = "silu"

    def __call__(self, x):
        return x * _sigmoid(x, B.get_array_module(x))

    def grad(self, x, y, grad_y):
        s = _sigmoid(x, B.get_array_module(x))
        return grad_y * s * (1.0 + x * (1.0 - s))


class Exponential(ActivationFunction):
    """``exponential(x) = exp(x)``; gradient ``y``. Like Keras, silently ``inf`` once ``exp(x)``
    overflows the dtype (``x > 88.7`` in float32)."""
    name = "exponential"
    needs_x = False

    def __call__(self, x):
        xp = B.get_array_module(x)
        if xp is not np:
            return xp.exp(x)
        with np.errstate(over="ignore"):
            return np.exp(x)

    def grad(self, x, y, grad_y):
        return grad_y * y


class HardSigmoid(ActivationFunction):
    """``hard_sigmoid(x) = relu6(x + 3) / 6`` (Keras 3; Keras 2 used slope 0.2): 0 below -3,
    1 above 3, ``x/6 + 0.5`` between; gradient ``1/6`` where ``0 < y < 1``."""
    name = "hard_sigmoid"
    needs_x = False

    def __call__(self, x):
        return B.get_array_module(x).clip(x / 6.0 + 0.5, 0.0, 1.0)

    def grad(self, x, y, grad_y):
        return (grad_y * ((y > 0) & (y < 1))) * (1.0 / 6.0)


class HardSiLU(ActivationFunction):
    """``hard_silu(x) = hard_swish(x) = x * relu6(x + 3) / 6``; gradient 0 below -3, 1 above 3,
    ``(2x + 3) / 6`` between."""
    name = "hard_silu"

    def __call__(self, x):
        return x * B.get_array_module(x).clip(x / 6.0 + 0.5, 0.0, 1.0)

    def grad(self, x, y, grad_y):
        xp = B.get_array_module(x)
        return grad_y * xp.where(x < -3, 0.0, xp.where(x > 3, 1.0, (2.0 * x + 3.0) / 6.0))


class Mish(ActivationFunction):
    """``mish(x) = x * t``, ``t = tanh(softplus(x))``; gradient ``t + x (1 - t²) sigmoid(x)``."""
    name = "mish"

    def __call__(self, x):
        xp = B.get_array_module(x)
        return x * xp.tanh(_softplus(x, xp))

    def grad(self, x, y, grad_y):
        xp = B.get_array_module(x)
        t = xp.tanh(_softplus(x, xp))
        return grad_y * (t + x * (1.0 - t * t) * _sigmoid(x, xp))
