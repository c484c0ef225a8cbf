"""Dense: the behaviours that mutation testing (``benchmarks/mutation.py dense``) found unguarded.

Each test pins one thing a small change to ``dense.py`` would break unnoticed by the other tests:
the error's wording and code, the bias regularizer and both constraints reaching the weights,
the activity regularizer reaching the base class, the compressed-input (``SparseRows``) and fused
(softmax + cross-entropy) backward paths, activations whose gradient needs the pre-activation.
"""

import numpy as np
import pytest

from netbuilder.core import layers
from netbuilder.core.errors import ConfigError
from netbuilder.core.sparse import SparseRows
from netbuilder.core.testing import check_layer_gradients


def test_bad_units_error_names_the_layer_the_argument_and_its_code():
    with pytest.raises(ConfigError) as info:
        layers.Dense(0, name="hidden")
    err = info.value
    assert str(err) == "Dense: units must be a positive integer, got 0"
    assert err.code == "dense_units" and err.layer == "hidden"
    assert err.params["arg"] == "units"


def test_bias_regularizer_penalises_the_bias():
    """L1(0.5) on the bias: penalty ``0.5 Σ|b|``, gradient ``0.5 sign(b)``; the kernel has none."""
    d = layers.Dense(2, bias_regularizer={"class_name": "L1", "config": {"l1": 0.5}})
    d.build((None, 3))
    k = np.zeros((3, 2), dtype="float32")
    b = np.array([2.0, -3.0], dtype="float32")
    d.set_weights([k, b])
    assert d.regularization_penalty() == pytest.approx(0.5 * 5.0)
    x = np.ones((4, 3), dtype="float32")
    d.run_forward(x, training=True)
    d.run_backward(np.zeros((4, 2), dtype="float32"))
    d.add_regularization_grads()
    np.testing.assert_allclose(d.grads["bias"], [0.5, -0.5])
    np.testing.assert_allclose(d.grads["kernel"], 0.0)
    assert d.get_config()["bias_regularizer"]["config"]["l1"] == 0.5


@pytest.mark.parametrize("which", ["kernel", "bias"])
def test_each_constraint_projects_its_own_weight(which):
    """``non_neg`` on one weight clips that weight's negatives after a step, and only that weight."""
    d = layers.Dense(2, **{f"{which}_constraint": "non_neg"})
    d.build((None, 2))
    k = np.array([[1.0, -1.0], [-2.0, 3.0]], dtype="float32")
    b = np.array([-0.5, 0.5], dtype="float32")
    d.set_weights([k, b])
    d.apply_constraints()
    kept, clipped = (b, k) if which == "kernel" else (k, b)
    np.testing.assert_array_equal(d.params[which], np.maximum(clipped, 0))
    other = "bias" if which == "kernel" else "kernel"
    np.testing.assert_array_equal(d.params[other], kept)
    cfg = d.get_config()
    assert cfg[f"{which}_constraint"]["class_name"] == "NonNeg" and cfg[f"{other}_constraint"] is None
    clone = layers.Dense.from_config(cfg)
    clone.build((None, 2))
    clone.set_weights([k, b])
    clone.apply_constraints()
    np.testing.assert_array_equal(clone.params[which], np.maximum(clipped, 0))


def test_activity_regularizer_adds_its_penalty_on_the_output():
    """L2(0.01) on the activity: ``0.01 Σ y²`` after a training forward pass."""
    d = layers.Dense(2, activity_regularizer={"class_name": "L2", "config": {"l2": 0.01}})
    d.build((None, 2))
    d.set_weights([np.array([[1.0, 2.0], [3.0, -1.0]], dtype="float32"), np.zeros(2, dtype="float32")])
    x = np.array([[1.0, 1.0], [0.0, 2.0]], dtype="float32")
    y = d.run_forward(x, training=True)
    np.testing.assert_allclose(y, [[4.0, 1.0], [6.0, -2.0]])
    assert d.regularization_penalty() == pytest.approx(0.01 * (16 + 1 + 36 + 4))
    assert d.get_config()["activity_regularizer"]["config"]["l2"] == 0.01


def test_compressed_rows_give_the_dense_gradients():
    """A multi-hot batch as ``SparseRows`` (CSR) gives the same kernel and bias gradients as the array."""
    dense_x = np.array([[0, 1, 0, 1], [0, 0, 0, 0], [1, 0, 0, 1]], dtype="float32")
    sparse_x = SparseRows(np.array([0, 2, 2, 4]), np.array([1, 3, 0, 3], dtype=np.uint16), None, (3, 4))
    g = np.array([[1.0, -2.0], [0.5, 4.0], [3.0, 1.0]], dtype="float32")
    grads = []
    for x in (dense_x, sparse_x):
        d = layers.Dense(2, activation="tanh")
        d.build((None, 4))
        d.set_weights([np.arange(8, dtype="float32").reshape(4, 2) / 10, np.array([0.1, -0.2], dtype="float32")])
        d.run_forward(x, training=True)
        d.run_backward(g)
        grads.append({k: np.asarray(v) for k, v in d.grads.items()})
    assert set(grads[1]) == {"kernel", "bias"}
    for key in ("kernel", "bias"):
        assert grads[1][key].shape == grads[0][key].shape
        np.testing.assert_allclose(grads[1][key], grads[0][key], rtol=1e-6)


def test_fused_output_gradient_is_taken_as_the_pre_activation_gradient():
    """Softmax fused with cross-entropy: the trainer hands the output layer ``dL/dz`` (its
    ``_fused_output_grad`` flag), which must skip the softmax's own gradient."""
    d = layers.Dense(3, activation="softmax")
    d.build((None, 2))
    x = np.array([[1.0, 2.0], [-1.0, 0.5]], dtype="float32")
    dz = np.array([[0.2, -0.5, 0.3], [-0.1, 0.4, -0.3]], dtype="float32")
    d.run_forward(x, training=True)
    d._fused_output_grad = True
    d.input_grad_needed = True
    dx = d.run_backward(dz)
    np.testing.assert_allclose(d.grads["kernel"], x.T @ dz, rtol=1e-6)
    np.testing.assert_allclose(d.grads["bias"], dz.sum(axis=0), rtol=1e-6)
    np.testing.assert_allclose(dx, dz @ d.params["kernel"].T, rtol=1e-6)


@pytest.mark.parametrize("activation", ["gelu", "silu", "elu", "leaky_relu"])
def test_gradient_check_for_activations_that_need_the_pre_activation(activation):
    x = np.random.default_rng(5).standard_normal((3, 4))
    check_layer_gradients(layers.Dense(2, activation=activation), x)


def test_forward_keeps_the_pre_activation_only_when_the_gradient_needs_it():
    x = np.ones((2, 3), dtype="float32")
    for activation, keeps in (("tanh", False), ("gelu", True)):
        d = layers.Dense(2, activation=activation)
        d(x)
        assert (d._saved.z is not None) is keeps, activation
