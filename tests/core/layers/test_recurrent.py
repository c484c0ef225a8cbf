"""SimpleRNN, LSTM, GRU: forward against looped references, float64 gradient checks, masks,
dropout, weight layouts, shapes, errors and configs (Keras 3 semantics)."""

import numpy as np
import pytest

from netbuilder.core import testing, utils
from netbuilder.core.errors import ConfigError, ShapeError
from netbuilder.core.layers import GRU, LSTM, Embedding, Input, SimpleRNN
from netbuilder.core.registry import LAYERS
from netbuilder.core.testing import check_layer_gradients

from .rnn_reference import reference

RNNS = [SimpleRNN, LSTM, GRU]
N, T, F, U = 3, 5, 4, 3
MASK = np.array([[1, 1, 1, 0, 0],     # post-padded
                 [0, 0, 1, 1, 1],     # pre-padded
                 [1, 1, 1, 1, 1]], dtype=bool)


def _x(seed=0, shape=(N, T, F)):
    return np.random.default_rng(seed).standard_normal(shape)


def _random_weights(layer, seed=1):
    rs = np.random.default_rng(seed)
    layer.set_weights([rs.uniform(-0.8, 0.8, w.shape) for w in layer.get_weights()])


def _build64(layer, x):
    with testing.float64():
        layer._build_once((None,) + x.shape[1:])
    _random_weights(layer)
    return layer


def _assert_outputs(out, ref, rtol=1e-10, atol=1e-12):
    outs = out if isinstance(out, list) else [out]
    refs = ref if isinstance(ref, list) else [ref]
    assert len(outs) == len(refs)
    for a, b in zip(outs, refs):
        np.testing.assert_allclose(a, b, rtol=rtol, atol=atol)


CASES = [
    {},
    {"return_sequences": True},
    {"return_state": True},
    {"return_sequences": True, "return_state": True, "go_backwards": True},
    {"go_backwards": True},
    {"return_sequences": True, "zero_output_for_mask": True},
    {"activation": "relu"},
    {"use_bias": False, "return_sequences": True},
]


def _kwargs(cls, case):
    kw = dict(case)
    return kw


@pytest.mark.parametrize("cls", RNNS)
@pytest.mark.parametrize("case", CASES)
@pytest.mark.parametrize("masked", [False, True])
def test_forward_matches_looped_reference(cls, case, masked):
    x = _x()
    layer = _build64(cls(U, **_kwargs(cls, case)), x)
    mask = MASK if masked else None
    out = layer.run_forward(x, mask=mask)
    _assert_outputs(out, reference(layer, x, mask))


@pytest.mark.parametrize("reset_after", [True, False])
@pytest.mark.parametrize("masked", [False, True])
def test_gru_both_conventions_match_reference(reset_after, masked):
    x = _x(3)
    layer = _build64(GRU(U, reset_after=reset_after, return_sequences=True, return_state=True), x)
    mask = MASK if masked else None
    _assert_outputs(layer.run_forward(x, mask=mask), reference(layer, x, mask))


def test_non_default_gate_activations_match_reference():
    x = _x(4)
    lstm = _build64(LSTM(U, activation="relu", recurrent_activation="tanh", return_sequences=True), x)
    _assert_outputs(lstm.run_forward(x, mask=MASK), reference(lstm, x, MASK))
    gru = _build64(GRU(U, activation="linear", recurrent_activation="relu", reset_after=False), x)
    _assert_outputs(gru.run_forward(x), reference(gru, x))


def test_float32_forward_close_to_float64_reference():
    x = _x(5).astype("float32")
    layer = LSTM(U, return_sequences=True)
    layer._build_once((None, T, F))
    _random_weights(layer)
    out = layer(x)
    assert out.dtype == np.float32
    np.testing.assert_allclose(out, reference(layer, x), atol=2e-6)


# ----------------------------------------------------------------------------- gradients
GRAD_CASES = [
    {},
    {"return_sequences": True},
    {"return_state": True, "return_sequences": True},
    {"go_backwards": True, "return_sequences": True},
    {"go_backwards": True, "return_state": True},
    {"return_sequences": True, "zero_output_for_mask": True},
    {"activation": "relu", "use_bias": False},
]


