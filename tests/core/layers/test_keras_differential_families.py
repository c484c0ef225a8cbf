"""The layer families ``test_keras_differential.py`` does not cover, against real Keras 3 (JAX):
Embedding, the Activation layer's functions, the reshaping layers, Conv1DTranspose, the wrappers
(TimeDistributed, Bidirectional), Rescaling, Normalization and the dropout family at inference.

Same method as that file (issue 23): one netbuilder layer and the Keras layer of the same class
and config get the same random weights; both run forward on the same input, and the gradient of
``sum(y * g)`` for a fixed random ``g`` is taken in Keras with ``jax.grad`` through
``Layer.stateless_call`` and in netbuilder with ``run_backward(g)``. Weights are matched by
position (a wrapper's inner layers repeat the names ``kernel``, ``bias``). Merging layers are
compared with Keras in ``test_merging.py``; the augmentation layers in ``test_augmentation.py``.
"""

from __future__ import annotations

import jax
import jax.numpy as jnp
import keras
import numpy as np
import pytest

from netbuilder.core import layers as L

from .test_keras_differential import close, random_weights

# (id, class name, config, input shape)
CASES = [
    *[(f"activation_{a}", "Activation", {"activation": a}, (3, 5))
      for a in ("relu", "gelu", "selu", "elu", "swish", "softplus", "softsign", "hard_sigmoid", "tanh",
                "sigmoid", "softmax", "log_softmax", "leaky_relu", "relu6", "mish", "exponential", "linear")],
    ("flatten", "Flatten", {}, (2, 3, 4, 2)),
    ("reshape", "Reshape", {"target_shape": (4, 6)}, (2, 3, 8)),
    ("reshape_minus_one", "Reshape", {"target_shape": (-1, 2)}, (2, 3, 4)),
    ("permute", "Permute", {"dims": (2, 1)}, (2, 3, 4)),
    ("permute_3d", "Permute", {"dims": (3, 1, 2)}, (2, 3, 4, 2)),
    ("repeat_vector", "RepeatVector", {"n": 3}, (2, 4)),
    ("zero_padding_1d", "ZeroPadding1D", {"padding": (1, 2)}, (2, 4, 3)),
    ("zero_padding_2d", "ZeroPadding2D", {"padding": ((1, 0), (2, 1))}, (2, 3, 4, 2)),
    ("upsampling_1d", "UpSampling1D", {"size": 3}, (2, 4, 3)),
    ("upsampling_2d", "UpSampling2D", {"size": (2, 3)}, (2, 3, 2, 2)),
    ("conv1d_transpose_same", "Conv1DTranspose", {"filters": 2, "kernel_size": 3, "strides": 2, "padding": "same"},
     (2, 5, 3)),
    ("conv1d_transpose_valid", "Conv1DTranspose", {"filters": 3, "kernel_size": 2, "strides": 1}, (2, 4, 2)),
    ("rescaling", "Rescaling", {"scale": 1 / 255, "offset": -0.5}, (2, 4, 3)),
    ("normalization", "Normalization", {"mean": [0.5, -1.0, 2.0], "variance": [4.0, 0.25, 1.0]}, (4, 3)),
    ("dropout_inference", "Dropout", {"rate": 0.5}, (3, 4)),
    ("spatial_dropout_inference", "SpatialDropout1D", {"rate": 0.5}, (2, 4, 3)),
    ("gaussian_noise_inference", "GaussianNoise", {"stddev": 0.3}, (3, 4)),
]
WRAPPED = [  # (id, wrapper, inner class, inner config, wrapper config, input shape)
    ("time_distributed_dense", "TimeDistributed", "Dense", {"units": 3, "activation": "tanh"}, {}, (2, 4, 3)),
    ("bidirectional_lstm", "Bidirectional", "LSTM", {"units": 3}, {}, (2, 4, 3)),
    ("bidirectional_simple_rnn_seq_sum", "Bidirectional", "SimpleRNN", {"units": 2, "return_sequences": True},
     {"merge_mode": "sum"}, (3, 4, 2)),
]


