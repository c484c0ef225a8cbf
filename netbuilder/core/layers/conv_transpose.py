"""Conv1DTranspose and Conv2DTranspose (Keras 3 names, arguments, kernel layout and shapes).

A transposed convolution is the adjoint of a convolution: every input pixel scatters
``x[i] * kernel[a]`` to output position ``i * stride + a * dilation - crop``. It runs as the
backward pass of ``Conv2D`` does: one matrix product and a ``col2im``; its own backward is an
``im2col`` and two matrix products.

Output length per axis (Keras 3, effective kernel ``e = (k - 1) d + 1``):
``valid``: ``(n - 1) s + max(e, s)``; ``same``: ``n s``; with ``output_padding`` ``p``:
``(n - 1) s + e + p`` (valid) or ``(n - 1) s + e % 2 + p`` (same). Which rows are cropped
follows Keras's JAX/NumPy backends (left padding ``min(ceil(L / 2), e - 1)`` of the
``L``-padded dilated input); wherever TensorFlow accepts the output shape this equals its
rule (the gradient of a ``same`` convolution of the output), and in the few shapes TensorFlow
refuses (even kernel, stride 1, ``output_padding=0``) we give the JAX result.
"""

from __future__ import annotations

from .. import backend as B
from ..errors import ConfigError
from ..registry import LAYERS
from . import _im2col as W
from .conv import BaseConv


