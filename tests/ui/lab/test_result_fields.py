"""result_fields.plain: a value as it reads back from the run store's JSON, a History without the round trip."""

import json
import math

import numpy as np
import pytest

from netbuilder.ui.lab.result_fields import plain


def _same(a, b) -> bool:
    """Equal, NaN equal to NaN, and of the same types all the way down."""
    if type(a) is not type(b):
        return False
    if isinstance(a, dict):
        return list(a) == list(b) and all(_same(a[k], b[k]) for k in a)
    if isinstance(a, list):
        return len(a) == len(b) and all(_same(x, y) for x, y in zip(a, b))
    if isinstance(a, float) and math.isnan(a):
        return math.isnan(b)
    return a == b and (not isinstance(a, float) or math.copysign(1, a) == math.copysign(1, b))


@pytest.mark.parametrize("value", [
    {"loss": [0.5, 0.25, 1e-300, float("inf"), float("-inf"), float("nan"), -0.0], "accuracy": (0.5, 1, 2)},
    {"loss": [np.float64(0.5), 0.25]},  # numpy numbers: the round trip
    {"loss": [True, 1.0]},  # a bool is no number of a History: the round trip keeps it a bool
    {"loss": [[0.1], 0.2]}, {1: [0.1]}, {"loss": 0.5}, {"a": {"b": (1, 2)}}, [0.1, (2, 3)], (1, 2), "x", 3, None, {},
])
def test_plain_is_the_json_round_trip(value):
    assert _same(plain(value), json.loads(json.dumps(value)))


def test_a_history_is_copied_not_shared():
    history = {"loss": [0.5, 0.4]}
    out = plain(history)
    out["loss"].append(0.3)
    assert history == {"loss": [0.5, 0.4]}
