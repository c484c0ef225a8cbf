"""Seconds per epoch and peak memory of the tutorial's four dense networks, netbuilder vs PyTorch.

    .venv/bin/python benchmarks/bench_dense.py            # all workloads
    .venv/bin/python benchmarks/bench_dense.py W1 W4      # some
    .venv/bin/python benchmarks/bench_dense.py --epochs 5
    .venv/bin/python benchmarks/bench_dense.py W2 W3 --no-sparse   # without compressed inputs
    .venv/bin/python benchmarks/bench_dense.py W1 --serial-update  # optimizer step unsplit (A/B)
    .venv/bin/python benchmarks/bench_dense.py W1 --no-fused       # NumPy code, not the compiled kernels (A/B)
    .venv/bin/python benchmarks/bench_dense.py W1 --breakdown 1    # CPU µs per step by part, 1 BLAS thread

Workloads (synthetic data of the tutorial's shapes, rmsprop, as the book trains them):
  W1 MNIST   784-512-10, softmax + categorical_crossentropy, batch 128, 60,000 rows
  W2 IMDB    10000-16-16-1, sigmoid + binary_crossentropy, batch 512, 15,000 multi-hot rows (1.3 % ones)
  W3 Reuters 10000-64-64-46, softmax + categorical_crossentropy, batch 512, 7,982 multi-hot rows (0.8 %)
  W4 Boston  13-64-64-1, linear + mse, batch 1, 404 rows

Each framework runs in its own subprocess so that peak RSS (ru_maxrss) is its own. Time per
epoch is the median of ``--epochs`` epochs after one warm-up epoch, all in one ``fit`` call
(timed by an epoch callback); the ``nb setup s`` column is the rest of that call, paid once per
``fit`` (data checks, compressing multi-hot inputs). PyTorch is timed only when
``torch`` is importable (a plain eager training loop, the same shapes, RMSprop with Keras's
defaults: rho/alpha 0.9, eps 1e-7). ``SETUPS`` also holds the Keras 3 version of each network;
``bench_peers.py`` times all three, quiet and beside a busy program.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import time

WORKLOADS = {
    "W1": dict(name="MNIST 784-512-10", sizes=[784, 512, 10], out="softmax", n=60000, batch=128, multihot=False),
    "W2": dict(name="IMDB 10000-16-16-1", sizes=[10000, 16, 16, 1], out="sigmoid", n=15000, batch=512,
               multihot=350),
    "W3": dict(name="Reuters 10000-64-64-46", sizes=[10000, 64, 64, 46], out="softmax", n=7982, batch=512,
               multihot=158),
    "W4": dict(name="Boston 13-64-64-1", sizes=[13, 64, 64, 1], out="linear", n=404, batch=1, multihot=False),
}


def make_data(w):
    import numpy as np

    rs = np.random.default_rng(0)
    n, d, k = w["n"], w["sizes"][0], w["sizes"][-1]
    if w["multihot"]:
        # ``multihot`` Zipf-like word draws per text (frequent words are the low indices), chosen
        # so the density of ones matches the real data: IMDB 1.30 %, Reuters 0.80 % of 10,000
        x = np.zeros((n, d), "float32")
        idx = np.minimum((rs.pareto(1.0, size=(n, w["multihot"])) * 20).astype(int), d - 1)
        np.put_along_axis(x, idx, 1.0, axis=1)
    else:
        x = rs.random((n, d), dtype="float32")
    if w["out"] == "softmax":
        y = np.eye(k, dtype="float32")[rs.integers(0, k, n)]
    elif w["out"] == "sigmoid":
        y = rs.integers(0, 2, (n, 1)).astype("float32")
    else:
        y = rs.standard_normal((n, 1)).astype("float32") * 9 + 22
    return x, y


def epoch_timer(base, times):
    """A callback instance (``base``: netbuilder's or Keras's ``Callback`` class) that appends each
    epoch's seconds to ``times``."""

    class EpochTimer(base):
        def on_epoch_begin(self, epoch, logs=None):
            self.t0 = time.perf_counter()

        def on_epoch_end(self, epoch, logs=None):
            times.append(time.perf_counter() - self.t0)

    return EpochTimer()


