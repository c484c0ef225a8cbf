"""RMSprop (Keras 3 ``keras.optimizers.RMSprop``)."""

from __future__ import annotations

from .. import backend as B
from . import fused
from .base import Optimizer, check_range


class RMSprop(Optimizer):
    """Divide the gradient by a running root mean square of recent gradients (Keras 3 maths).

    ``v = rho * v + (1 - rho) * g**2``; plain: ``den = v + epsilon``; centered:
    ``a = rho * a + (1 - rho) * g`` and ``den = v - a**2 + epsilon``.
    ``increment = lr * g / sqrt(den)`` (epsilon inside the square root, as Keras; numpy-ml and
    PyTorch add it outside). With ``momentum > 0``: ``mom = momentum * mom + increment`` and
    ``w -= mom``; otherwise ``w -= increment``.

    Args:
        learning_rate: step size, default 0.001.
        rho: discount of the running averages, in [0, 1], default 0.9.
        momentum: in [0, 1], default 0.0 (a momentum slot is kept only when > 0).
        epsilon: > 0 (Keras 3 refuses 0), added inside the square root, default 1e-7.
        centered: normalise by the estimated variance instead of the second moment.
        **kwargs: the base arguments (``weight_decay``, ``clipnorm``, ``lr``, ...).

    State per variable (shape of the variable): ``velocity``, plus ``momentum`` and
    ``average_gradient`` when used.
    """

    _decaying_slots = ("velocity", "momentum", "average_gradient")

    elementwise_update = True
    fused_update = True

    def __init__(self, learning_rate=0.001, rho=0.9, momentum=0.0, epsilon=1e-7, centered=False,
                 **kwargs):
        super().__init__(learning_rate=learning_rate, **kwargs)
        self.rho = check_range("RMSprop", "rho", rho, 0, 1)
        self.momentum = check_range("RMSprop", "momentum", momentum, 0, 1)
        self.epsilon = check_range("RMSprop", "epsilon", epsilon, 0, float("inf"), low_open=True)
        self.centered = bool(centered)

    def build_slots(self, var):
        slots = {"velocity": self._slot(var, "velocity")}
        if self.momentum > 0:
            slots["momentum"] = self._slot(var, "momentum")
        if self.centered:
            slots["average_gradient"] = self._slot(var, "average_gradient")
        return slots

    def update_step(self, grad, var, lr, slots):
        rho, v = self.rho, slots["velocity"]
        code = fused.dtype_code(grad, var, *slots.values())
        if code and fused.rmsprop(code, grad, var, v, slots["average_gradient"] if self.centered else None,
                                  slots["momentum"] if self.momentum > 0 else None, lr, rho, self.momentum,
                                  self.epsilon):
            return
        xp = B.get_array_module(var)
        (t,) = self._scratch(var, 1)
        xp.multiply(grad, grad, out=t)
        t *= 1.0 - rho
        v *= rho
        v += t  # v = rho * v + (1 - rho) * g**2
        if self.centered:
            a = slots["average_gradient"]
            xp.multiply(grad, 1.0 - rho, out=t)
            a *= rho
            a += t  # a = rho * a + (1 - rho) * g
            xp.multiply(a, a, out=t)
            xp.subtract(v, t, out=t)
            t += self.epsilon  # v - a**2 + eps
        else:
            xp.add(v, self.epsilon, out=t)
        xp.sqrt(t, out=t)
        xp.divide(grad, t, out=t)
        t *= lr  # increment = lr * g / sqrt(den)
        if self.momentum > 0:
            mom = slots["momentum"]
            mom *= self.momentum
            mom += t
            var -= mom
        else:
            var -= t

    def get_config(self):
        return {**super().get_config(), "rho": self.rho, "momentum": self.momentum,
                "epsilon": self.epsilon, "centered": self.centered}
