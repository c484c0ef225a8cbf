"""The GUI thread's work per batch and per epoch does not grow with the run (issue 25).

Timings are the benchmark's business (``benchmarks/bench_ui_stall.py``); these tests check the
mechanisms: logs come in time-coalesced bundles, Stop reaches a worker inside a long batch-1 epoch,
the coach does not re-scan the History during a run, and the plots keep growable arrays.
"""

import time

import numpy as np
import pytest

from netbuilder.core import diagnosis as D
from netbuilder.ui.training import plots as P
from netbuilder.ui.training import worker as W
from netbuilder.ui.training.controller import TrainingData
from netbuilder.ui.training.series import GrowableArray, binned

from .conftest import Gate, dense_config, gated, set_run


def _tiny_data(n, seed=0):
    rng = np.random.default_rng(seed)
    x = rng.normal(size=(n, 2)).astype("float32")
    y = (x[:, :1] * x[:, 1:] > 0).astype("float32")
    return TrainingData("tiny", x, y, x[:20], y[:20], "binary")


def test_batches_and_epochs_arrive_in_time_coalesced_bundles(qtbot, training_window):
    win, ui = training_window
    set_run(ui, dense_config(2, [4], 1, "sigmoid"), _tiny_data(64), epochs=200, batch_size=8,
            validation_split=0.0, loss="binary_crossentropy", metrics=["accuracy"])
    bundles = []
    ui.controller.finished.connect(lambda _r: None)
    t0 = time.perf_counter()
    with qtbot.waitSignal(ui.controller.finished, timeout=120000):
        ui.controls.start()
        ui.controller.worker.logs.connect(bundles.append)
    seconds = time.perf_counter() - t0
    c = ui.controller
    assert len(c.epochs_done) == 200 and len(c.batch_loss) == 200 * 8  # nothing lost
    assert c.epochs_done == list(range(1, 201))
    # one delivery per BATCH_EMIT_INTERVAL at most (plus the last one), not one per batch or epoch
    assert len(bundles) <= seconds / W.BATCH_EMIT_INTERVAL + 2
    assert sum(len(b.epochs) for b in bundles) <= 200


def test_stop_reaches_a_worker_inside_a_long_batch_1_epoch(qtbot, training_window, monkeypatch):
    win, ui = training_window
    n = 2000  # one epoch of 2,000 single-sample steps
    set_run(ui, dense_config(2, [4], 1, "sigmoid"), _tiny_data(n), epochs=3, batch_size=1,
            validation_split=0.0, loss="binary_crossentropy", metrics=["accuracy"])
    c = ui.controller
    # batch 300 of the first epoch waits until Stop was pressed, however fast or loaded the machine
    gate = Gate(0, 300, lambda: c.worker._stop.is_set())
    gated(monkeypatch, c, gate)
    assert ui.controls.start()
    qtbot.waitUntil(gate.held.is_set, timeout=60000)
    with qtbot.waitSignal(c.finished, timeout=60000) as blocker:
        ui.controls.stopButton.click()
    assert blocker.args[0]["stopped"]
    assert gate.begun == 301 and len(c.batch_loss) == 301  # that batch ends, then the run: not the epoch
    assert c.epochs_done == [1]  # the first epoch, cut short


def test_the_coach_does_not_rescan_the_history_during_a_run(qtbot, training_window, monkeypatch):
    win, ui = training_window
    calls = []
    real = D.diagnose
    monkeypatch.setattr(D, "diagnose", lambda h, final=True, **kw: (calls.append(final), real(h, final, **kw))[1])
    set_run(ui, dense_config(2, [4], 1, "sigmoid"), _tiny_data(64), epochs=30, batch_size=32,
            validation_split=0.25, loss="binary_crossentropy", metrics=["accuracy"])
    with qtbot.waitSignal(ui.controller.finished, timeout=60000):
        ui.controls.start()
    assert calls == [True]  # once, for the final verdict
    assert len(ui.controller.epochs_done) == 30


def test_plots_follow_the_controller_lists_with_growable_arrays(qtbot, training_window):
    win, ui = training_window
    set_run(ui, dense_config(2, [4], 1, "sigmoid"), _tiny_data(64), epochs=5, batch_size=16,
            validation_split=0.25, loss="binary_crossentropy", metrics=["accuracy"])
    with qtbot.waitSignal(ui.controller.finished, timeout=60000):
        ui.controls.start()
    c, plots = ui.controller, ui.plots
    x, y = plots.batch_curve.getData()
    np.testing.assert_allclose(y, c.batch_loss)
    np.testing.assert_allclose(plots.smooth_curve.getData()[1], P.ema(c.batch_loss))
    np.testing.assert_allclose(plots.val_curve.getData()[1], c.history["val_loss"])
    assert plots.gap_fill.isVisible()


