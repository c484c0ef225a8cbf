"""Sweep one setting: the variants of a network and its settings for 2–6 values of one thing.

A :class:`SweepTarget` names what varies: a layer argument (``units``, ``filters``, ``rate``, ``l2`` (the
kernel's L2 factor), ``activation``), or a training setting (``learning_rate``, ``batch_size``, ``epochs``).
:func:`parse_values` reads the learner's "4, 8, 16" and :func:`variant` makes each run's network and settings.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass

MIN_VALUES, MAX_VALUES = 2, 6
LAYER_ARGS = ("units", "filters", "rate", "l2", "activation")
SETTINGS = ("learning_rate", "batch_size", "epochs")
_INT = {"units", "filters", "batch_size", "epochs"}


class SweepValueError(ValueError):
    """A sweep value the learner typed is refused; ``code`` is a key of :data:`REASONS`, ``params`` its fields."""

    def __init__(self, code: str, **params):
        super().__init__(REASONS[code].format(**params))
        self.code, self.params = code, params


#: code -> English message; ``ui/lab`` holds the same texts for translation.
REASONS = {
    "count": "a sweep takes 2 to 6 values, got {n}: {text}",
    "repeat": "the values repeat: {text}",
    "activation": "activation {value} is unknown",
    "number": "{arg} value {value} is not a number",
    "whole": "{arg} value {value} must be a whole number of at least 1",
    "rate": "rate value {value} must be in [0, 1)",
    "l2": "l2 value {value} cannot be negative",
    "learning_rate": "learning_rate value {value} must be greater than 0",
    "no_layer": "the network has no layer {value} to sweep",
}


@dataclass(frozen=True)
class SweepTarget:
    """What a sweep varies: ``arg`` of layer ``layer``, or a setting (``layer`` None)."""

    arg: str
    layer: str | None = None

    @property
    def label(self) -> str:
        return f"{self.layer}.{self.arg}" if self.layer else self.arg


def _name(entry: dict) -> str:
    return entry.get("name") or (entry.get("config") or {}).get("name")


def targets(model: dict | None) -> list[SweepTarget]:
    """Every sweepable thing of ``model``: its layers' units/filters/rate/activation and the kernel's L2
    (for layers with a kernel regularizer), then the learning rate, batch size and epochs."""
    out = []
    for e in ((model or {}).get("config") or {}).get("layers") or []:
        cfg = e.get("config") or {}
        for arg in LAYER_ARGS:
            key = "kernel_regularizer" if arg == "l2" else arg
            if key in cfg:
                out.append(SweepTarget(arg, _name(e)))
    return out + [SweepTarget(s) for s in SETTINGS]


def parse_values(target: SweepTarget, text: str) -> list:
    """``"4, 8, 16"`` → ``[4, 8, 16]`` for ``target``; ``ValueError`` naming the bad value.

    Counts: 2 to 6 distinct values. Units, filters, batch size and epochs: integers ≥ 1; rate: in [0, 1);
    l2: ≥ 0; learning rate: > 0; activation: names, checked against the activation registry. A refusal is a
    :class:`SweepValueError` (a ``ValueError``)."""
    items = [t.strip() for t in str(text).replace(";", ",").split(",") if t.strip()]
    values = []
    for item in items:
        values.append(_parse_one(target.arg, item))
    if not MIN_VALUES <= len(values) <= MAX_VALUES:
        raise SweepValueError("count", n=len(values), text=repr(text))
    if len(set(values)) != len(values):
        raise SweepValueError("repeat", text=repr(text))
    return values


def _parse_one(arg: str, item: str):
    if arg == "activation":
        from .. import activations  # noqa: PLC0415

        try:
            activations.get(item)
        except Exception as exc:
            raise SweepValueError("activation", value=repr(item)) from exc
        return item
    try:
        v = float(item)
    except ValueError:
        raise SweepValueError("number", arg=arg, value=repr(item)) from None
    if arg in _INT:
        if v != int(v) or v < 1:
            raise SweepValueError("whole", arg=arg, value=repr(item))
        return int(v)
    if arg == "rate" and not 0 <= v < 1:
        raise SweepValueError("rate", value=repr(item))
    if arg == "l2" and v < 0:
        raise SweepValueError("l2", value=repr(item))
    if arg == "learning_rate" and not v > 0:
        raise SweepValueError("learning_rate", value=repr(item))
    return v


def variant(target: SweepTarget, model: dict, settings: dict, value) -> tuple[dict, dict]:
    """Copies of ``model`` and ``settings`` with ``target`` set to ``value`` (the arguments are untouched)."""
    model, settings = copy.deepcopy(model), copy.deepcopy(settings)
    if target.layer is None:
        if target.arg == "learning_rate":
            opt = settings.get("optimizer") or {"class_name": "RMSprop", "config": {}}
            if isinstance(opt, str):
                opt = {"class_name": opt, "config": {}}
            opt.setdefault("config", {})["learning_rate"] = float(value)
            settings["optimizer"] = opt
        else:
            settings[target.arg] = value
        return model, settings
    for e in model["config"]["layers"]:
        if _name(e) == target.layer:
            cfg = e.setdefault("config", {})
            if target.arg == "l2":
                cfg["kernel_regularizer"] = {"class_name": "L2", "config": {"l2": float(value)}} if value else None
            else:
                cfg[target.arg] = value
            return model, settings
    raise SweepValueError("no_layer", value=repr(target.layer))


def value_label(target: SweepTarget, value) -> str:
    """The run name of one value: ``dense.units=8``, ``learning_rate=0.01``."""
    return f"{target.label}={value:g}" if isinstance(value, float) else f"{target.label}={value}"
