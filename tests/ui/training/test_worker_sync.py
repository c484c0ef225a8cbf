"""When the training thread sends its log bundles, and when it waits for the GUI thread (issue 21).

A fake clock drives ``_Bridge`` (no timing): long (BLAS) batches never wait for the GUI, they hold
their logs until the GUI has caught up with the previous bundle; short batches keep waiting.
"""

import threading

import numpy as np
import pytest

from netbuilder.core import threads
from netbuilder.core.callbacks import Callback
from netbuilder.ui.training import worker as W
from netbuilder.ui.training.controller import TrainingData

from .conftest import dense_config, set_run


class _Worker:
    """What ``_Bridge`` uses of a ``TrainingWorker``, with the bundles it sent and its waits."""

    def __init__(self):
        self.sync_with_gui = True
        self._caught_up = threading.Event()
        self._caught_up.set()
        self._stop = threading.Event()
        self.sent, self.waits = [], 0
        self.gui_keeps_up = True  # the GUI handles each bundle at once
        self.logs = type("Sig", (), {"emit": lambda _s, bundle: self._deliver(bundle)})()

    def _deliver(self, bundle):
        self.sent.append(bundle)
        if self.gui_keeps_up:
            self._caught_up.set()

    def _wait_for_gui(self):
        self.waits += 1  # the real one blocks until _caught_up is set (at most GUI_WAIT_S)

    def _wait_if_paused(self):
        pass


class _Clock:
    def __init__(self):
        self.t = 0.0

    def __call__(self):
        return self.t


@pytest.fixture
def bridge(monkeypatch):
    clock = _Clock()
    monkeypatch.setattr(W.time, "perf_counter", clock)
    for var in threads._USER_VARS:
        monkeypatch.delenv(var, raising=False)
    monkeypatch.setattr(threads, "BUDGET", threads.Budget())  # no run holds the cores
    monkeypatch.setattr(threads, "available_cores", lambda: 2)
    w = _Worker()
    b = W._Bridge(w)
    b.model = type("M", (), {"stop_training": False})()
    b.on_epoch_begin(0)
    return b, w, clock


def _batches(b, clock, n, seconds, start=0):
    for i in range(start, start + n):
        clock.t += seconds
        b.on_train_batch_end(i, {"loss": 0.5})


def test_long_batches_hold_their_logs_while_the_gui_is_behind_and_never_wait(bridge):
    b, w, clock = bridge
    _batches(b, clock, 40, 0.004)  # a running mean of long batches; bundles go every BATCH_EMIT_INTERVAL
    assert b.batch_s >= W.LIGHT_BATCH_S and len(w.sent) > 1
    w.gui_keeps_up = False
    w._caught_up.clear()  # the GUI has not handled the last bundle yet
    sent, waits = len(w.sent), w.waits
    steps = int(0.5 * W.GUI_WAIT_S / 0.004)  # well past BATCH_EMIT_INTERVAL, within GUI_WAIT_S
    _batches(b, clock, steps, 0.004, start=40)
    assert len(w.sent) == sent and w.waits == waits and len(b._pending) >= steps  # held, no wait
    w._caught_up.set()  # the GUI caught up: the next batch sends everything held, in order
    _batches(b, clock, 1, 0.004, start=40 + steps)
    held = [batch for _, batch, _ in w.sent[-1].batches]
    assert len(w.sent) == sent + 1 and held == list(range(held[0], 41 + steps)) and held[0] <= 40
    assert b._pending == []


def test_a_gui_that_stays_behind_gets_the_bundle_after_gui_wait_s(bridge):
    b, w, clock = bridge
    _batches(b, clock, 40, 0.004)
    w.gui_keeps_up = False
    w._caught_up.clear()
    sent = len(w.sent)
    _batches(b, clock, int(1.5 * W.GUI_WAIT_S / 0.004), 0.004, start=40)
    assert len(w.sent) == sent + 1  # sent once GUI_WAIT_S had passed, as the wait would have timed out


def test_short_batches_still_wait_for_the_gui(bridge):
    b, w, clock = bridge
    _batches(b, clock, 400, 0.0005)
    assert b.batch_s < W.LIGHT_BATCH_S
    w.gui_keeps_up = False
    w._caught_up.clear()
    sent, waits = len(w.sent), w.waits
    _batches(b, clock, int(2 * W.BATCH_EMIT_INTERVAL / 0.0005), 0.0005, start=400)
    assert len(w.sent) > sent and w.waits > waits  # sent on time, after waiting for the GUI


