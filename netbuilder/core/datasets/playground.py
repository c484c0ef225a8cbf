"""Small 2-D datasets generated in code, for the playground: no download, deterministic.

Every generator takes ``samples``, ``noise`` and ``seed`` and returns ``(x, y)`` with ``x`` float32
``(samples, 2)`` (``(samples, 1)`` for the 1-D regression). Classification labels are int64
``(samples,)`` (0..classes-1, as balanced as ``samples`` allows); regression targets are float32
``(samples,)``. The same arguments always give the same arrays (``numpy.random.default_rng(seed)``),
and the samples come in shuffled order so that ``validation_split`` sees every class.
"""

from __future__ import annotations

import numpy as np

from ..errors import DataError

__all__ = ["spirals", "circles", "xor", "gaussian_clusters", "moons", "regression_1d", "regression_2d",
           "GENERATORS", "make", "train_test_split"]


def _check(samples, noise, classes=1):
    if not isinstance(samples, (int, np.integer)) or samples < classes:
        raise DataError(f"samples must be an integer >= {classes}, got {samples!r}", code="bad_samples",
                        samples=samples)
    if noise < 0:
        raise DataError(f"noise must be >= 0, got {noise!r}", code="bad_noise", noise=noise)


def _counts(samples, classes):
    """Samples per class: ``samples // classes``, the first ``samples % classes`` classes get one more."""
    return [samples // classes + (k < samples % classes) for k in range(classes)]


def _finish(rng, x, y, regression=False):
    order = rng.permutation(len(x))
    y = y[order].astype("float32" if regression else "int64")
    return x[order].astype("float32"), y


def spirals(samples=400, noise=0.1, seed=0, turns=1.5):
    """Two interleaved spirals (binary). Point at fraction ``t`` of a spiral: radius ``t``, angle
    ``2π·turns·t + π·k`` for class ``k``; Gaussian noise of std ``noise`` is added to x and y."""
    _check(samples, noise, 2)
    rng = np.random.default_rng(seed)
    xs, ys = [], []
    for k, n in enumerate(_counts(samples, 2)):
        t = np.linspace(0.05, 1.0, n)
        angle = 2 * np.pi * turns * t + np.pi * k
        xs.append(np.stack([t * np.cos(angle), t * np.sin(angle)], axis=1))
        ys.append(np.full(n, k))
    x = np.concatenate(xs) + rng.normal(0.0, noise, (samples, 2))
    return _finish(rng, x, np.concatenate(ys))


def circles(samples=400, noise=0.05, seed=0, factor=0.5):
    """A ring of radius 1 (class 0) around a ring of radius ``factor`` (class 1), plus noise."""
    _check(samples, noise, 2)
    if not 0 < factor < 1:
        raise DataError(f"factor must be between 0 and 1, got {factor!r}", code="bad_factor", factor=factor)
    rng = np.random.default_rng(seed)
    xs, ys = [], []
    for k, (n, radius) in enumerate(zip(_counts(samples, 2), (1.0, factor))):
        angle = rng.uniform(0, 2 * np.pi, n)
        xs.append(radius * np.stack([np.cos(angle), np.sin(angle)], axis=1))
        ys.append(np.full(n, k))
    x = np.concatenate(xs) + rng.normal(0.0, noise, (samples, 2))
    return _finish(rng, x, np.concatenate(ys))


def xor(samples=400, noise=0.05, seed=0):
    """Points uniform in the four quadrants of [-1, 1]² (equal shares); label 1 where x and y have
    different signs (XOR), decided before the Gaussian noise is added (so noise blurs the border)."""
    _check(samples, noise, 2)
    rng = np.random.default_rng(seed)
    signs = np.array([[1, 1], [1, -1], [-1, -1], [-1, 1]])  # quadrants alternate between the classes
    quadrant = np.repeat(np.arange(4), _counts(samples, 4))
    x = rng.uniform(0.0, 1.0, (samples, 2)) * signs[quadrant]
    y = quadrant % 2
    return _finish(rng, x + rng.normal(0.0, noise, (samples, 2)), y)


def gaussian_clusters(samples=400, noise=0.3, seed=0, classes=3):
    """``classes`` round Gaussian clusters of std ``noise``, centred evenly on the unit circle."""
    _check(samples, noise, classes)
    rng = np.random.default_rng(seed)
    angles = 2 * np.pi * np.arange(classes) / classes + np.pi / 2
    centers = np.stack([np.cos(angles), np.sin(angles)], axis=1)
    y = np.repeat(np.arange(classes), _counts(samples, classes))
    return _finish(rng, centers[y] + rng.normal(0.0, noise, (samples, 2)), y)


def moons(samples=400, noise=0.1, seed=0):
    """Two interleaving half circles (binary): ``(cos t, sin t)`` and ``(1 - cos t, 0.5 - sin t)``
    for ``t`` in [0, π], plus Gaussian noise."""
    _check(samples, noise, 2)
    rng = np.random.default_rng(seed)
    n0, n1 = _counts(samples, 2)
    t0, t1 = np.linspace(0, np.pi, n0), np.linspace(0, np.pi, n1)
    x = np.concatenate([np.stack([np.cos(t0), np.sin(t0)], axis=1),
                        np.stack([1 - np.cos(t1), 0.5 - np.sin(t1)], axis=1)])
    y = np.concatenate([np.zeros(n0), np.ones(n1)])
    return _finish(rng, x + rng.normal(0.0, noise, (samples, 2)), y)


def regression_1d(samples=200, noise=0.1, seed=0):
    """``x`` uniform in [-1, 1], shape (samples, 1); ``y = sin(π x) + noise · N(0, 1)``."""
    _check(samples, noise)
    rng = np.random.default_rng(seed)
    x = rng.uniform(-1.0, 1.0, (samples, 1))
    y = np.sin(np.pi * x[:, 0]) + rng.normal(0.0, noise, samples)
    return _finish(rng, x, y, regression=True)


def regression_2d(samples=400, noise=0.1, seed=0):
    """``x`` uniform in [-1, 1]²; ``y = sin(π x₀) · cos(π x₁ / 2) + noise · N(0, 1)``."""
    _check(samples, noise)
    rng = np.random.default_rng(seed)
    x = rng.uniform(-1.0, 1.0, (samples, 2))
    y = np.sin(np.pi * x[:, 0]) * np.cos(np.pi * x[:, 1] / 2) + rng.normal(0.0, noise, samples)
    return _finish(rng, x, y, regression=True)


#: name → (generator, task, number of classes or None for regression).
GENERATORS = {
    "spirals": (spirals, "binary", 2),
    "circles": (circles, "binary", 2),
    "xor": (xor, "binary", 2),
    "gaussian_clusters": (gaussian_clusters, "multiclass", 3),
    "moons": (moons, "binary", 2),
    "regression_1d": (regression_1d, "regression", None),
    "regression_2d": (regression_2d, "regression", None),
}


def make(name, **params):
    """Generate the dataset called ``name`` (a key of :data:`GENERATORS`) with ``params``."""
    if name not in GENERATORS:
        raise DataError(f"unknown playground dataset {name!r}; known: {', '.join(GENERATORS)}",
                        code="unknown_dataset", name=name)
    return GENERATORS[name][0](**params)


def train_test_split(x, y, test_fraction=0.2):
    """The last ``round(n * test_fraction)`` samples as test data (the generators already shuffle)."""
    if not 0 <= test_fraction < 1:
        raise DataError(f"test_fraction must be in [0, 1), got {test_fraction!r}", code="bad_test_split",
                        test_fraction=test_fraction)
    cut = len(x) - int(round(len(x) * test_fraction))
    return (x[:cut], y[:cut]), (x[cut:], y[cut:])
