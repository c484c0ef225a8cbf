"""Training health read from the per-layer statistics (``LayerStats``): vanishing and exploding
gradients, dead ReLU units, saturated sigmoid/tanh units, each with one-click remedies.

``diagnose(epochs)`` returns ``core.diagnosis.Diagnosis`` verdicts (the fit coach's type, so the
banner can show them beside its own): ``kind`` is ``"divergence"`` for exploding gradients and
``"underfitting"`` for the others (a network that cannot pass gradients learns slowly or not at
all). The remedy codes beyond the coach's ``lower_learning_rate`` are graph or setting edits done
here, as pure functions on a model config (``apply_remedy``), like ``core.remedies``.

Thresholds (chosen to flag what a learner can see and fix, not borderline cases):

* exploding: a gradient norm that is not finite, or the largest kernel gradient norm of the last
  epoch above ``EXPLODING_NORM`` and ``EXPLODING_GROWTH`` times its first epoch's value;
* vanishing: with three or more kernels, the first kernel's gradient norm below
  ``VANISHING_RATIO`` times the last kernel's;
* dead ReLU: a layer whose share of units that never fire on the sample is >= ``DEAD_SHARE``;
* saturated: a sigmoid/tanh layer whose share of saturated units is >= ``SATURATED_SHARE``.
"""

from __future__ import annotations

import copy
import math

from .. import remedies as R
from ..diagnosis import Diagnosis

EXPLODING_NORM = 1e3
EXPLODING_GROWTH = 100.0
VANISHING_RATIO = 1e-3
DEAD_SHARE = 0.5
SATURATED_SHARE = 0.5

#: remedy code -> what it does (English; the window translates by code)
REMEDIES = {
    "lower_learning_rate": "Learning rate ÷ 10",
    "clip_gradients": "Clip gradients (clipnorm = 1)",
    "he_initializer": "He initializer for ReLU layers",
    "relu_hidden": "ReLU in hidden sigmoid/tanh layers",
    "leaky_relu": "LeakyReLU instead of ReLU",
    "add_batchnorm": "BatchNormalization after hidden layers",
}
GRAPH_CODES = ("he_initializer", "relu_hidden", "leaky_relu", "add_batchnorm")
_KERNEL_LAYERS = ("Dense", "Conv1D", "Conv2D", "Conv3D", "SeparableConv2D", "Conv2DTranspose")


def _kernels(stats: dict) -> list[tuple[str, float]]:
    return [(name, h.grad_norms["kernel"]) for name, h in stats.items() if "kernel" in h.grad_norms]


def diagnose(epochs: list) -> list:
    """Verdicts for a run's ``LayerStats.epochs`` (``[{layer name: LayerHealth}]``, oldest first),
    most serious first; empty when nothing looks wrong."""
    if not epochs:
        return []
    last, first = epochs[-1], epochs[0]
    found = []
    bad = [name for name, h in last.items() for v in h.grad_norms.values() if not math.isfinite(v)]
    kernels = _kernels(last)
    if bad:
        found.append(Diagnosis("divergence", "health_exploding_nonfinite",
                               f"The gradients of layer {bad[0]!r} are not finite numbers: the weights are "
                               "blowing up.", {"layer": bad[0]},
                               ("lower_learning_rate", "clip_gradients", "add_batchnorm"), len(epochs)))
    elif kernels:
        name, norm = max(kernels, key=lambda t: t[1])
        start = first.get(name).grad_norms.get("kernel") if name in first else None
        if norm > EXPLODING_NORM and start and norm > EXPLODING_GROWTH * start:
            found.append(Diagnosis("divergence", "health_exploding",
                                   f"Exploding gradients: the gradient norm of {name!r} grew from {start:.3g} to "
                                   f"{norm:.3g}.", {"layer": name, "start": start, "norm": norm},
                                   ("lower_learning_rate", "clip_gradients", "add_batchnorm"), len(epochs)))
    if len(kernels) >= 3 and kernels[-1][1] > 0 and kernels[0][1] < VANISHING_RATIO * kernels[-1][1]:
        (lo_name, lo), (hi_name, hi) = kernels[0], kernels[-1]
        acts = {h.activation for h in last.values()}
        fixes = (("relu_hidden",) if acts & {"sigmoid", "tanh"} else ()) + ("he_initializer", "add_batchnorm")
        found.append(Diagnosis("underfitting", "health_vanishing",
                               f"Vanishing gradients: the first layer {lo_name!r} gets a gradient {hi / lo:.3g} times "
                               f"smaller than the last one {hi_name!r}, so it hardly learns.",
                               {"first": lo_name, "last": hi_name, "ratio": hi / lo}, fixes, len(epochs)))
    for name, h in last.items():
        if h.dead_share is not None and h.dead_share >= DEAD_SHARE:
            found.append(Diagnosis("underfitting", "health_dead_relu",
                                   f"Dead ReLU units: {h.dead_share:.0%} of the units of {name!r} output 0 for every "
                                   "sample, so they pass no gradient and never learn again.",
                                   {"layer": name, "share": h.dead_share},
                                   ("leaky_relu", "lower_learning_rate", "he_initializer"), len(epochs)))
        if h.saturated_share is not None and h.saturated_share >= SATURATED_SHARE:
            found.append(Diagnosis("underfitting", "health_saturated",
                                   f"Saturated units: {h.saturated_share:.0%} of the {h.activation} units of {name!r} "
                                   "sit on the flat ends of their curve, where the gradient is almost 0.",
                                   {"layer": name, "share": h.saturated_share, "activation": h.activation},
                                   ("relu_hidden", "add_batchnorm", "lower_learning_rate"), len(epochs)))
    return found


