"""Regularizers (penalties by hand, float64 gradient checks, configs, names) and, briefly,
the weight constraints applied after each step."""

import json
import math

import numpy as np
import pytest

from netbuilder.core import constraints as C
from netbuilder.core import regularizers as R
from netbuilder.core.errors import ConfigError
from netbuilder.core.registry import CONSTRAINTS, REGULARIZERS
from netbuilder.core.testing import check_gradient

W = np.array([[1.0, -2.0], [0.5, 3.0]])  # sum|w| = 6.5, sum w² = 14.25


def test_penalties_by_hand():
    assert R.L1(0.1)(W) == pytest.approx(0.65)
    assert R.L2(0.1)(W) == pytest.approx(1.425)
    assert R.L1L2(l1=0.1, l2=0.2)(W) == pytest.approx(0.65 + 2.85)
    assert R.L1L2()(W) == 0.0
    assert R.L1()(W) == pytest.approx(0.065) and R.L2()(W) == pytest.approx(0.1425)  # 0.01 defaults
    # Keras's docstring example: L2(2.) on a 5x5 matrix of ones → 50
    assert R.L2(2.0)(np.ones((5, 5), dtype="float32")) == pytest.approx(50.0)


def test_gradients_by_hand():
    np.testing.assert_allclose(R.L1(0.1).gradient(W), 0.1 * np.array([[1, -1], [1, 1]]))
    np.testing.assert_allclose(R.L1(0.1).gradient(np.zeros(3)), np.zeros(3))  # sign(0) = 0
    np.testing.assert_allclose(R.L2(0.1).gradient(W), 0.2 * W)
    np.testing.assert_allclose(R.L1L2(0.1, 0.2).gradient(W), 0.1 * np.sign(W) + 0.4 * W)
    w32 = W.astype("float32")
    for reg in (R.L1(), R.L2(), R.L1L2(0.1, 0.1), R.OrthogonalRegularizer()):
        assert reg.gradient(w32).dtype == np.float32


def test_orthogonal_regularizer_by_hand():
    w = np.array([[3.0, 4.0], [4.0, 3.0], [0.0, 2.0]])
    n = w / np.linalg.norm(w, axis=1, keepdims=True)
    p = n @ n.T
    off = np.abs(p).sum() - np.trace(np.abs(p))  # sum over i != j
    assert R.OrthogonalRegularizer(factor=0.2)(w) == pytest.approx(0.2 * 0.5 * off / 3.0)
    q = w / np.linalg.norm(w, axis=0, keepdims=True)
    cols = abs(q[:, 0] @ q[:, 1]) * 2
    assert R.OrthogonalRegularizer(0.2, mode="columns")(w) == pytest.approx(0.2 * 0.5 * cols / 1.0)
    assert R.OrthogonalRegularizer()(np.eye(4)) == 0.0
    with pytest.raises(ConfigError, match="2-D"):
        R.OrthogonalRegularizer()(np.ones((2, 2, 2)))
    with pytest.raises(ConfigError, match="mode"):
        R.OrthogonalRegularizer(mode="diagonal")


REGS = [R.L1(0.3), R.L2(0.2), R.L1L2(l1=0.1, l2=0.4), R.OrthogonalRegularizer(0.5),
        R.OrthogonalRegularizer(0.5, mode="columns")]


@pytest.mark.parametrize("reg", REGS, ids=repr)
def test_gradient_float64(reg):
    rs = np.random.default_rng(0)
    w = rs.uniform(0.05, 1.5, size=(4, 3)) * rs.choice([-1.0, 1.0], size=(4, 3))  # away from 0
    check_gradient(reg, lambda a, r: r * reg.gradient(a), w, what=repr(reg))


@pytest.mark.parametrize("reg", REGS + [R.L1(), R.L2(), R.L1L2(), R.OrthogonalRegularizer()], ids=repr)
def test_config_round_trip(reg):
    data = json.loads(json.dumps(R.serialize(reg)))
    clone = R.get(data)
    assert type(clone) is type(reg) and clone.get_config() == reg.get_config()
    w = np.random.default_rng(1).standard_normal((3, 4))
    assert clone(w) == reg(w)


