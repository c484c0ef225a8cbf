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
    """``value`` as it reads back from JSON (tuples become lists): what a stored record compares with."""
    return json.loads(json.dumps(value))
