"""Seconds per epoch and peak memory of convolutional (W5) and recurrent (W6) networks,
netbuilder vs PyTorch eager, timed interleaved.

    .venv/bin/python benchmarks/bench_conv_rnn.py                  # every workload
    .venv/bin/python benchmarks/bench_conv_rnn.py W5 --epochs 5
    .venv/bin/python benchmarks/bench_conv_rnn.py W5 --samples 12800   # time 12,800 rows, extrapolate

Workloads (synthetic data of the book's shapes):
  W5 MNIST convnet: (28,28,1) → Conv2D(32,3,relu) → MaxPooling2D(2) → Conv2D(64,3,relu) →
     MaxPooling2D(2) → Conv2D(64,3,relu) → Flatten → Dense(64,relu) → Dense(10,softmax);
     rmsprop, sparse_categorical_crossentropy, batch 64, 60,000 rows, 93,322 parameters.
  W6 the book's IMDB LSTM: Embedding(10000, 32) → LSTM(32) → Dense(1, sigmoid) on word-index
     sequences of length 500; rmsprop, binary_crossentropy, batch 128, 20,000 rows,
     328,353 parameters (torch's LSTM has a second bias: 328,481).

``--threads N`` sets BLAS/OpenMP/torch threads for both frameworks (default: their own).
OpenBLAS's idle threads spin after each product and take the core that netbuilder's batch
threads (``layers/_parallel.py``) want: ``OPENBLAS_THREAD_TIMEOUT=4`` in the environment made
W5 about 15% faster on the shared 2-core test machine (a noisy measurement).

How it times: each framework runs in its own subprocess (so its peak RSS, ``ru_maxrss``, is its
own), builds the model and runs one warm-up epoch, then waits. The parent then asks the
frameworks for one epoch each in turn (netbuilder, torch, netbuilder, torch, ...), so both see
the same machine load; the reported time is the median over ``--epochs`` epochs and the ratio
is netbuilder / PyTorch. With ``--samples N`` an "epoch" is N rows, and seconds per full epoch
are extrapolated linearly (the output says so). PyTorch runs only when ``torch`` is importable:
a plain eager loop with the same layers, RMSprop with Keras's defaults (lr 1e-3, rho/alpha 0.9,
eps 1e-7) and cross-entropy on logits.

``--frameworks netbuilder,netbuilder-numpy`` times netbuilder with and without its compiled one-pass
kernels (``NETBUILDER_FUSED=0``: the optimizers', ReLU's, max pooling's and col2im's NumPy code).
``--frameworks netbuilder,torch,keras`` adds Keras 3 (``KERAS_BACKEND``, default jax);
``bench_peers.py`` times all three, quiet and beside a busy program.

To add a workload: write ``setup(samples) -> (train, info)`` functions per framework
(``train(epochs)`` returns each epoch's seconds) and add an entry to ``WORKLOADS``.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import os
import resource
import statistics
import subprocess
import sys
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


# ----------------------------------------------------------------------------- training loops
# Each workload's ``<wN>_<framework>(samples)`` returns ``(train, info)``: ``train(epochs)`` runs
# that many epochs (one ``fit`` call for netbuilder and Keras) and returns each epoch's seconds.
def _netbuilder_train(model, x, y, batch):
    from bench_dense import epoch_timer
    from netbuilder.core.callbacks import Callback

    def train(epochs):
        times = []
        model.fit(x, y, batch_size=batch, epochs=epochs, verbose=0, callbacks=[epoch_timer(Callback, times)])
        return times

    return train


def _keras():
    os.environ.setdefault("KERAS_BACKEND", "jax")
    import keras

    keras.utils.set_random_seed(0)
    return keras


def _keras_train(keras, model, x, y, batch):
    from bench_dense import epoch_timer

    def train(epochs):
        times = []
        model.fit(x, y, batch_size=batch, epochs=epochs, verbose=0,
                  callbacks=[epoch_timer(keras.callbacks.Callback, times)])
        return times

    return train


def _torch_train(model, opt, loss_fn, x, y, batch):
    from bench_dense import torch_train

    return torch_train(model, opt, loss_fn, x, y, batch)


# ----------------------------------------------------------------------------- W5: convnet
def _w5_data(samples):
    import numpy as np

    rs = np.random.default_rng(0)
    x = rs.random((samples, 28, 28, 1), dtype="float32")
    y = rs.integers(0, 10, samples)
    return x, y


def w5_netbuilder(samples):
    from netbuilder.core import layers, models, utils

    utils.set_random_seed(0)
    x, y = _w5_data(samples)
    model = models.Sequential([
        layers.Input(shape=(28, 28, 1)),
        layers.Conv2D(32, 3, activation="relu"),
        layers.MaxPooling2D(2),
        layers.Conv2D(64, 3, activation="relu"),
        layers.MaxPooling2D(2),
        layers.Conv2D(64, 3, activation="relu"),
        layers.Flatten(),
        layers.Dense(64, activation="relu"),
        layers.Dense(10, activation="softmax"),
    ])
    model.compile(optimizer="rmsprop", loss="sparse_categorical_crossentropy", metrics=["accuracy"])
    return _netbuilder_train(model, x, y, 64), {"params": model.count_params()}


def w5_torch(samples):
    import numpy as np
    import torch
    from torch import nn

    torch.manual_seed(0)
    x_np, y_np = _w5_data(samples)
    x = torch.from_numpy(np.ascontiguousarray(x_np.transpose(0, 3, 1, 2)))  # NCHW, torch's layout
    y = torch.from_numpy(y_np.astype("int64"))
    model = nn.Sequential(
        nn.Conv2d(1, 32, 3), nn.ReLU(), nn.MaxPool2d(2),
        nn.Conv2d(32, 64, 3), nn.ReLU(), nn.MaxPool2d(2),
        nn.Conv2d(64, 64, 3), nn.ReLU(),
        nn.Flatten(), nn.Linear(576, 64), nn.ReLU(), nn.Linear(64, 10))
    opt = torch.optim.RMSprop(model.parameters(), lr=1e-3, alpha=0.9, eps=1e-7)
    return _torch_train(model, opt, nn.CrossEntropyLoss(), x, y, 64), \
        {"params": sum(p.numel() for p in model.parameters())}


def w5_keras(samples):
    """W5 in Keras 3 (``KERAS_BACKEND``, default jax), the same layers in the same NHWC layout."""
    keras = _keras()
    x, y = _w5_data(samples)
    L = keras.layers
    model = keras.Sequential([
        keras.Input((28, 28, 1)),
        L.Conv2D(32, 3, activation="relu"), L.MaxPooling2D(2),
        L.Conv2D(64, 3, activation="relu"), L.MaxPooling2D(2),
        L.Conv2D(64, 3, activation="relu"), L.Flatten(),
        L.Dense(64, activation="relu"), L.Dense(10, activation="softmax")])
    model.compile(optimizer="rmsprop", loss="sparse_categorical_crossentropy", metrics=["accuracy"])
    return _keras_train(keras, model, x, y, 64), {"params": model.count_params()}


# ----------------------------------------------------------------------------- W6: IMDB LSTM
W6_VOCAB, W6_MAXLEN, W6_BATCH = 10000, 500, 128


def _w6_data(samples):
    import numpy as np

    rs = np.random.default_rng(0)
    x = rs.integers(1, W6_VOCAB, (samples, W6_MAXLEN)).astype("int32")  # word indices
    y = rs.integers(0, 2, (samples, 1)).astype("float32")
    return x, y


def w6_netbuilder(samples):
    from netbuilder.core import layers, models, utils

    utils.set_random_seed(0)
    x, y = _w6_data(samples)
    model = models.Sequential([
        layers.Input(shape=(W6_MAXLEN,), dtype="int32"),
        layers.Embedding(W6_VOCAB, 32),
        layers.LSTM(32),
        layers.Dense(1, activation="sigmoid"),
    ])
    model.compile(optimizer="rmsprop", loss="binary_crossentropy", metrics=["accuracy"])
    return _netbuilder_train(model, x, y, W6_BATCH), {"params": model.count_params()}


def w6_torch(samples):
    import torch
    from torch import nn

    torch.manual_seed(0)
    # Flush-to-zero for PyTorch: without it, its BPTT through 500 steps runs into denormal
    # floats (the gradient of early steps vanishes) and becomes several times slower on x86;
    # netbuilder's LSTM drops gradients below 2**-70 of the peak itself (rnn_loop.VanishingGuard).
    torch.set_flush_denormal(True)
    x_np, y_np = _w6_data(samples)
    x = torch.from_numpy(x_np.astype("int64"))
    y = torch.from_numpy(y_np)

    class Net(nn.Module):
        def __init__(self):
            super().__init__()
            self.emb = nn.Embedding(W6_VOCAB, 32)
            self.lstm = nn.LSTM(32, 32, batch_first=True)
            self.out = nn.Linear(32, 1)

        def forward(self, idx):
            _, (h, _) = self.lstm(self.emb(idx))
            return self.out(h[-1])  # logits; the sigmoid is inside the loss

    model = Net()
    opt = torch.optim.RMSprop(model.parameters(), lr=1e-3, alpha=0.9, eps=1e-7)
    # torch's LSTM has two biases (b_ih, b_hh): 256 more parameters than Keras's 328,353
    return _torch_train(model, opt, nn.BCEWithLogitsLoss(), x, y, W6_BATCH), \
        {"params": sum(p.numel() for p in model.parameters())}


def w6_keras(samples):
    """W6 in Keras 3: Embedding(10000, 32) → LSTM(32) → Dense(1, sigmoid), the book's model."""
    keras = _keras()
    x, y = _w6_data(samples)
    model = keras.Sequential([
        keras.Input((W6_MAXLEN,), dtype="int32"),
        keras.layers.Embedding(W6_VOCAB, 32),
        keras.layers.LSTM(32),
        keras.layers.Dense(1, activation="sigmoid")])
    model.compile(optimizer="rmsprop", loss="binary_crossentropy", metrics=["accuracy"])
    return _keras_train(keras, model, x, y, W6_BATCH), {"params": model.count_params()}


