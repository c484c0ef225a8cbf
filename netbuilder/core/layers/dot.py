"""Dot: per-sample dot product of two tensors along chosen axes (Keras 3 ``Dot``)."""

from __future__ import annotations

import numpy as np

from .. import backend as B
from ..errors import ConfigError
from ..registry import LAYERS
from .merging import Merge


def _is_int(v) -> bool:
    return isinstance(v, (int, np.integer)) and not isinstance(v, bool)


@LAYERS.register(name="Dot", group="Merge", aliases=("dot",))
class Dot(Merge):
    """Batch-wise dot product: contracts axis ``axes[0]`` of ``x`` with axis ``axes[1]`` of ``y``.

    ``out[b, i..., j...] = sum_k x[b, i..., k, ...] * y[b, k, j...]`` (the contracted axis taken
    wherever ``axes`` puts it). With ``normalize=True`` each input is first L2-normalised along
    its contracted axis, ``u = x / max(||x||, epsilon)`` (Keras 3's ``normalize``, epsilon = 1e-7),
    so two vectors give their cosine similarity.

    Args:
        axes: an int (the same axis of both inputs) or a pair ``(axis_x, axis_y)``; axes count the
            batch axis as 0, so ``axes=1`` contracts the features of two ``(batch, n)`` inputs;
            negative values count from the end.
        normalize: L2-normalise along the contracted axes first.

    Shapes: exactly two inputs; output = ``x``'s shape without ``axis_x`` followed by ``y``'s
    non-batch shape without ``axis_y``; a 1-D result becomes ``(batch, 1)``, as in Keras.
    """

    exact_inputs = 2
    supports_masking = False

    def __init__(self, axes, normalize=False, **kwargs):
        super().__init__(**kwargs)
        pair = isinstance(axes, (list, tuple)) and len(axes) == 2 and all(_is_int(a) for a in axes)
        if not (_is_int(axes) or pair) or (0 in (tuple(axes) if pair else (axes,))):
            raise ConfigError(
                f"Dot: axes must be a non-zero int or a pair of non-zero ints (axis 0 is the "
                f"batch), got {axes!r}", code="dot_axes", layer=self.name, arg="axes",
                value=repr(axes))
        self.axes = tuple(int(a) for a in axes) if pair else int(axes)
        self.normalize = bool(normalize)

    def _resolve(self, input_shape) -> tuple[int, int]:
        pair = self.axes if isinstance(self.axes, tuple) else (self.axes, self.axes)
        out = []
        for a, shape in zip(pair, input_shape):
            n = len(shape)
            axis = a % n if a < 0 else a
            if not 0 < axis < n:
                self._incompatible(input_shape, f"axes={self.axes} is not a non-batch axis of "
                                   f"the {n}-D input {tuple(shape)}")
            out.append(axis)
        return out[0], out[1]

    def compute_output_shape(self, input_shape):
        self._check_count(input_shape)
        s1, s2 = (list(s) for s in input_shape)
        if len(s1) < 2 or len(s2) < 2:
            self._incompatible(input_shape, "Dot needs inputs with at least one non-batch axis")
        a1, a2 = self._resolve(input_shape)
        if s1[a1] is not None and s2[a2] is not None and s1[a1] != s2[a2]:
            self._incompatible(input_shape, f"the contracted axes have sizes {s1[a1]} (axis {a1} "
                               f"of the first) and {s2[a2]} (axis {a2} of the second)")
        if s1[0] is not None and s2[0] is not None and s1[0] != s2[0]:
            self._incompatible(input_shape, f"batch sizes {s1[0]} and {s2[0]} differ")
        batch = s1[0] if s1[0] is not None else s2[0]
        rest = s1[1:a1] + s1[a1 + 1:] + s2[1:a2] + s2[a2 + 1:]
        return (batch,) + tuple(rest or [1])

    @staticmethod
    def _l2_normalize(x, axis):
        xp = B.get_array_module(x)
        norm = xp.sqrt((x * x).sum(axis=axis, keepdims=True))
        denom = xp.maximum(norm, x.dtype.type(B.epsilon()))
        return x / denom, norm, denom

    @staticmethod
    def _l2_normalize_grad(gu, u, norm, denom, axis):
        # u = x / max(|x|, eps): d/dx = (I - u u^T) / |x| above eps, I / eps below
        proj = (gu * u).sum(axis=axis, keepdims=True) * (norm > denom.dtype.type(B.epsilon()))
        return (gu - u * proj) / denom

    def forward(self, inputs, training=False):
        self._check_batch(inputs)
        x, y = inputs
        self.compute_output_shape([tuple(x.shape), tuple(y.shape)])
        a1, a2 = self._resolve([x.shape, y.shape])
        norm = None
        if self.normalize:
            x, nx, dx = self._l2_normalize(x, a1)
            y, ny, dy = self._l2_normalize(y, a2)
            norm = (x, nx, dx, y, ny, dy)  # the unit vectors, norms and clipped norms
        xp = B.get_array_module(x, y)
        xa = xp.moveaxis(x, a1, -1)  # (B, *xr, K)
        ya = xp.moveaxis(y, a2, 1)  # (B, K, *yr)
        b, k = x.shape[0], x.shape[a1]
        x_rows = xa.reshape(b, -1, k)  # (B, Rx, K)
        y_cols = ya.reshape(b, k, -1)  # (B, K, Ry)
        self.save_for_backward(axes=(a1, a2), norm=norm, x_rows=x_rows, y_cols=y_cols, xa_shape=xa.shape,
                               ya_shape=ya.shape)
        out = x_rows @ y_cols  # (B, Rx, Ry)
        out_shape = (b,) + tuple(xa.shape[1:-1]) + tuple(ya.shape[2:])
        return out.reshape(out_shape if len(out_shape) > 1 else (b, 1))

    def backward(self, grad_output):
        saved = self.saved_for_backward()
        if not self.input_grad_needed:
            return None
        xp = B.get_array_module(grad_output)
        a1, a2 = saved.axes
        x_rows, y_cols = saved.x_rows, saved.y_cols
        b = grad_output.shape[0]
        g = grad_output.reshape(b, x_rows.shape[1], y_cols.shape[2])  # (B, Rx, Ry)
        gx = (g @ y_cols.transpose(0, 2, 1)).reshape(saved.xa_shape)  # (B, *xr, K)
        gy = (x_rows.transpose(0, 2, 1) @ g).reshape(saved.ya_shape)  # (B, K, *yr)
        gx = xp.moveaxis(gx, -1, a1)
        gy = xp.moveaxis(gy, 1, a2)
        if self.normalize:
            x, nx, dx, y, ny, dy = saved.norm
            gx = self._l2_normalize_grad(gx, x, nx, dx, a1)
            gy = self._l2_normalize_grad(gy, y, ny, dy, a2)
        return [gx, gy]

    def compute_mask(self, inputs, mask=None):
        return None

    def get_config(self):
        axes = list(self.axes) if isinstance(self.axes, tuple) else self.axes
        return {**super().get_config(), "axes": axes, "normalize": self.normalize}


def dot(inputs, axes=-1, **kwargs):
    """``Dot(axes=axes, **kwargs)(inputs)``: the per-sample dot product of two tensors (Keras 3's
    functional form; its default ``axes=-1`` contracts the last axis of both)."""
    return Dot(axes=axes, **kwargs)(inputs)
