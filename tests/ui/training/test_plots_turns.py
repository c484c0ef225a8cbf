"""While a run trains, the metric plot gets an epoch's new points a turn after the loss plot, so the two plots'
paints fall in different event-loop turns (issue 16: a sweep's longest GUI stalls were both plots painted in
one turn); at the run's end everything is drawn at once."""

import numpy as np
from PySide6.QtCore import QCoreApplication

from netbuilder.ui.training.worker import LogBundle


def _bundle(epoch, steps=4):
    rows = [(epoch, b, {"loss": 1.0 / (1 + epoch + b), "accuracy": 0.5}) for b in range(steps)]
    logs = {"loss": 1.0 / (1 + epoch), "accuracy": 0.5 + 0.01 * epoch, "val_loss": 1.2 / (1 + epoch),
            "val_accuracy": 0.6 + 0.01 * epoch}
    return LogBundle(rows, [(epoch, logs)])


def _legend(plot) -> list:
    return [label.text for _s, label in plot.getPlotItem().legend.items]


def test_the_metric_plot_follows_the_loss_plot_a_turn_later_while_training(qtbot, training_window):
    _win, ui = training_window
    c, plots = ui.controller, ui.plots
    c._on_train_begin({"steps": 4})
    c._t0, c._batches_done, c._epochs, c._initial = 0.0, 0, 10, 0
    plots.timer.start()  # as while a run trains
    try:
        c._on_logs(_bundle(0))
        plots.redraw()
        np.testing.assert_allclose(plots.epoch_curve.getData()[1], [1.0])  # the loss plot: now
        assert "accuracy" not in plots.metric_curves or len(plots.metric_curves["accuracy"].getData()[0]) == 0
        qtbot.waitUntil(lambda: "accuracy" in plots.metric_curves
                        and len(plots.metric_curves["accuracy"].getData()[0]) == 1, timeout=2000)
        assert _legend(plots.metric_plot) == ["accuracy", "val_accuracy"]  # listed once they have points
        c._on_logs(_bundle(1))
        plots.redraw()
        c._on_logs(_bundle(2))
        plots.redraw()  # two epoch ends before the turn came: one drawing, of the newest points
        assert len(plots.metric_curves["accuracy"].getData()[0]) == 1
        qtbot.waitUntil(lambda: not plots._metrics_due, timeout=2000)
        np.testing.assert_allclose(plots.metric_curves["val_accuracy"].getData()[1], [0.6, 0.61, 0.62])
    finally:
        plots.timer.stop()


def test_at_the_run_s_end_the_metric_plot_is_drawn_at_once_and_a_pending_turn_draws_nothing_stale(
        qtbot, training_window, monkeypatch):
    _win, ui = training_window
    c, plots = ui.controller, ui.plots
    c._on_train_begin({"steps": 4})
    c._t0, c._batches_done, c._epochs, c._initial = 0.0, 0, 10, 0
    plots.timer.start()
    c._on_logs(_bundle(0))
    plots.redraw()  # the metric points are due a turn later ...
    plots.timer.stop()
    c._on_logs(_bundle(1))
    plots.redraw(force=True)  # ... but the run ended first (idle): drawn now
    np.testing.assert_allclose(plots.metric_curves["accuracy"].getData()[1], [0.5, 0.51])
    calls = []
    monkeypatch.setattr(plots, "_draw_metrics", lambda *a: calls.append(a))
    QCoreApplication.processEvents()
    qtbot.wait(20)  # the turn that was due comes and finds nothing left to draw
    assert calls == []


def test_on_screen_the_metric_points_come_after_the_loss_plot_painted(qtbot, training_window, monkeypatch):
    win, ui = training_window
    win.show()
    qtbot.waitExposed(win)
    c, plots = ui.controller, ui.plots
    ui.docks["training"].raise_()
    qtbot.waitUntil(lambda: not plots.loss_plot.viewport().visibleRegion().isEmpty(), timeout=2000)
    c._on_train_begin({"steps": 4})
    c._t0, c._batches_done, c._epochs, c._initial = 0.0, 0, 10, 0
    seen, real = [], plots._draw_metrics
    monkeypatch.setattr(plots, "_draw_metrics", lambda *a: (seen.append(plots.loss_plot.paint_cpu), real(*a)))
    plots.timer.start()
    try:
        c._on_logs(_bundle(0))
        plots.loss_plot.take_paint_cpu()
        plots.redraw()
        qtbot.waitUntil(lambda: bool(seen), timeout=2000)
        assert seen[0] > 0  # the loss plot had painted its new points when the metric plot got its own
    finally:
        plots.timer.stop()


