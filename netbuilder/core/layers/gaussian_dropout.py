"""GaussianDropout: multiplicative 1-centred Gaussian noise in training (Keras 3 ``GaussianDropout``)."""

from __future__ import annotations

import math

import numpy as np

from .. import backend as B
from .. import utils
from ..registry import LAYERS
from .base import Layer
from .dropout import check_rate, check_seed


@LAYERS.register(name="GaussianDropout", group="Regularization", aliases=("gaussian_dropout",))
class GaussianDropout(Layer):
    """Multiplies the inputs by ``N(1, rate / (1 - rate))`` noise in training; identity at inference.

    ``y = x * m`` with ``m = 1 + sqrt(rate / (1 - rate)) * n``, ``n ~ N(0, 1)``, so ``E[y] = x``
    and the variance matches dropout of the same ``rate`` (Keras 3 maths).

    Args:
        rate: float in ``[0, 1)``, the equivalent dropout rate.
        seed: optional int for this layer's own random stream.

    Shapes: output shape = input shape. Backward: ``grad_x = grad_y * m``.
    """

    supports_masking = True

    def __init__(self, rate, seed=None, **kwargs):
        super().__init__(**kwargs)
        self.rate = check_rate(self, rate, "GaussianDropout")
        self.seed = check_seed(self, seed, "GaussianDropout")
        self._own_rng = utils.make_rng(self.seed) if self.seed is not None else None

    def forward(self, inputs, training=False):
        if not training or self.rate == 0.0:
            self.save_for_backward(mask=None)  # the identity
            return inputs
        gen = self._own_rng if self._own_rng is not None else utils.make_rng(None)
        m = gen.standard_normal(inputs.shape, dtype=np.float32).astype(inputs.dtype, copy=False)
        m *= m.dtype.type(math.sqrt(self.rate / (1.0 - self.rate)))
        m += 1
        mask = B.get_array_module(inputs).asarray(m)
        self.save_for_backward(mask=mask)
        return inputs * mask

    def backward(self, grad_output):
        mask = self.saved_for_backward().mask
        if not self.input_grad_needed:
            return None
        return grad_output if mask is None else grad_output * mask

    def get_config(self):
        return {**super().get_config(), "rate": self.rate, "seed": self.seed}
