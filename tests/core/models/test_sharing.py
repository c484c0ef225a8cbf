"""Layer sharing and model sharing (Keras's functional API): one layer called on several tensors,
a model used as a layer of another model. Checked against real Keras 3: same weights → same
outputs, and the same weights after five SGD steps (within 1e-4 relative); the shared weights'
gradients against float64 central differences; summaries, parameter counts, saving and exports."""

import numpy as np
import pytest

from netbuilder.core import layers as L
from netbuilder.core import models
from netbuilder.core.errors import ShapeError
from netbuilder.core.testing import float64, numeric_gradient

from ..keras_equivalence import assert_same_outputs, assert_same_training, keras_or_skip, send_weights


def _rs(seed=0):
    return np.random.default_rng(seed)


# ----------------------------------------------------------------------------- the same model twice
def twice_dense(lib, klayers):
    a = lib.Input((4,))
    d = klayers.Dense(4, activation="tanh")
    return lib.Model(a, klayers.Dense(2)(d(d(a))))


def siamese_lstm(lib, klayers):
    a, b = lib.Input((5,), dtype="int32"), lib.Input((5,), dtype="int32")
    emb, rnn = klayers.Embedding(20, 3), klayers.LSTM(4)
    return lib.Model([a, b], klayers.Dense(1)(klayers.concatenate([rnn(emb(a)), rnn(emb(b))])))


def siamese_conv(lib, klayers):
    a, b = lib.Input((6, 6, 2)), lib.Input((6, 6, 2))
    conv = klayers.Conv2D(3, 3, activation="relu")
    pool = klayers.GlobalAveragePooling2D()
    return lib.Model([a, b], klayers.Dense(2)(klayers.subtract([pool(conv(a)), pool(conv(b))])))


def nested_encoder(lib, klayers):
    inp = lib.Input((3,))
    encoder = lib.Model(inp, klayers.Dense(4, activation="tanh")(klayers.Dense(5, activation="relu")(inp)))
    x1, x2 = lib.Input((3,)), lib.Input((3,))
    return lib.Model([x1, x2], klayers.Dense(1)(klayers.multiply([encoder(x1), encoder(x2)])))


def nested_sequential(lib, klayers):
    inner = lib.Sequential([lib.Input((3,)), klayers.Dense(4, activation="tanh"), klayers.Dense(3)])
    return lib.Sequential([lib.Input((3,)), inner, klayers.Dense(2)])


CASES = {"twice_dense": twice_dense, "siamese_lstm": siamese_lstm, "siamese_conv": siamese_conv,
         "nested_encoder": nested_encoder, "nested_sequential": nested_sequential}


def _inputs(model, n=6, seed=1):
    out = []
    for t in model.inputs:
        shape = (n,) + tuple(t.shape[1:])
        out.append(_rs(seed).integers(0, 20, size=shape).astype("int32") if "int" in str(t.dtype)
                   else _rs(seed + len(out)).normal(size=shape).astype("float32"))
    return out[0] if len(out) == 1 else out


def _both(name):
    keras = keras_or_skip()
    import netbuilder.core as nb

    nb.utils.set_random_seed(0)

    ours = CASES[name](nb, L)
    theirs = CASES[name](keras, keras.layers)
    return ours, theirs


@pytest.mark.parametrize("name", list(CASES))
def test_shared_models_equal_keras(name, tmp_path):
    ours, theirs = _both(name)
    assert ours.count_params() == theirs.count_params()
    assert len(ours.weights) == len(theirs.weights)
    xs = _inputs(ours)
    y = _rs(7).normal(size=(6,) + tuple(ours.outputs[0].shape[1:])).astype("float32")
    send_weights(ours, theirs, tmp_path)
    assert_same_outputs(ours, theirs, xs)
    worst = assert_same_training(ours, theirs, xs, y, tmp_path)
    assert worst < 1e-4


