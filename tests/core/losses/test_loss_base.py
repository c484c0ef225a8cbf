"""The ``Loss`` base class: names, reductions, masks, sample-weight shapes, dtypes and the shape
checks every loss shares. Expected values are written out from the Keras 3 definitions."""

import numpy as np
import pytest

from netbuilder.core import losses as L
from netbuilder.core.errors import ConfigError, DataError

RS = np.random.default_rng(7)


class Squares(L.Loss):
    """A minimal loss: per-sample ``sum((y - t)**2)`` over the last axis."""

    def call(self, y_true, y_pred):
        return ((y_pred - y_true) ** 2).sum(-1)

    def call_grad(self, y_true, y_pred):
        return 2 * (y_pred - y_true)


class Named(Squares):
    default_name = "named_squares"


def test_names_and_defaults():
    assert Squares().name == "Squares"
    assert Named().name == "named_squares"
    assert Named(name="mine").name == "mine"
    loss = Squares()
    assert loss.reduction == "sum_over_batch_size" and loss.dtype is None
    assert loss.get_config() == {"name": "Squares", "reduction": "sum_over_batch_size"}
    assert Squares(dtype="float64").get_config() == {"name": "Squares", "reduction": "sum_over_batch_size",
                                                    "dtype": "float64"}
    assert repr(Named()) == "<Named name='named_squares'>"


@pytest.mark.parametrize("none", [None, "none"])
def test_reduction_none_returns_the_weighted_per_sample_values(none):
    t, y = np.zeros((3, 2)), np.array([[1.0, 1.0], [0.0, 2.0], [3.0, 0.0]])
    out = Squares(reduction=none)(t, y, sample_weight=np.array([1.0, 0.5, 2.0]))
    np.testing.assert_allclose(out, [2.0, 2.0, 18.0])
    assert Squares(reduction=none).grad_scale(t, y) == 1.0


def test_reductions_of_weighted_values():
    t, y = np.zeros((4, 1)), np.array([[1.0], [2.0], [3.0], [4.0]])
    sw = np.array([1.0, 0.0, 2.0, 0.5])
    per = np.array([1.0, 4.0, 9.0, 16.0]) * sw
    assert Squares()(t, y, sw) == pytest.approx(per.sum() / 4)
    assert Squares(reduction="sum")(t, y, sw) == pytest.approx(per.sum())
    assert Squares(reduction="mean")(t, y, sw) == pytest.approx(per.sum() / 4)
    assert Squares(reduction="mean_with_sample_weight")(t, y, sw) == pytest.approx(per.sum() / sw.sum())
    assert Squares(reduction="mean_with_sample_weight")(t, y, np.zeros(4)) == 0.0  # 0 / 0 gives 0
    assert Squares()(t[:0], y[:0]) == 0.0  # an empty batch has no loss, not NaN


@pytest.mark.parametrize("shape", [(3,), (3, 1), (3, 1, 1)])
def test_sample_weights_with_trailing_axes_of_one(shape):
    t, y = np.zeros((3, 2)), RS.normal(size=(3, 2))
    sw = np.array([0.5, 1.0, 2.0])
    expected = Squares()(t, y, sw)
    assert Squares()(t, y, sw.reshape(shape)) == pytest.approx(expected, rel=1e-12)
    np.testing.assert_allclose(Squares().gradient(t, y, sw.reshape(shape)), Squares().gradient(t, y, sw),
                               rtol=1e-12)


def test_sample_weights_per_time_step():
    # per-sample values (batch, steps) take weights (batch, steps); a trailing 1 is dropped
    t, y = np.zeros((2, 3, 2)), RS.normal(size=(2, 3, 2))
    sw = RS.uniform(0.1, 2.0, (2, 3))
    per = (y ** 2).sum(-1) * sw
    assert Squares()(t, y, sw) == pytest.approx(per.sum() / 6, rel=1e-12)
    assert Squares()(t, y, sw[..., None]) == pytest.approx(per.sum() / 6, rel=1e-12)
    g = Squares().gradient(t, y, sw[..., None])
    np.testing.assert_allclose(g, 2 * y * sw[..., None] / 6, rtol=1e-12)


def test_a_mask_renormalises_the_mean_but_not_the_sum():
    lab = np.array([0, -1, 2, -1])
    y = RS.uniform(0.1, 1.0, (4, 3))
    p = y[np.arange(4), np.where(lab < 0, 0, lab)] / y.sum(-1)
    per = -np.log(p) * (lab >= 0)
    for reduction, denom in (("sum_over_batch_size", 2), ("mean", 2), ("sum", 1)):
        loss = L.SparseCategoricalCrossentropy(ignore_class=-1, reduction=reduction)
        assert loss(lab, y) == pytest.approx(per.sum() / denom, rel=1e-6), reduction
    all_ignored = L.SparseCategoricalCrossentropy(ignore_class=-1)
    assert all_ignored(np.array([-1, -1]), y[:2]) == 0.0
    np.testing.assert_array_equal(all_ignored.gradient(np.array([-1, -1]), y[:2]), 0.0)


def test_weights_and_masks_keep_float32():
    lab = np.array([0, -1, 2])
    y = RS.uniform(0.1, 1.0, (3, 3)).astype("float32")
    loss = L.SparseCategoricalCrossentropy(ignore_class=-1, reduction=None)
    assert loss(lab, y, sample_weight=np.array([1.0, 2.0, 3.0])).dtype == np.float32
    g = L.SparseCategoricalCrossentropy(ignore_class=-1).gradient(lab, y, np.array([1.0, 2.0, 3.0]))
    assert g.dtype == np.float32