def test_get_names_and_dicts():
    assert R.get(None) is None
    assert isinstance(R.get("l2"), R.L2) and R.get("l2").l2 == 0.01
    assert isinstance(R.get("L1"), R.L1) and R.get("l1").l1 == 0.01
    both = R.get("l1_l2")  # the defaults Keras documents for the string
    assert isinstance(both, R.L1L2) and (both.l1, both.l2) == (0.01, 0.01)
    assert R.get("L1L2").get_config() == {"l1": 0.0, "l2": 0.0}  # the class defaults
    assert R.get("l1l2").get_config() == {"l1": 0.0, "l2": 0.0}
    assert R.l1_l2 is R.L1L2 and R.l1 is R.L1 and R.l2 is R.L2  # Keras 3 exports classes
    reg = R.get({"class_name": "L1L2", "config": {"l1": 0.2, "l2": 0.3}})
    assert isinstance(reg, R.L1L2) and (reg.l1, reg.l2) == (0.2, 0.3)
    reg = R.get({"class_name": "l1_l2", "config": {"l1": 0.2}})
    assert isinstance(reg, R.L1L2) and (reg.l1, reg.l2) == (0.2, 0.0)
    assert isinstance(R.get("orthogonal_regularizer"), R.OrthogonalRegularizer)
    assert isinstance(R.get(R.L2), R.L2)
    inst = R.L1(0.5)
    assert R.get(inst) is inst
    with pytest.raises(ValueError, match="Did you mean 'l2'"):
        R.get("l3")
    assert set(REGULARIZERS.names()) == {"L1", "L2", "L1L2", "OrthogonalRegularizer"}


@pytest.mark.parametrize("bad", [-0.1, math.inf, math.nan, "0.1", True])
def test_invalid_factors(bad):
    with pytest.raises(ConfigError, match="non-negative"):
        R.L1L2(l1=bad)
    assert R.L1(None).l1 == 0.01 and R.L1L2(None, None).get_config() == {"l1": 0.0, "l2": 0.0}


# ------------------------------------------------------------------------ constraints
def test_non_neg():
    np.testing.assert_array_equal(C.get("non_neg")(W), [[1.0, 0.0], [0.5, 3.0]])


def test_max_norm():
    w = np.array([[3.0, 0.3], [4.0, 0.4]])  # column norms 5 and 0.5
    out = C.MaxNorm(max_value=2.0)(w)
    np.testing.assert_allclose(np.linalg.norm(out, axis=0), [2.0, 0.5], rtol=1e-6)
    np.testing.assert_allclose(out[:, 1], w[:, 1], rtol=1e-6)  # under the bound: unchanged
    k = np.random.default_rng(2).standard_normal((3, 3, 4, 5)) * 3
    per_filter = np.sqrt((C.MaxNorm(1.0, axis=[0, 1, 2])(k) ** 2).sum(axis=(0, 1, 2)))
    np.testing.assert_allclose(per_filter, 1.0, rtol=1e-6)


def test_unit_norm():
    w = np.random.default_rng(3).standard_normal((4, 3))
    np.testing.assert_allclose(np.linalg.norm(C.UnitNorm()(w), axis=0), 1.0, rtol=1e-6)
    np.testing.assert_allclose(np.linalg.norm(C.UnitNorm(axis=1)(w), axis=1), 1.0, rtol=1e-6)


def test_min_max_norm():
    w = np.array([[0.3, 3.0, 0.6], [0.4, 4.0, 0.8]])  # column norms 0.5, 5, 1
    out = C.MinMaxNorm(min_value=0.8, max_value=2.0)(w)
    np.testing.assert_allclose(np.linalg.norm(out, axis=0), [0.8, 2.0, 1.0], rtol=1e-6)
    half = C.MinMaxNorm(min_value=0.8, max_value=2.0, rate=0.5)(w)  # halfway: (1-r) n + r clip(n)
    np.testing.assert_allclose(np.linalg.norm(half, axis=0), [0.65, 3.5, 1.0], rtol=1e-6)
    np.testing.assert_allclose(out / np.linalg.norm(out, axis=0), w / np.linalg.norm(w, axis=0))
    assert C.MinMaxNorm().get_config() == {"min_value": 0.0, "max_value": 1.0, "rate": 1.0, "axis": 0}


