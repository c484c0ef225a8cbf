"""Activation layer: forward against the formulas, gradients, fused output gradient, config."""

import numpy as np
import pytest

from netbuilder.core import activations
from netbuilder.core.errors import ConfigError
from netbuilder.core.layers import Activation
from netbuilder.core.registry import LAYERS
from netbuilder.core.testing import check_layer_gradients


FORMULAS = {
    "linear": lambda x: x,
    "relu": lambda x: np.where(x > 0, x, 0.0),
    "sigmoid": lambda x: 1.0 / (1.0 + np.exp(-x)),
    "tanh": np.tanh,
    "softmax": lambda x: np.exp(x) / np.exp(x).sum(axis=-1, keepdims=True),
}


@pytest.mark.parametrize("name", sorted(FORMULAS))
def test_forward_matches_formula(name):
    x = np.random.default_rng(0).standard_normal((4, 3, 5)).astype("float32")
    y = Activation(name)(x)
    assert y.shape == x.shape and y.dtype == np.float32
    np.testing.assert_allclose(y, FORMULAS[name](x.astype("float64")), rtol=1e-5, atol=1e-6)


@pytest.mark.parametrize("name", sorted(FORMULAS))
@pytest.mark.parametrize("shape", [(3, 4), (2, 3, 4)])
def test_gradients(name, shape):
    x = np.random.default_rng(1).standard_normal(shape)
    check_layer_gradients(Activation(name), x)


def test_fused_output_grad_is_passed_through():
    layer = Activation("softmax")
    x = np.random.default_rng(2).standard_normal((3, 4)).astype("float32")
    layer(x)
    g = np.random.default_rng(3).standard_normal((3, 4)).astype("float32")
    layer._fused_output_grad = True
    np.testing.assert_array_equal(layer.backward(g), g)
    layer._fused_output_grad = False
    y = layer.forward(x)
    expected = y * (g - (g * y).sum(axis=-1, keepdims=True))  # softmax Jacobian-vector product
    np.testing.assert_allclose(layer.backward(g), expected, rtol=1e-5, atol=1e-6)


def test_holds_activation_function_and_masks():
    layer = Activation("relu")
    assert layer.activation is activations.get("relu")
    assert layer.supports_masking
    mask = np.array([[True, False]])
    assert layer.compute_mask(np.zeros((1, 2, 3)), mask) is mask
    assert layer.compute_output_shape((None, 7, 2)) == (None, 7, 2)


def test_config_round_trip_and_registry():
    layer = Activation("tanh", name="act")
    config = layer.get_config()
    assert config["activation"] == "tanh" and config["name"] == "act"
    clone = Activation.from_config(config)
    assert clone.get_config() == config and clone.activation is activations.tanh
    assert LAYERS.lookup("Activation") is Activation and LAYERS.meta("Activation")["group"] == "Core"


def test_unknown_activation_is_a_config_error():
    with pytest.raises(ConfigError, match="relux") as info:
        Activation("relux")
    assert info.value.code == "activation_unknown" and info.value.params["arg"] == "activation"


def test_layer_contract():
    from netbuilder.core.testing import run_layer_test

    run_layer_test(Activation, {"activation": "relu"}, (2, 3, 4), expected_output_shape=(None, 3, 4),
                   expected_num_trainable_weights=0, expected_num_params=0)


def test_softmax_output_layer_matches_dense_softmax_in_training():
    """The trainer fuses softmax + crossentropy on the output layer: an Activation("softmax")
    after a linear Dense must then take exactly the same step as Dense(activation="softmax")."""
    from netbuilder.core.layers import Dense
    from netbuilder.core.models import Sequential

    rs = np.random.default_rng(0)
    x = rs.standard_normal((16, 4)).astype("float32")
    y = np.eye(3, dtype="float32")[rs.integers(0, 3, 16)]
    split = Sequential([Dense(3, input_shape=(4,)), Activation("softmax")])
    fused = Sequential([Dense(3, activation="softmax", input_shape=(4,))])
    fused.set_weights(split.get_weights())
    for model in (split, fused):
        model.compile(optimizer="sgd", loss="categorical_crossentropy")
        model.train_on_batch(x, y)
    for a, b in zip(split.get_weights(), fused.get_weights()):
        np.testing.assert_allclose(a, b, rtol=1e-5, atol=1e-6)
    np.testing.assert_allclose(split.predict(x, verbose=0), fused.predict(x, verbose=0), rtol=1e-5)
