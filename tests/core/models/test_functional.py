import numpy as np
import pytest

from netbuilder.core import layers, models, optimizers, utils
from netbuilder.core.errors import GraphError
from netbuilder.core.models import analyze_config


def test_two_branch_model_trains_and_concatenates():
    utils.set_random_seed(0)
    a = layers.Input(shape=(3,), name="a")
    b = layers.Input(shape=(2,), name="b")
    ha = layers.Dense(8, activation="tanh")(a)
    hb = layers.Dense(8, activation="tanh")(b)
    merged = layers.Concatenate()([ha, hb])
    out = layers.Dense(1)(merged)
    model = models.Model(inputs=[a, b], outputs=out)
    rs = np.random.default_rng(0)
    xa, xb = rs.standard_normal((256, 3)), rs.standard_normal((256, 2))
    y = xa[:, :1] - 2 * xb[:, 1:]
    model.compile(optimizer=optimizers.Adam(learning_rate=0.01), loss="mse")
    h = model.fit({"a": xa, "b": xb}, y, epochs=40, batch_size=32, verbose=0)
    assert h.history["loss"][-1] < 0.1 * h.history["loss"][0]
    assert model.predict([xa[:5], xb[:5]]).shape == (5, 1)


def test_two_output_model_with_dict_losses_and_weights():
    utils.set_random_seed(0)
    inp = layers.Input(shape=(4,))
    h = layers.Dense(16, activation="relu")(inp)
    reg = layers.Dense(1, name="price")(h)
    cls = layers.Dense(3, activation="softmax", name="kind")(h)
    model = models.Model(inp, [reg, cls])
    model.compile(optimizer=optimizers.Adam(learning_rate=0.01), loss={"price": "mse", "kind": "sparse_categorical_crossentropy"},
                  loss_weights={"price": 0.5, "kind": 1.0}, metrics={"kind": ["accuracy"]})
    rs = np.random.default_rng(1)
    x = rs.standard_normal((300, 4)).astype("float32")
    y_reg = x.sum(axis=1, keepdims=True)
    y_cls = (x[:, 0] > 0).astype("int64") + (x[:, 1] > 0)
    hist = model.fit(x, [y_reg, y_cls], epochs=30, batch_size=32, verbose=0)
    keys = set(hist.history)
    assert {"loss", "price_loss", "kind_loss", "kind_accuracy"} <= keys
    last = {k: v[-1] for k, v in hist.history.items()}
    # both sides are sample-weighted means over the same batches: equal up to rounding
    assert last["loss"] == pytest.approx(0.5 * last["price_loss"] + last["kind_loss"], rel=1e-6)
    ev = model.evaluate(x, [y_reg, y_cls], verbose=0, return_dict=True)
    assert ev["loss"] == pytest.approx(0.5 * ev["price_loss"] + ev["kind_loss"], rel=1e-6)
    assert last["kind_accuracy"] > 0.8


def test_cycle_and_dangling_refs_in_config_are_reported_per_layer():
    cfg = {"name": "m", "layers": [
        {"name": "in", "class_name": "InputLayer", "config": {"batch_shape": [None, 4], "name": "in"}, "inputs": []},
        {"name": "d1", "class_name": "Dense", "config": {"units": 3, "name": "d1"}, "inputs": ["in", "d2"]},
        {"name": "d2", "class_name": "Dense", "config": {"units": 3, "name": "d2"}, "inputs": ["d1"]},
    ], "inputs": ["in"], "outputs": ["d2"]}
    with pytest.raises(GraphError, match="cycle: d1 -> d2 -> d1"):
        models.Model.from_config(cfg)
    report = analyze_config(cfg)
    assert not report.ok and "d1" in report.errors


def test_analyze_reports_several_faults_and_shapes():
    cfg = {"name": "m", "layers": [
        {"name": "img", "class_name": "InputLayer", "config": {"batch_shape": [None, 28, 28, 1], "name": "img"},
         "inputs": []},
        {"name": "d1", "class_name": "Dense", "config": {"units": 3, "name": "d1"}, "inputs": ["img"]},
        {"name": "x", "class_name": "InputLayer", "config": {"batch_shape": [None, 4], "name": "x"}, "inputs": []},
        {"name": "d2", "class_name": "Dense", "config": {"units": 5, "name": "d2"}, "inputs": ["x"]},
        {"name": "orphan", "class_name": "Dense", "config": {"units": 5, "name": "orphan"}, "inputs": []},
    ], "inputs": ["img", "x"], "outputs": ["d1", "d2"]}
    report = analyze_config(cfg)
    assert report.errors["d1"].code == "dense_rank"
    assert "Flatten" in str(report.errors["d1"])
    assert report.shapes["d2"] == (None, 5) and report.params["d2"] == 25
    assert report.errors["orphan"].code == "no_input"


def test_output_not_reachable_from_inputs():
    a = layers.Input(shape=(2,))
    b = layers.Input(shape=(2,))
    out = layers.Dense(1)(b)
    with pytest.raises(GraphError, match="not one of the model's inputs"):
        models.Model(inputs=a, outputs=out)


def test_config_round_trip_gives_same_predictions():
    utils.set_random_seed(3)
    inp = layers.Input(shape=(5,))
    x1 = layers.Dense(4, activation="relu")(inp)
    x2 = layers.Dense(4, activation="sigmoid")(inp)
    out = layers.Dense(2, activation="softmax")(layers.Add()([x1, x2]))
    model = models.Model(inp, out)
    config = models.serialize_model(model)
    import json

    clone = models.model_from_config(json.loads(json.dumps(config)))
    clone.set_weights(model.get_weights())
    x = np.random.default_rng(0).standard_normal((7, 5)).astype("float32")
    np.testing.assert_array_equal(model.predict(x), clone.predict(x))
    assert clone.get_config()["layers"][-1]["inputs"] == [model.layers[-2].name]


def test_unknown_layer_name_suggests_close_match():
    cfg = {"class_name": "Sequential", "config": {"name": "s", "layers": [
        {"class_name": "Dens", "config": {"units": 2}}]}}
    with pytest.raises(ValueError, match="Did you mean 'Dense'"):
        models.model_from_config(cfg)


def test_layers_and_get_weights_follow_keras_order():
    """Keras 3 orders a functional model's layers by depth (its map_graph), so get_weights of a
    branched model lists the deeper branch first; netbuilder's order is the same, and the
    weights of one model set into the other give the same predictions."""
    keras = pytest.importorskip("keras")
    import netbuilder.core as nb

    def build(lib, kl):
        a, b = lib.Input((3,)), lib.Input((2,))
        deep = kl.Dense(4, activation="tanh")(kl.Dense(5, activation="relu")(a))
        return lib.Model([a, b], kl.Dense(1)(kl.concatenate([kl.Dense(3)(b), deep])))

    ours, theirs = build(nb, nb.layers), build(keras, keras.layers)
    assert [type(l).__name__ for l in ours.layers] == [type(l).__name__ for l in theirs.layers]
    assert [w.shape for w in ours.get_weights()] == [tuple(w.shape) for w in theirs.get_weights()]
    theirs.set_weights(ours.get_weights())
    rs = np.random.default_rng(0)
    xs = [rs.normal(size=(4, 3)).astype("float32"), rs.normal(size=(4, 2)).astype("float32")]
    np.testing.assert_allclose(np.asarray(theirs.predict(xs, verbose=0)), ours.predict(xs, verbose=0),
                               rtol=1e-5, atol=1e-6)
