"""Shared helpers of the export tests: small models with non-trivial weights, fixture data."""

from __future__ import annotations

import numpy as np


def randomize(model, seed=0, scale=0.5):
    """Give every weight random values (so zero-initialised biases and BN stats are exercised)."""
    rng = np.random.default_rng(seed)
    for layer in model.layers:
        for key, w in layer.params.items():
            values = rng.normal(size=w.shape) * scale
            if "variance" in key:
                values = np.abs(values) + 0.5
            w[...] = values.astype(w.dtype)
    return model


def inputs_for(model, n=5, seed=1):
    """Random arrays matching the model's inputs (integer indices for int inputs)."""
    rng = np.random.default_rng(seed)
    out = []
    for t in model.inputs:
        shape = (n,) + tuple(d for d in t.shape[1:])
        feeds_embedding = [node.layer.input_dim for node in model._nodes
                           if type(node.layer).__name__ == "Embedding" and node.inputs[0] is t]
        if str(t.dtype).startswith("int") or feeds_embedding:
            hi = feeds_embedding[0] if feeds_embedding else 10
            out.append(rng.integers(0, hi, size=shape).astype(t.dtype))
        else:
            out.append(rng.normal(size=shape).astype("float32"))
    return out


def targets_for(model, n=5, seed=2):
    """Targets that fit each output's loss (one-hot, 0/1 or real)."""
    rng = np.random.default_rng(seed)
    ys = []
    losses = (model._compile_config or {}).get("loss") or [None] * len(model.outputs)
    for t, loss in zip(model.outputs, losses):
        name = loss if isinstance(loss, str) else (loss or {}).get("config", {}).get("name", "")
        shape = (n,) + tuple(t.shape[1:])
        if "categorical" in name:
            ys.append(np.eye(shape[-1], dtype="float32")[rng.integers(0, shape[-1], size=shape[:-1])])
        elif "binary" in name:
            ys.append(rng.integers(0, 2, size=shape).astype("float32"))
        else:
            ys.append(rng.normal(size=shape).astype("float32"))
    return ys


def as_list(y):
    return list(y) if isinstance(y, (list, tuple)) else [y]
