"""Merge layers: combine a list of two or more tensors (Keras 3 ``Add``, ``Concatenate`` ...).

Element-wise merges (``Add``, ``Subtract``, ``Multiply``, ``Average``, ``Maximum``, ``Minimum``)
follow Keras 3's shape rule: the batch sizes must agree; an input with fewer axes gets size-1
axes inserted after the batch axis; then, axis by axis, sizes must be equal or 1 (NumPy
broadcasting). ``backward`` returns one gradient per input, each summed back over the axes
that were broadcast.
"""

from __future__ import annotations

import numpy as np

from .. import backend as B
from ..errors import ConfigError, ShapeError
from ..registry import LAYERS
from .base import Layer, shape_str


def _pad_rank(shape, ndim: int) -> tuple:
    """``(b, *rest)`` with size-1 axes inserted after the batch axis up to ``ndim`` axes."""
    shape = tuple(shape)
    return shape[:1] + (1,) * (ndim - len(shape)) + shape[1:]


def unbroadcast(grad, shape):
    """Sum ``grad`` (of the broadcast output shape) back to an input of ``shape``."""
    if tuple(grad.shape) == tuple(shape):
        return grad
    padded = _pad_rank(shape, grad.ndim)
    axes = tuple(i for i, (p, g) in enumerate(zip(padded, grad.shape)) if p == 1 and g != 1)
    if axes:
        grad = grad.sum(axis=axes, keepdims=True)
    return grad.reshape(shape)


class Merge(Layer):
    """Base of the merge layers: validates the list of inputs and handles broadcasting.

    Subclasses implement ``_merge(xs)`` on rank-aligned arrays and ``_merge_grad(g)`` returning
    one gradient per input in the broadcast output shape.
    """

    num_inputs = None
    supports_masking = True
    #: exact number of inputs required, or None for "two or more".
    exact_inputs = None

    def _check_count(self, input_shape):
        if not isinstance(input_shape, list) or len(input_shape) < 2:
            count = len(input_shape) if isinstance(input_shape, list) else 1
            raise ShapeError(
                f"{type(self).__name__} layer {self.name!r} merges a list of two or more inputs, "
                f"got {count}", code="merge_needs_two", layer=self.name, count=count)
        if self.exact_inputs is not None and len(input_shape) != self.exact_inputs:
            raise ShapeError(
                f"{type(self).__name__} layer {self.name!r} takes exactly {self.exact_inputs} inputs, "
                f"got {len(input_shape)}: {shape_str(input_shape)}",
                code=f"{type(self).__name__.lower()}_input_count", layer=self.name,
                count=len(input_shape), shapes=shape_str(input_shape))

    def _incompatible(self, input_shape, detail: str):
        raise ShapeError(
            f"{type(self).__name__} layer {self.name!r} cannot combine inputs of shapes "
            f"{', '.join(shape_str(tuple(s)) for s in input_shape)}: {detail}",
            code="merge_shapes", layer=self.name, shapes=shape_str([tuple(s) for s in input_shape]))

    def compute_output_shape(self, input_shape):
        self._check_count(input_shape)
        ndim = max(len(s) for s in input_shape)
        out = list(_pad_rank(input_shape[0], ndim))
        for shape in input_shape[1:]:
            for axis, d in enumerate(_pad_rank(shape, ndim)):
                cur = out[axis]
                if axis == 0:  # batch: None matches anything, two known sizes must agree
                    if cur is not None and d is not None and cur != d:
                        self._incompatible(input_shape, f"batch sizes {cur} and {d} differ")
                    out[0] = cur if cur is not None else d
                elif cur is None or d is None:
                    out[axis] = None
                elif cur == 1:
                    out[axis] = d
                elif d != 1 and d != cur:
                    self._incompatible(
                        input_shape, f"axis {axis} has sizes {cur} and {d}; element-wise merges "
                        "need equal sizes (or 1)")
        return tuple(out)

    def build(self, input_shape):
        self.compute_output_shape(input_shape)
        self.built = True

    def _check_batch(self, inputs):
        if not isinstance(inputs, (list, tuple)):
            self._check_count(tuple(inputs.shape))  # a single array: raises merge_needs_two
        self._check_count([tuple(x.shape) for x in inputs])
        sizes = {int(x.shape[0]) for x in inputs}
        if len(sizes) > 1:
            self._incompatible([x.shape for x in inputs], f"batch sizes {sorted(sizes)} differ")

    def forward(self, inputs, training=False):
        self._check_batch(inputs)
        ndim = max(x.ndim for x in inputs)
        xs = [x if x.ndim == ndim else x.reshape(_pad_rank(x.shape, ndim)) for x in inputs]
        out = self._merge(xs, np.broadcast_shapes(*(x.shape for x in xs)))
        self.save_for_backward(in_shapes=[tuple(x.shape) for x in inputs], n=len(xs),
                               xs=xs if self.keeps_inputs else None, out=out if self.keeps_output else None)
        return out

    def backward(self, grad_output):
        saved = self.saved_for_backward()
        if not self.input_grad_needed:
            return None
        grads = self._merge_grad(grad_output, saved)
        return [unbroadcast(g, s) for g, s in zip(grads, saved.in_shapes)]

    def compute_mask(self, inputs, mask=None):
        """Keras's rule: the element-wise AND of the inputs' masks (None when none has one)."""
        if mask is None or all(m is None for m in mask):
            return None
        masks = [m for m in mask if m is not None]
        out = masks[0]
        for m in masks[1:]:
            out = out & m
        return out

    #: whether ``_merge_grad`` needs the inputs / the output (kept until backward)
    keeps_inputs = keeps_output = False

    def _merge(self, xs, out_shape):
        """The merged output of ``xs`` (same rank, broadcasting to ``out_shape``)."""
        raise NotImplementedError

    def _merge_grad(self, g, saved):
        """The gradient of each input (before un-broadcasting) from ``g`` and the ``saved``
        record (``n``, and ``xs``/``out`` when the class keeps them)."""
        raise NotImplementedError

    def _distinct(self, g, n):
        """``n`` gradients equal to ``g`` that are distinct arrays (callers may add in place)."""
        return [g] + [g.copy() for _ in range(n - 1)]


