"""The bulk matmuls of a recurrent layer: all timesteps at once, outside the step loop.

Before the forward loop, :class:`InputProjection` projects the inputs of every step through the
kernel; after the backward loop, :class:`GradientProducts` sums the kernel's, the recurrent
kernel's and the input's gradient products over the steps. Both run in chunks of timesteps
just before (after) the loop reaches them, so their data is still in cache, optionally on a
worker thread (``rnn_loop.ForwardChunks`` / ``BackwardChunks``).

Layout (see ``rnn_base``): per-step arrays are feature-major, ``(units, batch)``; ``T`` is the
number of steps, ``G = gates * units`` and ``F`` the number of input features.
"""

from __future__ import annotations

from .rnn_loop import BackwardChunks, ForwardChunks, use_threads


class InputProjection:
    """``gates[t] = [kernel_t | b] @ [x_t | 1].T`` for every step ``t``, filled chunk by chunk.

    The inputs get a column of ones so the bias rides in the same matmul and its gradient comes
    out of the kernel's (saving two passes over the largest arrays). With per-gate dropout
    masks gate ``k`` sees ``x * mask_k``.

    Attributes:
        gates: ``(T, G, batch)``, the projected inputs (the loop adds the recurrent part in place).
        x_in: ``(T, batch, F + 1)``, the inputs as the kernel saw them (ones column, a single
            dropout mask applied): what the kernel's gradient multiplies.
        chunks: the ``ForwardChunks`` runner; the loop calls ``chunks.wait()`` whenever
            ``t >= chunks.ready``.
    """

    def __init__(self, layer, xp, x_tm, kernel_t, bias, in_masks):
        """``x_tm`` ``(T, batch, F)`` (a view, in processing order), ``kernel_t`` ``(G, F)``,
        ``bias`` ``(G,)`` or None; buffers come from ``layer._buf`` (kept between batches)."""
        t_len, n, f = x_tm.shape
        g = kernel_t.shape[0]
        dtype = kernel_t.dtype
        bias_column = xp.zeros((g, 1), dtype=dtype) if bias is None else bias[:, None].astype(dtype)
        self.xp, self.x_tm, self.in_masks, self.units, self.features = xp, x_tm, in_masks, layer.units, f
        self.kernel_with_bias = xp.concatenate([kernel_t, bias_column], axis=1)  # (G, F+1)
        self.gates = layer._buf(xp, "gates", (t_len, g, n), dtype)
        self.x_with_ones = layer._buf(xp, "x", (t_len, n, f + 1), dtype)  # (T, batch, F+1)
        self.single_mask = in_masks is not None and len(in_masks) == 1
        self.x_in = (layer._buf(xp, "x_drop", self.x_with_ones.shape, dtype) if self.single_mask
                     else self.x_with_ones)
        # the batched matmul on a transposed view is about 2x slower than copy + matmul
        self.x_feature_major = layer._buf(xp, "x_fm", (t_len, f + 1, n), dtype)  # (T, F+1, batch)
        threaded = use_threads(xp, t_len, float(t_len) * n * g * (f + 1))
        self.chunks = ForwardChunks(self.fill, t_len, threaded)  # fills the first chunk now

    def fill(self, lo: int, hi: int) -> None:
        """Project steps ``lo .. hi-1``."""
        xp, f, u = self.xp, self.features, self.units
        x_ones, gates, x_in = self.x_with_ones, self.gates, self.x_in
        x_ones[lo:hi, :, :f] = self.x_tm[lo:hi]
        x_ones[lo:hi, :, f] = 1
        if self.in_masks is None or self.single_mask:
            if self.single_mask:
                xp.multiply(x_ones[lo:hi], self.in_masks[0], out=x_in[lo:hi])
            xp.copyto(self.x_feature_major[lo:hi], x_in[lo:hi].transpose(0, 2, 1))
            xp.matmul(self.kernel_with_bias, self.x_feature_major[lo:hi], out=gates[lo:hi])
        else:
            for k, mask in enumerate(self.in_masks):
                block = slice(k * u, (k + 1) * u)
                xp.matmul(self.kernel_with_bias[block], (x_ones[lo:hi] * mask).transpose(0, 2, 1),
                          out=gates[lo:hi, block])


