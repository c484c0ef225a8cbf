"""``RunBuffers``: one run's curves as growable arrays, filled by the controller, read by the plots.

The controller appends each log bundle's new points (O(new), no list copied); the plots hand views
of the arrays to ``setData`` at their own rate and fit their ranges from the arrays' running bounds.
A new run (or a new K-fold fold) gets a new ``RunBuffers``; the previous run's object is kept as it is
for the faint overlay, without a copy.
"""

from __future__ import annotations

import numpy as np

from .series import GrowableArray


class RunBuffers:
    """The points of one run (or one K-fold fold) for plotting.

    Attributes:
        epochs: 1-based numbers of the epochs with logs, ``(n_epochs,)`` ints (a continued run goes
            on from the last one).
        history: ``{key: (n_key,) floats}`` per log key (``loss``, metrics, ``val_*``), one value per
            ended epoch, as Keras' ``History.history``.
        batch_x: ``(n_batches,)`` fractional epochs ``epoch + (batch + 1) / steps`` (0-based epoch).
        batch_loss: ``(n_batches,)`` each batch's ``loss``.
        data: ``data_signature()`` of the dataset the run trained on (None when unknown).
    """

    def __init__(self, data=None):
        self.epochs = GrowableArray(dtype=np.int64)
        self.history: dict[str, GrowableArray] = {}
        self.batch_x = GrowableArray()
        self.batch_loss = GrowableArray()
        self.data = data

    @classmethod
    def from_history(cls, history: dict, epochs=None, data=None) -> RunBuffers:
        """Buffers holding a finished History (``{key: [values]}``), epochs ``1..n`` unless given."""
        run = cls(data)
        n = max((len(v) for v in history.values()), default=0)
        run.epochs.extend(range(1, n + 1) if epochs is None else epochs)
        for key, values in history.items():
            run.history[key] = GrowableArray(values)
        return run

    def __bool__(self) -> bool:
        """True once an epoch ended."""
        return len(self.epochs) > 0

    def add_batches(self, batches: list, steps: int) -> None:
        """Append ``[(epoch, batch, logs), ...]`` (0-based) of an epoch of ``steps`` batches."""
        self.batch_x.extend([epoch + (batch + 1) / steps for epoch, batch, _ in batches])
        self.batch_loss.extend([float(logs.get("loss", np.nan)) for _, _, logs in batches])

    def add_epoch(self, epoch: int, logs: dict) -> None:
        """Append the logs of the 0-based ``epoch``."""
        self.epochs.append(epoch + 1)
        for key, value in logs.items():
            series = self.history.get(key)
            if series is None:
                series = self.history[key] = GrowableArray()
            series.append(float(value))

    def history_lists(self) -> dict[str, list[float]]:
        """``{key: [values]}``: a plain copy (for a result, a CSV file or the coach)."""
        return {key: series.tolist() for key, series in self.history.items()}

    def as_dict(self) -> dict:
        """``history``, ``epochs``, ``batch_x``, ``batch_loss``, ``data`` (the arrays, not copies)."""
        return {"history": self.history, "epochs": self.epochs, "batch_x": self.batch_x,
                "batch_loss": self.batch_loss, "data": self.data}
