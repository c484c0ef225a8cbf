"""The overlay is not drawn while its tab is behind another (issue 16: a sweep with the Training tab in front
spent 8-14 ms of the GUI thread per run on curves no one saw); it is drawn, as asked last, when shown."""

from netbuilder.core.runs.sweep import SweepTarget

from .conftest import run_experiment


def test_a_sweep_behind_the_training_tab_is_drawn_when_the_lab_is_shown(qtbot, win, lab, monkeypatch):
    import netbuilder.ui.lab.feature as F

    monkeypatch.setattr(F, "LIVE_S", 0.0)  # the run in progress asked to be drawn at every epoch
    plot = lab.widget.plot
    win.training_ui.docks["training"].raise_()  # the Lab's tab behind the Training tab
    assert plot.unseen
    live_drawn = []
    lab.controller.epochEnded.connect(lambda *_: live_drawn.append(plot._live is not None))
    summary = run_experiment(qtbot, lab, lambda: lab.run_sweep(SweepTarget("epochs"), "1, 2"))
    records = summary["records"]
    assert all(r is not None for r in records) and lab.widget.model.rowCount() == 2
    assert live_drawn and not any(live_drawn) and plot.curves == {} and plot.waiting
    lab.dock.raise_()
    qtbot.waitUntil(lambda: not plot.waiting, timeout=3000)
    assert not plot.unseen and plot._live is None
    assert set(plot.curves) == set(lab.widget.selected_ids()) == {r.id for r in records}
    assert [label.text for _, label in plot.legend.items] == [r.name for r in records]
    assert list(plot.curves[records[1].id][1].yData) == records[1].history["val_loss"]


def test_the_newest_live_run_asked_for_while_unseen_is_drawn_when_shown(qtbot, win, lab):
    plot = lab.widget.plot
    win.training_ui.docks["training"].raise_()
    plot.set_live({"loss": [0.9], "val_loss": [1.0]}, "old", "r0001")
    plot.set_live({"loss": [0.9, 0.8], "val_loss": [1.0, 0.7]}, "Run 1 …", "r0001")
    assert plot._live is None and plot.waiting
    lab.dock.raise_()
    qtbot.waitUntil(lambda: not plot.waiting, timeout=3000)
    assert list(plot._live[1].yData) == [1.0, 0.7] and list(plot._live[0].yData) == [0.9, 0.8]
    assert [label.text for _, label in plot.legend.items] == ["Run 1 …"]


def test_with_the_lab_in_front_each_live_run_becomes_its_kept_runs_curves(qtbot, lab, monkeypatch):
    import netbuilder.ui.lab.feature as F

    monkeypatch.setattr(F, "LIVE_S", 0.0)
    plot = lab.widget.plot
    assert not plot.unseen  # the lab fixture brings the Lab's tab to the front
    live, set_live = {}, plot.set_live

    def drawing_live(*args):
        set_live(*args)
        live[plot._live_id] = plot._live
    monkeypatch.setattr(plot, "set_live", drawing_live)
    summary = run_experiment(qtbot, lab, lambda: lab.run_sweep(SweepTarget("epochs"), "2, 3"))
    records = summary["records"]
    assert set(live) == {r.id for r in records} and plot._live is None
    for r in records:
        train, val = plot.curves[r.id]
        assert (train, val) == live[r.id]  # the same curves, not drawn a second time
        assert list(val.yData) == r.history["val_loss"] and list(train.yData) == r.history["loss"]
        assert train.opts["pen"].widthF() == val.opts["pen"].widthF() == 2.0
    assert [label.text for _, label in plot.legend.items] == [r.name for r in records]  # no "…" row left
    assert len(plot.widget.getPlotItem().listDataItems()) == 2 * len(records)


def test_a_live_drawing_comes_a_turn_after_its_epoch_and_not_once_its_run_is_shown(qtbot, lab, monkeypatch):
    import netbuilder.ui.lab.feature as F

    monkeypatch.setattr(F, "LIVE_S", 0.0)
    plot = lab.widget.plot
    at_epoch = []  # connected after the Lab's slot: what that slot left in the epoch's own turn
    lab.controller.epochEnded.connect(lambda *_: at_epoch.append((plot._live is None, lab._live_args is not None)))
    summary = run_experiment(qtbot, lab, lambda: lab.run_sweep(SweepTarget("epochs"), "1, 2"))
    assert at_epoch[0] == (True, True)  # the run's first epoch: due, not drawn in its turn
    kept = summary["records"][-1]
    assert plot._live is None and kept.id in plot.curves
    lab._live_args = (kept.history, kept.name + " …", kept.id)  # a drawing left due past the run's showing
    lab._draw_live()
    assert plot._live is None and lab._live_args is None
    assert [label.text for _, label in plot.legend.items] == [r.name for r in summary["records"]]
