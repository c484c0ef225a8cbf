"""Optimizers against Keras 3's update rules, written out here with Python scalars.

``REF`` below holds one hand-written step per optimizer (the formula of
``keras/src/optimizers/<name>.py``, element by element, in float64); the tests run the real
optimizers on arrays and compare. A few literal values pin the formulas independently.
"""

import math
import warnings

import numpy as np
import pytest

from netbuilder.core import optimizers
from netbuilder.core.errors import ConfigError
from netbuilder.core.optimizers import (SGD, Adadelta, Adagrad, Adam, Adamax, AdamW, Ftrl, Lion,
                                        Nadam, Optimizer, RMSprop)


# ------------------------------------------------------------------ scalar reference formulas
def _sgd(w, g, t, lr, s, momentum=0.0, nesterov=False):
    if momentum == 0:
        return w - lr * g
    s["m"] = momentum * s.get("m", 0.0) - lr * g
    return w + momentum * s["m"] - lr * g if nesterov else w + s["m"]


def _rmsprop(w, g, t, lr, s, rho=0.9, momentum=0.0, epsilon=1e-7, centered=False):
    s["v"] = rho * s.get("v", 0.0) + (1 - rho) * g * g
    if centered:
        s["a"] = rho * s.get("a", 0.0) + (1 - rho) * g
        den = s["v"] - s["a"] ** 2 + epsilon
    else:
        den = s["v"] + epsilon
    inc = lr * g / math.sqrt(den)
    if momentum > 0:
        s["mom"] = momentum * s.get("mom", 0.0) + inc
        return w - s["mom"]
    return w - inc


def _adagrad(w, g, t, lr, s, initial_accumulator_value=0.1, epsilon=1e-7):
    s["acc"] = s.get("acc", initial_accumulator_value) + g * g
    return w - lr * g / math.sqrt(s["acc"] + epsilon)


def _adadelta(w, g, t, lr, s, rho=0.95, epsilon=1e-7):
    s["ag"] = rho * s.get("ag", 0.0) + (1 - rho) * g * g
    delta = -math.sqrt(s.get("ad", 0.0) + epsilon) * g / math.sqrt(s["ag"] + epsilon)
    s["ad"] = rho * s.get("ad", 0.0) + (1 - rho) * delta * delta
    return w + lr * delta


def _adam(w, g, t, lr, s, beta_1=0.9, beta_2=0.999, epsilon=1e-7, amsgrad=False):
    s["m"] = s.get("m", 0.0) + (g - s.get("m", 0.0)) * (1 - beta_1)
    s["v"] = s.get("v", 0.0) + (g * g - s.get("v", 0.0)) * (1 - beta_2)
    v = s["v"]
    if amsgrad:
        s["vh"] = v = max(s.get("vh", 0.0), s["v"])
    alpha = lr * math.sqrt(1 - beta_2 ** t) / (1 - beta_1 ** t)
    return w - alpha * s["m"] / (math.sqrt(v) + epsilon)


def _adamax(w, g, t, lr, s, beta_1=0.9, beta_2=0.999, epsilon=1e-7):
    s["m"] = s.get("m", 0.0) + (g - s.get("m", 0.0)) * (1 - beta_1)
    s["u"] = max(beta_2 * s.get("u", 0.0), abs(g))
    return w - lr * s["m"] / ((1 - beta_1 ** t) * (s["u"] + epsilon))


def _nadam(w, g, t, lr, s, beta_1=0.9, beta_2=0.999, epsilon=1e-7):
    u_t = beta_1 * (1 - 0.5 * 0.96 ** t)
    u_next = beta_1 * (1 - 0.5 * 0.96 ** (t + 1))
    s["P"] = s.get("P", 1.0) * u_t
    s["m"] = s.get("m", 0.0) + (g - s.get("m", 0.0)) * (1 - beta_1)
    s["v"] = s.get("v", 0.0) + (g * g - s.get("v", 0.0)) * (1 - beta_2)
    m_hat = u_next * s["m"] / (1 - s["P"] * u_next) + (1 - u_t) * g / (1 - s["P"])
    v_hat = s["v"] / (1 - beta_2 ** t)
    return w - lr * m_hat / (math.sqrt(v_hat) + epsilon)


