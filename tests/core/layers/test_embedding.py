"""Embedding and Masking: lookup, masks, scatter-add gradient, index errors, configs."""

import warnings

import numpy as np
import pytest

from netbuilder.core import testing, utils
from netbuilder.core.errors import ConfigError, DataError
from netbuilder.core.layers import LSTM, Dense, Embedding, Input, Masking, fused
from netbuilder.core.layers.embedding import scatter_add_rows
from netbuilder.core.registry import LAYERS
from netbuilder.core.testing import check_gradient, check_layer_gradients


@pytest.fixture(autouse=True, params=["compiled", "numpy"])
def _passes(request, monkeypatch):
    """Every test runs with the compiled one-pass kernels (``layers.fused``) and with the NumPy code."""
    if request.param == "compiled" and not fused.AVAILABLE:
        pytest.skip("the _fused_layers extension is not built")
    monkeypatch.setattr(fused, "ENABLED", request.param == "compiled")


def test_lookup_and_shapes():
    layer = Embedding(6, 3)
    idx = np.array([[0, 5, 5], [2, 1, 0]])
    out = layer(idx)
    assert out.shape == (2, 3, 3) and out.dtype == np.float32
    np.testing.assert_array_equal(out, layer.embeddings[idx])
    assert layer.compute_output_shape((None, 7)) == (None, 7, 3)
    assert layer.compute_output_shape((None, None)) == (None, None, 3)
    assert layer.count_params() == 18


def test_default_initializer_is_keras_uniform():
    utils.set_random_seed(0)
    layer = Embedding(2000, 16)
    layer._build_once((None, 4))
    w = layer.embeddings
    assert w.min() >= -0.05 and w.max() <= 0.05
    assert w.min() < -0.049 and w.max() > 0.049  # fills the whole range
    assert layer.get_config()["embeddings_initializer"]["class_name"] == "RandomUniform"


def test_float_indices_are_truncated_like_keras():
    layer = Embedding(5, 2)
    np.testing.assert_array_equal(layer(np.array([[1.0, 4.0]])), layer(np.array([[1, 4]])))


def test_mask_zero():
    idx = np.array([[0, 3, 0], [1, 2, 4]])
    assert Embedding(5, 2).compute_mask(idx) is None
    np.testing.assert_array_equal(Embedding(5, 2, mask_zero=True).compute_mask(idx), idx != 0)


@pytest.mark.parametrize("bad,value", [(7, 7), (-1, -1), (100, 100)])
def test_out_of_range_indices_name_the_value(bad, value):
    layer = Embedding(7, 2)
    idx = np.array([[0, 1, bad]])
    with pytest.raises(DataError, match=rf"index {value}\b.*input_dim=7") as err:
        layer(idx)
    assert err.value.code == "embedding_index" and err.value.params["value"] == value
    with pytest.raises(DataError):
        layer.check_input_data(idx)
    layer.check_input_data(np.array([[0, 6]]))  # in range: no error


def test_training_loop_checks_indices_before_training():
    from netbuilder.core.models import Sequential

    model = Sequential([Input(shape=(3,), dtype="int32"), Embedding(10, 2), LSTM(2), Dense(1)])
    model.compile(optimizer="sgd", loss="mse")
    x = np.array([[1, 2, 3], [4, 5, 12]])
    with pytest.raises(DataError, match="index 12"):
        model.fit(x, np.zeros((2, 1)), epochs=1, verbose=0)


@pytest.mark.parametrize("kw", [{"input_dim": 0, "output_dim": 2}, {"input_dim": 5, "output_dim": 1.5},
                                {"input_dim": True, "output_dim": 2}])
def test_bad_dims(kw):
    with pytest.raises(ConfigError, match="input_dim|output_dim"):
        Embedding(**kw)


def test_input_length_is_ignored_with_a_warning():
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        layer = Embedding(5, 2, input_length=10)
    assert any("input_length" in str(w.message) for w in caught)
    assert "input_length" not in layer.get_config()


def test_scatter_add_matches_add_at_with_repeats():
    rs = np.random.default_rng(0)
    idx = rs.integers(0, 50, (40, 30))
    idx[:, :10] = 7  # many repeats of one row
    g = rs.standard_normal((40, 30, 6))
    expected = np.zeros((50, 6))
    np.add.at(expected, idx.reshape(-1), g.reshape(-1, 6))
    np.testing.assert_allclose(scatter_add_rows(np, 50, idx, g), expected, rtol=1e-12, atol=1e-12)


