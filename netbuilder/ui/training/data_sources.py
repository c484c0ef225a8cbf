"""What the dataset picker offers, and turning a choice into :class:`TrainingData` (no widgets here).

Keys: ``playground:<name>`` (generated offline), ``case:<name>`` (the tutorial's four cases,
prepared by :mod:`netbuilder.core.datasets.cases`), ``fashion_mnist``, and ``file`` (CSV/NPZ).
"""

from __future__ import annotations

import os

import numpy as np
from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication

from netbuilder.core.datasets import cases, fashion_mnist, load_arrays, load_csv, playground
from netbuilder.core.datasets.preprocessing import flatten_images, images_with_channel, one_hot

from ..project_schema import DATASET_INPUTS
from .run_setup import TrainingData

#: (key, label) in the order the combo shows them.
CHOICES = [(f"case:{n}", f"{c.title} (tutorial)") for n, c in cases.CASES.items()] + [
    ("fashion_mnist", "Fashion-MNIST")] + [
    (f"playground:{n}", f"Playground: {n.replace('_', ' ')}") for n in playground.GENERATORS] + [
    ("file", "Import CSV/NPZ…")]

#: Names shown for the sources (translated when shown, see ``choice_label``).
NAMES = {
    "MNIST": QT_TRANSLATE_NOOP("DataSources", "MNIST"),
    "IMDB movie reviews": QT_TRANSLATE_NOOP("DataSources", "IMDB movie reviews"),
    "Reuters newswires": QT_TRANSLATE_NOOP("DataSources", "Reuters newswires"),
    "Boston housing prices": QT_TRANSLATE_NOOP("DataSources", "Boston housing prices"),
    "spirals": QT_TRANSLATE_NOOP("DataSources", "spirals"),
    "circles": QT_TRANSLATE_NOOP("DataSources", "circles"),
    "xor": QT_TRANSLATE_NOOP("DataSources", "xor"),
    "gaussian_clusters": QT_TRANSLATE_NOOP("DataSources", "gaussian clusters"),
    "moons": QT_TRANSLATE_NOOP("DataSources", "moons"),
    "regression_1d": QT_TRANSLATE_NOOP("DataSources", "regression 1d"),
    "regression_2d": QT_TRANSLATE_NOOP("DataSources", "regression 2d"),
}


def choice_label(key: str) -> str:
    """The combo's text for source ``key`` in the current language."""
    if key.startswith("case:"):
        title = cases.CASES[key.split(":", 1)[1]].title
        return QCoreApplication.translate("DataSources",
            "{title} (tutorial)").format(title=QCoreApplication.translate("DataSources", NAMES.get(title, title)))
    if key.startswith("playground:"):
        name = key.split(":", 1)[1]
        return QCoreApplication.translate("DataSources", "Playground: {name}").format(
            name=QCoreApplication.translate("DataSources", NAMES[name]) if name in NAMES else name.replace("_", " "))
    if key == "file":
        return QCoreApplication.translate("DataSources", "Import CSV/NPZ…")
    return QCoreApplication.translate("DataSources", "Fashion-MNIST")


#: Which preparation options each kind of source takes (the panel shows only these).
OPTIONS = {
    "mnist": ("input", "labels"), "fashion_mnist": ("input", "labels"),
    "imdb": ("input", "num_words", "maxlen"), "reuters": ("input", "num_words", "maxlen", "labels"),
    "boston_housing": ("standardize",), "playground": ("samples", "noise", "labels"), "file": (),
}


#: The source a project without a dataset section starts from, and the options' starting values.
DEFAULT_KEY = "playground:spirals"
DEFAULT_OPTIONS = {"labels": "categorical", "num_words": 10000, "maxlen": 500, "standardize": True,
                   "samples": 400, "noise": 0.1}


def input_forms(key: str) -> tuple:
    """The input forms source ``key`` offers (``("dense", "conv")`` for MNIST), first the default."""
    return DATASET_INPUTS.get(option_kind(key), ())


def option_names(key: str, options: dict | None = None) -> tuple:
    """The preparation options the panel shows for ``key``: labels only where a source has classes, a
    maximum length only for sequences (``options["input"]``)."""
    names = OPTIONS.get(option_kind(key), ())
    if key.startswith("playground:") and playground.GENERATORS[key.split(":", 1)[1]][1] != "multiclass":
        names = tuple(n for n in names if n != "labels")
    if (options or {}).get("input") == "multi_hot":
        names = tuple(n for n in names if n != "maxlen")
    return names


