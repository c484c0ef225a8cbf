"""The optimizer base class: clipping, weight decay, per-variable state, saving.

An optimizer updates a list of parameter arrays in place from their gradients:
``opt.apply(grads, variables)``. Per-variable state (momentums, accumulators) is created once,
on the first call (``build``), one slot dict per variable, in the order the variables are
given. ``learning_rate`` is settable at any time (ReduceLROnPlateau, the UI) and takes effect
on the next step; ``lr=`` is accepted as the legacy alias the tutorial uses.

Performance notes (the hot path of every training step):

* Updates run in place with ``out=`` ufunc arguments; temporaries come from one reusable
  scratch buffer per dtype and thread (``_scratch``), so update steps allocate nothing after the
  first (clipping, when asked for, still makes new gradient arrays).
* RMSprop, Adam (AdamW) and SGD run their update as one compiled loop when the optional
  extension is built (:mod:`.fused`: bit-identical results, one pass over memory instead of up
  to twelve); what follows is the NumPy code every optimizer falls back to.
* Element-wise rules (``elementwise_update = True``: every built-in optimizer) on a large
  C-contiguous NumPy variable run over flat slices in a few threads (``layers._parallel``'s
  ``batch_map``, the engine's thread budget): NumPy releases the GIL inside its loops and BLAS
  is idle between steps, so RMSprop's nine passes over MNIST's 784x512 kernel run on both cores
  of a 2-core machine. Each element is computed by the same ufuncs as serially, so results are
  bit-identical; one thread (``OPENBLAS_NUM_THREADS=1``, a busy machine) runs serially.
* Hyper-parameters and per-step scalars are Python floats, so float32 arrays stay float32
  (a NumPy ``float64`` scalar would upcast under NumPy 2's promotion rules).
* Subnormal flushing: decaying state (``v *= rho`` with a zero gradient, as for the input
  weights of words absent from a batch) drifts into subnormal floats, where x86 arithmetic is
  tens of times slower (measured 50x for a float32 multiply) and never leaves them (``k * 0.9``
  rounds back to ``k`` for the smallest subnormals). Every ``flush_every`` (16) steps, entries
  of the slots named in ``_decaying_slots`` with ``|x| < 1e-30`` are set to 0: three cheap passes
  amortised over 16 steps. Any entry above 1e-30 needs more than 16 steps at a decay >= 0.32
  to reach the subnormal range (1.2e-38), and faster decays round to exact 0 by themselves,
  so no entry stays subnormal. The effect on the maths is below float32 resolution: a flushed
  value (< 1e-30, square root < 1e-15) is negligible beside ``epsilon`` (1e-7) in every
  denominator it enters, and a flushed momentum moves a weight by < lr * 1e-23.
  Flushing is skipped when ``epsilon == 0`` (a flushed velocity could then divide by zero).
"""

from __future__ import annotations

import math
import os
import sys
import threading
import warnings

import numpy as np

from .. import backend as B
from .. import validate
from ..errors import ConfigError
from ..layers import _parallel
from . import fused

FLUSH_THRESHOLD = 1e-30
_SCRATCH_LOCK = threading.Lock()

# Keras 3 base arguments netbuilder accepts but does not implement: refused when switched on.
_UNSUPPORTED = ("use_ema", "loss_scale_factor", "gradient_accumulation_steps", "ema_overwrite_frequency")


def check_range(owner, name, value, low, high, *, low_open=False, high_open=False) -> float:
    """``float(value)`` after checking ``low <(=) value <(=) high`` (``validate.number``'s policy:
    bools, NaN and inf refused); a ``ConfigError`` with code ``optimizer_arg_range`` otherwise.

    The error's params hold ``arg``, ``value``, ``interval`` and ``argument`` (the name again,
    which the translated template and the project file check read).
    """
    interval = f"{'(' if low_open else '['}{low}, {high}{')' if high_open else ']'}"
    return validate.number(value, name, where=owner, lo=low, hi=high, lo_open=low_open,
                           hi_open=high_open, must=f"a number in {interval}",
                           code="optimizer_arg_range", argument=name, interval=interval)


def _user_stacklevel() -> int:
    """``stacklevel`` for a warning raised here that points at the first caller outside this package
    (``Adam.__init__`` -> ``Optimizer.__init__``: a fixed 2 would blame adam.py)."""
    here = os.path.dirname(os.path.abspath(__file__))
    level, frame = 1, sys._getframe(1)  # the function that calls warnings.warn (level 1), then up
    while frame is not None and os.path.dirname(os.path.abspath(frame.f_code.co_filename)) == here:
        frame, level = frame.f_back, level + 1
    return level


