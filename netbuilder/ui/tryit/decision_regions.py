"""The playground model's decision regions over its 2-D data, redrawn while it trains.

Predictions use a :class:`netbuilder.core.tryit.ModelSnapshot` (a private copy refreshed with the
current weights), so drawing never runs through the layers the training thread is using.
A 1-D regression shows the model's curve over the points instead.

While the model trains, :meth:`DecisionRegions.refresh_live` copies the weights on the GUI thread
(a few arrays) and predicts the grid on a background thread; the picture is swapped in when it is
ready, so a redraw never stalls the window (issue 25). One prediction runs at a time: requests that
arrive meanwhile are folded into one more run with the newest weights; a job works on what it was
given when it started (snapshot, grid, task), so a new network never waits for the old one's job to end.
``set_model(..., background=True)`` (a run's start and end) draws its first picture the same way,
``SETTLE_MS`` later (or with the run's first live refresh, if that comes first), so that no job competes with
a run's start (issue 16); following the same network on the same points again (the run ended) keeps the
picture until the newer one lands: a sweep's next run starts meanwhile and replaces it. :meth:`refresh` stays
synchronous (it waits for a running prediction first). The cost of one picture is bounded: the grid has
``resolution`` points a side, fewer for a bigger network so that parameters × points stays under
``MAX_GRID_WORK`` (about the multiply-adds of one picture), never fewer than ``MIN_RESOLUTION``; a network too
big even for that is not drawn (the page says why) rather than freezing the window. The grid is predicted in
batches sized by :func:`netbuilder.core.memory.grid_batch_size` (all points at once for a small network, a few
for a layer of a million units).
"""

from __future__ import annotations

import queue
import threading

import numpy as np
from PySide6.QtCore import QPointF, QRectF, QSize, Qt, QTimer, Signal
from PySide6.QtGui import QColor, QImage, QPainter, QPainterPath, QPen, QPixmap
from PySide6.QtWidgets import QSizePolicy, QWidget

from netbuilder.core import memory, tryit
from netbuilder.core.models.config import serialize_model

from ..i18n import messages


#: Largest picture cost (parameters × grid points, about the multiply-adds) drawn on the GUI thread:
#: 6e7 is about 20 ms of NumPy, and keeps the start-up example's 80 × 80 grid.
MAX_GRID_WORK = 6e7
#: Fewest grid points a side before a network is declared too big to draw live.
MIN_RESOLUTION = 16
#: A picture asked for in the background (a run's start or end) is predicted this many ms later, unless a live
#: refresh came first: a run's start is not shared with a job, and a sweep's next run replaces the last one's.
SETTLE_MS = 250


class _Job:
    """A picture job handed to a :class:`_JobThread`: ``is_alive()`` until it has run, ``join()`` waits for that."""

    def __init__(self):
        self._done = threading.Event()

    def is_alive(self) -> bool:
        return not self._done.is_set()

    def join(self, timeout=None) -> None:
        self._done.wait(timeout)


class _JobThread:
    """One long-lived thread that runs the pictures' jobs one after another. A thread started per picture made
    the GUI thread wait in ``Thread.start()`` until the new thread ran, which meant taking the interpreter from
    a training thread running Python (a spiral run): 5-36 ms in one live refresh. ``close()`` lets it end."""

    def __init__(self, name: str):
        self.name = name
        self._queue: queue.SimpleQueue = queue.SimpleQueue()
        self._thread = None

    def submit(self, fn, *args) -> _Job:
        job = _Job()
        self._queue.put((job, fn, args))
        if self._thread is None:  # the first job starts it (a widget that never draws live keeps none)
            self._thread = threading.Thread(target=self._loop, name=self.name, daemon=True)
            self._thread.start()
        return job

    def close(self) -> None:
        if self._thread is not None:
            self._queue.put(None)

    def _loop(self) -> None:
        while (item := self._queue.get()) is not None:
            job, fn, args = item
            try:
                fn(*args)
            finally:
                job._done.set()


def _prediction_cost(model) -> tuple[int, int]:
    """``(values per point, parameters)`` of ``model``: every layer's output values per sample and
    the parameter count, from the shape-only analysis of its config (nothing is run)."""
    est = memory.estimate(serialize_model(model), 1, tryit=False)
    if est is None:
        return 0, 0
    return sum(x.values for x in est.layers), sum(x.params for x in est.layers)


