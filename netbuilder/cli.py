"""The headless command line: train, fetch datasets, export and summarise without a window.

    netbuilder train PROJECT.nbproj [--epochs N] [--out model.nbm] [--data arrays.npz] [--history h.csv]
                     [--engine netbuilder|keras] [--devices N]
    netbuilder datasets fetch mnist|imdb|reuters|boston|all
    netbuilder datasets import mnist|imdb|reuters|boston PATH [--accept-checksum]
    netbuilder export MODEL.nbm --format onnx|keras|script|nbm -o FILE
    netbuilder summary PROJECT_OR_MODEL

Errors print ``netbuilder: error: ...`` on stderr and exit with status 1 (2 for bad arguments). Most
are one line; a dataset that cannot be downloaded prints the engine's whole message (the file, the
folder it goes into, the mirror variable, and how to hand over a copy you already have), because
offline those lines are the way out. Nothing here imports Qt.

Project files (``.nbproj``, JSON) are read with ``netbuilder.ui.project.load_project`` (Qt-free).
The sections used here: ``model`` (a model config), ``compile`` (``optimizer``, ``loss``,
``metrics``, ``loss_weights``), ``training`` (``epochs``, ``batch_size``, ``validation_split``,
``shuffle``) and ``dataset``, one of ``{"case": "mnist", "prepare": {...}}`` (a tutorial case),
``{"case": "playground", "name": "spirals", "params": {...}}`` or ``{"path": "data.npz" | "data.csv",
"target": ...}`` (relative to the project file). ``--data`` replaces the dataset by an ``.npz``
with ``x``/``y`` or ``x_train``/``y_train``.

``--engine keras`` trains the same model with Keras 3 (``netbuilder.core.keras_engine``: the backend
Keras is set to, JAX by default; ``--devices N`` spreads each batch over N devices with
``keras.distribution.DataParallel``); the saved model, its History and the CSV are the same.
"""

from __future__ import annotations

import argparse
import os
import sys

from netbuilder import __version__

DATASET_NAMES = {"mnist": "mnist", "imdb": "imdb", "reuters": "reuters", "boston": "boston_housing",
                 "boston_housing": "boston_housing", "fashion_mnist": "fashion_mnist"}


class CLIError(Exception):
    """A user-facing failure: printed as one line, exit status 1."""


# ----------------------------------------------------------------------------- helpers
def _load_project(path):
    from netbuilder.ui.project import ProjectError, load_project

    try:
        return load_project(path)
    except ProjectError as exc:
        raise CLIError(str(exc)) from exc


def _model_from_project(project):
    from netbuilder.core.models import model_from_config

    model = model_from_config(project.model)
    cc = project.compile or {}
    if cc:
        model.compile(optimizer=cc.get("optimizer", "rmsprop"), loss=cc.get("loss"),
                      loss_weights=cc.get("loss_weights"), metrics=cc.get("metrics"))
    return model


def _dataset(project, project_path, data_override=None):
    """``(x, y, x_val, y_val)`` for training (validation arrays may be None)."""
    from netbuilder.core import datasets

    if data_override:
        d = datasets.load_arrays(data_override)
        return d.x_train, d.y_train, d.x_test, d.y_test
    spec = dict(project.dataset or {})
    base = os.path.dirname(os.path.abspath(project_path))
    if spec.get("playground") or spec.get("case") == "playground":
        name = spec.get("playground") or spec.get("name")
        x, y = datasets.playground.make(name, **(spec.get("params") or {}))
        return x, y, None, None
    if spec.get("case") or spec.get("name") in datasets.cases.CASES:
        case = datasets.cases.get_case(spec.get("case") or spec["name"])
        prepared = case.prepare(**(spec.get("prepare") or {}), progress=_progress_printer(case.name))
        return prepared.x_train, prepared.y_train, prepared.x_test, prepared.y_test
    if spec.get("path"):
        path = spec["path"] if os.path.isabs(spec["path"]) else os.path.join(base, spec["path"])
        if path.lower().endswith(".csv"):
            d = datasets.load_csv(path, target=spec.get("target"))
        else:
            d = datasets.load_arrays(path)
        return d.x_train, d.y_train, d.x_test, d.y_test
    raise CLIError("the project names no dataset: give --data arrays.npz, or set its dataset in the window")


_open_line = {"stream": None}  # the stream of a progress line not yet ended by a newline


def _end_progress_line() -> None:
    stream, _open_line["stream"] = _open_line["stream"], None
    if stream is not None:
        stream.write("\n")
        stream.flush()


