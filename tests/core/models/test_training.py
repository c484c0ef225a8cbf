"""Training reaches known results on problems with a known answer."""

import numpy as np
import pytest

from netbuilder.core import callbacks, layers, models, optimizers, utils


def two_spirals(n=400, noise=0.1, seed=0):
    rs = np.random.default_rng(seed)
    t = np.sqrt(rs.random(n)) * 3 * np.pi
    sign = np.where(np.arange(n) % 2 == 0, 1.0, -1.0)
    # coordinates up to ~3 (radius / pi): glorot-initialised units then see a useful input range
    x = np.stack([sign * t * np.cos(t), sign * t * np.sin(t)], axis=1) / np.pi
    x += rs.normal(0, noise / np.pi, x.shape)
    return x.astype("float32"), (sign > 0).astype("float32")[:, None]


def test_two_spirals_above_97_percent():
    utils.set_random_seed(0)
    x, y = two_spirals(600)
    model = models.Sequential([
        layers.Dense(64, activation="tanh", input_shape=(2,)),
        layers.Dense(64, activation="tanh"),
        layers.Dense(1, activation="sigmoid"),
    ])
    model.compile(optimizer=optimizers.Adam(learning_rate=0.01), loss="binary_crossentropy",
                  metrics=["accuracy"])
    model.fit(x, y, epochs=150, batch_size=32, verbose=0)
    loss, acc = model.evaluate(x, y, verbose=0)
    assert acc > 0.97, acc


def test_recovers_a_known_linear_map():
    utils.set_random_seed(0)
    rs = np.random.default_rng(0)
    w = rs.standard_normal((3, 2)).astype("float32")
    b = np.array([0.5, -1.0], "float32")
    x = rs.standard_normal((500, 3)).astype("float32")
    y = x @ w + b
    model = models.Sequential([layers.Dense(2, input_shape=(3,))])
    model.compile(optimizer="sgd", loss="mse")
    model.fit(x, y, epochs=60, batch_size=16, verbose=0)
    kernel, bias = model.get_weights()
    np.testing.assert_allclose(kernel, w, atol=1e-3)
    np.testing.assert_allclose(bias, b, atol=1e-3)


def test_fused_softmax_crossentropy_equals_chain_rule():
    """The fused output gradient must produce the same update as the unfused chain rule."""
    rs = np.random.default_rng(0)
    x = rs.standard_normal((32, 6)).astype("float32")
    y = np.eye(4, dtype="float32")[rs.integers(0, 4, 32)]

    def one_step(fuse):
        utils.set_random_seed(7)
        m = models.Sequential([layers.Dense(5, activation="relu", input_shape=(6,)),
                               layers.Dense(4, activation="softmax")])
        m.compile(optimizer="sgd", loss="categorical_crossentropy")
        if not fuse:
            m._prepare_training()
            m._fusable = [None]
            orig = m._prepare_training
            m._prepare_training = lambda: (orig(), setattr(m, "_fusable", [None]))
        m.train_on_batch(x, y)
        return m.get_weights()

    for a, b in zip(one_step(True), one_step(False)):
        np.testing.assert_allclose(a, b, rtol=1e-4, atol=1e-6)


def test_class_weight_and_sample_weight_change_the_loss():
    model = models.Sequential([layers.Dense(1, input_shape=(1,), kernel_initializer="zeros")])
    model.compile(optimizer="sgd", loss="mse")
    x = np.zeros((4, 1), "float32")
    y = np.array([[1.0], [1.0], [0.0], [0.0]], "float32")
    plain = model.test_on_batch(x, y)
    weighted = model.test_on_batch(x, y, sample_weight=np.array([2, 2, 1, 1], "float32"))
    assert plain == pytest.approx(0.5)
    assert weighted == pytest.approx(1.0)  # (2+2)/4: sum_over_batch_size divides by batch size


def test_stop_training_from_a_callback_ends_within_the_batch():
    seen = []

    class StopAfterThree(callbacks.Callback):
        def on_train_batch_end(self, batch, logs=None):
            seen.append(batch)
            if batch == 2:
                self.model.stop_training = True

    model = models.Sequential([layers.Dense(1, input_shape=(2,))])
    model.compile(optimizer="sgd", loss="mse")
    h = model.fit(np.zeros((100, 2)), np.zeros((100, 1)), batch_size=10, epochs=5,
                  callbacks=[StopAfterThree()], verbose=0)
    assert seen == [0, 1, 2] and len(h.history["loss"]) == 1


