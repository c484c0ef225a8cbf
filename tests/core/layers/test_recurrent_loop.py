"""The recurrent layers' loop helpers (``rnn_loop``): threading settings, the worker, the
chunk runners of the bulk matmuls, the vanishing-gradient guard and the in-place activation
derivatives (what mutation testing found unguarded, issue 23)."""

import threading

import numpy as np
import pytest

from netbuilder.core import threads
from netbuilder.core.layers import rnn_loop
from netbuilder.core.layers.rnn_loop import VanishingGuard, grad_into

from .test_recurrent_mutants import _Refused  # an activation that must not be called


def test_set_threading_defaults_and_refusals(monkeypatch):
    monkeypatch.setattr(rnn_loop, "_MODE", dict(rnn_loop._MODE))
    rnn_loop.set_threading("auto", chunk=1)
    assert (rnn_loop._MODE["threads"], rnn_loop._MODE["chunk"]) == ("auto", 1)
    rnn_loop.set_threading()
    assert rnn_loop._MODE == {"threads": False, "chunk": 64, "inline_chunk": 16}
    with pytest.raises(ValueError, match=r"^threads must be 'auto', True or False, got 'AUTO'$"):
        rnn_loop.set_threading("AUTO")
    with pytest.raises(ValueError, match=r"^chunk must be a positive int, got 0$"):
        rnn_loop.set_threading(True, chunk=0)
    assert rnn_loop._MODE["threads"] is False


def test_the_worker_is_one_named_thread(monkeypatch):
    """One worker: the gradient-product chunks it runs add into shared sums, one at a time."""
    monkeypatch.setattr(rnn_loop, "_EXECUTOR", [])
    ex = rnn_loop._executor()
    try:
        assert rnn_loop._executor() is ex and ex._max_workers == 1
        assert ex.submit(lambda: threading.current_thread().name).result().startswith("netbuilder-rnn")
    finally:
        ex.shutdown()


def test_use_threads_only_for_long_large_numpy_loops(monkeypatch):
    """``"auto"``: a worker for at least two chunks of steps, 2e7 multiply-adds and a thread
    budget of 2; True: any NumPy loop of 2 steps or more; False or CuPy: never."""
    monkeypatch.setattr(rnn_loop, "_MODE", {"threads": "auto", "chunk": 64, "inline_chunk": 16})
    monkeypatch.setattr(threads, "budget", lambda: 2)
    assert rnn_loop.use_threads(np, 128, 2e7)
    assert not rnn_loop.use_threads(np, 127, 2e7) and not rnn_loop.use_threads(np, 128, 2e7 - 1)
    assert not rnn_loop.use_threads(object(), 128, 2e7)
    monkeypatch.setattr(threads, "budget", lambda: 1)
    assert not rnn_loop.use_threads(np, 128, 2e7)
    rnn_loop._MODE["threads"] = True
    assert rnn_loop.use_threads(np, 2, 0) and not rnn_loop.use_threads(np, 1, 1e9)
    rnn_loop._MODE["threads"] = False
    assert not rnn_loop.use_threads(np, 1000, 1e12)


def test_vanishing_guard_looks_every_8_steps_for_2_to_the_minus_70_of_the_peak():
    def run(values, extra=0.0):
        guard = VanishingGuard(np)
        return [guard.vanished(np.array([v, -v / 2]), np.array([extra])) for v in values]

    peak = -3.0  # the magnitude counts, whatever the sign
    first = [0.0] * 7 + [peak] + [0.0] * 7  # calls 1-15: only call 8 looks (and sets the peak)
    assert run(first + [3.0 * 2.0 ** -70]) == [False] * 15 + [True]
    assert run(first + [3.0 * 2.0 ** -69]) == [False] * 16
    assert run(first + [0.0], extra=1e-3) == [False] * 16  # the largest of all the arrays
    assert run([0.0] * 7 + [-1.0]) == [False] * 8
    tiny = 2.0 ** -10  # the peak is what was seen, however small
    assert run([0.0] * 7 + [tiny] + [0.0] * 7 + [tiny * 2.0 ** -65]) == [False] * 16


