"""ONNX translations of ``SimpleRNN``, ``LSTM``, ``GRU`` and ``Bidirectional``.

Weight layouts: netbuilder keeps Keras's, ``kernel (features, gates*units)`` with gate blocks in
Keras order; ONNX wants ``W (1, gates*units, features)`` (transposed) with its own gate order:

- LSTM: Keras ``i, f, c, o`` → ONNX ``i, o, f, c``; ONNX ``B`` is ``[Wb, Rb]`` (we put the Keras
  bias in ``Wb`` and zeros in ``Rb``);
- GRU: both use ``z, r, h``; Keras ``reset_after=True`` is ONNX ``linear_before_reset=1`` with
  ``bias[0]`` as ``Wb`` and ``bias[1]`` as ``Rb``;
- SimpleRNN: one block.

ONNX RNNs read ``(T, batch, features)``; ``go_backwards`` reverses the input first so that, like
Keras, the returned sequence is in processing order.
"""

from __future__ import annotations

import numpy as np

from .. import backend as B
from ._common import ExportError

_ONNX_ACT = {"sigmoid": ("Sigmoid", None, None), "tanh": ("Tanh", None, None), "relu": ("Relu", None, None),
             "hard_sigmoid": ("HardSigmoid", 1.0 / 6.0, 0.5), "linear": ("Affine", 1.0, 0.0),
             "softsign": ("Softsign", None, None), "softplus": ("Softplus", None, None)}


def _acts(layer, acts):
    names, alphas, betas = [], [], []
    for act in acts:
        if act.name not in _ONNX_ACT or (act.name == "relu" and act.get_config() != {
                "negative_slope": 0.0, "max_value": None, "threshold": 0.0}):
            raise ExportError(f"layer {layer.name!r}: activation {act.name!r} inside a recurrent layer has "
                              "no ONNX equivalent (use tanh, sigmoid, relu, hard_sigmoid, linear, softsign "
                              "or softplus)", code="onnx_rnn_activation", layer=layer.name)
        name, a, b = _ONNX_ACT[act.name]
        names.append(name)
        if a is not None:
            alphas.append(a)
        if b is not None:
            betas.append(b)
    attrs = {"activations": names}
    if alphas:
        attrs["activation_alpha"] = alphas
    if betas:
        attrs["activation_beta"] = betas
    return attrs


def _np(layer, key):
    return np.asarray(B.to_numpy(layer.params[key]), dtype=np.float32)


def rnn_core(g, layer, x):
    """Run recurrent ``layer`` on ``x`` ``(batch, T, F)``; returns ``(sequence (batch, T, U) in
    processing order, [final states (batch, U)])``."""
    h, u = layer.name, layer.units
    cls = type(layer).__name__
    xt = g.transpose(x, (1, 0, 2), h)  # (T, batch, F)
    if layer.go_backwards:
        xt = g.reverse(xt, 0, h)
    kernel, rec = _np(layer, "kernel"), _np(layer, "recurrent_kernel")
    bias = _np(layer, "bias") if layer.use_bias else None
    attrs = {"hidden_size": u}
    if cls == "LSTM":
        cols = np.r_[0:u, 3 * u:4 * u, u:2 * u, 2 * u:3 * u]  # Keras i,f,c,o -> ONNX i,o,f,c
        w, r = kernel[:, cols].T, rec[:, cols].T
        b = np.concatenate([bias[cols] if bias is not None else np.zeros(4 * u, np.float32),
                            np.zeros(4 * u, np.float32)])
        attrs.update(_acts(layer, [layer.recurrent_activation, layer.activation, layer.activation]))
        op, n_out = "LSTM", 3
    elif cls == "GRU":
        w, r = kernel.T, rec.T
        if bias is None:
            b = np.zeros(6 * u, np.float32)
        elif layer.reset_after:
            b = np.concatenate([bias[0], bias[1]])
        else:
            b = np.concatenate([bias, np.zeros(3 * u, np.float32)])
        attrs["linear_before_reset"] = int(layer.reset_after)
        attrs.update(_acts(layer, [layer.recurrent_activation, layer.activation]))
        op, n_out = "GRU", 2
    else:
        w, r = kernel.T, rec.T
        b = np.concatenate([bias if bias is not None else np.zeros(u, np.float32), np.zeros(u, np.float32)])
        attrs.update(_acts(layer, [layer.activation]))
        op, n_out = "RNN", 2
    outs = g.op(op, [xt, g.const(w[None], f"{h}/W"), g.const(r[None], f"{h}/R"), g.const(b[None], f"{h}/B")],
                h, n_out=n_out, **attrs)
    seq = g.transpose(g.op("Squeeze", [outs[0], g.i64([1])], h), (1, 0, 2), h)  # (batch, T, U)
    states = [g.op("Squeeze", [s, g.i64([0])], h) for s in outs[1:]]
    return seq, states


def _rnn(g, layer, ins, in_shapes, out_shapes):
    seq, states = rnn_core(g, layer, ins[0])
    out = seq if layer.return_sequences else states[0]
    return [out] + states if layer.return_state else [out]


def _bidirectional(g, layer, ins, in_shapes, out_shapes):
    h = layer.name
    fwd, bwd = layer.forward_layer, layer.backward_layer
    seq_f, st_f = rnn_core(g, fwd, ins[0])
    seq_b, st_b = rnn_core(g, bwd, ins[0])
    if layer.return_sequences:
        y, y_rev = seq_f, g.reverse(seq_b, 1, h)  # align the backward outputs with time
    else:
        y, y_rev = st_f[0], st_b[0]
    mode = layer.merge_mode
    if mode == "concat":
        out = [g.op("Concat", [y, y_rev], h, axis=-1)]
    elif mode == "sum":
        out = [g.op("Add", [y, y_rev], h)]
    elif mode == "ave":
        out = [g.op("Div", [g.op("Add", [y, y_rev], h), g.f32(2.0)], h)]
    elif mode == "mul":
        out = [g.op("Mul", [y, y_rev], h)]
    else:
        out = [y, y_rev]
    if layer.return_state:
        out += st_f + st_b
    return out


def register(converter) -> None:
    converter("SimpleRNN", "LSTM", "GRU")(_rnn)
    converter("Bidirectional")(_bidirectional)
