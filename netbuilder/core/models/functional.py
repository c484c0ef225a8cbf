"""``Model``: a network defined by its input and output tensors (Keras's functional API).

    inputs = Input(shape=(784,))
    x = Dense(512, activation="relu")(inputs)
    outputs = Dense(10, activation="softmax")(x)
    model = Model(inputs=inputs, outputs=outputs)

Any DAG of layers works: several inputs, several outputs, branches and merges.
"""

from __future__ import annotations

import numpy as np

from .. import backend as B
from ..errors import GraphError
from ..layers.base import InputLayer, KerasTensor, Layer, _is_symbolic, unique_name
from ..layers.sharing import gather_grads
from ..registry import LAYERS, serialize
from . import graph
from .summary import format_summary
from .trainer import Trainer


class Model(Trainer):
    """A functional model: ``Model(inputs=..., outputs=..., name=None)``.

    ``inputs``/``outputs`` may be a tensor, a list of tensors or (outputs only) a dict
    ``{name: tensor}``. ``model.layers`` lists every layer once, input layers included, in the
    order of Keras's ``model.layers`` (``graph.keras_order``), so ``get_weights`` matches Keras.
    """

    def __init__(self, inputs=None, outputs=None, name=None, trainable=True, **kwargs):
        kwargs.pop("dtype", None)
        if kwargs:
            raise TypeError(f"Model: unexpected keyword argument(s): {', '.join(sorted(kwargs))}")
        super().__init__()
        self.name = name or unique_name("functional")
        self.trainable = trainable
        if inputs is None or outputs is None:
            raise TypeError("Model needs inputs= and outputs= tensors (subclassed models are not "
                            "supported); or use Sequential")
        self._init_graph(inputs, outputs)

    # --------------------------------------------------------------- graph
    def _init_graph(self, inputs, outputs) -> None:
        self._inputs_struct = "single" if isinstance(inputs, KerasTensor) else (
            "dict" if isinstance(inputs, dict) else "list")
        self._outputs_struct = "single" if isinstance(outputs, KerasTensor) else (
            "dict" if isinstance(outputs, dict) else "list")
        ins = list(inputs.values()) if isinstance(inputs, dict) else (
            [inputs] if isinstance(inputs, KerasTensor) else list(inputs))
        outs = list(outputs.values()) if isinstance(outputs, dict) else (
            [outputs] if isinstance(outputs, KerasTensor) else list(outputs))
        for t in ins + outs:
            if not isinstance(t, KerasTensor):
                raise TypeError(f"Model inputs/outputs must be symbolic tensors from Input(...) and "
                                f"layer calls, got {type(t).__name__}")
        for t in ins:
            if not isinstance(t._keras_history[0], InputLayer):
                raise GraphError(f"model input {t.name!r} must come from Input(...)",
                                 code="input_not_input_layer", layer=t.name)
        self.inputs = ins
        self.outputs = outs
        self._output_keys = list(outputs.keys()) if isinstance(outputs, dict) else None
        self._nodes = graph.topological_nodes(ins, outs)
        self._consumers = graph.consumers(self._nodes)
        unique = graph.keras_order(outs)  # Keras's model.layers: each layer once, Keras's order
        seen = set()
        for layer in unique:
            if layer.name in seen:
                raise GraphError(f"two layers are named {layer.name!r}; layer names must be unique",
                                 code="duplicate_name", layer=layer.name)
            seen.add(layer.name)
        self.layers = unique
        self._shared = None  # [(layer, runners)] of shared layers, made on first use
        self.built = True

    @property
    def _shared_groups(self) -> list:
        if self._shared is None:
            self._shared = graph.shared_groups(self._nodes)
        return self._shared

    def _calls_of(self, layer) -> list:
        """The nodes (calls) of ``layer`` in this model, in call order."""
        return [n for n in self._nodes if n.layer is layer]

    @property
    def input_shape(self):
        shapes = [t.shape for t in self.inputs]
        return shapes[0] if len(shapes) == 1 else shapes

    @property
    def output_shape(self):
        shapes = [t.shape for t in self.outputs]
        return shapes[0] if len(shapes) == 1 else shapes

    @property
    def output_names(self) -> list[str]:
        if self._output_keys:
            return list(self._output_keys)
        return [t._keras_history[0].name for t in self.outputs]

    @property
    def input_names(self) -> list[str]:
        return [t._keras_history[0].name for t in self.inputs]

    def get_layer(self, name=None, index=None) -> Layer:
        """The layer called ``name`` (or at ``index`` in ``layers``)."""
        if index is not None:
            if not -len(self.layers) <= index < len(self.layers):
                raise ValueError(f"get_layer: index {index} out of range for {len(self.layers)} layers")
            return self.layers[index]
        for layer in self.layers:
            if layer.name == name:
                return layer
        raise ValueError(f"No such layer: {name!r}. Existing layers are: {[l.name for l in self.layers]}")

    # --------------------------------------------------------------- running
    def _forward(self, feeds: list, training: bool):
        """Outputs (list) for input arrays ``feeds``; keeps values for backward."""
        self._values = graph.run_forward(self._nodes, self.inputs, feeds, training)
        return [self._values[id(t)] for t in self.outputs]

    def _backward(self, out_grads: list) -> list:
        """Backpropagate; every layer's ``grads`` then holds the sum over its calls. Returns the
        gradients of the model's inputs (None where none reached)."""
        got = graph.run_backward(self._nodes, self.outputs, out_grads, self._values)
        if self._shared_groups:
            gather_grads(self._shared_groups)
        return [got.get(id(t)) for t in self.inputs]

    def _regularization(self) -> float:
        """Weight penalties of every layer plus the activity penalties of every call."""
        total = sum(l.regularization_penalty() for l in self.layers)
        for layer, runners in self._shared_groups:
            total += sum(float(r._activity_penalty) for r in runners if r is not layer)
        return total

    def __call__(self, inputs, training=False):
        """On symbolic tensors: use the model as a layer of another model (Keras's model sharing;
        every call shares this model's weights). On arrays: run it eagerly (backend arrays)."""
        if _is_symbolic(inputs):
            from .nested import model_layer  # noqa: PLC0415

            if not self.built and isinstance(inputs, KerasTensor) and hasattr(self, "add"):
                self.build(inputs.shape)  # a Sequential without an input shape takes the tensor's
            return model_layer(self)(inputs)
        feeds = self._standardize_x(inputs)
        outs = self._forward(feeds, training)
        return self._pack_outputs(outs)

    def _pack_outputs(self, outs):
        if self._outputs_struct == "single":
            return outs[0]
        if self._outputs_struct == "dict":
            return dict(zip(self._output_keys, outs))
        return list(outs)

    # --------------------------------------------------------------- weights
    @property
    def weights(self) -> list:
        return [w for layer in self.layers for w in layer.weights]

    @property
    def trainable_weights(self) -> list:
        if not self.trainable:
            return []
        return [w for layer in self.layers for w in layer.trainable_weights]

    @property
    def non_trainable_weights(self) -> list:
        if not self.trainable:
            return self.weights
        return [w for layer in self.layers for w in layer.non_trainable_weights]

    def get_weights(self) -> list:
        """All weights as NumPy arrays, layer by layer, in creation order (Keras order)."""
        return [w for layer in self.layers for w in layer.get_weights()]

    def set_weights(self, weights) -> None:
        """Set all weights from a list as returned by ``get_weights``."""
        weights = list(weights)
        total = sum(len(layer.params) for layer in self.layers)
        if len(weights) != total:
            raise ValueError(f"set_weights: the model has {total} weight arrays, got {len(weights)}")
        i = 0
        for layer in self.layers:
            n = len(layer.params)
            if n:
                layer.set_weights(weights[i:i + n])
            i += n

    def count_params(self) -> int:
        """Total number of scalars in all weights."""
        return int(sum(layer.count_params() for layer in self.layers))

    def summary(self, line_length=None, positions=None, print_fn=None, expand_nested=False,
                show_trainable=False, layer_range=None) -> None:
        """Print a Keras-style table: layer (type), output shape, param #, connected to
        (functional models), then the totals. Returns None, as Keras 3 does.

        ``print_fn(text)`` receives the whole table as one string (Keras 3 calls it once), so
        ``model.summary(print_fn=lines.append)`` captures it; ``models.summary.format_summary``
        returns it. ``positions``, ``expand_nested``, ``show_trainable`` and ``layer_range`` are
        accepted for Keras compatibility and do not change the table.
        """
        text = format_summary(self, line_length=line_length)
        (print_fn or print)(text)

    # --------------------------------------------------------------- config
    def get_config(self) -> dict:
        """``{"name", "layers": [{"name", "class_name", "config", "inputs"[, "calls"]}], "inputs",
        "outputs"}`` (see ``models.config`` for shared layers' ``calls`` and references)."""
        calls, call_index = graph.calls_by_layer(self._nodes)

        def ref(t):
            layer, _, idx = t._keras_history
            call = graph.call_of(t, call_index)
            if call:
                return [layer.name, idx, call]
            return layer.name if idx == 0 else [layer.name, idx]

        layers = []
        for nodes in calls.values():
            layer = nodes[0].layer
            entry = {"name": layer.name, **serialize(layer), "inputs": [ref(t) for t in nodes[0].inputs]}
            if len(nodes) > 1:
                entry["calls"] = [[ref(t) for t in n.inputs] for n in nodes[1:]]
            layers.append(entry)
        config = {"name": self.name, "trainable": self.trainable, "layers": layers,
                  "inputs": [ref(t) for t in self.inputs], "outputs": [ref(t) for t in self.outputs]}
        if self._output_keys:
            config["output_keys"] = list(self._output_keys)
        return config

    @classmethod
    def from_config(cls, config: dict):
        """Rebuild a functional model from ``get_config()`` output (names checked against the
        layer registry; a cycle or a dangling reference raises ``GraphError``)."""
        from .config import build_functional  # noqa: PLC0415

        return build_functional(config, cls)

    def to_json(self) -> str:
        import json  # noqa: PLC0415

        from .config import serialize_model  # noqa: PLC0415

        return json.dumps(serialize_model(self))

    def __repr__(self):
        return f"<{type(self).__name__} name={self.name!r} layers={len(self.layers)}>"


def clone_layer(layer: Layer) -> Layer:
    """A fresh, unbuilt layer with the same config (weights not copied)."""
    return LAYERS.lookup(type(layer).__name__).from_config(layer.get_config())


_ = (np, B)
