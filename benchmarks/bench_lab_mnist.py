"""The book's MNIST underfitting lesson on the real data: the table network vs a 1-unit and a 4-unit hidden layer.

    nice .venv/bin/python benchmarks/bench_lab_mnist.py                 # the lesson: 10 epochs, seed 0
    nice .venv/bin/python benchmarks/bench_lab_mnist.py --epochs 3 --save /tmp/lab_mnist

Starts from the MNIST example project (``netbuilder/examples/mnist_dense.nbproj``: Dense 512 relu → Dense 10
softmax, rmsprop, categorical_crossentropy, accuracy, batch 128) with the lesson's settings
(:data:`netbuilder.core.runs.lessons.LESSONS` ``["mnist_underfit"]``: 10 epochs, Keras's ``validation_split=0.2``,
the last 12,000 of the 60,000 training images) over the window's defaults (seed 0, shuffled batches), and
builds the variants with :func:`netbuilder.core.runs.lessons.variants`, as the Lab's "Book lessons" menu does.
Every run is built and fitted by the window's own helpers (:mod:`netbuilder.ui.training.run_setup`, Qt-free),
with the same seed and data. The data is read from the shared local copy (``$NETBUILDER_SHARED_DATASETS``,
else ``../shared/datasets`` beside the repository, or ``--data``); without it the script says so and exits 0.

Prints, per variant: the best validation loss and its epoch, the best validation accuracy and its epoch, the
last epoch's loss, val_loss, accuracy and val_accuracy, the train-validation gap there (val_loss - loss) and the
run's seconds, next to what the lesson says (Chollet, *Deep Learning with Python*, ch. 5: a too-small
representation underfits; the training loss itself stays high). ``--save DIR`` also writes
``DIR/mnist_lessons.nbproj`` with its runs in ``DIR/mnist_lessons.runs/`` (open it to see them in the Lab).
"""

from __future__ import annotations

import argparse
import copy
import json
import os
import shutil
import sys
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, ROOT)

from netbuilder.core.runs import RunRecord, RunStore, describe_changes, lessons, runs_folder  # noqa: E402
from netbuilder.core.runs.effect import final_gap  # noqa: E402

LESSON = lessons.LESSONS["mnist_underfit"]
EXPECT = {
    "table network (512 units)": "learns: both losses fall far, val_accuracy near 0.98",
    "1 unit": "underfits: one number cannot tell ten digits apart; training loss stays high",
    "4 units": "underfits: better than 1 unit, far from the table network",
}


def _data_dir(arg):
    folder = arg or os.environ.get("NETBUILDER_SHARED_DATASETS") or os.path.join(ROOT, "..", "shared", "datasets")
    path = os.path.join(folder, "mnist")
    if os.path.isfile(os.path.join(path, "train-images-idx3-ubyte.gz")) or os.path.isfile(path + ".npz"):
        return path if os.path.isdir(path) else path + ".npz"
    return None


def _project():
    with open(os.path.join(ROOT, "netbuilder", "examples", f"{LESSON.example}.nbproj"), encoding="utf-8") as fh:
        return json.load(fh)


def lesson_settings(project: dict, epochs: int | None, seed: int) -> dict:
    """The settings a lesson run trains with: the window's defaults, the project's, then the lesson's."""
    from netbuilder.ui.training.run_setup import default_settings  # noqa: PLC0415  (Qt-free)

    settings = {**default_settings(), **project["training"], **project["compile"], **LESSON.settings, "seed": seed}
    if epochs is not None:
        settings["epochs"] = int(epochs)
    if isinstance(settings["optimizer"], str):  # the window's form turns "rmsprop" into its config
        settings["optimizer"] = {"class_name": "RMSprop", "config": {"learning_rate": 0.001}}
    return {k: v for k, v in settings.items() if k not in ("validation", "book_result", "book_numbers")}


def train(model_cfg, settings, data):
    """One run as the window trains it: seeded build and compile, then ``fit`` with the run's arguments."""
    from netbuilder.ui.training.run_setup import build_model, fit_kwargs  # noqa: PLC0415

    model = build_model(model_cfg, settings)
    kw = fit_kwargs(settings, len(data.x_train))
    t0 = time.perf_counter()
    h = model.fit(data.x_train, data.y_train, verbose=0, **kw)
    return model, {k: [float(v) for v in vs] for k, vs in h.history.items()}, time.perf_counter() - t0


