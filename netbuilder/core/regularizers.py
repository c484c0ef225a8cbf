"""Weight and activity regularizers: L1, L2, L1L2, OrthogonalRegularizer (Keras 3 names,
defaults and maths).

A regularizer maps a weight array ``w`` to a scalar penalty added to the loss and gives the
penalty's gradient: ``l2(w) = l2 * sum(w²)``, gradient ``2 * l2 * w``.

Names: ``"l1"`` → ``L1(0.01)``, ``"l2"`` → ``L2(0.01)``. ``"l1_l2"`` → ``L1L2(l1=0.01, l2=0.01)``,
the defaults Keras documents for the string (and Keras 2's ``l1_l2`` function had), whereas
the class ``L1L2()`` and its Keras 3 alias ``l1_l2`` default to 0.0 and 0.0. (Keras 3's own
``get("l1_l2")`` does not resolve at all; ``"l1l2"``/``"L1L2"`` give ``L1L2()``.)
"""

from __future__ import annotations

from . import backend as B
from . import validate
from .errors import ConfigError
from . import registry
from .registry import REGULARIZERS, to_snake_case


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

    def __repr__(self):
        args = ", ".join(f"{k}={v!r}" for k, v in self.get_config().items())
        return f"{type(self).__name__}({args})"


def _factor(value, name, owner, default):
    """``value`` as a finite float >= 0 (None: ``default``), as Keras validates it."""
    if value is None:
        return default
    return validate.non_negative_float(value, name, where=owner, code="regularizer_factor")


def _register(*aliases):
    def add(cls):
        REGULARIZERS.register(cls, name=cls.__name__, aliases=(to_snake_case(cls.__name__),) + aliases)
        return cls

    return add


@_register()
class L1(Regularizer):
    """``penalty = l1 * sum(|w|)`` (Keras default ``l1=0.01``); gradient ``l1 * sign(w)``
    (0 at ``w = 0``)."""

    def __init__(self, l1=0.01):
        self.l1 = _factor(l1, "l1", "L1", 0.01)

    def __call__(self, w):
        return self.l1 * float(B.get_array_module(w).abs(w).sum())

    def gradient(self, w):
        return self.l1 * B.get_array_module(w).sign(w)

    def get_config(self):
        return {"l1": self.l1}


@_register()
class L2(Regularizer):
    """``penalty = l2 * sum(w²)`` (Keras default ``l2=0.01``); gradient ``2 * l2 * w``."""

    def __init__(self, l2=0.01):
        self.l2 = _factor(l2, "l2", "L2", 0.01)

    def __call__(self, w):
        return self.l2 * float((w * w).sum())

    def gradient(self, w):
        return (2.0 * self.l2) * w

    def get_config(self):
        return {"l2": self.l2}


@_register("l1_l2")  # to_snake_case gives "l1l2", as Keras does
class L1L2(Regularizer):
    """``penalty = l1 * sum(|w|) + l2 * sum(w²)`` (class defaults 0.0 and 0.0, as in Keras 3);
    gradient ``l1 * sign(w) + 2 * l2 * w``."""

    def __init__(self, l1=0.0, l2=0.0):
        self.l1 = _factor(l1, "l1", "L1L2", 0.0)
        self.l2 = _factor(l2, "l2", "L1L2", 0.0)

    def __call__(self, w):
        xp = B.get_array_module(w)
        penalty = 0.0
        if self.l1:
            penalty += self.l1 * float(xp.abs(w).sum())
        if self.l2:
            penalty += self.l2 * float((w * w).sum())
        return penalty

    def gradient(self, w):
        g = (2.0 * self.l2) * w
        if self.l1:
            g += self.l1 * B.get_array_module(w).sign(w)
        return g

    def get_config(self):
        return {"l1": self.l1, "l2": self.l2}


@_register()
class OrthogonalRegularizer(Regularizer):
    """Pushes the rows (``mode="rows"``, default) or columns of a 2-D weight towards orthogonality.

    With ``N`` the rows (columns) scaled to unit norm (``w / max(||w||, eps)``) and
    ``P = N Nᵀ`` (``Nᵀ N``) of size ``k x k``: ``penalty = factor * 0.5 * sum_{i != j} |P_ij|
    / (k (k - 1) / 2)`` (Keras default ``factor=0.01``). Gradient by the chain rule through
    the normalisation, with ``sign(P_ij)`` for ``|P_ij|``. A single row (k = 1) has no pairs:
    penalty 0.
    """

    def __init__(self, factor=0.01, mode="rows"):
        self.factor = _factor(factor, "factor", "OrthogonalRegularizer", 0.01)
        self.mode = validate.one_of(mode, "mode", ("rows", "columns"), where="OrthogonalRegularizer",
                                    must="'rows' or 'columns'", code="regularizer_mode")

    def _rows(self, w):
        if w.ndim != 2:
            raise ConfigError(f"OrthogonalRegularizer needs a 2-D weight, got shape {tuple(w.shape)}",
                              code="regularizer_rank", shape=str(tuple(w.shape)))
        return w if self.mode == "rows" else w.T

    def _parts(self, m):
        xp = B.get_array_module(m)
        norms = xp.maximum(xp.sqrt((m * m).sum(axis=1, keepdims=True)), B.epsilon())  # (k, 1)
        n = m / norms
        off = n @ n.T
        xp.fill_diagonal(off, 0.0)
        k = m.shape[0]
        return n, norms, off, self.factor * 0.5 / (k * (k - 1) / 2.0) if k > 1 else 0.0

    def __call__(self, w):
        _, _, off, c = self._parts(self._rows(w))
        return c * float(B.get_array_module(w).abs(off).sum())

    def gradient(self, w):
        m = self._rows(w)
        xp = B.get_array_module(m)
        n, norms, off, c = self._parts(m)
        g_n = (2.0 * c) * (xp.sign(off) @ n)  # d penalty / d N; sign(off) is symmetric
        g_m = (g_n - n * (n * g_n).sum(axis=1, keepdims=True)) / norms
        small = norms <= B.epsilon()  # clamped norms: N = m / eps is linear in m
        if small.any():
            g_m = xp.where(small, g_n / B.epsilon(), g_m)
        return g_m if self.mode == "rows" else g_m.T

    def get_config(self):
        return {"factor": self.factor, "mode": self.mode}


# Python names as Keras 3 exports them (the class aliases)
l1 = L1
l2 = L2
l1_l2 = L1L2
orthogonal_regularizer = OrthogonalRegularizer


def get(identifier):
    """Resolve None, a name (``"l2"``), a ``{"class_name", "config"}`` dict or an instance.

    The string ``"l1_l2"`` gives ``L1L2(l1=0.01, l2=0.01)`` (see the module docstring)."""
    if identifier == "l1_l2":
        return L1L2(l1=0.01, l2=0.01)
    return REGULARIZERS.get(identifier, allow_none=True, instance_types=(Regularizer,))


def serialize(reg) -> dict | None:
    """``{"class_name": ..., "config": ...}`` for a layer config (None stays None)."""
    return registry.serialize(reg)
