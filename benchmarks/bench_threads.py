"""Seconds per epoch of the MNIST MLP (W1) on a quiet and on a busy machine: netbuilder with the
BLAS thread tuner (``netbuilder/core/threads.py``), without it, and Keras 3 on JAX.

    .venv/bin/python benchmarks/bench_threads.py                 # all conditions, 3 rounds
    .venv/bin/python benchmarks/bench_threads.py --rounds 5 --epochs 3 --conditions quiet numpy

Conditions (the load runs in a separate process, started before and stopped after each run):
  quiet    nothing else on purpose (other programs on the machine still count: say so)
  python   a pure-Python loop spinning on one core
  numpy    another NumPy program: a 2-thread 1024x1024 float32 matmul loop

Each round runs every contender once per condition, alternating, in its own subprocess; the table
shows the median over rounds of each run's median epoch time (after one warm-up epoch), and the
tuner's choices of the last run. Data: 60,000 × 784 synthetic rows, 784-512-10, rmsprop, batch 128.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import time

LOADS = {
    "quiet": None,
    "python": "while True: pass",
    "numpy": ("import os; os.environ['OPENBLAS_NUM_THREADS']='2'\n"
              "import numpy as np\na=np.ones((1024,1024),'float32')\nwhile True: a@a"),
}


def data():
    import numpy as np

    rs = np.random.default_rng(0)
    x = rs.random((60000, 784), dtype="float32")
    y = np.eye(10, dtype="float32")[rs.integers(0, 10, 60000)]
    return x, y


def run_netbuilder(epochs, tune):
    from netbuilder.core import layers, models, threads, utils
    from netbuilder.core.callbacks import Callback

    threads.ENABLED = tune
    made = []
    real = threads.tuner_for_fit
    threads.tuner_for_fit = lambda: made.append(real()) or made[-1]
    utils.set_random_seed(0)
    x, y = data()
    model = models.Sequential([layers.Input((784,)), layers.Dense(512, activation="relu"),
                               layers.Dense(10, activation="softmax")])
    model.compile(optimizer="rmsprop", loss="categorical_crossentropy", metrics=["accuracy"])
    times = []

    class Timer(Callback):
        def on_epoch_begin(self, epoch, logs=None):
            self.t0 = time.perf_counter()

        def on_epoch_end(self, epoch, logs=None):
            times.append(time.perf_counter() - self.t0)

    model.fit(x, y, batch_size=128, epochs=epochs + 1, verbose=0, callbacks=[Timer()])
    log = made[-1].log if made and made[-1] is not None else []
    return times[1:], [f"{a[0][0]}{a[1]}" for a in log][-8:]


def run_keras(epochs):
    os.environ.setdefault("KERAS_BACKEND", "jax")
    import keras

    x, y = data()
    model = keras.Sequential([keras.Input((784,)), keras.layers.Dense(512, activation="relu"),
                              keras.layers.Dense(10, activation="softmax")])
    model.compile(optimizer="rmsprop", loss="categorical_crossentropy", metrics=["accuracy"])
    times = []

    class Timer(keras.callbacks.Callback):
        def on_epoch_begin(self, epoch, logs=None):
            self.t0 = time.perf_counter()

        def on_epoch_end(self, epoch, logs=None):
            times.append(time.perf_counter() - self.t0)

    model.fit(x, y, batch_size=128, epochs=epochs + 1, verbose=0, callbacks=[Timer()])
    return times[1:], []


def child(who, epochs):
    if who == "keras":
        times, log = run_keras(epochs)
    else:
        times, log = run_netbuilder(epochs, tune=(who == "tuned"))
    print(json.dumps({"median": statistics.median(times), "log": log}))


def measure(who, condition, epochs):
    load = None
    if LOADS[condition]:
        load = subprocess.Popen([sys.executable, "-c", LOADS[condition]])
        time.sleep(1.0)
    try:
        out = subprocess.run([sys.executable, __file__, "--child", who, "--epochs", str(epochs)],
                             capture_output=True, text=True)
    finally:
        if load is not None:
            load.kill()
            load.wait()
    if out.returncode != 0:
        return {"error": (out.stderr.strip().splitlines() or ["failed"])[-1]}
    return json.loads(out.stdout.strip().splitlines()[-1])


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--epochs", type=int, default=2)
    ap.add_argument("--conditions", nargs="*", default=list(LOADS))
    ap.add_argument("--who", nargs="*", default=["tuned", "fixed", "keras"])
    ap.add_argument("--child")
    args = ap.parse_args()
    if args.child:
        child(args.child, args.epochs)
        return
    results = {(c, w): [] for c in args.conditions for w in args.who}
    logs = {}
    for r in range(args.rounds):
        for c in args.conditions:
            for w in args.who:
                m = measure(w, c, args.epochs)
                if "error" in m:
                    print(f"{w} {c}: {m['error']}", file=sys.stderr)
                    continue
                results[(c, w)].append(m["median"])
                logs[(c, w)] = m["log"]
        print(f"round {r + 1}/{args.rounds} done", file=sys.stderr, flush=True)
    print(f"{'condition':<10}" + "".join(f"{w + ' s/ep':>14}" for w in args.who) + "   tuner's last choices")
    for c in args.conditions:
        row = f"{c:<10}"
        for w in args.who:
            v = results[(c, w)]
            row += f"{statistics.median(v):>14.2f}" if v else f"{'-':>14}"
        print(row + "   " + " ".join(logs.get((c, "tuned"), [])))
    print("(each cell: median over rounds of the run's median epoch; p = probe at n threads, c = chose n)")


if __name__ == "__main__":
    main()
