"""How close the before-Train epoch estimate (``netbuilder.core.cost``) comes to the real epoch.

    .venv/bin/python benchmarks/bench_cost_estimate.py            # W1..W5
    .venv/bin/python benchmarks/bench_cost_estimate.py W1 W5 --epochs 3

For each workload (W1–W4: the tutorial's dense networks of ``bench_dense.py``, with the book's
validation split for W1–W3; W5: the MNIST convnet of ``bench_conv_rnn.py`` on 12,000 rows), a copy
of the compiled model is measured by :func:`netbuilder.core.cost.measure_epoch` (the estimate the
window shows before Train), then the model itself is trained for ``--epochs`` epochs in one ``fit``
and each epoch is timed by a callback (the median is the real epoch). The target is an estimate
within 30 % of the real epoch. The layer counts and the hotspot sentence are printed too.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)

import bench_dense  # noqa: E402  (the dense workloads and their data)


def _dense(key):
    from netbuilder.core import layers, models

    w = bench_dense.WORKLOADS[key]
    x, y = bench_dense.make_data(w)
    sizes = w["sizes"]
    model = models.Sequential([layers.Input(shape=(sizes[0],))])
    for units in sizes[1:-1]:
        model.add(layers.Dense(units, activation="relu"))
    model.add(layers.Dense(sizes[-1], activation=None if w["out"] == "linear" else w["out"]))
    loss = {"softmax": "categorical_crossentropy", "sigmoid": "binary_crossentropy", "linear": "mse"}[w["out"]]
    metrics = ["mae"] if w["out"] == "linear" else ["accuracy"]
    split = 0.0 if key == "W4" else 0.2
    return model, dict(loss=loss, metrics=metrics), x, y, w["batch"], split, w["name"]


def _convnet():
    import numpy as np

    from netbuilder.core import layers, models

    rs = np.random.default_rng(0)
    x = rs.random((12000, 28, 28, 1), dtype="float32")
    y = rs.integers(0, 10, 12000)
    model = models.Sequential([
        layers.Input(shape=(28, 28, 1)), layers.Conv2D(32, 3, activation="relu"), layers.MaxPooling2D(2),
        layers.Conv2D(64, 3, activation="relu"), layers.MaxPooling2D(2), layers.Conv2D(64, 3, activation="relu"),
        layers.Flatten(), layers.Dense(64, activation="relu"), layers.Dense(10, activation="softmax")])
    return (model, dict(loss="sparse_categorical_crossentropy", metrics=["accuracy"]), x, y, 64, 0.2,
            "MNIST convnet (12,000 rows)")


def run(key, epochs):
    from netbuilder.core import cost, utils
    from netbuilder.core.callbacks import Callback
    from netbuilder.core.models import model_from_config, serialize_model

    utils.set_random_seed(0)
    model, comp, x, y, batch, split, title = _convnet() if key == "W5" else _dense(key)
    model.compile(optimizer="rmsprop", **comp)
    n_train = int(len(x) * (1 - split))
    counts = cost.layer_costs(serialize_model(model), batch, "rmsprop")
    copy = model_from_config(serialize_model(model))
    copy.set_weights(model.get_weights())
    copy.compile(optimizer="rmsprop", **comp)
    t0 = time.perf_counter()
    est = cost.measure_epoch(copy, x[:n_train], y[:n_train], batch, epochs=epochs, validation_rows=len(x) - n_train)
    measure_s = time.perf_counter() - t0

    class EpochClock(Callback):
        def __init__(self):
            super().__init__()
            self.times = []

        def on_epoch_begin(self, epoch, logs=None):
            self.t = time.perf_counter()

        def on_epoch_end(self, epoch, logs=None):
            self.times.append(time.perf_counter() - self.t)

    clock = EpochClock()
    model.fit(x, y, batch_size=batch, epochs=epochs, validation_split=split, verbose=0, callbacks=[clock])
    real = statistics.median(clock.times)
    name, feeder, share = counts.hotspot()
    print(f"{key} {title}: {counts.macs / 1e6:.2f} M multiply-adds per sample, {counts.params:,} parameters; "
          f"hotspot {feeder} → {name} holds {share:.0%} of the weights")
    print(f"    estimate {est.epoch_seconds:7.2f} s/epoch ({est.batch_seconds * 1e3:.2f} ms × {est.train_batches} "
          f"batches + {est.val_batch_seconds * 1e3:.2f} ms × {est.val_batches}; measured in {measure_s:.2f} s)  "
          f"real {real:7.2f} s/epoch (median of {epochs})  estimate/real {est.epoch_seconds / real:.2f}")
    return est.epoch_seconds / real


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("workloads", nargs="*", default=["W1", "W2", "W3", "W4", "W5"])
    ap.add_argument("--epochs", type=int, default=3)
    args = ap.parse_args()
    ratios = {k: run(k, args.epochs) for k in args.workloads}
    worst = max(ratios.values(), key=lambda r: abs(r - 1))
    print(f"worst estimate/real: {worst:.2f} (target 0.70–1.30)")


if __name__ == "__main__":
    main()
