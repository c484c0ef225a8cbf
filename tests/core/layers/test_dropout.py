"""Dropout: inverted dropout statistics, identity at inference, seeding, noise_shape, gradients."""

import numpy as np
import pytest

from netbuilder.core import utils
from netbuilder.core.errors import ConfigError, ShapeError
from netbuilder.core.layers import Dropout, Input
from netbuilder.core.registry import LAYERS
from netbuilder.core.testing import check_layer_gradients


def test_identity_at_inference():
    x = np.random.default_rng(0).standard_normal((5, 7)).astype("float32")
    layer = Dropout(0.5)
    np.testing.assert_array_equal(layer(x, training=False), x)
    g = np.ones_like(x)
    np.testing.assert_array_equal(layer.backward(g), g)


def test_rate_fraction_zeroed_and_expectation_preserved():
    utils.set_random_seed(0)
    rate = 0.3
    x = np.full((1000, 100), 2.0, dtype="float32")
    y = Dropout(rate)(x, training=True)
    assert y.dtype == np.float32
    zeroed = np.mean(y == 0)
    assert abs(zeroed - rate) < 0.01  # binomial std ~ 0.0015
    kept = y[y != 0]
    np.testing.assert_allclose(kept, 2.0 / (1 - rate), rtol=1e-6)  # scaled by 1 / (1 - rate)
    assert abs(y.mean() - 2.0) < 0.02  # E[y] = x


def test_backward_uses_the_forward_mask():
    layer = Dropout(0.5)
    x = np.random.default_rng(1).standard_normal((6, 8)).astype("float32")
    y = layer(x, training=True)
    g = np.random.default_rng(2).standard_normal((6, 8)).astype("float32")
    gx = layer.backward(g)
    dropped = y == 0
    assert np.all(gx[dropped] == 0)
    np.testing.assert_allclose(gx[~dropped], g[~dropped] * 2.0, rtol=1e-6)


@pytest.mark.parametrize("noise_shape", [None, (None, 1, 4)])
def test_gradients_training(noise_shape):
    x = np.random.default_rng(3).standard_normal((3, 5, 4))
    check_layer_gradients(Dropout(0.4, noise_shape=noise_shape), x, training=True, reseed=7)


def test_gradients_inference():
    check_layer_gradients(Dropout(0.4), np.random.default_rng(4).standard_normal((3, 4)))


def test_set_random_seed_makes_masks_repeatable():
    x = np.ones((20, 30), dtype="float32")
    layer = Dropout(0.5)
    utils.set_random_seed(123)
    a = layer(x, training=True)
    b = layer(x, training=True)
    utils.set_random_seed(123)
    np.testing.assert_array_equal(layer(x, training=True), a)
    assert not np.array_equal(a, b)  # the stream advances between batches


def test_own_seed_gives_an_independent_advancing_stream():
    x = np.ones((20, 30), dtype="float32")
    l1, l2 = Dropout(0.5, seed=5), Dropout(0.5, seed=5)
    a1, a2 = l1(x, training=True), l1(x, training=True)
    np.testing.assert_array_equal(l2(x, training=True), a1)
    assert not np.array_equal(a1, a2)


def test_noise_shape_shares_the_mask():
    utils.set_random_seed(0)
    x = np.ones((4, 6, 10), dtype="float32")
    y = Dropout(0.5, noise_shape=(None, 1, 10))(x, training=True)
    assert np.all(y == y[:, :1, :])  # same features dropped at every step
    assert 0 < np.mean(y == 0) < 1


def test_noise_shape_errors():
    with pytest.raises(ShapeError, match=r"noise_shape \(None, 1\).*3") as info:
        Dropout(0.5, noise_shape=(None, 1))(Input(shape=(4, 5)))
    assert info.value.code == "dropout_noise_rank" and info.value.layer is not None
    with pytest.raises(ShapeError, match="does not broadcast"):
        Dropout(0.5, noise_shape=(None, 3, 5)).compute_output_shape((None, 4, 5))
    with pytest.raises(ConfigError, match="noise_shape"):
        Dropout(0.5, noise_shape=(None, 0))


@pytest.mark.parametrize("rate", [-0.1, 1.0, 1.5, "half", None, True])
def test_rate_validated(rate):
    with pytest.raises(ConfigError, match=r"rate must be a float in \[0, 1\)") as info:
        Dropout(rate)
    assert info.value.params["arg"] == "rate" and info.value.params["value"] == repr(rate)


def test_seed_validated():
    with pytest.raises(ConfigError, match="seed"):
        Dropout(0.5, seed=-1)


def test_rate_zero_is_identity_in_training():
    x = np.random.default_rng(5).standard_normal((3, 4)).astype("float32")
    np.testing.assert_array_equal(Dropout(0.0)(x, training=True), x)


def test_config_round_trip():
    layer = Dropout(0.25, noise_shape=(None, 1, 3), seed=9, name="drop")
    config = layer.get_config()
    assert config["rate"] == 0.25 and config["noise_shape"] == [None, 1, 3] and config["seed"] == 9
    assert Dropout.from_config(config).get_config() == config
    assert LAYERS.meta("Dropout")["group"] == "Regularization" and Dropout.supports_masking


def test_layer_contract():
    from netbuilder.core.testing import run_layer_test

    run_layer_test(Dropout, {"rate": 0.5}, (2, 3), expected_output_shape=(None, 3),
                   expected_num_trainable_weights=0, expected_num_params=0)