@pytest.mark.parametrize("name", ["twice_dense", "siamese_lstm", "nested_encoder"])
def test_keras_files_keep_the_sharing_both_ways(name, tmp_path):
    from netbuilder.core.export import export_keras, import_keras

    keras = keras_or_skip()
    ours, theirs = _both(name)
    xs = _inputs(ours)
    send_weights(ours, theirs, tmp_path)
    back = keras.saving.load_model(export_keras(ours, tmp_path / "ours.keras"))
    np.testing.assert_allclose(np.asarray(back.predict(xs, verbose=0)), ours.predict(xs, verbose=0), atol=1e-5)
    assert back.count_params() == ours.count_params()
    theirs.save(tmp_path / "theirs.keras")
    mine = import_keras(tmp_path / "theirs.keras")
    np.testing.assert_allclose(mine.predict(xs, verbose=0), np.asarray(theirs.predict(xs, verbose=0)), atol=1e-5)
    assert mine.count_params() == theirs.count_params()


# ----------------------------------------------------------------------------- gradients
def _model_grad_check(model, xs, y):
    """Backward's gradients of every weight against central differences of the mse loss."""
    model.compile("sgd", "mse")
    model._prepare_training()
    feeds = model._standardize_x(xs)

    def loss():
        preds = model._forward(feeds, training=False)
        return float(model._compute_loss([y], preds, None, want_grads=False)[0])

    preds = model._forward(feeds, training=True)
    _, _, grads, _ = model._compute_loss([y], preds, None, want_grads=True)
    model._backward(grads)
    for layer in model.layers:
        for key, w in layer.params.items():
            if key not in layer.trainable_keys():
                continue
            want = numeric_gradient(loss, w)
            np.testing.assert_allclose(layer.grads[key], want, rtol=1e-6, atol=1e-8, err_msg=f"{layer.name}/{key}")


@pytest.mark.parametrize("name", ["twice_dense", "siamese_lstm", "nested_encoder"])
def test_shared_weights_gradients_sum_over_calls(name):
    import netbuilder.core as nb

    with float64():
        model = CASES[name](nb, L)
        xs = _inputs(model, n=3)
        xs = [x if x.dtype.kind == "i" else x.astype("float64") for x in xs] if isinstance(xs, list) else \
            xs.astype("float64")
        y = _rs(3).normal(size=(3,) + tuple(model.outputs[0].shape[1:]))
        _model_grad_check(model, xs, y)


# ----------------------------------------------------------------------------- structure
def test_summary_and_counts_list_a_shared_layer_once(capsys):
    keras = keras_or_skip()
    import netbuilder.core as nb

    ours, theirs = nested_encoder(nb, L), nested_encoder(keras, keras.layers)
    assert [type(l).__name__ for l in ours.layers].count("Functional") == 1
    lines = []
    ours.summary(print_fn=lines.append)
    text = lines[0]
    enc = [l for l in ours.layers if type(l).__name__ == "Functional"][0]
    assert f"{enc.name} (Functional)" in text
    assert f"{enc.name}[0][0], {enc.name}[1][0]" in text
    assert f"Total params: {theirs.count_params():,}" in text
    dense = twice_dense(nb, L)
    assert len(dense.layers) == 3 and dense.count_params() == twice_dense(keras, keras.layers).count_params()


def test_freezing_a_nested_model_freezes_it_everywhere():
    import netbuilder.core as nb

    model = nested_encoder(nb, L)
    encoder = [l for l in model.layers if type(l).__name__ == "Functional"][0].model
    before = [w.copy() for w in encoder.get_weights()]
    encoder.trainable = False
    assert sum(int(w.size) for w in model.trainable_weights) == 5  # only the head's Dense(1) on 4 units
    model.compile("sgd", "mse")
    xs = _inputs(model)
    model.train_on_batch(xs, np.ones((6, 1), "float32"))
    for a, b in zip(before, encoder.get_weights()):
        np.testing.assert_array_equal(a, b)


@pytest.mark.parametrize("name", list(CASES))
def test_save_load_and_config_keep_the_sharing(name, tmp_path):
    import netbuilder.core as nb

    model = CASES[name](nb, L)
    xs = _inputs(model)
    model.compile("sgd", "mse")
    model.train_on_batch(xs, np.zeros((6,) + tuple(model.outputs[0].shape[1:]), "float32"))
    model.save(tmp_path / "m.nbm")
    back = models.load_model(tmp_path / "m.nbm")
    np.testing.assert_array_equal(back.predict(xs, verbose=0), model.predict(xs, verbose=0))
    assert back.count_params() == model.count_params()
    assert len(back.layers) == len(model.layers)
    again = type(model).from_config(model.get_config())
    assert again.count_params() == model.count_params()
    model.save_weights(tmp_path / "w.weights.h5")
    again.load_weights(tmp_path / "w.weights.h5")
    np.testing.assert_array_equal(again.predict(xs, verbose=0), model.predict(xs, verbose=0))


