"""Shared machinery of the recurrent layers (Keras 3 ``RNN`` semantics, explicit BPTT).

``RNNBase`` holds what ``SimpleRNN``, ``LSTM`` and ``GRU`` have in common: argument checks,
shapes, masks, dropout masks, ``go_backwards``, ``return_sequences``/``return_state``, and the
bulk matmuls over all timesteps (input projection; kernel, recurrent-kernel and input
gradients), run by batched matmuls in chunks of timesteps just before/after the loop reaches
them, so their data is still in cache (``rnn_loop``). Each subclass writes only its step loop
(``_scan``) and the loop's reverse (``_scan_backward``). Buffers are kept between batches.

Internal layout (why): inside the loop every per-step array is *feature-major*, ``(units, batch)``,
and the projected inputs are ``(T, gates * units, batch)``. A gate block of a step is then one
contiguous ``(units, batch)`` slab, so each element-wise NumPy call runs over one contiguous
run instead of ``batch`` short rows (3-4x faster on the small arrays of a step), and the
recurrent product is one ``np.dot(U.T, h, out=...)`` per step into a preallocated buffer.

Masks follow Keras's ``backend.rnn``: at a masked step the states keep their previous values and
the output repeats the previous output (``zero_output_for_mask=False``) or is zero
(``zero_output_for_mask=True``, what ``Bidirectional`` sets when returning sequences).
"""

from __future__ import annotations

import numpy as np

from .. import activations, constraints, initializers, regularizers, utils
from .. import backend as B
from ..errors import ConfigError, ShapeError
from .base import Layer
from .limits import _SHAPE_ONLY
from .rnn_loop import BackwardChunks, ForwardChunks, use_threads


def check_units(layer: Layer, units, cls_name: str) -> int:
    """``units`` as a positive int; a ``ConfigError`` naming the value otherwise."""
    ok = not isinstance(units, bool)
    try:
        ok = ok and float(units).is_integer() and int(units) > 0
    except (TypeError, ValueError):
        ok = False
    if not ok:
        raise ConfigError(f"{cls_name}: units must be a positive integer, got {units!r}",
                          code="rnn_units", layer=layer.name, arg="units", value=repr(units))
    return int(units)


def check_fraction(layer: Layer, value, arg: str, cls_name: str) -> float:
    """A dropout fraction in ``[0, 1)``. Keras clips silently; we refuse, naming the value."""
    try:
        ok = not isinstance(value, bool) and 0.0 <= float(value) < 1.0
    except (TypeError, ValueError):
        ok = False
    if not ok:
        raise ConfigError(f"{cls_name}: {arg} must be a float in [0, 1), got {value!r}",
                          code="rnn_dropout", layer=layer.name, arg=arg, value=repr(value))
    return float(value)