WORKLOADS = {
    "W5": {"title": "MNIST convnet, batch 64", "full_samples": 60000,
           "frameworks": {"netbuilder": w5_netbuilder, "netbuilder-numpy": w5_netbuilder, "torch": w5_torch,
                          "keras": w5_keras}},
    "W6": {"title": "IMDB Embedding(10000,32)+LSTM(32)+Dense(1), maxlen 500, batch 128",
           "full_samples": 20000,
           "frameworks": {"netbuilder": w6_netbuilder, "netbuilder-numpy": w6_netbuilder, "torch": w6_torch,
                          "keras": w6_keras}},
}


# ----------------------------------------------------------------------------- child process
def child(workload: str, framework: str, samples: int) -> None:
    """Build, warm up, then run one epoch per ``epoch`` line on stdin; ``quit`` reports RSS."""
    if framework == "torch" and os.environ.get("BENCH_THREADS"):
        import torch

        torch.set_num_threads(int(os.environ["BENCH_THREADS"]))
    t0 = time.perf_counter()
    train, info = WORKLOADS[workload]["frameworks"][framework](samples)

    def run():
        train(1)

    run()  # warm-up epoch
    print(json.dumps({"ready": True, "setup_and_warmup_s": time.perf_counter() - t0, **info}), flush=True)
    for line in sys.stdin:
        cmd = line.strip()
        if cmd == "epoch":
            t = time.perf_counter()
            run()
            print(json.dumps({"epoch_s": time.perf_counter() - t}), flush=True)
        elif cmd == "quit":
            break
    rss_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux
    print(json.dumps({"peak_rss_mb": rss_mb}), flush=True)


