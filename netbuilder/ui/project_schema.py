"""What a project file's ``compile``, ``training`` and ``dataset`` sections may hold.

:func:`check_sections` reads the three sections of a parsed ``.nbproj`` and returns them
*normalized* (every value the form will be filled from has the type and range the form takes),
together with a list of :class:`Note`s for values that were well-typed but out of range and were
clamped. A value of the wrong type (``"abc"`` epochs, a ``null`` batch size, NaN, a list where a
name belongs) raises :class:`Refused`, naming the key, the value and what is expected: the caller
turns it into a ``ProjectError`` before the open project is touched.

The ranges are the training form's own (``ui/training/config_panel.py`` builds its spin boxes
from :data:`TRAINING_RANGES` and :data:`HYPER_RANGE`), so a value that passes here is a value the
form can show. Keys this module does not know are kept as data and never applied. Qt-free: the
command line (``netbuilder train project.nbproj``) uses it too.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass

OPTIMIZERS = ("SGD", "RMSprop", "Adam", "AdamW", "Adagrad", "Adadelta", "Adamax", "Nadam", "Lion")
LOSSES = ("categorical_crossentropy", "sparse_categorical_crossentropy", "binary_crossentropy",
          "mean_squared_error", "mean_absolute_error", "huber", "hinge", "kl_divergence")
LOSS_ALIASES = {"mse": "mean_squared_error", "mae": "mean_absolute_error"}
#: ``split``: the last fraction (Keras's ``validation_split``); ``first``/``last``: the first or last
#: ``validation_samples`` training samples (the book holds out IMDB's first 10,000); ``kfold``.
VALIDATION_MODES = ("split", "first", "last", "kfold")

#: (low, high) of the form's integer and fraction fields.
TRAINING_RANGES = {"epochs": (1, 100_000), "batch_size": (1, 1_000_000), "validation_split": (0.0, 0.9),
                   "seed": (0, 2 ** 31 - 1), "patience": (0, 1000), "k_folds": (2, 10),
                   "validation_samples": (1, 10_000_000)}
#: (low, high) of the Dataset panel's preparation fields (``ui/training/dataset_panel.py`` uses them).
DATASET_RANGES = {"num_words": (100, 100_000), "maxlen": (1, 10_000), "samples": (10, 100_000),
                  "noise": (0.0, 5.0)}
#: The input forms each source offers, and the label forms.
DATASET_INPUTS = {"mnist": ("dense", "conv"), "fashion_mnist": ("dense", "conv"),
                  "imdb": ("multi_hot", "sequence"), "reuters": ("multi_hot", "sequence")}
LABEL_FORMS = ("categorical", "sparse")
#: Range of every numeric optimizer hyper-parameter field (the core checks its own tighter ranges).
HYPER_RANGE = (0.0, 1e6)
#: Longest free text kept from a project's sections (descriptions, notes on the book's protocol).
MAX_TEXT = 20_000

#: English phrases for what a key expects; ``ui/i18n/project_errors.py`` holds the same texts for
#: translation (a test keeps the two equal).
EXPECTED = {
    "int_range": "a whole number from {low} to {high}",
    "number_range": "a number from {low} to {high}",
    "bool": "true or false",
    "text": "text",
    "object": "an object {{...}}",
    "choice": "one of {choices}",
    "batch_size": "a whole number from {low} to {high}, or \"all\"",
    "seed": "a whole number from {low} to {high}, or null (a random seed)",
    "early_stopping": "null, or an object with \"patience\" and \"restore_best_weights\"",
    "optimizer": "an optimizer name ({choices}) or an object with \"class_name\" and \"config\"",
    "metrics": "a list of metric names",
    "metric_name": "not a metric netbuilder knows",
    "scalar": "a name, a number, true/false or null",
    "optimizer_value": "a value the optimizer accepts ({reason})",
    "book_numbers": "an object of metric names and numbers of at least 0, such as {{\"accuracy\": 0.978}}",
}


@dataclass
class Expected:
    """What a key takes: a code of :data:`EXPECTED` and its parameters."""

    code: str
    params: dict

    @property
    def english(self) -> str:
        return EXPECTED[self.code].format(**self.params)


class Refused(ValueError):
    """A value of the wrong type: ``key`` (``"training.epochs"``), the value as shown, what is expected."""

    def __init__(self, key: str, value, expected: Expected):
        self.key, self.value, self.expected = key, show(value), expected
        self.cause = None
        super().__init__(f"{key} is {self.value}; expected {expected.english}")


@dataclass
class Note:
    """A value that was changed on the way in: clamped into range (``new`` set) or left out (``new`` None)."""

    key: str
    value: str
    new: str | None
    expected: Expected

    @property
    def english(self) -> str:
        if self.new is None:
            return f"{self.key}: {self.value} was left out ({self.expected.english})"
        return f"{self.key} {self.value} was changed to {self.new} ({self.expected.english})"


def show(value, limit: int = 40) -> str:
    """``value`` as JSON text, cut to ``limit`` characters (hostile files hold megabytes)."""
    try:
        text = json.dumps(value, allow_nan=True, ensure_ascii=False)
    except (TypeError, ValueError, RecursionError):
        text = repr(value)
    return text if len(text) <= limit else text[: limit - 1] + "…"


# ---------------------------------------------------------------------------------------- scalars
def _is_number(v) -> bool:
    return isinstance(v, (int, float)) and not isinstance(v, bool)


def _clamp(key, value, low, high, expected, notes, cast):
    if value < low or value > high:
        new = cast(min(max(value, low), high))
        notes.append(Note(key, show(value), f"{new:g}" if isinstance(new, float) else show(new), expected))
        return new
    return cast(value)


def whole(key, value, low, high, notes, expected=None) -> int:
    """An integer in ``[low, high]``: integral floats (``10.0``) are taken, larger values clamped.
    Refused: bools, text, null, NaN/inf, fractions."""
    expected = expected or Expected("int_range", {"low": low, "high": high})
    if not _is_number(value) or not math.isfinite(value) or value != int(value):
        raise Refused(key, value, expected)
    return _clamp(key, int(value), low, high, expected, notes, int)


def number(key, value, low, high, notes) -> float:
    """A finite number, clamped into ``[low, high]``."""
    expected = Expected("number_range", {"low": f"{low:g}", "high": f"{high:g}"})
    if not _is_number(value) or not math.isfinite(value):
        raise Refused(key, value, expected)
    return _clamp(key, float(value), low, high, expected, notes, float)


def flag(key, value) -> bool:
    if not isinstance(value, bool):
        raise Refused(key, value, Expected("bool", {}))
    return value


def text(key, value) -> str:
    if not isinstance(value, str) or len(value) > MAX_TEXT:
        raise Refused(key, value, Expected("text", {}))
    return value


def choice(key, value, choices, aliases=None) -> str:
    """One of ``choices`` (case-insensitive), or an alias of one."""
    if isinstance(value, str):
        value = (aliases or {}).get(value, value)
        for c in choices:
            if c.lower() == value.lower():
                return c
    raise Refused(key, value, Expected("choice", {"choices": ", ".join(choices)}))


def obj(key, value) -> dict:
    if not isinstance(value, dict):
        raise Refused(key, value, Expected("object", {}))
    return value


# ---------------------------------------------------------------------------------------- sections
def check_training(section: dict, notes: list) -> dict:
    """The ``training`` section with every key the form reads checked and normalized."""
    out = dict(section)
    R = TRAINING_RANGES
    if "epochs" in section:
        out["epochs"] = whole("training.epochs", section["epochs"], *R["epochs"], notes)
    if "batch_size" in section:
        v = section["batch_size"]
        out["batch_size"] = v if v == "all" and isinstance(v, str) else whole(
            "training.batch_size", v, *R["batch_size"], notes,
            Expected("batch_size", dict(zip(("low", "high"), R["batch_size"]))))
    if "validation_split" in section:
        out["validation_split"] = number("training.validation_split", section["validation_split"],
                                         *R["validation_split"], notes)
    if "shuffle" in section:
        out["shuffle"] = flag("training.shuffle", section["shuffle"])
    if "seed" in section and section["seed"] is not None:
        out["seed"] = whole("training.seed", section["seed"], *R["seed"], notes,
                            Expected("seed", dict(zip(("low", "high"), R["seed"]))))
    if "early_stopping" in section:
        out["early_stopping"] = _early_stopping(section["early_stopping"], notes)
    if "validation_mode" in section:
        out["validation_mode"] = choice("training.validation_mode", section["validation_mode"], VALIDATION_MODES)
    for key in ("k_folds", "validation_samples"):
        if key in section:
            out[key] = whole(f"training.{key}", section[key], *R[key], notes)
    if "book_numbers" in section:
        out["book_numbers"] = _book_numbers(section["book_numbers"])
    for key in ("validation", "book_result"):  # the examples' notes on the book's protocol
        if key in section:
            out[key] = text(f"training.{key}", section[key])
    return out


def _book_numbers(value) -> dict:
    """``{"accuracy": 0.978}``: the book's result per log key (``val_*``: validation, else the test set)."""
    key = "training.book_numbers"
    if not isinstance(value, dict) or len(value) > 20:
        raise Refused(key, value, Expected("book_numbers", {}))
    for k, v in value.items():
        if len(k) > 100 or not _is_number(v) or not math.isfinite(v) or v < 0:
            raise Refused(f"{key}.{k}", v, Expected("book_numbers", {}))
    return {k: float(v) for k, v in value.items()}


