"""Optimizers against real Keras 3, and the contract around the maths: defaults, argument ranges and
the errors that name them, legacy arguments, clipping with missing gradients, the subnormal flush's
schedule and the saved state.

``test_optimizers.py`` checks the update formulas transcribed from ``keras/src/optimizers``; here
Keras itself runs the same steps (``optimizer.apply`` on ``keras.Variable``s, JAX backend), with
gradients that change sign so that momentum and sign-based updates (Lion) are exercised. These
tests were written to kill the mutants ``benchmarks/mutation.py optimizers`` found surviving.
"""

from __future__ import annotations

import sys

import keras
import numpy as np
import pytest

from netbuilder.core import optimizers as O
from netbuilder.core.errors import ConfigError
from netbuilder.core.optimizers import base as optimizer_base

NAMES = ["SGD", "RMSprop", "Adam", "AdamW", "Adamax", "Nadam", "Adagrad", "Adadelta", "Ftrl", "Lion"]

# (id, class name, keyword arguments): each config that changes the update's path
KERAS_CASES = [
    ("sgd", "SGD", {"learning_rate": 0.1}),
    ("sgd_momentum", "SGD", {"learning_rate": 0.1, "momentum": 0.9}),
    ("sgd_nesterov", "SGD", {"learning_rate": 0.1, "momentum": 0.8, "nesterov": True}),
    ("rmsprop", "RMSprop", {"learning_rate": 0.01}),
    ("rmsprop_centered_momentum", "RMSprop", {"learning_rate": 0.01, "centered": True, "momentum": 0.5}),
    ("rmsprop_centered", "RMSprop", {"learning_rate": 0.01, "centered": True, "rho": 0.8}),
    ("adam", "Adam", {"learning_rate": 0.01}),
    ("adam_amsgrad", "Adam", {"learning_rate": 0.01, "amsgrad": True, "beta_2": 0.9}),
    ("adamw", "AdamW", {"learning_rate": 0.01, "weight_decay": 0.1}),
    ("adamw_betas_epsilon", "AdamW", {"learning_rate": 0.01, "beta_1": 0.5, "beta_2": 0.9, "epsilon": 1e-3,
                                      "amsgrad": True}),
    ("adamax", "Adamax", {"learning_rate": 0.02}),
    ("nadam", "Nadam", {"learning_rate": 0.02}),
    ("adagrad", "Adagrad", {"learning_rate": 0.1, "initial_accumulator_value": 0.3}),
    ("adadelta", "Adadelta", {"learning_rate": 1.0, "rho": 0.9}),
    ("ftrl", "Ftrl", {"learning_rate": 0.1}),
    ("ftrl_regularized", "Ftrl", {"learning_rate": 0.1, "learning_rate_power": -0.7, "l1_regularization_strength": 0.01,
                                  "l2_regularization_strength": 0.02, "l2_shrinkage_regularization_strength": 0.03,
                                  "beta": 0.5, "initial_accumulator_value": 0.2}),
    ("ftrl_power_1_5", "Ftrl", {"learning_rate": 0.1, "learning_rate_power": -1.5}),
    ("lion", "Lion", {"learning_rate": 0.01}),
    ("lion_betas", "Lion", {"learning_rate": 0.01, "beta_1": 0.5, "beta_2": 0.7}),
    ("adam_clipnorm", "Adam", {"learning_rate": 0.01, "clipnorm": 0.5}),
    ("sgd_clipvalue", "SGD", {"learning_rate": 0.1, "clipvalue": 0.3}),
    ("rmsprop_global_clipnorm", "RMSprop", {"learning_rate": 0.01, "global_clipnorm": 0.7}),
    ("sgd_weight_decay", "SGD", {"learning_rate": 0.1, "weight_decay": 0.05, "momentum": 0.5}),
]


