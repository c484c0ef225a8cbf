"""Does netbuilder reproduce the tutorial's results on the real data? ("Deep Learning with Python", ch. 2–3)

    .venv/bin/python benchmarks/bench_book_results.py                    # all four cases
    .venv/bin/python benchmarks/bench_book_results.py mnist boston --seeds 0 1 2
    .venv/bin/python benchmarks/bench_book_results.py boston --boston-batch 16

Each case is loaded Keras-exactly from local copies (``$NETBUILDER_SHARED_DATASETS``, else
``../shared/datasets`` beside the repository; or ``--data``), prepared by
``netbuilder.core.datasets.cases``, and trained with the case's preset (the book's network,
optimizer, loss, metric, batch size and epochs):

- MNIST: Dense 512 relu → Dense 10 softmax, rmsprop, categorical_crossentropy, batch 128, 5 epochs;
  test accuracy (book: 97.8%; target ≥ 97.5%).
- IMDB: 16-16-1 on 10,000-word multi-hot vectors, rmsprop, binary_crossentropy, batch 512,
  4 epochs; test accuracy (book: ≈ 88%).
- Reuters: 64-64-46, rmsprop, categorical_crossentropy, batch 512, 9 epochs; test accuracy
  (book: ≈ 78–80%).
- Boston: 64-64-1, rmsprop, mse, metric mae, 4-fold cross-validation on the 404 standardized
  training samples, 100 epochs, batch 1 (``--boston-batch``); mean validation MAE (book: ≈ 2.4,
  target 2.5 ± 0.3).

Prints one line per case and seed, then a summary; ``--json FILE`` also writes the numbers.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, ROOT)

from netbuilder.core.datasets import cases  # noqa: E402
from netbuilder.core.datasets.preprocessing import k_fold_splits  # noqa: E402
from netbuilder.core.utils import set_random_seed  # noqa: E402

TARGETS = {
    "mnist": ("test accuracy", lambda v: v >= 0.975, "≥ 0.975 (book 0.978)"),
    "imdb": ("test accuracy", lambda v: 0.86 <= v <= 0.90, "≈ 0.88"),
    "reuters": ("test accuracy", lambda v: 0.76 <= v <= 0.82, "≈ 0.78–0.80"),
    "boston": ("mean val MAE", lambda v: 2.2 <= v <= 2.8, "2.5 ± 0.3 (book ≈ 2.4)"),
}


def _data_dir(arg):
    folder = arg or os.environ.get("NETBUILDER_SHARED_DATASETS") or os.path.join(ROOT, "..", "shared", "datasets")
    if not os.path.isdir(folder):
        sys.exit(f"no data folder at {folder}: pass --data or set NETBUILDER_SHARED_DATASETS")
    return os.path.abspath(folder)


def _metric(logs, *names):
    for key, value in logs.items():
        if key in names:
            return float(value)
    raise KeyError(f"none of {names} in {sorted(logs)}")


def _train_and_test(case, data, seed):
    preset = case.preset()
    set_random_seed(seed)
    model = preset.build_model()
    model.fit(data.x_train, data.y_train, verbose=0, **preset.fit_kwargs())
    logs = model.evaluate(data.x_test, data.y_test, batch_size=512, verbose=0, return_dict=True)
    return _metric(logs, "accuracy", "acc", "categorical_accuracy", "binary_accuracy")


_PREPARED = {}  # prepared once per case, reused across seeds


def _prepared(name, folder):
    if name not in _PREPARED:
        if name == "mnist":
            _PREPARED[name] = cases.MNIST.prepare(path=os.path.join(folder, "mnist"))
        elif name == "imdb":
            _PREPARED[name] = cases.IMDB.prepare(path=os.path.join(folder, "imdb", "imdb.npz"), num_words=10000)
        else:
            _PREPARED[name] = cases.REUTERS.prepare(path=os.path.join(folder, "reuters", "reuters.npz"),
                                                    num_words=10000)
    return _PREPARED[name]


def run_classifier(name, folder, seed):
    """Train the case's preset on its training set and return the test accuracy."""
    return _train_and_test(cases.get_case(name), _prepared(name, folder), seed)


def run_boston(folder, seed, batch_size=1, epochs=100, k=4):
    """The book's K-fold loop: standardize the training set once, then k models on k folds."""
    data = cases.BOSTON_HOUSING.prepare(path=os.path.join(folder, "boston_housing", "boston_housing.npz"))
    preset = cases.BOSTON_HOUSING.preset()
    scores = []
    for i, (train_idx, val_idx) in enumerate(k_fold_splits(len(data.x_train), k)):
        set_random_seed(seed * 100 + i)
        model = preset.build_model()
        model.fit(data.x_train[train_idx], data.y_train[train_idx], epochs=epochs, batch_size=batch_size,
                  verbose=0)
        logs = model.evaluate(data.x_train[val_idx], data.y_train[val_idx], verbose=0, return_dict=True)
        scores.append(_metric(logs, "mae", "mean_absolute_error"))
    return statistics.mean(scores)


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("cases", nargs="*", help=f"any of {', '.join(TARGETS)} (default: all)")
    parser.add_argument("--seeds", type=int, nargs="+", default=[0])
    parser.add_argument("--data", help="folder of the real datasets (default: ../shared/datasets)")
    parser.add_argument("--boston-batch", type=int, default=1)
    parser.add_argument("--boston-epochs", type=int, default=100)
    parser.add_argument("--json", help="also write the results to this file")
    args = parser.parse_args(argv)
    unknown = [c for c in args.cases if c not in TARGETS]
    if unknown:
        parser.error(f"unknown case(s) {unknown}; choose from {', '.join(TARGETS)}")
    folder = _data_dir(args.data)
    results = {}
    for name in args.cases or list(TARGETS):
        values = []
        for seed in args.seeds:
            start = time.perf_counter()
            if name == "boston":
                value = run_boston(folder, seed, args.boston_batch, args.boston_epochs)
            else:
                value = run_classifier(name, folder, seed)
            elapsed = time.perf_counter() - start
            values.append(value)
            print(f"{name:8s} seed {seed}: {TARGETS[name][0]} = {value:.4f}  ({elapsed:.1f} s)", flush=True)
        label, ok, target = TARGETS[name]
        mean = statistics.mean(values)
        results[name] = {"metric": label, "values": values, "mean": mean, "target": target,
                         "ok": bool(ok(mean))}
        if name == "boston":
            results[name].update(batch_size=args.boston_batch, epochs=args.boston_epochs)
    print("\nsummary (mean over seeds):")
    for name, r in results.items():
        spread = f" ± {statistics.stdev(r['values']):.4f}" if len(r["values"]) > 1 else ""
        print(f"  {name:8s} {r['metric']:14s} {r['mean']:.4f}{spread}   target {r['target']:24s} "
              f"{'OK' if r['ok'] else 'MISSED'}")
    if args.json:
        with open(args.json, "w", encoding="utf-8") as f:
            json.dump(results, f, indent=2)
    return 0 if all(r["ok"] for r in results.values()) else 1


if __name__ == "__main__":
    sys.exit(main())