@pytest.mark.parametrize("cls", RNNS)
@pytest.mark.parametrize("case", GRAD_CASES)
@pytest.mark.parametrize("masked", [False, True])
def test_gradients(cls, case, masked):
    check_layer_gradients(cls(U, **case), _x(6), mask=MASK if masked else None)


@pytest.mark.parametrize("case", [{"reset_after": False}, {"reset_after": False, "return_state": True},
                                  {"reset_after": True, "recurrent_activation": "tanh"}])
def test_gru_gradients_both_conventions(case):
    check_layer_gradients(GRU(U, return_sequences=True, **case), _x(7), mask=MASK)


def test_lstm_gradients_general_activation_path():
    check_layer_gradients(LSTM(U, activation="relu", recurrent_activation="tanh",
                               return_sequences=True), _x(8), mask=MASK)


@pytest.mark.parametrize("cls", RNNS)
@pytest.mark.parametrize("drop", [{"dropout": 0.3}, {"recurrent_dropout": 0.4},
                                  {"dropout": 0.2, "recurrent_dropout": 0.3, "return_sequences": True}])
def test_gradients_with_dropout(cls, drop):
    # reseed makes every forward draw the same masks
    check_layer_gradients(cls(U, **drop), _x(9), training=True, reseed=3, mask=MASK)


# ----------------------------------------------------------------------------- masking
@pytest.mark.parametrize("cls", RNNS)
def test_padding_leaves_state_unchanged(cls):
    """Pre- and post-padded sequences give the result of the unpadded sequence (Keras)."""
    rs = np.random.default_rng(10)
    tokens = rs.integers(1, 20, (2, 4))
    pre = np.concatenate([np.zeros((2, 3), int), tokens], axis=1)
    post = np.concatenate([tokens, np.zeros((2, 3), int)], axis=1)
    utils.set_random_seed(0)
    emb = Embedding(20, 4, mask_zero=True)
    rnn = cls(5, return_state=True)
    with testing.float64():
        emb._build_once((None, None))
        rnn._build_once((None, None, 4))
    _random_weights(rnn)

    def run(ids):
        return rnn.run_forward(emb.forward(ids), mask=emb.compute_mask(ids))

    plain = rnn.run_forward(emb.forward(tokens))
    for padded in (pre, post):
        for a, b in zip(run(padded), plain):
            np.testing.assert_allclose(a, b, rtol=1e-12, atol=1e-14)


def test_masked_sequence_outputs_repeat_previous_output():
    x = _x(11)
    layer = _build64(LSTM(U, return_sequences=True), x)
    out = layer.run_forward(x, mask=MASK)
    np.testing.assert_array_equal(out[0, 3], out[0, 2])  # post-padding repeats the last output
    np.testing.assert_array_equal(out[0, 4], out[0, 2])
    np.testing.assert_array_equal(out[1, :2], 0)  # before any real step the output is zero
    zeroed = _build64(LSTM(U, return_sequences=True, zero_output_for_mask=True), x)
    out = zeroed.run_forward(x, mask=MASK)
    np.testing.assert_array_equal(out[0, 3:], 0)


def test_output_mask_follows_return_sequences():
    m = MASK
    assert LSTM(2).compute_mask(None, m) is None
    assert LSTM(2, return_sequences=True).compute_mask(None, m) is m
    assert LSTM(2, return_sequences=True, return_state=True).compute_mask(None, m) == [m, None, None]
    assert GRU(2, return_state=True).compute_mask(None, m) == [None, None]


# ----------------------------------------------------------------------------- dropout
def test_dropout_masks_are_shared_across_timesteps_and_off_at_inference():
    utils.set_random_seed(2)
    rate = 0.5
    layer = SimpleRNN(F, activation="linear", dropout=rate, return_sequences=True)
    layer._build_once((None, T, F))
    layer.set_weights([np.eye(F), np.zeros((F, F)), np.zeros(F)])  # output = masked input
    x = np.ones((200, T, F), dtype="float32")
    y = layer(x, training=True)
    assert set(np.unique(y)) <= {0.0, 1.0 / (1 - rate)}
    np.testing.assert_array_equal(y, np.repeat(y[:, :1], T, axis=1))  # same mask every step
    assert abs(np.mean(y == 0) - rate) < 0.05
    np.testing.assert_array_equal(layer(x, training=False), x)