def test_growable_array_appends_in_place_and_reads_like_the_list_it_replaces():
    a = GrowableArray([1.0, 2.0])
    buf = a._buf
    a.extend([3.0] * 200)
    assert a._buf is buf and len(a) == 202  # room left: appended in place, nothing reallocated
    view = a.view()
    a.extend(np.arange(1000.0))  # full: the buffer doubles (at least), the old values are kept
    assert len(a._buf) >= 1202 and a[:3] == [1.0, 2.0, 3.0] and a[-1] == 999.0
    np.testing.assert_array_equal(view, [1.0, 2.0] + [3.0] * 200)  # an older view still shows its points
    assert a.bounds() == (0.0, 999.0) and a.bounds(log=True) == (np.log10(1.0), np.log10(999.0))
    assert a.lo_index == 202  # where the smallest value first came (the best epoch, for a val_loss)
    a.append(float("nan"))
    assert a.bounds() == (0.0, 999.0) and np.isnan(a.last())  # NaN is drawn as a gap, never a bound
    e = GrowableArray([1, 2, 3], dtype=np.int64)
    assert e == [1, 2, 3] and e != [1, 2] and list(e) == [1, 2, 3] and bool(e) and not GrowableArray()
    assert type(e[0]) is int and max(e) == 3  # Python numbers, as the list gave


def test_binned_keeps_at_most_the_asked_points_and_their_means():
    x = np.arange(10_000, dtype=float)
    bx, by = binned(x, 2 * x, points=400)
    assert len(bx) == len(by) == 400
    np.testing.assert_allclose(by, 2 * bx)
    assert bx[0] == np.mean(x[:25]) and bx[-1] == np.mean(x[-25:])
    sx, sy = binned(x[:50], x[:50], points=400)
    assert len(sx) == 50


def test_view_range_moves_in_steps_and_always_shows_the_data(qtbot):
    import pyqtgraph as pg

    from netbuilder.ui.training.view_range import SteppedRange, nice_ceil

    w = pg.PlotWidget()
    qtbot.addWidget(w)
    keeper = SteppedRange(w)
    vb = w.getPlotItem().getViewBox()
    ranges = set()
    for i in range(1, 1001):  # a falling loss over 1,000 redraws
        lo, hi = 1.0 / (1 + 0.05 * i), 1.0
        keeper.update(float(i), (lo, hi))
        (x0, x1), (y0, y1) = vb.viewRange()
        assert x0 <= 0 and i <= x1 and y0 <= lo and hi <= y1
        ranges.add(((x0, x1), (y0, y1)))
    assert len(ranges) < 60  # a few dozen steps, not one range per redraw
    assert nice_ceil(30) == 50 and nice_ceil(51) == 100 and nice_ceil(0.3) == 0.5
    vb.sigRangeChangedManually.emit([True, True])  # the learner zooms: the view is theirs
    vb.setRange(xRange=(10, 20), padding=0)
    keeper.update(5000.0, (0.0, 1.0))
    assert vb.viewRange()[0] == [10.0, 20.0]
    vb.enableAutoRange()  # the "A" button: stepped ranges take over again
    keeper.update(5000.0, (0.0, 1.0))
    assert keeper.following and vb.viewRange()[0][1] >= 5000 and not any(vb.autoRangeEnabled())


def test_an_in_run_verdict_is_shown_once_per_bundle_not_once_per_epoch(qtbot, training_window):
    win, ui = training_window
    c = ui.controller
    shown, redraws = [], ui.plots.redraws
    c.diagnosisChanged.connect(shown.append)
    n = 60  # a bundle of 60 overfitting epochs: val_loss lowest at epoch 10, then rising
    epochs = [(e, {"loss": 1.0 / (1 + e), "val_loss": 1.0 / (1 + min(e, 9)) + 0.01 * max(0, e - 9)})
              for e in range(n)]
    c._on_logs(W.LogBundle([], epochs[:30]))
    c._on_logs(W.LogBundle([], epochs[30:]))
    assert len(c.epochs_done) == n
    assert len(shown) == 2 and all(d.kind == "overfitting" for d in shown)
    assert shown[-1].params["epochs_rising"] == n - 10
    assert ui.plots.redraws - redraws <= 2  # not one forced redraw per verdict update


def test_gap_follows_the_log_scale_and_the_axes_paint_from_a_cache(qtbot, training_window):
    from PySide6.QtWidgets import QGraphicsItem

    from netbuilder.ui.training.run_buffers import RunBuffers

    win, ui = training_window
    c, plots = ui.controller, ui.plots
    c.run = RunBuffers.from_history({"loss": [1.0, 0.1, 0.01], "val_loss": [2.0, 0.5, 0.2]})
    plots.redraw(force=True)
    box = plots.gap_fill.path().boundingRect()
    assert plots.gap_fill.isVisible() and (box.left(), box.right()) == (1.0, 3.0)
    assert (box.top(), box.bottom()) == pytest.approx((0.01, 2.0))  # between the lower and the upper curve
    plots.log_check.setChecked(True)  # the curves are drawn in log10(y): so is the gap between them
    box = plots.gap_fill.path().boundingRect()
    assert (box.top(), box.bottom()) == pytest.approx((-2.0, np.log10(2.0)))
    for plot in (plots.loss_plot, plots.metric_plot):
        for side in ("left", "bottom"):  # ticks, labels and grid replayed from a pixmap on each repaint
            assert plot.getAxis(side).cacheMode() == QGraphicsItem.DeviceCoordinateCache


