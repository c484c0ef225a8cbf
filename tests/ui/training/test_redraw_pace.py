"""The live plots redraw less often when a redraw costs more, and hand over only what changed
(issues 21 and 25). No wall clock: the pace is fed made-up times and costs."""

import numpy as np
import pytest

from netbuilder.core import threads
from netbuilder.ui.training.redraw_pace import RedrawPace, TimedPlotWidget
from netbuilder.ui.training.worker import LogBundle


@pytest.fixture(autouse=True)
def idle_cores(monkeypatch):
    """No run holds the cores (a fresh thread budget, no user thread count): the plain share applies."""
    for var in threads._USER_VARS:
        monkeypatch.delenv(var, raising=False)
    monkeypatch.setattr(threads, "BUDGET", threads.Budget())


def test_a_cheap_redraw_comes_at_the_top_rate_an_expensive_one_less_often_but_at_least_min_hz():
    pace = RedrawPace(max_hz=20, min_hz=5, share=0.1)
    assert pace.interval == pytest.approx(1 / 20)  # nothing measured yet
    pace.drew(0.0, 0.002)  # 2 ms: 20 ms at 10 % is under the 50 ms of 20 Hz
    assert pace.interval == pytest.approx(1 / 20)
    pace = RedrawPace(max_hz=20, min_hz=5, share=0.1)
    pace.drew(0.0, 0.012)  # 12 ms: once every 120 ms keeps drawing at 10 % of the thread
    assert pace.interval == pytest.approx(0.12)
    assert not pace.due(0.11) and pace.due(0.12)
    pace.drew(0.12, 0.5)  # however expensive, the curves still move 5 times a second
    assert pace.interval == pytest.approx(1 / 5)


def test_the_cost_is_a_running_average_and_a_new_run_is_due_at_once():
    pace = RedrawPace(max_hz=100, min_hz=1, share=0.1)
    pace.drew(0.0, 0.010)
    pace.drew(1.0, 0.020)  # one slow redraw moves the average part of the way
    assert 0.010 < pace.cost < 0.020
    pace.drew(2.0, None)  # unknown cost: kept
    assert 0.010 < pace.cost < 0.020
    assert not pace.due(2.0)
    pace.restart()
    assert pace.due(2.0)


@pytest.mark.parametrize("kwargs, word", [({"min_hz": 0}, "min_hz"), ({"min_hz": 30, "max_hz": 20}, "max_hz"),
                                          ({"share": 0}, "share"), ({"share": 1.5}, "1.5")])
def test_bad_pace_settings_name_the_bad_value(kwargs, word):
    with pytest.raises(ValueError, match=word):
        RedrawPace(**kwargs)


def test_the_plots_paints_are_timed(qtbot, training_window):
    win, ui = training_window
    win.show()
    qtbot.waitExposed(win)
    plot = ui.plots.loss_plot
    assert isinstance(plot, TimedPlotWidget)
    plot.take_paint_cpu()
    plot.viewport().update()
    qtbot.waitUntil(lambda: plot.paint_cpu > 0.0)  # the paint's CPU time was added up
    plot.take_paint_cpu()
    assert plot.take_paint_cpu() == 0.0  # taken: it starts again from zero


def _bundle(epoch, batches, with_epoch):
    rows = [(epoch, b, {"loss": 1.0 / (1 + epoch + b), "accuracy": 0.5}) for b in batches]
    logs = {"loss": 1.0 / (1 + epoch), "accuracy": 0.5 + 0.01 * epoch, "val_loss": 1.2 / (1 + epoch),
            "val_accuracy": 0.5}
    return LogBundle(rows, [(epoch, logs)] if with_epoch else [])


def _count_set_data(monkeypatch, curve) -> list:
    calls, real = [], curve.setData
    monkeypatch.setattr(curve, "setData", lambda *a, **k: (calls.append(1), real(*a, **k))[1])
    return calls


def test_between_epoch_ends_only_the_batch_curves_get_points(qtbot, training_window, monkeypatch):
    _win, ui = training_window
    c, plots = ui.controller, ui.plots
    c._on_train_begin({"steps": 8})
    c._t0, c._batches_done, c._epochs, c._initial = 0.0, 0, 10, 0
    c._on_logs(_bundle(0, range(8), True))
    plots.redraw()
    assert "accuracy" in plots.metric_curves
    metric = _count_set_data(monkeypatch, plots.metric_curves["accuracy"])
    epoch = _count_set_data(monkeypatch, plots.epoch_curve)
    mean = _count_set_data(monkeypatch, plots.mean_val_curve)
    c._on_logs(_bundle(1, range(4), False))  # half an epoch: batches only
    plots.redraw()
    assert len(plots.batch_curve.getData()[0]) == 12  # the new batches are drawn
    assert metric == [] and epoch == [] and mean == []  # the metric plot is not touched
    c._on_logs(_bundle(1, range(4, 8), True))  # the epoch ends
    plots.redraw()
    assert metric and epoch
    np.testing.assert_allclose(plots.metric_curves["accuracy"].getData()[1], [0.5, 0.51])
    np.testing.assert_allclose(plots.epoch_curve.getData()[1], c.history["loss"])


