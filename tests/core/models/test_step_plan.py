"""The training step's plan (``Trainer._prepare_training``: which gradient updates which weight,
which layers add penalty gradients or project their weights) is made at the start of every
``fit`` / ``train_on_batch``, so it follows changes to the model and to ``compile``."""

import numpy as np

from netbuilder.core import layers, models, utils


def _data(n=64, d=6, k=3, seed=0):
    rs = np.random.default_rng(seed)
    return rs.standard_normal((n, d)).astype("float32"), np.eye(k, dtype="float32")[rs.integers(0, k, n)]


def _model():
    utils.set_random_seed(0)
    return models.Sequential([layers.Dense(8, activation="relu", input_shape=(6,), name="hidden"),
                              layers.Dense(3, activation="softmax", name="out")])


def test_a_layer_frozen_and_recompiled_between_fits_is_left_alone():
    x, y = _data()
    model = _model()
    model.compile(optimizer="rmsprop", loss="categorical_crossentropy")
    model.fit(x, y, batch_size=16, epochs=1, verbose=0)
    hidden = model.get_layer("hidden")
    hidden.trainable = False
    model.compile(optimizer="rmsprop", loss="categorical_crossentropy")
    before = hidden.get_weights()
    out_before = model.get_layer("out").get_weights()[0]
    model.fit(x, y, batch_size=16, epochs=1, verbose=0)
    for a, b in zip(before, hidden.get_weights()):
        np.testing.assert_array_equal(a, b)
    assert not np.array_equal(out_before, model.get_layer("out").get_weights()[0])
    assert [id(v) for v in model._train_vars] == [id(v) for v in model.get_layer("out").params.values()]


def test_a_layer_added_after_a_fit_is_trained_by_the_next():
    x, y = _data()
    model = models.Sequential([layers.Dense(8, activation="relu", input_shape=(6,))])
    model.compile(optimizer="sgd", loss="mse")
    model.fit(x, np.zeros((64, 8), "float32"), batch_size=16, epochs=1, verbose=0)
    model.add(layers.Dense(3, activation="softmax", name="added"))
    model.compile(optimizer="sgd", loss="categorical_crossentropy")
    before = model.get_layer("added").get_weights()[0]
    model.fit(x, y, batch_size=16, epochs=1, verbose=0)
    assert not np.array_equal(before, model.get_layer("added").get_weights()[0])
    assert model._out_layers == [model.get_layer("added")]


def test_penalty_gradients_and_constraints_reach_only_their_layers():
    x, y = _data()
    utils.set_random_seed(0)
    model = models.Sequential([
        layers.Dense(8, activation="relu", input_shape=(6,), kernel_regularizer="l2", name="reg"),
        layers.Dense(3, activation="softmax", kernel_constraint="non_neg", name="con")])
    model.compile(optimizer="sgd", loss="categorical_crossentropy")
    model.fit(x, y, batch_size=16, epochs=2, verbose=0)
    assert [l.name for l in model._regularized_layers] == ["reg"]
    assert [l.name for l in model._constrained_layers] == ["con"]
    assert (model.get_layer("con").get_weights()[0] >= 0).all()
    # the L2 penalty's gradient 2 * 0.01 * W is in the step: a one-batch SGD step on the
    # regularized layer differs from the same step with the regularizer removed
    w0 = [w.copy() for w in model.get_weights()]
    model.train_on_batch(x[:16], y[:16])
    with_penalty = model.get_layer("reg").get_weights()[0]
    model.set_weights(w0)
    model.get_layer("reg")._regularizers.clear()
    model.compile(optimizer="sgd", loss="categorical_crossentropy")
    model.train_on_batch(x[:16], y[:16])
    without = model.get_layer("reg").get_weights()[0]
    np.testing.assert_allclose(without - with_penalty, 0.01 * 2 * 0.01 * w0[0], rtol=1e-3, atol=1e-7)


def test_batch_logs_and_weights_equal_those_of_the_general_paths(monkeypatch):
    """The short paths a fit step takes (CategoricalAccuracy's hit count, the categorical
    crossentropy's shared value and fused gradient) change no number a callback reads per batch,
    nor any weight: the same fit with them switched back to the general paths agrees bit for bit."""
    from netbuilder.core import losses
    from netbuilder.core.callbacks import Callback
    from netbuilder.core.metrics import CategoricalAccuracy
    from netbuilder.core.metrics.base import MeanMetricWrapper

    x, y = _data(n=70)

    def run():
        seen = []

        class Record(Callback):
            def on_train_batch_end(self, batch, logs=None):
                seen.append(dict(logs))

        model = _model()
        model.compile(optimizer="rmsprop", loss="categorical_crossentropy", metrics=["accuracy"])
        history = model.fit(x, y, batch_size=16, epochs=2, verbose=0, callbacks=[Record()])
        return seen, history.history, model.get_weights()

    fast = run()
    monkeypatch.setattr(CategoricalAccuracy, "update_state", MeanMetricWrapper.update_state)
    monkeypatch.setattr(losses.CategoricalCrossentropy, "value_and_gradient", losses.Loss.value_and_gradient)
    general = run()
    assert len(fast[0]) == 10 and set(fast[0][0]) == {"accuracy", "loss"}
    assert fast[0] == general[0] and fast[1] == general[1]
    for a, b in zip(fast[2], general[2]):
        np.testing.assert_array_equal(a, b)