def _loss_and_metrics(w):
    loss = {"softmax": "categorical_crossentropy", "sigmoid": "binary_crossentropy", "linear": "mse"}[w["out"]]
    return loss, (["mae"] if w["out"] == "linear" else ["accuracy"])


def setup_netbuilder(w):
    """``train(epochs) -> [s per epoch]``: one netbuilder ``fit`` call of ``epochs`` epochs on
    ``w``'s network and ``make_data(w)``, timed by an epoch callback."""
    from netbuilder.core import layers, models, sparse, utils
    from netbuilder.core.callbacks import Callback

    sparse.ENABLED = os.environ.get("NB_BENCH_SPARSE", "1") == "1"
    utils.set_random_seed(0)
    x, y = make_data(w)
    sizes = w["sizes"]
    model = models.Sequential()
    model.add(layers.Dense(sizes[1], activation="relu", input_shape=(sizes[0],)))
    for units in sizes[2:-1]:
        model.add(layers.Dense(units, activation="relu"))
    model.add(layers.Dense(sizes[-1], activation=None if w["out"] == "linear" else w["out"]))
    loss, metrics = _loss_and_metrics(w)
    model.compile(optimizer="rmsprop", loss=loss, metrics=metrics)
    if os.environ.get("NB_BENCH_SPLIT_UPDATE", "1") == "0":  # A/B: the optimizer step on one thread
        type(model.optimizer).elementwise_update = False

    def train(epochs, more_callbacks=()):
        times = []
        model.fit(x, y, batch_size=w["batch"], epochs=epochs, verbose=0,
                  callbacks=[epoch_timer(Callback, times), *more_callbacks])
        return times

    return train


def setup_keras(w):
    """The same network, loss and metrics in Keras 3 (``KERAS_BACKEND``, default jax): ``train``
    as in :func:`setup_netbuilder` (Keras's ``fit`` shuffles too; its first epoch compiles)."""
    os.environ.setdefault("KERAS_BACKEND", "jax")
    import keras

    keras.utils.set_random_seed(0)
    x, y = make_data(w)
    sizes = w["sizes"]
    model = keras.Sequential([keras.Input((sizes[0],))]
                             + [keras.layers.Dense(u, activation="relu") for u in sizes[1:-1]]
                             + [keras.layers.Dense(sizes[-1], activation=None if w["out"] == "linear" else w["out"])])
    loss, metrics = _loss_and_metrics(w)
    model.compile(optimizer="rmsprop", loss=loss, metrics=metrics)

    def train(epochs):
        times = []
        model.fit(x, y, batch_size=w["batch"], epochs=epochs, verbose=0,
                  callbacks=[epoch_timer(keras.callbacks.Callback, times)])
        return times

    return train


def setup_torch(w):
    """The same network in a plain PyTorch eager loop (logits + the loss's fused version of the
    output activation), RMSprop with Keras's defaults (lr 1e-3, rho/alpha 0.9, eps 1e-7)."""
    import torch

    torch.manual_seed(0)
    x, y = make_data(w)
    sizes = w["sizes"]
    mods = []
    for a, b in zip(sizes[:-2], sizes[1:-1]):
        mods += [torch.nn.Linear(a, b), torch.nn.ReLU()]
    mods.append(torch.nn.Linear(sizes[-2], sizes[-1]))
    net = torch.nn.Sequential(*mods)
    opt = torch.optim.RMSprop(net.parameters(), lr=0.001, alpha=0.9, eps=1e-7)
    if w["out"] == "softmax":
        crit = torch.nn.CrossEntropyLoss()
        yt = torch.from_numpy(y.argmax(axis=1))
    elif w["out"] == "sigmoid":
        crit = torch.nn.BCEWithLogitsLoss()
        yt = torch.from_numpy(y)
    else:
        crit = torch.nn.MSELoss()
        yt = torch.from_numpy(y)
    return torch_train(net, opt, crit, torch.from_numpy(x), yt, w["batch"])