def _legend(plot) -> list:
    return [label.text for _s, label in plot.getPlotItem().legend.items]


def test_the_runs_curves_and_legend_entries_exist_a_turn_before_its_first_data(qtbot, training_window, monkeypatch):
    from types import SimpleNamespace

    from netbuilder.ui.training.run_buffers import RunBuffers
    from netbuilder.ui.training.run_result import RunState

    _win, ui = training_window
    c, plots = ui.controller, ui.plots
    c.run, c.state = RunBuffers(), RunState.RUNNING
    c.worker = SimpleNamespace(fit_kwargs={"validation_split": 0.2}, gui_sync=SimpleNamespace(caught_up_later=lambda: 0))
    monkeypatch.setitem(c.settings, "metrics", ["accuracy", "mae"])  # mae: a guess the first epoch disproves
    try:
        plots._prepare_series()
        assert {"accuracy", "val_accuracy", "mae", "val_mae"} <= set(plots.metric_curves)
        assert _legend(plots.metric_plot) == ["accuracy", "val_accuracy", "mae", "val_mae"]
        assert plots.tr("val_loss (validation)") in _legend(plots.loss_plot)
        entries = list(plots.metric_plot.getPlotItem().legend.items)
        c._on_train_begin({"steps": 8})
        c._t0, c._batches_done, c._epochs, c._initial = 0.0, 0, 10, 0
        c._on_logs(_bundle(0, range(4), False))  # batches only: the legend stays as prepared
        plots.redraw()
        assert plots.metric_plot.getPlotItem().legend.items == entries
        c._on_logs(_bundle(0, range(4, 8), True))  # the first epoch: what has points
        plots.redraw()
        assert _legend(plots.metric_plot) == ["accuracy", "val_accuracy"]
        assert plots.metric_plot.getPlotItem().legend.items[:2] == entries[:2]  # not rebuilt
    finally:  # the window's shutdown stops a real worker
        c.worker, c.state = None, RunState.IDLE


def test_series_are_not_prepared_when_the_data_came_first(qtbot, training_window):
    from netbuilder.ui.training.run_result import RunState

    _win, ui = training_window
    c, plots = ui.controller, ui.plots
    c._on_train_begin({"steps": 8})
    c._t0, c._batches_done, c._epochs, c._initial = 0.0, 0, 10, 0
    c._on_logs(_bundle(0, range(2), False))
    c.state = RunState.RUNNING
    plots._prepare_series()
    assert plots._expected == () and plots.metric_curves == {}
    c.state = RunState.IDLE


def test_the_x_axis_stays_still_during_the_first_epoch(qtbot):
    import pyqtgraph as pg

    from netbuilder.ui.training.view_range import MIN_X, SteppedRange

    w = pg.PlotWidget()
    qtbot.addWidget(w)
    keeper = SteppedRange(w)
    vb = w.getPlotItem().getViewBox()
    xs = set()
    for batch in range(1, 101):  # the first epoch's redraws, 1/100 epoch apart
        keeper.update(batch / 100, (0.5, 1.0))
        xs.add(tuple(vb.viewRange()[0]))
    assert xs == {(0.0, MIN_X)}  # one layout of the axis, not one per step of 0.01, 0.02, 0.05, ...
    keeper.update(1.5, (0.5, 1.0))
    assert vb.viewRange()[0] == [0.0, 2.0]


def test_the_smoothed_batch_loss_is_a_hairline_past_a_few_hundred_batches(qtbot, training_window):
    from netbuilder.ui.training.plot_items import MAX_SYMBOLS

    _win, ui = training_window
    c, plots = ui.controller, ui.plots
    c._on_train_begin({"steps": 2 * MAX_SYMBOLS})
    c._t0, c._batches_done, c._epochs, c._initial = 0.0, 0, 10, 0
    c._on_logs(_bundle(0, range(10), False))
    plots.redraw()
    assert plots.smooth_curve.opts["pen"].widthF() == 1.5  # few points: the wide pen
    c._on_logs(_bundle(0, range(10, MAX_SYMBOLS + 1), False))
    plots.redraw()
    pen = plots.smooth_curve.opts["pen"]
    assert pen.widthF() == 0 and pen.color().alpha() == 150  # a hairline (Qt strokes wide pens 15x slower)
    assert len(plots.smooth_curve.getData()[0]) == MAX_SYMBOLS + 1


