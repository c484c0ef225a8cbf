"""The learning-rate range test (fastai's ``lr_find``, Leslie Smith's "LR range test").

A short run in which the learning rate grows geometrically from ``start`` to ``end`` over ``steps``
batches, ``lr_i = start · (end / start) ** (i / (steps - 1))``; the loss of every batch is smoothed
with an exponential moving average (bias-corrected, ``beta = 0.98`` as fastai) and the run stops
early once the smoothed loss passes 4× its minimum or becomes NaN/inf. :func:`suggest` picks the
learning rate where the smoothed loss falls fastest (steepest slope against ``log10(lr)``) before
its minimum: fast learning that still decreases the loss.
"""

from __future__ import annotations

import math

import numpy as np

from ..callbacks import Callback


class LRRangeTest(Callback):
    """Sets the optimizer's learning rate before each batch and records (lr, smoothed loss).

    Attributes after ``fit``: ``lrs`` and ``losses`` (lists, same length; losses smoothed)."""

    def __init__(self, start: float = 1e-6, end: float = 1.0, steps: int = 100, beta: float = 0.98,
                 stop_factor: float = 4.0):
        super().__init__()
        if not 0 < start < end:
            raise ValueError(f"the range test needs 0 < start < end, got start={start!r}, end={end!r}")
        if int(steps) < 5:
            raise ValueError(f"the range test needs at least 5 steps, got steps={steps!r}")
        self.start, self.end, self.steps = float(start), float(end), int(steps)
        self.beta, self.stop_factor = beta, stop_factor
        self.lrs: list[float] = []
        self.losses: list[float] = []
        self._avg, self._i, self._best = 0.0, 0, math.inf

    def lr_at(self, i: int) -> float:
        return self.start * (self.end / self.start) ** (i / (self.steps - 1))

    def on_train_batch_begin(self, batch, logs=None):
        self.model.optimizer.learning_rate = self.lr_at(self._i)

    def on_train_batch_end(self, batch, logs=None):
        # logs["loss"] is the running mean of the epoch: recover this batch's loss from it
        mean = float((logs or {}).get("loss", math.nan))
        n = batch + 1
        loss = mean * n - self._prev_mean * batch if batch else mean
        self._prev_mean = mean
        self._avg = self.beta * self._avg + (1 - self.beta) * loss
        smoothed = self._avg / (1 - self.beta ** (self._i + 1))
        self.lrs.append(self.lr_at(self._i))
        self.losses.append(smoothed)
        self._i += 1
        if math.isfinite(smoothed):
            self._best = min(self._best, smoothed)
        if self._i >= self.steps or not math.isfinite(smoothed) or smoothed > self.stop_factor * self._best:
            self.model.stop_training = True

    _prev_mean = 0.0


def suggest(lrs, losses) -> float | None:
    """The suggested learning rate: steepest descent of the smoothed loss against ``log10(lr)``
    before the loss's minimum (None with fewer than 5 finite points)."""
    lrs, losses = np.asarray(lrs, float), np.asarray(losses, float)
    ok = np.isfinite(losses) & (lrs > 0)
    lrs, losses = lrs[ok], losses[ok]
    if len(lrs) < 5:
        return None
    stop = int(np.argmin(losses)) + 1
    if stop < 3:
        return float(lrs[0])
    slope = np.gradient(losses[:stop], np.log10(lrs[:stop]))
    return float(lrs[int(np.argmin(slope))])


def lr_range_test(model, x, y, batch_size: int = 32, start: float = 1e-6, end: float = 1.0,
                  steps: int = 100, callbacks=()) -> tuple[list, list, float | None]:
    """Run the range test on a compiled ``model`` (its weights change: use a fresh copy).

    Args:
        x, y: training arrays, ``(n, ...)``; as many epochs run as ``steps`` batches need.
    Returns:
        ``(lrs, smoothed_losses, suggested_lr)``.
    """
    test = LRRangeTest(start, end, steps)
    n = len(x)
    per_epoch = max(1, math.ceil(n / batch_size))
    model.fit(x, y, batch_size=batch_size, epochs=math.ceil(steps / per_epoch), shuffle=True, verbose=0,
              callbacks=[test, *callbacks])
    return test.lrs, test.losses, suggest(test.lrs, test.losses)
