"""Weight constraints applied after each optimizer step (Keras: MaxNorm, NonNeg, UnitNorm, MinMaxNorm)."""

from __future__ import annotations

from . import backend as B
from . import registry, validate
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


def _check_axis(axis, where):
    """``axis`` as given once it is an int or a list/tuple of ints (the error names it otherwise)."""
    for a in (axis if isinstance(axis, (list, tuple)) and axis else [axis]):
        validate.integer(a, "axis", where=where, must="an int or a list of ints")
    return axis


def _axis(axis):
    # configs read back from JSON hold lists; NumPy wants a tuple of axes
    return tuple(axis) if isinstance(axis, (list, tuple)) else axis


def _norms(w, axis):
    xp = B.get_array_module(w)
    return xp.sqrt((w * w).sum(axis=_axis(axis), keepdims=True))


class NonNeg(Constraint):
    """``w = max(w, 0)``."""

    def __call__(self, w):
        return B.get_array_module(w).maximum(w, 0)


class MaxNorm(Constraint):
    """Rescale so that the norm along ``axis`` is at most ``max_value`` (Keras: ``w * clip(n, 0, m) / (eps + n)``).

    ``axis`` (default 0) is an int or a list of ints: ``[0, 1, 2]`` for a Conv2D kernel
    ``(kh, kw, in, out)`` bounds the norm of each filter.
    """

    def __init__(self, max_value=2, axis=0):
        validate.non_negative_float(max_value, "max_value", where="MaxNorm")
        self.max_value = max_value
        self.axis = _check_axis(axis, "MaxNorm")

    def __call__(self, w):
        xp = B.get_array_module(w)
        norms = _norms(w, self.axis)
        desired = xp.clip(norms, 0, self.max_value)
        return w * (desired / (B.epsilon() + norms))

    def get_config(self):
        return {"max_value": self.max_value, "axis": self.axis}


class UnitNorm(Constraint):
    """``w / (eps + ||w||)`` along ``axis``."""

    def __init__(self, axis=0):
        self.axis = _check_axis(axis, "UnitNorm")

    def __call__(self, w):
        return w / (B.epsilon() + _norms(w, self.axis))

    def get_config(self):
        return {"axis": self.axis}


class MinMaxNorm(Constraint):
    """Rescale the norm ``n`` along ``axis`` towards ``[min_value, max_value]`` (Keras defaults
    0.0, 1.0, ``rate=1.0``, ``axis=0``).

    ``w * desired / (eps + n)`` with ``desired = rate * clip(n, min_value, max_value) +
    (1 - rate) * n``: ``rate=1`` enforces the bounds at once, smaller rates move towards them.
    """

    def __init__(self, min_value=0.0, max_value=1.0, rate=1.0, axis=0):
        validate.non_negative_float(min_value, "min_value", where="MinMaxNorm")
        validate.number(max_value, "max_value", where="MinMaxNorm", lo=float(min_value),
                        must=f"a number >= min_value ({min_value!r})")
        validate.fraction(rate, "rate", where="MinMaxNorm")
        self.min_value = min_value
        self.max_value = max_value
        self.rate = rate
        self.axis = _check_axis(axis, "MinMaxNorm")

    def __call__(self, w):
        xp = B.get_array_module(w)
        norms = _norms(w, self.axis)
        desired = self.rate * xp.clip(norms, self.min_value, self.max_value) + (1 - self.rate) * norms
        return w * (desired / (B.epsilon() + norms))

    def get_config(self):
        return {"min_value": self.min_value, "max_value": self.max_value, "rate": self.rate,
                "axis": self.axis}


for _cls in (NonNeg, MaxNorm, UnitNorm, MinMaxNorm):
    CONSTRAINTS.register(_cls, name=_cls.__name__, aliases=(to_snake_case(_cls.__name__),))


def get(identifier):
    """Resolve None, a name, a config dict, a ``Constraint`` class or an instance."""
    return CONSTRAINTS.get(identifier, allow_none=True, instance_types=(Constraint,))


def serialize(con):
    """``{"class_name", "config"}`` for a layer config (None stays None)."""
    return registry.serialize(con)
