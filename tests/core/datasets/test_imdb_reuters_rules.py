"""IMDB/Reuters loader rules on small npz fixtures written here (no real data needed).

``_keras_imdb``/``_keras_reuters`` transcribe, list by list, the procedure spelled out in
shared/keras_datasets.md §4–5; the vectorized loaders must match them exactly, and the hand-made
cases pin each rule (strict maxlen, largest-index quirk, test_split cut, ...) with literal values.
"""

from __future__ import annotations

import itertools
import pickle

import numpy as np
import pytest

from netbuilder.core.datasets import imdb, reuters
from netbuilder.core.errors import DataError


def _obj(seqs):
    arr = np.empty(len(seqs), dtype=object)
    arr[:] = [list(s) for s in seqs]
    return arr


def _keras_imdb(path, num_words=None, skip_top=0, maxlen=None, seed=113, start_char=1, oov_char=2,
                index_from=3):
    with np.load(path, allow_pickle=True) as f:
        x_train, labels_train, x_test, labels_test = f["x_train"], f["y_train"], f["x_test"], f["y_test"]
    rng = np.random.RandomState(seed)
    idx = np.arange(len(x_train))
    rng.shuffle(idx)
    x_train, labels_train = x_train[idx], labels_train[idx]
    idx = np.arange(len(x_test))
    rng.shuffle(idx)
    x_test, labels_test = x_test[idx], labels_test[idx]
    if start_char is not None:
        x_train = [[start_char] + [w + index_from for w in x] for x in x_train]
        x_test = [[start_char] + [w + index_from for w in x] for x in x_test]
    elif index_from:
        x_train = [[w + index_from for w in x] for x in x_train]
        x_test = [[w + index_from for w in x] for x in x_test]
    else:
        x_train, x_test = [list(x) for x in x_train], [list(x) for x in x_test]
    if maxlen:
        keep = [len(x) < maxlen for x in x_train]
        x_train = [x for x, k in zip(x_train, keep) if k]
        labels_train = [v for v, k in zip(labels_train, keep) if k]
        keep = [len(x) < maxlen for x in x_test]
        x_test = [x for x, k in zip(x_test, keep) if k]
        labels_test = [v for v, k in zip(labels_test, keep) if k]
    xs = x_train + x_test
    labels = np.concatenate([labels_train, labels_test])
    if not num_words:
        num_words = max(max(x) for x in xs)
    if oov_char is not None:
        xs = [[w if skip_top <= w < num_words else oov_char for w in x] for x in xs]
    else:
        xs = [[w for w in x if skip_top <= w < num_words] for x in xs]
    n = len(x_train)
    return (np.array(xs[:n], dtype=object), labels[:n]), (np.array(xs[n:], dtype=object), labels[n:])


def _keras_reuters(path, num_words=None, skip_top=0, maxlen=None, test_split=0.2, seed=113, start_char=1,
                   oov_char=2, index_from=3):
    with np.load(path, allow_pickle=True) as f:
        xs, labels = f["x"], f["y"]
    idx = np.arange(len(xs))
    np.random.RandomState(seed).shuffle(idx)
    xs, labels = xs[idx], labels[idx]
    if start_char is not None:
        xs = [[start_char] + [w + index_from for w in x] for x in xs]
    elif index_from:
        xs = [[w + index_from for w in x] for x in xs]
    if maxlen:
        keep = [len(x) < maxlen for x in xs]
        xs = [x for x, k in zip(xs, keep) if k]
        labels = [v for v, k in zip(labels, keep) if k]
    if not num_words:
        num_words = max(max(x) for x in xs)
    if oov_char is not None:
        xs = [[w if skip_top <= w < num_words else oov_char for w in x] for x in xs]
    else:
        xs = [[w for w in x if skip_top <= w < num_words] for x in xs]
    cut = int(len(xs) * (1 - test_split))
    return ((np.array(xs[:cut], dtype="object"), np.array(labels[:cut])),
            (np.array(xs[cut:], dtype="object"), np.array(labels[cut:])))


def _random_seqs(rng, n, vocab=40, max_len=12):
    return [rng.integers(1, vocab, size=rng.integers(1, max_len)).tolist() for _ in range(n)]


@pytest.fixture(scope="module")
def imdb_file(tmp_path_factory):
    rng = np.random.default_rng(0)
    path = tmp_path_factory.mktemp("imdb") / "imdb.npz"
    np.savez(path, x_train=_obj(_random_seqs(rng, 60)), y_train=rng.integers(0, 2, 60),
             x_test=_obj(_random_seqs(rng, 45)), y_test=rng.integers(0, 2, 45))
    return str(path)


@pytest.fixture(scope="module")
def reuters_file(tmp_path_factory):
    rng = np.random.default_rng(1)
    path = tmp_path_factory.mktemp("reuters") / "reuters.npz"
    np.savez(path, x=_obj(_random_seqs(rng, 83)), y=rng.integers(0, 46, 83))
    return str(path)


def _same(ours, ref):
    (a, b), (c, d) = ours
    (ra, rb), (rc, rd) = ref
    for mine, theirs in ((a, ra), (c, rc)):
        assert mine.shape == theirs.shape and mine.dtype == theirs.dtype
        assert mine.tolist() == theirs.tolist()
    for mine, theirs in ((b, rb), (d, rd)):
        assert mine.dtype == theirs.dtype and mine.tolist() == theirs.tolist()


GRID = [dict(zip(("num_words", "skip_top", "maxlen", "start_char", "oov_char", "index_from"), v))
        for v in itertools.product((None, 20), (0, 5), (None, 8), (1, None), (2, None), (3, 0))]