def test_nan_loss_is_not_applied_to_weights():
    model = models.Sequential([layers.Dense(1, input_shape=(1,))])
    model.compile(optimizer="sgd", loss="mse")
    before = model.get_weights()
    huge = np.full((4, 1), 1e30, "float32")
    model.fit(huge, huge, epochs=1, verbose=0, batch_size=4)
    after = model.get_weights()
    assert all(np.isfinite(w).all() for w in after)
    _ = before


def test_initial_epoch_and_epoch_count():
    model = models.Sequential([layers.Dense(1, input_shape=(1,))])
    model.compile(optimizer="sgd", loss="mse")
    h = model.fit(np.zeros((8, 1)), np.zeros((8, 1)), epochs=5, initial_epoch=3, verbose=0)
    assert h.epoch == [3, 4]


def test_regularizer_penalty_is_added_to_loss():
    model = models.Sequential([layers.Dense(1, input_shape=(2,), kernel_initializer="ones",
                                            kernel_regularizer="l2", use_bias=False)])
    model.compile(optimizer="sgd", loss="mse")
    x = np.zeros((4, 2), "float32")
    loss = model.test_on_batch(x, np.zeros((4, 1), "float32"))
    assert loss == pytest.approx(0.01 * 2)  # l2 default 0.01 * sum(w^2) with w = ones(2)


def test_evaluate_and_predict_equals_evaluate_plus_predict():
    utils.set_random_seed(0)
    inp = layers.Input(shape=(5,))
    h = layers.Dense(8, activation="relu", kernel_regularizer="l2")(inp)
    a = layers.Dense(3, activation="softmax", name="cls")(h)
    b = layers.Dense(1, name="reg")(h)
    model = models.Model(inp, [a, b])
    model.compile(optimizer="adam", loss=["categorical_crossentropy", "mse"], metrics=[["accuracy"], ["mae"]])
    rs = np.random.default_rng(1)
    x = rs.standard_normal((70, 5)).astype("float32")
    y = [np.eye(3, dtype="float32")[rs.integers(0, 3, 70)], rs.standard_normal((70, 1)).astype("float32")]
    model.fit(x, y, epochs=2, verbose=0)
    logs, preds = model.evaluate_and_predict(x, y, batch_size=16)
    assert logs == model.evaluate(x, y, batch_size=16, verbose=0, return_dict=True)
    for p, q in zip(preds, model.predict(x, batch_size=16, verbose=0)):
        np.testing.assert_array_equal(p, q)

    class StopAfterTwo(callbacks.Callback):
        def on_test_batch_end(self, batch, logs=None):
            if batch == 1:
                self.model.stop_evaluating = True

    _, cut = model.evaluate_and_predict(x, y, batch_size=16, callbacks=[StopAfterTwo()])
    assert [len(p) for p in cut] == [32, 32]


def test_validation_split_rounds_the_training_part_down_as_keras():
    """Keras: ``split_at = int(n * (1 - validation_split))``. Boston's 404 samples at 0.2 give 323
    training and 81 validation samples (404 · 0.8 = 323.2 is not whole: rounding up would give 324/80)."""
    n = 404
    x = np.zeros((n, 1), dtype="float32")
    y = np.arange(n, dtype="float32").reshape(n, 1)  # every sample's target is its index
    model = models.Sequential([layers.Input((1,)), layers.Dense(1, kernel_initializer="zeros")])
    model.compile(optimizer=optimizers.SGD(learning_rate=0.0), loss="mse")  # weights stay 0: loss = mean(y²)
    steps = []
    cb = callbacks.LambdaCallback(on_train_batch_end=lambda batch, logs: steps.append(batch))
    h = model.fit(x, y, batch_size=1, epochs=1, validation_split=0.2, shuffle=False, verbose=0, callbacks=[cb])
    assert len(steps) == 323
    np.testing.assert_allclose(h.history["val_loss"][0], np.mean(y[323:] ** 2), rtol=1e-6)
    np.testing.assert_allclose(h.history["loss"][0], np.mean(y[:323] ** 2), rtol=1e-6)
