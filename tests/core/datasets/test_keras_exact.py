"""Keras-exact arrays on the real data in ../shared/datasets (skipped when that folder is absent).

Expected values are the published vectors in shared/keras_datasets.md and the official hashes in
shared/datasets/README.md; none is computed by the code under test.
"""

from __future__ import annotations

import hashlib

import numpy as np
import pytest

from netbuilder.core.datasets import boston_housing, fashion_mnist, imdb, mnist, reuters


def _idx_sha256(header_words, array):
    header = np.asarray(header_words, dtype=">u4").tobytes()
    return hashlib.sha256(header + array.tobytes()).hexdigest()


def test_shuffle_permutations_match_published_vectors():
    perm = np.arange(506)
    np.random.RandomState(113).shuffle(perm)
    assert perm[:10].tolist() == [22, 202, 368, 335, 461, 323, 382, 143, 146, 141]
    rng = np.random.RandomState(113)
    first, second = np.arange(25000), np.arange(25000)
    rng.shuffle(first)
    rng.shuffle(second)  # same stream, not reseeded (IMDB's test shuffle)
    assert first[:5].tolist() == [7798, 13226, 18078, 793, 17499]
    assert second[:5].tolist() == [22748, 4083, 8015, 13688, 5310]
    perm = np.arange(11228)
    np.random.RandomState(113).shuffle(perm)
    assert perm[:5].tolist() == [1341, 4427, 5095, 2044, 3024]


def test_mnist_from_idx_folder_equals_official_arrays(mnist_arrays):
    (x, y), (xt, yt) = mnist_arrays
    assert (x.shape, y.shape, xt.shape, yt.shape) == ((60000, 28, 28), (60000,), (10000, 28, 28), (10000,))
    assert {a.dtype for a in (x, y, xt, yt)} == {np.dtype("uint8")}
    assert y[:10].tolist() == [5, 0, 4, 1, 9, 2, 1, 3, 1, 4]
    # the decompressed official files' sha256 (README): header + our arrays must reproduce them
    assert _idx_sha256([2051, 60000, 28, 28], x) == "ba891046e6505d7aadcbbe25680a0738ad16aec93bde7f9b65e87a2fc25776db"
    assert _idx_sha256([2049, 60000], y) == "65a50cbbf4e906d70832878ad85ccda5333a97f0f4c3dd2ef09a8a9eef7101c5"
    assert _idx_sha256([2051, 10000, 28, 28], xt) == "0fa7898d509279e482958e8ce81c8e77db3f2f8254e26661ceb7762c4d494ce7"
    assert _idx_sha256([2049, 10000], yt) == "ff7bcfd416de33731a308c3f266cc351222c34898ecbeaf847f06e48f7ec33f2"


def test_mnist_local_npz_with_keras_keys(mnist_arrays, tmp_path):
    (x, y), (xt, yt) = mnist_arrays
    np.savez(tmp_path / "mine.npz", x_train=x[:50], y_train=y[:50], x_test=xt[:7], y_test=yt[:7])
    (a, b), (c, d) = mnist.load_data(str(tmp_path / "mine.npz"))
    assert (a == x[:50]).all() and (b == y[:50]).all() and (c == xt[:7]).all() and d.shape == (7,)


def test_fashion_mnist_folder_matches_upstream_md5(shared):
    (x, y), (xt, yt) = fashion_mnist.load_data(str(shared / "fashion-mnist"))
    assert x.shape == (60000, 28, 28) and xt.shape == (10000, 28, 28) and x.dtype == np.uint8
    header = np.asarray([2051, 60000, 28, 28], ">u4").tobytes()
    assert hashlib.md5(header + x.tobytes()).hexdigest() == "f4a8712d7a061bf5bd6d2ca38dc4d50a"
    header = np.asarray([2049, 10000], ">u4").tobytes()
    assert hashlib.md5(header + yt.tobytes()).hexdigest() == "15d484375f8d13e6eb1aabb0c3f46965"


def test_boston_housing_real_npz(shared):
    (x, y), (xt, yt) = boston_housing.load_data(str(shared / "boston_housing" / "boston_housing.npz"))
    assert (x.shape, y.shape, xt.shape, yt.shape) == ((404, 13), (404,), (102, 13), (102,))
    assert x.dtype == np.float64 and y.dtype == np.float64
    np.testing.assert_array_equal(y[:10], [15.2, 42.3, 50.0, 21.1, 17.7, 18.5, 11.3, 15.6, 15.6, 14.4])
    np.testing.assert_array_equal(yt[:5], [7.2, 18.8, 19.0, 27.0, 22.2])
    (x1, _), _ = boston_housing.load_data(str(shared / "boston_housing" / "boston_housing.npz"), test_split=0.0)
    assert x1.shape == (506, 13)


