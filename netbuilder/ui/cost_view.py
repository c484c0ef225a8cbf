"""What a run will cost, shown before Train: the ``cost`` feature (issue 17).

A dock (``costDock``, tabbed with Problems and the Keras code) holding :class:`CostView`
(``costView``): per layer the multiply-adds per sample, the parameters with their memory (weights,
gradients and optimizer slots) and the activation memory at the chosen batch size, with totals and
the hotspot ("flatten → dense holds 96 % of the weights"). "Estimate time" trains a copy of the
network on a few batches of the loaded data on a background thread
(:func:`netbuilder.core.cost.measure_epoch`) and says "≈ N s per epoch, ≈ M min in all".

The counts follow the graph and the settings (they are computed from shapes: cheap); a measured
time belongs to one network, dataset and batch size, and is cleared as soon as any of them changes
(a stale time is never shown as current). Counting builds a shape model (a few milliseconds per
layer), so it is done when the view can be seen: changes while its tab is hidden (the usual case
while training: a run's start changes the data and the form several times in one click) only mark
it out of date, and it counts once as it is shown; changes while it is shown are counted once, in
the next event-loop turn.
"""

from __future__ import annotations

import copy
import math
import threading

from PySide6.QtCore import QT_TRANSLATE_NOOP
from PySide6.QtCore import QCoreApplication, QObject, Qt, QTimer, Signal
from PySide6.QtWidgets import (QHBoxLayout, QHeaderView, QLabel, QPushButton, QTableWidget, QTableWidgetItem,
                               QVBoxLayout, QWidget)

from netbuilder.core import cost, utils
from netbuilder.core.layers.limits import format_bytes

from .dock_layout import add_dock
from .training import run_setup as RS
from .training.run_setup import run_batch_size


def _tr(text: str) -> str:
    return QCoreApplication.translate("CostView", text)


def _count(n: float) -> str:
    """12,345 → "12.3 k"; 1.2e9 → "1.20 G" (multiply-adds are large)."""
    for div, unit in ((1e9, "G"), (1e6, "M"), (1e3, "k")):
        if n >= div:
            return f"{n / div:.3g} {unit}"
    return f"{int(n)}"


def _duration(seconds: float) -> str:
    if seconds < 1:
        return _tr("{n} ms").format(n=f"{seconds * 1e3:.0f}")
    if seconds < 90:
        return _tr("{n} s").format(n=f"{seconds:.1f}")
    if seconds < 5400:
        return _tr("{n} min").format(n=f"{seconds / 60:.1f}")
    return _tr("{n} h").format(n=f"{seconds / 3600:.1f}")


class _Relay(QObject):
    done = Signal(int, object)  # (request number, EpochTime or Exception)


