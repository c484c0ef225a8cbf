"""The Adam family: Adam, AdamW, Adamax and Nadam (Keras 3 maths).

Per-step scalars (bias corrections, Nadam's momentum schedule) are computed in Python float64
from the 1-based step ``t = optimizer.iterations``. Keras 3 computes them in the variable's
dtype; in float32 ``1 - 0.999**t`` carries a relative rounding error up to ~1e-5 in the first
steps, so netbuilder's numbers are the exact formula and may differ from Keras's float32 run in
the 6th significant digit.
"""

from __future__ import annotations

import math

from .. import backend as B
from ..errors import ConfigError
from . import fused
from .base import Optimizer, check_range

_INF = float("inf")


def _adam_moments(xp, grad, m, v, t, beta_1, beta_2):
    """Keras's in-place moment updates ``m += (g - m)(1 - b1)``, ``v += (g**2 - v)(1 - b2)``."""
    xp.subtract(grad, m, out=t)
    t *= 1.0 - beta_1
    m += t
    xp.multiply(grad, grad, out=t)
    t -= v
    t *= 1.0 - beta_2
    v += t


class Adam(Optimizer):
    """Adam (Kingma & Ba, 2014) in Keras 3's form (epsilon "hat", bias correction folded in lr).

    With ``t`` the 1-based step::

        m += (g - m) * (1 - beta_1)
        v += (g**2 - v) * (1 - beta_2)
        v_hat = max(v_hat, v)                   # amsgrad only; then v_hat replaces v below
        alpha = lr * sqrt(1 - beta_2**t) / (1 - beta_1**t)
        w -= alpha * m / (sqrt(v) + epsilon)

    Args:
        learning_rate: step size, default 0.001.
        beta_1: decay of the first moment, in [0, 1), default 0.9.
        beta_2: decay of the second moment, in [0, 1), default 0.999.
        epsilon: added to ``sqrt(v)``, default 1e-7.
        amsgrad: keep the running maximum of ``v`` (Reddi et al., 2018), default False.
        **kwargs: the base arguments (``weight_decay``, ``clipnorm``, ``lr``, ...).

    State per variable: ``momentum``, ``velocity`` (and ``velocity_hat`` with amsgrad).
    """

    _decaying_slots = ("momentum", "velocity", "velocity_hat")

    elementwise_update = True
    fused_update = True

    def __init__(self, learning_rate=0.001, beta_1=0.9, beta_2=0.999, epsilon=1e-7, amsgrad=False,
                 **kwargs):
        super().__init__(learning_rate=learning_rate, **kwargs)
        owner = type(self).__name__
        self.beta_1 = check_range(owner, "beta_1", beta_1, 0, 1, high_open=True)
        self.beta_2 = check_range(owner, "beta_2", beta_2, 0, 1, high_open=True)
        self.epsilon = check_range(owner, "epsilon", epsilon, 0, _INF)
        self.amsgrad = bool(amsgrad)

    def build_slots(self, var):
        names = ("momentum", "velocity", "velocity_hat") if self.amsgrad else ("momentum", "velocity")
        return {n: self._slot(var, n) for n in names}

    def update_step(self, grad, var, lr, slots):
        step = self.iterations
        m, v = slots["momentum"], slots["velocity"]
        alpha = lr * math.sqrt(1.0 - self.beta_2 ** step) / (1.0 - self.beta_1 ** step)
        code = fused.dtype_code(grad, var, *slots.values())
        if code and fused.adam(code, grad, var, m, v, slots["velocity_hat"] if self.amsgrad else None, alpha,
                               self.beta_1, self.beta_2, self.epsilon):
            return
        xp = B.get_array_module(var)
        (t,) = self._scratch(var, 1)
        _adam_moments(xp, grad, m, v, t, self.beta_1, self.beta_2)
        if self.amsgrad:
            v_hat = slots["velocity_hat"]
            xp.maximum(v_hat, v, out=v_hat)
            v = v_hat
        xp.sqrt(v, out=t)
        t += self.epsilon
        xp.divide(m, t, out=t)
        t *= alpha
        var -= t

    def get_config(self):
        return {**super().get_config(), "beta_1": self.beta_1, "beta_2": self.beta_2,
                "epsilon": self.epsilon, "amsgrad": self.amsgrad}


class AdamW(Adam):
    """Adam with decoupled weight decay (Loshchilov & Hutter, 2019), as Keras 3 applies it.

    Before the Adam step of ``Adam`` above, each weight is decayed by the current learning
    rate: ``w -= w * weight_decay * lr`` (Keras 3's base-optimizer weight decay; the decay does
    not pass through ``m`` and ``v``).

    Args:
        learning_rate: default 0.001.
        weight_decay: default 0.004; must be a number (None is refused, as in Keras).
        beta_1, beta_2, epsilon, amsgrad: as ``Adam``.
        **kwargs: the remaining base arguments.
    """

    def __init__(self, learning_rate=0.001, weight_decay=0.004, beta_1=0.9, beta_2=0.999,
                 epsilon=1e-7, amsgrad=False, **kwargs):
        if weight_decay is None:
            raise ConfigError("AdamW: weight_decay must be a float, got None; use Adam for no decay",
                              code="optimizer_arg_range", arg="weight_decay", argument="weight_decay",
                              value="None")
        super().__init__(learning_rate=learning_rate, beta_1=beta_1, beta_2=beta_2, epsilon=epsilon,
                         amsgrad=amsgrad, weight_decay=weight_decay, **kwargs)


