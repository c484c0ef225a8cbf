"""Seeding and small helpers shared by the engine (Keras 3's ``keras.utils`` names).

``set_random_seed``, ``to_categorical``, ``normalize`` and ``pad_sequences`` (the one in
``datasets.text``, also reachable as ``preprocessing.sequence.pad_sequences``, as in Keras 3).

Random draws (initializers, dropout masks, noise, shuffling) come from :func:`rng`: the process's
shared generator, or, inside a :func:`use_rng` block, the block's own generator for that thread
only. A thread that needs randomness while a training run draws in another thread (a copy of the
model built to predict with, a measurement, a step-by-step session) runs inside its own block, so
it neither advances nor reseeds the run's stream: the same seed then gives the same run.
"""

from __future__ import annotations

import contextlib
import random
import threading

import numpy as np

_RNG = np.random.default_rng()
_THREAD = threading.local()  # .rng: the generator of the innermost use_rng block of this thread


def _check_seed(seed) -> int:
    if not isinstance(seed, (int, np.integer)) or isinstance(seed, bool):
        raise TypeError(f"seed must be an int, got {seed!r}")
    return int(seed)


def set_random_seed(seed: int) -> None:
    """Seed every random source the engine uses (initializers, dropout, shuffling).

    Two runs with the same seed, model and data give bit-for-bit identical weights and History
    on the NumPy backend. Like ``keras.utils.set_random_seed``, it also seeds Python's
    ``random`` and NumPy's legacy global generator.

    Inside a :func:`use_rng` block it reseeds only that block's generator (``rng()`` then
    returns the new one until the block ends): the block stays private to its thread, and the
    shared generator, Python's ``random`` and NumPy's legacy one are left as they are.
    """
    global _RNG
    seed = _check_seed(seed)
    if getattr(_THREAD, "rng", None) is not None:
        _THREAD.rng = np.random.default_rng(seed)
        return
    _RNG = np.random.default_rng(seed)
    random.seed(seed)
    np.random.seed(seed % (2**32))


def rng() -> np.random.Generator:
    """This thread's generator: its innermost :func:`use_rng` block's, else the shared one
    (reseeded by ``set_random_seed``)."""
    own = getattr(_THREAD, "rng", None)
    return own if own is not None else _RNG


def make_rng(seed=None) -> np.random.Generator:
    """A generator for an object that was given its own ``seed`` (else :func:`rng`)."""
    if seed is None:
        return rng()
    return np.random.default_rng(int(seed))


def take_rng() -> np.random.Generator:
    """Take this thread's generator (returned) and leave a copy in its place, in the same state.

    The caller and everyone else then continue the same sequence without advancing each other:
    a window's run takes the generator its build drew from (``set_random_seed``, build, take), so
    its dropout masks and shuffles are those of ``set_random_seed``, build, ``fit`` whatever other
    threads draw from the shared generator meanwhile, and they still start where the run's would.
    """
    global _RNG
    taken = rng()
    twin = np.random.Generator(type(taken.bit_generator)())
    twin.bit_generator.state = taken.bit_generator.state
    if getattr(_THREAD, "rng", None) is not None:
        _THREAD.rng = twin
    else:
        _RNG = twin
    return taken


@contextlib.contextmanager
def use_rng(generator: np.random.Generator | None):
    """Within the block, this thread draws from ``generator`` (yielded) instead of the shared one.

    Other threads are not affected, and blocks nest (the outer generator comes back at the end).
    ``generator=None`` changes nothing (yields :func:`rng`). Typical use, a private stream that
    starts like a seeded run::

        with use_rng(np.random.default_rng(seed)):
            model = model_from_config(config)   # initial weights drawn from the block's stream
            model.fit(x, y)                     # dropout and shuffling too
    """
    if generator is None:
        yield rng()
        return
    if not isinstance(generator, np.random.Generator):
        raise TypeError(f"use_rng needs a numpy.random.Generator or None, got {generator!r}")
    before = getattr(_THREAD, "rng", None)
    _THREAD.rng = generator
    try:
        yield generator
    finally:
        _THREAD.rng = before


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
