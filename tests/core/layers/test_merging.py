"""Merge layers: forward formulas, broadcasting, gradients per input, shape errors, masks."""

import numpy as np
import pytest

from netbuilder.core.errors import ConfigError, ShapeError
from netbuilder.core.layers import (Add, Average, Concatenate, Input, Maximum, Minimum, Multiply,
                                    Subtract)
from netbuilder.core.registry import LAYERS
from netbuilder.core.testing import check_layer_gradients


ELEMENTWISE = {
    Add: lambda xs: sum(xs),
    Multiply: lambda xs: np.prod(np.stack(np.broadcast_arrays(*xs)), axis=0),
    Average: lambda xs: sum(xs) / len(xs),
    Maximum: lambda xs: np.max(np.stack(np.broadcast_arrays(*xs)), axis=0),
    Minimum: lambda xs: np.min(np.stack(np.broadcast_arrays(*xs)), axis=0),
}


def _inputs(shapes, seed=0, dtype="float64"):
    rs = np.random.default_rng(seed)
    return [rs.standard_normal(s).astype(dtype) for s in shapes]


@pytest.mark.parametrize("cls", list(ELEMENTWISE), ids=lambda c: c.__name__)
def test_elementwise_forward(cls):
    xs = _inputs([(4, 3, 5)] * 3, dtype="float32")
    y = cls()(xs)
    assert y.dtype == np.float32
    np.testing.assert_allclose(y, ELEMENTWISE[cls]([x.astype("float64") for x in xs]), rtol=1e-5, atol=1e-6)


def test_subtract_forward():
    a, b = _inputs([(3, 4), (3, 4)], dtype="float32")
    np.testing.assert_array_equal(Subtract()([a, b]), a - b)


@pytest.mark.parametrize("cls", list(ELEMENTWISE) + [Subtract], ids=lambda c: c.__name__)
@pytest.mark.parametrize("shapes", [[(3, 4), (3, 4)], [(2, 3, 4), (2, 1, 4)], [(2, 4), (2, 3, 4)]],
                         ids=["same", "broadcast", "rank"])
def test_elementwise_gradients(cls, shapes):
    check_layer_gradients(cls(), _inputs(shapes, seed=1))


@pytest.mark.parametrize("cls", list(ELEMENTWISE), ids=lambda c: c.__name__)
def test_three_input_gradients(cls):
    check_layer_gradients(cls(), _inputs([(2, 3), (2, 3), (2, 1)], seed=2))


def test_broadcast_forward_inserts_axes_after_batch():
    a = np.arange(6.0).reshape(2, 3)  # (B, F)
    b = np.ones((2, 4, 3))  # (B, T, F)
    y = Add()([a, b])
    np.testing.assert_allclose(y, a[:, None, :] + b)
    assert Add().compute_output_shape([(None, 3), (None, 4, 3)]) == (None, 4, 3)


def test_backward_returns_one_distinct_gradient_per_input():
    layer = Add()
    xs = _inputs([(2, 3)] * 3)
    layer(xs)
    grads = layer.backward(np.ones((2, 3)))
    assert isinstance(grads, list) and len(grads) == 3
    assert len({id(a) for a in grads}) == 3
    grads[0] += 1  # a caller accumulating in place must not change the others
    np.testing.assert_array_equal(grads[1], np.ones((2, 3)))
    np.testing.assert_array_equal(grads[2], np.ones((2, 3)))


def test_maximum_tie_goes_to_the_first_input():
    layer = Maximum()
    a = np.array([[1.0, 2.0]])
    layer([a, a.copy()])
    g1, g2 = layer.backward(np.array([[5.0, 7.0]]))
    np.testing.assert_array_equal(g1, [[5.0, 7.0]])
    np.testing.assert_array_equal(g2, [[0.0, 0.0]])


def test_incompatible_shapes_name_each_input():
    with pytest.raises(ShapeError, match=r"'add_me'.*\(None, 3\), \(None, 4\).*axis 1 has sizes 3 and 4") as info:
        Add(name="add_me")([Input(shape=(3,)), Input(shape=(4,))])
    assert info.value.code == "merge_shapes" and info.value.layer == "add_me"


def test_batch_size_mismatch_at_runtime():
    with pytest.raises(ShapeError, match="batch sizes"):
        Multiply()([np.ones((2, 3)), np.ones((3, 3))])


