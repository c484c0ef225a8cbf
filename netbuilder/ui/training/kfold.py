"""K-fold cross-validation helpers for the training window (pure NumPy, no Qt: easy to test).

The tutorial's Boston case: split the training samples into ``k`` folds with
:func:`netbuilder.core.datasets.preprocessing.k_fold_splits` (``k = 4`` on 404 samples → folds of
101), train ``k`` fresh models, each on ``k - 1`` folds with the held-out fold as
``validation_data``, then look at the *mean* validation curve per epoch and at the mean (± std) of
the final validation scores over the folds.
"""

from __future__ import annotations

import numpy as np

from netbuilder.core.datasets.preprocessing import k_fold_splits

__all__ = ["KFoldRun", "final_summary", "fold_arrays", "format_summary", "mean_curves"]


def fold_arrays(x, y, k: int) -> list[tuple]:
    """``[(x_train, y_train, x_val, y_val), ...]`` for the ``k`` folds, in fold order.

    Fold ``i`` validates on positions ``[i*n//k, (i+1)*n//k)`` (no shuffling, as the tutorial; the
    ``n % k`` leftover samples always train). Shapes: ``x (n, ...)``, ``y (n, ...)`` → fold slices.
    """
    out = []
    for train, val in k_fold_splits(len(x), int(k)):
        out.append((x[train], y[train], x[val], y[val]))
    return out


def mean_curves(histories: list[dict]) -> dict[str, list[float]]:
    """Per-epoch mean over folds: ``mean[key][e] = mean_i histories[i][key][e]``.

    A fold cut short (Stop) contributes only to the epochs it reached, so each epoch's mean is over
    the folds that have it; an empty list of histories gives ``{}``. The values may be lists or
    arrays (a running fold's :class:`.series.GrowableArray`); the work is vectorised per key.
    """
    keys = {k for h in histories for k in h}
    out = {}
    for key in sorted(keys):
        curves = [np.asarray(h[key], dtype="float64") for h in histories if len(h.get(key, ()))]
        if not curves:
            continue
        n = max(len(c) for c in curves)
        total, count = np.zeros(n), np.zeros(n)
        for c in curves:
            total[:len(c)] += c
            count[:len(c)] += 1
        out[key] = (total / count).tolist()
    return out


def final_summary(histories: list[dict]) -> dict[str, tuple[float, float]]:
    """``{key: (mean, std)}`` of each fold's *last-epoch* value of ``key`` (population std, ddof=0).

    Only keys that every non-empty fold logged are summarised (``loss``, metrics and ``val_*``).
    """
    hs = [h for h in histories if len(h.get("loss", ()))]
    if not hs:
        return {}
    keys = [k for k in hs[0] if all(len(h.get(k, ())) for h in hs)]
    out = {}
    for key in keys:
        finals = np.asarray([h[key][-1] for h in hs], dtype="float64")
        out[key] = (float(finals.mean()), float(finals.std()))
    return out


def format_summary(summary: dict) -> str:
    """``"val_loss 12.3 ± 1.2, val_mae 2.52 ± 0.13"``: mean ± std of the validation keys (all keys
    when there is no validation key). The caller puts the translated ``"K-fold (k): "`` in front."""
    keys = [key for key in summary if key.startswith("val_")] or list(summary)
    return ", ".join(f"{key} {summary[key][0]:.4g} ± {summary[key][1]:.2g}" for key in keys)


class KFoldRun:
    """The window's K-fold run as it unfolds: which fold trains, the finished folds, the summary.

    The controller calls :meth:`begin` on Start, :meth:`next_fold` when the worker starts a fold (the
    previous fold's curves join ``histories``), :meth:`finish` with the worker's per-fold histories,
    and :meth:`clear` when a normal run or another project replaces it.

    Attributes:
        histories: the finished folds' ``{key: values}`` (all folds after :meth:`finish`).
        complete: after :meth:`finish`, the folds that trained all their epochs.
        fold: ``(i, k)`` (0-based fold) while a fold trains, else None.
        summary: ``{key: (mean, std)}`` of the folds' last epochs (:func:`final_summary`) once finished.
        splits: ``[(train_idx, val_idx), ...]`` of the run (:func:`k_fold_splits`).
    """

    def __init__(self):
        self.clear()

    def clear(self) -> None:
        self.histories: list[dict] = []
        self.complete: list[dict] = []  # the folds that trained all their epochs (after finish)
        self.fold: tuple[int, int] | None = None
        self.summary: dict | None = None
        self.splits: list | None = None

    def begin(self, n: int, k: int) -> None:
        """A K-fold run of ``k`` folds over ``n`` training samples starts (fold 0)."""
        self.clear()
        self.splits = k_fold_splits(n, k)
        self.fold = (0, k)

    def next_fold(self, i: int, k: int, finished_history: dict | None) -> None:
        """Fold ``i`` starts; ``finished_history`` is the previous fold's (kept when not empty)."""
        if i > 0 and finished_history:
            self.histories.append(finished_history)
        self.fold = (i, k)

    def finish(self, fold_histories: list[dict], epochs: int | None = None) -> dict:
        """The worker ended: keep its per-fold histories; returns ``{"k", "folds_done", "summary"}``.

        ``epochs``: the epochs each fold was set to train. A fold that Stop cut short stays in
        ``histories`` (its curves are shown) but not in ``complete``: ``folds_done`` counts, and the
        summary's mean ± std is over, the folds that trained all their epochs (a cut fold's last value
        is of an earlier epoch, and a K-fold estimate over it is not the protocol's)."""
        self.histories = [h for h in fold_histories if h]
        self.complete = [h for h in self.histories if epochs is None or len(h.get("loss", ())) >= epochs]
        self.fold = None
        self.summary = final_summary(self.complete)
        return {"k": len(self.splits or ()), "folds_done": len(self.complete), "summary": self.summary}

    def curves(self, current: dict | None) -> dict:
        """For the plots: ``folds`` (each fold's history, the running fold's ``current`` last) and ``mean``
        (:func:`mean_curves` over them); empty when there is no K-fold run."""
        if self.fold is None and not self.histories:
            return {"folds": [], "mean": {}}
        folds = list(self.histories)
        if self.fold is not None and current:
            folds.append(current)
        return {"folds": folds, "mean": mean_curves(folds)}
