"""Shared data makers and the streaming driver for the metric tests."""

from __future__ import annotations

import numpy as np

SPLITS = (5, 31, 1, 47, 13)  # uneven batch sizes, 97 samples in all
N = sum(SPLITS)


def rng(seed=0):
    return np.random.default_rng(seed)


def softmax(z):
    e = np.exp(z - z.max(axis=-1, keepdims=True))
    return e / e.sum(axis=-1, keepdims=True)


def make_data(kind, n=N, seed=0, classes=4):
    """(y_true, y_pred) of one of the label kinds the metrics take."""
    r = rng(seed)
    if kind == "binary":  # (n, 1) labels in {0, 1}, probabilities
        return r.integers(0, 2, (n, 1)).astype("float64"), r.uniform(0, 1, (n, 1))
    if kind == "multilabel":  # (n, 3)
        return r.integers(0, 2, (n, 3)).astype("float64"), r.uniform(0, 1, (n, 3))
    if kind == "sparse":
        return r.integers(0, classes, n), softmax(r.normal(size=(n, classes)))
    if kind == "onehot":
        y = r.integers(0, classes, n)
        return np.eye(classes)[y], softmax(r.normal(size=(n, classes)))
    if kind == "regression":
        return r.normal(2.0, 1.5, (n, 2)), r.normal(2.0, 1.5, (n, 2))
    if kind == "positive":  # counts / positive targets (Poisson, MSLE, MAPE)
        return r.uniform(0.5, 4.0, (n, 2)), r.uniform(0.5, 4.0, (n, 2))
    if kind == "distribution":
        return softmax(r.normal(size=(n, classes))), softmax(r.normal(size=(n, classes)))
    if kind == "hinge":  # labels in {-1, 1}, raw scores
        return r.choice([-1.0, 1.0], (n, 1)), r.normal(0, 1.5, (n, 1))
    if kind == "segmentation":  # integer class maps (n, 3, 3)
        return r.integers(0, classes, (n, 3, 3)), r.integers(0, classes, (n, 3, 3))
    raise ValueError(kind)


def weights(n=N, seed=1):
    """Integer sample weights 0..3 (so a weight can be checked against repeated rows)."""
    return rng(seed).integers(0, 4, n).astype("float64")


def stream(metric, y_true, y_pred, sample_weight=None, splits=SPLITS):
    """Feed the data batch by batch (uneven sizes) and return ``result()``."""
    metric.reset_state()
    start = 0
    for size in splits:
        sl = slice(start, start + size)
        metric.update_state(y_true[sl], y_pred[sl], None if sample_weight is None else sample_weight[sl])
        start += size
    assert start == len(y_true)
    return metric.result()


def once(metric, y_true, y_pred, sample_weight=None):
    metric.reset_state()
    metric.update_state(y_true, y_pred, sample_weight)
    return metric.result()
