"""Training health per layer: weight and gradient norms and histograms, dead ReLU units,
saturated sigmoid/tanh units, per epoch.

``layer_stats(model, sample_x)`` measures the model now; ``LayerStats(sample_x)`` is the
optional ``fit`` callback that does so at every epoch end and keeps the history. Its cost is
one inference pass over a small sample batch and a few passes over the weights per epoch, plus
a gradient norm on about ``grad_samples`` batches per epoch (``bench_layer_stats.py`` measures
it on W1: well under the 5 % of the epoch time it is allowed).
"""

from __future__ import annotations

import dataclasses
import math

import numpy as np

from .. import backend as B
from ..callbacks.base import Callback
from .layer_outputs import activations

#: a sigmoid output below 0.01 or above 0.99 (tanh: |y| > 0.99) is in a flat region of the curve
SATURATION = 0.99
#: a unit counts as saturated when it is saturated on at least this share of the sample
SATURATED_SHARE = 0.95


@dataclasses.dataclass
class LayerHealth:
    """One layer's numbers at one moment.

    Attributes:
        weight_norms: ``{weight key: ||W||_2}`` (``"kernel"``, ``"bias"`` ...).
        weight_hist: ``{weight key: (counts, bin edges)}`` of the values (``bins`` bins; arrays
            over ``HIST_SAMPLE`` values are histogrammed from an evenly strided sample).
        grad_norms: ``{weight key: mean ||dLoss/dW||_2}`` over the batches sampled since the
            last measurement (the last batch's norm when none was sampled).
        grad_hist: ``{weight key: (counts, bin edges)}`` of the last batch's gradient.
        activation: the layer's activation name (``"relu"``), or None.
        dead_share: share of ReLU units (last axis) that output 0 on every sample, or None.
        saturated_share: share of sigmoid/tanh units saturated on >= 95 % of the sample, or None.
    """

    weight_norms: dict
    weight_hist: dict
    grad_norms: dict
    grad_hist: dict
    activation: str | None = None
    dead_share: float | None = None
    saturated_share: float | None = None


#: histograms of larger arrays are drawn from an evenly strided sample of this many values
HIST_SAMPLE = 200_000


def _norm(a) -> float:
    """``||a||_2``, accumulated in the array's own dtype by BLAS (a float64 copy of a 400k-weight
    kernel costs ten times more, for a number shown to three digits)."""
    flat = B.to_numpy(a).ravel()
    return math.sqrt(float(np.dot(flat, flat)))


