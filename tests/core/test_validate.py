"""The shared argument checks (netbuilder.core.validate): one policy for bools, NaN, inf and
the error's detail."""

import math

import numpy as np
import pytest

from netbuilder.core import validate as V
from netbuilder.core.errors import ConfigError

NOT_NUMBERS = [True, False, np.bool_(True), None, "1", "0.5", [1], (1,), np.array([1.0]), object()]


def _refusal(fn, value, *args, **kwargs):
    with pytest.raises(ConfigError) as info:
        fn(value, *args, **kwargs)
    return info.value


@pytest.mark.parametrize("value", NOT_NUMBERS, ids=repr)
def test_every_number_check_refuses_bools_strings_and_none(value):
    for fn, kw in [(V.number, {}), (V.positive_float, {}), (V.non_negative_float, {}),
                   (V.fraction, {}), (V.integer, {}), (V.positive_int, {}), (V.non_negative_int, {})]:
        err = _refusal(fn, value, "x", where="Thing", **kw)
        assert err.params["arg"] == "x" and err.params["value"] == repr(value), fn.__name__


@pytest.mark.parametrize("value", [math.nan, math.inf, -math.inf, np.float32("nan"), np.float64("inf")],
                         ids=repr)
def test_nan_and_inf_are_refused_even_by_an_unbounded_range(value):
    _refusal(V.number, value, "x", where="Thing")
    _refusal(V.integer, value, "x", where="Thing")
    _refusal(V.non_negative_float, value, "x", where="Thing")


def test_numbers_of_every_kind_are_accepted_as_python_numbers():
    for value in (3, 3.0, np.int64(3), np.float32(3.0), np.array(3.0), np.uint8(3)):
        out = V.number(value, "x", where="Thing")
        assert out == 3.0 and type(out) is float
        out = V.positive_int(value, "x", where="Thing")
        assert out == 3 and type(out) is int


def test_the_message_and_params_follow_one_shape():
    err = _refusal(V.positive_int, 0, "units", where="Dense", code="dense_units", layer="d1")
    assert str(err) == "Dense: units must be a positive integer, got 0"
    assert err.code == "dense_units" and err.layer == "d1"
    assert err.params == {"arg": "units", "value": "0"}
    err = _refusal(V.number, 2.5, "rho", where="RMSprop", hi=1.0, code="c", interval="[0, 1]")
    assert str(err) == "RMSprop: rho must be a number in [-inf, 1], got 2.5"
    assert err.params == {"arg": "rho", "value": "2.5", "interval": "[0, 1]"}
    assert isinstance(err, ValueError)
    assert _refusal(V.number, None, "x", where="W").code == "bad_argument"


def test_range_bounds_open_and_closed():
    assert V.number(0, "x", where="W", lo=0, hi=1) == 0.0
    assert V.number(1, "x", where="W", lo=0, hi=1) == 1.0
    err = _refusal(V.number, 0, "x", where="W", lo=0, hi=1, lo_open=True)
    assert "(0, 1]" in str(err)
    err = _refusal(V.number, 1, "x", where="W", lo=0, hi=1, hi_open=True)
    assert "[0, 1)" in str(err)
    _refusal(V.number, -0.001, "x", where="W", lo=0)
    _refusal(V.number, 1.001, "x", where="W", hi=1)
    assert V.in_range is V.number


def test_positive_and_non_negative_floats():
    assert V.positive_float(1e-9, "eps", where="W") == 1e-9
    assert str(_refusal(V.positive_float, 0.0, "eps", where="W")) == \
        "W: eps must be a positive number, got 0.0"
    assert V.non_negative_float(0, "l2", where="W") == 0.0
    assert str(_refusal(V.non_negative_float, -1, "l2", where="W")) == \
        "W: l2 must be a non-negative number, got -1"


def test_fraction_inclusive_and_half_open():
    assert V.fraction(1.0, "momentum", where="W") == 1.0
    assert V.fraction(0, "rate", where="W", inclusive=False) == 0.0
    assert str(_refusal(V.fraction, 1.0, "rate", where="Dropout", inclusive=False)) == \
        "Dropout: rate must be a float in [0, 1), got 1.0"
    assert str(_refusal(V.fraction, -0.1, "m", where="W")) == "W: m must be a float in [0, 1], got -0.1"


def test_integers_accept_integral_floats_only():
    assert V.integer(-4.0, "axis", where="W") == -4
    assert V.positive_int(64.0, "units", where="W") == 64
    assert V.non_negative_int(0, "n", where="W") == 0
    for bad in (64.5, 0, -1):
        _refusal(V.positive_int, bad, "units", where="W")
    assert str(_refusal(V.non_negative_int, -1, "n", where="W")) == \
        "W: n must be a non-negative integer, got -1"
    assert str(_refusal(V.integer, 7, "k", where="W", lo=1, hi=5)) == "W: k must be an integer in [1, 5], got 7"
    assert str(_refusal(V.integer, 0, "k", where="W", lo=1)) == "W: k must be an integer >= 1, got 0"
    assert str(_refusal(V.integer, 9, "k", where="W", hi=5)) == "W: k must be an integer <= 5, got 9"
    assert str(_refusal(V.integer, 0.5, "k", where="W")) == "W: k must be an integer, got 0.5"
    assert V.integer(2**70, "big", where="W") == 2**70


def test_seed_is_none_or_a_non_negative_int():
    assert V.seed(None, where="W") is None
    assert V.seed(np.int32(7), where="W") == 7
    err = _refusal(V.seed, -1, where="GlorotUniform", code="initializer_seed")
    assert str(err) == "GlorotUniform: seed must be None or a non-negative int, got -1"
    assert err.params == {"arg": "seed", "value": "-1"} and err.code == "initializer_seed"
    _refusal(V.seed, True, where="W")
    _refusal(V.seed, 1.5, where="W")


def test_one_of_compares_values_and_keeps_bools_apart():
    assert V.one_of("rows", "mode", ("rows", "columns"), where="W") == "rows"
    err = _refusal(V.one_of, "cols", "mode", ("rows", "columns"), where="W", code="regularizer_mode")
    assert str(err) == "W: mode must be one of 'rows', 'columns', got 'cols'"
    assert err.params == {"arg": "mode", "value": "'cols'"}
    assert V.one_of(1, "n", (1, 2), where="W") == 1
    _refusal(V.one_of, True, "n", (1, 2), where="W")
    assert V.one_of(True, "flag", (True, None), where="W") is True
    _refusal(V.one_of, [1], "n", (1, 2), where="W")  # unhashable is fine, it just does not match
    _refusal(V.one_of, np.array([1, 2]), "n", (1, 2), where="W")


def test_fail_raises_with_extra_params():
    with pytest.raises(ConfigError) as info:
        V.fail(3, "k", "odd", where="W", code="c", layer="L", metric="m")
    assert str(info.value) == "W: k must be odd, got 3"
    assert info.value.params == {"arg": "k", "value": "3", "metric": "m"} and info.value.layer == "L"


def test_is_number():
    assert V.is_number(1) and V.is_number(np.float16(1)) and V.is_number(np.array(2, dtype="int8"))
    assert not V.is_number(True) and not V.is_number(np.array(True)) and not V.is_number("1")
    assert not V.is_number(np.array(["a"])[0]) and not V.is_number(1j)