class _Child:
    def __init__(self, workload, framework, samples, threads=None):
        env = dict(os.environ, PYTHONPATH=ROOT + os.pathsep + os.environ.get("PYTHONPATH", ""))
        if threads:  # BLAS/OpenMP pools read these at import; torch also gets set_num_threads
            for var in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
                env[var] = str(threads)
            env["BENCH_THREADS"] = str(threads)
        if framework == "netbuilder-numpy":  # the A/B of the compiled one-pass kernels
            env["NETBUILDER_FUSED"] = "0"
        self.framework = framework
        self.proc = subprocess.Popen(
            [sys.executable, os.path.abspath(__file__), "--child", workload, "--framework", framework,
             "--samples", str(samples)], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True,
            env=env, cwd=ROOT)

    def ask(self, cmd=None) -> dict:
        if cmd is not None:
            self.proc.stdin.write(cmd + "\n")
            self.proc.stdin.flush()
        line = self.proc.stdout.readline()
        if not line:
            raise RuntimeError(f"{self.framework} benchmark process died (exit {self.proc.wait()})")
        return json.loads(line)


def bench(workload: str, samples: int | None, epochs: int, frameworks: list[str], threads=None) -> dict:
    spec = WORKLOADS[workload]
    samples = samples or spec["full_samples"]
    scale = spec["full_samples"] / samples
    children = []
    for fw in frameworks:  # set up one at a time so warm-ups do not overlap
        c = _Child(workload, fw, samples, threads)
        c.info = c.ask()
        children.append(c)
    times = {c.framework: [] for c in children}
    for _ in range(epochs):
        for c in children:
            times[c.framework].append(c.ask("epoch")["epoch_s"] * scale)
    result = {"workload": workload, "title": spec["title"], "samples_timed": samples,
              "extrapolated": samples != spec["full_samples"], "frameworks": {}}
    for c in children:
        rss = c.ask("quit")["peak_rss_mb"]
        c.proc.wait()
        result["frameworks"][c.framework] = {
            "median_s_per_epoch": statistics.median(times[c.framework]),
            "epochs_s": times[c.framework], "peak_rss_mb": rss, "params": c.info.get("params")}
    fws = result["frameworks"]
    if "netbuilder" in fws and "torch" in fws:
        ratios = [a / b for a, b in zip(fws["netbuilder"]["epochs_s"], fws["torch"]["epochs_s"])]
        result["ratio_netbuilder_over_torch"] = statistics.median(ratios)
        # the fastest epoch of each is the least disturbed by other load on the machine
        result["ratio_of_best_epochs"] = min(fws["netbuilder"]["epochs_s"]) / min(fws["torch"]["epochs_s"])
    return result


