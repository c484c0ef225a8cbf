"""Seconds per epoch of the MNIST MLP (W1) on a quiet and on a busy machine: netbuilder with the
BLAS thread tuner (``netbuilder/core/threads.py``), without it, and Keras 3 on JAX.

    .venv/bin/python benchmarks/bench_threads.py                 # all conditions, 3 rounds
    .venv/bin/python benchmarks/bench_threads.py --rounds 5 --epochs 3 --conditions quiet numpy
    .venv/bin/python benchmarks/bench_threads.py --choices 10    # what the tuner chooses, 10 fits

This is ``bench_peers.py`` limited to W1 with the contenders netbuilder (tuned),
netbuilder-fixed (tuner off) and keras-jax; any of its options may follow and override these
(``--contenders ... torch netbuilder-1thread``, ``--rows``, ``--json``). See ``bench_peers.py`` for
the conditions (quiet, a pure-Python loop on one core, a 2-thread NumPy matmul loop) and how it times.

``--choices N`` instead runs N fits of one epoch of W1 (``--choice-rows`` rows, 7,680 by default)
in this process, as they come (no load is started: run it on a quiet machine, or beside your own
load), and prints each fit's tuner log (pN probe at N threads, cN chose N, kN kept N), its epoch
time and how many fits chose each count: on a quiet machine every fit should choose every core.
"""

from __future__ import annotations

import argparse
import collections
import os
import sys
import time

import bench_peers


def choices(n: int, rows: int) -> None:
    sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
    import numpy as np

    from netbuilder.core import layers, models, threads, utils

    made = []
    real = threads.tuner_for_fit
    threads.tuner_for_fit = lambda: made.append(real()) or made[-1]
    rng = np.random.default_rng(0)
    x = rng.random((rows, 784), dtype=np.float32)
    y = np.eye(10, dtype=np.float32)[rng.integers(0, 10, rows)]
    utils.set_random_seed(0)
    model = models.Sequential([layers.Input((784,)), layers.Dense(512, activation="relu"),
                               layers.Dense(10, activation="softmax")])
    model.compile(optimizer="rmsprop", loss="categorical_crossentropy", metrics=["accuracy"])
    print(f"{n} fits of W1, {rows} rows, 1 epoch each; {threads.available_cores()} cores; "
          f"load {os.getloadavg()[0]:.2f}", flush=True)
    chosen = collections.Counter()
    for i in range(n):
        t0 = time.perf_counter()
        model.fit(x, y, batch_size=128, epochs=1, verbose=0)
        tuner = made[-1]
        if tuner is None:
            print("no tuner (off, a user's thread count, or one core)")
            return
        picks = [k for action, k in tuner.log if action == "chose"]
        chosen[picks[0] if picks else None] += 1
        print(f"fit {i + 1}: {time.perf_counter() - t0:.2f} s, {' '.join(f'{a[0]}{k}' for a, k in tuner.log)}",
              flush=True)
    print("first choice per fit: " + ", ".join(f"{k} threads ×{c}" for k, c in sorted(chosen.items(), key=str))
          + f"; load {os.getloadavg()[0]:.2f}")


if __name__ == "__main__":
    ap = argparse.ArgumentParser(add_help=False)
    ap.add_argument("--choices", type=int)
    ap.add_argument("--choice-rows", type=int, default=7680)
    known, rest = ap.parse_known_args()
    if known.choices:
        choices(known.choices, known.choice_rows)
    else:
        bench_peers.main(["--workloads", "W1", "--contenders", "netbuilder", "netbuilder-fixed", "keras-jax"] + rest)
