"""String identifiers, Keras's "accuracy" resolution, names, and the applicability helpers."""

import numpy as np
import pytest

from netbuilder.core import losses
from netbuilder.core import metrics as M

KERAS_DEFAULT_NAMES = {
    "Accuracy": "accuracy", "BinaryAccuracy": "binary_accuracy", "CategoricalAccuracy": "categorical_accuracy",
    "SparseCategoricalAccuracy": "sparse_categorical_accuracy",
    "TopKCategoricalAccuracy": "top_k_categorical_accuracy",
    "SparseTopKCategoricalAccuracy": "sparse_top_k_categorical_accuracy",
    "BinaryCrossentropy": "binary_crossentropy", "CategoricalCrossentropy": "categorical_crossentropy",
    "SparseCategoricalCrossentropy": "sparse_categorical_crossentropy", "KLDivergence": "kl_divergence",
    "Poisson": "poisson", "MeanSquaredError": "mean_squared_error",
    "RootMeanSquaredError": "root_mean_squared_error", "MeanAbsoluteError": "mean_absolute_error",
    "MeanAbsolutePercentageError": "mean_absolute_percentage_error",
    "MeanSquaredLogarithmicError": "mean_squared_logarithmic_error", "CosineSimilarity": "cosine_similarity",
    "LogCoshError": "logcosh", "R2Score": "r2_score", "AUC": "auc", "Precision": "precision", "Recall": "recall",
    "TruePositives": "true_positives", "TrueNegatives": "true_negatives", "FalsePositives": "false_positives",
    "FalseNegatives": "false_negatives", "Hinge": "hinge", "SquaredHinge": "squared_hinge",
    "CategoricalHinge": "categorical_hinge", "Mean": "mean", "Sum": "sum",
}


@pytest.mark.parametrize("cls_name, name", list(KERAS_DEFAULT_NAMES.items()))
def test_default_names(cls_name, name):
    assert getattr(M, cls_name)().name == name


@pytest.mark.parametrize("ident, cls", [
    ("mae", M.MeanAbsoluteError), ("mse", M.MeanSquaredError), ("MSE", M.MeanSquaredError),
    ("mape", M.MeanAbsolutePercentageError), ("msle", M.MeanSquaredLogarithmicError),
    ("bce", M.BinaryCrossentropy), ("auc", M.AUC), ("AUC", M.AUC), ("precision", M.Precision),
    ("recall", M.Recall), ("top_k_categorical_accuracy", M.TopKCategoricalAccuracy),
    ("sparse_top_k_categorical_accuracy", M.SparseTopKCategoricalAccuracy),
    ("binary_accuracy", M.BinaryAccuracy), ("categorical_crossentropy", M.CategoricalCrossentropy),
    ("kl_divergence", M.KLDivergence), ("logcosh", M.LogCoshError), ("r2_score", M.R2Score),
    ("root_mean_squared_error", M.RootMeanSquaredError), ("cosine_similarity", M.CosineSimilarity),
    ("true_positives", M.TruePositives), ("squared_hinge", M.SquaredHinge),
])
def test_string_identifiers_keep_the_users_spelling(ident, cls):
    m = M.resolve(ident, loss="mse", y_true_shape=(8, 1), y_pred_shape=(8, 1))
    assert type(m) is cls and m.name == ident


def test_unknown_identifier_suggests_close_names():
    with pytest.raises(ValueError, match="precision"):
        M.get("precsion")


@pytest.mark.parametrize("ident", ["accuracy", "acc", "Accuracy", "ACC"])
@pytest.mark.parametrize("yt, yp, cls", [
    ((32,), (32, 1), M.BinaryAccuracy),                    # one sigmoid unit
    ((32, 1), (32, 1), M.BinaryAccuracy),
    ((32,), (32, 10), M.SparseCategoricalAccuracy),        # integer labels
    ((32, 1), (32, 10), M.SparseCategoricalAccuracy),
    ((32, 10), (32, 10), M.CategoricalAccuracy),           # one-hot labels
    ((32, 5, 1), (32, 5, 4), M.SparseCategoricalAccuracy),  # sequences
])
def test_accuracy_resolution_from_shapes(ident, yt, yp, cls):
    m = M.resolve(ident, loss="categorical_crossentropy", y_true_shape=yt, y_pred_shape=yp)
    assert type(m) is cls and m.name == ident


