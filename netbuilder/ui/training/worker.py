"""The training thread: runs ``model.fit`` off the GUI thread and reports through signals.

The worker never touches a widget. Batch logs are collected in the callback and sent in bundles at
most every ``BATCH_EMIT_INTERVAL`` seconds (a fast model can finish thousands of batches a second;
one queued signal per batch would flood the GUI's event loop). Stop and pause are flags checked
between batches: stop sets ``model.stop_training`` so ``fit`` returns after the current batch;
pause blocks the training thread inside the callback until resumed or stopped.
"""

from __future__ import annotations

import contextlib
import os
import threading
import time
import traceback

import shiboken6
from PySide6.QtCore import QThread, Signal

from netbuilder.core.callbacks import Callback
from netbuilder.core.diagnosis import batch_diverged

#: Seconds between two batch-log bundles (0.03 s ≈ 33 bundles per second at most).
BATCH_EMIT_INTERVAL = 0.03


def _leave_a_core():
    """Limit BLAS to all cores but one during a run, so the GUI thread always finds a free core
    (OpenBLAS threads spin and otherwise starve the event loop). No-op without threadpoolctl."""
    try:
        from threadpoolctl import threadpool_limits  # noqa: PLC0415
    except ImportError:
        return contextlib.nullcontext()
    return threadpool_limits(limits=max(1, (os.cpu_count() or 2) - 1), user_api="blas")


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
        self._last_emit = 0.0
        self._epoch = 0

    def on_train_begin(self, logs=None):
        self.w.trainBegin.emit(dict(self.params))

    def on_epoch_begin(self, epoch, logs=None):
        self._epoch = epoch
        self.w.epochBegin.emit(epoch)

    def on_train_batch_end(self, batch, logs=None):
        logs = dict(logs or {})
        self._pending.append((self._epoch, batch, logs))
        now = time.perf_counter()
        diverged = batch_diverged(logs.get("loss", 0.0))
        if diverged:
            self.w.diverged = (self._epoch, batch)
            self.model.stop_training = True
        if diverged or now - self._last_emit >= BATCH_EMIT_INTERVAL:
            self.flush()
            self._last_emit = now
        self.w._wait_if_paused()
        if self.w._stop.is_set():
            self.model.stop_training = True

    def flush(self):
        if self._pending:
            self.w.batchLogs.emit(self._pending)
            self._pending = []

    def on_epoch_end(self, epoch, logs=None):
        self.flush()
        self.w.epochEnd.emit(epoch, dict(logs or {}))
        self.w._wait_if_paused()  # Pause pressed during validation holds here, not one batch later
        if self.w._stop.is_set():
            self.model.stop_training = True


class TrainingWorker(QThread):
    """Runs ``model.fit(x, y, callbacks=[bridge] + callbacks, **fit_kwargs)`` in its own thread.

    Signals:
        trainBegin(dict): fit's params (``epochs``, ``steps``).
        epochBegin(int): 0-based epoch.
        batchLogs(list): ``[(epoch, batch, logs), ...]`` since the last bundle.
        epochEnd(int, dict): 0-based epoch and its logs (``loss``, metrics, ``val_*``).
        done(dict): ``{"history": dict, "stopped": bool, "diverged": (epoch, batch) | None,
        "error": str | None, "seconds": float}``.
    """

    trainBegin = Signal(object)
    epochBegin = Signal(int)
    batchLogs = Signal(object)
    epochEnd = Signal(int, object)
    done = Signal(object)

    def __init__(self, model, x, y, fit_kwargs: dict, callbacks=(), parent=None):
        super().__init__(parent)
        self.model = model
        self.x, self.y = x, y
        self.fit_kwargs = dict(fit_kwargs)
        self.extra_callbacks = list(callbacks)
        self._stop = threading.Event()
        self._resume = threading.Event()
        self._resume.set()
        self.diverged = None

    # -- called from the GUI thread
    def request_stop(self) -> None:
        self._stop.set()
        self._resume.set()

    def pause(self) -> None:
        self._resume.clear()

    def resume(self) -> None:
        self._resume.set()

    @property
    def paused(self) -> bool:
        return not self._resume.is_set()

    # -- training thread
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
            with _leave_a_core():
                h = self.model.fit(x, y, verbose=0, callbacks=[bridge] + self.extra_callbacks,
                                   **self.fit_kwargs, **extra)
            history = {k: list(v) for k, v in h.history.items()}
        except Exception as exc:  # reported to the GUI, which shows it; the thread must end cleanly
            error = f"{type(exc).__name__}: {exc}"
            traceback.print_exc()
            if getattr(self.model, "history", None) is not None:
                history = {k: list(v) for k, v in getattr(self.model.history, "history", {}).items()}
        bridge.flush()
        return history, error

    def run(self):
        t0 = time.perf_counter()
        history, error = self._fit_once(self.x, self.y)
        self.done.emit({"history": history, "stopped": self._stop.is_set(), "diverged": self.diverged,
                        "error": error, "seconds": time.perf_counter() - t0})


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

    def __init__(self, build, folds, fit_kwargs: dict, make_callbacks=list, parent=None):
        super().__init__(None, None, None, fit_kwargs, (), parent)
        self.build = build
        self.folds = list(folds)
        self.make_callbacks = make_callbacks

    def run(self):
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
                        "seconds": time.perf_counter() - t0})


class _EvalBridge(Callback):
    """Inside ``evaluate_and_predict``: reports progress and honours the worker's Stop."""

    def __init__(self, worker: "EvaluationWorker"):
        super().__init__()
        self.w = worker
        self._last_emit = 0.0

    def on_test_batch_end(self, batch, logs=None):
        now = time.perf_counter()
        if now - self._last_emit >= BATCH_EMIT_INTERVAL:
            self._last_emit = now
            self.w.progress.emit(batch + 1, int(self.params.get("steps") or 0))
        if self.w._stop.is_set():
            self.model.stop_evaluating = True


class EvaluationWorker(QThread):
    """Runs ``model.evaluate_and_predict(x_test, y_test)`` off the GUI thread.

    Signals:
        progress(int, int): batches done and their total.
        done(dict): ``{"logs": dict, "y_pred": array}``, or ``{"stopped": True}`` when Stop ended it
        early (partial results are not reported), or ``{"error": str}``.
    """

    progress = Signal(int, int)
    done = Signal(object)

    def __init__(self, model, x, y, parent=None):
        super().__init__(parent)
        self.model, self.x, self.y = model, x, y
        self._stop = threading.Event()

    def request_stop(self) -> None:
        self._stop.set()

    def run(self):
        try:
            with _leave_a_core():
                logs, pred = self.model.evaluate_and_predict(self.x, self.y, callbacks=[_EvalBridge(self)])
            result = {"stopped": True} if self._stop.is_set() else {"logs": logs, "y_pred": pred}
        except Exception as exc:  # reported to the GUI; the thread must end cleanly
            traceback.print_exc()
            result = {"error": f"{type(exc).__name__}: {exc}"}
        self.done.emit(result)
