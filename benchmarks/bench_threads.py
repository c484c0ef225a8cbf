"""Seconds per epoch of the MNIST MLP (W1) on a quiet and on a busy machine: netbuilder with the
BLAS thread tuner (``netbuilder/core/threads.py``), without it, and Keras 3 on JAX.

    .venv/bin/python benchmarks/bench_threads.py                 # all conditions, 3 rounds
    .venv/bin/python benchmarks/bench_threads.py --rounds 5 --epochs 3 --conditions quiet numpy
    .venv/bin/python benchmarks/bench_threads.py --choices 10    # what the tuner chooses, 10 fits

This is ``bench_peers.py`` limited to W1 with the contenders netbuilder (tuned),
netbuilder-fixed (tuner off) and keras-jax; any of its options may follow and override these
(``--contenders ... torch netbuilder-1thread``, ``--rows``, ``--json``). See ``bench_peers.py`` for
the conditions (quiet, a pure-Python loop on one core, a 2-thread NumPy matmul loop) and how it times.

``--record DIR --busy numpy`` runs W1 (``--choice-rows`` rows, 4 epochs) at a fixed 1 and at 2 BLAS
threads beside the busy program (``quiet``, ``python`` or ``numpy`` as in ``bench_peers``) and keeps
each batch's wall and training-thread CPU seconds in ``DIR/batches_<n>.json``; ``--replay DIR``
feeds those batches, at whatever count the tuner sets, to the tuner of this checkout: its seconds
against every batch at 1 and at 2 threads, how many batches it ran at 2, and its log. The recording
depends on the machine's load; the replay does not, so two tuners compare on the same recording.

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
    from netbuilder.core import threads

    made = []
    real = threads.tuner_for_fit
    threads.tuner_for_fit = lambda: made.append(real()) or made[-1]
    model, x, y = _w1(rows)
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


def _w1(rows: int):
    sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
    import numpy as np

    from netbuilder.core import layers, models, utils

    rng = np.random.default_rng(0)
    x = rng.random((rows, 784), dtype=np.float32)
    y = np.eye(10, dtype=np.float32)[rng.integers(0, 10, rows)]
    utils.set_random_seed(0)
    model = models.Sequential([layers.Input((784,)), layers.Dense(512, activation="relu"),
                               layers.Dense(10, activation="softmax")])
    model.compile(optimizer="rmsprop", loss="categorical_crossentropy", metrics=["accuracy"])
    return model, x, y


def record(folder: str, busy: str, rows: int) -> None:
    """W1 at 1 and at 2 BLAS threads beside ``busy``: each batch's (wall, CPU) seconds to ``folder``."""
    import json

    from netbuilder.core import threads
    from netbuilder.core.callbacks import Callback

    class Batches(Callback):
        def __init__(self):
            super().__init__()
            self.rows = []

        def on_train_batch_begin(self, batch, logs=None):
            self._t, self._c = time.perf_counter(), time.thread_time()

        def on_train_batch_end(self, batch, logs=None):
            self.rows.append((time.perf_counter() - self._t, time.thread_time() - self._c))

    threads.ENABLED = False
    model, x, y = _w1(rows)
    model.fit(x[:1280], y[:1280], batch_size=128, epochs=1, verbose=0)
    os.makedirs(folder, exist_ok=True)
    load = bench_peers.start_load(busy)
    try:
        for n in (1, 2):
            cb = Batches()
            with threads.limited(n):
                model.fit(x, y, batch_size=128, epochs=4, verbose=0, callbacks=[cb])
            with open(os.path.join(folder, f"batches_{n}.json"), "w") as f:
                json.dump(cb.rows, f)
            wall = [w for w, _ in cb.rows]
            print(f"{n} thread(s) beside {busy}: {len(wall)} batches, {sum(wall):.2f} s, CPU/wall "
                  f"{sum(c for _, c in cb.rows) / sum(wall):.2f}; load {os.getloadavg()[0]:.2f}", flush=True)
    finally:
        bench_peers.stop_load(load)


def replay(folder: str, batches: int = 4000) -> None:
    """This checkout's tuner on the batches :func:`record` kept (each count's in turn, from 10 offsets)."""
    import json
    import statistics

    from netbuilder.core import threads

    rec = {}
    for n in (1, 2):
        with open(os.path.join(folder, f"batches_{n}.json")) as f:
            rec[n] = json.load(f)

    class Limiter:
        now = 2

        def current(self):
            return None

        def set(self, n):
            self.now = n

        def restore(self):
            pass

    runs = []
    for offset in range(0, 10 * 37, 37):
        lim, clock, pos, at2 = Limiter(), [0.0, 0.0], {1: offset, 2: offset}, 0
        tuner = threads.ThreadTuner(limiter=lim, clock=lambda: clock[0], cpu_clock=lambda: clock[1],
                                    max_threads=2, budget=threads.Budget())
        tuner.on_train_begin()
        for b in range(batches):
            tuner.on_train_batch_begin(b)
            wall, cpu = rec[lim.now][pos[lim.now] % len(rec[lim.now])]
            pos[lim.now] += 1
            at2 += lim.now == 2
            clock[0] += wall
            clock[1] += cpu
            tuner.on_train_batch_end(b)
        runs.append((clock[0], at2, " ".join(f"{a[0]}{k}" for a, k in tuner.log)))
    fixed = {n: statistics.mean(w for w, _ in rec[n]) * batches for n in (1, 2)}
    total = statistics.median(r[0] for r in runs)
    print(f"replay of {batches} batches ({folder}): tuner {total:.2f} s (median of {len(runs)} offsets), every "
          f"batch at 1 thread {fixed[1]:.2f} s, at 2 {fixed[2]:.2f} s; tuner ÷ best fixed "
          f"{total / min(fixed.values()):.3f}; batches at 2 threads {[r[1] for r in runs]}")
    print(f"  a log: {runs[0][2][:200]}")


if __name__ == "__main__":
    ap = argparse.ArgumentParser(add_help=False)
    ap.add_argument("--choices", type=int)
    ap.add_argument("--choice-rows", type=int, default=7680)
    ap.add_argument("--record")
    ap.add_argument("--busy", default="numpy", choices=list(bench_peers.LOADS))
    ap.add_argument("--replay")
    known, rest = ap.parse_known_args()
    if known.record:
        record(known.record, known.busy, known.choice_rows)
    elif known.replay:
        replay(known.replay)
    elif known.choices:
        choices(known.choices, known.choice_rows)
    else:
        bench_peers.main(["--workloads", "W1", "--contenders", "netbuilder", "netbuilder-fixed", "keras-jax"] + rest)
