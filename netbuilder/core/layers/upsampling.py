"""UpSampling1D/2D: repeat each step/pixel ``size`` times (Keras 3, nearest neighbour)."""

from __future__ import annotations

from .. import backend as B
from ..errors import ConfigError
from ..registry import LAYERS
from . import _im2col as W
from ._checks import check_spatial_rank
from .base import Layer, normalize_tuple


class BaseUpSampling(Layer):
    """Nearest-neighbour upsampling by integer factors ``size`` along the spatial axes.

    ``y[n, i, j, c] = x[n, i // sh, j // sw, c]``; the gradient sums each ``sh x sw`` block.
    """

    rank = 2
    data_format = "channels_last"

    def _check(self, input_shape):
        check_spatial_rank(self, input_shape, "upsampling_rank")

    def _spatial_axes(self):
        first = 1 if self.data_format == "channels_last" else 2
        return tuple(range(first, first + self.rank))

    def compute_output_shape(self, input_shape):
        self._check(input_shape)
        out = list(input_shape)
        for a, f in zip(self._spatial_axes(), self.size):
            out[a] = None if out[a] is None else out[a] * f
        return tuple(out)

    def build(self, input_shape):
        self._check(input_shape)
        self.built = True

    def _split_shape(self, shape):
        """``shape`` with a factor axis after each spatial axis, and those axes' positions."""
        split, axes = list(shape), []
        for offset, (a, f) in enumerate(zip(self._spatial_axes(), self.size)):
            split.insert(a + offset + 1, f)
            axes.append(a + offset + 1)
        return split, tuple(axes)

    def forward(self, inputs, training=False):
        xp = B.get_array_module(inputs)
        self.save_for_backward(in_shape=tuple(inputs.shape))
        split, axes = self._split_shape(inputs.shape)
        # (N, H, W, C) → view (N, H, 1, W, 1, C) → broadcast (N, H, sh, W, sw, C) → one copy
        unit = [1 if i in axes else d for i, d in enumerate(split)]
        y = xp.broadcast_to(inputs.reshape(unit), split)
        return y.reshape(self.compute_output_shape(tuple(inputs.shape)))

    def backward(self, grad_output):
        in_shape = self.saved_for_backward().in_shape
        if not self.input_grad_needed:
            return None
        split, axes = self._split_shape(in_shape)
        return grad_output.reshape(split).sum(axis=axes)


@LAYERS.register(name="UpSampling2D", aliases=("up_sampling2d",), group="Reshape")
class UpSampling2D(BaseUpSampling):
    """Repeat rows ``size[0]`` times and columns ``size[1]`` times (Keras 3 ``UpSampling2D``).

    Args:
        size: int or 2 ints (default ``(2, 2)``).
        data_format: ``"channels_last"`` (default) or ``"channels_first"``.
        interpolation: only ``"nearest"`` is implemented (Keras also offers ``"bilinear"`` ...).

    Shapes: ``(batch, h, w, c)`` → ``(batch, h * size[0], w * size[1], c)``.
    """

    rank = 2

    def __init__(self, size=(2, 2), data_format=None, interpolation="nearest", **kwargs):
        super().__init__(**kwargs)
        self.size = normalize_tuple(size, 2, "size", self.name)
        self.data_format = W.check_data_format(data_format, self.name)
        if interpolation != "nearest":
            raise ConfigError(
                f"UpSampling2D: interpolation={interpolation!r} is not supported by netbuilder; "
                "use 'nearest'", code="upsampling_interpolation", layer=self.name,
                arg="interpolation", value=repr(interpolation))
        self.interpolation = interpolation

    def get_config(self):
        return {**super().get_config(), "size": list(self.size), "data_format": self.data_format,
                "interpolation": self.interpolation}


@LAYERS.register(name="UpSampling1D", aliases=("up_sampling1d",), group="Reshape")
class UpSampling1D(BaseUpSampling):
    """Repeat each step ``size`` times (Keras 3 ``UpSampling1D``): ``(b, steps, c)`` →
    ``(b, steps * size, c)``. Args: ``size`` int (default 2)."""

    rank = 1

    def __init__(self, size=2, **kwargs):
        super().__init__(**kwargs)
        self.size = normalize_tuple(size, 1, "size", self.name)

    def get_config(self):
        return {**super().get_config(), "size": self.size[0]}
