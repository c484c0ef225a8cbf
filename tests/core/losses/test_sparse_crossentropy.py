"""Sparse categorical crossentropy beyond the (batch, C) case: sequence outputs (batch, T, C),
the clipping bounds, the label checks and the exact messages a learner reads.

Reference values come from the formula written out with one-hot labels in float64.
"""

import numpy as np
import pytest

from netbuilder.core import losses as L
from netbuilder.core.errors import ConfigError, DataError
from netbuilder.core.testing import check_gradient

EPS = 1e-7
RS = np.random.default_rng(23)
BATCH, STEPS, C = 2, 3, 4  # all different, so a wrong axis cannot go unnoticed


def onehot(lab, c=C):
    return np.eye(c)[lab]


def ref_probs(lab, y):
    """Per-sample ``-log(clip(y[label] / sum(y), eps, 1 - eps))``."""
    p = (onehot(lab, y.shape[-1]) * y).sum(-1) / y.sum(-1)
    return -np.log(np.clip(p, EPS, 1 - EPS))


def ref_logits(lab, z):
    z = z - z.max(-1, keepdims=True)
    logp = z - np.log(np.exp(z).sum(-1, keepdims=True))
    return -(onehot(lab, z.shape[-1]) * logp).sum(-1)


def seq_data(from_logits):
    lab = RS.integers(0, C, (BATCH, STEPS))
    y = RS.normal(size=(BATCH, STEPS, C)) if from_logits else RS.uniform(0.1, 1.0, (BATCH, STEPS, C))
    return lab, y


# ---------------------------------------------------------------------- values and gradients
@pytest.mark.parametrize("from_logits", [False, True], ids=["probs", "logits"])
def test_sequence_values_match_the_formula(from_logits):
    lab, y = seq_data(from_logits)
    ref = (ref_logits if from_logits else ref_probs)(lab, y)
    per = L.sparse_categorical_crossentropy(lab, y, from_logits=from_logits)
    np.testing.assert_allclose(per, ref, rtol=1e-12)
    # labels with a trailing axis of 1 are the same labels
    np.testing.assert_allclose(L.sparse_categorical_crossentropy(lab[..., None], y, from_logits=from_logits),
                               ref, rtol=1e-12)
    loss = L.SparseCategoricalCrossentropy(from_logits=from_logits, reduction=None)
    np.testing.assert_allclose(loss(lab, y), ref, rtol=1e-12)
    assert L.SparseCategoricalCrossentropy(from_logits=from_logits)(lab, y) == pytest.approx(ref.mean(), rel=1e-12)


@pytest.mark.parametrize("weighted", [False, True], ids=["plain", "weighted"])
@pytest.mark.parametrize("from_logits", [False, True], ids=["probs", "logits"])
def test_sequence_gradient_matches_finite_differences(from_logits, weighted):
    lab, y = seq_data(from_logits)
    sw = RS.uniform(0.2, 2.0, BATCH) if weighted else None
    loss = L.SparseCategoricalCrossentropy(from_logits=from_logits)
    check_gradient(lambda a: loss(lab, a, sw), lambda a, r: r * loss.gradient(lab, a, sw), y,
                   what="sparse sequence gradient")
    # the gradient before reduction, by the formula: softmax - onehot, or -(onehot - p) / (p s)
    g = loss.call_grad(lab, y)
    if from_logits:
        e = np.exp(y - y.max(-1, keepdims=True))
        expected = e / e.sum(-1, keepdims=True) - onehot(lab)
    else:
        s = y.sum(-1, keepdims=True)
        p = (onehot(lab) * y).sum(-1, keepdims=True) / s
        expected = (p - onehot(lab)) / (p * s)
    np.testing.assert_allclose(g, expected, rtol=1e-10)


