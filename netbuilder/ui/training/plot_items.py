"""The pieces the live training plots are made of (:mod:`.plots`): the plot widgets, fixed pens and
brushes, the smoothed batch loss, the gap outline and small readers of a run's arrays."""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg
from PySide6.QtWidgets import QGraphicsItem, QGraphicsPathItem

from .plot_grid import GridAxis, PlotGrid
from .redraw_pace import TimedPlotWidget
from .series import GrowableArray, binned

#: Weight of the newest batch in the smoothed batch-loss curve (exponential moving average).
SMOOTHING = 0.1
#: Epoch curves show a marker per epoch up to this many epochs (thousands of markers cost every paint).
MAX_SYMBOLS = 300
#: ... and while they are at least this many pixels apart (:func:`markers_apart`).
MARKER_GAP_PX = 9

TRAIN_RGB = (37, 99, 235)
VAL_RGB = (234, 88, 12)
MEAN_RGB = (147, 51, 234)
#: The metric curves' colours, in the order of the metrics.
METRIC_RGB = [(37, 99, 235), (22, 163, 74), (147, 51, 234), (219, 39, 119)]


def ema(values, alpha=SMOOTHING, start=None) -> list:
    """Exponential moving average ``s_t = α·v_t + (1-α)·s_{t-1}``, seeded with ``start`` (else v_0).

    The plots extend it incrementally with the new batch values only, so a redraw costs O(new).
    """
    out = []
    acc = start
    for x in values:
        acc = x if acc is None or not np.isfinite(acc) else alpha * x + (1 - alpha) * acc
        out.append(acc)
    return out


def symbol_style(color) -> dict:
    """``symbolPen``/``symbolBrush`` as one QPen/QBrush per curve, made once.

    pyqtgraph caches rendered symbols (``SymbolAtlas``) by the identity of the pen and brush objects;
    colour tuples become a new QPen/QBrush on every ``setData``, so each redraw added a symbol to the
    cache (up to ~1000 per curve before pyqtgraph rebuilds it): memory churn in the soak test.
    """
    return {"symbolPen": pg.mkPen(200, 200, 200), "symbolBrush": pg.mkBrush(color)}  # pyqtgraph's default edge


def run_values(history: dict, key: str) -> np.ndarray:
    """``history[key]`` as an array: a view of a growable array, or an empty one."""
    v = history.get(key)
    return np.empty(0) if v is None else v.view() if isinstance(v, GrowableArray) else np.asarray(v, float)


def is_metric(key: str) -> bool:
    """A training metric's key (``accuracy``), not a loss or a validation value."""
    return key != "loss" and not key.startswith("val_") and not key.endswith("_loss")


def union(bounds) -> tuple | None:
    """The smallest ``(lo, hi)`` holding every non-None pair of ``bounds``."""
    bounds = [b for b in bounds if b is not None]
    return (min(b[0] for b in bounds), max(b[1] for b in bounds)) if bounds else None


def make_plot(name: str) -> TimedPlotWidget:
    """A white plot with a grid, its legend under the axes, peak downsampling, clipping to the view and
    cached axes (replaying their ticks and texts took most of each repaint; from a pixmap it is one blit
    until their range or size changes). The grid is an item of its own (:mod:`.plot_grid`): drawn by the
    axes, it made their cached pixmaps as large as the plot, drawn again at every change of range or size."""
    w = TimedPlotWidget(background="w", axisItems={side: GridAxis(side) for side in ("left", "bottom")})
    w.setObjectName(name)  # (its paints' CPU time paces the redraws)
    w.showGrid(x=True, y=True, alpha=0.25)
    w.grid_lines = PlotGrid(w.getPlotItem(), w.backgroundBrush().color())
    w.getAxis("left").enableAutoSIPrefix(False)
    w.getAxis("bottom").enableAutoSIPrefix(False)
    pi = w.getPlotItem()
    pi.legend = pg.LegendItem(colCount=3)  # under the axis, outside the curves: it never hides val_loss
    pi.layout.addItem(pi.legend, 4, 1)
    pi.setDownsampling(auto=True, mode="peak")
    pi.setClipToView(True)
    for side in ("left", "bottom"):
        pi.getAxis(side).setCacheMode(QGraphicsItem.DeviceCoordinateCache)
    return w


