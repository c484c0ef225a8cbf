"""What ``compile`` resolves (Keras 3's ``compile_utils``): per-output losses, loss weights and
metric identifiers, checked and serialized before the model changes, so a refused compile leaves
the previous one intact."""

from __future__ import annotations

from .. import losses as losses_module
from .. import metrics as metrics_module
from .. import optimizers as optimizers_module


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
        m = m() if isinstance(m, type) else m
        return {"class_name": type(m).__name__, "config": m.get_config()}
    if isinstance(m, dict):
        return m
    name = metrics_module.function_name(m)
    return name if name is not None else metrics_module.serialize_function(m)
