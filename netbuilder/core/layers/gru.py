"""GRU: gated recurrent unit (Keras 3 ``GRU``, Cho et al. 2014)."""

from __future__ import annotations

from .. import activations
from ..registry import LAYERS
from .rnn_base import RNNBase
from .rnn_loop import ReverseSteps, grad_into, rec_step, rec_step_backward


@LAYERS.register(name="GRU", group="Recurrent", aliases=("gru",))
class GRU(RNNBase):
    """Gated recurrent unit over ``(batch, timesteps, features)`` sequences.

    Gate order ``z, r, h`` (Keras). With ``x_* = x_t @ kernel_* + b_in_*`` and
    ``reset_after=True`` (Keras 3 default, cuDNN-compatible)::

        r_* = h_{t-1} @ recurrent_kernel_* + b_rec_*
        z = recurrent_activation(x_z + r_z)      r = recurrent_activation(x_r + r_r)
        hh = activation(x_h + r * r_h)
        h_t = z * h_{t-1} + (1 - z) * hh

    With ``reset_after=False``: ``hh = activation(x_h + (r * h_{t-1}) @ recurrent_kernel_h)``
    and there is no recurrent bias.

    Args: see ``RNNBase``; plus ``recurrent_activation`` (default ``"sigmoid"``) and
    ``reset_after`` (default True). ``use_cudnn`` and ``implementation`` are ignored.

    Shapes: input ``(batch, timesteps, features)``; output ``(batch, units)`` or
    ``(batch, timesteps, units)``; ``return_state`` adds ``h`` ``(batch, units)``. Weights
    (Keras layout): ``kernel (features, 3*units)``, ``recurrent_kernel (units, 3*units)``,
    ``bias (2, 3*units)`` (row 0 input bias, row 1 recurrent bias) with ``reset_after``, else
    ``bias (3*units,)``.
    """

    _n_gates = 3
    _n_states = 1

    def __init__(self, units, activation="tanh", recurrent_activation="sigmoid", use_bias=True,
                 kernel_initializer="glorot_uniform", recurrent_initializer="orthogonal",
                 bias_initializer="zeros", kernel_regularizer=None, recurrent_regularizer=None,
                 bias_regularizer=None, activity_regularizer=None, kernel_constraint=None,
                 recurrent_constraint=None, bias_constraint=None, dropout=0.0,
                 recurrent_dropout=0.0, seed=None, return_sequences=False, return_state=False,
                 go_backwards=False, stateful=False, unroll=False, reset_after=True,
                 zero_output_for_mask=False, use_cudnn="auto", **kwargs):
        kwargs.pop("implementation", None)
        super().__init__(activity_regularizer=activity_regularizer, **kwargs)
        self._init_rnn(units, activation, use_bias, kernel_initializer, recurrent_initializer,
                       bias_initializer, kernel_regularizer, recurrent_regularizer,
                       bias_regularizer, kernel_constraint, recurrent_constraint, bias_constraint,
                       dropout, recurrent_dropout, seed, return_sequences, return_state,
                       go_backwards, stateful, unroll, zero_output_for_mask)
        self.recurrent_activation = activations.get(recurrent_activation)
        self.reset_after = bool(reset_after)
        self.use_cudnn = use_cudnn

    def build(self, input_shape):
        shape = self._check(input_shape)
        u3 = 3 * self.units
        self._add_weights(shape[-1], (2, u3) if self.reset_after else (u3,))
        self.built = True

    def _weights(self, xp):
        """Forward weights; with the default activations the z, r columns are halved so that
        ``sigmoid(z) = (1 + tanh(z/2)) / 2`` is one in-place tanh."""
        u = self.units
        fast = self.activation.name == "tanh" and self.recurrent_activation.name == "sigmoid"
        s = xp.ones(3 * u, dtype=self.kernel.dtype)
        if fast:
            s[:2 * u] = 0.5
        b_in = b_rec = None
        if self.use_bias:
            b_in, b_rec = (self.bias[0], self.bias[1]) if self.reset_after else (self.bias, None)
        wt_f = xp.ascontiguousarray((self.kernel * s).T)
        ut_f = xp.ascontiguousarray((self.recurrent_kernel * s).T)
        b_in_f = None if b_in is None else b_in * s
        b_rec_f = None if b_rec is None else b_rec * s
        return fast, wt_f, ut_f, b_in_f, b_rec_f

    def _activate_zr(self, xp, fast, zr, store, t):
        if fast:
            xp.tanh(zr, out=zr)
            zr *= 0.5
            zr += 0.5
        else:
            if store is not None:
                store[t, :zr.shape[0]] = zr
            zr[...] = self.recurrent_activation(zr)

    def _activate_h(self, xp, fast, hh, store, t):
        if fast:
            xp.tanh(hh, out=hh)
        else:
            if store is not None:
                store[t, -hh.shape[0]:] = hh
            hh[...] = self.activation(hh)

    def _scan(self, xp, x_tm, notm, init, in_masks, rec_masks):
        u = self.units
        fast, wt_f, ut_f, b_in_f, b_rec_f = self._weights(xp)
        g_all, proj = self._project(xp, x_tm, wt_f, b_in_f, in_masks)  # (T, 3u, batch)
        t_len, _, n = g_all.shape
        dtype = g_all.dtype
        h_all = self._buf(xp, "h", (t_len + 1, u, n), dtype)
        h_all[0] = init[0]
        needs_x = not fast and (self.activation.needs_x or self.recurrent_activation.needs_x)
        z_store = xp.empty_like(g_all) if needs_x else None
        tmp = xp.empty((u, n), dtype=dtype)
        tmp_h = xp.empty((u, n), dtype=dtype)
        if self.reset_after:
            r_all = self._buf(xp, "rec", g_all.shape, dtype)  # recurrent projections + bias
        else:
            r_all = self._buf(xp, "rec", (t_len, u, n), dtype)  # r * h_{t-1}: the input of U_h
            rec_zr = xp.empty((2 * u, n), dtype=dtype)
            zr_masks = None if rec_masks is None else rec_masks[:2]
        for t in range(t_len):
            if t >= proj.ready:
                proj.wait()
            h, gt = h_all[t], g_all[t]
            zr, hh = gt[:2 * u], gt[2 * u:]
            if self.reset_after:
                rt = r_all[t]
                rec_step(xp, ut_f, h, rec_masks, rt, tmp_h)
                if b_rec_f is not None:
                    rt += b_rec_f[:, None]
                zr += rt[:2 * u]
                self._activate_zr(xp, fast, zr, z_store, t)
                xp.multiply(gt[u:2 * u], rt[2 * u:], out=tmp)  # r * r_h
            else:
                rec_step(xp, ut_f[:2 * u], h, zr_masks, rec_zr, tmp_h)
                zr += rec_zr
                self._activate_zr(xp, fast, zr, z_store, t)
                rh = r_all[t]
                if rec_masks is None:
                    xp.multiply(gt[u:2 * u], h, out=rh)
                else:
                    xp.multiply(h, rec_masks[2], out=rh)
                    rh *= gt[u:2 * u]
                xp.dot(ut_f[2 * u:], rh, out=tmp)
            hh += tmp
            self._activate_h(xp, fast, hh, z_store, t)
            # h_t = z * h + (1 - z) * hh = hh + z * (h - hh)
            xp.subtract(h, hh, out=tmp)
            tmp *= gt[:u]
            xp.add(hh, tmp, out=h_all[t + 1])
            if notm is not None:
                xp.copyto(h_all[t + 1], h, where=notm[t])
        self._loop = (g_all, r_all, h_all, z_store)
        return h_all, [h_all[-1]]

    def _scan_backward(self, xp, d_seq, d_final, notm, in_masks, rec_masks, need_dx):
        g_all, r_all, h_all, z_store = self._loop
        self._loop = None
        u = self.units
        act, rec = self.activation, self.recurrent_activation
        t_len, _, n = g_all.shape
        dtype = g_all.dtype
        uu = self.recurrent_kernel
        dh = d_final[0] if d_final[0] is not None else xp.zeros((u, n), dtype=dtype)
        ta, tb, scratch, tmp_h, direct = (xp.empty((u, n), dtype=dtype) for _ in range(5))
        zr_masks = None if rec_masks is None else rec_masks[:2]
        u_zr = xp.ascontiguousarray(uu[:, :2 * u])
        u_h = xp.ascontiguousarray(uu[:, 2 * u:])

        def zs(t, lo, hi):
            return None if z_store is None else z_store[t, lo:hi]

        wt = xp.ascontiguousarray(self.kernel.T)
        h_prev = h_all[:-1]
        if self.reset_after:
            rec_terms = [(r_all, h_prev, rec_masks)]
        else:
            rec_terms = [(g_all[:, :2 * u], h_prev, zr_masks), (g_all[:, 2 * u:], r_all, None)]
        bulk, finalize = self._grad_products(xp, g_all, wt, in_masks, need_dx, rec_terms)
        steps = ReverseSteps(xp, t_len, [dh], d_seq, notm, bulk)
        for t in steps:
            gt, h = g_all[t], h_all[t]
            z, r, hh = gt[:u], gt[u:2 * u], gt[2 * u:]
            xp.subtract(1.0, z, out=ta)
            ta *= dh  # d hh = dh * (1 - z)
            xp.subtract(h, hh, out=tb)
            tb *= dh  # d z = dh * (h - hh)
            grad_into(act, zs(t, 2 * u, 3 * u), hh, ta, hh, scratch)  # hh ← d x_h
            xp.multiply(dh, z, out=direct)
            grad_into(rec, zs(t, 0, u), z, tb, z, scratch)  # z ← d z_z
            if self.reset_after:
                rt = r_all[t]
                xp.multiply(hh, rt[2 * u:], out=ta)  # d r = d x_h * r_h
                xp.multiply(hh, r, out=rt[2 * u:])  # rt_h ← d r_h
                grad_into(rec, zs(t, u, 2 * u), r, ta, r, scratch)  # r ← d z_r
                rt[:2 * u] = gt[:2 * u]
                rec_step_backward(xp, uu, rt, rec_masks, dh, tmp_h)
            else:
                xp.dot(u_h, hh, out=tb)  # d (r * h')
                hm = h if rec_masks is None else h * rec_masks[2]
                xp.multiply(tb, hm, out=ta)  # d r
                tb *= r
                if rec_masks is not None:
                    tb *= rec_masks[2]
                direct += tb
                grad_into(rec, zs(t, u, 2 * u), r, ta, r, scratch)
                rec_step_backward(xp, u_zr, gt[:2 * u], zr_masks, dh, tmp_h)
            dh += direct
        lo = steps.lo
        dwt, db_in, dx, drec = finalize(lo)
        if self.reset_after:
            dut = drec[0]
            db_rec = r_all[lo:].sum(axis=2).sum(axis=0)
        else:
            dut = xp.concatenate(drec, axis=0)
        self.grads["kernel"] = xp.ascontiguousarray(dwt.T)
        self.grads["recurrent_kernel"] = xp.ascontiguousarray(dut.T)
        if self.use_bias:
            self.grads["bias"] = xp.stack([db_in, db_rec]) if self.reset_after else db_in
        return dx

    def get_config(self):
        return {
            **self._base_rnn_config(),
            "recurrent_activation": activations.serialize(self.recurrent_activation),
            **self._weights_config(),
            "reset_after": self.reset_after,
        }