@LAYERS.register(name="Add", group="Merge", aliases=("add",))
class Add(Merge):
    """Element-wise sum: ``y = x_1 + x_2 + ... + x_n``; ``grad_x_i = grad_y``."""

    def _merge(self, xs, out_shape):
        out = xs[0] + xs[1]
        for x in xs[2:]:
            if out.shape == out_shape:
                out += x
            else:
                out = out + x
        return out

    def _merge_grad(self, g, saved):
        return self._distinct(g, saved.n)


@LAYERS.register(name="Subtract", group="Merge", aliases=("subtract",))
class Subtract(Merge):
    """Difference of exactly two inputs: ``y = x_1 - x_2``; gradients ``grad_y`` and ``-grad_y``."""

    exact_inputs = 2

    def _merge(self, xs, out_shape):
        return xs[0] - xs[1]

    def _merge_grad(self, g, saved):
        return [g, -g]


@LAYERS.register(name="Multiply", group="Merge", aliases=("multiply",))
class Multiply(Merge):
    """Element-wise product: ``y = x_1 * ... * x_n``; ``grad_x_i = grad_y * prod_{j != i} x_j``."""

    keeps_inputs = True

    def _merge(self, xs, out_shape):
        out = xs[0] * xs[1]
        for x in xs[2:]:
            out = out * x
        return out

    def _merge_grad(self, g, saved):
        grads = []
        for i in range(len(saved.xs)):
            gi = g
            for j, x in enumerate(saved.xs):
                if j != i:
                    gi = gi * x
            grads.append(gi)
        return grads


@LAYERS.register(name="Average", group="Merge", aliases=("average",))
class Average(Merge):
    """Element-wise mean: ``y = (x_1 + ... + x_n) / n``; ``grad_x_i = grad_y / n``."""

    def _merge(self, xs, out_shape):
        n = len(xs)
        out = xs[0] + xs[1]
        for x in xs[2:]:
            out = out + x
        if out.dtype.kind == "f":
            out /= out.dtype.type(n)
            return out
        return out / n

    def _merge_grad(self, g, saved):
        return self._distinct(g / g.dtype.type(saved.n), saved.n)


class _Extremum(Merge):
    """Shared code of Maximum/Minimum: the gradient goes to the first input holding the extremum."""

    _pick = None  # "maximum" or "minimum"
    keeps_inputs = keeps_output = True

    def _merge(self, xs, out_shape):
        xp = B.get_array_module(*xs)
        op = getattr(xp, self._pick)
        out = op(xs[0], xs[1])
        for x in xs[2:]:
            out = op(out, x)
        return out

    def _merge_grad(self, g, saved):
        xp = B.get_array_module(g)
        claimed = xp.zeros(g.shape, dtype=bool)
        grads = []
        for x in saved.xs:
            hit = (x == saved.out) & ~claimed  # ties: the first input wins, as a pairwise reduce
            claimed |= hit
            grads.append(g * hit)
        return grads


@LAYERS.register(name="Maximum", group="Merge", aliases=("maximum",))
class Maximum(_Extremum):
    """Element-wise maximum: ``y = max(x_1, ..., x_n)``; the gradient flows to the largest input."""

    _pick = "maximum"


@LAYERS.register(name="Minimum", group="Merge", aliases=("minimum",))
class Minimum(_Extremum):
    """Element-wise minimum: ``y = min(x_1, ..., x_n)``; the gradient flows to the smallest input."""

    _pick = "minimum"


