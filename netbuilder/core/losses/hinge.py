"""Hinge losses (Keras 3 names and maths): hinge, squared hinge, categorical hinge.

Binary hinge losses expect labels -1/1; when every label of the batch is 0 or 1 they are
converted with ``2 t - 1`` first, as Keras's ``convert_binary_labels_to_hinge`` does.
"""

from __future__ import annotations

from .. import backend as B
from ..registry import LOSSES
from .base import LossFunctionWrapper, align_ranks, as_pair


def to_hinge_labels(t):
    """``2 t - 1`` when every value of ``t`` is 0 or 1, else ``t`` unchanged."""
    xp = B.get_array_module(t)
    return 2.0 * t - 1.0 if bool(xp.all((t == 0) | (t == 1))) else t


# ---------------------------------------------------------------------- hinge
def _hinge(t, y):
    return B.get_array_module(y).maximum(1.0 - to_hinge_labels(t) * y, 0.0).mean(axis=-1)


def _hinge_grad(t, y):
    t = to_hinge_labels(t)
    return -t * ((1.0 - t * y) > 0) * (1.0 / y.shape[-1])


def hinge(y_true, y_pred):
    """Per-sample ``mean(max(1 - t * y_pred, 0), axis=-1)``, ``t`` in {-1, 1} (0/1 converted)."""
    return _hinge(*align_ranks(*as_pair(y_true, y_pred)))


class Hinge(LossFunctionWrapper):
    """``loss = mean(max(1 - y_true * y_pred, 0))`` with -1/1 labels (0/1 labels converted);
    ``y_pred`` is a raw score (e.g. a linear or tanh unit)."""

    fn = staticmethod(_hinge)
    grad_fn = staticmethod(_hinge_grad)

    def __init__(self, reduction="sum_over_batch_size", name="hinge", dtype=None):
        super().__init__(name=name, reduction=reduction, dtype=dtype)


# ---------------------------------------------------------------------- squared hinge
def _squared_hinge(t, y):
    m = B.get_array_module(y).maximum(1.0 - to_hinge_labels(t) * y, 0.0)
    return (m * m).mean(axis=-1)


def _squared_hinge_grad(t, y):
    t = to_hinge_labels(t)
    m = B.get_array_module(y).maximum(1.0 - t * y, 0.0)
    return -t * m * (2.0 / y.shape[-1])


def squared_hinge(y_true, y_pred):
    """Per-sample ``mean(max(1 - t * y_pred, 0)², axis=-1)``, ``t`` in {-1, 1} (0/1 converted)."""
    return _squared_hinge(*align_ranks(*as_pair(y_true, y_pred)))


class SquaredHinge(LossFunctionWrapper):
    """``loss = mean(max(1 - y_true * y_pred, 0)²)`` with -1/1 labels (0/1 labels converted)."""

    fn = staticmethod(_squared_hinge)
    grad_fn = staticmethod(_squared_hinge_grad)

    def __init__(self, reduction="sum_over_batch_size", name="squared_hinge", dtype=None):
        super().__init__(name=name, reduction=reduction, dtype=dtype)


# ---------------------------------------------------------------------- categorical hinge
def _categorical_hinge(t, y):
    xp = B.get_array_module(y)
    pos = (t * y).sum(axis=-1)
    neg = ((1.0 - t) * y).max(axis=-1)
    return xp.maximum(neg - pos + 1.0, 0.0)


def _categorical_hinge_grad(t, y):
    xp = B.get_array_module(y)
    other = (1.0 - t) * y
    active = (other.max(axis=-1) - (t * y).sum(axis=-1) + 1.0) > 0  # (...,)
    # the max picks one class (the first on ties): d neg / dy = (1 - t) at that class
    pick = other.argmax(axis=-1)
    g = -t
    flat_g = g.reshape(-1, y.shape[-1])
    rows = xp.arange(flat_g.shape[0])
    flat_t = t.reshape(-1, y.shape[-1])
    flat_g[rows, pick.reshape(-1)] += 1.0 - flat_t[rows, pick.reshape(-1)]
    return g * active[..., None]


def categorical_hinge(y_true, y_pred):
    """Per-sample ``max(neg - pos + 1, 0)`` with ``pos = sum(t * y_pred)`` and
    ``neg = max((1 - t) * y_pred)`` over the last axis (one-hot ``t``)."""
    return _categorical_hinge(*as_pair(y_true, y_pred))


class CategoricalHinge(LossFunctionWrapper):
    """Multi-class hinge: the best wrong class's score must trail the true class's by 1.

    ``loss = max(max((1 - y_true) * y_pred) - sum(y_true * y_pred) + 1, 0)``; one-hot labels.
    """

    fn = staticmethod(_categorical_hinge)
    grad_fn = staticmethod(_categorical_hinge_grad)

    def __init__(self, reduction="sum_over_batch_size", name="categorical_hinge", dtype=None):
        super().__init__(name=name, reduction=reduction, dtype=dtype)


PAIRS = (
    (hinge, Hinge, ()),
    (squared_hinge, SquaredHinge, ()),
    (categorical_hinge, CategoricalHinge, ()),
)

for _fn, _cls, _aliases in PAIRS:
    LOSSES.register(_cls, name=_cls.__name__, group="hinge")
    LOSSES.register(_fn, name=_fn.__name__, aliases=_aliases, group="hinge")
