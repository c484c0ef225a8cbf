"""BatchNormalization: Keras 3 maths in training and inference, moving statistics, gradients."""

import numpy as np
import pytest

from netbuilder.core import testing
from netbuilder.core.errors import ConfigError, ShapeError
from netbuilder.core.layers import BatchNormalization, Input
from netbuilder.core.registry import LAYERS
from netbuilder.core.testing import check_layer_gradients


def _reference(x, mean, var, gamma, beta, eps, axis):
    shape = [1] * x.ndim
    shape[axis] = -1
    r = lambda v: np.reshape(v, shape)  # noqa: E731
    return r(gamma) * (x - r(mean)) / np.sqrt(r(var) + eps) + r(beta)


@pytest.mark.parametrize(("shape", "axis"), [((6, 4), -1), ((3, 5, 4), -1), ((2, 3, 4, 5), 1)])
def test_training_forward_and_moving_stats(shape, axis):
    rs = np.random.default_rng(0)
    x = (rs.standard_normal(shape) * 3 + 1.5).astype("float32")
    layer = BatchNormalization(axis=axis, momentum=0.9, epsilon=1e-3)
    layer(x[:1])  # build
    gamma = rs.uniform(0.5, 2.0, layer.gamma.shape).astype("float32")
    beta = rs.standard_normal(layer.beta.shape).astype("float32")
    layer.set_weights([gamma, beta, np.zeros_like(gamma), np.ones_like(gamma)])
    y = layer(x, training=True)
    ax = axis % x.ndim
    red = tuple(i for i in range(x.ndim) if i != ax)
    x64 = x.astype("float64")
    mean, var = x64.mean(axis=red), x64.var(axis=red)  # biased variance, as Keras
    np.testing.assert_allclose(y, _reference(x64, mean, var, gamma, beta, 1e-3, ax), rtol=1e-4, atol=1e-4)
    np.testing.assert_allclose(layer.moving_mean, 0.1 * mean, rtol=1e-5, atol=1e-6)
    np.testing.assert_allclose(layer.moving_variance, 0.9 + 0.1 * var, rtol=1e-5)


def test_inference_uses_moving_stats():
    rs = np.random.default_rng(1)
    x = rs.standard_normal((5, 3)).astype("float32")
    layer = BatchNormalization(epsilon=0.01)
    layer(x)
    mm, mv = np.array([0.5, -1.0, 2.0], "float32"), np.array([4.0, 0.25, 1.0], "float32")
    gamma, beta = np.array([1.0, 2.0, 0.5], "float32"), np.array([0.0, 1.0, -1.0], "float32")
    layer.set_weights([gamma, beta, mm, mv])
    y = layer(x, training=False)
    np.testing.assert_allclose(y, _reference(x, mm, mv, gamma, beta, 0.01, 1), rtol=1e-5, atol=1e-6)
    np.testing.assert_array_equal(layer.moving_mean, mm)  # inference does not update


def test_frozen_layer_runs_in_inference_mode():
    layer = BatchNormalization(trainable=False)
    x = np.random.default_rng(2).standard_normal((4, 3)).astype("float32") + 5
    y = layer(x, training=True)
    np.testing.assert_allclose(y, x / np.sqrt(1 + 1e-3), rtol=1e-5)
    np.testing.assert_array_equal(layer.moving_mean, np.zeros(3))


def test_moving_stats_converge_to_data_stats():
    rs = np.random.default_rng(3)
    layer = BatchNormalization(momentum=0.9)
    for _ in range(200):
        layer(rs.normal(2.0, 3.0, (64, 2)).astype("float32"), training=True)
    np.testing.assert_allclose(layer.moving_mean, [2.0, 2.0], atol=0.3)
    np.testing.assert_allclose(layer.moving_variance, [9.0, 9.0], rtol=0.15)


@pytest.mark.parametrize("training", [True, False])
@pytest.mark.parametrize(("shape", "axis", "center", "scale"), [
    ((5, 3), -1, True, True), ((2, 3, 4), -1, True, True), ((2, 3, 2, 2), 1, True, True),
    ((4, 3), -1, False, True), ((4, 3), -1, True, False)])
