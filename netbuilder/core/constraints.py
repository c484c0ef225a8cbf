"""Weight constraints applied after each optimizer step (Keras: MaxNorm, NonNeg, UnitNorm, MinMaxNorm)."""

from __future__ import annotations

from . import backend as B
from .registry import CONSTRAINTS, to_snake_case


class Constraint:
    """Base class: ``__call__(w)`` returns the projected weights."""

    def __call__(self, w):
        return w

    def get_config(self) -> dict:
        return {}

    @classmethod
    def from_config(cls, config):
        return cls(**config)


class NonNeg(Constraint):
    """``w = max(w, 0)``."""

    def __call__(self, w):
        return w * (w >= 0)


class MaxNorm(Constraint):
    """Rescale so that the norm along ``axis`` is at most ``max_value`` (Keras: ``w * clip(n, 0, m) / (eps + n)``)."""

    def __init__(self, max_value=2, axis=0):
        self.max_value = max_value
        self.axis = axis

    def __call__(self, w):
        xp = B.get_array_module(w)
        norms = xp.sqrt((w * w).sum(axis=self.axis, keepdims=True))
        desired = xp.clip(norms, 0, self.max_value)
        return w * (desired / (B.epsilon() + norms))

    def get_config(self):
        return {"max_value": self.max_value, "axis": self.axis}


class UnitNorm(Constraint):
    """``w / (eps + ||w||)`` along ``axis``."""

    def __init__(self, axis=0):
        self.axis = axis

    def __call__(self, w):
        xp = B.get_array_module(w)
        return w / (B.epsilon() + xp.sqrt((w * w).sum(axis=self.axis, keepdims=True)))

    def get_config(self):
        return {"axis": self.axis}


for _cls in (NonNeg, MaxNorm, UnitNorm):
    CONSTRAINTS.register(_cls, name=_cls.__name__, aliases=(to_snake_case(_cls.__name__),))


def get(identifier):
    """Resolve None, a name, a config dict or an instance."""
    return CONSTRAINTS.get(identifier, allow_none=True, instance_types=(Constraint,))


def serialize(con):
    if con is None:
        return None
    return {"class_name": type(con).__name__, "config": con.get_config()}
