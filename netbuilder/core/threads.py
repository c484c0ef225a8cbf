"""How many BLAS threads ``fit`` uses: measured, not assumed.

OpenBLAS splits every matrix product over all cores and its threads wait on each other at the
end of each product. When another program (or the window's own GUI thread) takes one of the
cores, the thread that lost its core delays every product: an epoch of the MNIST MLP went from
1.1 s to 19–26 s beside a NumPy job on a 2-core machine, and ran in 1.8 s with one BLAS thread.

:class:`ThreadTuner` is a callback that ``fit`` adds: it times a few batches at each thread count
``1 … n`` (``n``: the cores this process may run on, or the limit already in force, whichever is
smaller) and keeps the fastest (median batch time); a close call is probed again a little later
(:data:`DECISIVE`, :data:`CONFIRM_S`). Then it watches the batch time at the chosen count:

- above :data:`JUMP` × the time it was chosen at, for :data:`PATIENCE` batches and
  :data:`DRIFT_MIN_S` seconds: the machine got busier, so more threads cannot help. Above one
  thread it probes the choice and the counts below it; when fewer threads win, more than those
  wait for the periodic probe (beside a NumPy program whose phases come and go, a probe in a lull
  chose 2 threads again and each return collapsed: W1 4.6× its quiet epoch). The choice itself is
  probed again because a whole machine slows down too (a virtual machine's neighbours, a laptop's
  clock): every count slower alike, where dropping to fewer threads made W1 1.5× slower for the
  next :data:`REPROBE_S`. At one thread it only takes the new time as its reference (probing 2
  threads there, at 10× a batch each time, made W1 3.2× its quiet epoch instead of 2.3×).
- below 1/:data:`JUMP` of it, or every :data:`REPROBE_S` seconds while it uses fewer threads than
  cores: it probes again if a core looks free, i.e. the training thread had :data:`SHARE_FREE` of
  a core since the choice (its CPU time ÷ its batches' wall time; beside a 2-thread NumPy program
  one BLAS thread gets about 2/3 of one); else it keeps the count and measures afresh.

The choice is applied through ``threadpoolctl`` and undone when training ends. A user's explicit
``OMP_NUM_THREADS`` / ``OPENBLAS_NUM_THREADS`` is respected (the tuner stays off), as is
``netbuilder.core.threads.ENABLED = False``. Probe batches are ordinary training batches, only run
at another thread count.

The engine's own parallel loops (the batch-slice pool of :mod:`.layers._parallel`, the recurrent
layers' chunk worker in :mod:`.layers.rnn_loop`) ask :func:`budget` before adding threads: the
user's thread count when set, else the cores available, capped by the BLAS count the running
tuner has in force (its probe candidate, then its choice) or by a :func:`limited` block. So when
the tuner finds one thread fastest (the machine is busy), the pools add none either, and its
probes time BLAS and the pools together.
"""

from __future__ import annotations

import contextlib
import os
import sys
import threading
import time

from .blas_limits import BlasLimiter
from .callbacks.base import Callback

#: Switch the tuner off for every ``fit`` (it is also off when the user set a thread count).
ENABLED = True
#: Batch-time ratio (either way) that, held for :data:`PATIENCE` batches, starts a new probe.
JUMP = 1.6
PATIENCE = 8
#: Batches timed per candidate thread count (after one warm-up batch at that count).
PROBE = 3
#: ... and at least this many seconds of them: a batch of a few milliseconds varies by more than
#: the difference between two thread counts (the MNIST MLP's 2.2 ms batches chose 1 thread on a quiet
#: machine 1 time in 3 with 3 batches, costing 50 % a epoch).
PROBE_MIN_S = 0.03
#: ... or this many batches, whichever comes first (tiny batches are not worth a longer probe).
PROBE_MAX = 12
#: A count with fewer threads is chosen only when its median batch is this much faster (a near tie
#: keeps the most threads: on a quiet machine that is the fast side of the noise; a busy one differs
#: by 2-5x).
FEWER_MARGIN = 0.05
#: Seconds of training after which a choice below every core is put to the test again (the busy
#: program may have ended; a busy machine pays a few slow probe batches per period, < 3 %).
REPROBE_S = 30.0
#: Batches shorter than this are not worth tuning (thread hand-off dominates): seconds.
MIN_BATCH_S = 0.002
#: ... and a drift must last this many seconds of batches (the window's GUI bursts are shorter).
DRIFT_MIN_S = 0.4
#: A probe whose best count is not this many times faster than the next best runs a second round
#: this many seconds of training later; each count keeps its faster round (a 30 ms probe is short
#: enough for one GUI burst to decide it: W1 in the window chose 1 thread on a quiet machine).
DECISIVE = 2.0
CONFIRM_S = 1.5
#: Share of a core the training thread must have had (CPU ÷ wall) for a probe of more threads.
SHARE_FREE = 0.8
_USER_VARS = ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS")


