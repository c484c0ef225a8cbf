"""What ``compile`` resolves, and the compiled losses and metrics (Keras 3's ``compile_utils``).

``resolve`` checks and serializes the per-output losses, loss weights and metric identifiers
before the model changes, so a refused compile leaves the previous one intact. ``CompiledLoss``
(Keras's ``CompileLoss``) computes the weighted total and the output gradients and checks labels
against the losses; ``CompiledMetrics`` (Keras's ``CompileMetrics``) resolves ``"accuracy"`` at
the first batch and keeps the metric states; ``LossTracker`` averages the losses over an epoch.
"""

from __future__ import annotations

import numpy as np

from .. import backend as B
from .. import losses as losses_module
from .. import metrics as metrics_module
from .. import optimizers as optimizers_module
from ..registry import serialize, to_instance


def resolve(names, optimizer, loss, loss_weights, metrics, weighted_metrics):
    """``(optimizer, losses, loss weights, metric ids per output, compile config)`` for a model
    with outputs ``names``; raises ``ValueError``/``TypeError`` naming what it cannot use."""
    optimizer = optimizers_module.get(optimizer)
    n_out = len(names)
    if isinstance(loss, dict) and "class_name" not in loss:  # one loss per output, by name
        unknown = set(loss) - set(names)
        if unknown:
            raise ValueError(f"compile: loss dict has keys {sorted(unknown)} that are not outputs "
                             f"({names})")
        loss_list = [loss.get(n) for n in names]
    elif isinstance(loss, (list, tuple)):
        if len(loss) != n_out:
            raise ValueError(f"compile: the model has {n_out} outputs but {len(loss)} losses were given")
        loss_list = list(loss)
    else:
        loss_list = [loss] * n_out
    losses = [None if item is None else losses_module.get(item) for item in loss_list]
    if loss_weights is None:
        weights = [1.0] * n_out
    elif isinstance(loss_weights, dict):
        weights = [float(loss_weights.get(n, 1.0)) for n in names]
    else:
        if len(loss_weights) != n_out:
            raise ValueError(f"compile: {n_out} outputs but {len(loss_weights)} loss_weights")
        weights = [float(w) for w in loss_weights]
    if metrics is None:
        per_out = [[] for _ in names]
    elif isinstance(metrics, dict):
        per_out = [list(_as_list(metrics.get(n, []))) for n in names]
    elif n_out > 1 and isinstance(metrics, (list, tuple)) and metrics and all(
            isinstance(m, (list, tuple)) for m in metrics):
        per_out = [list(m) for m in metrics]
    else:
        per_out = [list(_as_list(metrics)) for _ in names]
    weighted = _as_list(weighted_metrics)
    for m in [m for ms in per_out for m in ms] + weighted:
        _check_metric_id(m)
    config = {
        "optimizer": optimizers_module.serialize(optimizer),
        "loss": [None if l is None else losses_module.serialize(l) for l in losses],
        "loss_weights": list(weights),
        "metrics": [[_serialize_metric_id(m) for m in ms] for ms in per_out],
        "weighted_metrics": [_serialize_metric_id(m) for m in weighted],
    }
    if weighted:
        for ids in per_out:
            ids.extend(("weighted", m) for m in weighted)
    return optimizer, losses, weights, per_out, config


def _as_list(m):
    if m is None:
        return []
    if isinstance(m, (list, tuple)):
        return list(m)
    return [m]


def _check_metric_id(m) -> None:
    """Refuse, at compile time, a metric that could never be resolved (Keras would fail at the
    first batch): an unknown name, or something that is neither a Metric nor a function."""
    if isinstance(m, str):
        if m.lower() not in ("accuracy", "acc", "crossentropy", "ce"):
            from ..registry import METRICS  # noqa: PLC0415

            METRICS.canonical(m)  # ValueError naming the unknown metric and the closest names
    elif isinstance(m, dict):
        metrics_module.get(m)
    elif not (isinstance(m, metrics_module.Metric) or callable(m)):
        raise TypeError(f"compile: metric {m!r} (type {type(m).__name__}) is neither a name, a Metric "
                        "nor a function f(y_true, y_pred)")


