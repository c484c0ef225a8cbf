"""Activation: applies an activation function to its input (Keras 3 ``Activation``)."""

from __future__ import annotations

from .. import activations
from ..errors import ConfigError
from ..registry import LAYERS
from .base import Layer


@LAYERS.register(name="Activation", group="Core", aliases=("activation",))
class Activation(Layer):
    """Applies ``activation`` element-wise (softmax: over the last axis): ``y = activation(x)``.

    Args:
        activation: an activation name (``"relu"``, ``"softmax"`` ...) or an
            ``ActivationFunction``; ``None`` means linear.

    Shapes: output shape = input shape, any rank.

    The backward pass is ``activation.grad(x, y, grad_y)``; when the model fuses this layer's
    softmax/sigmoid with the loss (``_fused_output_grad``), the incoming gradient is already
    w.r.t. the pre-activation and is returned unchanged, as ``Dense.backward`` does.
    """

    supports_fused_output = True

    supports_masking = True

    def __init__(self, activation, **kwargs):
        super().__init__(**kwargs)
        try:
            self.activation = activations.get(activation)
        except (ValueError, TypeError) as exc:
            raise ConfigError(f"Activation: unknown activation {activation!r} ({exc})",
                              code="activation_unknown", layer=self.name, arg="activation",
                              value=repr(activation)) from None

    def forward(self, inputs, training=False):
        y = self.activation(inputs)
        self.save_for_backward(x=inputs if self.activation.needs_x else None, y=y)
        return y

    def backward(self, grad_output):
        saved = self.saved_for_backward()
        if self._fused_output_grad:
            return grad_output
        if not self.input_grad_needed:
            return None
        return self.activation.grad(saved.x, saved.y, grad_output)

    def get_config(self):
        return {**super().get_config(), "activation": activations.serialize(self.activation)}
