"""Input contracts: what one layer accepts, declared once and checked in one place.

After Keras 3's ``InputSpec`` (``keras/src/layers/input_spec.py``): a layer states the rank and
the axes that must be known, instead of hand-writing the same checks in ``build`` and
``compute_output_shape``. Unlike Keras, a refusal carries a learner-friendly hint chosen from
the rank received ("add a Flatten layer before it") and a stable error code that the window
translates. Shapes include the batch axis: ``(None, 784)`` has ``ndim`` 2.

    INPUT_SPEC = InputSpec(
        min_ndim=2, max_ndim=3, known_axes=(-1,), expected="(batch, features)",
        too_few_axes=Refusal("dense_rank_low", "{cls} layer {name!r} needs ..."), ...)

    check_input(layer, input_shape, layer.input_spec)   # raises ShapeError or returns the tuple
"""

from __future__ import annotations

from dataclasses import dataclass, field
from collections.abc import Callable

from ..errors import ShapeError
from .limits import shape_str

__all__ = ["InputSpec", "Refusal", "check_input", "check_one_input"]


@dataclass(frozen=True)
class Refusal:
    """An error code and its English message template.

    The template's fields: ``{cls}`` (the layer's class), ``{name}`` (its name), ``{shape}``
    (the input shape as text), ``{ndim}`` (its rank), ``{expected}`` (the spec's layout) and
    ``{hint}`` (the advice for that rank, see ``InputSpec.hints``).
    """

    code: str
    message: str


@dataclass(frozen=True)
class InputSpec:
    """The input contract of a one-input layer.

    Args:
        min_ndim / max_ndim: accepted ranks, batch axis included (``max_ndim=None``: no limit).
        known_axes: axes whose size must be known (not None), e.g. ``(-1,)`` for the features.
        expected: the accepted layout in words, ``"(batch, timesteps, features)"``.
        too_few_axes / too_many_axes: what to say for a rank below / above the range.
        unknown_axis: what to say when a ``known_axes`` size is None.
        hints: advice appended to a rank refusal: a mapping ``{ndim received: text}`` (key
            ``None``: any other rank), or a callable ``(layer, shape) -> text``.
    """

    min_ndim: int
    max_ndim: int | None
    expected: str
    too_few_axes: Refusal
    too_many_axes: Refusal
    unknown_axis: Refusal | None = None
    known_axes: tuple = ()
    hints: dict | Callable = field(default_factory=dict)

    def hint(self, layer, shape: tuple) -> str:
        """The advice for a refused ``shape`` ("" when there is none)."""
        if callable(self.hints):
            return self.hints(layer, shape)
        return self.hints.get(len(shape), self.hints.get(None, ""))


def check_one_input(layer, input_shape) -> None:
    """Refuse a list of shapes (several inputs) for a layer that takes one."""
    if isinstance(input_shape, list):
        raise ShapeError(f"{type(layer).__name__} layer {layer.name!r} takes one input, got {len(input_shape)}",
                         code="too_many_inputs", layer=layer.name, count=len(input_shape))


def check_input(layer, input_shape, spec: InputSpec) -> tuple:
    """``input_shape`` as a tuple once it meets ``spec``; a ``ShapeError`` naming it otherwise.

    The error's params are ``layer``, ``shape``, ``ndim`` and ``expected`` whatever the code, so
    every translated template can use them.
    """
    check_one_input(layer, input_shape)
    shape = tuple(input_shape)
    refusal = None
    if len(shape) < spec.min_ndim:
        refusal = spec.too_few_axes
    elif spec.max_ndim is not None and len(shape) > spec.max_ndim:
        refusal = spec.too_many_axes
    elif spec.unknown_axis is not None and any(shape[a] is None for a in spec.known_axes):
        refusal = spec.unknown_axis
    if refusal is None:
        return shape
    text = shape_str(shape)
    message = refusal.message.format(cls=type(layer).__name__, name=layer.name, shape=text, ndim=len(shape),
                                     expected=spec.expected, hint=spec.hint(layer, shape))
    raise ShapeError(message, code=refusal.code, layer=layer.name, shape=text, ndim=len(shape),
                     expected=spec.expected)
