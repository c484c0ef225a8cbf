"""Training health verdicts from real runs, and their remedies as config edits that build."""

import numpy as np
import pytest

from netbuilder.core import layers, models, utils
from netbuilder.core.introspect import LayerHealth, LayerStats
from netbuilder.core.introspect import health as H


def _deep(activation, depth=7, init="glorot_uniform"):
    utils.set_random_seed(0)
    model = models.Sequential([layers.Dense(16, activation=activation, input_shape=(8,), kernel_initializer=init)]
                              + [layers.Dense(16, activation=activation, kernel_initializer=init)
                                 for _ in range(depth - 1)]
                              + [layers.Dense(1, activation="sigmoid")])
    model.compile(optimizer="sgd", loss="binary_crossentropy")
    return model


def _run(model, epochs=1):
    rs = np.random.default_rng(0)
    x = rs.standard_normal((64, 8)).astype("float32")
    y = (x[:, :1] > 0).astype("float32")
    cb = LayerStats(sample_x=x[:32])
    model.fit(x, y, epochs=epochs, batch_size=16, verbose=0, callbacks=[cb])
    return cb.epochs


def test_deep_sigmoid_network_has_vanishing_gradients_and_relu_he_cures_it():
    found = H.diagnose(_run(_deep("sigmoid")))
    codes = [d.code for d in found]
    assert "health_vanishing" in codes
    d = found[codes.index("health_vanishing")]
    assert d.kind == "underfitting" and d.remedies[0] == "relu_hidden" and d.params["ratio"] > 1e3
    config = models.serialize_model(_deep("sigmoid"))
    fixed = H.apply_remedy("he_initializer", H.apply_remedy("relu_hidden", config))
    model = models.model_from_config(fixed)
    model.compile(optimizer="sgd", loss="binary_crossentropy")
    assert [l.activation.name for l in model.layers[:-1]] == ["relu"] * 7
    assert model.layers[-1].activation.name == "sigmoid"  # the output keeps its activation
    assert "health_vanishing" not in [d.code for d in H.diagnose(_run(model))]


def test_a_relu_layer_that_never_fires_is_reported_dead_and_leaky_relu_is_offered():
    model = _deep("relu", depth=2)
    w = model.layers[0].get_weights()
    model.layers[0].set_weights([w[0], np.full_like(w[1], -50.0)])
    dead = [d for d in H.diagnose(_run(model)) if d.code == "health_dead_relu"]
    # the first layer never fires; the second, fed only zeros, outputs relu(0 + its zero bias) = 0 too
    assert [d.params for d in dead] == [{"layer": l.name, "share": 1.0} for l in model.layers[:2]]
    assert dead[0].remedies[0] == "leaky_relu"
    fixed = H.leaky_relu(models.serialize_model(model))
    assert [e["config"]["activation"] for e in fixed["config"]["layers"] if e["class_name"] == "Dense"][:2] == \
        ["leaky_relu", "leaky_relu"]


def _health(grad, dead=None, sat=None, act="relu"):
    return LayerHealth({}, {}, {"kernel": grad}, {}, act, dead, sat)


def test_exploding_needs_a_large_and_grown_norm_and_non_finite_is_always_reported():
    calm = [{"a": _health(1.0), "b": _health(2.0)}, {"a": _health(5.0), "b": _health(3.0)}]
    assert H.diagnose(calm) == []
    grown = [{"a": _health(1.0), "b": _health(2.0)}, {"a": _health(5e3), "b": _health(3.0)}]
    (d,) = H.diagnose(grown)
    assert (d.code, d.kind, d.params["layer"], d.remedies[0]) == ("health_exploding", "divergence", "a",
                                                                  "lower_learning_rate")
    big_from_start = [{"a": _health(4e3)}, {"a": _health(5e3)}]
    assert H.diagnose(big_from_start) == []  # large but not growing: a scale, not an explosion
    (d,) = H.diagnose([{"a": _health(float("nan"))}])
    assert d.code == "health_exploding_nonfinite"


def test_saturated_layer_is_reported():
    (d,) = H.diagnose([{"t": _health(1.0, sat=0.75, act="tanh")}])
    assert d.code == "health_saturated" and d.params["activation"] == "tanh"


@pytest.mark.parametrize("functional", [False, True])
def test_add_batchnorm_inserts_after_hidden_layers_and_the_model_builds(functional):
    utils.set_random_seed(0)
    if functional:
        inp = layers.Input(shape=(4,))
        h = layers.Dense(5, activation="relu", name="h1")(inp)
        h = layers.Dense(5, activation="relu", name="h2")(h)
        model = models.Model(inp, layers.Dense(1, name="out")(h))
    else:
        model = models.Sequential([layers.Dense(5, activation="relu", input_shape=(4,), name="h1"),
                                   layers.Dense(5, activation="relu", name="h2"), layers.Dense(1, name="out")])
    config = H.add_batchnorm(models.serialize_model(model))
    rebuilt = models.model_from_config(config)
    kinds = [type(l).__name__ for l in rebuilt.layers if type(l).__name__ != "InputLayer"]
    assert kinds == ["Dense", "BatchNormalization", "Dense", "BatchNormalization", "Dense"]
    assert H.add_batchnorm(config) == config  # already there: nothing added twice
    assert rebuilt.predict(np.ones((2, 4), "float32"), verbose=0).shape == (2, 1)


def test_clip_gradients_sets_clipnorm_only():
    opt = {"class_name": "SGD", "config": {"learning_rate": 0.1, "clipvalue": 0.5}}
    assert H.clip_gradients(opt) == {"class_name": "SGD", "config": {"learning_rate": 0.1, "clipnorm": 1.0}}
    assert opt["config"]["clipvalue"] == 0.5  # the argument is left as it was
    with pytest.raises(ValueError, match="'lower_learning_rate'"):
        H.apply_remedy("lower_learning_rate", {})