def torch_train(model, opt, loss_fn, x, y, batch):
    """``train(epochs) -> [seconds per epoch]``: PyTorch's plain eager loop over shuffled batches
    (``x``, ``y`` tensors), as every workload's PyTorch column runs it."""
    import torch

    def train(epochs):
        times = []
        for _ in range(epochs):
            t0 = time.perf_counter()
            perm = torch.randperm(len(x))
            for i in range(0, len(x), batch):
                idx = perm[i:i + batch]
                opt.zero_grad()
                loss = loss_fn(model(x[idx]), y[idx])
                loss.backward()
                opt.step()
            times.append(time.perf_counter() - t0)
        return times

    return train


#: framework -> ``setup(w) -> train(epochs) -> [s per epoch]`` (bench_peers.py runs these too)
SETUPS = {"netbuilder": setup_netbuilder, "keras": setup_keras, "torch": setup_torch}


def run_netbuilder(w, epochs):
    train = setup_netbuilder(w)
    t0 = time.perf_counter()
    times = train(epochs + 1)
    return times[1:], time.perf_counter() - t0 - sum(times)  # the fit call's setup: paid once


def run_torch(w, epochs):
    return setup_torch(w)(epochs + 1)[1:], 0.0


#: the parts of a ``fit`` step timed by ``--breakdown``: (label, module path, class, method)
STEP_PARTS = [("gather batch", "netbuilder.core.models.epoch_iterator", "EpochIterator", "_batch"),
              ("forward", "netbuilder.core.models.functional", "Model", "_forward"),
              ("loss + output grad", "netbuilder.core.models.trainer", "Trainer", "_compute_loss"),
              ("penalties", "netbuilder.core.models.functional", "Model", "_regularization"),
              ("backward", "netbuilder.core.models.functional", "Model", "_backward"),
              ("optimizer", "netbuilder.core.optimizers.base", "Optimizer", "apply"),
              ("loss/metrics logs", "netbuilder.core.models.trainer", "Trainer", "_train_logs"),
              ("callbacks begin", "netbuilder.core.callbacks.base", "CallbackList", "on_train_batch_begin"),
              ("callbacks end", "netbuilder.core.callbacks.base", "CallbackList", "on_train_batch_end")]


