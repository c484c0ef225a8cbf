"""Reading a finished run for the Lab, whatever carried it (no Qt).

``finished`` carries a typed :class:`~netbuilder.ui.training.run_result.RunResult` (older callers and
tests a plain dict); :func:`result_field` reads either. :func:`plain` is a value as it reads back from
the run store's JSON, which is what a stored record is compared with.
"""

from __future__ import annotations

import json


def result_field(result, key, default=None):
    """``result.key`` of a typed ``RunResult``, or ``result[key]`` of the plain dict ``finished`` carried before."""
    if hasattr(result, key) and not isinstance(result, dict):
        return getattr(result, key)
    try:
        return result.get(key, default)
    except AttributeError:
        return default


def plain(value):
    """``value`` as it reads back from JSON (tuples become lists): what a stored record compares with.

    A History (str → a list of Python floats and ints) is copied as it is: that is what it reads back as, and
    the JSON round trip of a long run's History took the GUI thread ~20 ms in the run's last turn (6,700 epochs)."""
    series = _plain_series(value)
    return series if series is not None else json.loads(json.dumps(value))


def _plain_series(value) -> dict | None:
    """``value`` (a dict of str → list or tuple of exactly ``float``/``int`` values, a History) with each series
    as a new list, or None for anything else (numpy numbers, nested values, other keys: the JSON round trip)."""
    if not isinstance(value, dict):
        return None
    out = {}
    for key, series in value.items():
        if type(key) is not str or not isinstance(series, (list, tuple)):
            return None
        if not all(type(x) is float or type(x) is int for x in series):
            return None
        out[key] = list(series)
    return out
