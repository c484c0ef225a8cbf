"""Layer wrappers: ``Bidirectional`` and ``TimeDistributed`` (Keras 3 names and behaviour).

A wrapper owns inner layers and shows their weights as its own under prefixed keys
(``"forward_lstm/kernel"``, ``"dense/kernel"``), in Keras's order, so optimizers, regularizers,
constraints and ``get_weights``/``set_weights`` see them like any layer's weights. The arrays are
the inner layers' own, so an in-place update reaches both. Configs nest the inner layer's
config as Keras does: ``{"layer": {"class_name": "LSTM", "config": {...}}}``.
"""

from __future__ import annotations

from .. import backend as B
from ..errors import ConfigError, ShapeError
from ..registry import LAYERS, serialize
from .base import Layer
from .input_spec import InputSpec, Refusal

_NO_TIME_AXIS = Refusal("time_distributed_rank", "{cls} layer {name!r} needs inputs with a time axis, "
                                                 "(batch, timesteps, ...), got {shape}")


def _deserialize(config) -> Layer:
    if isinstance(config, Layer):
        return config
    return LAYERS.get(config, instance_types=(Layer,))


class Wrapper(Layer):
    """Base of the wrappers: holds ``layer`` and mirrors the inner layers' weights."""

    def __init__(self, layer, **kwargs):
        cls = type(self).__name__
        if not isinstance(layer, Layer):
            raise ConfigError(f"{cls} wraps a layer instance, e.g. {cls}(LSTM(32)); got {layer!r}",
                              code="wrapper_layer", arg="layer", value=repr(layer))
        super().__init__(**kwargs)
        self.layer = layer

    def _sublayers(self) -> list:
        return [self.layer]

    def _collect(self) -> None:
        """Expose the inner layers' weights, regularizers and constraints under prefixed keys."""
        self.params, self._trainable_keys = {}, []
        self._regularizers, self._constraints = {}, {}
        for sub in self._sublayers():
            trainable = set(sub.trainable_keys())
            for key, value in sub.params.items():
                name = f"{sub.name}/{key}"
                self.params[name] = value
                if key in trainable:
                    self._trainable_keys.append(name)
                if key in sub._regularizers:
                    self._regularizers[name] = sub._regularizers[key]
                if key in sub._constraints:
                    self._constraints[name] = sub._constraints[key]

    def _gather_grads(self) -> None:
        self.grads = {f"{sub.name}/{k}": g for sub in self._sublayers() for k, g in sub.grads.items()}

    def regularization_penalty(self) -> float:
        """Weight penalties plus the inner layers' activity penalties."""
        return super().regularization_penalty() + sum(
            float(sub._activity_penalty) for sub in self._sublayers())


@LAYERS.register(name="TimeDistributed", group="Recurrent", aliases=("time_distributed",))
class TimeDistributed(Wrapper):
    """Applies ``layer`` to every timestep: ``output[:, t] = layer(inputs[:, t])``.

    The same weights serve every timestep. Done as one call on the inputs with batch and time
    folded together, ``(batch * timesteps, ...)``, then unfolded.

    Args:
        layer: the layer to apply, e.g. ``TimeDistributed(Dense(8))``.

    Shapes: input ``(batch, timesteps, ...)`` (at least 3 axes); output
    ``(batch, timesteps) + layer_output[1:]``. A mask passes through unchanged.
    """

    supports_masking = True

    input_spec = InputSpec(min_ndim=3, max_ndim=None, expected="(batch, timesteps, ...)",
                           too_few_axes=_NO_TIME_AXIS, too_many_axes=_NO_TIME_AXIS)

    def _child_shape(self, input_shape):
        input_shape = self._checked_input(input_shape)
        return (input_shape[0],) + tuple(input_shape[2:])

    def compute_output_shape(self, input_shape):
        child = self.layer.compute_output_shape(self._child_shape(input_shape))
        if isinstance(child, list):
            raise ShapeError(f"TimeDistributed layer {self.name!r}: the wrapped layer has several "
                             "outputs, which TimeDistributed does not support",
                             code="time_distributed_multi", layer=self.name)
        return (child[0], input_shape[1]) + tuple(child[1:])

    def build(self, input_shape):
        self.compute_output_shape(input_shape)
        self.layer._build_once(self._child_shape(input_shape))
        self._collect()
        self.built = True

    def forward(self, inputs, training=False, mask=None):
        n, t = inputs.shape[:2]
        x = inputs.reshape((n * t,) + tuple(inputs.shape[2:]))  # (batch * T, ...)
        sub_mask = None
        if mask is not None and self.layer._forward_takes_mask and mask.ndim > 2:
            sub_mask = mask.reshape((n * t,) + tuple(mask.shape[2:]))
        y = self.layer.run_forward(x, training=training, mask=sub_mask)
        self.save_for_backward(batch_and_steps=(n, t))
        return y.reshape((n, t) + tuple(y.shape[1:]))

    def backward(self, grad_output):
        n, t = self.saved_for_backward().batch_and_steps
        self.layer.input_grad_needed = self.input_grad_needed
        gin = self.layer.run_backward(grad_output.reshape((n * t,) + tuple(grad_output.shape[2:])))
        self._gather_grads()
        if gin is None or not self.input_grad_needed:
            return None
        return gin.reshape((n, t) + tuple(gin.shape[1:]))

    def get_config(self):
        return {**super().get_config(), "layer": serialize(self.layer)}

    @classmethod
    def from_config(cls, config):
        config = dict(config)
        return cls(_deserialize(config.pop("layer")), **config)