@pytest.mark.parametrize("from_logits", [False, True], ids=["probs", "logits"])
def test_float32_stays_float32(from_logits):
    lab, y = seq_data(from_logits)
    y32 = y.astype("float32")
    loss = L.SparseCategoricalCrossentropy(from_logits=from_logits)
    assert loss.call(lab, y32).dtype == np.float32
    assert loss.call_grad(lab, y32).dtype == np.float32
    assert loss.gradient(lab, y32).dtype == np.float32
    g64 = L.SparseCategoricalCrossentropy(from_logits=from_logits, dtype="float64").gradient(lab, y32)
    assert g64.dtype == np.float32  # returned in y_pred's dtype, computed in float64
    np.testing.assert_allclose(g64, loss.gradient(lab, y), rtol=1e-6)
    value64 = L.SparseCategoricalCrossentropy(from_logits=from_logits, dtype="float64")(lab, y32)
    assert value64 == pytest.approx(loss(lab, y32.astype("float64")), rel=1e-14)


def test_clipping_bounds_of_value_and_gradient():
    # label probabilities 0 (clipped up to eps), 1 (clipped down to 1 - eps) and 0.5 (inside)
    lab = np.array([0, 0, 0])
    y = np.array([[0.0, 1.0], [1.0, 0.0], [0.5, 0.5]])
    per = L.sparse_categorical_crossentropy(lab, y)
    np.testing.assert_allclose(per, [-np.log(EPS), -np.log(1 - EPS), np.log(2.0)], rtol=1e-12, atol=0)
    g = L.SparseCategoricalCrossentropy(reduction="sum").gradient(lab, y)
    assert np.all(np.isfinite(g))
    np.testing.assert_array_equal(g[:2], 0.0)  # the clipped rows do not move the prediction
    np.testing.assert_allclose(g[2], [-1.0, 1.0], rtol=1e-12)  # -(1 - p) / (p s), p / (p s)


def test_unnormalised_probabilities_are_divided_by_their_sum():
    lab = np.array([1, 2])
    y = np.array([[1.0, 2.0, 1.0], [3.0, 3.0, 2.0]])
    np.testing.assert_allclose(L.sparse_categorical_crossentropy(lab, y), [np.log(2.0), np.log(4.0)],
                               rtol=1e-12)


def test_fused_gradient_on_sequences():
    lab, z = seq_data(True)
    e = np.exp(z - z.max(-1, keepdims=True))
    y = (e / e.sum(-1, keepdims=True)).astype("float32")
    sw = RS.uniform(0.2, 2.0, BATCH)
    loss = L.SparseCategoricalCrossentropy()
    fused = loss.fused_gradient(lab, y, "softmax", sample_weight=sw)
    assert fused.dtype == np.float32 and fused.shape == y.shape
    expected = (y - onehot(lab)) * sw[:, None, None] / (BATCH * STEPS)
    np.testing.assert_allclose(fused, expected, rtol=1e-5, atol=1e-8)
    ignored = L.SparseCategoricalCrossentropy(ignore_class=0)
    fused = ignored.fused_gradient(lab, y, "softmax")
    valid = lab != 0
    np.testing.assert_array_equal(fused[~valid], 0.0)
    np.testing.assert_allclose(fused[valid], (y - onehot(lab))[valid] / valid.sum(), rtol=1e-5, atol=1e-8)


def test_ignore_class_on_sequences():
    lab, y = seq_data(False)
    lab[0, 1] = lab[1, 2] = 255
    valid = lab != 255
    per = ref_probs(np.where(valid, lab, 0), y) * valid
    np.testing.assert_allclose(L.sparse_categorical_crossentropy(lab, y, ignore_class=255), per, rtol=1e-12)
    loss = L.SparseCategoricalCrossentropy(ignore_class=255)
    assert loss(lab, y) == pytest.approx(per.sum() / valid.sum(), rel=1e-12)
    g = loss.gradient(lab, y)
    np.testing.assert_array_equal(g[~valid], 0.0)
    # without ignore_class, 255 is a label out of range
    with pytest.raises(DataError, match="label 255 is out of range for 4 classes"):
        L.sparse_categorical_crossentropy(lab, y)


def test_ignored_entries_are_not_range_checked_with_one_output():
    # the ignored label stands in as class 0, the only class a single output has
    lab = np.array([0, -1])
    y = np.array([[0.5], [0.7]])
    np.testing.assert_allclose(L.sparse_categorical_crossentropy(lab, y, ignore_class=-1),
                               [-np.log(1 - EPS), 0.0], rtol=1e-12)


