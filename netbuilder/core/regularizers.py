"""Weight and activity regularizers: L1, L2, L1L2 (Keras 3 names, defaults and maths).

A regularizer maps a weight array ``w`` to a scalar penalty added to the loss and gives the
penalty's gradient: ``l2(w) = l2 * sum(w²)``, gradient ``2 * l2 * w``.
"""

from __future__ import annotations

from . import backend as B
from .registry import REGULARIZERS


class Regularizer:
    """Base class: ``__call__(w)`` → penalty (float), ``gradient(w)`` → array like ``w``."""

    def __call__(self, w):
        raise NotImplementedError

    def gradient(self, w):
        raise NotImplementedError

    def get_config(self) -> dict:
        return {}

    @classmethod
    def from_config(cls, config):
        return cls(**config)


class L2(Regularizer):
    """``penalty = l2 * sum(w ** 2)`` (Keras default ``l2=0.01``)."""

    def __init__(self, l2=0.01):
        self.l2 = float(l2)

    def __call__(self, w):
        return self.l2 * float((w * w).sum())

    def gradient(self, w):
        return (2.0 * self.l2) * w

    def get_config(self):
        return {"l2": self.l2}


REGULARIZERS.register(L2, name="L2", aliases=("l2",))


def get(identifier):
    """Resolve None, a name (``"l2"``), a config dict or an instance."""
    return REGULARIZERS.get(identifier, allow_none=True, instance_types=(Regularizer,))


def serialize(reg) -> dict | None:
    if reg is None:
        return None
    return {"class_name": type(reg).__name__, "config": reg.get_config()}


_ = B  # backend kept for subclasses that need the array module
