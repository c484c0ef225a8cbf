"""Augmentation layers: the identity in inference and Keras 3's transforms in training (checked
with ranges of one value, where Keras's draw is known), seeded, with gradient checks."""

import numpy as np
import pytest

from netbuilder.core import layers as L
from netbuilder.core import models, testing
from netbuilder.core.errors import ConfigError, ShapeError
from netbuilder.core.registry import LAYERS

from ..keras_equivalence import keras_or_skip

ALL = [("RandomFlip", {}), ("RandomRotation", {"factor": 0.2}), ("RandomZoom", {"height_factor": 0.3}),
       ("RandomTranslation", {"height_factor": 0.2, "width_factor": 0.1}), ("RandomContrast", {"factor": 0.4})]


def _images(shape=(3, 5, 6, 2), seed=0):
    return np.random.default_rng(seed).uniform(0, 255, size=shape).astype("float32")


@pytest.mark.parametrize("name, kw", ALL)
def test_inference_is_the_identity_as_in_keras(name, kw):
    keras = keras_or_skip()
    x = _images()
    ours = getattr(L, name)(**kw)
    np.testing.assert_array_equal(ours(x, training=False), x)
    np.testing.assert_array_equal(ours(x, training=False),
                                  np.asarray(getattr(keras.layers, name)(**kw)(x, training=False)))
    # random in training: a draw may leave all three images as they were (a flip is a coin
    # toss per image), so it is enough that one of ten draws changes them
    assert any(not np.array_equal(ours(x, training=True), x) for _ in range(10))
    assert any(not np.array_equal(ours(x), x) for _ in range(10))  # by hand it augments, as Keras 3's default


@pytest.mark.parametrize("name, kw", [
    ("RandomRotation", {"factor": (0.25, 0.25)}),
    ("RandomRotation", {"factor": (-0.07, -0.07)}),
    ("RandomRotation", {"factor": (0.1, 0.1), "fill_mode": "constant", "fill_value": 9.0}),
    ("RandomRotation", {"factor": (0.1, 0.1), "fill_mode": "wrap", "interpolation": "nearest"}),
    ("RandomRotation", {"factor": (0.13, 0.13), "fill_mode": "nearest"}),
    ("RandomZoom", {"height_factor": (0.5, 0.5)}),
    ("RandomZoom", {"height_factor": (-0.3, -0.3), "width_factor": (0.2, 0.2)}),
    ("RandomTranslation", {"height_factor": (0.2, 0.2), "width_factor": (-0.25, -0.25)}),
    ("RandomTranslation", {"height_factor": (0.3, 0.3), "width_factor": (0.1, 0.1), "fill_mode": "constant"}),
])
def test_geometric_transforms_equal_keras(name, kw):
    """A range of one value fixes Keras's draw, so its training output is known exactly."""
    keras = keras_or_skip()
    x = _images()
    ours = getattr(L, name)(**kw)(x, training=True)
    theirs = np.asarray(getattr(keras.layers, name)(**kw)(x, training=True))
    np.testing.assert_allclose(ours, theirs, rtol=1e-5, atol=1e-3)  # pixels in [0, 255]


class _Fixed:
    """A generator whose uniform draws are given values (to reproduce a Keras transform)."""

    def __init__(self, values):
        self.values = np.asarray(values, dtype="float64")

    def uniform(self, low, high, size=None):
        return self.values.reshape(size)


def test_contrast_equals_keras_for_the_same_factors():
    keras = keras_or_skip()
    x = _images()
    factors = np.array([0.6, 1.0, 1.7])
    ours = L.RandomContrast(factor=(0.5, 0.9))
    ours._own_rng = _Fixed(factors)
    theirs = keras.layers.RandomContrast(factor=(0.5, 0.9))
    want = theirs.transform_images(x, {"contrast_factor": factors.reshape(3, 1, 1, 1).astype("float32")},
                                   training=True)
    np.testing.assert_allclose(ours(x, training=True), np.asarray(want), rtol=1e-5, atol=1e-3)
    assert L.RandomContrast(0.3).factor == keras.layers.RandomContrast(0.3).factor  # Keras's (0, 0.3)


