"""Weight initializers (Keras 3 names, defaults and maths).

``init(shape, dtype)`` returns a NumPy array; layers move it to the active backend. Random
initializers draw from ``utils.rng()`` (or their own ``seed``), so ``set_random_seed`` makes
model creation reproducible.
"""

from __future__ import annotations

import numpy as np

from . import utils
from .registry import INITIALIZERS, to_snake_case


class Initializer:
    """Base class: ``__call__(shape, dtype=None)`` → array of ``shape``."""

    def __call__(self, shape, dtype=None):
        raise NotImplementedError

    def get_config(self) -> dict:
        return {}

    @classmethod
    def from_config(cls, config):
        return cls(**config)


def _register(cls, aliases=()):
    INITIALIZERS.register(cls, name=cls.__name__, aliases=(to_snake_case(cls.__name__),) + tuple(aliases))
    return cls


def _fans(shape):
    """(fan_in, fan_out) as Keras computes them: kernels (..., in, out) use the receptive field."""
    if len(shape) < 1:
        return 1, 1
    if len(shape) == 1:
        return shape[0], shape[0]
    if len(shape) == 2:
        return shape[0], shape[1]
    receptive = int(np.prod(shape[:-2]))
    return shape[-2] * receptive, shape[-1] * receptive


class Zeros(Initializer):
    """All zeros."""

    def __call__(self, shape, dtype=None):
        return np.zeros(shape, dtype=dtype or "float32")


class Ones(Initializer):
    """All ones."""

    def __call__(self, shape, dtype=None):
        return np.ones(shape, dtype=dtype or "float32")


class GlorotUniform(Initializer):
    """Uniform in ``[-limit, limit]``, ``limit = sqrt(6 / (fan_in + fan_out))``."""

    def __init__(self, seed=None):
        self.seed = seed

    def __call__(self, shape, dtype=None):
        fan_in, fan_out = _fans(shape)
        limit = np.sqrt(6.0 / max(1.0, fan_in + fan_out))
        return utils.make_rng(self.seed).uniform(-limit, limit, size=shape).astype(dtype or "float32")

    def get_config(self):
        return {"seed": self.seed}


_register(Zeros)
_register(Ones)
_register(GlorotUniform)


def get(identifier) -> Initializer:
    """Resolve a name (``"glorot_uniform"``/``"GlorotUniform"``), config dict or instance."""
    if callable(identifier) and not isinstance(identifier, (str, dict, type)):
        return identifier
    return INITIALIZERS.get(identifier, instance_types=(Initializer,))


def serialize(init) -> dict:
    """``{"class_name": ..., "config": ...}`` for a layer config."""
    return {"class_name": type(init).__name__, "config": init.get_config()}