@pytest.mark.parametrize("loss, cls", [
    ("binary_crossentropy", M.BinaryAccuracy), ("bce", M.BinaryAccuracy),
    (losses.BinaryCrossentropy(), M.BinaryAccuracy),
    ("sparse_categorical_crossentropy", M.SparseCategoricalAccuracy),
    (losses.SparseCategoricalCrossentropy(), M.SparseCategoricalAccuracy),
    ("categorical_crossentropy", M.CategoricalAccuracy), (None, M.CategoricalAccuracy),
])
def test_accuracy_resolution_falls_back_on_the_loss(loss, cls):
    assert type(M.resolve("accuracy", loss=loss)) is cls
    # with a known multi-unit output but unknown labels the loss still decides sparse vs one-hot
    if cls is not M.BinaryAccuracy:
        assert type(M.resolve("acc", loss=loss, y_pred_shape=(None, 10))) is cls


@pytest.mark.parametrize("yt, yp, cls", [((8,), (8, 1), M.BinaryCrossentropy),
                                         ((8,), (8, 3), M.SparseCategoricalCrossentropy),
                                         ((8, 3), (8, 3), M.CategoricalCrossentropy)])
def test_crossentropy_resolution(yt, yp, cls):
    for ident in ("crossentropy", "ce"):
        m = M.resolve(ident, y_true_shape=yt, y_pred_shape=yp)
        assert type(m) is cls and m.name == ident


def test_get_accepts_instances_classes_dicts_functions_and_none():
    p = M.Precision(thresholds=0.3, name="p30")
    assert M.get(p) is p
    assert type(M.get(M.Recall)) is M.Recall
    clone = M.get({"class_name": "Precision", "config": p.get_config()})
    assert clone.name == "p30" and clone.thresholds == [0.3]
    assert M.get(None) is None

    def my_metric(y_true, y_pred):
        return np.abs(y_true - y_pred).max(axis=-1)

    m = M.resolve(my_metric)
    assert isinstance(m, M.MeanMetricWrapper) and m.name == "my_metric"


def test_resolved_accuracy_computes_the_right_thing():
    y = np.array([0, 2, 1])
    p = np.array([[0.9, 0.05, 0.05], [0.1, 0.1, 0.8], [0.6, 0.3, 0.1]])
    m = M.resolve("acc", y_true_shape=y.shape, y_pred_shape=p.shape)
    m.update_state(y, p)
    assert m.result() == pytest.approx(2 / 3)


# ----------------------------------------------------------------------------- applicability
def test_every_metric_declares_what_it_applies_to():
    for name in M.METRICS.names():
        d = M.describe(name)
        assert set(d["task"]) <= {"binary", "multiclass", "regression"}
        assert d["label_format"] in (None, "sparse", "one_hot")
        assert isinstance(d["needs_probabilities"], bool) and isinstance(d["needs_thresholds"], bool)
        assert d["summary"], name


@pytest.mark.parametrize("name, task, ok", [
    ("auc", "binary", True), ("auc", "regression", False), ("mae", "regression", True),
    ("mae", "multiclass", False), ("R2Score", "regression", True), ("r2_score", "binary", False),
    ("sparse_categorical_accuracy", "multiclass", True), ("categorical_accuracy", "binary", False),
    ("MeanIoU", "multiclass", True), ("Mean", "regression", False),
])
def test_applicability_by_task(name, task, ok):
    got, reason = M.applicability(name, task)
    assert got is ok and reason
    if not ok:
        assert "not to" in reason or "does not" in reason


def test_applicability_reasons_mention_the_fix():
    ok, why = M.applicability("auc", "regression")
    assert not ok and "regression" in why and "RootMeanSquaredError" in why
    ok, why = M.applicability("SparseCategoricalAccuracy", "multiclass", loss="categorical_crossentropy")
    assert not ok and "use CategoricalAccuracy" in why
    ok, why = M.applicability("CategoricalAccuracy", "multiclass", loss="sparse_categorical_crossentropy")
    assert not ok and "SparseCategoricalAccuracy" in why
    ok, why = M.applicability("Precision", "binary", output_activation="linear")
    assert not ok and "probabilities" in why
    ok, why = M.applicability("BinaryCrossentropy", "binary", output_activation="linear")
    assert not ok and "from_logits=True" in why
    ok, why = M.applicability("CategoricalAccuracy", "multiclass", output_activation="linear")
    assert ok  # argmax of logits is fine
    ok, why = M.applicability("MeanIoU", "multiclass")
    assert ok and "num_classes=" in why


def test_infer_task_and_suitable_metrics():
    assert M.infer_task("binary_crossentropy") == "binary"
    assert M.infer_task("sparse_categorical_crossentropy") == "multiclass"
    assert M.infer_task("mse") == "regression"
    assert M.infer_task(None, output_units=5, output_activation="softmax") == "multiclass"
    rows = M.suitable_metrics("regression", loss="mse")
    fitting = {name for name, ok, _ in rows if ok}
    assert {"MeanAbsoluteError", "RootMeanSquaredError", "R2Score"} <= fitting
    assert "AUC" not in fitting and "BinaryAccuracy" not in fitting
