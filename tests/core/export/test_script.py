"""The Keras script export: valid Python that rebuilds, compiles and loads the trained model.

Real Keras 3 (a declared test dependency, JAX backend set by ``tests/conftest.py``) runs each
exported script; the model it builds must give netbuilder's outputs for the same inputs (so the
architecture, every argument that changes the maths and the weight order all made it across), and
its compile settings must be the ones configured in netbuilder.
"""

from __future__ import annotations

import ast
import runpy
from pathlib import Path

import keras
import numpy as np
import pytest

from netbuilder.core import layers as L
from netbuilder.core.export import export_script
from netbuilder.core.models import Model, Sequential

from .helpers import inputs_for, randomize


def run_script(path):
    """Run the exported script with real Keras; return the model it built."""
    model = runpy.run_path(str(path))["model"]
    assert isinstance(model, keras.Model)
    return model


def assert_same_predictions(ours, theirs, xs, atol=2e-5):
    want = ours.predict(xs if len(xs) > 1 else xs[0], verbose=0)
    got = theirs.predict(xs if len(xs) > 1 else xs[0], verbose=0)
    want = want if isinstance(want, list) else [want]
    got = got if isinstance(got, (list, tuple)) else [got]
    assert len(got) == len(want)
    for a, b in zip(want, got):
        assert np.asarray(b).shape == a.shape
        np.testing.assert_allclose(np.asarray(b), a, rtol=1e-4, atol=atol)


def test_sequential_script(tmp_path):
    m = Sequential([L.Input((6,)), L.Dense(8, activation="relu", kernel_regularizer="l2", name="hidden"),
                    L.Dropout(0.25), L.Dense(3, activation="softmax", name="out")])
    m.compile(optimizer={"class_name": "Adam", "config": {"learning_rate": 0.01}},
              loss="categorical_crossentropy", metrics=["accuracy"])
    randomize(m)
    script, weights = export_script(m, tmp_path / "train_me.py", training={"batch_size": 16, "epochs": 7})
    text = Path(script).read_text()
    ast.parse(text)
    assert "# history = model.fit(x_train, y_train, batch_size=16, epochs=7)" in text
    assert weights.endswith("train_me.weights.npz")
    km = run_script(script)
    hidden, out = km.get_layer("hidden"), km.get_layer("out")
    assert (hidden.units, hidden.activation.__name__) == (8, "relu")
    assert (out.units, out.activation.__name__) == (3, "softmax")
    assert isinstance(hidden.kernel_regularizer, keras.regularizers.L2)
    assert hidden.kernel_regularizer.l2 == pytest.approx(0.01)
    dropout = [la for la in km.layers if isinstance(la, keras.layers.Dropout)]
    assert [d.rate for d in dropout] == [0.25]
    assert km.input_shape == (None, 6)
    assert isinstance(km.optimizer, keras.optimizers.Adam)
    assert float(km.optimizer.learning_rate) == pytest.approx(0.01)
    compiled = km.get_compile_config()
    assert compiled["loss"] == "categorical_crossentropy"
    assert compiled["metrics"] == ["accuracy"]
    for ours in (m.get_layer("hidden"), m.get_layer("out")):
        for got, want in zip(km.get_layer(ours.name).get_weights(), ours.get_weights()):
            np.testing.assert_array_equal(got, want)
    assert_same_predictions(m, km, inputs_for(m))


