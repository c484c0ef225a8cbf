"""SimpleRNN / LSTM / GRU and their base ``RNNBase``: what mutation testing
(``benchmarks/mutation.py rnn``) found unguarded: the refusals' codes and words, the weight
arguments reaching each weight (recurrent kernel included), statefulness, masks given per feature
or as a list, and ``zero_output_for_mask`` on the last output's gradient; then (second round)
activations whose gradient needs their input, GRU's ``reset_after=False`` recurrent dropout, the
fast paths, per-gate dropout masks and their seed, C-ordered weights and the scratch buffers.
The float32 hot path is in ``test_recurrent_float32.py``, the loop helpers in
``test_recurrent_loop.py``.
"""

import numpy as np
import pytest

from netbuilder.core import testing
from netbuilder.core.errors import ConfigError, ShapeError
from netbuilder.core.layers import GRU, LSTM, SimpleRNN

from .rnn_reference import reference

RNNS = [SimpleRNN, LSTM, GRU]


def built64(layer, shape, seed=1):
    with testing.float64():
        layer._build_once((None,) + shape[1:])
    rs = np.random.default_rng(seed)
    layer.set_weights([rs.uniform(-0.8, 0.8, w.shape) for w in layer.get_weights()])
    return layer


def x_of(shape, seed=0):
    return np.random.default_rng(seed).standard_normal(shape)


@pytest.mark.parametrize("cls", RNNS)
def test_argument_errors_have_their_codes_and_the_layer_name(cls):
    name = cls.__name__
    with pytest.raises(ConfigError) as info:
        cls(0, name="r")
    assert str(info.value) == f"{name}: units must be a positive integer, got 0"
    assert info.value.code == "rnn_units" and info.value.layer == "r"
    for arg in ("dropout", "recurrent_dropout"):
        with pytest.raises(ConfigError) as info:
            cls(2, **{arg: 1.0}, name="r")
        assert str(info.value).startswith(f"{name}: {arg} must be") and "got 1.0" in str(info.value)
        assert info.value.code == "rnn_dropout" and info.value.layer == "r"
    with pytest.raises(ConfigError) as info:
        cls(2, seed=-2, name="r")
    assert info.value.code == "bad_seed" and info.value.layer == "r" and str(info.value).startswith(f"{name}: seed")


@pytest.mark.parametrize("cls", RNNS)
def test_weight_arguments_reach_their_own_weight(cls):
    layer = cls(2, kernel_initializer="ones", recurrent_initializer="zeros", bias_initializer="ones",
                kernel_regularizer={"class_name": "L2", "config": {"l2": 0.5}},
                recurrent_regularizer={"class_name": "L1", "config": {"l1": 0.25}},
                bias_regularizer={"class_name": "L1", "config": {"l1": 2.0}},
                kernel_constraint="non_neg", recurrent_constraint="unit_norm", bias_constraint="non_neg",
                activity_regularizer="l2", dropout=0.25, recurrent_dropout=0.5, seed=4, unroll=True,
                stateful=True, zero_output_for_mask=True, return_state=True, use_bias=True)
    layer.build((None, 3, 2))
    k, rk, b = (layer.params[n] for n in ("kernel", "recurrent_kernel", "bias"))
    assert np.all(k == 1) and np.all(rk == 0)
    assert np.all(b != 0)  # ones (LSTM's unit_forget_bias adds one more to the forget block)
    assert set(layer._regularizers) == set(layer._constraints) == {"kernel", "recurrent_kernel", "bias"}
    rk[...] = 2.0
    expected = 0.5 * np.sum(k ** 2) + 0.25 * np.sum(np.abs(rk)) + 2.0 * np.sum(np.abs(b))
    assert layer.regularization_penalty() == pytest.approx(float(expected))
    k[0, 0], b.flat[0] = -1.0, -3.0  # (GRU's bias is (2, 3 units) with reset_after)
    layer.apply_constraints()
    assert k[0, 0] == 0 and b.flat[0] == 0
    np.testing.assert_allclose(np.sqrt(np.sum(layer.params["recurrent_kernel"] ** 2, axis=0)), 1.0, rtol=1e-5)
    cfg = layer.get_config()
    assert cfg["recurrent_initializer"]["class_name"] == "Zeros"
    assert cfg["bias_initializer"]["class_name"] == "Ones"
    assert cfg["kernel_regularizer"]["config"]["l2"] == 0.5
    assert cfg["recurrent_regularizer"]["config"]["l1"] == 0.25 and cfg["bias_regularizer"]["config"]["l1"] == 2.0
    assert cfg["activity_regularizer"]["class_name"] == "L2"
    assert (cfg["kernel_constraint"]["class_name"], cfg["recurrent_constraint"]["class_name"],
            cfg["bias_constraint"]["class_name"]) == ("NonNeg", "UnitNorm", "NonNeg")
    assert (cfg["dropout"], cfg["recurrent_dropout"], cfg["seed"], cfg["unroll"], cfg["stateful"],
            cfg["zero_output_for_mask"], cfg["return_state"], cfg["use_bias"]) == (0.25, 0.5, 4, True, True,
                                                                                  True, True, True)
    assert cls.from_config(cfg).get_config() == cfg