def test_float_labels_holding_integers_are_class_ids():
    lab, y = seq_data(False)
    np.testing.assert_allclose(L.sparse_categorical_crossentropy(lab.astype("float32"), y), ref_probs(lab, y),
                               rtol=1e-12)
    uint = L.sparse_categorical_crossentropy(lab.astype("uint8"), y)
    np.testing.assert_allclose(uint, ref_probs(lab, y), rtol=1e-12)


# ---------------------------------------------------------------------- label errors
def _error(fn, *args, **kwargs):
    with pytest.raises(DataError) as info:
        fn(*args, **kwargs)
    return info.value


def test_one_hot_labels_get_the_one_hot_hint():
    y = np.full((2, 3), 1 / 3)
    err = _error(L.sparse_categorical_crossentropy, np.eye(3)[[0, 2]], y)
    assert str(err) == ("sparse_categorical_crossentropy: labels of shape (2, 3) do not fit predictions of "
                        "shape (2, 3). The labels look one-hot encoded; use categorical_crossentropy, or "
                        "pass class ids (y.argmax(axis=-1)).")
    assert err.code == "loss_shape"
    assert err.params == {"loss": "sparse_categorical_crossentropy", "y_true": "(2, 3)", "y_pred": "(2, 3)"}
    err = _error(L.SparseCategoricalCrossentropy(name="my_loss"), np.eye(3)[[0, 2]], y)
    assert str(err).startswith("my_loss: labels of shape (2, 3)") and err.params["loss"] == "my_loss"


def test_other_misshapen_labels_get_no_hint():
    err = _error(L.sparse_categorical_crossentropy, np.zeros(3, "int64"), np.full((2, 3), 1 / 3))
    assert str(err) == ("sparse_categorical_crossentropy: labels of shape (3,) do not fit predictions of "
                        "shape (2, 3).")
    # a sequence output needs one id per step: (2,) labels for (2, 3, 4) predictions do not fit
    err = _error(L.sparse_categorical_crossentropy, np.zeros(2, "int64"), np.full((2, 3, 4), 0.25))
    assert str(err).endswith("do not fit predictions of shape (2, 3, 4).")


@pytest.mark.parametrize("labels, bad, hint", [
    ([0, 5, 1], 5, " The output layer needs at least 6 units."),
    ([0, 4, 2], 4, " The output layer needs at least 5 units."),
    ([-1, 2, 3], -1, ""),
    ([-2, 9, 3], 9, " The output layer needs at least 10 units."),
])
def test_label_out_of_range_message(labels, bad, hint):
    err = _error(L.sparse_categorical_crossentropy, np.array(labels), np.full((3, 4), 0.25))
    assert str(err) == (f"sparse_categorical_crossentropy: label {bad} is out of range for 4 classes "
                        f"(labels must be 0..3).{hint}")
    assert err.code == "label_range"
    assert err.params == {"loss": "sparse_categorical_crossentropy", "value": bad, "num_classes": 4}


def test_single_output_unit_hint():
    loss = L.SparseCategoricalCrossentropy(name="scce")
    err = _error(loss, np.array([0, 1]), np.array([[0.3], [0.8]]))
    assert str(err) == ("scce: label 1 is out of range for 1 classes (labels must be 0..0). A single "
                        "output unit cannot hold classes: use Dense(1, activation='sigmoid') with "
                        "binary_crossentropy, or one unit per class with softmax.")
    assert err.params == {"loss": "scce", "value": 1, "num_classes": 1}
    err = _error(L.sparse_categorical_crossentropy, np.array([-1, 0]), np.array([[0.3], [0.8]]))
    assert str(err).endswith("(labels must be 0..0). A single output unit cannot hold classes: use "
                             "Dense(1, activation='sigmoid') with binary_crossentropy, or one unit per "
                             "class with softmax.")


def test_two_outputs_get_the_more_units_hint():
    err = _error(L.sparse_categorical_crossentropy, np.array([0, 2]), np.full((2, 2), 0.5))
    assert str(err).endswith("(labels must be 0..1). The output layer needs at least 3 units.")


