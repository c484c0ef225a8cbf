"""Which metrics fit which model: the answers the UI shows next to the metric list.

``applicability("auc", "regression")`` → ``(False, "AUC applies to binary or multiclass
classification, not to regression; ...")``. The decision reads the class attributes every
metric declares (``task``, ``needs_probabilities``, ``needs_thresholds``, ``label_format``,
``required_args``), plus, when given, the loss and the output layer's activation.
"""

from __future__ import annotations

from ..registry import METRICS, to_snake_case
from . import label_kind
from .base import Metric

TASKS = ("binary", "multiclass", "regression")
_TASK_WORDS = {"binary": "binary classification", "multiclass": "multiclass classification",
               "regression": "regression"}
_SUGGEST = {"binary": "BinaryAccuracy, AUC, Precision or Recall",
            "multiclass": "CategoricalAccuracy, SparseCategoricalAccuracy or TopKCategoricalAccuracy",
            "regression": "MeanAbsoluteError, RootMeanSquaredError or R2Score"}
# the metric that takes the other label format, for "use X instead"
_TWINS = {"CategoricalAccuracy": "SparseCategoricalAccuracy", "SparseCategoricalAccuracy": "CategoricalAccuracy",
          "TopKCategoricalAccuracy": "SparseTopKCategoricalAccuracy",
          "SparseTopKCategoricalAccuracy": "TopKCategoricalAccuracy",
          "CategoricalCrossentropy": "SparseCategoricalCrossentropy",
          "SparseCategoricalCrossentropy": "CategoricalCrossentropy",
          "OneHotMeanIoU": "MeanIoU", "MeanIoU": "OneHotMeanIoU", "OneHotIoU": "IoU", "IoU": "OneHotIoU"}
_PROBABILITY_ACTIVATIONS = ("sigmoid", "softmax")
_REGRESSION_LOSSES = ("mean_squared_error", "mse", "mean_absolute_error", "mae", "mean_absolute_percentage_error",
                      "mape", "mean_squared_logarithmic_error", "msle", "huber", "log_cosh", "logcosh",
                      "poisson", "cosine_similarity")


def _metric_class(name):
    obj = name if isinstance(name, type) else type(name) if isinstance(name, Metric) else METRICS.lookup(name)
    return obj


def _words(tasks) -> str:
    parts = [_TASK_WORDS[t].replace(" classification", "") for t in tasks]
    if len(parts) > 1 and all(t != "regression" for t in tasks):
        return " or ".join(parts) + " classification"
    return " or ".join(_TASK_WORDS[t] for t in tasks)


def describe(name) -> dict:
    """What a metric is and what it needs, for tooltips and the metric picker."""
    cls = _metric_class(name)
    doc = (cls.__doc__ or "").strip().splitlines()
    return {
        "class_name": cls.__name__,
        "default_name": getattr(cls, "default_name", None) or to_snake_case(cls.__name__),
        "group": METRICS.meta(cls.__name__).get("group") if cls.__name__ in METRICS else None,
        "summary": doc[0] if doc else "",
        "task": tuple(cls.task),
        "needs_probabilities": cls.needs_probabilities,
        "needs_thresholds": cls.needs_thresholds,
        "label_format": cls.label_format,
        "required_args": tuple(cls.required_args),
        "direction": cls.direction,
    }


def infer_task(loss=None, output_units=None, output_activation=None) -> str | None:
    """Guess the task from the loss (first) or the output layer: ``"binary"``, ``"multiclass"``,
    ``"regression"``, or None when nothing tells."""
    from . import _loss_name  # noqa: PLC0415

    name = _loss_name(loss)
    if name:
        if name in _REGRESSION_LOSSES:
            return "regression"
        if name in ("binary_crossentropy", "binary_focal_crossentropy", "hinge", "squared_hinge"):
            return "binary"
        if "categorical" in name or name in ("kl_divergence", "kld"):
            return "multiclass"
    if output_activation == "softmax":
        return "multiclass"
    if output_activation == "sigmoid":
        return "binary"
    if output_activation in ("linear", None) and output_units is not None:
        return "regression"
    return None


