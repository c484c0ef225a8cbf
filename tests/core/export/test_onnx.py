"""ONNX export: every layer type runs in onnxruntime and matches model.predict (float32, 1e-5)."""

from __future__ import annotations

import numpy as np
import pytest

from netbuilder.core import layers as L
from netbuilder.core.export import ExportError, export_onnx, to_onnx
from netbuilder.core.models import Model, Sequential

from .helpers import as_list, inputs_for, randomize

import onnxruntime as ort
import onnx  # noqa: F401
TOL = 1e-5


def run_onnx(proto, xs):
    sess = ort.InferenceSession(proto.SerializeToString(), providers=["CPUExecutionProvider"])
    return sess, sess.run(None, {i.name: x for i, x in zip(sess.get_inputs(), xs)})


def check(model, n=5, seed=0):
    randomize(model, seed)
    xs = inputs_for(model, n)
    proto = to_onnx(model)
    assert proto.opset_import[0].version >= 17
    _, got = run_onnx(proto, xs)
    want = as_list(model.predict(xs if len(xs) > 1 else xs[0], verbose=0))
    assert len(got) == len(want)
    for g, w in zip(got, want):
        assert g.shape == w.shape
        np.testing.assert_allclose(g, w, atol=TOL, rtol=0)
    return proto


def seq(shape, *layers, dtype=None):
    return Sequential([L.Input(shape, dtype=dtype), *layers])


CASES = {
    "dense_acts": lambda: seq((6,), L.Dense(7, activation="relu"), L.Dense(5, activation="tanh"),
                              L.Dense(4, activation="sigmoid"), L.Dense(3, activation="softmax")),
    "activations": lambda: seq((6,), *[L.Activation(a) for a in (
        "elu", "selu", "softplus", "softsign", "silu", "gelu", "hard_sigmoid", "hard_silu", "mish",
        "relu6", "leaky_relu", "exponential", "linear", "log_softmax")]),
    "relu_params": lambda: seq((6,), L.Activation({"class_name": "relu", "config": {
        "negative_slope": 0.1, "max_value": 1.0, "threshold": 0.2}}), L.Activation(
        {"class_name": "gelu", "config": {"approximate": True}})),
    "dropout_noise_bn": lambda: seq((6,), L.Dense(8), L.Dropout(0.5), L.GaussianNoise(0.3),
                                    L.GaussianDropout(0.2), L.BatchNormalization(), L.Dense(2)),
    "layer_norm": lambda: seq((4, 6), L.LayerNormalization(), L.LayerNormalization(rms_scaling=True)),
    "flatten_reshape_permute": lambda: seq((12,), L.Reshape((3, 4)), L.Permute((2, 1)), L.Flatten(),
                                           L.RepeatVector(2), L.Flatten(), L.Dense(3)),
    "conv2d_pool": lambda: seq((9, 9, 3), L.Conv2D(4, 3, padding="same", activation="relu"), L.MaxPooling2D(),
                               L.Conv2D(3, (2, 3), strides=2, padding="same"), L.AveragePooling2D(padding="same"),
                               L.Conv2D(2, 1, dilation_rate=1), L.Flatten(), L.Dense(2)),
    "conv2d_dilated_bn": lambda: seq((10, 10, 2), L.Conv2D(3, 3, dilation_rate=2, padding="same"),
                                     L.BatchNormalization(), L.GlobalAveragePooling2D()),
    "conv2d_channels_first": lambda: seq((2, 8, 8), L.Conv2D(3, 3, data_format="channels_first"),
                                         L.MaxPooling2D(data_format="channels_first"),
                                         L.Flatten(data_format="channels_first")),
    "conv1d": lambda: seq((12, 3), L.Conv1D(4, 3, padding="causal", dilation_rate=2), L.MaxPooling1D(),
                          L.Conv1D(2, 2, padding="same"), L.AveragePooling1D(padding="same"),
                          L.GlobalMaxPooling1D()),
    "global_pools": lambda: seq((5, 5, 3), L.GlobalMaxPooling2D(keepdims=True), L.Flatten()),
    "pad_upsample": lambda: seq((4, 4, 2), L.ZeroPadding2D(((1, 0), (2, 1))), L.UpSampling2D((2, 3)),
                                L.Conv2D(1, 2), L.Reshape((-1, 1)), L.ZeroPadding1D(2), L.UpSampling1D(2),
                                L.GlobalAveragePooling1D()),
    "simple_rnn": lambda: seq((5, 4), L.SimpleRNN(6, return_sequences=True), L.SimpleRNN(3, go_backwards=True)),
    "lstm": lambda: seq((5, 4), L.LSTM(6, return_sequences=True, go_backwards=True), L.LSTM(3)),
    "lstm_acts": lambda: seq((5, 4), L.LSTM(3, activation="relu", recurrent_activation="hard_sigmoid")),
    "gru": lambda: seq((5, 4), L.GRU(6, return_sequences=True), L.GRU(3, reset_after=False, go_backwards=True)),
    "gru_no_bias": lambda: seq((5, 4), L.GRU(3, use_bias=False)),
    "embedding_lstm": lambda: seq((7,), L.Embedding(20, 5), L.LSTM(4), L.Dense(1, activation="sigmoid"),
                                  dtype="int32"),
    "bidirectional": lambda: seq((5, 4), L.Bidirectional(L.LSTM(3, return_sequences=True)),
                                 L.Bidirectional(L.GRU(2), merge_mode="ave")),
    "bidirectional_modes": lambda: seq((5, 4), L.Bidirectional(L.SimpleRNN(2, return_sequences=True),
                                                               merge_mode="mul"),
                                       L.Bidirectional(L.SimpleRNN(2), merge_mode="sum")),
    "masking_dense": lambda: seq((3, 4), L.Masking(), L.Dense(2)),
    "time_distributed": lambda: seq((5, 4), L.TimeDistributed(L.Dense(3, activation="relu")), L.Flatten()),
}


