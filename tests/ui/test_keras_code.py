"""Keras code generation: the emitted source builds the same model (run with netbuilder.core as keras)."""

import sys
import types

import pytest

from netbuilder.core.models import analyze_config
from netbuilder.ui.keras_code import keras_code
from netbuilder.ui.project import load_project

EXAMPLES = ["mnist_dense", "imdb_dense", "reuters_dense", "boston_dense", "mnist_conv", "imdb_lstm",
            "two_branch", "playground_spiral"]


def _run(code, monkeypatch):
    """Execute generated code with ``keras`` = ``netbuilder.core``; return the built model."""
    import netbuilder.core as core

    fake = types.ModuleType("keras")
    for name in ("layers", "models", "initializers", "regularizers", "constraints", "Input", "Model",
                 "Sequential"):
        setattr(fake, name, getattr(core, name))
    monkeypatch.setitem(sys.modules, "keras", fake)
    ns = {}
    exec(compile(code.replace("model.summary()", ""), "<keras_code>", "exec"), ns)
    return ns["model"]


@pytest.mark.parametrize("name", EXAMPLES)
def test_generated_code_rebuilds_each_example(name, monkeypatch):
    from pathlib import Path

    proj = load_project(Path(__file__).resolve().parents[2] / "netbuilder" / "examples" / f"{name}.nbproj")
    code = keras_code(proj.model, proj.compile)
    model = _run(code, monkeypatch)
    expected = analyze_config(proj.model["config"]).total_params
    assert model.count_params() == expected
    chain = name != "two_branch"
    assert ("models.Sequential(" in code) == chain
    assert ("keras.Model(" in code) == (not chain)
    if proj.compile:
        assert f'loss="{proj.compile["loss"]}"' in code


def test_only_non_default_arguments_are_written():
    cfg = {"class_name": "Functional", "config": {"name": "m", "layers": [
        {"name": "i", "class_name": "InputLayer", "config": {"batch_shape": [None, 8], "name": "i"}, "inputs": []},
        {"name": "d", "class_name": "Dense", "config": {"name": "d", "units": 4, "use_bias": False,
                                                        "kernel_regularizer": {"class_name": "L2", "config": {"l2": 0.5}}},
         "inputs": ["i"]}], "inputs": ["i"], "outputs": ["d"]}}
    code = keras_code(cfg)
    line = next(ln for ln in code.splitlines() if "layers.Dense(" in ln)
    assert line == "model.add(layers.Dense(4, use_bias=False, kernel_regularizer=keras.regularizers.L2(l2=0.5)))"
    assert "model.add(keras.Input(shape=(8,)))" in code


@pytest.mark.parametrize("name", EXAMPLES)
def test_generated_code_runs_unchanged_with_real_keras(name, tmp_path):
    """The code view's text runs as it is in Keras 3 and builds the same network: the same output
    shape at every layer and, given netbuilder's weights, the same predictions."""
    import keras
    from pathlib import Path

    from netbuilder.core.models import model_from_config
    from tests.core.export.helpers import inputs_for, randomize
    from tests.core.keras_equivalence import assert_same_outputs, send_weights

    proj = load_project(Path(__file__).resolve().parents[2] / "netbuilder" / "examples" / f"{name}.nbproj")
    code = keras_code(proj.model, proj.compile)
    ns = {}
    exec(compile(code.replace("model.summary()", ""), "<keras_code>", "exec"), ns)
    theirs = ns["model"]
    assert isinstance(theirs, keras.Model)
    assert theirs.count_params() == analyze_config(proj.model["config"]).total_params

    ours = randomize(model_from_config(proj.model), seed=7, scale=0.2)

    def shapes(layers):
        return [(type(la).__name__, tuple(la.output.shape)) for la in layers
                if type(la).__name__ != "InputLayer"]

    assert shapes(theirs.layers) == shapes(ours.layers)
    send_weights(ours, theirs, tmp_path)
    xs = inputs_for(ours, n=3)
    assert_same_outputs(ours, theirs, xs if len(xs) > 1 else xs[0], rtol=1e-4, atol=1e-5)


def test_average_pooling_keeps_the_pool_size_keras_requires():
    """netbuilder defaults AveragePooling's pool_size to 2 (as MaxPooling); Keras 3 requires it, so the
    code must write it even when it is the default (``layers.AveragePooling2D()`` fails in Keras)."""
    import keras

    def entry(cls, name, **cfg):
        return {"name": name, "class_name": cls, "config": {"name": name, **cfg}}

    cfg = {"class_name": "Sequential", "config": {"name": "s", "layers": [
        entry("InputLayer", "i", batch_shape=[None, 6, 4, 2]), entry("AveragePooling2D", "p2", pool_size=[2, 2]),
        entry("Reshape", "r", target_shape=[6, 2]), entry("AveragePooling1D", "p1", pool_size=2)]}}
    code = keras_code(cfg)
    ns = {}
    exec(compile(code.replace("model.summary()", ""), "<keras_code>", "exec"), ns)
    assert isinstance(ns["model"], keras.Model)
    assert ns["model"].output_shape == (None, 3, 2)
