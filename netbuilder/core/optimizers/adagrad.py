"""Accumulator optimizers: Adagrad, Adadelta and Ftrl (Keras 3 maths)."""

from __future__ import annotations

from .. import backend as B
from .. import validate
from .base import Optimizer, check_range

_INF = float("inf")


class Adagrad(Optimizer):
    """Per-parameter steps shrinking with the sum of past squared gradients (Keras 3).

    ``acc += g**2``; ``w -= lr * g / sqrt(acc + epsilon)`` (epsilon inside the root, as Keras).

    Args:
        learning_rate: step size, default 0.001 (Adagrad usually wants larger, e.g. 0.01–1.0).
        initial_accumulator_value: starting value of ``acc`` (>= 0), default 0.1.
        epsilon: added under the square root, default 1e-7.
        **kwargs: the base arguments (``weight_decay``, ``clipnorm``, ``lr``, ...).

    State per variable: ``accumulator`` (never decays, so no subnormal flushing is needed).
    """

    elementwise_update = True

    def __init__(self, learning_rate=0.001, initial_accumulator_value=0.1, epsilon=1e-7, **kwargs):
        super().__init__(learning_rate=learning_rate, **kwargs)
        self.initial_accumulator_value = check_range(
            "Adagrad", "initial_accumulator_value", initial_accumulator_value, 0, _INF)
        self.epsilon = check_range("Adagrad", "epsilon", epsilon, 0, _INF)
        self._slot_init = {"accumulator": self.initial_accumulator_value}

    def build_slots(self, var):
        return {"accumulator": self._slot(var, "accumulator")}

    def update_step(self, grad, var, lr, slots):
        xp = B.get_array_module(var)
        acc = slots["accumulator"]
        (t,) = self._scratch(var, 1)
        xp.multiply(grad, grad, out=t)
        acc += t
        xp.add(acc, self.epsilon, out=t)
        xp.sqrt(t, out=t)
        xp.divide(grad, t, out=t)
        t *= lr
        var -= t

    def get_config(self):
        return {**super().get_config(), "initial_accumulator_value": self.initial_accumulator_value,
                "epsilon": self.epsilon}


class Adadelta(Optimizer):
    """Adadelta: steps scaled by the ratio of running RMS of updates and of gradients (Keras 3).

    With ``rms(x) = sqrt(x + epsilon)``::

        acc_g = rho * acc_g + (1 - rho) * g**2
        delta = -rms(acc_d) * g / rms(acc_g)
        acc_d = rho * acc_d + (1 - rho) * delta**2
        w += lr * delta

    Args:
        learning_rate: default 0.001 (the paper's form is ``learning_rate=1.0``).
        rho: decay of the running averages, in [0, 1], default 0.95.
        epsilon: default 1e-7.
        **kwargs: the base arguments (``weight_decay``, ``clipnorm``, ``lr``, ...).

    State per variable: ``accumulated_grad``, ``accumulated_delta_var``.
    """

    _decaying_slots = ("accumulated_grad", "accumulated_delta_var")

    elementwise_update = True

    def __init__(self, learning_rate=0.001, rho=0.95, epsilon=1e-7, **kwargs):
        super().__init__(learning_rate=learning_rate, **kwargs)
        self.rho = check_range("Adadelta", "rho", rho, 0, 1)
        self.epsilon = check_range("Adadelta", "epsilon", epsilon, 0, _INF)

    def build_slots(self, var):
        return {"accumulated_grad": self._slot(var, "accumulated_grad"),
                "accumulated_delta_var": self._slot(var, "accumulated_delta_var")}

    def update_step(self, grad, var, lr, slots):
        xp = B.get_array_module(var)
        rho, eps = self.rho, self.epsilon
        acc_g, acc_d = slots["accumulated_grad"], slots["accumulated_delta_var"]
        t, u = self._scratch(var, 2)
        xp.multiply(grad, grad, out=t)
        t *= 1.0 - rho
        acc_g *= rho
        acc_g += t
        xp.add(acc_d, eps, out=t)
        xp.sqrt(t, out=t)
        t *= grad
        xp.add(acc_g, eps, out=u)
        xp.sqrt(u, out=u)
        t /= u  # t = -delta
        xp.multiply(t, t, out=u)
        u *= 1.0 - rho
        acc_d *= rho
        acc_d += u
        t *= lr
        var -= t

    def get_config(self):
        return {**super().get_config(), "rho": self.rho, "epsilon": self.epsilon}