def test_a_run_like_the_previous_one_keeps_the_metric_axis_still(qtbot, training_window, monkeypatch):
    """The metric plot's y range covers the previous run's values too (the loss plot's always did): a sweep's
    runs climb inside one still scale instead of laying both axes out anew at every step (7 times a run)."""
    from netbuilder.ui.training.run_buffers import RunBuffers

    _win, ui = training_window
    c, plots = ui.controller, ui.plots
    prev = RunBuffers()
    for e in range(20):
        prev.add_epoch(e, {"loss": 1.0 / (1 + e), "accuracy": 0.5 + 0.025 * e, "val_loss": 1.2 / (1 + e),
                           "val_accuracy": 0.5 + 0.024 * e})
    monkeypatch.setattr(c, "comparable_previous", lambda: prev)
    c._on_train_begin({"steps": 4})
    c._t0, c._batches_done, c._epochs, c._initial = 0.0, 0, 20, 0
    view = plots.metric_plot.getPlotItem().getViewBox()
    ranges = []
    for e in range(15):  # accuracy 0.5 -> 0.64, val_accuracy 0.6 -> 0.74: inside the previous run's 0.5 -> 0.98
        c._on_logs(_bundle(e))
        plots.redraw()
        ranges.append(tuple(view.viewRange()[1]))
    assert len(set(ranges)) == 1 and ranges[0][0] <= 0.5 and ranges[0][1] >= 0.975
    monkeypatch.setattr(c, "comparable_previous", lambda: None)  # no previous run: the range follows this one
    plots.redraw(force=True)
    lo, hi = view.viewRange()[1]
    assert hi < 0.9


def test_a_new_run_like_the_last_one_leaves_the_legends_as_they_are(qtbot, training_window, monkeypatch):
    """At a run's start the legends keep the last run's rows until the new run's are known (a turn later): dropping
    them at the start and listing them again a turn later laid both plots out twice per run of a sweep."""
    from types import SimpleNamespace

    from netbuilder.ui.training.run_buffers import RunBuffers
    from netbuilder.ui.training.run_result import RunState

    _win, ui = training_window
    c, plots = ui.controller, ui.plots
    monkeypatch.setitem(c.settings, "metrics", ["accuracy"])
    c._on_train_begin({"steps": 4})
    c._t0, c._batches_done, c._epochs, c._initial = 0.0, 0, 10, 0
    for e in range(3):
        c._on_logs(_bundle(e))
    plots.redraw(force=True)  # the last run, finished
    legends = [p.getPlotItem().legend for p in (plots.loss_plot, plots.metric_plot)]
    before = [list(lg.items) for lg in legends]
    assert len(before[0]) >= 4 and len(before[1]) == 2
    rebuilt = []
    for lg in legends:
        monkeypatch.setattr(lg, "clear", lambda lg=lg: (rebuilt.append(lg), type(lg).clear(lg)))
    c.run, c.state = RunBuffers(), RunState.RUNNING  # the next run starts
    c.worker = SimpleNamespace(fit_kwargs={"validation_split": 0.2}, gui_sync=SimpleNamespace(caught_up_later=lambda: 0))
    try:
        plots._on_state("running")
        assert [list(lg.items) for lg in legends] == before  # the start's redraw left them alone
        qtbot.waitUntil(lambda: plots._expected != () and plots._expected is not None, timeout=2000)
        assert [list(lg.items) for lg in legends] == before and rebuilt == []  # the same rows: nothing rebuilt
    finally:
        plots.timer.stop()
        c.worker, c.state = None, RunState.IDLE


def test_the_legends_list_a_new_runs_series_in_the_start_s_own_turn(qtbot, training_window, monkeypatch):
    """Train's turn lists the run's series in both legends (before any event is handled), so the legends' new
    rows, the coach banner's place and the status line lay the plots out and repaint them once; listed a turn
    later, they laid the plots out and painted them a second time."""
    from netbuilder.ui.training import worker as W
    from netbuilder.ui.training.controller import TrainingData

    from .conftest import dense_config, set_run

    monkeypatch.setattr(W, "GUI_WAIT_S", 600.0)  # the run's first batch waits for the event loop
    win, ui = training_window
    win.show()
    rng = np.random.default_rng(0)
    x = rng.normal(size=(64, 2)).astype(np.float32)
    y = (x[:, :1] > 0).astype(np.float32)
    set_run(ui, dense_config(2, [4], 1, "sigmoid"), TrainingData("d", x, y, x[:8], y[:8], "binary"), epochs=1,
            batch_size=16, validation_split=0.25, loss="binary_crossentropy", metrics=["accuracy"])
    plots, c = ui.plots, ui.controller
    assert _legend(plots.loss_plot) == [] and _legend(plots.metric_plot) == []
    with qtbot.waitSignal(c.finished, timeout=60000):
        assert ui.controls.start()
        assert len(_legend(plots.loss_plot)) == 4  # loss (batch), smoothed, loss, val_loss: already listed
        assert _legend(plots.metric_plot) == ["accuracy", "val_accuracy"]
