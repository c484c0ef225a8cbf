"""``TrainingController``: the QObject that owns the model while it trains.

Widgets call its methods (``start``, ``pause``, ``resume``, ``stop``, ``evaluate``) and listen to
its signals; they never reach into the model or the arrays themselves. The controller builds the
model from the graph's config, runs ``fit`` in a :class:`~.worker.TrainingWorker`, appends the
per-batch and per-epoch logs to the run's :class:`~.run_buffers.RunBuffers` (the plots read them on
their own timer) and asks the fit coach (:mod:`netbuilder.core.diagnosis`) for a verdict after every
log bundle and at the end. K-fold runs are followed by a :class:`~.kfold.KFoldRun`; a finished run is
reported as a :class:`~.run_result.RunResult`.

Graph edits during a run apply to the next run: the config is copied when Start is pressed, and a
changed graph makes the next Start begin from fresh weights.
"""

from __future__ import annotations

import copy
import time

from PySide6.QtCore import QCoreApplication, QObject, QTimer, Signal

from netbuilder.core import diagnosis as D
from netbuilder.core.callbacks import EarlyStopping

from . import holdout as HO
from . import kfold as KF
from . import run_setup as RS
from .evaluation_runner import EvaluationRunner
from .run_buffers import RunBuffers
from .run_reports import RunReports
from .run_result import RunResult, RunState
from .run_setup import BestWeights, TrainingData, data_signature, default_settings
from .worker import KFoldWorker, TrainingWorker, delete_finished

__all__ = ["TrainingController", "TrainingData", "RunBuffers", "RunResult", "RunState", "data_signature"]