# ---------------------------------------------------------------------- remedies on a config
def _hidden_kernels(config: dict) -> list:
    outs = set(R.output_names(config))
    return [e for e in config["config"]["layers"]
            if e["class_name"] in _KERNEL_LAYERS and R._name(e) not in outs]


def he_initializer(config: dict) -> dict:
    """``kernel_initializer="he_normal"`` on every hidden Dense/Conv layer with a ReLU-family activation
    (He et al. 2015: variance 2 / fan_in keeps the signal's scale through ReLU layers)."""
    cfg = copy.deepcopy(config)
    for e in _hidden_kernels(cfg):
        if e["config"].get("activation") in ("relu", "leaky_relu", "elu", "relu6", None, "linear"):
            e["config"]["kernel_initializer"] = "he_normal"
    return cfg


def relu_hidden(config: dict) -> dict:
    """Hidden sigmoid/tanh Dense/Conv layers become ReLU (whose gradient is 1 wherever it fires)."""
    cfg = copy.deepcopy(config)
    for e in _hidden_kernels(cfg):
        if e["config"].get("activation") in ("sigmoid", "tanh"):
            e["config"]["activation"] = "relu"
    return cfg


def leaky_relu(config: dict) -> dict:
    """Hidden ReLU layers become LeakyReLU (a small slope below 0 lets a dead unit come back)."""
    cfg = copy.deepcopy(config)
    for e in _hidden_kernels(cfg):
        if e["config"].get("activation") == "relu":
            e["config"]["activation"] = "leaky_relu"
    return cfg


def add_batchnorm(config: dict) -> dict:
    """Insert ``BatchNormalization()`` after every hidden Dense/Conv layer not already followed by one."""
    cfg = copy.deepcopy(config)
    layers = cfg["config"]["layers"]
    functional = cfg.get("class_name") != "Sequential"
    followed = set()
    for i, e in enumerate(layers):
        if e["class_name"] == "BatchNormalization":
            src = (e.get("inputs") or [None])[0] if functional else (R._name(layers[i - 1]) if i else None)
            followed.add(src[0] if isinstance(src, list) else src)
    for e in _hidden_kernels(cfg):
        target = R._name(e)
        if target in followed:
            continue
        name = R._unique(cfg, "batch_normalization")
        entry = {"class_name": "BatchNormalization", "config": {"name": name}}
        if functional:
            entry["name"] = name
        R._insert_after(cfg, target, entry)
    return cfg


def clip_gradients(optimizer: dict, clipnorm: float = 1.0) -> dict:
    """The optimizer config ``{"class_name", "config"}`` with ``clipnorm`` set (other clips removed)."""
    opt = copy.deepcopy(optimizer)
    conf = opt.setdefault("config", {})
    conf.pop("clipvalue", None)
    conf.pop("global_clipnorm", None)
    conf["clipnorm"] = float(clipnorm)
    return opt


def apply_remedy(code: str, config: dict) -> dict:
    """Apply the graph remedy ``code`` (one of ``GRAPH_CODES``) to the model ``config``."""
    funcs = {"he_initializer": he_initializer, "relu_hidden": relu_hidden, "leaky_relu": leaky_relu,
             "add_batchnorm": add_batchnorm}
    if code not in funcs:
        raise ValueError(f"apply_remedy: {code!r} is not a graph remedy; use one of {sorted(funcs)}")
    return funcs[code](config)
