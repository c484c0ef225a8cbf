"""Input checks shared by the spatial layers (pooling, padding, upsampling)."""

from __future__ import annotations

from ..errors import ShapeError
from .base import shape_str


def check_spatial_rank(layer, input_shape, rank_code: str, hint: str = "") -> None:
    """Raise ``ShapeError`` unless ``input_shape`` is one tensor of rank ``layer.rank + 2``.

    ``(batch, steps, channels)`` for 1-D layers, ``(batch, height, width, channels)`` for 2-D ones;
    ``rank_code`` names the layer family (``"pool_rank"``, ...) and ``hint`` is appended to the message.
    """
    cls = type(layer).__name__
    if isinstance(input_shape, list):
        raise ShapeError(f"{cls} layer {layer.name!r} takes one input, got {len(input_shape)}",
                         code="too_many_inputs", layer=layer.name, count=len(input_shape))
    if len(input_shape) != layer.rank + 2:
        want = "(steps, channels)" if layer.rank == 1 else "(height, width, channels)"
        raise ShapeError(
            f"{cls} layer {layer.name!r} needs each sample to be {want}, got input shape "
            f"{shape_str(input_shape)}{hint}", code=rank_code, layer=layer.name,
            shape=shape_str(input_shape), expected=want)
