"""Layer by layer against real Keras 3 (JAX backend): same weights -> same outputs, the same
gradient for the input and for every weight, and (BatchNormalization in training) the same moving
statistics after the step.

The references in the other layer tests were written by us from Keras's equations; here Keras
itself is the reference. For each case one netbuilder layer and the Keras layer of the same class
and config get the same random weights; both run forward on the same input, and the gradient of
``sum(y * g)`` for a fixed random ``g`` is taken in Keras with ``jax.grad`` through
``Layer.stateless_call`` and in netbuilder with ``run_backward(g)``. Shapes are small: the whole file
runs in seconds.
"""

from __future__ import annotations

import jax
import jax.numpy as jnp
import keras
import numpy as np
import pytest

from netbuilder.core import layers as L

RTOL, ATOL = 1e-4, 1e-5

# (id, class name, config, input shape, training)
CASES = [
    ("dense_relu", "Dense", {"units": 3, "activation": "relu"}, (4, 5), False),
    ("simple_rnn", "SimpleRNN", {"units": 3}, (2, 5, 4), False),
    ("simple_rnn_seq_relu_backwards", "SimpleRNN",
     {"units": 3, "activation": "relu", "return_sequences": True, "go_backwards": True}, (2, 4, 3), False),
    ("gru_reset_after", "GRU", {"units": 3}, (2, 5, 4), False),
    ("gru_reset_before_seq", "GRU", {"units": 3, "reset_after": False, "return_sequences": True},
     (2, 4, 3), False),
    ("gru_no_bias_backwards", "GRU", {"units": 2, "use_bias": False, "go_backwards": True}, (3, 4, 3), False),
    ("lstm_seq", "LSTM", {"units": 3, "return_sequences": True}, (2, 4, 3), False),
    ("batchnorm_inference", "BatchNormalization", {}, (5, 3), False),
    ("batchnorm_training", "BatchNormalization", {"momentum": 0.9, "epsilon": 1e-3}, (6, 3), True),
    ("batchnorm_training_conv", "BatchNormalization", {}, (2, 3, 3, 2), True),
    ("batchnorm_training_axis1_no_scale", "BatchNormalization", {"axis": 1, "scale": False},
     (4, 3, 2), True),
    ("layernorm", "LayerNormalization", {}, (2, 3, 4), False),
    ("layernorm_no_center_eps", "LayerNormalization", {"center": False, "epsilon": 0.1}, (3, 5), False),
    ("conv1d_causal_dilated", "Conv1D", {"filters": 2, "kernel_size": 3, "padding": "causal",
                                         "dilation_rate": 2}, (2, 7, 3), False),
    ("conv1d_causal_strided", "Conv1D", {"filters": 3, "kernel_size": 2, "padding": "causal",
                                         "strides": 2, "activation": "tanh"}, (2, 6, 2), False),
    ("conv2d_same_strided", "Conv2D", {"filters": 2, "kernel_size": 3, "strides": 2, "padding": "same"},
     (2, 5, 5, 2), False),
    ("conv2d_transpose_valid", "Conv2DTranspose", {"filters": 2, "kernel_size": 3, "strides": 2},
     (2, 3, 3, 2), False),
    ("conv2d_transpose_same", "Conv2DTranspose", {"filters": 3, "kernel_size": 3, "strides": 2,
                                                  "padding": "same"}, (2, 3, 4, 2), False),
    ("conv2d_transpose_rect", "Conv2DTranspose", {"filters": 2, "kernel_size": (2, 3), "strides": (1, 2),
                                                  "activation": "relu"}, (1, 3, 2, 3), False),
    ("maxpool1d", "MaxPooling1D", {"pool_size": 2}, (2, 7, 3), False),
    ("maxpool1d_same_strided", "MaxPooling1D", {"pool_size": 3, "strides": 2, "padding": "same"},
     (2, 6, 2), False),
    ("avgpool1d_same", "AveragePooling1D", {"pool_size": 3, "strides": 2, "padding": "same"}, (2, 6, 2), False),
    ("maxpool2d", "MaxPooling2D", {"pool_size": 2}, (2, 5, 4, 2), False),
    ("maxpool2d_overlap_same", "MaxPooling2D", {"pool_size": 3, "strides": 2, "padding": "same"},
     (1, 5, 5, 2), False),
    ("avgpool2d_same", "AveragePooling2D", {"pool_size": (2, 3), "strides": 2, "padding": "same"},
     (2, 5, 5, 2), False),
    ("avgpool2d_valid", "AveragePooling2D", {"pool_size": 2, "strides": 1}, (2, 4, 3, 2), False),
    ("global_max_1d", "GlobalMaxPooling1D", {}, (2, 5, 3), False),
    ("global_avg_1d", "GlobalAveragePooling1D", {}, (2, 5, 3), False),
    ("global_max_2d", "GlobalMaxPooling2D", {}, (2, 3, 4, 2), False),
    ("global_avg_2d_keepdims", "GlobalAveragePooling2D", {"keepdims": True}, (2, 3, 4, 2), False),
]


