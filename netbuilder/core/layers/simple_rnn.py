"""SimpleRNN: the fully connected recurrent layer (Keras 3 ``SimpleRNN``)."""

from __future__ import annotations

from ..registry import LAYERS
from .rnn_base import RNNBase
from .rnn_loop import ReverseSteps, grad_into, rec_step, rec_step_backward


@LAYERS.register(name="SimpleRNN", group="Recurrent", aliases=("simple_rnn",))
class SimpleRNN(RNNBase):
    """Fully connected RNN whose output is fed back as the next state::

        h_t = activation(x_t @ kernel + bias + h_{t-1} @ recurrent_kernel)

    Args: those of ``RNNBase``, whose ``__init__`` it uses as is (``activation`` default
    ``"tanh"``, ``recurrent_initializer`` default ``"orthogonal"``).

    Shapes: input ``(batch, timesteps, features)``; output ``(batch, units)`` or
    ``(batch, timesteps, units)``; ``return_state`` adds ``h`` ``(batch, units)``. Weights:
    ``kernel (features, units)``, ``recurrent_kernel (units, units)``, ``bias (units,)``.
    """

    _n_gates = 1
    _n_states = 1

    def build(self, input_shape):
        shape = self._check(input_shape)
        self._add_weights(shape[-1], (self.units,))
        self.built = True

    def _scan(self, xp, x_tm, masked, init, in_masks, rec_masks):
        u = self.units
        act = self.activation
        kernel_t = xp.ascontiguousarray(self.kernel.T)
        recurrent_t = xp.ascontiguousarray(self.recurrent_kernel.T)
        projection = self._project(xp, x_tm, kernel_t, self.bias, in_masks)
        gates, chunks = projection.gates, projection.chunks  # (T, u, batch)
        t_len, _, n = gates.shape
        dtype = gates.dtype
        h_all = self._buf(xp, "h", (t_len + 1, u, n), dtype)
        h_all[0] = init[0]
        preacts = xp.empty_like(gates) if act.needs_x else None  # kept for act.grad
        recurrent_out = xp.empty((u, n), dtype=dtype)
        masked_h = xp.empty((u, n), dtype=dtype)
        for t in range(t_len):
            if t >= chunks.ready:
                chunks.wait()
            gt = gates[t]
            rec_step(xp, recurrent_t, h_all[t], rec_masks, recurrent_out, masked_h)
            gt += recurrent_out
            if act.name == "tanh":
                xp.tanh(gt, out=gt)
            else:
                if preacts is not None:
                    preacts[t] = gt
                gt[...] = act(gt)
            h_all[t + 1] = gt
            if masked is not None:
                xp.copyto(h_all[t + 1], h_all[t], where=masked[t])
        record = {"gates": gates, "h_all": h_all, "preacts": preacts, "kernel_t": kernel_t,
                  "x_in": projection.x_in}
        return h_all, [h_all[-1]], record

    def _scan_backward(self, xp, saved, d_seq, d_final, need_dx):
        gates, h_all, preacts = saved.gates, saved.h_all, saved.preacts  # gates: activated outputs
        u = self.units
        t_len, _, n = gates.shape
        dtype = gates.dtype
        dh = d_final[0] if d_final[0] is not None else xp.zeros((u, n), dtype=dtype)
        scratch = xp.empty((u, n), dtype=dtype)
        # each step's slot of gates is overwritten with d loss / d pre-activation
        products = self._grad_products(xp, gates, saved.kernel_t, saved.x_in, saved.in_masks, need_dx,
                                       [(gates, h_all[:-1], saved.rec_masks)])
        steps = ReverseSteps(xp, t_len, [dh], d_seq, saved.masked, products.chunks)
        for t in steps:
            gt = gates[t]
            grad_into(self.activation, None if preacts is None else preacts[t], gt, dh, gt, scratch)
            # (one recurrent mask at most, applied in place: rec_step_backward needs no scratch)
            rec_step_backward(xp, self.recurrent_kernel, gt, saved.rec_masks, dh, None)
        d_kernel_t, d_bias, dx, (d_recurrent_t,) = products.finalize(steps.lo)
        self.grads["kernel"] = xp.ascontiguousarray(d_kernel_t.T)
        self.grads["recurrent_kernel"] = xp.ascontiguousarray(d_recurrent_t.T)
        if self.use_bias:
            self.grads["bias"] = d_bias
        return dx

    def get_config(self):
        return {**self._base_rnn_config(), **self._weights_config()}
