"""Callbacks that act on a monitored quantity or the loss: ``EarlyStopping``,
``ReduceLROnPlateau``, ``ModelCheckpoint`` (Keras 3 arguments and semantics), ``TerminateOnNaN``."""

from __future__ import annotations

import math
import os
import warnings

from .. import validate
from .base import Callback


#: substrings of metric names that improve upwards (mode="auto" picks "max" for them).
MAX_MODE_WORDS = ("acc", "auc", "precision", "recall", "f1_score", "fbeta_score", "iou", "r2_score")


def auto_mode(monitor: str) -> str:
    """``"max"`` for accuracy-like names (``accuracy``, ``val_auc``, ``precision``, ...),
    else ``"min"`` (losses and errors)."""
    name = monitor.lower()
    return "max" if any(w in name for w in MAX_MODE_WORDS) else "min"


class _Monitor(Callback):
    """Shared logic of callbacks that watch ``logs[monitor]`` (Keras's ``MonitorCallback``)."""

    def __init__(self, monitor, mode, min_delta):
        super().__init__()
        if mode not in ("auto", "min", "max"):
            warnings.warn(f"{type(self).__name__} mode {mode!r} is unknown, falling back to 'auto'",
                          stacklevel=3)
            mode = "auto"
        self.monitor = monitor
        self.mode = mode
        self.min_delta = abs(validate.number(min_delta, "min_delta", where=type(self).__name__,
                                             must="a number"))

    @property
    def direction(self) -> str:
        """``"min"`` or ``"max"``: the resolved mode."""
        return auto_mode(self.monitor) if self.mode == "auto" else self.mode

    def _initial_best(self) -> float:
        return math.inf if self.direction == "min" else -math.inf

    def _is_improvement(self, value, reference) -> bool:
        """``value`` beats ``reference`` by more than ``min_delta`` in the monitored direction."""
        if reference is None:
            return True
        if self.direction == "min":
            return value + self.min_delta < reference
        return value - self.min_delta > reference

    def _get_monitor_value(self, logs):
        value = (logs or {}).get(self.monitor)
        if value is None:
            warnings.warn(f"{type(self).__name__} is conditioned on metric {self.monitor!r}, which is not "
                          f"available. Available metrics are: {', '.join(logs or {}) or '(none)'}",
                          stacklevel=3)
            return None
        return float(value)


class EarlyStopping(_Monitor):
    """Stop training when ``monitor`` has stopped improving.

    Each epoch's ``logs[monitor]`` counts as an improvement when it beats the best value so far
    by more than ``min_delta``; after ``patience`` epochs without one, ``model.stop_training``
    is set (never at epoch 0).

    Args:
        monitor: the quantity to watch (default ``"val_loss"``).
        min_delta: smallest change that counts as an improvement.
        patience: epochs without improvement before stopping.
        verbose: 1 prints a message when stopping / restoring.
        mode: ``"min"``, ``"max"`` or ``"auto"`` (``"max"`` for names containing ``acc``,
            ``auc``, ``precision``, ``recall``, ... else ``"min"``).
        baseline: the wait counter is reset only by values that also beat ``baseline``, so
            training stops after ``patience`` epochs if it never gets past it.
        restore_best_weights: at the end of training, set the weights of the best epoch.
            **netbuilder restores them also when training ran all its epochs without stopping
            early**, so the model always ends with its best weights. tf.keras (2.x) and
            Keras 3.0 restore only when they stop early; later Keras 3 releases also restore at
            the end.
        start_from_epoch: epochs to wait before monitoring starts (warm-up).

    Attributes: ``stopped_epoch`` (0-based, 0 if not stopped), ``best``, ``best_epoch``, ``wait``.
    """

    def __init__(self, monitor="val_loss", min_delta=0, patience=0, verbose=0, mode="auto",
                 baseline=None, restore_best_weights=False, start_from_epoch=0):
        super().__init__(monitor, mode, min_delta)
        self.patience = validate.non_negative_int(patience, "patience", where="EarlyStopping")
        self.verbose = verbose
        self.baseline = baseline
        self.restore_best_weights = bool(restore_best_weights)
        self.start_from_epoch = validate.non_negative_int(start_from_epoch, "start_from_epoch",
                                                          where="EarlyStopping")
        self.on_train_begin()

    def on_train_begin(self, logs=None):
        self.wait = 0
        self.stopped_epoch = 0
        self.best = self._initial_best()
        self.best_weights = None
        self.best_epoch = 0

    def on_epoch_end(self, epoch, logs=None):
        current = self._get_monitor_value(logs)
        if current is None or epoch < self.start_from_epoch:
            return
        if self.restore_best_weights and self.best_weights is None:
            # the first monitored epoch is the best so far
            self.best_weights = self.model.get_weights()
            self.best_epoch = epoch
        self.wait += 1
        if self._is_improvement(current, self.best):
            self.best = current
            self.best_epoch = epoch
            if self.restore_best_weights:
                self.best_weights = self.model.get_weights()
            if self.baseline is None or self._is_improvement(current, self.baseline):
                self.wait = 0
            return
        if self.wait >= self.patience and epoch > 0:
            self.stopped_epoch = epoch
            self.model.stop_training = True

    def on_train_end(self, logs=None):
        if self.stopped_epoch > 0 and self.verbose > 0:
            print(f"Epoch {self.stopped_epoch + 1}: early stopping")
        if self.restore_best_weights and self.best_weights is not None:
            if self.verbose > 0:
                print(f"Restoring model weights from the end of the best epoch: {self.best_epoch + 1}.")
            self.model.set_weights(self.best_weights)


