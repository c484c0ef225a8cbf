"""Shared machinery of the recurrent layers (Keras 3 ``RNN`` semantics, explicit BPTT).

``RNNBase`` holds what ``SimpleRNN``, ``LSTM`` and ``GRU`` have in common: argument checks,
shapes, masks, dropout masks, ``go_backwards``, ``return_sequences``/``return_state``, and the
bulk matmuls over all timesteps (input projection; kernel, recurrent-kernel and input
gradients), run by batched matmuls in chunks of timesteps just before/after the loop reaches
them, so their data is still in cache (``rnn_loop``). Each subclass writes only its step loop
(``_scan``) and the loop's reverse (``_scan_backward``); the bulk matmuls are in
``rnn_products``. Buffers are kept between batches.

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

import inspect

import numpy as np

from .. import activations, constraints, initializers, regularizers, utils, validate
from .. import backend as B
from ..errors import ShapeError
from .base import Layer
from .input_spec import InputSpec, Refusal
from .rnn_products import GradientProducts, InputProjection


_RANK_REFUSAL = Refusal("rnn_rank", "{cls} layer {name!r} needs inputs of shape (batch, timesteps, features), "
                                    "got a {ndim}-D input {shape}: {hint}")


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
    input_spec = InputSpec(
        min_ndim=3, max_ndim=3, known_axes=(-1,), expected="(batch, timesteps, features)",
        too_few_axes=_RANK_REFUSAL, too_many_axes=_RANK_REFUSAL,
        unknown_axis=Refusal("rnn_unknown_dim", "{cls} layer {name!r}: the features axis of its input must be "
                                                "known, got {shape}"),
        hints={2: "add an Embedding layer before it (for integer word indices) or a "
                  "Reshape((timesteps, features)) layer",
               None: "reshape it to 3 axes, or wrap per-timestep layers in TimeDistributed"})

    def __init__(self, units, activation="tanh", use_bias=True, kernel_initializer="glorot_uniform",
                 recurrent_initializer="orthogonal", bias_initializer="zeros", kernel_regularizer=None,
                 recurrent_regularizer=None, bias_regularizer=None, activity_regularizer=None,
                 kernel_constraint=None, recurrent_constraint=None, bias_constraint=None, dropout=0.0,
                 recurrent_dropout=0.0, return_sequences=False, return_state=False, go_backwards=False,
                 stateful=False, unroll=False, seed=None, zero_output_for_mask=False, **kwargs):
        super().__init__(activity_regularizer=activity_regularizer, **kwargs)
        cls = type(self).__name__
        self.units = validate.positive_int(units, "units", where=cls, code="rnn_units", layer=self.name)
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
        # Keras clips a dropout rate silently; we refuse it, naming the value
        self.dropout = validate.fraction(dropout, "dropout", where=cls, inclusive=False,
                                         code="rnn_dropout", layer=self.name)
        self.recurrent_dropout = validate.fraction(recurrent_dropout, "recurrent_dropout", where=cls,
                                                   inclusive=False, code="rnn_dropout", layer=self.name)
        self.seed = validate.seed(seed, where=cls, code="bad_seed", layer=self.name)
        self._own_rng = utils.make_rng(self.seed) if self.seed is not None else None
        self.return_sequences = bool(return_sequences)
        self.return_state = bool(return_state)
        self.go_backwards = bool(go_backwards)
        self.stateful = bool(stateful)
        self.unroll = bool(unroll)
        self.zero_output_for_mask = bool(zero_output_for_mask)
        self.states = None
        self._bufs = {}

    def __init_subclass__(cls, **kwargs):
        """A subclass's ``__init__`` declares only its own arguments and passes the rest on with
        ``**kwargs``; its signature (read by the inspector and the code export) is completed here
        with the shared ones, as keyword-only arguments with their defaults."""
        super().__init_subclass__(**kwargs)
        if "__init__" not in cls.__dict__:
            return
        own = inspect.signature(cls.__init__).parameters
        shared = inspect.signature(RNNBase.__init__).parameters
        params = [p for p in own.values() if p.kind is not p.VAR_KEYWORD]
        params += [p.replace(kind=p.KEYWORD_ONLY) for name, p in shared.items()
                   if name not in own and p.kind is not p.VAR_KEYWORD]  # (own holds self)
        params += [p for p in own.values() if p.kind is p.VAR_KEYWORD]
        cls.__init__.__signature__ = inspect.Signature(params)

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
    def _check(self, input_shape) -> tuple:
        """``input_shape`` as a tuple once it is ``(batch, timesteps, features)`` (see ``input_spec``)."""
        return self._checked_input(input_shape)

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
        self.add_weight("kernel", (input_dim, g), self.kernel_initializer, self.kernel_regularizer,
                        constraint=self.kernel_constraint)
        self.add_weight("recurrent_kernel", (self.units, g), self.recurrent_initializer,
                        self.recurrent_regularizer, constraint=self.recurrent_constraint)
        if self.use_bias:
            self.add_weight("bias", bias_shape, bias_initializer or self.bias_initializer,
                            self.bias_regularizer, constraint=self.bias_constraint)
        # (add_weight stores C-ordered arrays, which the loops' in-place row updates need, even
        # from an initializer that hands back Fortran order, such as orthogonal's QR factor)
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
    def _project(self, xp, x_tm, kernel_t, bias, in_masks) -> InputProjection:
        """Project the inputs of all steps through ``kernel_t`` ``(G, F)`` and ``bias`` (see
        ``rnn_products.InputProjection``); ``x_tm`` is the ``(T, batch, F)`` input view in
        processing order."""
        return InputProjection(self, xp, x_tm, kernel_t, bias, in_masks)

    def _grad_products(self, xp, d_gates, kernel_t, x_in, in_masks, need_dx, recurrent_terms):
        """The bulk gradient products of all steps (see ``rnn_products.GradientProducts``)."""
        return GradientProducts(self, xp, d_gates, kernel_t, x_in, in_masks, need_dx, recurrent_terms)

    # ------------------------------------------------------------------ the layer contract
    def forward(self, inputs, training=False, mask=None):
        xp = B.get_array_module(inputs)
        self._check((None,) + tuple(inputs.shape[1:]))
        dtype = self.kernel.dtype
        n, t, f = inputs.shape
        if t == 0:
            raise ShapeError(f"{type(self).__name__} layer {self.name!r} got sequences of length 0",
                             code="rnn_empty", layer=self.name)
        # (T, batch, F), a view: the projection copies it into its buffer, in the layer's dtype
        x_tm = inputs.transpose(1, 0, 2)
        masked = None  # (T, 1, batch), True at the steps a mask skips (None: no step is skipped)
        if mask is not None:
            if isinstance(mask, list):
                mask = mask[0]
            mask = xp.asarray(mask).astype(bool)
            if mask.ndim == 3:  # a mask per feature: a step counts when any feature does
                mask = mask.any(axis=-1)
            if tuple(mask.shape) != (n, t):
                raise ShapeError(f"{type(self).__name__} layer {self.name!r}: mask of shape "
                                 f"{tuple(mask.shape)} does not match inputs {tuple(inputs.shape)}",
                                 code="rnn_mask_shape", layer=self.name)
            if not bool(mask.all()):
                masked = xp.ascontiguousarray((~mask).T[:, None, :])  # (T, 1, batch)
        if self.go_backwards:
            x_tm = x_tm[::-1]
            if masked is not None:
                masked = xp.ascontiguousarray(masked[::-1])
        in_masks, rec_masks = self._dropout_masks(xp, training, n, f, dtype)
        init = self._initial_states(xp, n, dtype)
        h_all, finals, loop_record = self._scan(xp, x_tm, masked, init, in_masks, rec_masks)
        self.save_for_backward(masked=masked, in_masks=in_masks, rec_masks=rec_masks, **loop_record)
        if self.stateful:
            self.states = [s.T.copy() for s in finals]
        if self.return_sequences:
            seq = h_all[1:]
            if self.zero_output_for_mask and masked is not None:
                seq = xp.where(masked, 0, seq)
            out = xp.array(seq.transpose(2, 0, 1), order="C")  # (batch, T, units), a copy
        else:
            last = h_all[-1]
            if self.zero_output_for_mask and masked is not None:
                last = xp.where(masked[-1], 0, last)
            out = xp.array(last.T, order="C")
        if self.return_state:  # copies: the loop's buffers are reused by the next batch
            return [out] + [xp.array(s.T, order="C") for s in finals]
        return out

    def backward(self, grad_output):
        saved = self.saved_for_backward()
        xp = B.get_array_module(self.kernel)
        dtype = self.kernel.dtype
        masked = saved.masked
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
                if self.zero_output_for_mask and masked is not None:
                    d_seq[xp.broadcast_to(masked, d_seq.shape)] = 0
            else:
                g = xp.array(g_out.T, dtype=dtype, order="C")
                if self.zero_output_for_mask and masked is not None:
                    xp.copyto(g, 0, where=masked[-1])
                if d_final[0] is None:
                    d_final[0] = g
                else:
                    d_final[0] += g
        return self._scan_backward(xp, saved, d_seq, d_final, self.input_grad_needed)

    # subclasses: the step loop and its reverse
    def _scan(self, xp, x_tm, masked, init, in_masks, rec_masks):
        """Run the loop over ``x_tm`` ``(T, batch, F)`` (processing order). Returns
        ``(h_all (T+1, units, batch), final states [(units, batch)], loop_record)``: the arrays
        ``_scan_backward`` needs, by name (kept with ``save_for_backward``)."""
        raise NotImplementedError

    def _scan_backward(self, xp, saved, d_seq, d_final, need_dx):
        """Back through the loop from the ``saved`` record (``masked``, ``in_masks``,
        ``rec_masks`` and the loop record); fills ``self.grads``; returns ``dx`` ``(batch, T, F)``
        or None."""
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
