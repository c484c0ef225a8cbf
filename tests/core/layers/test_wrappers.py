"""Bidirectional and TimeDistributed: outputs against references, merge modes, masks, states,
weights under prefixed keys, gradients, configs."""

import numpy as np
import pytest

from netbuilder.core import testing, utils
from netbuilder.core.errors import ConfigError, ShapeError
from netbuilder.core.layers import (
    GRU,
    LSTM,
    Bidirectional,
    Dense,
    Embedding,
    Input,
    SimpleRNN,
    TimeDistributed,
)
from netbuilder.core.registry import LAYERS
from netbuilder.core.testing import check_layer_gradients

from .rnn_reference import reference

N, T, F, U = 3, 5, 4, 3
MASK = np.array([[1, 1, 1, 0, 0], [0, 0, 1, 1, 1], [1, 1, 1, 1, 1]], dtype=bool)


def _x(seed=0):
    return np.random.default_rng(seed).standard_normal((N, T, F))


def _build64(layer, shape=(None, T, F), seed=1):
    with testing.float64():
        layer._build_once(shape)
    rs = np.random.default_rng(seed)
    layer.set_weights([rs.uniform(-0.8, 0.8, w.shape) for w in layer.get_weights()])
    return layer


def _expected(bi, x, mask=None):
    """Forward and backward halves from the looped reference, merged as Keras does."""
    y = reference(bi.forward_layer, x, mask)
    y_rev = reference(bi.backward_layer, x, mask)
    states = []
    if bi.return_state:
        states = y[1:] + y_rev[1:]
        y, y_rev = y[0], y_rev[0]
    if bi.return_sequences:
        y_rev = y_rev[:, ::-1]
    merged = {"concat": lambda: [np.concatenate([y, y_rev], -1)], "sum": lambda: [y + y_rev],
              "ave": lambda: [(y + y_rev) / 2], "mul": lambda: [y * y_rev],
              None: lambda: [y, y_rev]}[bi.merge_mode]()
    out = merged + states
    return out if len(out) > 1 else out[0]


@pytest.mark.parametrize("merge_mode", ["concat", "sum", "mul", "ave", None])
@pytest.mark.parametrize("masked", [False, True])
def test_bidirectional_matches_reference(merge_mode, masked):
    x = _x()
    bi = _build64(Bidirectional(LSTM(U, return_sequences=True), merge_mode=merge_mode))
    mask = MASK if masked else None
    out = bi.run_forward(x, mask=mask)
    exp = _expected(bi, x, mask)
    for a, b in zip(out if isinstance(out, list) else [out], exp if isinstance(exp, list) else [exp]):
        np.testing.assert_allclose(a, b, rtol=1e-10, atol=1e-12)


def test_bidirectional_sublayers_follow_keras():
    bi = Bidirectional(GRU(U, return_sequences=True, name="enc"))
    assert bi.forward_layer.name == "forward_enc" and not bi.forward_layer.go_backwards
    assert bi.backward_layer.name == "backward_enc" and bi.backward_layer.go_backwards
    # masked steps output zeros in both directions when returning sequences (Keras forces it)
    assert bi.forward_layer.zero_output_for_mask and bi.backward_layer.zero_output_for_mask
    assert not Bidirectional(GRU(U)).forward_layer.zero_output_for_mask


def test_bidirectional_return_state_and_shapes():
    x = _x(2)
    bi = _build64(Bidirectional(LSTM(U, return_state=True)))
    out = bi.run_forward(x, mask=MASK)
    assert len(out) == 5 and out[0].shape == (N, 2 * U)
    for a, b in zip(out, _expected(bi, x, MASK)):
        np.testing.assert_allclose(a, b, rtol=1e-10, atol=1e-12)
    assert bi.compute_output_shape((None, T, F)) == [(None, 2 * U)] + [(None, U)] * 4
    assert Bidirectional(GRU(U, return_sequences=True), merge_mode=None).compute_output_shape(
        (None, T, F)) == [(None, T, U), (None, T, U)]
    assert Bidirectional(GRU(U, return_sequences=True)).compute_mask(None, MASK) is MASK
    assert Bidirectional(GRU(U)).compute_mask(None, MASK) is None


