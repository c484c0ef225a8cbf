"""The test-set evaluation part of :class:`~.controller.TrainingController` (a mixin).

It evaluates the trained model on the loaded data's test split, here (:meth:`evaluate`) or in an
:class:`~.evaluation_worker.EvaluationWorker` (:meth:`evaluate_in_background`, state ``"evaluating"``, Stop
cancels it), and writes the test logs into the last :class:`~.run_result.RunResult` of that model.
The controller provides ``model``, ``data``, ``state``, ``running``, ``last_result``, ``_set_state``
and the ``evaluated`` / ``evalProgress`` signals.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication

from .run_result import RunState
from .evaluation_worker import EvaluationWorker
from .worker import delete_finished


class EvaluationRunner:
    """Test-set evaluation for the training controller (see the module)."""

    def _init_evaluation(self) -> None:
        self.eval_worker: EvaluationWorker | None = None
        self._eval_data = None  # the data the running evaluation reads

    @property
    def evaluating(self) -> bool:
        return self.eval_worker is not None and self.eval_worker.isRunning()

    def can_evaluate(self) -> bool:
        return (self.model is not None and self.data is not None and self.data.x_test is not None
                and not self.running and not self.evaluating)

    def evaluate(self) -> dict | None:
        """Test-set loss and metrics plus predictions, here in the calling thread:
        ``{"logs", "y_true", "y_pred", "task"}`` (None when there is nothing to evaluate)."""
        if not self.can_evaluate():
            return None
        logs, pred = self.model.evaluate_and_predict(self.data.x_test, self.data.y_test)
        self._record_test(self.model, logs)
        return {"logs": logs, "y_true": self.data.y_test, "y_pred": pred, "task": self.data.task}

    def evaluate_in_background(self) -> bool:
        """:meth:`evaluate` in an :class:`~.evaluation_worker.EvaluationWorker`: state ``"evaluating"`` until
        ``evaluated`` is emitted (Stop cancels it; Train waits). False when refused."""
        if not self.can_evaluate() or self.state != RunState.IDLE:
            return False
        if self.eval_worker is not None:
            delete_finished(self.eval_worker)
        worker = self.eval_worker = EvaluationWorker(self.model, self.data.x_test, self.data.y_test, self)
        worker.progress.connect(self.evalProgress)
        worker.done.connect(self._on_evaluated)
        self._eval_data = self.data
        worker.start()
        self._set_state(RunState.EVALUATING)
        return True

    def _on_evaluated(self, result: dict) -> None:
        worker = self.eval_worker
        if worker is not None:
            worker.wait()
        data = self._eval_data
        self._eval_data = None
        if "logs" in result:
            self._record_test(worker.model if worker is not None else None, result["logs"])
            result = {"logs": result["logs"], "y_true": data.y_test, "y_pred": result["y_pred"], "task": data.task}
        self._set_state(RunState.IDLE)
        self.evaluated.emit(result)

    def _record_test(self, model, logs) -> None:
        """The last run's ``RunResult.test``, when ``model`` is that run's model."""
        last = self.last_result
        if last is not None and model is not None and last.model is model:
            last.test = dict(logs)

    def _shutdown_evaluation(self, timeout_ms: int) -> bool:
        """Stop a running evaluation and wait for its thread; False when it did not end in time."""
        if self.eval_worker is None:
            return True
        self.eval_worker.request_stop()
        if not self.eval_worker.wait(timeout_ms):
            return False
        QCoreApplication.sendPostedEvents(self)
        return True
