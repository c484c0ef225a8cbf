"""BatchNormalization: normalise with batch statistics in training, moving ones at inference
(Keras 3 ``BatchNormalization``)."""

from __future__ import annotations

import numpy as np

from .. import backend as B
from .. import constraints, initializers, regularizers, validate
from ..errors import ConfigError, ShapeError
from ..registry import LAYERS
from .base import Layer, shape_str


def check_float(layer: Layer, name: str, value, low, high, cls_name: str, low_open=False) -> float:
    """``value`` as a float in ``[low, high]`` (``(low, high]`` when ``low_open``)."""
    bounds = f"{'(' if low_open else '['}{low}, {high}]"
    return validate.number(value, name, where=cls_name, lo=low, hi=high, lo_open=low_open,
                           must=f"a float in {bounds}", code=f"{cls_name.lower()}_{name}", layer=layer.name)


@LAYERS.register(name="BatchNormalization", group="Normalization", aliases=("batch_normalization",))
class BatchNormalization(Layer):
    """Normalises each feature (channel) over the batch and every other axis.

    Training (``training=True`` and the layer is trainable), with ``mean``/``var`` the biased
    moments of the batch over every axis except ``axis``::

        y = gamma * (x - mean) / sqrt(var + epsilon) + beta
        moving_mean = moving_mean * momentum + mean * (1 - momentum)     (same for variance)

    Inference (or a non-trainable layer, as in Keras 3) uses ``moving_mean`` and
    ``moving_variance`` instead of the batch moments. Backward in training mode is the exact
    gradient through the batch moments:
    ``dx = inv / N * (N dxhat - sum(dxhat) - xhat * sum(dxhat * xhat))``, ``dxhat = dy * gamma``.

    Args:
        axis: the feature axis (default -1; 1 for channels_first images); not the batch axis.
        momentum: moving-average momentum in ``[0, 1]`` (default 0.99).
        epsilon: small float > 0 added to the variance (default 1e-3).
        center / scale: learn ``beta`` / ``gamma``.
        beta_initializer / gamma_initializer / moving_mean_initializer /
        moving_variance_initializer: default ``zeros`` / ``ones`` / ``zeros`` / ``ones``.
        beta_regularizer / gamma_regularizer / beta_constraint / gamma_constraint.
        synchronized: accepted for Keras compatibility; one device, so it changes nothing.

    Weights (Keras order): ``gamma``, ``beta`` (trainable, if enabled), ``moving_mean``,
    ``moving_variance`` (non-trainable), each of shape ``(input_shape[axis],)``.
    Shapes: output shape = input shape, rank >= 2. Masks are not used for the moments.
    """

    def __init__(self, axis=-1, momentum=0.99, epsilon=1e-3, center=True, scale=True,
                 beta_initializer="zeros", gamma_initializer="ones",
                 moving_mean_initializer="zeros", moving_variance_initializer="ones",
                 beta_regularizer=None, gamma_regularizer=None, beta_constraint=None,
                 gamma_constraint=None, synchronized=False, **kwargs):
        super().__init__(**kwargs)
        if isinstance(axis, bool) or not isinstance(axis, (int, np.integer)) or axis == 0:
            raise ConfigError(
                f"BatchNormalization: axis must be a non-zero int (axis 0 is the batch), got {axis!r}",
                code="batchnormalization_axis", layer=self.name, arg="axis", value=repr(axis))
        self.axis = int(axis)
        self.momentum = check_float(self, "momentum", momentum, 0.0, 1.0, "BatchNormalization")
        self.epsilon = check_float(self, "epsilon", epsilon, 0.0, float("inf"),
                                   "BatchNormalization", low_open=True)
        self.center = bool(center)
        self.scale = bool(scale)
        self.synchronized = bool(synchronized)
        self.beta_initializer = initializers.get(beta_initializer)
        self.gamma_initializer = initializers.get(gamma_initializer)
        self.moving_mean_initializer = initializers.get(moving_mean_initializer)
        self.moving_variance_initializer = initializers.get(moving_variance_initializer)
        self.beta_regularizer = regularizers.get(beta_regularizer)
        self.gamma_regularizer = regularizers.get(gamma_regularizer)
        self.beta_constraint = constraints.get(beta_constraint)
        self.gamma_constraint = constraints.get(gamma_constraint)

    def _feature_axis(self, input_shape) -> int:
        ndim = len(input_shape)
        axis = self.axis + ndim if self.axis < 0 else self.axis
        if ndim < 2 or not 0 < axis < ndim:
            raise ShapeError(
                f"BatchNormalization layer {self.name!r} with axis={self.axis} cannot normalise an "
                f"input of shape {shape_str(tuple(input_shape))}: the axis must be a non-batch axis",
                code="batchnorm_axis", layer=self.name, axis=self.axis,
                shape=shape_str(tuple(input_shape)))
        dim = input_shape[axis]
        if dim is None:
            raise ShapeError(
                f"BatchNormalization layer {self.name!r}: axis {self.axis} of its input "
                f"{shape_str(tuple(input_shape))} must have a known size",
                code="batchnorm_unknown_dim", layer=self.name, shape=shape_str(tuple(input_shape)))
        if self.built and "moving_mean" in self.params and dim != self.params["moving_mean"].shape[0]:
            raise ShapeError(
                f"BatchNormalization layer {self.name!r} was built for {self.params['moving_mean'].shape[0]} "
                f"features on axis {self.axis}, got an input of shape {shape_str(tuple(input_shape))}",
                code="batchnorm_features", layer=self.name, shape=shape_str(tuple(input_shape)))
        return axis

    def compute_output_shape(self, input_shape):
        self._feature_axis(input_shape)
        return input_shape

    def build(self, input_shape):
        axis = self._feature_axis(input_shape)
        shape = (input_shape[axis],)
        if self.scale:
            self.gamma = self.add_weight("gamma", shape, self.gamma_initializer,
                                         self.gamma_regularizer, constraint=self.gamma_constraint)
        if self.center:
            self.beta = self.add_weight("beta", shape, self.beta_initializer,
                                        self.beta_regularizer, constraint=self.beta_constraint)
        self.moving_mean = self.add_weight("moving_mean", shape, self.moving_mean_initializer,
                                           trainable=False)
        self.moving_variance = self.add_weight("moving_variance", shape,
                                               self.moving_variance_initializer, trainable=False)
        self.built = True

    def forward(self, inputs, training=False):
        xp = B.get_array_module(inputs)
        axis = self._feature_axis(inputs.shape)
        red = tuple(i for i in range(inputs.ndim) if i != axis)
        bshape = tuple(inputs.shape[axis] if i == axis else 1 for i in range(inputs.ndim))
        dt = inputs.dtype.type
        batch_stats = bool(training) and self.trainable
        if batch_stats:
            mean = inputs.mean(axis=red, keepdims=True)
            xc = inputs - mean
            var = (xc * xc).mean(axis=red, keepdims=True)
            m = self.moving_mean.dtype.type(self.momentum)
            self.moving_mean *= m
            self.moving_mean += (1 - m) * mean.reshape(-1).astype(self.moving_mean.dtype, copy=False)
            self.moving_variance *= m
            self.moving_variance += (1 - m) * var.reshape(-1).astype(self.moving_variance.dtype,
                                                                     copy=False)
        else:
            xc = inputs - self.moving_mean.reshape(bshape).astype(inputs.dtype, copy=False)
            var = self.moving_variance.reshape(bshape).astype(inputs.dtype, copy=False)
        inv = 1.0 / xp.sqrt(var + dt(self.epsilon))
        xhat = xc * inv
        # batch_stats: normalized by this batch's statistics, which then depend on x (backward)
        self.save_for_backward(xhat=xhat, inv=inv, red=red, bshape=bshape, batch_stats=batch_stats)
        y = xhat * self.gamma.reshape(bshape) if self.scale else xhat.copy()
        if self.center:
            y += self.beta.reshape(bshape)
        return y

    def backward(self, grad_output):
        saved = self.saved_for_backward()
        xhat, inv, red, bshape = saved.xhat, saved.inv, saved.red, saved.bshape
        if self.scale:
            self.grads["gamma"] = (grad_output * xhat).sum(axis=red)
        if self.center:
            self.grads["beta"] = grad_output.sum(axis=red)
        if not self.input_grad_needed:
            return None
        gxhat = grad_output * self.gamma.reshape(bshape) if self.scale else grad_output
        if not saved.batch_stats:
            return gxhat * inv
        # the batch mean and variance depend on x: project out their directions
        return inv * (gxhat - gxhat.mean(axis=red, keepdims=True)
                      - xhat * (gxhat * xhat).mean(axis=red, keepdims=True))

    def get_config(self):
        return {
            **super().get_config(),
            "axis": self.axis,
            "momentum": self.momentum,
            "epsilon": self.epsilon,
            "center": self.center,
            "scale": self.scale,
            "beta_initializer": initializers.serialize(self.beta_initializer),
            "gamma_initializer": initializers.serialize(self.gamma_initializer),
            "moving_mean_initializer": initializers.serialize(self.moving_mean_initializer),
            "moving_variance_initializer": initializers.serialize(self.moving_variance_initializer),
            "beta_regularizer": regularizers.serialize(self.beta_regularizer),
            "gamma_regularizer": regularizers.serialize(self.gamma_regularizer),
            "beta_constraint": constraints.serialize(self.beta_constraint),
            "gamma_constraint": constraints.serialize(self.gamma_constraint),
            "synchronized": self.synchronized,
        }