def from_section(section: dict | None, base=None) -> tuple[str, dict, str | None]:
    """``(key, options, path)`` for a project's ``dataset`` section, as ``project_schema.check_dataset``
    left it (every value it accepts can be applied). An empty section names :data:`DEFAULT_KEY`.
    Options missing from the section take :data:`DEFAULT_OPTIONS` (and the source's first input
    form); a relative ``path`` is taken from ``base`` (the project's folder), as the command line does."""
    d = dict(section or {})
    prepare, params = dict(d.get("prepare") or {}), dict(d.get("params") or {})
    key, path = source_key(d), None
    if key is None:
        key, given = DEFAULT_KEY, {}
    elif key.startswith("case:") or key == "fashion_mnist":
        given = prepare
    else:
        given = {**prepare, **params}
    if key == "file" and d.get("path"):
        path = str(d["path"])
        if base is not None and not os.path.isabs(path):
            path = os.path.join(str(base), path)
    forms = input_forms(key)
    defaults = {**DEFAULT_OPTIONS, **({"input": forms[0]} if forms else {})}
    chosen = {k: given[k] if given.get(k) is not None else defaults[k] for k in option_names(key)}
    return key, {k: chosen[k] for k in option_names(key, chosen)}, path


def source_key(d: dict) -> str | None:
    """The panel's key of the source a (checked) ``dataset`` section names, None when it names none."""
    case = d.get("case")
    if case == "playground" or ("playground" in d and case is None):
        return f"playground:{d.get('name') if case == 'playground' else d['playground']}"
    if case == "fashion_mnist":
        return "fashion_mnist"
    if case in cases.CASES or (case is None and d.get("name") in cases.CASES):
        return f"case:{case or d['name']}"
    if d.get("key"):
        return d["key"]
    return "file" if d.get("path") else None


def to_section(key: str, options: dict, path: str | None = None, previous: dict | None = None, base=None) -> dict:
    """The ``dataset`` section a project saves for source ``key`` with ``options`` (the panel's state).

    When ``previous`` (the section the project was opened with) names the same source, its other keys
    are kept as data (a ``target`` column, a ``seed``), so nothing a file held is lost (``base``: the
    folder its relative path was read from)."""
    o = {k: options[k] for k in option_names(key, options) if k in options}
    if key.startswith("playground:"):
        name = key.split(":", 1)[1]
        out = {"case": "playground", "name": name, "params": {k: o[k] for k in ("samples", "noise") if k in o}}
        if "labels" in o:
            out["prepare"] = {"labels": o["labels"]}
    elif key.startswith("case:"):
        out = {"case": key.split(":", 1)[1], "prepare": o}
    elif key == "file":
        out = {"path": path} if path else {"key": "file"}
    else:
        out = {"key": key, "prepare": o}
    if previous and source_key(previous) == key and (key != "file" or from_section(previous, base)[2] == path):
        merged = {**previous, **out}
        for inner in ("prepare", "params"):
            if isinstance(previous.get(inner), dict) and inner in out:
                merged[inner] = {**previous[inner], **out[inner]}
        if key == "file" and "path" in previous:
            merged["path"] = previous["path"]  # as the file wrote it (relative to the project, say)
        return merged
    return out


def needs_download(key: str) -> bool:
    return key.startswith("case:") or key == "fashion_mnist"


def option_kind(key: str) -> str:
    if key.startswith("case:"):
        return key.split(":", 1)[1]
    return key.split(":", 1)[0]