def _serialize_metric_id(m):
    """A metric as saved in ``compile.json``: a name, a ``{"class_name", "config"}`` dict, or for
    a function Keras 3's ``{"class_name": "function", "config": name}`` (netbuilder's own
    functions are saved by name, so the file reloads; another function must be passed to
    ``compile`` again after loading, as Keras asks for custom objects)."""
    if isinstance(m, str):
        return m
    if isinstance(m, metrics_module.Metric) or (isinstance(m, type) and issubclass(m, metrics_module.Metric)):
        return serialize(to_instance(m))
    if isinstance(m, dict):
        return m
    name = metrics_module.function_name(m)
    return name if name is not None else metrics_module.serialize_function(m)


class CompiledLoss:
    """The model's compiled loss: ``total = Σ_i w_i · loss_i(y_i, ŷ_i)`` over the outputs ``i``
    that have a loss (Keras 3's ``CompileLoss``). Regularization penalties are added by the caller.

    Args:
        losses: one ``Loss`` (or None: the output is not trained) per output.
        weights: one float ``w_i`` per output (``compile(loss_weights=...)``, default 1).
        output_names: the outputs' names (``<name>_loss`` log keys of multi-output models).
    """

    def __init__(self, losses: list, weights: list, output_names: list):
        self.losses = list(losses)
        self.weights = list(weights)
        self.output_names = list(output_names)

    def check_targets(self, ys: list, output_shapes: list) -> None:
        """Refuse labels a loss cannot use before any step runs (``DataError`` naming the loss):
        shapes against the outputs' ``(n, ...)`` shapes, then values (binary crossentropy's
        labels in [0, 1], sparse labels integer ids below the class count)."""
        for loss, yt, shape in zip(self.losses, ys, output_shapes):
            if loss is None:
                continue
            pred_shape = (yt.shape[0],) + tuple(shape[1:])
            loss.check_targets(yt.shape, pred_shape)
            check_values = getattr(loss, "check_target_values", None)
            if check_values is not None:
                check_values(yt, pred_shape)

    def __call__(self, ys, preds, sample_weight=None, want_grads: bool = False, fusable=None):
        """``(total, per_output, grads, fused)`` for one batch.

        ``per_output[i]`` is ``loss_i`` (0.0 without a loss); with ``want_grads``, ``grads[i]`` is
        ``w_i · ∂loss_i/∂ŷ_i`` (``ŷ_i``'s shape, None without a loss) and ``fused[i]`` says whether
        it is the fused gradient with respect to the output layer's pre-activation (``fusable[i]``
        names that activation, e.g. softmax with crossentropy); otherwise both lists are empty.
        """
        total = 0.0
        per_output, grads, fused = [], [], []
        for i, (loss, yt, yp) in enumerate(zip(self.losses, ys, preds)):
            if loss is None:
                per_output.append(0.0)
                if want_grads:
                    grads.append(None)
                    fused.append(False)
                continue
            w = self.weights[i]
            if want_grads:
                value, g, is_fused = loss.value_and_gradient(
                    yt, yp, sample_weight, fusable[i] if fusable is not None else None)
                fused.append(is_fused)
                grads.append(g if w == 1.0 else g * w)
            else:
                value = loss(yt, yp, sample_weight)
            per_output.append(value)
            total += w * value
        return total, per_output, grads, fused

    def tracker(self) -> LossTracker:
        """A fresh ``LossTracker`` for these outputs."""
        return LossTracker(self.output_names)


