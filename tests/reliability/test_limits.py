"""Absurd sizes are refused before allocation, with the size in the message; regressions of
the graph fuzz (errors that named no node, or analysis that passed what the build refused)."""

from __future__ import annotations

import tracemalloc

import numpy as np
import pytest

from netbuilder.core.errors import ConfigError, GraphError, ShapeError
from netbuilder.core.layers import Dense, Embedding, Input
from netbuilder.core.layers import limits
from netbuilder.core.models import Model, analyze_config, model_from_config


def _refused_without_allocating(build):
    tracemalloc.start()
    try:
        with pytest.raises(ConfigError) as info:
            build()
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert peak < 64 * 1024 ** 2, f"{peak} bytes were allocated before the refusal"
    return info.value


def test_dense_million_by_million_is_refused_before_allocation():
    exc = _refused_without_allocating(lambda: Dense(10 ** 6, name="huge")(Input(shape=(10 ** 6,))))
    assert exc.code == "weights_too_large" and exc.layer == "huge"
    assert exc.params["weight"] == "kernel" and exc.params["shape"] == str((10 ** 6, 10 ** 6))
    assert "3.6 TiB" in str(exc) and "'kernel'" in str(exc) and "huge" in str(exc)


def test_huge_embedding_is_refused_with_its_size():
    layer = Embedding(input_dim=10 ** 9, output_dim=512, name="vocab")
    exc = _refused_without_allocating(lambda: layer.build((None, 20)))
    assert exc.code == "weights_too_large" and exc.layer == "vocab"
    assert "1.9 TiB" in str(exc) and "(1000000000, 512)" in str(exc)
    assert not layer.params  # nothing half-built


def test_limit_is_a_module_constant(monkeypatch):
    monkeypatch.setattr(limits, "MAX_WEIGHT_BYTES", 1000)
    with pytest.raises(ConfigError, match="more than the 1000 B") as info:
        Dense(300).build((None, 1))  # 300 floats = 1.2 KB
    assert info.value.params["size"] == "1.2 KiB"
    Dense(200).build((None, 1))  # 800 B still fits


def test_limit_follows_available_memory(monkeypatch):
    monkeypatch.setattr(limits, "available_memory", lambda: 2 * 1024 ** 2)
    with pytest.raises(ConfigError, match="1.0 MiB"):
        Dense(1024).build((None, 512))  # 2 MiB > half of the 2 MiB available
    Dense(16).build((None, 16))


def test_weight_limit_reported_by_analysis_on_the_node():
    cfg = {"name": "m", "inputs": ["in"], "outputs": ["big"], "layers": [
        {"name": "in", "class_name": "InputLayer", "config": {"batch_shape": [None, 10 ** 6]}, "inputs": []},
        {"name": "big", "class_name": "Dense", "config": {"units": 10 ** 6}, "inputs": ["in"]}]}
    report = analyze_config(cfg)
    assert report.errors["big"].code == "weights_too_large"
    with pytest.raises(ConfigError) as info:
        model_from_config({"class_name": "Functional", "config": cfg})
    assert info.value.layer == "big"


def test_absurd_activation_is_refused_on_its_node():
    """Regression: RepeatVector(10**12) built, then predict raised MemoryError (14.6 TiB)."""
    cfg = {"name": "m", "inputs": ["in"], "outputs": ["rep"], "layers": [
        {"name": "in", "class_name": "InputLayer", "config": {"batch_shape": [None, 4]}, "inputs": []},
        {"name": "rep", "class_name": "RepeatVector", "config": {"n": 10 ** 12}, "inputs": ["in"]}]}
    assert analyze_config(cfg).errors["rep"].code == "output_too_large"
    with pytest.raises(ShapeError, match="14.6 TiB per sample") as info:
        model_from_config({"class_name": "Functional", "config": cfg})
    assert info.value.layer == "rep"


def _cfg(layers, outputs):
    return {"name": "m", "inputs": ["in"], "outputs": outputs, "layers": [
        {"name": "in", "class_name": "InputLayer", "config": {"batch_shape": [None, 3]}, "inputs": []}] + layers}


