"""Growable arrays for the live curves: appending costs O(new points), drawing gets a view, not a copy.

Qt-free helpers of :mod:`.run_buffers` and :mod:`.plots` (pyqtgraph's ``examples/scrollingPlots.py``
pattern: fill a preallocated array, hand a view of its filled part to ``setData``).
"""

from __future__ import annotations

import numpy as np

#: The shaded train/validation gap is drawn from at most this many points (bins of epochs).
GAP_POINTS = 400


class RunningBounds:
    """The running finite min / max of the values seen (and the smallest positive one, for log axes), and
    where the minimum first came (``lo_index``): ranges and the best epoch without a pass over every point."""

    lo = hi = pos_lo = lo_index = None

    def _extend_bounds(self, arr, start: int) -> None:
        ok = np.isfinite(arr) if arr.dtype.kind == "f" else np.ones(arr.shape, bool)
        finite = arr[ok]
        if finite.size:
            lo, hi = float(finite.min()), float(finite.max())
            if self.lo is None or lo < self.lo:
                self.lo_index = start + int(np.flatnonzero(ok & (arr == lo))[0])
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


class GrowableArray(RunningBounds):
    """An append-only 1-D array: :meth:`extend` copies only the new values into a buffer that doubles
    when full (amortized O(new)); :meth:`view` is the filled part ``(n,)``, shared, for ``setData``.

    It keeps the running finite min / max (and smallest positive value, for log axes) and where the
    minimum first came (``lo_index``), so that a plot fits its range and marks the best epoch without a
    pass over every point. It reads like the list it replaces: ``len``,
    indexing (Python scalars), iteration, ``==`` against a list or tuple (``epochs == [1, 2]``) and
    ``np.asarray``.
    """

    def __init__(self, values=(), dtype=float):
        self._buf = np.empty(max(256, len(values)), dtype=dtype)
        self.n = 0
        self.lo = self.hi = self.pos_lo = self.lo_index = None
        if len(values):
            self.extend(values)

    def append(self, value) -> None:
        self.extend((value,))

    def extend(self, values) -> None:
        """Append ``values`` (any sequence or array of numbers)."""
        arr = np.asarray(values, dtype=self._buf.dtype).ravel()
        if not arr.size:
            return
        need = self.n + arr.size
        if need > len(self._buf):
            grown = np.empty(max(need, 2 * len(self._buf)), dtype=self._buf.dtype)
            grown[:self.n] = self._buf[:self.n]
            self._buf = grown
        self._buf[self.n:need] = arr
        start, self.n = self.n, need
        self._extend_bounds(arr, start)

    def view(self) -> np.ndarray:
        """The filled part ``(n,)``; later appends do not change it (it may stop sharing the buffer)."""
        return self._buf[:self.n]

    def last(self):
        """The last value (None when empty): the seed of an EMA's new tail."""
        return self._buf[self.n - 1].item() if self.n else None

    def tolist(self) -> list:
        return self.view().tolist()

    # ---------------------------------------------------------------- the list it replaces
    def __len__(self) -> int:
        return self.n

    def __getitem__(self, index):
        return self.view()[index].tolist()

    def __iter__(self):
        return iter(self.tolist())

    def __array__(self, dtype=None, copy=None):
        v = self.view()
        return v if dtype is None else v.astype(dtype)

    def __eq__(self, other):
        if isinstance(other, GrowableArray):
            other = other.view()
        if isinstance(other, (list, tuple, np.ndarray)):
            return len(other) == self.n and bool(np.array_equal(self.view(), np.asarray(other)))
        return NotImplemented

    __hash__ = None

    def __repr__(self) -> str:
        return f"GrowableArray({self.tolist()!r})"


def binned(x: np.ndarray, y: np.ndarray, points: int = GAP_POINTS) -> tuple[np.ndarray, np.ndarray]:
    """At most ``points`` points of the curve ``(x, y)``: ``x`` and ``y`` averaged over equal bins of
    consecutive points (``(n,)`` → ``(min(n, points),)``); short curves come back unchanged."""
    n = len(x)
    if n <= points:
        return x, y
    edges = np.linspace(0, n, points + 1).astype(int)  # bin i holds points edges[i]..edges[i+1]-1
    counts = np.diff(edges)
    return np.add.reduceat(x, edges[:-1]) / counts, np.add.reduceat(y, edges[:-1]) / counts
