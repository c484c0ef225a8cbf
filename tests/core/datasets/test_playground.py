"""Offline playground data: deterministic, right shapes and the promised geometry."""

from __future__ import annotations

import numpy as np
import pytest

from netbuilder.core.datasets import playground
from netbuilder.core.errors import DataError


@pytest.mark.parametrize("name", list(playground.GENERATORS))
def test_deterministic_shapes_and_dtypes(name):
    fn, task, classes = playground.GENERATORS[name]
    x, y = fn(samples=101, noise=0.1, seed=4)
    x2, y2 = playground.make(name, samples=101, noise=0.1, seed=4)
    np.testing.assert_array_equal(x, x2)
    np.testing.assert_array_equal(y, y2)
    x3, _ = fn(samples=101, noise=0.1, seed=5)
    assert not np.array_equal(x, x3)
    assert x.dtype == np.float32 and len(x) == 101 and np.isfinite(x).all()
    assert x.shape[1] == (1 if name == "regression_1d" else 2)
    if task == "regression":
        assert y.dtype == np.float32 and y.shape == (101,)
    else:
        assert y.dtype == np.int64 and set(np.unique(y)) == set(range(classes))
        counts = np.bincount(y)
        assert counts.max() - counts.min() <= 1


def test_noise_free_geometry():
    x, y = playground.circles(samples=200, noise=0.0, factor=0.3)
    r = np.hypot(x[:, 0], x[:, 1])
    np.testing.assert_allclose(r[y == 0], 1.0, rtol=1e-6)
    np.testing.assert_allclose(r[y == 1], 0.3, rtol=1e-6)
    x, y = playground.xor(samples=300, noise=0.0)
    np.testing.assert_array_equal(y, (x[:, 0] > 0) != (x[:, 1] > 0))
    x, y = playground.moons(samples=100, noise=0.0)
    np.testing.assert_allclose(np.hypot(x[y == 0, 0], x[y == 0, 1]), 1.0, rtol=1e-6)
    np.testing.assert_allclose(np.hypot(x[y == 1, 0] - 1, x[y == 1, 1] - 0.5), 1.0, rtol=1e-6)
    x, y = playground.regression_1d(samples=50, noise=0.0)
    np.testing.assert_allclose(y, np.sin(np.pi * x[:, 0]), atol=1e-6)
    x, y = playground.spirals(samples=100, noise=0.0)
    assert np.hypot(x[:, 0], x[:, 1]).max() <= 1.0 + 1e-6
    x, y = playground.gaussian_clusters(samples=300, noise=0.05, classes=4)
    for k in range(4):  # tight clusters around distinct unit-circle centres
        centre = x[y == k].mean(axis=0)
        assert abs(np.hypot(*centre) - 1) < 0.05


def test_noise_scales_spread_and_split():
    clean, _ = playground.regression_2d(samples=500, noise=0.0, seed=1)
    _, y0 = playground.regression_2d(samples=500, noise=0.0, seed=1)
    _, y1 = playground.regression_2d(samples=500, noise=0.5, seed=1)
    assert 0.4 < np.std(y1 - y0) < 0.6
    (a, b), (c, d) = playground.train_test_split(clean, y0, 0.2)
    assert len(a) == 400 and len(c) == 100


def test_bad_arguments():
    with pytest.raises(DataError):
        playground.spirals(samples=1)
    with pytest.raises(DataError):
        playground.moons(noise=-1)
    with pytest.raises(DataError):
        playground.make("nope")
    with pytest.raises(DataError):
        playground.circles(factor=1.5)