def test_functional_script_with_states_and_wrappers(tmp_path):
    a, b = L.Input((5, 4), name="seq"), L.Input((4,), name="extra")
    out, h, _ = L.LSTM(4, return_state=True, name="enc")(a)
    s = L.Add(name="join")([out, b])
    y = L.Bidirectional(L.GRU(2), name="bi")(L.RepeatVector(3)(s))
    m = randomize(Model([a, b], [y, h], name="two_heads"))
    m.compile(optimizer="sgd", loss=["mse", "mae"])
    script, _ = export_script(m, tmp_path / "f.py")
    ast.parse(Path(script).read_text())
    km = run_script(script)
    assert km.name == "two_heads"
    assert [t.name for t in km.inputs] == ["seq", "extra"]
    assert km.get_layer("enc").return_state is True
    bi = km.get_layer("bi")
    assert isinstance(bi.forward_layer, keras.layers.GRU) and bi.forward_layer.units == 2
    # forward then backward kernel, recurrent kernel, bias
    np.testing.assert_array_equal(bi.get_weights()[3], m.get_layer("bi").backward_layer.params["kernel"])
    assert km.get_compile_config()["loss"] == ["mean_squared_error", "mean_absolute_error"]
    assert_same_predictions(m, km, inputs_for(m))


def _rnn_models():
    yield "simple_rnn_backwards", Sequential([
        L.Input((5, 3)), L.SimpleRNN(4, activation="relu", return_sequences=True, go_backwards=True),
        L.SimpleRNN(2)])
    yield "gru_reset_before", Sequential([L.Input((5, 3)), L.GRU(3, reset_after=False)])
    yield "lstm_stack_time_distributed", Sequential([
        L.Input((4, 3)), L.LSTM(3, return_sequences=True, unit_forget_bias=False),
        L.TimeDistributed(L.Dense(2, activation="sigmoid"))])
    yield "embedding_masked_lstm", Sequential([
        L.Input((6,), dtype="int32"), L.Embedding(10, 4, mask_zero=True), L.LSTM(3)])
    yield "bidirectional_sum", Sequential([
        L.Input((5, 2)), L.Bidirectional(L.LSTM(3, return_sequences=True), merge_mode="sum"),
        L.GlobalAveragePooling1D()])
    a = L.Input((5, 3), name="tokens")
    seq = L.GRU(3, return_sequences=True, name="enc")(a)
    last, state = L.SimpleRNN(2, return_state=True, name="dec")(seq)
    pooled = L.GlobalMaxPooling1D()(seq)
    yield "functional_rnn_heads", Model(a, [L.Concatenate()([last, state]), pooled], name="rnn_heads")


@pytest.mark.parametrize("name, model", list(_rnn_models()), ids=[n for n, _ in _rnn_models()])
def test_recurrent_and_wrapper_scripts_give_the_same_outputs_in_keras(name, model, tmp_path):
    m = randomize(model, seed=3)
    xs = inputs_for(m, n=4)
    if name == "embedding_masked_lstm":
        xs[0][:, 4:] = 0  # padded tails: the mask must reach the LSTM in Keras too
    m.compile("rmsprop", "mse")
    script, _ = export_script(m, tmp_path / f"{name}.py")
    assert_same_predictions(m, run_script(script), xs)


def test_convolutional_script_gives_the_same_outputs_in_keras(tmp_path):
    m = randomize(Sequential([
        L.Input((8, 8, 2)), L.Conv2D(3, 3, padding="same", strides=2, activation="relu"),
        L.BatchNormalization(), L.MaxPooling2D(2), L.Conv2DTranspose(2, 2, strides=2),
        L.AveragePooling2D(2, padding="same"), L.Flatten(), L.Dense(2, activation="softmax")]), seed=4)
    m.compile("adam", "categorical_crossentropy")
    script, _ = export_script(m, tmp_path / "conv.py")
    assert_same_predictions(m, run_script(script), inputs_for(m, n=3))


def test_causal_conv1d_script_gives_the_same_outputs_in_keras(tmp_path):
    m = randomize(Sequential([
        L.Input((9, 2)), L.Conv1D(3, 3, padding="causal", dilation_rate=2, activation="tanh"),
        L.MaxPooling1D(2), L.Conv1D(2, 2), L.GlobalAveragePooling1D()]), seed=5)
    m.compile("sgd", "mse")
    script, _ = export_script(m, tmp_path / "causal.py")
    assert_same_predictions(m, run_script(script), inputs_for(m, n=3))
