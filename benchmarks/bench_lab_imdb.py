"""The book's IMDB lessons on the real data: original vs smaller vs bigger, vs L2(0.001), vs Dropout(0.5).

    nice .venv/bin/python benchmarks/bench_lab_imdb.py                 # 20 epochs, seed 0
    nice .venv/bin/python benchmarks/bench_lab_imdb.py --epochs 10 --save /tmp/lab_imdb

Starts from the IMDB example project (``netbuilder/examples/imdb_dense.nbproj``: Dense 16 relu → Dense 16
relu → Dense 1 sigmoid, rmsprop, binary_crossentropy, batch 512, the first 10,000 training reviews held
out for validation) and builds the variants with :mod:`netbuilder.core.runs.lessons`, as the Lab's
"Book lessons" menu does; every run has the same seed and data. The data is read from the shared local
copy (``$NETBUILDER_SHARED_DATASETS``, else ``../shared/datasets`` beside the repository, or ``--data``);
without it the script says so and exits 0.

Prints, per variant: the best validation loss and its epoch, the validation loss at the last epoch and the
train-validation gap there, next to what the book describes (Chollet, *Deep Learning with Python*, ch. 4:
the bigger network overfits almost at once, the smaller one later; L2 and dropout keep the validation loss
lower). ``--save DIR`` also writes ``DIR/imdb_lessons.nbproj`` with its runs in ``DIR/imdb_lessons.runs/``
(open it in the window to see the Lab after the lessons).
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

from netbuilder.core import optimizers, utils  # noqa: E402
from netbuilder.core.models import model_from_config  # noqa: E402
from netbuilder.core.runs import RunRecord, RunStore, describe_changes, lessons, runs_folder  # noqa: E402
from netbuilder.core.runs.effect import final_gap  # noqa: E402

BOOK = {
    "original": "overfits after about 4 epochs",
    "smaller (4 units)": "starts to overfit later, and more slowly",
    "bigger (512 units)": "overfits almost at once; validation loss climbs fast",
    "L2(0.001)": "same parameters, less overfitting: validation loss stays lower",
    "Dropout(0.5)": "a clear improvement over the original: validation loss stays lower",
}


def _data_dir(arg):
    folder = arg or os.environ.get("NETBUILDER_SHARED_DATASETS") or os.path.join(ROOT, "..", "shared", "datasets")
    path = os.path.join(folder, "imdb", "imdb.npz")
    return path if os.path.isfile(path) else None


def _project():
    with open(os.path.join(ROOT, "netbuilder", "examples", "imdb_dense.nbproj"), encoding="utf-8") as fh:
        return json.load(fh)


def train(model_cfg, settings, data, seed):
    """One run as the window trains it: seeded build, compile, fit with the first N held out."""
    utils.set_random_seed(seed)
    model = model_from_config(copy.deepcopy(model_cfg))
    model.compile(optimizer=optimizers.get(settings["optimizer"]), loss=settings["loss"],
                  metrics=list(settings["metrics"]))
    n = int(settings["validation_samples"])
    x, y = data.x_train, data.y_train
    t0 = time.perf_counter()
    h = model.fit(x[n:], y[n:], validation_data=(x[:n], y[:n]), epochs=int(settings["epochs"]),
                  batch_size=int(settings["batch_size"]), verbose=0)
    return model, {k: [float(v) for v in vs] for k, vs in h.history.items()}, time.perf_counter() - t0


def main(argv=None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--data", help="the shared datasets folder")
    p.add_argument("--epochs", type=int, default=20)
    p.add_argument("--seed", type=int, default=0)
    p.add_argument("--save", help="write imdb_lessons.nbproj and its runs into this folder")
    args = p.parse_args(argv)
    path = _data_dir(args.data)
    if path is None:
        print("IMDB data not found (set NETBUILDER_SHARED_DATASETS or pass --data): skipped")
        return 0
    from netbuilder.core.datasets import cases  # noqa: PLC0415

    data = cases.IMDB.prepare(path=path, num_words=10000)
    project = _project()
    base = project["model"]
    settings = {**project["training"], **project["compile"], "epochs": args.epochs, "seed": args.seed}
    settings = {k: v for k, v in settings.items() if k not in ("validation", "book_result", "book_numbers")}
    variants = [("original", base)]
    for key in ("imdb_capacity", "imdb_l2", "imdb_dropout"):
        variants += [(n, m) for n, m in lessons.variants(key, base) if n != "original"]
    store = None
    if args.save:
        os.makedirs(args.save, exist_ok=True)
        target = os.path.join(args.save, "imdb_lessons.nbproj")
        shutil.copyfile(os.path.join(ROOT, "netbuilder", "examples", "imdb_dense.nbproj"), target)
        shutil.rmtree(runs_folder(target), ignore_errors=True)
        store = RunStore(runs_folder(target))
    print(f"IMDB lessons: {args.epochs} epochs, seed {args.seed}, batch {settings['batch_size']}, "
          f"validation = first {settings['validation_samples']} training reviews")
    print(f"{'variant':<20} {'best val_loss':>12} {'at epoch':>8} {'last val_loss':>13} {'last gap':>9} "
          f"{'time':>7}  book")
    results = {}
    for name, model_cfg in variants:
        model, history, seconds = train(model_cfg, settings, data, args.seed)
        best = min(range(len(history["val_loss"])), key=history["val_loss"].__getitem__)
        results[name] = history
        print(f"{name:<20} {history['val_loss'][best]:>12.4f} {best + 1:>8} {history['val_loss'][-1]:>13.4f} "
              f"{final_gap(history):>9.4f} {seconds:>6.0f}s  {BOOK[name]}", flush=True)
        if store is not None:
            changes = describe_changes(base, settings, model_cfg, settings) if name != "original" else []
            store.append(RunRecord("", name, model_cfg, settings, history, changes=changes, seconds=seconds,
                                   seed=args.seed, experiment={"kind": "lesson"},
                                   data=["imdb", "binary", [10000], []]), model)
    o = results["original"]["val_loss"]
    print("\nlowest validation loss vs the original's:")
    for name in results:
        if name != "original":
            print(f"  {name:<20} {min(results[name]['val_loss']) - min(o):+.4f}   "
                  f"(at the last epoch: {results[name]['val_loss'][-1] - o[-1]:+.4f})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
