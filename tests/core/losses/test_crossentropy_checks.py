"""Binary and categorical crossentropy: the label checks' messages and codes, the clipping
bounds, the class axis, soft labels and the fused gradients' details.

Reference values are the formulas written out in float64.
"""

import warnings

import numpy as np
import pytest

from netbuilder.core import activations
from netbuilder.core import losses as L
from netbuilder.core.errors import DataError
from netbuilder.core.testing import check_gradient

EPS = 1e-7
RS = np.random.default_rng(19)


def softmax(z, axis=-1):
    e = np.exp(z - z.max(axis, keepdims=True))
    return e / e.sum(axis, keepdims=True)


# ---------------------------------------------------------------------- binary: label values
@pytest.mark.parametrize("labels, value", [
    ([0.0, 1.5, 1.0], 1.5),     # above 1: the largest is named
    ([0.0, 2.0, 3.0], 3.0),
    ([-0.5, 0.5, 1.0], -0.5),   # below 0 (and the largest is exactly 1): the smallest is named
    ([-1.0, 0.2, 0.3], -1.0),
])
def test_binary_label_range_message(labels, value):
    loss = L.BinaryCrossentropy(name="bce_loss")
    with pytest.raises(DataError) as info:
        loss.check_target_values(np.array(labels)[:, None], (None, 1))
    lo, hi = min(labels), max(labels)
    assert str(info.value) == (f"bce_loss: labels must lie in [0, 1], got values from {lo:g} to {hi:g}. For "
                               "integer class ids use a softmax output with sparse_categorical_crossentropy.")
    assert info.value.code == "bce_label_range"
    assert info.value.params == {"loss": "bce_loss", "value": value}


def test_binary_labels_on_the_bounds_are_accepted():
    L.BinaryCrossentropy().check_target_values(np.array([[0.0], [1.0], [0.25]]), (None, 1))


def test_binary_integer_ids_against_several_units():
    loss = L.BinaryCrossentropy(name="bce_loss")
    for labels in ((None,), (None, 1)):
        with pytest.raises(DataError) as info:
            loss.check_targets(labels, (None, 3))
        assert str(info.value) == (
            f"bce_loss: labels of shape {labels} do not fit predictions of shape (None, 3). The labels look "
            "like integer class ids but the model outputs 3 values per sample; for 3 classes use a softmax "
            "output with sparse_categorical_crossentropy (binary_crossentropy needs one sigmoid unit per "
            "0/1 label).")
        assert info.value.params == {"loss": "bce_loss", "y_true": str(labels), "y_pred": "(None, 3)"}
    # multi-label 0/1 targets of the output's shape are what binary crossentropy is for
    loss.check_targets((None, 3), (None, 3))
    # one label per sample against one or an unknown number of units is not the integer-id mistake
    loss.check_targets((None,), (None, 1))
    with pytest.raises(DataError) as info:
        loss.check_targets((None, 2), (None, 3))
    assert "integer class ids" not in str(info.value)
    with pytest.raises(DataError) as info:
        loss.check_targets((None, 1, 3), (None, 3))
    assert "integer class ids" not in str(info.value)
    with pytest.raises(DataError, match="the model outputs 2 values per sample; for 2 classes"):
        loss.check_targets((None,), (None, 2))
    with pytest.raises(DataError) as info:
        loss.check_targets((None, 2), (None, 2, 3))
    assert "integer class ids" not in str(info.value)


