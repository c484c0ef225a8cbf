"""Global pooling: one value per channel over all steps/pixels (Keras 3 ``Global*Pooling*``)."""

from __future__ import annotations

from .. import backend as B
from ..registry import LAYERS
from . import _im2col as W
from ._checks import check_spatial_rank
from .base import Layer


class BaseGlobalPooling(Layer):
    """Max or mean over the spatial axes of ``(batch, *spatial, channels)``.

    Args:
        data_format: ``"channels_last"`` (default) or ``"channels_first"``.
        keepdims: keep the reduced axes with size 1 (``(batch, 1, 1, channels)``), as Keras.

    The max's gradient goes to the first maximum (row-major) of each channel.
    """

    rank = 2
    mode = "max"

    def __init__(self, data_format=None, keepdims=False, **kwargs):
        super().__init__(**kwargs)
        self.data_format = W.check_data_format(data_format, self.name)
        self.keepdims = bool(keepdims)

    def _axes(self):
        """The reduced (spatial) axes."""
        if self.data_format == "channels_last":
            return tuple(range(1, self.rank + 1))
        return tuple(range(2, self.rank + 2))

    def compute_output_shape(self, input_shape):
        check_spatial_rank(self, input_shape, "pool_rank")
        axes = self._axes()
        if self.keepdims:
            return tuple(1 if i in axes else d for i, d in enumerate(input_shape))
        return tuple(d for i, d in enumerate(input_shape) if i not in axes)

    def build(self, input_shape):
        self.compute_output_shape(input_shape)
        self.built = True

    def _flat(self, x):
        """``x`` as (N, S, C) with the spatial axes flattened to S (a copy for channels_first)."""
        if self.data_format == "channels_first":
            x = x.reshape(x.shape[0], x.shape[1], -1).transpose(0, 2, 1)
        return x.reshape(x.shape[0], -1, x.shape[-1])

    def _unflat(self, g, shape):
        if self.data_format == "channels_first":
            return g.transpose(0, 2, 1).reshape(shape)
        return g.reshape(shape)

    def forward(self, inputs, training=False):
        x = self._flat(inputs)  # (N, S, C)
        arg = None
        if self.mode == "max":
            arg = x.argmax(axis=1)  # (N, C): first maximum
            y = x.max(axis=1)
        else:
            y = x.mean(axis=1)
        self.save_for_backward(in_shape=inputs.shape, arg=arg, mask=None)
        return self._keep(y)

    def _keep(self, y):
        if not self.keepdims:
            return y
        if self.data_format == "channels_last":
            return y.reshape((y.shape[0],) + (1,) * self.rank + (y.shape[1],))
        return y.reshape(y.shape + (1,) * self.rank)

    def backward(self, grad_output):
        saved = self.saved_for_backward()
        if not self.input_grad_needed:
            return None
        return self._pooled_grad(saved, grad_output)

    def _pooled_grad(self, saved, grad_output):
        """``d input`` ``saved.in_shape`` from ``grad_output`` ``(N, C)`` (or keepdims)."""
        xp = B.get_array_module(grad_output)
        shape = saved.in_shape
        n = shape[0]
        c = shape[-1] if self.data_format == "channels_last" else shape[1]
        g = grad_output.reshape(n, 1, c)
        s = 1
        for a in self._axes():
            s *= shape[a]
        if self.mode == "max":
            hit = xp.arange(s).reshape(1, s, 1) == saved.arg[:, None, :]  # (N, S, C)
            dx = hit * g
        else:
            dx = xp.empty((n, s, c), dtype=grad_output.dtype)
            dx[...] = g / s
        return self._unflat(dx, shape)

    def get_config(self):
        return {**super().get_config(), "data_format": self.data_format, "keepdims": self.keepdims}


@LAYERS.register(name="GlobalMaxPooling2D", aliases=("global_max_pooling2d", "GlobalMaxPool2D"),
                 group="Pooling")
class GlobalMaxPooling2D(BaseGlobalPooling):
    """Maximum over height and width: ``(batch, h, w, c)`` → ``(batch, c)`` (Keras 3)."""

    rank, mode = 2, "max"


@LAYERS.register(name="GlobalAveragePooling2D", aliases=("global_average_pooling2d", "GlobalAvgPool2D"),
                 group="Pooling")
class GlobalAveragePooling2D(BaseGlobalPooling):
    """Mean over height and width: ``(batch, h, w, c)`` → ``(batch, c)`` (Keras 3)."""

    rank, mode = 2, "average"


@LAYERS.register(name="GlobalMaxPooling1D", aliases=("global_max_pooling1d", "GlobalMaxPool1D"),
                 group="Pooling")
class GlobalMaxPooling1D(BaseGlobalPooling):
    """Maximum over the steps: ``(batch, steps, c)`` → ``(batch, c)`` (Keras 3)."""

    rank, mode = 1, "max"


@LAYERS.register(name="GlobalAveragePooling1D", aliases=("global_average_pooling1d", "GlobalAvgPool1D"),
                 group="Pooling")
class GlobalAveragePooling1D(BaseGlobalPooling):
    """Mean over the steps: ``(batch, steps, c)`` → ``(batch, c)`` (Keras 3).

    With a mask (from ``Embedding(mask_zero=True)``), the mean covers only the unmasked steps:
    ``y = sum_t(m_t x_t) / sum_t(m_t)``, as Keras. The output carries no mask.
    """

    rank, mode = 1, "average"
    supports_masking = True

    def forward(self, inputs, training=False, mask=None):
        if mask is None:
            return super().forward(inputs, training)
        xp = B.get_array_module(inputs)
        m = xp.asarray(mask).astype(inputs.dtype)  # (N, steps)
        m = m[:, :, None] if self.data_format == "channels_last" else m[:, None, :]
        axis = 1 if self.data_format == "channels_last" else 2
        denom = m.sum(axis=axis)  # (N, 1)
        y = (inputs * m).sum(axis=axis) / denom
        self.save_for_backward(in_shape=inputs.shape, arg=None, mask=m, denom=denom)
        return self._keep(y)

    def backward(self, grad_output):
        saved = self.saved_for_backward()
        if not self.input_grad_needed:
            return None
        if saved.mask is None:
            return self._pooled_grad(saved, grad_output)
        n = saved.in_shape[0]
        g = (grad_output.reshape(n, -1) / saved.denom)  # (N, C)
        g = g[:, None, :] if self.data_format == "channels_last" else g[:, :, None]
        return g * saved.mask

    def compute_mask(self, inputs, mask=None):
        return None
