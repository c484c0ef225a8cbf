"""Live loss and metric curves (pyqtgraph), redrawn on a timer from the controller's run buffers.

The x axis is in epochs: a batch point sits at ``epoch + (batch + 1) / steps``, an epoch point at the epoch's end
(1, 2, ...). Curves are created once (the run's first ones at its start, before its first data) and updated with
``setData`` when the controller's ``revision`` changed, at most ``REDRAW_HZ`` times a second and less when a
redraw costs more (:mod:`.redraw_pace`); the epoch curves, the metric plot and the marks only when an epoch ended
(while a run trains, the metric plot's curves after the loss plot painted, so that the two plots' paints fall in
different event-loop turns). A redraw costs work in proportion to what is new plus what is drawn, not to the
run's length: the curves get views of the run's growable arrays (:class:`~.run_buffers.RunBuffers`, nothing is
copied), the smoothed batch loss is extended with the new batches only, and the view ranges come from the arrays'
running bounds; peak downsampling and clipping to the view keep long per-batch histories cheap to draw; epoch
markers are dropped beyond ``MAX_SYMBOLS`` points; the shaded train/validation gap is one path of at most
``GAP_POINTS`` binned points. The axes (ticks and labels) are painted from a cached pixmap the size of the axis,
and laid out again only when their range changes (:mod:`.view_range`); the grid is an item of its own
(:mod:`.plot_grid`). The best epoch (lowest ``val_loss``) is
marked, and the previous run stays faintly behind the new one.
"""

from __future__ import annotations

import time

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QEvent, QTimer
from PySide6.QtWidgets import QBoxLayout, QCheckBox, QFileDialog, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from .. import i18n
from .chart_marks import MIN_PLOT_HEIGHT, coach_mark, tidy_legend
from .plot_items import MEAN_RGB, draw_previous, ema, fit_pen, gap_between, gap_fill, is_metric, loss_curves, \
    make_plot, mark_line, markers_apart, metric_curve, nearest_point, rename_entries, run_values, set_epoch_curve, \
    set_per_epoch, show_mark, union, write_history_csv
from .redraw_pace import RedrawPace
from .series import GrowableArray
from .view_range import LossRange, SteppedRange, data_bounds

#: Redraws per second at most while training: on the controller's ``logsHandled``, when due (the worker waits for
#: these repaints, see ``worker.GuiSync``); nothing is drawn when nothing changed.
REDRAW_HZ = 20
#: ... and at least, however much a redraw costs: the curves visibly move.
MIN_REDRAW_HZ = 5
#: Between the two, redraws and their paints may take this share of the GUI thread (:mod:`.redraw_pace`);
#: a fast run's bundles take about as much again (progress, coach, health, Try it).
GUI_SHARE = 0.06
#: A slow timer redraws too, in case no logs come (seconds).
FALLBACK_REDRAW_S = 0.25
#: While a run trains, the metric plot's points come ``TURN_MS`` after the loss plot painted (a zero-delay call
#: shares the turn of the repaint before it), ``METRIC_LATE_MS`` at the latest.
TURN_MS, METRIC_LATE_MS = 1, 100

