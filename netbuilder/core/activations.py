"""Activation functions with their gradients (Keras 3 names, defaults and maths).

Each activation is an ``ActivationFunction`` object: call it like a function, ``y = relu(x)``,
and get its gradient with ``relu.grad(x, y, grad_y)`` → ``grad_x``. ``x`` is the pre-activation
and ``y`` the output; an activation whose ``needs_x`` is False computes its gradient from ``y``
alone (pass ``x=None``), so layers need not keep ``x`` (less memory on the hot path).

Activations with parameters take them as keywords, as in Keras: ``elu(x, alpha=0.5)`` and
``elu.grad(x, y, g, alpha=0.5)`` (pass the same values to both); ``ELU(alpha=0.5)`` is an
activation object with that default. The registered objects use Keras's defaults. All maths
is written once against the array module of ``x`` (NumPy or CuPy) and keeps ``x``'s dtype.
"""

from __future__ import annotations

import math

import numpy as np

from . import backend as B
from .registry import ACTIVATIONS
from .special import erf  # noqa: F401  (re-exported as activations.erf)

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


def _register(cls, aliases=()):
    inst = cls()
    ACTIVATIONS.register(inst, name=inst.name, aliases=aliases)
    return inst


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




# ----------------------------------------------------------------------- parameter-free
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


# --------------------------------------------------------------------- with parameters
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


linear = _register(Linear)
relu = _register(ReLU)
leaky_relu = _register(LeakyReLU)
relu6 = _register(ReLU6)
softmax = _register(Softmax)
log_softmax = _register(LogSoftmax)
elu = _register(ELU)
selu = _register(SELU)
softplus = _register(Softplus)
softsign = _register(Softsign)
silu = swish = _register(SiLU, aliases=("swish",))
gelu = _register(GELU)
tanh = _register(Tanh)
sigmoid = _register(Sigmoid)
exponential = _register(Exponential)
hard_sigmoid = _register(HardSigmoid)
hard_silu = hard_swish = _register(HardSiLU, aliases=("hard_swish",))
mish = _register(Mish)


def get(identifier) -> ActivationFunction:
    """Resolve None (→ linear), a name or alias, a config dict, or an ``ActivationFunction``.

    Dicts: ``{"class_name": "elu", "config": {"alpha": 0.5}}`` (as ``serialize`` writes) or
    Keras 3's ``{"class_name": "function", "config": "relu", ...}``.
    """
    if identifier is None:
        return linear
    if isinstance(identifier, ActivationFunction):
        return identifier
    if isinstance(identifier, dict):
        config = identifier.get("config")
        params = {}
        if isinstance(config, str):
            name = config
        elif isinstance(config, dict) and "name" in config:
            name = config["name"]
            params = {k: v for k, v in config.items() if k != "name"}
        else:
            name = identifier.get("class_name")
            params = dict(config or {})
        base = get(name)
        return type(base)(**params) if params else base
    if isinstance(identifier, str):
        return ACTIVATIONS.lookup(identifier)
    raise TypeError(f"Could not interpret activation identifier {identifier!r} "
                    f"(type {type(identifier).__name__}); pass a name such as 'relu' "
                    f"(known: {', '.join(ACTIVATIONS.names())})")


def serialize(activation: ActivationFunction):
    """The activation's Keras name, as stored in layer configs; a ``{"class_name", "config"}``
    dict when its parameters differ from the defaults (``get`` reads both)."""
    config = activation.get_config()
    try:
        default = type(activation)().get_config()
    except TypeError:  # a user subclass whose parameters have no defaults
        default = None
    if config and config != default:
        return {"class_name": activation.name, "config": config}
    return activation.name
