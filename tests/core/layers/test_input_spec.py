"""Input contracts (``layers/input_spec.py``): one check, per-layer codes and hints."""

import pytest

from netbuilder.core import layers
from netbuilder.core.errors import ShapeError
from netbuilder.core.layers.input_spec import InputSpec, Refusal, check_input

SPEC = InputSpec(
    min_ndim=3, max_ndim=4, known_axes=(-1,), expected="(batch, steps, features)",
    too_few_axes=Refusal("few", "{cls} {name!r}: {ndim}-D {shape}, want {expected}{hint}"),
    too_many_axes=Refusal("many", "{cls} {name!r} too many axes in {shape}{hint}"),
    unknown_axis=Refusal("unknown", "{cls} {name!r}: last axis of {shape} unknown"),
    hints={2: "; add an Embedding", None: "; reshape it"})


class _Probe:
    name = "probe"


def test_an_accepted_shape_comes_back_as_a_tuple():
    assert check_input(_Probe(), (None, 5, 3), SPEC) == (None, 5, 3)
    assert check_input(_Probe(), (None, 5, 4, 3), SPEC) == (None, 5, 4, 3)


@pytest.mark.parametrize("shape,code,text", [
    ((None, 3), "few", "_Probe 'probe': 2-D (None, 3), want (batch, steps, features); add an Embedding"),
    ((None,), "few", "_Probe 'probe': 1-D (None,), want (batch, steps, features); reshape it"),
    ((None, 2, 2, 2, 3), "many", "_Probe 'probe' too many axes in (None, 2, 2, 2, 3); reshape it"),
    ((None, 4, None), "unknown", "_Probe 'probe': last axis of (None, 4, None) unknown"),
])
def test_each_refusal_has_its_code_message_and_params(shape, code, text):
    with pytest.raises(ShapeError) as info:
        check_input(_Probe(), shape, SPEC)
    err = info.value
    assert (err.code, str(err), err.layer) == (code, text, "probe")
    assert err.params["ndim"] == len(shape) and err.params["expected"] == "(batch, steps, features)"


def test_a_list_of_shapes_is_several_inputs():
    with pytest.raises(ShapeError) as info:
        check_input(_Probe(), [(None, 3, 2), (None, 3, 2)], SPEC)
    assert info.value.code == "too_many_inputs" and info.value.params["count"] == 2


def test_a_callable_hint_sees_the_layer_and_the_shape():
    spec = InputSpec(min_ndim=2, max_ndim=2, expected="(batch, features)",
                     too_few_axes=Refusal("low", "{hint}"), too_many_axes=Refusal("high", "{hint}"),
                     hints=lambda layer, shape: f"{layer.name} got {len(shape)} axes")
    with pytest.raises(ShapeError, match="probe got 4 axes"):
        check_input(_Probe(), (None, 2, 2, 2), spec)


@pytest.mark.parametrize("layer,shape,code,words", [
    (lambda: layers.LSTM(3), (None, 7), "rnn_rank", "add an Embedding layer"),
    (lambda: layers.GRU(3), (None, 2, 7, 1), "rnn_rank", "TimeDistributed"),
    (lambda: layers.SimpleRNN(3), (None, 5, None), "rnn_unknown_dim", "features axis"),
    (lambda: layers.MaxPooling2D(), (None, 8, 8), "pool_rank", "(height, width, channels)"),
    (lambda: layers.ZeroPadding1D(), (None, 8, 8, 1), "padding_rank", "(steps, channels)"),
])
def test_layers_keep_their_codes_and_hints(layer, shape, code, words):
    with pytest.raises(ShapeError) as info:
        layer().compute_output_shape(shape)
    assert info.value.code == code and words in str(info.value)


@pytest.mark.parametrize("make,shape,code,words", [
    (lambda: layers.Conv2D(4, 3), (None, 28, 28), "conv_rank", "add a Reshape((28, 28, 1)) before it"),
    (lambda: layers.Conv2D(4, 3), (None, 784), "conv_rank", "add a Reshape((28, 28, 1)) before it"),
    (lambda: layers.Conv1D(4, 3), (None, 20), "conv_rank", "add a Reshape((20, 1)) before it"),
    (lambda: layers.Conv2D(4, 3, data_format="channels_first"), (None, 8, 8), "conv_rank",
     "(channels, height, width)"),
    (lambda: layers.Conv2D(4, 3), (None, 8, 8, None), "conv_unknown_channels", "channels axis"),
    (lambda: layers.Conv2DTranspose(4, 3), (None, 8, 8), "conv_rank", "(height, width, channels)"),
])
def test_convolutions_suggest_the_reshape_that_adds_channels(make, shape, code, words):
    with pytest.raises(ShapeError) as info:
        make().compute_output_shape(shape)
    assert info.value.code == code and words in str(info.value)


@pytest.mark.parametrize("make,shape,code,words", [
    (lambda: layers.RepeatVector(3), (None, 4, 2), "repeat_rank", "add a Flatten layer before it"),
    (lambda: layers.Masking(), (None,), "masking_rank", "features axis"),
    (lambda: layers.RandomFlip(), (None, 28, 28), "augment_rank", "takes images"),
    (lambda: layers.SpatialDropout2D(0.2), (None, 8, 8), "spatial_dropout_rank", "(height, width, channels)"),
    (lambda: layers.SpatialDropout1D(0.2), (None, 8), "spatial_dropout_rank", "(steps, channels)"),
])
def test_the_other_contracts_keep_their_codes(make, shape, code, words):
    with pytest.raises(ShapeError) as info:
        make().compute_output_shape(shape)
    assert info.value.code == code and words in str(info.value)
    assert info.value.params["shape"] == "(" + ", ".join(str(d) for d in shape) + ("," if len(shape) == 1 else "") + ")"


def test_time_distributed_needs_a_time_axis():
    with pytest.raises(ShapeError) as info:
        layers.TimeDistributed(layers.Dense(2)).compute_output_shape((None, 4))
    assert info.value.code == "time_distributed_rank" and "(batch, timesteps, ...)" in str(info.value)