@pytest.mark.parametrize("threaded", [False, True])
def test_chunk_runners_cover_the_steps_once_in_chunks(threaded, monkeypatch):
    """Forward: chunks 0-4, 4-8, 8-10 ahead of the loop; backward: each chunk once the loop has
    gone below it, the rest (down to where the loop stopped) at the end."""
    monkeypatch.setitem(rnn_loop._MODE, "chunk" if threaded else "inline_chunk", 4)
    if not threaded:
        def no_worker():
            raise AssertionError("the inline runners use no worker")

        monkeypatch.setattr(rnn_loop, "_executor", no_worker)
    filled = []
    chunks = rnn_loop.ForwardChunks(lambda lo, hi: filled.append((lo, hi)), 10, threaded=threaded)
    for t in range(10):
        if t >= chunks.ready:
            chunks.wait()
        assert (t // 4 * 4, min(t // 4 * 4 + 4, 10)) in filled
    if threaded:  # one worker, first in first out: whatever was submitted has run after this
        rnn_loop._executor().submit(lambda: None).result()
    assert filled == [(0, 4), (4, 8), (8, 10)] and chunks.fill is None
    for t_len, lo, want in [(10, 0, [(0, 2), (2, 6), (6, 10)]), (10, 3, [(3, 6), (6, 10)]),
                            (8, 0, [(0, 4), (4, 8)])]:  # (nothing left for finish: no empty call)
        done = []
        bulk = rnn_loop.BackwardChunks(lambda a, b: done.append((a, b)), t_len, threaded=threaded)
        for t in range(t_len - 1, lo - 1, -1):
            bulk.done_down_to(t)
        bulk.finish(lo)
        assert sorted(done) == want and bulk.products is None
    short = []  # a loop within one chunk: filled at once, nothing submitted
    rnn_loop.ForwardChunks(lambda lo, hi: short.append((lo, hi)), 3, threaded=threaded)
    if threaded:
        rnn_loop._executor().submit(lambda: None).result()
    assert short == [(0, 3)]


@pytest.mark.parametrize("name,formula", [("sigmoid", lambda y, g: y * (1 - y) * g),
                                          ("tanh", lambda y, g: (1 - y * y) * g),
                                          ("linear", lambda y, g: g)])
def test_grad_into_computes_sigmoid_tanh_linear_in_place_from_the_output(name, formula):
    """No call to the activation's ``grad`` (which allocates): the derivative from ``y`` alone."""
    y, g = np.random.default_rng(3).uniform(-0.9, 0.9, (2, 3, 4))
    out, tmp = np.empty_like(y), np.empty_like(y)
    assert grad_into(_Refused(name), None, y, g, out, tmp) is out
    np.testing.assert_allclose(out, formula(y, g), rtol=1e-15)
    g2 = g.copy()
    grad_into(_Refused(name), None, y, g2, g2, tmp)  # in place over the gradient
    np.testing.assert_allclose(g2, formula(y, g), rtol=1e-15)


class _Bulk:
    def __init__(self):
        self.done = []

    def done_down_to(self, t):
        self.done.append(t)


def _guard_vanishing_at(monkeypatch, calls):
    class Guard:
        def __init__(self, xp):
            self.count = 0

        def vanished(self, *arrays):
            self.count += 1
            return self.count in calls

    monkeypatch.setattr(rnn_loop, "VanishingGuard", Guard)


def test_reverse_steps_stop_when_nothing_reaches_the_earlier_steps(monkeypatch):
    """No sequence gradient: once the state gradients vanish the loop stops, and ``lo`` is the
    first step it computed."""
    _guard_vanishing_at(monkeypatch, {3})
    dh, bulk = np.ones((2, 3)), _Bulk()
    steps = rnn_loop.ReverseSteps(np, 10, [dh], None, None, bulk)
    assert list(steps) == [9, 8] and steps.lo == 8 and bulk.done == [9, 8]
    _guard_vanishing_at(monkeypatch, set())
    steps = rnn_loop.ReverseSteps(np, 4, [dh], None, None, _Bulk())
    assert list(steps) == [3, 2, 1, 0] and steps.lo == 0


def test_reverse_steps_with_the_real_guard_run_past_its_first_look():
    steps = rnn_loop.ReverseSteps(np, 17, [np.ones((2, 3))], np.zeros((17, 2, 3)), None, _Bulk())
    assert list(steps) == list(range(16, -1, -1)) and steps.lo == 0


def test_reverse_steps_add_the_sequence_gradient_and_hold_masked_steps(monkeypatch):
    """With a sequence gradient a vanished state gradient is zeroed and the loop goes on; each
    step adds ``d_seq[t]`` to ``dh``; at a masked step (per sample) the state gradients are set
    aside during the step body and added back after it."""
    _guard_vanishing_at(monkeypatch, {2})
    t_len = 3
    d_seq = np.arange(t_len * 2 * 3, dtype=float).reshape(t_len, 2, 3) + 1
    notm = np.zeros((t_len, 1, 3), bool)
    notm[1, 0, 1] = True  # step 1 is masked for sample 1
    dh, dc = np.full((2, 3), 10.0), np.full((2, 3), 20.0)
    seen = []
    steps = rnn_loop.ReverseSteps(np, t_len, [dh, dc], d_seq, notm, _Bulk())
    for t in steps:
        seen.append((t, dh.copy(), dc.copy()))
        dh[...], dc[...] = 1.0, 2.0  # the step body: the gradients for step t - 1
    assert [t for t, _, _ in seen] == [2, 1, 0] and steps.lo == 0
    np.testing.assert_array_equal(seen[0][1], 10.0 + d_seq[2])
    held_h, held_c = 0.0 + d_seq[1], np.zeros((2, 3))  # step 1: vanished, zeroed, then d_seq[1]
    held_h[:, 1], held_c[:, 1] = 0.0, 0.0  # sample 1 masked: set aside
    np.testing.assert_array_equal(seen[1][1], held_h)
    np.testing.assert_array_equal(seen[1][2], held_c)
    # step 0: the body's gradients, sample 1's held ones added back, then d_seq[0]
    want_h, want_c = 1.0 + d_seq[0], np.full((2, 3), 2.0)
    want_h[:, 1] += d_seq[1][:, 1]
    np.testing.assert_array_equal(seen[2][1], want_h)
    np.testing.assert_array_equal(seen[2][2], want_c)
