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


def test_config_round_trips_with_every_argument_set():
    d = layers.Dense(4, activation="tanh", use_bias=False, kernel_initializer="he_normal",
                     kernel_regularizer={"class_name": "L2", "config": {"l2": 0.5}},
                     bias_regularizer="l1", activity_regularizer="l2", kernel_constraint="non_neg",
                     name="dense_cfg")
    cfg = d.get_config()
    clone = layers.Dense.from_config(cfg)
    assert clone.get_config() == cfg
    assert (cfg["units"], cfg["activation"], cfg["use_bias"], cfg["name"]) == (4, "tanh", False, "dense_cfg")
    assert cfg["kernel_regularizer"]["config"]["l2"] == 0.5
    clone.build((None, 3))
    assert list(clone.params) == ["kernel"]  # use_bias=False survived the round trip


def test_shapes_on_matrices_and_sequences():
    d = layers.Dense(5)
    assert d.compute_output_shape((None, 7)) == (None, 5)
    assert d.compute_output_shape((None, 3, 7)) == (None, 3, 5)
    y = d(np.ones((2, 3, 7), dtype="float32"))
    assert y.shape == (2, 3, 5) and d.params["kernel"].shape == (7, 5) and d.params["bias"].shape == (5,)


def test_kernel_regularizer_adds_its_penalty_and_its_gradient():
    """L2(0.5) adds ``0.5 Σ K²`` to the loss and ``2·0.5·K`` to the kernel's gradient (float64 check)."""
    d = layers.Dense(3, kernel_regularizer={"class_name": "L2", "config": {"l2": 0.5}})
    x = np.random.default_rng(2).standard_normal((4, 2))
    d(x)
    k = np.asarray(d.params["kernel"], dtype="float64")
    assert d.regularization_penalty() == pytest.approx(0.5 * np.sum(k * k), rel=1e-6)
    d.run_forward(x, training=True)
    d.run_backward(np.zeros((4, 3), dtype=d.params["kernel"].dtype))  # no data gradient at all
    d.add_regularization_grads()
    np.testing.assert_allclose(d.grads["kernel"], 2 * 0.5 * k, rtol=1e-6)
    assert "bias" not in d._regularizers


def test_gradient_check_with_an_activity_regularizer():
    """The activity penalty's gradient goes through backward (checked against central differences)."""
    x = np.random.default_rng(3).standard_normal((3, 4))
    d = layers.Dense(2, activation="tanh", activity_regularizer="l2")
    from netbuilder.core.testing import float64, numeric_gradient  # noqa: PLC0415

    with float64():
        d.build((None, 4))
        y = d.run_forward(x, training=True)
        r = np.random.default_rng(4).standard_normal(y.shape)
        dx = d.run_backward(r)

        def loss():
            out = d.run_forward(x, training=True)
            return float(np.sum(out * r) + d.regularization_penalty())

        np.testing.assert_allclose(dx, numeric_gradient(loss, x), atol=1e-6, rtol=1e-4)


@pytest.mark.parametrize("shape,code,words", [
    ((None, 28, 28, 1), "dense_rank", "add a Flatten layer"),
    ((None,), "dense_rank_low", "(batch, features)"),
    ((None, 3, None), "dense_unknown_dim", "must be known"),
])
def test_learner_friendly_shape_errors(shape, code, words):
    from netbuilder.core.errors import ShapeError  # noqa: PLC0415

    d = layers.Dense(3, name="d")
    with pytest.raises(ShapeError) as info:
        d.compute_output_shape(shape)
    assert info.value.code == code and words in str(info.value) and "'d'" in str(info.value)
    assert info.value.params["shape"] == "(" + ", ".join(str(s) for s in shape) + ("," if len(shape) == 1 else "") + ")"
    with pytest.raises(ShapeError):
        layers.Dense(3).build(shape)


def test_two_inputs_are_refused_with_the_merge_advice():
    from netbuilder.core.errors import ShapeError  # noqa: PLC0415

    a, b = layers.Input(shape=(3,)), layers.Input(shape=(3,))
    with pytest.raises(ShapeError) as info:
        layers.Dense(2)([a, b])
    assert info.value.code == "too_many_inputs" and "merge layer" in str(info.value)


def test_units_error_names_the_value():
    with pytest.raises(ConfigError) as info:
        layers.Dense(-3)
    assert "-3" in str(info.value) and "units" in str(info.value)


def test_backward_frees_what_forward_kept():
    d = layers.Dense(2, activation="relu")
    x = np.ones((3, 4), dtype="float32")
    d(x)
    assert d._saved is not None and d._saved.x is x
    d.run_backward(np.ones((3, 2), dtype="float32"))
    assert d._saved is None
    with pytest.raises(RuntimeError, match="without a forward pass"):
        d.run_backward(np.ones((3, 2), dtype="float32"))
