"""Preprocessing layers with Keras 3 names: ``Rescaling`` and ``Normalization`` (with ``adapt``).

Both act on every sample the same way in training and inference, and pass a gradient back to
their input (they can sit anywhere in a model).
"""

from __future__ import annotations

import numpy as np

from .. import backend as B
from .. import validate
from ..errors import ConfigError, ShapeError
from ..registry import LAYERS
from .base import Layer


@LAYERS.register(name="Rescaling", group="Normalization", aliases=("rescaling",))
class Rescaling(Layer):
    """``y = x * scale + offset`` (Keras 3 ``Rescaling``), e.g. ``Rescaling(1 / 255)`` for pixels.

    Args:
        scale: the factor (a number).
        offset: added after scaling (default 0).

    Shapes: any input; the output has the input's shape. Gradient: ``dx = dy * scale``.
    """

    supports_masking = True

    def __init__(self, scale, offset=0.0, **kwargs):
        super().__init__(**kwargs)
        self.scale = validate.number(scale, "scale", where="Rescaling", must="a number", code="rescaling_arg",
                                     layer=self.name)
        self.offset = validate.number(offset, "offset", where="Rescaling", must="a number", code="rescaling_arg",
                                      layer=self.name)

    def forward(self, inputs, training=False):
        x = inputs if inputs.dtype.kind == "f" else inputs.astype(B.floatx())  # uint8 pixels → floatx
        return x * x.dtype.type(self.scale) + x.dtype.type(self.offset)

    def backward(self, grad_output):
        return grad_output * grad_output.dtype.type(self.scale) if self.input_grad_needed else None

    def get_config(self):
        return {**super().get_config(), "scale": self.scale, "offset": self.offset}


@LAYERS.register(name="Normalization", group="Normalization", aliases=("normalization",))
class Normalization(Layer):
    """Feature-wise standardization: ``y = (x - mean) / max(sqrt(variance), epsilon)`` (Keras 3).

    ``mean`` and ``variance`` are given, or learnt from data with ``adapt(data)`` (population
    mean and variance over every axis but ``axis``); ``invert=True`` computes
    ``x * max(sqrt(variance), epsilon) + mean`` instead. epsilon is ``backend.epsilon()`` (1e-7).

    Args:
        axis: the axis (or axes) that keep their own mean and variance (default -1, the
            features); None for one scalar mean and variance.
        mean, variance: fixed statistics (broadcastable to the kept axes); then nothing is adapted.
        invert: undo the normalization instead.

    Weights: when ``mean`` is not given, three non-trainable weights, ``mean`` and ``variance``
    (shape of the kept axes) and ``count`` (samples seen by ``adapt``), as Keras stores them.
    """

    supports_masking = True

    def __init__(self, axis=-1, mean=None, variance=None, invert=False, **kwargs):
        super().__init__(**kwargs)
        if (mean is None) != (variance is None):
            raise ConfigError("Normalization: give both mean and variance, or neither (then call adapt)",
                              code="normalization_stats", layer=self.name)
        if axis is None:
            axis = ()
        axes = (axis,) if isinstance(axis, (int, np.integer)) else tuple(axis)
        if not all(isinstance(a, (int, np.integer)) and not isinstance(a, bool) for a in axes):
            raise ConfigError(f"Normalization: axis must be an int, a tuple of ints or None, got {axis!r}",
                              code="normalization_axis", layer=self.name, value=repr(axis))
        self.axis = tuple(int(a) for a in axes)
        self.input_mean = None if mean is None else np.asarray(mean, dtype="float64")
        self.input_variance = None if variance is None else np.asarray(variance, dtype="float64")
        self.invert = bool(invert)

    def _keep(self, ndim):
        keep = sorted(a + ndim if a < 0 else a for a in self.axis)
        if any(not 0 < a < ndim for a in keep):
            raise ShapeError(f"Normalization layer {self.name!r}: axis {self.axis} does not fit a {ndim}-D input "
                             "(axis 0 is the batch)", code="normalization_axis", layer=self.name,
                             value=repr(self.axis))
        return keep

    def build(self, input_shape):
        keep = self._keep(len(input_shape))
        shape = tuple(input_shape[a] for a in keep)
        if any(d is None for d in shape):
            raise ShapeError(f"Normalization layer {self.name!r}: the kept axes {self.axis} of its input "
                             f"{input_shape} must have known sizes", code="normalization_axis", layer=self.name,
                             value=repr(self.axis))
        self._broadcast = tuple(input_shape[a] if a in keep else 1 for a in range(1, len(input_shape)))
        if self.input_mean is None:
            self.add_weight("mean", shape, "zeros", trainable=False)
            self.add_weight("variance", shape, "ones", trainable=False)
            self.add_weight("count", (), "zeros", trainable=False)

    def _stats(self, dtype):
        if self.input_mean is not None:
            mean = np.broadcast_to(self.input_mean, self._broadcast)
            var = np.broadcast_to(self.input_variance, self._broadcast)
        else:
            mean = B.to_numpy(self.params["mean"]).reshape(self._broadcast)
            var = B.to_numpy(self.params["variance"]).reshape(self._broadcast)
        std = np.maximum(np.sqrt(var), B.epsilon())
        return B.asarray(mean, dtype=dtype), B.asarray(std, dtype=dtype)

    def adapt(self, data, batch_size=None, steps=None) -> None:
        """Set ``mean`` and ``variance`` from ``data`` (an array of samples, batch axis first):
        the population statistics over every axis but the kept ones, computed in float64."""
        x = np.asarray(B.to_numpy(data), dtype="float64")
        if x.ndim < 2:
            x = x.reshape(-1, 1)
        if not self.built:
            self._build_once((None,) + x.shape[1:])
        if self.input_mean is not None:
            raise ConfigError(f"Normalization layer {self.name!r} was given mean and variance; it cannot adapt",
                              code="normalization_stats", layer=self.name)
        keep = self._keep(x.ndim)
        reduce = tuple(a for a in range(x.ndim) if a not in keep)
        mean = x.mean(axis=reduce)
        var = x.var(axis=reduce)
        self.params["mean"][...] = B.asarray(mean.reshape(self.params["mean"].shape))
        self.params["variance"][...] = B.asarray(var.reshape(self.params["variance"].shape))
        self.params["count"][...] = x.shape[0]

    def forward(self, inputs, training=False):
        dtype = inputs.dtype if inputs.dtype.kind == "f" else np.dtype(B.floatx())
        mean, std = self._stats(dtype)
        self.save_for_backward(std=std)
        x = inputs.astype(dtype, copy=False)
        return x * std + mean if self.invert else (x - mean) / std

    def backward(self, grad_output):
        std = self.saved_for_backward().std
        if not self.input_grad_needed:
            return None
        return grad_output * std if self.invert else grad_output / std

    def get_config(self):
        axis = None if self.axis == () else (self.axis[0] if len(self.axis) == 1 else list(self.axis))
        config = {**super().get_config(), "axis": axis, "invert": self.invert}
        config["mean"] = None if self.input_mean is None else self.input_mean.tolist()
        config["variance"] = None if self.input_variance is None else self.input_variance.tolist()
        return config
