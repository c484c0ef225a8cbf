"""The training thread: runs ``model.fit`` off the GUI thread and reports through signals.

The worker never touches a widget. Batch and epoch logs are collected in the callback and sent in
bundles at most every ``BATCH_EMIT_INTERVAL`` seconds (a fast model can finish thousands of batches
and hundreds of epochs a second; one queued signal per batch or per epoch would flood the GUI's event
loop), so the GUI thread gets a bounded number of deliveries per second whatever the batch size and
the number of epochs. Stop and pause are flags checked after every batch: stop sets
``model.stop_training`` so ``fit`` ends after the current batch and the validation of that epoch (a
whole pass, as Keras does: the last epoch's validation numbers are never those of a cut pass); pause
blocks the training thread inside the callback until resumed or stopped.

Sharing the interpreter with the GUI thread: both threads run Python, and the GIL passes between
them only every few milliseconds (``sys.getswitchinterval()``), each time the GUI thread calls into
Qt or NumPy releases it. A batch-1 run keeps the training thread in Python all the time, so the GUI
thread's work per bundle took ten times its CPU time (a frozen window). With ``sync_with_gui`` the
training thread, before it sends a bundle, waits (without the GIL) until the GUI thread has handled
the previous one and the repaints it caused (:class:`GuiSync`, at most ``GUI_WAIT_S``): at most one
bundle is ever waiting for the GUI, a GUI that fell behind finishes its work alone at full speed,
and a GUI that keeps up never makes training wait. When the batches are short (under
``LIGHT_BATCH_S``: a small network, whose training thread is in Python almost all the time), the
training thread also waits right after sending a bundle, so the GUI thread draws it alone: each GUI
turn then takes its own CPU time instead of about twice it (measured on 2 cores: the slowest 1 % of
turns of a long spiral run went from 66–77 ms to 33–36 ms, for 4 % fewer epochs a minute). Long
batches (a BLAS-bound network such as the MNIST MLP) release the GIL while they compute; waiting
there would only idle the cores, so they do not wait (W1 had waited 3–7 % of its epochs, 2 cores at
load 6): a bundle of batches due while the GUI has not caught up with the previous one is held, and
goes with the first batch after the GUI has (or after ``GUI_WAIT_S``), still at most one in its
queue. An epoch's end is not held: it waits for the GUI, once an epoch. A run's start waits too
(:meth:`TrainingWorker.start_after_gui`): the first batch comes once the GUI thread has shown the
start (the buttons, the cleared curves and their legends, the Try-it page: the window's largest
repaints), so that they take their own CPU time rather than about twice it against the first batches
(a W1 run's, on every core, or a spiral run's, in Python).

Sharing the cores: the worker sets no thread count of its own. ``fit``'s thread tuner
(:mod:`netbuilder.core.threads`) chooses the BLAS threads, and with them those of the engine's own
pools, from measured batch times, and those include the GUI thread's competition for the cores (a
fixed "all cores but one" left a 2-core machine one thread whatever the GUI did). A user's
``OMP_NUM_THREADS`` / ``OPENBLAS_NUM_THREADS`` is respected. The evaluation worker uses the last
run's choice (all cores before any run).

Engines: ``engine="keras"`` runs the same ``fit`` on Keras 3 (:func:`netbuilder.core.keras_engine.fit`,
over ``devices`` devices): the same bridge receives Keras's batch and epoch logs, so the curves, the
ETA, the coach, Pause/Resume/Stop and K-fold behave as with netbuilder's engine, and the trained
weights are back in ``model`` when ``done`` is emitted. The backend and devices used are reported
through ``note``.
"""

from __future__ import annotations

import threading
import time
import traceback
from dataclasses import dataclass, field

import shiboken6
from PySide6.QtCore import QCoreApplication, QEvent, QObject, Qt, QThread, Signal

from netbuilder.core import threads, utils
from netbuilder.core.callbacks import Callback
from netbuilder.core.diagnosis import batch_diverged

from . import run_setup as RS

#: Seconds between two log bundles (0.05 s: 20 deliveries per second at most)...
BATCH_EMIT_INTERVAL = 0.05
#: ... times this while long batches run BLAS at every core (``threads.BUDGET.fills_cores()``): each
#: bundle's GUI work (about 4 ms) then takes a core from BLAS; 10 a second still move the curves.
BUSY_EMIT_FACTOR = 2
#: Longest wait of the training thread for the GUI thread to catch up with a bundle (seconds).
GUI_WAIT_S = 0.5
#: Batches shorter than this (seconds, a running mean) make the training thread wait for the GUI
#: right after each bundle, not only before the next (see the module docstring).
LIGHT_BATCH_S = 0.0015
_CAUGHT_UP = QEvent.Type(QEvent.registerEventType())