def user_set_threads() -> bool:
    """True when the user fixed the thread count in the environment."""
    return any(os.environ.get(v, "").strip() for v in _USER_VARS)


def user_thread_count() -> int | None:
    """The first positive count among ``OMP_NUM_THREADS``, ``OPENBLAS_NUM_THREADS`` and
    ``MKL_NUM_THREADS``, in that order (None when none is set to one)."""
    for var in _USER_VARS:
        value = os.environ.get(var, "").strip()
        if value.isdigit() and int(value) > 0:
            return int(value)
    return None


def available_cores() -> int:
    """Cores this process may run on (its affinity mask, else the CPU count)."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except (AttributeError, OSError):
        return max(1, os.cpu_count() or 1)


class Budget:
    """How many threads the engine's own parallel loops may use now (see the module docstring).

    Attributes:
        cap: the BLAS thread count in force through the running :class:`ThreadTuner` or a
            :func:`limited` block, None outside them (then every available core).
        last_choice: the latest count a tuner chose (None before one; a ``fit`` that ends
            while re-probing keeps its previous choice): what a later evaluation reuses (the
            window's evaluation worker does).
        tuner: the :class:`ThreadTuner` of the ``fit`` running now, with its thread's id.
    """

    def __init__(self):
        self.cap: int | None = None
        self.last_choice: int | None = None
        self.tuner: tuple[ThreadTuner, int] | None = None

    def fills_cores(self) -> bool:
        """Whether BLAS runs at every core now (the user's count, else ``cap``): then any other
        thread's CPU is taken from a BLAS thread, which the others wait for at every product."""
        n = user_thread_count() or self.cap
        return n is not None and n >= available_cores()

    def threads(self) -> int:
        """``user_thread_count()`` when set, else ``min(available_cores(), cap)``; at least 1."""
        user = user_thread_count()
        if user is not None:
            return user
        cores = available_cores()
        return max(1, min(cores, self.cap) if self.cap else cores)


#: The process's budget: what :func:`budget` reads and what ``fit``'s tuner sets.
BUDGET = Budget()


def budget() -> int:
    """Threads the engine's own parallel loops may use now: ``BUDGET.threads()``."""
    return BUDGET.threads()


class ThreadTuner(Callback):
    """Chooses the BLAS thread count during ``fit`` (see the module docstring).

    Args:
        limiter: an object with ``current()``, ``set(n)`` and ``restore()`` (default
            :class:`BlasLimiter`); tests pass a fake.
        clock: a ``time.perf_counter``-like function; tests pass a fake.
        cpu_clock: the calling thread's CPU time (``time.thread_time``); tests pass a fake.
        max_threads: the largest count tried (default: the cores available, capped by the
            limit in force when training starts).
        budget: the :class:`Budget` whose ``cap`` follows every count it sets, so the engine's
            pools use no more threads than BLAS (default :data:`BUDGET`); tests pass their own.
    """

    def __init__(self, limiter=None, clock=time.perf_counter, max_threads: int | None = None,
                 budget: Budget | None = None, cpu_clock=time.thread_time):
        super().__init__()
        self.limiter = limiter if limiter is not None else BlasLimiter()
        self.clock, self.cpu_clock = clock, cpu_clock
        self.max_threads = max_threads
        self.budget = budget if budget is not None else BUDGET
        self._cap_before = self._held_before = None
        self.choice: int | None = None
        self.log: list[tuple[str, int]] = []  # ("probe"/"chose"/"kept", threads): what it did, for benchmarks
        self._ceiling: int | None = None  # most threads probed until the periodic probe (after a slowdown)
        self._after_slowdown = False  # the probe running was started by a slowdown
        self._confirm = False  # a close call waits for its second round
        self._t0 = None

    # ------------------------------------------------------------------ the state machine
    def _start_probe(self, confirm: bool = False) -> None:
        """Time every count, most threads first (the quiet machine's best); ``confirm``: the second
        round of a close call, :data:`CONFIRM_S` after the first, over the same counts."""
        if confirm:
            counts = sorted(self._rounds[0], reverse=True)
        else:
            top = self._top if self._ceiling is None else min(self._top, self._ceiling)
            counts, self._rounds = list(range(top, 0, -1)), []
        self._queue, self._times = counts, {}
        self._next_candidate()

    def _next_candidate(self) -> None:
        self._current = self._queue.pop(0)
        self._warm = True
        self._apply(self._current)
        self.log.append(("probe", self._current))

    def _round_done(self) -> None:
        """Every count timed: choose; a close call (the best two within :data:`DECISIVE`×) is
        probed again :data:`CONFIRM_S` later."""
        self._rounds.append({n: sorted(t)[len(t) // 2] for n, t in self._times.items()})
        first = sorted(self._rounds[0].values())
        self._confirm = len(self._rounds) == 1 and len(first) > 1 and first[1] < DECISIVE * first[0]
        self._choose()

    def _choose(self) -> None:
        # each count's best round: a GUI paint or another program's phase only ever slows a round down
        medians = {n: min(r[n] for r in self._rounds) for n in self._rounds[-1]}
        best = max(medians)  # the most threads, unless fewer are clearly faster
        for n in sorted(medians, reverse=True):
            if medians[n] < medians[best] * (1 - FEWER_MARGIN):
                best = n
        self.choice = best
        if self._after_slowdown:  # fewer threads won: the count that slowed down waits for the periodic probe
            self._ceiling, self._after_slowdown = best, False
        self._rebase(medians[best])
        self._apply(best)
        self.budget.last_choice = best
        self.log.append(("chose", best))

    def _rebase(self, base: float) -> None:
        """Measure from here: ``base`` the reference batch time, the drift, the periodic probe's
        clock and the CPU share start again."""
        self._base, self._recent, self._wall, self._cpu = base, [], 0.0, 0.0

    def _core_free(self) -> bool:
        """Whether the training thread had :data:`SHARE_FREE` of a core since the choice."""
        return self._cpu >= SHARE_FREE * self._wall

    def _apply(self, n: int) -> None:
        self.limiter.set(n)
        self.budget.cap = n

    def record(self, seconds: float, cpu: float | None = None) -> None:
        """Account one training batch of ``seconds`` (``cpu``: the training thread's CPU seconds in
        it; None: all of them) at the current thread count."""
        if self._top <= 1:
            return
        if self.choice is None:  # probing
            if self._warm:
                self._warm = False
                return
            taken = self._times.setdefault(self._current, [])
            taken.append(seconds)
            if len(taken) >= PROBE and (sum(taken) >= PROBE_MIN_S or len(taken) >= PROBE_MAX):
                if self._queue:
                    self._next_candidate()
                else:
                    self._round_done()
            return
        self._wall += seconds
        self._cpu += seconds if cpu is None else cpu
        if self._confirm and self._wall >= CONFIRM_S:
            self.choice, self._confirm = None, False
            self._start_probe(confirm=True)
            return
        if self.choice < self._top and self._wall > REPROBE_S:
            if self._core_free():
                self.choice, self._ceiling = None, None  # every count again: the busy program may have ended
                self._start_probe()
            else:  # no idle core for another thread: keep the count, measure again
                self._rebase(self._base)
                self.log.append(("kept", self.choice))
            return
        if self._base < MIN_BATCH_S and seconds < MIN_BATCH_S:
            return
        ratio = seconds / max(self._base, 1e-9)
        self._recent = self._recent + [seconds] if (ratio > JUMP or ratio < 1 / JUMP) else []  # the drift
        if len(self._recent) >= PATIENCE and sum(self._recent) >= DRIFT_MIN_S:
            now = sorted(self._recent)[len(self._recent) // 2]
            if now > self._base and self.choice == 1 or now < self._base and not self._core_free():
                self._rebase(now)  # busier at one thread, or faster with no idle core: more threads cannot help
                self.log.append(("kept", self.choice))
                return
            if now > self._base:  # slowed down at this count: it and the counts below are probed; the one
                self._ceiling = self.choice  # chosen is the most tried again before the periodic probe
                self._after_slowdown = True
            self.choice = None
            self._start_probe()

    # ------------------------------------------------------------------ the callback
    def on_train_begin(self, logs=None):
        self._undo_abandoned()
        self._cap_before, self._held_before = self.budget.cap, self.budget.tuner
        self.budget.tuner = (self, threading.get_ident())
        limit = self.limiter.current()
        top = self.max_threads or available_cores()
        self._top = max(1, min(top, limit) if limit else top)
        self.choice = None
        if self._top > 1:
            self._start_probe()

    def on_train_batch_begin(self, batch, logs=None):
        self._t0, self._c0 = self.clock(), self.cpu_clock()

    def on_train_batch_end(self, batch, logs=None):
        if self._t0 is not None:
            self.record(self.clock() - self._t0, self.cpu_clock() - self._c0)
            self._t0 = None

    def on_train_end(self, logs=None):
        self.limiter.restore()
        self.budget.cap = self._cap_before
        if self.budget.tuner is not None and self.budget.tuner[0] is self:
            self.budget.tuner = self._held_before

    def _undo_abandoned(self) -> None:
        """Restore what the tuner of a ``fit`` that raised left set (``fit`` calls no
        ``on_train_end`` then): else BLAS and the pools would stay at its last probe count, and
        every later tuner would take that count for an outer limit. A tuner whose thread is
        still running a ``fit`` is left alone."""
        held = self.budget.tuner
        if held is None or held[0] is self:
            return
        tuner, ident = held
        if ident == threading.get_ident() or ident not in sys._current_frames():
            tuner.on_train_end()


@contextlib.contextmanager
def limited(n: int | None, limiter=None, budget: Budget | None = None):
    """Run the block with BLAS and the engine's pools at ``n`` threads, then restore both.

    ``n=None``, or a thread count the user fixed in the environment, leaves everything as it is.
    ``limiter``/``budget``: as in :class:`ThreadTuner` (defaults: a :class:`BlasLimiter`,
    :data:`BUDGET`).
    """
    if n is None or user_set_threads():
        yield
        return
    limiter = limiter if limiter is not None else BlasLimiter()
    budget = budget if budget is not None else BUDGET
    before = budget.cap
    limiter.set(int(n))
    budget.cap = int(n)
    try:
        yield
    finally:
        limiter.restore()
        budget.cap = before


_HERE = threading.local()


@contextlib.contextmanager
def tuning_off_here():
    """Within the block, ``fit`` in *this* thread adds no tuner (one that times batches at chosen
    thread counts itself, as ``cost.measure_epoch``); a run in another thread keeps its tuner."""
    before = getattr(_HERE, "off", False)
    _HERE.off = True
    try:
        yield
    finally:
        _HERE.off = before


def tuner_for_fit() -> ThreadTuner | None:
    """The tuner ``fit`` adds, or None when tuning is off (disabled, off in this thread, user's thread
    count, GPU)."""
    from . import backend as B  # noqa: PLC0415

    if not ENABLED or getattr(_HERE, "off", False) or user_set_threads() or B.backend() != "numpy" or available_cores() < 2:
        return None
    return ThreadTuner()