def loss_curves(plot) -> tuple:
    """The loss plot's curves, empty: batch loss, its smoothed line, loss and val_loss per epoch (markers), and
    the previous run's loss and val_loss (faint, dashed)."""
    dashed = pg.QtCore.Qt.DashLine
    return (plot.plot([], [], pen=pg.mkPen(TRAIN_RGB + (60,), width=1), name="loss (batch)"),
            plot.plot([], [], pen=pg.mkPen(TRAIN_RGB + (150,), width=1.5), name="loss (batch, smoothed)"),
            plot.plot([], [], pen=pg.mkPen(TRAIN_RGB, width=2.5), symbol="o", symbolSize=6, name="loss",
                      **symbol_style(TRAIN_RGB)),
            plot.plot([], [], pen=pg.mkPen(VAL_RGB, width=2.5), symbol="s", symbolSize=6, name="val_loss",
                      **symbol_style(VAL_RGB)),
            plot.plot([], [], pen=pg.mkPen((120, 120, 120, 90), width=1.5, style=dashed), name="previous loss"),
            plot.plot([], [], pen=pg.mkPen((200, 140, 100, 90), width=1.5, style=dashed), name="previous val_loss"))


def gap_fill() -> QGraphicsPathItem:
    """The shaded train/validation gap: one filled outline of at most ``GAP_POINTS`` points a side,
    rebuilt in one call (pyqtgraph's FillBetweenItem rebuilt it twice per redraw, once per bounding curve)."""
    item = QGraphicsPathItem()
    item.setPen(pg.mkPen(None))
    item.setBrush(pg.mkBrush(234, 88, 12, 40))
    # painted from a pixmap until its path or the view changes: filled anew, the translucent polygon over
    # the plot doubled each repaint of the loss plot (2.7 -> 5.7 ms), and it changes only at epoch ends
    item.setCacheMode(QGraphicsItem.DeviceCoordinateCache)
    return item


def mark_line(rgb, label: str, position: float, dashed: bool = False) -> pg.InfiniteLine:
    """A labelled vertical line in colour ``rgb`` (the best epoch, the coach's mark); its label sits at
    ``position`` (0 bottom, 1 top) of the plot's height."""
    pen = pg.mkPen(rgb, width=1.5, style=pg.QtCore.Qt.DashLine if dashed else pg.QtCore.Qt.SolidLine)
    return pg.InfiniteLine(angle=90, pen=pen, label=label, labelOpts={"position": position, "color": rgb})


def gap_path(x, lo, hi):
    """The closed outline between the curves ``lo`` and ``hi`` over ``x`` (each ``(n,)``), for the fill."""
    path = pg.arrayToQPath(np.concatenate([x, x[::-1]]), np.concatenate([lo, hi[::-1]]))
    path.closeSubpath()
    return path


def gap_between(ep, loss, val, log=False):
    """The outline of the train/validation gap (:func:`gap_path`) over epochs ``ep`` from at most ``GAP_POINTS``
    binned points a side (:func:`.series.binned`), in log10(y) when ``log`` (as the curves are drawn)."""
    lo, hi = np.minimum(loss, val), np.maximum(loss, val)
    if log:
        lo, hi = (np.log10(np.maximum(v, np.finfo(float).tiny)) for v in (lo, hi))
    x, lo = binned(ep.astype(float), lo)
    _, hi = binned(ep.astype(float), hi)
    ok = np.isfinite(lo) & np.isfinite(hi)
    return gap_path(x[ok], lo[ok], hi[ok])


def draw_previous(loss_curve, val_curve, prev) -> None:
    """The previous run (:class:`~.run_buffers.RunBuffers` or None) on its faint dashed ``loss_curve`` and
    ``val_curve``."""
    pe = prev.epochs.view() if prev is not None else np.empty(0)
    ph = prev.history if prev is not None else {}
    pl, pv = run_values(ph, "loss")[:len(pe)], run_values(ph, "val_loss")
    for curve in (loss_curve, val_curve):
        fit_pen(curve, len(pe))  # painted at every redraw of the loss plot: a dashed hairline when long
    loss_curve.setData(pe[:len(pl)], pl)
    val_curve.setData(*((pe, pv) if len(pv) == len(pe) and len(pe) else ([], [])))


def show_mark(line, x, text: str) -> None:
    """Show the labelled vertical ``line`` (:func:`mark_line`) at ``x`` saying ``text``; no text: hide it."""
    if not text:
        line.hide()
        return
    line.setValue(x)
    line.show()  # before the label: pyqtgraph does not update a hidden line's label text
    line.label.setFormat(text)


def rename_entries(legend, names: dict) -> None:
    """Give each curve of ``names`` (curve → text) its name, and its legend row (when it has one) that text."""
    for curve, name in names.items():
        curve.opts["name"] = name
        for sample, label in (legend.items if legend is not None else []):
            if sample.item is curve:
                label.setText(name)


def set_per_epoch(curve, values) -> None:
    """``curve.setData`` with one point per epoch: ``values[i]`` at epoch ``i + 1``."""
    curve.setData(np.arange(1, len(values) + 1, dtype=float), np.asarray(values, float))