@dataclass
class LogBundle:
    """What one delivery carries: ``batches`` ``[(epoch, batch, logs), ...]`` and ``epochs``
    ``[(epoch, logs), ...]`` (0-based), in the order they happened since the previous bundle."""

    batches: list = field(default_factory=list)
    epochs: list = field(default_factory=list)


class GuiSync(QObject):
    """Tells a waiting training thread that the GUI thread has caught up.

    :meth:`caught_up_later` posts an event with a priority below Qt's low priority (at which widget
    repaints are posted). Events posted while Qt delivers posted events wait for its next pass, and
    a bundle's work unfolds over a few passes (the handler, then the scenes' queued updates, then
    the window's repaint), so the event is posted again ``HOPS`` times before the worker resumes.
    """

    HOPS = 3

    def __init__(self, worker: "TrainingWorker"):
        super().__init__(worker)
        self.worker = worker
        self._hops = 0

    def caught_up_later(self) -> None:
        self._hops = self.HOPS
        self._post()

    def _post(self) -> None:
        QCoreApplication.postEvent(self, QEvent(_CAUGHT_UP), int(Qt.LowEventPriority.value) - 1)

    def event(self, ev):
        if ev.type() == _CAUGHT_UP:
            self._hops -= 1
            if self._hops > 0:
                self._post()
            else:
                self.worker._caught_up.set()
            return True
        return super().event(ev)


def delete_finished(thread) -> None:
    """Free an ended worker thread now, dropping its model and arrays first.

    Not ``deleteLater()``: a deferred delete runs only when control returns to the event loop it was
    posted in, so when a run is started outside an ``exec()`` loop (scripts, the soak test, which
    drive Qt with ``processEvents()``) it never ran, and every run's QThread, its wrapper and its
    Events stayed alive (~10 KB a run).
    """
    for attr in ("model", "x", "y", "extra_callbacks"):
        if hasattr(thread, attr):
            setattr(thread, attr, None)
    thread.wait()  # already ended: callers start a new one only when the old one has finished
    shiboken6.delete(thread)


class _Bridge(Callback):
    """The core callback inside ``fit``: forwards logs and honours the worker's flags."""

    def __init__(self, worker: "TrainingWorker"):
        super().__init__()
        self.w = worker
        self._pending = []
        self._pending_epochs = []
        self._last_emit = 0.0
        self._epoch = 0
        self._last_batch = None  # perf_counter at the previous batch's end
        self.batch_s = None  # running mean of the time between batch ends (seconds)

    def on_train_begin(self, logs=None):
        self.w.trainBegin.emit(dict(self.params))

    def on_epoch_begin(self, epoch, logs=None):
        self._epoch = epoch
        self._last_batch = None  # a batch's time leaves out the validation and epoch-end work before it

    def on_train_batch_end(self, batch, logs=None):
        logs = dict(logs or {})
        self._pending.append((self._epoch, batch, logs))
        now = time.perf_counter()
        if self._last_batch is not None:
            dt = now - self._last_batch
            self.batch_s = dt if self.batch_s is None else 0.9 * self.batch_s + 0.1 * dt
        diverged = batch_diverged(logs.get("loss", 0.0))
        if diverged:
            self.w.diverged = (self._epoch, batch)
            self.model.stop_training = True
        if diverged or self._due(now):
            self.flush()
            self._last_emit = time.perf_counter()  # the interval counts from after any wait for the GUI
        self.w._wait_if_paused()
        if self.w._stop.is_set():
            self.model.stop_training = True
        self._last_batch = time.perf_counter()  # the next batch's time leaves out the waits above

    def _due(self, now: float) -> bool:
        """``BATCH_EMIT_INTERVAL`` after the last bundle (``BUSY_EMIT_FACTOR`` times it while long
        batches fill every core), and with long batches only once the GUI has caught up with it or
        ``GUI_WAIT_S`` after it (see the module docstring)."""
        since = now - self._last_emit
        if since < BATCH_EMIT_INTERVAL:
            return False
        long_batches = self.batch_s is not None and self.batch_s >= LIGHT_BATCH_S
        if long_batches and since < BUSY_EMIT_FACTOR * BATCH_EMIT_INTERVAL and threads.BUDGET.fills_cores():
            return False
        return not (long_batches and self.w.sync_with_gui and not self.w._caught_up.is_set() and since < GUI_WAIT_S)

    def flush(self, wait: bool = True):
        """Send the pending batch and epoch logs as one :class:`LogBundle`; with ``wait`` and the
        worker's ``sync_with_gui``, first wait until the GUI thread has handled the previous one."""
        if not (self._pending or self._pending_epochs):
            return
        bundle = LogBundle(self._pending, self._pending_epochs)
        self._pending, self._pending_epochs = [], []
        if wait and self.w.sync_with_gui:
            self.w._wait_for_gui()  # for the previous bundle: at most one is ever in the GUI's queue
        self.w._caught_up.clear()
        self.w.logs.emit(bundle)
        if wait and self.w.sync_with_gui and (self.batch_s is None or self.batch_s < LIGHT_BATCH_S):
            # short batches (or none timed yet: a run's first bundle, whose drawing lays the axes out anew):
            # let the GUI thread draw this bundle alone
            self.w._wait_for_gui()

    def on_test_batch_end(self, batch, logs=None):
        # Stop never cuts a validation pass short: the epoch during which Stop was pressed ends with its
        # whole validation, as in Keras (fit validates the epoch that stop_training ended). A pass cut
        # after one batch reported that batch's val_loss and val_accuracy (126/128) as the epoch's, and
        # the coach, the best epoch and the Lab took them for real.
        if self.w._stop.is_set():
            self.model.stop_training = True

    def on_epoch_end(self, epoch, logs=None):
        self._pending_epochs.append((epoch, dict(logs or {})))
        if time.perf_counter() - self._last_emit >= BATCH_EMIT_INTERVAL:  # waits for the GUI if need be: an
            self.flush()  # epoch's end is not held (a callback after this one may wait for the GUI to show it)
            self._last_emit = time.perf_counter()
        self.w._wait_if_paused()  # Pause pressed during validation holds here, not one batch later
        if self.w._stop.is_set():
            self.model.stop_training = True


