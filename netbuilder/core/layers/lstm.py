"""LSTM: long short-term memory (Keras 3 ``LSTM``, Hochreiter & Schmidhuber 1997)."""

from __future__ import annotations

import numpy as np

from .. import activations
from ..registry import LAYERS
from .rnn_base import RNNBase
from .rnn_loop import ReverseSteps, grad_into, rec_step, rec_step_backward


def _unit_forget_bias(units, bias_initializer):
    """Keras's bias initializer for ``unit_forget_bias=True``: ``[init(u), ones(u), init(2u)]``."""

    def init(shape, dtype=None):
        return np.concatenate([
            np.asarray(bias_initializer((units,), dtype=dtype)),
            np.ones((units,), dtype=dtype or "float32"),
            np.asarray(bias_initializer((2 * units,), dtype=dtype)),
        ])

    return init


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

    Args: see ``RNNBase``; plus ``recurrent_activation`` and ``unit_forget_bias``.
    ``use_cudnn`` and ``implementation`` are accepted and ignored.

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

    def __init__(self, units, activation="tanh", recurrent_activation="sigmoid", use_bias=True,
                 kernel_initializer="glorot_uniform", recurrent_initializer="orthogonal",
                 bias_initializer="zeros", unit_forget_bias=True, kernel_regularizer=None,
                 recurrent_regularizer=None, bias_regularizer=None, activity_regularizer=None,
                 kernel_constraint=None, recurrent_constraint=None, bias_constraint=None,
                 dropout=0.0, recurrent_dropout=0.0, seed=None, return_sequences=False,
                 return_state=False, go_backwards=False, stateful=False, unroll=False,
                 zero_output_for_mask=False, use_cudnn="auto", **kwargs):
        kwargs.pop("implementation", None)
        super().__init__(activity_regularizer=activity_regularizer, **kwargs)
        self._init_rnn(units, activation, use_bias, kernel_initializer, recurrent_initializer,
                       bias_initializer, kernel_regularizer, recurrent_regularizer,
                       bias_regularizer, kernel_constraint, recurrent_constraint, bias_constraint,
                       dropout, recurrent_dropout, seed, return_sequences, return_state,
                       go_backwards, stateful, unroll, zero_output_for_mask)
        self.recurrent_activation = activations.get(recurrent_activation)
        self.unit_forget_bias = bool(unit_forget_bias)
        self.use_cudnn = use_cudnn

    def build(self, input_shape):
        shape = self._check(input_shape)
        init = None
        if self.use_bias and self.unit_forget_bias:
            init = _unit_forget_bias(self.units, self.bias_initializer)
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

    def _scan(self, xp, x_tm, notm, init, in_masks, rec_masks):
        u = self.units
        u3 = 3 * u
        perm = self._perm
        fast = self._fast()
        act, rec = self.activation, self.recurrent_activation
        w = self.kernel[:, perm]
        uu = xp.ascontiguousarray(self.recurrent_kernel[:, perm])
        b = self.bias[perm] if self.use_bias else None
        if fast:  # fold sigmoid(z) = (1 + tanh(z/2)) / 2's halving into the forward weights
            s = xp.ones(4 * u, dtype=w.dtype)
            s[:u3] = 0.5
            wt_f = xp.ascontiguousarray((w * s).T)
            ut_f = xp.ascontiguousarray((uu * s).T)
            b_f = None if b is None else b * s
        else:
            wt_f = xp.ascontiguousarray(w.T)
            ut_f = xp.ascontiguousarray(uu.T)
            b_f = b
        g_all, proj = self._project(xp, x_tm, wt_f, b_f, in_masks)  # (T, 4u, batch)
        t_len, _, n = g_all.shape
        dtype = g_all.dtype
        h_all = self._buf(xp, "h", (t_len + 1, u, n), dtype)
        c_all = self._buf(xp, "c", (t_len + 1, u, n), dtype)
        tc_all = self._buf(xp, "tanh_c", (t_len, u, n), dtype)
        h_all[0] = init[0]
        c_all[0] = init[1]
        z_gates = xp.empty_like(g_all) if not fast and (act.needs_x or rec.needs_x) else None
        z_cell = xp.empty_like(tc_all) if not fast and act.needs_x else None
        rec_out = xp.empty((4 * u, n), dtype=dtype)
        tmp = xp.empty((u, n), dtype=dtype)
        tmp_h = xp.empty((u, n), dtype=dtype)
        dot, mul, tanh, copyto = xp.dot, xp.multiply, xp.tanh, xp.copyto
        # per-step views come from iterating the arrays (cheaper than indexing in Python)
        steps = zip(g_all, g_all[:, :u3], g_all[:, :u], g_all[:, u:2 * u], g_all[:, 2 * u:u3],
                    g_all[:, u3:], h_all[:-1], h_all[1:], c_all[:-1], c_all[1:], tc_all)
        for t, (gt, sig, i, f, o, g, h, h_new, c_prev, c, tc) in enumerate(steps):
            if t >= proj.ready:
                proj.wait()
            if rec_masks is None:
                dot(ut_f, h, out=rec_out)
            else:
                rec_step(xp, ut_f, h, rec_masks, rec_out, tmp_h)
            gt += rec_out
            if fast:
                tanh(gt, out=gt)
                sig *= 0.5
                sig += 0.5
            else:
                if z_gates is not None:
                    z_gates[t] = gt
                sig[...] = rec(sig)
                g[...] = act(g)
            mul(f, c_prev, out=c)
            mul(i, g, out=tmp)
            c += tmp
            if fast:
                tanh(c, out=tc)
            else:
                if z_cell is not None:
                    z_cell[t] = c
                tc[...] = act(c)
            mul(o, tc, out=h_new)
            if notm is not None:
                copyto(h_new, h, where=notm[t])
                copyto(c, c_prev, where=notm[t])
        self._loop = (g_all, h_all, c_all, tc_all, z_gates, z_cell, uu, xp.ascontiguousarray(w.T))
        return h_all, [h_all[-1], c_all[-1]]

    def _scan_backward(self, xp, d_seq, d_final, notm, in_masks, rec_masks, need_dx):
        g_all, h_all, c_all, tc_all, z_gates, z_cell, uu, wt = self._loop
        self._loop = None
        u = self.units
        u3 = 3 * u
        act, rec = self.activation, self.recurrent_activation
        t_len, _, n = g_all.shape
        dtype = g_all.dtype
        dh = d_final[0] if d_final[0] is not None else xp.zeros((u, n), dtype=dtype)
        dc = d_final[1] if d_final[1] is not None else xp.zeros((u, n), dtype=dtype)
        ta = xp.empty((u, n), dtype=dtype)
        tb = xp.empty((u, n), dtype=dtype)
        scratch = xp.empty((u, n), dtype=dtype)
        tmp_h = xp.empty((u, n), dtype=dtype)

        def z(t, lo, hi):
            return None if z_gates is None else z_gates[t, lo:hi]

        bulk, finalize = self._grad_products(xp, g_all, wt, in_masks, need_dx,
                                             [(g_all, h_all[:-1], rec_masks)])
        fast = self._fast()
        dsig = xp.empty((u3, n), dtype=dtype)  # sigmoid'(z) of the i, f, o gates of a step
        d_i, d_f, d_o = dsig[:u], dsig[u:2 * u], dsig[2 * u:]
        mul, sub = xp.multiply, xp.subtract
        steps = ReverseSteps(xp, t_len, [dh, dc], d_seq, notm, bulk)
        for t in steps:
            gt, tc, c_prev = g_all[t], tc_all[t], c_all[t]
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
                grad_into(act, None if z_cell is None else z_cell[t], tc, ta, ta, scratch)
                dc += ta
                mul(dh, tc, out=ta)
                grad_into(rec, z(t, 2 * u, u3), o, ta, o, scratch)
                mul(dc, g, out=ta)
                mul(dc, i, out=tb)
                grad_into(rec, z(t, 0, u), i, ta, i, scratch)
                grad_into(act, z(t, u3, 4 * u), g, tb, g, scratch)
                mul(dc, c_prev, out=ta)
                dc *= f
                grad_into(rec, z(t, u, 2 * u), f, ta, f, scratch)
            if rec_masks is None:
                xp.dot(uu, gt, out=dh)
            else:
                rec_step_backward(xp, uu, gt, rec_masks, dh, tmp_h)
        dwt, db, dx, (dut,) = finalize(steps.lo)
        perm = self._perm
        dk = xp.empty(self.kernel.shape, dtype=dtype)
        dk[:, perm] = dwt.T
        dr = xp.empty(self.recurrent_kernel.shape, dtype=dtype)
        dr[:, perm] = dut.T
        self.grads["kernel"] = dk
        self.grads["recurrent_kernel"] = dr
        if self.use_bias:
            dbias = xp.empty(self.bias.shape, dtype=dtype)
            dbias[perm] = db
            self.grads["bias"] = dbias
        return dx

    def get_config(self):
        return {
            **self._base_rnn_config(),
            "recurrent_activation": activations.serialize(self.recurrent_activation),
            "unit_forget_bias": self.unit_forget_bias,
            **self._weights_config(),
        }