def breakdown(key, epochs, blas_threads):
    """Print the main thread's CPU µs per ``fit`` step of ``key`` by part (``STEP_PARTS``; "rest":
    the loop, the step's own lines), at a fixed BLAS thread count (tuner off). Thread CPU time,
    not wall time, so that other programs on the machine change it little; BLAS's helper threads
    are not counted. The epochs after the first are printed one by one."""
    import importlib

    from netbuilder.core import threads
    from netbuilder.core.callbacks import Callback

    spent: dict = {}

    def timed(fn, label):
        def wrapper(*args, **kwargs):
            t0 = time.thread_time_ns()
            try:
                return fn(*args, **kwargs)
            finally:
                spent[label] = spent.get(label, 0) + time.thread_time_ns() - t0
        return wrapper

    for label, module, cls, name in STEP_PARTS:
        owner = getattr(importlib.import_module(module), cls)
        setattr(owner, name, timed(getattr(owner, name), label))
    w = WORKLOADS[key]
    steps = -(-w["n"] // w["batch"])
    epochs_seen = []

    class Epochs(Callback):
        def on_epoch_begin(self, epoch, logs=None):
            spent.clear()
            self.t0 = time.thread_time_ns()

        def on_epoch_end(self, epoch, logs=None):
            epochs_seen.append((time.thread_time_ns() - self.t0, dict(spent)))

    train = setup_netbuilder(w)
    with threads.tuning_off_here(), threads.limited(blas_threads):
        train(epochs + 1, [Epochs()])
    print(f"{key}: main-thread CPU µs per step by part, {blas_threads} BLAS thread(s), {steps} steps/epoch")
    for total, parts in epochs_seen[1:]:
        rest = total - sum(parts.values())
        cells = [f"{label} {parts.get(label, 0) / 1e3 / steps:.1f}" for label, *_ in STEP_PARTS]
        print(f"  total {total / 1e3 / steps:.1f}: " + ", ".join(cells) + f", rest {rest / 1e3 / steps:.1f}")


def child(framework, key, epochs):
    import resource
    import statistics

    w = WORKLOADS[key]
    times, setup = (run_netbuilder if framework == "netbuilder" else run_torch)(w, epochs)
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB -> MiB on Linux
    print(json.dumps({"median": statistics.median(times), "times": times, "setup": setup, "rss_mib": rss}))


def measure(framework, key, epochs):
    out = subprocess.run([sys.executable, __file__, "--child", framework, key, "--epochs", str(epochs)],
                         capture_output=True, text=True, env=dict(os.environ))
    if out.returncode != 0:
        return {"error": out.stderr.strip().splitlines()[-1] if out.stderr.strip() else "failed"}
    return json.loads(out.stdout.strip().splitlines()[-1])


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("workloads", nargs="*", default=list(WORKLOADS))
    ap.add_argument("--epochs", type=int, default=3)
    ap.add_argument("--child", nargs=2, metavar=("FRAMEWORK", "WORKLOAD"))
    ap.add_argument("--breakdown", type=int, metavar="BLAS_THREADS",
                    help="print netbuilder's CPU µs per step by part at this BLAS thread count")
    ap.add_argument("--no-sparse", action="store_true",
                    help="feed multi-hot inputs densely (netbuilder.core.sparse.ENABLED = False)")
    ap.add_argument("--serial-update", action="store_true",
                    help="run the optimizer's element-wise update on one thread (NB_BENCH_SPLIT_UPDATE=0; "
                         "bench_peers.py children read the variable too)")
    ap.add_argument("--no-fused", action="store_true",
                    help="run the optimizers' and layers' NumPy code, not the compiled one-pass kernels "
                         "(NETBUILDER_FUSED=0)")
    args = ap.parse_args()
    if args.no_fused:
        os.environ["NETBUILDER_FUSED"] = "0"
    if args.no_sparse:
        os.environ["NB_BENCH_SPARSE"] = "0"
    if args.serial_update:
        os.environ["NB_BENCH_SPLIT_UPDATE"] = "0"
    if args.child:
        child(args.child[0], args.child[1], args.epochs)
        return
    if args.breakdown:
        for key in args.workloads:
            breakdown(key, args.epochs, args.breakdown)
        return
    try:
        import torch  # noqa: F401

        have_torch = True
    except ImportError:
        have_torch = False
    print(f"{'workload':<26}{'netbuilder s/ep':>16}{'torch s/ep':>12}{'ratio':>8}{'nb RSS MiB':>12}"
          f"{'torch RSS':>11}{'nb setup s':>12}")
    for key in args.workloads:
        w = WORKLOADS[key]
        nb = measure("netbuilder", key, args.epochs)
        th = measure("torch", key, args.epochs) if have_torch else None
        if "error" in nb:
            print(f"{key} {w['name']:<22} netbuilder failed: {nb['error']}")
            continue
        line = f"{key} {w['name']:<23}{nb['median']:>16.3f}"
        if th and "error" not in th:
            line += f"{th['median']:>12.3f}{nb['median'] / th['median']:>8.2f}{nb['rss_mib']:>12.0f}{th['rss_mib']:>11.0f}"
        else:
            line += f"{'-':>12}{'-':>8}{nb['rss_mib']:>12.0f}{'-':>11}"
        print(line + f"{nb['setup']:>12.3f}", flush=True)


if __name__ == "__main__":
    main()