def test_activity_regularizer_reaches_the_base_layer():
    layer = built64(SimpleRNN(2, activity_regularizer={"class_name": "L2", "config": {"l2": 0.1}}), (2, 3, 2))
    y = layer.run_forward(x_of((2, 3, 2)), training=True)
    assert layer.regularization_penalty() == pytest.approx(0.1 * float(np.sum(y ** 2)))


@pytest.mark.parametrize("cls", RNNS)
def test_input_refusals(cls):
    layer = built64(cls(2, name="r"), (2, 3, 2))
    with pytest.raises(ShapeError) as info:
        layer.run_forward(np.zeros((2, 0, 2)))
    assert info.value.code == "rnn_empty" and info.value.layer == "r"
    assert str(info.value) == f"{cls.__name__} layer 'r' got sequences of length 0"
    with pytest.raises(ShapeError) as info:
        layer.run_forward(x_of((2, 3, 2)), mask=np.ones((2, 4), bool))
    assert info.value.code == "rnn_mask_shape" and info.value.layer == "r"
    assert str(info.value) == f"{cls.__name__} layer 'r': mask of shape (2, 4) does not match inputs (2, 3, 2)"
    with pytest.raises(ShapeError) as info:
        cls(2, name="r").compute_output_shape((None, 3, None))
    assert info.value.code == "rnn_unknown_dim" and "'r'" in str(info.value)
    with pytest.raises(ShapeError) as info:
        cls(2).compute_output_shape((None, 3, 4, 5))
    assert info.value.code == "rnn_rank" and "TimeDistributed" in str(info.value)


@pytest.mark.parametrize("cls", RNNS)
def test_a_stateful_layer_refuses_another_batch_size_until_reset(cls):
    layer = built64(cls(3, stateful=True, name="r"), (2, 3, 2))  # units != batch: the message names the batch
    first = layer.run_forward(x_of((2, 3, 2)))
    kept = [s.copy() for s in layer.states]
    assert len(kept) == layer._n_states and kept[0].shape == (2, 3)
    np.testing.assert_allclose(kept[0], first)
    with pytest.raises(ShapeError) as info:
        layer.run_forward(x_of((3, 3, 2)))
    assert info.value.code == "rnn_stateful_batch" and info.value.layer == "r"
    assert str(info.value) == (f"stateful {cls.__name__} layer 'r' kept states for a batch of 2, got a batch of 3: "
                               "use a fixed batch size, or call reset_state()")
    layer.reset_states()
    assert layer.states is None
    assert layer.run_forward(x_of((3, 3, 2))).shape == (3, 3)


@pytest.mark.parametrize("cls", RNNS)
def test_per_feature_and_listed_masks(cls):
    """A 3-D mask counts a step when any feature does; a list's first mask is used."""
    x = x_of((2, 4, 2))
    step_mask = np.array([[1, 1, 0, 1], [0, 1, 1, 1]], bool)
    layer = built64(cls(2, return_sequences=True), x.shape)
    want = reference(layer, x, mask=step_mask)
    per_feature = np.stack([step_mask, np.zeros_like(step_mask)], axis=-1)
    np.testing.assert_allclose(layer.run_forward(x, mask=per_feature), want, rtol=1e-10, atol=1e-12)
    np.testing.assert_allclose(layer.run_forward(x, mask=[step_mask, None]), want, rtol=1e-10, atol=1e-12)
    full = layer.run_forward(x, mask=np.ones((2, 4), bool))
    np.testing.assert_allclose(full, reference(layer, x), rtol=1e-10, atol=1e-12)
    assert layer._saved.masked is None  # an all-true mask skips nothing: the unmasked loop
    assert layer.compute_mask(None, [step_mask, None]) is step_mask