def keras_grads(layer, x, g, integer_input=False):
    """Keras's output, the trainable weights' gradients (in ``layer.trainable_variables`` order) and
    the input gradient (None for integer input) of ``sum(y * g)``."""
    trainable = [v.value for v in layer.trainable_variables]
    frozen = [v.value for v in layer.non_trainable_variables]

    kwargs = {"training": False} if layer._call_has_training_arg else {}

    def objective(tv, xv):
        y, _ = layer.stateless_call(tv, frozen, xv, **kwargs)
        return jnp.sum(y * g), y

    argnums = (0,) if integer_input else (0, 1)
    (_, y), grads = jax.value_and_grad(objective, argnums=argnums, has_aux=True)(trainable, jnp.asarray(x))
    return np.asarray(y), [np.asarray(d) for d in grads[0]], None if integer_input else np.asarray(grads[1])


def ours_grads(layer, x, g):
    y = layer.run_forward(x, training=False)
    layer.input_grad_needed = True
    dx = layer.run_backward(g)
    return np.asarray(y), [np.asarray(layer.grads[k]) for k in layer.params if k in layer.grads], dx


def compare(ours, theirs, x, g, integer_input=False):
    shape = x.shape
    theirs.build((None,) + shape[1:])
    ours._build_once((None,) + shape[1:])
    weights = random_weights(theirs, np.random.default_rng(7))
    theirs.set_weights(weights)
    ours.set_weights(weights)
    assert len(ours.get_weights()) == len(theirs.weights)
    g = g(tuple(theirs.compute_output_shape(shape)))  # one upstream gradient for both
    y_k, grads_k, dx_k = keras_grads(theirs, x, g, integer_input)
    y_o, grads_o, dx_o = ours_grads(ours, x, g)
    assert y_o.shape == y_k.shape
    close(y_o, y_k, "output")
    assert len(grads_o) == len(grads_k)
    for i, (a, b) in enumerate(zip(grads_o, grads_k)):
        close(a, b, f"gradient of weight {i} ({theirs.trainable_variables[i].path})")
    if dx_k is not None:
        close(np.asarray(dx_o), dx_k, "input gradient")


def _g(seed):
    rng = np.random.default_rng(seed)
    return lambda shape: rng.standard_normal(shape).astype("float32")


@pytest.mark.parametrize("case", CASES, ids=[c[0] for c in CASES])
def test_same_outputs_and_gradients_as_keras(case):
    name, cls, config, shape = case
    rng = np.random.default_rng(sum(map(ord, name)))
    x = rng.standard_normal(shape).astype("float32")
    compare(getattr(L, cls)(**config), getattr(keras.layers, cls)(**config), x, _g(len(name)))


@pytest.mark.parametrize("case", WRAPPED, ids=[c[0] for c in WRAPPED])
def test_wrappers_same_outputs_and_gradients_as_keras(case):
    name, wrapper, inner, inner_cfg, cfg, shape = case
    rng = np.random.default_rng(sum(map(ord, name)))
    x = rng.standard_normal(shape).astype("float32")
    ours = getattr(L, wrapper)(getattr(L, inner)(**inner_cfg), **cfg)
    theirs = getattr(keras.layers, wrapper)(getattr(keras.layers, inner)(**inner_cfg), **cfg)
    compare(ours, theirs, x, _g(len(name)))


@pytest.mark.parametrize("mask_zero", [False, True])
def test_embedding_same_rows_and_gradient_as_keras(mask_zero):
    """The rows looked up and the embeddings' gradient (repeated indices add up, as a scatter-add)."""
    x = np.array([[1, 0, 4, 4], [6, 2, 0, 1]], dtype="int32")
    compare(L.Embedding(7, 3, mask_zero=mask_zero), keras.layers.Embedding(7, 3, mask_zero=mask_zero), x, _g(3),
            integer_input=True)