# ---------------------------------------------------------------------- categorical: labels
def test_categorical_integer_labels_message():
    loss = L.CategoricalCrossentropy(name="cce_loss")
    with pytest.raises(DataError) as info:
        loss.check_targets((None, 1), (None, 4))
    assert str(info.value) == (
        "cce_loss: labels of shape (None, 1) do not fit predictions of shape (None, 4). The labels look "
        "like integer class ids; use sparse_categorical_crossentropy or one-hot encode them with "
        "to_categorical.")
    with pytest.raises(DataError) as info:
        loss.check_targets((None, 3), (None, 4))
    assert str(info.value) == "cce_loss: labels of shape (None, 3) do not fit predictions of shape (None, 4)."
    assert info.value.params == {"loss": "cce_loss", "y_true": "(None, 3)", "y_pred": "(None, 4)"}
    with pytest.raises(DataError) as info:  # at the first batch, too
        loss(np.array([0, 2, 1]), np.full((3, 4), 0.25))
    assert str(info.value) == (
        "cce_loss: labels of shape (3,) do not fit predictions of shape (3, 4). labels look like integer "
        "class ids; use sparse_categorical_crossentropy or one-hot encode them with to_categorical")
    with pytest.raises(DataError) as info:
        loss(np.zeros((3, 3)), np.full((3, 4), 0.25))
    assert str(info.value) == "cce_loss: labels of shape (3, 3) do not fit predictions of shape (3, 4)."


def test_categorical_warns_about_a_single_softmax_unit_only():
    loss = L.CategoricalCrossentropy()
    with pytest.warns(UserWarning, match="the output has one unit, so softmax always gives 1"):
        loss.check_targets((None, 1), (None, 1))
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        loss.check_targets((None, 1, 3), (None, 1, 3))  # one step of a sequence, three classes
        loss.check_targets((None, 3), (None, 3))


# ---------------------------------------------------------------------- values at the bounds
def test_probabilities_are_clipped_below_one():
    t = np.array([[1.0, 0.0], [0.0, 1.0]])
    y = np.array([[1.0, 0.0], [0.5, 0.5]])
    np.testing.assert_allclose(L.categorical_crossentropy(t, y), [-np.log(1 - EPS), np.log(2.0)],
                               rtol=1e-12, atol=0)
    g = L.CategoricalCrossentropy(reduction="sum").gradient(t, y)
    np.testing.assert_array_equal(g[0], 0.0)  # the clipped row does not move
    np.testing.assert_allclose(g[1], [1.0, -1.0], rtol=1e-12)
    tb = np.array([[1.0], [0.0]])
    yb = np.array([[1.0], [0.0]])
    np.testing.assert_allclose(L.binary_crossentropy(tb, yb), [-np.log(1 - EPS)] * 2, rtol=1e-12, atol=0)
    np.testing.assert_array_equal(L.BinaryCrossentropy().gradient(tb, yb), 0.0)


def test_probabilities_clipped_at_zero_give_a_zero_gradient():
    t = np.array([[0.0, 1.0, 0.0]])
    y = np.array([[0.5, 0.0, 0.5]])
    assert L.categorical_crossentropy(t, y)[0] == pytest.approx(-np.log(EPS), rel=1e-12)
    g = L.CategoricalCrossentropy().gradient(t, y)
    assert np.all(np.isfinite(g)) and np.all(g == 0)
    gb = L.BinaryCrossentropy().gradient(np.array([[1.0]]), np.array([[0.0]]))
    assert np.isfinite(gb).all() and gb[0, 0] == 0


@pytest.mark.parametrize("fn, ref", [
    (L.binary_crossentropy,
     lambda t, y: -(t * np.log(y) + (1 - t) * np.log(1 - y)).mean(0)),
    (L.categorical_crossentropy,
     lambda t, y: -(t * np.log(y / y.sum(0, keepdims=True))).sum(0)),
])
def test_the_axis_argument_is_the_reduced_axis(fn, ref):
    t = np.eye(3)[[0, 2, 1, 1]].T  # classes on axis 0: (3, 4)
    y = RS.uniform(0.1, 0.9, (3, 4))
    np.testing.assert_allclose(fn(t, y, axis=0), ref(t, y), rtol=1e-12)
    assert fn(t, y, axis=0).shape == (4,)