def test_gradients(training, shape, axis, center, scale):
    rs = np.random.default_rng(4)
    layer = BatchNormalization(axis=axis, center=center, scale=scale,
                               gamma_initializer="glorot_uniform")
    with testing.float64():
        layer._build_once((None,) + shape[1:])
    # non-trivial moving statistics for inference mode
    layer.moving_mean[...] = rs.standard_normal(layer.moving_mean.shape)
    layer.moving_variance[...] = rs.uniform(0.5, 2.0, layer.moving_variance.shape)
    check_layer_gradients(layer, rs.standard_normal(shape) * 2 + 1, training=training)


def test_weights_names_order_and_trainability():
    layer = BatchNormalization()
    layer(np.zeros((2, 3, 7), "float32"))
    assert list(layer.params) == ["gamma", "beta", "moving_mean", "moving_variance"]
    assert all(w.shape == (7,) for w in layer.weights)
    assert layer.trainable_keys() == ["gamma", "beta"] and len(layer.non_trainable_weights) == 2
    np.testing.assert_array_equal(layer.moving_variance, np.ones(7))
    assert layer.count_params() == 28
    layer2 = BatchNormalization(center=False)
    layer2(np.zeros((2, 3), "float32"))
    assert list(layer2.params) == ["gamma", "moving_mean", "moving_variance"]


def test_shape_errors():
    with pytest.raises(ShapeError, match=r"axis=3 .*\(None, 4\)") as info:
        BatchNormalization(axis=3, name="bn")(Input(shape=(4,)))
    assert info.value.layer == "bn" and info.value.code == "batchnorm_axis"
    with pytest.raises(ShapeError, match="known size"):
        BatchNormalization().compute_output_shape((None, 5, None))
    layer = BatchNormalization()
    layer(np.zeros((2, 3), "float32"))
    with pytest.raises(ShapeError, match="built for 3 features"):
        layer(np.zeros((2, 4), "float32"))


@pytest.mark.parametrize(("kwargs", "arg"), [({"axis": 0}, "axis"), ({"axis": 1.5}, "axis"),
                                             ({"momentum": 1.5}, "momentum"), ({"momentum": -0.1}, "momentum"),
                                             ({"epsilon": 0}, "epsilon"), ({"epsilon": "a"}, "epsilon")])
def test_config_errors(kwargs, arg):
    with pytest.raises(ConfigError, match=arg) as info:
        BatchNormalization(**kwargs)
    assert info.value.params["arg"] == arg


def test_config_round_trip():
    layer = BatchNormalization(axis=1, momentum=0.9, epsilon=1e-5, center=False,
                               gamma_regularizer="l2", name="bn1")
    config = layer.get_config()
    for key in ("axis", "momentum", "epsilon", "center", "scale", "beta_initializer",
                "gamma_initializer", "moving_mean_initializer", "moving_variance_initializer",
                "beta_regularizer", "gamma_regularizer", "beta_constraint", "gamma_constraint"):
        assert key in config
    assert BatchNormalization.from_config(config).get_config() == config
    assert LAYERS.meta("BatchNormalization")["group"] == "Normalization"


def test_layer_contract():
    from netbuilder.core.testing import run_layer_test

    run_layer_test(BatchNormalization, {}, (4, 3, 5), expected_output_shape=(None, 3, 5),
                   expected_num_trainable_weights=2, expected_num_params=20)


def test_in_a_model_fit_updates_moving_stats_and_save_load_keeps_them(tmp_path):
    from netbuilder.core.layers import Dense
    from netbuilder.core.models import Sequential, load_model

    rs = np.random.default_rng(5)
    x = (rs.standard_normal((64, 3)) * 4 + 2).astype("float32")
    y = x.sum(axis=1, keepdims=True)
    bn = BatchNormalization(momentum=0.5)
    model = Sequential([Input(shape=(3,)), bn, Dense(1)])
    model.compile(optimizer="sgd", loss="mse")
    model.fit(x, y, epochs=3, batch_size=16, verbose=0)
    assert np.all(np.abs(bn.get_weights()[2]) > 0.5)  # moving_mean moved towards ~2
    mm, mv = bn.get_weights()[2:]
    gamma, beta = bn.get_weights()[:2]
    dense_w, dense_b = model.layers[-1].get_weights()
    expected = _reference(x, mm, mv, gamma, beta, 1e-3, 1) @ dense_w + dense_b  # inference path
    np.testing.assert_allclose(model.predict(x, verbose=0), expected, rtol=1e-4, atol=1e-4)
    path = tmp_path / "bn.keras"
    model.save(path)
    loaded = load_model(path, compile=False)
    np.testing.assert_allclose(loaded.predict(x, verbose=0), model.predict(x, verbose=0), rtol=1e-6)
