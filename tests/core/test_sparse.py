"""Compressed multi-hot inputs: SparseMatrix / SparseRows and the sparse first-Dense path of fit."""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from netbuilder.core import layers, models, sparse, testing, utils
from netbuilder.core.sparse import SparseMatrix, SparseRows


def multi_hot(n=300, d=2000, words=20, seed=0, dtype="float32"):
    rs = np.random.default_rng(seed)
    x = np.zeros((n, d), dtype)
    idx = np.minimum((rs.pareto(1.0, size=(n, words)) * 10).astype(int), d - 1)
    np.put_along_axis(x, idx, 1.0, axis=1)
    return x


# ---------------------------------------------------------------- conversion
def test_from_dense_round_trip_binary():
    x = multi_hot()
    x[5] = 0  # an empty row inside
    x[-1] = 0  # and at the end
    m = SparseMatrix.from_dense(x)
    assert m is not None and m.values is None  # all ones: values not stored
    assert m.density == pytest.approx(np.count_nonzero(x) / x.size)
    np.testing.assert_array_equal(m.take(np.arange(len(x))).toarray(), x)


def test_from_dense_keeps_non_binary_values_and_nan():
    x = multi_hot()
    x[3, 7] = 2.5
    x[4, 9] = np.nan
    m = SparseMatrix.from_dense(x)
    assert m is not None and m.values is not None
    rows = m.take(np.array([3, 4]))
    dense = rows.toarray()
    assert dense[0, 7] == 2.5 and np.isnan(dense[1, 9])


@pytest.mark.parametrize("case", ["dense", "narrow", "int", "3d", "not_contiguous", "empty"])
def test_from_dense_refuses(case):
    rs = np.random.default_rng(0)
    x = {
        "dense": rs.random((200, 2000), dtype="float32"),
        "narrow": multi_hot(d=2000)[:, :500].copy(),
        "int": multi_hot().astype("int64"),
        "3d": multi_hot().reshape(300, 20, 100),
        "not_contiguous": np.asfortranarray(multi_hot()),
        "empty": np.zeros((0, 2000), "float32"),
    }[case]
    assert SparseMatrix.from_dense(x) is None


def test_from_dense_gives_up_when_the_sample_missed_the_dense_rows():
    x = multi_hot(n=3000)
    x[1:1000:2] = 1.0  # dense rows between the sampled ones: the full pass exceeds the budget
    assert SparseMatrix.from_dense(x) is None


def test_take_slice_equals_index_array():
    x = multi_hot()
    m = SparseMatrix.from_dense(x)
    a = m[slice(10, 42)].toarray()
    b = m[np.arange(10, 42)].toarray()
    np.testing.assert_array_equal(a, b)
    np.testing.assert_array_equal(a, x[10:42])


# ---------------------------------------------------------------- products
@settings(max_examples=40, deadline=None)
@given(n=st.integers(1, 40), d=st.integers(1000, 1400), u=st.integers(1, 70),
       density=st.floats(0.0, 0.03), weighted=st.booleans(), seed=st.integers(0, 2**16))
def test_products_equal_dense(n, d, u, density, weighted, seed):
    rs = np.random.default_rng(seed)
    x = (rs.random((n, d)) < density).astype("float64")
    if weighted:
        x *= rs.standard_normal((n, d))
    x[rs.random(n) < 0.2] = 0.0  # some empty rows
    m = SparseMatrix.from_dense(x, max_density=1.0)
    if m is None:  # nothing qualifies only through MIN_FEATURES/contiguity, not here
        pytest.fail("from_dense refused a qualifying array")
    batch = m.take(rs.permutation(n))
    dense = batch.toarray()
    kernel = rs.standard_normal((d, u))
    grad = rs.standard_normal((n, u))
    np.testing.assert_allclose(batch.matmul(kernel), dense @ kernel, atol=1e-9)
    np.testing.assert_allclose(batch @ kernel, dense @ kernel, atol=1e-9)
    np.testing.assert_allclose(batch.t_matmul(grad), dense.T @ grad, atol=1e-9)


def test_all_rows_empty():
    m = SparseMatrix(np.zeros(4, np.int64), np.zeros(0, np.uint16), None, (3, 1200))
    rows = m.take(np.array([2, 0]))
    assert rows.matmul(np.ones((1200, 5), "float32")).tolist() == [[0.0] * 5] * 2
    assert not rows.t_matmul(np.ones((2, 5), "float32")).any()


# ---------------------------------------------------------------- Dense on SparseRows
def test_dense_kernel_and_bias_gradients_on_sparse_rows_float64():
    """Central differences of sum(Dense(x) * R) w.r.t. kernel and bias, x given compressed."""
    x = multi_hot(n=6, d=1000, words=5, seed=3, dtype="float64")
    x[2, 11] = -1.5  # a non-binary value
    rows = SparseMatrix.from_dense(x).take(np.arange(6))
    with testing.float64():
        layer = layers.Dense(4, activation="tanh")
        layer._build_once((None, 1000))
        r = np.random.default_rng(1).standard_normal((6, 4))

        def loss():
            return float(np.sum(layer.run_forward(rows, training=True) * r))

        np.testing.assert_allclose(layer.run_forward(rows), layer.run_forward(x), atol=1e-12)
        layer.run_forward(rows, training=True)
        layer.input_grad_needed = False
        assert layer.run_backward(r) is None
        for key in ("kernel", "bias"):
            numeric = testing.numeric_gradient(loss, layer.params[key])
            testing.assert_close(layer.grads[key], numeric, 1e-6, 1e-4, f"d/d {key}")