class TrainingController(RunReports, EvaluationRunner, QObject):
    """Owns the model during training; turns the worker's reports into signals for the widgets.

    Signals:
        stateChanged(str): a :class:`~.run_result.RunState` value: ``"idle"``, ``"running"``,
            ``"paused"``, ``"stopping"``, ``"evaluating"`` (the test set, in an
            :class:`~.evaluation_worker.EvaluationWorker`; Stop cancels it).
        progress(dict): ``epoch``, ``epochs``, ``batch``, ``steps``, ``eta`` (seconds or None), ``done``
            and ``total`` batches of the whole run (every fold), ``fold``/``folds`` in a K-fold run.
        epochEnded(int, dict): 0-based epoch and its logs.
        finished(RunResult): the run's :class:`~.run_result.RunResult` (read as a dict it has the keys
            ``history``, ``stopped``, ``diverged``, ``error``, ``seconds``, ``diagnosis`` and, K-fold,
            ``folds`` and ``kfold``); also ``last_result``.
        diagnosisChanged(object): a :class:`netbuilder.core.diagnosis.Diagnosis`.
        message(str): a sentence for the status line.
        failed(str): an error that ended or prevented a run.
        dataChanged(): :meth:`set_data` was called.
        evaluated(dict): a background evaluation ended: :meth:`evaluate`'s dict, or ``{"stopped": True}``
            or ``{"error": str}``.
        evalProgress(int, int): batches of the test set done and their total.
        logsHandled(): a bundle of batch/epoch logs was buffered (the plots redraw then, when due).
        runCleared(): :meth:`clear_run` dropped the model and its run (another project was opened).

    Attributes:
        run: the current run's (or K-fold fold's) :class:`~.run_buffers.RunBuffers`, which the plots
            draw; a new run gets a new object and the old one becomes ``previous`` (the faint overlay).
        state: a :class:`~.run_result.RunState`. ``last_result``: the last :class:`~.run_result.RunResult`.
        kfold: the :class:`~.kfold.KFoldRun` of the current or last K-fold run. ``revision``: bumped on
            every change of the curves (the plots redraw when it changed).
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
        self._done_pending = None  # the worker's ``done`` waiting for its turn (_on_worker_done)
        self.state = RunState.IDLE
        self.diagnosis: D.Diagnosis | None = None
        self.last_result: RunResult | None = None
        self.early_stopping: EarlyStopping | None = None
        self.best_keeper: BestWeights | None = None
        self.revision = 0  # bumped on each change of the curves; the plots redraw when it changed
        self.kfold = KF.KFoldRun()
        self.previous: RunBuffers | None = None  # the previous run, drawn faintly behind the new one
        self._new_run(None)
        self.model_exported = True  # False while a trained model exists that was not exported (unsaved work)
        # request_data(on_ready) -> bool: load the chosen dataset (with progress) and call on_ready()
        # once it is in; True when a load began. None: Train without data says "Choose a dataset first."
        self.request_data = None
        # factories ``() -> Callback`` of callbacks added to every fit (each K-fold fold gets new ones),
        # after the window's own: features that watch a run from inside fit (the health and step views)
        self.run_callbacks: list = []
        self._init_evaluation()

    # ------------------------------------------------------------------ the run's curves
    def _new_run(self, data) -> None:
        """Fresh buffers for a run on ``data`` (a ``data_signature``), and a fresh in-run coach."""
        self.run = RunBuffers(data)
        self.revision += 1
        self._steps = 1
        self._epochs = self._initial = 0
        self.coach = D.LiveCoach(self.learning_rate())  # the in-run verdict at a constant cost per epoch
        self._live_verdict = None  # the newest in-run verdict of the bundle being handled

    # the run's arrays, under the names the widgets and tests have always used
    history = property(lambda self: self.run.history, doc="``{key: values}`` of the current run (or fold).")
    epochs_done = property(lambda self: self.run.epochs, doc="1-based numbers of the epochs with logs.")
    batch_x = property(lambda self: self.run.batch_x, doc="fractional epochs of the batch points.")
    batch_loss = property(lambda self: self.run.batch_loss, doc="each batch's loss.")
    run_data = property(lambda self: self.run.data, doc="data_signature() of the data the curves are of.")
    fold_histories = property(lambda self: self.kfold.histories, doc="finished folds of the K-fold run.")
    fold = property(lambda self: self.kfold.fold, doc="(0-based fold, k) while a K-fold run trains.")
    kfold_summary = property(lambda self: self.kfold.summary, doc="{key: (mean, std)} of the K-fold run.")
    kfold_splits = property(lambda self: self.kfold.splits, doc="[(train_idx, val_idx), ...] of the K-fold run.")

    def kfold_curves(self) -> dict:
        """For the plots: ``folds`` (each fold's history, the current one last) and ``mean``
        (per-epoch mean over them, :func:`.kfold.mean_curves`); empty when no K-fold run exists."""
        return self.kfold.curves(self.run.history)

    def buffers(self) -> dict:
        """The current run's arrays: ``history``, ``epochs``, ``batch_x``, ``batch_loss``, ``data``."""
        return self.run.as_dict()

    def comparable_previous(self) -> RunBuffers | None:
        """The previous run's buffers when it trained on the same dataset and task as the data loaded now
        (Boston's loss of ~600 behind an MNIST run flattened the new curves to a line), else None."""
        p = self.previous
        same = p is not None and p.data is not None and p.data == data_signature(self.data)
        return p if same else None

    def results_stale(self) -> bool:
        """True when the curves, the verdict and the results describe another network or dataset than the
        ones now on the canvas and loaded (edited since the run); a run in progress is never stale."""
        if self.state != RunState.IDLE or not (self.run or self.kfold.histories):
            return False
        return self.current_config() != self.model_config or data_signature(self.data) != self.run.data

    def clear_run(self) -> None:
        """Another project is open: its predecessor's model, curves, verdict and results go (the window
        asked to export a trained model first). The previous run stays for the overlay on the same data."""
        if self.running or self.evaluating:
            return
        if self.run:
            self.previous = self.run
        self.model = self.model_config = self.last_result = self.best_keeper = None
        self.model_exported = True
        self._new_run(None)
        self.kfold.clear()
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
        if self.state != RunState.IDLE:
            self.message.emit(self.tr("The graph changed during training: this run keeps the network it "
                                      "started with; the change applies to the next run (from fresh weights)."))

    @property
    def running(self) -> bool:
        return self.worker is not None and self.worker.isRunning()

    def can_continue(self) -> bool:
        """True when a trained model exists and the graph is unchanged since it was built."""
        return (self.model is not None and bool(self.run) and self.kfold.summary is None
                and self.current_config() == self.model_config)

    def kfold_enabled(self) -> bool:
        return self.settings.get("validation_mode") == "kfold"

    def learning_rate(self):
        return self.settings["optimizer"].get("config", {}).get("learning_rate")

    # ------------------------------------------------------------------ building
    def build_model(self, config: dict):
        """Build and compile a model from ``config`` with the current settings (seeded first)."""
        return RS.build_model(config, self.settings)

    def memory_problem(self, config=None, settings=None):
        """A :class:`~netbuilder.core.memory.MemoryTooLargeError` when training ``config`` (default: the
        current graph) with ``settings`` (default: the controller's) would not fit in the free memory."""
        config = self.current_config() if config is None else config
        return RS.memory_problem(config, self.settings if settings is None else settings, self.data)

    def _refused(self, config) -> bool:
        """Say why ``config`` cannot train now (too big for the memory, or a loss/output/label or data-shape
        mismatch: in words, never a traceback); True when refused."""
        from ..i18n import messages  # noqa: PLC0415
        from . import setup_problems as SP  # noqa: PLC0415

        exc = self.memory_problem(config)  # before any weight is allocated
        if exc is not None:
            self.failed.emit(messages.render(exc))
            return True
        try:
            blocking = SP.blocking(SP.find(config, self.settings, self.data))
        except Exception:  # noqa: BLE001 - the build below reports a graph the check cannot read
            return False
        if blocking:
            p = blocking[0]
            fix = self.tr(" Fix: {fix}.").format(fix=p.fixes[0].text()) if p.fixes else ""
            self.failed.emit(self.tr("Train is disabled: {why}").format(why=p.text()) + fix)
        return bool(blocking)

    def _cannot_build(self, exc) -> bool:
        from ..i18n import messages  # noqa: PLC0415

        self.failed.emit(self.tr("Cannot build the model: {error}").format(error=messages.render(exc)))
        return False

    def fit_kwargs(self, initial_epoch=0, n=None) -> dict:
        """:func:`.run_setup.fit_kwargs` for the current settings (``n``: the loaded training samples)."""
        return RS.fit_kwargs(self.settings, len(self.data.x_train) if n is None else n, initial_epoch)

    def fit_arrays(self, initial_epoch=0) -> tuple:
        """``(x, y, fit kwargs)`` for the loaded data and the current settings (:func:`.run_setup.fit_arrays`)."""
        return RS.fit_arrays(self.settings, self.data, initial_epoch)

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
        if self.running or self.evaluating or self._done_pending is not None:
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
        if self._refused(config):
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
                self.previous = self.run if self.run else self.previous
                self._new_run(data_signature(self.data))
                initial = 0
            else:
                # keep the weights and the optimizer state; compile again only if settings changed
                initial = int(self.run.epochs[-1])
            x, y, kw = self.fit_arrays(initial)
        except Exception as exc:  # a bad graph or setting: say it, do not crash the window
            return self._cannot_build(exc)
        self.kfold.clear()
        callbacks = self._make_callbacks(bool(kw.get("validation_split") or kw.get("validation_data")))
        self._epochs, self._initial = kw["epochs"], initial
        self._launch(TrainingWorker(self.model, x, y, kw, callbacks, self, **self._engine()))
        return True

    def _make_callbacks(self, has_validation: bool) -> list:
        """A fresh ``BestWeights`` keeper (first), ``EarlyStopping`` when asked for and there is validation,
        then one callback from each of ``run_callbacks``."""
        self.best_keeper = BestWeights()
        callbacks = [self.best_keeper]
        es = self.settings.get("early_stopping")
        self.early_stopping = None
        if es and has_validation:
            self.early_stopping = EarlyStopping(monitor="val_loss", patience=int(es.get("patience", 3)),
                                                restore_best_weights=bool(es.get("restore_best_weights", True)))
            callbacks.append(self.early_stopping)
        return callbacks + [make() for make in self.run_callbacks]

    def _engine(self) -> dict:
        """The settings' ``engine`` (``"netbuilder"`` or ``"keras"``) and ``devices`` for the worker."""
        return {"engine": self.settings.get("engine") or "netbuilder", "devices": self.settings.get("devices")}

    def _launch(self, worker) -> None:
        """Free the previous run's thread, wire ``worker``'s signals and start it."""
        self.diagnosis = None
        if self.worker is not None:  # the finished previous run's thread (start() refuses while it runs)
            delete_finished(self.worker)
        self.worker = worker
        worker.trainBegin.connect(self._on_train_begin)
        worker.logs.connect(self._on_logs)
        worker.note.connect(self.message)  # e.g. the Keras backend and devices the run uses
        worker.sync_with_gui = True  # the worker waits for _on_logs to catch up (worker.GuiSync)
        worker.start_after_gui()  # ... and its first batch for the window to show the start (released below)
        worker.done.connect(self._on_worker_done)
        self._run_settings = copy.deepcopy(self.settings)  # what the RunResult reports
        self._t0 = time.perf_counter()
        self._batches_done = 0
        worker.start()
        self._set_state(RunState.RUNNING)
        # through the event queue after the repaints the new state causes, and the views that follow a run a
        # turn after its start (Try it's live regions: a 1 ms timer) with theirs
        QTimer.singleShot(2, worker.gui_sync, worker.gui_sync.caught_up_later)

    def _start_kfold(self, config) -> bool:
        """K-fold cross-validation: ``k`` fresh models in one worker (see :class:`.worker.KFoldWorker`)."""
        k = int(self.settings.get("k_folds") or 4)
        try:
            self.build_model(config)  # fail here, in the GUI thread, on a bad graph or setting
            folds = KF.fold_arrays(self.data.x_train, self.data.y_train, k)
            kw = self.fit_kwargs(0, n=len(folds[0][0]))
        except Exception as exc:
            return self._cannot_build(exc)
        kw.pop("validation_split", None)
        self.model_config = copy.deepcopy(config)
        self.previous = self.run if self.run else self.previous
        self._new_run(data_signature(self.data))
        self.kfold.begin(len(self.data.x_train), k)
        self._epochs = kw["epochs"]
        worker = KFoldWorker(lambda: self.build_model(config), folds, kw,
                             lambda: self._make_callbacks(True), self, **self._engine())
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
        if self.running and self.state == RunState.RUNNING:
            self.worker.pause()
            self._set_state(RunState.PAUSED)

    def resume(self) -> None:
        if self.running and self.state == RunState.PAUSED:
            self.worker.resume()
            self._set_state(RunState.RUNNING)

    def stop(self) -> None:
        if self.running:
            self.worker.request_stop()
            self._set_state(RunState.STOPPING)
        elif self.evaluating:
            self.eval_worker.request_stop()
            self._set_state(RunState.STOPPING)

    def shutdown(self, timeout_ms: int = 10000) -> bool:
        """Stop a run or an evaluation and wait for its thread (window closing); True when none is left."""
        if not self._shutdown_evaluation(timeout_ms):
            return False
        if self.worker is None:
            return True
        self.worker.request_stop()
        ok = self.worker.wait(timeout_ms)
        if ok:  # deliver the queued signals now so that nothing of the run is lost
            QCoreApplication.sendPostedEvents(self)
            self._finish_pending_run()  # the run's end now, not a turn later
            QCoreApplication.processEvents()
        return ok

    def _set_state(self, state: RunState) -> None:
        self.state = RunState(state)
        self.stateChanged.emit(self.state.value)

    def restore_best_weights(self) -> int | None:
        """Put back the weights of the best epoch of the last run; returns that 1-based epoch."""
        keeper = self.best_keeper
        if keeper is None or keeper.weights is None or self.model is None or self.running:
            return None
        self.model.set_weights(keeper.weights)
        self.message.emit(self.tr("Restored the weights of epoch {n}.").format(n=keeper.best_epoch))
        return keeper.best_epoch
