"""Loss functions and classes (Keras 3 names, aliases, reduction and maths).

Every loss exists as a per-sample function (``binary_crossentropy(y_true, y_pred)``) and as a
``Loss`` class (``BinaryCrossentropy(from_logits=False, label_smoothing=0.0, axis=-1)``), both
registered in ``registry.LOSSES`` under Keras's names and aliases (``"mse"``, ``"mae"``,
``"mape"``, ``"msle"``, ``"bce"``, ``"kld"``, ``"logcosh"``, ...). ``get("mse")`` returns the
class with its defaults, because training needs ``gradient()``, which plain functions lack.

A ``Loss`` reduces per-sample values with Keras 3's default ``"sum_over_batch_size"``:
``loss = sum_i(w_i * l_i) / n`` where ``n`` is the number of per-sample values (the batch
size), whether or not sample weights are given. ``gradient`` returns d(loss)/d(y_pred) of that
reduced scalar; ``fused_gradient`` returns the gradient w.r.t. the logits of a softmax/sigmoid
output layer (``(y_pred - y_true) / n`` for categorical crossentropy after softmax).
See ``losses/base.py`` for the reductions and ``crossentropy.py`` for the clipping.
"""

from __future__ import annotations

from .. import registry
from ..registry import LOSSES
from .base import Loss, LossFunctionWrapper
from .crossentropy import (BinaryCrossentropy, CategoricalCrossentropy, binary_crossentropy,
                           categorical_crossentropy)
from .sparse_crossentropy import SparseCategoricalCrossentropy, sparse_categorical_crossentropy
from .hinge import CategoricalHinge, Hinge, SquaredHinge, categorical_hinge, hinge, squared_hinge
from .probabilistic import KLDivergence, Poisson, kl_divergence, poisson
from .regression import (CosineSimilarity, Huber, LogCosh, MeanAbsoluteError,
                         MeanAbsolutePercentageError, MeanSquaredError, MeanSquaredLogarithmicError,
                         cosine_similarity, huber, log_cosh, mean_absolute_error,
                         mean_absolute_percentage_error, mean_squared_error,
                         mean_squared_logarithmic_error)
from .crossentropy import PAIRS as _CE_PAIRS
from .hinge import PAIRS as _HINGE_PAIRS
from .probabilistic import PAIRS as _PROB_PAIRS
from .regression import PAIRS as _REG_PAIRS
from .sparse_crossentropy import PAIRS as _SPARSE_PAIRS

#: function name → Loss class, so a string in compile() builds the class with defaults.
FUNCTION_TO_CLASS = {fn.__name__: cls
                     for pairs in (_REG_PAIRS, _CE_PAIRS, _SPARSE_PAIRS, _PROB_PAIRS, _HINGE_PAIRS)
                     for fn, cls, _ in pairs}


def _class_name(name):
    """The class name a loss name or alias resolves to (``"mse"`` → ``"MeanSquaredError"``)."""
    canonical = LOSSES.canonical(name)
    cls = FUNCTION_TO_CLASS.get(canonical)
    return canonical if cls is None else cls.__name__


def get(identifier) -> Loss | None:
    """Resolve a loss: None (→ None, as Keras), a function name/alias or class name (→ the class
    with its defaults), a ``{"class_name", "config"}`` dict, a ``Loss`` instance or class, or a
    registered loss function. A custom function ``f(y_true, y_pred)`` has no gradient, so it is
    refused with a message saying how to write a ``Loss`` subclass.
    """
    if isinstance(identifier, str):
        identifier = _class_name(identifier)
    elif isinstance(identifier, dict) and "class_name" in identifier:
        identifier = {**identifier, "class_name": _class_name(identifier["class_name"])}
    elif callable(identifier) and not isinstance(identifier, (type, Loss)):
        name = getattr(identifier, "__name__", None)
        if name in FUNCTION_TO_CLASS and LOSSES.lookup(name) is identifier:
            return FUNCTION_TO_CLASS[name]()
        raise ValueError(
            f"custom loss function {identifier!r} has no gradient; subclass netbuilder.core.losses.Loss "
            "and implement call() (per-sample values) and call_grad() (their derivative w.r.t. y_pred)")
    return LOSSES.get(identifier, allow_none=True, instance_types=(Loss,))


def serialize(loss: Loss) -> dict:
    """``{"class_name": ..., "config": ...}`` for ``get``/``deserialize``."""
    return registry.serialize(loss)


def deserialize(config) -> Loss:
    """The inverse of ``serialize`` (also accepts a name)."""
    return get(config)


__all__ = [
    "Loss", "LossFunctionWrapper", "FUNCTION_TO_CLASS", "get", "serialize", "deserialize",
    "MeanSquaredError", "MeanAbsoluteError", "MeanAbsolutePercentageError", "MeanSquaredLogarithmicError",
    "Huber", "LogCosh", "CosineSimilarity", "BinaryCrossentropy", "CategoricalCrossentropy",
    "SparseCategoricalCrossentropy", "KLDivergence", "Poisson", "Hinge", "SquaredHinge",
    "CategoricalHinge", "mean_squared_error", "mean_absolute_error", "mean_absolute_percentage_error",
    "mean_squared_logarithmic_error", "huber", "log_cosh", "cosine_similarity", "binary_crossentropy",
    "categorical_crossentropy", "sparse_categorical_crossentropy", "kl_divergence", "poisson", "hinge",
    "squared_hinge", "categorical_hinge",
]
