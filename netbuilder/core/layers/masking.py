"""Masking: skip timesteps whose features all equal ``mask_value`` (Keras 3 ``Masking``)."""

from __future__ import annotations

from .. import validate
from ..registry import LAYERS
from .base import Layer
from .input_spec import InputSpec, Refusal

_NO_FEATURES = Refusal("masking_rank", "{cls} layer {name!r} needs inputs with a features axis, got {shape}")


@LAYERS.register(name="Masking", group="Embedding", aliases=("masking",))
class Masking(Layer):
    """Marks timesteps to skip: a step is masked when all its features equal ``mask_value``.

    ``keep = any(inputs != mask_value, axis=-1)``; output ``inputs * keep`` (masked steps become
    zeros) with the mask ``keep`` ``(batch, timesteps)`` passed on to the next layers, which
    recurrent layers honour.

    Args:
        mask_value: the padding value (default 0.0).

    Shapes: input ``(batch, timesteps, features)`` (any rank ≥ 2 works); output the same.
    """

    supports_masking = True
    input_spec = InputSpec(min_ndim=2, max_ndim=None, expected="(batch, ..., features)",
                           too_few_axes=_NO_FEATURES, too_many_axes=_NO_FEATURES)

    def __init__(self, mask_value=0.0, **kwargs):
        super().__init__(**kwargs)
        self.mask_value = validate.number(mask_value, "mask_value", where="Masking", must="a number",
                                          code="masking_value", layer=self.name)

    def compute_output_shape(self, input_shape):
        return self._checked_input(input_shape)

    def build(self, input_shape):
        self.compute_output_shape(input_shape)
        self.built = True

    def compute_mask(self, inputs, mask=None):
        return (inputs != self.mask_value).any(axis=-1)

    def forward(self, inputs, training=False):
        keep = (inputs != self.mask_value).any(axis=-1, keepdims=True).astype(inputs.dtype)
        self.save_for_backward(keep=keep)
        return inputs * keep

    def backward(self, grad_output):
        keep = self.saved_for_backward().keep
        if not self.input_grad_needed:
            return None
        return grad_output * keep

    def get_config(self):
        return {**super().get_config(), "mask_value": self.mask_value}

