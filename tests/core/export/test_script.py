"""The Keras script export: valid Python that rebuilds, compiles and loads the trained model.

Real Keras is not needed: a tiny fake ``keras`` module records every constructor call.
"""

from __future__ import annotations

import ast
import runpy
import sys
import types
from pathlib import Path

import numpy as np
import pytest

from netbuilder.core import layers as L
from netbuilder.core.export import export_script
from netbuilder.core.models import Model, Sequential

from .helpers import randomize


class Recorder:
    """A fake Keras object: remembers how it was built, how it was called and its weights."""

    def __init__(self, kind, args, kwargs, log):
        self.kind, self.args, self.kwargs, self.log = kind, args, kwargs, log
        self.name = kwargs.get("name")
        self.weights_set = None
        log.append(self)

    def __call__(self, *args, **kwargs):
        return Recorder(f"{self.kind}()", args, kwargs, self.log)

    def __getitem__(self, i):
        return Recorder(f"{self.kind}[{i}]", (i,), {}, self.log)

    def set_weights(self, arrays):
        self.weights_set = arrays


class FakeModel(Recorder):
    def compile(self, **kwargs):
        self.compiled_with = kwargs

    def summary(self):
        pass

    def get_layer(self, name):
        for r in self.log:
            if r.kind.startswith("layers.") and r.name == name:
                return r
        raise ValueError(name)


def fake_keras(log):
    keras = types.ModuleType("keras")

    def namespace(prefix):
        ns = types.SimpleNamespace()
        ns.__getattr__ = None
        return type("NS", (), {"__getattr__": lambda self, attr: (
            lambda *a, **k: Recorder(f"{prefix}.{attr}", a, k, log))})()

    keras.layers = namespace("layers")
    keras.optimizers = namespace("optimizers")
    keras.regularizers = namespace("regularizers")
    keras.initializers = namespace("initializers")
    keras.constraints = namespace("constraints")
    keras.losses = namespace("losses")
    keras.metrics = namespace("metrics")
    keras.Input = lambda *a, **k: Recorder("Input", a, k, log)
    keras.Sequential = lambda *a, **k: FakeModel("Sequential", a, k, log)
    keras.Model = lambda *a, **k: FakeModel("Model", a, k, log)
    return keras


def run_script(path, monkeypatch):
    log = []
    keras = fake_keras(log)
    monkeypatch.setitem(sys.modules, "keras", keras)
    monkeypatch.setitem(sys.modules, "keras.layers", keras.layers)
    ns = runpy.run_path(str(path))
    return ns["model"], log


def calls(log, kind):
    return [r for r in log if r.kind == kind]


def test_sequential_script(tmp_path, monkeypatch):
    m = Sequential([L.Input((6,)), L.Dense(8, activation="relu", kernel_regularizer="l2", name="hidden"),
                    L.Dropout(0.25), L.Dense(3, activation="softmax", name="out")])
    m.compile(optimizer={"class_name": "Adam", "config": {"learning_rate": 0.01}},
              loss="categorical_crossentropy", metrics=["accuracy"])
    randomize(m)
    script, weights = export_script(m, tmp_path / "train_me.py", training={"batch_size": 16, "epochs": 7})
    text = Path(script).read_text()
    ast.parse(text)
    assert "# history = model.fit(x_train, y_train, batch_size=16, epochs=7)" in text
    assert weights.endswith("train_me.weights.npz")
    model, log = run_script(script, monkeypatch)
    dense = calls(log, "layers.Dense")
    assert [d.args for d in dense] == [(8,), (3,)]
    assert dense[0].kwargs["activation"] == "relu" and dense[0].kwargs["name"] == "hidden"
    assert calls(log, "regularizers.L2")[0].kwargs == {"l2": 0.01}
    assert calls(log, "layers.Dropout")[0].args == (0.25,)
    assert calls(log, "Input")[0].kwargs["shape"] == (6,)
    assert calls(log, "optimizers.Adam")[0].kwargs == {"learning_rate": 0.01}
    assert model.compiled_with["loss"] == "categorical_crossentropy"
    assert model.compiled_with["metrics"] == ["accuracy"]
    for layer, rec in ((m.layers[0], dense[0]), (m.layers[2], dense[1])):
        assert len(rec.weights_set) == 2
        for got, want in zip(rec.weights_set, layer.get_weights()):
            np.testing.assert_array_equal(got, want)


def test_functional_script_with_states_and_wrappers(tmp_path, monkeypatch):
    a, b = L.Input((5, 4), name="seq"), L.Input((4,), name="extra")
    out, h, _ = L.LSTM(4, return_state=True, name="enc")(a)
    s = L.Add(name="join")([out, b])
    y = L.Bidirectional(L.GRU(2), name="bi")(L.RepeatVector(3)(s))
    m = randomize(Model([a, b], [y, h], name="two_heads"))
    m.compile(optimizer="sgd", loss=["mse", "mae"])
    script, _ = export_script(m, tmp_path / "f.py")
    ast.parse(Path(script).read_text())
    model, log = run_script(script, monkeypatch)
    assert model.kind == "Model" and model.kwargs["name"] == "two_heads"
    assert calls(log, "layers.LSTM")[0].kwargs["return_state"] is True
    add_call = calls(log, "layers.Add()")[0]
    assert [t.kind for t in add_call.args[0]] == ["layers.LSTM()[0]", "Input"]
    gru = calls(log, "layers.GRU")[0]
    assert gru.args == (2,) and "name" not in gru.kwargs
    bi = next(r for r in calls(log, "layers.Bidirectional") if r.name == "bi")
    assert len(bi.weights_set) == 6  # forward then backward kernel, recurrent kernel, bias
    np.testing.assert_array_equal(bi.weights_set[3], m.get_layer("bi").backward_layer.params["kernel"])
    assert model.compiled_with["loss"] == ["mean_squared_error", "mean_absolute_error"]


def test_script_runs_with_real_keras(tmp_path):
    import keras
    m = randomize(Sequential([L.Input((6,)), L.Dense(4, activation="relu"), L.Dense(2)]))
    m.compile("rmsprop", "mse")
    script, _ = export_script(m, tmp_path / "k.py")
    ns = runpy.run_path(str(script))
    x = np.random.default_rng(0).normal(size=(3, 6)).astype("float32")
    np.testing.assert_allclose(np.asarray(ns["model"].predict(x, verbose=0)), m.predict(x, verbose=0), atol=1e-5)
    assert keras
