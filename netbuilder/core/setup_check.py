"""The coach before training: do loss, output layer, labels and metrics fit the task?

softmax + categorical crossentropy for multiclass, sigmoid + binary crossentropy for binary, linear +
mse/mae for regression; one-hot labels with categorical_crossentropy, integer labels with the sparse
loss; as many output units as label columns. :func:`check_setup` returns the :class:`SetupIssue`s (a
stable ``code``, an English ``message`` and its ``params`` for translation); the window lists them in
Problems with one-click fixes (``netbuilder.ui.training.setup_problems``).
"""

from __future__ import annotations

from dataclasses import dataclass, field

#: metric names whose value is an accuracy in [0, 1], higher is better (the coach reads them too)
ACCURACY_NAMES = ("accuracy", "acc", "binary_accuracy", "categorical_accuracy", "sparse_categorical_accuracy")
_BINARY_LOSSES = ("binary_crossentropy", "binary_focal_crossentropy", "hinge", "squared_hinge")
_MULTI_LOSSES = ("categorical_crossentropy", "sparse_categorical_crossentropy", "categorical_hinge",
                 "kl_divergence", "categorical_focal_crossentropy")
_REG_LOSSES = ("mean_squared_error", "mse", "mean_absolute_error", "mae", "huber", "log_cosh",
               "mean_absolute_percentage_error", "mean_squared_logarithmic_error")


def _snake(loss: str) -> str:
    from .registry import to_snake_case  # noqa: PLC0415

    return loss if loss in ("mse", "mae") else to_snake_case(loss)


@dataclass(frozen=True)
class SetupIssue:
    """One problem found before training: ``code``, English ``message`` and ``params``."""

    code: str
    message: str
    params: dict = field(default_factory=dict)


def check_setup(loss: str, output_activation=None, output_units=None, y_shape=None, task=None,
                metrics=()) -> list[SetupIssue]:
    """Check that loss, output layer, labels and metrics fit together; ``[]`` when they do.

    Args:
        loss: the loss identifier (``"binary_crossentropy"``, ``"mse"``, ...).
        output_activation: the output layer's activation name.
        output_units: the output layer's size (last axis), or None.
        y_shape: the training labels' shape, or None.
        task: ``"binary"``, ``"multiclass"``, ``"regression"`` or None (inferred from the loss).
        metrics: metric names chosen.
    """
    issues = []
    name = _snake(loss) if isinstance(loss, str) else ""
    act = output_activation or "linear"
    if task is None:
        task = ("binary" if name in _BINARY_LOSSES else "multiclass" if name in _MULTI_LOSSES
                else "regression" if name in _REG_LOSSES else None)
    if name in _BINARY_LOSSES[:2] and act == "softmax":
        issues.append(SetupIssue("softmax_binary_crossentropy",
                                 f"The output uses softmax but the loss is {name}: binary crossentropy expects one "
                                 "sigmoid unit per yes/no label. Use sigmoid with binary_crossentropy, or softmax "
                                 "with categorical_crossentropy.", {"loss": name, "activation": act}))
    elif name in _BINARY_LOSSES[:2] and act not in ("sigmoid",):
        issues.append(SetupIssue("binary_needs_sigmoid",
                                 f"binary_crossentropy reads the output as a probability, but the output activation "
                                 f"is {act!r}: use sigmoid.", {"loss": name, "activation": act}))
    if name in _MULTI_LOSSES[:2] and act != "softmax":
        issues.append(SetupIssue("multiclass_needs_softmax",
                                 f"{name} expects a probability per class, but the output activation is {act!r}: "
                                 "use softmax.", {"loss": name, "activation": act}))
    if name in _REG_LOSSES and act in ("softmax", "sigmoid", "relu") and task == "regression":
        issues.append(SetupIssue("regression_needs_linear",
                                 f"For regression the output should be linear (no activation), but it is {act!r}: "
                                 "it limits the values the network can predict.", {"loss": name, "activation": act}))
    if task == "regression" and any(m in ACCURACY_NAMES for m in metrics):
        issues.append(SetupIssue("accuracy_regression",
                                 "'accuracy' means nothing for regression (a prediction is never exactly right); "
                                 "use mae.", {}))
    if y_shape is not None and output_units is not None:
        y_shape = tuple(y_shape)
        if name == "sparse_categorical_crossentropy" and len(y_shape) > 1 and y_shape[-1] > 1:
            issues.append(SetupIssue("labels_one_hot_sparse_loss",
                                     f"The labels are one-hot {y_shape} but the loss is sparse_categorical_"
                                     "crossentropy: use categorical_crossentropy.", {"y_shape": y_shape}))
        elif name == "categorical_crossentropy" and (len(y_shape) == 1 or y_shape[-1] == 1) and output_units > 1:
            issues.append(SetupIssue("labels_integer_categorical_loss",
                                     f"The labels are integers {y_shape} but the loss is categorical_crossentropy: "
                                     "use sparse_categorical_crossentropy.", {"y_shape": y_shape}))
        elif len(y_shape) > 1 and y_shape[-1] != output_units:
            issues.append(SetupIssue("output_units_mismatch",
                                     f"The labels have {y_shape[-1]} columns but the output layer has {output_units} "
                                     f"units: set the last layer to {y_shape[-1]} units.",
                                     {"units": y_shape[-1], "output_units": output_units}))
    return issues