def load(key: str, options: dict | None = None, progress=None, cancel=None, path=None) -> TrainingData:
    """Load and prepare the dataset ``key`` with ``options`` (may download: ``progress``/``cancel``)."""
    o = dict(options or {})
    if key.startswith("playground:"):
        name = key.split(":", 1)[1]
        _, task, classes = playground.GENERATORS[name]
        x, y = playground.make(name, samples=int(o.get("samples", 400)), noise=float(o.get("noise", 0.1)),
                               seed=int(o.get("seed", 0)))
        if task == "binary":
            y = y.astype("float32")
        elif task == "multiclass" and o.get("labels", "categorical") == "categorical":
            y = one_hot(y, classes)
        (xtr, ytr), (xte, yte) = playground.train_test_split(x, y, 0.2)
        return TrainingData(f"playground:{name}", xtr, ytr, xte, yte, task,
                            {"num_classes": classes, "labels": o.get("labels", "categorical")})
    if key.startswith("case:"):
        case = cases.get_case(key.split(":", 1)[1])
        kw = {k: o[k] for k in OPTIONS[case.name] if k in o}
        if case.name in ("imdb", "reuters") and kw.get("input") == "sequence":
            kw.setdefault("maxlen", 500)
        prepared = case.prepare(progress=progress, cancel=cancel, **kw)
        return TrainingData(key, prepared.x_train, prepared.y_train, prepared.x_test, prepared.y_test, case.task,
                            dict(prepared.info, steps=prepared.steps, case=case.name))
    if key == "fashion_mnist":
        (xtr, ytr), (xte, yte) = fashion_mnist.load_data(progress=progress, cancel=cancel)
        prep = flatten_images if o.get("input", "dense") == "dense" else images_with_channel
        xtr, xte = prep(xtr), prep(xte)
        if o.get("labels", "categorical") == "categorical":
            ytr, yte = one_hot(ytr, 10), one_hot(yte, 10)
        return TrainingData(key, xtr, ytr, xte, yte, "multiclass",
                            {"num_classes": 10, "class_names": fashion_mnist.CLASS_NAMES})
    if key == "file":
        if path is None:
            raise ValueError("Import needs a file path")
        data = load_arrays(path) if str(path).endswith(".npz") else load_csv(path)
        xte, yte = data.x_test, data.y_test
        if xte is None:
            cut = int(len(data.x_train) * 0.8)
            xtr, ytr, xte, yte = data.x_train[:cut], data.y_train[:cut], data.x_train[cut:], data.y_train[cut:]
        else:
            xtr, ytr = data.x_train, data.y_train
        if data.task == "binary":
            ytr, yte = ytr.astype("float32"), yte.astype("float32")
        return TrainingData(f"file:{path}", xtr, ytr, xte, yte, data.task,
                            {"num_classes": data.num_classes, "class_names": data.class_names,
                             "feature_names": data.feature_names})
    raise ValueError(f"unknown dataset key {key!r}")


def shapes_text(d: TrainingData) -> str:
    """``train: (60000, 784) (60000, 10)`` and the same for test, as the tutorial's table shows them."""
    lines = [QCoreApplication.translate("DataSources",
        "train:") + f" {tuple(d.x_train.shape)} {tuple(d.y_train.shape)}"]
    if d.x_test is not None:
        lines.append(QCoreApplication.translate("DataSources",
            "test:") + f"  {tuple(d.x_test.shape)} {tuple(d.y_test.shape)}")
    return "\n".join(lines)


def output_size(d: TrainingData) -> int:
    """Units the output layer needs: classes for one-hot/sparse multiclass, 1 for binary/regression."""
    if d.task == "multiclass":
        if d.y_train.ndim > 1:
            return int(d.y_train.shape[-1])
        return int(d.info.get("num_classes") or int(np.max(d.y_train)) + 1)
    return 1 if d.y_train.ndim == 1 else int(d.y_train.shape[-1])


def shape_fixes(model_config: dict, d: TrainingData) -> list[tuple[str, str, dict]]:
    """``[(code, sentence, new_config)]`` for an input or output layer that does not fit the data."""
    import copy  # noqa: PLC0415

    from netbuilder.core.remedies import output_layer  # noqa: PLC0415

    fixes = []
    layers = model_config["config"]["layers"]
    inputs = [e for e in layers if e["class_name"] == "InputLayer"]
    want_in = tuple(d.x_train.shape[1:])
    if len(inputs) == 1:
        cfg = inputs[0]["config"]
        have = tuple(cfg.get("batch_shape") or cfg.get("batch_input_shape") or (None,))[1:]
        if tuple(have) != want_in:
            new = copy.deepcopy(model_config)
            e = next(x for x in new["config"]["layers"] if x["class_name"] == "InputLayer")
            e["config"].pop("batch_input_shape", None)
            e["config"].pop("shape", None)
            e["config"]["batch_shape"] = [None, *want_in]
            fixes.append(("fix_input", QCoreApplication.translate("DataSources", "Set input to {shape}")
                          .format(shape=want_in), new))
    out = output_layer(model_config)
    units = output_size(d)
    if out is not None and out["class_name"] == "Dense" and out["config"].get("units") != units:
        new = copy.deepcopy(model_config)
        o = output_layer(new)
        o["config"]["units"] = units
        fixes.append(("fix_output", QCoreApplication.translate("DataSources", "Set the last Dense to {n} units")
                      .format(n=units), new))
    return fixes
