"""Random layer graphs through the canvas's API: build and train one step, or name the bad node.

Every generated config goes through ``analyze_config`` (live validation) and ``model_from_config``
(build). Allowed outcomes: the model builds and ``train_on_batch`` runs on random data of the
right shapes (or refuses that data in words naming the layer, as an Embedding refuses real numbers), or
validation reports a message naming a node (``errors[layer]``; the build raises a
ValueError/TypeError carrying ``.layer``). Anything else (another exception, a MemoryError, a
hang) fails. A hang is ruled out by size, not by a clock (a busy machine must not fail the test):
every built model stays under ``MAX_PARAMS`` parameters. The outcome counts are printed at the end (``pytest -s``).
"""

from __future__ import annotations

import copy
from collections import Counter

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings

from netbuilder.core.errors import DataError, NetbuilderError
from netbuilder.core.layers.base import reset_uids
from netbuilder.core.models import analyze_config, model_from_config

from .graph_strategies import functional_config

#: codes of errors about the whole graph, which may legitimately name no layer
GRAPH_LEVEL = {"no_layers", "no_outputs", "no_inputs", "bad_ref", "bad_layer_entry", "unknown_ref"}
#: analysis codes that flag a node the build simply leaves out of the model
PRUNED = {"not_to_output"}
OUTCOMES: Counter = Counter()
#: the most parameters a generated graph may build (the strategies' shapes keep them far below)
MAX_PARAMS = 2_000_000


def _data_for(shape, dtype, rng, batch=3):
    shape = (batch,) + tuple(int(d) for d in shape[1:])
    if str(dtype).startswith("int"):
        return rng.integers(0, 2, size=shape).astype("int32")
    return rng.standard_normal(shape).astype("float32")


def check_graph(config) -> str:
    """Run one config through analysis, build and a training step; return the outcome label."""
    reset_uids()
    layer_names = {e.get("name") for e in config["config"]["layers"] if isinstance(e, dict)}
    report = analyze_config(copy.deepcopy(config["config"]))
    for name, exc in report.errors.items():
        assert name in layer_names, f"analysis blames unknown node {name!r}: {exc!r}"
        assert isinstance(exc, (ValueError, TypeError)), f"{name}: {type(exc).__name__}: {exc}"
        assert str(exc), f"{name}: empty message"
    for exc in report.graph_errors:
        assert isinstance(exc, NetbuilderError) and exc.code in GRAPH_LEVEL, repr(exc)
    try:
        model = model_from_config(copy.deepcopy(config))
    except (ValueError, TypeError) as exc:
        code = getattr(exc, "code", None)
        layer = getattr(exc, "layer", None)
        assert layer is not None or code in GRAPH_LEVEL, f"{type(exc).__name__} names no layer: {exc}"
        assert not report.ok, f"analysis passed but the build failed: {type(exc).__name__}: {exc}"
        return f"refused ({code})"
    unexplained = {n: e for n, e in report.errors.items() if getattr(e, "code", None) not in PRUNED}
    assert not unexplained and not report.graph_errors, (
        f"the build succeeded but analysis reported {unexplained or report.graph_errors}")
    for layer in model.layers:
        if layer.name in report.shapes and hasattr(layer, "_inbound_nodes") and layer._inbound_nodes:
            assert tuple(report.shapes[layer.name] if not isinstance(report.shapes[layer.name], list)
                         else report.shapes[layer.name][0]) == tuple(
                layer.output_shape if not isinstance(layer.output_shape, list) else layer.output_shape[0])
    rng = np.random.default_rng(0)
    xs = [_data_for(t.shape, t.dtype, rng) for t in model.inputs]
    ys = [_data_for(t.shape, "float32", rng) for t in model.outputs]
    assert model.count_params() < MAX_PARAMS, f"graph too big to train in a test: {config}"
    model.compile(optimizer="sgd", loss="mse")
    try:
        loss = model.train_on_batch(xs if len(xs) > 1 else xs[0], ys if len(ys) > 1 else ys[0])
    except DataError as exc:  # random data the graph cannot take (real numbers into an Embedding)
        assert exc.layer in layer_names, f"a data refusal names no layer: {exc}"
        return f"data refused ({exc.code})"
    assert np.ndim(loss) == 0 or isinstance(loss, list)
    return "built and trained" if not report.errors else "built (dangling nodes flagged)"


@settings(max_examples=1000, deadline=None, derandomize=True,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(functional_config())
def test_random_graphs_build_or_name_a_node(config):
    OUTCOMES[check_graph(config)] += 1


@pytest.fixture(scope="module", autouse=True)
def _print_outcomes():
    yield
    if OUTCOMES:
        print(f"\n[graph fuzz] {sum(OUTCOMES.values())} graphs:")
        for outcome, count in OUTCOMES.most_common():
            print(f"  {count:4d}  {outcome}")