def test_a_second_call_must_fit_the_weights():
    d = L.Dense(3)
    d(L.Input((4,)))
    with pytest.raises(ShapeError, match="called again on shape") as err:
        d(L.Input((5,)))
    assert err.value.code == "shared_layer_shape" and err.value.layer == d.name
    d(L.Input((7, 4)))  # Dense reads the last axis: a rank-3 input of the same width fits


def test_nested_model_refuses_another_input_shape():
    inner = models.Model(*(lambda i: (i, L.Dense(2)(i)))(L.Input((3,))))
    with pytest.raises(ShapeError) as err:
        inner(L.Input((4,)))
    assert err.value.code == "nested_model_shape"


# ----------------------------------------------------------------------------- exports
@pytest.mark.parametrize("name", list(CASES))
def test_onnx_export_runs_and_stores_shared_weights_once(name):
    ort = pytest.importorskip("onnxruntime")
    numpy_helper = pytest.importorskip("onnx.numpy_helper")

    from netbuilder.core.export import to_onnx
    import netbuilder.core as nb

    model = CASES[name](nb, L)
    xs = _inputs(model)
    proto = to_onnx(model)
    sess = ort.InferenceSession(proto.SerializeToString(), providers=["CPUExecutionProvider"])
    feeds = xs if isinstance(xs, list) else [xs]
    got = sess.run(None, {i.name: x for i, x in zip(sess.get_inputs(), feeds)})[0]
    np.testing.assert_allclose(got, model.predict(xs, verbose=0), atol=1e-5)
    stored = [numpy_helper.to_array(i) for i in proto.graph.initializer]

    def dense_layers(layers):
        for layer in layers:
            if hasattr(layer, "share_weights_with"):
                yield from dense_layers(layer.model.layers)
            elif type(layer).__name__ == "Dense":
                yield layer

    for dense in dense_layers(model.layers):  # a Dense kernel is stored as is: once, whatever the calls
        assert sum(1 for a in stored if a.shape == dense.kernel.shape and np.array_equal(a, dense.kernel)) == 1


@pytest.mark.parametrize("name", list(CASES))
def test_script_export_rebuilds_the_sharing_in_keras(name, tmp_path):
    import runpy

    from netbuilder.core.export import export_script
    import netbuilder.core as nb

    keras = keras_or_skip()
    model = CASES[name](nb, L)
    xs = _inputs(model)
    script, _ = export_script(model, tmp_path / "m.py")
    theirs = runpy.run_path(str(script))["model"]
    assert isinstance(theirs, keras.Model)
    assert theirs.count_params() == model.count_params()
    np.testing.assert_allclose(np.asarray(theirs.predict(xs, verbose=0)), model.predict(xs, verbose=0),
                               rtol=1e-4, atol=2e-5)


@pytest.mark.parametrize("name", list(CASES))
def test_shape_analysis_of_a_shared_config(name):
    """The canvas's analysis reads the same configs: every layer's shape and parameters, no error."""
    import netbuilder.core as nb
    from netbuilder.core.models import analyze_config

    model = CASES[name](nb, L)
    if isinstance(model, models.Sequential):
        pytest.skip("analyze_config reads functional configs")
    report = analyze_config(model.get_config())
    assert report.ok, (report.errors, report.graph_errors)
    assert report.total_params == model.count_params()
    for layer in model.layers:
        assert tuple(report.shapes[layer.name]) == tuple(layer._inbound_nodes[-1].outputs[0].shape)


def test_shape_analysis_names_a_misfit_second_call():
    from netbuilder.core.models import analyze_config

    a, b = L.Input((4,), name="a"), L.Input((5,), name="b")
    d = L.Dense(3, name="d")
    config = models.Model([a, b], L.concatenate([d(a), L.Dense(3)(b)])).get_config()
    config["layers"][[e["name"] for e in config["layers"]].index("d")]["calls"] = [["b"]]
    report = analyze_config(config)
    assert report.errors["d"].code == "shared_layer_shape"
