"""``TrainingController``: the QObject that owns the model while it trains.

Widgets call its methods (``start``, ``pause``, ``resume``, ``stop``, ``evaluate``) and listen to
its signals; they never reach into the model or the arrays themselves. The controller builds the
model from the graph's config, runs ``fit`` in a :class:`~.worker.TrainingWorker`, buffers the
per-batch and per-epoch logs (the plots read them on their own timer) and asks the fit coach
(:mod:`netbuilder.core.diagnosis`) for a verdict after every epoch and at the end.

Graph edits during a run apply to the next run: the config is copied when Start is pressed, and a
changed graph makes the next Start begin from fresh weights.
"""

from __future__ import annotations

import copy
import time

import numpy as np
from PySide6.QtCore import QObject, Signal

from netbuilder.core import diagnosis as D
from netbuilder.core import memory, optimizers, utils
from netbuilder.core.callbacks import EarlyStopping
from netbuilder.core.models import model_from_config

from . import holdout as HO
from . import kfold as KF
from .run_setup import BestWeights, TrainingData, default_settings
from .worker import EvaluationWorker, KFoldWorker, TrainingWorker, delete_finished


def data_signature(data) -> tuple | None:
    """What identifies a dataset for comparing runs: name, task and the shapes of one sample and label."""
    if data is None:
        return None
    return (data.name, data.task, tuple(np.shape(data.x_train)[1:]), tuple(np.shape(data.y_train)[1:]))