# ---------------------------------------------------------------------- the checks before training
def test_check_targets_on_shapes():
    loss = L.SparseCategoricalCrossentropy(name="scce")
    loss.check_targets((None,), (None, 4))
    loss.check_targets((None, 1), (None, 4))
    loss.check_targets((None, 5), (None, 5, 4))
    loss.check_targets((None, 5, 1), (None, 5, 4))
    loss.check_targets((None, 1), (None, 1))  # one unit: checked by value, not refused by shape
    with pytest.raises(DataError) as info:
        loss.check_targets((None, 4), (None, 4))
    assert str(info.value) == ("scce: labels of shape (None, 4) do not fit predictions of shape (None, 4). "
                               "The labels look one-hot encoded; use categorical_crossentropy, or pass "
                               "integer class ids (y.argmax(axis=-1)).")
    with pytest.raises(DataError) as info:
        loss.check_targets((None, 5, 4), (None, 5, 4))
    assert "look one-hot encoded" in str(info.value)
    with pytest.raises(DataError) as info:
        loss.check_targets((None, 3), (None, 5, 4))
    assert str(info.value) == ("scce: labels of shape (None, 3) do not fit predictions of shape "
                               "(None, 5, 4). sparse_categorical_crossentropy needs one integer class id "
                               "per sample, shape (None, 5).")
    assert info.value.params == {"loss": "scce", "y_true": "(None, 3)", "y_pred": "(None, 5, 4)"}
    with pytest.raises(DataError, match=r"per sample, shape \(None, 6, 5\)\.$"):
        loss.check_targets((None, 6, 4), (None, 6, 5, 3))
    with pytest.raises(DataError, match=r"per sample, shape \(8,\)\.$"):
        loss.check_targets((8, 2), (8, 3))


def test_check_target_values_refuses_fractions_and_out_of_range_ids():
    loss = L.SparseCategoricalCrossentropy(name="scce")
    loss.check_target_values(np.array([0.0, 3.0, 1.0]), (None, 4))
    loss.check_target_values(np.array([[0, 3], [1, 2]]), (None, 2, 4))
    with pytest.raises(DataError) as info:
        loss.check_target_values(np.array([0.0, 1.5, 1.0]), (None, 4))
    assert str(info.value) == "scce: labels must be integer class ids, got fractional values"
    assert info.value.code == "label_not_integer" and info.value.params == {"loss": "scce"}
    with pytest.raises(DataError) as info:
        loss.check_target_values(np.array([[0, 3], [1, 4]]), (None, 2, 4))
    assert str(info.value).startswith("scce: label 4 is out of range for 4 classes")
    assert info.value.params == {"loss": "scce", "value": 4, "num_classes": 4}
    with pytest.raises(DataError, match="label 7 is out of range for 5 classes"):
        loss.check_target_values(np.array([[7], [1]]), (None, 5))
    L.SparseCategoricalCrossentropy(ignore_class=-1).check_target_values(np.array([-1, 2]), (None, 3))
    with pytest.raises(DataError, match="scce: labels of shape"):
        loss.check_target_values(np.eye(3), (None, 3))


def test_config_keeps_ignore_class_and_dtype():
    loss = L.SparseCategoricalCrossentropy(from_logits=True, ignore_class=-1, dtype="float64", name="s")
    config = loss.get_config()
    assert config == {"name": "s", "reduction": "sum_over_batch_size", "dtype": "float64",
                      "from_logits": True, "ignore_class": -1}
    assert L.SparseCategoricalCrossentropy.from_config(config).get_config() == config
    assert loss.mask(None, None) is None  # no batch seen yet: every sample counts


def test_only_the_last_axis_is_supported():
    y = np.full((2, 3), 1 / 3)
    np.testing.assert_allclose(L.sparse_categorical_crossentropy([0, 1], y, axis=-1), np.log(3.0), rtol=1e-12)
    with pytest.raises(ConfigError) as info:
        L.sparse_categorical_crossentropy([0, 1], y, axis=1)
    assert info.value.code == "sparse_axis"