def fit_pen(curve, n: int) -> bool:
    """Give ``curve`` its own (wide) pen while it has at most ``MAX_SYMBOLS`` of its ``n`` points, and a
    hairline of the same colour and style beyond: Qt strokes a pen wider than one pixel point by point,
    15x slower (2,400 points: 4.5 ms a paint at width 1.5, 0.25 ms as a hairline; a 4,000-epoch run took
    300 ms). Returns whether the wide pen is on (few points)."""
    if getattr(curve, "_wide_pen", None) is None:
        curve._wide_pen = pg.mkPen(curve.opts["pen"])
        curve._thin_pen = pg.mkPen(curve._wide_pen)
        curve._thin_pen.setWidthF(0)  # cosmetic: one pixel at any zoom
        curve._few = True
    few = n <= MAX_SYMBOLS
    if few != curve._few:
        curve._few = few
        curve.setPen(curve._wide_pen if few else curve._thin_pen)
    return few


def markers_apart(plot, n: int) -> bool:
    """Whether ``n`` per-epoch markers stay apart on ``plot`` at its current x range: at least
    ``MARKER_GAP_PX`` pixels per epoch (and ``n <= MAX_SYMBOLS``); closer, they merge into a thick line,
    and cost each redraw's ``setData`` and paint for nothing to see."""
    vb = plot.getPlotItem().getViewBox()
    (x0, x1), _ = vb.viewRange()
    return n <= MAX_SYMBOLS and (vb.width() <= 0 or x1 <= x0 or vb.width() / (x1 - x0) >= MARKER_GAP_PX)


def set_epoch_curve(curve, x, y, markers: bool | None = None) -> None:
    """``curve.setData(x, y)`` with a marker per epoch and the curve's own (wide) pen only while there are
    few epochs (``MAX_SYMBOLS``, :func:`fit_pen`); past that, no markers and a hairline. ``markers``:
    whether to show them (default: while there are few epochs; see :func:`markers_apart`)."""
    symbol = getattr(curve, "_epoch_symbol", None)
    if symbol is None:
        symbol = curve._epoch_symbol = curve.opts.get("symbol") or "o"
    few = fit_pen(curve, len(x))
    show = few if markers is None else few and markers
    if show != (curve.opts.get("symbol") is not None):
        curve.setSymbol(symbol if show else None)
    curve.setData(x, y)

def nearest_point(plot, pos) -> tuple | None:
    """``(curve name, x, y)`` of the data point nearest in x to the scene position ``pos`` over ``plot``
    (the hover readout), or None when ``pos`` is outside it or no curve has points."""
    if not plot.sceneBoundingRect().contains(pos):
        return None
    x0 = plot.getPlotItem().vb.mapSceneToView(pos).x()
    best = None
    for item in plot.getPlotItem().listDataItems():
        x, y = item.getData()
        if x is None or not len(x):
            continue
        i = int(np.argmin(np.abs(x - x0)))
        if best is None or abs(x[i] - x0) < best[0]:
            best = (abs(x[i] - x0), item.name(), x[i], y[i])
    return None if best is None else best[1:]


def write_history_csv(path, history: dict, epochs) -> None:
    """``history`` (``{key: [values]}``) as CSV at ``path``: ``epoch`` (from ``epochs``) then one column
    per key, sorted, Keras CSVLogger style; written atomically (a full disk leaves the old file whole)."""
    import csv  # noqa: PLC0415
    import io  # noqa: PLC0415

    from netbuilder.core.models.saving import atomic_write  # noqa: PLC0415

    keys = sorted(history)
    buf = io.StringIO(newline="")
    w = csv.writer(buf)
    w.writerow(["epoch"] + keys)
    for i, e in enumerate(epochs):
        w.writerow([e] + [history[k][i] if i < len(history[k]) else "" for k in keys])
    atomic_write(path, lambda f: f.write(buf.getvalue().encode("utf-8")))


def metric_curve(plot, key: str, index: int) -> pg.PlotDataItem:
    """A new curve for metric ``key`` in ``plot``: the first metric (``index`` 0) in the loss plot's colours
    (training blue, validation orange: both plots read alike), further ones in the ``index``-th metric's
    colour with ``val_*`` dashed."""
    val = key.startswith("val_")
    color = (VAL_RGB if val else TRAIN_RGB) if index == 0 else METRIC_RGB[index % len(METRIC_RGB)]
    style = pg.QtCore.Qt.DashLine if val and index else pg.QtCore.Qt.SolidLine
    return plot.plot([], [], pen=pg.mkPen(color, width=2, style=style), symbol="o", symbolSize=5, name=key,
                     **symbol_style(color))
