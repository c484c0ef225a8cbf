"""Helpers of the recurrent layers' time loops: gate-gradient kernels, the vanishing-gradient
guard, and the bulk matmuls of all timesteps, done in time chunks that can overlap the loop.

Why chunks on a worker thread: a step of the loop is a dozen small NumPy calls on one core;
the bulk products (input projection before the forward loop; kernel, recurrent-kernel and
input gradients after the backward loop) are as much work again. NumPy's matmul releases the
GIL, so on a machine with a spare core a worker thread computes the projection of the next
chunk of timesteps while the loop runs through the current one, and the gradient products of
the chunks the backward loop has finished. Results do not depend on the mode except for the
order of float additions in the final sums. Only NumPy arrays are chunked this way (CuPy
queues its kernels asynchronously anyway).
"""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

import numpy as np

from .. import backend as B
from .. import threads as threads_module

# Off by default: with a multithreaded BLAS competing for the same cores the worker only adds
# contention; ``set_threading("auto")`` turns it on while the engine's thread budget
# (``threads.budget()``: the cores available, less on a busy machine) is 2 or more.
_MODE = {"threads": False, "chunk": 64, "inline_chunk": 16}
_EXECUTOR: list = []


def set_threading(threads=False, chunk: int = 64) -> None:
    """Choose how recurrent layers run their bulk matmuls.

    Args:
        threads: False (default: everything inline), ``"auto"`` (a worker thread when the
            thread budget, :func:`netbuilder.core.threads.budget`, is 2 or more and the work is
            large) or True (always, used by tests).
        chunk: timesteps per chunk.
    """
    if threads not in ("auto", True, False):
        raise ValueError(f"threads must be 'auto', True or False, got {threads!r}")
    if int(chunk) < 1:
        raise ValueError(f"chunk must be a positive int, got {chunk!r}")
    _MODE["threads"] = threads
    _MODE["chunk"] = int(chunk)


def _executor() -> ThreadPoolExecutor:
    if not _EXECUTOR:
        _EXECUTOR.append(ThreadPoolExecutor(max_workers=1, thread_name_prefix="netbuilder-rnn"))
    return _EXECUTOR[0]


def use_threads(xp, t_len: int, work: float) -> bool:
    """Whether a loop of ``t_len`` steps with ``work`` bulk multiply-adds gets a worker."""
    mode = _MODE["threads"]
    if xp is not np or mode is False or t_len < 2:
        return False
    if mode is True:
        return True
    return t_len >= 2 * _MODE["chunk"] and work >= 2e7 and threads_module.budget() > 1


class ForwardChunks:
    """Runs ``fill(lo, hi)`` (the projection of steps ``lo..hi-1``) ahead of the loop.

    The loop calls ``wait()`` whenever ``t >= self.ready``. Inline, the next chunk is filled
    right then, so the loop reads it from cache instead of memory; threaded, a worker fills the
    chunk after it while the loop runs. Once every step is filled the runner lets go of ``fill``
    (often a bound method of an object that holds this runner: the cycle would keep that
    object's arrays alive until the garbage collector's next pass).
    """

    def __init__(self, fill, t_len: int, threaded: bool):
        self.fill, self.t_len, self.threaded = fill, t_len, threaded
        self.chunk = _MODE["chunk"] if threaded else _MODE["inline_chunk"]
        self.ready = min(self.chunk, t_len)
        fill(0, self.ready)
        self._submit()  # (threaded: the next chunk's future, in self._future)
        self._release()

    def _release(self):
        if self.ready >= self.t_len:
            self.fill = None

    def _submit(self):
        if self.threaded and self.ready < self.t_len:
            hi = min(self.ready + self.chunk, self.t_len)
            self._future = (_executor().submit(self.fill, self.ready, hi), hi)

    def wait(self) -> None:
        """Make the next chunk ready (and, threaded, start the one after)."""
        if not self.threaded:
            hi = min(self.ready + self.chunk, self.t_len)
            self.fill(self.ready, hi)
            self.ready = hi
        else:
            future, hi = self._future
            future.result()
            self.ready = hi
            self._submit()
        self._release()


class BackwardChunks:
    """Runs ``products(lo, hi)`` (gradient products of steps ``lo..hi-1``) once the backward
    loop has finished those steps (inline: at once, while they are in cache; threaded: on the
    worker); ``finish(lo)`` runs the rest, waits for the worker and lets go of ``products``
    (see ``ForwardChunks``)."""

    def __init__(self, products, t_len: int, threaded: bool):
        self.products, self.threaded = products, threaded
        self.chunk = _MODE["chunk"] if threaded else _MODE["inline_chunk"]
        self.hi = t_len
        self._futures = []

    def done_down_to(self, t: int) -> None:
        """Steps ``t..T-1`` are final."""
        if self.hi - t >= self.chunk:
            if self.threaded:
                self._futures.append(_executor().submit(self.products, t, self.hi))
            else:
                self.products(t, self.hi)
            self.hi = t

    def finish(self, lo: int) -> None:
        """Steps ``lo..`` are final and steps before ``lo`` have no gradient."""
        if self.hi > lo:
            self.products(lo, self.hi)
        for f in self._futures:
            f.result()
        self.products = None


