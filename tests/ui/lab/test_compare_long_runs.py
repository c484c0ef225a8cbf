"""The overlay marks each epoch of a short run, and none of a long one: a 4,000-epoch run drawn with a
marker per epoch took the GUI thread 200 ms when it was kept (the training plots stop marking epochs
past MAX_SYMBOLS the same way)."""

import numpy as np

from netbuilder.core.runs.record import RunRecord
from netbuilder.ui.lab.compare_plot import ComparePlot
from netbuilder.ui.training.plot_items import MAX_SYMBOLS


def _run(run_id, epochs):
    loss = list(np.linspace(1.0, 0.1, epochs))
    return RunRecord(id=run_id, name=run_id, model={}, settings={}, history={"loss": loss, "val_loss": loss})


def test_markers_only_while_there_are_few_epochs(qtbot):
    plot = ComparePlot()
    qtbot.addWidget(plot.widget)
    plot.show_runs([_run("r0001", 20), _run("r0002", MAX_SYMBOLS + 1)])
    short, long = plot.curves["r0001"][1], plot.curves["r0002"][1]
    assert short.opts["symbol"] == "o" and long.opts["symbol"] is None
    assert len(long.xData) == MAX_SYMBOLS + 1 and long.yData[-1] == 0.1
    plot.set_live({"loss": [0.5] * 3, "val_loss": [0.6] * 3}, "live", "r0003")
    assert plot._live[1].opts["symbol"] == "o" and plot._live[0].opts["symbol"] is None
    plot.set_live({"loss": [0.5] * 400, "val_loss": [0.6] * 400}, "live", "r0003")
    assert plot._live[1].opts["symbol"] is None and plot._live[0].opts["symbol"] is None
    assert len(plot._live[1].xData) == 400


def test_long_curves_are_hairlines_of_the_same_colour_and_style(qtbot):
    """Past MAX_SYMBOLS epochs a curve keeps its colour and dash but is painted as a hairline (a wide pen
    over thousands of points took 300 ms a paint); back under it, the wide pen returns (a new run)."""
    import pyqtgraph as pg
    from PySide6.QtCore import Qt

    from netbuilder.ui.training.plot_items import set_epoch_curve

    w = pg.PlotWidget()
    qtbot.addWidget(w)
    curve = w.plot([], [], pen=pg.mkPen((10, 20, 30), width=2.5, style=Qt.DashLine), symbol="s")
    x = np.arange(1, MAX_SYMBOLS + 2, dtype=float)
    set_epoch_curve(curve, x, x)
    pen = curve.opts["pen"]
    assert curve.opts["symbol"] is None and pen.widthF() == 0 and pen.style() == Qt.DashLine
    assert pen.color().getRgb()[:3] == (10, 20, 30)
    set_epoch_curve(curve, x[:5], x[:5])
    assert curve.opts["symbol"] == "s" and curve.opts["pen"].widthF() == 2.5
