"""``StepSession``: the project's training data, walked one batch at a time (Qt-free).

The step mode's own model trains here, batch after batch in the order ``fit`` would draw them
(a fresh shuffle of the rows every epoch when shuffling is on), so that "Step", "Step x10" and
"Run to end of epoch" are one training run taken slowly. Its shuffles and its steps' dropout masks
and noise come from the session's own generator, in fit's order (an epoch's shuffle when its first
batch is taken): given the generator the model was built from (``run_setup.built_apart``), the
steps are those of a Train run with the same seed, and a run training meanwhile in another
thread is not disturbed. Only the steps the window shows are recorded
(``core.introspect.step_trace``); the others are plain ``train_on_batch`` steps, the same
arithmetic.
"""

from __future__ import annotations

import numpy as np

from netbuilder.core import utils
from netbuilder.core.introspect import step_trace


class StepSession:
    """One model stepping through ``(x, y)`` in batches of ``batch_size``.

    Attributes:
        epoch: 0-based epoch of the next step; ``step``: 0-based step within it.
        losses: the loss of every step taken, in order (the step mode's curve).
        last_trace, last_rows: the last recorded step and the row indices of its batch.

    ``rng``: the generator the session draws from (None: a fresh one).
    """

    def __init__(self, model, x, y, batch_size: int, shuffle: bool = True, rng: np.random.Generator | None = None):
        if len(x) == 0:
            raise ValueError("StepSession: the training data has no rows")
        self.model, self.x, self.y = model, x, y
        self.n = len(x)
        self.batch_size = max(1, min(int(batch_size), self.n))
        self.shuffle = shuffle
        self._rng = rng if rng is not None else np.random.default_rng()
        self.epoch, self.step = 0, 0
        self.losses: list[float] = []
        self.last_trace = None
        self.last_rows = None
        self._order = None  # the epoch's order, drawn with its first batch (as fit does)

    @property
    def steps_per_epoch(self) -> int:
        return -(-self.n // self.batch_size)

    def steps_left_in_epoch(self) -> int:
        return self.steps_per_epoch - self.step

    def _new_order(self):
        return self._rng.permutation(self.n) if self.shuffle else np.arange(self.n)

    def _next_rows(self) -> np.ndarray:
        if self._order is None:
            self._order = self._new_order()
        start = self.step * self.batch_size
        rows = self._order[start:start + self.batch_size]
        self.step += 1
        if self.step >= self.steps_per_epoch:
            self.epoch, self.step = self.epoch + 1, 0
            self._order = None
        return rows

    def traced_step(self):
        """One recorded step on the next batch; returns its ``StepTrace``."""
        with utils.use_rng(self._rng):
            rows = self._next_rows()
            trace = step_trace(self.model, self.x[rows], self.y[rows])
        self.losses.append(trace.loss)
        self.last_trace, self.last_rows = trace, rows
        return trace

    def quick_step(self) -> float:
        """One unrecorded step on the next batch (``train_on_batch``); returns its loss."""
        with utils.use_rng(self._rng):
            rows = self._next_rows()
            out = self.model.train_on_batch(self.x[rows], self.y[rows], return_dict=True)
        self.losses.append(float(out["loss"]))
        return self.losses[-1]