def _lion(w, g, t, lr, s, beta_1=0.9, beta_2=0.99):
    c = beta_1 * s.get("m", 0.0) + (1 - beta_1) * g
    s["m"] = beta_2 * s.get("m", 0.0) + (1 - beta_2) * g
    return w - lr * (c > 0) + lr * (c < 0)


def _ftrl(w, g, t, lr, s, learning_rate_power=-0.5, initial_accumulator_value=0.1,
          l1_regularization_strength=0.0, l2_regularization_strength=0.0,
          l2_shrinkage_regularization_strength=0.0, beta=0.0):
    p = -learning_rate_power
    acc = s.get("acc", initial_accumulator_value)
    l2 = l2_regularization_strength + beta / (2 * lr)
    new_acc = acc + g * g
    s["lin"] = s.get("lin", 0.0) + g + 2 * l2_shrinkage_regularization_strength * w \
        - (new_acc ** p - acc ** p) / lr * w
    quad = new_acc ** p / lr + 2 * l2
    l1 = l1_regularization_strength
    s["acc"] = new_acc
    return (min(max(s["lin"], -l1), l1) - s["lin"]) / quad


REF = {SGD: _sgd, RMSprop: _rmsprop, Adagrad: _adagrad, Adadelta: _adadelta, Adam: _adam,
       AdamW: _adam, Adamax: _adamax, Nadam: _nadam, Lion: _lion, Ftrl: _ftrl}
KERAS_LR = {SGD: 0.01}  # every other class defaults to 0.001


def reference(cls, w0, grads, lr, weight_decay=None, **hp):
    """Weights after ``len(grads)`` steps: Keras's decay ``w -= w*wd*lr`` first, then the step.

    ``lr`` is a float or one float per step."""
    lrs = lr if isinstance(lr, list) else [lr] * len(grads)
    if cls is AdamW and weight_decay is None:
        weight_decay = 0.004
    out = []
    for j, w in enumerate(np.asarray(w0, dtype=float).tolist()):
        state = {}
        for t, (g, lr_t) in enumerate(zip(grads, lrs), start=1):
            if weight_decay:
                w = w - w * weight_decay * lr_t
            w = REF[cls](w, float(g[j]), t, lr_t, state, **hp)
        out.append(w)
    return np.array(out)


def run(opt, w0, grads, dtype):
    w = np.array(w0, dtype=dtype)
    for g in grads:
        opt.apply([np.array(g, dtype=dtype)], [w])
    return w


W0 = [1.0, -2.0, 0.5, 3.0]
GRADS = [[0.5, -0.25, 2.0, 0.1], [0.3, 0.4, -1.5, 0.0], [-0.2, 0.6, 0.7, -0.05]]

CASES = [
    (SGD, {}), (SGD, {"momentum": 0.9}), (SGD, {"momentum": 0.5, "nesterov": True}),
    (RMSprop, {}), (RMSprop, {"momentum": 0.9}), (RMSprop, {"centered": True}),
    (RMSprop, {"centered": True, "momentum": 0.5, "rho": 0.8}),
    (Adagrad, {}), (Adagrad, {"initial_accumulator_value": 0.5, "epsilon": 1e-3}),
    (Adadelta, {}), (Adadelta, {"rho": 0.8, "epsilon": 1e-6}),
    (Adam, {}), (Adam, {"amsgrad": True, "beta_2": 0.5}), (Adam, {"beta_1": 0.5, "epsilon": 1e-3}),
    (AdamW, {}), (AdamW, {"weight_decay": 0.1, "amsgrad": True}),
    (Adamax, {}), (Adamax, {"beta_1": 0.8, "beta_2": 0.5}),
    (Nadam, {}), (Nadam, {"beta_1": 0.5, "beta_2": 0.67, "epsilon": 1e-5}),
    (Lion, {}), (Lion, {"beta_1": 0.5, "beta_2": 0.9}),
    (Ftrl, {}), (Ftrl, {"learning_rate_power": -0.2, "initial_accumulator_value": 0.4,
                        "l1_regularization_strength": 0.05, "l2_regularization_strength": 0.15,
                        "l2_shrinkage_regularization_strength": 0.01, "beta": 0.3}),
]


def _id(case):
    cls, hp = case
    return cls.__name__ + "".join(f"-{k}={v}" for k, v in hp.items())