class TrainingWorker(QThread):
    """Runs ``model.fit(x, y, callbacks=[bridge] + callbacks, **fit_kwargs)`` in its own thread
    (``engine="keras"``: ``keras_engine.fit(model, ..., devices=devices)``).

    Signals:
        trainBegin(dict): fit's params (``epochs``, ``steps``).
        note(str): a line for the log, e.g. the Keras backend and the devices a Keras run uses.
        logs(LogBundle): the batches (``(epoch, batch, logs)``) and the ended epochs (``(epoch, logs)``
            with ``loss``, metrics, ``val_*``) since the last bundle.

    ``sync_with_gui``: after each bundle, wait until the receiver calls ``gui_sync.caught_up_later()``
    (see the module docstring); off by default, for receivers that do not.
        done(dict): ``{"history": dict, "stopped": bool, "diverged": (epoch, batch) | None,
        "error": str | None, "layer": str | None (the node an error names), "seconds": float,
        "engine": str}``.
    """

    trainBegin = Signal(object)
    logs = Signal(object)
    done = Signal(object)
    note = Signal(str)

    def __init__(self, model, x, y, fit_kwargs: dict, callbacks=(), parent=None, engine: str = "netbuilder",
                 devices: int | None = None):
        super().__init__(parent)
        if engine not in ("netbuilder", "keras"):
            raise ValueError(f"engine must be 'netbuilder' or 'keras', got {engine!r}")
        self.engine, self.devices = engine, devices
        self.error_layer = None
        self.model = model
        self.x, self.y = x, y
        self.fit_kwargs = dict(fit_kwargs)
        self.extra_callbacks = list(callbacks)
        self._stop = threading.Event()
        self._resume = threading.Event()
        self._resume.set()
        self.diverged = None
        self.sync_with_gui = False
        self._caught_up = threading.Event()
        self._caught_up.set()  # nothing sent yet
        self.gui_sync = GuiSync(self)
        self.gui_wait_s = 0.0  # seconds waited for the GUI (benchmarks report it)

    # -- called from the GUI thread
    def request_stop(self) -> None:
        self._stop.set()
        self._resume.set()
        self._caught_up.set()

    def pause(self) -> None:
        self._resume.clear()

    def resume(self) -> None:
        self._resume.set()

    @property
    def paused(self) -> bool:
        return not self._resume.is_set()

    def start_after_gui(self) -> None:
        """Before :meth:`start`: the training thread waits (at most ``GUI_WAIT_S``) before its first batch
        until ``gui_sync.caught_up_later()`` has been called and has come through the GUI's event queue
        (after the repaints the start caused: see the module docstring)."""
        self.sync_with_gui = True
        self._caught_up.clear()

    # -- training thread
    def _wait_for_start(self) -> None:
        """The first batch waits for the GUI's start-up turns (:meth:`start_after_gui`), if asked."""
        if self.sync_with_gui and not self._caught_up.is_set():
            self._wait_for_gui()

    def _wait_for_gui(self) -> None:
        t0 = time.perf_counter()
        while not self._caught_up.wait(0.01):
            if self._stop.is_set() or time.perf_counter() > t0 + GUI_WAIT_S:
                break
        self.gui_wait_s += time.perf_counter() - t0

    def _wait_if_paused(self) -> None:
        while not self._resume.wait(0.05):
            if self._stop.is_set():
                return

    def _fit_once(self, x, y, **extra) -> tuple[dict, str | None]:
        """One ``fit`` of ``self.model`` with the bridge; returns ``(history, error)``."""
        bridge = _Bridge(self)
        error = None
        history = {}
        try:
            h = self._fit(x, y, verbose=0, callbacks=[bridge] + self.extra_callbacks, **self.fit_kwargs, **extra)
            history = {k: list(v) for k, v in h.history.items()}
        except Exception as exc:  # reported to the GUI, which shows it; the thread must end cleanly
            error = f"{type(exc).__name__}: {exc}"
            self.error_layer = getattr(exc, "layer", None)  # a refused node, for the canvas to mark
            traceback.print_exc()
            if getattr(self.model, "history", None) is not None:
                history = {k: list(v) for k, v in getattr(self.model.history, "history", {}).items()}
        bridge.flush(wait=False)
        return history, error

    def _fit(self, x, y, **kwargs):
        with utils.use_rng(RS.run_rng(self.model)):  # the run's own seeded stream: no other thread draws from it
            if self.engine == "keras":
                from netbuilder.core import keras_engine  # noqa: PLC0415 - imports Keras: only for a Keras run

                return keras_engine.fit(self.model, x, y, devices=self.devices, log=self.note.emit, **kwargs)
            return self.model.fit(x, y, **kwargs)

    def run(self):
        self._wait_for_start()
        t0 = time.perf_counter()
        history, error = self._fit_once(self.x, self.y)
        self.done.emit({"history": history, "stopped": self._stop.is_set(), "diverged": self.diverged,
                        "error": error, "layer": self.error_layer, "seconds": time.perf_counter() - t0,
                        "engine": self.engine})


