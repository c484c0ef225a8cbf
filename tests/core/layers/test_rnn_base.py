"""What ``RNNBase`` owns: the shared arguments, the input contract and the backward record."""

import gc
import inspect

import numpy as np
import pytest

from netbuilder.core import layers
from netbuilder.core.errors import ConfigError
from netbuilder.core.layers.rnn_base import RNNBase

SHARED = [n for n in inspect.signature(RNNBase.__init__).parameters if n not in ("self", "kwargs")]


@pytest.mark.parametrize("cls", [layers.SimpleRNN, layers.LSTM, layers.GRU])
def test_every_shared_argument_is_in_the_signature_with_its_default(cls):
    """The inspector and the code export read the signature: the shared arguments must be there."""
    params = inspect.signature(cls.__init__).parameters
    base = inspect.signature(RNNBase.__init__).parameters
    for name in SHARED:
        assert params[name].default == base[name].default, name
    assert list(params)[:2] == ["self", "units"] and params["units"].default is inspect.Parameter.empty


@pytest.mark.parametrize("cls,own", [(layers.LSTM, {"unit_forget_bias": False}), (layers.GRU, {"reset_after": False})])
def test_shared_and_own_arguments_reach_the_layer(cls, own):
    layer = cls(4, "relu", "hard_sigmoid", dropout=0.25, return_sequences=True, go_backwards=True,
                seed=3, implementation=2, name="r", **own)
    cfg = layer.get_config()
    assert (cfg["activation"], cfg["recurrent_activation"]) == ("relu", "hard_sigmoid")
    assert (cfg["dropout"], cfg["return_sequences"], cfg["go_backwards"], cfg["seed"]) == (0.25, True, True, 3)
    assert all(cfg[k] == v for k, v in own.items())
    assert cls.from_config(cfg).get_config() == cfg


def test_simple_rnn_takes_keras_positional_order():
    layer = layers.SimpleRNN(4, "relu", False)
    assert layer.activation.name == "relu" and layer.use_bias is False


@pytest.mark.parametrize("kw", [{"units": "4"}, {"units": 0}, {"units": True}, {"dropout": float("nan")},
                                {"recurrent_dropout": 1.0}, {"seed": -1}, {"seed": 1.5}])
def test_bad_shared_arguments_name_the_value(kw):
    args = {"units": 3, **kw}
    with pytest.raises(ConfigError) as info:
        layers.LSTM(**args)
    name = next(iter(kw))
    assert info.value.params["arg"] == name and info.value.params["value"] == repr(kw[name])


def test_an_unknown_keyword_is_refused():
    with pytest.raises(TypeError, match="unroled"):
        layers.GRU(3, unroled=True)


@pytest.mark.parametrize("cls", [layers.SimpleRNN, layers.LSTM, layers.GRU])
def test_backward_frees_the_loop_record(cls):
    layer = cls(3, return_sequences=True)
    x = np.random.default_rng(0).standard_normal((2, 4, 5)).astype("float32")
    layer(x, training=True)
    assert layer._saved is not None and layer._saved.h_all.shape == (5, 3, 2)  # (T+1, units, batch)
    dx = layer.run_backward(np.ones((2, 4, 3), dtype="float32"))
    assert dx.shape == x.shape and layer._saved is None
    with pytest.raises(RuntimeError, match="without a forward pass"):
        layer.run_backward(np.ones((2, 4, 3), dtype="float32"))


@pytest.mark.parametrize("cls", [layers.SimpleRNN, layers.LSTM, layers.GRU])
def test_a_training_step_leaves_no_reference_cycle(cls):
    """The chunk runners let go of the projection and the gradient products when done: a cycle
    would keep each batch's arrays (the input, dx) alive until the collector's next pass, and the
    memory of a long fit grew by tens of MB before it did."""
    layer = cls(3, return_sequences=True)
    x = np.random.default_rng(0).standard_normal((2, 4, 5)).astype("float32")
    layer(x, training=True)
    layer.run_backward(np.ones((2, 4, 3), dtype="float32"))
    gc.collect()
    gc.disable()
    try:
        layer(x, training=True)
        layer.run_backward(np.ones((2, 4, 3), dtype="float32"))
        assert gc.collect() == 0
    finally:
        gc.enable()
