"""A plot's view range that moves in steps, so the axes are not laid out again on every redraw.

pyqtgraph's auto-range follows the data exactly: while a run adds points, the range changes at each
redraw, and each change re-lays out and repaints both axes (tick texts: the largest share of a live
plot's paint time). :class:`SteppedRange` keeps the range still while the data stays inside it and
fills at least ``MIN_FILL`` of it, and otherwise jumps to a roomier range with round ends (x: the next
1, 2, 5 × 10^k; y: 5 % margins rounded outward to a tenth of the span). When the learner zooms or
pans, it steps aside until the plot's auto-range button ("A") is pressed again.
"""

from __future__ import annotations

import math

import numpy as np

from .series import RunningBounds

#: The data must fill at least this fraction of the y range, or the range shrinks to it.
MIN_FILL = 0.35
#: The x range (epochs) is at least ``[0, MIN_X]``: during a run's first epoch the axis stays still
#: (stepping 0.01, 0.02, 0.05, ... 1 laid both plots' axes out again six times at the run's start).
MIN_X = 1.0


def nice_ceil(v: float) -> float:
    """The smallest of 1, 2, 5 × 10^k that is ≥ ``v`` (``v > 0``): 30 → 50, 51 → 100."""
    if not math.isfinite(v) or v <= 0:
        return 1.0
    k = 10.0 ** math.floor(math.log10(v))
    for m in (1, 2, 5, 10):
        if m * k >= v * (1 - 1e-12):
            return m * k
    return 10 * k  # pragma: no cover


def _round_out(lo: float, hi: float) -> tuple[float, float]:
    span = hi - lo if hi > lo else max(abs(hi), 1e-12)
    step = nice_ceil(span / 10)
    return math.floor((lo - 0.05 * span) / step) * step, math.ceil((hi + 0.05 * span) / step) * step


def data_bounds(arrays, log=False) -> tuple[float, float] | None:
    """``(min, max)`` over the finite values of ``arrays`` (log10 of the positive ones when ``log``)."""
    lo, hi = math.inf, -math.inf
    for a in arrays:
        a = np.asarray(a, dtype=float)
        if log:
            a = a[a > 0]
            a = np.log10(a) if a.size else a
        a = a[np.isfinite(a)] if a.size else a
        if a.size:
            lo, hi = min(lo, float(a.min())), max(hi, float(a.max()))
    return (lo, hi) if lo <= hi else None


class SteppedRange:
    """Drives ``plot``'s view range from the data (see the module); pyqtgraph's auto-range is off."""

    def __init__(self, plot):
        self.vb = plot.getPlotItem().getViewBox()
        self.following = True
        self._setting = False
        self.vb.disableAutoRange()
        self.vb.sigRangeChangedManually.connect(self._user_moved)
        self.vb.sigStateChanged.connect(self._state_changed)

    def _user_moved(self, *_):
        self.following = False

    def _state_changed(self, *_):
        if self._setting or not any(self.vb.autoRangeEnabled()):
            return
        self.following = True  # the "A" button: take over again, in steps
        self._setting = True
        try:
            self.vb.disableAutoRange()
        finally:
            self._setting = False

    def update(self, xmax: float, ybounds: tuple[float, float] | None) -> None:
        """Show ``[0, max(xmax, MIN_X)]`` × ``ybounds``, changing the range only when the data leaves it
        or fills less than ``MIN_FILL`` of it."""
        if not self.following or ybounds is None:
            return
        (x0, x1), (y0, y1) = self.vb.viewRange()
        xmax = max(xmax, MIN_X)
        nx = (0.0, nice_ceil(xmax)) if (xmax > x1 or xmax < 0.45 * x1 or x0 != 0.0) else (x0, x1)
        lo, hi = ybounds
        inside = y0 <= lo and hi <= y1
        filled = (hi - lo) >= MIN_FILL * (y1 - y0)
        ny = (y0, y1) if inside and filled else _round_out(lo, hi)
        if (nx, ny) != ((x0, x1), (y0, y1)):
            self._setting = True
            try:
                self.vb.setRange(xRange=nx, yRange=ny, padding=0)
            finally:
                self._setting = False


#: a run planned for at least LONG_RUN epochs leaves its first SKIP_EPOCHS epochs out of the y range (as
#: the book does for Boston's MAE curve: "excluding the first 10 data points, which are on a different
#: scale"); a shorter run leaves out only its first epoch's batch losses
LONG_RUN = 50
SKIP_EPOCHS = 10


class LateBounds(RunningBounds):
    """Running ``(min, max)`` of the points of a growing series whose x is past ``after`` (incremental:
    each :meth:`update` looks at the points added since the last one only).

    The loss plot's y range follows them once there are any, so the first batches' losses (Boston: 600
    against a later 10; MNIST: 2.3 against 0.1) no longer flatten every later curve at the bottom."""

    def __init__(self, after: float):
        self.after = float(after)
        self.seen = 0

    def update(self, xs, ys) -> None:
        n = min(len(xs), len(ys))
        if n <= self.seen:
            return
        x = np.asarray(xs[self.seen:n], dtype=float)
        y = np.asarray(ys[self.seen:n], dtype=float)
        self.seen = n
        self._extend_bounds(y[x > self.after], 0)


class LossRange:
    """The loss plot's y range for ``run`` (a :class:`~.run_buffers.RunBuffers`) planned for ``epochs``:
    its batch losses and epoch losses, leaving out their first points once later ones exist — the first
    epoch's batch losses, and for a run of at least ``LONG_RUN`` epochs every point of its first
    ``SKIP_EPOCHS`` epochs. Incremental: each :meth:`bounds` looks at the new points only."""

    def __init__(self, run, epochs: int):
        self.run = run
        self.skip = SKIP_EPOCHS if epochs >= LONG_RUN else 0
        self.batches = LateBounds(max(1, self.skip))
        self.epochs = {k: LateBounds(self.skip) for k in ("loss", "val_loss")}
        self._series: dict[str, LateBounds] = {}

    def series_bounds(self, keys):
        """The same rule for the epoch series ``keys`` of the run (the metric plot: Boston's MAE of 20 in
        the first epochs against 2.5 later, the book's own example)."""
        run, parts, full = self.run, [], []
        ep = run.epochs.view()
        for k in keys:
            if k not in run.history:
                continue
            tracker = self._series.setdefault(k, LateBounds(self.skip))
            tracker.update(ep, run.history[k].view())
            parts.append(tracker.bounds())
            full.append(run.history[k].bounds())
        parts = [b for b in parts if b] or [b for b in full if b]
        return (min(b[0] for b in parts), max(b[1] for b in parts)) if parts else None

    def bounds(self, log: bool = False):
        run = self.run
        self.batches.update(run.batch_x.view(), run.batch_loss.view())
        ep = run.epochs.view()
        for k, tracker in self.epochs.items():
            if k in run.history:
                tracker.update(ep, run.history[k].view())
        parts = [b for b in [self.batches.bounds(log)] + [t.bounds(log) for t in self.epochs.values()] if b]
        if not parts:  # nothing late yet: every point
            parts = [b for b in [run.batch_loss.bounds(log)] + [run.history[k].bounds(log)
                                                                for k in self.epochs if k in run.history] if b]
        return (min(b[0] for b in parts), max(b[1] for b in parts)) if parts else None
