"""What a training run is set up with: its data (``TrainingData``), the settings form's defaults
(``default_settings``), the model and ``fit`` arguments they make (``build_model``, ``fit_kwargs``,
``fit_arrays``) and the callback that keeps the best epoch's weights (``BestWeights``)."""

from __future__ import annotations

import copy
import weakref
from dataclasses import dataclass, field

import numpy as np

from netbuilder.core import memory, optimizers, utils
from netbuilder.core.callbacks import Callback
from netbuilder.core.models import model_from_config

from . import holdout as HO


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
            "validation_split": 0.2, "shuffle": True, "seed": 0, "early_stopping": None,
            "validation_mode": "split", "k_folds": 4, "validation_samples": 1000, "engine": "netbuilder",
            "devices": None}


def data_signature(data) -> tuple | None:
    """What identifies a dataset for comparing runs: name, task and the shapes of one sample and label."""
    if data is None:
        return None
    return (data.name, data.task, tuple(np.shape(data.x_train)[1:]), tuple(np.shape(data.y_train)[1:]))


def build_model(config: dict, settings: dict):
    """A model built from ``config`` and compiled with ``settings`` (optimizer, loss, metrics), after
    seeding the random generators with ``settings["seed"]`` (None: not seeded).

    As headless ``utils.set_random_seed(seed)`` then ``model_from_config``: the initial weights are
    the first draws of the seeded generator. The build then takes that generator (``utils.take_rng``:
    the thread goes on with a copy in the same state) and :func:`run_rng` keeps it, for the model's
    run to draw its dropout masks and shuffles from and no one else. Inside a ``utils.use_rng``
    block (see :func:`built_apart`) the seed and the draws stay in the block."""
    if settings.get("seed") is not None:
        utils.set_random_seed(int(settings["seed"]))
    model = model_from_config(copy.deepcopy(config))
    model.compile(optimizer=optimizers.get(copy.deepcopy(settings["optimizer"])), loss=settings["loss"],
                  metrics=list(settings.get("metrics") or []))
    _RUN_RNG[model] = utils.take_rng()
    return model


#: model → the generator its build drew from (see :func:`run_rng`); forgotten with the model.
_RUN_RNG: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()


def run_rng(model) -> np.random.Generator | None:
    """The generator :func:`build_model` built ``model`` from, advanced past its initial weights (None
    for a model it did not build). A run fitted inside ``utils.use_rng(run_rng(model))`` draws its
    dropout masks, noise and shuffles from its own seeded stream, whatever other threads seed or draw
    meanwhile (the shared generator is a copy since the build; ``set_random_seed`` replaces it)."""
    return _RUN_RNG.get(model)


def built_apart(build) -> tuple:
    """``(model, generator)``: ``build()`` (e.g. ``lambda: controller.build_model(config)``) run inside
    a generator of its own, so the model has the initial weights Train would give it for the same seed,
    and neither the seeding nor the draws touch the generator a run may be drawing from in another
    thread. Train the model inside ``utils.use_rng(generator)``: its masks and shuffles then follow on
    as the run's would (the step mode, the cost view's measurement, the look-inside views use this)."""
    with utils.use_rng(np.random.default_rng()):
        model = build()
        return model, run_rng(model) or utils.rng()


def run_batch_size(settings: dict, n: int | None) -> int:
    """The batch size a run of ``settings`` uses: the number set, or for ``"all"`` (also None or 0)
    the ``n`` training samples (32, Keras's default, when ``n`` is not known yet)."""
    bs = settings.get("batch_size")
    if bs in (None, "all", 0):
        return int(n) if n is not None else 32
    return int(bs)


def memory_problem(config: dict | None, settings: dict, data: TrainingData | None):
    """A :class:`~netbuilder.core.memory.MemoryTooLargeError` when training ``config`` with ``settings``
    (batch size ``"all"``: the ``data``'s training samples, 32 without data) would not fit in the free
    memory, else None (also for a graph the estimate cannot read: the build reports it)."""
    if not config:
        return None
    bs = run_batch_size(settings, len(data.x_train) if data is not None else None)
    try:
        memory.check_fits(memory.estimate(config, bs, settings.get("optimizer")))
    except memory.MemoryTooLargeError as exc:
        return exc
    except Exception:  # noqa: BLE001 - a graph the estimate cannot read is reported by the build
        return None
    return None


def fit_kwargs(settings: dict, n: int, initial_epoch: int = 0) -> dict:
    """``fit``'s ``epochs`` (``initial_epoch`` + the settings' epochs), ``batch_size`` (``"all"``: the
    ``n`` training samples), ``shuffle``, ``initial_epoch`` and, for the fractional split,
    ``validation_split``."""
    kw = {"epochs": initial_epoch + int(settings["epochs"]), "batch_size": run_batch_size(settings, n),
          "shuffle": bool(settings.get("shuffle", True)), "initial_epoch": initial_epoch}
    vs = float(settings.get("validation_split") or 0.0)
    if vs > 0 and settings.get("validation_mode") not in HO.MODES:
        kw["validation_split"] = vs
    return kw


def fit_arrays(settings: dict, data: TrainingData, initial_epoch: int = 0) -> tuple:
    """``(x, y, fit kwargs)``: with validation on the first/last N samples, those go to ``fit`` as
    ``validation_data`` and the rest trains; otherwise all training samples and :func:`fit_kwargs`."""
    x, y = data.x_train, data.y_train
    mode = settings.get("validation_mode")
    if mode not in HO.MODES:
        return x, y, fit_kwargs(settings, len(x), initial_epoch)
    x, y, val = HO.hold_out(x, y, mode, int(settings.get("validation_samples") or 0))
    return x, y, {**fit_kwargs(settings, len(x), initial_epoch), "validation_data": val}


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
