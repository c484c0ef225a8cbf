"""One ONNX translation per netbuilder layer class (see ``onnx_graph`` for the conventions).

A converter is ``fn(g, layer, ins, in_shapes, out_shapes) -> [output names]``: ``ins`` are the
ONNX names of the layer's inputs, the shapes are netbuilder's (batch axis ``None``).
"""

from __future__ import annotations

import numpy as np

from .. import backend as B
from ._common import ExportError
from .onnx_graph import emit_activation

CONVERTERS: dict = {}
_IDENTITY = ("Dropout", "SpatialDropout1D", "SpatialDropout2D", "GaussianNoise", "GaussianDropout",
             "Masking")
_RNNS = ("SimpleRNN", "LSTM", "GRU")


def converter(*names):
    def deco(fn):
        for n in names:
            CONVERTERS[n] = fn
        return fn
    return deco


def _w(layer, key):
    return np.asarray(B.to_numpy(layer.params[key]), dtype=np.float32)


def convert_layer(g, layer, ins, in_shapes, out_shapes) -> list:
    cls = type(layer).__name__
    if cls in _IDENTITY:
        return [ins[0]]
    fn = CONVERTERS.get(cls)
    if fn is None:
        raise ExportError(f"layer {layer.name!r}: {cls} has no ONNX translation yet", code="onnx_unsupported",
                          layer=layer.name, class_name=cls)
    outs = fn(g, layer, ins, in_shapes, out_shapes)
    return outs if isinstance(outs, list) else [outs]


def check_exportable(model, nodes) -> None:
    """Refuse what ONNX cannot express faithfully: masks reaching a recurrent layer (ONNX's RNN
    operators only know trailing padding) and stateful recurrent layers."""
    def inner(layer):
        if type(layer).__name__ == "Bidirectional":
            return [layer.forward_layer, layer.backward_layer]
        if type(layer).__name__ == "TimeDistributed":
            return [layer.layer]
        if hasattr(layer, "share_weights_with"):  # a model used as a layer: its own layers
            return [sub for n in layer.model._nodes for sub in inner(n.layer)]
        return [layer]

    layers = [sub for n in nodes for sub in inner(n.layer)]
    masks = [l for l in layers if type(l).__name__ == "Masking" or getattr(l, "mask_zero", False)]
    rnns = [l for l in layers if type(l).__name__ in _RNNS]
    if masks and rnns:
        raise ExportError(
            f"layer {masks[0].name!r} makes a mask that recurrent layer {rnns[0].name!r} uses; ONNX's "
            "recurrent operators have no per-step masks: remove Masking / mask_zero to export",
            code="onnx_mask", layer=masks[0].name)
    for l in rnns:
        if l.stateful:
            raise ExportError(f"layer {l.name!r} is stateful; ONNX recurrent operators start from zero "
                              "states: set stateful=False to export", code="onnx_stateful", layer=l.name)


# ----------------------------------------------------------------------- core
@converter("Dense")
def _dense(g, layer, ins, in_shapes, out_shapes):
    h = layer.name
    y = g.op("MatMul", [ins[0], g.const(_w(layer, "kernel"), f"{h}/kernel")], h)
    if layer.use_bias:
        y = g.op("Add", [y, g.const(_w(layer, "bias"), f"{h}/bias")], h)
    return emit_activation(g, layer.activation, y, h)


@converter("Activation")
def _activation(g, layer, ins, in_shapes, out_shapes):
    return emit_activation(g, layer.activation, ins[0], layer.name)


@converter("Flatten")
def _flatten(g, layer, ins, in_shapes, out_shapes):
    x, nd = ins[0], len(in_shapes[0])
    if layer.data_format == "channels_first" and nd > 2:
        x = g.transpose(x, (0, *range(2, nd), 1), layer.name)
    return g.op("Flatten", [x], layer.name, axis=1)


