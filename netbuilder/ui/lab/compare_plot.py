"""``ComparePlot``: the selected runs' curves overlaid (``comparePlot``, a pyqtgraph ``PlotWidget``).

One colour per run (the same colour for a run wherever it is drawn: it follows the run's id); the training
curve dashed, the validation curve solid; the legend, under the plot (inside it covered half of a laptop's
narrow plot), names the runs in as many columns as the width holds. ``key`` picks what is drawn: ``loss``
or a metric (``accuracy``...), its ``val_`` twin beside it. A run that is still training can be drawn live
(:meth:`set_live`), thinner, under the name the table will give it.

While the plot cannot be seen in a window on screen (the Lab's tab behind Training's during a sweep) nothing is
drawn: the runs and the live run asked for are drawn when it is shown (issue 16: the overlay's curves and
legend rows cost the GUI thread 8-14 ms per run of a sweep, unseen).
"""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QCoreApplication, QEvent, QObject, Qt, QTimer

from ..training.plot_items import MAX_SYMBOLS, set_epoch_curve
from .runs_table import display_name, run_color

#: The width of a legend row's line sample and the spacing beside its name, in pixels.
LEGEND_SAMPLE_PX = 40


def _tr(text: str) -> str:
    return QCoreApplication.translate("ComparePlot", text)


class _OnSeen(QObject):
    """Calls ``callback()`` from the event loop when ``view`` is shown or painted while ``waiting()``: a dock's tab
    brought to the front is moved back on screen and painted (a tab behind another stays "visible", off screen);
    ``resized()`` when ``view`` changed size."""

    def __init__(self, view, callback, waiting, resized):
        super().__init__(view)
        self.callback, self.waiting, self.resized = callback, waiting, resized
        view.installEventFilter(self)
        view.viewport().installEventFilter(self)  # a QGraphicsView paints its viewport

    def eventFilter(self, obj, event) -> bool:  # noqa: N802 - Qt's name
        if event.type() == QEvent.Resize and obj is self.parent():
            self.resized()
        elif event.type() in (QEvent.Show, QEvent.Paint) and self.waiting():
            QTimer.singleShot(0, self, self.callback)  # not inside the paint: the scene changes, then repaints
        return False


