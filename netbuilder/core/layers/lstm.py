"""LSTM: long short-term memory (Keras 3 ``LSTM``, Hochreiter & Schmidhuber 1997)."""

from __future__ import annotations

import numpy as np

from .. import activations
from ..registry import LAYERS
from .rnn_base import RNNBase
from .rnn_loop import ReverseSteps, grad_into, preact_part, rec_step, rec_step_backward


class UnitForgetBias:
    """Keras's bias initializer for ``unit_forget_bias=True``: ``[init(u), ones(u), init(2u)]``
    (gate order ``i, f, c, o``: the forget gate's bias starts at 1)."""

    def __init__(self, units: int, bias_initializer):
        self.units, self.bias_initializer = units, bias_initializer

    def __call__(self, shape, dtype=None):
        u = self.units
        return np.concatenate([
            np.asarray(self.bias_initializer((u,), dtype=dtype)),
            np.ones((u,), dtype=dtype or "float32"),
            np.asarray(self.bias_initializer((2 * u,), dtype=dtype)),
        ])


@LAYERS.register(name="LSTM", group="Recurrent", aliases=("lstm",))
class LSTM(RNNBase):
    """Long short-term memory over ``(batch, timesteps, features)`` sequences.

    At each step, with ``z = x_t @ kernel + h_{t-1} @ recurrent_kernel + bias`` split in four
    (Keras's gate order ``i, f, c, o``)::

        i = recurrent_activation(z_i)      f = recurrent_activation(z_f)
        o = recurrent_activation(z_o)      g = activation(z_c)
        c_t = f * c_{t-1} + i * g          h_t = o * activation(c_t)

    ``h_t`` is the output. Defaults as in Keras 3: ``activation="tanh"``,
    ``recurrent_activation="sigmoid"``, ``recurrent_initializer="orthogonal"``,
    ``unit_forget_bias=True`` (the forget-gate bias starts at 1).

    Args: ``recurrent_activation`` and ``unit_forget_bias``, plus those of ``RNNBase`` (passed on
    by keyword). ``use_cudnn`` and ``implementation`` are accepted and ignored.

    Shapes: input ``(batch, timesteps, features)``; output ``(batch, units)``, or
    ``(batch, timesteps, units)`` with ``return_sequences``; ``return_state`` adds ``h`` and
    ``c``, each ``(batch, units)``. Weights (Keras layout): ``kernel (features, 4*units)``,
    ``recurrent_kernel (units, 4*units)``, ``bias (4*units,)``.

    Speed: the input projection of all timesteps is one batched matmul; a step is one
    ``np.dot`` into a preallocated buffer plus in-place gate maths. Inside, the gate columns are
    reordered ``i, f, o, c`` so the three sigmoid gates are one contiguous block, and with the
    default activations ``sigmoid(z) = (1 + tanh(z / 2)) / 2`` lets one ``tanh`` call activate
    all four gates (the ``1/2`` is folded into the weights used by the forward loop).
    """

    _n_gates = 4
    _n_states = 2

    def __init__(self, units, activation="tanh", recurrent_activation="sigmoid", *, unit_forget_bias=True,
                 use_cudnn="auto", **kwargs):
        kwargs.pop("implementation", None)
        super().__init__(units, activation, **kwargs)
        self.recurrent_activation = activations.get(recurrent_activation)
        self.unit_forget_bias = bool(unit_forget_bias)
        self.use_cudnn = use_cudnn

    def build(self, input_shape):
        shape = self._check(input_shape)
        init = None
        if self.use_bias and self.unit_forget_bias:
            init = UnitForgetBias(self.units, self.bias_initializer)
        self._add_weights(shape[-1], (4 * self.units,), init)
        self.built = True

    @property
    def _perm(self):
        """Internal gate order i, f, o, c: internal column p holds Keras column ``_perm[p]``
        (made on first use: ``4 · units`` indices, which the canvas's shape checks never need)."""
        u = self.units
        if getattr(self, "_perm_cache", (None,))[0] != u:
            self._perm_cache = (u, np.r_[0:2 * u, 3 * u:4 * u, 2 * u:3 * u])
        return self._perm_cache[1]

    def _fast(self):
        return self.activation.name == "tanh" and self.recurrent_activation.name == "sigmoid"

    def _scan(self, xp, x_tm, masked, init, in_masks, rec_masks):
        u = self.units
        u3 = 3 * u
        perm = self._perm
        fast = self._fast()
        act, rec = self.activation, self.recurrent_activation
        kernel = self.kernel[:, perm]  # internal gate order i, f, o, c
        recurrent = xp.ascontiguousarray(self.recurrent_kernel[:, perm])
        bias = self.bias[perm] if self.use_bias else None
        if fast:  # fold sigmoid(z) = (1 + tanh(z/2)) / 2's halving into the forward weights
            halve = xp.ones(4 * u, dtype=kernel.dtype)
            halve[:u3] = 0.5
            kernel_t_fwd = xp.ascontiguousarray((kernel * halve).T)
            recurrent_t_fwd = xp.ascontiguousarray((recurrent * halve).T)
            bias_fwd = None if bias is None else bias * halve
        else:
            kernel_t_fwd = xp.ascontiguousarray(kernel.T)
            recurrent_t_fwd = xp.ascontiguousarray(recurrent.T)
            bias_fwd = bias
        projection = self._project(xp, x_tm, kernel_t_fwd, bias_fwd, in_masks)
        gates, chunks = projection.gates, projection.chunks  # (T, 4u, batch)
        t_len, _, n = gates.shape
        dtype = gates.dtype
        h_all = self._buf(xp, "h", (t_len + 1, u, n), dtype)
        c_all = self._buf(xp, "c", (t_len + 1, u, n), dtype)
        tanh_c_all = self._buf(xp, "tanh_c", (t_len, u, n), dtype)
        h_all[0] = init[0]
        c_all[0] = init[1]
        gate_preacts = xp.empty_like(gates) if not fast and (act.needs_x or rec.needs_x) else None
        cell_preacts = xp.empty_like(tanh_c_all) if not fast and act.needs_x else None
        recurrent_out = xp.empty((4 * u, n), dtype=dtype)
        tmp = xp.empty((u, n), dtype=dtype)
        masked_h = xp.empty((u, n), dtype=dtype)
        dot, mul, tanh, copyto = xp.dot, xp.multiply, xp.tanh, xp.copyto
        # per-step views come from iterating the arrays (cheaper than indexing in Python)
        steps = zip(gates, gates[:, :u3], gates[:, :u], gates[:, u:2 * u], gates[:, 2 * u:u3],
                    gates[:, u3:], h_all[:-1], h_all[1:], c_all[:-1], c_all[1:], tanh_c_all)
        for t, (gt, sig, i, f, o, g, h, h_new, c_prev, c, tc) in enumerate(steps):
            if t >= chunks.ready:
                chunks.wait()
            if rec_masks is None:
                dot(recurrent_t_fwd, h, out=recurrent_out)
            else:
                rec_step(xp, recurrent_t_fwd, h, rec_masks, recurrent_out, masked_h)
            gt += recurrent_out
            if fast:
                tanh(gt, out=gt)
                sig *= 0.5
                sig += 0.5
            else:
                if gate_preacts is not None:
                    gate_preacts[t] = gt
                sig[...] = rec(sig)
                g[...] = act(g)
            mul(f, c_prev, out=c)
            mul(i, g, out=tmp)
            c += tmp
            if fast:
                tanh(c, out=tc)
            else:
                if cell_preacts is not None:
                    cell_preacts[t] = c
                tc[...] = act(c)
            mul(o, tc, out=h_new)
            if masked is not None:
                copyto(h_new, h, where=masked[t])
                copyto(c, c_prev, where=masked[t])
        record = {"gates": gates, "h_all": h_all, "c_all": c_all, "tanh_c_all": tanh_c_all,
                  "gate_preacts": gate_preacts, "cell_preacts": cell_preacts, "recurrent": recurrent,
                  "kernel_t": xp.ascontiguousarray(kernel.T), "x_in": projection.x_in}
        return h_all, [h_all[-1], c_all[-1]], record

    def _scan_backward(self, xp, saved, d_seq, d_final, need_dx):
        gates, h_all, c_all, tanh_c_all = saved.gates, saved.h_all, saved.c_all, saved.tanh_c_all
        gate_preacts, cell_preacts, recurrent = saved.gate_preacts, saved.cell_preacts, saved.recurrent
        rec_masks = saved.rec_masks
        u = self.units
        u3 = 3 * u
        act, rec = self.activation, self.recurrent_activation
        t_len, _, n = gates.shape
        dtype = gates.dtype
        dh = d_final[0] if d_final[0] is not None else xp.zeros((u, n), dtype=dtype)
        dc = d_final[1] if d_final[1] is not None else xp.zeros((u, n), dtype=dtype)
        ta = xp.empty((u, n), dtype=dtype)
        tb = xp.empty((u, n), dtype=dtype)
        scratch = xp.empty((u, n), dtype=dtype)
        masked_h = xp.empty((u, n), dtype=dtype)
        products = self._grad_products(xp, gates, saved.kernel_t, saved.x_in, saved.in_masks, need_dx,
                                       [(gates, h_all[:-1], rec_masks)])
        fast = self._fast()
        dsig = xp.empty((u3, n), dtype=dtype)  # sigmoid'(z) of the i, f, o gates of a step
        d_i, d_f, d_o = dsig[:u], dsig[u:2 * u], dsig[2 * u:]
        mul, sub = xp.multiply, xp.subtract
        steps = ReverseSteps(xp, t_len, [dh, dc], d_seq, saved.masked, products.chunks)
        for t in steps:
            gt, tc, c_prev = gates[t], tanh_c_all[t], c_all[t]
            sig, i, f, o, g = gt[:u3], gt[:u], gt[u:2 * u], gt[2 * u:u3], gt[u3:]
            # each gate's slot of gt is overwritten with d loss / d z (true pre-activation)
            if fast:  # sigmoid' = y (1 - y), tanh' = 1 - y^2, in place
                sub(1.0, sig, out=dsig)
                dsig *= sig
                mul(tc, tc, out=ta)  # dc += dh * o * (1 - tanh(c)^2)
                sub(1.0, ta, out=ta)
                ta *= o
                ta *= dh
                dc += ta
                mul(dh, tc, out=ta)  # output gate
                mul(ta, d_o, out=o)
                mul(dc, g, out=ta)  # input gate (before g is overwritten)
                mul(g, g, out=tb)  # candidate: dc * i * (1 - g^2)
                sub(1.0, tb, out=tb)
                tb *= i
                mul(tb, dc, out=g)
                mul(ta, d_i, out=i)
                mul(dc, c_prev, out=ta)  # forget gate; then dc_{t-1} = dc * f
                dc *= f
                mul(ta, d_f, out=f)
            else:
                mul(dh, o, out=ta)
                grad_into(act, None if cell_preacts is None else cell_preacts[t], tc, ta, ta, scratch)
                dc += ta
                mul(dh, tc, out=ta)
                grad_into(rec, preact_part(gate_preacts, t, 2 * u, u3), o, ta, o, scratch)
                mul(dc, g, out=ta)
                mul(dc, i, out=tb)
                grad_into(rec, preact_part(gate_preacts, t, 0, u), i, ta, i, scratch)
                grad_into(act, preact_part(gate_preacts, t, u3, 4 * u), g, tb, g, scratch)
                mul(dc, c_prev, out=ta)
                dc *= f
                grad_into(rec, preact_part(gate_preacts, t, u, 2 * u), f, ta, f, scratch)
            if rec_masks is None:
                xp.dot(recurrent, gt, out=dh)
            else:
                rec_step_backward(xp, recurrent, gt, rec_masks, dh, masked_h)
        d_kernel_t, d_bias_p, dx, (d_recurrent_t,) = products.finalize(steps.lo)
        perm = self._perm
        d_kernel = xp.empty(self.kernel.shape, dtype=dtype)
        d_kernel[:, perm] = d_kernel_t.T
        d_recurrent = xp.empty(self.recurrent_kernel.shape, dtype=dtype)
        d_recurrent[:, perm] = d_recurrent_t.T
        self.grads["kernel"] = d_kernel
        self.grads["recurrent_kernel"] = d_recurrent
        if self.use_bias:
            d_bias = xp.empty(self.bias.shape, dtype=dtype)
            d_bias[perm] = d_bias_p
            self.grads["bias"] = d_bias
        return dx

    def get_config(self):
        return {
            **self._base_rnn_config(),
            "recurrent_activation": activations.serialize(self.recurrent_activation),
            "unit_forget_bias": self.unit_forget_bias,
            **self._weights_config(),
        }

