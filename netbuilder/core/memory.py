"""How much memory training a network will take, estimated before anything is allocated.

The window asks before it trains: a network that would not fit in the computer's free memory is
refused with the numbers ("layer 'big' needs 7.2 GiB at batch 32; this computer has 3.1 GiB free")
instead of swapping, raising ``MemoryError`` in the middle of a run, or freezing the window.

Formulas (bytes; ``f = 4`` for float32; per layer ``l`` with ``P_l`` parameters and ``A_l`` output
values per sample, both from :func:`~netbuilder.core.models.config.analyze_config`, which builds
nothing real):

- weights, their gradients and ``s`` optimizer slots: ``W_l = P_l · f · (2 + s)``; ``s`` is the
  optimizer's per-variable state (SGD 0, SGD with momentum 1, RMSprop 1, Adam 2, Adam with
  amsgrad 3, ...: read from the optimizer's own ``build_slots``);
- the optimizer's scratch buffers: ``2 · max_l P_l · f`` (they are as big as the largest variable);
- activations at batch size ``B``: ``H_l = B · A_l · f · ACTIVATION_COPIES`` (the output kept
  for the backward pass, the pre-activation kept by a fused activation, and the gradient that
  flows back through it);
- the Try-it page: a private copy of the weights ``P_l · f`` plus one prediction batch of the
  decision grid, at most ``TRYIT_BATCH_BYTES`` (:func:`grid_batch_size` sizes that batch).

Total ``M = Σ_l (W_l + H_l + P_l·f) + scratch + grid batch``. The layer at fault is the one with the
largest ``W_l + H_l + P_l·f``. Training is refused when ``M > FIT_FRACTION × available`` (the rest
is left to the window, the data and the system).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .errors import NetbuilderError
from .layers.limits import format_bytes

#: Bytes per value on the hot path (float32).
FLOAT_BYTES = 4
#: Copies of each activation a training step keeps (output, pre-activation, its gradient).
ACTIVATION_COPIES = 3
#: Try-it predicts its decision grid in batches of at most this many bytes of activations.
TRYIT_BATCH_BYTES = 64 * 2**20
#: Training is refused when the estimate exceeds this fraction of the free memory.
FIT_FRACTION = 0.9


class MemoryTooLargeError(NetbuilderError, ValueError):
    """A network would not fit in the free memory; ``layer`` is the biggest layer."""


@dataclass(frozen=True)
class LayerMemory:
    """One layer's share: ``params``, ``values`` (output values per sample) and bytes for
    ``weights`` (with gradients and optimizer slots), ``activations`` (at the batch size) and
    ``tryit`` (the Try-it copy of its weights)."""

    name: str
    params: int
    values: int
    weights: int
    activations: int
    tryit: int

    @property
    def total(self) -> int:
        return self.weights + self.activations + self.tryit


@dataclass(frozen=True)
class MemoryEstimate:
    """The estimate of a training run: per-layer shares, ``batch_size``, optimizer ``slots``, the
    optimizer ``scratch`` and Try-it ``grid`` bytes; ``total`` in bytes; ``biggest`` layer."""

    layers: tuple = ()
    batch_size: int = 1
    slots: int = 0
    scratch: int = 0
    grid: int = 0

    @property
    def total(self) -> int:
        return sum(x.total for x in self.layers) + self.scratch + self.grid

    @property
    def biggest(self) -> LayerMemory | None:
        return max(self.layers, key=lambda x: x.total) if self.layers else None

    def describe(self) -> str:
        """``"weights 2.8 GiB, activations 3.6 GiB, Try-it 0.7 GiB"``: where the bytes go."""
        w = sum(x.weights for x in self.layers) + self.scratch
        a = sum(x.activations for x in self.layers)
        t = sum(x.tryit for x in self.layers) + self.grid
        return f"weights {format_bytes(w)}, activations {format_bytes(a)}, Try-it {format_bytes(t)}"


def optimizer_slots(optimizer=None) -> int:
    """Per-variable state arrays of ``optimizer`` (a name, config dict or instance); 2 if unknown."""
    from . import optimizers  # noqa: PLC0415

    try:
        opt = optimizers.get(optimizer if optimizer is not None else "rmsprop")
        return len(opt.build_slots(np.zeros((1,), dtype="float32")) or {})
    except Exception:  # noqa: BLE001 - an unknown optimizer is reported elsewhere; assume Adam's two
        return 2


def grid_batch_size(values_per_point: int, points: int) -> int:
    """Points per prediction batch so that one batch's activations (``values_per_point · f · 2``
    bytes per point) stay under ``TRYIT_BATCH_BYTES``; between 1 and ``points``."""
    per_point = max(1, int(values_per_point)) * FLOAT_BYTES * 2
    return int(max(1, min(points, TRYIT_BATCH_BYTES // per_point)))


def values_per_sample(shape) -> int:
    """Values one sample takes in a layer output of ``shape`` (batch axis first; a list of shapes: their sum)."""
    shapes = shape if isinstance(shape, list) else [shape]
    total = 0
    for s in shapes:
        dims = [int(d) for d in tuple(s)[1:] if d is not None]
        total += int(np.prod(dims, dtype=object)) if dims else 1
    return total


def _functional(config: dict) -> dict | None:
    """The inner functional config of a model config (Sequential configs are chained)."""
    kind, inner = config.get("class_name"), config.get("config") or {}
    if kind in ("Functional", "Model"):
        return inner
    if kind != "Sequential":
        return inner if "layers" in inner else None
    entries, prev = [], None
    for i, e in enumerate(inner.get("layers") or []):
        name = (e.get("config") or {}).get("name") or f"layer_{i}"
        entries.append({**e, "name": name, "inputs": [prev] if prev else []})
        prev = name
    if not entries or entries[0].get("class_name") != "InputLayer":
        return None  # no declared input: shapes unknown until data arrives
    return {"name": inner.get("name"), "layers": entries, "inputs": [entries[0]["name"]], "outputs": [prev]}


def estimate(config: dict, batch_size: int, optimizer=None, tryit: bool = True) -> MemoryEstimate | None:
    """Estimate the memory a run of the model ``config`` takes at ``batch_size`` (see the module).

    Args:
        config: ``{"class_name": "Functional"|"Sequential", "config": {...}}`` (the canvas's config).
        batch_size: samples per step (the whole training set for batch gradient descent).
        optimizer: its name or config, for the number of slots.
        tryit: count the Try-it page's copy of the weights and its decision-grid batch.

    Returns:
        A :class:`MemoryEstimate`, or None when the shapes cannot be known (a graph with errors,
        no declared input).
    """
    from .models.config import analyze_config  # noqa: PLC0415

    inner = _functional(config)
    if inner is None:
        return None
    report = analyze_config(inner)
    if not report.ok:
        return None
    slots, b = optimizer_slots(optimizer), max(1, int(batch_size))
    layers = []
    for name, shape in report.shapes.items():
        p, v = int(report.params.get(name, 0)), values_per_sample(shape)
        layers.append(LayerMemory(name, p, v, p * FLOAT_BYTES * (2 + slots), b * v * FLOAT_BYTES * ACTIVATION_COPIES,
                                  p * FLOAT_BYTES if tryit else 0))
    biggest_p = max((x.params for x in layers), default=0)
    grid = 0
    if tryit and layers:
        values = sum(x.values for x in layers)
        grid = grid_batch_size(values, 6400) * values * FLOAT_BYTES * 2
    return MemoryEstimate(tuple(layers), b, slots, 2 * biggest_p * FLOAT_BYTES, grid)


def available_bytes() -> int | None:
    """Free memory for a new allocation: ``MemAvailable`` of ``/proc/meminfo`` on Linux, else the
    free physical pages, else None (unknown: nothing is refused). The size limits' own reading
    (:func:`netbuilder.core.layers.limits.available_memory`)."""
    from .layers.limits import available_memory  # noqa: PLC0415

    return available_memory()


def check_fits(est: MemoryEstimate | None, available: int | None = None) -> None:
    """Raise :class:`MemoryTooLargeError` (``code="memory_too_large"``, ``layer`` = the biggest layer)
    when ``est.total > FIT_FRACTION × available``; ``available`` defaults to :func:`available_bytes`.
    Nothing is checked when either is unknown."""
    if est is None or not est.layers:
        return
    available = available_bytes() if available is None else available
    if available is None or est.total <= FIT_FRACTION * available:
        return
    big = est.biggest
    raise MemoryTooLargeError(
        f"layer {big.name!r} needs {format_bytes(big.total)} at batch {est.batch_size} (the whole network "
        f"{format_bytes(est.total)}: {est.describe()}); this computer has {format_bytes(available)} free. "
        "Use fewer units or a smaller batch size.",
        code="memory_too_large", layer=big.name, size=format_bytes(big.total), batch=est.batch_size,
        total=format_bytes(est.total), free=format_bytes(available))
