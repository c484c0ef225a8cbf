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

__all__ = ["final_summary", "fold_arrays", "format_summary", "mean_curves"]


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
    the folds that have it; an empty list of histories gives ``{}``.
    """
    keys = {k for h in histories for k in h}
    out = {}
    for key in sorted(keys):
        curves = [h[key] for h in histories if h.get(key)]
        if not curves:
            continue
        n = max(len(c) for c in curves)
        out[key] = [float(np.mean([c[e] for c in curves if len(c) > e])) for e in range(n)]
    return out


def final_summary(histories: list[dict]) -> dict[str, tuple[float, float]]:
    """``{key: (mean, std)}`` of each fold's *last-epoch* value of ``key`` (population std, ddof=0).

    Only keys that every non-empty fold logged are summarised (``loss``, metrics and ``val_*``).
    """
    hs = [h for h in histories if h.get("loss")]
    if not hs:
        return {}
    keys = [k for k in hs[0] if all(h.get(k) for h in hs)]
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