def _problem(case_id):
    """Start values and six steps of gradients whose signs flip (momentum against the gradient,
    Lion's sign)."""
    rng = np.random.default_rng(sum(map(ord, case_id)))
    shapes = [(3, 4), (4,)]
    start = [rng.normal(size=s).astype("float32") for s in shapes]
    steps = [[rng.normal(size=s).astype("float32") * (1.5 if t % 2 else -1.0) for s in shapes] for t in range(6)]
    return start, steps


def _keras_steps(name, kwargs, start, steps):
    variables = [keras.Variable(a.copy()) for a in start]
    opt = getattr(keras.optimizers, name)(**kwargs)
    for grads in steps:
        opt.apply([g.copy() for g in grads], variables)
    return [np.asarray(v) for v in variables]


# Keras's results, computed once at import: a mutation tester forks per mutant after collection,
# so the mutants then run only netbuilder's side
KERAS_RESULTS = {c[0]: _keras_steps(c[1], c[2], *_problem(c[0])) for c in KERAS_CASES}


@pytest.mark.parametrize("case", KERAS_CASES, ids=[c[0] for c in KERAS_CASES])
def test_steps_match_real_keras(case):
    case_id, name, kwargs = case
    start, steps = _problem(case_id)
    ours_vars = [a.copy() for a in start]
    ours = getattr(O, name)(**kwargs)
    for grads in steps:
        ours.apply([g.copy() for g in grads], ours_vars)
    for a, b in zip(ours_vars, KERAS_RESULTS[case_id]):
        np.testing.assert_allclose(a, b, rtol=1e-5, atol=1e-6)


@pytest.mark.parametrize("name", NAMES)
def test_defaults_are_keras_defaults(name):
    ours = getattr(O, name)().get_config()
    theirs = getattr(keras.optimizers, name)().get_config()
    shared = set(ours) & set(theirs) - {"name"}
    assert shared >= {"learning_rate", "weight_decay", "clipnorm", "clipvalue", "global_clipnorm"}
    assert len(set(ours) - {"name"}) == len(shared), set(ours) - set(theirs)  # nothing Keras lacks
    for key in shared:
        if isinstance(theirs[key], float):
            assert ours[key] == pytest.approx(theirs[key], rel=1e-6), key
        else:
            assert ours[key] == theirs[key], key


@pytest.mark.parametrize("name", NAMES)
def test_name_defaults_to_the_class_name_in_lower_case(name):
    assert getattr(O, name)().name == name.lower()
    assert getattr(O, name)(name="mine").name == "mine"


# (class, argument, low, high, low_open, high_open): the interval each argument is checked against
RANGES = [
    ("SGD", "momentum", 0, 1, False, False),
    ("RMSprop", "rho", 0, 1, False, False),
    ("RMSprop", "momentum", 0, 1, False, False),
    ("RMSprop", "epsilon", 0, np.inf, True, False),
    ("Adam", "beta_1", 0, 1, False, True),
    ("Adam", "beta_2", 0, 1, False, True),
    ("Adam", "epsilon", 0, np.inf, False, False),
    ("AdamW", "beta_1", 0, 1, False, True),
    ("Adamax", "beta_1", 0, 1, False, True),
    ("Adamax", "beta_2", 0, 1, False, True),
    ("Adamax", "epsilon", 0, np.inf, False, False),
    ("Nadam", "beta_1", 0, 1, False, True),
    ("Nadam", "beta_2", 0, 1, False, True),
    ("Nadam", "epsilon", 0, np.inf, False, False),
    ("Adagrad", "initial_accumulator_value", 0, np.inf, False, False),
    ("Adagrad", "epsilon", 0, np.inf, False, False),
    ("Adadelta", "rho", 0, 1, False, False),
    ("Adadelta", "epsilon", 0, np.inf, False, False),
    ("Ftrl", "learning_rate_power", -np.inf, 0, False, False),
    ("Ftrl", "initial_accumulator_value", 0, np.inf, False, False),
    ("Ftrl", "l1_regularization_strength", 0, np.inf, False, False),
    ("Ftrl", "l2_regularization_strength", 0, np.inf, False, False),
    ("Ftrl", "l2_shrinkage_regularization_strength", 0, np.inf, False, False),
    ("Ftrl", "beta", -np.inf, np.inf, False, False),
    ("Lion", "beta_1", 0, 1, True, False),
    ("Lion", "beta_2", 0, 1, False, False),
    ("Adam", "learning_rate", 0, np.inf, False, False),
    ("SGD", "weight_decay", 0, np.inf, False, False),
    ("Adam", "clipnorm", 0, np.inf, True, False),
    ("RMSprop", "clipvalue", 0, np.inf, True, False),
    ("SGD", "global_clipnorm", 0, np.inf, True, False),
]