@pytest.mark.parametrize("kwargs", GRID, ids=lambda k: "-".join(f"{v}" for v in k.values()))
def test_imdb_matches_keras_procedure(imdb_file, kwargs):
    _same(imdb.load_data(imdb_file, **kwargs), _keras_imdb(imdb_file, **kwargs))


@pytest.mark.parametrize("kwargs", GRID[::3] + [{"test_split": 0.3}, {"test_split": 0.5, "seed": 7}],
                         ids=str)
def test_reuters_matches_keras_procedure(reuters_file, kwargs):
    _same(reuters.load_data(reuters_file, **kwargs), _keras_reuters(reuters_file, **kwargs))


@pytest.fixture
def tiny_imdb(tmp_path):
    """Two train and two test reviews of raw ranks, one label each."""
    path = tmp_path / "tiny.npz"
    np.savez(path, x_train=_obj([[1, 2, 3], [4, 5, 6, 7, 8]]), y_train=np.array([0, 1]),
             x_test=_obj([[9, 1], [2, 2, 2, 2]]), y_test=np.array([1, 0]))
    return str(path)


def _by_label(x, y):
    return {int(label): seq for seq, label in zip(x, y)}


def test_offset_start_and_largest_index_quirk(tiny_imdb):
    (x, y), (xt, yt) = imdb.load_data(tiny_imdb)
    train, test = _by_label(x, y), _by_label(xt, yt)
    assert train[0] == [1, 4, 5, 6] and test[0] == [1, 5, 5, 5, 5]
    # largest index is 9 + 3 = 12: with num_words=None it becomes oov_char (2)
    assert train[1] == [1, 7, 8, 9, 10, 11] and test[1] == [1, 2, 4]


def test_num_words_skip_top_and_oov_none(tiny_imdb):
    (x, y), (xt, yt) = imdb.load_data(tiny_imdb, num_words=8, skip_top=5)
    assert _by_label(x, y) == {0: [2, 2, 5, 6], 1: [2, 7, 2, 2, 2, 2]}  # start marker 1 < skip_top → OOV
    (x, y), _ = imdb.load_data(tiny_imdb, num_words=8, skip_top=5, oov_char=None)
    assert _by_label(x, y) == {0: [5, 6], 1: [7]}
    (x, y), _ = imdb.load_data(tiny_imdb, start_char=None, index_from=0)
    assert _by_label(x, y) == {0: [1, 2, 3], 1: [4, 5, 6, 7, 8]}


def test_maxlen_is_a_strict_filter_counting_the_start_marker(tiny_imdb):
    # lengths with the start marker: train 4 and 6, test 3 and 5
    (x, y), (xt, yt) = imdb.load_data(tiny_imdb, maxlen=6)
    assert y.tolist() == [0] and sorted(len(s) for s in xt) == [3, 5]
    (x, y), (xt, yt) = imdb.load_data(tiny_imdb, maxlen=7)
    assert sorted(len(s) for s in x) == [4, 6]
    with pytest.raises(ValueError, match="maxlen=4"):
        imdb.load_data(tiny_imdb, maxlen=4)  # train keeps nothing: Keras raises


def test_equal_lengths_give_a_2d_object_array_like_keras(tmp_path):
    path = tmp_path / "same.npz"
    np.savez(path, x_train=_obj([[1, 2], [3, 4]]), y_train=np.array([0, 1]),
             x_test=_obj([[5, 6], [7, 8]]), y_test=np.array([1, 0]))
    (x, _), _ = imdb.load_data(str(path))
    assert x.shape == (2, 3) and x.dtype == object


def test_reuters_test_split_cut_uses_int_n_times_one_minus_split(tmp_path):
    path = tmp_path / "r.npz"
    np.savez(path, x=_obj([[i + 1] for i in range(11)]), y=np.arange(11))
    (x, y), (xt, yt) = reuters.load_data(str(path), test_split=0.3)
    assert len(x) == 7 and len(xt) == 4  # int(11 * 0.7) = int(7.7) = 7, not 11 - int(3.3) = 8
    perm = np.arange(11)
    np.random.RandomState(113).shuffle(perm)
    assert y.tolist() + yt.tolist() == perm.tolist()
    # maxlen filtering happens before the cut and may leave nothing: labels then follow np.array([])
    (x, y), (xt, yt) = reuters.load_data(str(path), maxlen=1, num_words=50)
    assert x.shape == (0,) and y.dtype == np.float64 and len(yt) == 0


class _Boom:
    hit = False

    def __reduce__(self):
        return (_set_hit, ())


def _set_hit():
    _Boom.hit = True
    return [1, 2]


def test_restricted_unpickler_refuses_foreign_classes(tmp_path):
    path = tmp_path / "evil.npz"
    arr = np.empty(2, dtype=object)
    arr[:] = [[1, 2], _Boom()]
    np.savez(path, x_train=arr, y_train=np.array([0, 1]), x_test=arr, y_test=np.array([0, 1]))
    with pytest.raises(DataError) as info:
        imdb.load_data(str(path))
    assert info.value.code == "npz_unsafe" and "_set_hit" in str(info.value)
    assert not _Boom.hit


def test_restricted_unpickler_accepts_numpy_1_spelling():
    from netbuilder.core.datasets.npz import RestrictedUnpickler
    import io

    arr = np.empty(2, dtype=object)
    arr[:] = [[1, 2], [3]]
    raw = pickle.dumps(arr, protocol=3).replace(b"numpy._core.multiarray", b"numpy.core.multiarray")
    if b"numpy.core.multiarray" not in raw:
        pytest.skip("this numpy pickles without multiarray._reconstruct")
    assert RestrictedUnpickler(io.BytesIO(raw)).load().tolist() == [[1, 2], [3]]