@pytest.mark.parametrize("case", CASES, ids=[_id(c) for c in CASES])
@pytest.mark.parametrize("dtype,rtol", [("float64", 1e-12), ("float32", 3e-6)])
def test_steps_match_keras_formula(case, dtype, rtol):
    cls, hp = case
    lr = 0.1
    got = run(cls(learning_rate=lr, **hp), W0, GRADS, dtype)
    assert got.dtype == dtype
    want = reference(cls, W0, GRADS, lr, **hp)
    np.testing.assert_allclose(got, want, rtol=rtol, atol=rtol * 1e-2)


# Worked by hand for w = [1, 2, 3, 4], g = [1, 6, 7, 2], learning_rate = 0.5, one step:
#   SGD: w - 0.5 g.   Adam, Adamax, Lion: the first step is w - lr * sign(g) (up to epsilon).
#   AdamW: 0.998 w - 0.5.   Adagrad: w - 0.5 g / sqrt(0.1 + g^2 + 1e-7).
#   RMSprop: w - 0.5 g / sqrt(0.1 g^2 + 1e-7) = w - 0.5 / sqrt(0.1) (Keras's test: -0.5811, ...).
#   Adadelta: w - 0.5 sqrt(1e-7) g / sqrt(0.05 g^2 + 1e-7) ~= w - 0.0007.
#   Nadam, Ftrl: Keras 3's own single-step values.
FIRST_STEP = {
    SGD: [0.5, -1.0, -0.5, 3.0], Adam: [0.5, 1.5, 2.5, 3.5], Adamax: [0.5, 1.5, 2.5, 3.5],
    Lion: [0.5, 1.5, 2.5, 3.5], AdamW: [0.498, 1.496, 2.494, 3.492],
    Adagrad: [1 - 0.5 / math.sqrt(1.1), 2 - 3 / math.sqrt(36.1), 3 - 3.5 / math.sqrt(49.1),
              4 - 1 / math.sqrt(4.1)],
    RMSprop: [-0.5811, 0.4189, 1.4189, 2.4189], Adadelta: [0.9993, 1.9993, 2.9993, 3.9993],
    Nadam: [0.4686, 1.4686, 2.4686, 3.4686], Ftrl: [0.2218, 1.3954, 2.3651, 2.8814],
}


@pytest.mark.parametrize("cls", list(FIRST_STEP), ids=lambda c: c.__name__)
def test_first_step_pinned_values(cls):
    w = run(cls(learning_rate=0.5), [1.0, 2.0, 3.0, 4.0], [[1.0, 6.0, 7.0, 2.0]], "float32")
    np.testing.assert_allclose(w, FIRST_STEP[cls], atol=1e-4)


def test_rmsprop_keras_docstring_example():
    # keras.optimizers.RMSprop(learning_rate=0.1) on loss = var**2 / 2 from var = 10 -> 9.683772
    var = np.array([10.0], dtype="float32")
    RMSprop(learning_rate=0.1).apply([var.copy()], [var])
    np.testing.assert_allclose(var, [9.683772], rtol=1e-6)


def test_lion_momentum_uses_beta_2():
    # lr 0.1, g = 1 then -0.1. Step 1: c = 0.1 * 1 > 0, w = -0.1, m = 0.01 * 1 = 0.01.
    # Step 2: c = 0.9 * 0.01 + 0.1 * (-0.1) = -0.001 < 0, so w = -0.1 + 0.1 = 0.
    # (Had m used beta_1, m = 0.1 and c = +0.08: w would reach -0.2.)
    w = run(Lion(learning_rate=0.1), [0.0], [[1.0], [-0.1]], "float64")
    assert w[0] == pytest.approx(0.0, abs=1e-12)


def test_amsgrad_differs_from_adam_when_velocity_shrinks():
    grads = [[4.0], [0.1], [0.1]]
    plain = run(Adam(0.1, beta_2=0.5), [0.0], grads, "float64")
    ams = run(Adam(0.1, beta_2=0.5, amsgrad=True), [0.0], grads, "float64")
    assert abs(plain[0] - ams[0]) > 1e-3  # v_hat kept the large first v


# ------------------------------------------------------------------ learning rate
@pytest.mark.parametrize("cls", list(REF), ids=lambda c: c.__name__)
def test_lr_alias_and_defaults(cls):
    assert cls().learning_rate == KERAS_LR.get(cls, 0.001)
    a, b = cls(lr=0.05), cls(learning_rate=0.05)
    assert a.learning_rate == b.learning_rate == 0.05
    np.testing.assert_array_equal(run(a, W0, GRADS, "float32"), run(b, W0, GRADS, "float32"))
    with pytest.raises(ConfigError, match="lr"):
        cls(learning_rate=0.2, lr=0.3)