def test_seeded_dropout_differs_between_batches_but_repeats_across_layers():
    a = LSTM(2, dropout=0.5, seed=7)
    b = LSTM(2, dropout=0.5, seed=7)
    x = _x(12).astype("float32")
    ya1, yb1 = a(x, training=True), None
    b._build_once((None, T, F))
    b.set_weights(a.get_weights())
    yb1 = b(x, training=True)
    np.testing.assert_array_equal(ya1, yb1)
    assert not np.array_equal(a(x, training=True), ya1)


@pytest.mark.parametrize("cls,kw", [(LSTM, {"dropout": 1.0}), (GRU, {"recurrent_dropout": -0.1}),
                                    (SimpleRNN, {"dropout": "a"}), (LSTM, {"units": 0}),
                                    (GRU, {"units": 2.5}), (SimpleRNN, {"seed": -1})])
def test_bad_arguments_raise_config_errors(cls, kw):
    kw = {"units": 2, **kw}
    with pytest.raises(ConfigError) as err:
        cls(**kw)
    name = [k for k in kw if k != "units"] or ["units"]
    assert name[0] in str(err.value)


# ----------------------------------------------------------------------------- weights, shapes
def test_weight_layouts_match_keras():
    lstm, gru, gru_b, rnn = LSTM(5), GRU(5), GRU(5, reset_after=False), SimpleRNN(5)
    for layer in (lstm, gru, gru_b, rnn):
        layer._build_once((None, 7, 3))
    assert [w.shape for w in lstm.get_weights()] == [(3, 20), (5, 20), (20,)]
    assert [w.shape for w in gru.get_weights()] == [(3, 15), (5, 15), (2, 15)]
    assert [w.shape for w in gru_b.get_weights()] == [(3, 15), (5, 15), (15,)]
    assert [w.shape for w in rnn.get_weights()] == [(3, 5), (5, 5), (5,)]
    assert list(lstm.params) == ["kernel", "recurrent_kernel", "bias"]
    assert lstm.count_params() == 4 * (5 * (3 + 5) + 5)


def test_lstm_default_initialisation():
    layer = LSTM(4)
    layer._build_once((None, 6, 3))
    np.testing.assert_array_equal(layer.bias, np.r_[np.zeros(4), np.ones(4), np.zeros(8)])
    u = layer.recurrent_kernel  # orthogonal (4, 16): orthonormal rows
    np.testing.assert_allclose(u @ u.T, np.eye(4), atol=1e-5)
    no_forget = LSTM(4, unit_forget_bias=False)
    no_forget._build_once((None, 6, 3))
    np.testing.assert_array_equal(no_forget.bias, 0)


@pytest.mark.parametrize("cls", RNNS)
def test_output_shapes(cls):
    assert cls(7).compute_output_shape((None, 9, 3)) == (None, 7)
    assert cls(7, return_sequences=True).compute_output_shape((None, None, 3)) == (None, None, 7)
    n_states = 2 if cls is LSTM else 1
    assert cls(7, return_state=True).compute_output_shape((None, 9, 3)) == \
        [(None, 7)] + [(None, 7)] * n_states
    y = cls(7, return_sequences=True)(np.zeros((2, 4, 3), "float32"))
    assert y.shape == (2, 4, 7)


@pytest.mark.parametrize("cls", RNNS)
def test_2d_input_names_the_fix(cls):
    with pytest.raises(ShapeError, match=r"\(batch, timesteps, features\).*Embedding") as err:
        cls(4)(Input(shape=(10,)))
    assert err.value.code == "rnn_rank"
    with pytest.raises(ShapeError, match="TimeDistributed"):
        cls(4).compute_output_shape((None, 5, 4, 3))


