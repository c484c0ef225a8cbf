"""Seeding and small helpers shared by the engine (Keras 3's ``keras.utils`` names).

``set_random_seed``, ``to_categorical``, ``normalize`` and ``pad_sequences`` (the one in
``datasets.text``, also reachable as ``preprocessing.sequence.pad_sequences``, as in Keras 3).
"""

from __future__ import annotations

import random

import numpy as np

_RNG = np.random.default_rng()


def set_random_seed(seed: int) -> None:
    """Seed every random source the engine uses (initializers, dropout, shuffling).

    Two runs with the same seed, model and data give bit-for-bit identical weights and History
    on the NumPy backend. Like ``keras.utils.set_random_seed``, it also seeds Python's
    ``random`` and NumPy's legacy global generator.
    """
    global _RNG
    if not isinstance(seed, (int, np.integer)) or isinstance(seed, bool):
        raise TypeError(f"seed must be an int, got {seed!r}")
    _RNG = np.random.default_rng(int(seed))
    random.seed(int(seed))
    np.random.seed(int(seed) % (2**32))


def rng() -> np.random.Generator:
    """The engine's global NumPy random generator (reseeded by ``set_random_seed``)."""
    return _RNG


def make_rng(seed=None) -> np.random.Generator:
    """A generator for an object that was given its own ``seed`` (else the global one)."""
    if seed is None:
        return _RNG
    return np.random.default_rng(int(seed))


def to_categorical(y, num_classes=None, dtype="float32"):
    """One-hot encode integer labels: shape ``(n,)`` → ``(n, num_classes)`` (Keras semantics)."""
    y = np.asarray(y, dtype="int64")
    shape = y.shape
    if shape and shape[-1] == 1 and len(shape) > 1:
        shape = shape[:-1]
    y = y.reshape(-1)
    if y.size and y.min() < 0:
        raise ValueError(f"to_categorical: labels must be >= 0, got {int(y.min())}")
    if num_classes is None:
        num_classes = int(y.max()) + 1 if y.size else 0
    elif y.size and y.max() >= num_classes:
        raise ValueError(f"to_categorical: label {int(y.max())} >= num_classes={num_classes}")
    out = np.zeros((y.shape[0], num_classes), dtype=dtype)
    out[np.arange(y.shape[0]), y] = 1
    return out.reshape(shape + (num_classes,))


def normalize(x, axis=-1, order=2):
    """Scale ``x`` to unit ``order``-norm along ``axis`` (Keras ``utils.normalize``)."""
    x = np.asarray(x)
    norm = np.atleast_1d(np.linalg.norm(x, order, axis))
    norm[norm == 0] = 1
    return x / np.expand_dims(norm, axis)


# imported last: ``datasets`` imports ``to_categorical`` from this module
from .datasets.text import pad_sequences  # noqa: E402,F401