def test_backward_fills_the_embedding_gradient_and_returns_none():
    layer = Embedding(4, 2)
    idx = np.array([[1, 1, 3]])
    layer(idx)
    g = np.arange(6, dtype="float32").reshape(1, 3, 2)
    assert layer.backward(g) is None
    np.testing.assert_array_equal(layer.grads["embeddings"], [[0, 0], [2, 4], [0, 0], [4, 5]])


def test_gradient_check():
    idx = np.random.default_rng(2).integers(0, 6, (3, 5))
    idx[0, :3] = 2
    check_layer_gradients(Embedding(6, 3), idx)


def test_weights_argument_and_config_round_trip():
    w = np.arange(12, dtype="float32").reshape(4, 3)
    layer = Embedding(4, 3, weights=[w], mask_zero=True, embeddings_regularizer="l2", name="emb")
    np.testing.assert_array_equal(layer(np.array([[2]]))[0, 0], w[2])
    config = layer.get_config()
    assert config["mask_zero"] is True and config["input_dim"] == 4
    assert Embedding.from_config(config).get_config() == config
    assert LAYERS.lookup("Embedding") is Embedding and LAYERS.lookup("embedding") is Embedding
    assert LAYERS.meta("Embedding")["group"] == "Embedding"


def test_layer_contract():
    testing.run_layer_test(Embedding, {"input_dim": 5, "output_dim": 3}, (2, 4),
                           expected_output_shape=(None, 4, 3), expected_num_trainable_weights=1,
                           input_dtype="int32")


# ----------------------------------------------------------------------------- Masking
def _padded():
    x = np.random.default_rng(3).standard_normal((2, 4, 3))
    x[0, 2:] = 0.0
    x[1, 0] = 0.0
    return x


def test_masking_forward_and_mask():
    x = _padded()
    x[1, 1, 0] = 0.0  # one zero feature does not mask a step
    layer = Masking()
    np.testing.assert_array_equal(layer.compute_mask(x), [[1, 1, 0, 0], [0, 1, 1, 1]])
    np.testing.assert_array_equal(layer.forward(x), x)
    y = Masking(mask_value=x[0, 0, 0]).forward(x)  # only a whole step equal to it is masked
    np.testing.assert_array_equal(y, x)


def test_masking_gradient():
    x = _padded()
    layer = Masking()
    layer(x)
    r = np.random.default_rng(4).standard_normal(x.shape)
    g = layer.backward(r)
    keep = np.any(x != 0, axis=-1, keepdims=True)
    np.testing.assert_array_equal(g[~keep[..., 0]], 0)

    # away from the masked steps the layer is the identity; check it numerically there
    def f(v):
        z = x.copy()
        z[keep[..., 0]] = v.reshape(-1, 3)
        return Masking().forward(z)[keep[..., 0]]

    check_gradient(f, lambda v, rr: rr.reshape(v.shape), x[keep[..., 0]].reshape(-1))


def test_masking_feeds_recurrent_layers():
    x = _padded()
    lstm = LSTM(2)
    with testing.float64():
        lstm._build_once((None, 4, 3))
    masked = lstm.run_forward(Masking().forward(x), mask=Masking().compute_mask(x))
    np.testing.assert_allclose(masked[0], lstm.run_forward(x[:1, :2])[0], rtol=1e-12)
    np.testing.assert_allclose(masked[1], lstm.run_forward(x[1:, 1:])[0], rtol=1e-12)
    config = Masking(mask_value=-1.0).get_config()
    assert Masking.from_config(config).mask_value == -1.0


def test_the_numpy_scatter_reuses_its_index_buffer(monkeypatch):
    """Without the compiled pass: the combined row*d+column indices live in one int32 buffer kept in
    ``scratch`` and reused while the batch shape holds (no new index array per step)."""
    monkeypatch.setattr(fused, "ENABLED", False)
    rs = np.random.default_rng(2)
    scratch = {}
    idx = rs.integers(0, 100, size=(6, 5))
    values = rs.standard_normal((6, 5, 4)).astype(np.float32)
    first = scatter_add_rows(np, 100, idx, values, scratch)
    buffer = scratch["comb"]
    assert buffer.dtype == np.int32 and buffer.shape == (30, 4)
    second = scatter_add_rows(np, 100, idx[::-1], values[::-1], scratch)
    assert scratch["comb"] is buffer  # reused
    assert np.allclose(first, second, atol=1e-5)
    scatter_add_rows(np, 100, idx[:2], values[:2], scratch)
    assert scratch["comb"] is not buffer and scratch["comb"].shape == (10, 4)  # a new batch shape
    want = np.zeros((100, 4), np.float32)
    np.add.at(want, idx[:2].reshape(-1), values[:2].reshape(-1, 4))
    assert np.array_equal(scatter_add_rows(np, 100, idx[:2], values[:2], scratch), want)
