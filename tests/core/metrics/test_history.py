"""Each metric appears in History under Keras's name after fit(), and the logged validation value
is the metric over the whole validation set (not a mean of batch values)."""

import numpy as np
import pytest

from netbuilder.core import metrics as M

from netbuilder.core import models  # noqa: E402
from netbuilder.core import layers  # noqa: E402


def _model(units, activation, loss, metrics, n_in=5):
    m = models.Sequential([layers.Input((n_in,)), layers.Dense(8, activation="tanh"),
                           layers.Dense(units, activation=activation)])
    m.compile(optimizer="adam", loss=loss, metrics=metrics)
    return m


def _data(kind, n, seed):
    r = np.random.default_rng(seed)
    x = r.normal(size=(n, 5)).astype("float32")
    score = x[:, 0] + 0.5 * x[:, 1]
    if kind == "binary":
        return x, (score > 0).astype("float32")
    if kind == "sparse":
        return x, np.digitize(score, [-1.0, 0.0, 1.0])
    if kind == "onehot":
        return x, np.eye(4, dtype="float32")[np.digitize(score, [-1.0, 0.0, 1.0])]
    if kind == "positive":
        return x, np.stack([np.exp(0.3 * score), np.exp(-0.3 * score)], axis=1).astype("float32")
    return x, np.stack([score, x[:, 2]], axis=1).astype("float32")


SETUPS = {
    "binary": (1, "sigmoid", "binary_crossentropy", [
        "accuracy", "acc", "auc", "precision", "recall", "bce", "binary_crossentropy",
        M.AUC(curve="PR", name="pr_auc"), M.TruePositives(), M.TrueNegatives(), M.FalsePositives(),
        M.FalseNegatives(), M.PrecisionAtRecall(0.5), M.RecallAtPrecision(0.5),
        M.SensitivityAtSpecificity(0.5), M.SpecificityAtSensitivity(0.5), M.BinaryAccuracy(threshold=0.3),
        M.Hinge(), M.SquaredHinge(), M.BinaryIoU()],
        ["accuracy", "acc", "auc", "precision", "recall", "bce", "binary_crossentropy", "pr_auc",
         "true_positives", "true_negatives", "false_positives", "false_negatives", "precision_at_recall",
         "recall_at_precision", "sensitivity_at_specificity", "specificity_at_sensitivity", "binary_accuracy",
         "hinge", "squared_hinge", "binary_io_u"]),
    "sparse": (4, "softmax", "sparse_categorical_crossentropy", [
        "accuracy", "sparse_categorical_accuracy", "sparse_top_k_categorical_accuracy",
        M.SparseTopKCategoricalAccuracy(k=2, name="top2"), "sparse_categorical_crossentropy", "ce",
        M.MeanIoU(num_classes=4, sparse_y_pred=False)],
        ["accuracy", "sparse_categorical_accuracy", "sparse_top_k_categorical_accuracy", "top2",
         "sparse_categorical_crossentropy", "ce", "mean_io_u"]),
    "onehot": (4, "softmax", "categorical_crossentropy", [
        "acc", "categorical_accuracy", "top_k_categorical_accuracy", "categorical_crossentropy",
        "kl_divergence", "categorical_hinge", M.OneHotMeanIoU(num_classes=4), M.Precision(class_id=1),
        M.Recall(top_k=1), M.AUC(multi_label=True, name="ml_auc"),
        M.CategoricalCrossentropy(label_smoothing=0.1, name="smooth_ce")],
        ["acc", "categorical_accuracy", "top_k_categorical_accuracy", "categorical_crossentropy",
         "kl_divergence", "categorical_hinge", "one_hot_mean_io_u", "precision", "recall", "ml_auc", "smooth_ce"]),
    "regression": (2, "linear", "mse", [
        "mae", "mse", "mape", "msle", "cosine_similarity", "logcosh", M.RootMeanSquaredError(), M.R2Score(),
        M.Accuracy(), M.MeanAbsoluteError()],
        ["mae", "mse", "mape", "msle", "cosine_similarity", "logcosh", "root_mean_squared_error", "r2_score",
         "accuracy", "mean_absolute_error"]),
    "positive": (2, "softplus", "poisson", ["poisson", M.MeanSquaredLogarithmicError()],
                 ["poisson", "mean_squared_logarithmic_error"]),
}


@pytest.mark.parametrize("kind", list(SETUPS))
def test_metrics_in_history_under_keras_names(kind):
    units, act, loss, ids, names = SETUPS[kind]
    x, y = _data(kind, 90, seed=1)
    xv, yv = _data(kind, 37, seed=2)
    model = _model(units, act, loss, ids)
    hist = model.fit(x, y, epochs=2, batch_size=16, validation_data=(xv, yv), verbose=0)
    expected = set(names) | {"loss"}
    expected |= {"val_" + k for k in expected}
    assert set(hist.history) == expected
    for key, values in hist.history.items():
        assert len(values) == 2 and all(np.isfinite(v) for v in values), key

    # the last val_ value is each metric over the whole validation set, with the final weights
    pred = np.asarray(model.predict(xv, batch_size=16, verbose=0), dtype="float64")
    for ident, name in zip(ids, names):
        fresh = M.get(M.serialize(ident)) if isinstance(ident, M.Metric) else M.resolve(
            ident, loss=loss, y_true_shape=yv.shape, y_pred_shape=pred.shape)
        fresh.update_state(yv, pred)
        assert hist.history["val_" + name][-1] == pytest.approx(fresh.result(), rel=1e-5, abs=1e-6), name

    logs = model.evaluate(xv, yv, batch_size=10, verbose=0, return_dict=True)
    assert set(logs) == {"loss"} | set(names)
