"""Seconds per epoch of the same network on netbuilder's engine and on the Keras 3 engine (issue 18).

    .venv/bin/python benchmarks/bench_engines.py                        # W1 and W5, short
    .venv/bin/python benchmarks/bench_engines.py W1 --samples 60000 --epochs 3
    KERAS_BACKEND=jax .venv/bin/python benchmarks/bench_engines.py W5 --devices 2

Workloads (their definitions are ``bench_dense.py``'s W1 and ``bench_conv_rnn.py``'s W5; synthetic
data of the book's shapes, rmsprop):
  W1 MNIST dense 784-512-10, softmax + categorical_crossentropy, batch 128;
  W5 MNIST convnet (Conv2D 32/64/64, MaxPooling2D, Dense 64, Dense 10), sparse_categorical_crossentropy,
     batch 64.

Both engines train the same netbuilder model (``keras_engine.fit`` for Keras: the model goes through
the ``.keras`` export, the weights come back) in one ``fit`` call of ``1 + --epochs`` epochs; an
epoch callback (a netbuilder callback, forwarded by the Keras engine) times each epoch, and the
median after the first (warm-up: Keras compiles its step there) is reported, with the rest of the
call as setup. Each engine runs in its own subprocess. ``--samples`` rows per epoch (default: a
short run, 12,000 rows for W1 and 3,200 for W5); scale by ``60000 / samples`` for a full MNIST epoch.
On a CPU the Keras engine is not expected to win: it exists for GPUs, TPUs and several devices.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
DEFAULT_SAMPLES = {"W1": 12000, "W5": 3200}


def build(workload: str, samples: int):
    """``(model, x, y, batch_size)``: the workload's compiled netbuilder model and data."""
    sys.path.insert(0, HERE)
    from netbuilder.core import layers, models, utils

    utils.set_random_seed(0)
    if workload == "W1":
        import bench_dense

        w = dict(bench_dense.WORKLOADS["W1"], n=samples)
        x, y = bench_dense.make_data(w)
        model = models.Sequential([layers.Input(shape=(784,)), layers.Dense(512, activation="relu"),
                                   layers.Dense(10, activation="softmax")])
        model.compile(optimizer="rmsprop", loss="categorical_crossentropy", metrics=["accuracy"])
        return model, x, y, w["batch"]
    import bench_conv_rnn

    x, y = bench_conv_rnn._w5_data(samples)
    model = models.Sequential([
        layers.Input(shape=(28, 28, 1)),
        layers.Conv2D(32, 3, activation="relu"), layers.MaxPooling2D(2),
        layers.Conv2D(64, 3, activation="relu"), layers.MaxPooling2D(2),
        layers.Conv2D(64, 3, activation="relu"), layers.Flatten(),
        layers.Dense(64, activation="relu"), layers.Dense(10, activation="softmax")])
    model.compile(optimizer="rmsprop", loss="sparse_categorical_crossentropy", metrics=["accuracy"])
    return model, x, y, 64


def child(workload: str, engine: str, samples: int, epochs: int, devices) -> None:
    from netbuilder.core.callbacks import Callback

    model, x, y, batch = build(workload, samples)
    times = []

    class EpochTimer(Callback):
        def on_epoch_begin(self, epoch, logs=None):
            self.t0 = time.perf_counter()

        def on_epoch_end(self, epoch, logs=None):
            times.append(time.perf_counter() - self.t0)

    lines = []
    t0 = time.perf_counter()
    if engine == "keras":
        from netbuilder.core import keras_engine

        keras_engine.fit(model, x, y, batch_size=batch, epochs=epochs + 1, callbacks=[EpochTimer()],
                         devices=devices, log=lines.append)
    else:
        model.fit(x, y, batch_size=batch, epochs=epochs + 1, verbose=0, callbacks=[EpochTimer()])
    total = time.perf_counter() - t0
    print(json.dumps({"median": statistics.median(times[1:]), "warmup": times[0],
                      "setup": total - sum(times), "note": lines[0] if lines else "NumPy"}))


def measure(workload, engine, samples, epochs, devices) -> dict:
    cmd = [sys.executable, os.path.abspath(__file__), workload, "--child", engine, "--samples", str(samples),
           "--epochs", str(epochs)] + (["--devices", str(devices)] if devices else [])
    env = dict(os.environ, PYTHONPATH=ROOT + os.pathsep + os.environ.get("PYTHONPATH", ""))
    env.setdefault("KERAS_BACKEND", "jax")
    out = subprocess.run(cmd, capture_output=True, text=True, env=env, cwd=ROOT)
    if out.returncode != 0:
        return {"error": (out.stderr.strip().splitlines() or ["failed"])[-1]}
    return json.loads(out.stdout.strip().splitlines()[-1])


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("workloads", nargs="*", default=["W1", "W5"], help="W1, W5 (default: both)")
    ap.add_argument("--samples", type=int, help="rows per epoch (default: 12,000 for W1, 3,200 for W5)")
    ap.add_argument("--epochs", type=int, default=2, help="timed epochs after the warm-up one")
    ap.add_argument("--devices", type=int, help="Keras engine: devices (default: all the backend sees)")
    ap.add_argument("--child", metavar="ENGINE", choices=["netbuilder", "keras"])
    args = ap.parse_args()
    unknown = [w for w in args.workloads if w not in DEFAULT_SAMPLES]
    if unknown:
        ap.error(f"unknown workload {unknown[0]!r}: choose W1 or W5")
    if args.child:
        child(args.workloads[0], args.child, args.samples, args.epochs, args.devices)
        return
    print(f"{'workload':<10}{'rows':>7}{'netbuilder s/ep':>17}{'keras s/ep':>12}{'keras/nb':>10}"
          f"{'nb setup s':>12}{'keras setup+warm-up s':>23}  keras ran on")
    for key in args.workloads:
        samples = args.samples or DEFAULT_SAMPLES[key]
        nb = measure(key, "netbuilder", samples, args.epochs, None)
        ke = measure(key, "keras", samples, args.epochs, args.devices)
        if "error" in nb or "error" in ke:
            print(f"{key:<10}{samples:>7}  failed: {nb.get('error') or ke.get('error')}")
            continue
        print(f"{key:<10}{samples:>7}{nb['median']:>17.3f}{ke['median']:>12.3f}{ke['median'] / nb['median']:>10.2f}"
              f"{nb['setup']:>12.2f}{ke['setup'] + ke['warmup']:>23.2f}  {ke['note']}", flush=True)


if __name__ == "__main__":
    main()
