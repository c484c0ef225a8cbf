"""``RunRecord``: one finished (or stopped) training run as the experiment lab keeps it.

A record holds what a learner compares runs by: the network and settings it trained with, the
readable diff against the run before it, the full History, its best epoch and values, test results
when evaluated, duration and seed. The trained weights live in a separate ``.nbm`` file named by
``weights`` (None once the size bound dropped them, see :mod:`.store`). A K-fold cross-validation run is one
record too: its History is the mean over the folds and ``kfold`` holds the rest (see :mod:`.kfold`).
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field, fields


def _finite(v) -> bool:
    return isinstance(v, (int, float)) and not isinstance(v, bool) and math.isfinite(v)


def metric_key(history: dict) -> str | None:
    """The first metric of ``history`` that is not a loss (``"accuracy"``, ``"mae"``...), or None."""
    for key in history:
        if not key.startswith("val_") and key != "loss" and not key.endswith("loss"):
            return key
    return None


def best_summary(history: dict) -> dict:
    """The best epoch of a History and its values.

    The best epoch is the one with the lowest ``val_loss`` (``loss`` without validation), 1-based.
    ``gap`` is ``val_loss - loss`` at that epoch (the train-validation gap; None without validation).

    Returns:
        ``{"epoch", "loss", "val_loss", "metric", "value", "val_value", "gap"}`` (None where missing);
        ``metric`` is the metric's name (see :func:`metric_key`), ``value``/``val_value`` its values.
    """
    out = {"epoch": None, "loss": None, "val_loss": None, "metric": metric_key(history), "value": None,
           "val_value": None, "gap": None}
    key = "val_loss" if history.get("val_loss") else "loss"
    series = history.get(key) or []
    finite = [(v, i) for i, v in enumerate(series) if _finite(v)]
    if not finite:
        return out
    _, i = min(finite)
    out["epoch"] = i + 1

    def at(name):
        s = history.get(name) or []
        return float(s[i]) if i < len(s) and _finite(s[i]) else None

    out["loss"], out["val_loss"] = at("loss"), at("val_loss")
    if out["metric"]:
        out["value"], out["val_value"] = at(out["metric"]), at("val_" + out["metric"])
    if out["loss"] is not None and out["val_loss"] is not None:
        out["gap"] = out["val_loss"] - out["loss"]
    return out


@dataclass
class RunRecord:
    """One run of a project.

    Attributes:
        id: unique within the project's store (``"r0001"``...).
        name: shown in the table; the learner may rename it.
        model: the ``{"class_name", "config"}`` the run's network was built from.
        settings: the training settings (optimizer, loss, metrics, epochs, batch_size, seed, validation).
        history: ``{key: [value per epoch]}`` (Keras' ``History.history``).
        changes: the readable diff against the previous run (:func:`.diff.describe_changes`).
        test: the test set's ``{key: value}`` when the run was evaluated, else None.
        seconds: wall time of the run; ``seed``: the random seed it was built and shuffled with.
        stopped: True when Stop ended it early.
        created: a UNIX time; ``weights``: the file name of the trained model (None when dropped).
        experiment: what made the run (``{"kind": "sweep", "label": "units=8", ...}``), {} for a plain run.
        data: what identifies the dataset (name, task), for reusing a run in a remedy check.
        kfold: a K-fold run's folds (:func:`.kfold.kfold_info`: ``k``, folds trained, each fold's last values,
            their mean ± std, the fold Stop cut short); ``history`` is then the per-epoch mean over the folds
            and ``weights`` the last fold's model. None for a run on one train/validation split.
    """

    id: str
    name: str
    model: dict
    settings: dict
    history: dict
    changes: list = field(default_factory=list)
    test: dict | None = None
    seconds: float = 0.0
    seed: int | None = None
    stopped: bool = False
    created: float = 0.0
    weights: str | None = None
    experiment: dict = field(default_factory=dict)
    data: list | None = None
    kfold: dict | None = None

    @property
    def best(self) -> dict:
        """:func:`best_summary` of this run's History."""
        return best_summary(self.history)

    @property
    def epochs(self) -> int:
        """Epochs trained (the length of the History)."""
        return max((len(v) for v in self.history.values()), default=0)

    def to_json(self) -> dict:
        """The record as a JSON-ready dict (shares its lists and dicts with the record: dump it, don't edit it)."""
        return {f.name: getattr(self, f.name) for f in fields(self)}

    @classmethod
    def from_json(cls, data: dict) -> "RunRecord":
        """A record from :meth:`to_json`'s dict; unknown keys (a newer netbuilder) are ignored."""
        known = {f.name for f in fields(cls)}
        if not isinstance(data, dict) or not {"id", "name", "model", "settings", "history"} <= set(data):
            raise ValueError(f"not a run record: {str(data)[:80]}")
        return cls(**{k: v for k, v in data.items() if k in known})