def test_categorical_axis_with_label_smoothing_uses_that_axis_size():
    t = np.eye(3)[[0, 2, 1, 1]].T  # (3 classes, 4 samples)
    y = RS.uniform(0.1, 0.9, (3, 4))
    ts = t * 0.8 + 0.2 / 3
    np.testing.assert_allclose(L.categorical_crossentropy(t, y, label_smoothing=0.2, axis=0),
                               -(ts * np.log(y / y.sum(0, keepdims=True))).sum(0), rtol=1e-12)


# ---------------------------------------------------------------------- soft labels and logits
def test_soft_labels_that_do_not_sum_to_one_from_logits():
    # unnormalised targets: the logits' gradient is softmax(z) * sum(t) - t
    t = np.array([[0.5, 1.0, 0.5], [2.0, 0.0, 0.0]])
    z = RS.normal(size=(2, 3))
    loss = L.CategoricalCrossentropy(from_logits=True, reduction="sum")
    np.testing.assert_allclose(loss.call_grad(t, z), softmax(z) * t.sum(-1, keepdims=True) - t, rtol=1e-12)
    check_gradient(lambda a: loss(t, a), lambda a, r: r * loss.gradient(t, a), z, what="soft-label logits")
    fused = L.CategoricalCrossentropy(reduction="sum").fused_gradient(t, softmax(z), "softmax")
    np.testing.assert_allclose(fused, softmax(z) * t.sum(-1, keepdims=True) - t, rtol=1e-12)


def test_fused_gradients_accept_activation_objects():
    t = np.eye(3)[[0, 2]]
    y = softmax(RS.normal(size=(2, 3)))
    by_name = L.CategoricalCrossentropy().fused_gradient(t, y, "softmax")
    by_object = L.CategoricalCrossentropy().fused_gradient(t, y, activations.get("softmax"))
    np.testing.assert_array_equal(by_object, by_name)
    tb, yb = np.array([[1.0], [0.0]]), np.array([[0.7], [0.2]])
    np.testing.assert_array_equal(L.BinaryCrossentropy().fused_gradient(tb, yb, activations.get("sigmoid")),
                                  L.BinaryCrossentropy().fused_gradient(tb, yb, "sigmoid"))
    assert L.BinaryCrossentropy().fused_gradient(tb, yb, activations.get("relu")) is None
    assert L.BinaryCrossentropy().fused_gradient(tb, yb, None) is None
    assert L.CategoricalCrossentropy().fused_gradient(t, y, object()) is None  # nameless: not fused


def test_fused_binary_gradient_with_weights_and_rank_one_predictions():
    t = np.array([1.0, 0.0, 1.0])
    y = np.array([0.9, 0.3, 0.4], dtype="float32")
    sw = np.array([1.0, 2.0, 0.5])
    g = L.BinaryCrossentropy(label_smoothing=0.2).fused_gradient(t, y, "sigmoid", sample_weight=sw)
    assert g.shape == (3,) and g.dtype == np.float32
    np.testing.assert_allclose(g, (y - (t * 0.8 + 0.1)) * sw / 3, rtol=1e-6, atol=1e-7)


def test_fused_categorical_gradient_with_weights():
    t = np.eye(3)[[0, 2, 1]]
    y = softmax(RS.normal(size=(3, 3))).astype("float32")
    sw = np.array([1.0, 0.0, 3.0])
    g = L.CategoricalCrossentropy(label_smoothing=0.3).fused_gradient(t, y, "softmax", sample_weight=sw)
    assert g.dtype == np.float32
    np.testing.assert_allclose(g, (y - (t * 0.7 + 0.1)) * sw[:, None] / 3, rtol=1e-5, atol=1e-8)


def test_a_compute_dtype_is_kept_and_used():
    for cls in (L.BinaryCrossentropy, L.CategoricalCrossentropy):
        loss = cls(dtype="float64")
        assert loss.dtype == "float64" and loss.get_config()["dtype"] == "float64"
        t = np.eye(3)[[0, 2]]
        y = np.array([[0.2, 0.3, 0.5], [0.1, 0.1, 0.8]], dtype="float32")
        assert loss(t, y) == pytest.approx(cls()(t, y.astype("float64")), rel=1e-14)