@converter("Reshape")
def _reshape(g, layer, ins, in_shapes, out_shapes):
    return g.reshape(ins[0], [0, *layer.target_shape], layer.name)


@converter("Permute")
def _permute(g, layer, ins, in_shapes, out_shapes):
    return g.transpose(ins[0], (0, *layer.dims), layer.name)


@converter("RepeatVector")
def _repeat(g, layer, ins, in_shapes, out_shapes):
    x = g.op("Unsqueeze", [ins[0], g.i64([1])], layer.name)
    return g.op("Tile", [x, g.i64([1, layer.n, 1])], layer.name)


@converter("Embedding")
def _embedding(g, layer, ins, in_shapes, out_shapes):
    idx = g.op("Cast", [ins[0]], layer.name, to=7)  # int64
    return g.op("Gather", [g.const(_w(layer, "embeddings"), f"{layer.name}/embeddings"), idx], layer.name,
                axis=0)


# ----------------------------------------------------------------------- merges
def _aligned(g, layer, ins, in_shapes):
    nd = max(len(s) for s in in_shapes)
    out = []
    for x, s in zip(ins, in_shapes):
        if len(s) < nd:  # netbuilder inserts size-1 axes after the batch axis
            x = g.op("Unsqueeze", [x, g.i64(list(range(1, 1 + nd - len(s))))], layer.name)
        out.append(x)
    return out


@converter("Add", "Average", "Maximum", "Minimum")
def _variadic(g, layer, ins, in_shapes, out_shapes):
    op = {"Add": "Sum", "Average": "Mean", "Maximum": "Max", "Minimum": "Min"}[type(layer).__name__]
    return g.op(op, _aligned(g, layer, ins, in_shapes), layer.name)


@converter("Subtract")
def _subtract(g, layer, ins, in_shapes, out_shapes):
    a, b = _aligned(g, layer, ins, in_shapes)
    return g.op("Sub", [a, b], layer.name)


@converter("Multiply")
def _multiply(g, layer, ins, in_shapes, out_shapes):
    xs = _aligned(g, layer, ins, in_shapes)
    y = xs[0]
    for x in xs[1:]:
        y = g.op("Mul", [y, x], layer.name)
    return y


@converter("Concatenate")
def _concat(g, layer, ins, in_shapes, out_shapes):
    return g.op("Concat", ins, layer.name, axis=int(layer.axis))


@converter("Dot")
def _dot(g, layer, ins, in_shapes, out_shapes):
    h = layer.name
    a1, a2 = layer._resolve(in_shapes)
    x, y = ins
    xs, ys = in_shapes
    if layer.normalize:
        def l2(v, axis):
            ss = g.op("ReduceSum", [g.op("Mul", [v, v], h), g.i64([axis])], h, keepdims=1)
            n = g.op("Max", [g.op("Sqrt", [ss], h), g.f32(B.epsilon())], h)
            return g.op("Div", [v, n], h)
        x, y = l2(x, a1), l2(y, a2)
    nx, ny = len(xs), len(ys)
    px = [i for i in range(nx) if i != a1] + [a1]  # (B, *xr, K)
    py = [0, a2] + [i for i in range(1, ny) if i != a2]  # (B, K, *yr)
    k = xs[a1]
    x = g.reshape(g.transpose(x, px, h), [0, -1, k], h)  # (B, Rx, K)
    y = g.reshape(g.transpose(y, py, h), [0, k, -1], h)  # (B, K, Ry)
    out = g.op("MatMul", [x, y], h)  # (B, Rx, Ry)
    return g.reshape(out, [0, *[int(d) for d in out_shapes[0][1:]]], h)