def test_subtract_needs_exactly_two():
    with pytest.raises(ShapeError, match="exactly 2 inputs") as info:
        Subtract(name="sub")([Input(shape=(3,))] * 3)
    assert info.value.code == "subtract_input_count" and info.value.layer == "sub"


def test_merge_needs_a_list_of_two():
    with pytest.raises(ShapeError, match="two or more") as info:
        Add().compute_output_shape([(None, 3)])
    assert info.value.code == "merge_needs_two"
    with pytest.raises(ShapeError, match="two or more"):
        Add()([Input(shape=(3,))])


def test_concatenate_forward_and_gradients():
    xs = _inputs([(2, 3), (2, 5), (2, 1)], seed=3, dtype="float32")
    np.testing.assert_array_equal(Concatenate()(xs), np.concatenate(xs, axis=-1))
    check_layer_gradients(Concatenate(), xs)
    ys = _inputs([(2, 3, 4), (2, 1, 4)], seed=4, dtype="float32")
    np.testing.assert_array_equal(Concatenate(axis=1)(ys), np.concatenate(ys, axis=1))
    check_layer_gradients(Concatenate(axis=1), ys)


@pytest.mark.parametrize(("axis", "shapes", "expected"), [
    (-1, [(None, 3), (None, 5)], (None, 8)),
    (1, [(None, 2, 4), (None, 3, 4)], (None, 5, 4)),
    (-1, [(None, None, 4), (None, 7, 2)], (None, 7, 6)),
    (-1, [(None, 3), (None, None)], (None, None)),
])
def test_concatenate_output_shape(axis, shapes, expected):
    assert Concatenate(axis=axis).compute_output_shape(shapes) == expected


def test_concatenate_errors():
    with pytest.raises(ShapeError, match=r"\(None, 2, 4\), \(None, 3, 4\).*axis 1 has sizes \[2, 3\]") as info:
        Concatenate(name="cat")([Input(shape=(2, 4)), Input(shape=(3, 4))])
    assert info.value.code == "merge_shapes" and info.value.layer == "cat"
    with pytest.raises(ShapeError, match="same number of axes"):
        Concatenate().compute_output_shape([(None, 3), (None, 2, 3)])
    with pytest.raises(ShapeError, match="not a non-batch axis"):
        Concatenate(axis=3).compute_output_shape([(None, 3), (None, 3)])
    for bad in (0, 1.5, "x", True):
        with pytest.raises(ConfigError, match="axis") as info:
            Concatenate(axis=bad)
        assert info.value.params["arg"] == "axis"


def test_masks():
    m1 = np.array([[True, True, False]])
    m2 = np.array([[True, False, False]])
    x = np.zeros((1, 3, 2))
    np.testing.assert_array_equal(Add().compute_mask([x, x], [m1, m2]), m1 & m2)
    np.testing.assert_array_equal(Add().compute_mask([x, x], [m1, None]), m1)
    assert Add().compute_mask([x, x], [None, None]) is None
    # Keras's Concatenate: missing masks count as all-True, then any() over the last axis
    np.testing.assert_array_equal(Concatenate().compute_mask([x, x], [m1, m2]), m1 | m2)
    np.testing.assert_array_equal(Concatenate().compute_mask([x, x], [m1, None]), [[True] * 3])
    np.testing.assert_array_equal(Concatenate(axis=1).compute_mask([x, x], [m1, m2]),
                                  np.concatenate([m1, m2], axis=1))


@pytest.mark.parametrize("cls", list(ELEMENTWISE) + [Subtract, Concatenate], ids=lambda c: c.__name__)
def test_config_round_trip_and_registry(cls):
    config = cls().get_config()
    assert cls.from_config(config).get_config() == config
    assert LAYERS.meta(cls.__name__)["group"] == "Merge" and cls.num_inputs is None
    if cls is Concatenate:
        assert Concatenate(axis=1).get_config()["axis"] == 1


@pytest.mark.parametrize("cls", list(ELEMENTWISE) + [Subtract], ids=lambda c: c.__name__)
def test_merge_in_a_model(cls):
    from netbuilder.core.layers import Dense
    from netbuilder.core.models import Model

    a, b = Input(shape=(3,)), Input(shape=(3,))
    y = Dense(1)(cls()([Dense(4)(a), Dense(4)(b)]))
    model = Model([a, b], y)
    model.compile(optimizer="sgd", loss="mse")
    rs = np.random.default_rng(0)
    xa, xb = rs.standard_normal((8, 3)), rs.standard_normal((8, 3))
    assert model.predict([xa, xb], verbose=0).shape == (8, 1)
    model.train_on_batch([xa, xb], np.zeros((8, 1)))


