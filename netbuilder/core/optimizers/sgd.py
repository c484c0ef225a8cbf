"""SGD (Keras 3 ``keras.optimizers.SGD``)."""

from __future__ import annotations

from .. import backend as B
from . import fused
from .base import Optimizer, check_range


class SGD(Optimizer):
    """Stochastic gradient descent with optional (Nesterov) momentum, as Keras 3 computes it.

    Without momentum: ``w -= lr * g``. With momentum:
    ``m = momentum * m - lr * g``; then ``w += m``, or with ``nesterov=True``
    ``w += momentum * m - lr * g``.

    Args:
        learning_rate: step size, default 0.01.
        momentum: float in [0, 1], default 0.0 (no momentum state is kept when 0).
        nesterov: use Nesterov momentum, default False.
        **kwargs: the base arguments (``weight_decay``, ``clipnorm``, ``lr``, ...).
    """

    default_learning_rate = 0.01
    _decaying_slots = ("momentum",)

    elementwise_update = True
    fused_update = True

    def __init__(self, learning_rate=0.01, momentum=0.0, nesterov=False, **kwargs):
        super().__init__(learning_rate=learning_rate, **kwargs)
        self.momentum = check_range("SGD", "momentum", momentum, 0, 1)
        self.nesterov = bool(nesterov)

    def build_slots(self, var):
        return {"momentum": self._slot(var, "momentum")} if self.momentum else {}

    def update_step(self, grad, var, lr, slots):
        code = fused.dtype_code(grad, var, *slots.values())
        if code and fused.sgd(code, grad, var, slots["momentum"] if self.momentum else None, lr, self.momentum,
                              self.nesterov):
            return
        xp = B.get_array_module(var)
        if not self.momentum:
            (t,) = self._scratch(var, 1)
            xp.multiply(grad, lr, out=t)
            var -= t
            return
        m = slots["momentum"]
        t, u = self._scratch(var, 2)
        xp.multiply(grad, lr, out=t)  # lr * g
        m *= self.momentum
        m -= t  # m = momentum * m - lr * g
        if self.nesterov:
            xp.multiply(m, self.momentum, out=u)
            u -= t
            var += u  # w += momentum * m - lr * g
        else:
            var += m

    def get_config(self):
        return {**super().get_config(), "momentum": self.momentum, "nesterov": self.nesterov}
