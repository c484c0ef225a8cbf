"""Metrics: streaming, with Keras 3 names (``compile(metrics=["accuracy", "auc"])``).

Every metric keeps running sums (``update_state`` / ``result`` / ``reset_state``), so the value
logged for an epoch is the value over the whole epoch's data. ``get`` resolves a name, config
or instance; ``resolve`` is what ``compile`` uses (it also turns ``"accuracy"``/``"acc"`` and
``"crossentropy"``/``"ce"`` into the variant that fits the labels). ``applicability`` tells
the UI whether a metric fits a task, and why not.
"""

from __future__ import annotations

from .. import registry
from ..registry import METRICS, to_snake_case
from .accuracy import (ACCURACY_METRICS, Accuracy, BinaryAccuracy, CategoricalAccuracy,
                       SparseCategoricalAccuracy, SparseTopKCategoricalAccuracy, TopKCategoricalAccuracy,
                       accuracy, binary_accuracy, categorical_accuracy, sparse_categorical_accuracy,
                       sparse_top_k_categorical_accuracy, top_k_categorical_accuracy)
from .auc import AUC
from .base import Mean, MeanMetricWrapper, Metric, Sum, to_numpy_pair  # noqa: F401
from .confusion import (CONFUSION_METRICS, FalseNegatives, FalsePositives, Precision, PrecisionAtRecall,
                        Recall, RecallAtPrecision, SensitivityAtSpecificity, SpecificityAtSensitivity,
                        TrueNegatives, TruePositives)
from .hinge import HINGE_METRICS, CategoricalHinge, Hinge, SquaredHinge
from .iou import IOU_METRICS, BinaryIoU, IoU, MeanIoU, OneHotIoU, OneHotMeanIoU
from .probabilistic import (PROBABILISTIC_METRICS, BinaryCrossentropy, CategoricalCrossentropy, KLDivergence,
                            Poisson, SparseCategoricalCrossentropy)
from .r2 import R2Score
from .regression import (REGRESSION_METRICS, CosineSimilarity, LogCoshError, MeanAbsoluteError,
                         MeanAbsolutePercentageError, MeanSquaredError, MeanSquaredLogarithmicError,
                         RootMeanSquaredError, cosine_similarity)
# Keras 3's ``keras.metrics`` also holds the per-sample loss functions (``metrics.mean_squared_error``)
from ..losses import (binary_crossentropy, categorical_crossentropy, categorical_hinge, hinge,  # noqa: E402
                      kl_divergence, mean_absolute_error, mean_absolute_percentage_error, mean_squared_error,
                      mean_squared_logarithmic_error, poisson, sparse_categorical_crossentropy, squared_hinge)

# Short names Keras accepts besides the class name and its snake_case (keras/src/metrics/__init__.py),
# plus a few of tf.keras 2 that the tutorial's generation of code uses.
_EXTRA_ALIASES = {
    "BinaryCrossentropy": ("bce", "BCE"),
    "MeanSquaredError": ("mse", "MSE"),
    "MeanAbsoluteError": ("mae", "MAE"),
    "MeanAbsolutePercentageError": ("mape", "MAPE"),
    "MeanSquaredLogarithmicError": ("msle", "MSLE"),
    "LogCoshError": ("logcosh", "log_cosh"),
    "KLDivergence": ("kld", "KLD", "kullback_leibler_divergence"),
    "RootMeanSquaredError": ("rmse",),
    "MeanIoU": ("mean_iou",),
    "R2Score": ("r2",),
}

_GROUPS = {
    "reduction": (Mean, Sum, MeanMetricWrapper),
    "accuracy": ACCURACY_METRICS,
    "probabilistic": PROBABILISTIC_METRICS,
    "regression": REGRESSION_METRICS + (R2Score,),
    "confusion": CONFUSION_METRICS + (AUC,),
    "segmentation": IOU_METRICS,
    "hinge": HINGE_METRICS,
}