def test_bidirectional_weights_are_prefixed_in_keras_order():
    bi = Bidirectional(LSTM(U, name="lstm_x"))
    bi._build_once((None, T, F))
    assert list(bi.params) == [f"{d}_lstm_x/{k}" for d in ("forward", "backward")
                               for k in ("kernel", "recurrent_kernel", "bias")]
    assert bi.count_params() == 2 * bi.forward_layer.count_params() == 2 * 4 * (U * (F + U) + U)
    weights = [w + 1 for w in bi.get_weights()]
    bi.set_weights(weights)  # in place: reaches the sublayers
    np.testing.assert_array_equal(bi.backward_layer.bias, weights[5])
    assert bi.trainable_keys() == list(bi.params)


@pytest.mark.parametrize("case", [
    {"layer": lambda: LSTM(U, return_sequences=True), "mask": True},
    {"layer": lambda: GRU(U), "mask": True, "merge_mode": "ave"},
    {"layer": lambda: SimpleRNN(U, return_sequences=True), "mask": False, "merge_mode": "mul"},
    {"layer": lambda: SimpleRNN(U, return_sequences=True), "mask": False, "merge_mode": "sum"},
    {"layer": lambda: LSTM(U, return_state=True), "mask": True},
    {"layer": lambda: GRU(U, return_sequences=True, return_state=True), "mask": False,
     "merge_mode": None},
])
def test_bidirectional_gradients(case):
    bi = Bidirectional(case["layer"](), merge_mode=case.get("merge_mode", "concat"))
    check_layer_gradients(bi, _x(3), mask=MASK if case["mask"] else None)


def test_bidirectional_regularizers_and_config():
    bi = Bidirectional(LSTM(U, kernel_regularizer={"class_name": "L2", "config": {"l2": 0.5}}),
                       merge_mode="sum")
    bi._build_once((None, T, F))
    expected = sum(0.5 * float((layer.kernel ** 2).sum())
                   for layer in (bi.forward_layer, bi.backward_layer))
    assert bi.regularization_penalty() == pytest.approx(expected)
    config = bi.get_config()
    assert config["layer"]["class_name"] == "LSTM" and config["backward_layer"]["config"]["go_backwards"]
    clone = LAYERS.get({"class_name": "Bidirectional", "config": config})
    assert clone.get_config() == config
    assert LAYERS.lookup("bidirectional") is Bidirectional


def test_bidirectional_initial_weights():
    ref = Bidirectional(LSTM(2))
    ref._build_once((None, T, F))
    weights = [w + 0.5 for w in ref.get_weights()]
    bi = Bidirectional(LSTM(2), weights=weights)
    bi._build_once((None, T, F))
    for a, b in zip(bi.get_weights(), weights):
        np.testing.assert_array_equal(a, b)


def test_bidirectional_errors():
    with pytest.raises(ConfigError, match="merge_mode"):
        Bidirectional(LSTM(2), merge_mode="max")
    with pytest.raises(ConfigError, match="recurrent layer"):
        Bidirectional(Dense(2))
    with pytest.raises(ConfigError, match="go_backwards"):
        Bidirectional(LSTM(2), backward_layer=LSTM(2))
    with pytest.raises(ConfigError, match="return_sequences"):
        Bidirectional(LSTM(2), backward_layer=LSTM(2, go_backwards=True, return_sequences=True))


