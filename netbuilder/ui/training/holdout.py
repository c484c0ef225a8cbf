"""Validation on a fixed slice of the training samples: the first or the last ``n`` (no Qt, easy to test).

The book holds out IMDB's *first* 10,000 training reviews (``x_val = x_train[:10000]``) and Reuters'
first 1,000 newswires; Keras's ``validation_split`` takes the *last* fraction. The controller passes
the slice to ``fit`` as ``validation_data`` and trains on the rest; the engine's semantics stay Keras's.
"""

from __future__ import annotations

MODES = ("first", "last")


def hold_out(x, y, mode: str, n: int) -> tuple:
    """``(x_train, y_train, (x_val, y_val))`` with the ``mode`` ("first"/"last") ``n`` samples as validation.

    Basic slices, so the arrays are views (a 25,000 × 10,000 multi-hot IMDB array is not copied).
    Raises ``ValueError`` unless ``0 < n < len(x)``.
    """
    total = len(x)
    if mode not in MODES:
        raise ValueError(f"validation mode must be one of {MODES}, got {mode!r}")
    if not 0 < n < total:
        raise ValueError(f"cannot hold out {n} of {total} samples for validation")
    if mode == "first":
        return x[n:], y[n:], (x[:n], y[:n])
    return x[: total - n], y[: total - n], (x[total - n:], y[total - n:])
