"""ONNX export: the graph builder, activations, and ``to_onnx``/``export_onnx``.

The exported graph keeps netbuilder's (Keras's) tensor layout everywhere, channels last
``(batch, height, width, channels)``; only around ONNX's channels-first operators (``Conv``,
``MaxPool``, ``AveragePool``) are ``Transpose`` nodes inserted, so every other layer maps one to
one and ``Flatten`` orders features exactly as netbuilder does. The batch axis is dynamic
(``dim_param="batch"``); graph inputs and outputs carry the model's input and output names.

Inference semantics: ``Dropout`` and the noise layers are identities, ``BatchNormalization`` uses
its moving statistics, recurrent layers start from zero states.
"""

from __future__ import annotations

import hashlib
import math
import os

import numpy as np

from .. import backend as B
from ._common import ExportError, model_nodes, require

OPSET = 18
_SELU_ALPHA = 1.6732632423543772848170429916717
_SELU_SCALE = 1.0507009873554804934193349852946


class GraphBuilder:
    """Accumulates ONNX nodes and initializers with unique names.

    ``op("MatMul", [a, b], hint)`` adds a node and returns its output name (a list when
    ``n_out > 1``); ``const(array)`` adds a float32/int64 initializer and returns its name.
    """

    def __init__(self, onnx):
        self.onnx = onnx
        self.nodes: list = []
        self.inits: list = []
        self._count = 0
        self._by_content: dict = {}  # (dtype, shape, digest) -> initializer name

    def fresh(self, hint: str) -> str:
        self._count += 1
        return f"{hint}_{self._count}"

    def const(self, array, hint="const", dtype=None) -> str:
        arr = np.asarray(B.to_numpy(array) if not isinstance(array, (list, tuple, float, int)) else array)
        if dtype is None:
            dtype = np.int64 if arr.dtype.kind in "iub" else np.float32
        arr = np.ascontiguousarray(arr.astype(dtype, copy=False))
        # one initializer per distinct content: every call of a shared layer (and of a model used
        # as a layer) reads the same weights, as the model does
        key = (arr.dtype.str, arr.shape, hashlib.sha1(arr.tobytes()).digest())
        if key in self._by_content:
            return self._by_content[key]
        name = self.fresh(hint)
        self.inits.append(self.onnx.numpy_helper.from_array(arr, name))
        self._by_content[key] = name
        return name

    def f32(self, value, hint="scalar") -> str:
        return self.const(np.asarray(value, dtype=np.float32), hint)

    def i64(self, values, hint="ints") -> str:
        return self.const(np.asarray(values, dtype=np.int64).reshape(-1), hint, np.int64)

    def op(self, op_type, inputs, hint, n_out=1, **attrs):
        outs = [self.fresh(f"{hint}/{op_type}") for _ in range(n_out)]
        self.nodes.append(self.onnx.helper.make_node(op_type, list(inputs), outs,
                                                     name=self.fresh(f"{hint}/{op_type}_node"), **attrs))
        return outs if n_out > 1 else outs[0]

    # ------------------------------------------------------------ small helpers
    def transpose(self, x, perm, hint):
        return self.op("Transpose", [x], hint, perm=list(perm))

    def reverse(self, x, axis, hint):
        """``x`` reversed along ``axis`` (a ``Slice`` with step -1)."""
        return self.op("Slice", [x, self.i64([-1]), self.i64([-(2 ** 63)]), self.i64([axis]),
                                 self.i64([-1])], hint)

    def reshape(self, x, shape, hint):
        return self.op("Reshape", [x, self.i64(shape)], hint)