class CostView(QWidget):
    """The table of layer costs, the totals, the hotspot and the measured time.

    ``set_run(config, batch_size, optimizer)`` recounts (None: no valid network); ``measure(job)``
    runs ``job() -> EpochTime`` on a background thread; ``estimate`` holds the counts and
    ``measured`` the last :class:`~netbuilder.core.cost.EpochTime` of the current run (or None).
    """

    # (header, its tooltip): short headers, so the table fits the narrow Problems column of a laptop
    HEADERS = (
        (QT_TRANSLATE_NOOP("CostView", "Layer"), QT_TRANSLATE_NOOP("CostView", "The layer and its kind")),
        (QT_TRANSLATE_NOOP("CostView", "Mult-adds"), QT_TRANSLATE_NOOP(
            "CostView", "Multiply-adds per sample in one forward pass (training costs about three times as much)")),
        (QT_TRANSLATE_NOOP("CostView", "Params"),
         QT_TRANSLATE_NOOP("CostView", "Trainable and non-trainable weights")),
        (QT_TRANSLATE_NOOP("CostView", "Weight mem."), QT_TRANSLATE_NOOP(
            "CostView", "Memory of the weights, their gradients and the optimizer's state for them")),
        (QT_TRANSLATE_NOOP("CostView", "Activation mem."), QT_TRANSLATE_NOOP(
            "CostView", "Memory of this layer's outputs kept for the backward pass, at the batch size")))

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setObjectName("costView")
        self.estimate = None
        self.measured = None
        self.error = None
        self._key = None
        self._thread = None  # the measurement running in the background, if any
        self._requests = 0
        self._relay = _Relay(self)
        self._relay.done.connect(self._on_measured, Qt.QueuedConnection)
        self.table = QTableWidget(0, len(self.HEADERS))
        self.table.setObjectName("costTable")
        self.table.setEditTriggers(QTableWidget.NoEditTriggers)
        self.table.verticalHeader().setVisible(False)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeToContents)
        self.hotspot = QLabel()
        self.hotspot.setObjectName("costHotspot")
        self.hotspot.setWordWrap(True)
        self.time_label = QLabel()
        self.time_label.setObjectName("costTime")
        self.time_label.setWordWrap(True)
        self.measure_button = QPushButton()
        self.measure_button.setObjectName("costMeasure")
        row = QHBoxLayout()
        row.addWidget(self.time_label, 1)
        row.addWidget(self.measure_button)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(4, 4, 4, 4)
        lay.addWidget(self.hotspot)
        lay.addLayout(row)
        lay.addWidget(self.table, 1)
        self.retranslate_ui()

    # ------------------------------------------------------------------ counts
    def set_run(self, config: dict | None, batch_size: int, optimizer=None, data_key=None) -> None:
        """Recount for ``config`` at ``batch_size``; a measured time of another run is dropped.
        ``data_key`` names the loaded data (a time measured on other data is stale too)."""
        key = (repr(config), int(batch_size), repr(optimizer), data_key)
        if key != self._key:
            self._key = key
            self._requests += 1  # a measurement still running is for the old run: its answer is dropped
            self.measured = None
        self.error = None
        try:
            self.estimate = cost.layer_costs(config, batch_size, optimizer) if config else None
        except Exception as exc:  # noqa: BLE001 - a graph the build refuses is explained in Problems
            self.estimate, self.error = None, exc
        self._fill()

    def _fill(self) -> None:
        est = self.estimate
        rows = list(est.layers) if est is not None else []
        self.table.setRowCount(len(rows) + (1 if rows else 0))
        for i, layer in enumerate(rows):
            self._row(i, f"{layer.name} ({layer.class_name})", layer.macs, layer.params, layer.param_bytes,
                      layer.activation_bytes)
        if rows:
            self._row(len(rows), _tr("Total"), est.macs, est.params, est.param_bytes, est.activation_bytes,
                      bold=True)
        self.measure_button.setEnabled(est is not None)
        self._texts()

    def _row(self, i, name, macs, params, pbytes, abytes, bold=False) -> None:
        for j, text in enumerate((name, _count(macs), f"{params:,}", format_bytes(pbytes), format_bytes(abytes))):
            item = QTableWidgetItem(text)
            if j:
                item.setTextAlignment(Qt.AlignRight | Qt.AlignVCenter)
            if bold:
                f = item.font()
                f.setBold(True)
                item.setFont(f)
            self.table.setItem(i, j, item)

    def _texts(self) -> None:
        est = self.estimate
        if est is None:
            self.hotspot.setText(_tr("Costs appear when the network is valid."))
        else:
            spot = est.hotspot()
            parts = [_tr("At batch size {b}: {macs} multiply-adds per sample, {params} parameters.").format(
                b=est.batch_size, macs=_count(est.macs), params=f"{est.params:,}")]
            if spot is not None:
                name, feeder, share = spot
                where = f"{feeder} → {name}" if feeder else name
                parts.append(_tr("{where} holds {share} of the weights.").format(where=where,
                                                                                 share=f"{share:.0%}"))
            self.hotspot.setText(" ".join(parts))
        m = self.measured
        if isinstance(m, Exception):
            self.time_label.setText(_tr("The time could not be measured: {error}").format(error=m))
        elif m is not None:
            self.time_label.setText(_tr("≈ {epoch} per epoch, ≈ {total} in all ({epochs} epochs; measured on "
                                        "{n} batches of this network and data)").format(
                epoch=_duration(m.epoch_seconds), total=_duration(m.total_seconds), epochs=m.epochs,
                n=m.batches_timed))
        elif self._measuring():
            self.time_label.setText(_tr("Measuring a few training batches…"))
        else:
            self.time_label.setText(_tr("Estimate time: trains a copy of the network on a few batches."))

    # ------------------------------------------------------------------ measurement
    def _measuring(self) -> bool:
        return self._thread is not None and self._thread.is_alive()

    def measure(self, job) -> None:
        """Run ``job() -> EpochTime`` on a background thread; its answer is shown when it belongs to
        the run still current."""
        if self._measuring():
            return
        request = self._requests
        self.measure_button.setEnabled(False)

        def run():
            try:
                result = job()
            except Exception as exc:  # noqa: BLE001 - shown in the view, not raised in a thread
                result = exc
            try:
                self._relay.done.emit(request, result)
            except RuntimeError:  # the view was closed meanwhile
                pass

        self._thread = threading.Thread(target=run, name="cost-measure", daemon=True)
        self._thread.start()
        self._texts()

    def _on_measured(self, request: int, result) -> None:
        if self._thread is not None:
            self._thread.join()
        self._thread = None
        self.measure_button.setEnabled(self.estimate is not None)
        if request == self._requests:
            self.measured = result
        self._texts()

    def wait(self) -> None:
        """Block until a running measurement has finished (tests, shutdown)."""
        if self._thread is not None:
            self._thread.join()

    def retranslate_ui(self) -> None:
        self.table.setHorizontalHeaderLabels([_tr(h) for h, _tip in self.HEADERS])
        for i, (_h, tip) in enumerate(self.HEADERS):
            self.table.horizontalHeaderItem(i).setToolTip(_tr(tip))
        self.measure_button.setText(_tr("Estimate time"))
        self._fill()