def summary(history: dict) -> dict:
    """Best val_loss (epoch), best val_accuracy (epoch), last values and the last epoch's train-validation gap."""
    vl, va = history["val_loss"], history.get("val_accuracy") or [float("nan")]
    i = min(range(len(vl)), key=vl.__getitem__)
    j = max(range(len(va)), key=va.__getitem__)
    return {"best_val_loss": vl[i], "best_val_loss_epoch": i + 1, "best_val_acc": va[j], "best_val_acc_epoch": j + 1,
            "last": {k: v[-1] for k, v in history.items()}, "gap": final_gap(history)}


def main(argv=None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--data", help="the shared datasets folder")
    p.add_argument("--epochs", type=int, default=None, help=f"default: the lesson's ({LESSON.settings['epochs']})")
    p.add_argument("--seed", type=int, default=0)
    p.add_argument("--save", help="write mnist_lessons.nbproj and its runs into this folder")
    p.add_argument("--json", help="also write the numbers to this file")
    args = p.parse_args(argv)
    path = _data_dir(args.data)
    if path is None:
        print("MNIST data not found (set NETBUILDER_SHARED_DATASETS or pass --data): skipped")
        return 0
    from netbuilder.core.datasets import cases  # noqa: PLC0415

    data = cases.MNIST.prepare(path=path, input="dense", labels="categorical")
    project = _project()
    base = project["model"]
    settings = lesson_settings(project, args.epochs, args.seed)
    store = None
    if args.save:
        os.makedirs(args.save, exist_ok=True)
        target = os.path.join(args.save, "mnist_lessons.nbproj")
        shutil.copyfile(os.path.join(ROOT, "netbuilder", "examples", f"{LESSON.example}.nbproj"), target)
        shutil.rmtree(runs_folder(target), ignore_errors=True)
        store = RunStore(runs_folder(target))
    n_val = int(round(len(data.x_train) * settings["validation_split"]))
    print(f"MNIST underfitting lesson: {settings['epochs']} epochs, seed {settings['seed']}, batch "
          f"{settings['batch_size']}, validation_split {settings['validation_split']} (the last {n_val} of "
          f"{len(data.x_train)} training images)")
    print(f"{'variant':<26} {'best val_loss':>13} {'best val_acc':>13} {'last loss':>9} {'last val_loss':>13} "
          f"{'last acc':>8} {'last val_acc':>12} {'last gap':>9} {'time':>7}")
    out = {}
    for name, model_cfg in lessons.variants(LESSON.key, base):
        model, history, seconds = train(model_cfg, settings, data)
        s = summary(history)
        last = s["last"]
        out[name] = {**s, "seconds": seconds, "history": history}
        print(f"{name:<26} {s['best_val_loss']:>8.4f} (e{s['best_val_loss_epoch']:<2}) "
              f"{s['best_val_acc']:>8.4f} (e{s['best_val_acc_epoch']:<2}) {last['loss']:>9.4f} "
              f"{last['val_loss']:>13.4f} {last.get('accuracy', float('nan')):>8.4f} "
              f"{last.get('val_accuracy', float('nan')):>12.4f} {s['gap']:>+9.4f} {seconds:>6.1f}s", flush=True)
        if store is not None:
            changes = describe_changes(base, settings, model_cfg, settings) if model_cfg is not base else []
            store.append(RunRecord("", name, copy.deepcopy(model_cfg), settings, history, changes=changes,
                                   seconds=seconds, seed=args.seed, experiment={"kind": "lesson", "lesson": LESSON.key},
                                   data=["mnist", "multiclass", [784], [10]]), model)
    print("\nwhat the lesson expects:")
    for name, text in EXPECT.items():
        print(f"  {name:<26} {text}")
    if args.json:
        with open(args.json, "w", encoding="utf-8") as fh:
            json.dump({"settings": settings, "runs": out}, fh, indent=1)
    return 0


if __name__ == "__main__":
    sys.exit(main())
