"""The optimizers' scratch views (``Optimizer._scratch``) are made once and handed out again,
always as views of the thread's current buffer, and a new training thread gets its own."""

import threading

import numpy as np

from netbuilder.core import optimizers


def test_views_are_reused_and_follow_a_grown_buffer():
    opt = optimizers.RMSprop()
    opt._caller = threading.get_ident()
    small, big = np.zeros((3, 4), "float32"), np.zeros((10, 10), "float32")
    first = opt._scratch(small, 1)
    assert opt._scratch(small, 1) is first  # the same list of views, nothing made again
    assert first[0].shape == (3, 4) and first[0].dtype == np.float32
    opt._scratch(big, 2)  # needs a larger buffer: the views of the old one are dropped
    (view,) = opt._scratch(small, 1)
    buf = opt._buffers[("numpy", "<f4", None)]
    assert buf.size >= 200 and np.shares_memory(view, buf)
    assert opt._scratch(np.zeros(12, "float64"), 1)[0].dtype == np.float64  # its own buffer


def test_steps_from_a_new_thread_match_the_same_steps_in_this_one():
    rs = np.random.default_rng(0)
    w0 = rs.standard_normal((30, 20)).astype("float32")
    grads = [rs.standard_normal((30, 20)).astype("float32") for _ in range(4)]
    here, there = w0.copy(), w0.copy()
    a, b = optimizers.RMSprop(), optimizers.RMSprop()
    for g in grads:
        a.apply([g], [here])
    for g in grads[:2]:
        b.apply([g], [there])
    worker = threading.Thread(target=lambda: [b.apply([g], [there]) for g in grads[2:]])
    worker.start()
    worker.join()
    np.testing.assert_array_equal(here, there)
    assert all(key[0] == worker.ident for key in b._views)  # the first thread's views were dropped
