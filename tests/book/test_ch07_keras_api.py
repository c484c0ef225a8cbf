"""Chapter 7: the functional API with several inputs and outputs, shared layers and models,
callbacks of one's own, saving weights; sequences padded for Embedding and LSTM."""

import numpy as np
import pytest

import netbuilder.core as keras
from netbuilder.core import layers
from netbuilder.core.preprocessing import sequence


def test_support_ticket_model_with_three_inputs_and_two_outputs():
    words, tags, depts = 100, 12, 4
    title = keras.Input(shape=(words,), name="title")
    body = keras.Input(shape=(words,), name="body")
    tag_in = keras.Input(shape=(tags,), name="tags")
    features = layers.concatenate([title, body, tag_in])
    features = layers.Dense(16, activation="relu")(features)
    priority = layers.Dense(1, activation="sigmoid", name="priority")(features)
    department = layers.Dense(depts, activation="softmax", name="department")(features)
    model = keras.Model(inputs=[title, body, tag_in], outputs=[priority, department])
    model.compile(optimizer="rmsprop", loss=["mean_squared_error", "categorical_crossentropy"],
                  metrics=[["mean_absolute_error"], ["accuracy"]])
    rs = np.random.default_rng(0)
    xs = [rs.integers(0, 2, size=(64, n)).astype("float32") for n in (words, words, tags)]
    ys = [rs.random((64, 1)).astype("float32"), keras.utils.to_categorical(rs.integers(0, depts, 64), depts)]
    history = model.fit(xs, ys, epochs=2, verbose=0)
    assert {"priority_loss", "department_loss", "priority_mean_absolute_error",
            "department_accuracy"} <= set(history.history)
    p, d = model.predict({"title": xs[0], "body": xs[1], "tags": xs[2]}, verbose=0)
    assert p.shape == (64, 1) and d.shape == (64, depts)


def test_a_shared_encoder_layer_and_a_nested_model():
    left, right = keras.Input(shape=(6,)), keras.Input(shape=(6,))
    shared = layers.Dense(4, activation="tanh")
    both = layers.concatenate([shared(left), shared(right)])
    inner_in = keras.Input(shape=(8,))
    head = keras.Model(inner_in, layers.Dense(1, activation="sigmoid")(inner_in), name="head")
    model = keras.Model([left, right], head(both))
    assert model.count_params() == (6 * 4 + 4) + (8 + 1)  # the shared Dense counts once
    model.compile(optimizer="adam", loss="binary_crossentropy")
    rs = np.random.default_rng(1)
    a, b = rs.normal(size=(32, 6)).astype("float32"), rs.normal(size=(32, 6)).astype("float32")
    y = (np.sum(a, axis=1) > np.sum(b, axis=1)).astype("float32")
    history = model.fit([a, b], y, epochs=30, verbose=0)
    assert history.history["loss"][-1] < history.history["loss"][0]


def test_a_callback_of_ones_own_and_weights_saved_and_restored(tmp_path):
    class LossPerBatch(keras.callbacks.Callback):
        def on_train_begin(self, logs=None):
            self.seen = []

        def on_train_batch_end(self, batch, logs=None):
            self.seen.append(logs["loss"])

    model = keras.Sequential([keras.Input((5,)), layers.Dense(3, activation="relu"), layers.Dense(1)])
    model.compile(optimizer="sgd", loss="mse")
    cb = LossPerBatch()
    x = np.random.default_rng(2).normal(size=(40, 5)).astype("float32")
    model.fit(x, x[:, :1], epochs=2, batch_size=10, callbacks=[cb], verbose=0)
    assert len(cb.seen) == 8
    model.save_weights(tmp_path / "ticket.weights.h5")
    fresh = keras.Sequential([keras.Input((5,)), layers.Dense(3, activation="relu"), layers.Dense(1)])
    fresh.load_weights(tmp_path / "ticket.weights.h5")
    np.testing.assert_array_equal(fresh.predict(x, verbose=0), model.predict(x, verbose=0))
    model.save(tmp_path / "whole.nbm")
    again = keras.models.load_model(tmp_path / "whole.nbm")
    np.testing.assert_array_equal(again.predict(x, verbose=0), model.predict(x, verbose=0))


def test_padded_sequences_through_embedding_and_lstm():
    seqs = [[3, 7, 1], [9, 2, 8, 4, 4, 6], [5]]
    padded = sequence.pad_sequences(seqs, maxlen=5)
    np.testing.assert_array_equal(padded, [[0, 0, 3, 7, 1], [2, 8, 4, 4, 6], [0, 0, 0, 0, 5]])
    model = keras.Sequential([keras.Input((5,), dtype="int32"), layers.Embedding(10, 4), layers.LSTM(3),
                              layers.Dense(1, activation="sigmoid")])
    model.compile(optimizer="rmsprop", loss="binary_crossentropy", metrics=["acc"])
    history = model.fit(padded, np.array([1, 0, 1]), epochs=2, verbose=0)
    assert set(history.history) == {"loss", "acc"}
    assert model.count_params() == 10 * 4 + 4 * (4 * 3 + 3 * 3 + 3) + 3 + 1


def test_a_fresh_session_restarts_names():
    layers.Dense(1)
    keras.backend.clear_session()
    assert layers.Dense(1).name == "dense"


@pytest.mark.parametrize("unsupported", ["GradientTape", "data"])
def test_tensorflow_only_names_are_absent(unsupported):
    assert not hasattr(keras, unsupported)