def _interval(low, high, low_open, high_open):
    return f"{'(' if low_open else '['}{low}, {high}{')' if high_open else ']'}"


def _refused(cls, arg, value, interval):
    with pytest.raises(ConfigError) as info:
        getattr(O, cls)(**{arg: value})
    err = info.value
    assert err.code == "optimizer_arg_range"
    assert err.params == {"arg": arg, "argument": arg, "value": repr(value), "interval": interval}
    assert str(err) == f"{cls}: {arg} must be a number in {interval}, got {value!r}"


@pytest.mark.parametrize("case", RANGES, ids=[f"{c[0]}-{c[1]}" for c in RANGES])
def test_argument_ranges_and_the_errors_that_name_them(case):
    cls, arg, low, high, low_open, high_open = case
    interval = _interval(low, high, low_open, high_open)
    for bound, is_open, outside in ((low, low_open, -0.25), (high, high_open, 0.25)):
        if not np.isfinite(bound):
            continue
        if is_open:
            _refused(cls, arg, bound, interval)
        else:
            assert getattr(getattr(O, cls)(**{arg: bound}), arg) == bound
        _refused(cls, arg, bound + outside, interval)
    _refused(cls, arg, float("nan"), interval)
    _refused(cls, arg, "ten", interval)
    _refused(cls, arg, True, interval)  # a bool is not a number (RMSprop(rho=True) was taken as 1.0)
    _refused(cls, arg, float("inf"), interval)


def test_adamw_refuses_no_weight_decay():
    with pytest.raises(ConfigError) as info:
        O.AdamW(weight_decay=None)
    assert info.value.code == "optimizer_arg_range"
    assert info.value.params == {"arg": "weight_decay", "argument": "weight_decay", "value": "None"}
    assert str(info.value) == "AdamW: weight_decay must be a float, got None; use Adam for no decay"


def test_legacy_decay_warning_text():
    with pytest.warns(UserWarning) as record:
        O.SGD(decay=0.5)
    assert [str(r.message) for r in record] == [
        "SGD: argument `decay` is no longer supported and is ignored; use a LearningRateScheduler callback instead"]


def test_no_flush_without_epsilon():
    """With ``epsilon == 0`` a flushed velocity could divide by zero: Adam then never flushes."""
    var = np.zeros(2, "float32")
    opt = O.Adam(epsilon=0.0)
    opt.apply([np.ones(2, "float32")], [var])
    for _ in range(2, 17):
        opt._slots[0]["velocity"][...] = [1e-31, 1.0]
        opt.apply([np.zeros(2, "float32")], [var])
    assert opt._slots[0]["velocity"][0] > 0