class GradientProducts:
    """The gradient products of all steps, summed once the backward loop has finished them.

    Args:
        layer: the recurrent layer (units, ``go_backwards``, scratch buffers).
        d_gates: ``(T, G, batch)``, the gradients of the projected inputs.
        kernel_t: ``(G, F)``, the kernel the projection used (for the input's gradient).
        x_in: ``InputProjection.x_in`` of the forward pass.
        in_masks: the input dropout masks (None, one, or one per gate).
        need_dx: whether to compute the input's gradient.
        recurrent_terms: ``(dz (T, k, batch), h (T, units, batch), masks)`` triples; each gives a
            recurrent kernel gradient ``sum_t dz_t @ (h_t * mask).T``.

    The loop calls ``chunks.done_down_to(t)`` after step ``t`` (``rnn_loop.ReverseSteps`` does),
    then :meth:`finalize`.
    """

    def __init__(self, layer, xp, d_gates, kernel_t, x_in, in_masks, need_dx, recurrent_terms):
        t_len, g, n = d_gates.shape
        f = kernel_t.shape[1]
        u = layer.units
        dtype = d_gates.dtype
        self.xp, self.d_gates, self.kernel_t, self.x_in = xp, d_gates, kernel_t, x_in
        self.in_masks, self.need_dx, self.recurrent_terms = in_masks, need_dx, recurrent_terms
        self.units, self.features = u, f
        self.kernel_terms = layer._buf(xp, "p_in", (t_len, g, f + 1), dtype)
        self.dx_out = self.dx = None
        if need_dx:
            self.dx_out = xp.empty((n, t_len, f), dtype=dtype)  # returned: not a reused buffer
            # the batched matmul writes each step straight into its (strided, for go_backwards
            # reversed) slot of the (batch, T, F) result, saving a transposing copy
            self.dx = (self.dx_out[:, ::-1] if layer.go_backwards else self.dx_out).transpose(1, 0, 2)
        self.recurrent_sums = [layer._buf(xp, f"p_rec{i}", (t_len, dz.shape[1], h.shape[1]), dtype)
                               for i, (dz, h, _) in enumerate(recurrent_terms)]
        work = float(t_len) * n * g * (2 * f + 1 + u)
        self.chunks = BackwardChunks(self.run, t_len, use_threads(xp, t_len, work))

    def run(self, lo: int, hi: int) -> None:
        """The products of steps ``lo .. hi-1``."""
        xp, u, f, dx = self.xp, self.units, self.features, self.dx
        dz, x_in, kernel_t, in_masks = self.d_gates[lo:hi], self.x_in, self.kernel_t, self.in_masks
        if in_masks is None or len(in_masks) == 1:
            xp.matmul(dz, x_in[lo:hi], out=self.kernel_terms[lo:hi])
            if self.need_dx:
                xp.matmul(dz.transpose(0, 2, 1), kernel_t, out=dx[lo:hi])
                if in_masks is not None:
                    dx[lo:hi] *= in_masks[0][:, :f]
        else:
            if self.need_dx:
                dx[lo:hi] = 0
            for k, mask in enumerate(in_masks):
                block = slice(k * u, (k + 1) * u)
                xp.matmul(dz[:, block], x_in[lo:hi] * mask, out=self.kernel_terms[lo:hi, block])
                if self.need_dx:
                    dx[lo:hi] += xp.matmul(dz[:, block].transpose(0, 2, 1), kernel_t[block]) * mask[:, :f]
        for (d_rec, h, masks), out in zip(self.recurrent_terms, self.recurrent_sums):
            d = d_rec[lo:hi]
            if masks is None or len(masks) == 1:
                hs = h[lo:hi] if masks is None else h[lo:hi] * masks[0]
                xp.matmul(d, hs.transpose(0, 2, 1), out=out[lo:hi])
            else:
                for k, mask in enumerate(masks):
                    block = slice(k * u, (k + 1) * u)
                    xp.matmul(d[:, block], (h[lo:hi] * mask).transpose(0, 2, 1), out=out[lo:hi, block])

    def finalize(self, lo: int):
        """Finish (steps before ``lo`` had no gradient) and return ``(d kernel_t (G, F),
        d bias (G,), dx (batch, T, F) or None, [d recurrent (k, units) per term])``."""
        self.chunks.finish(lo)
        d_kernel_with_bias = self.kernel_terms[lo:].sum(axis=0)
        if self.need_dx:
            self.dx[:lo] = 0
        f = self.features
        return (d_kernel_with_bias[:, :f], d_kernel_with_bias[:, f], self.dx_out,
                [s[lo:].sum(axis=0) for s in self.recurrent_sums])