@pytest.mark.parametrize("cls", [SGD, RMSprop, Adam, Nadam], ids=lambda c: c.__name__)
def test_learning_rate_change_takes_effect_next_step(cls):
    opt = cls(learning_rate=0.1)
    w = np.array(W0)
    opt.apply([np.array(GRADS[0])], [w])
    opt.learning_rate = 0.01
    opt.apply([np.array(GRADS[1])], [w])
    opt.lr = 0.5  # the legacy alias is settable too
    opt.apply([np.array(GRADS[2])], [w])
    np.testing.assert_allclose(w, reference(cls, W0, GRADS, [0.1, 0.01, 0.5]), rtol=1e-12)
    with pytest.raises(ConfigError, match="learning_rate"):
        opt.learning_rate = -1.0


# ------------------------------------------------------------------ clipping, weight decay
def test_clipnorm_clips_each_gradient_separately():
    w1, w2 = np.zeros(2), np.zeros(2)
    g1, g2 = np.array([3.0, 4.0]), np.array([0.3, 0.4])
    SGD(learning_rate=1.0, clipnorm=1.0).apply([g1, g2], [w1, w2])
    np.testing.assert_allclose(w1, [-0.6, -0.8])  # norm 5 -> 1
    np.testing.assert_allclose(w2, [-0.3, -0.4])  # norm 0.5, untouched
    np.testing.assert_array_equal(g1, [3.0, 4.0])  # the caller's gradient is not modified


def test_clipvalue_and_global_clipnorm():
    w = np.zeros(3)
    SGD(learning_rate=1.0, clipvalue=1.0).apply([np.array([-100.0, 0.5, 100.0])], [w])
    np.testing.assert_allclose(w, [1.0, -0.5, -1.0])
    w1, w2 = np.zeros(1), np.zeros(1)
    SGD(learning_rate=1.0, global_clipnorm=1.0).apply([np.array([3.0]), np.array([4.0])], [w1, w2])
    np.testing.assert_allclose([w1[0], w2[0]], [-0.6, -0.8])  # joint norm 5 -> 1
    w1, w2 = np.zeros(1), np.zeros(1)
    SGD(learning_rate=1.0, global_clipnorm=10.0).apply([np.array([3.0]), np.array([4.0])], [w1, w2])
    np.testing.assert_allclose([w1[0], w2[0]], [-3.0, -4.0])
    with pytest.raises(ConfigError, match="only one of"):
        Adam(clipnorm=1.0, clipvalue=1.0)


@pytest.mark.parametrize("cls", [c for c in REF if c is not Ftrl], ids=lambda c: c.__name__)
def test_weight_decay_alone(cls):
    # Keras's weight-decay test: zero gradient, lr 1, wd 0.004 -> w = 2 * 0.996
    w = np.array([2.0], dtype="float32")
    cls(learning_rate=1.0, weight_decay=0.004).apply([np.zeros(1, "float32")], [w])
    np.testing.assert_allclose(w, [1.992], rtol=1e-6)


def test_weight_decay_comes_before_the_step_and_uses_the_current_lr():
    w = np.array([2.0])
    opt = SGD(learning_rate=0.1, weight_decay=0.5)
    opt.apply([np.array([1.0])], [w])
    assert w[0] == pytest.approx(2.0 * (1 - 0.05) - 0.1)  # step first would give 1.805
    opt.learning_rate = 0.2
    opt.apply([np.array([0.0])], [w])
    assert w[0] == pytest.approx(1.8 * (1 - 0.1))
    for cls, hp in [(RMSprop, {"momentum": 0.9}), (Adam, {}), (Nadam, {})]:
        got = run(cls(learning_rate=0.1, weight_decay=0.2, **hp), W0, GRADS, "float64")
        np.testing.assert_allclose(got, reference(cls, W0, GRADS, 0.1, weight_decay=0.2, **hp),
                                   rtol=1e-12)


def test_adamw_default_decay_and_none_refused():
    assert AdamW().weight_decay == 0.004 and Adam().weight_decay is None
    with pytest.raises(ConfigError, match="weight_decay"):
        AdamW(weight_decay=None)


