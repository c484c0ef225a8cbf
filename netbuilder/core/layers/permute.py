"""Permute: reorders the non-batch axes (Keras 3 ``Permute``)."""

from __future__ import annotations

import numpy as np

from ..errors import ConfigError, ShapeError
from ..registry import LAYERS
from .base import Layer, shape_str


@LAYERS.register(name="Permute", group="Reshape", aliases=("permute",))
class Permute(Layer):
    """Permutes the non-batch axes: output axis ``i`` is input axis ``dims[i - 1]``.

    Args:
        dims: a permutation of ``1 .. k`` (axes are numbered from 1; the batch axis 0 stays),
            e.g. ``(2, 1)`` swaps the two axes of ``(batch, steps, features)``.

    Shapes: ``(batch, d1, ..., dk)`` → ``(batch, d_dims[0], ..., d_dims[k-1])``.
    """

    def __init__(self, dims, **kwargs):
        super().__init__(**kwargs)
        try:
            d = tuple(dims)
            ok = all(isinstance(v, (int, np.integer)) and not isinstance(v, bool) for v in d)
            ok = ok and sorted(int(v) for v in d) == list(range(1, len(d) + 1))
        except TypeError:
            ok = False
        if not ok:
            raise ConfigError(
                f"Permute: dims must be a permutation of 1..k (axis 0 is the batch), got {dims!r}",
                code="permute_dims", layer=self.name, arg="dims", value=repr(dims))
        self.dims = tuple(int(v) for v in d)
        self._inverse = tuple(int(i) for i in np.argsort((0,) + self.dims))

    def compute_output_shape(self, input_shape):
        if len(input_shape) != len(self.dims) + 1:
            raise ShapeError(
                f"Permute layer {self.name!r} with dims={self.dims} expects inputs with "
                f"{len(self.dims)} non-batch axes, got {shape_str(tuple(input_shape))}",
                code="permute_rank", layer=self.name, shape=shape_str(tuple(input_shape)),
                dims=str(self.dims))
        return (input_shape[0],) + tuple(input_shape[d] for d in self.dims)

    def build(self, input_shape):
        self.compute_output_shape(input_shape)
        self.built = True

    def forward(self, inputs, training=False):
        return inputs.transpose((0,) + self.dims)

    def backward(self, grad_output):
        if not self.input_grad_needed:
            return None
        return grad_output.transpose(self._inverse)

    def get_config(self):
        return {**super().get_config(), "dims": list(self.dims)}