class TerminateOnNaN(Callback):
    """Stop training as soon as a batch loss is NaN or infinite.

    Args:
        raise_error: raise ``RuntimeError`` instead of setting ``model.stop_training``.
    """

    def __init__(self, raise_error=False):
        super().__init__()
        self.raise_error = bool(raise_error)

    def on_train_batch_end(self, batch, logs=None):
        loss = (logs or {}).get("loss")
        if loss is not None and not math.isfinite(float(loss)):
            if self.raise_error:
                raise RuntimeError(f"NaN or Inf loss encountered at batch {batch}. Loss value: {loss}. "
                                   "Terminating training immediately.")
            print(f"Batch {batch}: Invalid loss, terminating training")
            self.model.stop_training = True


class ReduceLROnPlateau(_Monitor):
    """Multiply the learning rate by ``factor`` when ``monitor`` stops improving.

    After ``patience`` epochs without an improvement larger than ``min_delta``, sets
    ``model.optimizer.learning_rate = max(lr * factor, min_lr)``, then waits ``cooldown`` epochs
    before counting again. Adds ``logs["learning_rate"]`` (the rate used in that epoch).

    Args:
        monitor: the quantity to watch (default ``"val_loss"``).
        factor: ``new_lr = lr * factor`` (must be < 1).
        patience: epochs without improvement before reducing.
        verbose: 1 prints a message on each reduction.
        mode: ``"min"``, ``"max"`` or ``"auto"`` (as in ``EarlyStopping``).
        min_delta: threshold for an improvement.
        cooldown: epochs to wait after a reduction before resuming normal operation.
        min_lr: lower bound on the learning rate.
    """

    def __init__(self, monitor="val_loss", factor=0.1, patience=10, verbose=0, mode="auto",
                 min_delta=1e-4, cooldown=0, min_lr=0.0, **kwargs):
        if "epsilon" in kwargs:  # the tf.keras 1.x name of min_delta
            min_delta = kwargs.pop("epsilon")
        if kwargs:
            raise TypeError(f"ReduceLROnPlateau: unexpected keyword argument(s): {', '.join(sorted(kwargs))}")
        # Keras refuses factor >= 1.0 (it would never lower the rate); a negative one would make it < 0
        self.factor = validate.number(factor, "factor", where="ReduceLROnPlateau", lo=0.0, hi=1.0, hi_open=True,
                                      must="a number in [0, 1)", code="lr_factor")
        super().__init__(monitor, mode, min_delta)
        where = "ReduceLROnPlateau"
        self.patience = validate.non_negative_int(patience, "patience", where=where)
        self.verbose = verbose
        self.cooldown = validate.non_negative_int(cooldown, "cooldown", where=where)
        self.min_lr = validate.non_negative_float(min_lr, "min_lr", where=where)
        self._reset()

    def _reset(self):
        self.best = self._initial_best()
        self.cooldown_counter = 0
        self.wait = 0

    def on_train_begin(self, logs=None):
        self._reset()

    def in_cooldown(self) -> bool:
        return self.cooldown_counter > 0

    def on_epoch_end(self, epoch, logs=None):
        logs = logs if logs is not None else {}
        logs["learning_rate"] = float(self.model.optimizer.learning_rate)
        current = self._get_monitor_value(logs)
        if current is None:
            return
        if self.in_cooldown():
            self.cooldown_counter -= 1
            self.wait = 0
        if self._is_improvement(current, self.best):
            self.best = current
            self.wait = 0
        elif not self.in_cooldown():
            self.wait += 1
            if self.wait >= self.patience:
                old_lr = float(self.model.optimizer.learning_rate)
                if old_lr > self.min_lr:
                    new_lr = max(old_lr * self.factor, self.min_lr)
                    self.model.optimizer.learning_rate = new_lr
                    if self.verbose > 0:
                        print(f"\nEpoch {epoch + 1}: ReduceLROnPlateau reducing learning rate to {new_lr}.")
                    self.cooldown_counter = self.cooldown
                    self.wait = 0


