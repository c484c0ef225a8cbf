"""ZeroPadding1D/2D: add rows/columns of zeros around the spatial axes (Keras 3)."""

from __future__ import annotations

import numpy as np

from .. import backend as B
from ..errors import ConfigError
from ..registry import LAYERS
from . import _im2col as W
from ._checks import check_spatial_rank
from .base import Layer


def _is_count(v) -> bool:
    return isinstance(v, (int, np.integer)) and not isinstance(v, bool) and v >= 0


def _pair(value, what: str, layer: str) -> tuple[int, int]:
    """``p`` → ``(p, p)``; ``(a, b)`` → ``(a, b)``; non-negative ints only."""
    items = (value, value) if _is_count(value) else value
    if not (isinstance(items, (list, tuple)) and len(items) == 2 and all(_is_count(v) for v in items)):
        raise ConfigError(f"{what} must be a non-negative int or a pair of them, got {value!r}",
                          code="bad_padding_amount", layer=layer, arg="padding", value=repr(value))
    return int(items[0]), int(items[1])


class BaseZeroPadding(Layer):
    """Pads ``self.pads`` (one ``(before, after)`` pair per spatial axis) with zeros."""

    rank = 2

    def _spatial_axes(self):
        first = 1 if self.data_format == "channels_last" else 2
        return tuple(range(first, first + self.rank))

    def compute_output_shape(self, input_shape):
        check_spatial_rank(self, input_shape, "padding_rank")
        out = list(input_shape)
        for a, (lo, hi) in zip(self._spatial_axes(), self.pads):
            out[a] = None if out[a] is None else out[a] + lo + hi
        return tuple(out)

    def build(self, input_shape):
        self.compute_output_shape(input_shape)
        self.built = True

    def _inner(self, shape):
        """Index of the original input inside the padded array."""
        idx = [slice(None)] * len(shape)
        for a, (lo, _) in zip(self._spatial_axes(), self.pads):
            idx[a] = slice(lo, lo + shape[a])
        return tuple(idx)

    def forward(self, inputs, training=False):
        xp = B.get_array_module(inputs)
        in_shape = tuple(inputs.shape)
        self.save_for_backward(in_shape=in_shape)
        out = xp.zeros(self.compute_output_shape(in_shape), dtype=inputs.dtype)
        out[self._inner(in_shape)] = inputs
        return out

    def backward(self, grad_output):
        in_shape = self.saved_for_backward().in_shape
        if not self.input_grad_needed:
            return None
        return grad_output[self._inner(in_shape)]


@LAYERS.register(name="ZeroPadding2D", aliases=("zero_padding2d",), group="Reshape")
class ZeroPadding2D(BaseZeroPadding):
    """Zeros around images (Keras 3 ``ZeroPadding2D``).

    Args:
        padding: int ``p`` (all sides), ``(ph, pw)`` (symmetric height / width), or
            ``((top, bottom), (left, right))``. Default ``(1, 1)``.
        data_format: ``"channels_last"`` (default) or ``"channels_first"``.

    Shapes: ``(batch, h, w, c)`` → ``(batch, h + top + bottom, w + left + right, c)``.
    """

    rank = 2

    def __init__(self, padding=(1, 1), data_format=None, **kwargs):
        super().__init__(**kwargs)
        if isinstance(padding, (list, tuple)) and len(padding) == 2 and all(
                isinstance(p, (list, tuple)) for p in padding):
            pads = tuple(_pair(p, "ZeroPadding2D: each padding entry", self.name) for p in padding)
        else:
            ph, pw = _pair(padding, "ZeroPadding2D: padding", self.name)
            pads = ((ph, ph), (pw, pw))
        self.pads = pads
        self.padding = pads
        self.data_format = W.check_data_format(data_format, self.name)

    def get_config(self):
        return {**super().get_config(), "padding": [list(p) for p in self.pads],
                "data_format": self.data_format}


@LAYERS.register(name="ZeroPadding1D", aliases=("zero_padding1d",), group="Reshape")
class ZeroPadding1D(BaseZeroPadding):
    """Zeros before and after the steps (Keras 3 ``ZeroPadding1D``).

    Args:
        padding: int ``p`` (both ends) or ``(left, right)``. Default 1.
        data_format: ``"channels_last"`` (default) or ``"channels_first"``.

    Shapes: ``(batch, steps, c)`` → ``(batch, steps + left + right, c)``.
    """

    rank = 1

    def __init__(self, padding=1, data_format=None, **kwargs):
        super().__init__(**kwargs)
        self.pads = (_pair(padding, "ZeroPadding1D: padding", self.name),)
        self.padding = self.pads[0]
        self.data_format = W.check_data_format(data_format, self.name)

    def get_config(self):
        return {**super().get_config(), "padding": list(self.pads[0]), "data_format": self.data_format}
