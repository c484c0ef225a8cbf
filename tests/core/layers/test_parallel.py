"""batch_map: slices cover the batch exactly; threaded conv/pooling equal the serial results."""

import numpy as np
import pytest

from netbuilder.core.layers import AveragePooling2D, Conv2D, MaxPooling2D, _parallel
from netbuilder.core.layers._parallel import batch_map


@pytest.mark.parametrize("n,threads", [(1, 4), (5, 2), (7, 3), (64, 2)])
def test_batch_map_covers_every_index_once(monkeypatch, n, threads):
    monkeypatch.setenv("OMP_NUM_THREADS", str(threads))
    monkeypatch.setattr(_parallel, "MIN_WORK", 1)
    hits = np.zeros(n, dtype=int)

    def fn(a, b):
        hits[a:b] += 1

    batch_map(fn, n, work=10**9)
    np.testing.assert_array_equal(hits, 1)


def test_workers_follow_the_thread_variables(monkeypatch):
    monkeypatch.setenv("OMP_NUM_THREADS", "1")
    assert _parallel.workers() == 1
    monkeypatch.delenv("OMP_NUM_THREADS")
    monkeypatch.setenv("OPENBLAS_NUM_THREADS", "3")
    assert _parallel.workers() == 3


@pytest.mark.parametrize("factory", [
    lambda: Conv2D(6, 3, activation="relu", padding="same"),
    lambda: Conv2D(4, 3, strides=2, dilation_rate=1),
    lambda: MaxPooling2D(),
    lambda: MaxPooling2D(3, strides=1, padding="same"),
    lambda: AveragePooling2D(3, strides=2, padding="same"),
])
def test_threaded_results_equal_serial(monkeypatch, factory):
    rs = np.random.default_rng(0)
    x = rs.standard_normal((9, 10, 11, 5)).astype(np.float32)
    monkeypatch.setattr(_parallel, "MIN_WORK", 1)
    monkeypatch.setenv("OMP_NUM_THREADS", "1")
    layer = factory()
    y1 = layer(x, training=True)
    g = rs.standard_normal(y1.shape).astype(np.float32)
    gx1 = layer.backward(g)
    grads1 = {k: v.copy() for k, v in layer.grads.items()}
    monkeypatch.setenv("OMP_NUM_THREADS", "3")  # the same layer, now on 3 batch slices
    y2 = layer(x, training=True)
    gx2 = layer.backward(g)
    np.testing.assert_array_equal(y1, y2)
    np.testing.assert_array_equal(gx1, gx2)
    for k, v in grads1.items():
        np.testing.assert_array_equal(v, layer.grads[k])
