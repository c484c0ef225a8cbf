"""The test set's evaluation off the GUI thread (:class:`EvaluationWorker`), with progress and Stop."""

from __future__ import annotations

import threading
import time
import traceback

from PySide6.QtCore import QThread, Signal

from netbuilder.core import threads
from netbuilder.core.callbacks import Callback

from .worker import BATCH_EMIT_INTERVAL


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
            with threads.limited(threads.BUDGET.last_choice):  # the last run's measured thread count
                logs, pred = self.model.evaluate_and_predict(self.x, self.y, callbacks=[_EvalBridge(self)])
            result = {"stopped": True} if self._stop.is_set() else {"logs": logs, "y_pred": pred}
        except Exception as exc:  # reported to the GUI; the thread must end cleanly
            traceback.print_exc()
            result = {"error": f"{type(exc).__name__}: {exc}"}
        self.done.emit(result)
