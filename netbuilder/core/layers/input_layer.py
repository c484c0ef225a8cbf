"""``Input`` and ``InputLayer``: the entry point of a model (Keras 3 ``keras.Input``)."""

from __future__ import annotations

import numpy as np

from .. import backend as B
from ..errors import ConfigError
from ..registry import LAYERS
from .base import Layer
from .symbolic import KerasTensor, Node, unique_name

__all__ = ["Input", "InputLayer"]


@LAYERS.register(name="InputLayer", group="Core")
class InputLayer(Layer):
    """The entry point of a model: holds the input shape, computes nothing.

    Args:
        shape: shape of one sample, without the batch axis, e.g. ``(784,)``.
        batch_size: optional fixed batch size.
        dtype: input dtype (default floatx; ``"int32"`` for Embedding indices).
    """

    def __init__(self, shape=None, batch_size=None, dtype=None, name=None, batch_shape=None,
                 batch_input_shape=None, input_shape=None, sparse=None, **kwargs):
        kwargs.pop("trainable", None)
        if batch_input_shape is not None and batch_shape is None:
            batch_shape = batch_input_shape
        if input_shape is not None and shape is None:
            shape = input_shape
        if batch_shape is None:
            if shape is None:
                raise ConfigError("Input needs a shape, e.g. Input(shape=(784,))", code="input_no_shape",
                                  layer=name)
            if isinstance(shape, (int, np.integer)):
                shape = (int(shape),)
            batch_shape = (batch_size,) + tuple(shape)
        batch_shape = tuple(None if d is None else int(d) for d in batch_shape)
        if any(d is not None and d <= 0 for d in batch_shape):
            raise ConfigError(f"Input shape dimensions must be positive, got {batch_shape[1:]}",
                              code="input_bad_shape", layer=name, shape=str(batch_shape[1:]))
        super().__init__(name=name or unique_name("input_layer"), dtype=dtype, **kwargs)
        self._batch_input_shape = batch_shape
        self.built = True
        node_tensor = KerasTensor(batch_shape, dtype or B.floatx(), self, 0, 0)
        self._inbound_nodes.append(Node(self, [], [node_tensor]))

    def forward(self, inputs, training=False):
        return inputs

    def backward(self, grad_output):
        return None

    def compute_output_shape(self, input_shape):
        return self._batch_input_shape

    def get_config(self):
        return {"batch_shape": list(self._batch_input_shape), "dtype": self.dtype, "name": self.name}


def Input(shape=None, batch_size=None, dtype=None, name=None, batch_shape=None, **kwargs):  # noqa: N802
    """A symbolic input tensor, as ``keras.Input``: ``x = Input(shape=(784,))``."""
    layer = InputLayer(shape=shape, batch_size=batch_size, dtype=dtype, name=name,
                       batch_shape=batch_shape, **kwargs)
    return layer._inbound_nodes[0].outputs[0]
