"""LayerNormalization: normalise each sample over its feature axes (Keras 3 ``LayerNormalization``)."""

from __future__ import annotations

import numpy as np

from .. import backend as B
from .. import constraints, initializers, regularizers
from ..errors import ConfigError, ShapeError
from ..registry import LAYERS
from .base import Layer, shape_str
from .batch_normalization import check_float


@LAYERS.register(name="LayerNormalization", group="Normalization", aliases=("layer_normalization",))
class LayerNormalization(Layer):
    """Normalises each sample independently over ``axis``; same maths in training and inference.

    With ``mean``/``var`` the biased moments of one sample over ``axis``::

        y = gamma * (x - mean) / sqrt(var + epsilon) + beta

    With ``rms_scaling=True`` there is no centring and no ``beta``:
    ``y = gamma * x / sqrt(mean(x²) + epsilon)`` (the RMS normalisation of recent Keras 3
    releases; Keras 3.0–3.8 divided by the centred variance instead).

    Args:
        axis: int or list of ints, the axes to normalise over (default -1); not the batch axis.
        epsilon: small float > 0 added to the variance (default 1e-3).
        center / scale: learn ``beta`` / ``gamma``.
        rms_scaling: RMS normalisation (see above); implies ``gamma`` and no ``beta``.
        beta_initializer / gamma_initializer: default ``zeros`` / ``ones``.
        beta_regularizer / gamma_regularizer / beta_constraint / gamma_constraint.

    Weights (Keras order): ``gamma`` then ``beta``, shaped like the input's ``axis`` sizes.
    Shapes: output shape = input shape. Masks pass through (each sample is independent).
    """

    supports_masking = True

    def __init__(self, axis=-1, epsilon=1e-3, center=True, scale=True, rms_scaling=False,
                 beta_initializer="zeros", gamma_initializer="ones", beta_regularizer=None,
                 gamma_regularizer=None, beta_constraint=None, gamma_constraint=None, **kwargs):
        super().__init__(**kwargs)
        axes = list(axis) if isinstance(axis, (list, tuple)) else [axis]
        if (not axes or any(isinstance(a, bool) or not isinstance(a, (int, np.integer)) or a == 0
                            for a in axes) or len(set(axes)) != len(axes)):
            raise ConfigError(
                f"LayerNormalization: axis must be a non-zero int or a list of distinct non-zero "
                f"ints (axis 0 is the batch), got {axis!r}",
                code="layernormalization_axis", layer=self.name, arg="axis", value=repr(axis))
        self.axis = [int(a) for a in axes] if isinstance(axis, (list, tuple)) else int(axis)
        self.epsilon = check_float(self, "epsilon", epsilon, 0.0, float("inf"),
                                   "LayerNormalization", low_open=True)
        self.center = bool(center)
        self.scale = bool(scale)
        self.rms_scaling = bool(rms_scaling)
        self.beta_initializer = initializers.get(beta_initializer)
        self.gamma_initializer = initializers.get(gamma_initializer)
        self.beta_regularizer = regularizers.get(beta_regularizer)
        self.gamma_regularizer = regularizers.get(gamma_regularizer)
        self.beta_constraint = constraints.get(beta_constraint)
        self.gamma_constraint = constraints.get(gamma_constraint)

    def _axes(self, input_shape) -> tuple:
        ndim = len(input_shape)
        axes = self.axis if isinstance(self.axis, list) else [self.axis]
        out = tuple(sorted(a + ndim if a < 0 else a for a in axes))
        if any(not 0 < a < ndim for a in out) or len(set(out)) != len(out):
            raise ShapeError(
                f"LayerNormalization layer {self.name!r} with axis={self.axis} cannot normalise an "
                f"input of shape {shape_str(tuple(input_shape))}: axes must be distinct non-batch axes",
                code="layernorm_axis", layer=self.name, shape=shape_str(tuple(input_shape)))
        if any(input_shape[a] is None for a in out):
            raise ShapeError(
                f"LayerNormalization layer {self.name!r}: the normalised axes of its input "
                f"{shape_str(tuple(input_shape))} must have known sizes",
                code="layernorm_unknown_dim", layer=self.name, shape=shape_str(tuple(input_shape)))
        return out

    def compute_output_shape(self, input_shape):
        self._axes(input_shape)
        return input_shape

    def build(self, input_shape):
        axes = self._axes(input_shape)
        shape = tuple(input_shape[a] for a in axes)
        if self.scale or self.rms_scaling:
            self.gamma = self.add_weight("gamma", shape, self.gamma_initializer,
                                         self.gamma_regularizer, constraint=self.gamma_constraint)
        if self.center and not self.rms_scaling:
            self.beta = self.add_weight("beta", shape, self.beta_initializer,
                                        self.beta_regularizer, constraint=self.beta_constraint)
        self.built = True

    def forward(self, inputs, training=False):
        xp = B.get_array_module(inputs)
        axes = self._axes(inputs.shape)
        red = axes
        keep = tuple(i for i in range(inputs.ndim) if i not in axes)  # batch and other axes
        bshape = tuple(inputs.shape[i] if i in axes else 1 for i in range(inputs.ndim))
        eps = inputs.dtype.type(self.epsilon)
        if self.rms_scaling:
            xc = inputs
            inv = 1.0 / xp.sqrt((inputs * inputs).mean(axis=red, keepdims=True) + eps)
        else:
            xc = inputs - inputs.mean(axis=red, keepdims=True)
            inv = 1.0 / xp.sqrt((xc * xc).mean(axis=red, keepdims=True) + eps)
        xhat = xc * inv
        self.save_for_backward(xhat=xhat, inv=inv, red=red, keep=keep, bshape=bshape)
        y = xhat * self.gamma.reshape(bshape) if "gamma" in self.params else xhat.copy()
        if "beta" in self.params:
            y += self.beta.reshape(bshape)
        return y

    def backward(self, grad_output):
        saved = self.saved_for_backward()
        xhat, inv, red, keep, bshape = saved.xhat, saved.inv, saved.red, saved.keep, saved.bshape
        if "gamma" in self.params:
            self.grads["gamma"] = (grad_output * xhat).sum(axis=keep).reshape(self.gamma.shape)
        if "beta" in self.params:
            self.grads["beta"] = grad_output.sum(axis=keep).reshape(self.beta.shape)
        if not self.input_grad_needed:
            return None
        g = grad_output * self.gamma.reshape(bshape) if "gamma" in self.params else grad_output
        proj = xhat * (g * xhat).mean(axis=red, keepdims=True)
        if self.rms_scaling:  # no centring: only the scale depends on x
            return inv * (g - proj)
        return inv * (g - g.mean(axis=red, keepdims=True) - proj)

    def get_config(self):
        return {
            **super().get_config(),
            "axis": self.axis,
            "epsilon": self.epsilon,
            "center": self.center,
            "scale": self.scale,
            "rms_scaling": self.rms_scaling,
            "beta_initializer": initializers.serialize(self.beta_initializer),
            "gamma_initializer": initializers.serialize(self.gamma_initializer),
            "beta_regularizer": regularizers.serialize(self.beta_regularizer),
            "gamma_regularizer": regularizers.serialize(self.gamma_regularizer),
            "beta_constraint": constraints.serialize(self.beta_constraint),
            "gamma_constraint": constraints.serialize(self.gamma_constraint),
        }
