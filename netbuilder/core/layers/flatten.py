"""Flatten: collapses every non-batch axis into one (Keras 3 ``Flatten``)."""

from __future__ import annotations

import math

from ..errors import ConfigError
from ..registry import LAYERS
from .base import Layer

DATA_FORMATS = ("channels_last", "channels_first")


def check_data_format(layer: Layer, data_format, cls_name: str) -> str:
    """``None`` → ``"channels_last"`` (Keras's default image format); validates the value."""
    if data_format is None:
        return "channels_last"
    if data_format not in DATA_FORMATS:
        raise ConfigError(
            f"{cls_name}: data_format must be 'channels_last' or 'channels_first', got {data_format!r}",
            code="bad_data_format", layer=layer.name, arg="data_format", value=repr(data_format))
    return data_format


@LAYERS.register(name="Flatten", group="Reshape", aliases=("flatten",))
class Flatten(Layer):
    """Reshapes ``(batch, d1, ..., dk)`` to ``(batch, d1 * ... * dk)``; the batch axis is kept.

    Args:
        data_format: ``"channels_last"`` (default) or ``"channels_first"``. With channels_first,
            ``(batch, C, H, W)`` is first transposed to ``(batch, H, W, C)`` so that the flattened
            order matches a channels_last model (Keras's rule).

    Shapes: ``(batch, ...)`` → ``(batch, prod(...))``; a ``(batch,)`` input gives ``(batch, 1)``.
    An unknown (None) non-batch axis gives an unknown output size.
    """

    supports_masking = False

    def __init__(self, data_format=None, **kwargs):
        super().__init__(**kwargs)
        self.data_format = check_data_format(self, data_format, "Flatten")

    def compute_output_shape(self, input_shape):
        rest = tuple(input_shape[1:])
        if any(d is None for d in rest):
            return (input_shape[0], None)
        return (input_shape[0], int(math.prod(rest)) if rest else 1)

    def _channels_first(self, ndim: int) -> bool:
        return self.data_format == "channels_first" and ndim > 2

    def forward(self, inputs, training=False):
        x = inputs
        if self._channels_first(x.ndim):
            x = x.transpose((0, *range(2, x.ndim), 1))  # (B, C, *S) -> (B, *S, C)
        self.save_for_backward(in_shape=inputs.shape, moved_shape=x.shape)
        return x.reshape(x.shape[0], -1)

    def backward(self, grad_output):
        saved = self.saved_for_backward()
        if not self.input_grad_needed:
            return None
        ndim = len(saved.in_shape)
        if self._channels_first(ndim):
            g = grad_output.reshape(saved.moved_shape)
            return g.transpose((0, ndim - 1, *range(1, ndim - 1)))  # (B, *S, C) -> (B, C, *S)
        return grad_output.reshape(saved.in_shape)

    def get_config(self):
        return {**super().get_config(), "data_format": self.data_format}
