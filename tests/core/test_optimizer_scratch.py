"""The optimizers' scratch views (``Optimizer._scratch``) are made once and handed out again,
always as views of the thread's current buffer, and a new training thread gets its own."""

import threading

import numpy as np
import pytest

from netbuilder.core import optimizers
from netbuilder.core.optimizers import fused


@pytest.fixture(autouse=True)
def _numpy_code(monkeypatch):
    """These tests are of the NumPy code's scratch buffers and slices: the compiled one-pass kernels
    (tests/core/test_fused_optimizers.py) stay out of the way."""
    monkeypatch.setattr(fused, "ENABLED", False)


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


def _in_thread(fn):
    out = {}
    t = threading.Thread(target=lambda: out.update(value=fn()))
    t.start()
    t.join()
    return out["value"]


def test_variables_of_one_dtype_share_the_threads_buffer_and_threads_never_share():
    """One buffer per (dtype, thread): the views of two variables in one thread are the same memory (the
    temporaries of one variable are done before the next one's start), but two helper threads of a split
    update must never write into the same memory (their slices run at the same time)."""
    opt = optimizers.RMSprop()
    opt._caller = threading.get_ident()
    a, b = np.zeros(40, "float32"), np.zeros(40, "float32")  # the same size: the buffer is large enough
    (va,), (vb,) = opt._scratch(a, 1), opt._scratch(b.reshape(8, 5), 1)
    assert np.shares_memory(va, vb)
    both = threading.Barrier(2)  # alive at the same time, as a split update's helpers are
    got = []

    def helper():
        got.append(opt._scratch(a, 1)[0])
        both.wait(30)

    threads = [threading.Thread(target=helper) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    helper1, helper2 = got
    assert not np.shares_memory(helper1, va) and not np.shares_memory(helper2, va)
    assert not np.shares_memory(helper1, helper2)


def test_a_grown_buffer_is_not_kept_alive_by_old_views():
    opt = optimizers.RMSprop()
    opt._caller = threading.get_ident()
    opt._scratch(np.zeros(10, "float32"), 1)
    old = opt._buffers[("numpy", "<f4", None)]
    opt._scratch(np.zeros(1000, "float32"), 2)  # grows this thread's buffer
    assert opt._buffers[("numpy", "<f4", None)] is not old
    kept = [v for views in opt._views.values() for v in views]
    assert kept and not any(np.shares_memory(v, old) for v in kept)  # the old buffer can be freed


def test_the_views_survive_steps_in_one_thread_and_the_buffer_a_new_training_thread():
    """The window trains each run in a new thread: the new thread takes over the buffer of the thread that
    ran ``apply`` before (no new allocation per run), with fresh views; steps in one thread reuse the views."""
    opt = optimizers.RMSprop()
    w = np.zeros((20, 10), "float32")
    opt.apply([np.ones_like(w)], [w])
    views = dict(opt._views)
    opt.apply([np.ones_like(w)], [w])
    assert views and all(opt._views[k] is v for k, v in views.items())  # nothing made again
    buf = opt._buffers[("numpy", "<f4", None)]
    _in_thread(lambda: opt.apply([np.ones_like(w)], [w]))
    assert opt._buffers[("numpy", "<f4", None)] is buf and len(opt._buffers) == 1
    assert all(k[0] != threading.get_ident() for k in opt._views)


def test_a_split_update_of_a_large_variable_matches_the_serial_one(monkeypatch):
    """A variable over ``2 * MIN_WORK`` elements touched is updated in slices by the engine's threads."""
    from netbuilder.core.layers import _parallel

    monkeypatch.setattr(_parallel, "workers", lambda: 2)
    rs = np.random.default_rng(1)
    w0 = rs.standard_normal(150_000).astype("float32")  # RMSprop: 3 arrays, 450,000 elements touched
    grads = [rs.standard_normal(w0.shape).astype("float32") for _ in range(3)]
    split, serial = w0.copy(), w0.copy()
    a = optimizers.RMSprop()
    for g in grads:
        a.apply([g], [split])
    b = optimizers.RMSprop()
    b.elementwise_update = False  # never split
    for g in grads:
        b.apply([g], [serial])
    np.testing.assert_array_equal(split, serial)