class TrainingController(QObject):
    """Owns the model during training; turns the worker's reports into signals for the widgets.

    Signals:
        stateChanged(str): ``"idle"``, ``"running"``, ``"paused"``, ``"stopping"``, ``"evaluating"``
            (the test set, in an :class:`~.worker.EvaluationWorker`; Stop cancels it).
        progress(dict): ``epoch``, ``epochs``, ``batch``, ``steps``, ``eta`` (seconds or None).
        epochEnded(int, dict): 0-based epoch and its logs.
        finished(dict): the worker's result plus ``diagnosis``.
        diagnosisChanged(object): a :class:`netbuilder.core.diagnosis.Diagnosis`.
        message(str): a sentence for the status line.
        failed(str): an error that ended or prevented a run.
        evaluated(dict): a background evaluation ended: :meth:`evaluate`'s dict, or ``{"stopped": True}``
            or ``{"error": str}``.
        evalProgress(int, int): batches of the test set done and their total.
        logsHandled(): a bundle of batch/epoch logs was buffered (the plots redraw then, when due).
        runCleared(): :meth:`clear_run` dropped the model and its run (another project was opened).
    """

    stateChanged = Signal(str)
    progress = Signal(object)
    epochEnded = Signal(int, object)
    finished = Signal(object)
    diagnosisChanged = Signal(object)
    message = Signal(str)
    failed = Signal(str)
    dataChanged = Signal()
    evaluated = Signal(object)
    evalProgress = Signal(int, int)
    logsHandled = Signal()
    runCleared = Signal()

    def __init__(self, config_provider=None, parent=None):
        super().__init__(parent)
        self.config_provider = config_provider
        self.settings = default_settings()
        self.data: TrainingData | None = None
        self.model = None
        self.model_config = None  # config the current model was built from
        self.worker: TrainingWorker | None = None
        self.eval_worker: EvaluationWorker | None = None
        self._eval_data: TrainingData | None = None  # the data the running evaluation reads
        self.state = "idle"
        self.diagnosis: D.Diagnosis | None = None
        self.last_result: dict | None = None
        self.early_stopping: EarlyStopping | None = None
        self.best_keeper: BestWeights | None = None
        self._reset_buffers()
        self._reset_kfold()
        self.previous = None  # the previous run's buffers, drawn faintly behind the new run
        self.run_data = None  # data_signature() of the data the current curves and model were trained on
        self.model_exported = True  # False while a trained model exists that was not exported (unsaved work)
        # request_data(on_ready) -> bool: load the chosen dataset (with progress) and call on_ready()
        # once it is in; True when a load began. None: Train without data says "Choose a dataset first."
        self.request_data = None

    # ------------------------------------------------------------------ buffers
    def _reset_buffers(self):
        self.history: dict[str, list] = {}
        self.epochs_done: list[int] = []  # 1-based epoch numbers with logs
        self.batch_x: list[float] = []  # fractional epochs (epoch + (batch + 1) / steps)
        self.batch_loss: list[float] = []
        self.revision = 0  # bumped on each new log; the plots redraw when it changed
        self._steps = 1
        self._epochs = 0
        self.coach = D.LiveCoach(self.learning_rate())  # the in-run verdict at a constant cost per epoch
        self._live_verdict = None  # the newest in-run verdict of the bundle being handled

    def _reset_kfold(self):
        self.fold_histories: list[dict] = []  # finished folds of the current/last K-fold run
        self.fold = None  # (0-based fold, k) while a K-fold run trains
        self.kfold_summary: dict | None = None  # {key: (mean, std)} of the last K-fold run
        self.kfold_splits: list | None = None  # [(train_idx, val_idx), ...] of the last K-fold run

    def kfold_curves(self) -> dict:
        """For the plots: ``folds`` (each fold's history, the current one last) and ``mean``
        (per-epoch mean over them, :func:`.kfold.mean_curves`); empty when no K-fold run exists."""
        if self.fold is None and not self.fold_histories:
            return {"folds": [], "mean": {}}
        folds = list(self.fold_histories)
        if self.fold is not None and self.history:
            folds.append(self.history)
        return {"folds": folds, "mean": KF.mean_curves(folds)}

    def buffers(self) -> dict:
        """A snapshot for plotting: ``history``, ``epochs``, ``batch_x``, ``batch_loss``."""
        return {"history": self.history, "epochs": self.epochs_done, "batch_x": self.batch_x,
                "batch_loss": self.batch_loss, "data": self.run_data}

    def comparable_previous(self) -> dict | None:
        """The previous run's buffers when it trained on the same dataset and task as the data loaded now
        (Boston's loss of ~600 behind an MNIST run flattened the new curves to a line), else None."""
        p = self.previous
        same = p is not None and p.get("data") is not None and p.get("data") == data_signature(self.data)
        return p if same else None

    def results_stale(self) -> bool:
        """True when the curves, the verdict and the results describe another network or dataset than the
        ones now on the canvas and loaded (edited since the run); a run in progress is never stale."""
        if self.state != "idle" or not (self.epochs_done or self.fold_histories):
            return False
        return self.current_config() != self.model_config or data_signature(self.data) != self.run_data

    def clear_run(self) -> None:
        """Another project is open: its predecessor's model, curves, verdict and results go (the window
        asked to export a trained model first). The previous run stays for the overlay on the same data."""
        if self.running or self.evaluating:
            return
        if self.epochs_done:
            self.previous = self.buffers()
        self.model = self.model_config = self.last_result = self.best_keeper = None
        self.model_exported = True
        self._reset_buffers()
        self._reset_kfold()
        self.run_data = None
        self.revision += 1
        self._set_diagnosis(None)
        self.runCleared.emit()

    # ------------------------------------------------------------------ inputs
    def set_data(self, data: TrainingData | None) -> None:
        self.data = data
        self.dataChanged.emit()

    def set_settings(self, settings: dict) -> None:
        self.settings = {**self.settings, **copy.deepcopy(settings)}

    def current_config(self) -> dict | None:
        return self.config_provider() if self.config_provider is not None else self.model_config

    def graph_changed(self) -> None:
        """Called when the graph is edited: during a run the edit waits for the next run."""
        if self.state != "idle":
            self.message.emit(self.tr("The graph changed during training: this run keeps the network it "
                                      "started with; the change applies to the next run (from fresh weights)."))

    @property
    def running(self) -> bool:
        return self.worker is not None and self.worker.isRunning()

    @property
    def evaluating(self) -> bool:
        return self.eval_worker is not None and self.eval_worker.isRunning()

    def can_continue(self) -> bool:
        """True when a trained model exists and the graph is unchanged since it was built."""
        return (self.model is not None and bool(self.epochs_done) and self.kfold_summary is None
                and self.current_config() == self.model_config)

    def kfold_enabled(self) -> bool:
        return self.settings.get("validation_mode") == "kfold"

    def learning_rate(self):
        return self.settings["optimizer"].get("config", {}).get("learning_rate")

    # ------------------------------------------------------------------ building
    def build_model(self, config: dict):
        """Build and compile a model from ``config`` with the current settings (seeded first)."""
        s = self.settings
        if s.get("seed") is not None:
            utils.set_random_seed(int(s["seed"]))
        model = model_from_config(copy.deepcopy(config))
        model.compile(optimizer=optimizers.get(copy.deepcopy(s["optimizer"])), loss=s["loss"],
                      metrics=list(s.get("metrics") or []))
        return model

    def memory_problem(self, config=None, settings=None):
        """A :class:`~netbuilder.core.memory.MemoryTooLargeError` when training ``config`` (default: the
        current graph) with ``settings`` (default: the controller's) would not fit in the free memory."""
        config = self.current_config() if config is None else config
        if not config:
            return None
        s = self.settings if settings is None else settings
        bs = s.get("batch_size")
        if bs in (None, "all", 0):
            bs = len(self.data.x_train) if self.data is not None else 32
        try:
            memory.check_fits(memory.estimate(config, int(bs), s.get("optimizer")))
        except memory.MemoryTooLargeError as exc:
            return exc
        except Exception:  # noqa: BLE001 - a graph the estimate cannot read is reported by the build
            return None
        return None

    def _refuse_if_too_big(self, config) -> bool:
        exc = self.memory_problem(config)
        if exc is not None:
            from ..i18n import messages  # noqa: PLC0415

            self.failed.emit(messages.render(exc))
        return exc is not None

    def _refuse_setup(self, config) -> bool:
        from . import setup_problems as SP  # noqa: PLC0415

        try:
            blocking = SP.blocking(SP.find(config, self.settings, self.data))
        except Exception:  # noqa: BLE001 - the build below reports a graph the check cannot read
            return False
        if blocking:
            p = blocking[0]
            fix = self.tr(" Fix: {fix}.").format(fix=p.fixes[0].text()) if p.fixes else ""
            self.failed.emit(self.tr("Train is disabled: {why}").format(why=p.text()) + fix)
        return bool(blocking)

    def fit_kwargs(self, initial_epoch=0, n=None) -> dict:
        s = self.settings
        n = len(self.data.x_train) if n is None else n
        bs = s.get("batch_size")
        bs = n if bs in (None, "all", 0) else int(bs)
        kw = {"epochs": initial_epoch + int(s["epochs"]), "batch_size": bs, "shuffle": bool(s.get("shuffle", True)),
              "initial_epoch": initial_epoch}
        vs = float(s.get("validation_split") or 0.0)
        if vs > 0 and s.get("validation_mode") not in HO.MODES:
            kw["validation_split"] = vs
        return kw

    def fit_arrays(self, initial_epoch=0) -> tuple:
        """``(x, y, fit kwargs)``: with validation on the first/last N samples, those go to ``fit`` as
        ``validation_data`` and the rest trains; otherwise all training samples and ``fit_kwargs``."""
        x, y = self.data.x_train, self.data.y_train
        mode = self.settings.get("validation_mode")
        if mode not in HO.MODES:
            return x, y, self.fit_kwargs(initial_epoch)
        x, y, val = HO.hold_out(x, y, mode, int(self.settings.get("validation_samples") or 0))
        return x, y, {**self.fit_kwargs(initial_epoch, n=len(x)), "validation_data": val}

    def holdout_problem(self) -> str | None:
        """Why the first/last-N validation cannot be cut from the loaded data, or None."""
        n, total = int(self.settings.get("validation_samples") or 0), len(self.data.x_train)
        if self.settings.get("validation_mode") in HO.MODES and not 0 < n < total:
            return self.tr("The validation set ({n} samples) leaves nothing to train on: the training data "
                           "has {total} samples. Hold out fewer samples.").format(n=n, total=total)
        return None

    # ------------------------------------------------------------------ run control
    def start(self, fresh: bool = True) -> bool:
        """Start a run (``fresh``: new weights; else continue the trained model). False if refused."""
        if self.running or self.evaluating:
            return False
        if self.data is None:
            if self.request_data is not None:
                self.message.emit(self.tr("Loading the dataset first; training starts as soon as it is in."))
                if self.request_data(lambda: self.start(fresh)):
                    return True
            self.failed.emit(self.tr("Choose a dataset first."))
            return False
        config = self.current_config()
        if config is None:
            self.failed.emit(self.tr("There is no network to train."))
            return False
        if self._refuse_if_too_big(config):  # before any weight is allocated
            return False
        if self._refuse_setup(config):  # a loss/output/label or data-shape mismatch: said, never a traceback
            return False
        if self.kfold_enabled():
            return self._start_kfold(config)
        if self.holdout_problem():
            self.failed.emit(self.holdout_problem())
            return False
        try:
            if fresh or not self.can_continue():
                self.model = self.build_model(config)
                self.model_config = copy.deepcopy(config)
                self.previous = self.buffers() if self.epochs_done else self.previous
                self._reset_buffers()
                self.run_data = data_signature(self.data)
                initial = 0
            else:
                # keep the weights and the optimizer state; compile again only if settings changed
                initial = max(self.epochs_done)
            x, y, kw = self.fit_arrays(initial)
        except Exception as exc:  # a bad graph or setting: say it, do not crash the window
            from ..i18n import messages  # noqa: PLC0415

            self.failed.emit(self.tr("Cannot build the model: {error}").format(error=messages.render(exc)))
            return False
        self._reset_kfold()
        callbacks = self._make_callbacks(bool(kw.get("validation_split") or kw.get("validation_data")))
        self._epochs = kw["epochs"]
        self._initial = initial
        self._launch(TrainingWorker(self.model, x, y, kw, callbacks, self))
        return True

    def _make_callbacks(self, has_validation: bool) -> list:
        """A fresh ``BestWeights`` keeper, plus ``EarlyStopping`` when asked for and there is validation."""
        self.best_keeper = BestWeights()
        callbacks = [self.best_keeper]
        es = self.settings.get("early_stopping")
        self.early_stopping = None
        if es and has_validation:
            self.early_stopping = EarlyStopping(monitor="val_loss", patience=int(es.get("patience", 3)),
                                                restore_best_weights=bool(es.get("restore_best_weights", True)))
            callbacks.append(self.early_stopping)
        return callbacks

    def _launch(self, worker) -> None:
        """Free the previous run's thread, wire ``worker``'s signals and start it."""
        self.diagnosis = None
        if self.worker is not None:  # the finished previous run's thread (start() refuses while it runs)
            delete_finished(self.worker)
        self.worker = worker
        worker.trainBegin.connect(self._on_train_begin)
        worker.logs.connect(self._on_logs)
        worker.sync_with_gui = True  # the worker waits for _on_logs to catch up (worker.GuiSync)
        worker.done.connect(self._on_done)
        self._t0 = time.perf_counter()
        self._batches_done = 0
        worker.start()
        self._set_state("running")

    def _start_kfold(self, config) -> bool:
        """K-fold cross-validation: ``k`` fresh models in one worker (see :class:`.worker.KFoldWorker`)."""
        k = int(self.settings.get("k_folds") or 4)
        try:
            self.build_model(config)  # fail here, in the GUI thread, on a bad graph or setting
            folds = KF.fold_arrays(self.data.x_train, self.data.y_train, k)
            kw = self.fit_kwargs(0, n=len(folds[0][0]))
        except Exception as exc:
            from ..i18n import messages  # noqa: PLC0415

            self.failed.emit(self.tr("Cannot build the model: {error}").format(error=messages.render(exc)))
            return False
        kw.pop("validation_split", None)
        self.model_config = copy.deepcopy(config)
        self.previous = self.buffers() if self.epochs_done else self.previous
        self._reset_buffers()
        self._reset_kfold()
        self.run_data = data_signature(self.data)
        self.kfold_splits = KF.k_fold_splits(len(self.data.x_train), k)
        self.fold = (0, k)
        self._epochs, self._initial = kw["epochs"], 0
        worker = KFoldWorker(lambda: self.build_model(config), folds, kw,
                             lambda: self._make_callbacks(True), self)
        worker.foldBegin.connect(self._on_fold_begin)
        self._launch(worker)
        return True

    def train_on_all_data(self) -> bool:
        """The final model after K-fold: a normal fresh run on all training data (validation split 0)."""
        saved = self.settings
        self.settings = {**saved, "validation_mode": "split", "validation_split": 0.0}
        try:
            return self.start(fresh=True)
        finally:
            self.settings = saved

    def pause(self) -> None:
        if self.running and self.state == "running":
            self.worker.pause()
            self._set_state("paused")

    def resume(self) -> None:
        if self.running and self.state == "paused":
            self.worker.resume()
            self._set_state("running")

    def stop(self) -> None:
        if self.running:
            self.worker.request_stop()
            self._set_state("stopping")
        elif self.evaluating:
            self.eval_worker.request_stop()
            self._set_state("stopping")

    def shutdown(self, timeout_ms: int = 10000) -> bool:
        """Stop a run or an evaluation and wait for its thread (window closing); True when none is left."""
        if self.eval_worker is not None:
            self.eval_worker.request_stop()
            if not self.eval_worker.wait(timeout_ms):
                return False
            from PySide6.QtCore import QCoreApplication  # noqa: PLC0415

            QCoreApplication.sendPostedEvents(self)
        if self.worker is None:
            return True
        self.worker.request_stop()
        ok = self.worker.wait(timeout_ms)
        if ok:
            # deliver the queued signals now so that nothing of the run is lost
            from PySide6.QtCore import QCoreApplication  # noqa: PLC0415

            QCoreApplication.sendPostedEvents(self)
            QCoreApplication.processEvents()
        return ok

    def _set_state(self, state: str) -> None:
        self.state = state
        self.stateChanged.emit(state)

    # ------------------------------------------------------------------ worker reports
    def _on_train_begin(self, params: dict) -> None:
        self._steps = max(1, int(params.get("steps") or 1))

    def _on_logs(self, bundle) -> None:
        """A :class:`~.worker.LogBundle`: buffer it, tell the widgets (``logsHandled``), then let the
        worker go on once the repaints this caused are done."""
        if bundle.batches:
            self._on_batches(bundle.batches)
        if bundle.epochs:
            self._live_verdict = None
            self._on_epochs(bundle.epochs)
            if self._live_verdict is not None:  # a new in-run verdict (its numbers change every epoch)
                self._set_diagnosis(self._live_verdict)
        self.logsHandled.emit()
        worker = self.worker
        if worker is not None:
            worker.gui_sync.caught_up_later()

    def _on_batches(self, bundle: list) -> None:
        for epoch, batch, logs in bundle:
            self.batch_x.append(epoch + (batch + 1) / self._steps)
            self.batch_loss.append(float(logs.get("loss", np.nan)))
        self._batches_done += len(bundle)
        epoch, batch, _ = bundle[-1]
        folds = self.fold[1] if self.fold else 1
        total = max(1, (self._epochs - self._initial) * self._steps * folds)  # the whole run, every fold
        done = min(self._batches_done, total)
        elapsed = time.perf_counter() - self._t0
        eta = max(0.0, elapsed / done * (total - done)) if done else None  # never negative
        self.revision += 1
        p = {"epoch": epoch + 1, "epochs": self._epochs, "batch": batch + 1, "steps": self._steps, "eta": eta,
             "done": done, "total": total}
        if self.fold is not None:
            p.update(fold=self.fold[0] + 1, folds=self.fold[1])
        self.progress.emit(p)

    def _on_fold_begin(self, i: int, k: int) -> None:
        """A new fold: keep the finished fold's history, start fresh curves for this one."""
        if i > 0 and self.history:
            self.fold_histories.append(self.history)
        epochs, steps = self._epochs, self._steps
        self._reset_buffers()
        self._epochs, self._steps = epochs, steps  # the run's totals stay ("epoch 19/0" when they were reset)
        self.fold = (i, k)
        self.revision += 1

    def _on_epochs(self, bundle: list) -> None:
        """A bundle of ended epochs ``[(epoch, logs), ...]`` (the worker sends them by time, not one by one)."""
        for epoch, logs in bundle:
            self._on_epoch_end(epoch, logs)

    def _on_epoch_end(self, epoch: int, logs: dict) -> None:
        self.epochs_done.append(epoch + 1)
        for k, v in logs.items():
            self.history.setdefault(k, []).append(float(v))
        self.revision += 1
        self.epochEnded.emit(epoch, logs)
        d = self._applicable(self.coach.update(logs))  # O(1): a re-scan of the History was quadratic over a run
        if d is not None and d != self.diagnosis:
            self._live_verdict = d  # shown once per bundle (_on_logs), not once per epoch

    def _on_done(self, result: dict) -> None:
        worker = self.worker
        if worker is not None:
            worker.wait()
        if "folds" in result:
            result = self._finish_kfold(worker, result)
        if result.get("diverged"):
            d = D.divergence_at(result["diverged"][0] + 1, self.learning_rate())
        elif result.get("error"):
            d = None
            self.failed.emit(result["error"])
        else:
            h = KF.mean_curves(self.fold_histories) if "folds" in result else self.history
            d = D.diagnose(h, final=True, learning_rate=self.learning_rate())
        if d is not None:
            self._set_diagnosis(d)
        result = dict(result, diagnosis=d)
        self.last_result = result
        if self.epochs_done or self.fold_histories:
            self.model_exported = False  # a trained model is unsaved work until exported
        self._set_state("idle")
        self.finished.emit(result)

    def _finish_kfold(self, worker, result: dict) -> dict:
        """Keep the per-fold histories, the summary and the last fold's model (``result["kfold"]``)."""
        self.fold_histories = [h for h in result["folds"] if h]
        self.fold = None
        self.model = worker.model if worker is not None else self.model
        if worker is not None and worker.extra_callbacks:
            self.best_keeper = worker.extra_callbacks[0]
        self.kfold_summary = KF.final_summary(self.fold_histories)
        self.revision += 1
        return dict(result, kfold={"k": len(self.kfold_splits or ()), "folds_done": len(self.fold_histories),
                                   "summary": self.kfold_summary})

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

    # ------------------------------------------------------------------ remedies that are settings
    def lower_learning_rate(self, factor: float = 0.1) -> float:
        from netbuilder.core.remedies import scale_learning_rate  # noqa: PLC0415

        self.settings["optimizer"] = scale_learning_rate(self.settings["optimizer"], factor)
        return self.learning_rate()

    def restore_best_weights(self) -> int | None:
        """Put back the weights of the best epoch of the last run; returns that 1-based epoch."""
        keeper = self.best_keeper
        if keeper is None or keeper.weights is None or self.model is None or self.running:
            return None
        self.model.set_weights(keeper.weights)
        self.message.emit(self.tr("Restored the weights of epoch {n}.").format(n=keeper.best_epoch))
        return keeper.best_epoch

    # ------------------------------------------------------------------ evaluation
    def can_evaluate(self) -> bool:
        return (self.model is not None and self.data is not None and self.data.x_test is not None
                and not self.running and not self.evaluating)

    def evaluate(self) -> dict | None:
        """Test-set loss and metrics plus predictions, here in the calling thread:
        ``{"logs", "y_true", "y_pred", "task"}`` (None when there is nothing to evaluate)."""
        if not self.can_evaluate():
            return None
        logs, pred = self.model.evaluate_and_predict(self.data.x_test, self.data.y_test)
        return {"logs": logs, "y_true": self.data.y_test, "y_pred": pred, "task": self.data.task}

    def evaluate_in_background(self) -> bool:
        """:meth:`evaluate` in an :class:`~.worker.EvaluationWorker`: state ``"evaluating"`` until
        ``evaluated`` is emitted (Stop cancels it; Train waits). False when refused."""
        if not self.can_evaluate() or self.state != "idle":
            return False
        if self.eval_worker is not None:
            delete_finished(self.eval_worker)
        worker = self.eval_worker = EvaluationWorker(self.model, self.data.x_test, self.data.y_test, self)
        worker.progress.connect(self.evalProgress)
        worker.done.connect(self._on_evaluated)
        self._eval_data = self.data
        worker.start()
        self._set_state("evaluating")
        return True

    def _on_evaluated(self, result: dict) -> None:
        worker = self.eval_worker
        if worker is not None:
            worker.wait()
        data = self._eval_data
        self._eval_data = None
        if "logs" in result:
            result = {"logs": result["logs"], "y_true": data.y_test, "y_pred": result["y_pred"], "task": data.task}
        self._set_state("idle")
        self.evaluated.emit(result)