def applicability(name, task, loss=None, output_activation=None) -> tuple[bool, str]:
    """Whether metric ``name`` fits a model doing ``task``, and a sentence saying why (not).

    Args:
        name: a metric name, alias, class or instance.
        task: ``"binary"``, ``"multiclass"`` or ``"regression"``.
        loss: the compiled loss (name or object), to match the label format (one-hot/sparse).
        output_activation: the output layer's activation name, to check probability outputs.

    Returns:
        ``(ok, reason)``; ``reason`` is a short English sentence for a tooltip.
    """
    if task not in TASKS:
        raise ValueError(f"task must be one of {TASKS}, got {task!r}")
    cls = _metric_class(name)
    title = cls.__name__
    if not cls.task:
        return False, (f"{title} averages values you pass it yourself; it does not compare labels with "
                       "predictions, so compile() cannot use it directly")
    if task not in cls.task:
        return False, (f"{title} applies to {_words(cls.task)}, not to {_TASK_WORDS[task]}; "
                       f"try {_SUGGEST[task]}")
    if cls.label_format and loss is not None and task == "multiclass":
        kind = label_kind(loss)
        wanted = {"sparse": "integer class ids", "one_hot": "one-hot labels"}[cls.label_format]
        if (cls.label_format == "sparse") != (kind == "sparse"):
            given = "integer class ids" if kind == "sparse" else "one-hot labels"
            twin = _TWINS.get(title)
            return False, (f"{title} needs {wanted}, but the loss {_loss_label(loss)} uses {given}"
                           + (f"; use {twin}" if twin else ""))
    if cls.needs_probabilities and output_activation is not None \
            and output_activation not in _PROBABILITY_ACTIVATIONS:
        extra = " (or create it with from_logits=True)" if "from_logits" in _init_args(cls) else ""
        return False, (f"{title} reads predictions as probabilities in [0, 1], but the output activation is "
                       f"{output_activation!r}; use a sigmoid or softmax output{extra}")
    reason = f"{title} fits {_TASK_WORDS[task]}"
    if cls.needs_thresholds:
        reason += "; it turns predictions into yes/no decisions at a threshold"
    if cls.required_args:
        reason += f"; it needs {', '.join(a + '=' for a in cls.required_args)}"
    return True, reason


def suitable_metrics(task, loss=None, output_activation=None) -> list[tuple[str, bool, str]]:
    """``(class_name, ok, reason)`` for every registered metric, in registry order."""
    return [(n, *applicability(n, task, loss, output_activation)) for n in METRICS.names()]


def _loss_label(loss) -> str:
    from . import _loss_name  # noqa: PLC0415

    return repr(_loss_name(loss))


def _init_args(cls) -> tuple:
    return cls.__init__.__code__.co_varnames[: cls.__init__.__code__.co_argcount]


#: Largest output or label width a trial builds (the metric's behaviour does not depend on it).
_TRIAL_MAX_UNITS = 100_000
_POSITIVE_ACTIVATIONS = ("relu", "softplus", "exponential", "sigmoid", "softmax", "elu_positive", "relu6")