@pytest.mark.parametrize("cls", RNNS)
def test_zero_output_for_mask_on_the_last_output_and_its_gradient(cls):
    """The last step masked: Keras outputs zeros there, so its gradient reaches nothing."""
    x = x_of((2, 3, 2))
    mask = np.array([[1, 1, 0], [1, 1, 1]], bool)
    layer = built64(cls(2, zero_output_for_mask=True), x.shape)
    y = layer.run_forward(x, mask=mask)
    np.testing.assert_array_equal(y[0], 0.0)
    np.testing.assert_allclose(y[1], reference(layer, x, mask=mask)[1], rtol=1e-10)
    testing.check_layer_gradients(cls(2, zero_output_for_mask=True), x, mask=mask)
    testing.check_layer_gradients(cls(2, zero_output_for_mask=True, return_sequences=True, go_backwards=True),
                                  x, mask=mask)


@pytest.mark.parametrize("cls", RNNS)
def test_state_gradients_alone_and_with_the_output(cls):
    """``return_state``: gradients for the output and each state, or for the states only."""
    x = x_of((2, 3, 2))
    testing.check_layer_gradients(cls(2, return_state=True), x)
    layer = built64(cls(2, return_state=True), x.shape)
    outs = layer.run_forward(x, training=True)
    layer.input_grad_needed = True
    g_state = np.ones_like(outs[1])
    dx_state_only = layer.run_backward([None, g_state] + [None] * (len(outs) - 2))
    layer.run_forward(x, training=True)
    dx_output = layer.run_backward([g_state, None] + [None] * (len(outs) - 2))
    np.testing.assert_allclose(dx_state_only, dx_output, rtol=1e-12)  # the output is the first state
    assert cls(2, return_state=True).compute_output_shape((None, 3, 2)) == \
        [(None, 2)] + [(None, 2)] * layer._n_states


# ----------------------------------------------------------------------------- second round (issue 23)
@pytest.mark.parametrize("cls,kwargs", [
    (SimpleRNN, {"activation": "gelu"}),
    (LSTM, {"activation": "gelu"}),  # only the activation needs its input
    (LSTM, {"recurrent_activation": "silu"}),  # only the recurrent activation does (tanh keeps a scratch)
    (GRU, {"activation": "gelu"}),
    (GRU, {"recurrent_activation": "silu"}),
    (GRU, {"recurrent_activation": "silu", "reset_after": False}),
])
def test_gradients_of_activations_that_need_their_input(cls, kwargs):
    """gelu/silu's gradients read the pre-activation: the loop keeps it for each gate, per step."""
    x = x_of((2, 4, 3))
    testing.check_layer_gradients(cls(3, return_sequences=True, **kwargs), x, mask=np.array(
        [[1, 1, 1, 0], [0, 1, 1, 1]], bool))


def test_gru_without_reset_after_gradients_with_recurrent_dropout():
    """reset_after=False: the z, r masks meet h_{t-1} in the recurrent product, the h mask meets
    r * h_{t-1} (Keras implementation 1: one mask per gate)."""
    testing.check_layer_gradients(GRU(3, reset_after=False, recurrent_dropout=0.4, return_sequences=True),
                                  x_of((2, 4, 3)), training=True, reseed=5)


@pytest.mark.parametrize("cls", RNNS)
def test_a_stateful_layer_over_two_halves_is_one_pass_over_the_whole(cls):
    """The states kept after the first half (h, and c for LSTM) start the second half."""
    x = x_of((2, 6, 2))
    whole = built64(cls(3, return_sequences=True), x.shape)
    stateful = built64(cls(3, return_sequences=True, stateful=True), x.shape)
    want = whole.run_forward(x)
    np.testing.assert_allclose(want, reference(whole, x), rtol=1e-10, atol=1e-12)
    halves = [stateful.run_forward(x[:, :3]), stateful.run_forward(x[:, 3:])]
    np.testing.assert_allclose(np.concatenate(halves, axis=1), want, rtol=1e-12, atol=1e-12)


class _Refused:
    """An activation whose functions must not be called (the fast paths fold them into tanh)."""

    def __init__(self, name):
        self.name, self.needs_x = name, False

    def __call__(self, x):
        raise AssertionError(f"{self.name} called")

    grad = __call__


