"""The live plots' grid is an item of its own (plot_grid): the same lines as pyqtgraph's axis grid, while the
axes' cached pictures stay the size of the axes."""

import numpy as np
import pyqtgraph as pg
import pytest
from PySide6.QtCore import QPointF

from netbuilder.ui.training.plot_grid import GridAxis, PlotGrid
from netbuilder.ui.training.plot_items import make_plot


def _specs(axis):
    """``(axis line, ticks, labels)`` as the axis would draw them now."""
    picture = pg.QtGui.QPicture()
    painter = pg.QtGui.QPainter(picture)
    try:
        return axis.generateDrawSpecs(painter)
    finally:
        painter.end()


def _pyqtgraph_grid(qtbot, size, x_range, y_range, log_y=False):
    """{orientation: [(scene position, alpha), ...]} of the grid pyqtgraph's own axes draw."""
    ref = pg.PlotWidget(background="w")
    qtbot.addWidget(ref)
    ref.showGrid(x=True, y=True, alpha=0.25)
    return _lines_of(ref, size, x_range, y_range, log_y, lambda w: {
        o: [(spec, axis) for spec in _specs(axis)[1]]
        for o, axis in (("bottom", w.getAxis("bottom")), ("left", w.getAxis("left")))})


def _lines_of(w, size, x_range, y_range, log_y, specs):
    w.resize(*size)
    w.show()
    if log_y:
        w.setLogMode(y=True)
    w.getPlotItem().vb.setRange(xRange=x_range, yRange=y_range, padding=0)
    pg.QtWidgets.QApplication.processEvents()
    w.viewport().repaint()  # the view's transform and the axes' geometry settle in the paint
    out = {}
    for o, found in specs(w).items():
        rows = []
        for (pen, p1, _p2), axis in found:
            pos = axis.mapToScene(QPointF(p1[0], p1[1]))
            c = pen.color()  # as it shows over the white background
            shade = round(255 + (c.red() - 255) * c.alphaF())
            rows.append((round(pos.x() if o == "bottom" else pos.y(), 1), shade))
        out[o] = sorted(rows)
    return out


def _ours(qtbot, size, x_range, y_range, log_y=False, plain=False):
    """make_plot's plot, or (``plain``) a plain PlotWidget with the grid item, laid out as ``_pyqtgraph_grid``'s."""
    if plain:
        w = pg.PlotWidget(background="w", axisItems={side: GridAxis(side) for side in ("left", "bottom")})
        w.showGrid(x=True, y=True, alpha=0.25)
        w.grid_lines = PlotGrid(w.getPlotItem())
    else:
        w = make_plot("p")
    qtbot.addWidget(w)
    grid = w.grid_lines

    def specs(w):
        vb = w.getPlotItem().vb
        found = {"bottom": [], "left": []}
        for pen, segments in grid.lines():
            for seg in segments:
                vertical = seg.x1() == seg.x2()
                found["bottom" if vertical else "left"].append(((pen, (seg.x1(), seg.y1()), None), vb))
        return found

    return w, _lines_of(w, size, x_range, y_range, log_y, specs)


@pytest.mark.parametrize("x_range, y_range, log_y", [((0, 50), (0.1, 0.78), False), ((0, 1), (0, 1), False),
                                                      ((0, 2000), (-3, 1), False), ((0, 20), (-1.4, -0.1), True)])
def test_the_grid_lines_are_those_pyqtgraphs_axes_draw(qtbot, x_range, y_range, log_y):
    _w, ours = _ours(qtbot, (600, 300), x_range, y_range, log_y, plain=True)
    ref = _pyqtgraph_grid(qtbot, (600, 300), x_range, y_range, log_y)
    for o in ("bottom", "left"):
        assert len(ours[o]) == len(ref[o]) and len(ref[o]) >= 3
        pos, shade = np.array(ours[o]).T
        ref_pos, ref_shade = np.array(ref[o]).T
        np.testing.assert_allclose(pos, ref_pos, atol=1.5)  # the same pixel, give or take its rounding
        np.testing.assert_allclose(shade, ref_shade, atol=1)  # the same grey on white


def test_the_grid_is_opaque_and_behind_the_curves(qtbot):
    """Opaque lines (translucent ones cost Qt's raster engine 7 times as much), so behind the curves: over them
    they would cut each curve where a grid line crosses it."""
    w, _ = _ours(qtbot, (600, 300), (0, 10), (0, 1))
    vb = w.getPlotItem().vb
    assert w.grid_lines.zValue() < vb.childGroup.zValue()
    assert all(pen.color().alpha() == 255 for pen, _segments in w.grid_lines.lines())


def test_the_axes_cache_a_strip_not_the_plot_and_draw_no_tick_marks_under_the_grid(qtbot):
    w, _ = _ours(qtbot, (600, 300), (0, 10), (0, 1))
    vb = w.getPlotItem().vb.boundingRect()
    bottom, left = w.getAxis("bottom"), w.getAxis("left")
    assert bottom.boundingRect().height() < vb.height() / 3
    assert left.boundingRect().width() < vb.width() / 3
    specs = _specs(bottom)
    assert specs[1] and all(pen.color().alpha() == 0 for pen, _p1, _p2 in specs[1])
    assert specs[2]  # the labels are drawn


def test_the_lines_follow_the_range_and_the_context_menu(qtbot):
    w, before = _ours(qtbot, (600, 300), (0, 10), (0, 1))
    vb, grid = w.getPlotItem().vb, w.grid_lines
    vb.setRange(xRange=(0, 100), padding=0)
    after = {"bottom": sorted(seg.x1() for _pen, segs in grid.lines() for seg in segs if seg.x1() == seg.x2())}
    assert after["bottom"] != [p for p, _a in before["bottom"]]
    ctrl = w.getPlotItem().ctrl
    ctrl.xGridCheck.setChecked(False)  # the plot's context menu: Grid, X off
    assert all(seg.y1() == seg.y2() for _pen, segs in grid.lines() for seg in segs)  # horizontal lines only
    specs = _specs(w.getAxis("bottom"))
    assert all(pen.color().alpha() > 0 for pen, _p1, _p2 in specs[1])  # no grid: the axis draws its ticks
    ctrl.yGridCheck.setChecked(False)
    assert grid.lines() == []