def test_none_gradient_leaves_variable_alone():
    w1, w2 = np.ones(2), np.ones(2)
    Adam(learning_rate=0.1, weight_decay=0.5).apply([None, np.ones(2)], [w1, w2])
    np.testing.assert_array_equal(w1, [1.0, 1.0])
    assert (w2 < 1).all()


# ------------------------------------------------------------------ state, config, registry
def _fresh_vars():
    return [np.array(W0, dtype="float32"), np.array([[0.1, -0.2], [0.3, 0.0]], dtype="float32")]


def _grads(k):
    rs = np.random.default_rng(k)
    return [rs.standard_normal(4).astype("float32"), rs.standard_normal((2, 2)).astype("float32")]


@pytest.mark.parametrize("case", CASES, ids=[_id(c) for c in CASES])
def test_state_round_trip_continues_identically(case):
    cls, hp = case
    a, va = cls(learning_rate=0.05, **hp), _fresh_vars()
    for k in range(3):
        a.apply(_grads(k), va)
    state = a.get_state()
    saved = {k: v.copy() for k, v in state.items()}
    vb = [v.copy() for v in va]
    b = cls.from_config(a.get_config())
    b.set_state(state, vb)
    assert b.iterations == 3
    for k in range(3, 6):
        a.apply(_grads(k), va)
        b.apply(_grads(k), vb)
    for x, y in zip(va, vb):
        np.testing.assert_array_equal(x, y)
    for k, v in saved.items():  # get_state returned a snapshot, not live views
        np.testing.assert_array_equal(state[k], v)


def test_set_state_rejects_mismatched_shapes():
    opt = Adam()
    opt.apply(_grads(0), _fresh_vars())
    state = opt.get_state()
    with pytest.raises(ValueError, match="shape"):
        Adam().set_state(state, [np.zeros(5, "float32"), np.zeros((2, 2), "float32")])


@pytest.mark.parametrize("case", CASES, ids=[_id(c) for c in CASES])
def test_config_round_trip(case):
    cls, hp = case
    opt = cls(learning_rate=0.25, clipnorm=2.0, **hp)
    config = opt.get_config()
    assert config["learning_rate"] == 0.25
    for k, v in hp.items():
        assert config[k] == v
    assert cls.from_config(config).get_config() == config
    again = optimizers.deserialize(optimizers.serialize(opt))
    assert type(again) is cls and again.get_config() == config


NAMES = {"sgd": SGD, "rmsprop": RMSprop, "adam": Adam, "adamw": AdamW, "adagrad": Adagrad,
         "adadelta": Adadelta, "adamax": Adamax, "nadam": Nadam, "lion": Lion, "ftrl": Ftrl}


@pytest.mark.parametrize("name", list(NAMES))
def test_get_by_name(name):
    cls = NAMES[name]
    for ident in (name, cls.__name__):
        opt = optimizers.get(ident)
        assert type(opt) is cls
        assert opt.get_config() == cls().get_config()
    assert optimizers.get(opt) is opt


def test_get_is_case_insensitive_like_keras_and_rejects_unknown_names():
    assert type(optimizers.get("RMSProp")) is RMSprop
    assert type(optimizers.get({"class_name": "ADAM", "config": {"learning_rate": 0.1}})) is Adam
    with pytest.raises(ValueError, match=r"'rmsprob'.*Did you mean.*'rmsprop'"):
        optimizers.get("rmsprob")


def test_invalid_arguments_name_the_argument():
    for make, arg in [(lambda: Adam(beta_1=1.0), "beta_1"), (lambda: RMSprop(rho=1.5), "rho"),
                      (lambda: RMSprop(epsilon=0.0), "epsilon"), (lambda: SGD(momentum=-0.1), "momentum"),
                      (lambda: Ftrl(learning_rate_power=0.5), "learning_rate_power"),
                      (lambda: Adagrad(initial_accumulator_value=-1), "initial_accumulator_value"),
                      (lambda: Adam(weight_decay="x"), "weight_decay")]:
        with pytest.raises(ConfigError, match=arg) as info:
            make()
        assert info.value.params["argument"] == arg
    with pytest.raises(ConfigError, match="use_ema"):
        Adam(use_ema=True)
    with pytest.raises(TypeError, match="betta"):
        Adam(betta=0.9)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        Adam(decay=1e-4)  # Keras 3 warns and ignores the legacy decay
    assert any("decay" in str(w.message) for w in caught)