@pytest.mark.parametrize("name", ["SGD", "RMSprop", "Adam", "Adamax", "Nadam", "Adagrad", "Adadelta", "Ftrl", "Lion"])
def test_variables_of_any_size_and_dtype_in_one_optimizer(name):
    """The scratch buffers are per dtype and grow: a small float32, a bigger float32 and a float64
    variable updated together give what separate optimizers give, to float64 precision."""
    rng = np.random.default_rng(5)
    kwargs = {"momentum": 0.5} if name == "SGD" else {}
    shapes_dtypes = [((2,), "float32"), ((3, 5), "float32"), ((4, 3), "float64")]
    start = [rng.normal(size=s).astype(d) for s, d in shapes_dtypes]
    grads = [[rng.normal(size=s).astype(d) for s, d in shapes_dtypes] for _ in range(3)]
    together = [a.copy() for a in start]
    opt = getattr(O, name)(**kwargs)
    for g in grads:
        opt.apply([x.copy() for x in g], together)
    for i, a in enumerate(start):
        alone = [a.copy()]
        single = getattr(O, name)(**kwargs)
        for g in grads:
            single.apply([g[i].copy()], alone)
        assert together[i].dtype == a.dtype
        np.testing.assert_allclose(together[i], alone[0], rtol=1e-13 if a.dtype == np.float64 else 1e-6)


@pytest.mark.skipif("mutmut" in sys.modules, reason="under the mutation tester every function is wrapped, "
                    "and its wrappers' frames sit between the caller's line and the warning")
def test_legacy_decay_warns_at_the_callers_line_and_is_ignored():
    with pytest.warns(UserWarning) as record:
        opt = O.Adam(decay=0.01)
    assert len(record) == 1
    assert str(record[0].message) == ("Adam: argument `decay` is no longer supported and is ignored; "
                                      "use a LearningRateScheduler callback instead")
    assert record[0].filename == __file__  # stacklevel points at the user's code
    assert opt.get_config() == O.Adam().get_config()


def test_keras_base_arguments_netbuilder_lacks():
    assert O.Adam(ema_momentum=0.5).get_config() == O.Adam().get_config()  # accepted, as Keras does
    for key in optimizer_base._UNSUPPORTED:
        O.SGD(**{key: None})  # unset: fine
        with pytest.raises(ConfigError) as info:
            O.SGD(**{key: 2})
        assert info.value.code == "optimizer_unsupported" and info.value.params == {"argument": key}
        assert str(info.value) == f"SGD: {key} is not supported by netbuilder; leave it unset"
    with pytest.raises(TypeError) as info:
        O.RMSprop(zeta=1, alpha=2)
    assert str(info.value) == "RMSprop: unexpected keyword argument(s): alpha, zeta"


def test_lr_alias_conflicts_and_clipping_twice():
    assert O.SGD(lr=0.5).learning_rate == 0.5
    assert O.SGD(learning_rate=0.5, lr=0.5).learning_rate == 0.5
    assert O.SGD().learning_rate == 0.01 and O.Adam(learning_rate=None).learning_rate == 0.001
    with pytest.raises(ConfigError) as info:
        O.SGD(learning_rate=0.3, lr=0.5)
    assert info.value.code == "optimizer_lr_twice" and info.value.params == {"learning_rate": 0.3, "lr": 0.5}
    assert "learning_rate=0.3" in str(info.value) and "lr=0.5" in str(info.value)
    with pytest.raises(ConfigError) as info:
        O.Adam(clipnorm=1.0, clipvalue=2.0)
    assert info.value.code == "optimizer_clip_twice"
    assert info.value.params == {"arguments": ["clipnorm", "clipvalue"]}
    assert str(info.value).endswith("got clipnorm=1.0, clipvalue=2.0")


@pytest.mark.parametrize("clip", [{"clipnorm": 0.5}, {"clipvalue": 0.5}, {"global_clipnorm": 0.5}])
def test_clipping_skips_missing_gradients(clip):
    g = np.array([3.0, -4.0], "float32")  # norm 5
    v, untouched = np.zeros(2, "float32"), np.ones(2, "float32")
    opt = O.SGD(learning_rate=1.0, **clip)
    opt.apply([g, None], [v, untouched])
    np.testing.assert_array_equal(untouched, [1.0, 1.0])
    want = {"clipnorm": -g * 0.1, "clipvalue": np.array([-0.5, 0.5]), "global_clipnorm": -g * 0.1}
    np.testing.assert_allclose(v, want[next(iter(clip))], rtol=1e-6)


