"""Activation functions with their gradients (Keras 3 names and maths).

Each activation is an ``Activation`` object: call it like a function, ``y = relu(x)``, and get
its gradient with ``relu.grad(x, y, grad_y)`` → ``grad_x``. ``x`` is the pre-activation and
``y`` the output; an activation whose ``needs_x`` is False computes its gradient from ``y``
alone, so layers need not keep ``x`` (less memory on the hot path).
"""

from __future__ import annotations

from . import backend as B
from .registry import ACTIVATIONS


class ActivationFunction:
    """A named element-wise (or last-axis) function with its gradient.

    Subclasses implement ``__call__(x)`` and ``grad(x, y, grad_y)``.
    """

    name = "activation"
    #: whether ``grad`` needs the pre-activation ``x`` (False: ``y`` is enough).
    needs_x = True

    def __call__(self, x):
        raise NotImplementedError

    def grad(self, x, y, grad_y):
        raise NotImplementedError

    def __repr__(self):
        return f"<activation {self.name}>"


def _register(cls):
    inst = cls()
    ACTIVATIONS.register(inst, name=inst.name)
    return inst


class Linear(ActivationFunction):
    """``linear(x) = x``."""

    name = "linear"
    needs_x = False

    def __call__(self, x):
        return x

    def grad(self, x, y, grad_y):
        return grad_y


class ReLU(ActivationFunction):
    """``relu(x) = max(x, 0)``; gradient 1 where the output is positive."""

    name = "relu"
    needs_x = False

    def __call__(self, x):
        return B.get_array_module(x).maximum(x, 0)

    def grad(self, x, y, grad_y):
        return grad_y * (y > 0)


class Sigmoid(ActivationFunction):
    """``sigmoid(x) = 1 / (1 + exp(-x))``; gradient ``y (1 - y)``."""

    name = "sigmoid"
    needs_x = False

    def __call__(self, x):
        xp = B.get_array_module(x)
        # split by sign so exp never overflows
        out = xp.empty_like(x)
        pos = x >= 0
        out[pos] = 1.0 / (1.0 + xp.exp(-x[pos]))
        ex = xp.exp(x[~pos])
        out[~pos] = ex / (1.0 + ex)
        return out

    def grad(self, x, y, grad_y):
        return grad_y * y * (1 - y)


class Softmax(ActivationFunction):
    """``softmax(x)_i = exp(x_i) / sum_j exp(x_j)`` over the last axis."""

    name = "softmax"
    needs_x = False

    def __call__(self, x, axis=-1):
        xp = B.get_array_module(x)
        e = xp.exp(x - x.max(axis=axis, keepdims=True))
        e /= e.sum(axis=axis, keepdims=True)
        return e

    def grad(self, x, y, grad_y):
        return y * (grad_y - (grad_y * y).sum(axis=-1, keepdims=True))


class Tanh(ActivationFunction):
    """``tanh(x)``; gradient ``1 - y²``."""

    name = "tanh"
    needs_x = False

    def __call__(self, x):
        return B.get_array_module(x).tanh(x)

    def grad(self, x, y, grad_y):
        return grad_y * (1 - y * y)


linear = _register(Linear)
relu = _register(ReLU)
sigmoid = _register(Sigmoid)
softmax = _register(Softmax)
tanh = _register(Tanh)


def get(identifier) -> ActivationFunction:
    """Resolve None (→ linear), a name, or an ``ActivationFunction`` instance."""
    if identifier is None:
        return linear
    if isinstance(identifier, ActivationFunction):
        return identifier
    if isinstance(identifier, dict):
        identifier = identifier.get("config", {}).get("name") or identifier.get("class_name")
    if isinstance(identifier, str):
        return ACTIVATIONS.lookup(identifier)
    raise TypeError(f"Could not interpret activation identifier {identifier!r}; "
                    f"pass a name such as 'relu' (known: {', '.join(ACTIVATIONS.names())})")


def serialize(activation: ActivationFunction) -> str:
    """The activation's Keras name, as stored in layer configs."""
    return activation.name
