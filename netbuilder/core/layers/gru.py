"""GRU: gated recurrent unit (Keras 3 ``GRU``, Cho et al. 2014)."""

from __future__ import annotations

from .. import activations
from ..registry import LAYERS
from .rnn_base import RNNBase
from .rnn_loop import ReverseSteps, grad_into, preact_part, rec_step, rec_step_backward


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

    Args: ``recurrent_activation`` (default ``"sigmoid"``) and ``reset_after`` (default True),
    plus those of ``RNNBase`` (passed on by keyword). ``use_cudnn`` and ``implementation`` are
    accepted and ignored.

    Shapes: input ``(batch, timesteps, features)``; output ``(batch, units)`` or
    ``(batch, timesteps, units)``; ``return_state`` adds ``h`` ``(batch, units)``. Weights
    (Keras layout): ``kernel (features, 3*units)``, ``recurrent_kernel (units, 3*units)``,
    ``bias (2, 3*units)`` (row 0 input bias, row 1 recurrent bias) with ``reset_after``, else
    ``bias (3*units,)``.
    """

    _n_gates = 3
    _n_states = 1

    def __init__(self, units, activation="tanh", recurrent_activation="sigmoid", *, reset_after=True,
                 use_cudnn="auto", **kwargs):
        kwargs.pop("implementation", None)
        super().__init__(units, activation, **kwargs)
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
        halve = xp.ones(3 * u, dtype=self.kernel.dtype)
        if fast:
            halve[:2 * u] = 0.5
        input_bias = recurrent_bias = None
        if self.use_bias:
            input_bias, recurrent_bias = (self.bias[0], self.bias[1]) if self.reset_after else (self.bias, None)
        kernel_t_fwd = xp.ascontiguousarray((self.kernel * halve).T)
        recurrent_t_fwd = xp.ascontiguousarray((self.recurrent_kernel * halve).T)
        input_bias_fwd = None if input_bias is None else input_bias * halve
        recurrent_bias_fwd = None if recurrent_bias is None else recurrent_bias * halve
        return fast, kernel_t_fwd, recurrent_t_fwd, input_bias_fwd, recurrent_bias_fwd

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

    def _scan(self, xp, x_tm, masked, init, in_masks, rec_masks):
        u = self.units
        fast, kernel_t_fwd, recurrent_t_fwd, input_bias_fwd, recurrent_bias_fwd = self._weights(xp)
        projection = self._project(xp, x_tm, kernel_t_fwd, input_bias_fwd, in_masks)
        gates, chunks = projection.gates, projection.chunks  # (T, 3u, batch)
        t_len, _, n = gates.shape
        dtype = gates.dtype
        h_all = self._buf(xp, "h", (t_len + 1, u, n), dtype)
        h_all[0] = init[0]
        needs_x = not fast and (self.activation.needs_x or self.recurrent_activation.needs_x)
        preacts = xp.empty_like(gates) if needs_x else None
        tmp = xp.empty((u, n), dtype=dtype)
        masked_h = xp.empty((u, n), dtype=dtype)
        if self.reset_after:
            recurrent_parts = self._buf(xp, "rec", gates.shape, dtype)  # recurrent projections + bias
        else:
            recurrent_parts = self._buf(xp, "rec", (t_len, u, n), dtype)  # r * h_{t-1}: the input of U_h
            recurrent_zr = xp.empty((2 * u, n), dtype=dtype)
            zr_masks = None if rec_masks is None else rec_masks[:2]
        for t in range(t_len):
            if t >= chunks.ready:
                chunks.wait()
            h, gt = h_all[t], gates[t]
            zr, hh = gt[:2 * u], gt[2 * u:]
            if self.reset_after:
                rt = recurrent_parts[t]
                rec_step(xp, recurrent_t_fwd, h, rec_masks, rt, masked_h)
                if recurrent_bias_fwd is not None:
                    rt += recurrent_bias_fwd[:, None]
                zr += rt[:2 * u]
                self._activate_zr(xp, fast, zr, preacts, t)
                xp.multiply(gt[u:2 * u], rt[2 * u:], out=tmp)  # r * r_h
            else:
                rec_step(xp, recurrent_t_fwd[:2 * u], h, zr_masks, recurrent_zr, masked_h)
                zr += recurrent_zr
                self._activate_zr(xp, fast, zr, preacts, t)
                rh = recurrent_parts[t]
                if rec_masks is None:
                    xp.multiply(gt[u:2 * u], h, out=rh)
                else:
                    xp.multiply(h, rec_masks[2], out=rh)
                    rh *= gt[u:2 * u]
                xp.dot(recurrent_t_fwd[2 * u:], rh, out=tmp)
            hh += tmp
            self._activate_h(xp, fast, hh, preacts, t)
            # h_t = z * h + (1 - z) * hh = hh + z * (h - hh)
            xp.subtract(h, hh, out=tmp)
            tmp *= gt[:u]
            xp.add(hh, tmp, out=h_all[t + 1])
            if masked is not None:
                xp.copyto(h_all[t + 1], h, where=masked[t])
        record = {"gates": gates, "recurrent_parts": recurrent_parts, "h_all": h_all, "preacts": preacts,
                  "x_in": projection.x_in}
        return h_all, [h_all[-1]], record

    def _scan_backward(self, xp, saved, d_seq, d_final, need_dx):
        gates, recurrent_parts, h_all, preacts = saved.gates, saved.recurrent_parts, saved.h_all, saved.preacts
        rec_masks = saved.rec_masks
        u = self.units
        act, rec = self.activation, self.recurrent_activation
        t_len, _, n = gates.shape
        dtype = gates.dtype
        recurrent = self.recurrent_kernel
        dh = d_final[0] if d_final[0] is not None else xp.zeros((u, n), dtype=dtype)
        ta, tb, scratch, masked_h, direct = (xp.empty((u, n), dtype=dtype) for _ in range(5))
        zr_masks = None if rec_masks is None else rec_masks[:2]
        recurrent_zr_kernel = xp.ascontiguousarray(recurrent[:, :2 * u])
        recurrent_h_kernel = xp.ascontiguousarray(recurrent[:, 2 * u:])
        kernel_t = xp.ascontiguousarray(self.kernel.T)
        h_prev = h_all[:-1]
        if self.reset_after:
            rec_terms = [(recurrent_parts, h_prev, rec_masks)]
        else:
            rec_terms = [(gates[:, :2 * u], h_prev, zr_masks), (gates[:, 2 * u:], recurrent_parts, None)]
        products = self._grad_products(xp, gates, kernel_t, saved.x_in, saved.in_masks, need_dx, rec_terms)
        steps = ReverseSteps(xp, t_len, [dh], d_seq, saved.masked, products.chunks)
        for t in steps:
            gt, h = gates[t], h_all[t]
            z, r, hh = gt[:u], gt[u:2 * u], gt[2 * u:]
            xp.subtract(1.0, z, out=ta)
            ta *= dh  # d hh = dh * (1 - z)
            xp.subtract(h, hh, out=tb)
            tb *= dh  # d z = dh * (h - hh)
            grad_into(act, preact_part(preacts, t, 2 * u, 3 * u), hh, ta, hh, scratch)  # hh ← d x_h
            xp.multiply(dh, z, out=direct)
            grad_into(rec, preact_part(preacts, t, 0, u), z, tb, z, scratch)  # z ← d z_z
            if self.reset_after:
                rt = recurrent_parts[t]
                xp.multiply(hh, rt[2 * u:], out=ta)  # d r = d x_h * r_h
                xp.multiply(hh, r, out=rt[2 * u:])  # rt_h ← d r_h
                grad_into(rec, preact_part(preacts, t, u, 2 * u), r, ta, r, scratch)  # r ← d z_r
                rt[:2 * u] = gt[:2 * u]
                rec_step_backward(xp, recurrent, rt, rec_masks, dh, masked_h)
            else:
                xp.dot(recurrent_h_kernel, hh, out=tb)  # d (r * h')
                hm = h if rec_masks is None else h * rec_masks[2]
                xp.multiply(tb, hm, out=ta)  # d r
                tb *= r
                if rec_masks is not None:
                    tb *= rec_masks[2]
                direct += tb
                grad_into(rec, preact_part(preacts, t, u, 2 * u), r, ta, r, scratch)
                rec_step_backward(xp, recurrent_zr_kernel, gt[:2 * u], zr_masks, dh, masked_h)
            dh += direct
        lo = steps.lo
        d_kernel_t, d_input_bias, dx, d_recurrents = products.finalize(lo)
        if self.reset_after:
            d_recurrent_t = d_recurrents[0]
            d_recurrent_bias = recurrent_parts[lo:].sum(axis=2).sum(axis=0)
        else:
            d_recurrent_t = xp.concatenate(d_recurrents, axis=0)
        self.grads["kernel"] = xp.ascontiguousarray(d_kernel_t.T)
        self.grads["recurrent_kernel"] = xp.ascontiguousarray(d_recurrent_t.T)
        if self.use_bias:
            self.grads["bias"] = xp.stack([d_input_bias, d_recurrent_bias]) if self.reset_after else d_input_bias
        return dx

    def get_config(self):
        return {
            **self._base_rnn_config(),
            "recurrent_activation": activations.serialize(self.recurrent_activation),
            **self._weights_config(),
            "reset_after": self.reset_after,
        }