def test_flip_modes_and_seeds():
    x = _images((8, 3, 4, 1))
    out = L.RandomFlip("horizontal", seed=3)(x, training=True)
    for o, i in zip(out, x):
        assert np.array_equal(o, i) or np.array_equal(o, i[:, ::-1])
    assert any(not np.array_equal(o, i) for o, i in zip(out, x))
    out = L.RandomFlip("vertical", seed=3)(x, training=True)
    assert all(np.array_equal(o, i) or np.array_equal(o, i[::-1]) for o, i in zip(out, x))
    a, b = L.RandomRotation(0.3, seed=7), L.RandomRotation(0.3, seed=7)
    first = a(x, training=True)
    np.testing.assert_array_equal(first, b(x, training=True))  # the same seed, the same stream
    assert not np.array_equal(first, a(x, training=True))  # a new draw per batch


@pytest.mark.parametrize("name, kw", [
    ("RandomFlip", {}), ("RandomContrast", {"factor": (0.2, 0.6), "value_range": (-2.0, 2.0)}),
    ("RandomRotation", {"factor": 0.2}), ("RandomRotation", {"factor": 0.2, "fill_mode": "constant"}),
    ("RandomZoom", {"height_factor": 0.4, "width_factor": (-0.2, 0.3), "fill_mode": "wrap"}),
    ("RandomTranslation", {"height_factor": 0.3, "width_factor": 0.3, "fill_mode": "nearest"}),
])
def test_gradients_in_training(name, kw):
    x = np.random.default_rng(1).normal(size=(2, 4, 5, 2))
    testing.check_layer_gradients(getattr(L, name)(**kw), x, training=True, reseed=11)
    testing.check_layer_gradients(getattr(L, name)(**kw), x, training=False)


@pytest.mark.parametrize("name, kw", ALL)
def test_contract_and_registry(name, kw):
    cls = getattr(L, name)
    testing.run_layer_test(cls, kw, (2, 4, 4, 3), expected_output_shape=(None, 4, 4, 3), expected_num_params=0)
    layer = cls(**kw, seed=5)
    assert cls.from_config(layer.get_config()).get_config() == layer.get_config()
    assert LAYERS.meta(name)["group"] == "Regularization"  # the palette: against overfitting, off in predict
    with pytest.raises(ShapeError) as err:
        cls(**kw)(L.Input((4, 3)))
    assert err.value.code == "augment_rank"


@pytest.mark.parametrize("cls, kw", [(L.RandomRotation, {"factor": 1.5}), (L.RandomZoom, {"height_factor": "x"}),
                                     (L.RandomContrast, {"factor": -0.2}), (L.RandomFlip, {"mode": "diagonal"}),
                                     (L.RandomRotation, {"factor": 0.1, "fill_mode": "mirror"}),
                                     (L.RandomTranslation, {"height_factor": (0.1, 0.2, 0.3), "width_factor": 0.1})])
def test_bad_arguments_are_refused_naming_them(cls, kw):
    with pytest.raises(ConfigError):
        cls(**kw)


def test_augmentation_in_a_model_trains_randomly_and_predicts_plainly():
    model = models.Sequential([L.Input((6, 6, 1)), L.RandomFlip(seed=1), L.RandomRotation(0.1, seed=2),
                               L.Rescaling(1 / 255), L.Flatten(), L.Dense(2)])
    x = _images((4, 6, 6, 1))
    plain = models.Sequential([L.Input((6, 6, 1)), L.Rescaling(1 / 255), L.Flatten(), L.Dense(2)])
    plain.layers[-1].set_weights(model.layers[-1].get_weights())
    np.testing.assert_allclose(model.predict(x, verbose=0), plain.predict(x, verbose=0), rtol=1e-6)
    model.compile("sgd", "mse")
    model.fit(x, np.zeros((4, 2), "float32"), epochs=2, verbose=0)