class LossTracker:
    """Running means of the total loss and of each output's loss over the batches seen:
    ``Σ_b n_b · loss_b / Σ_b n_b``, each batch weighted by its sample count ``n_b`` (Keras's loss
    tracker, a ``Mean`` with the batch size as weight). Kept as plain float64 sums, since it runs
    on every step; the values equal ``metrics.Mean``'s."""

    def __init__(self, output_names: list):
        self.names = [f"{n}_loss" for n in output_names]
        self._total = 0.0
        self._per_output = [0.0] * len(self.names)
        self._count = 0.0

    def update_state(self, total, per_output, batch_size=None) -> None:
        """Add one batch's losses; ``batch_size`` weights it (None: weight 1)."""
        w = 1.0 if batch_size is None else float(batch_size)
        self._total += float(total) * w
        if len(self._per_output) > 1:  # one output's loss is the total, and is not logged apart
            self._per_output = [s + float(v) * w for s, v in zip(self._per_output, per_output)]
        self._count += w

    def output_results(self) -> dict:
        """``{"<output>_loss": mean}`` for a multi-output model, ``{}`` for one output."""
        if len(self.names) < 2:
            return {}
        return {n: self._mean(s) for n, s in zip(self.names, self._per_output)}

    def result(self) -> float:
        """The mean total loss (0.0 before any batch)."""
        return self._mean(self._total)

    def _mean(self, s: float) -> float:
        return s / self._count if self._count else 0.0


class CompiledMetrics:
    """The compiled metrics of every output (Keras 3's ``CompileMetrics``).

    ``"accuracy"``/``"acc"`` (and ``"crossentropy"``) become binary, sparse categorical or
    categorical accuracy from the output's loss and the label and prediction shapes, so the
    metrics are built at the first batch (``build``). Multi-output models prefix each metric's
    name with its output's name; only ``weighted_metrics`` see sample weights (Keras 3).

    Args:
        metric_ids: one list of identifiers per output, ``("weighted", id)`` for a weighted metric
            (``resolve``'s fourth value).
        losses: the outputs' losses (they decide what ``"accuracy"`` means).
        output_names: the outputs' names.
    """

    def __init__(self, metric_ids: list, losses: list, output_names: list):
        self.metric_ids = [list(ids) for ids in metric_ids]
        self.losses = list(losses)
        self.output_names = list(output_names)
        #: one list of ``Metric`` per output once built, else None
        self.metrics = None

    @property
    def built(self) -> bool:
        return self.metrics is not None

    def build(self, ys, preds) -> None:
        """Resolve the identifiers from the first batch's labels ``ys`` and outputs ``preds``."""
        multi = len(self.output_names) > 1
        self.metrics = []
        for i, ids in enumerate(self.metric_ids):
            out = []
            for ident in ids:
                weighted = isinstance(ident, tuple) and ident[0] == "weighted"
                if weighted:
                    ident = ident[1]
                m = metrics_module.resolve(ident, loss=self.losses[i], y_true_shape=ys[i].shape,
                                           y_pred_shape=preds[i].shape)
                if multi:
                    m.name = f"{self.output_names[i]}_{m.name}"
                m._nb_weighted = weighted
                out.append(m)
            self.metrics.append(out)

    def update_state(self, ys, preds, sample_weight=None) -> None:
        """Add one batch (outputs ``preds`` as NumPy or backend arrays); builds on the first."""
        if self.metrics is None:
            self.build(ys, preds)
        for ms, yt, yp in zip(self.metrics, ys, preds):
            yp = B.to_numpy(yp)
            for m in ms:
                m.update_state(yt, yp, sample_weight=sample_weight if m._nb_weighted else None)

    def reset_state(self) -> None:
        for ms in self.metrics or []:
            for m in ms:
                m.reset_state()

    def result(self) -> dict:
        """``{metric name: value}`` (Python numbers), in compile order; ``{}`` before ``build``."""
        return {m.name: _py(m.result()) for ms in self.metrics or [] for m in ms}


def _py(v):
    if isinstance(v, (np.floating, np.integer)):
        return v.item()
    if isinstance(v, np.ndarray) and v.ndim == 0:
        return v.item()
    return v
