"""The decision regions' background jobs keep out of a sweep's way (issue 16): a new network does not wait for
the old network's job to end, and a run's final picture is predicted a little after its end, or not at all
when the next run's network replaced it meanwhile."""

import threading

import numpy as np

from netbuilder.core import tryit, utils
from netbuilder.core.datasets import playground
from netbuilder.core.layers import Dense, Input
from netbuilder.core.models import Sequential
from netbuilder.ui.tryit.decision_regions import DecisionRegions


def _net(seed, units=8):
    with utils.use_rng(np.random.default_rng(seed)):
        return Sequential([Input(shape=(2,)), Dense(units, activation="tanh"), Dense(1, activation="sigmoid")])


def _regions(qtbot):
    w = DecisionRegions(resolution=24)
    qtbot.addWidget(w)
    x, y = playground.xor(samples=60, noise=0.05, seed=1)
    return w, x, y


def test_a_new_network_does_not_wait_for_the_old_network_s_job_and_its_picture_is_the_one_shown(qtbot):
    w, x, y = _regions(qtbot)
    old, new = _net(0), _net(1, units=5)
    w.set_model(old, x, y, "binary")
    gate, entered = threading.Event(), threading.Event()
    real = w.snapshot.copy.predict

    def held(batch, **kw):
        entered.set()
        gate.wait(10)
        return real(batch, **kw)

    w.snapshot.copy.predict = held
    w.refresh_live()
    assert entered.wait(10)
    w.set_model(new, x, y, "binary", background=True)  # returns while the old job is held
    assert w._job is not None and w._job.is_alive() and w.grid is None
    w.refresh_live()  # the run's first live refresh: folded in, to run when the old job ends
    gate.set()
    qtbot.waitUntil(lambda: w.grid is not None, timeout=10000)
    expected = tryit.decision_grid(new.predict, w.grid.extent, w.grid.values.shape[0]).values
    np.testing.assert_allclose(w.grid.values, expected, rtol=1e-5, atol=1e-6)  # the new network's, not the old


def test_a_run_s_final_picture_comes_after_a_pause_and_is_dropped_when_the_next_run_replaced_the_network(qtbot):
    w, x, y = _regions(qtbot)
    net = _net(2)
    w.set_model(net, x, y, "binary", background=True)
    qtbot.waitUntil(lambda: w.grid is not None and w._job is None, timeout=10000)
    jobs = w._jobs
    w.set_model(net, x, y, "binary", background=True)  # the run ended: the same network again
    assert w._jobs == jobs and w._settle.isActive()  # nothing predicted yet: the next run may start first
    qtbot.waitUntil(lambda: w._jobs == jobs + 1, timeout=5000)  # ... then it is
    qtbot.waitUntil(lambda: w._job is None, timeout=10000)
    w.set_model(net, x, y, "binary", background=True)  # another run ended
    w.set_model(_net(3), x, y, "binary", background=True)  # and the sweep's next run started at once
    assert w._jobs == jobs + 1 and w._settle.isActive()  # its first picture waits too (no job at its start)
    qtbot.waitUntil(lambda: w.grid is not None and w._job is None, timeout=10000)
    assert w._jobs == jobs + 2  # only the new network's picture was predicted, not the ended run's


def test_a_live_refresh_takes_the_place_of_the_picture_that_waited(qtbot):
    w, x, y = _regions(qtbot)
    w.set_model(_net(4), x, y, "binary", background=True)
    assert w._settle.isActive() and w._jobs == 0
    w.refresh_live()  # the run's first live refresh came before SETTLE_MS
    assert not w._settle.isActive() and w._jobs == 1
    qtbot.waitUntil(lambda: w.grid is not None, timeout=10000)


def _job_threads():
    return [t for t in threading.enumerate() if t.name == "decision-regions"]


def test_live_pictures_come_from_one_thread_that_ends_with_the_widget(qtbot):
    """Each live refresh hands its job to the widget's one thread: starting a thread per picture made the GUI
    thread wait until the new thread ran (against a training thread holding the interpreter)."""
    before = set(_job_threads())
    w, x, y = _regions(qtbot)
    net = _net(5)
    w.set_model(net, x, y, "binary", background=True)
    revisions = []
    for _ in range(4):
        w.refresh_live()
        qtbot.waitUntil(lambda: w._job is None, timeout=10000)  # drawn (the picture came back to the GUI thread)
        revisions.append(w.revision)
    assert revisions == sorted(set(revisions)) and w.grid is not None  # four pictures, each a new one
    ours = set(_job_threads()) - before
    assert len(ours) == 1
    thread = ours.pop()
    w.deleteLater()
    qtbot.waitUntil(lambda: not thread.is_alive(), timeout=10000)
