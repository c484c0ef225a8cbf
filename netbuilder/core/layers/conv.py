"""Conv1D and Conv2D: convolution layers (Keras 3 names, arguments, weight layouts and maths).

Both run as im2col + one matrix product (see ``_im2col``): the windows of the padded input
become the rows of a matrix ``cols`` (N*OH*OW, kh*kw*C), and

    forward:   z = cols @ K            K = kernel reshaped (kh*kw*C, F)
    backward:  dK = cols.T @ dz,  db = sum(dz),  dx = col2im(dz @ K_offset.T for each offset)

A Conv1D is run as a Conv2D of height 1; ``channels_first`` inputs are transposed to channels
last on the way in and back on the way out.
"""

from __future__ import annotations

from functools import cache

from .. import activations, constraints, initializers, regularizers, validate
from .. import backend as B
from ..errors import ConfigError, ShapeError
from ..registry import LAYERS
from . import _im2col as W
from . import fused
from ._parallel import batch_map
from .base import Layer, normalize_tuple
from .input_spec import InputSpec, Refusal


@cache
def conv_input_spec(rank: int, data_format: str) -> InputSpec:
    """The input contract of a ``rank``-D convolution: ``rank + 2`` axes, the channels axis
    known; a refusal suggests the ``Reshape`` that adds a missing channels axis."""
    if data_format == "channels_first":
        want, channels_axis = ("(channels, steps)" if rank == 1 else "(channels, height, width)"), 1
    else:
        want, channels_axis = ("(steps, channels)" if rank == 1 else "(height, width, channels)"), -1
    rank_refusal = Refusal("conv_rank", "{cls} layer {name!r} needs each sample to be {expected}, got input "
                                        "shape {shape}; {hint}")
    return InputSpec(min_ndim=rank + 2, max_ndim=rank + 2, known_axes=(channels_axis,), expected=want,
                     too_few_axes=rank_refusal, too_many_axes=rank_refusal,
                     unknown_axis=Refusal("conv_unknown_channels", "{cls} layer {name!r}: the channels axis of "
                                                                   "its input must be known, got {shape}"),
                     hints=lambda layer, shape: layer._reshape_hint(shape))


