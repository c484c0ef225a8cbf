"""SimpleRNN / LSTM / GRU and their base ``RNNBase``: what mutation testing
(``benchmarks/mutation.py rnn``) found unguarded: the refusals' codes and words, the weight
arguments reaching each weight (recurrent kernel included), statefulness, masks given per feature
or as a list, and ``zero_output_for_mask`` on the last output's gradient.
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
    assert info.value.code == "rnn_empty" and str(info.value) == f"{cls.__name__} layer 'r' got sequences of length 0"
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
    layer = built64(cls(2, stateful=True, name="r"), (2, 3, 2))
    first = layer.run_forward(x_of((2, 3, 2)))
    kept = [s.copy() for s in layer.states]
    assert len(kept) == layer._n_states and kept[0].shape == (2, 2)
    np.testing.assert_allclose(kept[0], first)
    with pytest.raises(ShapeError) as info:
        layer.run_forward(x_of((3, 3, 2)))
    assert info.value.code == "rnn_stateful_batch" and info.value.layer == "r"
    assert str(info.value) == (f"stateful {cls.__name__} layer 'r' kept states for a batch of 2, got a batch of 3: "
                               "use a fixed batch size, or call reset_state()")
    layer.reset_states()
    assert layer.states is None
    assert layer.run_forward(x_of((3, 3, 2))).shape == (3, 2)


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