@LAYERS.register(name="Concatenate", group="Merge", aliases=("concatenate",))
class Concatenate(Merge):
    """Joins the inputs along ``axis``: ``y = [x_1 | x_2 | ... | x_n]``.

    Args:
        axis: the axis to join along (default ``-1``, the features); not the batch axis.

    Shapes: every input has the same rank and the same sizes except on ``axis``; the output's
    size on ``axis`` is the sum. Backward splits ``grad_y`` back into the pieces.
    """

    def __init__(self, axis=-1, **kwargs):
        super().__init__(**kwargs)
        if isinstance(axis, bool) or not isinstance(axis, (int, np.integer)) or axis == 0:
            raise ConfigError(
                f"Concatenate: axis must be a non-zero int (axis 0 is the batch), got {axis!r}",
                code="concat_axis", layer=self.name, arg="axis", value=repr(axis))
        self.axis = int(axis)

    def _axis_for(self, input_shape) -> int:
        ndim = len(input_shape[0])
        axis = self.axis + ndim if self.axis < 0 else self.axis
        if not 0 < axis < ndim:
            self._incompatible(input_shape, f"axis={self.axis} is not a non-batch axis of "
                               f"{ndim}-D inputs")
        return axis

    def compute_output_shape(self, input_shape):
        self._check_count(input_shape)
        ranks = {len(s) for s in input_shape}
        if len(ranks) > 1:
            self._incompatible(input_shape, "Concatenate needs inputs with the same number of axes")
        axis = self._axis_for(input_shape)
        out = []
        for i, dims in enumerate(zip(*input_shape)):
            if i == axis:
                out.append(None if any(d is None for d in dims) else int(sum(dims)))
                continue
            known = {d for d in dims if d is not None}
            if len(known) > 1:
                what = "batch sizes differ" if i == 0 else f"axis {i} has sizes {sorted(known)}"
                self._incompatible(input_shape, f"{what}; only axis {axis} (the concatenation "
                                   "axis) may differ")
            out.append(known.pop() if known else None)
        return tuple(out)

    def forward(self, inputs, training=False):
        self._check_batch(inputs)
        shapes = [tuple(x.shape) for x in inputs]
        self.compute_output_shape(shapes)
        axis = self._axis_for(shapes)
        self.save_for_backward(axis=axis, sizes=[s[axis] for s in shapes])
        return B.get_array_module(*inputs).concatenate(inputs, axis=axis)

    def backward(self, grad_output):
        saved = self.saved_for_backward()
        if not self.input_grad_needed:
            return None
        xp = B.get_array_module(grad_output)
        cuts = np.cumsum(saved.sizes)[:-1].tolist()
        return xp.split(grad_output, cuts, axis=saved.axis)

    def compute_mask(self, inputs, mask=None):
        """Keras's rule: missing masks count as all-True; masks are joined along ``axis``,
        then reduced with ``any`` over the last axis."""
        if mask is None or all(m is None for m in mask):
            return None
        xp = B.get_array_module(*inputs)
        full = []
        for x, m in zip(inputs, mask):
            if m is None:
                full.append(xp.ones(x.shape, dtype=bool))
            elif m.ndim < x.ndim:
                full.append(xp.broadcast_to(m[..., None], x.shape))
            else:
                full.append(m)
        return xp.concatenate(full, axis=self._axis_for([x.shape for x in inputs])).any(axis=-1)

    def get_config(self):
        return {**super().get_config(), "axis": self.axis}


# ----------------------------------------------------------------------------- functional forms
# Keras 3's lower-case helpers: build the merge layer and call it on ``inputs`` at once. ``inputs``
# is a list of symbolic tensors (a functional model) or of arrays (eager); keyword arguments go
# to the layer (``name=...``).
def add(inputs, **kwargs):
    """``Add(**kwargs)(inputs)``: the element-wise sum of a list of tensors."""
    return Add(**kwargs)(inputs)


def subtract(inputs, **kwargs):
    """``Subtract(**kwargs)(inputs)``: ``inputs[0] - inputs[1]`` (exactly two tensors)."""
    return Subtract(**kwargs)(inputs)


def multiply(inputs, **kwargs):
    """``Multiply(**kwargs)(inputs)``: the element-wise product of a list of tensors."""
    return Multiply(**kwargs)(inputs)


def average(inputs, **kwargs):
    """``Average(**kwargs)(inputs)``: the element-wise mean of a list of tensors."""
    return Average(**kwargs)(inputs)


def maximum(inputs, **kwargs):
    """``Maximum(**kwargs)(inputs)``: the element-wise maximum of a list of tensors."""
    return Maximum(**kwargs)(inputs)


def minimum(inputs, **kwargs):
    """``Minimum(**kwargs)(inputs)``: the element-wise minimum of a list of tensors."""
    return Minimum(**kwargs)(inputs)


def concatenate(inputs, axis=-1, **kwargs):
    """``Concatenate(axis=axis, **kwargs)(inputs)``: the tensors joined along ``axis``."""
    return Concatenate(axis=axis, **kwargs)(inputs)
