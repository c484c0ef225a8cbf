"""Record the History of each tutorial case run as the book runs it, for the fit coach's tests.

    .venv/bin/python benchmarks/record_book_histories.py                 # all four cases
    .venv/bin/python benchmarks/record_book_histories.py imdb reuters --seed 1

Real data from local copies (``$NETBUILDER_SHARED_DATASETS``, else ``../shared/datasets``), the case's
preset (the book's network, optimizer, loss, metric, batch size), and the book's validation:

- MNIST: 5 epochs, batch 128, ``validation_split=0.2`` (the window's default split; the book
  compares with the test set);
- IMDB: 20 epochs, batch 512, the first 10,000 training reviews as validation (ch. 3.4);
- Reuters: 20 epochs, batch 512, the first 1,000 training wires as validation (ch. 3.5);
- Boston: 4-fold cross-validation on the 404 standardized samples, 100 epochs, batch 1, the
  per-epoch mean of the folds' curves (ch. 3.6), as the window's K-fold mode draws it.

Each History is written rounded to 5 significant digits to
``tests/core/fixtures/book_histories/<case>.json`` with the settings that made it.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, ROOT)

from netbuilder.core.datasets import cases  # noqa: E402
from netbuilder.core.datasets.preprocessing import k_fold_splits  # noqa: E402
from netbuilder.core.utils import set_random_seed  # noqa: E402

OUT = os.path.join(ROOT, "tests", "core", "fixtures", "book_histories")
CASES = {"mnist": (5, 128), "imdb": (20, 512), "reuters": (20, 512), "boston": (100, 1)}


def _folder(arg):
    folder = arg or os.environ.get("NETBUILDER_SHARED_DATASETS") or os.path.join(ROOT, "..", "shared", "datasets")
    return os.path.abspath(folder)


def _round(history):
    return {k: [float(f"{float(v):.5g}") for v in vals] for k, vals in history.items()}


def record(name, folder, seed):
    epochs, batch = CASES[name]
    set_random_seed(seed)
    if name == "boston":
        data = cases.BOSTON_HOUSING.prepare(path=os.path.join(folder, "boston_housing", "boston_housing.npz"))
        preset = cases.BOSTON_HOUSING.preset()
        folds = []
        for i, (tr, va) in enumerate(k_fold_splits(len(data.x_train), 4)):
            set_random_seed(seed * 100 + i)
            model = preset.build_model()
            h = model.fit(data.x_train[tr], data.y_train[tr], epochs=epochs, batch_size=batch, verbose=0,
                          validation_data=(data.x_train[va], data.y_train[va]))
            folds.append(h.history)
        keys = folds[0]
        history = {k: [sum(f[k][e] for f in folds) / len(folds) for e in range(epochs)] for k in keys}
        how = "4-fold mean, validation_data = the held-out fold"
    else:
        if name == "mnist":
            data = cases.MNIST.prepare(path=os.path.join(folder, "mnist"))
            kw, how = {"validation_split": 0.2}, "validation_split=0.2"
        else:
            case = cases.IMDB if name == "imdb" else cases.REUTERS
            fname = "imdb.npz" if name == "imdb" else "reuters.npz"
            data = case.prepare(path=os.path.join(folder, name, fname), num_words=10000)
            n = 10000 if name == "imdb" else 1000
            kw = {"validation_data": (data.x_train[:n], data.y_train[:n])}
            data.x_train, data.y_train = data.x_train[n:], data.y_train[n:]
            how = f"the first {n} training samples as validation_data"
        model = cases.get_case(name).preset().build_model()
        history = model.fit(data.x_train, data.y_train, epochs=epochs, batch_size=batch, verbose=0, **kw).history
    return {"case": name, "epochs": epochs, "batch_size": batch, "seed": seed, "validation": how,
            "history": _round(history)}


def main(argv=None):
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("cases", nargs="*")
    p.add_argument("--seed", type=int, default=0)
    p.add_argument("--data")
    args = p.parse_args(argv)
    os.makedirs(OUT, exist_ok=True)
    for name in args.cases or list(CASES):
        t0 = time.perf_counter()
        rec = record(name, _folder(args.data), args.seed)
        with open(os.path.join(OUT, f"{name}.json"), "w", encoding="utf-8") as f:
            json.dump(rec, f, indent=1)
        print(f"{name}: {time.perf_counter() - t0:.0f} s", {k: v[-1] for k, v in rec["history"].items()}, flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