# ----------------------------------------------------------------------- normalization
@converter("BatchNormalization")
def _batchnorm(g, layer, ins, in_shapes, out_shapes):
    h = layer.name
    nd = len(in_shapes[0])
    axis = layer._feature_axis(in_shapes[0])
    bshape = [-1 if i == axis else 1 for i in range(nd)]
    mean = _w(layer, "moving_mean").reshape(bshape)
    inv = (np.float32(1.0) / np.sqrt(_w(layer, "moving_variance") + np.float32(layer.epsilon))).reshape(bshape)
    y = g.op("Mul", [g.op("Sub", [ins[0], g.const(mean, f"{h}/moving_mean")], h), g.const(inv, f"{h}/inv_std")], h)
    if layer.scale:
        y = g.op("Mul", [y, g.const(_w(layer, "gamma").reshape(bshape), f"{h}/gamma")], h)
    if layer.center:
        y = g.op("Add", [y, g.const(_w(layer, "beta").reshape(bshape), f"{h}/beta")], h)
    return y


@converter("LayerNormalization")
def _layernorm(g, layer, ins, in_shapes, out_shapes):
    h = layer.name
    shape = in_shapes[0]
    axes = layer._axes(shape)
    bshape = [int(shape[i]) if i in axes else 1 for i in range(len(shape))]
    x = ins[0]
    ax = g.i64(list(axes))
    if layer.rms_scaling:
        xc = x
    else:
        xc = g.op("Sub", [x, g.op("ReduceMean", [x, ax], h, keepdims=1)], h)
    var = g.op("ReduceMean", [g.op("Mul", [xc, xc], h), ax], h, keepdims=1)
    inv = g.op("Reciprocal", [g.op("Sqrt", [g.op("Add", [var, g.f32(layer.epsilon)], h)], h)], h)
    y = g.op("Mul", [xc, inv], h)
    if "gamma" in layer.params:
        y = g.op("Mul", [y, g.const(_w(layer, "gamma").reshape(bshape), f"{h}/gamma")], h)
    if "beta" in layer.params:
        y = g.op("Add", [y, g.const(_w(layer, "beta").reshape(bshape), f"{h}/beta")], h)
    return y


# ----------------------------------------------------------------------- convolution and pooling
def _to_cf(g, layer, x, rank):
    if getattr(layer, "data_format", "channels_last") == "channels_last":
        return g.transpose(x, (0, rank + 1, *range(1, rank + 1)), layer.name)
    return x


def _from_cf(g, layer, x, rank):
    if getattr(layer, "data_format", "channels_last") == "channels_last":
        return g.transpose(x, (0, *range(2, rank + 2), 1), layer.name)
    return x


def _spatial(layer, shape, rank):
    if getattr(layer, "data_format", "channels_last") == "channels_last":
        return list(shape[1:1 + rank])
    return list(shape[2:2 + rank])


