"""What the training controller reports: its state (``RunState``) and a finished run (``RunResult``).

Typed payloads across the worker/GUI boundary, as napari's typed worker signals: a listener reads
``result.best_epoch`` instead of guessing dict keys. ``RunResult`` still answers the dict keys that
``finished`` carried before it (``result["error"]``, ``result.get("diverged")``), so older listeners
keep working.
"""

from __future__ import annotations

import enum
import math
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any


class RunState(str, enum.Enum):
    """The controller's state; equal to its string (``RunState.IDLE == "idle"``), which
    ``stateChanged`` carries."""

    IDLE = "idle"
    RUNNING = "running"
    PAUSED = "paused"
    STOPPING = "stopping"  # Stop pressed: the run (or the evaluation) ends after its current batch
    EVALUATING = "evaluating"  # the test set, in an EvaluationWorker

    def __str__(self) -> str:
        return self.value


def best_epoch(history: dict) -> tuple[int | None, dict]:
    """``(epoch, logs)`` of the epoch with the lowest finite ``val_loss`` (``loss`` without validation):
    1-based, and every key's value at that epoch; ``(None, {})`` when no epoch has a finite one.
    The epoch ``EarlyStopping(restore_best_weights=True)`` and the window's best-weights keeper pick."""
    values = history.get("val_loss") or history.get("loss") or []
    finite = [(v, i) for i, v in enumerate(values) if v is not None and math.isfinite(v)]
    if not finite:
        return None, {}
    _, i = min(finite)
    return i + 1, {key: float(v[i]) for key, v in history.items() if len(v) > i}


@dataclass(eq=False)
class RunResult(Mapping):
    """A finished run, as ``TrainingController.finished`` carries it (also ``controller.last_result``).

    Attributes:
        history: ``{key: [value per epoch]}`` of this run's ``fit`` (Keras' ``History.history``; a
            continued run's new epochs only, K-fold: the last fold's; the epochs logged before an error).
        epochs: epochs this run trained (a Stop inside an epoch counts it when its logs came).
        initial_epoch: epochs the model had before (a continued run), 0 for fresh weights.
        best_epoch: 1-based epoch with the lowest ``val_loss`` (``loss`` without validation) over the
            curves the window shows (a continued run's from the first epoch of its fresh start; K-fold:
            the mean curve), or None; ``best``: that epoch's logs.
        stopped: Stop ended it early. ``diverged``: ``(epoch, batch)`` where the loss blew up, or None.
        error: the error that ended it (``"Type: message"``), or None.
        seconds: its duration. ``seed``: the seed it was started with (None: random). ``engine``: what
            trained it (``"netbuilder"`` or ``"keras"``).
        model: the trained model (K-fold: the last fold's). ``model_config``: the network it was built
            from; ``settings``: the training settings used (optimizer, loss, epochs, validation...).
        data: ``data_signature()`` of the dataset (name, task, sample and label shapes).
        diagnosis: the fit coach's final verdict (:class:`netbuilder.core.diagnosis.Diagnosis`) or None.
        folds: K-fold only: each fold's history; ``kfold``: ``{"k", "folds_done", "summary"}`` with
            ``summary`` ``{key: (mean, std)}`` of the folds' last epochs.
        test: the test-set logs (``{"loss", metrics...}``) once the window evaluated this run's model
            (set when ``evaluated`` reports), else None.

    As a read-only mapping it offers the keys ``finished`` carried before it: ``history``, ``stopped``,
    ``diverged``, ``error``, ``seconds``, ``diagnosis`` and, for K-fold runs, ``folds`` and ``kfold``.
    """

    history: dict = field(default_factory=dict)
    epochs: int = 0
    initial_epoch: int = 0
    best_epoch: int | None = None
    best: dict = field(default_factory=dict)
    stopped: bool = False
    diverged: tuple | None = None
    error: str | None = None
    seconds: float = 0.0
    seed: int | None = None
    engine: str = "netbuilder"
    model: Any = None
    model_config: dict | None = None
    settings: dict = field(default_factory=dict)
    data: tuple | None = None
    diagnosis: Any = None
    folds: list | None = None
    kfold: dict | None = None
    test: dict | None = None

    _KEYS = ("history", "stopped", "diverged", "error", "seconds", "diagnosis", "folds", "kfold")

    def _keys(self) -> list[str]:
        return [k for k in self._KEYS if k not in ("folds", "kfold") or getattr(self, k) is not None]

    def __getitem__(self, key):
        if key not in self._keys():
            raise KeyError(key)
        return getattr(self, key)

    def __iter__(self):
        return iter(self._keys())

    def __len__(self) -> int:
        return len(self._keys())