def emit_activation(g: GraphBuilder, act, x: str, hint: str) -> str:
    """Apply netbuilder activation object ``act`` to tensor ``x`` with ONNX operators."""
    name = act.name
    cfg = act.get_config()
    if name == "linear":
        return x
    simple = {"sigmoid": "Sigmoid", "tanh": "Tanh", "softplus": "Softplus", "softsign": "Softsign",
              "exponential": "Exp"}
    if name in simple:
        return g.op(simple[name], [x], hint)
    if name == "relu":
        slope, top, thr = cfg["negative_slope"], cfg["max_value"], cfg["threshold"]
        if top is None and thr == 0:
            return g.op("Relu", [x], hint) if slope == 0 else g.op("LeakyRelu", [x], hint, alpha=slope)
        if thr != 0:
            out = g.op("Mul", [x, g.op("Cast", [g.op("Greater", [x, g.f32(thr)], hint)], hint, to=1)], hint)
        else:
            out = g.op("Relu", [x], hint)
        if top is not None:
            out = g.op("Clip", [out, g.f32(0.0), g.f32(top)], hint)
        if slope != 0:
            neg = g.op("Relu", [g.op("Sub", [g.f32(thr), x], hint)], hint)
            out = g.op("Sub", [out, g.op("Mul", [neg, g.f32(slope)], hint)], hint)
        return out
    if name == "leaky_relu":
        return g.op("LeakyRelu", [x], hint, alpha=float(cfg["negative_slope"]))
    if name == "relu6":
        return g.op("Clip", [x, g.f32(0.0), g.f32(6.0)], hint)
    if name == "elu":
        return g.op("Elu", [x], hint, alpha=float(cfg["alpha"]))
    if name == "selu":
        return g.op("Selu", [x], hint, alpha=_SELU_ALPHA, gamma=_SELU_SCALE)
    if name == "softmax":
        return g.op("Softmax", [x], hint, axis=int(cfg["axis"]))
    if name == "log_softmax":
        return g.op("LogSoftmax", [x], hint, axis=int(cfg["axis"]))
    if name == "silu":
        return g.op("Mul", [x, g.op("Sigmoid", [x], hint)], hint)
    if name == "hard_sigmoid":
        return g.op("HardSigmoid", [x], hint, alpha=1.0 / 6.0, beta=0.5)
    if name == "hard_silu":
        return g.op("HardSwish", [x], hint)
    if name == "mish":
        return g.op("Mul", [x, g.op("Tanh", [g.op("Softplus", [x], hint)], hint)], hint)
    if name == "gelu":
        if cfg.get("approximate"):
            x3 = g.op("Mul", [g.op("Mul", [x, x], hint), x], hint)
            inner = g.op("Add", [x, g.op("Mul", [x3, g.f32(0.044715)], hint)], hint)
            t = g.op("Tanh", [g.op("Mul", [inner, g.f32(math.sqrt(2.0 / math.pi))], hint)], hint)
        else:
            t = g.op("Erf", [g.op("Mul", [x, g.f32(math.sqrt(0.5))], hint)], hint)
        half_x = g.op("Mul", [x, g.f32(0.5)], hint)
        return g.op("Mul", [half_x, g.op("Add", [t, g.f32(1.0)], hint)], hint)
    raise ExportError(f"the activation {name!r} has no ONNX translation", code="onnx_activation",
                      activation=name)


def _input_type(onnx, layer):
    dtype = str(layer.dtype or "float32")
    table = {"float32": onnx.TensorProto.FLOAT, "float64": onnx.TensorProto.FLOAT,
             "int32": onnx.TensorProto.INT32, "int64": onnx.TensorProto.INT64}
    return table.get(dtype, onnx.TensorProto.FLOAT)


def output_names(model) -> list:
    """The graph's output names: the model's, with ``_1``, ``_2`` ... added where one layer gives
    several outputs (``return_state``)."""
    seen: dict[str, int] = {}
    out = []
    for name in model.output_names:
        if name in seen:
            seen[name] += 1
            name = f"{name}_{seen[name]}"
        else:
            seen[name] = 0
        out.append(name)
    return out


