"""The training form's metric list and what ``compile`` gets from it (no widgets: easy to test).

The list shows the registry's class names; ``compile`` gets the book's spelling where the book has
one, because Keras logs a metric under the name it was given (``metrics=["mae"]`` → ``mae``/``val_mae``;
``"MeanAbsoluteError"`` → ``MeanAbsoluteError``) and the tutorial's Boston case reads ``val_mae``.
Whether a metric can run with this run's task, loss, outputs and labels is tried once per run shape
(:class:`MetricTrials`).
"""

from __future__ import annotations

from netbuilder.core.metrics.applicability import trial_error

#: List item → the name ``compile`` gets, where the book spells the metric otherwise.
BOOK_SPELLING = {"Accuracy": "accuracy", "MeanAbsoluteError": "mae"}
_ITEM_OF = {v: k for k, v in BOOK_SPELLING.items()}


def compile_name(item_text: str) -> str:
    """``"MeanAbsoluteError"`` → ``"mae"``, ``"Accuracy"`` → ``"accuracy"``; other items unchanged."""
    return BOOK_SPELLING.get(item_text, item_text)


def item_name(name: str) -> str:
    """The list item a compiled (or saved) metric name ticks: the inverse of :func:`compile_name`."""
    return _ITEM_OF.get(name, name)


class MetricTrials:
    """Why a metric fails when tried as this run would use it, or None
    (:func:`netbuilder.core.metrics.applicability.trial_error`), cached per run shape."""

    def __init__(self):
        self._cache: dict = {}  # (metric, task, loss, units, label shape, activation) -> error, or None

    def __call__(self, item_text: str, task, loss, context: dict):
        """``context``: ``output_units``, ``y_shape`` and ``output_activation`` of the run."""
        name = compile_name(item_text)
        # repr: a project's output activation may be any JSON value (a list is not hashable)
        key = (name, task, loss, repr(context["output_units"]), repr(context["y_shape"]),
               repr(context["output_activation"])[:200])
        if key not in self._cache:
            self._cache[key] = trial_error(name, task, loss, context["output_units"], context["y_shape"],
                                           context["output_activation"])
        return self._cache[key]
