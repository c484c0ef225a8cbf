"""Argument checks shared by the engine: one policy, one error shape.

Every constructor that checks a number, a fraction, a range, a seed or a choice calls one of
these instead of writing its own ``isinstance`` chain, so the same argument is accepted or
refused the same way everywhere (Keras checks an argument in one line, too).

The policy:

* A number is an ``int``, a ``float`` or a NumPy number (or a 0-d NumPy array of one).
  ``True``/``False`` are refused although Python counts them as ints (``rho=True`` is a
  mistake, not ``1.0``); so are strings and ``None`` (the window converts its fields before
  it builds an object).
* NaN and ±inf are refused everywhere.
* An integer argument accepts an integral float (``64.0``, what a JSON file or a spin box may
  give) and returns it as an ``int``; ``64.5`` is refused.
* A refusal is a :class:`~netbuilder.core.errors.ConfigError` (a ``ValueError``) whose message
  reads ``"<where>: <arg> must be <requirement>, got <value!r>"`` and whose ``params`` always
  hold ``arg`` (the argument's name) and ``value`` (its ``repr``), plus whatever the caller
  adds for its translated template; ``code`` is the caller's (e.g. ``"dense_units"``) so the
  window keeps rendering each error in the user's language, and ``layer`` names the layer at
  fault when there is one.
"""

from __future__ import annotations

import math
import numbers
from typing import NoReturn

import numpy as np

from .errors import ConfigError

__all__ = ["fail", "fraction", "in_range", "integer", "is_number", "non_negative_float", "non_negative_int",
           "number", "one_of", "positive_float", "positive_int", "seed"]


def fail(value, arg: str, must: str, *, where: str, code: str = "bad_argument", layer=None,
         **params) -> NoReturn:
    """Raise the ``ConfigError`` ``"<where>: <arg> must be <must>, got <value!r>"``.

    ``params`` gets ``arg=arg`` and ``value=repr(value)`` plus the caller's extra ``params``.
    """
    raise ConfigError(f"{where}: {arg} must be {must}, got {value!r}", code=code, layer=layer,
                      **{"arg": arg, "value": repr(value), **params})


def is_number(value) -> bool:
    """Whether ``value`` is a real number under the policy (bools, strings and None are not)."""
    if isinstance(value, (bool, np.bool_)):
        return False
    if isinstance(value, np.ndarray):
        return value.ndim == 0 and value.dtype.kind in "iuf"
    return isinstance(value, numbers.Real)


def _interval(lo, hi, lo_open, hi_open) -> str:
    def show(x):
        return "inf" if x == math.inf else "-inf" if x == -math.inf else f"{x:g}"
    return f"{'(' if lo_open else '['}{show(lo)}, {show(hi)}{')' if hi_open else ']'}"


def number(value, arg: str, *, where: str, lo=-math.inf, hi=math.inf, lo_open=False, hi_open=False,
           must: str | None = None, code: str = "bad_argument", layer=None, **params) -> float:
    """``float(value)`` once it is a finite number with ``lo <(=) value <(=) hi``.

    Args:
        value: the argument received.
        arg: its name, as the caller's signature spells it.
        where: who checks it (``"RMSprop"``, ``"Dense"``), the message's first word.
        lo, hi, lo_open, hi_open: the interval; open ends exclude the bound.
        must: the requirement in words (default ``"a number in <interval>"``).
        code, layer, **params: the error's code, layer and extra params (see the module notes).
    """
    ok = is_number(value)
    if ok:
        v = float(value)
        ok = math.isfinite(v) and (v > lo if lo_open else v >= lo) and (v < hi if hi_open else v <= hi)
    if not ok:
        fail(value, arg, must or f"a number in {_interval(lo, hi, lo_open, hi_open)}", where=where,
             code=code, layer=layer, **params)
    return v


in_range = number


def positive_float(value, arg: str, *, where: str, must: str = "a positive number", **kwargs) -> float:
    """``float(value)`` for a finite number ``> 0``; a ``ConfigError`` otherwise."""
    return number(value, arg, where=where, lo=0.0, lo_open=True, must=must, **kwargs)


def non_negative_float(value, arg: str, *, where: str, must: str = "a non-negative number",
                       **kwargs) -> float:
    """``float(value)`` for a finite number ``>= 0``; a ``ConfigError`` otherwise."""
    return number(value, arg, where=where, lo=0.0, must=must, **kwargs)


def fraction(value, arg: str, *, where: str, inclusive: bool = True, must: str | None = None,
             **kwargs) -> float:
    """``float(value)`` in ``[0, 1]`` (``inclusive=False``: ``[0, 1)``, as a dropout rate).

    The default requirement reads ``"a float in [0, 1]"`` or ``"a float in [0, 1)"``.
    """
    interval = "[0, 1]" if inclusive else "[0, 1)"
    return number(value, arg, where=where, lo=0.0, hi=1.0, hi_open=not inclusive,
                  must=must or f"a float in {interval}", **kwargs)


def integer(value, arg: str, *, where: str, lo=None, hi=None, must: str | None = None,
            code: str = "bad_argument", layer=None, **params) -> int:
    """``int(value)`` for an integer (or an integral float) with ``lo <= value <= hi``."""
    ok = is_number(value)
    if ok:
        v = float(value) if not isinstance(value, (int, np.integer)) else value
        ok = (isinstance(v, (int, np.integer)) or (math.isfinite(v) and v.is_integer())) and \
            (lo is None or v >= lo) and (hi is None or v <= hi)
    if not ok:
        if must is None:
            must = ("an integer" if lo is None and hi is None else
                    f"an integer >= {lo}" if hi is None else
                    f"an integer <= {hi}" if lo is None else f"an integer in [{lo}, {hi}]")
        fail(value, arg, must, where=where, code=code, layer=layer, **params)
    return int(v)


def positive_int(value, arg: str, *, where: str, must: str = "a positive integer", **kwargs) -> int:
    """``int(value)`` for an integer ``> 0`` (``64.0`` gives ``64``); a ``ConfigError`` otherwise."""
    return integer(value, arg, where=where, lo=1, must=must, **kwargs)


def non_negative_int(value, arg: str, *, where: str, must: str = "a non-negative integer",
                     **kwargs) -> int:
    """``int(value)`` for an integer ``>= 0``; a ``ConfigError`` otherwise."""
    return integer(value, arg, where=where, lo=0, must=must, **kwargs)


def seed(value, arg: str = "seed", *, where: str, must: str = "None or a non-negative int",
         **kwargs) -> int | None:
    """``None`` or ``int(value)`` for a seed ``>= 0`` (NumPy's generators refuse negative seeds)."""
    if value is None:
        return None
    return integer(value, arg, where=where, lo=0, must=must, **kwargs)


def one_of(value, arg: str, choices, *, where: str, must: str | None = None, code: str = "bad_argument",
           layer=None, **params):
    """``value`` itself when it is one of ``choices`` (compared with ``==``, bools never match
    numbers); a ``ConfigError`` listing the choices otherwise."""
    choices = tuple(choices)
    same_kind = not isinstance(value, bool) or any(isinstance(c, bool) for c in choices)
    try:
        ok = same_kind and value in choices
    except (TypeError, ValueError):  # an unhashable value, or an array (ambiguous truth)
        ok = False
    if not ok:
        fail(value, arg, must or "one of " + ", ".join(repr(c) for c in choices), where=where,
             code=code, layer=layer, **params)
    return value
