"""Chapters 2-3: the first network, tensors, the Keras building blocks, compile/fit/evaluate/predict."""

import numpy as np

import netbuilder.core as keras
from netbuilder.core import layers

from .conftest import separable


def test_version_and_a_digit_classifier_cell_by_cell(capsys):
    assert isinstance(keras.__version__, str)
    images = np.random.default_rng(0).integers(0, 256, size=(96, 28, 28)).astype("uint8")
    labels = images.reshape(96, -1)[:, :10].argmax(axis=1)  # a learnable rule: brightest of 10 pixels
    x = images.reshape((96, 28 * 28)).astype("float32") / 255
    model = keras.Sequential([layers.Dense(64, activation="relu"), layers.Dense(10, activation="softmax")])
    model.compile(optimizer="rmsprop", loss="sparse_categorical_crossentropy", metrics=["accuracy"])
    history = model.fit(x, labels, epochs=3, batch_size=32, verbose=0)
    assert set(history.history) == {"loss", "accuracy"} and len(history.history["loss"]) == 3
    probs = model.predict(x[:5], verbose=0)
    assert probs.shape == (5, 10)
    np.testing.assert_allclose(probs.sum(axis=1), 1.0, rtol=1e-5)
    loss, acc = model.evaluate(x, labels)  # a progress bar, as in the book's cell
    assert "━" in capsys.readouterr().out and 0.0 <= acc <= 1.0
    assert model.summary() is None
    assert "Total params: 50,890" in capsys.readouterr().out  # 784*64+64 + 64*10+10


def test_building_blocks_by_name_and_by_object():
    x, y = separable(classes=3)
    y1h = keras.utils.to_categorical(y)
    assert y1h.shape == (200, 3)
    model = keras.Sequential()
    model.add(layers.Dense(16, activation="relu", input_shape=(20,)))
    model.add(layers.Dense(3, activation="softmax"))
    model.compile(optimizer=keras.optimizers.RMSprop(learning_rate=1e-2),
                  loss=keras.losses.CategoricalCrossentropy(),
                  metrics=[keras.metrics.CategoricalAccuracy()])
    first = model.evaluate(x, y1h, verbose=0)[0]
    history = model.fit(x, y1h, epochs=20, batch_size=32, validation_data=(x[:40], y1h[:40]), verbose=0)
    assert set(history.history) == {"loss", "categorical_accuracy", "val_loss", "val_categorical_accuracy"}
    assert history.history["loss"][-1] < first
    kernel, bias = model.layers[0].weights
    assert kernel.shape == (20, 16) and bias.shape == (16,)


def test_functional_api_is_the_same_network():
    inputs = keras.Input(shape=(20,))
    features = layers.Dense(8, activation="relu")(inputs)
    outputs = layers.Dense(1, activation="sigmoid")(features)
    model = keras.Model(inputs=inputs, outputs=outputs)
    x, y = separable()
    model.compile(optimizer=keras.optimizers.Adam(learning_rate=0.01), loss="binary_crossentropy",
                  metrics=["accuracy"])
    history = model.fit(x, y, epochs=25, verbose=0)
    assert history.history["accuracy"][-1] > 0.8
    assert [type(l).__name__ for l in model.layers] == ["InputLayer", "Dense", "Dense"]
