"""Rescaling and Normalization: Keras 3's outputs (and adapt's statistics), gradients, weights files."""

import numpy as np
import pytest

from netbuilder.core import layers as L
from netbuilder.core import models, testing
from netbuilder.core.errors import ConfigError, ShapeError
from netbuilder.core.registry import LAYERS

from ..keras_equivalence import assert_same_outputs, assert_same_training, keras_or_skip, send_weights


def _x(shape=(6, 4, 3), seed=0):
    return np.random.default_rng(seed).normal(2.0, 3.0, size=shape).astype("float32")


@pytest.mark.parametrize("kw", [{"scale": 1 / 255}, {"scale": 2.0, "offset": -1.0}])
def test_rescaling_equals_keras_and_the_formula(kw):
    keras = keras_or_skip()
    x = np.random.default_rng(1).integers(0, 256, size=(3, 4, 4, 1)).astype("uint8")
    ours = L.Rescaling(**kw)(x)
    assert ours.dtype == np.float32
    np.testing.assert_allclose(ours, x * kw["scale"] + kw.get("offset", 0.0), rtol=1e-6)
    np.testing.assert_allclose(ours, np.asarray(keras.layers.Rescaling(**kw)(x.astype("float32"))), rtol=1e-6)


@pytest.mark.parametrize("axis", [-1, (1, 2), None, 1])
def test_normalization_adapt_equals_keras(axis):
    keras = keras_or_skip()
    x = _x()
    ours, theirs = L.Normalization(axis=axis), keras.layers.Normalization(axis=axis)
    ours.adapt(x)
    theirs.adapt(x)
    np.testing.assert_allclose(ours.params["mean"], np.asarray(theirs.mean).reshape(ours.params["mean"].shape),
                               rtol=1e-5)
    np.testing.assert_allclose(ours.params["variance"],
                               np.asarray(theirs.variance).reshape(ours.params["variance"].shape), rtol=1e-5)
    y = _x(seed=3)
    np.testing.assert_allclose(ours(y), np.asarray(theirs(y)), rtol=1e-5, atol=1e-5)
    assert abs(float(np.mean(ours(x)))) < 1e-5  # standardized data has mean 0


def test_normalization_fixed_statistics_and_invert():
    keras = keras_or_skip()
    x = _x((5, 3))
    mean, var = [1.0, -2.0, 0.5], [4.0, 0.25, 0.0]  # a zero variance: divided by epsilon, as Keras
    for invert in (False, True):
        ours = L.Normalization(mean=mean, variance=var, invert=invert)(x)
        theirs = keras.layers.Normalization(mean=mean, variance=var, invert=invert)(x)
        np.testing.assert_allclose(ours, np.asarray(theirs), rtol=1e-5, atol=1e-4)
    std = np.maximum(np.sqrt(var), 1e-7)
    np.testing.assert_allclose(L.Normalization(mean=mean, variance=var)(x)[:, :2], ((x - mean) / std)[:, :2], rtol=1e-5)


def test_gradients():
    rs = np.random.default_rng(2)
    testing.check_layer_gradients(L.Rescaling(0.5, offset=3.0), rs.normal(size=(3, 4)))
    layer = L.Normalization()
    with testing.float64():
        layer.adapt(rs.normal(1.0, 2.0, size=(10, 4)))
    testing.check_layer_gradients(layer, rs.normal(size=(3, 4)))
    testing.check_layer_gradients(L.Normalization(mean=[1.0, 2.0], variance=[4.0, 9.0], invert=True),
                                  rs.normal(size=(3, 2)))


def test_normalization_weights_travel_to_keras_and_train_alike(tmp_path):
    """An adapted Normalization saves mean/variance/count where Keras does; a model with
    Rescaling and Normalization trains as in Keras."""
    keras = keras_or_skip()
    import netbuilder.core as nb

    x = _x((8, 4))

    def build(lib, kl):
        norm = kl.Normalization()
        norm.adapt(x)
        return lib.Sequential([lib.Input((4,)), kl.Rescaling(0.5, offset=1.0), norm, kl.Dense(3, activation="tanh"),
                               kl.Dense(1)]), norm

    (ours, _), (theirs, knorm) = build(nb, L), build(keras, keras.layers)
    assert len(ours.weights) == len(theirs.weights) and ours.count_params() == theirs.count_params()
    knorm.adapt(_x((8, 4), seed=5))  # different statistics: the file must carry ours over
    send_weights(ours, theirs, tmp_path)
    np.testing.assert_allclose(np.asarray(knorm.mean).ravel(), x.mean(axis=0), rtol=1e-5)
    assert_same_outputs(ours, theirs, x)
    y = np.random.default_rng(4).normal(size=(8, 1)).astype("float32")
    assert assert_same_training(ours, theirs, x, y, tmp_path) < 1e-4


def test_contract_config_and_errors(tmp_path):
    testing.run_layer_test(L.Rescaling, {"scale": 0.1}, (2, 3), expected_output_shape=(None, 3),
                           expected_num_params=0)
    testing.run_layer_test(L.Normalization, {}, (2, 3), expected_output_shape=(None, 3), expected_num_params=7,
                           expected_num_trainable_weights=0)
    layer = L.Normalization(axis=(1, 2), mean=[0.0], variance=[1.0])
    assert L.Normalization.from_config(layer.get_config()).get_config() == layer.get_config()
    with pytest.raises(ConfigError):
        L.Normalization(mean=[1.0])
    with pytest.raises(ConfigError):
        L.Rescaling("big")
    with pytest.raises(ShapeError):
        L.Normalization(axis=3)(L.Input((4,)))
    # the palette's group whose hint fits (Keras files them under preprocessing)
    assert LAYERS.meta("Rescaling")["group"] == LAYERS.meta("Normalization")["group"] == "Normalization"
    model = models.Sequential([L.Input((3,)), L.Normalization()])
    model.layers[0].adapt(_x((5, 3)))
    model.save(tmp_path / "m.nbm")
    back = models.load_model(tmp_path / "m.nbm")
    np.testing.assert_array_equal(back.predict(_x((2, 3)), verbose=0), model.predict(_x((2, 3)), verbose=0))
