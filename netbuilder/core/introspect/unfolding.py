"""The unfolding paper ball: every layer's representation of 2-D data, projected to the plane.

The tutorial pictures a network as a crumpled ball of red and blue paper that it unfolds one
layer at a time until the two colours come apart. For the playground sets (two input features)
``project(model, x)`` gives that picture for the learner's own network: the input, then each
layer's output, each as ``(n, 2)`` points, from input to output. A layer with two units is shown
as it is; one with one unit along a line (``(value, 0)``); a wider one by its first two principal
components (PCA: the plane in which its points spread the most). ``UnfoldingRecorder`` keeps one
such picture per epoch during ``fit`` for the window's animation.
"""

from __future__ import annotations

import dataclasses

import numpy as np

from ..callbacks.base import Callback
from .layer_outputs import activations


@dataclasses.dataclass
class Projection:
    """One layer's points in the plane.

    Attributes:
        key: the layer's key in ``activations`` (its name; the input layer's name first).
        points: ``(n, 2)`` coordinates, one row per sample.
        method: ``"direct"`` (2 units), ``"line"`` (1 unit) or ``"pca"``.
        explained: share of the layer's variance the two axes show (1.0 for direct/line).
    """

    key: str
    points: np.ndarray
    method: str
    explained: float


def pca_2d(h: np.ndarray, reference: np.ndarray | None = None) -> tuple[np.ndarray, float]:
    """``(points (n, 2), explained variance share)``: ``h`` ``(n, d)`` centred and projected on its two
    leading principal axes (SVD). With ``reference`` (the previous picture's points), each axis's
    sign is chosen to agree with it, so an animation over epochs does not flip from frame to frame."""
    h = np.asarray(h, dtype="float64")
    centred = h - h.mean(axis=0)
    _, s, vt = np.linalg.svd(centred, full_matrices=False)
    k = min(2, vt.shape[0])
    pts = np.zeros((len(h), 2))
    pts[:, :k] = centred @ vt[:k].T
    total = float(np.sum(s ** 2))
    explained = float(np.sum(s[:k] ** 2) / total) if total > 0 else 1.0
    if reference is not None and reference.shape == pts.shape:
        for j in range(2):
            if float(np.dot(pts[:, j], reference[:, j])) < 0:
                pts[:, j] = -pts[:, j]
    return pts, explained


def project(model, x, previous: list | None = None) -> list[Projection]:
    """The paper ball for the batch ``x`` ``(n, 2)``: the input and each layer's output in the plane,
    in the model's computing order (layers with no feature axis, e.g. Dropout at inference, included).

    Args:
        model: a built model whose input has two features.
        x: ``(n, 2)`` points (a sample of the playground set).
        previous: the ``Projection`` list of the previous frame (keeps PCA axes' signs steady).
    """
    x = np.asarray(x)
    if x.ndim != 2 or x.shape[1] != 2:
        raise ValueError(f"project: the paper ball needs 2-D points of shape (n, 2), got {x.shape}")
    outs = activations(model, x, batch_size=max(1, len(x)))
    before = {p.key: p.points for p in previous or []}
    result = []
    for key, h in outs.items():
        h = np.asarray(h, dtype="float64").reshape(len(x), -1)  # (n, units)
        if h.shape[1] == 2:
            result.append(Projection(key, h, "direct", 1.0))
        elif h.shape[1] == 1:
            result.append(Projection(key, np.column_stack([h[:, 0], np.zeros(len(h))]), "line", 1.0))
        else:
            pts, explained = pca_2d(h, before.get(key))
            result.append(Projection(key, pts, "pca", explained))
    return result


class UnfoldingRecorder(Callback):
    """``fit`` callback: the paper ball of ``sample_x`` after every epoch, in ``self.frames``.

    ``self.frames[i]`` is ``(epoch, [Projection])``. ``on_frame(epoch, projections)`` (optional)
    is called with each new frame. Cost: one inference pass over the sample per epoch.
    """

    def __init__(self, sample_x, on_frame=None):
        super().__init__()
        self.sample_x = np.asarray(sample_x)
        self.on_frame = on_frame
        self.frames: list = []

    def on_train_begin(self, logs=None):
        self.frames = []

    def on_epoch_end(self, epoch, logs=None):
        previous = self.frames[-1][1] if self.frames else None
        frame = project(self.model, self.sample_x, previous)
        self.frames.append((epoch, frame))
        if self.on_frame is not None:
            self.on_frame(epoch, frame)
