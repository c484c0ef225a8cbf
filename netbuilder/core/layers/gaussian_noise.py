"""GaussianNoise: additive zero-centred noise in training (Keras 3 ``GaussianNoise``)."""

from __future__ import annotations

import numpy as np

from .. import backend as B
from .. import utils, validate
from ..registry import LAYERS
from .base import Layer
from .dropout import check_seed


@LAYERS.register(name="GaussianNoise", group="Regularization", aliases=("gaussian_noise",))
class GaussianNoise(Layer):
    """Adds ``N(0, stddev²)`` noise in training: ``y = x + stddev * n``; ``y = x`` at inference.

    Args:
        stddev: float in ``[0, 1]`` (Keras 3's bounds), standard deviation of the noise.
        seed: optional int for this layer's own random stream (default: the engine's
            generator, reseeded by ``set_random_seed``).

    Shapes: output shape = input shape. The gradient is the identity (the noise does not
    depend on ``x``).
    """

    supports_masking = True

    def __init__(self, stddev, seed=None, **kwargs):
        super().__init__(**kwargs)
        self.stddev = validate.fraction(stddev, "stddev", where="GaussianNoise", code="noise_stddev",
                                        layer=self.name)
        self.seed = check_seed(self, seed, "GaussianNoise")
        self._own_rng = utils.make_rng(self.seed) if self.seed is not None else None

    def forward(self, inputs, training=False):
        if not training or self.stddev == 0.0:
            return inputs
        gen = self._own_rng if self._own_rng is not None else utils.make_rng(None)
        noise = gen.standard_normal(inputs.shape, dtype=np.float32).astype(inputs.dtype, copy=False)
        noise *= noise.dtype.type(self.stddev)
        return inputs + B.get_array_module(inputs).asarray(noise)

    def backward(self, grad_output):
        return grad_output if self.input_grad_needed else None

    def get_config(self):
        return {**super().get_config(), "stddev": self.stddev, "seed": self.seed}
