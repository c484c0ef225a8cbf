"""Input checks shared by the spatial layers (pooling, padding, upsampling)."""

from __future__ import annotations

from functools import cache

from .input_spec import InputSpec, Refusal, check_input


@cache
def spatial_spec(rank: int, rank_code: str, hint: str = "") -> InputSpec:
    """The contract of a 1-D (``rank`` 1) or 2-D spatial layer: one input of rank ``rank + 2``.

    ``(batch, steps, channels)`` for 1-D layers, ``(batch, height, width, channels)`` for 2-D ones;
    ``rank_code`` names the layer family (``"pool_rank"``, ...) and ``hint`` ends the message.
    """
    want = "(steps, channels)" if rank == 1 else "(height, width, channels)"
    refusal = Refusal(rank_code, "{cls} layer {name!r} needs each sample to be {expected}, got input shape "
                                 "{shape}{hint}")
    return InputSpec(min_ndim=rank + 2, max_ndim=rank + 2, expected=want, too_few_axes=refusal,
                     too_many_axes=refusal, hints={None: hint})


def check_spatial_rank(layer, input_shape, rank_code: str, hint: str = "") -> None:
    """Raise ``ShapeError`` unless ``input_shape`` is one tensor of rank ``layer.rank + 2``."""
    check_input(layer, input_shape, spatial_spec(layer.rank, rank_code, hint))