class Adamax(Optimizer):
    """Adamax: Adam with the infinity norm (Kingma & Ba, 2014, section 7.1), Keras 3's form.

    ::

        m += (g - m) * (1 - beta_1)
        u = max(beta_2 * u, |g|)
        w -= lr * m / ((1 - beta_1**t) * (u + epsilon))

    Args:
        learning_rate: default 0.001.
        beta_1: in [0, 1), default 0.9.  beta_2: in [0, 1), default 0.999.
        epsilon: added to ``u``, default 1e-7.
        **kwargs: the base arguments.

    State per variable: ``momentum``, ``norm``.
    """

    _decaying_slots = ("momentum", "norm")

    elementwise_update = True

    def __init__(self, learning_rate=0.001, beta_1=0.9, beta_2=0.999, epsilon=1e-7, **kwargs):
        super().__init__(learning_rate=learning_rate, **kwargs)
        self.beta_1 = check_range("Adamax", "beta_1", beta_1, 0, 1, high_open=True)
        self.beta_2 = check_range("Adamax", "beta_2", beta_2, 0, 1, high_open=True)
        self.epsilon = check_range("Adamax", "epsilon", epsilon, 0, _INF)

    def build_slots(self, var):
        return {"momentum": self._slot(var, "momentum"), "norm": self._slot(var, "norm")}

    def update_step(self, grad, var, lr, slots):
        xp = B.get_array_module(var)
        m, u = slots["momentum"], slots["norm"]
        (t,) = self._scratch(var, 1)
        xp.subtract(grad, m, out=t)
        t *= 1.0 - self.beta_1
        m += t
        xp.abs(grad, out=t)
        u *= self.beta_2
        xp.maximum(u, t, out=u)
        xp.add(u, self.epsilon, out=t)
        xp.divide(m, t, out=t)
        t *= lr / (1.0 - self.beta_1 ** self.iterations)
        var -= t

    def get_config(self):
        return {**super().get_config(), "beta_1": self.beta_1, "beta_2": self.beta_2,
                "epsilon": self.epsilon}


class Nadam(Optimizer):
    """Nadam: Adam with Nesterov momentum (Dozat, 2015), with Keras 3's momentum schedule.

    With ``mu(s) = beta_1 * (1 - 0.5 * 0.96**s)`` and ``P_t = mu(1) * ... * mu(t)`` (the
    ``u_product`` state, updated once per step)::

        m += (g - m) * (1 - beta_1)
        v += (g**2 - v) * (1 - beta_2)
        m_hat = mu(t+1) * m / (1 - P_t * mu(t+1)) + (1 - mu(t)) * g / (1 - P_t)
        v_hat = v / (1 - beta_2**t)
        w -= lr * m_hat / (sqrt(v_hat) + epsilon)

    Args:
        learning_rate: default 0.001.
        beta_1: in [0, 1), default 0.9.  beta_2: in [0, 1), default 0.999.
        epsilon: added to ``sqrt(v_hat)``, default 1e-7.
        **kwargs: the base arguments.

    State: ``momentum``, ``velocity`` per variable, and the scalar ``u_product``.
    """

    _decaying_slots = ("momentum", "velocity")

    elementwise_update = True

    def __init__(self, learning_rate=0.001, beta_1=0.9, beta_2=0.999, epsilon=1e-7, **kwargs):
        super().__init__(learning_rate=learning_rate, **kwargs)
        self.beta_1 = check_range("Nadam", "beta_1", beta_1, 0, 1, high_open=True)
        self.beta_2 = check_range("Nadam", "beta_2", beta_2, 0, 1, high_open=True)
        self.epsilon = check_range("Nadam", "epsilon", epsilon, 0, _INF)
        self.u_product = 1.0

    def _mu(self, step):
        return self.beta_1 * (1.0 - 0.5 * 0.96 ** step)

    def _begin_step(self):
        self.u_product *= self._mu(self.iterations)

    def build_slots(self, var):
        return {"momentum": self._slot(var, "momentum"), "velocity": self._slot(var, "velocity")}

    def update_step(self, grad, var, lr, slots):
        xp = B.get_array_module(var)
        step = self.iterations
        m, v = slots["momentum"], slots["velocity"]
        t, s = self._scratch(var, 2)
        _adam_moments(xp, grad, m, v, t, self.beta_1, self.beta_2)
        mu_t, mu_next = self._mu(step), self._mu(step + 1)
        xp.multiply(m, mu_next / (1.0 - self.u_product * mu_next), out=t)
        xp.multiply(grad, (1.0 - mu_t) / (1.0 - self.u_product), out=s)
        t += s  # m_hat
        xp.divide(v, 1.0 - self.beta_2 ** step, out=s)
        xp.sqrt(s, out=s)
        s += self.epsilon
        t /= s
        t *= lr
        var -= t

    def _extra_state(self):
        return {"u_product": self.u_product}

    def _set_extra_state(self, key, value):
        if key != "u_product":
            return False
        self.u_product = float(value)
        return True

    def get_config(self):
        return {**super().get_config(), "beta_1": self.beta_1, "beta_2": self.beta_2,
                "epsilon": self.epsilon}