for _group, _classes in _GROUPS.items():
    for _cls in _classes:
        if _cls.__name__ not in METRICS:
            METRICS.register(_cls, name=_cls.__name__,
                             aliases=(to_snake_case(_cls.__name__),) + _EXTRA_ALIASES.get(_cls.__name__, ()),
                             group=_group)

_ACCURACY_IDS = ("accuracy", "acc")
_CROSSENTROPY_IDS = ("crossentropy", "ce")
_BINARY_LOSSES = ("binary_crossentropy", "bce", "binary_focal_crossentropy", "hinge", "squared_hinge")


def get(identifier):
    """Resolve a metric identifier to a ``Metric`` (Keras ``metrics.get``), or None for None.

    Accepts a name or alias (``"auc"``, ``"mae"``, ``"Precision"``: the metric is named by
    the string as typed, as Keras's compile does, so ``"mae"`` logs as ``mae``), a
    ``{"class_name", "config"}`` dict, a ``Metric`` class or instance, or a plain function
    ``f(y_true, y_pred) -> per-sample values`` (wrapped in ``MeanMetricWrapper``). For
    ``"accuracy"`` with automatic choice of the variant, use ``resolve``.
    """
    if identifier is None:
        return None
    if isinstance(identifier, (Metric, type)):
        return METRICS.get(identifier, instance_types=(Metric,))
    if isinstance(identifier, str):
        return METRICS.lookup(identifier)(name=identifier)
    if isinstance(identifier, dict):
        if identifier.get("class_name") == "function":
            return MeanMetricWrapper(_known_function(identifier.get("config")))
        return METRICS.get(identifier, instance_types=(Metric,))
    if callable(identifier):
        return MeanMetricWrapper(identifier)
    raise TypeError(f"Could not interpret metric identifier {identifier!r} (type {type(identifier).__name__}); "
                    "pass a name such as 'accuracy', a Metric instance or a function")


def function_name(fn) -> str | None:
    """The name under which ``fn`` is one of this module's per-sample functions
    (``binary_accuracy``, ``mean_squared_error`` ...), or None for any other callable."""
    name = getattr(fn, "__name__", None)
    return name if name and globals().get(name) is fn else None


def serialize_function(fn) -> dict:
    """``{"class_name": "function", "config": name}`` of a metric function, the form Keras 3
    writes for a function in ``compile(metrics=[...])``; ``get`` reads it back for the functions
    ``function_name`` knows."""
    return {"class_name": "function", "config": getattr(fn, "__name__", type(fn).__name__)}


def _known_function(name):
    fn = globals().get(name) if isinstance(name, str) else None
    if fn is None or function_name(fn) != name:
        raise ValueError(f"metric function {name!r} is not one of netbuilder's metric functions; "
                         "compile the model again with it after loading")
    return fn


def _loss_name(loss) -> str:
    if loss is None:
        return ""
    if isinstance(loss, str):
        name = loss
    elif isinstance(loss, dict):
        name = str(loss.get("class_name", ""))
    else:
        name = getattr(loss, "name", None) or getattr(loss, "__name__", None) or type(loss).__name__
    snake = to_snake_case(name) if name[:1].isupper() else name.lower()
    return "binary_crossentropy" if snake == "bce" else snake


def label_kind(loss=None, y_true_shape=None, y_pred_shape=None) -> str:
    """``"binary"``, ``"sparse"`` or ``"categorical"``: how labels relate to the outputs.

    Keras 3's rule (``keras/src/trainers/compile_utils.py``), on shapes with the batch axis:
    binary when the output has one unit; sparse when the labels have fewer axes than the
    output, or a last axis of 1 while the output has several units; else categorical. When a
    shape is unknown, the loss decides (binary/hinge losses → binary, ``sparse_*`` → sparse).
    A rank-1 output ``(batch,)`` counts as binary (one value per sample); Keras would compare
    its last axis, the batch size, with 1.
    """
    yp = tuple(y_pred_shape) if y_pred_shape is not None else None
    yt = tuple(y_true_shape) if y_true_shape is not None else None
    if yp:
        if len(yp) == 1 or yp[-1] == 1:
            return "binary"
        if yt:
            if len(yt) < len(yp) or (yt[-1] == 1 and (yp[-1] or 0) > 1):
                return "sparse"
            return "categorical"
    name = _loss_name(loss)
    if name in _BINARY_LOSSES:
        return "binary"
    if name.startswith("sparse"):
        return "sparse"
    return "categorical"


