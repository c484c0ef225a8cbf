"""Reshape: gives the non-batch axes a new shape (Keras 3 ``Reshape``)."""

from __future__ import annotations

import math

import numpy as np

from ..errors import ConfigError, ShapeError
from ..registry import LAYERS
from .base import Layer, shape_str


@LAYERS.register(name="Reshape", group="Reshape", aliases=("reshape",))
class Reshape(Layer):
    """Reshapes ``(batch, *in)`` to ``(batch, *target_shape)``; the number of values is kept.

    Args:
        target_shape: tuple of positive ints, without the batch axis; at most one entry may be
            ``-1``, inferred from the input size (NumPy's rule).

    Shapes: ``(batch, *in)`` → ``(batch, *target_shape)`` with ``prod(in) == prod(target_shape)``.
    """

    def __init__(self, target_shape, **kwargs):
        super().__init__(**kwargs)
        if isinstance(target_shape, (int, np.integer)) and not isinstance(target_shape, bool):
            target_shape = (int(target_shape),)
        try:
            ts = tuple(target_shape)
            ok = len(ts) > 0 and all(isinstance(d, (int, np.integer)) and not isinstance(d, bool)
                                     and (d > 0 or d == -1) for d in ts)
        except TypeError:
            ts, ok = None, False
        if not ok or sum(d == -1 for d in ts) > 1:
            raise ConfigError(
                f"Reshape: target_shape must be a tuple of positive ints with at most one -1 "
                f"(no batch axis), got {target_shape!r}",
                code="reshape_target", layer=self.name, arg="target_shape", value=repr(target_shape))
        self.target_shape = tuple(int(d) for d in ts)

    def _resolve(self, input_shape) -> tuple:
        """The output's non-batch axes for ``input_shape``, with ``-1`` inferred (or None)."""
        rest = tuple(input_shape[1:])
        known = math.prod(d for d in self.target_shape if d != -1)
        if any(d is None for d in rest):
            return tuple(None if d == -1 else d for d in self.target_shape)
        size = math.prod(rest)
        if -1 in self.target_shape:
            if size % known != 0:
                self._mismatch(input_shape)
            return tuple(size // known if d == -1 else d for d in self.target_shape)
        if size != known:
            self._mismatch(input_shape)
        return self.target_shape

    def _mismatch(self, input_shape):
        rest = tuple(input_shape[1:])
        raise ShapeError(
            f"Reshape layer {self.name!r} cannot reshape {shape_str(tuple(input_shape))} "
            f"({math.prod(rest)} values per sample) to target_shape {shape_str(self.target_shape)}: "
            "the total size must be unchanged", code="reshape_size", layer=self.name,
            shape=shape_str(tuple(input_shape)), target_shape=shape_str(self.target_shape))

    def compute_output_shape(self, input_shape):
        return (input_shape[0],) + self._resolve(input_shape)

    def build(self, input_shape):
        self._resolve(input_shape)
        self.built = True

    def forward(self, inputs, training=False):
        self.save_for_backward(in_shape=inputs.shape)
        out = self._resolve((None,) + tuple(inputs.shape[1:]))
        return inputs.reshape((inputs.shape[0],) + out)

    def backward(self, grad_output):
        in_shape = self.saved_for_backward().in_shape
        if not self.input_grad_needed:
            return None
        return grad_output.reshape(in_shape)

    def get_config(self):
        return {**super().get_config(), "target_shape": list(self.target_shape)}
