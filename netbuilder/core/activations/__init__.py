"""Activation functions with their gradients (Keras 3 names, defaults and maths).

Each activation is an ``ActivationFunction`` object: call it like a function, ``y = relu(x)``,
and get its gradient with ``relu.grad(x, y, grad_y)`` → ``grad_x``. ``x`` is the pre-activation
and ``y`` the output; an activation whose ``needs_x`` is False computes its gradient from ``y``
alone (pass ``x=None``), so layers need not keep ``x`` (less memory on the hot path).

Activations with parameters take them as keywords, as in Keras: ``elu(x, alpha=0.5)`` and
``elu.grad(x, y, g, alpha=0.5)`` (pass the same values to both); ``ELU(alpha=0.5)`` is an
activation object with that default. The registered objects use Keras's defaults. All maths
is written once against the array module of ``x`` (NumPy or CuPy) and keeps ``x``'s dtype.

The classes live in ``base.py`` (``ActivationFunction``), ``elementwise.py`` (no parameters) and
``parametrised.py``; this module registers one object of each under its Keras name and
resolves identifiers (``get``, ``serialize``).
"""

from __future__ import annotations

from ..registry import ACTIVATIONS
from ..special import erf  # noqa: F401  (re-exported as activations.erf)
from .base import ActivationFunction
from .elementwise import (SELU, Exponential, HardSigmoid, HardSiLU, Linear, Mish, ReLU6, SiLU, Sigmoid,
                          Softplus, Softsign, Tanh)
from .parametrised import ELU, GELU, LeakyReLU, LogSoftmax, ReLU, Softmax

__all__ = ["ActivationFunction", "ELU", "GELU", "SELU", "Exponential", "HardSigmoid", "HardSiLU", "LeakyReLU",
           "Linear", "LogSoftmax", "Mish", "ReLU", "ReLU6", "SiLU", "Sigmoid", "Softmax", "Softplus", "Softsign",
           "Tanh", "get", "serialize"]


def _register(cls, aliases=()):
    inst = cls()
    ACTIVATIONS.register(inst, name=inst.name, aliases=aliases)
    return inst


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
