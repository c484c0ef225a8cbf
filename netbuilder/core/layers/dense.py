"""Dense: the fully connected layer (Keras 3 ``Dense``)."""

from __future__ import annotations

from .. import activations, constraints, initializers, regularizers, validate
from ..activations.parametrised import ReLU
from ..registry import LAYERS
from ..sparse import SparseRows
from . import fused
from .base import Layer
from .input_spec import InputSpec, Refusal

_ADD_FLATTEN = "Dense expects (batch, features): add a Flatten layer before it"


@LAYERS.register(name="Dense", group="Core")
class Dense(Layer):
    """Fully connected layer: ``output = activation(inputs @ kernel + bias)``.

    Args:
        units: positive int, size of the output.
        activation: activation name (default None: linear).
        use_bias: whether to add ``bias``.
        kernel_initializer / bias_initializer: default ``"glorot_uniform"`` / ``"zeros"``.
        kernel_regularizer / bias_regularizer / activity_regularizer: penalties added to the loss.
        kernel_constraint / bias_constraint: projections applied after each step.

    Shapes: input ``(batch, ..., in)``, output ``(batch, ..., units)``; kernel ``(in, units)``,
    bias ``(units,)``. Like Keras, a 3-D input ``(batch, steps, in)`` applies the kernel to the
    last axis; a 4-D or higher input (an image) is refused with advice to add ``Flatten``, since
    a learner feeding images to Dense almost always forgot it.

    During ``fit`` a mostly-zero input (multi-hot text) may arrive as ``core.sparse.SparseRows``:
    the same products computed over the non-zero entries only.

    With the default ReLU on a float32/float64 NumPy batch, the bias and ReLU (and their gradients
    with the bias's) run as one compiled pass each when ``layers.fused`` is available,
    bit-identical to the NumPy code.
    """

    supports_fused_output = True
    accepts_sparse_rows = True
    # a 4-D input is almost always an image whose Flatten was forgotten: say so
    input_spec = InputSpec(
        min_ndim=2, max_ndim=3, known_axes=(-1,), expected="(batch, features)",
        too_few_axes=Refusal("dense_rank_low", "{cls} layer {name!r} needs inputs of shape (batch, features), "
                                               "got {shape}"),
        too_many_axes=Refusal("dense_rank", "{cls} layer {name!r} got a {ndim}-D input {shape}; " + _ADD_FLATTEN),
        unknown_axis=Refusal("dense_unknown_dim", "{cls} layer {name!r}: the last axis of its input must be "
                                                  "known, got {shape}"))

    def __init__(self, units, activation=None, use_bias=True, kernel_initializer="glorot_uniform",
                 bias_initializer="zeros", kernel_regularizer=None, bias_regularizer=None,
                 activity_regularizer=None, kernel_constraint=None, bias_constraint=None, **kwargs):
        super().__init__(activity_regularizer=activity_regularizer, **kwargs)
        self.units = validate.positive_int(units, "units", where="Dense", code="dense_units", layer=self.name)
        self.activation = activations.get(activation)
        self.use_bias = bool(use_bias)
        self.kernel_initializer = initializers.get(kernel_initializer)
        self.bias_initializer = initializers.get(bias_initializer)
        self.kernel_regularizer = regularizers.get(kernel_regularizer)
        self.bias_regularizer = regularizers.get(bias_regularizer)
        self.kernel_constraint = constraints.get(kernel_constraint)
        self.bias_constraint = constraints.get(bias_constraint)

    def build(self, input_shape):
        input_shape = self._checked_input(input_shape)
        self.kernel = self.add_weight("kernel", (input_shape[-1], self.units), self.kernel_initializer,
                                      self.kernel_regularizer, constraint=self.kernel_constraint)
        if self.use_bias:
            self.bias = self.add_weight("bias", (self.units,), self.bias_initializer,
                                        self.bias_regularizer, constraint=self.bias_constraint)
        self.built = True

    def compute_output_shape(self, input_shape):
        input_shape = self._checked_input(input_shape)
        return tuple(input_shape[:-1]) + (self.units,)

    def _plain_relu(self) -> bool:
        """True when the activation is ``relu`` with Keras's defaults (its gradient needs only ``y``)."""
        return type(self.activation) is ReLU and not self.activation.needs_x

    def forward(self, inputs, training=False):
        z = inputs @ self.kernel
        bias = self.bias if self.use_bias else None
        if self._plain_relu():
            code = fused.dtype_code(z, bias)
            if code and fused.bias_relu(code, z, bias, True):  # z is this call's own: y replaces it
                self.save_for_backward(x=inputs, z=None, y=z)
                return z
        if self.use_bias:
            z += bias
        y = self.activation(z)
        self.save_for_backward(x=inputs, z=z if self.activation.needs_x else None, y=y)
        return y

    def backward(self, grad_output):
        saved = self.saved_for_backward()
        bias_grad = None
        if self._fused_output_grad:
            gz = grad_output
        else:
            both = None
            if self._plain_relu():
                code = fused.dtype_code(saved.y)
                both = code and fused.relu_grad(code, grad_output, saved.y, self.use_bias)
            if both:  # one pass: the ReLU's gradient and the bias's
                gz, bias_grad = both
            else:
                gz = self.activation.grad(saved.z, saved.y, grad_output)
        x = saved.x
        g2 = gz.reshape(-1, gz.shape[-1])  # (batch, steps, units): steps folded into the batch; 2-D: gz as is
        if isinstance(x, SparseRows):
            self.grads["kernel"] = x.t_matmul(gz)
        else:
            self.grads["kernel"] = x.reshape(-1, x.shape[-1]).T @ g2
        if self.use_bias:  # the fused pass's column sums, else NumPy's over the same rows
            self.grads["bias"] = g2.sum(axis=0) if bias_grad is None else bias_grad
        if not self.input_grad_needed:
            return None
        return gz @ self.kernel.T

    def get_config(self):
        return {
            **super().get_config(),
            "units": self.units,
            "activation": activations.serialize(self.activation),
            "use_bias": self.use_bias,
            "kernel_initializer": initializers.serialize(self.kernel_initializer),
            "bias_initializer": initializers.serialize(self.bias_initializer),
            "kernel_regularizer": regularizers.serialize(self.kernel_regularizer),
            "bias_regularizer": regularizers.serialize(self.bias_regularizer),
            "kernel_constraint": constraints.serialize(self.kernel_constraint),
            "bias_constraint": constraints.serialize(self.bias_constraint),
        }

