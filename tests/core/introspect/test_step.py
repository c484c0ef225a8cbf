"""step_trace performs exactly one training step and records it truthfully."""

import numpy as np
import pytest

from netbuilder.core import layers, models, optimizers, testing, utils
from netbuilder.core.introspect import step_trace


def _data(n=16, d=5, k=3, seed=0):
    rs = np.random.default_rng(seed)
    x = rs.standard_normal((n, d)).astype("float32")
    y = np.eye(k, dtype="float32")[rs.integers(0, k, n)]
    return x, y


def _mlp(optimizer, seed=0, hidden=(8, 6)):
    utils.set_random_seed(seed)
    model = models.Sequential([layers.Dense(hidden[0], activation="tanh", input_shape=(5,))]
                              + [layers.Dense(h, activation="relu") for h in hidden[1:]]
                              + [layers.Dense(3, activation="softmax")])
    model.compile(optimizer=optimizer, loss="categorical_crossentropy", metrics=["accuracy"])
    return model


OPTIMIZERS = {
    "sgd": lambda: optimizers.SGD(learning_rate=0.1),
    "sgd_momentum": lambda: optimizers.SGD(learning_rate=0.1, momentum=0.9),
    "rmsprop": lambda: optimizers.RMSprop(learning_rate=0.01),
    "adam": lambda: optimizers.Adam(learning_rate=0.01),
}


@pytest.mark.parametrize("name", sorted(OPTIMIZERS))
def test_model_after_step_trace_equals_model_after_train_on_batch(name):
    x, y = _data()
    traced, plain = _mlp(OPTIMIZERS[name]()), _mlp(OPTIMIZERS[name]())
    # a warm-up step first, so the optimizer state (momentum, moments) is not at its zeros
    traced.train_on_batch(x[:8], y[:8])
    plain.train_on_batch(x[:8], y[:8])
    for _ in range(2):
        trace = step_trace(traced, x, y)
        loss = plain.train_on_batch(x, y, return_dict=True)["loss"]
        assert trace.loss == loss
    for a, b in zip(traced.get_weights(), plain.get_weights()):
        np.testing.assert_array_equal(a, b)
    assert traced.optimizer.iterations == plain.optimizer.iterations == 3
    assert trace.iteration == 3
    # the recorded state is the optimizer's own state after the step
    for key, slots in trace.state_after.items():
        for slot, value in slots.items():
            assert value.shape == trace.weights_after[key].shape
    if name != "sgd":
        assert all(trace.state_after[k] for k in trace.gradients)
    # the model keeps its own methods (nothing left patched on it)
    assert "_train_step" not in vars(traced) and "apply" not in vars(traced.optimizer)


def test_sgd_update_is_minus_learning_rate_times_gradient():
    x, y = _data()
    model = _mlp(optimizers.SGD(learning_rate=0.05))
    trace = step_trace(model, x, y)
    assert set(trace.gradients) == {f"{l.name}/{k}" for l in model.layers for k in ("kernel", "bias")}
    for key, g in trace.gradients.items():
        np.testing.assert_allclose(trace.update(key), -0.05 * g, rtol=1e-5, atol=1e-7)
    assert trace.hyper["learning_rate"] == pytest.approx(0.05)
    assert trace.optimizer == "SGD" and trace.iteration == 1
    # the recorded 'after' weights are the model's weights now
    for layer in model.layers:
        np.testing.assert_array_equal(trace.weights_after[f"{layer.name}/kernel"], layer.get_weights()[0])


def test_loss_equals_evaluate_before_the_step_and_y_pred_equals_predict():
    x, y = _data()
    model = _mlp(optimizers.Adam(learning_rate=0.01))
    before_loss = model.evaluate(x, y, batch_size=len(x), verbose=0)[0]
    before_pred = model.predict(x, verbose=0)
    trace = step_trace(model, x, y)
    assert trace.loss == pytest.approx(before_loss, rel=1e-6)
    np.testing.assert_allclose(trace.y_pred, before_pred, rtol=1e-5, atol=1e-7)
    assert not np.allclose(model.predict(x, verbose=0), before_pred)  # the step changed the model
    assert "accuracy" in trace.logs