def test_lstm_in_sequential_without_embedding_fails_clearly():
    from netbuilder.core.models import Sequential

    with pytest.raises(ShapeError, match="Embedding"):
        Sequential([Input(shape=(100,)), LSTM(8)])


# ----------------------------------------------------------------------------- config, registry
@pytest.mark.parametrize("layer", [
    LSTM(3, return_sequences=True, dropout=0.1, recurrent_dropout=0.2, seed=4, go_backwards=True,
         kernel_regularizer="l2", unit_forget_bias=False, recurrent_activation="tanh"),
    GRU(4, reset_after=False, return_state=True, zero_output_for_mask=True, activation="relu"),
    SimpleRNN(2, use_bias=False, stateful=True, unroll=True),
])
def test_config_round_trip(layer):
    config = layer.get_config()
    clone = type(layer).from_config(config)
    assert clone.get_config() == config
    for key in ("units", "return_sequences", "return_state", "go_backwards", "stateful", "unroll",
                "dropout", "recurrent_dropout", "seed", "recurrent_initializer", "activation"):
        assert key in config


def test_registered_with_keras_names():
    for name, alias, cls in [("LSTM", "lstm", LSTM), ("GRU", "gru", GRU),
                             ("SimpleRNN", "simple_rnn", SimpleRNN)]:
        assert LAYERS.lookup(name) is cls and LAYERS.lookup(alias) is cls
        assert LAYERS.meta(name)["group"] == "Recurrent"
    layer = LAYERS.get({"class_name": "LSTM", "config": {"units": 3, "return_sequences": True}})
    assert isinstance(layer, LSTM) and layer.return_sequences


# ----------------------------------------------------------------------------- statefulness
def test_stateful_carries_states_between_batches():
    x = _x(13)
    layer = _build64(GRU(U, stateful=True), x)
    whole = reference(_build64(GRU(U, return_sequences=True), x), np.concatenate([x, x], axis=1))
    # the second half of a 10-step run = a stateful run over the same 5 steps twice
    twin = _build64(GRU(U, stateful=True), x)
    twin.set_weights(layer.get_weights())
    twin.run_forward(x)
    np.testing.assert_allclose(twin.run_forward(x), whole[:, -1], rtol=1e-10)
    twin.reset_state()
    np.testing.assert_allclose(twin.run_forward(x), whole[:, T - 1], rtol=1e-10)


# ----------------------------------------------------------------------------- in models
def test_imdb_book_model_counts_and_shapes_match_keras():
    from netbuilder.core.models import Sequential

    model = Sequential([Input(shape=(500,), dtype="int32"), Embedding(10000, 32), LSTM(32),
                        _dense(1, "sigmoid")])
    assert model.count_params() == 328_353
    assert [layer.count_params() for layer in model.layers] == [320_000, 8_320, 33]
    assert [layer.output_shape for layer in model.layers] == [(None, 500, 32), (None, 32), (None, 1)]


def _dense(units, activation):
    from netbuilder.core.layers import Dense

    return Dense(units, activation=activation)


def test_lstm_learns_a_memory_task():
    """The label is the first token's parity; a later token cannot tell it: memory is needed."""
    from netbuilder.core.models import Sequential

    utils.set_random_seed(0)
    rs = np.random.default_rng(0)
    x = rs.integers(1, 8, (256, 6))
    y = (x[:, :1] % 2).astype("float32")
    model = Sequential([Input(shape=(6,), dtype="int32"), Embedding(8, 8), LSTM(12),
                        _dense(1, "sigmoid")])
    model.compile(optimizer="adam", loss="binary_crossentropy", metrics=["accuracy"])
    hist = model.fit(x, y, batch_size=32, epochs=35, verbose=0)
    assert hist.history["accuracy"][0] < 0.7  # chance level at first
    assert hist.history["accuracy"][-1] > 0.98


