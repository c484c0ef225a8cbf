"""The tutorial cases: named preparation steps, exact transformed values, presets, K-fold."""

from __future__ import annotations

import numpy as np
import pytest

from netbuilder.core.datasets import cases, presets
from netbuilder.core.datasets.preprocessing import Standardizer, k_fold_splits
from netbuilder.core.errors import DataError


def _mnist_raw(mnist_arrays, n=300, m=100):
    (x, y), (xt, yt) = mnist_arrays
    return (x[:n], y[:n]), (xt[:m], yt[:m])


def test_mnist_dense_and_conv(mnist_arrays):
    raw = _mnist_raw(mnist_arrays)
    data = cases.MNIST.prepare(raw, input="dense", labels="categorical")
    assert [s.name for s in data.steps] == ["load", "flatten_scale", "one_hot"]
    assert data.x_train.shape == (300, 784) and data.x_train.dtype == np.float32
    np.testing.assert_array_equal(data.x_train[7], raw[0][0][7].reshape(-1).astype(np.float32) / np.float32(255))
    assert data.y_train.shape == (300, 10) and (data.y_train.argmax(1) == raw[0][1]).all()
    assert data.steps[1].shapes == {"x_train": (300, 784), "x_test": (100, 784)}
    conv = cases.MNIST.prepare(raw, input="conv", labels="sparse")
    assert conv.x_test.shape == (100, 28, 28, 1) and conv.y_test.dtype == np.int64
    assert conv.x_train.max() == 1.0 and conv.x_train.min() == 0.0
    with pytest.raises(DataError, match="input"):
        cases.MNIST.prepare(raw, input="rgb")


def _text_raw():
    x = np.empty(3, dtype=object)
    x[:] = [[1, 5, 5, 9], [1, 3], [1, 4, 7, 8, 2, 6]]
    return (x, np.array([0, 1, 1])), (x[:2], np.array([1, 0]))


def test_imdb_multi_hot_and_sequences():
    raw = _text_raw()
    data = cases.IMDB.prepare(raw, num_words=10)
    assert [s.name for s in data.steps] == ["load", "multi_hot", "float_labels"]
    assert data.x_train.shape == (3, 10) and data.x_train.dtype == np.float32
    np.testing.assert_array_equal(np.flatnonzero(data.x_train[0]), [1, 5, 9])
    assert data.y_train.dtype == np.float32 and data.y_train.tolist() == [0, 1, 1]
    seq = cases.IMDB.prepare(raw, num_words=10, input="sequence", maxlen=4, padding="post", truncating="post")
    np.testing.assert_array_equal(seq.x_train, [[1, 5, 5, 9], [1, 3, 0, 0], [1, 4, 7, 8]])
    assert "pad_sequences(x, maxlen=4" in seq.steps[1].code


def test_reuters_labels_and_names():
    raw = _text_raw()
    data = cases.REUTERS.prepare(raw, num_words=10)
    assert data.y_train.shape == (3, 46) and data.info["class_names"][3] == "earn"
    sparse = cases.REUTERS.prepare(raw, num_words=10, labels="sparse")
    assert sparse.y_train.tolist() == [0, 1, 1] and sparse.steps[-1].name == "integer_labels"
    wi = {"the": 1, "of": 2}
    assert cases.REUTERS.decode([1, 4, 5, 2], word_index=wi) == "[START] the of [OOV]"


def test_boston_standardization_uses_training_statistics_only():
    rng = np.random.default_rng(0)
    x_train = rng.normal(5.0, 3.0, size=(40, 13))
    x_test = rng.normal(50.0, 1.0, size=(10, 13))  # wildly different: must not influence the scaling
    x_train[:, 3] = 1.0  # a constant feature: std kept at 1
    raw = (x_train, rng.normal(size=40)), (x_test, rng.normal(size=10))
    data = cases.BOSTON_HOUSING.prepare(raw)
    mean, std = x_train.mean(axis=0), x_train.std(axis=0)
    std[3] = 1.0
    np.testing.assert_allclose(data.x_test, (x_test - mean) / std, rtol=1e-5)
    np.testing.assert_allclose(data.x_train.mean(axis=0), np.where(np.arange(13) == 3, 0, 0), atol=1e-5)
    assert data.x_train.dtype == np.float32 and data.y_train.dtype == np.float32
    assert [s.name for s in data.steps] == ["load", "standardize", "float32"]
    np.testing.assert_allclose(data.info["standardizer"].inverse_transform(data.x_train), x_train, atol=1e-4)


def test_boston_real_data_standardized(shared):
    path = str(shared / "boston_housing" / "boston_housing.npz")
    data = cases.BOSTON_HOUSING.prepare(path=path)
    assert data.x_train.shape == (404, 13) and data.x_test.shape == (102, 13)
    np.testing.assert_allclose(data.x_train.std(axis=0), 1.0, rtol=1e-4)
    np.testing.assert_allclose(data.y_train[:3], [15.2, 42.3, 50.0], rtol=1e-6)


def test_k_fold_the_books_way():
    folds = k_fold_splits(404, 4)
    assert len(folds) == 4
    for i, (train, val) in enumerate(folds):
        assert len(val) == 101 and len(train) == 303
        np.testing.assert_array_equal(val, np.arange(101 * i, 101 * (i + 1)))
        assert not set(train) & set(val)
    np.testing.assert_array_equal(np.sort(np.concatenate([v for _, v in folds])), np.arange(404))
    odd = k_fold_splits(10, 3)  # 3 per fold, the last sample always trains
    assert [len(v) for _, v in odd] == [3, 3, 3] and all(9 in t for t, _ in odd)
    shuffled = k_fold_splits(20, 4, shuffle=True, seed=1)
    assert sorted(np.concatenate([v for _, v in shuffled]).tolist()) == list(range(20))
    with pytest.raises(DataError):
        k_fold_splits(10, 1)
    with pytest.raises(DataError):
        Standardizer().transform(np.zeros((2, 2)))


def test_presets_table_matches_the_tutorial():
    p = cases.MNIST.preset()
    assert p.name == "mnist_dense" and p.input_shape == (784,)
    assert [(l["class_name"], l["config"].get("units"), l["config"].get("activation")) for l in p.layers] == \
        [("Dense", 512, "relu"), ("Dense", 10, "softmax")]
    assert p.compile_kwargs() == {"optimizer": "rmsprop", "loss": "categorical_crossentropy",
                                  "metrics": ["accuracy"]}
    assert p.fit_kwargs() == {"batch_size": 128, "epochs": 5}
    assert cases.IMDB.preset().fit_kwargs() == {"batch_size": 512, "epochs": 4}
    assert [l["config"]["units"] for l in cases.REUTERS.preset().layers] == [64, 64, 46]
    b = cases.BOSTON_HOUSING.preset()
    assert (b.loss, b.metrics, b.input_shape, b.epochs) == ("mse", ("mae",), (13,), 100)
    assert set(presets.PRESETS) >= {"mnist_dense", "mnist_conv", "imdb_dense", "imdb_lstm", "reuters_dense",
                                    "boston_dense"}
    assert cases.get_case("imdb") is cases.IMDB
    with pytest.raises(DataError):
        cases.get_case("cifar")


def test_preset_builds_an_engine_model():
    from netbuilder.core import models
    if not hasattr(models, "Sequential"):
        pytest.skip("the engine's Sequential is not available yet")
    model = cases.MNIST.preset().build_model()
    out = model.predict(np.zeros((2, 784), np.float32), verbose=0)
    assert out.shape == (2, 10)
    np.testing.assert_allclose(out.sum(axis=1), 1.0, rtol=1e-5)