def _emit_nodes(g: GraphBuilder, nodes: list, names: dict) -> None:
    """Add ``nodes`` (one per layer call) to ``g``; ``names`` maps id(tensor) → ONNX name and
    holds the inputs' names on entry. A model used as a layer is inlined, call by call."""
    from ..layers.base import InputLayer
    from .onnx_layers import convert_layer

    for node in nodes:
        layer = node.layer
        if isinstance(layer, InputLayer):
            continue
        ins = [names[id(t)] for t in node.inputs]
        inner = getattr(layer, "model", None) if hasattr(layer, "share_weights_with") else None
        if inner is not None:
            inner_names = {id(t): n for t, n in zip(inner.inputs, ins)}
            _emit_nodes(g, inner._nodes, inner_names)
            outs = [inner_names[id(t)] for t in inner.outputs]
        else:
            in_shapes = [tuple(t.shape) for t in node.inputs]
            out_shapes = [tuple(t.shape) for t in node.outputs]
            try:
                outs = convert_layer(g, layer, ins, in_shapes, out_shapes)
            except ExportError:
                raise
            except (ValueError, TypeError, KeyError) as exc:
                raise ExportError(f"layer {layer.name!r} ({type(layer).__name__}) could not be exported to "
                                  f"ONNX: {exc}", code="onnx_layer", layer=layer.name) from exc
        if len(outs) != len(node.outputs):
            raise ExportError(f"layer {layer.name!r}: converter gave {len(outs)} outputs, expected "
                              f"{len(node.outputs)}", code="onnx_internal", layer=layer.name)
        for t, name in zip(node.outputs, outs):
            names[id(t)] = name


def to_onnx(model, opset: int = OPSET):
    """The trained ``model`` as an ``onnx.ModelProto`` (checked with ``onnx.checker``)."""
    onnx = require("onnx")
    require("onnx.numpy_helper")  # the submodule GraphBuilder uses

    from .onnx_layers import check_exportable

    if opset < 17:
        raise ExportError(f"ONNX export needs opset 17 or newer, got {opset}", code="onnx_opset")
    nodes = model_nodes(model)
    check_exportable(model, nodes)
    g = GraphBuilder(onnx)
    names: dict[int, str] = {}
    graph_inputs = []
    for t in model.inputs:
        layer = t._keras_history[0]
        dims = ["batch" if d is None and i == 0 else (f"{layer.name}_dim{i}" if d is None else int(d))
                for i, d in enumerate(t.shape)]
        graph_inputs.append(onnx.helper.make_tensor_value_info(layer.name, _input_type(onnx, layer), dims))
        names[id(t)] = layer.name
    _emit_nodes(g, nodes, names)
    graph_outputs = []
    for out_name, t in zip(output_names(model), model.outputs):
        g.nodes.append(onnx.helper.make_node("Identity", [names[id(t)]], [out_name], name=f"{out_name}/output"))
        dims = ["batch" if i == 0 else (None if d is None else int(d)) for i, d in enumerate(t.shape)]
        dims = [f"{out_name}_dim{i}" if d is None else d for i, d in enumerate(dims)]
        graph_outputs.append(onnx.helper.make_tensor_value_info(out_name, onnx.TensorProto.FLOAT, dims))
    graph = onnx.helper.make_graph(g.nodes, model.name, graph_inputs, graph_outputs, g.inits)
    proto = onnx.helper.make_model(graph, opset_imports=[onnx.helper.make_opsetid("", opset)],
                                   producer_name="netbuilder")
    proto.ir_version = min(proto.ir_version, 9)  # readable by onnxruntime >= 1.16
    onnx.checker.check_model(proto)
    return proto


def export_onnx(model, filepath, opset: int = OPSET) -> str:
    """Write ``model`` to ``filepath`` (``.onnx``) atomically; returns the path.

    The file runs in any ONNX runtime: ``onnxruntime.InferenceSession(path).run(None,
    {input_name: x})`` gives ``model.predict(x)`` (float32, within 1e-5).
    """
    from ..models.saving import atomic_write

    proto = to_onnx(model, opset)
    data = proto.SerializeToString()
    atomic_write(filepath, lambda f: f.write(data))
    return os.fspath(filepath)
