"""Problems of the training setup, in the one Problems list: loss, output layer, labels and data shapes.

Before this module the same fault lived in three places that disagreed: a warning line in the Training
settings (:func:`netbuilder.core.diagnosis.check_setup`), a line in the Dataset panel
(:func:`.data_sources.shape_fixes`), and nothing in Problems, on the canvas or in the status bar, so
Train ran and failed with a raw ``DataError``. :func:`find` merges both checks into
:class:`SetupProblem`s, each with the layer at fault (the output or input layer) and its one-click
fixes; the window lists them in Problems, marks the node, counts them in the status bar and disables
Train with the reason while a blocking one is left.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass, field

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication

from netbuilder.core.diagnosis import check_setup
from netbuilder.core.remedies import output_layer

from ..i18n import messages
from . import data_sources as S

CONTEXT = "SetupProblems"
#: check_setup codes that only warn (the run works, the result is poor or the metric meaningless)
WARNINGS = ("regression_needs_linear", "accuracy_regression")
#: texts of the fixes, translated when shown
FIX_TEXT = {
    "use_softmax": QT_TRANSLATE_NOOP("SetupProblems", "Use softmax"),
    "use_sigmoid": QT_TRANSLATE_NOOP("SetupProblems", "Use sigmoid"),
    "use_linear": QT_TRANSLATE_NOOP("SetupProblems", "Use a linear output"),
    "use_mae": QT_TRANSLATE_NOOP("SetupProblems", "Use mae instead of accuracy"),
    "set_units": QT_TRANSLATE_NOOP("SetupProblems", "Set {n} units"),
    "set_input": QT_TRANSLATE_NOOP("SetupProblems", "Set input to {shape}"),
    "use_loss": QT_TRANSLATE_NOOP("SetupProblems", "Use {loss}"),
    "use_epochs": QT_TRANSLATE_NOOP("SetupProblems", "Use the book's {n} epochs"),
}
#: a tutorial dataset's run set to more than this many times the book's epochs (and more than
#: LONG_RUN_MIN epochs) gets a warning: the start-up example's 1000 epochs carried over to MNIST
#: made a 25-minute run without a word
LONG_RUN_FACTOR = 10
LONG_RUN_MIN = 50


@dataclass
class Fix:
    """One click that removes a problem: ``graph`` (a new model config) or ``settings`` (a dict for the
    Training settings form)."""

    key: str
    params: dict
    graph: dict | None = None
    settings: dict | None = None

    def text(self) -> str:
        return QCoreApplication.translate(CONTEXT, FIX_TEXT[self.key]).format(**self.params)


@dataclass
class SetupProblem:
    """A setup fault: ``code``, the ``layer`` at fault (or None), ``blocking`` (Train refuses) and fixes.

    ``issue`` is what :func:`netbuilder.ui.i18n.messages.render` renders (a ``SetupIssue``), or None
    when ``source``/``params`` hold a sentence of this module."""

    code: str
    layer: str | None
    blocking: bool = True
    fixes: list = field(default_factory=list)
    issue: object = None
    source: str = ""
    params: dict = field(default_factory=dict)

    def text(self) -> str:
        if self.issue is not None:
            return messages.render(self.issue)
        return QCoreApplication.translate(CONTEXT, self.source).format(**self.params)

    @property
    def message(self) -> str:  # what messages.render shows for it (the node's tooltip)
        return self.text()

    def __str__(self) -> str:
        return self.text()


_INPUT_TEXT = QT_TRANSLATE_NOOP("SetupProblems", "The input layer takes samples of shape {have}, but the data's samples "
                                         "have shape {want}.")
_EPOCHS_TEXT = QT_TRANSLATE_NOOP("SetupProblems", "The book trains {dataset} for {n} epochs; this run is set to "
                                                  "{m}: it will take about {x} times as long, and the coach will "
                                                  "likely find overfitting early on.")
_OUTPUT_TEXT = QT_TRANSLATE_NOOP("SetupProblems", "The output layer has {have} units, but the labels need {want} (one per "
                                          "{what}).")


def _output_with(config: dict, **changes) -> dict:
    new = copy.deepcopy(config)
    output_layer(new)["config"].update(changes)
    return new


def _name(entry) -> str | None:
    return None if entry is None else (entry.get("name") or entry.get("config", {}).get("name"))


def find(config: dict | None, settings: dict, data=None) -> list[SetupProblem]:
    """The setup problems of training ``config`` with ``settings`` (``loss``, ``metrics``) on ``data``
    (a :class:`~.run_setup.TrainingData` or None: only the loss/output checks then)."""
    if not config or not config.get("config", {}).get("layers"):
        return []
    out = output_layer(config)
    if out is None:
        return []
    layer = _name(out)
    oc = out.get("config", {})
    dense = out["class_name"] == "Dense"
    act = (oc.get("activation") or "linear") if dense else None
    units = oc.get("units") if dense else None
    loss = settings.get("loss") or ""
    y_shape = tuple(data.y_train.shape) if data is not None else None
    problems = []
    shape = {code: new for code, _text, new in (S.shape_fixes(config, data) if data is not None else [])}
    if "fix_input" in shape:
        entry = next(e for e in config["config"]["layers"] if e["class_name"] == "InputLayer")
        cfg = entry.get("config", {})
        have = tuple(cfg.get("batch_shape") or cfg.get("batch_input_shape") or (None,))[1:]
        want = tuple(data.x_train.shape[1:])
        problems.append(SetupProblem("input_shape_data", _name(entry), True,
                                     [Fix("set_input", {"shape": want}, graph=shape["fix_input"])],
                                     source=_INPUT_TEXT, params={"have": have, "want": want}))
    if "fix_output" in shape:
        want = S.output_size(data)
        what = QCoreApplication.translate("SetupProblems", "class") if data.task == "multiclass" else \
            QCoreApplication.translate("SetupProblems", "label column")
        problems.append(SetupProblem("output_units_data", layer, True,
                                     [Fix("set_units", {"n": want}, graph=shape["fix_output"])],
                                     source=_OUTPUT_TEXT, params={"have": units, "want": want, "what": what}))
    if dense:
        task = data.task if data is not None else None
        for issue in check_setup(loss, act, units, y_shape, task, settings.get("metrics") or ()):
            if issue.code == "output_units_mismatch" and "fix_output" in shape:
                continue  # the same fault, said once (with the data's count)
            problems.append(SetupProblem(issue.code, layer, issue.code not in WARNINGS,
                                         _fixes(issue.code, config, units, task), issue=issue))
    problems += _long_run(settings, data)
    return problems


def _long_run(settings: dict, data) -> list[SetupProblem]:
    """A warning (not blocking) when a tutorial dataset's run is set to far more epochs than the book's."""
    name = getattr(data, "name", "") or ""
    if not name.startswith("case:"):
        return []
    try:
        from netbuilder.core.datasets import cases  # noqa: PLC0415

        case = cases.get_case(name.split(":", 1)[1])
        book = int(case.preset().epochs)
        epochs = int(settings.get("epochs") or 0)
    except (KeyError, ValueError, TypeError, AttributeError):
        return []
    if epochs <= max(LONG_RUN_MIN, LONG_RUN_FACTOR * book):
        return []
    return [SetupProblem("epochs_far_above_book", None, False, [Fix("use_epochs", {"n": book}, settings={"epochs": book})],
                         source=_EPOCHS_TEXT, params={"dataset": S.choice_label(name), "n": book, "m": epochs,
                                                      "x": round(epochs / book)})]


def _fixes(code: str, config: dict, units, task) -> list[Fix]:
    if code == "multiclass_needs_softmax":
        fixes = [Fix("use_softmax", {}, graph=_output_with(config, activation="softmax"))]
        if units == 1:
            fixes.append(Fix("use_loss", {"loss": "binary_crossentropy"}, settings={"loss": "binary_crossentropy"}))
        return fixes
    if code == "binary_needs_sigmoid":
        return [Fix("use_sigmoid", {}, graph=_output_with(config, activation="sigmoid"))]
    if code == "softmax_binary_crossentropy":
        fixes = [Fix("use_sigmoid", {}, graph=_output_with(config, activation="sigmoid"))] if units == 1 else []
        if task != "binary" or (units or 1) > 1:
            fixes.append(Fix("use_loss", {"loss": "categorical_crossentropy"},
                             settings={"loss": "categorical_crossentropy"}))
        return fixes
    if code == "regression_needs_linear":
        return [Fix("use_linear", {}, graph=_output_with(config, activation="linear"))]
    if code == "accuracy_regression":
        return [Fix("use_mae", {}, settings={"metrics": ["mae"]})]
    if code == "labels_one_hot_sparse_loss":
        return [Fix("use_loss", {"loss": "categorical_crossentropy"}, settings={"loss": "categorical_crossentropy"})]
    if code == "labels_integer_categorical_loss":
        return [Fix("use_loss", {"loss": "sparse_categorical_crossentropy"},
                    settings={"loss": "sparse_categorical_crossentropy"})]
    return []


def blocking(problems) -> list[SetupProblem]:
    return [p for p in problems if p.blocking]