class _StubWorker:
    """What ``_Bridge`` uses of a ``TrainingWorker``: the flags, a ``logs`` signal and the GUI wait."""

    def __init__(self):
        import threading

        self.sync_with_gui = True
        self._caught_up = threading.Event()
        self._stop = threading.Event()
        self.events = []

        class _Sig:
            def emit(_self, bundle):
                self.events.append("emit")

        self.logs = _Sig()

    def _wait_for_gui(self):
        self.events.append("wait")

    def _wait_if_paused(self):
        pass


@pytest.mark.parametrize("batch_s, after", [(0.0005, True), (0.004, False)])
def test_short_batches_wait_for_the_gui_right_after_each_bundle(batch_s, after):
    """A small network's training thread holds the GIL between batches: it waits while the GUI draws the
    bundle it just sent; a long (BLAS) batch only waits before sending the next one."""
    w = _StubWorker()
    bridge = W._Bridge(w)
    bridge.model = type("M", (), {"stop_training": False})()
    bridge.on_epoch_begin(0)
    clock = iter(np.arange(0.0, 10.0, batch_s))
    real = W.time.perf_counter
    W.time.perf_counter = lambda: float(next(clock))
    try:
        for b in range(40):  # 40 batches: a running mean of their times, then one bundle
            bridge.on_train_batch_end(b, {"loss": 0.5})
    finally:
        W.time.perf_counter = real
    assert bridge.batch_s == pytest.approx(batch_s, rel=0.01)
    w.events.clear()
    bridge._pending.append((0, 40, {"loss": 0.5}))
    bridge.flush()
    assert w.events == (["wait", "emit", "wait"] if after else ["wait", "emit"])


def test_a_runs_first_bundle_is_drawn_alone_before_any_batch_is_timed():
    w = _StubWorker()
    bridge = W._Bridge(w)
    bridge._pending.append((0, 0, {"loss": 0.5}))
    bridge.flush()
    assert bridge.batch_s is None and w.events == ["wait", "emit", "wait"]


def _boston_like_run(epochs, steps=4):
    """Losses on two scales, as Boston's MSE: 600 in the first batches, about 10 from the third epoch on."""
    from netbuilder.ui.training.run_buffers import RunBuffers

    run = RunBuffers()
    for e in range(epochs):
        losses = [600.0 / (1 + 40 * e + b) + 10.0 for b in range(steps)]
        run.add_batches([(e, b, {"loss": v}) for b, v in enumerate(losses)], steps)
        run.add_epoch(e, {"loss": float(np.mean(losses)), "val_loss": losses[-1] + 2.0})
    return run


def test_the_loss_range_leaves_out_the_first_scale_once_later_points_exist():
    """The first batches' losses (Boston: 600 against a later 10) set the loss plot's y range, so every later
    curve lay flat at the bottom (a learner walk). A run planned for 50+ epochs leaves its first 10 epochs out
    of the range once later points exist, as the book does for Boston's curve; a short run its first epoch's
    batch losses. Before any later point, every point counts."""
    from netbuilder.ui.training.view_range import LossRange

    run = _boston_like_run(30)
    lo, hi = LossRange(run, epochs=80).bounds()
    late = [v for e, v in zip(run.epochs.view(), run.history["loss"].view()) if e > 10]
    assert hi < 16 and hi >= max(late) and lo <= min(late)  # not 600
    short = LossRange(run, epochs=30).bounds()  # a short run: only epoch 1's batches left out
    assert short[1] == pytest.approx(max(run.history["loss"].view()))  # epoch 1's mean loss stays in view
    early = _boston_like_run(5)
    assert LossRange(early, epochs=80).bounds()[1] == pytest.approx(610.0)  # nothing late yet: all points
    one = _boston_like_run(1)
    assert LossRange(one, epochs=5).bounds()[1] == pytest.approx(one.history["loss"].view()[0])  # epoch points


def test_the_metric_range_follows_the_same_rule():
    from netbuilder.ui.training.view_range import LossRange

    run = _boston_like_run(30)
    for e in range(30):  # an MAE of 20 first, 2.5 later
        run.history.setdefault("mae", type(run.history["loss"])()).append(20.0 if e < 3 else 2.5 + 0.01 * e)
    assert LossRange(run, epochs=80).series_bounds(["mae"])[1] < 3.0
    assert LossRange(run, epochs=30).series_bounds(["mae"])[1] == 20.0  # a short run: every epoch point