class RNNBase(Layer):
    """Base of the recurrent layers: a time loop over ``(batch, timesteps, features)``.

    Args (shared by every recurrent layer, Keras 3 names and defaults):
        units: positive int, size of the state and of the output.
        activation: output activation (default ``"tanh"``).
        use_bias: whether the layer has a bias.
        kernel_initializer / recurrent_initializer / bias_initializer: defaults
            ``"glorot_uniform"`` / ``"orthogonal"`` / ``"zeros"``.
        *_regularizer, *_constraint: for ``kernel``, ``recurrent_kernel`` and ``bias``.
        dropout / recurrent_dropout: fraction of the inputs / of the recurrent state dropped in
            training; one mask per sequence, shared by all timesteps (Keras's
            ``DropoutRNNCell``). With ``recurrent_dropout > 0`` the gated layers draw one mask
            per gate, as Keras's ``implementation=1`` does.
        seed: optional int giving the dropout masks their own random stream.
        return_sequences: return the whole output sequence ``(batch, timesteps, units)``
            instead of the last output ``(batch, units)``.
        return_state: also return the final state(s), as a list ``[output, *states]``.
        go_backwards: process the sequence in reverse and return the reversed sequence.
        stateful: reuse the last states of a batch as the initial states of the next.
        unroll: accepted for compatibility; it changes nothing here.
        zero_output_for_mask: output zeros (not the previous output) at masked steps.
    """

    supports_masking = True
    _n_gates = 1
    _n_states = 1

    def _init_rnn(self, units, activation, use_bias, kernel_initializer, recurrent_initializer,
                  bias_initializer, kernel_regularizer, recurrent_regularizer, bias_regularizer,
                  kernel_constraint, recurrent_constraint, bias_constraint, dropout,
                  recurrent_dropout, seed, return_sequences, return_state, go_backwards, stateful,
                  unroll, zero_output_for_mask):
        cls = type(self).__name__
        self.units = check_units(self, units, cls)
        self.activation = activations.get(activation)
        self.use_bias = bool(use_bias)
        self.kernel_initializer = initializers.get(kernel_initializer)
        self.recurrent_initializer = initializers.get(recurrent_initializer)
        self.bias_initializer = initializers.get(bias_initializer)
        self.kernel_regularizer = regularizers.get(kernel_regularizer)
        self.recurrent_regularizer = regularizers.get(recurrent_regularizer)
        self.bias_regularizer = regularizers.get(bias_regularizer)
        self.kernel_constraint = constraints.get(kernel_constraint)
        self.recurrent_constraint = constraints.get(recurrent_constraint)
        self.bias_constraint = constraints.get(bias_constraint)
        self.dropout = check_fraction(self, dropout, "dropout", cls)
        self.recurrent_dropout = check_fraction(self, recurrent_dropout, "recurrent_dropout", cls)
        if seed is not None and (isinstance(seed, bool) or not isinstance(seed, (int, np.integer))
                                 or seed < 0):
            raise ConfigError(f"{cls}: seed must be None or a non-negative int, got {seed!r}",
                              code="bad_seed", layer=self.name, arg="seed", value=repr(seed))
        self.seed = None if seed is None else int(seed)
        self._own_rng = utils.make_rng(self.seed) if self.seed is not None else None
        self.return_sequences = bool(return_sequences)
        self.return_state = bool(return_state)
        self.go_backwards = bool(go_backwards)
        self.stateful = bool(stateful)
        self.unroll = bool(unroll)
        self.zero_output_for_mask = bool(zero_output_for_mask)
        self.states = None
        self._cache = None
        self._bufs = {}

    def _buf(self, xp, name, shape, dtype):
        """A scratch array kept between batches (``np.empty`` of tens of MB costs page faults
        on every first touch: about 5 ms per 32 MB, a tenth of an LSTM step on IMDB)."""
        shape = tuple(int(d) for d in shape)
        b = self._bufs.get(name)
        if b is None or b.shape != shape or b.dtype != dtype or B.get_array_module(b) is not xp:
            b = xp.empty(shape, dtype=dtype)
            self._bufs[name] = b
        return b

    # ------------------------------------------------------------------ shapes and masks
    def _check(self, input_shape):
        cls = type(self).__name__
        if isinstance(input_shape, list):
            raise ShapeError(f"{cls} layer {self.name!r} takes one input, got {len(input_shape)}",
                             code="too_many_inputs", layer=self.name, count=len(input_shape))
        shape = tuple(input_shape)
        if len(shape) != 3:
            if len(shape) == 2:
                fix = ("add an Embedding layer before it (for integer word indices) or a "
                       "Reshape((timesteps, features)) layer")
            else:
                fix = "reshape it to 3 axes, or wrap per-timestep layers in TimeDistributed"
            raise ShapeError(
                f"{cls} layer {self.name!r} needs inputs of shape (batch, timesteps, features), "
                f"got a {len(shape)}-D input {shape}: {fix}",
                code="rnn_rank", layer=self.name, shape=str(shape), ndim=len(shape))
        if shape[-1] is None:
            raise ShapeError(f"{cls} layer {self.name!r}: the features axis of its input must be "
                             f"known, got {shape}", code="rnn_unknown_dim", layer=self.name,
                             shape=str(shape))
        return shape

    def compute_output_shape(self, input_shape):
        n, t, _ = self._check(input_shape)
        out = (n, t, self.units) if self.return_sequences else (n, self.units)
        if self.return_state:
            return [out] + [(n, self.units)] * self._n_states
        return out

    def compute_mask(self, inputs, mask=None):
        if isinstance(mask, list):
            mask = mask[0]
        out = mask if self.return_sequences else None
        if self.return_state:
            return [out] + [None] * self._n_states
        return out

    def _add_weights(self, input_dim, bias_shape, bias_initializer=None):
        g = self._n_gates * self.units
        self.kernel = self.add_weight("kernel", (input_dim, g), self.kernel_initializer,
                                      self.kernel_regularizer, constraint=self.kernel_constraint)
        self.recurrent_kernel = self.add_weight(
            "recurrent_kernel", (self.units, g), self.recurrent_initializer,
            self.recurrent_regularizer, constraint=self.recurrent_constraint)
        self.bias = None
        if self.use_bias:
            self.bias = self.add_weight("bias", bias_shape, bias_initializer or self.bias_initializer,
                                        self.bias_regularizer, constraint=self.bias_constraint)
        # the loops index rows of these arrays; an initializer may hand back Fortran order (a
        # transposed QR factor): store C-ordered arrays so in-place updates see one layout
        for key, value in self.params.items():
            # (a shape-only build's zero-stride views stay views: copying one would allocate the
            # full weight on the canvas's every edit, 1.6 GB for an LSTM of 10,000 units)
            if not value.flags.c_contiguous and not _SHAPE_ONLY.active:
                self.params[key] = B.get_array_module(value).ascontiguousarray(value)
        self.kernel = self.params["kernel"]
        self.recurrent_kernel = self.params["recurrent_kernel"]
        self.bias = self.params.get("bias")

    # ------------------------------------------------------------------ dropout and states
    def _bernoulli(self, xp, shape, rate, dtype):
        gen = self._own_rng if self._own_rng is not None else utils.make_rng(None)
        keep = 1.0 - rate
        mask = (gen.random(shape, dtype=np.float32) < keep).astype(dtype)
        mask *= mask.dtype.type(1.0 / keep)
        return xp.asarray(mask)

    def _dropout_masks(self, xp, training, n, features, dtype):
        """Input masks ``(batch, features + 1)`` and recurrent masks ``(units, batch)`` (or None).

        One mask each, or one per gate when ``recurrent_dropout > 0`` (Keras implementation 1).
        """
        count = self._n_gates if self.recurrent_dropout > 0 else 1
        in_masks = rec_masks = None
        if training and self.dropout > 0:
            ones = xp.ones((n, 1), dtype=dtype)  # the bias column of the inputs is never dropped
            in_masks = [xp.concatenate([self._bernoulli(xp, (n, features), self.dropout, dtype), ones],
                                       axis=1) for _ in range(count)]
        if training and self.recurrent_dropout > 0:
            rec_masks = [self._bernoulli(xp, (n, self.units), self.recurrent_dropout, dtype).T.copy()
                         for _ in range(count)]
        return in_masks, rec_masks

    def _initial_states(self, xp, n, dtype):
        if self.stateful and self.states is not None:
            if self.states[0].shape[0] != n:
                raise ShapeError(
                    f"stateful {type(self).__name__} layer {self.name!r} kept states for a batch of "
                    f"{self.states[0].shape[0]}, got a batch of {n}: use a fixed batch size, or "
                    "call reset_state()", code="rnn_stateful_batch", layer=self.name)
            return [xp.ascontiguousarray(s.T, dtype=dtype) for s in self.states]
        return [xp.zeros((self.units, n), dtype=dtype) for _ in range(self._n_states)]

    def reset_state(self):
        """Forget the states kept by a ``stateful`` layer (the next batch starts from zeros)."""
        self.states = None

    reset_states = reset_state

    # ------------------------------------------------------------------ bulk matmuls
    def _project(self, xp, x_tm, wt, b, in_masks):
        """Project the inputs of all steps: ``gates[t] = [wt | b] @ [x_t | 1].T``.

        ``x_tm`` is the ``(T, batch, F)`` input (a view, in processing order), ``wt``
        ``(gates*units, F)``. Returns ``(gates (T, gates*units, batch), runner)``: the loop calls
        ``runner.wait()`` whenever ``t >= runner.ready`` (chunks may be computed by a worker
        thread ahead of the loop, see ``rnn_loop``). The inputs get a column of ones, so the
        bias rides in the same matmul and its gradient comes out of the kernel's (saving two
        passes over the largest arrays). With per-gate dropout masks gate ``k`` sees
        ``x * mask_k``.
        """
        t_len, n, f = x_tm.shape
        u, g = self.units, wt.shape[0]
        dtype = wt.dtype
        bcol = xp.zeros((g, 1), dtype=dtype) if b is None else b[:, None].astype(dtype)
        wt_aug = xp.concatenate([wt, bcol], axis=1)  # (G, F+1)
        gates = self._buf(xp, "gates", (t_len, g, n), dtype)
        x_aug = self._buf(xp, "x", (t_len, n, f + 1), dtype)  # (T, batch, F+1)
        single = in_masks is not None and len(in_masks) == 1
        x_in = self._buf(xp, "x_drop", x_aug.shape, dtype) if single else x_aug
        # the batched matmul on a transposed view is about 2x slower than copy + matmul
        x_fm = self._buf(xp, "x_fm", (t_len, f + 1, n), dtype)  # (T, F+1, batch)

        def fill(lo, hi):
            x_aug[lo:hi, :, :f] = x_tm[lo:hi]
            x_aug[lo:hi, :, f] = 1
            if in_masks is None or single:
                if single:
                    xp.multiply(x_aug[lo:hi], in_masks[0], out=x_in[lo:hi])
                xp.copyto(x_fm[lo:hi], x_in[lo:hi].transpose(0, 2, 1))
                xp.matmul(wt_aug, x_fm[lo:hi], out=gates[lo:hi])
            else:
                for k, m in enumerate(in_masks):
                    blk = slice(k * u, (k + 1) * u)
                    xp.matmul(wt_aug[blk], (x_aug[lo:hi] * m).transpose(0, 2, 1),
                              out=gates[lo:hi, blk])

        self._x_in = x_in
        threaded = use_threads(xp, t_len, float(t_len) * n * g * (f + 1))
        return gates, ForwardChunks(fill, t_len, threaded)

    def _grad_products(self, xp, dz_in, wt, in_masks, need_dx, rec_terms):
        """The bulk gradient products of all steps, run in chunks as the backward loop ends them.

        ``dz_in`` ``(T, G, batch)``: gradients of the projected inputs; ``wt`` ``(G, F)``;
        ``rec_terms``: ``(dz (T, k, batch), h (T, units, batch), masks)`` triples whose
        products ``sum_t dz_t @ (h_t * mask).T`` give the recurrent kernel's gradient.
        Returns ``(runner, finalize)``: the loop calls ``runner.done_down_to(t)`` after step
        ``t``, then ``finalize(lo)`` (steps before ``lo`` had no gradient) returns
        ``(d wt (G, F), d bias (G,), dx or None, [d rec (k, units) per term])``. ``dx`` is a new
        ``(batch, T, F)`` array in input order: the batched matmul writes each step straight
        into its (strided, for ``go_backwards`` reversed) slot, saving a transposing copy.
        """
        x_in = self._x_in
        t_len, g, n = dz_in.shape
        f = wt.shape[1]
        u = self.units
        dtype = dz_in.dtype
        p_in = self._buf(xp, "p_in", (t_len, g, f + 1), dtype)
        dx_out = dx = None
        if need_dx:
            dx_out = xp.empty((n, t_len, f), dtype=dtype)  # returned: not a reused buffer
            dx = (dx_out[:, ::-1] if self.go_backwards else dx_out).transpose(1, 0, 2)
        p_rec = [self._buf(xp, f"p_rec{i}", (t_len, dz.shape[1], h.shape[1]), dtype)
                 for i, (dz, h, _) in enumerate(rec_terms)]

        def products(lo, hi):
            dz = dz_in[lo:hi]
            if in_masks is None or len(in_masks) == 1:
                xp.matmul(dz, x_in[lo:hi], out=p_in[lo:hi])
                if need_dx:
                    xp.matmul(dz.transpose(0, 2, 1), wt, out=dx[lo:hi])
                    if in_masks is not None:
                        dx[lo:hi] *= in_masks[0][:, :f]
            else:
                if need_dx:
                    dx[lo:hi] = 0
                for k, m in enumerate(in_masks):
                    blk = slice(k * u, (k + 1) * u)
                    xp.matmul(dz[:, blk], x_in[lo:hi] * m, out=p_in[lo:hi, blk])
                    if need_dx:
                        dx[lo:hi] += xp.matmul(dz[:, blk].transpose(0, 2, 1), wt[blk]) * m[:, :f]
            for (dzr, h, masks), p in zip(rec_terms, p_rec):
                d = dzr[lo:hi]
                if masks is None or len(masks) == 1:
                    hs = h[lo:hi] if masks is None else h[lo:hi] * masks[0]
                    xp.matmul(d, hs.transpose(0, 2, 1), out=p[lo:hi])
                else:
                    for k, m in enumerate(masks):
                        blk = slice(k * u, (k + 1) * u)
                        xp.matmul(d[:, blk], (h[lo:hi] * m).transpose(0, 2, 1), out=p[lo:hi, blk])

        work = float(t_len) * n * g * (2 * f + 1 + u)
        runner = BackwardChunks(products, t_len, use_threads(xp, t_len, work))

        def finalize(lo):
            runner.finish(lo)
            dwt_aug = p_in[lo:].sum(axis=0)
            if need_dx:
                dx[:lo] = 0
            return dwt_aug[:, :f], dwt_aug[:, f], dx_out, [p[lo:].sum(axis=0) for p in p_rec]

        return runner, finalize

    # ------------------------------------------------------------------ the layer contract
    def forward(self, inputs, training=False, mask=None):
        xp = B.get_array_module(inputs)
        self._check((None,) + tuple(inputs.shape[1:]))
        dtype = self.kernel.dtype
        x = inputs if inputs.dtype == dtype else inputs.astype(dtype)
        n, t, f = x.shape
        if t == 0:
            raise ShapeError(f"{type(self).__name__} layer {self.name!r} got sequences of length 0",
                             code="rnn_empty", layer=self.name)
        x_tm = x.transpose(1, 0, 2)  # (T, batch, F), a view
        notm = None
        if mask is not None:
            if isinstance(mask, list):
                mask = mask[0]
            mask = xp.asarray(mask).astype(bool)
            if mask.ndim == 3:  # a mask per feature: a step counts when any feature does
                mask = mask.any(axis=-1)
            if tuple(mask.shape) != (n, t):
                raise ShapeError(f"{type(self).__name__} layer {self.name!r}: mask of shape "
                                 f"{tuple(mask.shape)} does not match inputs {tuple(x.shape)}",
                                 code="rnn_mask_shape", layer=self.name)
            if not bool(mask.all()):
                notm = xp.ascontiguousarray((~mask).T[:, None, :])  # (T, 1, batch)
        if self.go_backwards:
            x_tm = x_tm[::-1]
            if notm is not None:
                notm = xp.ascontiguousarray(notm[::-1])
        in_masks, rec_masks = self._dropout_masks(xp, training, n, f, dtype)
        init = self._initial_states(xp, n, dtype)
        h_all, finals = self._scan(xp, x_tm, notm, init, in_masks, rec_masks)
        self._cache = (notm, in_masks, rec_masks)
        if self.stateful:
            self.states = [s.T.copy() for s in finals]
        if self.return_sequences:
            seq = h_all[1:]
            if self.zero_output_for_mask and notm is not None:
                seq = xp.where(notm, 0, seq)
            out = xp.array(seq.transpose(2, 0, 1), order="C")  # (batch, T, units), a copy
        else:
            last = h_all[-1]
            if self.zero_output_for_mask and notm is not None:
                last = xp.where(notm[-1], 0, last)
            out = xp.array(last.T, order="C")
        if self.return_state:  # copies: the loop's buffers are reused by the next batch
            return [out] + [xp.array(s.T, order="C") for s in finals]
        return out

    def backward(self, grad_output):
        if self._cache is None:
            raise RuntimeError(f"{type(self).__name__}.backward called before forward")
        xp = B.get_array_module(self.kernel)
        dtype = self.kernel.dtype
        notm, in_masks, rec_masks = self._cache
        if self.return_state:
            g_out, g_states = grad_output[0], list(grad_output[1:])
        else:
            g_out, g_states = grad_output, [None] * self._n_states
        d_seq = None
        # copies in C order: the loops below update them in place and np.dot(out=) needs C order
        d_final = [None if g is None else xp.array(g.T, dtype=dtype, order="C")
                   for g in g_states]
        if g_out is not None:
            if self.return_sequences:
                d_seq = xp.ascontiguousarray(g_out.transpose(1, 2, 0), dtype=dtype)
                if self.zero_output_for_mask and notm is not None:
                    d_seq[xp.broadcast_to(notm, d_seq.shape)] = 0
            else:
                g = xp.array(g_out.T, dtype=dtype, order="C")
                if self.zero_output_for_mask and notm is not None:
                    xp.copyto(g, 0, where=notm[-1])
                if d_final[0] is None:
                    d_final[0] = g
                else:
                    d_final[0] += g
        dx = self._scan_backward(xp, d_seq, d_final, notm, in_masks, rec_masks,
                                 self.input_grad_needed)
        self._cache = None
        return dx

    # subclasses: the step loop and its reverse
    def _scan(self, xp, x_tm, notm, init, in_masks, rec_masks):
        """Run the loop over ``x_tm`` ``(T, batch, F)`` (processing order). Returns
        ``(h_all (T+1, units, batch), final states [(units, batch)])``."""
        raise NotImplementedError

    def _scan_backward(self, xp, d_seq, d_final, notm, in_masks, rec_masks, need_dx):
        """Back through the loop; fills ``self.grads``; returns ``dx`` ``(batch, T, F)`` or None."""
        raise NotImplementedError

    def _base_rnn_config(self):
        return {
            **super().get_config(),
            "return_sequences": self.return_sequences,
            "return_state": self.return_state,
            "go_backwards": self.go_backwards,
            "stateful": self.stateful,
            "unroll": self.unroll,
            "zero_output_for_mask": self.zero_output_for_mask,
            "units": self.units,
            "activation": activations.serialize(self.activation),
        }

    def _weights_config(self):
        return {
            "use_bias": self.use_bias,
            "kernel_initializer": initializers.serialize(self.kernel_initializer),
            "recurrent_initializer": initializers.serialize(self.recurrent_initializer),
            "bias_initializer": initializers.serialize(self.bias_initializer),
            "kernel_regularizer": regularizers.serialize(self.kernel_regularizer),
            "recurrent_regularizer": regularizers.serialize(self.recurrent_regularizer),
            "bias_regularizer": regularizers.serialize(self.bias_regularizer),
            "activity_regularizer": regularizers.serialize(self.activity_regularizer),
            "kernel_constraint": constraints.serialize(self.kernel_constraint),
            "recurrent_constraint": constraints.serialize(self.recurrent_constraint),
            "bias_constraint": constraints.serialize(self.bias_constraint),
            "dropout": self.dropout,
            "recurrent_dropout": self.recurrent_dropout,
            "seed": self.seed,
        }