# ---------------------------------------------------------------- fit
def _text_model(extra=None):
    utils.set_random_seed(0)
    inp = layers.Input(shape=(1500,))
    h = layers.Dense(8, activation="relu")(inp)
    if extra is not None:
        h = layers.Concatenate()([h, extra(inp)])
    out = layers.Dense(1, activation="sigmoid")(h)
    model = models.Model(inp, out)
    model.compile(optimizer="rmsprop", loss="binary_crossentropy", metrics=["accuracy"])
    return model


def _fit(enabled, extra=None, monkeypatch=None):
    x = multi_hot(n=400, d=1500, words=25, seed=4)
    y = (x[:, :30].sum(axis=1, keepdims=True) > 3).astype("float32")
    model = _text_model(extra)
    monkeypatch.setattr(sparse, "ENABLED", enabled)
    calls = []
    real_t, real_f = SparseRows.t_matmul, SparseRows.matmul

    def counting_t(self, grad):
        calls.append("backward")
        return real_t(self, grad)

    def counting_f(self, kernel):
        calls.append("forward")
        return real_f(self, kernel)

    monkeypatch.setattr(SparseRows, "t_matmul", counting_t)
    monkeypatch.setattr(SparseRows, "matmul", counting_f)
    history = model.fit(x, y, batch_size=64, epochs=3, validation_split=0.2, verbose=0)
    return model, history.history, calls


def test_fit_with_compressed_input_matches_dense_fit(monkeypatch):
    m1, h1, calls = _fit(True, monkeypatch=monkeypatch)
    m2, h2, calls_dense = _fit(False, monkeypatch=monkeypatch)
    # per epoch: 320 training rows / 64 = 5 batches forward and backward, 80 validation rows = 2 forward
    assert calls.count("backward") == 3 * 5 and calls.count("forward") == 3 * (5 + 2)
    assert not calls_dense
    assert h1.keys() == h2.keys()
    for k in h1:
        np.testing.assert_allclose(h1[k], h2[k], rtol=1e-5, atol=1e-6)
    for a, b in zip(m1.get_weights(), m2.get_weights()):
        np.testing.assert_allclose(a, b, atol=1e-5)
    assert h1["accuracy"][-1] > 0.6


def test_input_read_by_another_layer_type_stays_dense(monkeypatch):
    _, _, calls = _fit(True, extra=lambda t: layers.Dropout(0.1)(t), monkeypatch=monkeypatch)
    assert calls == []


def test_dense_data_is_not_compressed():
    model = _text_model()
    x = np.random.default_rng(0).random((50, 1500), dtype="float32")
    out = model._compressed_inputs([x])
    assert out[0] is x
    sparse_x = multi_hot(n=50, d=1500)
    assert isinstance(model._compressed_inputs([sparse_x])[0], SparseMatrix)


def test_input_read_by_two_dense_layers_is_compressed_and_matches(monkeypatch):
    def second(t):
        return layers.Dense(3, activation="tanh")(t)

    m1, h1, calls = _fit(True, extra=second, monkeypatch=monkeypatch)
    m2, h2, _ = _fit(False, extra=second, monkeypatch=monkeypatch)
    assert calls.count("backward") == 2 * 3 * 5  # both readers get compressed batches
    for k in h1:
        np.testing.assert_allclose(h1[k], h2[k], rtol=1e-5, atol=1e-6)
    for a, b in zip(m1.get_weights(), m2.get_weights()):
        np.testing.assert_allclose(a, b, atol=1e-5)


def test_two_inputs_one_compressed(monkeypatch):
    def build():
        utils.set_random_seed(0)
        words, numbers = layers.Input(shape=(1200,)), layers.Input(shape=(3,))
        h = layers.Concatenate()([layers.Dense(4, activation="relu")(words), numbers])
        model = models.Model([words, numbers], layers.Dense(1)(h))
        model.compile(optimizer="adam", loss="mse")
        return model

    x1 = multi_hot(n=200, d=1200, seed=5)
    x2 = np.random.default_rng(6).standard_normal((200, 3)).astype("float32")
    y = x1[:, :10].sum(axis=1, keepdims=True) + x2[:, :1]
    results = []
    for enabled in (True, False):
        monkeypatch.setattr(sparse, "ENABLED", enabled)
        model = build()
        kinds = [type(a).__name__ for a in model._compressed_inputs([x1, x2])]
        history = model.fit([x1, x2], y, batch_size=32, epochs=2, verbose=0).history
        results.append((kinds, history["loss"], model.get_weights()))
    assert results[0][0] == ["SparseMatrix", "ndarray"] and results[1][0] == ["ndarray", "ndarray"]
    np.testing.assert_allclose(results[0][1], results[1][1], rtol=1e-5)
    for a, b in zip(results[0][2], results[1][2]):
        np.testing.assert_allclose(a, b, atol=1e-5)
