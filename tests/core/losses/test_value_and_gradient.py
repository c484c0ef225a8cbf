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