def test_dtypes_of_labels_and_predictions():
    # integer predictions compute in floatx; integer labels take the predictions' dtype
    mse = L.MeanSquaredError(reduction=None)
    out = mse(np.array([[1], [2]]), np.array([[1], [3]]))
    assert out.dtype == np.float32
    np.testing.assert_array_equal(out, [0.0, 1.0])
    assert mse(np.array([[0.1]], dtype="float64"), np.array([[0.2]], dtype="float32")).dtype == np.float32
    assert L.MeanSquaredError(dtype="float64", reduction=None)(np.array([[1]]), np.array([[0.5]],
                                                                                         "float32")).dtype == np.float64
    g = L.MeanSquaredError(dtype="float64").gradient(np.array([[0.1]]), np.array([[0.3]], "float32"))
    assert g.dtype == np.float32 and g[0, 0] == pytest.approx(0.4, rel=1e-7)


def test_rank_one_predictions_and_labels():
    mse = L.MeanSquaredError(reduction=None)
    y = np.array([1.0, 2.0, 4.0])
    np.testing.assert_allclose(mse(np.array([1.0, 1.0, 1.0]), y), [0.0, 1.0, 9.0])
    np.testing.assert_allclose(mse(np.array([[1.0], [1.0], [1.0]]), y), [0.0, 1.0, 9.0])
    np.testing.assert_allclose(mse(np.array([1.0, 1.0, 1.0]), y[:, None]), [0.0, 1.0, 9.0])
    g = L.MeanSquaredError().gradient(np.array([[1.0], [1.0], [1.0]]), y)
    assert g.shape == (3,)
    np.testing.assert_allclose(g, [0.0, 2 / 3, 2.0])
    # a trailing axis of 1 on a sequence output is squeezed too
    t3, y3 = RS.normal(size=(2, 4)), RS.normal(size=(2, 4, 1))
    np.testing.assert_allclose(mse(t3, y3), ((y3[..., 0] - t3) ** 2).mean(-1), rtol=1e-12)
    np.testing.assert_allclose(mse(t3[..., None], y3[..., 0]), ((y3[..., 0] - t3) ** 2).mean(-1), rtol=1e-12)


def test_ranks_that_differ_by_an_axis_other_than_one_are_not_squeezed():
    mse = L.MeanSquaredError(reduction=None)
    with pytest.raises(ValueError):
        mse(np.zeros((2, 3, 2)), np.zeros((2, 3)))


def test_shape_errors_name_both_shapes():
    loss = Squares(name="sq")
    with pytest.raises(DataError) as info:
        loss.check_targets((None, 3), (None, 4))
    assert str(info.value) == "sq: labels of shape (None, 3) do not fit predictions of shape (None, 4)."
    assert info.value.code == "loss_shape"
    assert info.value.params == {"loss": "sq", "y_true": "(None, 3)", "y_pred": "(None, 4)"}
    loss.check_targets((None, 4), (None, 4))
    loss.check_targets((8, 4), (None, 4))
    loss.check_targets((None,), (None, 1))
    loss.check_targets((None, 5), (None, 5, 1))
    loss.check_targets((None, 5, 1), (None, 5))
    for yt, yp in [((None, 5), (None, 5, 2)), ((None, 5, 2), (None, 5)), ((None, 4), (None, 5, 1)),
                   ((None, 4, 1), (None, 5)), ((None, 1), (None, 2, 1)), ((None, 1, 1), (None, 2)),
                   ((None, 2, 1), (None, 1, 1, 1))]:
        with pytest.raises(DataError):
            loss.check_targets(yt, yp)
    loss.check_target_values(np.zeros((3, 4)), (None, 4))
    with pytest.raises(DataError, match=r"labels of shape \(3, 2\)"):
        loss.check_target_values(np.zeros((3, 2)), (None, 4))


def test_logits_of_very_different_scales_per_row():
    # the log-softmax is shifted per row: a row of huge logits does not underflow another row
    z = np.array([[1000.0, 1001.0], [0.0, 1.0]])
    t = np.array([[0.0, 1.0], [0.0, 1.0]])
    expected = np.log1p(np.exp(-1.0))
    np.testing.assert_allclose(L.categorical_crossentropy(t, z, from_logits=True), [expected] * 2, rtol=1e-12)
    np.testing.assert_allclose(L.sparse_categorical_crossentropy([1, 1], z, from_logits=True), [expected] * 2,
                               rtol=1e-12)


@pytest.mark.parametrize("make, message", [
    (lambda: L.Huber(delta=-1.0), "Huber: delta must be a non-negative number, got -1.0"),
    (lambda: L.Huber(delta=True), "Huber: delta must be a non-negative number, got True"),
    (lambda: L.Huber(delta=float("nan")), "Huber: delta must be a non-negative number, got nan"),
    (lambda: L.CosineSimilarity(axis="x"), "CosineSimilarity: axis must be an integer, got 'x'"),
    (lambda: L.CosineSimilarity(axis=0.5), "CosineSimilarity: axis must be an integer, got 0.5"),
])
def test_loss_arguments_are_checked_with_one_policy(make, message):
    # int()/float() used to turn True into 1 and 0.5 into 0, and "x" into a bare ValueError
    with pytest.raises(ConfigError) as info:
        make()
    assert str(info.value) == message


def test_loss_arguments_keep_numbers_of_any_kind():
    assert L.Huber(delta=np.float32(0.5)).delta == 0.5 and type(L.Huber(delta=2).delta) is float
    assert L.CosineSimilarity(axis=np.int64(1)).axis == 1