# ------------------------------------------------------------------ dtype and performance
@pytest.mark.parametrize("case", CASES, ids=[_id(c) for c in CASES])
def test_float32_is_kept(case):
    cls, hp = case
    hp64 = {k: np.float64(v) if isinstance(v, float) else v for k, v in hp.items()}
    opt = cls(learning_rate=np.float64(0.01), **hp64)
    for k, v in hp64.items():
        if isinstance(v, np.floating):
            assert type(getattr(opt, k)) is float, k  # a NumPy float64 scalar would upcast
    assert type(opt.learning_rate) is float
    w = np.array(W0, dtype="float32")
    opt.apply([np.array(GRADS[0], dtype="float32")], [w])
    opt.apply([np.array(GRADS[1], dtype="float64")], [w])  # cast to the variable's dtype
    assert w.dtype == np.float32
    assert all(a.dtype == np.float32 for a in opt.get_state().values() if a.ndim)
    assert all(b.dtype == np.float32 for b in opt._buffers.values())


def test_slots_are_built_once_and_updated_in_place():
    opt, w = Adam(), np.array(W0, dtype="float32")
    opt.apply([np.ones(4, "float32")], [w])
    m = opt._slots[0]["momentum"]
    opt.apply([np.ones(4, "float32")], [w])
    assert opt._slots[0]["momentum"] is m and (m > 0).all()


def _subnormals(opt):
    tiny = np.finfo(np.float32).tiny
    return sum(int(((a != 0) & (np.abs(a) < tiny)).sum()) for s in opt._slots for a in s.values())


@pytest.mark.parametrize("cls,hp", [(RMSprop, {}), (RMSprop, {"momentum": 0.9, "centered": True}),
                                    (SGD, {"momentum": 0.9}), (Adam, {"beta_1": 0.8}),
                                    (Adadelta, {"rho": 0.8})], ids=lambda x: str(x))
def test_decaying_state_is_flushed_before_it_turns_subnormal(cls, hp):
    # A weight that gets one small gradient and then only zeros (a rare word's input weights):
    # its state decays geometrically into subnormal floats, which are slow to compute with.
    zeros = np.zeros(64, "float32")
    first = np.full(64, 1e-12, "float32")
    results = []
    for flush_every in (0, Optimizer.flush_every):
        opt, w = cls(learning_rate=0.01, **hp), np.ones(64, "float32")
        opt.flush_every = flush_every
        opt.apply([first], [w])
        for _ in range(600):
            opt.apply([zeros], [w])
        results.append((opt, w))
    (raw, w_raw), (flushed, w_flushed) = results
    assert _subnormals(raw) > 0  # without flushing the trap is real
    assert _subnormals(flushed) == 0
    np.testing.assert_allclose(w_flushed, w_raw, rtol=1e-6)  # and the maths is unchanged


def test_lion_momentum_is_not_flushed():
    # Lion steps by lr * sign(m): a tiny momentum still means a full step, so it is kept.
    opt, w = Lion(learning_rate=0.01), np.zeros(1, "float32")
    opt.set_state({"iterations": 15, "0/momentum": np.array([1e-33], "float32")}, [w])
    opt.apply([np.zeros(1, "float32")], [w])  # step 16: a flush step for the other optimizers
    assert w[0] == pytest.approx(-0.01) and opt._slots[0]["momentum"][0] > 0


# ------------------------------------------------------------------ convergence
CONVERGE = {SGD: 0.1, RMSprop: 0.01, Adagrad: 0.5, Adadelta: 2.0, Adam: 0.05, AdamW: 0.05,
            Adamax: 0.05, Nadam: 0.05, Lion: 0.01, Ftrl: 0.5}


@pytest.mark.parametrize("cls", list(CONVERGE), ids=lambda c: c.__name__)
def test_minimizes_a_quadratic(cls):
    # f(w) = 0.5 * sum(a * (w - c)**2), gradient a * (w - c), minimum at c
    a = np.array([1.0, 2.0, 0.5, 3.0], dtype="float32")
    c = np.array([1.0, -2.0, 0.5, 1.5], dtype="float32")
    opt, w = cls(learning_rate=CONVERGE[cls]), np.zeros(4, "float32")
    for _ in range(1000):
        opt.apply([a * (w - c)], [w])
    np.testing.assert_allclose(w, c, atol=0.01)  # AdamW's decay biases it by ~1e-3
