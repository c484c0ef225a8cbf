"""RepeatVector: repeats a vector ``n`` times along a new time axis (Keras 3 ``RepeatVector``)."""

from __future__ import annotations

from .. import backend as B
from .. import validate
from ..registry import LAYERS
from .base import Layer
from .input_spec import InputSpec, Refusal

_RANK = Refusal("repeat_rank", "{cls} layer {name!r} expects inputs of shape (batch, features), got {shape}; "
                                "add a Flatten layer before it")


@LAYERS.register(name="RepeatVector", group="Reshape", aliases=("repeat_vector",))
class RepeatVector(Layer):
    """``(batch, features)`` → ``(batch, n, features)``: ``y[:, t, :] = x`` for every ``t``.

    Args:
        n: positive int, the number of repetitions.

    Backward: ``grad_x = sum_t grad_y[:, t, :]``.
    """

    input_spec = InputSpec(min_ndim=2, max_ndim=2, expected="(batch, features)", too_few_axes=_RANK,
                           too_many_axes=_RANK)

    def __init__(self, n, **kwargs):
        super().__init__(**kwargs)
        self.n = validate.positive_int(n, "n", where="RepeatVector", must="a positive int", code="repeat_n",
                                       layer=self.name)

    def compute_output_shape(self, input_shape):
        input_shape = self._checked_input(input_shape)
        return (input_shape[0], self.n, input_shape[1])

    def build(self, input_shape):
        self.compute_output_shape(input_shape)
        self.built = True

    def forward(self, inputs, training=False):
        xp = B.get_array_module(inputs)
        # (B, F) -> (B, n, F); a real copy, so later in-place ops cannot alias the input
        return xp.repeat(inputs[:, None, :], self.n, axis=1)

    def backward(self, grad_output):
        if not self.input_grad_needed:
            return None
        return grad_output.sum(axis=1)

    def get_config(self):
        return {**super().get_config(), "n": self.n}