class DecisionRegions(QWidget):
    """``set_model(model, x, y, task)`` then ``refresh()``; ``revision`` counts redraws and
    ``grid`` holds the last :class:`~netbuilder.core.tryit.DecisionGrid` (2-D inputs)."""

    #: (generation, picture) from the background thread, delivered to the GUI thread (queued)
    _computed = Signal(int, int, object)

    def __init__(self, resolution: int = 80, parent=None):
        super().__init__(parent)
        self._generation = 0  # bumped by set_model: a picture of an older network is dropped
        self._source = None  # (model, x, y, task) as given to set_model
        self._job = None  # the background job predicting the grid (a _Job), if any
        self._jobs_thread = _JobThread("decision-regions")  # runs the jobs; ends with the widget
        self.destroyed.connect(self._jobs_thread.close)
        self._jobs = 0  # jobs started: a job's picture names its number
        self._again = False  # a live refresh was asked for while the job ran
        self._job_number = 0  # the number of the job in self._job
        self._settle = QTimer(self)  # the run's final picture, a little after its end (SETTLE_MS)
        self._settle.setSingleShot(True)
        self._settle.setInterval(SETTLE_MS)
        self._settle.timeout.connect(self.refresh_live)
        self._computed.connect(self._on_computed, Qt.QueuedConnection)
        self.setObjectName("decisionRegions")
        self.resolution = resolution
        self.snapshot = None
        self.x = self.y = None
        self.task = None
        self.extent = None
        self.grid = None
        self.curve = None
        self._image = None
        self._points = None  # (key, QPixmap): the data points drawn once (_points_pixmap)
        self.revision = 0
        self.error = None  # why the regions cannot be drawn for the current network
        self.setMinimumSize(120, 120)  # a laptop's right column is ~130 px tall: draw there, not in a scroll area
        self.setSizePolicy(QSizePolicy.Expanding, QSizePolicy.Expanding)

    def sizeHint(self):
        return QSize(360, 360)

    def set_model(self, model, x, y, task=None, background=False) -> None:
        """Follow ``model`` on 2-D (or 1-D) points ``x (n, 1|2)`` with labels ``y``. A network the
        regions cannot be drawn for (it does not take these points, or fails on them) is not an
        error of the window: ``error`` says why, and the page shows it.

        ``background``: the picture is predicted off the GUI thread (:meth:`refresh_live`), ``SETTLE_MS`` later;
        for the network already followed on the same points, its current picture stays until the new one lands;
        a job still running for another network is not waited for (its picture is dropped when it comes)."""
        source = (model, x, y, task)
        if (background and self.snapshot is not None and self._source is not None
                and all(a is b for a, b in zip(source[:3], self._source[:3])) and task == self._source[3]):
            self._settle.start()  # the same network with newer weights: the run ended
            return
        self._settle.stop()
        if not background:
            self._wait()
        self._source = source
        self._generation += 1
        self.error = None
        self.snapshot = None
        self.grid = self.curve = self._image = None
        try:
            self._set_model(model, x, y, task)
        except Exception as exc:  # noqa: BLE001 - any graph the canvas accepts may land here
            self._fail(exc)
            return
        self._settle.start() if background else self.refresh()  # a run's start: its live refreshes may come first

    def _fail(self, exc) -> None:
        self.snapshot = None
        self.grid = self.curve = self._image = None
        self.error = self.tr("The decision regions cannot be drawn for this network: {error}").format(
            error=messages.render(exc))
        self.update()

    def _set_model(self, model, x, y, task) -> None:
        self.x = np.asarray(x, dtype="float64")
        self.y = np.asarray(y)
        self._points = None
        self.task = task
        if self.x.ndim != 2 or self.x.shape[1] not in (1, 2):
            raise ValueError(self.tr("they need data with one or two features, got shape {shape}").format(
                shape=tuple(self.x.shape)))
        self._batch, self._res = 256, self.resolution
        if model is not None:
            values, params = _prediction_cost(model)
            if self.x.shape[1] == 2 and params:  # as fine a grid as MAX_GRID_WORK allows
                self._res = int(min(self.resolution, (MAX_GRID_WORK / params) ** 0.5))
            points = self._res ** 2 if self.x.shape[1] == 2 else 200
            if self._res < MIN_RESOLUTION or params * points > MAX_GRID_WORK * 4:
                raise ValueError(self.tr("the network is too big to draw live ({params} parameters; at most "
                                         "{limit} can be drawn)").format(
                    params=f"{params:,}", limit=f"{int(MAX_GRID_WORK / MIN_RESOLUTION ** 2):,}"))
            self._batch = memory.grid_batch_size(values, points) if values else 256
        self.snapshot = tryit.ModelSnapshot(model) if model is not None else None
        if self.x.shape[1] == 1:
            lo, hi = self.x[:, 0].min(), self.x[:, 0].max()
            yv = self.y.astype("float64").ravel()
            pad_x, pad_y = (hi - lo) * 0.1 or 1.0, (yv.max() - yv.min()) * 0.15 or 1.0
            self.extent = (lo - pad_x, hi + pad_x, yv.min() - pad_y, yv.max() + pad_y)
        else:
            self.extent = tryit.grid_extent(self.x[:, :2])

    def refresh(self) -> None:
        """Copy the current weights and recompute the picture now (one batched predict); waits for a
        background prediction that is still running."""
        if self.snapshot is None or self.x is None:
            return
        self._wait()
        self._jobs += 1  # a picture still queued from a live job is older than this one
        try:
            self.snapshot.sync()
            self._show(self._compute(self._job_inputs()))
        except Exception as exc:  # noqa: BLE001 - e.g. an Embedding fed the grid's real numbers
            self._fail(exc)

    def refresh_live(self) -> None:
        """Copy the current weights here and predict the picture on a background thread; the widget
        keeps its last picture until the new one is ready (the redraw while training)."""
        self._settle.stop()  # this picture is newer than the one that waited
        if self.snapshot is None or self.x is None:
            return
        if self._job is not None and self._job.is_alive():
            self._again = True
            return
        try:
            self.snapshot.sync()  # the copy is touched by one thread at a time: the job is not running
        except Exception as exc:  # noqa: BLE001
            self._fail(exc)
            return
        self._again = False
        self._jobs += 1
        self._job_number = self._jobs
        self._job = self._jobs_thread.submit(self._run_job, self._generation, self._jobs, self._job_inputs())

    def _run_job(self, generation: int, job: int, inputs: tuple) -> None:
        try:
            picture = self._compute(inputs)
        except Exception as exc:  # noqa: BLE001 - reported on the GUI thread
            picture = exc
        try:
            self._computed.emit(generation, job, picture)
        except RuntimeError:  # the widget was deleted while the picture was computed
            pass

    def _on_computed(self, generation: int, job: int, picture) -> None:
        if job == self._job_number:
            self._wait()  # this job's last act was to emit the picture: it is ending
        # dropped: a picture of a network replaced meanwhile, or one a direct refresh drew newer weights than
        if generation == self._generation and self.snapshot is not None and job == self._jobs:
            if isinstance(picture, Exception):
                self._fail(picture)
                return
            self._show(picture)
        if self._again and self._job is None:  # asked for while the job ran (for this network or a new one)
            self.refresh_live()

    def _wait(self) -> None:
        if self._job is not None:
            self._job.join()
            self._job = None

    def _job_inputs(self) -> tuple:
        """What a picture is computed from, taken on the GUI thread: ``(features, extent, resolution, task,
        predict)``; a job keeps them however the widget is given another network meanwhile."""
        snapshot, batch = self.snapshot, self._batch

        def predict(x):  # the snapshot's outputs for x (n, d), in batches of `batch` points
            return np.asarray(snapshot.copy.predict(x, batch_size=batch, verbose=0))

        return self.x.shape[1], self.extent, self._res, self.task, predict

    @staticmethod
    def _compute(inputs: tuple) -> dict:
        """The picture from :meth:`_job_inputs` (any thread: touches no widget): the curve of a 1-D
        regression, or the decision grid and its RGB pixels ``(res, res, 3)``."""
        features, extent, res, task, predict = inputs
        if features == 1:
            xs = np.linspace(extent[0], extent[1], 200)
            return {"curve": (xs, predict(xs[:, None].astype("float32")).reshape(len(xs), -1)[:, 0])}
        grid = tryit.decision_grid(predict, extent, res)
        return {"grid": grid, "rgb": np.ascontiguousarray(tryit.region_rgb(grid, task))}

    def _show(self, picture: dict) -> None:
        if "curve" in picture:
            self.curve = picture["curve"]
        else:
            self.grid = picture["grid"]
            rgb = picture["rgb"]
            h, w, _ = rgb.shape
            self._image = QImage(rgb.data, w, h, 3 * w, QImage.Format_RGB888).copy()
        self.revision += 1
        self.update()

    def _plot_rect(self) -> QRectF:
        """The square the picture is drawn in, centred: the picture keeps its shape however the dock
        is shaped (a laptop's right column is wide and short: stretched, the spirals would flatten)."""
        side = min(self.width(), self.height())
        return QRectF((self.width() - side) / 2, (self.height() - side) / 2, side, side)

    def _to_screen(self, px, py):
        x0, x1, y0, y1 = self.extent
        r = self._plot_rect()
        return (r.x() + (px - x0) / (x1 - x0) * r.width(), r.y() + (1 - (py - y0) / (y1 - y0)) * r.height())

    def _points_pixmap(self) -> QPixmap:
        """The data points, drawn once per size, data and device pixel ratio into a transparent pixmap
        the size of the widget (a live redraw only swaps the picture under them: ~960 points mapped and
        drawn one by one cost ~5 ms of each paint)."""
        ratio = self.devicePixelRatioF()
        key = (self.width(), self.height(), ratio, id(self.x), id(self.y), self.extent, self.task)
        if self._points is not None and self._points[0] == key:
            return self._points[1]
        pix = QPixmap(QSize(round(self.width() * ratio), round(self.height() * ratio)))
        pix.setDevicePixelRatio(ratio)
        pix.fill(Qt.transparent)
        p = QPainter(pix)
        p.setRenderHint(QPainter.Antialiasing)
        colors = tryit.CLASS_COLORS.astype(int)
        labels = None if self.task == "regression" else tryit.labels_of(self.y)
        p.setPen(QPen(QColor(255, 255, 255), 1))
        for i, (px, py) in enumerate(self.x[:, :2]):
            sx, sy = self._to_screen(px, py)
            c = colors[labels[i] % len(colors)] if labels is not None else (60, 60, 60)
            p.setBrush(QColor(*c))
            p.drawEllipse(QPointF(sx, sy), 3.5, 3.5)
        p.end()
        self._points = (key, pix)
        return pix

    def paintEvent(self, event):
        p = QPainter(self)
        p.fillRect(self.rect(), QColor(255, 255, 255))
        if self.error:
            p.drawText(self.rect().adjusted(12, 12, -12, -12), Qt.AlignCenter | Qt.TextWordWrap, self.error)
            p.end()
            return
        if self.x is None:
            p.drawText(self.rect(), Qt.AlignCenter | Qt.TextWordWrap,
                       self.tr("Train a playground model to see its decision regions."))
            p.end()
            return
        p.setRenderHint(QPainter.Antialiasing)
        if self._image is not None and self.x.shape[1] != 1:
            p.setRenderHint(QPainter.SmoothPixmapTransform)
            p.drawImage(self._plot_rect(), self._image)
        colors = tryit.CLASS_COLORS.astype(int)
        if self.x.shape[1] == 1:
            p.setPen(QPen(QColor(120, 120, 120), 1))
            for (px,), py in zip(self.x, self.y.astype("float64").ravel()):
                sx, sy = self._to_screen(px, py)
                p.drawEllipse(QPointF(sx, sy), 3, 3)
            if self.curve is not None:
                path = QPainterPath()
                for i, (cx, cy) in enumerate(zip(*self.curve)):
                    sx, sy = self._to_screen(cx, cy)
                    path.moveTo(sx, sy) if i == 0 else path.lineTo(sx, sy)
                p.setPen(QPen(QColor(*colors[1]), 2.5))
                p.drawPath(path)
            p.end()
            return
        p.drawPixmap(0, 0, self._points_pixmap())
        p.end()
