"""EpochIterator: shuffling per epoch from the seed, batch sizes, the compressed multi-hot path."""

import numpy as np
import pytest

from netbuilder.core import sparse, utils
from netbuilder.core.models import data as D
from netbuilder.core.models.epoch_iterator import (
    Batch,
    EpochIterator,
    compress_inputs,
    to_backend,
)
from netbuilder.core.sparse import SparseMatrix, SparseRows


def _arrays(n=10, d=3, weights=True):
    x = np.arange(n * d, dtype="float32").reshape(n, d)
    y = np.arange(n, dtype="float32").reshape(n, 1)
    sw = np.linspace(0.5, 1.5, n).astype("float32") if weights else None
    return D.Arrays([x], [y], sw)


def _rows(it):
    """The row ids of each batch of one epoch (x's first column / d)."""
    return [(b.x[0][:, 0] / 3).astype(int).tolist() for _, b in it.enumerate_epoch()]


def _multi_hot(n=40, d=1200, seed=0):
    rs = np.random.default_rng(seed)
    x = np.zeros((n, d), "float32")
    x[np.arange(n)[:, None], rs.integers(0, d, (n, 8))] = 1.0
    return x


def test_unshuffled_batches_are_consecutive_and_the_last_is_partial():
    it = EpochIterator(_arrays(10), batch_size=4)
    assert it.num_batches == 3
    steps, sizes = [], []
    for step, batch in it.enumerate_epoch():
        assert isinstance(batch, Batch)
        steps.append(step)
        sizes.append(batch.size)
    assert steps == [0, 1, 2]
    assert sizes == [4, 4, 2]
    assert _rows(it) == [[0, 1, 2, 3], [4, 5, 6, 7], [8, 9]]


def test_batches_keep_x_y_and_weights_aligned():
    data = _arrays(10)
    it = EpochIterator(data, batch_size=3, shuffle=True, preload=True)
    utils.set_random_seed(3)
    for _, (xb, yb, swb) in it.enumerate_epoch():
        rows = (xb[0][:, 0] / 3).astype(int)
        np.testing.assert_array_equal(yb[0][:, 0], data.y[0][rows, 0])
        np.testing.assert_array_equal(swb, data.sample_weight[rows])


def test_shuffle_draws_a_new_order_every_epoch_from_the_seed():
    it = EpochIterator(_arrays(12), batch_size=5, shuffle=True)
    utils.set_random_seed(7)
    first, second = _rows(it), _rows(it)
    utils.set_random_seed(7)
    again = _rows(it)
    assert again == first  # the seed fixes the order
    assert second != first  # each epoch reshuffles
    for epoch in (first, second):
        assert sorted(r for b in epoch for r in b) == list(range(12))  # a permutation
        assert [len(b) for b in epoch] == [5, 5, 2]
    utils.set_random_seed(7)
    expected = utils.rng().permutation(12).tolist()
    assert [r for b in first for r in b] == expected


def test_steps_per_epoch_stops_early():
    it = EpochIterator(_arrays(10), batch_size=2, steps_per_epoch=3)
    assert it.num_batches == 5
    assert [step for step, _ in it.enumerate_epoch()] == [0, 1, 2]


def test_predict_data_has_no_labels():
    it = EpochIterator(D.Arrays([np.ones((5, 2), "float32")]), batch_size=2)
    batches = [b for _, b in it.enumerate_epoch()]
    assert [b.y for b in batches] == [None] * 3 and [b.sample_weight for b in batches] == [None] * 3


def test_to_backend_is_one_batch_of_everything():
    data = _arrays(6)
    batch = to_backend(data)
    assert batch.size == 6
    np.testing.assert_array_equal(batch.x[0], data.x[0])
    np.testing.assert_array_equal(batch.sample_weight, data.sample_weight)


@pytest.mark.parametrize("shuffle", [False, True])
@pytest.mark.parametrize("preload", [False, True])
def test_compressed_multi_hot_batches_equal_the_dense_ones(monkeypatch, shuffle, preload):
    monkeypatch.setattr(sparse, "ENABLED", True)
    x = _multi_hot()
    data = D.Arrays([x], [np.arange(40, dtype="float32")[:, None]], None)
    dense = EpochIterator(data, batch_size=16, shuffle=shuffle, preload=preload)
    packed = EpochIterator(data, batch_size=16, shuffle=shuffle, preload=preload, sparse_inputs=[True])
    utils.set_random_seed(1)
    want = [(b.x[0].copy(), b.y[0].copy()) for _, b in dense.enumerate_epoch()]
    utils.set_random_seed(1)
    got = [(b.x[0], b.y[0].copy()) for _, b in packed.enumerate_epoch()]  # y: a reused buffer
    assert [len(w[0]) for w in want] == [16, 16, 8]
    assert len(got) == len(want)
    for (gx, gy), (wx, wy) in zip(got, want):
        assert isinstance(gx, SparseRows)
        np.testing.assert_array_equal(gx.toarray(), wx)
        np.testing.assert_array_equal(gy, wy)


def test_compress_inputs_only_where_allowed_and_sparse(monkeypatch):
    monkeypatch.setattr(sparse, "ENABLED", True)
    x = _multi_hot()
    dense = np.random.default_rng(0).random((40, 1200), dtype="float32")
    out = compress_inputs([x, x, dense], [True, False, True])
    assert isinstance(out[0], SparseMatrix)
    assert out[1] is x and out[2] is dense
    assert compress_inputs([x], None)[0] is x
    monkeypatch.setattr(sparse, "ENABLED", False)
    assert compress_inputs([x], [True])[0] is x


def test_shuffled_batches_reuse_their_buffers():
    """Shuffled rows are copied into one buffer per (array, batch length), not a new array per step."""
    it = EpochIterator(_arrays(12), batch_size=5, shuffle=True, preload=True)
    firsts = [b.x[0] for step, b in it.enumerate_epoch() if step == 0]
    firsts += [b.x[0] for step, b in it.enumerate_epoch() if step == 0]
    assert firsts[0] is firsts[1]