def _early_stopping(value, notes):
    key = "training.early_stopping"
    if value is None or value is False:
        return None
    if not isinstance(value, dict):
        raise Refused(key, value, Expected("early_stopping", {}))
    out = dict(value)
    if "patience" in value:
        out["patience"] = whole(key + ".patience", value["patience"], *TRAINING_RANGES["patience"], notes)
    if "restore_best_weights" in value:
        out["restore_best_weights"] = flag(key + ".restore_best_weights", value["restore_best_weights"])
    return out


def check_compile(section: dict, notes: list) -> dict:
    """The ``compile`` section: an optimizer the form offers (its hyper-parameters checked by the
    optimizer itself), a loss the form offers, a list of known metric names."""
    out = dict(section)
    if "optimizer" in section:
        out["optimizer"] = _optimizer(section["optimizer"], notes)
    if "loss" in section:  # the file's own spelling ("mse") is kept where the form reads it as is
        loss = choice("compile.loss", section["loss"], LOSSES, LOSS_ALIASES)
        out["loss"] = section["loss"] if section["loss"] in LOSS_ALIASES else loss
    if "metrics" in section:
        out["metrics"] = _metrics(section["metrics"], notes)
    return out


def _optimizer(value, notes):
    from netbuilder.core import optimizers  # noqa: PLC0415 - the engine checks its own ranges

    key = "compile.optimizer"
    expected = Expected("optimizer", {"choices": ", ".join(OPTIMIZERS)})
    if isinstance(value, str):
        choice(key, value, OPTIMIZERS)
        return value  # the form matches names case-insensitively: "rmsprop" stays as the book writes it
    if not isinstance(value, dict) or not isinstance(value.get("class_name"), str):
        raise Refused(key, value, expected)
    name = choice(key + ".class_name", value["class_name"], OPTIMIZERS)
    config = obj(key + ".config", {} if value.get("config") is None else value["config"])
    defaults = optimizers.get(name).get_config()
    clean = {}
    for k, v in config.items():
        if k not in defaults or k == "name":
            continue  # kept as data by the optimizer's own defaults; the form never shows it
        default = defaults[k]
        where = f"{key}.config.{k}"
        if isinstance(default, bool):
            clean[k] = flag(where, v)
        elif v is None and (default is None or k == "weight_decay"):
            clean[k] = None
        elif _is_number(default) or default is None:
            clean[k] = number(where, v, *HYPER_RANGE, notes)
    try:
        optimizers.get({"class_name": name, "config": clean})
    except (ValueError, TypeError) as exc:  # the optimizer refuses a value: name it
        bad = (getattr(exc, "params", None) or {}).get("argument")
        where = f"{key}.config" + (f".{bad}" if bad in clean else "")
        refused = Refused(where, clean[bad] if bad in clean else config,
                          Expected("optimizer_value", {"reason": str(exc)}))
        refused.cause = exc  # the engine's error, which the window renders in its language
        raise refused from None
    return {**value, "class_name": name, "config": {**config, **clean}}