class BaseConv(Layer):
    """N-D convolution (cross-correlation, as Keras), for ``rank`` 1 or 2.

    ``output = activation(conv(inputs, kernel) + bias)``

    Args:
        filters: number of output channels ``F``.
        kernel_size: int or tuple of ``rank`` ints.
        strides: int or tuple (default 1). ``strides > 1`` with ``dilation_rate > 1`` is refused,
            as in Keras.
        padding: ``"valid"`` (no padding) or ``"same"`` (output ``ceil(n / stride)``; the odd
            padding pixel goes to the bottom/right); Conv1D also takes ``"causal"``.
        data_format: ``"channels_last"`` (default, ``(batch, ..., channels)``) or
            ``"channels_first"`` (``(batch, channels, ...)``).
        dilation_rate: int or tuple (default 1): gaps between kernel taps.
        groups: only 1 is supported (Keras's grouped convolution is not implemented).
        activation, use_bias, *_initializer, *_regularizer, *_constraint: as ``Dense``.

    Weights: ``kernel`` of shape ``kernel_size + (in_channels, filters)``, ``bias`` ``(filters,)``
    (Keras's layout, so weights can be exchanged with Keras).
    """

    rank = 2
    #: backward honours ``_fused_output_grad`` (softmax/sigmoid fused with the loss)
    supports_fused_output = True

    def __init__(self, filters, kernel_size, strides=1, padding="valid", data_format=None,
                 dilation_rate=1, groups=1, activation=None, use_bias=True,
                 kernel_initializer="glorot_uniform", bias_initializer="zeros",
                 kernel_regularizer=None, bias_regularizer=None, activity_regularizer=None,
                 kernel_constraint=None, bias_constraint=None, **kwargs):
        super().__init__(activity_regularizer=activity_regularizer, **kwargs)
        cls = type(self).__name__
        self.filters = validate.positive_int(filters, "filters", where=cls, code="conv_filters", layer=self.name)
        self.kernel_size = normalize_tuple(kernel_size, self.rank, "kernel_size", self.name)
        self.strides = normalize_tuple(strides, self.rank, "strides", self.name)
        self.dilation_rate = normalize_tuple(dilation_rate, self.rank, "dilation_rate", self.name)
        if max(self.strides) > 1 and max(self.dilation_rate) > 1:
            raise ConfigError(
                f"{cls}: strides > 1 cannot be combined with dilation_rate > 1 (as in Keras); got "
                f"strides={self.strides} and dilation_rate={self.dilation_rate}",
                code="conv_stride_dilation", layer=self.name)
        self.padding = W.check_padding(padding, self.name, allow_causal=self.rank == 1)
        self.data_format = W.check_data_format(data_format, self.name)
        self.input_spec = conv_input_spec(self.rank, self.data_format)
        if groups != 1:
            raise ConfigError(f"{cls}: groups={groups!r} is not supported by netbuilder; use groups=1",
                              code="conv_groups", layer=self.name, value=repr(groups))
        self.groups = 1
        self.activation = activations.get(activation)
        self.use_bias = bool(use_bias)
        self.kernel_initializer = initializers.get(kernel_initializer)
        self.bias_initializer = initializers.get(bias_initializer)
        self.kernel_regularizer = regularizers.get(kernel_regularizer)
        self.bias_regularizer = regularizers.get(bias_regularizer)
        self.kernel_constraint = constraints.get(kernel_constraint)
        self.bias_constraint = constraints.get(bias_constraint)
        self._cols = None

    # ------------------------------------------------------------------ shapes
    def _reshape_hint(self, input_shape) -> str:
        dims = [d for d in input_shape[1:]]
        if self.rank == 1 and len(dims) == 1 and dims[0]:
            return f"add a Reshape(({dims[0]}, 1)) before it"
        if self.rank == 2 and len(dims) == 2 and all(dims):
            return f"add a Reshape(({dims[0]}, {dims[1]}, 1)) before it to add a channels axis"
        if self.rank == 2 and len(dims) == 1 and dims[0]:
            side = round(dims[0] ** 0.5)
            if side * side == dims[0]:
                return f"add a Reshape(({side}, {side}, 1)) before it"
            return "add a Reshape((height, width, channels)) before it"
        return "reshape its input"

    def _check_input(self, input_shape):
        """Validate ``input_shape`` against the input contract; return (spatial sizes, channels)."""
        return self._split(self._checked_input(input_shape))

    def _check(self, input_shape):
        """Validate ``input_shape``; return the output shape."""
        cls = type(self).__name__
        spatial, _ = self._check_input(input_shape)
        out = []
        for n, k, s, d in zip(spatial, self.kernel_size, self.strides, self.dilation_rate):
            o = W.output_length(n, k, s, d, self.padding)
            if o is not None and o <= 0:
                eff = "x".join(str((kk - 1) * dd + 1) for kk, dd in zip(self.kernel_size, self.dilation_rate))
                size = "x".join(str(v) for v in spatial)
                kern = "x".join(str(v) for v in self.kernel_size)
                raise ShapeError(
                    f"{cls} layer {self.name!r}: its kernel {kern} (spanning {eff} with dilation) is "
                    f"larger than its {size} input with padding='valid'; use padding='same', a "
                    "smaller kernel_size, or less pooling/striding before it",
                    code="conv_kernel_too_large", layer=self.name, kernel=kern, input_size=size)
            out.append(o)
        return self._join(input_shape[0], out, self.filters)

    def _split(self, shape):
        if self.data_format == "channels_last":
            return list(shape[1:-1]), shape[-1]
        return list(shape[2:]), shape[1]

    def _join(self, batch, spatial, channels):
        if self.data_format == "channels_last":
            return (batch, *spatial, channels)
        return (batch, channels, *spatial)

    def compute_output_shape(self, input_shape):
        return self._check(input_shape)

    def build(self, input_shape):
        self._check(input_shape)
        _, channels = self._split(input_shape)
        self.kernel = self.add_weight("kernel", self.kernel_size + (channels, self.filters),
                                      self.kernel_initializer, self.kernel_regularizer,
                                      constraint=self.kernel_constraint)
        if self.use_bias:
            self.bias = self.add_weight("bias", (self.filters,), self.bias_initializer,
                                        self.bias_regularizer, constraint=self.bias_constraint)
        self.built = True

    # ------------------------------------------------------------------ layout helpers
    def _geometry(self):
        """Kernel, strides, dilation as 2-D tuples (a 1-D conv has height 1)."""
        if self.rank == 1:
            return (1,) + self.kernel_size, (1,) + self.strides, (1,) + self.dilation_rate
        return self.kernel_size, self.strides, self.dilation_rate

    def _to_nhwc(self, x):
        if self.rank == 1:
            x = x if self.data_format == "channels_last" else x.transpose(0, 2, 1)
            return x[:, None]  # (N, 1, L, C)
        return x if self.data_format == "channels_last" else x.transpose(0, 2, 3, 1)

    def _from_nhwc(self, y):
        if self.rank == 1:
            y = y[:, 0]
            return y if self.data_format == "channels_last" else y.transpose(0, 2, 1)
        return y if self.data_format == "channels_last" else y.transpose(0, 3, 1, 2)

    # ------------------------------------------------------------------ maths
    def forward(self, inputs, training=False):
        x = self._to_nhwc(inputs)  # (N, H, W, C)
        n, h, w = x.shape[:3]
        kernel, strides, dilation = self._geometry()
        pads = tuple(W.pad_amounts(size, k, s, d, self.padding)
                     for size, k, s, d in zip((h, w), kernel, strides, dilation))
        out_hw = tuple(W.output_length(size + sum(p), k, s, d, "valid")
                       for size, p, k, s, d in zip((h, w), pads, kernel, strides, dilation))
        if min(out_hw) <= 0:
            self._check((None,) + tuple(inputs.shape[1:]))  # raises the ShapeError
        xpad = W.pad_nhwc(x, pads)
        # the column buffer is reused across batches: backward always follows its own forward.
        # With a bias, cols gets a ones column and the kernel matrix a bias row (see im2col).
        self._cols = W.im2col(xpad, kernel, strides, dilation, out_hw, out=self._cols,
                              ones_column=self.use_bias)
        z = (self._cols @ self._kernel_matrix()).reshape(n, out_hw[0], out_hw[1], self.filters)
        if self.activation is activations.relu:
            # in place (backward needs only y), batch slices in parallel threads
            xp = B.get_array_module(z)
            code = fused.dtype_code(z)

            def relu(a, b):
                if not (code and fused.bias_relu(code, z[a:b], None, True)):  # one compiled pass
                    xp.maximum(z[a:b], 0, out=z[a:b])

            batch_map(relu, n, z.size)
            z = y = self._from_nhwc(z)
        else:
            z = self._from_nhwc(z)
            y = self.activation(z)
        self.save_for_backward(cols=self._cols, geometry=(x.shape, xpad.shape, pads, out_hw),
                               z=z if self.activation.needs_x else None, y=y)
        return y

    def _kernel_matrix(self):
        """``(kh*kw*C, F)`` kernel, with the bias appended as a last row when used."""
        k2 = self.kernel.reshape(-1, self.filters)
        if not self.use_bias:
            return k2
        return B.get_array_module(k2).concatenate([k2, self.bias[None, :]], axis=0)

    def backward(self, grad_output):
        saved = self.saved_for_backward()
        if self._fused_output_grad:
            gz = grad_output
        elif self.activation is activations.relu:
            # relu's gradient g * (y > 0), computed on batch slices in parallel threads
            y, xp = saved.y, B.get_array_module(grad_output)
            gz = xp.empty(grad_output.shape, dtype=grad_output.dtype)
            code = fused.dtype_code(y)  # None for a channels_first output (a strided view)

            def relu_grad(a, b):
                if not (code and fused.relu_grad(code, grad_output[a:b], y[a:b], out=gz[a:b])):
                    xp.multiply(grad_output[a:b], y[a:b] > 0, out=gz[a:b])

            batch_map(relu_grad, gz.shape[0], 3 * gz.size)
        else:
            gz = self.activation.grad(saved.z, saved.y, grad_output)
        x_shape, pad_shape, pads, out_hw = saved.geometry
        f = self.filters
        g2 = self._to_nhwc(gz).reshape(-1, f)  # (N*OH*OW, F); copies only for channels_first
        dk = saved.cols.T @ g2  # (kh*kw*C [+1], F); the last row is the bias gradient
        if self.use_bias:
            self.grads["kernel"] = dk[:-1].reshape(self.kernel.shape)
            self.grads["bias"] = dk[-1]
        else:
            self.grads["kernel"] = dk.reshape(self.kernel.shape)
        if not self.input_grad_needed:
            return None
        kernel, strides, dilation = self._geometry()
        dcols = g2 @ self.kernel.reshape(-1, f).T  # (N*OH*OW, kh*kw*C): one BLAS call
        dxpad = W.col2im(dcols, pad_shape, kernel, strides, dilation, out_hw)
        (pt, _), (pl, _) = pads
        dx = dxpad[:, pt:pt + x_shape[1], pl:pl + x_shape[2], :]
        return self._from_nhwc(dx)

    def get_config(self):
        return {
            **super().get_config(),
            "filters": self.filters,
            "kernel_size": list(self.kernel_size),
            "strides": list(self.strides),
            "padding": self.padding,
            "data_format": self.data_format,
            "dilation_rate": list(self.dilation_rate),
            "groups": self.groups,
            "activation": activations.serialize(self.activation),
            "use_bias": self.use_bias,
            "kernel_initializer": initializers.serialize(self.kernel_initializer),
            "bias_initializer": initializers.serialize(self.bias_initializer),
            "kernel_regularizer": regularizers.serialize(self.kernel_regularizer),
            "bias_regularizer": regularizers.serialize(self.bias_regularizer),
            "kernel_constraint": constraints.serialize(self.kernel_constraint),
            "bias_constraint": constraints.serialize(self.bias_constraint),
        }


