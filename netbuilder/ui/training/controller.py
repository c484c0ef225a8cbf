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
from dataclasses import dataclass, field

import numpy as np
from PySide6.QtCore import QObject, Signal

from netbuilder.core import diagnosis as D
from netbuilder.core import optimizers, utils
from netbuilder.core.callbacks import Callback, EarlyStopping
from netbuilder.core.models import model_from_config

from .worker import TrainingWorker


@dataclass
class TrainingData:
    """Arrays to train on and facts about them (``task``: binary/multiclass/regression)."""

    name: str
    x_train: np.ndarray
    y_train: np.ndarray
    x_test: np.ndarray | None = None
    y_test: np.ndarray | None = None
    task: str | None = None
    info: dict = field(default_factory=dict)


def default_settings() -> dict:
    """The settings the config panel starts from (Keras defaults)."""
    return {"optimizer": {"class_name": "RMSprop", "config": {"learning_rate": 0.001}},
            "loss": "categorical_crossentropy", "metrics": ["accuracy"], "epochs": 10, "batch_size": 32,
            "validation_split": 0.2, "shuffle": True, "seed": 0, "early_stopping": None}


class BestWeights(Callback):
    """Keeps a copy of the weights of the epoch with the lowest ``val_loss`` (or ``loss``)."""

    def __init__(self):
        super().__init__()
        self.best = np.inf
        self.best_epoch = None
        self.weights = None

    def on_epoch_end(self, epoch, logs=None):
        logs = logs or {}
        value = logs.get("val_loss", logs.get("loss"))
        if value is not None and np.isfinite(value) and value < self.best:
            self.best, self.best_epoch = float(value), epoch + 1
            self.weights = self.model.get_weights()


