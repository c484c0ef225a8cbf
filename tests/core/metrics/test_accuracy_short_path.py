"""CategoricalAccuracy's short path for unweighted ``(batch, C)`` NumPy batches (every ``fit``
step) gives the general path's numbers and still refuses labels of the wrong form."""

import numpy as np
import pytest

from netbuilder.core import metrics
from netbuilder.core.errors import ShapeError
from netbuilder.core.metrics.base import MeanMetricWrapper


def _batches(seed=0, c=4):
    rs = np.random.default_rng(seed)
    for n in (32, 32, 7):  # a short last batch
        scores = rs.integers(0, 3, (n, c)).astype("float32")  # many ties: argmax takes the first
        scores[0, 1] = np.nan
        yield np.eye(c, dtype="float32")[rs.integers(0, c, n)], scores


def test_short_path_counts_as_the_general_path():
    fast = metrics.CategoricalAccuracy()
    general = metrics.CategoricalAccuracy()
    for t, y in _batches():
        fast.update_state(t, y)
        MeanMetricWrapper.update_state(general, t, y)  # the float64 path every other metric takes
        assert (fast.total, fast.count) == (general.total, general.count)
    assert 0 < fast.result() < 1


def test_weighted_and_3d_batches_take_the_general_path():
    m = metrics.CategoricalAccuracy()
    t = np.eye(3, dtype="float32")[[0, 1, 2, 0]]
    y = np.eye(3, dtype="float32")[[0, 1, 1, 1]]
    m.update_state(t, y, sample_weight=np.array([1.0, 1.0, 0.0, 2.0], "float32"))
    assert m.result() == pytest.approx(2 / 4)
    m.reset_state()
    m.update_state(t[None], y[None])  # (1, 4, 3): the mean over the step axis per sample
    assert m.result() == pytest.approx(2 / 4)


def test_labels_are_checked_for_every_new_shape():
    m = metrics.CategoricalAccuracy()
    y = np.full((4, 3), 1 / 3, "float32")
    m.update_state(np.eye(3, dtype="float32")[[0, 1, 2, 0]], y)
    with pytest.raises(ShapeError, match="SparseCategoricalAccuracy"):
        m.update_state(np.array([[0], [1], [2], [0]], "float32"), y)  # integer ids: the sparse metric
    with pytest.raises(ShapeError):
        m.update_state(np.eye(4, dtype="float32"), y)