@pytest.mark.parametrize("batch_s, cap, interval", [
    (0.004, None, W.BATCH_EMIT_INTERVAL),  # long batches, a core left for the GUI
    (0.004, 1, W.BATCH_EMIT_INTERVAL),
    (0.004, 2, W.BUSY_EMIT_FACTOR * W.BATCH_EMIT_INTERVAL),  # BLAS at every core: fewer bundles
    (0.0005, 2, W.BATCH_EMIT_INTERVAL),  # short (Python-bound) batches: as before
])
def test_bundles_come_less_often_while_long_batches_fill_every_core(bridge, batch_s, cap, interval):
    b, w, clock = bridge
    _batches(b, clock, 400, batch_s)  # the running mean of the batch time settles
    threads.BUDGET.cap = cap
    sent, t0 = len(w.sent), clock.t
    _batches(b, clock, int(2.0 / batch_s), batch_s, start=400)  # 2 s of batches
    assert (len(w.sent) - sent) == pytest.approx((clock.t - t0) / interval, rel=0.15)


def test_an_epochs_end_is_not_held(bridge):
    """A callback after the bridge may wait for the GUI to show the epoch (Try it's live regions do in
    tests): the epoch's end goes at once, after waiting for the GUI as before."""
    b, w, clock = bridge
    _batches(b, clock, 40, 0.004)
    w.gui_keeps_up = False
    w._caught_up.clear()
    clock.t += 2 * W.BATCH_EMIT_INTERVAL
    sent, waits = len(w.sent), w.waits
    b.on_epoch_end(0, {"loss": 0.4})
    assert len(w.sent) == sent + 1 and w.waits == waits + 1 and w.sent[-1].epochs == [(0, {"loss": 0.4})]


def test_the_worker_adds_up_its_waits_for_the_gui(qtbot, monkeypatch):
    """``gui_wait_s`` (benchmarks report it) grows by each wait of the real worker, by its clock."""
    worker = W.TrainingWorker(None, None, None, {})
    clock = iter([1.0, 1.0, 5.0, 5.25])
    monkeypatch.setattr(W.time, "perf_counter", lambda: next(clock))
    worker._wait_for_gui()  # caught up: no wait
    worker._caught_up.clear()
    worker._stop.set()  # Stop ends a wait after one 10 ms poll
    worker._wait_for_gui()
    assert worker.gui_wait_s == pytest.approx(0.25)


class _FirstBatch(Callback):
    """Sets ``event`` at the run's first batch."""

    def __init__(self, event):
        super().__init__()
        self.event = event

    def on_train_batch_begin(self, batch, logs=None):
        self.event.set()


def test_a_runs_first_batch_waits_for_the_window_to_show_its_start(qtbot, training_window, monkeypatch):
    """Train's own turn and the repaints it causes (buttons, cleared curves, legends, the Try-it page) run before
    the training thread begins: they took about twice their CPU time against the first batches. The thread
    waits until the GUI thread's event loop has come round (not a time: GUI_WAIT_S is out of reach here)."""
    monkeypatch.setattr(W, "GUI_WAIT_S", 600.0)
    win, ui = training_window
    win.show()
    set_run(ui, dense_config(2, [4], 1, "sigmoid"), _two_blobs(), epochs=1, batch_size=8, validation_split=0.0,
            loss="binary_crossentropy", metrics=["accuracy"])
    first = threading.Event()
    ui.controller.run_callbacks.append(lambda: _FirstBatch(first))
    assert ui.controls.start()
    worker = ui.controller.worker
    assert worker.isRunning() and not first.wait(0.3)  # the event loop has not run: no batch
    with qtbot.waitSignal(ui.controller.finished, timeout=60000):
        pass  # the event loop runs: the start is shown, the run goes
    assert first.is_set() and len(ui.controller.batch_loss) == 8


def test_stop_before_the_first_batch_ends_the_run_at_once(qtbot, training_window, monkeypatch):
    """Stop pressed before the window has shown the start: the thread stops waiting and the run ends after
    one batch, as a Stop just after Train always did."""
    monkeypatch.setattr(W, "GUI_WAIT_S", 600.0)
    win, ui = training_window
    set_run(ui, dense_config(2, [4], 1, "sigmoid"), _two_blobs(), epochs=5, batch_size=8, validation_split=0.0,
            loss="binary_crossentropy", metrics=["accuracy"])
    assert ui.controls.start()
    worker = ui.controller.worker
    ui.controller.stop()
    assert worker.wait(30000)
    with qtbot.waitSignal(ui.controller.finished, timeout=30000):
        pass
    assert ui.controller.last_result.stopped and len(ui.controller.batch_loss) <= 1


def _two_blobs(n=64):
    rng = np.random.default_rng(0)
    x = np.concatenate([rng.normal(-1, 0.3, (n // 2, 2)), rng.normal(1, 0.3, (n // 2, 2))]).astype(np.float32)
    y = np.concatenate([np.zeros(n // 2), np.ones(n // 2)]).astype(np.float32)[:, None]
    return TrainingData("blobs", x, y, x[:8], y[:8], "binary")
