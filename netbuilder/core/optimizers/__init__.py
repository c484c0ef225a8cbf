"""Optimizers with Keras 3 names, defaults and update rules.

``optimizers.get("rmsprop")`` returns ``RMSprop()`` with Keras's defaults; names are matched as
Keras does (class name or lower case: ``"RMSprop"``, ``"rmsprop"``, ``"adamw"``). Every class is
in ``registry.OPTIMIZERS``. The shared machinery (clipping, weight decay, state, in-place
scratch buffers, subnormal flushing) lives in ``base.py``; each module states its formula.
"""

from __future__ import annotations

from .. import registry
from ..registry import OPTIMIZERS
from .adagrad import Adadelta, Adagrad, Ftrl
from .adam import Adam, Adamax, AdamW, Nadam
from .base import Optimizer
from .lion import Lion
from .rmsprop import RMSprop
from .sgd import SGD

__all__ = ["Optimizer", "SGD", "RMSprop", "Adagrad", "Adadelta", "Adam", "AdamW", "Adamax", "Nadam",
           "Lion", "Ftrl", "get", "serialize", "deserialize"]

for _cls in (SGD, RMSprop, Adam, AdamW, Adagrad, Adadelta, Adamax, Nadam, Lion, Ftrl):
    OPTIMIZERS.register(_cls, name=_cls.__name__, aliases=(_cls.__name__.lower(),))
del _cls


def _canonical_case(name):
    # Keras lower-cases an unknown class name before giving up ("RmsProp" -> "rmsprop")
    if isinstance(name, str) and name not in OPTIMIZERS and name.lower() in OPTIMIZERS:
        return name.lower()
    return name


def get(identifier) -> Optimizer:
    """Resolve a name (``"rmsprop"``), a ``{"class_name", "config"}`` dict or an instance.

    A name gives a new instance with Keras's defaults; an unknown name raises ``ValueError``
    listing the closest known names.
    """
    if isinstance(identifier, str):
        identifier = _canonical_case(identifier)
    elif isinstance(identifier, dict) and "class_name" in identifier:
        identifier = {**identifier, "class_name": _canonical_case(identifier["class_name"])}
    return OPTIMIZERS.get(identifier, instance_types=(Optimizer,))


def serialize(opt: Optimizer) -> dict:
    """``{"class_name": ..., "config": ...}``, the form ``get``/``deserialize`` accept."""
    return registry.serialize(opt)


def deserialize(config: dict) -> Optimizer:
    """Inverse of ``serialize``."""
    return get(config)