def test_two_branch_model_with_concatenate_trains():
    from netbuilder.core import utils
    from netbuilder.core.layers import Dense
    from netbuilder.core.models import Model
    from netbuilder.core.optimizers import Adam

    utils.set_random_seed(0)
    rs = np.random.default_rng(0)
    xa = rs.standard_normal((256, 4)).astype("float32")
    xb = rs.standard_normal((256, 3)).astype("float32")
    y = (xa[:, :1] * 2 - xb[:, 1:2] + 0.5).astype("float32")  # needs both branches
    a, b = Input(shape=(4,)), Input(shape=(3,))
    merged = Concatenate()([Dense(8, activation="tanh")(a), Dense(8, activation="tanh")(b)])
    model = Model([a, b], Dense(1)(merged))
    model.compile(optimizer=Adam(learning_rate=0.02), loss="mse")
    before = model.evaluate([xa, xb], y, verbose=0)
    model.fit([xa, xb], y, epochs=30, batch_size=32, verbose=0)
    after = model.evaluate([xa, xb], y, verbose=0)
    before = before[0] if isinstance(before, (list, tuple)) else before
    after = after[0] if isinstance(after, (list, tuple)) else after
    assert after < 0.2 * before


# ----------------------------------------------------------------------------- functional forms
_HELPERS = [("add", {}), ("subtract", {}), ("multiply", {}), ("average", {}), ("maximum", {}),
            ("minimum", {}), ("concatenate", {"axis": -1}), ("dot", {"axes": 1}), ("dot", {"axes": -1})]


def _helper_models(keras, name, kw):
    """The same two-branch model in netbuilder (lower-case helper) and in Keras (the same helper)."""
    from netbuilder.core import layers as nbl
    from netbuilder.core.models import Model

    def build(lib, model_cls):
        a, b = lib.Input((4,)), lib.Input((4,))
        ha = lib.layers.Dense(4, activation="tanh")(a) if lib is keras else nbl.Dense(4, activation="tanh")(a)
        hb = lib.layers.Dense(4)(b) if lib is keras else nbl.Dense(4)(b)
        merged = getattr(lib.layers if lib is keras else nbl, name)([ha, hb], **kw)
        out = (lib.layers.Dense(2) if lib is keras else nbl.Dense(2))(merged)
        return model_cls([a, b], out)

    import netbuilder.core as nb

    return build(nb, Model), build(keras, keras.Model)


@pytest.mark.parametrize("name, kw", _HELPERS)
def test_functional_helpers_equal_keras(name, kw, tmp_path):
    """Same weights → same outputs; same weights after 5 SGD steps within 1e-4 relative."""
    from ..keras_equivalence import assert_same_outputs, assert_same_training, keras_or_skip, send_weights

    keras = keras_or_skip()
    ours, theirs = _helper_models(keras, name, kw)
    assert type(ours.layers[-2]).__name__.lower() == name
    rs = np.random.default_rng(0)
    xs = [rs.standard_normal((6, 4)).astype("float32") for _ in range(2)]
    y = rs.standard_normal((6, 2)).astype("float32")
    send_weights(ours, theirs, tmp_path)
    assert_same_outputs(ours, theirs, xs)
    assert assert_same_training(ours, theirs, xs, y, tmp_path) < 1e-4


def test_functional_helpers_pass_keyword_arguments_and_run_eagerly():
    from netbuilder.core import layers as nbl

    a, b = Input((3,)), Input((3,))
    t = nbl.concatenate([a, b], axis=1, name="joined")
    assert t._keras_history[0].name == "joined" and t.shape == (None, 6)
    assert nbl.dot([a, b], axes=1, normalize=True)._keras_history[0].normalize
    x = np.arange(6, dtype="float32").reshape(2, 3)
    np.testing.assert_array_equal(nbl.subtract([x, 2 * x]), -x)
    np.testing.assert_array_equal(nbl.maximum([x, 3 - x]), np.maximum(x, 3 - x))
    np.testing.assert_allclose(nbl.average([x, 3 * x]), 2 * x)
