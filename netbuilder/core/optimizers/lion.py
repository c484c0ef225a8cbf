"""Lion (Keras 3 ``keras.optimizers.Lion``)."""

from __future__ import annotations

from .. import backend as B
from .base import Optimizer, check_range


class Lion(Optimizer):
    """Lion (Chen et al., 2023): a sign-of-momentum step, Keras 3's update.

    ::

        w -= lr * sign(beta_1 * m + (1 - beta_1) * g)
        m = beta_2 * m + (1 - beta_2) * g

    Args:
        learning_rate: default 0.001 (Lion wants 3–10x smaller rates than Adam).
        beta_1: in (0, 1], default 0.9.  beta_2: in [0, 1], default 0.99.
        **kwargs: the base arguments.

    State per variable: ``momentum``. It is never flushed: the step uses only its sign, so
    zeroing a tiny momentum would change the update (from ``lr`` to 0).
    """

    elementwise_update = True

    def __init__(self, learning_rate=0.001, beta_1=0.9, beta_2=0.99, **kwargs):
        super().__init__(learning_rate=learning_rate, **kwargs)
        self.beta_1 = check_range("Lion", "beta_1", beta_1, 0, 1, low_open=True)
        self.beta_2 = check_range("Lion", "beta_2", beta_2, 0, 1)

    def build_slots(self, var):
        return {"momentum": self._slot(var, "momentum")}

    def update_step(self, grad, var, lr, slots):
        xp = B.get_array_module(var)
        m = slots["momentum"]
        t, s = self._scratch(var, 2)
        xp.multiply(m, self.beta_1, out=t)
        xp.multiply(grad, 1.0 - self.beta_1, out=s)
        t += s
        xp.sign(t, out=t)
        t *= lr
        var -= t
        m *= self.beta_2
        xp.multiply(grad, 1.0 - self.beta_2, out=s)
        m += s

    def get_config(self):
        return {**super().get_config(), "beta_1": self.beta_1, "beta_2": self.beta_2}