def _title() -> str:
    return QCoreApplication.translate("MainWindow", "Cost")


class CostFeature:
    """The cost view as a window feature (``ui.features``): follows the graph, the training settings
    and the loaded data; "Estimate time" measures with the training controller's own build."""

    key = "cost"

    def __init__(self):
        self.view = self.dock = self.controller = None

    def install(self, window) -> None:
        self.window = window
        self.view = CostView()
        self.dock = add_dock(window, "cost", self.view, Qt.BottomDockWidgetArea)
        docks = window._docks
        window.tabifyDockWidget(docks["problems"], self.dock)
        docks["problems"].raise_()
        docks.setdefault("cost", self.dock)
        window.view_menu.addAction(self.dock.toggleViewAction())
        training = window.feature("training") if hasattr(window, "feature") else None
        self.controller = training.controller if training is not None else None
        self.panel = training.ui.config_panel if training is not None else None
        window.doc.modelChanged.connect(self.refresh)
        if self.panel is not None:
            self.panel.changed.connect(self.refresh)
        if self.controller is not None:
            self.controller.dataChanged.connect(self.refresh)  # (a run's start and end change no cost)
        self.view.measure_button.clicked.connect(self.measure)
        self._due = False  # a change not yet counted (the view was hidden, or the count is queued)
        self._queued = False
        self._seen = True  # the dock's tab in front (QDockWidget.visibilityChanged also tells tab switches)
        self.dock.visibilityChanged.connect(self._on_visibility)
        self.retranslate()
        self.recount()

    def _settings(self) -> dict:
        """The settings the next run will use: the controller's, updated by the form as it stands."""
        if self.controller is None:
            return {}
        return {**self.controller.settings, **(self.panel.settings() if self.panel is not None else {})}

    def _batch_size(self) -> int:
        data = getattr(self.controller, "data", None)
        return run_batch_size(self._settings(), len(data.x_train) if data is not None else None)

    def _config(self):
        window = self.window
        report = getattr(window, "report", None)
        if report is not None and not report.ok:
            return None
        c = self.controller
        try:
            return c.current_config() if c is not None else window.doc.to_config()
        except Exception:  # noqa: BLE001 - an invalid graph has no costs; Problems says why
            return None

    def refresh(self, *_args) -> None:
        """Something the counts depend on changed: count in the next turn if the view is shown (once for
        any number of changes), else when it is shown (see the module docstring)."""
        self._due = True
        if self._seen and not self._queued:
            self._queued = True
            QTimer.singleShot(0, self.view, self._count_if_due)

    def _on_visibility(self, seen: bool) -> None:
        self._seen = bool(seen)
        self._count_if_due()

    def _count_if_due(self) -> None:
        self._queued = False
        if self._due and self._seen:
            self.recount()

    def recount(self) -> None:
        """Count now for the current graph, settings and data."""
        self._due = False
        s = self._settings()
        data = getattr(self.controller, "data", None)
        self.view.set_run(self._config(), self._batch_size(), s.get("optimizer"),
                          data_key=(getattr(data, "name", None), id(data)) + (repr(s),))

    def measure(self) -> None:
        if self._due:  # a change queued but not yet counted: the measurement is for the run as it is now
            self.recount()
        c = self.controller
        config = self._config()
        if c is None or config is None or getattr(c, "data", None) is None or c.running:
            self.view.measured = ValueError(_tr("load a dataset first, and measure while no run is going"))
            self.view._texts()
            return
        saved, c.settings = c.settings, self._settings()  # as Train will: the form's settings
        try:
            x, y, kw = c.fit_arrays()
            # a generator of its own: neither the build's seeding nor the timed batches' masks and
            # shuffles touch the one a run draws from (a run may start while the measurement goes on)
            model, rng = RS.built_apart(lambda: c.build_model(copy.deepcopy(config)))
        finally:
            c.settings = saved
        epochs = int(self._settings().get("epochs") or 1)
        batch = int(kw.get("batch_size") or 32)
        split = float(kw.get("validation_split") or 0.0)
        val = kw.get("validation_data")
        n_train = math.floor(len(x) * (1.0 - split)) if split else len(x)  # fit's split: the last part validates
        n_val = len(val[0]) if val is not None else len(x) - n_train

        def job():
            with utils.use_rng(rng):
                return cost.measure_epoch(model, x[:n_train], y[:n_train], batch, epochs=epochs, validation_rows=n_val)

        self.view.measure(job)

    def retranslate(self) -> None:
        self.dock.setWindowTitle(_title())
        self.view.retranslate_ui()

    def shutdown(self) -> None:
        self.view.wait()