class ModelCheckpoint(_Monitor):
    """Save the model (or its weights) during training.

    Args:
        filepath: where to save; may hold ``str.format`` fields filled from the epoch (1-based)
            and the logs, e.g. ``"ckpt/{epoch:02d}-{val_loss:.2f}.nbm"``. Folders are created.
        monitor: the quantity that decides "best" (default ``"val_loss"``).
        verbose: 1 prints a message on each save / skip.
        save_best_only: save only when ``monitor`` improved (a path without fields is then
            overwritten by each new best).
        save_weights_only: call ``model.save_weights(path)`` instead of ``model.save(path)``.
        mode: ``"min"``, ``"max"`` or ``"auto"`` (as in ``EarlyStopping``).
        save_freq: ``"epoch"``, or an int: save every that many batches.
        initial_value_threshold: the "best" value to beat before the first save.

    Unlike Keras, the file extension is not checked: ``model.save`` picks the format.
    """

    def __init__(self, filepath, monitor="val_loss", verbose=0, save_best_only=False,
                 save_weights_only=False, mode="auto", save_freq="epoch", initial_value_threshold=None):
        super().__init__(monitor, mode, 0)
        if not (isinstance(save_freq, str) and save_freq == "epoch"):
            save_freq = validate.positive_int(save_freq, "save_freq", where="ModelCheckpoint",
                                              must="'epoch' or a positive int", code="save_freq")
        self.filepath = os.fspath(filepath)
        self.verbose = verbose
        self.save_best_only = bool(save_best_only)
        self.save_weights_only = bool(save_weights_only)
        self.save_freq = save_freq
        self.initial_value_threshold = initial_value_threshold
        self.best = initial_value_threshold
        self._epoch = 0
        self._batches_since_save = 0

    def on_train_begin(self, logs=None):
        self._batches_since_save = 0

    def on_epoch_begin(self, epoch, logs=None):
        self._epoch = epoch

    def on_train_batch_end(self, batch, logs=None):
        if self.save_freq == "epoch":
            return
        self._batches_since_save += 1
        if self._batches_since_save >= self.save_freq:
            self._batches_since_save = 0
            self._save(self._epoch, batch, logs)

    def on_epoch_end(self, epoch, logs=None):
        if self.save_freq == "epoch":
            self._save(epoch, None, logs)

    def _format_path(self, epoch, batch, logs) -> str:
        fields = dict(logs or {})
        fields["epoch"] = epoch + 1
        if batch is not None:
            fields.setdefault("batch", batch + 1)
        try:
            return self.filepath.format(**fields)
        except KeyError as exc:
            raise KeyError(f"ModelCheckpoint cannot fill the field {exc} of filepath {self.filepath!r}; "
                           f"available fields: epoch, {', '.join(logs or {})}") from None

    def _should_save(self, epoch, logs, path) -> bool:
        if not self.save_best_only:
            if self.verbose > 0:
                print(f"\nEpoch {epoch + 1}: saving model to {path}")
            return True
        current = (logs or {}).get(self.monitor)
        if current is None:
            warnings.warn(f"Can save best model only with {self.monitor} available.", stacklevel=3)
            return True
        best = "None" if self.best is None or math.isinf(self.best) else f"{self.best:.5f}"
        if self._is_improvement(float(current), self.best):
            if self.verbose > 0:
                print(f"\nEpoch {epoch + 1}: {self.monitor} improved from {best} to {float(current):.5f}, "
                      f"saving model to {path}")
            self.best = float(current)
            return True
        if self.verbose > 0:
            print(f"\nEpoch {epoch + 1}: {self.monitor} did not improve from {best}")
        return False

    def _save(self, epoch, batch, logs):
        path = self._format_path(epoch, batch, logs)
        if not self._should_save(epoch, logs, path):
            return
        folder = os.path.dirname(path)
        if folder:
            os.makedirs(folder, exist_ok=True)
        if os.path.isdir(path):
            raise IsADirectoryError(f"ModelCheckpoint needs a file path, but {path!r} is a folder")
        if self.save_weights_only:
            self.model.save_weights(path)
        else:
            self.model.save(path)
