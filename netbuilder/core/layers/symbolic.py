"""Symbolic tensors and graph nodes: what calling a layer on ``Input(...)`` records.

``KerasTensor`` is a shape, a dtype and the (layer, call, output) that made it; ``Node`` is one
call of a layer on such tensors. Models walk the nodes (``models/graph.py``); nothing here
computes numbers. Layer names are auto-generated here too (``dense``, ``dense_1``, ...).
"""

from __future__ import annotations

import itertools
from collections import defaultdict

from .limits import shape_str

__all__ = ["KerasTensor", "Node", "reset_uids", "unique_name"]

_NAME_COUNTERS: dict[str, itertools.count] = defaultdict(lambda: itertools.count())


def unique_name(base: str) -> str:
    """``"dense"``, then ``"dense_1"``, ``"dense_2"``, ... (Keras's auto-naming)."""
    n = next(_NAME_COUNTERS[base])
    return base if n == 0 else f"{base}_{n}"


def reset_uids() -> None:
    """Restart auto-naming (``dense``, ``dense_1`` ...): used by tests and new projects."""
    _NAME_COUNTERS.clear()


class KerasTensor:
    """A symbolic tensor: a shape (batch axis ``None``), a dtype and the node that made it."""

    def __init__(self, shape, dtype="float32", layer=None, node_index=0, tensor_index=0, name=None):
        self.shape = tuple(None if d is None else int(d) for d in shape)
        self.dtype = dtype
        self._keras_history = (layer, node_index, tensor_index)
        self.name = name or (layer.name if layer is not None else "tensor")

    @property
    def ndim(self) -> int:
        return len(self.shape)

    def __repr__(self):
        return f"<KerasTensor shape={shape_str(self.shape)} dtype={self.dtype} from {self.name!r}>"


class Node:
    """One call of a layer on symbolic inputs: ``outputs = layer(inputs)``.

    ``runner`` is the instance that computes this call: the layer itself for its first call, a
    weight-sharing twin for a later one (``layers.sharing``).
    """

    def __init__(self, layer, inputs: list, outputs: list):
        self.layer = layer
        self.inputs = list(inputs)
        self.outputs = list(outputs)
        self._runner = None

    @property
    def runner(self):
        if self._runner is None:
            if self.layer._inbound_nodes and self.layer._inbound_nodes[0] is self:
                return self.layer
            from .sharing import call_twin  # noqa: PLC0415

            self._runner = call_twin(self.layer)
        return self._runner

    @property
    def parent_nodes(self) -> list:
        out = []
        for t in self.inputs:
            layer, node_index, _ = t._keras_history
            if layer is not None:
                out.append(layer._inbound_nodes[node_index])
        return out


def _is_symbolic(x) -> bool:
    if isinstance(x, KerasTensor):
        return True
    if isinstance(x, (list, tuple)) and x and all(isinstance(t, KerasTensor) for t in x):
        return True
    return False


def _shape_key(shape):
    """A shape (or list of shapes) as nested tuples, for comparison."""
    if isinstance(shape, list):
        return [tuple(s) for s in shape]
    return None if shape is None else tuple(shape)