@pytest.mark.parametrize("entry, code", [
    ({"name": "x", "class_name": "NoSuchLayer", "config": {}, "inputs": ["in"]}, "unknown_layer"),
    ({"name": "x", "class_name": "Dense", "config": {"units": 2, "activation": "nope"}, "inputs": ["in"]},
     None),
    ({"name": "x", "class_name": "Dense", "config": {}, "inputs": ["in"]}, "bad_layer_args"),
])
def test_build_errors_name_the_node(entry, code):
    """Regression: an unknown class name or activation raised a ValueError without ``.layer``."""
    with pytest.raises(ValueError) as info:
        model_from_config({"class_name": "Functional", "config": _cfg([entry], ["x"])})
    assert info.value.layer == "x"
    if code:
        assert info.value.code == code
    assert "x" in analyze_config(_cfg([entry], ["x"])).errors


def test_entry_name_wins_over_config_name():
    """The wiring refers to entry names; a config whose own name differs still builds."""
    cfg = _cfg([{"name": "x", "class_name": "Dense", "config": {"units": 2, "name": "other"},
                 "inputs": ["in"]}], ["x"])
    model = model_from_config({"class_name": "Functional", "config": cfg})
    assert [l.name for l in model.layers] == ["in", "x"]


@pytest.mark.parametrize("outputs, code", [([], "no_outputs"), (["ghost"], "unknown_ref")])
def test_analysis_flags_missing_outputs_as_the_build_does(outputs, code):
    """Regression: analysis passed a graph with no (or an unknown) output that the build refused."""
    report = analyze_config(_cfg([], outputs))
    assert not report.ok and report.graph_errors[0].code == code
    with pytest.raises(GraphError):
        model_from_config({"class_name": "Functional", "config": _cfg([], outputs)})


def test_model_still_builds_normally():
    x = Input(shape=(3,))
    model = Model(x, Dense(2)(x))
    model.compile("sgd", "mse")
    assert np.isfinite(model.train_on_batch(np.ones((2, 3), "float32"), np.ones((2, 2), "float32")))


def _chain(*entries, input_shape):
    layers = [{"name": "x", "class_name": "InputLayer", "config": {"name": "x", "batch_shape": [None, *input_shape]},
               "inputs": []}]
    for i, (cls, cfg) in enumerate(entries):
        layers.append({"name": f"l{i}", "class_name": cls, "config": {"name": f"l{i}", **cfg},
                       "inputs": [layers[-1]["name"]]})
    return {"name": "m", "layers": layers, "inputs": ["x"], "outputs": [layers[-1]["name"]]}


@pytest.mark.parametrize("entries,input_shape", [
    ([("LSTM", {"units": 8000})], (5, 1000)),
    ([("GRU", {"units": 8000})], (5, 1000)),
    ([("SimpleRNN", {"units": 12000})], (5, 1000)),
    ([("Bidirectional", {"layer": {"class_name": "LSTM", "config": {"units": 5000}}})], (5, 1000)),
    ([("Dense", {"units": 20000})], (10000,)),
    ([("Conv2D", {"filters": 2000, "kernel_size": [3, 3]})], (8, 8, 2000)),
    ([("Embedding", {"input_dim": 1_000_000, "output_dim": 200})], (10,)),
])
def test_shape_analysis_of_large_valid_layers_allocates_no_weights(entries, input_shape):
    """The canvas analyzes the graph on every edit: a layer of ~10^8 weights (accepted, it fits the
    limits) must cost its shape only. LSTM(8000) used to copy its zero-stride kernels into real
    arrays (1.1 GB here; 1.6 GB per edit at 10,000 units), and build 4·units gate indices."""
    tracemalloc.start()
    try:
        report = analyze_config(_chain(*entries, input_shape=input_shape))
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert not report.errors, report.errors
    assert sum(report.params.values()) > 10 ** 7
    assert peak < 32 * 1024 ** 2, f"{peak / 1024 ** 2:.0f} MiB allocated by shape analysis"
