"""``Loss.value_and_gradient`` (one training step's loss value and output gradient) gives the
numbers of the separate ``__call__`` and ``fused_gradient``/``gradient`` calls, bit for bit."""

import numpy as np
import pytest

from netbuilder.core import losses


def _batch(seed=0, n=16, c=5):
    rs = np.random.default_rng(seed)
    z = rs.standard_normal((n, c)).astype("float32")
    y = np.exp(z) / np.exp(z).sum(axis=1, keepdims=True)
    t = np.eye(c, dtype="float32")[rs.integers(0, c, n)]
    return t, y.astype("float32"), rs.random(n).astype("float32")


@pytest.mark.parametrize("kwargs", [{}, {"label_smoothing": 0.1}, {"reduction": "sum"},
                                    {"reduction": "mean_with_sample_weight"}])
@pytest.mark.parametrize("weighted", [False, True])
def test_categorical_softmax_path_equals_the_separate_calls(kwargs, weighted):
    t, y, sw = _batch()
    sw = sw if weighted else None
    loss = losses.CategoricalCrossentropy(**kwargs)
    value, g, fused = loss.value_and_gradient(t, y, sw, "softmax")
    assert fused
    assert value == loss(t, y, sw)
    expected = loss.fused_gradient(t, y, "softmax", sw)
    assert g.dtype == expected.dtype
    np.testing.assert_array_equal(g, expected)


@pytest.mark.parametrize("loss", [losses.CategoricalCrossentropy(), losses.CategoricalCrossentropy(from_logits=True),
                                  losses.MeanSquaredError()])
@pytest.mark.parametrize("activation", [None, "relu", "softmax"])
def test_without_a_fused_form_the_gradient_is_the_chained_one(loss, activation):
    t, y, sw = _batch(1)
    value, g, fused = loss.value_and_gradient(t, y, sw, activation)
    fusable = activation == "softmax" and isinstance(loss, losses.CategoricalCrossentropy) and not loss.from_logits
    assert fused == fusable
    assert value == loss(t, y, sw)
    expected = loss.fused_gradient(t, y, activation, sw) if fusable else loss.gradient(t, y, sw)
    np.testing.assert_array_equal(g, expected)


def test_a_mask_of_a_subclass_weights_both_the_value_and_the_gradient():
    class FirstHalf(losses.CategoricalCrossentropy):
        def mask(self, y_true, y_pred):
            m = np.zeros(y_pred.shape[0], bool)
            m[: len(m) // 2] = True
            return m

    t, y, _ = _batch(2)
    loss = FirstHalf()
    value, g, _ = loss.value_and_gradient(t, y, None, "softmax")
    assert value == loss(t, y)
    np.testing.assert_array_equal(g, loss.fused_gradient(t, y, "softmax"))
    assert not g[len(g) // 2:].any()  # the masked rows get no gradient


def _same_as_separate_calls(loss, t, y, sw, activation):
    value, g, fused = loss.value_and_gradient(t, y, sw, activation)
    expected = loss.fused_gradient(t, y, activation, sw) if activation else None
    assert fused == (expected is not None)
    if expected is None:
        expected = loss.gradient(t, y, sw)
    assert value == pytest.approx(float(loss(t, y, sw)), rel=1e-6)
    np.testing.assert_allclose(g, expected, rtol=1e-6, atol=1e-7)
    return fused


@pytest.mark.parametrize("weighted", [False, True])
def test_the_generic_path_with_a_fused_form_gives_the_fused_gradient(weighted):
    """``Loss.value_and_gradient`` itself (a loss without its own): binary crossentropy after a sigmoid has a
    fused gradient (p - t) / n, which it must return, flagged as fused."""
    rs = np.random.default_rng(3)
    p = (1 / (1 + np.exp(-rs.standard_normal((12, 1))))).astype("float32")
    t = rs.integers(0, 2, (12, 1)).astype("float32")
    sw = rs.random(12).astype("float32") if weighted else None
    loss = losses.BinaryCrossentropy()
    assert _same_as_separate_calls(loss, t, p, sw, "sigmoid")
    assert not _same_as_separate_calls(loss, t, p, sw, None)


@pytest.mark.parametrize("weighted", [False, True])
def test_categorical_over_a_sequence_smooths_and_sums_over_the_class_axis(weighted):
    """(batch, steps, classes) after a softmax: the fast path's label smoothing and its sum over the
    targets run over the last axis, as the separate calls do."""
    rs = np.random.default_rng(4)
    z = rs.standard_normal((6, 3, 5)).astype("float32")
    y = (np.exp(z) / np.exp(z).sum(-1, keepdims=True)).astype("float32")
    t = (np.eye(5, dtype="float32")[rs.integers(0, 5, (6, 3))] * 2.0).astype("float32")  # sums of 2
    sw = rs.random(6).astype("float32") if weighted else None
    assert _same_as_separate_calls(losses.CategoricalCrossentropy(label_smoothing=0.1), t, y, sw, "softmax")


def test_categorical_over_another_axis_takes_the_general_path():
    """``axis=1`` of a (batch, classes, steps) output: the fast path (last axis only) must not be taken."""
    rs = np.random.default_rng(5)
    z = rs.standard_normal((4, 5, 3)).astype("float32")
    y = (np.exp(z) / np.exp(z).sum(1, keepdims=True)).astype("float32")
    t = np.moveaxis(np.eye(5, dtype="float32")[rs.integers(0, 5, (4, 3))], -1, 1).copy()
    loss = losses.CategoricalCrossentropy(axis=1)
    value, g, _ = loss.value_and_gradient(t, y, None, "softmax")
    assert value == pytest.approx(float(loss(t, y)), rel=1e-6)
    np.testing.assert_allclose(g, loss.gradient(t, y) if loss.fused_gradient(t, y, "softmax") is None
                               else loss.fused_gradient(t, y, "softmax"), rtol=1e-6, atol=1e-7)


def test_categorical_from_logits_over_another_axis():
    """Keras's formula: -sum(t * log_softmax(z, axis), axis), averaged over the other axes' samples."""
    rs = np.random.default_rng(6)
    z = rs.standard_normal((4, 5, 3)).astype("float64")
    t = np.moveaxis(np.eye(5)[rs.integers(0, 5, (4, 3))], -1, 1)
    logp = z - np.log(np.exp(z).sum(1, keepdims=True))
    expected = float((-(t * logp).sum(1)).mean())
    got = float(losses.CategoricalCrossentropy(from_logits=True, axis=1)(t.astype("float32"), z.astype("float32")))
    assert got == pytest.approx(expected, rel=1e-5)


def test_ignored_class_samples_count_for_nothing():
    """SparseCategoricalCrossentropy(ignore_class=0): the mean over the samples whose label is not 0 (the mask
    is read from the labels)."""
    rs = np.random.default_rng(7)
    z = rs.standard_normal((10, 4))
    p = np.exp(z) / np.exp(z).sum(1, keepdims=True)
    labels = np.array([0, 1, 2, 3, 0, 1, 2, 0, 3, 1])
    keep = labels != 0
    expected = float(-np.log(p[np.arange(10), labels])[keep].sum() / keep.sum())
    got = float(losses.SparseCategoricalCrossentropy(ignore_class=0)(labels, p.astype("float32")))
    assert got == pytest.approx(expected, rel=1e-5)
