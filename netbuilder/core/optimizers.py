"""Optimizers (Keras 3 names, defaults and update rules).

An optimizer updates a list of parameter arrays in place from their gradients:
``opt.apply(grads, variables)``. Per-variable state (momentums, accumulators) is created on
the first call (``build``), one slot list per variable, in the order the variables are
given. ``learning_rate`` is settable at any time (ReduceLROnPlateau, the UI); ``lr=`` is
accepted as the legacy alias the tutorial uses.
"""

from __future__ import annotations

import numpy as np

from . import backend as B
from .registry import OPTIMIZERS


class Optimizer:
    """Base class.

    Args:
        learning_rate: step size (float).
        clipnorm: clip each gradient to this L2 norm.
        clipvalue: clip each gradient element to ``[-clipvalue, clipvalue]``.
        global_clipnorm: clip all gradients jointly to this global L2 norm.
        weight_decay: decoupled weight decay ``w -= lr * wd * w`` applied before the step.
        lr: legacy alias of ``learning_rate``.
    """

    default_learning_rate = 0.001

    def __init__(self, learning_rate=None, weight_decay=None, clipnorm=None, clipvalue=None,
                 global_clipnorm=None, name=None, lr=None, **kwargs):
        kwargs.pop("decay", None)
        kwargs.pop("use_ema", None)
        kwargs.pop("ema_momentum", None)
        kwargs.pop("ema_overwrite_frequency", None)
        kwargs.pop("loss_scale_factor", None)
        kwargs.pop("gradient_accumulation_steps", None)
        if kwargs:
            raise TypeError(f"{type(self).__name__}: unexpected keyword argument(s): {', '.join(sorted(kwargs))}")
        if learning_rate is None:
            learning_rate = lr if lr is not None else self.default_learning_rate
        self.learning_rate = learning_rate
        if sum(v is not None for v in (clipnorm, clipvalue, global_clipnorm)) > 1:
            raise ValueError("only one of clipnorm, clipvalue and global_clipnorm can be set")
        self.clipnorm = clipnorm
        self.clipvalue = clipvalue
        self.global_clipnorm = global_clipnorm
        self.weight_decay = weight_decay
        self.name = name or type(self).__name__.lower()
        self.iterations = 0
        self._slots: list[dict] | None = None

    @property
    def learning_rate(self) -> float:
        return self._learning_rate

    @learning_rate.setter
    def learning_rate(self, value) -> None:
        value = float(value)
        if not np.isfinite(value) or value < 0:
            raise ValueError(f"learning_rate must be a finite number >= 0, got {value!r}")
        self._learning_rate = value

    lr = learning_rate

    # -------------------------------------------------------------- state
    def build(self, variables) -> None:
        """Create per-variable state; subclasses fill ``self._slots[i]`` via ``build_slots``."""
        self._slots = [self.build_slots(v) for v in variables]

    def build_slots(self, var) -> dict:
        return {}

    def _zeros_like(self, var):
        return B.get_array_module(var).zeros_like(var)

    # -------------------------------------------------------------- update
    def _clip(self, grads):
        xp = B.xp()
        if self.clipvalue is not None:
            c = float(self.clipvalue)
            grads = [xp.clip(g, -c, c) for g in grads]
        if self.clipnorm is not None:
            out = []
            for g in grads:
                n = float(xp.sqrt((g * g).sum()))
                out.append(g * (self.clipnorm / n) if n > self.clipnorm else g)
            grads = out
        if self.global_clipnorm is not None:
            n = float(np.sqrt(sum(float((g * g).sum()) for g in grads)))
            if n > self.global_clipnorm:
                grads = [g * (self.global_clipnorm / n) for g in grads]
        return grads

    def apply(self, grads, variables) -> None:
        """One step: update each of ``variables`` in place with its gradient."""
        grads = list(grads)
        variables = list(variables)
        if self._slots is None or len(self._slots) != len(variables):
            self.build(variables)
        if self.clipvalue is not None or self.clipnorm is not None or self.global_clipnorm is not None:
            grads = self._clip(grads)
        self.iterations += 1
        lr = self._learning_rate
        for i, (g, v) in enumerate(zip(grads, variables)):
            if g is None:
                continue
            if self.weight_decay:
                v -= (lr * float(self.weight_decay)) * v
            self.update_step(g, v, lr, self._slots[i])

    apply_gradients_list = apply

    def apply_gradients(self, grads_and_vars) -> None:
        """Keras-style ``apply_gradients([(grad, var), ...])``."""
        pairs = list(grads_and_vars)
        self.apply([g for g, _ in pairs], [v for _, v in pairs])

    def update_step(self, grad, var, lr, slots) -> None:
        raise NotImplementedError

    # -------------------------------------------------------------- saving
    def get_state(self) -> dict:
        """Optimizer state as ``{"iterations": n, "<i>/<slot>": array}`` (NumPy)."""
        state = {"iterations": np.asarray(self.iterations)}
        for i, slots in enumerate(self._slots or []):
            for k, a in slots.items():
                state[f"{i}/{k}"] = B.to_numpy(a)
        return state

    def set_state(self, state: dict, variables) -> None:
        """Restore ``get_state()`` output for ``variables`` (shapes are checked)."""
        self.build(list(variables))
        self.iterations = int(np.asarray(state.get("iterations", 0)))
        for key, value in state.items():
            if key == "iterations":
                continue
            idx, slot = key.split("/", 1)
            idx = int(idx)
            if idx >= len(self._slots) or slot not in self._slots[idx]:
                raise ValueError(f"optimizer state entry {key!r} does not match the model's weights")
            cur = self._slots[idx][slot]
            if tuple(cur.shape) != tuple(np.shape(value)):
                raise ValueError(f"optimizer state {key!r}: shape {np.shape(value)} != {tuple(cur.shape)}")
            cur[...] = B.asarray(value, dtype=cur.dtype)

    def get_config(self) -> dict:
        return {"name": self.name, "learning_rate": self._learning_rate,
                "weight_decay": self.weight_decay, "clipnorm": self.clipnorm,
                "clipvalue": self.clipvalue, "global_clipnorm": self.global_clipnorm}

    @classmethod
    def from_config(cls, config):
        return cls(**config)