@pytest.mark.parametrize("con", [C.NonNeg(), C.MaxNorm(3.0, axis=1), C.UnitNorm(axis=[0, 1]),
                                 C.MinMaxNorm(0.1, 2.0, 0.5, 1)],
                         ids=lambda c: type(c).__name__)
def test_constraint_config_round_trip(con):
    data = json.loads(json.dumps(C.serialize(con)))
    clone = C.get(data)
    assert type(clone) is type(con) and clone.get_config() == data["config"]
    w = np.random.default_rng(4).standard_normal((3, 4))
    np.testing.assert_allclose(clone(w), con(w))
    assert set(CONSTRAINTS.names()) == {"NonNeg", "MaxNorm", "UnitNorm", "MinMaxNorm"}
    assert isinstance(C.get("min_max_norm"), C.MinMaxNorm) and isinstance(C.get("max_norm"), C.MaxNorm)


@pytest.mark.parametrize("bad", [-0.1, float("nan"), float("inf"), True, "0.01"])
def test_factors_must_be_finite_non_negative_numbers(bad):
    with pytest.raises(ConfigError) as info:
        R.L2(bad)
    assert str(info.value) == f"L2: l2 must be a non-negative number, got {bad!r}"
    assert info.value.code == "regularizer_factor" and info.value.params == {"arg": "l2", "value": repr(bad)}


def test_numpy_factors_are_numbers():
    # np.float32 used to be refused (not a Python float) while np.float64 passed
    assert R.L2(np.float32(0.5)).l2 == 0.5 and type(R.L2(np.float32(0.5)).l2) is float
    assert R.L1L2(l1=np.int64(1)).l1 == 1.0
    with pytest.raises(ConfigError) as info:
        R.OrthogonalRegularizer(mode="diagonal")
    assert str(info.value) == "OrthogonalRegularizer: mode must be 'rows' or 'columns', got 'diagonal'"
    assert info.value.params == {"arg": "mode", "value": "'diagonal'"}


@pytest.mark.parametrize("make, message", [
    (lambda: C.MaxNorm(max_value=-1), "MaxNorm: max_value must be a non-negative number, got -1"),
    (lambda: C.MaxNorm(max_value=True), "MaxNorm: max_value must be a non-negative number, got True"),
    (lambda: C.MaxNorm(axis="0"), "MaxNorm: axis must be an int or a list of ints, got '0'"),
    (lambda: C.UnitNorm(axis=[0, 1.5]), "UnitNorm: axis must be an int or a list of ints, got 1.5"),
    (lambda: C.MinMaxNorm(rate=1.5), "MinMaxNorm: rate must be a float in [0, 1], got 1.5"),
    (lambda: C.MinMaxNorm(min_value=2.0, max_value=1.0),
     "MinMaxNorm: max_value must be a number >= min_value (2.0), got 1.0"),
    (lambda: C.MinMaxNorm(min_value=float("nan")),
     "MinMaxNorm: min_value must be a non-negative number, got nan"),
])
def test_constraint_arguments_are_checked(make, message):
    # unchecked, a negative max_value flipped the weights' signs and a string axis failed in NumPy
    with pytest.raises(ConfigError) as info:
        make()
    assert str(info.value) == message


def test_constraint_configs_keep_the_values_given():
    assert C.MaxNorm(3, axis=[0, 1, 2]).get_config() == {"max_value": 3, "axis": [0, 1, 2]}
    assert C.MinMaxNorm(0, 2, 0.5, axis=(0,)).get_config()["max_value"] == 2
    assert C.UnitNorm(axis=np.int64(1)).axis == 1