def test_sigmoid_rnn_output_layer_gets_the_plain_output_gradient():
    """The trainer fuses sigmoid+BCE gradients only for layers that opt in with
    ``supports_fused_output``; recurrent layers do not, so their backward stays exact."""
    from netbuilder.core.models import Sequential

    layer = SimpleRNN(1, activation="sigmoid")
    assert not layer.supports_fused_output
    utils.set_random_seed(1)
    model = Sequential([Input(shape=(4, 2)), layer])
    model.compile(optimizer="sgd", loss="binary_crossentropy")
    x = np.random.default_rng(1).standard_normal((8, 4, 2)).astype("float32")
    y = np.ones((8, 1), "float32")
    first = model.evaluate(x, y, verbose=0)
    for _ in range(20):
        model.train_on_batch(x, y)
    assert model.evaluate(x, y, verbose=0) < first


@pytest.mark.parametrize("cls,kw", [(LSTM, {}), (GRU, {"reset_after": False}), (SimpleRNN, {})])
def test_layer_contract(cls, kw):
    out = testing.run_layer_test(cls, {"units": 3, "return_sequences": True, **kw}, (2, 4, 5),
                                 expected_output_shape=(None, 4, 3),
                                 expected_num_trainable_weights=3)
    assert out.shape == (2, 4, 3)


# ----------------------------------------------------------------------------- chunked bulk
@pytest.mark.parametrize("cls,kw", [(LSTM, {}), (GRU, {}), (GRU, {"reset_after": False}),
                                    (SimpleRNN, {}), (LSTM, {"dropout": 0.3, "go_backwards": True}),
                                    (GRU, {"dropout": 0.2, "recurrent_dropout": 0.3})])
@pytest.mark.parametrize("threads", [True, False])
def test_time_chunks_give_the_one_shot_results(cls, kw, threads, monkeypatch):
    """The bulk matmuls run in time chunks (inline, or on a worker thread): same results as
    one chunk for the whole sequence."""
    from netbuilder.core.layers import rnn_loop

    x = _x(14, (N, 11, F))
    g = np.random.default_rng(15).standard_normal((N, 11, U))

    def run():
        layer = _build64(cls(U, return_sequences=True, **kw), x)
        utils.set_random_seed(3)
        out = layer.run_forward(x, training=True, mask=np.tile(MASK, (1, 3))[:, :11])
        dx = layer.run_backward(g)
        return [out, dx] + [layer.grads[k] for k in layer.trainable_keys()]

    monkeypatch.setitem(rnn_loop._MODE, "inline_chunk", 100)
    whole = run()
    try:
        rnn_loop.set_threading(threads, chunk=3)
        monkeypatch.setitem(rnn_loop._MODE, "inline_chunk", 2)
        chunked = run()
    finally:
        rnn_loop.set_threading(False)
    for a, b in zip(whole, chunked):
        np.testing.assert_allclose(a, b, rtol=1e-12, atol=1e-14)


def test_set_threading_validates():
    from netbuilder.core.layers import rnn_loop

    with pytest.raises(ValueError):
        rnn_loop.set_threading("sometimes")
    with pytest.raises(ValueError):
        rnn_loop.set_threading(False, chunk=0)


@pytest.mark.parametrize("cls", RNNS)
def test_vanished_gradients_stop_the_loop_early(cls, monkeypatch):
    """A 300-step gradient decays below 2**-70 of its peak long before step 0: the loop stops
    there and the earlier steps' gradients are exactly zero; against the full loop the
    difference is far below float64 precision."""
    from netbuilder.core.layers import rnn_loop

    x = np.random.default_rng(16).standard_normal((2, 300, 3))

    def grads():
        utils.set_random_seed(0)
        layer = cls(4)
        with testing.float64():
            layer._build_once((None, 300, 3))
        layer.run_forward(x)
        dx = layer.run_backward(np.ones((2, 4)))
        return [dx] + [layer.grads[k] for k in layer.trainable_keys()]

    guarded = grads()

    class Never(rnn_loop.VanishingGuard):
        def vanished(self, *arrays):
            return False

    monkeypatch.setattr(rnn_loop, "VanishingGuard", Never)  # what ReverseSteps uses
    full = grads()
    assert np.all(guarded[0][:, :50] == 0) and np.abs(full[0][:, :50]).max() > 0
    for a, b in zip(guarded, full):
        np.testing.assert_allclose(a, b, rtol=1e-14, atol=1e-18 * np.abs(b).max())
