"""Boston housing prices (StatLib), loaded exactly as ``keras.datasets.boston_housing.load_data``.

506 suburbs of Boston in the 1970s, 13 features each (crime rate, rooms per dwelling, ...) and the
median home value in $1000s. The features have very different scales, which is why the tutorial
standardizes them (see :mod:`netbuilder.core.datasets.cases`). Keras and scikit-learn warn that
the feature ``B`` encodes a racially based assumption: use the data only as a regression demo.
"""

from __future__ import annotations

import numpy as np

from .download import fetch
from .npz import load_npz
from ..errors import DataError

FILE_NAME = "boston_housing.npz"
FILE_HASH = "f553886a1f8d56431e820c5b82552d9d95cfcb96d1e678153f8839538947dff5"
FEATURE_NAMES = ("CRIM", "ZN", "INDUS", "CHAS", "NOX", "RM", "AGE", "DIS", "RAD", "TAX",
                 "PTRATIO", "B", "LSTAT")
TARGET_NAME = "MEDV"


def load_data(path="boston_housing.npz", test_split=0.2, seed=113, *, progress=None, cancel=None):
    """Load Boston housing as Keras 3 does: ``(x_train, y_train), (x_test, y_test)``.

    Steps (each matters for bit-exactness):
    ``perm = arange(506)`` shuffled by ``numpy.random.RandomState(seed).shuffle``; rows reordered by
    ``perm``; ``cut = int(506 * (1 - test_split))`` (404 for 0.2, computed in this float form);
    train = rows ``[:cut]``, test = rows ``[cut:]``. float64, no normalisation.
    Defaults give x_train (404, 13), y_train (404,), x_test (102, 13), y_test (102,).

    Args:
        path: bare file name (cached Keras file, downloaded when missing) or a path with a folder
            in it (your own npz with keys ``x`` and ``y``, read with no hash check).
        test_split: fraction held out for testing, ``0 <= test_split < 1``.
        seed: seed of the shuffle.
        progress, cancel: download progress callback and cancel signal.

    Raises:
        DataError (a ValueError, as in Keras since Mar 2026): ``test_split`` out of range.
    """
    if not 0 <= test_split < 1:
        raise DataError(f"test_split should be between 0 and 1 (1 excluded), got {test_split!r}",
                        code="bad_test_split", test_split=test_split)
    local = fetch(path, FILE_NAME, FILE_HASH, progress=progress, cancel=cancel)
    data = load_npz(local, allow_objects=False)
    if "x" not in data or "y" not in data:
        raise DataError(f"{local} must hold the keys 'x' and 'y', found {sorted(data)}",
                        code="npz_missing_keys", path=local, missing=[k for k in ("x", "y") if k not in data],
                        holds=sorted(data), needs=["x", "y"])
    x, y = data["x"], data["y"]
    perm = np.arange(len(x))
    np.random.RandomState(seed).shuffle(perm)
    x, y = x[perm], y[perm]
    cut = int(len(x) * (1 - test_split))
    return (x[:cut].copy(), y[:cut].copy()), (x[cut:].copy(), y[cut:].copy())