def _hist(a, bins: int):
    values = B.to_numpy(a).ravel()
    if values.size > HIST_SAMPLE:
        values = values[::-(-values.size // HIST_SAMPLE)]
    values = values[np.isfinite(values)]
    if values.size == 0:
        return np.zeros(bins, np.int64), np.linspace(-1.0, 1.0, bins + 1)
    return np.histogram(values, bins=bins)


def activation_name(layer) -> str | None:
    """The name of ``layer``'s activation (``"relu"``, ``"sigmoid"`` ...), or None."""
    act = getattr(layer, "activation", None)
    name = getattr(act, "name", None)
    if name is None and type(layer).__name__ == "ReLU":
        return "relu"
    return name


def unit_shares(output, activation: str) -> tuple[float | None, float | None]:
    """``(dead share, saturated share)`` of the units (last axis) of ``output`` ``(n, ..., units)``.

    Dead: a ReLU unit whose output is 0 for every sample and position (it passes no gradient).
    Saturated: a sigmoid (``y < 0.01`` or ``y > 0.99``) or tanh (``|y| > 0.99``) unit in its
    flat region on at least 95 % of the samples and positions (its gradient nearly vanishes).
    """
    out = np.asarray(output)
    if out.ndim < 2 or out.shape[0] == 0:
        return None, None
    units = out.reshape(-1, out.shape[-1])  # (samples * positions, units)
    if activation == "relu":
        return float(np.mean(np.all(units <= 0, axis=0))), None
    if activation == "sigmoid":
        flat = (units < 1.0 - SATURATION) | (units > SATURATION)
    elif activation == "tanh":
        flat = np.abs(units) > SATURATION
    else:
        return None, None
    return None, float(np.mean(np.mean(flat, axis=0) >= SATURATED_SHARE))


def layer_stats(model, sample_x=None, bins: int = 20, grad_norms: dict | None = None) -> dict:
    """``{layer name: LayerHealth}`` for every layer with weights or a relu/sigmoid/tanh output.

    Args:
        model: a built model; gradients are read from its layers' last backward pass.
        sample_x: a small batch of inputs (e.g. 256 training rows) for the dead/saturated unit
            counts; None skips them.
        bins: histogram bins.
        grad_norms: ``{layer name: {key: norm}}`` to report instead of the last batch's norms
            (the callback's per-epoch means).
    """
    outputs = {}
    if sample_x is not None:
        watched = [l.name for l in model.layers if activation_name(l) in ("relu", "sigmoid", "tanh")]
        if watched:
            outputs = activations(model, sample_x, layers=watched, batch_size=len(sample_x))
    result = {}
    for layer in model.layers:
        act = activation_name(layer)
        if not layer.params and layer.name not in outputs:
            continue
        grads = {k: g for k, g in (layer.grads or {}).items() if g is not None and k in layer.params}
        dead, saturated = (None, None) if layer.name not in outputs else unit_shares(outputs[layer.name], act)
        norms = (grad_norms or {}).get(layer.name) or {k: _norm(g) for k, g in grads.items()}
        result[layer.name] = LayerHealth(
            weight_norms={k: _norm(w) for k, w in layer.params.items()},
            weight_hist={k: _hist(w, bins) for k, w in layer.params.items()},
            grad_norms=dict(norms),
            grad_hist={k: _hist(g, bins) for k, g in grads.items()},
            activation=act, dead_share=dead, saturated_share=saturated)
    return result


class LayerStats(Callback):
    """``fit`` callback: ``layer_stats`` at every epoch end, kept in ``self.epochs``.

    ``self.epochs[i]`` is ``{layer name: LayerHealth}`` after epoch ``i`` of the run. Gradient
    norms are averaged over about ``grad_samples`` evenly spaced batches of the epoch (reading
    every batch's gradients would cost more than the 5 % this callback may add to an epoch).

    Args:
        sample_x: a small batch of inputs for the dead/saturated unit counts (None: skipped).
        bins: histogram bins.
        grad_samples: batches per epoch whose gradient norms are recorded.
        on_epoch: optional ``f(epoch, stats)`` called with each epoch's stats (the window's hook).
    """

    def __init__(self, sample_x=None, bins: int = 20, grad_samples: int = 10, on_epoch=None):
        super().__init__()
        self.sample_x = sample_x
        self.bins = int(bins)
        self.grad_samples = max(1, int(grad_samples))
        self.on_epoch = on_epoch
        self.epochs: list[dict] = []
        self._sums: dict = {}
        self._count = 0
        self._every = 1

    def on_train_begin(self, logs=None):
        self.epochs = []
        steps = (self.params or {}).get("steps") or 1
        self._every = max(1, int(steps) // self.grad_samples)

    def on_epoch_begin(self, epoch, logs=None):
        self._sums, self._count = {}, 0

    def on_train_batch_end(self, batch, logs=None):
        if batch % self._every:
            return
        self._count += 1
        for layer in self.model.layers:
            for k, g in (layer.grads or {}).items():
                if g is not None and k in layer.params:
                    key = (layer.name, k)
                    self._sums[key] = self._sums.get(key, 0.0) + _norm(g)

    def on_epoch_end(self, epoch, logs=None):
        means: dict = {}
        for (name, k), total in self._sums.items():
            means.setdefault(name, {})[k] = total / self._count
        stats = layer_stats(self.model, self.sample_x, bins=self.bins, grad_norms=means)
        self.epochs.append(stats)
        if self.on_epoch is not None:
            self.on_epoch(epoch, stats)

    def series(self, layer: str, what: str = "grad_norms", key: str = "kernel") -> list:
        """One number per epoch for ``layer``: ``what`` is ``"grad_norms"``/``"weight_norms"``
        (then ``key`` picks the weight) or ``"dead_share"``/``"saturated_share"``."""
        out = []
        for stats in self.epochs:
            h = stats.get(layer)
            v = None if h is None else getattr(h, what)
            out.append(v.get(key) if isinstance(v, dict) else v)
        return out
