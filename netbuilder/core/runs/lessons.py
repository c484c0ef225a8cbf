"""The book's overfitting and underfitting lessons as sets of runs (Chollet, *Deep Learning with Python*).

Each lesson turns a tutorial project's network into the variants the book compares, as pure functions on
model config dicts (the window opens the project, then trains each variant on the same data and seed):

- ``imdb_capacity``: the IMDB network (Dense 16 → Dense 16 → Dense 1) against a smaller one (4 units per
  hidden layer) and a bigger one (512 units): the bigger one overfits almost at once, the smaller one later.
- ``imdb_l2``: the same network against one with ``kernel_regularizer=L2(0.001)`` on its hidden layers.
- ``imdb_dropout``: against one with ``Dropout(0.5)`` after each hidden layer.
- ``mnist_underfit``: the MNIST table network (Dense 512) against a 1-unit and a 4-unit hidden layer,
  which cannot hold what ten digits need: the training loss itself stays high.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass, field

from .. import remedies


@dataclass(frozen=True)
class Lesson:
    """``key``; ``example``: the project it starts from; ``settings``: overrides of its training settings."""

    key: str
    example: str
    settings: dict = field(default_factory=dict)


#: The book trains the IMDB comparisons 20 epochs; MNIST's underfitting shows in 10 with a validation split.
LESSONS = {
    "imdb_capacity": Lesson("imdb_capacity", "imdb_dense", {"epochs": 20}),
    "imdb_l2": Lesson("imdb_l2", "imdb_dense", {"epochs": 20}),
    "imdb_dropout": Lesson("imdb_dropout", "imdb_dense", {"epochs": 20}),
    "mnist_underfit": Lesson("mnist_underfit", "mnist_dense",
                             {"epochs": 10, "validation_mode": "split", "validation_split": 0.2}),
}


def _hidden_dense(cfg: dict) -> list:
    outs = set(remedies.output_names(cfg))
    return [e for e in cfg["config"]["layers"] if e["class_name"] == "Dense"
            and (e.get("name") or e["config"].get("name")) not in outs]


def with_units(model: dict, units: int) -> dict:
    """``model`` with every hidden Dense layer at ``units`` units."""
    cfg = copy.deepcopy(model)
    for e in _hidden_dense(cfg):
        e["config"]["units"] = int(units)
    return cfg


def with_l2(model: dict, l2: float = 0.001) -> dict:
    """``model`` with ``kernel_regularizer=L2(l2)`` on every hidden Dense layer (the book leaves the output alone)."""
    cfg = copy.deepcopy(model)
    for e in _hidden_dense(cfg):
        e["config"]["kernel_regularizer"] = {"class_name": "L2", "config": {"l2": float(l2)}}
    return cfg


def variants(key: str, model: dict) -> list[tuple[str, dict]]:
    """``[(run name, model config)]`` of lesson ``key``, the original first."""
    if key == "imdb_capacity":
        return [("original", model), ("smaller (4 units)", with_units(model, 4)),
                ("bigger (512 units)", with_units(model, 512))]
    if key == "imdb_l2":
        return [("original", model), ("L2(0.001)", with_l2(model, 0.001))]
    if key == "imdb_dropout":
        return [("original", model), ("Dropout(0.5)", remedies.add_dropout(model, 0.5))]
    if key == "mnist_underfit":
        return [("table network (512 units)", model), ("1 unit", with_units(model, 1)),
                ("4 units", with_units(model, 4))]
    raise ValueError(f"unknown lesson {key!r}; known: {', '.join(LESSONS)}")