class SGD(Optimizer):
    """Stochastic gradient descent with optional momentum and Nesterov momentum (Keras 3):

    ``m = momentum * m - lr * g``; plain: ``w += m``; nesterov: ``w += momentum * m - lr * g``.
    Without momentum: ``w -= lr * g``. Defaults: ``learning_rate=0.01, momentum=0.0``.
    """

    default_learning_rate = 0.01

    def __init__(self, learning_rate=None, momentum=0.0, nesterov=False, **kwargs):
        super().__init__(learning_rate=learning_rate, **kwargs)
        if not 0 <= momentum <= 1:
            raise ValueError(f"momentum must be in [0, 1], got {momentum!r}")
        self.momentum = float(momentum)
        self.nesterov = bool(nesterov)

    def build_slots(self, var):
        return {"momentum": self._zeros_like(var)} if self.momentum else {}

    def update_step(self, grad, var, lr, slots):
        if not self.momentum:
            var -= lr * grad
            return
        m = slots["momentum"]
        m *= self.momentum
        m -= lr * grad
        if self.nesterov:
            var += self.momentum * m - lr * grad
        else:
            var += m

    def get_config(self):
        return {**super().get_config(), "momentum": self.momentum, "nesterov": self.nesterov}


OPTIMIZERS.register(SGD, name="SGD", aliases=("sgd",))


def get(identifier) -> Optimizer:
    """Resolve ``"rmsprop"``, ``"adam"``, a config dict or an instance."""
    return OPTIMIZERS.get(identifier, instance_types=(Optimizer,))


def serialize(opt: Optimizer) -> dict:
    return {"class_name": type(opt).__name__, "config": opt.get_config()}