class ComparePlot:
    """The overlay plot; ``widget`` is the ``PlotWidget`` (object name ``comparePlot``)."""

    def __init__(self):
        self.widget = pg.PlotWidget(background="w")
        self.widget.setObjectName("comparePlot")
        self.widget.showGrid(x=True, y=True, alpha=0.2)
        # under the axis, outside the curves; dark text: pyqtgraph's default legend is made for dark backgrounds
        pi = self.widget.getPlotItem()
        self.legend = pi.legend = pg.LegendItem(labelTextSize="8pt", labelTextColor=(40, 40, 40), verSpacing=-6)
        pi.layout.addItem(self.legend, 4, 1)
        # a long run (thousands of epochs) is drawn at the screen's resolution, not point by point
        self.widget.setDownsampling(auto=True, mode="peak")
        self.widget.setClipToView(True)
        self.widget.getAxis("left").enableAutoSIPrefix(False)  # "loss (x0.001)" over 300…700 misread the losses
        self.key = "loss"
        self.log_x = False
        self.curves: dict[str, tuple] = {}  # run id -> (train curve, validation curve)
        self._names: dict[str, str] = {}  # run id -> the name its legend row shows
        self._live = None  # the run in progress: (train curve, validation curve), of run id _live_id
        self._live_id = None
        self._waiting = None  # (records or None, live arguments or None) asked for while unseen
        self._on_seen = _OnSeen(self.widget, self._catch_up, lambda: self._waiting is not None, self.fit_legend)
        self.retranslate()

    @property
    def unseen(self) -> bool:
        """True while the window is on screen but no part of this plot is (its tab is behind another, or the dock
        is closed): drawing waits."""
        w = self.widget
        return w.window().isVisible() and (not w.isVisible() or w.viewport().visibleRegion().isEmpty())

    @property
    def waiting(self) -> bool:
        """True when runs or a live run asked for are not drawn yet (drawn when the plot is shown)."""
        return self._waiting is not None

    def _catch_up(self) -> None:
        if self._waiting is None or self.unseen:
            return
        waiting, self._waiting = self._waiting, None
        records, live = waiting
        if records is not None:
            self.show_runs(records)
        if live is not None:
            self.set_live(*live)

    def retranslate(self) -> None:
        self.widget.setLabel("bottom", _tr("epoch"))
        self.widget.setLabel("left", self.key)
        self.widget.setTitle(_tr("dashed: training · solid: validation"), color="#555", size="9pt")

    def set_key(self, key: str) -> None:
        if (key or "loss") != self.key:
            self.key = key or "loss"
            self.widget.setLabel("left", self.key)
            for run_id in list(self.curves):
                self._remove(run_id)

    def show_runs(self, records) -> None:
        """Draw ``records`` (RunRecords) and nothing else; the live run becomes its kept run's curves when that run
        is among them, else it is dropped. Runs already drawn stay as they are (a sweep adds one run at a time:
        redrawing them all cost 50 ms a run). Unseen, they are drawn when the plot is shown."""
        if self.unseen:
            self._waiting = (list(records), None)
            return
        want = {r.id: r for r in records}
        if self._live is not None:
            live, live_id, self._live = self._live, self._live_id, None
            kept = want.get(live_id)
            if kept is None or live_id in self.curves or not self._promote(live, kept):
                self._drop(live)
        for run_id in list(self.curves):
            if run_id not in want or self._names.get(run_id) != display_name(want[run_id]):
                self._remove(run_id)
        for r in records:
            if r.id not in self.curves:  # the legend names a K-fold run with its tag ("Run 3 · 4-fold mean")
                self.curves[r.id] = self._draw(r.history, display_name(r), run_color(r.id))
                self._names[r.id] = display_name(r)
        self.fit_legend()

    def fit_legend(self) -> None:
        """As many legend columns as the plot's width holds (at most 4), each as wide as the longest run name
        with its line sample (``LEGEND_SAMPLE_PX``)."""
        names = [label.boundingRect().width() for _, label in self.legend.items]
        widest = max(names, default=100.0) + LEGEND_SAMPLE_PX
        columns = max(1, min(4, int(0.95 * self.widget.width() // widest)))
        if columns != self.legend.columnCount:
            self.legend.setColumnCount(columns)

    def _promote(self, curves, record) -> bool:
        """The live run's curves become the kept run ``record``'s: its full pen, its curves, its name in the legend
        (a sweep's run shown with the Lab in front: new curves and a new legend row took the GUI thread 5-10 ms).
        False when its legend row is not on the curve :meth:`_draw` would give it (then it is drawn anew)."""
        t, v = curves
        train = record.history.get(self.key) or []
        val = record.history.get("val_" + self.key) or []
        row = next((label for sample, label in self.legend.items if sample.item is (v if val else t)), None)
        if row is None:
            return False
        color = run_color(record.id)
        width = 0 if max(len(train), len(val)) > MAX_SYMBOLS else 2.0  # as _draw
        t.setPen(pg.mkPen(color, width=width, style=Qt.DashLine))
        t.setData(np.arange(1, len(train) + 1), np.asarray(train, dtype=float))
        v._wide_pen = pg.mkPen(color, width=width)  # the pens set_epoch_curve switches between
        v._thin_pen = pg.mkPen(color, width=0)
        v.setPen(v._wide_pen if len(val) <= MAX_SYMBOLS else v._thin_pen)
        set_epoch_curve(v, np.arange(1, len(val) + 1), np.asarray(val, dtype=float))
        row.setText(display_name(record))
        self.curves[record.id] = curves
        self._names[record.id] = display_name(record)
        return True

    def _drop(self, curves) -> None:
        for c in curves:
            self.legend.removeItem(c)
            self.widget.removeItem(c)

    def _remove(self, run_id: str) -> None:
        self._drop(self.curves.pop(run_id))
        self._names.pop(run_id, None)

    def _draw(self, history: dict, name: str, color, width=2.0) -> tuple:
        train = history.get(self.key) or []
        val = history.get("val_" + self.key) or []
        x_t, x_v = np.arange(1, len(train) + 1), np.arange(1, len(val) + 1)
        if max(len(train), len(val)) > MAX_SYMBOLS:
            width = 0  # a hairline: a wide pen over thousands of jagged points took 300 ms to paint, this 13 ms
        t = self.widget.plot(x_t, np.asarray(train, dtype=float), pen=pg.mkPen(color, width=width, style=Qt.DashLine))
        # empty first, the marker options set apart: symbol options given to plot() switch markers on for
        # every point (11,000 markers took the GUI thread 100 ms when a long run was shown)
        v = self.widget.plot([], [], pen=pg.mkPen(color, width=width))
        v.setSymbolSize(4)
        v.setSymbolBrush(pg.mkBrush(color))
        v.setSymbolPen(None)
        v._epoch_symbol = "o"
        set_epoch_curve(v, x_v, np.asarray(val, dtype=float))  # a marker per epoch only while there are few
        # one legend row per run: the solid (validation) line when there is one, else the dashed one
        self.legend.addItem(v if val else t, name)
        return t, v

    def set_live(self, history: dict, name: str, run_id: str) -> None:
        """Draw (or update) the run in progress; it is replaced when the finished run is shown. Unseen, the
        newest one asked for is drawn when the plot is shown."""
        if self.unseen:
            self._waiting = (self._waiting[0] if self._waiting else None, (history, name, run_id))
            return
        if self._live is not None and run_id != self._live_id:  # another run's: not this one's curves
            self._drop(self._live)
            self._live = None
        if self._live is None:
            self._live, self._live_id = self._draw(history, name, run_color(run_id), width=1.2), run_id
            self.fit_legend()
            return
        for curve, key in zip(self._live, (self.key, "val_" + self.key)):
            ys = np.asarray(history.get(key) or [], dtype=float)
            if curve is self._live[1]:
                set_epoch_curve(curve, np.arange(1, len(ys) + 1), ys)
            else:
                curve.setData(np.arange(1, len(ys) + 1), ys)
