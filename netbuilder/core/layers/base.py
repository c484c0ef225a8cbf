"""The layer base class, symbolic tensors and graph nodes.

A layer is a small class (Keras 3's ``Layer`` contract with an explicit backward pass):

- ``__init__`` stores and validates hyper-parameters only;
- ``build(input_shape)`` creates weights with ``add_weight`` once shapes are known;
- ``forward(inputs, training=False)`` computes outputs and keeps only what backward needs, by
  name, with ``self.save_for_backward(x=..., y=...)``;
- ``backward(grad_output)`` takes that record back (``self.saved_for_backward()``, which frees
  it), returns the gradient for the input(s) and stores each parameter's gradient in
  ``self.grads`` under the parameter's key (``"kernel"``, ``"bias"``);
- ``input_spec`` (an ``input_spec.InputSpec``) declares the accepted input shapes once;
  ``self._checked_input(shape)`` checks a shape against it with the layer's own hints;
- ``compute_output_shape(input_shape)`` lets the UI show shapes without data;
- ``get_config()`` returns exactly the constructor arguments, so ``from_config`` round-trips.

Shapes always include the batch axis as ``None``: ``(None, 784)``. A layer with several inputs
(merges) receives a list of arrays in ``forward`` and returns a list of gradients from
``backward``. Parameters are updated in place (by optimizers and ``set_weights``), so an array
returned by ``add_weight`` stays the layer's parameter for its whole life.

Calling a layer on a ``KerasTensor`` (from ``Input``) adds it to a symbolic graph; calling it on
an array runs it eagerly (building it first from the array's shape). The symbolic tensors and
nodes live in ``symbolic.py``, ``Input``/``InputLayer`` in ``input_layer.py`` (both re-exported
here).
"""

from __future__ import annotations

import inspect
from types import SimpleNamespace

import numpy as np

from .. import backend as B
from ..errors import ConfigError, ShapeError
from ..registry import to_snake_case
from .input_spec import check_input
from .limits import _SHAPE_ONLY, check_output_size, check_weight_size, shape_str
from .symbolic import KerasTensor, Node, _is_symbolic, _shape_key, reset_uids, unique_name

__all__ = ["Input", "InputLayer", "KerasTensor", "Layer", "Node", "normalize_tuple", "reset_uids",
           "shape_str", "unique_name"]

def normalize_tuple(value, n: int, name: str, layer: str | None = None) -> tuple:
    """``3`` → ``(3, 3)``; validates a tuple of ``n`` positive ints."""
    if isinstance(value, (int, np.integer)):
        value = (int(value),) * n
    try:
        value = tuple(int(v) for v in value)
    except TypeError:
        raise ConfigError(f"{name} must be an int or a tuple of {n} ints, got {value!r}",
                          code="bad_tuple", layer=layer, arg=name, value=repr(value)) from None
    if len(value) != n or any(v <= 0 for v in value):
        raise ConfigError(f"{name} must be {n} positive int(s), got {value!r}",
                          code="bad_tuple", layer=layer, arg=name, value=repr(value))
    return value