@pytest.mark.parametrize("name", sorted(CASES))
def test_layer_matches_predict(name):
    check(CASES[name]())


def test_merges_multi_input_multi_output_named():
    a, b = L.Input((4,), name="left"), L.Input((4,), name="right")
    c = L.Input((2,), name="small")
    h1, h2 = L.Dense(4, name="h1")(a), L.Dense(4, name="h2")(b)
    merged = [L.Add()([h1, h2]), L.Subtract()([h1, h2]), L.Multiply()([h1, h2, h1]), L.Average()([h1, h2]),
              L.Maximum()([h1, h2]), L.Minimum()([h1, h2])]
    cat = L.Concatenate(name="cat")(merged)
    dot = L.Dot(axes=1, normalize=True, name="cos")([h1, h2])
    bcast = L.Add(name="bcast")([L.Reshape((2, 2))(h1), L.Reshape((1, 2))(c)])
    m = Model([a, b, c], [L.Dense(3, name="out_a")(cat), dot, L.Flatten(name="out_c")(bcast)])
    proto = check(m)
    assert [i.name for i in proto.graph.input] == ["left", "right", "small"]
    assert [o.name for o in proto.graph.output] == ["out_a", "cos", "out_c"]


def test_dot_on_sequences():
    a, b = L.Input((3, 4)), L.Input((5, 4))
    m = Model([a, b], L.Dot(axes=(2, 2))([a, b]))
    check(m)


def test_return_state_outputs():
    x = L.Input((5, 3))
    out, h, c = L.LSTM(4, return_state=True)(x)
    bo, *states = L.Bidirectional(L.GRU(2, return_state=True))(x)
    check(Model(x, [out, h, c, bo, *states]))


def test_dynamic_batch_axis(tmp_path):
    m = randomize(seq((6,), L.Dense(3, activation="softmax")))
    path = export_onnx(m, tmp_path / "m.onnx")
    sess = ort.InferenceSession(path, providers=["CPUExecutionProvider"])
    assert sess.get_inputs()[0].shape[0] == "batch"
    for n in (1, 7):
        x = np.random.default_rng(n).normal(size=(n, 6)).astype("float32")
        got = sess.run(None, {sess.get_inputs()[0].name: x})[0]
        np.testing.assert_allclose(got, m.predict(x, verbose=0), atol=TOL)


def test_mask_into_rnn_is_refused_with_a_clear_message():
    m = seq((7,), L.Embedding(20, 4, mask_zero=True), L.LSTM(2), dtype="int32")
    with pytest.raises(ExportError, match="mask"):
        to_onnx(m)


def test_rnn_activation_without_onnx_equivalent_is_refused():
    m = seq((5, 3), L.SimpleRNN(2, activation="gelu"))
    with pytest.raises(ExportError, match="gelu"):
        to_onnx(m)
