"""Small, named preparation steps used by the tutorial's cases (images, labels, features, folds)."""

from __future__ import annotations

import numpy as np

from ..errors import DataError
from ..utils import to_categorical

__all__ = ["flatten_images", "images_with_channel", "one_hot", "Standardizer", "k_fold_splits",
           "to_categorical"]


def flatten_images(x, scale=255.0, dtype="float32"):
    """Images ``(n, h, w)`` → ``(n, h*w)`` in ``dtype``, divided by ``scale`` (0..255 → 0..1)."""
    x = np.asarray(x)
    return (x.reshape(len(x), -1).astype(dtype) / np.asarray(scale, dtype=dtype)).astype(dtype, copy=False)


def images_with_channel(x, scale=255.0, dtype="float32"):
    """Images ``(n, h, w)`` → ``(n, h, w, 1)`` (channels-last, for Conv2D) divided by ``scale``."""
    x = np.asarray(x)
    return (x.reshape(x.shape + (1,)).astype(dtype) / np.asarray(scale, dtype=dtype)).astype(dtype, copy=False)


def one_hot(labels, num_classes=None, dtype="float32"):
    """Integer labels ``(n,)`` → one-hot ``(n, num_classes)`` (Keras's ``to_categorical``)."""
    return to_categorical(labels, num_classes=num_classes, dtype=dtype)


class Standardizer:
    """Feature-wise standardization with statistics of the training data only.

    ``fit(x_train)`` stores ``mean = x_train.mean(axis=0)`` and ``std = x_train.std(axis=0)``
    (population std, NumPy's default, as the tutorial computes it); ``transform(x)`` returns
    ``(x - mean) / std`` for any split, so test data is scaled with the *training* numbers and no
    information leaks from it. A feature with zero spread keeps ``std = 1`` instead of dividing by 0.
    Shapes: ``(n, features)`` in and out; the result is float32 unless ``dtype`` says otherwise.
    """

    def __init__(self, dtype="float32"):
        self.dtype = dtype
        self.mean = None
        self.std = None

    def fit(self, x):
        x = np.asarray(x, dtype="float64")
        if x.ndim < 2 or not len(x):
            raise DataError(f"Standardizer.fit expects (samples, features) data, got shape {x.shape}",
                            code="bad_shape", shape=x.shape)
        self.mean = x.mean(axis=0)
        std = x.std(axis=0)
        self.std = np.where(std > 0, std, 1.0)
        return self

    def transform(self, x):
        if self.mean is None:
            raise DataError("Standardizer.transform called before fit", code="not_fitted")
        return ((np.asarray(x, dtype="float64") - self.mean) / self.std).astype(self.dtype)

    def fit_transform(self, x):
        return self.fit(x).transform(x)

    def inverse_transform(self, z):
        return np.asarray(z, dtype="float64") * self.std + self.mean


def k_fold_splits(n, k=4, shuffle=False, seed=None):
    """Index pairs ``(train_idx, val_idx)`` for K-fold cross-validation, the tutorial's way.

    ``fold = n // k`` samples per validation fold; fold ``i`` validates on positions
    ``[i*fold, (i+1)*fold)`` and trains on all the others. When ``k`` does not divide ``n`` the last
    ``n % k`` samples are always in training (as in the tutorial's loop). The book uses ``k = 4`` on
    the 404 Boston training samples: folds of 101. With ``shuffle=True`` the positions are first
    permuted by ``numpy.random.default_rng(seed)``.
    """
    if not isinstance(k, (int, np.integer)) or k < 2 or k > n:
        raise DataError(f"k_fold_splits: k must be an integer with 2 <= k <= n={n}, got {k!r}",
                        code="bad_k", k=k, n=n)
    order = np.random.default_rng(seed).permutation(n) if shuffle else np.arange(n)
    fold = n // k
    splits = []
    for i in range(k):
        val = order[i * fold:(i + 1) * fold]
        train = np.concatenate([order[:i * fold], order[(i + 1) * fold:]])
        splits.append((train, val))
    return splits