def test_gradients_agree_with_float64_finite_differences():
    x, y = _data(n=6)
    with testing.float64():
        model = _mlp(optimizers.SGD(learning_rate=0.0), hidden=(4, 3))  # lr 0: weights stay put
        x64, y64 = x.astype("float64"), y.astype("float64")
        trace = step_trace(model, x64, y64)

        def loss():
            return float(model.evaluate(x64, y64, batch_size=len(x64), verbose=0)[0])

        for layer in model.layers:
            for k, w in layer.params.items():
                numeric = testing.numeric_gradient(loss, w)
                testing.assert_close(trace.gradients[f"{layer.name}/{k}"], numeric, atol=1e-7, rtol=1e-5,
                                     what=f"{layer.name}/{k}")


def test_adam_state_before_and_after_follow_the_formula():
    x, y = _data()
    model = _mlp(optimizers.Adam(learning_rate=0.01, beta_1=0.9, beta_2=0.999))
    model.train_on_batch(x, y)
    trace = step_trace(model, x, y)
    key = next(iter(trace.gradients))
    g = trace.gradients[key].astype("float64")
    m0, v0 = (trace.state_before[key][s].astype("float64") for s in ("momentum", "velocity"))
    m1, v1 = (trace.state_after[key][s] for s in ("momentum", "velocity"))
    np.testing.assert_allclose(m1, 0.9 * m0 + 0.1 * g, rtol=1e-5, atol=1e-8)
    np.testing.assert_allclose(v1, 0.999 * v0 + 0.001 * g * g, rtol=1e-5, atol=1e-10)
    t = trace.iteration
    alpha = 0.01 * np.sqrt(1 - 0.999 ** t) / (1 - 0.9 ** t)
    expected = -alpha * m1 / (np.sqrt(v1) + trace.hyper["epsilon"])
    np.testing.assert_allclose(trace.update(key), expected, rtol=1e-4, atol=1e-7)


def test_first_step_state_before_is_the_initial_zeros():
    x, y = _data()
    model = _mlp(optimizers.RMSprop(learning_rate=0.01))
    trace = step_trace(model, x, y)
    for slots in trace.state_before.values():
        assert set(slots) == {"velocity"}
        assert not np.any(slots["velocity"])


def test_functional_two_output_model():
    utils.set_random_seed(1)
    inp = layers.Input(shape=(5,))
    h = layers.Dense(4, activation="relu", name="h")(inp)
    a = layers.Dense(3, activation="softmax", name="a")(h)
    b = layers.Dense(1, name="b")(h)
    model = models.Model(inp, [a, b])
    model.compile(optimizer=optimizers.SGD(learning_rate=0.1), loss=["categorical_crossentropy", "mse"])
    x, y = _data()
    yb = x[:, :1]
    trace = step_trace(model, x, [y, yb])
    assert isinstance(trace.y_pred, list) and trace.y_pred[1].shape == (16, 1)
    assert set(trace.gradients) == {"h/kernel", "h/bias", "a/kernel", "a/bias", "b/kernel", "b/bias"}
    np.testing.assert_allclose(trace.update("h/kernel"), -0.1 * trace.gradients["h/kernel"], rtol=1e-5, atol=1e-7)


def test_a_diverged_step_is_refused_with_the_loss_named():
    utils.set_random_seed(0)
    model = models.Sequential([layers.Dense(1, input_shape=(5,))])
    model.compile(optimizer=optimizers.SGD(learning_rate=0.1), loss="mse")
    x, _ = _data()
    before = model.get_weights()
    with pytest.raises(FloatingPointError, match="inf"):
        step_trace(model, x, np.full((16, 1), 1e30, "float32"))  # (1e30)^2 overflows float32
    assert "_train_step" not in vars(model) and "apply" not in vars(model.optimizer)
    for a, b in zip(before, model.get_weights()):
        np.testing.assert_array_equal(a, b)
