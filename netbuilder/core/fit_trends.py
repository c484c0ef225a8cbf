"""The numbers the fit coach reads at the end of a run, beyond "lowest validation loss".

Calibrated on the four tutorial cases run as the book runs them (the recorded histories are
``tests/core/fixtures/book_histories/*.json``, made by ``benchmarks/record_book_histories.py``):

- **The gap opens** (MNIST after 5 epochs, IMDB after 4, Reuters after 9): validation loss is still at
  (or within ``OVERFIT_RISE`` of) its minimum, but the training loss has fallen below it and the ratio
  ``val_loss / loss`` grew over the last epochs. The book reads this as a good fit on which overfitting
  begins (train 98.8 % / validation 97.9 % on MNIST). Onset: the first epoch from which the training loss
  stays below the validation loss.
- **Validation flattens** (Boston, 100 epochs at batch 1, the 4-fold mean): after its early fall the
  validation curve wanders in a band; its last values sit a little above the minimum, but the rise is
  small next to what training gained (the *giveback*, below ``GIVEBACK``) and no more than noise.
  Onset: the first epoch within ``FLAT_BAND`` of the smoothed minimum; the coach says overfitting has
  begun slowly (the training error keeps falling), not that validation loss climbs.
- Otherwise a rise that gives back ``GIVEBACK`` or more is overfitting (IMDB 20 epochs gives back all
  of its gain, Reuters 20 epochs about 7 %).

Pure NumPy, no verdict texts (:mod:`netbuilder.core.diagnosis` builds those).
"""

from __future__ import annotations

import numpy as np

#: Smoothing window for noisy curves: ``max(3, epochs // SMOOTH_DIVISOR)`` epochs (trailing mean).
SMOOTH_DIVISOR = 10
#: Overfitting needs the smoothed validation loss to give back at least this fraction of its improvement
#: (first epoch → smoothed minimum) by the end of the run; less is a flattening curve.
GIVEBACK = 0.05
#: The gap opens when ``val_loss / loss`` ends at least this much above 1 ...
GAP_MIN = 0.10
#: ... and grew by at least this fraction over the last ``window`` epochs, never falling.
GAP_GROWTH = 0.10
#: A flattened curve: the epochs within this fraction of the smoothed minimum count as "on the plateau".
FLAT_BAND = 0.05


def window(n: int) -> int:
    """The smoothing window for ``n`` epochs."""
    return max(3, n // SMOOTH_DIVISOR)


def smooth(values, w: int) -> np.ndarray:
    """Trailing moving mean over ``w`` epochs: ``out[i] = mean(values[i : i + w])``, ``len = n - w + 1``."""
    v = np.asarray(values, dtype="float64")
    if len(v) < w:
        return v[:0]
    c = np.cumsum(np.insert(v, 0, 0.0))
    return (c[w:] - c[:-w]) / w


def giveback(val) -> float | None:
    """The fraction of its improvement the smoothed validation curve gave back by the last epoch
    (0: still at its smoothed minimum; 1: back where it started), or None when the run is too short to
    smooth (fewer than ``3 × window`` epochs) or validation never improved."""
    n = len(val)
    w = window(n)
    if n < 3 * w:
        return None
    s = smooth(val, w)
    gained = float(val[0]) - float(s.min())
    if gained <= 0:
        return None
    return (float(s[-1]) - float(s.min())) / gained


def gap_opening(loss, val, trend_window: int = 3) -> int | None:
    """The 1-based epoch from which the training loss stays below the validation loss, when the gap
    is opening at the end of the run (``val/loss ≥ 1 + GAP_MIN``, grown by ``GAP_GROWTH`` over the last
    ``trend_window`` epochs without falling); else None."""
    loss, val = np.asarray(loss, "float64"), np.asarray(val, "float64")
    if len(loss) < trend_window or len(val) != len(loss) or np.any(loss[-trend_window:] <= 0):
        return None
    ratio = val[-trend_window:] / loss[-trend_window:]
    opening = ratio[-1] >= 1.0 + GAP_MIN and np.all(np.diff(ratio) >= 0) and \
        ratio[-1] >= (1.0 + GAP_GROWTH) * ratio[0]
    if not opening:
        return None
    above = val > loss
    start = len(above)
    while start > 0 and above[start - 1]:
        start -= 1
    return start + 1


def flat_from(values) -> tuple[int, float] | None:
    """``(1-based epoch, level)``: where a curve reaches the band ``FLAT_BAND`` above its smoothed
    minimum (``level``), for a flattening validation curve; None when too short to smooth."""
    n = len(values)
    s = smooth(values, window(n))
    if not len(s):
        return None
    level = float(s.min())
    hits = np.flatnonzero(np.asarray(values, "float64") <= level * (1.0 + FLAT_BAND))
    return (int(hits[0]) + 1, level) if hits.size else None