def test_apply_needs_one_gradient_per_variable():
    with pytest.raises(ValueError, match=r"^Adam\.apply: got 1 gradients for 2 variables$"):
        O.Adam().apply([np.zeros(2)], [np.zeros(2), np.zeros(2)])


def test_flush_runs_every_16th_step_exactly():
    """A decaying slot entry below 1e-30 is zeroed at steps 16, 32, ... and not before."""
    var = np.zeros(2, "float32")
    opt = O.RMSprop(rho=0.99)
    opt.apply([np.zeros(2, "float32")], [var])
    tiny = np.array([1e-31, 1.0], "float32")
    for step in range(2, 17):
        opt._slots[0]["velocity"][...] = tiny  # refreshed: only the flush can zero it
        opt.apply([np.zeros(2, "float32")], [var])
        assert (opt._slots[0]["velocity"][0] == 0) == (step == 16), step
    assert opt._slots[0]["velocity"][1] == pytest.approx(0.99)


@pytest.mark.parametrize("name, kwargs, keys", [
    ("SGD", {}, set()),
    ("SGD", {"momentum": 0.5}, {"momentum"}),
    ("RMSprop", {}, {"velocity"}),
    ("RMSprop", {"momentum": 0.5, "centered": True}, {"velocity", "momentum", "average_gradient"}),
    ("Adam", {}, {"momentum", "velocity"}),
    ("Adam", {"amsgrad": True}, {"momentum", "velocity", "velocity_hat"}),
    ("Adamax", {}, {"momentum", "norm"}),
    ("Nadam", {}, {"momentum", "velocity"}),
    ("Adadelta", {}, {"accumulated_grad", "accumulated_delta_var"}),
    ("Ftrl", {}, {"accumulator", "linear"}),
    ("Lion", {}, {"momentum"}),
])
def test_saved_state_holds_exactly_the_keras_slots(name, kwargs, keys):
    opt = getattr(O, name)(**kwargs)
    opt.apply([np.ones(3, "float32")], [np.zeros(3, "float32")])
    state = opt.get_state()
    assert {k.split("/", 1)[1] for k in state if "/" in k} == keys
    assert int(state["iterations"]) == 1


def test_set_state_defaults_and_refusals():
    var = np.zeros(3, "float32")
    opt = O.Adam()
    opt.apply([np.ones(3, "float32")], [var])
    state = opt.get_state()
    fresh = O.Adam()
    fresh.set_state({k: v for k, v in state.items() if k != "iterations"}, [var])
    assert fresh.iterations == 0
    with pytest.raises(ValueError, match=r"^Adam: unknown optimizer state entry 'bogus'$"):
        O.Adam().set_state({"bogus": 1}, [var])
    with pytest.raises(ValueError, match=r"^Nadam: unknown optimizer state entry 'bogus'$"):
        O.Nadam().set_state({"bogus": 1}, [var])
    with pytest.raises(ValueError, match=r"entry '1/momentum' does not match the model's weights"):
        O.Adam().set_state({"1/momentum": np.zeros(3)}, [var])
    with pytest.raises(ValueError, match=r"entry '0/nope' does not match"):
        O.Adam().set_state({"0/nope": np.zeros(3)}, [var])
    with pytest.raises(ValueError, match=r"^optimizer state '0/momentum': shape \(2,\) != \(3,\)$"):
        O.Adam().set_state({"0/momentum": np.zeros(2)}, [var])


def test_ftrl_refuses_a_zero_learning_rate_at_the_step():
    opt = O.Ftrl(learning_rate=0.0)
    with pytest.raises(ConfigError) as info:
        opt.apply([np.ones(2, "float32")], [np.zeros(2, "float32")])
    assert info.value.code == "optimizer_arg_range"
    assert info.value.params == {"arg": "learning_rate", "argument": "learning_rate", "value": "0.0"}
    assert str(info.value) == "Ftrl: learning_rate must be > 0 (its update divides by it), got 0.0"
