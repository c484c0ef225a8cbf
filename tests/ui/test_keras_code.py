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
def test_generated_code_runs_unchanged_with_real_keras(name):
    """Where Keras 3 is installed (any backend), the code view's text runs as it is."""
    import keras
    from pathlib import Path

    proj = load_project(Path(__file__).resolve().parents[2] / "netbuilder" / "examples" / f"{name}.nbproj")
    code = keras_code(proj.model, proj.compile)
    ns = {}
    exec(compile(code.replace("model.summary()", ""), "<keras_code>", "exec"), ns)
    assert isinstance(ns["model"], keras.Model)
    assert ns["model"].count_params() == analyze_config(proj.model["config"]).total_params