def _metrics(value, notes):
    from netbuilder.core.registry import METRICS  # noqa: PLC0415

    key = "compile.metrics"
    expected = Expected("metrics", {})
    if not isinstance(value, list) or not all(isinstance(m, str) for m in value):
        raise Refused(key, value, expected)
    out = []
    for i, name in enumerate(value):
        if name in ("accuracy", "acc"):
            canonical = "accuracy"
        elif name == "mae":  # the book's spelling, which the form reads as MeanAbsoluteError
            canonical = name
        elif name in METRICS:
            canonical = METRICS.canonical(name)
        else:
            notes.append(Note(f"{key}[{i}]", show(name), None, Expected("metric_name", {})))
            continue
        if canonical not in out:
            out.append(canonical)
    return out


def check_dataset(section: dict, notes: list) -> dict:
    """The ``dataset`` section: names are text, ``prepare``/``params`` objects of plain values.

    What the Dataset panel applies is checked against what it offers: ``case`` (a tutorial case,
    ``"playground"`` with a generator ``name``, or ``"fashion_mnist"``), ``key`` (the panel's own
    name of a source), the input and label forms, and the numbers (clamped into the panel's ranges).
    """
    out = dict(section)
    for key in ("case", "name", "key", "path", "playground"):
        if key in section:
            out[key] = text(f"dataset.{key}", section[key])
    for key in ("prepare", "params"):
        if key in section:
            inner = obj(f"dataset.{key}", section[key])
            for k, v in inner.items():
                if not (v is None or isinstance(v, (str, bool)) or _is_number(v) and math.isfinite(v)) \
                        or isinstance(v, str) and len(v) > MAX_TEXT:
                    raise Refused(f"dataset.{key}.{k}", v, Expected("scalar", {}))
            out[key] = dict(inner)
    kind = _dataset_kind(out)
    if "prepare" in out:
        out["prepare"] = _prepare(out["prepare"], kind, notes)
    if "params" in out:
        out["params"] = _prepare(out["params"], kind, notes, "dataset.params")
    return out