def test_boston_rows_equal_the_csv_in_permuted_order(shared):
    csv = np.loadtxt(shared / "boston_housing" / "boston_house_prices.csv", delimiter=",", skiprows=1)
    (x, y), (xt, yt) = boston_housing.load_data(str(shared / "boston_housing" / "boston_housing.npz"))
    perm = [22, 202, 368, 335, 461, 323, 382, 143, 146, 141]
    np.testing.assert_array_equal(x[:10], csv[perm, :13])
    np.testing.assert_array_equal(y[:10], csv[perm, 13])


@pytest.mark.parametrize("bad", [-0.1, 1.0, 1.5])
def test_boston_test_split_range(shared, bad):
    with pytest.raises(ValueError, match="test_split"):
        boston_housing.load_data(str(shared / "boston_housing" / "boston_housing.npz"), test_split=bad)


@pytest.fixture(scope="module")
def imdb_path(shared):
    return str(shared / "imdb" / "imdb.npz")


def test_imdb_default_vectors(imdb_path):
    (x, y), (xt, yt) = imdb.load_data(imdb_path)
    assert x.shape == (25000,) and xt.shape == (25000,) and x.dtype == object
    assert y.shape == (25000,) and yt.shape == (25000,)
    assert x[0][:28] == [1, 14, 22, 16, 43, 530, 973, 1622, 1385, 65, 458, 4468, 66, 3941, 4, 173, 36, 256,
                         5, 25, 100, 43, 838, 112, 50, 670, 22665, 9]
    assert (len(x[0]), len(x[1]), len(x[2])) == (218, 189, 141)
    assert y[:10].tolist() == [1, 0, 0, 1, 0, 0, 1, 0, 1, 0]
    assert all(type(w) is int for w in x[0])


def test_imdb_num_words_10000_vectors(imdb_path):
    (x, _), (xt, _) = imdb.load_data(imdb_path, num_words=10000)
    assert x[0][26] == 2  # 22665 became the OOV marker
    assert max(max(s) for s in x) == 9999 and max(max(s) for s in xt) == 9999
    assert x[1][:10] == [1, 194, 1153, 194, 8255, 78, 228, 5, 6, 1463]
    assert x[2][:10] == [1, 14, 47, 8, 30, 31, 7, 4, 249, 108]


def test_imdb_word_index(shared):
    wi = imdb.get_word_index(str(shared / "imdb" / "imdb_word_index.json"))
    assert len(wi) == 88584 and sorted(wi.values()) == list(range(1, 88585))
    assert [wi[w] for w in ("the", "and", "a", "of", "to", "is", "br")] == [1, 2, 3, 4, 5, 6, 7]


def test_reuters_vectors(shared):
    (x, y), (xt, yt) = reuters.load_data(str(shared / "reuters" / "reuters.npz"), num_words=10000)
    assert x.shape == (8982,) and xt.shape == (2246,) and y.shape == (8982,) and yt.shape == (2246,)
    assert x[0] == [1, 2, 2, 8, 43, 10, 447, 5, 25, 207, 270, 5, 3095, 111, 16, 369, 186, 90, 67, 7, 89, 5, 19,
                    102, 6, 19, 124, 15, 90, 67, 84, 22, 482, 26, 7, 48, 4, 49, 8, 864, 39, 209, 154, 6, 151, 6,
                    83, 11, 15, 22, 155, 11, 15, 7, 48, 9, 4579, 1005, 504, 6, 258, 6, 272, 11, 15, 22, 134, 44,
                    11, 15, 16, 8, 197, 1245, 90, 67, 52, 29, 209, 30, 32, 132, 6, 109, 15, 17, 12]
    assert y[0] == 3
    assert xt[0][:14] == [1, 4, 1378, 2025, 9, 697, 4622, 111, 8, 25, 109, 29, 3650, 11]
    assert set(np.unique(np.concatenate([y, yt]))) == set(range(46))
    assert len(reuters.get_label_names()) == 46 and reuters.get_label_names()[3] == "earn"


def test_reuters_word_index_and_decode(shared):
    from netbuilder.core.datasets.text import decode_sequence

    wi = reuters.get_word_index(str(shared / "reuters" / "reuters_word_index.json"))
    assert wi["the"] == 1 and len(wi) == 30979
    (x, _), _ = reuters.load_data(str(shared / "reuters" / "reuters.npz"), num_words=10000)
    words = decode_sequence(x[0], wi).split()
    assert words[:3] == ["[START]", "[OOV]", "[OOV]"] and len(words) == 87
    assert words[3] == {v: k for k, v in wi.items()}[8 - 3]