def _pads(padding, spatial, kernel, strides, dilation):
    """ONNX ``pads`` (begins then ends) or an ``auto_pad`` value for Keras's padding modes."""
    rank = len(kernel)
    if padding == "valid":
        return {"pads": [0] * (2 * rank)}
    if padding == "causal":
        return {"pads": [(kernel[0] - 1) * dilation[0], 0]}
    if any(n is None for n in spatial):
        return {"auto_pad": "SAME_UPPER"}  # TensorFlow/Keras: the odd pixel goes at the end
    lo, hi = [], []
    for n, k, s, d in zip(spatial, kernel, strides, dilation):
        out = -(-n // s)
        total = max((out - 1) * s + (k - 1) * d + 1 - n, 0)
        lo.append(total // 2)
        hi.append(total - total // 2)
    return {"pads": lo + hi}


@converter("Conv1D", "Conv2D")
def _conv(g, layer, ins, in_shapes, out_shapes):
    h, rank = layer.name, layer.rank
    x = _to_cf(g, layer, ins[0], rank)
    kernel = _w(layer, "kernel")  # (*k, in, out)
    w = np.transpose(kernel, (rank + 1, rank, *range(rank)))  # (out, in, *k)
    args = [x, g.const(w, f"{h}/kernel")]
    if layer.use_bias:
        args.append(g.const(_w(layer, "bias"), f"{h}/bias"))
    attrs = _pads(layer.padding, _spatial(layer, in_shapes[0], rank), layer.kernel_size, layer.strides,
                  layer.dilation_rate)
    y = g.op("Conv", args, h, kernel_shape=list(layer.kernel_size), strides=list(layer.strides),
             dilations=list(layer.dilation_rate), **attrs)
    y = _from_cf(g, layer, y, rank)
    return emit_activation(g, layer.activation, y, h)


@converter("MaxPooling1D", "MaxPooling2D", "AveragePooling1D", "AveragePooling2D")
def _pool(g, layer, ins, in_shapes, out_shapes):
    h, rank = layer.name, layer.rank
    x = _to_cf(g, layer, ins[0], rank)
    attrs = _pads(layer.padding, _spatial(layer, in_shapes[0], rank), layer.pool_size, layer.strides,
                  (1,) * rank)
    if type(layer).__name__.startswith("Max"):
        y = g.op("MaxPool", [x], h, kernel_shape=list(layer.pool_size), strides=list(layer.strides), **attrs)
    else:  # Keras averages only the real (unpadded) inputs
        y = g.op("AveragePool", [x], h, kernel_shape=list(layer.pool_size), strides=list(layer.strides),
                 count_include_pad=0, **attrs)
    return _from_cf(g, layer, y, rank)


@converter("GlobalMaxPooling1D", "GlobalMaxPooling2D", "GlobalAveragePooling1D", "GlobalAveragePooling2D")
def _global_pool(g, layer, ins, in_shapes, out_shapes):
    op = "ReduceMax" if "Max" in type(layer).__name__ else "ReduceMean"
    return g.op(op, [ins[0], g.i64(list(layer._axes()))], layer.name, keepdims=int(layer.keepdims))


@converter("UpSampling1D", "UpSampling2D")
def _upsample(g, layer, ins, in_shapes, out_shapes):
    nd = len(in_shapes[0])
    scales = [1.0] * nd
    for a, f in zip(layer._spatial_axes(), layer.size):
        scales[a] = float(f)
    return g.op("Resize", [ins[0], "", g.f32(np.asarray(scales, np.float32))], layer.name, mode="nearest",
                coordinate_transformation_mode="asymmetric", nearest_mode="floor")


@converter("ZeroPadding1D", "ZeroPadding2D")
def _zero_pad(g, layer, ins, in_shapes, out_shapes):
    nd = len(in_shapes[0])
    lo, hi = [0] * nd, [0] * nd
    for a, (b, e) in zip(layer._spatial_axes(), layer.pads):
        lo[a], hi[a] = int(b), int(e)
    return g.op("Pad", [ins[0], g.i64(lo + hi)], layer.name, mode="constant")


# ----------------------------------------------------------------------- wrappers
@converter("TimeDistributed")
def _time_distributed(g, layer, ins, in_shapes, out_shapes):
    shape, out = in_shapes[0], out_shapes[0]
    if shape[1] is None or any(d is None for d in shape[2:]) or any(d is None for d in out[2:]):
        raise ExportError(f"layer {layer.name!r}: TimeDistributed needs a known number of timesteps and "
                          "sample shape to export to ONNX", code="onnx_time_distributed", layer=layer.name)
    x = g.reshape(ins[0], [-1, *shape[2:]], layer.name)  # (batch * T, ...)
    inner_in = (None,) + tuple(shape[2:])
    inner_out = (None,) + tuple(out[2:])
    y = convert_layer(g, layer.layer, [x], [inner_in], [inner_out])[0]
    return g.reshape(y, [-1, int(shape[1]), *[int(d) for d in out[2:]]], layer.name)


from .onnx_rnn import register as _register_rnn  # noqa: E402  (it imports this module: registered last)

_register_rnn(converter)
