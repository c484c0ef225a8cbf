"""Independent float64 references for the recurrent layers, written from Keras 3's equations.

Batch-major, Keras weight layouts, one explicit Python loop over time; masking follows
``keras.src.backend.numpy.rnn`` (a masked step keeps the states and outputs the previous ``h``,
or zeros with ``zero_output_for_mask``); ``go_backwards`` returns outputs in processing order.
"""

import numpy as np


def sigmoid(x):
    return 1.0 / (1.0 + np.exp(-x))


def simple_rnn_step(kernel, recurrent_kernel, bias, activation=np.tanh):
    def step(x, states):
        (h,) = states
        z = x @ kernel + h @ recurrent_kernel
        if bias is not None:
            z = z + bias
        h = activation(z)
        return h, [h]

    return step


def lstm_step(kernel, recurrent_kernel, bias, activation=np.tanh, recurrent_activation=sigmoid):
    def step(x, states):
        h, c = states
        z = x @ kernel + h @ recurrent_kernel
        if bias is not None:
            z = z + bias
        z_i, z_f, z_c, z_o = np.split(z, 4, axis=1)  # Keras gate order i, f, c, o
        i = recurrent_activation(z_i)
        f = recurrent_activation(z_f)
        o = recurrent_activation(z_o)
        c = f * c + i * activation(z_c)
        h = o * activation(c)
        return h, [h, c]

    return step


def gru_step(kernel, recurrent_kernel, bias, reset_after=True, activation=np.tanh,
             recurrent_activation=sigmoid):
    u = recurrent_kernel.shape[0]

    def step(x, states):
        (h,) = states
        if bias is None:
            b_in = b_rec = np.zeros(3 * u)
        elif reset_after:
            b_in, b_rec = bias[0], bias[1]
        else:
            b_in, b_rec = bias, np.zeros(3 * u)
        x_z, x_r, x_h = np.split(x @ kernel + b_in, 3, axis=1)  # gate order z, r, h
        if reset_after:
            r_z, r_r, r_h = np.split(h @ recurrent_kernel + b_rec, 3, axis=1)
            z = recurrent_activation(x_z + r_z)
            r = recurrent_activation(x_r + r_r)
            hh = activation(x_h + r * r_h)
        else:
            z = recurrent_activation(x_z + h @ recurrent_kernel[:, :u])
            r = recurrent_activation(x_r + h @ recurrent_kernel[:, u:2 * u])
            hh = activation(x_h + (r * h) @ recurrent_kernel[:, 2 * u:])
        h = z * h + (1 - z) * hh
        return h, [h]

    return step


def run_rnn(step, x, init_states, mask=None, go_backwards=False, zero_output_for_mask=False):
    """Returns (outputs (batch, T, units) in processing order, final states)."""
    steps = range(x.shape[1] - 1, -1, -1) if go_backwards else range(x.shape[1])
    states = list(init_states)
    outputs = []
    for t in steps:
        out, new = step(x[:, t], states)
        if mask is not None:
            m = mask[:, t][:, None]
            out = np.where(m, out, 0.0 if zero_output_for_mask else states[0])
            new = [np.where(m, n, s) for n, s in zip(new, states)]
        outputs.append(out)
        states = new
    return np.stack(outputs, axis=1), states


def reference(layer, x, mask=None):
    """The reference forward of a built netbuilder recurrent ``layer`` with its own weights."""
    w = {k: np.asarray(v, dtype="float64") for k, v in layer.params.items()}
    b = w.get("bias")
    name = type(layer).__name__
    act = {"tanh": np.tanh, "relu": lambda v: np.maximum(v, 0), "linear": lambda v: v,
           "sigmoid": sigmoid}
    u = layer.units
    n = x.shape[0]
    if name == "SimpleRNN":
        step = simple_rnn_step(w["kernel"], w["recurrent_kernel"], b, act[layer.activation.name])
        init = [np.zeros((n, u))]
    elif name == "LSTM":
        step = lstm_step(w["kernel"], w["recurrent_kernel"], b, act[layer.activation.name],
                         act[layer.recurrent_activation.name])
        init = [np.zeros((n, u)), np.zeros((n, u))]
    else:
        step = gru_step(w["kernel"], w["recurrent_kernel"], b, layer.reset_after,
                        act[layer.activation.name], act[layer.recurrent_activation.name])
        init = [np.zeros((n, u))]
    seq, states = run_rnn(step, np.asarray(x, dtype="float64"), init, mask, layer.go_backwards,
                          layer.zero_output_for_mask)
    out = seq if layer.return_sequences else seq[:, -1]
    return [out] + states if layer.return_state else out
