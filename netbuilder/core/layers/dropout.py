"""Dropout: inverted dropout, active only in training (Keras 3 ``Dropout``)."""

from __future__ import annotations

import numpy as np

from .. import backend as B
from .. import utils, validate
from ..errors import ConfigError, ShapeError
from ..registry import LAYERS
from .base import Layer


def check_rate(layer: Layer, rate, cls_name: str) -> float:
    """``rate`` as a float in ``[0, 1)``; a ``ConfigError`` naming the value otherwise."""
    return validate.fraction(rate, "rate", where=cls_name, inclusive=False, code="dropout_rate",
                             layer=layer.name)


def check_seed(layer: Layer, seed, cls_name: str) -> int | None:
    """``seed`` as None or a non-negative int; a ``ConfigError`` otherwise."""
    return validate.seed(seed, where=cls_name, code="bad_seed", layer=layer.name)


@LAYERS.register(name="Dropout", group="Regularization", aliases=("dropout",))
class Dropout(Layer):
    """Randomly zeroes a fraction ``rate`` of the inputs during training (inverted dropout).

    In training, ``y = x * m / (1 - rate)`` with ``m ~ Bernoulli(1 - rate)``, so the expectation
    of ``y`` is ``x``; at inference ``y = x``. As in Keras, ``m`` is drawn as
    ``uniform[0, 1) < 1 - rate``.

    Args:
        rate: float in ``[0, 1)``, the fraction of inputs to drop (Keras also accepts 1; we do not,
            since it would zero everything and divide by zero).
        noise_shape: optional mask shape, one entry per input axis (batch included); ``None``
            entries take the input's size, 1s share the mask along that axis, e.g.
            ``(None, 1, features)`` drops the same features at every time step.
        seed: optional int giving this layer its own random stream; by default masks come from
            the engine's generator, so ``set_random_seed`` makes runs repeatable.

    Shapes: output shape = input shape. Masks are drawn with NumPy and moved to the backend.
    """

    supports_masking = True

    def __init__(self, rate, noise_shape=None, seed=None, **kwargs):
        super().__init__(**kwargs)
        self.rate = check_rate(self, rate, "Dropout")
        if noise_shape is not None:
            try:
                noise_shape = tuple(None if d is None else int(d) for d in noise_shape)
            except (TypeError, ValueError):
                noise_shape = ()
            if not noise_shape or any(d is not None and d <= 0 for d in noise_shape):
                raise ConfigError(
                    f"Dropout: noise_shape must be a tuple of positive ints or None, got {noise_shape!r}",
                    code="dropout_noise_shape", layer=self.name, arg="noise_shape",
                    value=repr(noise_shape))
        self.noise_shape = noise_shape
        self.seed = check_seed(self, seed, "Dropout")
        # an explicit seed gives the layer its own stream, advanced at every call (Keras's
        # SeedGenerator); without one, the engine's global generator is looked up per call
        self._own_rng = utils.make_rng(self.seed) if self.seed is not None else None

    def compute_output_shape(self, input_shape):
        if self.noise_shape is not None:
            if len(self.noise_shape) != len(input_shape):
                raise ShapeError(
                    f"Dropout layer {self.name!r}: noise_shape {self.noise_shape} has "
                    f"{len(self.noise_shape)} axes but its input {tuple(input_shape)} has "
                    f"{len(input_shape)}; give one entry per axis, batch included",
                    code="dropout_noise_rank", layer=self.name, noise_shape=str(self.noise_shape),
                    shape=str(tuple(input_shape)))
            for n, d in zip(self.noise_shape, input_shape):
                if n is not None and n != 1 and d is not None and n != d:
                    raise ShapeError(
                        f"Dropout layer {self.name!r}: noise_shape {self.noise_shape} does not "
                        f"broadcast to its input {tuple(input_shape)}; each entry must be None, 1 "
                        "or the input's size", code="dropout_noise_shape", layer=self.name,
                        noise_shape=str(self.noise_shape), shape=str(tuple(input_shape)))
        return input_shape

    def build(self, input_shape):
        self.compute_output_shape(input_shape)
        self.built = True

    def _draw_mask(self, x):
        shape = x.shape
        if self.noise_shape is not None:
            shape = tuple(d if n is None else n for n, d in zip(self.noise_shape, x.shape))
        gen = self._own_rng if self._own_rng is not None else utils.make_rng(None)
        keep = 1.0 - self.rate
        kept = gen.random(shape, dtype=np.float32) < keep
        mask = kept.astype(x.dtype)
        mask *= mask.dtype.type(1.0 / keep)
        return B.get_array_module(x).asarray(mask)

    def forward(self, inputs, training=False):
        if not training or self.rate == 0.0:
            self.save_for_backward(mask=None)  # the identity
            return inputs
        mask = self._draw_mask(inputs)
        self.save_for_backward(mask=mask)
        return inputs * mask

    def backward(self, grad_output):
        mask = self.saved_for_backward().mask
        if not self.input_grad_needed:
            return None
        if mask is None:
            return grad_output
        return grad_output * mask

    def get_config(self):
        return {
            **super().get_config(),
            "rate": self.rate,
            "noise_shape": None if self.noise_shape is None else list(self.noise_shape),
            "seed": self.seed,
        }
