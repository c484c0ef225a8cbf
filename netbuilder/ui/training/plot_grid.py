"""The live plots' grid, drawn by an item of its own instead of by the axes.

pyqtgraph draws a plot's grid with its axes: each axis extends its tick lines over the whole view,
so its picture (and the pixmap the plots cache it in) covers the whole plot, and each change of the
view's range or size (a run's start, its first points, the ranges settling) drew two plot-sized
pixmaps again: about 3.5 ms of a 6-7 ms paint of a plot, twice per plot in a run's first turns.
Here the axes draw their ticks and labels only (a small cached strip each) and :class:`PlotGrid`
draws the same lines (the axes' tick values, pyqtgraph's alpha per tick level) straight into the
view: a few dozen lines a paint, worked out again only when the range, the size or the grid
settings changed. The lines are drawn behind the curves in their colour over the plot's background
(translucent lines cost Qt's raster engine 7 times as much: a millisecond a paint, a fifth of the
plots' paint time while a run trains); drawn over the curves, pyqtgraph's grid tinted them where it
crossed them. The plot's context menu (Grid: X, Y, alpha) still switches it.
"""

from __future__ import annotations

import pyqtgraph as pg
from PySide6.QtCore import QLineF, QRectF
from PySide6.QtGui import QColor, QPen
from PySide6.QtWidgets import QGraphicsObject


class GridAxis(pg.AxisItem):
    """An axis that hands its grid to a :class:`PlotGrid` (``grid_alpha``: 0-255, or False) and draws its
    ticks only while there is no grid (as pyqtgraph's axis does: with a grid, its ticks are the grid lines)."""

    def __init__(self, orientation, **kwargs):
        super().__init__(orientation, **kwargs)
        # the labels pyqtgraph's axis shows with a grid: none past the axis's ends (its grid made the axis as
        # large as the view, and left out a label reaching past it)
        self.setStyle(hideOverlappingLabels=True)
        self.grid_alpha = False
        self.grid_item = None  # the PlotGrid drawing this axis's grid lines

    def setGrid(self, grid):  # noqa: N802 - pyqtgraph's name (the plot's context menu calls it)
        if isinstance(grid, float):
            grid = max(0, min(255, int(grid * 255)))
        self.grid_alpha = grid
        self.setStyle(tickAlpha=0 if grid is not False else None)  # tick marks under grid lines: none
        self.picture = None
        self.update()
        if self.grid_item is not None:
            self.grid_item.update()


class PlotGrid(QGraphicsObject):
    """The grid lines of ``plot_item`` (a ``PlotItem`` with :class:`GridAxis` axes ``bottom`` and ``left``),
    in its view box's own pixels, behind the curves, opaque in the colour pyqtgraph's translucent line has
    over ``background`` (the plot's background colour)."""

    def __init__(self, plot_item, background=QColor("white")):
        super().__init__()
        self.background = QColor(background)
        self.vb = plot_item.getViewBox()
        self.axes = (plot_item.getAxis("bottom"), plot_item.getAxis("left"))
        for axis in self.axes:
            axis.grid_item = self
        self._key = None  # what the lines were worked out for
        self._lines = []  # [(QPen, [QLineF, ...]), ...], one entry per axis and tick level
        self.setParentItem(self.vb)
        self.setZValue(-1e5)  # behind the view's child group (the curves), over its background
        self.vb.sigResized.connect(self._resized)
        self.vb.sigRangeChanged.connect(lambda *_: self.update())

    def _resized(self, *_):
        self.prepareGeometryChange()
        self.update()

    def boundingRect(self) -> QRectF:  # noqa: N802 - Qt API
        return self.vb.boundingRect()

    def lines(self) -> list:
        """``[(pen, [QLineF, ...]), ...]`` for the current range, size and grid settings (worked out again only
        when one of them changed)."""
        rect = self.vb.boundingRect()
        key = (rect.width(), rect.height(), tuple(map(tuple, self.vb.viewRange())),
               tuple((a.grid_alpha, a.logMode, a.width(), a.height()) for a in self.axes))
        if key != self._key:
            self._key = key
            self._lines = [spec for axis in self.axes if axis.grid_alpha is not False
                           for spec in self._axis_lines(axis, rect, self.background)]
        return self._lines

    @staticmethod
    def _axis_lines(axis, rect: QRectF, background: QColor) -> list:
        """The grid lines of ``axis`` over ``rect`` as pyqtgraph's ``AxisItem.generateDrawSpecs`` draws them:
        its tick values, alpha ``255 / (level + 1)`` times the grid's alpha and a thinning factor (here the
        colour that alpha gives over ``background``)."""
        vertical = axis.orientation in ("top", "bottom")
        lo, hi = axis.range
        length = (axis.width() if vertical else axis.height()) + 2  # the axis line's length in pixels
        if hi == lo or length <= 2:
            return []
        size = rect.width() if vertical else rect.height()
        out = []
        for i, (_spacing, ticks) in enumerate(axis.tickValues(lo, hi, length)):
            alpha = 255 / (i + 1) * axis.grid_alpha / 255.0 * min(max(0.05 * length / (len(ticks) + 1), 0.0), 1.0)
            pen = QPen(axis.tickPen())
            pen.setColor(_over(pen.color(), int(alpha), background))
            segments = []
            for v in ticks:
                f = (v - lo) / (hi - lo)
                if not 0.0 <= f <= 1.0:
                    continue
                if vertical:
                    x = rect.left() + f * size
                    segments.append(QLineF(x, rect.top(), x, rect.bottom()))
                else:
                    y = rect.bottom() - f * size
                    segments.append(QLineF(rect.left(), y, rect.right(), y))
            if segments:
                out.append((pen, segments))
        return out

    def paint(self, p, *_):
        p.setRenderHint(p.RenderHint.Antialiasing, False)
        for pen, segments in self.lines():
            p.setPen(pen)
            p.drawLines(segments)


def _over(color: QColor, alpha: int, background: QColor) -> QColor:
    """The opaque colour ``color`` at ``alpha`` (0-255, times the colour's own) makes over ``background``."""
    a = alpha / 255.0 * color.alphaF()
    return QColor(*(round(b + (c - b) * a) for c, b in ((color.red(), background.red()),
                                                         (color.green(), background.green()),
                                                         (color.blue(), background.blue()))))
