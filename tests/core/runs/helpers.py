"""Small real runs for the run-history tests: a 2-16-1 network on the spirals, fixed seed."""

from __future__ import annotations

import copy
import time

from netbuilder.core import optimizers, utils
from netbuilder.core.datasets import playground
from netbuilder.core.models import model_from_config
from netbuilder.core.runs import RunRecord


def spiral_model(units=16, hidden=1) -> dict:
    layers = [{"name": "input_layer", "class_name": "InputLayer", "config": {"name": "input_layer",
                                                                            "batch_shape": [None, 2]}, "inputs": []}]
    prev = "input_layer"
    for i in range(hidden):
        name = "dense" if i == 0 else f"dense_{i}"
        layers.append({"name": name, "class_name": "Dense", "inputs": [prev],
                       "config": {"name": name, "units": units, "activation": "relu"}})
        prev = name
    layers.append({"name": "out", "class_name": "Dense", "inputs": [prev],
                   "config": {"name": "out", "units": 1, "activation": "sigmoid"}})
    return {"class_name": "Functional", "config": {"name": "spiral", "layers": layers,
                                                   "inputs": ["input_layer"], "outputs": ["out"]}}


SETTINGS = {"optimizer": {"class_name": "RMSprop", "config": {"learning_rate": 0.01}},
            "loss": "binary_crossentropy", "metrics": ["accuracy"], "epochs": 8, "batch_size": 32,
            "validation_split": 0.3, "seed": 0}


def data(samples=120):
    x, y = playground.spirals(samples=samples, noise=0.2, seed=1)
    return x, y


def train(model_cfg, settings=SETTINGS, samples=120):
    """Build, compile and fit ``model_cfg`` with ``settings``; returns ``(model, history dict, seconds)``."""
    utils.set_random_seed(int(settings["seed"]))
    model = model_from_config(copy.deepcopy(model_cfg))
    model.compile(optimizer=optimizers.get(copy.deepcopy(settings["optimizer"])), loss=settings["loss"],
                  metrics=list(settings["metrics"]))
    x, y = data(samples)
    t0 = time.perf_counter()
    h = model.fit(x, y, epochs=settings["epochs"], batch_size=settings["batch_size"],
                  validation_split=settings["validation_split"], verbose=0)
    return model, {k: list(v) for k, v in h.history.items()}, time.perf_counter() - t0


def record(model_cfg, settings=SETTINGS, name="run"):
    model, history, seconds = train(model_cfg, settings)
    return RunRecord(id="", name=name, model=model_cfg, settings=settings, history=history, seconds=seconds,
                     seed=settings["seed"]), model