class Optimizer:
    """Base class of all optimizers (Keras 3 ``keras.optimizers.Optimizer``).

    Each step (``apply``) does, as Keras 3: clip the gradients, decay the weights
    ``w -= w * weight_decay * lr`` (current ``lr``), then the subclass's ``update_step``.

    Args:
        learning_rate: step size (float >= 0); subclasses carry Keras's default.
        weight_decay: decoupled weight decay coefficient, applied to every variable with a
            gradient before the step (Keras 3 does this for every optimizer).
        clipnorm: rescale each gradient whose L2 norm exceeds this to norm ``clipnorm``.
        clipvalue: clip each gradient element to ``[-clipvalue, clipvalue]``.
        global_clipnorm: rescale all gradients together when their joint L2 norm exceeds this.
            At most one of the three clipping arguments may be set.
        name: a name for the optimizer (default: the class name in lower case).
        lr: legacy (Keras 2) alias of ``learning_rate``.
    """

    default_learning_rate = 0.001
    flush_every = 16  # steps between subnormal flushes (0 disables)
    _decaying_slots: tuple = ()  # slot names whose entries decay towards 0 with zero gradients
    _slot_init: dict = {}  # slot name -> constant initial value (default 0)
    #: True when ``update_step`` computes each element from the same element of its arrays only
    #: (no norms, sums or shape-dependent logic), so ``apply`` may run it over slices in threads
    elementwise_update = False
    #: True when ``update_step`` hands eligible arrays to a compiled one-pass kernel (``fused``):
    #: those updates run unsplit (one pass is short enough that threads measured no faster)
    fused_update = False

    def __init__(self, learning_rate=None, weight_decay=None, clipnorm=None, clipvalue=None,
                 global_clipnorm=None, name=None, lr=None, **kwargs):
        owner = type(self).__name__
        if kwargs.pop("decay", None) is not None:  # Keras 3 warns and ignores it, too
            warnings.warn(f"{owner}: argument `decay` is no longer supported and is ignored; "
                          "use a LearningRateScheduler callback instead", stacklevel=_user_stacklevel())
        kwargs.pop("ema_momentum", None)
        for key in _UNSUPPORTED:
            if kwargs.pop(key, None):
                raise ConfigError(f"{owner}: {key} is not supported by netbuilder; leave it unset",
                                  code="optimizer_unsupported", argument=key)
        if kwargs:
            raise TypeError(f"{owner}: unexpected keyword argument(s): {', '.join(sorted(kwargs))}")
        if lr is not None:
            if learning_rate is not None and learning_rate not in (lr, self.default_learning_rate):
                raise ConfigError(f"{owner}: got both learning_rate={learning_rate!r} and its legacy "
                                  f"alias lr={lr!r}; pass only learning_rate",
                                  code="optimizer_lr_twice", learning_rate=learning_rate, lr=lr)
            learning_rate = lr
        self.learning_rate = self.default_learning_rate if learning_rate is None else learning_rate
        clips = {"clipnorm": clipnorm, "clipvalue": clipvalue, "global_clipnorm": global_clipnorm}
        given = [k for k, v in clips.items() if v is not None]
        if len(given) > 1:
            raise ConfigError(f"{owner}: only one of clipnorm, clipvalue and global_clipnorm can be "
                              f"set, got {', '.join(f'{k}={clips[k]!r}' for k in given)}",
                              code="optimizer_clip_twice", arguments=given)
        for k in given:
            clips[k] = check_range(owner, k, clips[k], 0, np.inf, low_open=True)
        self.clipnorm = clips["clipnorm"]
        self.clipvalue = clips["clipvalue"]
        self.global_clipnorm = clips["global_clipnorm"]
        self.weight_decay = None if weight_decay is None else check_range(
            owner, "weight_decay", weight_decay, 0, np.inf)
        self.name = name or owner.lower()
        self.iterations = 0
        self._slots: list[dict] | None = None
        self._buffers: dict = {}
        self._views: dict = {}  # (thread, array type, dtype, shape, n) -> scratch views (``_scratch``)
        self._caller = None  # id of the thread running ``apply`` (see ``_scratch``)
        self._workers = None  # threads for this step's split updates (see ``_update``)

    @property
    def learning_rate(self) -> float:
        """The current step size; assigning it takes effect on the next ``apply``."""
        return self._learning_rate

    @learning_rate.setter
    def learning_rate(self, value) -> None:
        self._learning_rate = check_range(type(self).__name__, "learning_rate", value, 0, np.inf)

    lr = learning_rate

    # -------------------------------------------------------------- state
    def build(self, variables) -> None:
        """Create the per-variable state: ``self._slots[i]`` from ``build_slots(variables[i])``."""
        self._slots = [self.build_slots(v) for v in variables]

    def build_slots(self, var) -> dict:
        """``{slot name: array like var}`` for one variable (override in subclasses)."""
        return {}

    def _slot(self, var, name):
        """A state array shaped and typed like ``var``, filled with ``_slot_init.get(name, 0)``."""
        xp = B.get_array_module(var)
        return xp.full(var.shape, self._slot_init.get(name, 0.0), dtype=var.dtype)

    def _scratch(self, var, n=1):
        """``n`` temporary arrays shaped like ``var``: views of one reusable buffer per dtype and
        thread. The thread running ``apply`` has one (whichever thread that is: the window trains
        in a new thread each run), each helper thread of a split update its own.

        The views are made once per (thread, array type, dtype, shape, ``n``) and handed out
        again on later steps: ``update_step`` asks for them for every variable of every step.
        """
        me = threading.get_ident()
        vkey = (me, type(var), var.dtype.str, var.shape, n)
        views = self._views.get(vkey)
        if views is None:
            with _SCRATCH_LOCK:  # the helper threads of a split update make theirs at the same time
                views = self._views[vkey] = self._new_scratch(var, n, me)
        return views

    def _new_scratch(self, var, n, me):
        xp = B.get_array_module(var)
        size = var.size
        key = (xp.__name__, var.dtype.str, None if me == self._caller else me)
        buf = self._buffers.get(key)
        if buf is None or buf.size < n * size:
            buf = self._buffers[key] = xp.empty(n * size, dtype=var.dtype)
            # views of the buffer this one replaces would keep it alive: drop this thread's
            self._views = {k: v for k, v in self._views.items() if k[0] != me or k[2] != var.dtype.str}
        return [buf[i * size:(i + 1) * size].reshape(var.shape) for i in range(n)]

    # -------------------------------------------------------------- update
    def _clip(self, grads):
        """Keras 3 ``_clip_gradients``: new arrays, the caller's gradients are left untouched."""
        if self.clipvalue is not None:
            c = self.clipvalue
            return [None if g is None else B.get_array_module(g).clip(g, -c, c) for g in grads]

        def sq_norm(g):
            flat = g.ravel()
            return float(B.get_array_module(g).dot(flat, flat))

        if self.clipnorm is not None:
            out = []
            for g in grads:
                n = 0.0 if g is None else math.sqrt(sq_norm(g))
                out.append(g * (self.clipnorm / n) if n > self.clipnorm else g)
            return out
        n = math.sqrt(sum(sq_norm(g) for g in grads if g is not None))
        if n > self.global_clipnorm:
            scale = self.global_clipnorm / n
            return [None if g is None else g * scale for g in grads]
        return grads

    def apply(self, grads, variables) -> None:
        """One step: update each of ``variables`` in place with its gradient (None: skipped).

        Args:
            grads: list of arrays, one per variable, same shapes (or None for no gradient).
            variables: list of float arrays updated in place; their dtype is kept.
        """
        grads = list(grads)
        variables = list(variables)
        if len(grads) != len(variables):
            raise ValueError(f"{type(self).__name__}.apply: got {len(grads)} gradients for "
                             f"{len(variables)} variables")
        if self._slots is None or len(self._slots) != len(variables):
            self.build(variables)
        if self.clipvalue is not None or self.clipnorm is not None or self.global_clipnorm is not None:
            grads = self._clip(grads)
        self.iterations += 1
        if self._caller != threading.get_ident():  # a new training thread: its views are made anew
            self._caller = threading.get_ident()
            self._views = {}
        self._workers = None  # looked up (about 5 µs) by the step's first variable big enough to split
        self._begin_step()
        lr = self._learning_rate
        keep = 1.0 - lr * self.weight_decay if self.weight_decay else None
        for i, (g, v) in enumerate(zip(grads, variables)):
            if g is None:
                continue
            if keep is not None:
                v *= keep  # Keras: w - w * wd * lr
            self._update(g, v, lr, self._slots[i])
        if self.flush_every and self.iterations % self.flush_every == 0 and self._decaying_slots:
            self.flush_subnormals()

    def apply_gradients(self, grads_and_vars) -> None:
        """Keras-style ``apply_gradients([(grad, var), ...])``."""
        pairs = list(grads_and_vars)
        self.apply([g for g, _ in pairs], [v for _, v in pairs])

    def _update(self, grad, var, lr, slots) -> None:
        """``update_step`` on the whole variable, or on flat slices of it in a few threads.

        Slices need an element-wise rule and C-contiguous NumPy arrays of one shape (``grad``,
        ``var`` and every slot), so that each slice is a view and writes reach the caller's
        arrays. Variables under ``2 * MIN_WORK`` elements touched, and every variable when the
        thread budget is 1, go straight to ``update_step`` (no per-call thread look-up), as do those
        a fused kernel takes (checked only where a split would otherwise come: ``update_step``
        checks them itself).
        """
        arrays = (grad, var, *slots.values())
        work = var.size * len(arrays)
        if self.elementwise_update and work >= 2 * _parallel.MIN_WORK and self._workers is None:
            self._workers = _parallel.workers()
        if not self.elementwise_update or work < 2 * _parallel.MIN_WORK or self._workers < 2 or not all(
                isinstance(a, np.ndarray) and a.flags.c_contiguous and a.shape == var.shape for a in arrays
        ) or self.fused_update and fused.dtype_code(*arrays):  # one compiled pass runs unsplit
            self.update_step(grad, var, lr, slots)
            return
        flat = [a.reshape(-1) for a in arrays]
        names = list(slots)

        def part(lo, hi):
            g, v, *state = (a[lo:hi] for a in flat)
            self.update_step(g, v, lr, dict(zip(names, state)))

        _parallel.batch_map(part, var.size, work=work)

    def _begin_step(self) -> None:
        """Hook run once per step after ``iterations`` is incremented (Nadam's schedule)."""

    def update_step(self, grad, var, lr, slots) -> None:
        """Update ``var`` in place; ``self.iterations`` is the 1-based step number ``t``."""
        raise NotImplementedError

    def flush_subnormals(self) -> None:
        """Set entries with ``|x| < 1e-30`` of the decaying slots to 0 (see the module notes)."""
        if getattr(self, "epsilon", 1.0) == 0:
            return
        for slots in self._slots or []:
            for name in self._decaying_slots:
                a = slots.get(name)
                if a is None or a.dtype.itemsize < 4:  # float16 has no room below its tiny
                    continue
                code = fused.dtype_code(a, a)
                if code and fused.flush(code, a, FLUSH_THRESHOLD):  # one compiled pass, same bits
                    continue
                xp = B.get_array_module(a)
                (t,) = self._scratch(a, 1)
                xp.abs(a, out=t)
                xp.greater_equal(t, FLUSH_THRESHOLD, out=t)  # 1.0 keeps, 0.0 flushes
                a *= t

    # -------------------------------------------------------------- saving
    def _extra_state(self) -> dict:
        """Scalar state beyond the slots (saved under its own key)."""
        return {}

    def _set_extra_state(self, key, value) -> bool:
        return False

    def get_state(self) -> dict:
        """State as ``{"iterations": n, "<i>/<slot>": array, ...}`` (NumPy arrays)."""
        state = {"iterations": np.asarray(self.iterations)}
        state.update({k: np.asarray(v) for k, v in self._extra_state().items()})
        for i, slots in enumerate(self._slots or []):
            for k, a in slots.items():
                state[f"{i}/{k}"] = B.to_numpy(a).copy()
        return state

    def set_state(self, state: dict, variables) -> None:
        """Restore ``get_state()`` output for ``variables`` (shapes are checked)."""
        self.build(list(variables))
        self.iterations = int(np.asarray(state.get("iterations", 0)))
        for key, value in state.items():
            if key == "iterations":
                continue
            if "/" not in key:
                if not self._set_extra_state(key, value):
                    raise ValueError(f"{type(self).__name__}: unknown optimizer state entry {key!r}")
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
        """Constructor arguments; ``type(opt).from_config(opt.get_config())`` round-trips."""
        return {"name": self.name, "learning_rate": self._learning_rate,
                "weight_decay": self.weight_decay, "clipnorm": self.clipnorm,
                "clipvalue": self.clipvalue, "global_clipnorm": self.global_clipnorm}

    @classmethod
    def from_config(cls, config):
        return cls(**config)

    def __repr__(self) -> str:
        return f"{type(self).__name__}(learning_rate={self._learning_rate:g})"
