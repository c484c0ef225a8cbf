"""The worker's reports, for :class:`~.controller.TrainingController` (a mixin).

Each log bundle is appended to the run's :class:`~.run_buffers.RunBuffers` (O(new points)), turned
into one ``progress`` and ``epochEnded`` per epoch, and shown to the in-run fit coach; the worker's
``done`` becomes the final verdict and a :class:`~.run_result.RunResult`, in an event-loop turn of
its own (``_done_pending`` holds it until then). The controller provides the run's state (``run``,
``kfold``, ``worker``, ``model``, ``settings``, ``_done_pending``, ``_steps``, ``_epochs``,
``_initial``, ``_t0``) and its signals.
"""

from __future__ import annotations

import copy
import time

from PySide6.QtCore import QTimer

from netbuilder.core import diagnosis as D

from . import kfold as KF
from .run_result import RunResult, RunState, best_epoch

#: "No new verdict in this bundle" (None is a verdict: the coach has nothing to say any more).
_UNCHANGED = object()


class RunReports:
    """Turns the worker's reports into buffers, signals and a result (see the module)."""

    def _on_train_begin(self, params: dict) -> None:
        self._steps = max(1, int(params.get("steps") or 1))

    def _on_logs(self, bundle) -> None:
        """A :class:`~.worker.LogBundle`: buffer it, tell the widgets (``logsHandled``), then let the
        worker go on once the repaints this caused are done."""
        if bundle.batches:
            self._on_batches(bundle.batches)
        if bundle.epochs:
            self._live_verdict = _UNCHANGED
            for epoch, logs in bundle.epochs:
                self._on_epoch_end(epoch, logs)
            if self._live_verdict is not _UNCHANGED:  # a new in-run verdict, or None: the last one no longer holds
                self._set_diagnosis(self._live_verdict)
        self.logsHandled.emit()
        worker = self.worker
        if worker is not None:
            worker.gui_sync.caught_up_later()

    def _on_batches(self, bundle: list) -> None:
        """``[(epoch, batch, logs), ...]``: appended to the buffers (O(new)), then one ``progress``."""
        self.run.add_batches(bundle, self._steps)
        self._batches_done += len(bundle)
        epoch, batch, _ = bundle[-1]
        folds = self.kfold.fold[1] if self.kfold.fold else 1
        total = max(1, (self._epochs - self._initial) * self._steps * folds)  # the whole run, every fold
        done = min(self._batches_done, total)
        elapsed = time.perf_counter() - self._t0
        eta = max(0.0, elapsed / done * (total - done)) if done else None  # never negative
        self.revision += 1
        p = {"epoch": epoch + 1, "epochs": self._epochs, "batch": batch + 1, "steps": self._steps, "eta": eta,
             "done": done, "total": total}
        if self.kfold.fold is not None:
            p.update(fold=self.kfold.fold[0] + 1, folds=self.kfold.fold[1])
        self.progress.emit(p)

    def _on_fold_begin(self, i: int, k: int) -> None:
        """A new fold: keep the finished fold's history, start fresh curves for this one."""
        finished = self.run.history
        epochs, steps, initial = self._epochs, self._steps, self._initial
        self._new_run(self.run.data)
        self._epochs, self._steps, self._initial = epochs, steps, initial  # the run's totals stay
        self.kfold.next_fold(i, k, finished)

    def _on_epoch_end(self, epoch: int, logs: dict) -> None:
        self.run.add_epoch(epoch, logs)
        self.revision += 1
        self.epochEnded.emit(epoch, logs)
        d = self._applicable(self.coach.update(logs))  # O(1): a re-scan of the History was quadratic over a run
        if d != self.diagnosis:  # shown once per bundle (_on_logs), not once per epoch; None takes down a verdict
            self._live_verdict = d  # that stopped holding (val_loss fell to a new low after "overfitting")

    def _on_done(self, result: dict) -> None:
        worker = self.worker
        if worker is not None:
            worker.wait()
        kfold = None
        if "folds" in result:
            kfold = self._finish_kfold(worker, result)
        # a K-fold run's verdict and best epoch: over the folds that trained all their epochs (a fold cut short
        # by Stop would make the late epochs' mean that of the other folds alone)
        curves = KF.mean_curves(self.kfold.complete or self.kfold.histories) if kfold else self.run.history_lists()
        if result.get("diverged"):
            d = D.divergence_at(result["diverged"][0] + 1, self.learning_rate())
        elif result.get("error"):
            d = None
            self.failed.emit(result["error"])
        else:
            d = D.diagnose(curves, final=True, learning_rate=self.learning_rate())
        if d is not None:
            self._set_diagnosis(d)
        self.last_result = self._result(result, curves, kfold, d)
        if self.run or self.kfold.histories:
            self.model_exported = False  # a trained model is unsaved work until exported
        self._set_state(RunState.IDLE)
        self.finished.emit(self.last_result)

    def _on_worker_done(self, result: dict) -> None:
        """The worker's ``done``: handled (:meth:`_on_done`) on a 1 ms timer, in an event-loop turn of its own.
        The run's last log bundle comes just before it, and both were handled in one pass of the event loop with
        the repaints of both after them: 35-45 ms of the GUI thread at the end of a W1 run."""
        self._done_pending = result
        QTimer.singleShot(1, self, self._finish_pending_run)

    def _finish_pending_run(self) -> None:
        result, self._done_pending = self._done_pending, None
        if result is not None:
            self._on_done(result)

    def _result(self, result: dict, curves: dict, kfold: dict | None, diagnosis) -> RunResult:
        """The worker's ``done`` dict as a :class:`RunResult` (best epoch from ``curves``: the run's, or the
        K-fold mean)."""
        best, best_logs = best_epoch(curves)
        initial = 0 if kfold else self._initial
        history = result.get("history") or ({} if kfold else self.run.history_lists())  # an error lost fit's
        s = getattr(self, "_run_settings", self.settings)
        return RunResult(history=history, epochs=max((len(v) for v in history.values()), default=0),
                         initial_epoch=initial, best_epoch=best, best=best_logs, stopped=bool(result.get("stopped")),
                         diverged=result.get("diverged"), error=result.get("error"),
                         seconds=float(result.get("seconds") or 0.0), seed=s.get("seed"),
                         engine=result.get("engine") or "netbuilder", model=self.model,
                         model_config=copy.deepcopy(self.model_config), settings=s, data=self.run.data,
                         diagnosis=diagnosis, folds=result.get("folds"), kfold=kfold)

    def _finish_kfold(self, worker, result: dict) -> dict:
        """Keep the per-fold histories, the summary and the last fold's model; returns the K-fold summary
        (``{"k", "folds_done", "summary"}``)."""
        self.model = worker.model if worker is not None else self.model
        if worker is not None and worker.extra_callbacks:
            self.best_keeper = worker.extra_callbacks[0]
        self.revision += 1
        return self.kfold.finish(result["folds"], self._epochs - self._initial)

    def _applicable(self, d):
        """``d`` without the remedies already in the network this run trained (no second Dropout(0.5))."""
        if d is None or not d.remedies:
            return d
        from dataclasses import replace  # noqa: PLC0415

        from netbuilder.core.remedies import applicable  # noqa: PLC0415

        config, asked = self.model_config, tuple(d.remedies)
        cached = getattr(self, "_applicable_cache", None)  # (config, asked, codes): once per run, not per epoch
        if cached is None or cached[0] is not config or cached[1] != asked:
            cached = self._applicable_cache = (config, asked, applicable(asked, config))
        codes = cached[2]
        return d if codes == asked else replace(d, remedies=codes)

    def _set_diagnosis(self, d) -> None:
        d = self._applicable(d)
        self.diagnosis = d
        self.diagnosisChanged.emit(d)