@LAYERS.register(name="Conv2D", aliases=("conv2d", "Convolution2D"), group="Convolution")
class Conv2D(BaseConv):
    """2-D convolution over images (Keras 3 ``Conv2D``).

    Input ``(batch, height, width, channels)`` (``channels_first``: ``(batch, channels, height,
    width)``); output ``(batch, new_height, new_width, filters)``, where each new size is
    ``(n - (k - 1) * d - 1) // s + 1`` for ``valid`` and ``ceil(n / s)`` for ``same``.
    Kernel ``(kh, kw, in_channels, filters)``. See ``BaseConv`` for the arguments.
    """

    rank = 2

    def __init__(self, filters, kernel_size, strides=(1, 1), padding="valid", data_format=None,
                 dilation_rate=(1, 1), groups=1, activation=None, use_bias=True, **kwargs):
        super().__init__(filters, kernel_size, strides=strides, padding=padding,
                         data_format=data_format, dilation_rate=dilation_rate, groups=groups,
                         activation=activation, use_bias=use_bias, **kwargs)


@LAYERS.register(name="Conv1D", aliases=("conv1d", "Convolution1D"), group="Convolution")
class Conv1D(BaseConv):
    """1-D convolution over sequences (Keras 3 ``Conv1D``).

    Input ``(batch, steps, channels)`` (``channels_first``: ``(batch, channels, steps)``); output
    ``(batch, new_steps, filters)``. ``padding="causal"`` pads ``(k - 1) * d`` zeros on the left
    only, so output step ``t`` sees inputs ``≤ t``. Kernel ``(k, in_channels, filters)``.
    See ``BaseConv`` for the arguments.
    """

    rank = 1

    def __init__(self, filters, kernel_size, strides=1, padding="valid", data_format=None,
                 dilation_rate=1, groups=1, activation=None, use_bias=True, **kwargs):
        super().__init__(filters, kernel_size, strides=strides, padding=padding,
                         data_format=data_format, dilation_rate=dilation_rate, groups=groups,
                         activation=activation, use_bias=use_bias, **kwargs)
