"""Reading a trained model's outputs in "Try it": the top classes, the playground's decision regions,
a test set's prediction table and a snapshot to predict with while training goes on."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np


# --------------------------------------------------------------------------- classes
def top_k(probs, names, k=5) -> list:
    """The ``k`` most probable classes as ``(index, name, probability)``, best first."""
    p = np.asarray(probs, dtype="float64").ravel()
    order = np.argsort(-p, kind="stable")[:k]
    return [(int(i), names[i] if names is not None and i < len(names) else str(i), float(p[i])) for i in order]


# --------------------------------------------------------------------------- playground
@dataclass
class DecisionGrid:
    """Model outputs on a regular grid: ``values`` ``(res, res, k)`` (row = y, from ``y0`` up to
    ``y1``; column = x), ``extent`` ``(x0, x1, y0, y1)``."""

    values: np.ndarray
    extent: tuple


def grid_extent(x, margin=0.15) -> tuple:
    """``(x0, x1, y0, y1)``: the data's bounding box widened by ``margin`` of its size each side."""
    x = np.asarray(x, dtype="float64")
    lo, hi = x.min(axis=0), x.max(axis=0)
    pad = np.maximum(hi - lo, 1e-6) * margin
    return (float(lo[0] - pad[0]), float(hi[0] + pad[0]), float(lo[1] - pad[1]), float(hi[1] + pad[1]))


def decision_grid(predict, extent, resolution=80) -> DecisionGrid:
    """Evaluate ``predict`` (``(n, 2)`` float32 → ``(n, k)``) on ``resolution²`` grid points in one batch."""
    x0, x1, y0, y1 = extent
    gx, gy = np.linspace(x0, x1, resolution), np.linspace(y0, y1, resolution)
    xx, yy = np.meshgrid(gx, gy)  # (res, res): rows follow y
    pts = np.stack([xx.ravel(), yy.ravel()], axis=1).astype("float32")  # (res², 2)
    out = np.asarray(predict(pts), dtype="float64").reshape(resolution * resolution, -1)
    return DecisionGrid(out.reshape(resolution, resolution, -1), tuple(extent))


#: Class colours (RGB) shared by the regions and the data points.
CLASS_COLORS = np.array([(31, 119, 180), (255, 127, 14), (44, 160, 44), (214, 39, 40), (148, 103, 189),
                         (140, 86, 75), (227, 119, 194), (127, 127, 127), (188, 189, 34), (23, 190, 207)],
                        dtype="float64")


def class_probabilities(values, task=None) -> np.ndarray:
    """Outputs ``(..., k)`` → class probabilities ``(..., C)``: one sigmoid unit becomes ``[1-p, p]``."""
    v = np.asarray(values, dtype="float64")
    return np.concatenate([1.0 - v, v], axis=-1) if v.shape[-1] == 1 and task != "regression" else v


def region_rgb(grid: DecisionGrid, task=None) -> np.ndarray:
    """``(res, res, 3)`` uint8 picture of the grid (row 0 = top = largest y).

    Classification: the winning class's colour, paler where the model is unsure
    (``strength = (p_max − 1/C) / (1 − 1/C)``); regression: blue (low) → white → orange (high).
    """
    v = grid.values[::-1]  # image row 0 is the top of the plot
    white = np.array([255.0, 255.0, 255.0])
    if task == "regression":
        z = v[..., 0]
        span = max(float(np.abs(z).max()), 1e-9)
        t = (z / span)[..., None]  # (res, res, 1) in [-1, 1]
        rgb = np.where(t < 0, white + (CLASS_COLORS[0] - white) * -t, white + (CLASS_COLORS[1] - white) * t)
    else:
        p = class_probabilities(v, task)
        c = p.shape[-1]
        win = p.argmax(axis=-1)
        strength = ((p.max(axis=-1) - 1.0 / c) / (1.0 - 1.0 / c))[..., None] if c > 1 else np.ones(win.shape + (1,))
        rgb = white + (CLASS_COLORS[win % len(CLASS_COLORS)] - white) * (0.25 + 0.5 * strength)
    return np.clip(np.floor(rgb + 0.5), 0, 255).astype("uint8")


# --------------------------------------------------------------------------- any model
def labels_of(y, task=None) -> np.ndarray:
    """Targets or outputs → integer class labels (argmax of one-hot/probabilities, ``> 0.5`` of one unit)."""
    y = np.asarray(y)
    if y.ndim == 2 and y.shape[1] > 1:
        return y.argmax(axis=1)
    y = y.reshape(len(y), -1)[:, 0] if y.ndim > 1 else y
    return (y > 0.5).astype("int64") if y.dtype.kind == "f" else y.astype("int64")


@dataclass
class PredictionTable:
    """Predictions of a whole test set: ``pred``/``true`` labels (or values for regression),
    ``confidence`` (probability of the predicted class, or None), ``wrong``: indices of the
    misclassified samples (regression: all samples, largest absolute error first)."""

    pred: np.ndarray
    true: np.ndarray
    confidence: np.ndarray | None
    wrong: np.ndarray
    task: str


def prediction_table(y_pred, y_true, task=None) -> PredictionTable:
    """Compare a test set's outputs with its targets; ``task`` None guesses from the output width."""
    y_pred = np.asarray(y_pred, dtype="float64")
    y_pred = y_pred.reshape(len(y_pred), -1)  # (n, k)
    if task is None:
        task = "multiclass" if y_pred.shape[1] > 1 else "binary"
    if task == "regression":
        pred, true = y_pred[:, 0], np.asarray(y_true, dtype="float64").reshape(len(y_pred), -1)[:, 0]
        return PredictionTable(pred, true, None, np.argsort(-np.abs(pred - true), kind="stable"), task)
    probs = class_probabilities(y_pred, task)
    pred, true = probs.argmax(axis=1), labels_of(y_true, task)
    conf = probs.max(axis=1)
    wrong = np.nonzero(pred != true)[0]
    wrong = wrong[np.argsort(-conf[wrong], kind="stable")]  # the most confident mistakes first
    return PredictionTable(pred, true, conf, wrong, task)


def _private_copy(config):
    """A model built from ``config`` with placeholder weights drawn from a generator of its own."""
    from .. import utils
    from ..models import model_from_config

    with utils.use_rng(np.random.default_rng(0)):  # overwritten by the caller at once
        return model_from_config(config)


class ModelSnapshot:
    """A private copy of a model to predict with while the original trains in another thread.

    ``sync()`` copies the current weights (``get_weights`` returns copies); predicting on the copy
    never touches the layers the training thread is running through. The copy's placeholder
    weights are drawn from a generator of its own (``utils.use_rng``), not from the shared one a
    run in another thread may be drawing its dropout masks and shuffles from: building a snapshot
    mid-run would otherwise shift that run's random stream (the same seed gave another run).
    """

    def __init__(self, model):
        from ..models import serialize_model

        self.source = model
        self.copy = _private_copy(serialize_model(model))
        self.sync()

    @classmethod
    def from_parts(cls, config, weights) -> ModelSnapshot:
        """A snapshot built from a network's config and weights taken earlier (``serialize_model(m)``,
        ``m.get_weights()``), for a thread that must not touch the original (it may be training
        again); it has no source to ``sync()`` from."""
        snapshot = cls.__new__(cls)
        snapshot.source = None
        snapshot.copy = _private_copy(config)
        snapshot.copy.set_weights(weights)
        return snapshot

    def sync(self) -> None:
        self.copy.set_weights(self.source.get_weights())

    def predict(self, x) -> np.ndarray:
        return np.asarray(self.copy.predict(x, verbose=0))
