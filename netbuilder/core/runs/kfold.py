"""A K-fold cross-validation run as the experiment lab keeps it: one record for all its folds.

The training window trains ``k`` fresh models, one per fold (``netbuilder/ui/training/kfold.py``). The lab keeps
the whole run as **one** :class:`~.record.RunRecord`:

- ``history``: the per-epoch mean over the folds (each epoch's mean over the folds that reached it), so the
  table's best epoch, the gap and the compare overlay read the mean curves like any run's History;
- ``kfold``: the dict :func:`kfold_info` makes: ``k``, how many folds trained, each fold's epochs and
  last-epoch values, the mean ± std of those last values over the folds, the fold Stop cut short;
- the model file: the **last fold's trained model** (``weights_fold``), the one the window holds after the run,
  evaluates on the test set and exports. It learned from ``k - 1`` folds only; the run itself estimates how
  well the network does, and "Train on all data" makes the final model (a run kept on its own).

Restoring a K-fold record restores its network and its settings, ``validation_mode="kfold"`` and ``k_folds``
included, so Train runs the same cross-validation again.
"""

from __future__ import annotations

import math


def _num(v):
    """A JSON-safe float (NaN and infinities, from a diverged fold, become None)."""
    try:
        v = float(v)
    except (TypeError, ValueError):
        return None
    return v if math.isfinite(v) else None


def _epochs(history: dict) -> int:
    return max((len(v) for v in (history or {}).values()), default=0)


def kfold_info(folds: list[dict], k: int, epochs: int | None, stopped: bool, summary: dict) -> dict:
    """What a K-fold record keeps beside its mean History (``RunRecord.kfold``).

    Args:
        folds: each fold's History ``{key: [value per epoch]}`` in fold order, as the worker reported them (the
            last one may be short or empty when Stop came during it).
        k: the folds the run was set to train. ``epochs``: the epochs each fold was set to train (None: unknown).
        stopped: Stop ended the run. ``summary``: ``{key: (mean, std)}`` of the folds' last-epoch values (the
            training window's ``final_summary``, population std).

    Returns:
        ``{"k", "folds", "fold_epochs", "fold_finals", "summary", "stopped_fold", "weights_fold"}``:
        ``folds`` the number of folds with at least one epoch (the folds the mean is over); ``fold_epochs``
        ``[epochs of fold 1, ...]``; ``fold_finals`` ``[{key: last value}]`` per fold with epochs;
        ``summary`` ``{key: [mean, std]}``; ``stopped_fold`` the 1-based fold that Stop cut short or kept from
        starting (None when every fold ran all its epochs); ``weights_fold`` the 1-based fold whose model is the
        record's model file (the last fold that started), None when no fold trained.
    """
    k = int(k)
    if k < 2:
        raise ValueError(f"a K-fold run has at least 2 folds, got k={k}")
    folds = [h or {} for h in folds]
    fold_epochs = [_epochs(h) for h in folds]
    trained = [h for h, n in zip(folds, fold_epochs) if n]
    stopped_fold = None
    if stopped:
        want = int(epochs) if epochs else max(fold_epochs, default=0)
        short = [i for i, n in enumerate(fold_epochs) if n < want]
        if short:
            stopped_fold = short[0] + 1
        elif len(folds) < k:
            stopped_fold = len(folds) + 1
    return {
        "k": k,
        "folds": len(trained),
        "fold_epochs": fold_epochs,
        "fold_finals": [{key: _num(v[-1]) for key, v in h.items() if len(v)} for h in trained],
        "summary": {key: [_num(m), _num(s)] for key, (m, s) in (summary or {}).items()},
        "stopped_fold": stopped_fold,
        "weights_fold": len(folds) or None,
    }


def summary_pairs(info: dict, validation_only: bool = True) -> list[tuple[str, float, float]]:
    """``[(key, mean, std)]`` of a record's ``kfold`` summary: the ``val_*`` keys (all keys when there are none
    or ``validation_only`` is False), in the order they were logged; missing numbers are left out."""
    summary = (info or {}).get("summary") or {}
    pairs = [(key, m, s) for key, (m, s) in summary.items() if m is not None and s is not None]
    val = [p for p in pairs if p[0].startswith("val_")]
    return val if validation_only and val else pairs
