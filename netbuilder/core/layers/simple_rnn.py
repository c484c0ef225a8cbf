"""SimpleRNN: the fully connected recurrent layer (Keras 3 ``SimpleRNN``)."""

from __future__ import annotations

from ..registry import LAYERS
from .rnn_base import RNNBase
from .rnn_loop import ReverseSteps, grad_into, rec_step, rec_step_backward


@LAYERS.register(name="SimpleRNN", group="Recurrent", aliases=("simple_rnn",))
class SimpleRNN(RNNBase):
    """Fully connected RNN whose output is fed back as the next state::

        h_t = activation(x_t @ kernel + bias + h_{t-1} @ recurrent_kernel)

    Args: see ``RNNBase`` (``activation`` default ``"tanh"``, ``recurrent_initializer``
    default ``"orthogonal"``).

    Shapes: input ``(batch, timesteps, features)``; output ``(batch, units)`` or
    ``(batch, timesteps, units)``; ``return_state`` adds ``h`` ``(batch, units)``. Weights:
    ``kernel (features, units)``, ``recurrent_kernel (units, units)``, ``bias (units,)``.
    """

    _n_gates = 1
    _n_states = 1

    def __init__(self, units, activation="tanh", use_bias=True, kernel_initializer="glorot_uniform",
                 recurrent_initializer="orthogonal", bias_initializer="zeros",
                 kernel_regularizer=None, recurrent_regularizer=None, bias_regularizer=None,
                 activity_regularizer=None, kernel_constraint=None, recurrent_constraint=None,
                 bias_constraint=None, dropout=0.0, recurrent_dropout=0.0, return_sequences=False,
                 return_state=False, go_backwards=False, stateful=False, unroll=False, seed=None,
                 zero_output_for_mask=False, **kwargs):
        super().__init__(activity_regularizer=activity_regularizer, **kwargs)
        self._init_rnn(units, activation, use_bias, kernel_initializer, recurrent_initializer,
                       bias_initializer, kernel_regularizer, recurrent_regularizer,
                       bias_regularizer, kernel_constraint, recurrent_constraint, bias_constraint,
                       dropout, recurrent_dropout, seed, return_sequences, return_state,
                       go_backwards, stateful, unroll, zero_output_for_mask)

    def build(self, input_shape):
        shape = self._check(input_shape)
        self._add_weights(shape[-1], (self.units,))
        self.built = True

    def _scan(self, xp, x_tm, notm, init, in_masks, rec_masks):
        u = self.units
        act = self.activation
        wt = xp.ascontiguousarray(self.kernel.T)
        ut = xp.ascontiguousarray(self.recurrent_kernel.T)
        g_all, proj = self._project(xp, x_tm, wt, self.bias, in_masks)  # (T, u, batch)
        t_len, _, n = g_all.shape
        dtype = g_all.dtype
        h_all = self._buf(xp, "h", (t_len + 1, u, n), dtype)
        h_all[0] = init[0]
        z_store = xp.empty_like(g_all) if act.needs_x else None
        rec_out = xp.empty((u, n), dtype=dtype)
        tmp_h = xp.empty((u, n), dtype=dtype)
        for t in range(t_len):
            if t >= proj.ready:
                proj.wait()
            gt = g_all[t]
            rec_step(xp, ut, h_all[t], rec_masks, rec_out, tmp_h)
            gt += rec_out
            if act.name == "tanh":
                xp.tanh(gt, out=gt)
            else:
                if z_store is not None:
                    z_store[t] = gt
                gt[...] = act(gt)
            h_all[t + 1] = gt
            if notm is not None:
                xp.copyto(h_all[t + 1], h_all[t], where=notm[t])
        self._loop = (g_all, h_all, z_store, wt)
        return h_all, [h_all[-1]]

    def _scan_backward(self, xp, d_seq, d_final, notm, in_masks, rec_masks, need_dx):
        g_all, h_all, z_store, wt = self._loop
        self._loop = None
        u = self.units
        t_len, _, n = g_all.shape
        dtype = g_all.dtype
        uu = self.recurrent_kernel
        dh = d_final[0] if d_final[0] is not None else xp.zeros((u, n), dtype=dtype)
        scratch = xp.empty((u, n), dtype=dtype)
        tmp_h = xp.empty((u, n), dtype=dtype)
        bulk, finalize = self._grad_products(xp, g_all, wt, in_masks, need_dx,
                                             [(g_all, h_all[:-1], rec_masks)])
        steps = ReverseSteps(xp, t_len, [dh], d_seq, notm, bulk)
        for t in steps:
            gt = g_all[t]
            grad_into(self.activation, None if z_store is None else z_store[t], gt, dh, gt, scratch)
            rec_step_backward(xp, uu, gt, rec_masks, dh, tmp_h)
        dwt, db, dx, (dut,) = finalize(steps.lo)
        self.grads["kernel"] = xp.ascontiguousarray(dwt.T)
        self.grads["recurrent_kernel"] = xp.ascontiguousarray(dut.T)
        if self.use_bias:
            self.grads["bias"] = db
        return dx

    def get_config(self):
        return {**self._base_rnn_config(), **self._weights_config()}