class KFoldWorker(TrainingWorker):
    """K-fold cross-validation in one thread: for each fold, ``build()`` a fresh model and fit it on
    the other folds with ``validation_data=(x_val, y_val)``.

    ``folds``: ``[(x_train, y_train, x_val, y_val), ...]``; ``make_callbacks()`` gives each fold its
    own extra callbacks. Stop ends the current fold after its batch and skips the remaining folds;
    pause works as in :class:`TrainingWorker`. ``model`` is the latest fold's model.

    Extra signal: foldBegin(int, int): 0-based fold and ``k``. ``done`` adds ``"folds"``: the list of
    per-fold histories (``"history"`` is the last fold's).
    """

    foldBegin = Signal(int, int)

    def __init__(self, build, folds, fit_kwargs: dict, make_callbacks=list, parent=None, engine: str = "netbuilder",
                 devices: int | None = None):
        super().__init__(None, None, None, fit_kwargs, (), parent, engine=engine, devices=devices)
        self.build = build
        self.folds = list(folds)
        self.make_callbacks = make_callbacks

    def run(self):
        self._wait_for_start()
        t0 = time.perf_counter()
        histories, error = [], None
        for i, (xt, yt, xv, yv) in enumerate(self.folds):
            if self._stop.is_set():
                break
            self.foldBegin.emit(i, len(self.folds))
            try:
                self.model = self.build()
                self.extra_callbacks = list(self.make_callbacks())
            except Exception as exc:  # a bad graph: reported like a failed fit
                error = f"{type(exc).__name__}: {exc}"
                break
            history, error = self._fit_once(xt, yt, validation_data=(xv, yv))
            histories.append(history)
            if error or self.diverged:
                break
        self.done.emit({"history": histories[-1] if histories else {}, "folds": histories,
                        "stopped": self._stop.is_set(), "diverged": self.diverged, "error": error,
                        "layer": self.error_layer, "seconds": time.perf_counter() - t0, "engine": self.engine})
