"""Growable arrays for the live curves: a redraw converts only the points added since the last one.

Qt-free helpers of :mod:`.plots` (pyqtgraph's ``examples/scrollingPlots.py`` pattern: fill a
preallocated array, hand a view to ``setData``).
"""

from __future__ import annotations

import numpy as np

#: The shaded train/validation gap is drawn from at most this many points (bins of epochs).
GAP_POINTS = 400


class Series:
    """A growable float64 array that follows an append-only list: :meth:`sync` converts only the items
    added since the last call (amortized O(new)); :meth:`view` is the filled part, for ``setData``.

    A different list object, or a shorter one (a new run), starts it again.
    """

    def __init__(self):
        self._buf = np.empty(256)
        self.n = 0
        self._src = None
        self.lo = self.hi = self.pos_lo = None  # running finite min / max / smallest positive value

    def sync(self, values, transform=None) -> np.ndarray:
        """Follow ``values`` (a list); ``transform(new_values) -> array`` maps the new tail. Returns the view."""
        if values is not self._src or len(values) < self.n:
            self._src, self.n = values, 0
            self.lo = self.hi = self.pos_lo = None
        new = values[self.n:]
        if new:
            arr = np.asarray(new if transform is None else transform(new), dtype=float)
            need = self.n + len(arr)
            if need > len(self._buf):
                grown = np.empty(max(need, 2 * len(self._buf)))
                grown[:self.n] = self._buf[:self.n]
                self._buf = grown
            self._buf[self.n:need] = arr
            self.n = need
            self._extend_bounds(arr)
        return self.view()

    def _extend_bounds(self, arr) -> None:
        finite = arr[np.isfinite(arr)]
        if finite.size:
            lo, hi = float(finite.min()), float(finite.max())
            self.lo = lo if self.lo is None else min(self.lo, lo)
            self.hi = hi if self.hi is None else max(self.hi, hi)
            pos = finite[finite > 0]
            if pos.size:
                p = float(pos.min())
                self.pos_lo = p if self.pos_lo is None else min(self.pos_lo, p)

    def bounds(self, log: bool = False):
        """``(min, max)`` of the finite values so far (log10 of the positive ones when ``log``), or None."""
        if log:
            return None if self.pos_lo is None else (np.log10(self.pos_lo), np.log10(self.hi))
        return None if self.lo is None else (self.lo, self.hi)

    def view(self) -> np.ndarray:
        return self._buf[:self.n]

    def last(self):
        """The last value (None when empty): the seed of an EMA's new tail."""
        return float(self._buf[self.n - 1]) if self.n else None


def binned(x: np.ndarray, y: np.ndarray, points: int = GAP_POINTS) -> tuple[np.ndarray, np.ndarray]:
    """At most ``points`` points of the curve ``(x, y)``: ``x`` and ``y`` averaged over equal bins of
    consecutive points (``(n,)`` → ``(min(n, points),)``); short curves come back unchanged."""
    n = len(x)
    if n <= points:
        return x, y
    edges = np.linspace(0, n, points + 1).astype(int)  # bin i holds points edges[i]..edges[i+1]-1
    counts = np.diff(edges)
    return np.add.reduceat(x, edges[:-1]) / counts, np.add.reduceat(y, edges[:-1]) / counts