def resolve(identifier, loss=None, y_true_shape=None, y_pred_shape=None) -> Metric:
    """Resolve a ``compile(metrics=...)`` entry as Keras's compile does.

    ``"accuracy"``/``"acc"`` (any case) become ``BinaryAccuracy``, ``SparseCategoricalAccuracy``
    or ``CategoricalAccuracy`` according to ``label_kind``; ``"crossentropy"``/``"ce"`` likewise
    become the matching crossentropy metric (Keras 3 does this for losses, tf.keras 2 also for
    metrics). A string keeps the user's spelling as the metric name, so History has
    ``acc``/``val_acc`` for ``"acc"``; a function is named after itself; instances keep theirs.
    """
    if isinstance(identifier, str):
        key = identifier.lower()
        if key in _ACCURACY_IDS or key in _CROSSENTROPY_IDS:
            kind = label_kind(loss, y_true_shape, y_pred_shape)
            table = ({"binary": BinaryAccuracy, "sparse": SparseCategoricalAccuracy,
                      "categorical": CategoricalAccuracy} if key in _ACCURACY_IDS else
                     {"binary": BinaryCrossentropy, "sparse": SparseCategoricalCrossentropy,
                      "categorical": CategoricalCrossentropy})
            return table[kind](name=identifier)
    return get(identifier)


def serialize(metric: Metric) -> dict:
    """``{"class_name", "config"}`` of a metric; ``get`` turns it back into an equal metric."""
    return registry.serialize(metric)


from .applicability import applicability, describe, infer_task, suitable_metrics  # noqa: E402

__all__ = [
    "Metric", "Mean", "Sum", "MeanMetricWrapper", "get", "resolve", "serialize", "label_kind",
    "function_name", "serialize_function",
    "applicability", "describe", "infer_task", "suitable_metrics",
    "Accuracy", "BinaryAccuracy", "CategoricalAccuracy", "SparseCategoricalAccuracy",
    "TopKCategoricalAccuracy", "SparseTopKCategoricalAccuracy",
    "BinaryCrossentropy", "CategoricalCrossentropy", "SparseCategoricalCrossentropy", "KLDivergence", "Poisson",
    "MeanSquaredError", "RootMeanSquaredError", "MeanAbsoluteError", "MeanAbsolutePercentageError",
    "MeanSquaredLogarithmicError", "CosineSimilarity", "LogCoshError", "R2Score",
    "AUC", "Precision", "Recall", "TruePositives", "TrueNegatives", "FalsePositives", "FalseNegatives",
    "PrecisionAtRecall", "RecallAtPrecision", "SensitivityAtSpecificity", "SpecificityAtSensitivity",
    "IoU", "MeanIoU", "BinaryIoU", "OneHotIoU", "OneHotMeanIoU", "Hinge", "SquaredHinge", "CategoricalHinge",
    "accuracy", "binary_accuracy", "categorical_accuracy", "sparse_categorical_accuracy",
    "top_k_categorical_accuracy", "sparse_top_k_categorical_accuracy", "cosine_similarity",
    "binary_crossentropy", "categorical_crossentropy", "sparse_categorical_crossentropy", "kl_divergence",
    "poisson", "hinge", "squared_hinge", "categorical_hinge", "mean_squared_error", "mean_absolute_error",
    "mean_absolute_percentage_error", "mean_squared_logarithmic_error",
]