def random_weights(keras_layer, rng) -> list:
    """Weights for both layers: normal draws, variances kept positive."""
    out = []
    for v in keras_layer.weights:
        shape = tuple(v.shape)
        if v.name == "moving_variance":
            out.append(rng.uniform(0.5, 2.0, size=shape).astype("float32"))
        else:
            out.append((0.6 * rng.standard_normal(shape)).astype("float32"))
    return out


def keras_run(layer, x, g, training):
    """Keras's output, gradients ``{weight name: grad}`` and input gradient of ``sum(y * g)``, and
    its non-trainable weights after the call (BatchNormalization's moving statistics)."""
    trainable = [v.value for v in layer.trainable_variables]
    frozen = [v.value for v in layer.non_trainable_variables]
    kwargs = {"training": training} if layer._call_has_training_arg else {}

    def objective(tv, xv):
        y, new_frozen = layer.stateless_call(tv, frozen, xv, **kwargs)
        return jnp.sum(y * g), (y, new_frozen)

    (_, (y, new_frozen)), (d_tv, d_x) = jax.value_and_grad(objective, argnums=(0, 1), has_aux=True)(
        trainable, jnp.asarray(x))
    grads = {v.name: np.asarray(d) for v, d in zip(layer.trainable_variables, d_tv)}
    after = {v.name: np.asarray(a) for v, a in zip(layer.non_trainable_variables, new_frozen)}
    return np.asarray(y), grads, np.asarray(d_x), after


def ours_run(layer, x, g, training):
    y = layer.run_forward(x, training=training)
    layer.input_grad_needed = True
    dx = layer.run_backward(g)
    grads = {k: np.asarray(v) for k, v in layer.grads.items()}
    return np.asarray(y), grads, np.asarray(dx), {k: np.asarray(v) for k, v in layer.params.items()}


def close(ours, theirs, what):
    scale = max(1.0, float(np.max(np.abs(theirs)))) if np.size(theirs) else 1.0
    np.testing.assert_allclose(ours, theirs, rtol=RTOL, atol=ATOL * scale, err_msg=what)


@pytest.mark.parametrize("case", CASES, ids=[c[0] for c in CASES])
def test_same_outputs_and_gradients_as_keras(case):
    _, cls, config, shape, training = case
    rng = np.random.default_rng(sum(map(ord, case[0])))
    keras_layer = getattr(keras.layers, cls)(**config)
    keras_layer.build((None,) + shape[1:])
    ours = getattr(L, cls)(**config)
    ours._build_once((None,) + shape[1:])
    weights = random_weights(keras_layer, rng)
    keras_layer.set_weights(weights)
    ours.set_weights(weights)
    assert [k for k in ours.params] == [v.name for v in keras_layer.weights]

    x = rng.standard_normal(shape).astype("float32")
    g = rng.standard_normal(keras_layer.compute_output_shape(shape)).astype("float32")
    y_k, grads_k, dx_k, after_k = keras_run(keras_layer, x, g, training)
    y_o, grads_o, dx_o, after_o = ours_run(ours, x, g, training)

    assert y_o.shape == y_k.shape
    close(y_o, y_k, "output")
    close(dx_o, dx_k, "input gradient")
    assert set(grads_o) == set(grads_k), (sorted(grads_o), sorted(grads_k))
    for name in grads_k:
        close(grads_o[name], grads_k[name], f"gradient of {name}")
    for name in ours.params:  # moving_mean / moving_variance after a training step
        if name in after_k:
            close(after_o[name], after_k[name], f"{name} after the call")
