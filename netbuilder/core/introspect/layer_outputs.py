"""What every layer makes of a batch: ``activations(model, x)``, the outputs ``predict`` computes
on the way to the model's own outputs.

The tutorial's first picture (the crumpled paper ball unfolded one layer at a time) and the
window's layer view both need the intermediate outputs. Keras gets them from a sub-model
``Model(model.inputs, layer.output).predict(x)``; one pass over the graph gives them all at once
and computes exactly what such sub-models would (the same nodes, in inference mode).
"""

from __future__ import annotations

import numpy as np

from .. import backend as B
from ..layers.base import InputLayer
from ..models import data as D
from ..models import graph


def output_keys(model) -> list[str]:
    """The keys ``activations`` uses, in the order the model computes them: a layer's name for
    its first call, ``"name[i]"`` for its later calls (a shared layer), ``"name:j"`` for the
    j-th output of a layer with several outputs. Input layers are included."""
    return [key for _, _, key in _node_outputs(model)]


def _node_outputs(model):
    """``[(node, output tensor, key)]`` over the model's nodes in topological order."""
    calls, call_index = graph.calls_by_layer(model._nodes)
    out = []
    for node in model._nodes:
        call = call_index.get(id(node), 0)
        base = node.layer.name if call == 0 else f"{node.layer.name}[{call}]"
        for j, t in enumerate(node.outputs):
            out.append((node, t, base if len(node.outputs) == 1 else f"{base}:{j}"))
    return out


def activations(model, x, layers=None, batch_size=32) -> dict:
    """Every layer's output for the batch ``x``, as ``predict`` computes it (inference mode).

    Args:
        model: a built ``Model`` or ``Sequential``.
        x: the model's input(s), as ``predict`` accepts them; rows ``(n, ...)``.
        layers: None for every layer (input layers included), or a list of layer names / keys
            of ``output_keys(model)`` (a layer's name selects all its calls' outputs).
        batch_size: rows run at a time, as in ``predict``; the outputs are concatenated.

    Returns:
        ``{key: ndarray (n, *layer output shape)}`` in the model's computing order, keys as in
        ``output_keys`` (``"dense"``; ``"lstm[1]"`` for a second call of a shared layer).

    Raises:
        ValueError naming a requested layer the model does not have.
    """
    model._maybe_build(x)
    entries = _node_outputs(model)
    if layers is not None:
        wanted = [layers] if isinstance(layers, str) else list(layers)
        known = {key for _, _, key in entries} | {node.layer.name for node, _, _ in entries}
        unknown = [w for w in wanted if w not in known]
        if unknown:
            raise ValueError(f"activations: no layer {unknown[0]!r} in model {model.name!r}; its layers "
                             f"are {sorted({node.layer.name for node, _, _ in entries})}")
        entries = [e for e in entries if e[2] in wanted or e[0].layer.name in wanted]
    xs = model._standardize_x(x)
    n = D.check_lengths(xs, None)
    bs = max(1, int(batch_size))
    chunks: dict[str, list] = {key: [] for _, _, key in entries}
    for idx in D.batches(n, bs):
        feeds = [B.asarray(a[idx], dtype=a.dtype) for a in xs]
        with np.errstate(over="ignore", invalid="ignore", under="ignore"):
            values = graph.run_forward(model._nodes, model.inputs, feeds, training=False)
        for _, t, key in entries:
            chunks[key].append(B.to_numpy(values[id(t)]))
    return {key: (np.concatenate(c, axis=0) if c else np.zeros((0,) + tuple(t.shape[1:]), B.floatx()))
            for (_, t, key), c in zip(entries, chunks.values())}


def is_input_key(model, key: str) -> bool:
    """True when ``key`` of ``activations`` is an input layer's (the data itself)."""
    return any(k == key and isinstance(node.layer, InputLayer) for node, _, k in _node_outputs(model))