def test_bidirectional_in_a_model_trains():
    from netbuilder.core.models import Sequential

    utils.set_random_seed(0)
    model = Sequential([Input(shape=(6,), dtype="int32"), Embedding(10, 4, mask_zero=True),
                        Bidirectional(LSTM(3, return_sequences=True)), Bidirectional(GRU(2)),
                        Dense(1)])
    assert model.layers[1].output_shape == (None, 6, 6)
    assert model.count_params() == 40 + 2 * (4 * 3 * (4 + 3 + 1)) + 2 * (3 * 2 * (6 + 2 + 2)) + 5
    model.compile(optimizer="adam", loss="mse")
    rs = np.random.default_rng(0)
    x = rs.integers(0, 10, (32, 6))
    y = rs.standard_normal((32, 1)).astype("float32")
    first = model.evaluate(x, y, verbose=0)
    model.fit(x, y, epochs=5, batch_size=8, verbose=0)
    assert model.evaluate(x, y, verbose=0) < first


def test_bidirectional_layer_contract():
    testing.run_layer_test(Bidirectional, {"layer": LSTM(2, return_sequences=True)}, (2, 4, 3),
                           expected_output_shape=(None, 4, 4), expected_num_trainable_weights=6)


# ----------------------------------------------------------------------------- TimeDistributed
def test_time_distributed_applies_the_layer_at_every_step():
    x = _x(4)
    td = _build64(TimeDistributed(Dense(2, activation="tanh")))
    out = td.run_forward(x)
    kernel, bias = td.get_weights()
    np.testing.assert_allclose(out, np.tanh(x @ kernel + bias), rtol=1e-12)
    assert out.shape == (N, T, 2)
    assert list(td.params) == [f"{td.layer.name}/kernel", f"{td.layer.name}/bias"]


def test_time_distributed_gradients_and_shapes():
    check_layer_gradients(TimeDistributed(Dense(2, activation="sigmoid")), _x(5))
    x4 = np.random.default_rng(6).standard_normal((2, 3, 4, 5))
    check_layer_gradients(TimeDistributed(SimpleRNN(2)), x4)  # a sequence per timestep
    assert TimeDistributed(Dense(7)).compute_output_shape((None, None, 3)) == (None, None, 7)
    assert TimeDistributed(SimpleRNN(2)).compute_output_shape((None, 3, 4, 5)) == (None, 3, 2)
    with pytest.raises(ShapeError, match="time axis"):
        TimeDistributed(Dense(2)).compute_output_shape((None, 3))


def test_time_distributed_passes_the_mask_and_round_trips():
    td = TimeDistributed(Dense(2))
    assert td.compute_mask(None, MASK) is MASK
    td._build_once((None, T, F))
    config = td.get_config()
    assert config["layer"]["class_name"] == "Dense"
    assert TimeDistributed.from_config(config).get_config() == config
    with pytest.raises(ConfigError, match="layer instance"):
        TimeDistributed("dense")


def test_time_distributed_layer_contract():
    testing.run_layer_test(TimeDistributed, {"layer": Dense(3)}, (2, 4, 5),
                           expected_output_shape=(None, 4, 3), expected_num_trainable_weights=2)


def test_recurrent_model_saves_and_loads(tmp_path):
    from netbuilder.core.models import Sequential, load_model

    utils.set_random_seed(0)
    model = Sequential([Input(shape=(6,), dtype="int32"), Embedding(10, 4, mask_zero=True),
                        Bidirectional(LSTM(3, return_sequences=True)), TimeDistributed(Dense(2)),
                        GRU(2, reset_after=False), Dense(1)])
    model.compile(optimizer="rmsprop", loss="mse")
    x = np.random.default_rng(0).integers(0, 10, (8, 6))
    model.fit(x, np.zeros((8, 1)), epochs=1, verbose=0)
    path = tmp_path / "rnn.nbm"
    model.save(str(path))
    loaded = load_model(str(path))
    np.testing.assert_array_equal(loaded.predict(x, verbose=0), model.predict(x, verbose=0))
    assert [w.shape for w in loaded.get_weights()] == [w.shape for w in model.get_weights()]
