"""CompiledLoss / CompiledMetrics / LossTracker: what compile builds and fit, evaluate and the
*_on_batch methods share."""

import numpy as np
import pytest

from netbuilder.core import layers, losses, metrics, models, utils
from netbuilder.core.errors import DataError
from netbuilder.core.metrics import Mean
from netbuilder.core.models.compile_utils import (
    CompiledLoss,
    CompiledMetrics,
    LossTracker,
)


@pytest.mark.parametrize("loss, y, pred, kind", [
    ("binary_crossentropy", np.array([[0.0], [1.0]]), np.array([[0.2], [0.9]]), "BinaryAccuracy"),
    ("sparse_categorical_crossentropy", np.array([2, 0]), np.full((2, 3), 1 / 3), "SparseCategoricalAccuracy"),
    ("categorical_crossentropy", np.eye(3)[[2, 0]], np.full((2, 3), 1 / 3), "CategoricalAccuracy"),
])
def test_accuracy_resolves_from_the_loss_and_shapes_as_before(loss, y, pred, kind):
    """The same class ``metrics.resolve`` (Keras's rule) picks, with the user's spelling as name."""
    lo = losses.get(loss)
    for ident in ("accuracy", "acc"):
        cm = CompiledMetrics([[ident]], [lo], ["out"])
        assert not cm.built and cm.result() == {}
        cm.update_state([y], [pred])
        m = cm.metrics[0][0]
        assert type(m).__name__ == kind
        assert type(m) is type(metrics.resolve(ident, loss=lo, y_true_shape=y.shape, y_pred_shape=pred.shape))
        assert list(cm.result()) == [ident]


def test_compiled_metrics_values_prefixes_and_weighting():
    lo = losses.get("binary_crossentropy")
    cm = CompiledMetrics([["accuracy", ("weighted", "accuracy")], ["accuracy"]], [lo, lo], ["a", "b"])
    y = np.array([[1.0], [0.0], [1.0], [1.0]])
    pa = np.array([[0.9], [0.1], [0.2], [0.3]])  # rows 0, 1 right
    pb = np.array([[0.9], [0.9], [0.9], [0.9]])  # rows 0, 2, 3 right
    sw = np.array([3.0, 1.0, 0.0, 0.0])
    cm.update_state([y, y], [pa, pb], sample_weight=sw)
    names = [m.name for ms in cm.metrics for m in ms]
    assert names == ["a_accuracy", "a_accuracy", "b_accuracy"]
    plain, weighted = (m.result() for m in cm.metrics[0])
    assert plain == pytest.approx(0.5)  # unweighted: 2 of 4
    assert weighted == pytest.approx(1.0)  # only rows 0, 1 count, both right
    assert cm.metrics[1][0].result() == pytest.approx(0.75)
    cm.reset_state()
    assert cm.metrics[1][0].result() == 0.0


def test_compiled_loss_is_the_weighted_sum_with_matching_gradients():
    mse, mae = losses.get("mse"), losses.get("mae")
    cl = CompiledLoss([mse, None, mae], [2.0, 1.0, 0.5], ["a", "b", "c"])
    ya, pa = np.array([[1.0], [2.0]]), np.array([[0.0], [0.0]])  # mse = (1 + 4) / 2 = 2.5
    yc, pc = np.array([[1.0], [-1.0]]), np.array([[0.0], [1.0]])  # mae = (1 + 2) / 2 = 1.5
    total, per_output, grads, fused = cl([ya, None, yc], [pa, pa, pc], want_grads=True)
    assert per_output == pytest.approx([2.5, 0.0, 1.5])
    assert total == pytest.approx(2.0 * 2.5 + 0.5 * 1.5)
    assert grads[1] is None and fused == [False, False, False]
    np.testing.assert_allclose(grads[0], 2.0 * mse.gradient(ya, pa))
    np.testing.assert_allclose(grads[2], 0.5 * mae.gradient(yc, pc))
    _, _, no_grads, no_fused = cl([ya, None, yc], [pa, pa, pc])
    assert no_grads == [] and no_fused == []


def test_compiled_loss_uses_the_fused_gradient_when_offered():
    cce = losses.get("categorical_crossentropy")
    cl = CompiledLoss([cce], [1.0], ["out"])
    y = np.eye(3)[[0, 2]].astype("float32")
    p = np.array([[0.7, 0.2, 0.1], [0.1, 0.3, 0.6]], "float32")
    _, _, grads, fused = cl([y], [p], want_grads=True, fusable=["softmax"])
    assert fused == [True]
    np.testing.assert_allclose(grads[0], (p - y) / 2, atol=1e-6)  # softmax + CE: (p - y) / batch


def test_compiled_loss_checks_labels_with_the_loss_messages():
    cl = CompiledLoss([losses.get("binary_crossentropy")], [1.0], ["out"])
    with pytest.raises(DataError) as info:
        cl.check_targets([np.arange(10.0)[:, None]], [(None, 1)])
    assert info.value.code == "bce_label_range"
    cl.check_targets([np.array([[0.0], [1.0]])], [(None, 1)])
    CompiledLoss([None], [1.0], ["out"]).check_targets([np.arange(10.0)], [(None, 1)])  # no loss: no check


def test_loss_tracker_weights_batches_by_size():
    t = LossTracker(["a", "b"])
    t.update_state(1.0, [0.5, 0.5], batch_size=3)
    t.update_state(4.0, [1.0, 3.0], batch_size=1)
    assert t.result() == pytest.approx((3 * 1.0 + 4.0) / 4)
    assert t.output_results() == pytest.approx({"a_loss": (1.5 + 1.0) / 4, "b_loss": (1.5 + 3.0) / 4})
    assert LossTracker(["only"]).output_results() == {}
    assert LossTracker(["a"]).result() == 0.0


def test_loss_tracker_equals_keras_mean_weighted_by_batch_size():
    rs = np.random.default_rng(0)
    t, mean = LossTracker(["out"]), Mean("loss")
    for n in (32, 32, 7):
        v = np.float32(rs.random() * 3)
        t.update_state(v, [v], batch_size=n)
        mean.update_state(v, sample_weight=n)
    assert t.result() == mean.result()  # the same float64 sums, bit for bit
    single, single_mean = LossTracker(["out"]), Mean("loss")
    single.update_state(np.float32(0.3), [np.float32(0.3)])
    single_mean.update_state(np.float32(0.3))
    assert single.result() == single_mean.result()


def test_a_compiled_model_logs_accuracy_as_before():
    utils.set_random_seed(0)
    x = np.random.default_rng(0).standard_normal((30, 4)).astype("float32")
    y = (x[:, 0] > 0).astype("int64") + (x[:, 1] > 0)  # class ids 0..2
    m = models.Sequential([layers.Dense(3, activation="softmax", input_shape=(4,))])
    m.compile(optimizer="adam", loss="sparse_categorical_crossentropy", metrics=["accuracy"])
    h = m.fit(x, y, epochs=2, batch_size=8, verbose=0)
    assert set(h.history) == {"loss", "accuracy"}
    assert type(m.compiled_metrics.metrics[0][0]).__name__ == "SparseCategoricalAccuracy"
    _, acc = m.evaluate(x, y, verbose=0)
    pred = m.predict(x, verbose=0).argmax(axis=1)
    assert acc == pytest.approx(float(np.mean(pred == y)))
