"""Chapter 8: a small convnet, its summary, and data augmentation inside the model."""

import numpy as np
import pytest

import netbuilder.core as keras
from netbuilder.core import layers


def book_convnet(lib, kl):
    inputs = lib.Input(shape=(28, 28, 1))
    x = kl.Conv2D(filters=32, kernel_size=3, activation="relu")(inputs)
    x = kl.MaxPooling2D(pool_size=2)(x)
    x = kl.Conv2D(filters=64, kernel_size=3, activation="relu")(x)
    x = kl.MaxPooling2D(pool_size=2)(x)
    x = kl.Conv2D(filters=128, kernel_size=3, activation="relu")(x)
    x = kl.Flatten()(x)
    return lib.Model(inputs=inputs, outputs=kl.Dense(10, activation="softmax")(x))


def test_convnet_shapes_and_parameters_equal_keras():
    real = pytest.importorskip("keras")
    ours, theirs = book_convnet(keras, layers), book_convnet(real, real.layers)
    assert ours.count_params() == theirs.count_params()
    assert [tuple(l.output.shape) for l in ours.layers] == [tuple(l.output.shape) for l in theirs.layers]
    lines = []
    ours.summary(print_fn=lines.append)
    assert f"Total params: {theirs.count_params():,}" in lines[0]


def test_augmentation_then_rescaling_in_one_model():
    augment = keras.Sequential([layers.RandomFlip("horizontal"), layers.RandomRotation(0.1),
                                layers.RandomZoom(0.2)])
    inputs = keras.Input(shape=(16, 16, 3))
    x = augment(inputs)
    x = layers.Rescaling(1.0 / 255)(x)
    x = layers.Conv2D(8, 3, activation="relu")(x)
    x = layers.GlobalAveragePooling2D()(x)
    model = keras.Model(inputs, layers.Dense(1, activation="sigmoid")(x))
    model.compile(optimizer="rmsprop", loss="binary_crossentropy", metrics=["accuracy"])
    rs = np.random.default_rng(0)
    images = rs.integers(0, 256, size=(24, 16, 16, 3)).astype("float32")
    labels = (images[..., 0].mean(axis=(1, 2)) > 127).astype("float32")
    model.fit(images, labels, epochs=2, batch_size=8, verbose=0)
    # inference skips the augmentation: two predictions agree
    np.testing.assert_array_equal(model.predict(images, verbose=0), model.predict(images, verbose=0))
    shown = augment(images[:4], training=True)
    assert shown.shape == images[:4].shape and not np.array_equal(shown, images[:4])