@pytest.mark.parametrize("cls", RNNS)
def test_default_activations_take_the_fast_path_and_keep_no_preactivations(cls, monkeypatch):
    """tanh/sigmoid: one in-place tanh per step (sigmoid(z) = (1 + tanh(z/2)) / 2), gradients from
    the outputs; no copy of the pre-activations is kept (T x gates x units x batch floats)."""
    from netbuilder.core.layers import lstm as lstm_module

    x = x_of((2, 4, 3))
    layer = built64(cls(3, return_sequences=True), x.shape)
    want = reference(layer, x)
    layer.activation = _Refused("tanh")
    if cls is not SimpleRNN:
        layer.recurrent_activation = _Refused("sigmoid")

    def refuse(*args):
        raise AssertionError("the fast LSTM backward went through grad_into")

    monkeypatch.setattr(lstm_module, "grad_into", refuse)
    np.testing.assert_allclose(layer.run_forward(x, training=True), want, rtol=1e-10, atol=1e-12)
    assert all(getattr(layer._saved, k, None) is None for k in ("preacts", "gate_preacts", "cell_preacts"))
    layer.run_backward(np.ones((2, 4, 3)))


@pytest.mark.parametrize("cls", RNNS)
def test_no_preactivations_are_kept_for_activations_that_do_not_need_them(cls):
    kwargs = {} if cls is SimpleRNN else {"recurrent_activation": "hard_sigmoid"}
    layer = built64(cls(3, activation="relu", **kwargs), (2, 4, 3))
    layer.run_forward(x_of((2, 4, 3)), training=True)
    assert all(getattr(layer._saved, k, None) is None for k in ("preacts", "gate_preacts", "cell_preacts"))


def test_unit_forget_bias_draws_in_the_requested_dtype():
    """Keras: ``[init((u,)), ones((u,)), init((2u,))]``, each in the dtype asked for (an int
    seed gives the same draws at every call); floatx when none is asked for."""
    from netbuilder.core import initializers
    from netbuilder.core.layers.lstm import UnitForgetBias

    init = initializers.RandomNormal(seed=5)
    bias = UnitForgetBias(3, init)((12,), dtype="float64")
    assert bias.dtype == np.float64
    np.testing.assert_array_equal(bias, np.concatenate([init((3,), dtype="float64"), np.ones(3),
                                                        init((6,), dtype="float64")]))
    assert UnitForgetBias(3, initializers.get("zeros"))((12,)).dtype == np.float32
    assert UnitForgetBias(3, initializers.get("zeros"))((12,), dtype="float32").dtype == np.float32


@pytest.mark.parametrize("cls", RNNS)
def test_build_marks_the_layer_built(cls):
    """Keras's contract: ``build`` ends with ``self.built = True`` (users call it directly)."""
    layer = cls(2)
    layer.build((None, 3, 2))
    assert layer.built is True


@pytest.mark.parametrize("cls", [LSTM, GRU])
def test_use_cudnn_is_accepted_with_keras_default(cls):
    assert cls(2).use_cudnn == "auto" and cls(2, use_cudnn=False).use_cudnn is False


def test_a_subclass_signature_lists_its_own_then_the_shared_arguments():
    """``RNNBase.__init_subclass__`` (run here, not only at import): own positional arguments,
    then every shared one keyword-only with its default, then ``**kwargs``."""
    import inspect

    from netbuilder.core.layers.rnn_base import RNNBase

    class Cell(RNNBase):
        def __init__(self, units, extra=1, **kwargs):
            super().__init__(units, **kwargs)

    class Plain(RNNBase):
        pass

    shared = inspect.signature(RNNBase.__init__).parameters
    params = list(inspect.signature(Cell.__init__).parameters.values())
    assert [p.name for p in params] == (["self", "units", "extra"]
                                        + [n for n in shared if n not in ("self", "units", "kwargs")]
                                        + ["kwargs"])
    assert params[2].kind is params[2].POSITIONAL_OR_KEYWORD and params[2].default == 1
    for p in params[3:-1]:
        assert p.kind is p.KEYWORD_ONLY and p.default == shared[p.name].default
    assert params[-1].kind is params[-1].VAR_KEYWORD
    assert inspect.signature(Plain.__init__) == inspect.signature(RNNBase.__init__)


