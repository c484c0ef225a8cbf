"""Dense: the layer every tutorial network is made of, checked on its own.

Forward ``y = act(x·K + b)`` for ``x (batch, …, in)``, ``K (in, units)``, ``b (units,)``; backward
``dK = xᵀ·dz`` and ``db = Σ_batch dz`` — summed over the batch, never averaged (the loss's
``1/batch`` already sits in ``dz``).
"""

import numpy as np
import pytest

from netbuilder.core import layers
from netbuilder.core.errors import ConfigError
from netbuilder.core.testing import check_layer_gradients, run_layer_test


def test_contract_and_keras_defaults():
    out = run_layer_test(layers.Dense, {"units": 3}, (2, 4), expected_output_shape=(None, 3),
                         expected_num_trainable_weights=2, expected_num_params=4 * 3 + 3)
    assert out.shape == (2, 3)
    cfg = layers.Dense(3).get_config()
    assert cfg["activation"] == "linear" and cfg["use_bias"] is True
    assert cfg["kernel_initializer"]["class_name"] == "GlorotUniform"
    assert cfg["bias_initializer"]["class_name"] == "Zeros"


def test_forward_is_the_affine_map_then_the_activation():
    x = np.array([[1.0, -2.0], [0.5, 3.0], [0.0, 1.0]], dtype="float32")
    d = layers.Dense(2, activation="relu")
    d.build((None, 2))
    k = np.array([[1.0, -1.0], [2.0, 0.5]], dtype="float32")
    b = np.array([0.25, -4.0], dtype="float32")
    d.set_weights([k, b])
    np.testing.assert_allclose(d(x), np.maximum(x @ k + b, 0), rtol=1e-6)


def test_bias_gradient_is_summed_over_the_batch():
    """Hand-worked: with the identity activation, ``db = Σ_i dz_i``; averaging would give a third."""
    d = layers.Dense(2)
    d.build((None, 3))
    x = np.arange(9, dtype="float32").reshape(3, 3)
    d.run_forward(x, training=True)
    dz = np.array([[1.0, 2.0], [3.0, 4.0], [5.0, 6.0]], dtype="float32")
    d.input_grad_needed = True
    dx = d.run_backward(dz)
    np.testing.assert_allclose(d.grads["bias"], [9.0, 12.0])
    np.testing.assert_allclose(d.grads["kernel"], x.T @ dz)
    np.testing.assert_allclose(dx, dz @ d.params["kernel"].T, rtol=1e-6)


@pytest.mark.parametrize("activation", ["linear", "relu", "tanh", "sigmoid", "softmax"])
def test_gradient_check(activation):
    x = np.random.default_rng(0).standard_normal((4, 5))
    check_layer_gradients(layers.Dense(3, activation=activation), x)


def test_gradient_check_on_a_sequence_input():
    """Dense on ``(batch, steps, features)`` acts on the last axis (as in Keras)."""
    x = np.random.default_rng(1).standard_normal((2, 3, 4))
    check_layer_gradients(layers.Dense(2, use_bias=True), x)


@pytest.mark.parametrize("units", [0, -3, 2.5, "ten", True])
def test_bad_units_are_refused(units):
    with pytest.raises((ConfigError, TypeError, ValueError)):
        layers.Dense(units)