def transpose_geometry(n, k, s, d, padding, output_padding):
    """``(output_length, crop)`` along one axis; ``crop`` rows of the full scatter are skipped."""
    eff = (k - 1) * d + 1
    if padding == "valid":
        op = max(eff, s) - eff if output_padding is None else output_padding
        left, right = eff - 1, eff - 1 + op
    else:
        pad_len = s + eff - 2 if output_padding is None else eff + eff % 2 - 2 + output_padding
        left = min(pad_len // 2 + pad_len % 2, eff - 1)
        right = pad_len - left
    if n is None:
        return None, eff - 1 - left
    return (n - 1) * s + left + right - eff + 2, eff - 1 - left


class BaseConvTranspose(BaseConv):
    """Transposed convolution for ``rank`` 1 or 2; arguments as ``BaseConv`` plus
    ``output_padding`` (None, or ints ``< strides``). No ``groups``.

    Weights: ``kernel`` of shape ``kernel_size + (filters, in_channels)`` (Keras's layout: note
    the swapped last two axes compared with ``Conv2D``), ``bias`` ``(filters,)``.
    """

    def __init__(self, filters, kernel_size, strides=1, padding="valid", output_padding=None,
                 data_format=None, dilation_rate=1, activation=None, use_bias=True, **kwargs):
        super().__init__(filters, kernel_size, strides=strides, padding=padding, data_format=data_format,
                         dilation_rate=dilation_rate, activation=activation, use_bias=use_bias, **kwargs)
        if self.padding not in ("valid", "same"):
            raise ConfigError(f"{type(self).__name__}: padding must be 'valid' or 'same', got {padding!r}",
                              code="bad_padding", layer=self.name, arg="padding", value=repr(padding))
        if output_padding is not None:
            pads = (output_padding,) * self.rank if isinstance(output_padding, int) else output_padding
            if not (isinstance(pads, (list, tuple)) and len(pads) == self.rank and all(
                    isinstance(p, int) and not isinstance(p, bool) and 0 <= p < s
                    for p, s in zip(pads, self.strides))):
                raise ConfigError(
                    f"{type(self).__name__}: output_padding must be None or {self.rank} int(s) >= 0 "
                    f"and smaller than strides={self.strides}, got {output_padding!r}",
                    code="conv_output_padding", layer=self.name, value=repr(output_padding))
            output_padding = tuple(int(p) for p in pads)
        self.output_padding = output_padding

    def _axis_geometry(self, spatial):
        ops = self.output_padding or (None,) * self.rank
        return [transpose_geometry(n, k, s, d, self.padding, p)
                for n, k, s, d, p in zip(spatial, self.kernel_size, self.strides, self.dilation_rate, ops)]

    def _check(self, input_shape):
        spatial, _ = self._check_input(input_shape)
        out = [length for length, _ in self._axis_geometry(spatial)]
        return self._join(input_shape[0], out, self.filters)

    def build(self, input_shape):
        self._check(input_shape)
        _, channels = self._split(input_shape)
        self.kernel = self.add_weight("kernel", self.kernel_size + (self.filters, channels),
                                      self.kernel_initializer, self.kernel_regularizer,
                                      constraint=self.kernel_constraint)
        if self.use_bias:
            self.bias = self.add_weight("bias", (self.filters,), self.bias_initializer,
                                        self.bias_regularizer, constraint=self.bias_constraint)
        self.built = True

    def _plan(self, h, w):
        """Output size, crops, and the scatter canvas shape (height, width) for input h x w."""
        kernel, strides, dilation = self._geometry()
        if self.rank == 1:
            geo = [(1, 0)] + self._axis_geometry([w])
        else:
            geo = self._axis_geometry([h, w])
        out_hw = tuple(g[0] for g in geo)
        crops = tuple(g[1] for g in geo)
        canvas = tuple(max((n - 1) * s + (k - 1) * d + 1, c + o)
                       for n, s, k, d, c, o in zip((h, w), strides, kernel, dilation, crops, out_hw))
        return out_hw, crops, canvas

    def forward(self, inputs, training=False):
        x = self._to_nhwc(inputs)  # (N, H, W, C)
        n, h, w, c = x.shape
        kernel, strides, dilation = self._geometry()
        out_hw, crops, canvas = self._plan(h, w)
        x2 = x.reshape(-1, c)  # (N*H*W, C); copies only for channels_first
        # every input pixel's contributions (M, C) @ (C, kh*kw*F), scattered onto the canvas
        k2t = self.kernel.reshape(-1, c).T  # (C, kh*kw*F), columns ordered (i, j, f)
        full = W.col2im(x2 @ k2t, (n,) + canvas + (self.filters,), kernel, strides, dilation, (h, w))
        z = full[:, crops[0]:crops[0] + out_hw[0], crops[1]:crops[1] + out_hw[1], :]
        if self.use_bias:
            z = z + self.bias
        z = self._from_nhwc(z)
        y = self.activation(z)
        self.save_for_backward(x2=x2, plan=(x.shape, out_hw, crops, canvas),
                               z=z if self.activation.needs_x else None, y=y)
        return y

    def backward(self, grad_output):
        saved = self.saved_for_backward()
        if self._fused_output_grad:
            gz = grad_output
        else:
            gz = self.activation.grad(saved.z, saved.y, grad_output)
        xp = B.get_array_module(gz)
        (n, h, w, c), out_hw, crops, canvas = saved.plan
        kernel, strides, dilation = self._geometry()
        g = self._to_nhwc(gz)  # (N, OH, OW, F)
        if self.use_bias:
            self.grads["bias"] = g.sum(axis=(0, 1, 2))
        gpad = xp.zeros((n,) + canvas + (self.filters,), dtype=g.dtype)
        gpad[:, crops[0]:crops[0] + out_hw[0], crops[1]:crops[1] + out_hw[1], :] = g
        cols = W.im2col(gpad, kernel, strides, dilation, (h, w))  # (N*H*W, kh*kw*F)
        self.grads["kernel"] = (cols.T @ saved.x2).reshape(self.kernel.shape)
        if not self.input_grad_needed:
            return None
        dx = cols @ self.kernel.reshape(-1, c)  # (N*H*W, C)
        return self._from_nhwc(dx.reshape(n, h, w, c))

    def get_config(self):
        config = super().get_config()
        config.pop("groups", None)
        config["output_padding"] = None if self.output_padding is None else list(self.output_padding)
        return config


@LAYERS.register(name="Conv2DTranspose", aliases=("conv2d_transpose", "Convolution2DTranspose"),
                 group="Convolution")
class Conv2DTranspose(BaseConvTranspose):
    """2-D transposed convolution (Keras 3 ``Conv2DTranspose``), e.g. to upsample in decoders.

    Input ``(batch, h, w, channels)``; output ``(batch, out_h, out_w, filters)`` (see the
    module docstring for the sizes; ``strides=2, padding="same"`` doubles h and w).
    Kernel ``(kh, kw, filters, in_channels)``.
    """

    rank = 2

    def __init__(self, filters, kernel_size, strides=(1, 1), padding="valid", output_padding=None,
                 data_format=None, dilation_rate=(1, 1), activation=None, use_bias=True, **kwargs):
        super().__init__(filters, kernel_size, strides=strides, padding=padding,
                         output_padding=output_padding, data_format=data_format,
                         dilation_rate=dilation_rate, activation=activation, use_bias=use_bias, **kwargs)


@LAYERS.register(name="Conv1DTranspose", aliases=("conv1d_transpose", "Convolution1DTranspose"),
                 group="Convolution")
class Conv1DTranspose(BaseConvTranspose):
    """1-D transposed convolution (Keras 3 ``Conv1DTranspose``): ``(batch, steps, channels)`` →
    ``(batch, new_steps, filters)``; kernel ``(k, filters, in_channels)``."""

    rank = 1

    def __init__(self, filters, kernel_size, strides=1, padding="valid", output_padding=None,
                 data_format=None, dilation_rate=1, activation=None, use_bias=True, **kwargs):
        super().__init__(filters, kernel_size, strides=strides, padding=padding,
                         output_padding=output_padding, data_format=data_format,
                         dilation_rate=dilation_rate, activation=activation, use_bias=use_bias, **kwargs)
