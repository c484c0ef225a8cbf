"""activations() equals what sub-models compute with predict."""

import numpy as np
import pytest

from netbuilder.core import layers, models, utils
from netbuilder.core.introspect import activations, output_keys


def _convnet():
    utils.set_random_seed(0)
    return models.Sequential([
        layers.Conv2D(4, 3, activation="relu", input_shape=(8, 8, 1)),
        layers.MaxPooling2D(2),
        layers.Flatten(),
        layers.Dense(5, activation="relu"),
        layers.Dense(3, activation="softmax"),
    ])


def test_every_layer_output_equals_the_sub_model_prediction():
    model = _convnet()
    x = np.random.default_rng(0).random((7, 8, 8, 1), dtype="float32")
    outs = activations(model, x, batch_size=3)  # several batches, concatenated
    assert list(outs)[1:] == [l.name for l in model.layers]
    np.testing.assert_array_equal(outs[list(outs)[0]], x)
    for layer in model.layers:
        sub = models.Model(model.inputs, layer.output)
        np.testing.assert_allclose(outs[layer.name], sub.predict(x, verbose=0), rtol=1e-6, atol=1e-7)
    np.testing.assert_allclose(outs[model.layers[-1].name], model.predict(x, verbose=0), rtol=1e-6)


def test_named_layers_only_and_unknown_name_refused():
    model = _convnet()
    x = np.zeros((2, 8, 8, 1), "float32")
    conv = model.layers[0].name
    outs = activations(model, x, layers=[conv])
    assert list(outs) == [conv] and outs[conv].shape == (2, 6, 6, 4)
    with pytest.raises(ValueError, match="'nope'"):
        activations(model, x, layers=["nope"])


def test_a_shared_layer_gives_one_key_per_call():
    utils.set_random_seed(0)
    a, b = layers.Input(shape=(3,)), layers.Input(shape=(3,))
    shared = layers.Dense(2, name="shared")
    out = layers.Add()([shared(a), shared(b)])
    model = models.Model([a, b], out)
    xa, xb = np.ones((2, 3), "float32"), np.full((2, 3), 2.0, "float32")
    assert "shared[1]" in output_keys(model)
    outs = activations(model, [xa, xb])
    kernel, bias = model.get_layer("shared").get_weights()
    np.testing.assert_allclose(outs["shared"], xa @ kernel + bias, rtol=1e-6)
    np.testing.assert_allclose(outs["shared[1]"], xb @ kernel + bias, rtol=1e-6)
