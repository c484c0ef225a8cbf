"""What a training run will cost, told before Train is pressed (issue 17).

Two parts:

- **Counts from the shapes** (:func:`layer_costs`): per layer the multiply-adds per sample of one
  forward pass, the parameter memory and the activation memory at the batch size, and the totals.
  The network is built with :func:`~netbuilder.core.layers.limits.shape_only_weights`, so nothing
  real is allocated even for a huge layer. Multiply-adds per sample (``P`` the layer's weights):

  - Dense / Conv1D / Conv2D: ``kernel.size × positions``, ``positions`` = output values ÷ output
    channels (a Dense on ``(batch, d)`` has one position; a Conv2D on a 26×26 map 676);
  - Conv2DTranspose: ``kernel.size × input positions``;
  - recurrent layers (SimpleRNN, LSTM, GRU, also inside Bidirectional): ``T × P`` for ``T`` time
    steps (the input and recurrent kernels are applied once per step);
  - every other layer (activations, pooling, normalization, Embedding lookups, ...): no
    multiply-adds are counted (their cost is memory traffic, small next to the layers above).

  A training step costs about three forward passes (the forward pass, then the gradients for the
  inputs and for the weights), ``training MACs ≈ 3 × forward MACs × samples``.
- **A measurement** (:func:`measure_epoch`): a few real training batches of a copy of the model on
  the active backend, timed between batch ends (the first batch, which allocates and picks thread
  counts, is not counted), turned into seconds per epoch and in all:
  ``epoch ≈ ceil(n_train / B) × t_batch + ceil(n_val / B) × t_val_batch``.

The hotspot sentence names the layer holding most of the weights together with the layer that feeds
it ("flatten → dense holds 78 % of the weights"), as MATLAB's ``analyzeNetwork`` and similar tools
count, and this module also times.
"""

from __future__ import annotations

import math
import time
from dataclasses import dataclass

import numpy as np

from . import threads
from .callbacks import Callback
from .memory import ACTIVATION_COPIES, FLOAT_BYTES, optimizer_slots, values_per_sample

#: Layer classes whose multiply-adds are ``T × parameters`` (applied once per time step).
RECURRENT = frozenset({"SimpleRNN", "LSTM", "GRU"})
#: Layer classes whose multiply-adds are ``kernel.size × output positions``.
KERNEL_BY_POSITION = frozenset({"Dense", "Conv1D", "Conv2D", "Conv3D", "EinsumDense"})


@dataclass(frozen=True)
class LayerCost:
    """One layer: ``macs`` multiply-adds per sample (forward), ``params``, ``param_bytes`` (weights,
    gradients and optimizer slots), ``activation_bytes`` at the batch size, ``inputs`` (names of
    the layers feeding it)."""

    name: str
    class_name: str
    macs: int
    params: int
    param_bytes: int
    activation_bytes: int
    inputs: tuple = ()


@dataclass(frozen=True)
class CostEstimate:
    """Per-layer costs in call order and the totals at ``batch_size``."""

    layers: tuple = ()
    batch_size: int = 1

    @property
    def macs(self) -> int:
        """Multiply-adds per sample of one forward pass."""
        return sum(x.macs for x in self.layers)

    @property
    def params(self) -> int:
        return sum(x.params for x in self.layers)

    @property
    def param_bytes(self) -> int:
        return sum(x.param_bytes for x in self.layers)

    @property
    def activation_bytes(self) -> int:
        return sum(x.activation_bytes for x in self.layers)

    def training_macs(self, samples: int) -> int:
        """Multiply-adds of training on ``samples`` samples once (forward + backward ≈ 3 forward)."""
        return 3 * self.macs * int(samples)

    def hotspot(self) -> tuple[str, str | None, float] | None:
        """``(layer, the layer feeding it or None, share of all weights in 0..1)`` for the layer
        holding the most weights; None for a network without weights."""
        total = self.params
        if total <= 0:
            return None
        big = max(self.layers, key=lambda x: x.params)
        return big.name, (big.inputs[0] if big.inputs else None), big.params / total