def print_table(results: list[dict]) -> None:
    print(f"{'workload':<9}{'framework':<12}{'s/epoch (median)':>17}{'peak RSS MB':>13}{'params':>9}   "
          "epochs (s)")
    for r in results:
        for fw, d in r["frameworks"].items():
            eps = ", ".join(f"{t:.1f}" for t in d["epochs_s"])
            print(f"{r['workload']:<9}{fw:<12}{d['median_s_per_epoch']:>17.2f}{d['peak_rss_mb']:>13.0f}"
                  f"{d['params']:>9}   {eps}")
        if "ratio_netbuilder_over_torch" in r:
            print(f"{r['workload']:<9}ratio netbuilder/torch (median of per-round ratios): "
                  f"{r['ratio_netbuilder_over_torch']:.2f}; of the best epochs: {r['ratio_of_best_epochs']:.2f}")
        if r["extrapolated"]:
            print(f"{r['workload']:<9}timed on {r['samples_timed']} rows per epoch, extrapolated to the "
                  "full epoch")


def main(argv=None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("workloads", nargs="*", help=f"any of {', '.join(WORKLOADS)} (default: all)")
    ap.add_argument("--epochs", type=int, default=3, help="timed epochs per framework (default 3)")
    ap.add_argument("--samples", type=int, default=None,
                    help="rows per timed epoch (default: the full data set); times are extrapolated")
    ap.add_argument("--frameworks", default="netbuilder,torch")
    ap.add_argument("--threads", type=int, default=None,
                    help="threads for BLAS/OpenMP and torch (default: each library's own default)")
    ap.add_argument("--json", action="store_true", help="print the results as JSON too")
    ap.add_argument("--child", help=argparse.SUPPRESS)
    ap.add_argument("--framework", help=argparse.SUPPRESS)
    args = ap.parse_args(argv)
    if args.child:
        child(args.child, args.framework, args.samples)
        return
    names = args.workloads or list(WORKLOADS)
    unknown = [n for n in names if n not in WORKLOADS]
    if unknown:
        ap.error(f"unknown workload(s) {unknown}; choose from {list(WORKLOADS)}")
    frameworks = [f for f in args.frameworks.split(",") if f]
    if "torch" in frameworks and importlib.util.find_spec("torch") is None:
        print("torch is not importable: timing netbuilder only", file=sys.stderr)
        frameworks.remove("torch")
    results = [bench(n, args.samples, args.epochs, frameworks, args.threads) for n in names]
    print_table(results)
    if args.json:
        print(json.dumps(results, indent=1))


if __name__ == "__main__":
    main()