def _progress_printer(label, stream=None):
    stream = stream or sys.stderr
    state = {"last": -1}

    def progress(done, total):
        if total:
            pct = int(100 * done / total)
            if pct != state["last"]:
                state["last"] = pct
                bar = "=" * (pct // 5)
                stream.write(f"\r{label}: [{bar:<20}] {pct:3d}% ({done / 1e6:.1f}/{total / 1e6:.1f} MB)")
                _open_line["stream"] = stream
                if done >= total:
                    _end_progress_line()
                stream.flush()
        else:
            stream.write(f"\r{label}: {done / 1e6:.1f} MB")
            _open_line["stream"] = stream
            stream.flush()
    return progress


def _open_model(path):
    from netbuilder.core.export import load_any

    if not os.path.isfile(path):
        raise CLIError(f"no such file: {path}")
    return load_any(path)


# ----------------------------------------------------------------------------- commands
def _keras_fit(args):
    """``model.fit``'s stand-in for ``--engine keras`` (checked before any data is loaded)."""
    from netbuilder.core import keras_engine

    info = keras_engine.engine_info()
    if not info.available:
        raise CLIError(f"--engine keras: {info.reason}")

    def fit(model, x, y, **kwargs):
        return keras_engine.fit(model, x, y, devices=args.devices, seed=args.seed,
                                log=lambda line: print(line, file=sys.stderr), **kwargs)
    return fit


def cmd_train(args) -> int:
    from netbuilder.core import callbacks, utils

    project = _load_project(args.project)
    training = project.training or {}
    if args.engine is None:  # the window's engine choice, when the project carries one
        args.engine = "keras" if training.get("engine") == "keras" else "netbuilder"
    if args.devices is not None and args.engine != "keras":
        raise CLIError("--devices needs --engine keras (netbuilder's own engine runs on one device)")
    fit = _keras_fit(args) if args.engine == "keras" else None
    seed = training.get("seed")
    args.seed = seed if isinstance(seed, int) and not isinstance(seed, bool) and seed >= 0 else None
    if args.seed is not None:
        utils.set_random_seed(args.seed)  # as the window seeds before building
    model = _model_from_project(project)
    if not model.compiled:
        raise CLIError("the project has no training configuration (optimizer and loss): set them in the "
                       "window first")
    x, y, x_val, y_val = _dataset(project, args.project, args.data)
    epochs = args.epochs if args.epochs is not None else int(training.get("epochs", 1))
    saved_batch = training.get("batch_size", 32)
    batch_size = args.batch_size or (len(x) if saved_batch == "all" else int(saved_batch))  # "all": one step an epoch
    out = args.out or os.path.splitext(args.project)[0] + ".nbm"
    history_csv = args.history or os.path.splitext(out)[0] + ".history.csv"
    kwargs = {}
    vs = training.get("validation_split")
    mode = training.get("validation_mode", "split")
    if mode in ("first", "last"):  # the book's IMDB/Reuters protocol: a fixed slice held out, as the window does
        from netbuilder.ui.training.holdout import hold_out

        x, y, kwargs["validation_data"] = hold_out(x, y, mode, int(training.get("validation_samples", 0)))
    elif mode == "kfold":
        print("note: K-fold cross-validation runs in the window; the command line trains once on all the "
              "training samples", file=sys.stderr)
    elif vs:
        kwargs["validation_split"] = float(vs)
    elif x_val is not None and y_val is not None and training.get("validate_on_test", False):
        kwargs["validation_data"] = (x_val, y_val)
    fit = fit or (lambda m, *a, **kw: m.fit(*a, **kw))
    fit(model, x, y, epochs=epochs, batch_size=batch_size, verbose=1, shuffle=bool(training.get("shuffle", True)),
        callbacks=[callbacks.CSVLogger(history_csv)], **kwargs)
    model.save(out)
    print(f"saved {out} (history in {history_csv})")
    return 0


def cmd_datasets(args) -> int:
    from netbuilder.core import datasets

    names = sorted(set(DATASET_NAMES.values()) - {"fashion_mnist"}) if args.name == "all" else [DATASET_NAMES[args.name]]
    for name in names:
        module = getattr(datasets, name)
        module.load_data(progress=_progress_printer(name))
        if hasattr(module, "get_word_index"):
            module.get_word_index(progress=_progress_printer(f"{name} word index"))
        print(f"{name}: ready in {datasets.cache_dir()}")
    return 0


def cmd_import(args) -> int:
    """``datasets import NAME PATH``: check the learner's copy and put it in Keras's cache."""
    from netbuilder.core.datasets import local_copies

    check = local_copies.check_copy(DATASET_NAMES[args.name], args.path)
    shapes = ", ".join(f"{k} {v}" for k, v in check.shapes.items())
    print(f"{args.path}: {shapes}")
    if not check.keras_hash_ok:
        print(f"warning: this is not byte for byte Keras's {check.fname} (its checksum differs: sha256 "
              f"{check.keras_hash if len(check.keras_hash) == 64 else '...'} expected); the arrays have the "
              f"right shapes and values", file=sys.stderr)
        if not args.accept_checksum:
            raise CLIError("add --accept-checksum to use it anyway (netbuilder will use it offline; Keras "
                           "itself would download its own file again)")
    result = local_copies.install_copy(check, accept_mismatch=args.accept_checksum)
    if result.kept:
        print(f"the different file that was there is kept as {result.kept}")
    print(f"{DATASET_NAMES[args.name]}: ready in {result.target}" if result.changed
          else f"{DATASET_NAMES[args.name]}: {result.target} already holds this file")
    return 0


def cmd_export(args) -> int:
    from netbuilder.core.export import export_model

    model = _open_model(args.model)
    written = export_model(model, args.output, format=args.format)
    print("wrote " + ", ".join(written))
    return 0


def cmd_summary(args) -> int:
    path = args.path
    if path.lower().endswith(".nbproj"):
        model = _model_from_project(_load_project(path))
    else:
        model = _open_model(path)
    model.summary()
    return 0


def build_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="netbuilder", description="Build, train and export neural networks. "
                                "Without a command, opens the window.")
    p.add_argument("--version", action="version", version=f"netbuilder {__version__}")
    sub = p.add_subparsers(dest="command", metavar="COMMAND")
    t = sub.add_parser("train", help="train a saved project without the window")
    t.add_argument("project", help="the .nbproj project file")
    t.add_argument("--epochs", type=int, help="number of epochs (default: the project's setting)")
    t.add_argument("--batch-size", type=int, help="batch size (default: the project's setting, else 32)")
    t.add_argument("--out", help="where to save the trained model (.nbm; default beside the project)")
    t.add_argument("--data", help="an .npz with x/y (or x_train/y_train) to train on instead of the "
                   "project's dataset")
    t.add_argument("--history", help="CSV file for the per-epoch History (default beside the model)")
    t.add_argument("--engine", choices=["netbuilder", "keras"],
                   help="who trains: netbuilder's own engine (NumPy/CuPy; the default unless the project's "
                   "training settings choose Keras) or Keras 3 (its backend, "
                   'JAX unless KERAS_BACKEND says otherwise; pip install -e ".[keras]")')
    t.add_argument("--devices", type=int, help="with --engine keras: train on N devices (each batch split "
                   "across them, keras.distribution.DataParallel; default: every device the backend sees)")
    t.set_defaults(func=cmd_train)
    d = sub.add_parser("datasets", help="download the tutorial datasets into Keras's cache")
    dsub = d.add_subparsers(dest="action", metavar="ACTION")
    f = dsub.add_parser("fetch", help="download a dataset")
    f.add_argument("name", choices=["mnist", "imdb", "reuters", "boston", "all"])
    f.set_defaults(func=cmd_datasets)
    i = dsub.add_parser("import", help="check a copy of a dataset file you already have and put it in "
                        "Keras's cache (for MNIST also a folder or .zip of the four IDX files)")
    i.add_argument("name", choices=["mnist", "imdb", "reuters", "boston"])
    i.add_argument("path", help="your copy: mnist.npz, imdb.npz, reuters.npz, boston_housing.npz, or an "
                   "MNIST IDX folder or .zip")
    i.add_argument("--accept-checksum", action="store_true",
                   help="install it even though its checksum differs from Keras's file")
    i.set_defaults(func=cmd_import)
    e = sub.add_parser("export", help="export a trained model to another format")
    e.add_argument("model", help="a .nbm (or .keras) model file")
    e.add_argument("--format", choices=["onnx", "keras", "script", "nbm"], help="default: from -o's suffix")
    e.add_argument("-o", "--output", required=True, help="the file to write")
    e.set_defaults(func=cmd_export)
    s = sub.add_parser("summary", help="print a model's layers, shapes and parameter counts")
    s.add_argument("path", help="a .nbproj project or a .nbm/.keras model")
    s.set_defaults(func=cmd_summary)
    return p


def main(argv=None) -> int:
    """Run the command line; returns the exit status."""
    parser = build_parser()
    args = parser.parse_args(argv)
    if not getattr(args, "func", None):
        parser.print_help()
        return 2
    try:
        return int(args.func(args) or 0)
    except KeyboardInterrupt:
        print("netbuilder: interrupted", file=sys.stderr)
        return 130
    except (CLIError, ValueError, TypeError, KeyError, OSError) as exc:
        _end_progress_line()
        print(f"netbuilder: error: {_error_text(exc)}", file=sys.stderr)
        return 1


def _error_text(exc) -> str:
    """The error for the terminal: its first line, or all of it for a download's ways out."""
    from netbuilder.core.datasets.download import DownloadError

    text = str(exc)
    if not text:
        return type(exc).__name__
    return text if isinstance(exc, DownloadError) else text.splitlines()[0]


if __name__ == "__main__":
    sys.exit(main())
