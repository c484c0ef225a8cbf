"""MaxPooling1D/2D and AveragePooling1D/2D (Keras 3 names, defaults and maths).

Pooling runs as one strided slice per window offset (``pool_h * pool_w`` iterations, 4 for the
usual 2x2), each a whole-batch array operation; nothing loops over pixels.

- Max: ``y = max over the window``; the gradient goes to the first maximum of each window in
  row-major order (as TensorFlow's CPU kernel); ``same`` padding pads with ``-inf``.
- Average: ``y = mean over the window``; with ``same`` padding the padded positions are not
  counted (the divisor is the number of real inputs in the window), as in Keras.
"""

from __future__ import annotations

from .. import backend as B
from ..errors import ShapeError
from ..registry import LAYERS
from . import _im2col as W
from . import fused
from ._parallel import batch_map
from ._checks import check_spatial_rank
from .base import Layer, normalize_tuple


class BasePooling(Layer):
    """Shared 1-D/2-D pooling: see ``MaxPooling2D`` and ``AveragePooling2D``.

    Args:
        pool_size: int or tuple of ``rank`` ints, the window size.
        strides: int, tuple or None (default: ``pool_size``, non-overlapping windows).
        padding: ``"valid"`` or ``"same"`` (output ``ceil(n / stride)``).
        data_format: ``"channels_last"`` (default) or ``"channels_first"``.
    """

    rank = 2
    mode = "max"

    def __init__(self, pool_size, strides=None, padding="valid", data_format=None, **kwargs):
        super().__init__(**kwargs)
        self.pool_size = normalize_tuple(pool_size, self.rank, "pool_size", self.name)
        self.strides = normalize_tuple(self.pool_size if strides is None else strides, self.rank,
                                       "strides", self.name)
        self.padding = W.check_padding(padding, self.name)
        self.data_format = W.check_data_format(data_format, self.name)

    def _split(self, shape):
        if self.data_format == "channels_last":
            return list(shape[1:-1]), shape[-1]
        return list(shape[2:]), shape[1]

    def compute_output_shape(self, input_shape):
        check_spatial_rank(self, input_shape, "pool_rank", hint="; add a Reshape before it")
        cls = type(self).__name__
        spatial, channels = self._split(input_shape)
        out = []
        for n, k, s in zip(spatial, self.pool_size, self.strides):
            o = W.output_length(n, k, s, 1, self.padding)
            if o is not None and o <= 0:
                size = "x".join(str(v) for v in spatial)
                pool = "x".join(str(v) for v in self.pool_size)
                raise ShapeError(
                    f"{cls} layer {self.name!r}: its pool_size {pool} is larger than its {size} "
                    "input with padding='valid'; use a smaller pool_size or padding='same'",
                    code="pool_too_large", layer=self.name, pool_size=pool, input_size=size)
            out.append(o)
        if self.data_format == "channels_last":
            return (input_shape[0], *out, channels)
        return (input_shape[0], channels, *out)

    def build(self, input_shape):
        self.compute_output_shape(input_shape)
        self.built = True

    def _geometry(self):
        if self.rank == 1:
            return (1,) + self.pool_size, (1,) + self.strides
        return self.pool_size, self.strides

    def _to_nhwc(self, x):
        if self.rank == 1:
            x = x if self.data_format == "channels_last" else x.transpose(0, 2, 1)
            return x[:, None]
        return x if self.data_format == "channels_last" else x.transpose(0, 2, 3, 1)

    def _from_nhwc(self, y):
        if self.rank == 1:
            y = y[:, 0]
            return y if self.data_format == "channels_last" else y.transpose(0, 2, 1)
        return y if self.data_format == "channels_last" else y.transpose(0, 3, 1, 2)

    def forward(self, inputs, training=False):
        x = self._to_nhwc(inputs)  # (N, H, W, C)
        xp = B.get_array_module(x)
        h, w = x.shape[1], x.shape[2]
        pool, strides = self._geometry()
        pads = tuple(W.pad_amounts(size, k, s, 1, self.padding) for size, k, s in zip((h, w), pool, strides))
        out_hw = tuple(W.output_length(size, k, s, 1, self.padding)
                       for size, k, s in zip((h, w), pool, strides))
        if min(out_hw) <= 0:
            self.compute_output_shape((None,) + tuple(inputs.shape[1:]))  # raises the ShapeError
        fill = -xp.inf if self.mode == "max" else 0.0
        xpad = W.pad_nhwc(x, pads, value=fill)
        slices = list(W.offset_slices(pool, strides, (1, 1), out_hw))
        n, c = x.shape[0], x.shape[3]
        y = xp.empty((n,) + out_hw + (c,), dtype=x.dtype)
        idx = count = None
        if self.mode == "max":
            idx = xp.empty(y.shape, dtype="uint8" if len(slices) <= 256 else "int32")  # offsets 0..255 fit a byte
        else:
            count = self._counts(xp, (h, w), pads, out_hw, pool, strides, y.dtype)

        def run(a, b):  # batch slice [a, b)
            xs, ys = xpad[a:b], y[a:b]
            if self.mode == "max" and fused.maxpool(xs, ys, idx[a:b], pool, strides):  # one compiled pass
                return
            _, _, hs, ws = slices[0]
            ys[...] = xs[:, hs, ws, :]
            if self.mode == "max":
                # idx = offset of the first maximum: a later offset wins only when strictly
                # greater, and offsets increase, so a running max of k * (x_k > max) finds it
                ids = idx[a:b]
                ids.fill(0)
                for k, (_, _, hs, ws) in enumerate(slices[1:], start=1):
                    window = xs[:, hs, ws, :]
                    better = xp.greater(window, ys)
                    xp.maximum(ys, window, out=ys)
                    xp.maximum(ids, better.view("uint8") * ids.dtype.type(k), out=ids)
            else:
                for _, _, hs, ws in slices[1:]:
                    ys += xs[:, hs, ws, :]
                ys /= count

        batch_map(run, n, xpad.size)
        # idx: offset of each window's maximum; count: real inputs per window (average)
        self.save_for_backward(geometry=(x.shape, xpad.shape, pads, out_hw), idx=idx, count=count)
        return self._from_nhwc(y)

    @staticmethod
    def _counts(xp, hw, pads, out_hw, pool, strides, dtype):
        """Number of real (unpadded) inputs in each window: a scalar, or (OH, OW, 1) with padding."""
        if all(p == (0, 0) for p in pads):
            return dtype.type(pool[0] * pool[1])
        ones = xp.zeros((1, hw[0] + sum(pads[0]), hw[1] + sum(pads[1]), 1), dtype=dtype)
        ones[:, pads[0][0]:pads[0][0] + hw[0], pads[1][0]:pads[1][0] + hw[1]] = 1
        total = xp.zeros((1, out_hw[0], out_hw[1], 1), dtype=dtype)
        for _, _, hs, ws in W.offset_slices(pool, strides, (1, 1), out_hw):
            total += ones[:, hs, ws, :]
        return total[0]

    def backward(self, grad_output):
        saved = self.saved_for_backward()
        if not self.input_grad_needed:
            return None
        g = self._to_nhwc(grad_output)
        xp = B.get_array_module(g)
        x_shape, pad_shape, pads, out_hw = saved.geometry
        pool, strides = self._geometry()
        dx = xp.zeros(pad_shape, dtype=g.dtype)
        slices = list(W.offset_slices(pool, strides, (1, 1), out_hw))
        # windows that do not overlap write straight into dx; overlapping ones accumulate
        disjoint = strides[0] >= pool[0] and strides[1] >= pool[1]

        def run(a, b):  # batch slice [a, b)
            gs, dxs = g[a:b], dx[a:b]
            if self.mode == "max":
                ids = saved.idx[a:b]
                if disjoint and fused.maxpool_grad(gs, ids, dxs, pool, strides):  # one compiled pass
                    return
                for k, (_, _, hs, ws) in enumerate(slices):
                    if disjoint:
                        xp.multiply(gs, ids == k, out=dxs[:, hs, ws, :])
                    else:
                        dxs[:, hs, ws, :] += gs * (ids == k)
            else:
                gc = gs / saved.count
                for _, _, hs, ws in slices:
                    if disjoint:
                        dxs[:, hs, ws, :] = gc
                    else:
                        dxs[:, hs, ws, :] += gc

        batch_map(run, g.shape[0], dx.size)
        (pt, _), (pl, _) = pads
        return self._from_nhwc(dx[:, pt:pt + x_shape[1], pl:pl + x_shape[2], :])

    def get_config(self):
        return {
            **super().get_config(),
            "pool_size": list(self.pool_size),
            "padding": self.padding,
            "strides": list(self.strides),
            "data_format": self.data_format,
        }