@pytest.mark.parametrize("cls", RNNS)
def test_dropout_masks_one_per_gate_with_recurrent_dropout(cls):
    """Keras implementation 1: with ``recurrent_dropout`` each gate draws its own input and
    recurrent masks; with ``dropout`` alone one input mask serves every gate."""
    x = x_of((4, 3, 5))
    layer = built64(cls(3, dropout=0.5, recurrent_dropout=0.5, seed=2), x.shape)
    layer.run_forward(x, training=True)
    saved = layer._saved
    assert len(saved.in_masks) == len(saved.rec_masks) == layer._n_gates
    assert [m.shape for m in saved.in_masks] == [(4, 6)] * layer._n_gates  # features + the bias column
    assert [m.shape for m in saved.rec_masks] == [(3, 4)] * layer._n_gates
    for masks in (saved.in_masks, saved.rec_masks):
        assert all(not np.array_equal(masks[0], m) for m in masks[1:])
    layer = built64(cls(3, dropout=0.5, seed=2), x.shape)
    layer.run_forward(x, training=True)
    assert len(layer._saved.in_masks) == 1 and layer._saved.rec_masks is None
    layer.run_forward(x, training=False)
    assert layer._saved.in_masks is None and layer._saved.rec_masks is None
    layer = built64(cls(3, recurrent_dropout=0.5, seed=2), x.shape)
    layer.run_forward(x, training=True)
    assert layer._saved.in_masks is None and len(layer._saved.rec_masks) == layer._n_gates


def test_scratch_buffers_are_kept_until_their_shape_dtype_or_array_module_changes():
    layer = SimpleRNN(2)
    b = layer._buf(np, "t", (2, 3), np.float32)
    assert b.shape == (2, 3) and b.dtype == np.float32
    assert layer._buf(np, "t", [2, 3], np.float32) is b and layer._buf(np, "u", (2, 3), np.float32) is not b
    assert layer._buf(np, "t", (3, 2), np.float32).shape == (3, 2)
    assert layer._buf(np, "t", (3, 2), np.float64).dtype == np.float64

    class OtherModule:  # another array module (CuPy's place)
        empty = staticmethod(np.empty)

    c = layer._buf(np, "t", (3, 2), np.float64)
    assert layer._buf(OtherModule, "t", (3, 2), np.float64) is not c


@pytest.mark.parametrize("cls", RNNS)
def test_weights_are_stored_in_c_order(cls):
    """The orthogonal initializer hands back a transposed (Fortran-ordered) QR factor; the loops
    update rows in place, so every weight is stored C-ordered (``add_weight`` sees to it)."""
    layer = cls(3)
    layer._build_once((None, 2, 5))
    assert all(p.flags.c_contiguous for p in layer.params.values())
    assert layer.recurrent_kernel is layer.params["recurrent_kernel"] and layer.kernel is layer.params["kernel"]


@pytest.mark.parametrize("cls", RNNS)
def test_a_seed_gives_the_dropout_masks_their_own_stream(cls):
    """Two layers with the same seed draw the same masks whatever the global generator does;
    without a seed the masks come from the global generator (``set_random_seed``)."""
    from netbuilder.core import utils

    x = x_of((4, 3, 5))
    outs = []
    for global_seed in (1, 2):
        utils.set_random_seed(global_seed)
        layer = built64(cls(3, dropout=0.5, recurrent_dropout=0.5, seed=7), x.shape)
        outs.append(layer.run_forward(x, training=True))
    np.testing.assert_array_equal(outs[0], outs[1])
    free = built64(cls(3, dropout=0.5, recurrent_dropout=0.5), x.shape)
    utils.set_random_seed(5)
    first = free.run_forward(x, training=True)
    utils.set_random_seed(5)
    np.testing.assert_array_equal(free.run_forward(x, training=True), first)
    assert not np.array_equal(free.run_forward(x, training=True), first)


@pytest.mark.parametrize("cls", RNNS)
def test_forward_without_training_is_inference(cls):
    """Keras: a layer called without ``training`` runs in inference mode (no dropout)."""
    x = x_of((2, 3, 2))
    layer = built64(cls(3, dropout=0.5, recurrent_dropout=0.5), x.shape)
    np.testing.assert_array_equal(layer.forward(x), layer.forward(x, training=False))
    assert layer._saved.in_masks is None and layer._saved.rec_masks is None


@pytest.mark.parametrize("cls", RNNS)
def test_defaults_are_keras_defaults(cls):
    cfg = cls(2).get_config()
    assert {k: cfg[k] for k in ("use_bias", "unroll", "zero_output_for_mask", "return_sequences", "return_state",
                                "go_backwards", "stateful", "dropout", "recurrent_dropout", "seed")} == {
        "use_bias": True, "unroll": False, "zero_output_for_mask": False, "return_sequences": False,
        "return_state": False, "go_backwards": False, "stateful": False, "dropout": 0.0,
        "recurrent_dropout": 0.0, "seed": None}
    assert cfg["activation"] == "tanh" and cfg["kernel_initializer"]["class_name"] == "GlorotUniform"
    assert cfg["recurrent_initializer"]["class_name"] == "Orthogonal"
    assert cfg["bias_initializer"]["class_name"] == "Zeros"
