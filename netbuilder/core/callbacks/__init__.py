"""Training callbacks with Keras 3's hooks, names, arguments and semantics.

``fit`` calls ``on_train_begin``, then per epoch ``on_epoch_begin``, per batch
``on_train_batch_begin``/``on_train_batch_end(batch, logs)`` (logs: running epoch averages),
``on_epoch_end(epoch, logs)`` (logs: the epoch's ``loss``, metrics and ``val_*`` values), and
finally ``on_train_end``. A callback sees ``self.model`` with ``stop_training`` (set it to stop
after the current batch/epoch), ``get_weights()``/``set_weights()``, ``save(path)``,
``save_weights(path)`` and ``optimizer.learning_rate`` (a settable float).

Callbacks here: ``History``, ``EarlyStopping``, ``TerminateOnNaN``, ``ReduceLROnPlateau``,
``ModelCheckpoint``, ``CSVLogger``, ``LambdaCallback`` and ``ProgbarLogger`` (the console
progress bar of ``fit(verbose=1)``/``verbose=2``).
"""

from __future__ import annotations

from ..registry import CALLBACKS
from .base import Callback, CallbackList, History
from .loggers import CSVLogger, LambdaCallback
from .monitor import EarlyStopping, ModelCheckpoint, ReduceLROnPlateau, TerminateOnNaN, auto_mode
from .progbar import Progbar, ProgbarLogger

CALLBACKS.register(Callback, name="Callback")
CALLBACKS.register(History, name="History", aliases=("history",))
CALLBACKS.register(EarlyStopping, name="EarlyStopping", aliases=("early_stopping",))
CALLBACKS.register(TerminateOnNaN, name="TerminateOnNaN", aliases=("terminate_on_nan",))
CALLBACKS.register(ReduceLROnPlateau, name="ReduceLROnPlateau", aliases=("reduce_lr_on_plateau",))
CALLBACKS.register(ModelCheckpoint, name="ModelCheckpoint", aliases=("model_checkpoint",))
CALLBACKS.register(CSVLogger, name="CSVLogger", aliases=("csv_logger",))
CALLBACKS.register(LambdaCallback, name="LambdaCallback", aliases=("lambda_callback",))
CALLBACKS.register(ProgbarLogger, name="ProgbarLogger", aliases=("progbar_logger",))

__all__ = ["Callback", "CallbackList", "History", "EarlyStopping", "TerminateOnNaN", "ReduceLROnPlateau",
           "ModelCheckpoint", "CSVLogger", "LambdaCallback", "ProgbarLogger", "Progbar", "auto_mode"]
