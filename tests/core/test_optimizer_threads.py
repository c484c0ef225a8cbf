"""Optimizer updates split over threads (``Optimizer._update``): the same bits as serially."""

import threading

import numpy as np
import pytest

from netbuilder.core.layers import _parallel
from netbuilder.core.optimizers import (SGD, Adadelta, Adagrad, Adam, Adamax, AdamW, Ftrl, Lion,
                                        Nadam, Optimizer, RMSprop)
from netbuilder.core.optimizers import fused


@pytest.fixture(autouse=True)
def _numpy_code(monkeypatch):
    """These tests are of the NumPy code's scratch buffers and slices: the compiled one-pass kernels
    (tests/core/test_fused_optimizers.py) stay out of the way."""
    monkeypatch.setattr(fused, "ENABLED", False)

FACTORIES = [
    lambda: SGD(0.1), lambda: SGD(0.1, momentum=0.9, nesterov=True),
    lambda: RMSprop(), lambda: RMSprop(momentum=0.5, centered=True, weight_decay=0.01),
    lambda: Adam(amsgrad=True), lambda: AdamW(), lambda: Adamax(), lambda: Nadam(),
    lambda: Adagrad(), lambda: Adadelta(), lambda: Ftrl(l1_regularization_strength=0.01),
    lambda: Lion(),
]
SHAPES = [(7, 5), (13,), (3, 2, 4)]


def _run(factory, threads, monkeypatch, steps=6):
    """Weights, state and the number of ``update_step`` calls after ``steps`` steps."""
    monkeypatch.setenv("OMP_NUM_THREADS", str(threads))
    rs = np.random.default_rng(1)
    ws = [rs.standard_normal(s).astype(np.float32) for s in SHAPES]
    opt = factory()
    calls = []
    step = opt.update_step

    def counting(grad, var, lr, slots):
        calls.append(var.size)
        step(grad, var, lr, slots)

    opt.update_step = counting
    for _ in range(steps):
        grads = [rs.standard_normal(s).astype(np.float32) for s in SHAPES]
        kept = [g.copy() for g in grads]
        opt.apply(grads, ws)
        for g, k in zip(grads, kept):  # an update never writes into the caller's gradients
            np.testing.assert_array_equal(g, k)
    return ws, opt.get_state(), calls


@pytest.mark.parametrize("factory", FACTORIES)
def test_threaded_update_equals_serial(monkeypatch, factory):
    monkeypatch.setattr(_parallel, "MIN_WORK", 1)  # split even these tiny variables
    w1, s1, calls1 = _run(factory, 1, monkeypatch)
    w3, s3, calls3 = _run(factory, 3, monkeypatch)
    assert factory().elementwise_update
    assert calls1 == [int(np.prod(s)) for s in SHAPES] * 6  # serial: one call per variable
    assert len(calls3) == 3 * len(calls1) and sum(calls3) == sum(calls1)  # 3 slices each
    for a, b in zip(w1, w3):
        np.testing.assert_array_equal(a, b)
    assert s1.keys() == s3.keys()
    for k in s1:
        np.testing.assert_array_equal(s1[k], s3[k])


def test_non_contiguous_variables_update_serially_in_place(monkeypatch):
    monkeypatch.setattr(_parallel, "MIN_WORK", 1)
    monkeypatch.setenv("OMP_NUM_THREADS", "3")
    rs = np.random.default_rng(2)
    base = rs.standard_normal((6, 8)).astype(np.float32)
    g = rs.standard_normal((8, 6)).astype(np.float32)
    view = base.T  # Fortran-ordered: flat slices would be copies, so no split
    expected = np.ascontiguousarray(view)
    RMSprop().apply([g], [expected])
    RMSprop().apply([g], [view])
    np.testing.assert_array_equal(base.T, expected)


def test_a_rule_that_is_not_elementwise_is_never_split(monkeypatch):
    monkeypatch.setattr(_parallel, "MIN_WORK", 1)
    monkeypatch.setenv("OMP_NUM_THREADS", "3")

    class NormStep(Optimizer):  # divides by the whole gradient's norm: slices would differ
        def update_step(self, grad, var, lr, slots):
            var -= lr * grad / np.linalg.norm(grad)

    w = np.zeros(12, np.float32)
    g = np.arange(12, dtype=np.float32)
    NormStep(learning_rate=1.0).apply([g], [w])
    np.testing.assert_allclose(w, -g / np.linalg.norm(g), rtol=1e-6)


def test_scratch_buffers_are_per_thread():
    opt, var = RMSprop(), np.zeros((4, 5), np.float32)
    got = {}

    def take(name):
        got[name] = opt._scratch(var, 2)

    worker = threading.Thread(target=take, args=("worker",))
    worker.start()
    worker.join()
    take("main")
    assert not any(np.shares_memory(a, b) for a in got["main"] for b in got["worker"])
    assert got["main"][0].shape == (4, 5) and not np.shares_memory(*got["main"])


def test_runs_from_new_threads_share_one_scratch_buffer(monkeypatch):
    monkeypatch.setenv("OMP_NUM_THREADS", "1")
    opt, w = RMSprop(), np.zeros((4, 5), np.float32)
    release = threading.Event()

    def run():  # one training run; the thread stays alive so no later one reuses its id
        opt.apply([np.ones((4, 5), np.float32)], [w])
        done.set()
        release.wait()

    runs = []
    for _ in range(3):  # as the window does: every training run in a new thread
        done = threading.Event()
        runs.append(threading.Thread(target=run))
        runs[-1].start()
        done.wait()
    release.set()
    for t in runs:
        t.join()
    assert len({t.ident for t in runs}) == 3
    assert len(opt._buffers) == 1


@pytest.mark.parametrize("size, budget, calls", [
    (400, 2, 2),  # grad + var + velocity = 1200 elements = 2 * MIN_WORK: split in two
    (399, 2, 1),  # one element less per array: under 2 * MIN_WORK, whole
    (400, 1, 1),  # a budget of one thread: whole
])
def test_the_split_starts_at_twice_min_work_and_two_threads(monkeypatch, size, budget, calls):
    monkeypatch.setattr(_parallel, "MIN_WORK", 600)
    monkeypatch.setenv("OMP_NUM_THREADS", str(budget))
    opt = RMSprop()
    seen = []
    step = opt.update_step
    opt.update_step = lambda g, v, lr, s: seen.append(v.size) or step(g, v, lr, s)
    w = np.zeros(size, np.float32)
    opt.apply([np.ones(size, np.float32)], [w])
    assert len(seen) == calls and sum(seen) == size
