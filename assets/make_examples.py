"""Regenerate the example projects shipped in the package: ``python assets/make_examples.py``.

They are written into ``netbuilder/examples/`` (package data, so an installed netbuilder has them).

The four tutorial tables, the book's MNIST convnet and the Embedding+LSTM come from the core's
``datasets.presets`` (one source for the networks and their compile/fit settings); the two-branch
functional model and the spiral playground classifier are defined here.
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "netbuilder" / "examples"  # where the projects go
sys.path.insert(0, str(ROOT))

from netbuilder.core import layers as L  # noqa: E402
from netbuilder.core import models  # noqa: E402
from netbuilder.core.datasets.presets import PRESETS  # noqa: E402
from netbuilder.core.layers.base import reset_uids  # noqa: E402
from netbuilder.ui.graph_model import GraphDocument, state_from_config  # noqa: E402
from netbuilder.ui.project import Project, save_project  # noqa: E402

CASE = {"mnist_dense": "mnist", "mnist_conv": "mnist", "imdb_dense": "imdb", "imdb_lstm": "imdb",
        "reuters_dense": "reuters", "boston_dense": "boston_housing"}


def write(filename, model, compile_settings, dataset, training, description):
    doc = GraphDocument()
    doc.set_state(state_from_config(models.serialize_model(model)))
    doc.name = model.name
    save_project(OUT / filename, Project(model=doc.to_config(), layout=doc.layout(), compile=compile_settings,
                                          dataset=dataset, training=training, description=description))


def main():
    for name, p in PRESETS.items():
        reset_uids()
        model = p.build_model(compile=False)
        model.name = name
        write(f"{name}.nbproj", model, p.compile_kwargs(), {"case": CASE[name], "prepare": dict(p.prepare)},
              {**p.fit_kwargs(), "validation": p.validation, "book_result": p.book_result}, p.title)
    reset_uids()
    inp = L.Input(shape=(784,), name="pixels")
    wide = L.Dense(128, activation="relu", name="wide")(inp)
    deep = L.Dense(64, activation="relu", name="deep_1")(inp)
    deep = L.Dense(32, activation="relu", name="deep_2")(deep)
    merged = L.Concatenate(name="merge")([wide, deep])
    out = L.Dense(10, activation="softmax", name="digits")(merged)
    write("two_branch.nbproj", models.Model(inp, out, name="two_branch"),
          {"optimizer": "rmsprop", "loss": "categorical_crossentropy", "metrics": ["accuracy"]},
          {"case": "mnist", "prepare": {"input": "dense", "labels": "categorical"}},
          {"batch_size": 128, "epochs": 5},
          "Two branches (wide and deep) read the same MNIST pixels and are concatenated (functional API)")
    reset_uids()
    model = models.Sequential(name="playground_spiral")
    model.add(L.Input(shape=(2,), name="xy"))
    model.add(L.Dense(16, activation="tanh", name="hidden_1"))
    model.add(L.Dense(16, activation="tanh", name="hidden_2"))
    model.add(L.Dense(1, activation="sigmoid", name="spiral_class"))
    write("playground_spiral.nbproj", model,
          {"optimizer": "adam", "loss": "binary_crossentropy", "metrics": ["accuracy"]},
          {"case": "playground", "name": "spirals", "params": {"samples": 400, "noise": 0.1}},
          {"batch_size": 16, "epochs": 200, "validation_split": 0.2},
          "Playground: two interleaved spirals, a small tanh network learns to separate them")


if __name__ == "__main__":
    main()
    print("\n".join(sorted(p.name for p in OUT.glob("*.nbproj"))))