@LAYERS.register(name="MaxPooling2D", aliases=("max_pooling2d", "MaxPool2D"), group="Pooling")
class MaxPooling2D(BasePooling):
    """2-D max pooling (Keras 3 ``MaxPooling2D``): the maximum of each ``pool_size`` window.

    Input ``(batch, height, width, channels)``; output ``(batch, out_h, out_w, channels)`` with
    ``out = (n - pool) // stride + 1`` (``valid``) or ``ceil(n / stride)`` (``same``).
    Defaults: ``pool_size=(2, 2)``, ``strides=None`` (= pool_size), ``padding="valid"``.
    """

    rank, mode = 2, "max"

    def __init__(self, pool_size=(2, 2), strides=None, padding="valid", data_format=None, **kwargs):
        super().__init__(pool_size, strides, padding, data_format, **kwargs)


@LAYERS.register(name="AveragePooling2D", aliases=("average_pooling2d", "AvgPool2D"), group="Pooling")
class AveragePooling2D(BasePooling):
    """2-D average pooling (Keras 3 ``AveragePooling2D``): the mean of each window.

    Shapes and defaults as ``MaxPooling2D``; ``same`` padding averages only the real inputs.
    """

    rank, mode = 2, "average"

    def __init__(self, pool_size=(2, 2), strides=None, padding="valid", data_format=None, **kwargs):
        super().__init__(pool_size, strides, padding, data_format, **kwargs)


@LAYERS.register(name="MaxPooling1D", aliases=("max_pooling1d", "MaxPool1D"), group="Pooling")
class MaxPooling1D(BasePooling):
    """1-D max pooling (Keras 3 ``MaxPooling1D``) over the steps of ``(batch, steps, channels)``.

    Defaults: ``pool_size=2``, ``strides=None`` (= pool_size), ``padding="valid"``.
    """

    rank, mode = 1, "max"

    def __init__(self, pool_size=2, strides=None, padding="valid", data_format=None, **kwargs):
        super().__init__(pool_size, strides, padding, data_format, **kwargs)


@LAYERS.register(name="AveragePooling1D", aliases=("average_pooling1d", "AvgPool1D"), group="Pooling")
class AveragePooling1D(BasePooling):
    """1-D average pooling (Keras 3 ``AveragePooling1D``) over ``(batch, steps, channels)``.

    Defaults: ``pool_size=2``, ``strides=None`` (= pool_size), ``padding="valid"``.
    """

    rank, mode = 1, "average"

    def __init__(self, pool_size=2, strides=None, padding="valid", data_format=None, **kwargs):
        super().__init__(pool_size, strides, padding, data_format, **kwargs)