_MERGE_MODES = ("concat", "sum", "mul", "ave", None)


@LAYERS.register(name="Bidirectional", group="Recurrent", aliases=("bidirectional",))
class Bidirectional(Wrapper):
    """Runs a recurrent layer forwards and a copy backwards, then merges the two outputs.

    As in Keras, the forward layer is a fresh copy of ``layer`` named ``"forward_<name>"``
    and the backward one a copy with ``go_backwards=True`` named ``"backward_<name>"`` (or
    ``backward_layer`` if given). With ``return_sequences`` the backward outputs are flipped
    back to the input order before merging, and both layers output zeros at masked steps
    (Keras forces ``zero_output_for_mask``).

    Args:
        layer: a recurrent layer instance (``LSTM``, ``GRU``, ``SimpleRNN``).
        merge_mode: ``"concat"`` (default), ``"sum"``, ``"mul"``, ``"ave"``, or None for a list
            ``[forward_output, backward_output]``.
        weights: optional initial weights (forward layer's, then backward layer's).
        backward_layer: optional layer for the backward direction.

    Shapes: input ``(batch, timesteps, features)``; output that of ``layer`` with the last axis
    doubled for ``"concat"``. ``return_state`` appends the forward states, then the backward
    ones. Weights: the forward layer's (``forward_<name>/kernel``, ...) then the backward's.
    """

    supports_masking = True

    def __init__(self, layer, merge_mode="concat", weights=None, backward_layer=None, **kwargs):
        super().__init__(layer, **kwargs)
        if merge_mode not in _MERGE_MODES:
            raise ConfigError(f"Bidirectional: merge_mode must be one of 'concat', 'sum', 'mul', "
                              f"'ave' or None, got {merge_mode!r}", code="bidirectional_merge",
                              layer=self.name, arg="merge_mode", value=repr(merge_mode))
        for attr in ("go_backwards", "return_sequences", "return_state"):
            if not hasattr(layer, attr):
                raise ConfigError(f"Bidirectional wraps a recurrent layer (LSTM, GRU, SimpleRNN), "
                                  f"got {type(layer).__name__}", code="bidirectional_layer",
                                  layer=self.name, value=type(layer).__name__)
        if backward_layer is not None and not isinstance(backward_layer, Layer):
            raise ConfigError(f"Bidirectional: backward_layer must be a layer, got {backward_layer!r}",
                              code="bidirectional_layer", layer=self.name, arg="backward_layer")
        config = layer.get_config()
        config["name"] = "forward_" + layer.name.removeprefix("forward_")
        self.forward_layer = type(layer).from_config(config)
        if backward_layer is None:
            config = layer.get_config()
            config["go_backwards"] = True
            config["name"] = "backward_" + layer.name.removeprefix("backward_")
            backward_layer = type(layer).from_config(config)
        self.backward_layer = backward_layer
        self.layer = self.forward_layer
        if self.forward_layer.go_backwards == self.backward_layer.go_backwards:
            raise ConfigError("Bidirectional: the forward and backward layers need different "
                              f"go_backwards values, both are {self.forward_layer.go_backwards}",
                              code="bidirectional_direction", layer=self.name)
        for attr in ("stateful", "return_sequences", "return_state"):
            a, b = getattr(self.forward_layer, attr, None), getattr(self.backward_layer, attr, None)
            if a != b:
                raise ConfigError(f"Bidirectional: forward and backward layers differ in {attr} "
                                  f"({a} vs {b}); give them the same value",
                                  code="bidirectional_mismatch", layer=self.name, arg=attr)
        for sub in (self.forward_layer, self.backward_layer):
            if hasattr(sub, "zero_output_for_mask"):
                sub.zero_output_for_mask = sub.return_sequences
        self.merge_mode = merge_mode
        self.return_sequences = self.forward_layer.return_sequences
        self.return_state = self.forward_layer.return_state
        self.stateful = getattr(self.forward_layer, "stateful", False)
        self._initial_weights = weights
        if self._batch_input_shape is None and layer._batch_input_shape is not None:
            self._batch_input_shape = layer._batch_input_shape

    def _sublayers(self) -> list:
        return [self.forward_layer, self.backward_layer]

    def _n_states(self) -> int:
        return getattr(self.forward_layer, "_n_states", 1)

    def build(self, input_shape):
        self.forward_layer._build_once(input_shape)
        self.backward_layer._build_once(input_shape)
        self._collect()
        self.built = True
        if self._initial_weights is not None:
            self.set_weights(self._initial_weights)
            self._initial_weights = None

    def compute_output_shape(self, input_shape):
        out = self.forward_layer.compute_output_shape(input_shape)
        states = []
        if self.return_state:
            out, states = out[0], list(out[1:])
        if self.merge_mode == "concat":
            out = tuple(out[:-1]) + (out[-1] * 2,)
        outs = [out, out] if self.merge_mode is None else [out]
        result = outs + states + states
        return result if len(result) > 1 else result[0]

    def compute_mask(self, inputs, mask=None):
        if isinstance(mask, list):
            mask = mask[0]
        out = mask if self.return_sequences else None
        outs = [out, out] if self.merge_mode is None else [out]
        if self.return_state:
            outs += [None] * (2 * self._n_states())
        return outs if len(outs) > 1 else outs[0]

    def forward(self, inputs, training=False, mask=None):
        xp = B.get_array_module(inputs)
        y = self.forward_layer.run_forward(inputs, training=training, mask=mask)
        y_rev = self.backward_layer.run_forward(inputs, training=training, mask=mask)
        states = []
        if self.return_state:
            states = list(y[1:]) + list(y_rev[1:])
            y, y_rev = y[0], y_rev[0]
        if self.return_sequences:
            y_rev = y_rev[:, ::-1]
        self.save_for_backward(y=y, y_rev=y_rev)  # the two directions' outputs (y_rev in input order)
        mode = self.merge_mode
        if mode == "concat":
            out = [xp.concatenate([y, y_rev], axis=-1)]
        elif mode == "sum":
            out = [y + y_rev]
        elif mode == "ave":
            out = [(y + y_rev) / 2]
        elif mode == "mul":
            out = [y * y_rev]
        else:
            out = [y, xp.ascontiguousarray(y_rev)]
        out += states
        return out if len(out) > 1 else out[0]

    def backward(self, grad_output):
        grads = list(grad_output) if isinstance(grad_output, (list, tuple)) else [grad_output]
        saved = self.saved_for_backward()
        y, y_rev = saved.y, saved.y_rev
        mode = self.merge_mode
        if mode is None:
            g_y, g_rev, rest = grads[0], grads[1], grads[2:]
        else:
            g, rest = grads[0], grads[1:]
            if mode == "concat":
                u = y.shape[-1]
                g_y, g_rev = g[..., :u], g[..., u:]
            elif mode == "sum":
                g_y = g_rev = g
            elif mode == "ave":
                g_y = g_rev = g / 2
            else:  # mul
                g_y, g_rev = g * y_rev, g * y
        if self.return_sequences:
            g_rev = g_rev[:, ::-1]
        ns = len(rest) // 2
        g_fwd = [g_y] + rest[:ns] if self.return_state else g_y
        g_bwd = [g_rev] + rest[ns:] if self.return_state else g_rev
        gx = []
        for sub, gs in ((self.forward_layer, g_fwd), (self.backward_layer, g_bwd)):
            sub.input_grad_needed = self.input_grad_needed
            gx.append(sub.run_backward(gs))
        self._gather_grads()
        if not self.input_grad_needed or gx[0] is None:
            return None
        return gx[0] + gx[1]

    def get_config(self):
        return {**super().get_config(), "merge_mode": self.merge_mode,
                "layer": serialize(self.forward_layer),
                "backward_layer": serialize(self.backward_layer)}

    @classmethod
    def from_config(cls, config):
        config = dict(config)
        layer = _deserialize(config.pop("layer"))
        backward = config.pop("backward_layer", None)
        if backward is not None:
            backward = _deserialize(backward)
        return cls(layer, backward_layer=backward, **config)