class TrainingController(QObject):
    """Owns the model during training; turns the worker's reports into signals for the widgets.

    Signals:
        stateChanged(str): ``"idle"``, ``"running"``, ``"paused"``, ``"stopping"``.
        progress(dict): ``epoch``, ``epochs``, ``batch``, ``steps``, ``eta`` (seconds or None).
        epochEnded(int, dict): 0-based epoch and its logs.
        finished(dict): the worker's result plus ``diagnosis``.
        diagnosisChanged(object): a :class:`netbuilder.core.diagnosis.Diagnosis`.
        message(str): a sentence for the status line.
        failed(str): an error that ended or prevented a run.
    """

    stateChanged = Signal(str)
    progress = Signal(object)
    epochEnded = Signal(int, object)
    finished = Signal(object)
    diagnosisChanged = Signal(object)
    message = Signal(str)
    failed = Signal(str)
    dataChanged = Signal()

    def __init__(self, config_provider=None, parent=None):
        super().__init__(parent)
        self.config_provider = config_provider
        self.settings = default_settings()
        self.data: TrainingData | None = None
        self.model = None
        self.model_config = None  # config the current model was built from
        self.worker: TrainingWorker | None = None
        self.state = "idle"
        self.diagnosis: D.Diagnosis | None = None
        self.last_result: dict | None = None
        self.early_stopping: EarlyStopping | None = None
        self.best_keeper: BestWeights | None = None
        self._reset_buffers()
        self.previous = None  # the previous run's buffers, drawn faintly behind the new run

    # ------------------------------------------------------------------ buffers
    def _reset_buffers(self):
        self.history: dict[str, list] = {}
        self.epochs_done: list[int] = []  # 1-based epoch numbers with logs
        self.batch_x: list[float] = []  # fractional epochs (epoch + (batch + 1) / steps)
        self.batch_loss: list[float] = []
        self.revision = 0  # bumped on each new log; the plots redraw when it changed
        self._steps = 1
        self._epochs = 0

    def buffers(self) -> dict:
        """A snapshot for plotting: ``history``, ``epochs``, ``batch_x``, ``batch_loss``."""
        return {"history": self.history, "epochs": self.epochs_done, "batch_x": self.batch_x,
                "batch_loss": self.batch_loss}

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

    def can_continue(self) -> bool:
        """True when a trained model exists and the graph is unchanged since it was built."""
        return self.model is not None and bool(self.epochs_done) and self.current_config() == self.model_config

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

    def fit_kwargs(self, initial_epoch=0) -> dict:
        s = self.settings
        n = len(self.data.x_train)
        bs = s.get("batch_size")
        bs = n if bs in (None, "all", 0) else int(bs)
        kw = {"epochs": initial_epoch + int(s["epochs"]), "batch_size": bs, "shuffle": bool(s.get("shuffle", True)),
              "initial_epoch": initial_epoch}
        vs = float(s.get("validation_split") or 0.0)
        if vs > 0:
            kw["validation_split"] = vs
        return kw

    # ------------------------------------------------------------------ run control
    def start(self, fresh: bool = True) -> bool:
        """Start a run (``fresh``: new weights; else continue the trained model). False if refused."""
        if self.running:
            return False
        if self.data is None:
            self.failed.emit(self.tr("Choose a dataset first."))
            return False
        config = self.current_config()
        if config is None:
            self.failed.emit(self.tr("There is no network to train."))
            return False
        try:
            if fresh or not self.can_continue():
                self.model = self.build_model(config)
                self.model_config = copy.deepcopy(config)
                self.previous = self.buffers() if self.epochs_done else self.previous
                self._reset_buffers()
                initial = 0
            else:
                # keep the weights and the optimizer state; compile again only if settings changed
                initial = max(self.epochs_done)
            kw = self.fit_kwargs(initial)
        except Exception as exc:  # a bad graph or setting: say it, do not crash the window
            from ..i18n import messages  # noqa: PLC0415

            self.failed.emit(self.tr("Cannot build the model: {error}").format(error=messages.render(exc)))
            return False
        self.best_keeper = BestWeights()
        callbacks = [self.best_keeper]
        es = self.settings.get("early_stopping")
        self.early_stopping = None
        if es and kw.get("validation_split"):
            self.early_stopping = EarlyStopping(monitor="val_loss", patience=int(es.get("patience", 3)),
                                                restore_best_weights=bool(es.get("restore_best_weights", True)))
            callbacks.append(self.early_stopping)
        self._epochs = kw["epochs"]
        self.diagnosis = None
        old = self.worker
        if old is not None:  # the finished previous run's thread: free it (it was kept as our child)
            old.model = old.x = old.y = old.extra_callbacks = None
            old.setParent(None)
            old.deleteLater()
        self.worker = TrainingWorker(self.model, self.data.x_train, self.data.y_train, kw, callbacks, self)
        self.worker.trainBegin.connect(self._on_train_begin)
        self.worker.batchLogs.connect(self._on_batches)
        self.worker.epochEnd.connect(self._on_epoch_end)
        self.worker.done.connect(self._on_done)
        self._t0 = time.perf_counter()
        self._batches_done = 0
        self._initial = initial
        self.worker.start()
        self._set_state("running")
        return True

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

    def shutdown(self, timeout_ms: int = 10000) -> bool:
        """Stop a run and wait for its thread (window closing); True when no thread is left."""
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

    def _on_batches(self, bundle: list) -> None:
        for epoch, batch, logs in bundle:
            self.batch_x.append(epoch + (batch + 1) / self._steps)
            self.batch_loss.append(float(logs.get("loss", np.nan)))
        self._batches_done += len(bundle)
        epoch, batch, _ = bundle[-1]
        total = (self._epochs - self._initial) * self._steps
        elapsed = time.perf_counter() - self._t0
        eta = elapsed / self._batches_done * (total - self._batches_done) if self._batches_done else None
        self.revision += 1
        self.progress.emit({"epoch": epoch + 1, "epochs": self._epochs, "batch": batch + 1, "steps": self._steps,
                            "eta": eta})

    def _on_epoch_end(self, epoch: int, logs: dict) -> None:
        self.epochs_done.append(epoch + 1)
        for k, v in logs.items():
            self.history.setdefault(k, []).append(float(v))
        self.revision += 1
        self.epochEnded.emit(epoch, logs)
        d = D.diagnose(self.history, final=False, learning_rate=self.learning_rate())
        if d.kind in ("overfitting", "divergence"):
            self._set_diagnosis(d)

    def _on_done(self, result: dict) -> None:
        worker = self.worker
        if worker is not None:
            worker.wait()
        if result.get("diverged"):
            d = D.divergence_at(result["diverged"][0] + 1, self.learning_rate())
        elif result.get("error"):
            d = None
            self.failed.emit(result["error"])
        else:
            d = D.diagnose(self.history, final=True, learning_rate=self.learning_rate())
        if d is not None:
            self._set_diagnosis(d)
        result = dict(result, diagnosis=d)
        self.last_result = result
        self._set_state("idle")
        self.finished.emit(result)

    def _set_diagnosis(self, d) -> None:
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
    def evaluate(self) -> dict | None:
        """Test-set loss and metrics plus predictions: ``{"logs", "y_true", "y_pred", "task"}``."""
        if self.model is None or self.data is None or self.data.x_test is None or self.running:
            return None
        logs = self.model.evaluate(self.data.x_test, self.data.y_test, verbose=0, return_dict=True)
        pred = self.model.predict(self.data.x_test, verbose=0)
        return {"logs": logs, "y_true": self.data.y_test, "y_pred": pred, "task": self.data.task}