class Ftrl(Optimizer):
    """Follow-the-regularized-leader (McMahan et al., 2013), Keras 3's update.

    With ``p = -learning_rate_power`` (0.5 by default) and
    ``l2 = l2_regularization_strength + beta / (2 * lr)``::

        g2 = g + 2 * l2_shrinkage_regularization_strength * w
        new_acc = acc + g**2
        linear += g2 - (new_acc**p - acc**p) / lr * w
        quadratic = new_acc**p / lr + 2 * l2
        w = (clip(linear, -l1, l1) - linear) / quadratic
        acc = new_acc

    Args:
        learning_rate: default 0.001 (must be > 0 at every step).
        learning_rate_power: <= 0, default -0.5.
        initial_accumulator_value: >= 0, default 0.1.
        l1_regularization_strength, l2_regularization_strength,
        l2_shrinkage_regularization_strength: >= 0, default 0.0.
        beta: default 0.0.
        **kwargs: the base arguments (``weight_decay``, ``clipnorm``, ``lr``, ...).

    State per variable: ``accumulator``, ``linear`` (neither decays geometrically).
    """

    elementwise_update = True

    def __init__(self, learning_rate=0.001, learning_rate_power=-0.5, initial_accumulator_value=0.1,
                 l1_regularization_strength=0.0, l2_regularization_strength=0.0,
                 l2_shrinkage_regularization_strength=0.0, beta=0.0, **kwargs):
        super().__init__(learning_rate=learning_rate, **kwargs)
        self.learning_rate_power = check_range("Ftrl", "learning_rate_power", learning_rate_power,
                                               -_INF, 0)
        self.initial_accumulator_value = check_range(
            "Ftrl", "initial_accumulator_value", initial_accumulator_value, 0, _INF)
        self.l1_regularization_strength = check_range(
            "Ftrl", "l1_regularization_strength", l1_regularization_strength, 0, _INF)
        self.l2_regularization_strength = check_range(
            "Ftrl", "l2_regularization_strength", l2_regularization_strength, 0, _INF)
        self.l2_shrinkage_regularization_strength = check_range(
            "Ftrl", "l2_shrinkage_regularization_strength", l2_shrinkage_regularization_strength, 0, _INF)
        self.beta = check_range("Ftrl", "beta", beta, -_INF, _INF)
        self._slot_init = {"accumulator": self.initial_accumulator_value}

    def build_slots(self, var):
        return {"accumulator": self._slot(var, "accumulator"), "linear": self._slot(var, "linear")}

    def _power(self, xp, x, out):
        p = -self.learning_rate_power
        if p == 0.5:
            return xp.sqrt(x, out=out)
        return xp.power(x, p, out=out)

    def update_step(self, grad, var, lr, slots):
        if lr <= 0:
            validate.fail(lr, "learning_rate", "> 0 (its update divides by it)", where="Ftrl",
                          code="optimizer_arg_range", argument="learning_rate")
        xp = B.get_array_module(var)
        acc, linear = slots["accumulator"], slots["linear"]
        t, u = self._scratch(var, 2)
        self._power(xp, acc, out=t)  # acc**p
        xp.multiply(grad, grad, out=u)
        acc += u  # acc is new_acc from here on
        self._power(xp, acc, out=u)  # new_acc**p
        xp.subtract(u, t, out=t)
        t *= var
        t /= lr
        linear -= t
        linear += grad
        if self.l2_shrinkage_regularization_strength:
            xp.multiply(var, 2.0 * self.l2_shrinkage_regularization_strength, out=t)
            linear += t
        u /= lr
        u += 2.0 * (self.l2_regularization_strength + self.beta / (2.0 * lr))  # quadratic
        l1 = self.l1_regularization_strength
        xp.clip(linear, -l1, l1, out=t)
        t -= linear
        xp.divide(t, u, out=var)

    def get_config(self):
        return {**super().get_config(), "learning_rate_power": self.learning_rate_power,
                "initial_accumulator_value": self.initial_accumulator_value,
                "l1_regularization_strength": self.l1_regularization_strength,
                "l2_regularization_strength": self.l2_regularization_strength,
                "l2_shrinkage_regularization_strength": self.l2_shrinkage_regularization_strength,
                "beta": self.beta}