def dataset_sources() -> tuple[tuple, tuple]:
    """``(cases, generators)``: the tutorial cases and the playground generators the panel offers."""
    from netbuilder.core.datasets import cases, playground  # noqa: PLC0415

    return tuple(cases.CASES), tuple(playground.GENERATORS)


def _dataset_kind(section: dict) -> str | None:
    """Which source the section names (``"mnist"``, ``"playground"``, ``"fashion_mnist"``, ``"file"``), or
    None for an empty section; an unknown name is refused. The spellings are the command line's
    (``netbuilder/cli.py``): ``{"case": "playground", "name": ...}`` or ``{"playground": ...}``,
    ``{"case": ...}`` or a case's ``{"name": ...}``, ``{"path": ...}``, and the panel's ``{"key": ...}``."""
    case_names, generators = dataset_sources()
    if "playground" in section and "case" not in section:
        section["playground"] = choice("dataset.playground", section["playground"], generators)
        return "playground"
    if "case" in section:
        case = choice("dataset.case", section["case"], case_names + ("playground", "fashion_mnist"))
        section["case"] = case
        if case == "playground":
            section["name"] = choice("dataset.name", section.get("name"), generators)
        return case
    if section.get("name") in case_names:
        return section["name"]
    if "key" in section:
        keys = tuple(f"case:{c}" for c in case_names) + tuple(f"playground:{g}" for g in generators) + (
            "fashion_mnist", "file")
        key = choice("dataset.key", section["key"], keys)
        section["key"] = key
        return key.split(":", 1)[1] if key.startswith("case:") else key.split(":", 1)[0]
    return "file" if "path" in section else None


def _prepare(values: dict, kind, notes, where="dataset.prepare") -> dict:
    """The preparation options the panel applies, checked (others are kept as data)."""
    out = dict(values)
    R = DATASET_RANGES
    for k, v in values.items():
        key = f"{where}.{k}"
        if k == "input" and kind in DATASET_INPUTS:
            out[k] = choice(key, v, DATASET_INPUTS[kind])
        elif k == "labels" and kind in ("mnist", "fashion_mnist", "reuters", "playground"):
            out[k] = choice(key, v, LABEL_FORMS)
        elif k in ("num_words", "maxlen") and kind in ("imdb", "reuters"):
            out[k] = whole(key, v, *R[k], notes)
        elif k == "standardize" and kind == "boston_housing":
            out[k] = flag(key, v)
        elif k == "samples" and kind == "playground":
            out[k] = whole(key, v, *R[k], notes)
        elif k == "noise" and kind == "playground":
            out[k] = number(key, v, *R[k], notes)
    return out


CHECKS = {"compile": check_compile, "training": check_training, "dataset": check_dataset}


def check_sections(data: dict) -> tuple[dict, list[Note]]:
    """``{"compile": …, "training": …, "dataset": …}`` checked and normalized, and the notes.

    Raises :class:`Refused` for the first value of a wrong type (a missing or ``null`` section
    is an empty one).
    """
    notes: list[Note] = []
    out = {}
    for key, check in CHECKS.items():
        out[key] = check(obj(key, {} if data.get(key) is None else data[key]), notes)
    return out, notes