class Layer:
    """Base class of every layer.

    Args:
        name: unique layer name; auto-generated from the class name when omitted.
        trainable: whether the optimizer updates this layer's trainable weights.
        dtype: float dtype of the weights (default ``backend.floatx()`` at build time).
        input_shape: shape of one sample (no batch axis), as Keras accepts on a first layer.
        batch_input_shape / batch_size / input_dim: Keras's other ways to give the input shape.
        activity_regularizer: penalty on the layer's output, added to the loss.
    """

    #: True when the layer passes a mask through or consumes it (Keras ``supports_masking``).
    supports_masking = False
    #: Number of inputs the layer expects: 1, or None for "a list of two or more" (merges).
    num_inputs = 1
    #: True when ``backward`` honours ``_fused_output_grad``: as an output layer, its softmax/
    #: sigmoid may be fused with the loss, and the gradient it receives is then w.r.t. the
    #: pre-activation. Opt-in, so a layer with an ``activation`` that ignores the flag is safe.
    supports_fused_output = False
    #: True when ``forward``/``backward`` accept a ``core.sparse.SparseRows`` batch as input
    #: (``fit`` then feeds mostly-zero model inputs read only by such layers in compressed form).
    accepts_sparse_rows = False
    #: The input contract (``input_spec.InputSpec``) a layer declares; None: not declared.
    input_spec = None
    #: What ``forward`` kept for ``backward`` (see ``save_for_backward``); None between passes.
    _saved = None

    def __init__(self, *, name=None, trainable=True, dtype=None, input_shape=None,
                 batch_input_shape=None, batch_size=None, input_dim=None,
                 activity_regularizer=None, **kwargs):
        if kwargs:
            raise TypeError(
                f"{type(self).__name__}: unexpected keyword argument(s): {', '.join(sorted(kwargs))}")
        if name is not None and (not isinstance(name, str) or not name.strip()):
            raise ConfigError(f"layer name must be a non-empty string, got {name!r}", code="bad_name",
                              value=repr(name))
        self.name = name or unique_name(to_snake_case(type(self).__name__))
        self.trainable = bool(trainable)
        self.dtype = dtype
        from .. import regularizers  # noqa: PLC0415  (regularizers imports nothing from layers)

        self.activity_regularizer = regularizers.get(activity_regularizer)
        if batch_input_shape is not None:
            self._batch_input_shape = tuple(batch_input_shape)
        elif input_shape is not None:
            if isinstance(input_shape, (int, np.integer)):
                input_shape = (int(input_shape),)
            self._batch_input_shape = (batch_size,) + tuple(input_shape)
        elif input_dim is not None:
            self._batch_input_shape = (batch_size, int(input_dim))
        else:
            self._batch_input_shape = None
        self.built = False
        self.params: dict[str, object] = {}
        self.grads: dict[str, object] = {}
        self._trainable_keys: list[str] = []
        self._regularizers: dict[str, object] = {}
        self._constraints: dict[str, object] = {}
        self._inbound_nodes: list[Node] = []
        self.input_grad_needed = True
        self.input_shape_built = None
        self._activity_penalty = 0.0
        self._activity_output = None
        self._fused_output_grad = False

    # ----------------------------------------------------------------- subclass helpers
    def __init_subclass__(cls, **kwargs):
        super().__init_subclass__(**kwargs)
        params = inspect.signature(cls.forward).parameters
        cls._forward_takes_mask = "mask" in params

    def add_weight(self, name: str, shape, initializer="glorot_uniform", regularizer=None,
                   trainable=True, constraint=None):
        """Create parameter ``name`` of ``shape`` and return it (an array of the backend).

        The array is stored in ``self.params[name]``; its gradient goes in ``self.grads[name]``.
        """
        from .. import constraints, initializers, regularizers  # noqa: PLC0415

        init = initializers.get(initializer)
        dtype = self.dtype or B.floatx()
        shape = tuple(int(s) for s in shape)
        check_weight_size(self.name, name, shape, dtype)
        if _SHAPE_ONLY.active:
            # shape analysis (the canvas): a zero-stride view has the right shape and costs nothing
            value = np.lib.stride_tricks.as_strided(np.zeros(1, dtype=dtype), shape, (0,) * len(shape))
        else:
            # C order: in-place updates and finite-difference checks rely on contiguous weights
            # (ascontiguousarray makes a 0-d array 1-d: reshape keeps a scalar weight a scalar)
            value = B.xp().ascontiguousarray(B.asarray(init(shape, dtype=dtype), dtype=dtype)).reshape(shape)
        self.params[name] = value
        if trainable:
            self._trainable_keys.append(name)
        reg = regularizers.get(regularizer)
        if reg is not None:
            self._regularizers[name] = reg
        con = constraints.get(constraint) if constraint is not None else None
        if con is not None:
            self._constraints[name] = con
        return value

    # ---------------------------------------------------------------- what backward keeps
    def save_for_backward(self, **arrays) -> None:
        """Keep, by name, what ``backward`` needs from this forward pass.

        ``forward`` says ``self.save_for_backward(x=inputs, y=y)``; ``backward`` takes the record
        back with :meth:`saved_for_backward`, which frees it, so a layer holds its activations
        only between a forward and its backward (Chainer's ``retain_inputs``, PyTorch's
        ``ctx.save_for_backward``). A new forward replaces a record that was not used.
        """
        self._saved = SimpleNamespace(**arrays)

    def saved_for_backward(self) -> SimpleNamespace:
        """The last ``save_for_backward`` record, as attributes (``saved.x``); freed on return."""
        saved = self._saved
        if saved is None:
            raise RuntimeError(
                f"{type(self).__name__}.backward called without a forward pass before it "
                "(each forward's record serves one backward)")
        self._saved = None
        return saved

    def _checked_input(self, input_shape) -> tuple:
        """``input_shape`` as a tuple once it meets ``self.input_spec`` (``ShapeError`` otherwise)."""
        return check_input(self, input_shape, self.input_spec)

    # ------------------------------------------------------------------- the contract
    def build(self, input_shape) -> None:
        """Create weights for ``input_shape`` (batch axis included). Default: none."""
        self.built = True

    def forward(self, inputs, training=False):
        """Compute the output for ``inputs``; keep what ``backward`` needs."""
        raise NotImplementedError(f"{type(self).__name__}.forward")

    def backward(self, grad_output):
        """Gradient of the loss w.r.t. the input(s), given ``grad_output``; fills ``self.grads``."""
        raise NotImplementedError(f"{type(self).__name__}.backward")

    def compute_output_shape(self, input_shape):
        """The output shape (batch axis ``None``) for ``input_shape``. Default: unchanged."""
        return input_shape

    def compute_mask(self, inputs, mask=None):
        """The mask of the output: passed through when ``supports_masking``, else dropped."""
        return mask if self.supports_masking else None

    def get_config(self) -> dict:
        """Constructor arguments as plain JSON-able data (``from_config`` inverts it)."""
        config = {"name": self.name, "trainable": self.trainable}
        if self.dtype is not None:
            config["dtype"] = self.dtype
        if self._batch_input_shape is not None:
            config["batch_input_shape"] = list(self._batch_input_shape)
        if self.activity_regularizer is not None:
            from .. import regularizers  # noqa: PLC0415

            config["activity_regularizer"] = regularizers.serialize(self.activity_regularizer)
        return config

    @classmethod
    def from_config(cls, config: dict):
        """Rebuild a layer from ``get_config()`` output."""
        return cls(**config)

    # ----------------------------------------------------------------- bookkeeping
    @property
    def weights(self) -> list:
        return list(self.params.values())

    @property
    def trainable_weights(self) -> list:
        return [self.params[k] for k in self._trainable_keys] if self.trainable else []

    @property
    def non_trainable_weights(self) -> list:
        if not self.trainable:
            return self.weights
        return [v for k, v in self.params.items() if k not in self._trainable_keys]

    def trainable_keys(self) -> list[str]:
        return list(self._trainable_keys) if self.trainable else []

    def count_params(self) -> int:
        """Number of scalars in all weights (trainable and not)."""
        if not self.built:
            raise ValueError(
                f"layer {self.name!r} is not built yet, so it has no weights to count: "
                "give the model an input shape first")
        return int(sum(int(np.prod(w.shape)) for w in self.params.values()))

    def get_weights(self) -> list:
        """The weights as NumPy arrays, in creation order."""
        return [B.to_numpy(w).copy() for w in self.params.values()]

    def set_weights(self, weights) -> None:
        """Set the weights from a list of arrays of the same shapes (copied in place)."""
        weights = list(weights)
        if len(weights) != len(self.params):
            raise ValueError(
                f"layer {self.name!r} expects {len(self.params)} weight arrays "
                f"({', '.join(self.params)}), got {len(weights)}")
        for (key, cur), new in zip(self.params.items(), weights):
            new = np.asarray(new)
            if tuple(new.shape) != tuple(cur.shape):
                raise ValueError(
                    f"layer {self.name!r}: weight {key!r} has shape {tuple(cur.shape)}, "
                    f"got an array of shape {tuple(new.shape)}")
            cur[...] = B.asarray(new, dtype=cur.dtype)

    def regularization_penalty(self) -> float:
        """Sum of the weight regularizers' penalties (added to the loss)."""
        total = 0.0
        for key, reg in self._regularizers.items():
            total += float(reg(self.params[key]))
        return total + float(self._activity_penalty)

    def add_regularization_grads(self) -> None:
        """Add each regularized weight's penalty gradient to ``self.grads``."""
        for key, reg in self._regularizers.items():
            if key in self.grads and self.grads[key] is not None:
                self.grads[key] = self.grads[key] + reg.gradient(self.params[key])

    def apply_constraints(self) -> None:
        """Project constrained weights after an optimizer step (in place)."""
        for key, con in self._constraints.items():
            w = self.params[key]
            w[...] = con(w)

    def _build_once(self, input_shape) -> None:
        if not self.built:
            self.build(input_shape)
            self.built = True
            self.input_shape_built = input_shape

    # ------------------------------------------------------------- running the layer
    def run_forward(self, inputs, training=False, mask=None):
        """Forward with the activity regularizer applied (what models call)."""
        if self._forward_takes_mask:
            out = self.forward(inputs, training=training, mask=mask)
        else:
            out = self.forward(inputs, training=training)
        if self.activity_regularizer is not None and training:
            self._activity_penalty = float(self.activity_regularizer(out))
            self._activity_output = out
        else:
            self._activity_penalty = 0.0
            self._activity_output = None
        return out

    def run_backward(self, grad_output):
        """Backward with the activity regularizer's gradient added (what models call)."""
        if self._activity_output is not None:
            grad_output = grad_output + self.activity_regularizer.gradient(self._activity_output)
        return self.backward(grad_output)

    def __call__(self, inputs, training=False, mask=None):
        if _is_symbolic(inputs):
            return self._call_symbolic(inputs)
        if isinstance(inputs, (list, tuple)):
            arrays = [B.asarray(a) for a in inputs]
            self._build_once([(None,) + tuple(a.shape[1:]) for a in arrays])
            return self.run_forward(arrays, training=training, mask=mask)
        x = B.asarray(inputs)
        self._build_once((None,) + tuple(x.shape[1:]))
        return self.run_forward(x, training=training, mask=mask)

    def _call_symbolic(self, inputs):
        tensors = list(inputs) if isinstance(inputs, (list, tuple)) else [inputs]
        if self.num_inputs == 1 and len(tensors) != 1:
            raise ShapeError(
                f"layer {self.name!r} ({type(self).__name__}) takes one input, got {len(tensors)}; "
                "use a merge layer (Concatenate, Add, ...) to combine tensors",
                code="too_many_inputs", layer=self.name, count=len(tensors))
        if self.num_inputs is None and len(tensors) < 2:
            raise ShapeError(
                f"layer {self.name!r} ({type(self).__name__}) merges two or more inputs, "
                f"got {len(tensors)}", code="merge_needs_two", layer=self.name, count=len(tensors))
        in_shape = [t.shape for t in tensors] if self.num_inputs != 1 else tensors[0].shape
        out_shape = self.compute_output_shape(in_shape)
        check_output_size(self.name, out_shape, self.dtype)
        if self.built and self.params and _shape_key(in_shape) != _shape_key(self.input_shape_built):
            from .sharing import check_shared_call  # noqa: PLC0415  (a built layer keeps its weights)

            check_shared_call(self, in_shape)
        self._build_once(in_shape)
        node_index = len(self._inbound_nodes)
        multi = isinstance(out_shape, list)
        shapes = out_shape if multi else [out_shape]
        dtype = self.dtype or B.floatx()
        outs = [KerasTensor(s, dtype, self, node_index, i) for i, s in enumerate(shapes)]
        self._inbound_nodes.append(Node(self, tensors, outs))
        return outs if multi else outs[0]

    @property
    def output_shape(self):
        if not self._inbound_nodes:
            raise AttributeError(f"layer {self.name!r} has no output shape: it is not in a graph")
        outs = self._inbound_nodes[0].outputs
        return outs[0].shape if len(outs) == 1 else [t.shape for t in outs]

    @property
    def input(self):
        node = self._inbound_nodes[0]
        return node.inputs[0] if len(node.inputs) == 1 else node.inputs

    @property
    def output(self):
        node = self._inbound_nodes[0]
        return node.outputs[0] if len(node.outputs) == 1 else node.outputs

    def __repr__(self):
        return f"<{type(self).__name__} name={self.name!r} built={self.built}>"


# InputLayer is a Layer: defined after it, re-exported here for ``from .base import InputLayer``
from .input_layer import Input, InputLayer  # noqa: E402