def rec_step(xp, ut, h, rec_masks, out, tmp_h):
    """``out = ut @ (h * mask)`` for one step (``ut`` is ``(gates*units, units)``); with a mask
    per gate, each gate's rows meet their own mask (one mask: SimpleRNN's single gate)."""
    if rec_masks is None:
        xp.dot(ut, h, out=out)
    else:
        u = h.shape[0]
        for k, m in enumerate(rec_masks):
            xp.multiply(h, m, out=tmp_h)
            xp.dot(ut[k * u:(k + 1) * u], tmp_h, out=out[k * u:(k + 1) * u])
    return out


def rec_step_backward(xp, uu, dz, rec_masks, out, tmp_h):
    """``out = d h_{t-1}`` from the recurrent product: ``(uu @ dz) * mask`` (``uu`` = U)."""
    if rec_masks is None:
        xp.dot(uu, dz, out=out)
    elif len(rec_masks) == 1:
        xp.dot(uu, dz, out=out)
        out *= rec_masks[0]
    else:
        u = out.shape[0]
        out[...] = 0
        for k, m in enumerate(rec_masks):
            xp.dot(uu[:, k * u:(k + 1) * u], dz[k * u:(k + 1) * u], out=tmp_h)
            tmp_h *= m
            out += tmp_h
    return out


def grad_into(act, z, y, g, out, tmp):
    """``out = g * act'(z)`` from ``y = act(z)``, in place for sigmoid, tanh and linear.

    ``out`` may be ``g``; ``tmp`` is scratch of the same shape. Other activations go through
    ``act.grad`` (``z`` is None unless the activation ``needs_x``).
    """
    xp = B.get_array_module(y)
    name = act.name
    if name == "sigmoid":
        xp.subtract(1.0, y, out=tmp)
        tmp *= y
        xp.multiply(tmp, g, out=out)
    elif name == "tanh":
        xp.multiply(y, y, out=tmp)
        xp.subtract(1.0, tmp, out=tmp)
        xp.multiply(tmp, g, out=out)
    elif name == "linear":
        if out is not g:
            out[...] = g
    else:
        out[...] = act.grad(z, y, g)
    return out


def preact_part(store, t: int, lo: int, hi: int):
    """Rows ``lo:hi`` (one gate) of step ``t`` of a pre-activation store ``(T, G, batch)``, or
    None when the loop kept none (its activations' gradients need only their outputs)."""
    return None if store is None else store[t, lo:hi]


class VanishingGuard:
    """Flushes backpropagated gradients that have vanished below float precision.

    Through a long sequence the gradient of the early steps decays geometrically (about 100x
    every 25 steps in an untrained LSTM). Once it reaches the denormal range every arithmetic
    operation on it runs about 100x slower on x86 CPUs (a 500-step LSTM backward went from 30 ms
    to 1.1 s). Every ``every`` steps the loop asks ``vanished(dh, ...)``: True when the largest
    remaining value is below ``rel`` (2**-70) times the largest seen so far. The loop then
    zeroes them (or stops, when no later input adds gradient). What is dropped is below
    ``T * 2**-70`` of the gradients kept, far under float32's (and float64's) rounding.
    """

    def __init__(self, xp, every=8, rel=2.0 ** -70):
        self.xp, self.every, self.rel = xp, every, rel
        self.peak = 0.0
        self.count = 0

    def vanished(self, *arrays) -> bool:
        self.count += 1
        if self.count % self.every:
            return False
        m = max(float(self.xp.abs(a).max()) for a in arrays)
        self.peak = max(self.peak, m)
        return m <= self.peak * self.rel


class ReverseSteps:
    """The bookkeeping every recurrent backward pass shares: ``for t in ReverseSteps(...)``.

    Yields ``t = T-1, ..., 0``. Before each step it runs the :class:`VanishingGuard` on the state
    gradients ``states`` (``[dh]``, or ``[dh, dc]`` for LSTM) — stopping the loop when no later
    output adds gradient, zeroing them otherwise — adds ``d_seq[t]`` (the gradient of the
    returned sequence) to ``dh``, and for a masked step sets the state gradients aside (a masked
    step hands them unchanged to step ``t-1``). After the layer's step body it adds them back and
    tells ``bulk`` (a ``BackwardChunks``) that steps ``>= t`` are done. ``lo`` is then the first
    step whose gradients were computed (``> 0`` when the loop stopped early).
    """

    def __init__(self, xp, t_len: int, states: list, d_seq, notm, bulk):
        self.xp, self.t_len, self.states = xp, t_len, states
        self.d_seq, self.notm, self.bulk = d_seq, notm, bulk
        self.keeps = None if notm is None else [xp.empty_like(s) for s in states]
        self.lo = 0

    def __iter__(self):
        xp, states, keeps, notm, d_seq = self.xp, self.states, self.keeps, self.notm, self.d_seq
        guard = VanishingGuard(xp)
        for t in range(self.t_len - 1, -1, -1):
            if guard.vanished(*states):
                if d_seq is None:  # nothing reaches the earlier steps any more
                    self.lo = t + 1
                    return
                for s in states:
                    s[...] = 0
            if d_seq is not None:
                states[0] += d_seq[t]
            if notm is not None:
                keep = notm[t]
                for s, k in zip(states, keeps):
                    xp.multiply(s, keep, out=k)
                    xp.copyto(s, 0, where=keep)
            yield t
            if notm is not None:
                for s, k in zip(states, keeps):
                    s += k
            self.bulk.done_down_to(t)
