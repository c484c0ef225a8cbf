"""Limits checked before anything is allocated: weight and output sizes, shape-only building.

A learner can type ``Dense(10**9)``; the engine must refuse it with the size in the message
instead of letting NumPy exhaust memory. ``add_weight`` calls :func:`check_weight_size` and
symbolic calls :func:`check_output_size`; :func:`shape_only_weights` lets graph analysis build
layers (to count parameters) without allocating their weights.
"""

from __future__ import annotations

import contextlib
import threading

import numpy as np

from .. import backend as B
from ..errors import ConfigError, ShapeError


def shape_str(shape) -> str:
    """``(None, 512)`` as text; lists of shapes are joined."""
    if isinstance(shape, list):
        return "[" + ", ".join(shape_str(s) for s in shape) + "]"
    return "(" + ", ".join("None" if d is None else str(d) for d in shape) + ("," if len(shape) == 1 else "") + ")"


#: Largest single weight ``add_weight`` creates (bytes); a larger one is refused before allocation.
MAX_WEIGHT_BYTES = 4 * 1024 ** 3


def available_memory() -> int | None:
    """Bytes of memory the OS says are available (``MemAvailable``), or None when unknown."""
    try:
        with open("/proc/meminfo", encoding="ascii") as f:
            for line in f:
                if line.startswith("MemAvailable:"):
                    return int(line.split()[1]) * 1024
    except (OSError, ValueError, IndexError):
        pass
    try:
        import os  # noqa: PLC0415

        return int(os.sysconf("SC_AVPHYS_PAGES")) * int(os.sysconf("SC_PAGE_SIZE"))
    except (AttributeError, ValueError, OSError):
        return None


def format_bytes(n: int) -> str:
    """``1536`` → ``"1.5 KiB"``; ``4 * 2**30`` → ``"4.0 GiB"`` (binary units)."""
    value = float(n)
    for unit in ("B", "KiB", "MiB", "GiB", "TiB", "PiB"):
        if value < 1024 or unit == "PiB":
            return f"{value:.0f} {unit}" if unit == "B" else f"{value:.1f} {unit}"
        value /= 1024
    return f"{value:.1f} PiB"  # pragma: no cover


def check_weight_size(layer: str, weight: str, shape: tuple, dtype) -> int:
    """Refuse a weight that cannot be allocated, before allocating it; returns its size in bytes.

    The limit is :data:`MAX_WEIGHT_BYTES`, lowered to half the available memory when the OS tells
    it (initializers draw in float64 before casting, so the peak is about twice the weight).
    Raises ``ConfigError`` (``code="bad_weight_shape"``) for a negative dimension and
    (``code="weights_too_large"``) naming the layer, weight, shape and size otherwise.
    """
    if any(d < 0 for d in shape):
        raise ConfigError(f"layer {layer!r}: weight {weight!r} would have the negative shape {shape}",
                          code="bad_weight_shape", layer=layer, weight=weight, shape=str(shape))
    size = int(np.prod(shape, dtype=object)) * np.dtype(dtype).itemsize  # Python ints: no overflow
    limit = MAX_WEIGHT_BYTES
    avail = available_memory()
    if avail is not None:
        limit = min(limit, avail // 2)
    if size > limit:
        raise ConfigError(
            f"layer {layer!r}: weight {weight!r} of shape {shape} would take {format_bytes(size)}, "
            f"more than the {format_bytes(limit)} that can be allocated; use fewer units or a "
            "smaller input (e.g. pool or downsample before this layer)",
            code="weights_too_large", layer=layer, weight=weight, shape=str(shape),
            size=format_bytes(size), limit=format_bytes(limit), bytes=size)
    return size


#: Largest output of one sample a layer may produce (bytes): beyond it no batch fits in memory.
MAX_SAMPLE_OUTPUT_BYTES = 1024 ** 3


def check_output_size(layer: str, shape, dtype=None) -> None:
    """Refuse an output shape whose single sample exceeds :data:`MAX_SAMPLE_OUTPUT_BYTES`.

    ``shape`` includes the batch axis (``None``), or is a list of such shapes. Raises
    ``ShapeError`` (``code="output_too_large"``) naming the layer, the shape and the size.
    """
    shapes = shape if isinstance(shape, list) else [shape]
    itemsize = np.dtype(dtype or B.floatx()).itemsize
    for s in shapes:
        dims = [int(d) for d in tuple(s)[1:] if d is not None]
        size = int(np.prod(dims, dtype=object)) * itemsize if dims else itemsize
        if size > MAX_SAMPLE_OUTPUT_BYTES:
            raise ShapeError(
                f"layer {layer!r}: its output {shape_str(tuple(s))} would take {format_bytes(size)} per "
                f"sample, more than the {format_bytes(MAX_SAMPLE_OUTPUT_BYTES)} allowed; reduce the "
                "sizes that lead to it", code="output_too_large", layer=layer, shape=shape_str(tuple(s)),
                size=format_bytes(size))


class _ShapeOnly(threading.local):
    active = False


_SHAPE_ONLY = _ShapeOnly()


@contextlib.contextmanager
def shape_only_weights():
    """Inside this block ``add_weight`` creates no real weights (zero-stride placeholders with the
    right shapes), so building a layer to count its parameters allocates nothing. Layers built
    here are for analysis only: never train or save them."""
    old = _SHAPE_ONLY.active
    _SHAPE_ONLY.active = True
    try:
        yield
    finally:
        _SHAPE_ONLY.active = old
