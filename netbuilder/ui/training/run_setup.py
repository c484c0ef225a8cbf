"""What a training run is set up with: its data (``TrainingData``), the settings form's defaults
(``default_settings``) and the callback that keeps the best epoch's weights (``BestWeights``)."""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from netbuilder.core.callbacks import Callback


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
            "validation_mode": "split", "k_folds": 4, "validation_samples": 1000}


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
