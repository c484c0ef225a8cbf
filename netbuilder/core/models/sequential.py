"""``Sequential``: a plain stack of layers, each feeding the next (Keras's ``Sequential``)."""

from __future__ import annotations

import numpy as np

from ..errors import GraphError
from ..layers.base import InputLayer, KerasTensor, Layer, unique_name
from ..registry import serialize
from .functional import Model
from .trainer import Trainer


class Sequential(Model):
    """A linear stack of layers: ``Sequential([Dense(64, input_shape=(13,)), Dense(1)])``.

    The input shape comes from an ``Input``/``InputLayer`` given first, or from the first
    layer's ``input_shape=``; otherwise the model is built from the first data it sees (as
    Keras does). ``model.layers`` excludes the input layer, as in Keras.
    """

    def __init__(self, layers=None, name=None, trainable=True, **kwargs):
        Trainer.__init__(self)
        kwargs.pop("dtype", None)
        if kwargs:
            raise TypeError(f"Sequential: unexpected keyword argument(s): {', '.join(sorted(kwargs))}")
        self.name = name or unique_name("sequential")
        self.trainable = trainable
        self._layers: list[Layer] = []
        self._input_layer: InputLayer | None = None
        self.built = False
        for layer in layers or []:
            self.add(layer)

    # --------------------------------------------------------------- building
    def add(self, layer) -> None:
        """Append a layer (or an ``Input`` tensor / ``InputLayer`` as the first item)."""
        if isinstance(layer, KerasTensor):
            origin = layer._keras_history[0]
            if not isinstance(origin, InputLayer):
                raise TypeError("Sequential.add accepts layers, or an Input(...) tensor first")
            layer = origin
        if isinstance(layer, Model):  # a model as one layer of this one (Keras's nesting)
            from .nested import model_layer  # noqa: PLC0415

            layer = model_layer(layer)
        if not isinstance(layer, Layer):
            raise TypeError(f"Sequential.add expects a Layer instance, got {layer!r} "
                            f"(type {type(layer).__name__}); did you forget the parentheses, e.g. Dense(64)?")
        if isinstance(layer, InputLayer):
            if self._layers or self._input_layer is not None:
                raise GraphError("an Input can only be the first item of a Sequential model",
                                 code="input_not_first", layer=layer.name)
            self._input_layer = layer
            self._rebuild()
            return
        if any(l.name == layer.name for l in self._layers):
            raise GraphError(f"a layer named {layer.name!r} is already in the model; names must be unique",
                             code="duplicate_name", layer=layer.name)
        if layer.num_inputs != 1:
            raise GraphError(f"{type(layer).__name__} layer {layer.name!r} merges several inputs and "
                             "cannot be used in a Sequential model: use the functional Model",
                             code="merge_in_sequential", layer=layer.name)
        self._layers.append(layer)
        if self._input_layer is None and len(self._layers) == 1 and layer._batch_input_shape is not None:
            self._input_layer = InputLayer(batch_shape=layer._batch_input_shape,
                                           dtype=None, name=unique_name("input_layer"))
        if self._input_layer is not None:
            try:
                self._rebuild()
            except Exception:
                self._layers.pop()
                if not self._layers and layer._batch_input_shape is not None:
                    self._input_layer = None
                raise

    def pop(self) -> Layer:
        """Remove and return the last layer."""
        if not self._layers:
            raise TypeError("there are no layers in the model to pop")
        layer = self._layers.pop()
        self._rebuild()
        return layer

    def build(self, input_shape) -> None:
        """Build the stack for ``input_shape`` (batch axis included, e.g. ``(None, 784)``)."""
        if self._input_layer is None:
            self._input_layer = InputLayer(batch_shape=tuple(input_shape), name=unique_name("input_layer"))
        self._rebuild()

    def _rebuild(self) -> None:
        if self._input_layer is None:
            self.built = False
            return
        for layer in self._layers:
            layer._inbound_nodes = []
        tensor = self._input_layer._inbound_nodes[0].outputs[0]
        x = tensor
        for layer in self._layers:
            x = layer(x)
        if not self._layers:
            self.inputs, self.outputs, self._nodes = [tensor], [tensor], []
            self.built = False
            return
        self._init_graph(tensor, x)

    def _maybe_build(self, x) -> None:
        if self.built:
            return
        if not self._layers:
            raise GraphError("the Sequential model has no layers", code="empty_model")
        arr = x[0] if isinstance(x, (list, tuple)) else x
        arr = np.asarray(arr)
        dtype = "int32" if arr.dtype.kind in "iu" else None
        self._input_layer = InputLayer(batch_shape=(None,) + tuple(arr.shape[1:]), dtype=dtype,
                                       name=unique_name("input_layer"))
        self._rebuild()

    @property
    def layers(self) -> list:
        return list(self._layers)

    @layers.setter
    def layers(self, value) -> None:  # set by Model._init_graph; Sequential keeps its own list
        pass

    @property
    def output_names(self) -> list[str]:
        return [self._layers[-1].name] if self._layers else ["output"]

    @property
    def input_names(self) -> list[str]:
        return [self._input_layer.name] if self._input_layer else ["input"]

    @property
    def weights(self):
        return [w for l in self._layers for w in l.weights]

    def count_params(self) -> int:
        if not self.built:
            raise ValueError("this model has not been built yet: give the first layer input_shape=... "
                             "or call build()/fit() first")
        return super().count_params()

    def _all_layers(self):
        return ([self._input_layer] if self._input_layer else []) + self._layers

    def get_config(self) -> dict:
        """``{"name", "layers": [{"class_name", "config"}, ...]}`` (InputLayer first when known)."""
        layers = [serialize(layer) for layer in self._all_layers()]
        return {"name": self.name, "trainable": self.trainable, "layers": layers}

    @classmethod
    def from_config(cls, config: dict):
        from .config import build_sequential  # noqa: PLC0415

        return build_sequential(config, cls)