def test_the_gap_is_painted_from_a_cache_and_still_follows_the_epochs(qtbot, training_window):
    from PySide6.QtWidgets import QGraphicsItem

    _win, ui = training_window
    c, plots = ui.controller, ui.plots
    assert plots.gap_fill.cacheMode() == QGraphicsItem.DeviceCoordinateCache
    c._on_train_begin({"steps": 8})
    c._t0, c._batches_done, c._epochs, c._initial = 0.0, 0, 10, 0
    for e in range(3):
        c._on_logs(_bundle(e, range(8), True))
    plots.redraw()
    box = plots.gap_fill.path().boundingRect()
    assert plots.gap_fill.isVisible() and (box.left(), box.right()) == (1.0, 3.0)


def test_epoch_markers_are_drawn_only_while_they_stay_apart(qtbot):
    import pyqtgraph as pg

    from netbuilder.ui.training.plot_items import MARKER_GAP_PX, markers_apart, set_epoch_curve

    w = pg.PlotWidget()
    qtbot.addWidget(w)
    w.resize(600, 300)
    w.show()
    qtbot.waitExposed(w)
    vb = w.getPlotItem().getViewBox()
    curve = w.plot([], [], pen=pg.mkPen("b", width=2), symbol="o")
    wide = int(vb.width() / MARKER_GAP_PX)  # epochs the view can show with their markers apart
    vb.setRange(xRange=(0, wide // 2), padding=0)
    x = np.arange(1, wide // 2 + 1, dtype=float)
    assert markers_apart(w, len(x))
    set_epoch_curve(curve, x, x, markers_apart(w, len(x)))
    assert curve.opts["symbol"] == "o"
    vb.setRange(xRange=(0, 2 * wide), padding=0)  # twice the epochs the markers have room for
    x = np.arange(1, 2 * wide + 1, dtype=float)
    assert not markers_apart(w, len(x))
    set_epoch_curve(curve, x, x, markers_apart(w, len(x)))
    assert curve.opts["symbol"] is None and curve.opts["pen"].widthF() == 2  # a line without markers, same pen


def test_while_training_fills_every_core_drawing_takes_the_busy_share():
    """Each GUI CPU second is taken from a BLAS thread then: half the share, still min_hz at least."""
    busy = [False]
    pace = RedrawPace(max_hz=20, min_hz=5, share=0.1, cores_busy=lambda: busy[0])
    pace.drew(0.0, 0.008)  # 8 ms: every 80 ms at 10 %...
    assert pace.interval == pytest.approx(0.08)
    busy[0] = True  # ...every 160 ms at 5 %
    assert pace.interval == pytest.approx(0.16) and not pace.due(0.15) and pace.due(0.16)
    pace.drew(0.16, 0.5)
    assert pace.interval == pytest.approx(1 / 5)
    assert RedrawPace(share=0.1, busy_share=0.02, cores_busy=lambda: True).busy_share == 0.02
    with pytest.raises(ValueError, match="busy_share"):
        RedrawPace(busy_share=0)


def test_training_fills_every_core_follows_the_thread_budget(monkeypatch):
    from netbuilder.ui.training import redraw_pace

    monkeypatch.setattr(threads, "available_cores", lambda: 2)
    assert not redraw_pace.training_fills_every_core()  # no run: no cap
    threads.BUDGET.cap = 1  # the tuner chose 1 thread of 2: a core is left for the GUI
    assert not redraw_pace.training_fills_every_core()
    threads.BUDGET.cap = 2
    assert redraw_pace.training_fills_every_core()
    pace = RedrawPace(max_hz=20, min_hz=5, share=0.1)  # the default reads the budget
    pace.drew(0.0, 0.008)
    assert pace.interval == pytest.approx(0.16)
    threads.BUDGET.cap = None
    monkeypatch.setenv("OPENBLAS_NUM_THREADS", "2")  # the user's count: every core, tuner off
    assert redraw_pace.training_fills_every_core()
    monkeypatch.setenv("OPENBLAS_NUM_THREADS", "1")
    assert not redraw_pace.training_fills_every_core()


def test_redraws_keep_their_rate_when_asked_only_now_and_then():
    """Logs every 65 ms and a redraw due every 0.2 s: 5 a second, not one per 0.26 s (3.8 a second)."""
    pace = RedrawPace(max_hz=20, min_hz=5, share=0.1, cores_busy=lambda: False)
    pace.drew(0.0, 0.05)  # expensive: the min_hz floor, 0.2 s
    drawn = 0
    for k in range(1, 10 * 1000 // 65 + 1):  # 10 s of bundles
        now = k * 0.065
        if pace.due(now):
            pace.drew(now, 0.05)
            drawn += 1
    assert pace.interval == pytest.approx(0.2) and drawn >= 5 * 10 - 1
    pace.drew(100.0, 0.05)  # far behind (no logs for a while): counts from now, no burst of catching up
    assert not pace.due(100.1) and pace.due(100.2)