class TrainingPlots(i18n.Retranslatable, QWidget):
    """``lossPlot`` and ``metricPlot`` with log-scale, previous-run and export controls."""

    def __init__(self, controller, parent=None):
        super().__init__(parent)
        self.setObjectName("trainingPlots")
        self.controller = controller
        self._metrics_due = False  # the metric curves' new points are drawn in a later turn (_draw_metric_plot)
        self._drawn_revision = -1
        self._run = None  # the RunBuffers drawn
        self._smooth = GrowableArray()  # EMA of the run's batch losses, extended with the new batches only
        self._late = None  # the loss plot's y range of the run drawn (view_range.LossRange)
        self._gap_drawn = None  # (epochs, log scale) the shaded gap was drawn for
        self._previous = None  # the previous-run buffers last drawn
        self.redraws = 0
        self.loss_plot = make_plot("lossPlot")
        self.metric_plot = make_plot("metricPlot")
        for plot in (self.loss_plot, self.metric_plot):
            plot.setMinimumHeight(MIN_PLOT_HEIGHT)  # readable curves even when the dock is short
        self.loss_plot.viewport().installEventFilter(self)  # its paints (eventFilter)
        lp = self.loss_plot
        (self.batch_curve, self.smooth_curve, self.epoch_curve, self.val_curve, self.prev_loss,
         self.prev_val) = loss_curves(lp)
        self.gap_fill = gap_fill()  # the train/validation gap: one filled outline (see gap_fill)
        self.best_line = mark_line((22, 163, 74), "best", 0.9, dashed=True)
        self.coach_line = mark_line((220, 38, 38), " ", 0.75)
        for item in (self.gap_fill, self.best_line, self.coach_line):
            item.hide()
            lp.addItem(item)
        self.metric_curves: dict[str, pg.PlotDataItem] = {}
        # K-fold: each fold's val_loss faintly, and the mean over folds (the tutorial's curve)
        self.fold_curves: list[pg.PlotDataItem] = []
        self.mean_val_curve = lp.plot([], [], pen=pg.mkPen(MEAN_RGB, width=3), name="mean val_loss (K-fold)")
        self.mean_metric_curves: dict[str, pg.PlotDataItem] = {}
        self.readout = QLabel(" ")
        self.readout.setObjectName("plotReadout")
        self.log_check = QCheckBox()
        self.log_check.setObjectName("logScaleCheck")
        self.log_check.toggled.connect(lambda on: (self.loss_plot.setLogMode(y=on), self.redraw(force=True)))
        self.prev_check = QCheckBox()
        self.prev_check.setObjectName("previousRunCheck")
        self.prev_check.setChecked(True)
        self.prev_check.toggled.connect(lambda _: self.redraw(force=True))
        self.png_button = png = QPushButton()
        png.setObjectName("exportPngButton")
        png.clicked.connect(lambda: self._ask_path(self.tr("PNG image (*.png)"), self.export_png))
        self.csv_button = csv_b = QPushButton()
        csv_b.setObjectName("exportCsvButton")
        csv_b.clicked.connect(lambda: self._ask_path(self.tr("CSV (*.csv)"), self.export_csv))
        bar = QHBoxLayout()
        for w in (self.log_check, self.prev_check, self.readout):
            bar.addWidget(w)
        bar.addStretch(1)
        bar.addWidget(png)
        bar.addWidget(csv_b)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(2, 2, 2, 2)
        lay.addLayout(bar)
        self.plots_box = QBoxLayout(QBoxLayout.TopToBottom)  # side by side in a wide, short dock (resizeEvent)
        self.plots_box.addWidget(self.loss_plot, 3)
        self.plots_box.addWidget(self.metric_plot, 2)
        lay.addLayout(self.plots_box, 1)
        self._proxies = [pg.SignalProxy(p.scene().sigMouseMoved, rateLimit=30, slot=lambda ev, p=p: self._hover(p, ev))
                         for p in (self.loss_plot, self.metric_plot)]
        # ranges move in steps: an axis laid out again at every redraw cost most of the paint time
        self._ranges = {p: SteppedRange(p) for p in (self.loss_plot, self.metric_plot)}
        self.timer = QTimer(self)
        self.timer.setInterval(int(1000 * FALLBACK_REDRAW_S))
        self.timer.timeout.connect(self._redraw_if_due)
        self._pace = RedrawPace(max_hz=REDRAW_HZ, min_hz=MIN_REDRAW_HZ, share=GUI_SHARE)
        self._own_cpu = 0.0  # the GUI thread's CPU seconds in the last redraw (its paints come after)
        self._drawn = {}  # what the current run's curves were last drawn from ("batches", "epochs")
        self._kf = {"folds": [], "mean": {}}  # the K-fold curves last drawn
        self._expected = ()  # curves listed in the legend before their first point (_prepare_series); None: wait
        controller.logsHandled.connect(self._redraw_if_due)
        controller.stateChanged.connect(self._on_state)
        controller.diagnosisChanged.connect(self.mark_diagnosis)
        # no redraw on ``finished``: the controller goes idle just before it, and _on_state("idle") redraws
        self.retranslate_ui()

    def resizeEvent(self, event):  # noqa: N802 - Qt API
        """Loss and metric plots side by side when the panel is wide and short (a laptop's bottom dock); two
        thresholds, so that the change of minimum height it causes cannot make it flip back."""
        super().resizeEvent(event)
        w, h = event.size().width(), max(1, event.size().height())
        side = self.plots_box.direction() == QBoxLayout.LeftToRight
        if not side and w > 2.6 * h:
            self.plots_box.setDirection(QBoxLayout.LeftToRight)
        elif side and w < 1.8 * h:
            self.plots_box.setDirection(QBoxLayout.TopToBottom)

    def retranslate_ui(self) -> None:
        """Check boxes, buttons, axis titles and legend entries in the current language."""
        self.log_check.setText(self.tr("Log scale"))
        self.prev_check.setText(self.tr("Show previous run"))
        self.png_button.setText(self.tr("Export PNG…"))
        self.csv_button.setText(self.tr("Export CSV…"))
        for plot, ylabel in ((self.loss_plot, self.tr("loss")), (self.metric_plot, self.tr("metric"))):
            plot.setLabel("bottom", self.tr("epoch"))
            plot.setLabel("left", ylabel)
        names = {self.batch_curve: self.tr("loss (batch)"), self.smooth_curve: self.tr("loss (batch, smoothed)"),
                 self.prev_loss: self.tr("previous loss"), self.prev_val: self.tr("previous val_loss"),
                 self.mean_val_curve: self.tr("mean val_loss over folds"),
                 self.epoch_curve: self.tr("loss (training)"), self.val_curve: self.tr("val_loss (validation)")}
        rename_entries(self.loss_plot.getPlotItem().legend, names)
        if self.best_line.isVisible():
            self.redraw(force=True)
        self.set_stale(getattr(self, "_stale", False))
    # ------------------------------------------------------------------ drawing
    def _on_state(self, state: str) -> None:
        if state == "running":
            self._pace.restart()
            if not self.timer.isActive():
                self.coach_line.hide()
                self._expected = None  # the legends stay as they are until the run's series are listed: dropping
                self.redraw(force=True)  # the run's rows here and listing them again laid both plots out twice per run
                self._prepare_series()  # in this turn: its legends laid out with the start's own changes, once
            self.timer.start()
        elif state == "idle":
            self.timer.stop()
            self.redraw(force=True)

    def _redraw_if_due(self) -> None:
        if self._pace.due(time.perf_counter()):
            self.redraw()

    def redraw(self, force: bool = False) -> None:
        """Hand the curves the new points (cost: the new points plus what is drawn, see the module).

        Only what changed is handed over: the batch curves when batches came, the epoch curves, marks,
        metrics and K-fold curves when an epoch ended; a plot none of whose items changed is not
        painted again (the metric plot between two epoch ends)."""
        c = self.controller
        if not force and c.revision == self._drawn_revision:
            return
        t0 = time.thread_time()
        paint = self.loss_plot.take_paint_cpu() + self.metric_plot.take_paint_cpu()
        self._pace.drew(time.perf_counter(), self._own_cpu + paint if self._own_cpu else None)
        self._drawn_revision = c.revision
        self.redraws += 1
        run = c.run
        if run is not self._run:  # a new run or fold: its own smoothed curve and gap
            self._run, self._smooth, self._gap_drawn, self._drawn = run, GrowableArray(), None, {}
        h, ep = run.history, run.epochs.view()
        bx, bl = run.batch_x.view(), run.batch_loss.view()
        changed = force
        if force or len(bl) != self._drawn.get("batches"):
            changed = changed or not self._drawn.get("batches")  # the first batches: a legend entry
            self._drawn["batches"] = len(bl)
            self.batch_curve.setData(bx, bl)
            if len(bl) > len(self._smooth):
                self._smooth.extend(ema(bl[len(self._smooth):], start=self._smooth.last()))
            fit_pen(self.smooth_curve, len(bx))  # 1.5 px: a hairline beyond a few hundred batches
            self.smooth_curve.setData(bx, self._smooth.view()[:len(bx)])
        if force or (len(ep), len(h)) != self._drawn.get("epochs"):
            changed = True
            self._drawn["epochs"] = (len(ep), len(h))
            self._draw_epochs(h, ep)
            self._kf = c.kfold_curves()
            self._draw_kfold(self._kf)
        prev = c.comparable_previous() if self.prev_check.isChecked() else None  # same dataset and task
        if force or prev is not self._previous:  # the previous run does not change while this one trains
            changed = True
            self._previous = prev
            draw_previous(self.prev_loss, self.prev_val, prev)
        if len(ep):
            self._expected = ()  # the first epoch is in: the legend lists what has points
        if changed and self._expected is not None:
            for plot in (self.loss_plot,) if self._metrics_due else (self.loss_plot, self.metric_plot):
                tidy_legend(plot.getPlotItem().legend, self._expected)
        self._fit_views(run, prev, self._kf)
        self._own_cpu = time.thread_time() - t0

    def _draw_epochs(self, h: dict, ep: np.ndarray) -> None:
        """The per-epoch curves (loss, val_loss, metrics), the best epoch and the shaded gap."""
        loss = run_values(h, "loss")[:len(ep)]
        apart = markers_apart(self.loss_plot, len(ep))
        set_epoch_curve(self.epoch_curve, ep[:len(loss)], loss, apart)
        val = run_values(h, "val_loss")
        if len(val) == len(ep) and len(ep):
            set_epoch_curve(self.val_curve, ep, val, apart)
            self._draw_best(ep, h["val_loss"])
            self._draw_gap(ep, loss, val)
        else:
            self.val_curve.setData([], [])
            self.best_line.hide()
            self.gap_fill.hide()
            self._gap_drawn = None
        if not self.timer.isActive():  # idle (the run's end): everything now
            self._metrics_due = False
            self._draw_metrics(h, ep)
        elif not self._metrics_due:  # training: the metric plot in a turn of its own (its paint too)
            self._metrics_due = True
            shown = self.loss_plot.isVisible() and not self.loss_plot.viewport().visibleRegion().isEmpty()
            QTimer.singleShot(METRIC_LATE_MS if shown else TURN_MS, self, self._draw_metric_plot)

    def eventFilter(self, obj, event) -> bool:  # noqa: N802 - Qt's name
        """The loss plot paints: the metric plot's points that wait for it come a turn later (see ``TURN_MS``)."""
        if self._metrics_due and event.type() == QEvent.Paint:
            QTimer.singleShot(TURN_MS, self, self._draw_metric_plot)
        return False

    def _draw_metric_plot(self) -> None:
        """The metric curves of the run now drawn (:meth:`_draw_epochs`, a turn later) and their legend."""
        if self._metrics_due:
            self._metrics_due = False
            self._draw_metrics(self._run.history, self._run.epochs.view())
            if self._expected is not None:  # (None: a new run's legends wait for _prepare_series)
                tidy_legend(self.metric_plot.getPlotItem().legend, self._expected)

    def _fit_views(self, run, prev, kf) -> None:
        """Stepped view ranges (:mod:`.view_range`): x to the last point, y to the curves' values and the
        previous run's (so that the axes of runs alike, a sweep's, stay still), from the running bounds of the
        growable arrays (not a pass over every point)."""
        log = self.log_check.isChecked()
        folds = [f.get("val_loss", []) for f in kf["folds"]]
        xmax = max([run.batch_x.last() or 0.0, run.epochs.last() or 0, (prev.epochs.last() or 0) if prev else 0]
                   + [float(len(v)) for v in folds])
        if self._late is None or self._late.run is not run:
            self._late = LossRange(run, int(getattr(self.controller, "_epochs", 0) or 0))
        ph = prev.history if prev is not None else {}  # the previous run's values too: a sweep's axes stay still
        loss_parts = [self._late.bounds(log)] + [ph[k].bounds(log) for k in ("loss", "val_loss") if k in ph]
        loss_parts.append(data_bounds(folds + [kf["mean"].get("val_loss", [])], log))
        self._ranges[self.loss_plot].update(float(xmax), union(loss_parts))
        keys = [k for k in run.history if is_metric(k.removeprefix("val_"))]
        metric_parts = [self._late.series_bounds(keys)] + [ph[k].bounds() for k in keys if k in ph]
        metric_parts.append(data_bounds([v for k, v in kf["mean"].items() if k.startswith("val_") and k != "val_loss"]))
        self._ranges[self.metric_plot].update(float(xmax), union(metric_parts))

    def _draw_best(self, ep, val: GrowableArray) -> None:
        if val.lo_index is None:  # no finite val_loss yet
            self.best_line.hide()
            return
        d = self.controller.diagnosis  # the verdict's own best epoch (the K-fold mean's, say), as the banner
        epoch = d.best_epoch if d is not None and d.best_epoch else int(ep[val.lo_index])
        show_mark(self.best_line, epoch, self.tr("best epoch {n} (lowest val_loss)").format(n=epoch))

    def _draw_gap(self, ep, loss, val) -> None:
        """The shaded train/validation gap, from at most ``GAP_POINTS`` binned points; rebuilt only
        when an epoch was added or the scale changed (from those points, not from every epoch)."""
        log = self.log_check.isChecked()
        if (len(ep), log) != self._gap_drawn and len(loss) == len(ep):
            self._gap_drawn = (len(ep), log)
            self.gap_fill.setPath(gap_between(ep, loss, val, log))
        self.gap_fill.show()

    def _draw_kfold(self, kf: dict) -> None:
        """Each fold's ``val_loss`` faintly and the per-epoch mean over folds (loss and ``val_<metric>``)."""
        folds, mean = kf["folds"], kf["mean"]
        while len(self.fold_curves) < len(folds):
            self.fold_curves.append(self.loss_plot.plot([], [], pen=pg.mkPen(MEAN_RGB + (70,), width=1)))
        for i, curve in enumerate(self.fold_curves):
            set_per_epoch(curve, folds[i].get("val_loss", []) if i < len(folds) else [])
        set_per_epoch(self.mean_val_curve, mean.get("val_loss", []))
        for key in [k for k in mean if k.startswith("val_") and k != "val_loss"]:
            if key not in self.mean_metric_curves:
                self.mean_metric_curves[key] = self.metric_plot.plot(
                    [], [], pen=pg.mkPen(MEAN_RGB, width=3), name=self.tr("mean {key}").format(key=key))
        for key, curve in self.mean_metric_curves.items():
            set_per_epoch(curve, mean.get(key, []))

    def _prepare_series(self) -> None:
        """At Start, before the first data: create the run's metric curves and list the curves it will draw
        in the legends, in the start's own turn (the run's first batch waits for the window to show the start:
        ``TrainingWorker.start_after_gui``), so that the legends' new rows and the start's other changes (the
        coach banner's place, the status line) lay the plots out and repaint them once; a turn of its own
        after them laid them out and painted them again, in the turn of the window's first repaint (done in
        the first data turn, it made that turn the run's longest). Which curves: ``loss``, the compiled
        metrics, and their ``val_`` twins when the run validates; the legends list what really has points
        once the first epoch is in."""
        c, self._expected = self.controller, ()  # the legends list what has points from now on
        if c.state != "running" or len(c.run.epochs) or len(c.run.batch_loss):
            return  # the data came first
        fit = getattr(c.worker, "fit_kwargs", None) or {}
        val = bool(fit.get("validation_split") or fit.get("validation_data"))
        names = [m for m in (c.settings.get("metrics") or []) if isinstance(m, str) and is_metric(m)]
        expected = [self.batch_curve, self.smooth_curve, self.epoch_curve] + ([self.val_curve] if val else [])
        for i, name in enumerate(names):
            expected += [self._metric_curve(key, i) for key in [name] + (["val_" + name] if val else [])]
        self._expected = tuple(expected)
        for plot in (self.loss_plot, self.metric_plot):
            tidy_legend(plot.getPlotItem().legend, self._expected)

    def _metric_curve(self, key: str, index: int) -> pg.PlotDataItem:
        """The curve of metric ``key`` (:func:`.plot_items.metric_curve`), made on first use."""
        if key not in self.metric_curves:
            self.metric_curves[key] = metric_curve(self.metric_plot, key, index)
        return self.metric_curves[key]

    def _draw_metrics(self, h: dict, ep: np.ndarray) -> None:
        apart = markers_apart(self.metric_plot, len(ep))
        for i, k in enumerate([k for k in h if is_metric(k)]):
            for key in (k, "val_" + k):
                if key in h:
                    values = run_values(h, key)
                    set_epoch_curve(self._metric_curve(key, i), ep[:len(values)], values[:len(ep)], apart)
        for key, curve in self.metric_curves.items():
            if key not in h:
                curve.setData([], [])

    def set_stale(self, on: bool) -> None:
        """Greyed and labelled while the curves are of a network or dataset changed since their run."""
        self._stale = bool(on)
        for plot in (self.loss_plot, self.metric_plot):
            plot.getPlotItem().setOpacity(0.4 if on else 1.0)
        self.loss_plot.setTitle(self.tr("From the previous network or dataset: train again to see this one's")
                                if on else None, color="#64748b", size="9pt")

    def mark_diagnosis(self, d) -> None:
        """A labelled red line where the coach says something began (the verdict's ``epoch``): overfitting,
        divergence, the opening gap or the flattening curve; the best-epoch line follows the verdict too."""
        text = coach_mark(d)
        show_mark(self.coach_line, d.epoch if text else None, text)
        if self.best_line.isVisible():
            if self.timer.isActive():  # during a run: at the next due redraw (a verdict can come every bundle)
                self._drawn_revision = -1
                self._drawn.pop("epochs", None)
            else:
                self.redraw(force=True)

    def _hover(self, plot, ev) -> None:
        best = nearest_point(plot, ev[0])
        if best is not None:
            x = self.tr("epoch {x}").format(x=f"{best[1]:.2f}")
            self.readout.setText(f"{best[0]}: {x} → {best[2]:.5g}")

    # ------------------------------------------------------------------ export
    def _ask_path(self, filt, func) -> None:
        path, _ = QFileDialog.getSaveFileName(self, self.tr("Export"), "", filt)
        if path:
            self.save_export(path, func)

    def save_export(self, path, func) -> bool:
        """Run an export; a failure (full disk, no permission) is shown under the plots, not raised."""
        try:
            ok = func(path)
        except OSError as exc:
            self.readout.setText(self.tr("✖ Could not write {0}: {1}").format(path, exc))
            return False
        return ok is not False

    def export_png(self, path) -> bool:
        """Both plots as one PNG image."""
        return self.grab().save(str(path))

    def export_csv(self, path) -> None:
        """The run's History as CSV: ``epoch`` then one column per log key, Keras CSVLogger style."""
        write_history_csv(path, self.controller.history, self.controller.epochs_done)
