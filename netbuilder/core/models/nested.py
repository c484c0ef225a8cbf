"""A model used as a layer of another model (Keras's "model sharing"): ``y = encoder(x)``.

Calling a ``Model`` or ``Sequential`` on symbolic tensors wraps it in one ``ModelLayer`` per model
(so calling it twice is layer sharing, see ``layers.sharing``) and calls that. The wrapper's
weights are the inner layers' own arrays under ``"<inner layer>/<weight>"`` keys, as
``Wrapper`` does for ``Bidirectional``: training the outer model trains the inner one, and
``encoder.trainable = False`` freezes it inside every model that uses it. The summary shows it as
one row, ``encoder (Functional)`` or ``(Sequential)``, with all its parameters, as Keras does.

Its forward pass runs the inner graph; its backward pass runs the inner graph backwards and
returns the gradients of the inner inputs (``graph.run_backward``), with the inner layers'
gradients gathered under the prefixed keys.
"""

from __future__ import annotations

from .. import backend as B
from ..errors import ShapeError
from ..layers.base import Layer, shape_str
from ..layers.sharing import share_weights


class ModelLayer(Layer):
    """The layer view of ``model`` (use ``model(tensors)``, which builds it once per model)."""

    def __init__(self, model):
        super().__init__(name=model.name, trainable=model.trainable)
        self.model = model
        n = len(model.inputs)
        self.num_inputs = 1 if n == 1 else n
        self._collect()
        self.built = True
        self.input_shape_built = model.input_shape
        if n == 1:  # first in a Sequential, it gives the input shape (as Keras builds from it)
            self._batch_input_shape = tuple(model.inputs[0].shape)

    def __getattr__(self, name):
        """Anything else is the model's (``summary``, ``layers``, ``get_layer``, ``predict`` ...), so
        ``outer.layers[i]`` can be used like the model it stands for, as in Keras."""
        model = self.__dict__.get("model")
        if model is None or name.startswith("__"):
            raise AttributeError(name)
        return getattr(model, name)

    # ------------------------------------------------------------------ weights
    def _collect(self) -> None:
        self.params, self._regularizers, self._constraints = {}, {}, {}
        for layer in self.model.layers:
            for key, value in layer.params.items():
                name = f"{layer.name}/{key}"
                self.params[name] = value
                if key in layer._regularizers:
                    self._regularizers[name] = layer._regularizers[key]
                if key in layer._constraints:
                    self._constraints[name] = layer._constraints[key]

    @property
    def trainable(self):
        model = self.__dict__.get("model")
        return True if model is None else model.trainable

    @trainable.setter
    def trainable(self, value):
        model = self.__dict__.get("model")
        if model is not None:
            model.trainable = bool(value)

    @property
    def _trainable_keys(self):
        """Live: follows the inner layers' ``trainable`` flags."""
        model = self.__dict__.get("model")
        if model is None:
            return []
        return [f"{l.name}/{k}" for l in model.layers for k in l.trainable_keys()]

    @_trainable_keys.setter
    def _trainable_keys(self, value):  # Layer.__init__ assigns []; the keys come from the model
        pass

    def regularization_penalty(self) -> float:
        """Weight penalties plus the activity penalties of every inner call."""
        return super().regularization_penalty() + sum(
            float(node.runner._activity_penalty) for node in self.model._nodes)

    def share_weights_with(self, primary) -> None:
        """Use ``primary``'s inner weights (this is a call twin of ``primary``)."""
        for mine, theirs in zip(self.model.layers, primary.model.layers):
            share_weights(mine, theirs)
        self.params = primary.params

    def _make_call_twin(self):
        from .config import model_from_config, serialize_model  # noqa: PLC0415

        twin = model_layer(model_from_config(serialize_model(self.model)), cache=False)
        twin.share_weights_with(self)
        return twin

    # ------------------------------------------------------------------ the contract
    def compute_output_shape(self, input_shape):
        shapes = input_shape if isinstance(input_shape, list) else [input_shape]
        want = [t.shape for t in self.model.inputs]
        if len(shapes) != len(want) or any(
                len(s) != len(w) or any(a is not None and b is not None and a != b for a, b in zip(s[1:], w[1:]))
                for s, w in zip(shapes, want)):
            raise ShapeError(
                f"model {self.name!r} takes inputs of shape {shape_str(want if len(want) > 1 else want[0])}, "
                f"got {shape_str(input_shape)}", code="nested_model_shape", layer=self.name,
                shape=shape_str(input_shape), expected=shape_str(want if len(want) > 1 else want[0]))
        batch = shapes[0][0]
        outs = [(batch,) + tuple(t.shape[1:]) for t in self.model.outputs]
        return outs[0] if len(outs) == 1 else outs

    def compute_mask(self, inputs, mask=None):
        return None

    def mark_input_grads(self) -> None:
        from . import graph  # noqa: PLC0415

        graph.mark_input_grads(self.model._nodes, inputs_need_grad=self.input_grad_needed)

    def forward(self, inputs, training=False):
        feeds = list(inputs) if self.num_inputs != 1 else [inputs]
        self._in_shapes = [(tuple(x.shape), x.dtype) for x in feeds]
        outs = self.model._forward(feeds, training)
        return outs[0] if len(outs) == 1 else list(outs)

    def backward(self, grad_output):
        grads = list(grad_output) if len(self.model.outputs) > 1 else [grad_output]
        gins = self.model._backward(grads)
        self.grads = {f"{l.name}/{k}": g for l in self.model.layers for k, g in l.grads.items()}
        if not self.input_grad_needed:
            return None
        xp = B.xp()
        gins = [g if g is not None else xp.zeros(shape, dtype=dtype if dtype.kind == "f" else B.floatx())
                for g, (shape, dtype) in zip(gins, self._in_shapes)]
        return gins[0] if self.num_inputs == 1 else gins

    def get_config(self) -> dict:
        """The inner model's config (an entry of class ``Functional`` or ``Sequential``)."""
        return self.model.get_config()

    @classmethod
    def from_config(cls, config: dict):
        from .config import model_from_config  # noqa: PLC0415

        return model_layer(model_from_config({"class_name": cls.__name__, "config": config}))


class Functional(ModelLayer):
    """A functional ``Model`` inside another model (Keras names its row ``(Functional)``)."""


class Sequential(ModelLayer):
    """A ``Sequential`` model inside another model (Keras names its row ``(Sequential)``)."""


def model_layer(model, cache=True) -> ModelLayer:
    """The layer view of ``model``: one per model, so two calls share it (and its weights)."""
    view = getattr(model, "_layer_view", None) if cache else None
    if view is None:
        from .sequential import Sequential as SequentialModel  # noqa: PLC0415

        if not model.built:
            raise ShapeError(f"model {model.name!r} has no input shape yet, so it cannot be used as a layer: "
                             "give its first layer input_shape=... or build() it first",
                             code="nested_model_unbuilt", layer=model.name)
        view = (Sequential if isinstance(model, SequentialModel) else Functional)(model)
        if cache:
            model._layer_view = view
    return view
