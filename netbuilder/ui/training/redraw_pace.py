"""How often the live training plots redraw: as often as ``max_hz`` allows while a redraw is cheap,
less often when it is expensive, so that drawing keeps a bounded share of the GUI thread.

A redraw's cost is the GUI thread's CPU time (``time.thread_time()``) spent handing the curves their
points plus painting the plots afterwards (:class:`TimedPlotWidget` adds its paints up). With ``c``
seconds per redraw (a running average) the plots redraw at most every ``c / share`` seconds: at a
share of 10 %, a 10 ms redraw may come 10 times a second, a 40 ms one 2.5 times, clamped to
``[1 / max_hz, 1 / min_hz]``, so the curves still move at least ``min_hz`` times a second
(issues 21 and 25).

While training runs BLAS on every core (:func:`training_fills_every_core`: the thread tuner's count,
or a limit, at all the cores), each CPU second the GUI thread spends is taken from a BLAS thread,
and the others wait for it at the end of every product: drawing then takes ``busy_share`` (half the
share by default) and the curves move less often, still at least ``min_hz`` times a second.
"""

from __future__ import annotations

import time

import pyqtgraph as pg

from netbuilder.core import threads

#: Weight of the newest redraw in the running average of the cost.
COST_WEIGHT = 0.3


class TimedPlotWidget(pg.PlotWidget):
    """A ``PlotWidget`` that adds the GUI thread's CPU time of its paints to ``paint_cpu`` (seconds)."""

    paint_cpu = 0.0

    def paintEvent(self, event):  # noqa: N802 - Qt API
        t = time.thread_time()
        try:
            super().paintEvent(event)
        finally:
            self.paint_cpu += time.thread_time() - t

    def take_paint_cpu(self) -> float:
        """The paint CPU seconds since the last call (and start again from zero)."""
        spent, self.paint_cpu = self.paint_cpu, 0.0
        return spent


def training_fills_every_core() -> bool:
    """``threads.BUDGET.fills_cores()``: BLAS at every core (a netbuilder ``fit``'s tuner's count, a
    ``threads.limited`` block's, or the user's)."""
    return threads.BUDGET.fills_cores()


class RedrawPace:
    """``due(now)``: whether a redraw may come at ``now`` (seconds, any monotonic clock);
    ``drew(now, cost)`` after one, with the CPU seconds the previous one cost, redraw and paints.

    The interval is ``clamp(cost / share, 1 / max_hz, 1 / min_hz)`` with ``cost`` a running average
    (weight ``COST_WEIGHT`` for the newest); ``share`` is the fraction of one core drawing may take,
    ``busy_share`` (default ``share / 2``) while ``cores_busy()`` (default
    :func:`training_fills_every_core`) says training keeps every core busy.
    """

    def __init__(self, max_hz: float = 20.0, min_hz: float = 5.0, share: float = 0.10,
                 busy_share: float | None = None, cores_busy=training_fills_every_core):
        if not 0 < min_hz <= max_hz:
            raise ValueError(f"need 0 < min_hz <= max_hz, got min_hz={min_hz}, max_hz={max_hz}")
        busy_share = share / 2 if busy_share is None else busy_share
        for name, value in (("share", share), ("busy_share", busy_share)):
            if not 0 < value <= 1:
                raise ValueError(f"{name} must be in (0, 1], got {value}")
        self.max_hz, self.min_hz, self.share, self.busy_share = max_hz, min_hz, share, busy_share
        self.cores_busy = cores_busy
        self.cost = 0.0  # running average of a redraw's CPU seconds
        self._last = None  # when the last redraw came

    @property
    def interval(self) -> float:
        """Seconds between two redraws at the current cost (and training's use of the cores)."""
        share = self.busy_share if self.cores_busy() else self.share
        return min(max(self.cost / share, 1.0 / self.max_hz), 1.0 / self.min_hz)

    def due(self, now: float) -> bool:
        return self._last is None or now - self._last >= self.interval

    def drew(self, now: float, cost: float | None = None) -> None:
        """A redraw came at ``now``; ``cost``: the CPU seconds of the one before (None: not known).

        ``due`` is asked only now and then (when logs arrive, by a timer), so a redraw comes a little
        after it was due: one less than an interval late counts as come when due, so the rate holds
        (with 5 Hz due every 0.2 s and logs every 65 ms, counting from the redraw gave 4 a second)."""
        if self._last is not None and 0 <= now - self._last - self.interval < self.interval:
            self._last += self.interval
        else:
            self._last = now
        if cost is not None and cost > 0:
            self.cost = cost if self.cost == 0 else COST_WEIGHT * cost + (1 - COST_WEIGHT) * self.cost

    def restart(self) -> None:
        """A new run: the next redraw is due at once (the cost learnt so far is kept)."""
        self._last = None