@dataclass(frozen=True)
class EpochTime:
    """A measured estimate: ``batch_seconds`` per training batch, ``val_batch_seconds`` per
    validation batch (0 without validation), ``train_batches`` and ``val_batches`` per epoch,
    ``epochs``; ``epoch_seconds`` and ``total_seconds`` from them. ``batches_timed`` says how many
    batches the measurement rests on."""

    batch_seconds: float
    val_batch_seconds: float
    train_batches: int
    val_batches: int
    epochs: int
    batches_timed: int = 0

    @property
    def epoch_seconds(self) -> float:
        return self.train_batches * self.batch_seconds + self.val_batches * self.val_batch_seconds

    @property
    def total_seconds(self) -> float:
        return self.epochs * self.epoch_seconds


def _shape_model(config: dict):
    """The model of ``config`` built with placeholder weights (nothing allocated)."""
    from .layers.limits import shape_only_weights  # noqa: PLC0415
    from .models import model_from_config  # noqa: PLC0415

    with shape_only_weights():
        return model_from_config(config)


def _first_shape(shape):
    return shape[0] if isinstance(shape, list) else shape


def _layer_macs(layer) -> int:
    """Forward multiply-adds per sample of ``layer`` (see the module's rules)."""
    kind = type(layer).__name__
    inner = getattr(layer, "forward_layer", None) or getattr(layer, "layer", None)
    if kind == "Bidirectional" and inner is not None:
        return 2 * _recurrent_macs(inner, layer)
    if kind in RECURRENT:
        return _recurrent_macs(layer, layer)
    kernels = [w for w in layer.weights if np.ndim(w) >= 2]
    if not kernels:
        return 0
    kernel = kernels[0]
    if kind == "Conv2DTranspose":
        in_shape = _first_shape(layer.input_shape_built)
        positions = values_per_sample(in_shape) // max(1, int(in_shape[-1]))
        return int(np.prod(kernel.shape, dtype=np.int64)) * positions
    if kind in KERNEL_BY_POSITION:
        out = _first_shape(layer.output_shape)
        return int(np.prod(kernel.shape, dtype=np.int64)) * (values_per_sample(out) // max(1, int(out[-1])))
    return 0


def _recurrent_macs(cell_layer, outer) -> int:
    in_shape = _first_shape(outer.input_shape_built)
    steps = int(in_shape[1]) if len(in_shape) >= 3 and in_shape[1] is not None else 1
    weights = sum(int(np.prod(np.shape(w), dtype=np.int64)) for w in cell_layer.weights if np.ndim(w) >= 2)
    return steps * weights


def layer_costs(config: dict, batch_size: int, optimizer=None) -> CostEstimate:
    """Count each layer's cost for a run of the model ``config`` at ``batch_size``.

    Args:
        config: ``{"class_name": "Sequential"|"Functional", "config": {...}}`` (a built model's
            ``serialize_model``); it must build (call it on a graph without errors).
        batch_size: samples per training step.
        optimizer: its name or config, for the optimizer slots in ``param_bytes``.

    Returns:
        A :class:`CostEstimate`; ``activation_bytes`` per layer is ``B × values × 4 × 3`` as in
        :mod:`netbuilder.core.memory`, ``param_bytes`` is ``P × 4 × (2 + slots)``.
    """
    model = _shape_model(config)
    slots, b = optimizer_slots(optimizer), max(1, int(batch_size))
    out = []
    for layer in model.layers:
        if type(layer).__name__ == "InputLayer":
            continue
        params = int(layer.count_params())
        values = values_per_sample(layer.output_shape)
        inputs = tuple(dict.fromkeys(t._keras_history[0].name for node in layer._inbound_nodes[:1]
                                     for t in node.inputs if t._keras_history[0] is not None))
        out.append(LayerCost(layer.name, type(layer).__name__, _layer_macs(layer), params,
                             params * FLOAT_BYTES * (2 + slots), b * values * FLOAT_BYTES * ACTIVATION_COPIES,
                             inputs))
    return CostEstimate(tuple(out), b)


class _BatchClock(Callback):
    """A callback noting the time of every training and validation batch end."""

    def __init__(self):
        super().__init__()
        self.train: list[float] = []
        self.test: list[float] = []

    def on_train_batch_end(self, batch, logs=None):
        self.train.append(time.perf_counter())

    def on_test_batch_begin(self, batch, logs=None):
        if not self.test:
            self.test.append(time.perf_counter())

    def on_test_batch_end(self, batch, logs=None):
        self.test.append(time.perf_counter())


def _mean_gap(stamps: list[float]) -> float | None:
    """Mean time between batch ends (the mean, not the median: the occasional slow batch, a
    garbage collection or a shuffle, is part of every epoch too)."""
    gaps = np.diff(stamps)
    return float(np.mean(gaps)) if len(gaps) else None


def measure_epoch(model, x, y, batch_size: int, epochs: int = 1, validation_rows: int = 0,
                  batches: int = 3, min_seconds: float = 0.05, max_batches: int = 64) -> EpochTime:
    """Time a few real training batches of ``model`` on ``x, y`` and extrapolate to the run.

    ``model`` must be a compiled copy that may be changed (its weights move). It is fitted for
    ``batches`` steps and one warm-up step at each BLAS thread count the thread tuner would try
    (:mod:`netbuilder.core.threads`; the tuner itself is off meanwhile), and the fastest count is
    the estimate, as it is the tuner's choice; when a batch takes under
    ``min_seconds / batches``, more steps are timed (up to ``max_batches``) so the clock's
    resolution and Python's per-call overhead are measured too. With ``validation_rows`` rows
    held out, a validation pass over up to ``2 × batch_size`` of them is timed as well.

    Args:
        model: a compiled model (a copy of the one to train).
        x, y: the training rows (``n_train`` rows; all of them count for the epoch's batches).
        batch_size: ``B``; ``epochs``: the run's epochs.
        validation_rows: rows of the validation set (``n_val``; 0 for none).

    Returns:
        :class:`EpochTime` with ``train_batches = ceil(n_train / B)``, ``val_batches = ceil(n_val / B)``.
    """
    n = len(x[0]) if isinstance(x, (list, tuple)) else len(x)
    b = max(1, min(int(batch_size), n))
    limiter = threads.BlasLimiter()
    candidates = [None]
    if threads.tuner_for_fit() is not None:  # fit would pick the fastest BLAS thread count: so do we
        top = limiter.current() or threads.available_cores()
        candidates = list(range(min(top, threads.available_cores()), 0, -1))
    cap = threads.BUDGET.cap
    try:
        with threads.tuning_off_here():  # its probe batches would be timed instead; a run elsewhere keeps its tuner
            timed = [_time_batches(model, x, y, b, n, batches, min_seconds, max_batches, limiter, count)
                     + (count,) for count in candidates]
        seconds, steps, count = min(timed, key=lambda t: t[0])
        val_seconds, val_rows = 0.0, int(validation_rows)
        if val_rows > 0:  # forward passes at the chosen thread count
            _use_threads(limiter, count)
            rows = min(n, 3 * b)
            xv = [a[:rows] for a in x] if isinstance(x, (list, tuple)) else x[:rows]
            yv = [a[:rows] for a in y] if isinstance(y, (list, tuple)) else y[:rows]
            clock = _BatchClock()
            model.evaluate(xv, yv, batch_size=b, verbose=0, callbacks=[clock])
            val_seconds = _mean_gap(clock.test) or 0.0
    finally:
        threads.BUDGET.cap = cap
        limiter.restore()
    return EpochTime(seconds, val_seconds, math.ceil(n / b), math.ceil(val_rows / b) if val_rows else 0,
                     int(epochs), steps)


def _use_threads(limiter, count) -> None:
    """BLAS and the engine's own pools at ``count`` threads, as the tuner sets them (None: as they are)."""
    if count is not None:
        limiter.set(count)
        threads.BUDGET.cap = count


def _time_batches(model, x, y, b, n, batches, min_seconds, max_batches, limiter, count) -> tuple[float, int]:
    """``(mean seconds per batch, batches timed)`` of ``model.fit`` steps at ``count`` BLAS threads
    (None: as they are), after one warm-up step."""
    _use_threads(limiter, count)
    per_epoch = math.ceil(n / b)
    steps = max(2, int(batches)) + 1
    while True:
        steps = min(steps, max_batches + 1)
        clock = _BatchClock()
        # a small dataset has fewer batches an epoch than we time: whole epochs then, and the
        # epoch's own overhead (shuffle, epoch end) falls between two batch ends, as in the run
        epochs = 1 if steps <= per_epoch else math.ceil(steps / per_epoch)
        model.fit(x, y, batch_size=b, epochs=epochs, steps_per_epoch=None if epochs > 1 else steps, verbose=0,
                  callbacks=[clock], shuffle=True)
        seconds = _mean_gap(clock.train) or 0.0
        timed = len(clock.train) - 1
        if seconds * timed >= min_seconds or steps >= max_batches + 1:
            return seconds, timed
        steps = max(steps * 4, int(min_seconds / max(seconds, 1e-6)) + 2)