def trial_error(name, task=None, loss=None, output_units=None, y_shape=None,
                output_activation=None) -> Exception | None:
    """Try metric ``name`` as ``compile(metrics=[name])`` would use it in this run; the error, or None.

    The metric is resolved with the loss and the shapes (as ``compile`` does), created with no
    arguments (a metric that needs some, such as ``IoU(num_classes=...)`` or ``MeanMetricWrapper(fn)``,
    fails here) and, when ``task`` is known, updated once on a 4-sample batch shaped like the run:
    labels ``(4,) + y_shape[1:]`` (or, without ``y_shape``, what the loss expects: class ids for a
    ``sparse_*`` loss, one-hot rows for other multiclass losses) and predictions ``(4, k)``, ``k`` the
    labels' columns (``output_units`` for class ids): an output that does not fit the labels is the
    setup check's to report.
    Regression predictions are signed unless ``output_activation`` only gives positive values. A
    result that is not a number (``poisson`` on a linear output) is a ``FloatingPointError``.

    Args:
        name: the metric name the settings panel sends (``"accuracy"``, ``"AUC"``, ...).
        task: ``"binary"``, ``"multiclass"``, ``"regression"`` or None (only the creation is tried).
        loss: the loss name. output_units: the output layer's size. y_shape: the labels' shape.
    """
    import warnings  # noqa: PLC0415

    import numpy as np  # noqa: PLC0415

    from . import resolve  # noqa: PLC0415

    try:
        units = int(output_units or (3 if task == "multiclass" else 1))
    except (TypeError, ValueError, OverflowError):
        units = 1
    if y_shape is not None and task is not None:  # outputs as the labels need them (a mismatch is the
        ys = tuple(y_shape)                        # setup check's to report, not the metric list's)
        if len(ys) >= 2 and not (task == "multiclass" and ys[-1] == 1):
            units = int(ys[-1])
        elif len(ys) == 1 and task != "multiclass":
            units = 1
    units = max(1, min(units, _TRIAL_MAX_UNITS))  # a hostile "units: 10**12" must not allocate here
    rng = np.random.default_rng(0)
    try:
        if task == "multiclass":
            e = np.exp(rng.normal(size=(4, units)))
            y_pred = (e / e.sum(axis=1, keepdims=True)).astype("float32")
        elif task == "binary":
            y_pred = rng.uniform(0.05, 0.95, size=(4, units)).astype("float32")
        else:
            y_pred = rng.normal(size=(4, units)).astype("float32")
            if output_activation in _POSITIVE_ACTIVATIONS:
                y_pred = np.abs(y_pred)
        if y_shape is not None:
            true_shape = (4,) + tuple(min(int(d), _TRIAL_MAX_UNITS) for d in tuple(y_shape)[1:])
        elif task == "multiclass" and units > 1 and str(loss or "").startswith("sparse"):
            true_shape = (4,)
        else:
            true_shape = (4, units)
        if task == "multiclass":
            sparse = len(true_shape) < 2 or (true_shape[-1] == 1 and units > 1)
            cols = units if sparse else int(true_shape[-1])
            ids = np.arange(4) % max(1, cols)
            if sparse:
                y_true = ids.reshape(true_shape).astype("float32")
            else:
                y_true = np.zeros((4, max(1, cols)), dtype="float32")
                y_true[np.arange(4), ids] = 1.0
                y_true = y_true.reshape(true_shape)
        elif task == "binary":
            y_true = (np.arange(int(np.prod(true_shape))) % 2).reshape(true_shape).astype("float32")
        else:
            y_true = rng.normal(size=true_shape).astype("float32")
        metric = resolve(name, loss=loss, y_true_shape=true_shape, y_pred_shape=y_pred.shape)
        if task is not None:
            with warnings.catch_warnings(), np.errstate(all="ignore"):  # e.g. poisson on negative outputs
                warnings.simplefilter("ignore")
                metric.update_state(y_true, y_pred)
                value = metric.result()
            if not np.all(np.isfinite(np.asarray(value, dtype="float64"))):
                return FloatingPointError(f"{name} is not a number for outputs like this model's")
    except Exception as exc:  # noqa: BLE001 - any failure means: do not offer it for this run
        # kept (the settings panel caches it): without its traceback, whose frames would hold the
        # caller's locals (the panel, its window) for as long as the cache lives
        exc.__context__ = exc.__cause__ = None
        return exc.with_traceback(None)
    return None
