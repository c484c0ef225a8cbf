"""Overhead of the training-health callback (``core.introspect.LayerStats``) on W1.

    .venv/bin/python benchmarks/bench_layer_stats.py              # 3 timed epochs each way
    .venv/bin/python benchmarks/bench_layer_stats.py --epochs 5 --rows 60000

W1 is the tutorial's MNIST network as ``bench_dense.py`` defines it: Dense(512, relu) on 784
inputs, Dense(10, softmax), rmsprop, categorical_crossentropy, batch 128, 60,000 rows of
synthetic data of MNIST's shape. The callback gets a 256-row sample batch (the window's choice).

Two measurements, because the machine may be shared and epoch times drift:

* direct: the seconds spent inside the callback's hooks (timed around each call) as a share of
  the epoch time; this is the callback's own cost, insensitive to the neighbours' load;
* A/B: median epoch time with and without the callback, the runs interleaved (off, on, off, on
  ...) after one warm-up epoch each, in one process.

The issue's budget is 5 % of the epoch time.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

from bench_dense import WORKLOADS, make_data  # noqa: E402


def build(seed=0):
    from netbuilder.core import layers, models, utils

    utils.set_random_seed(seed)
    model = models.Sequential([layers.Dense(512, activation="relu", input_shape=(784,)),
                               layers.Dense(10, activation="softmax")])
    model.compile(optimizer="rmsprop", loss="categorical_crossentropy", metrics=["accuracy"])
    return model


class Timed:
    """Wraps a callback and adds up the seconds spent in its hooks."""

    def __init__(self, inner):
        self.inner, self.seconds = inner, 0.0

    def __getattr__(self, name):
        attr = getattr(self.inner, name)
        if not name.startswith("on_"):
            return attr

        def timed(*args, **kwargs):
            t0 = time.perf_counter()
            try:
                return attr(*args, **kwargs)
            finally:
                self.seconds += time.perf_counter() - t0
        return timed


def main(argv=None):
    from netbuilder.core.callbacks import Callback
    from netbuilder.core.introspect import LayerStats

    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--epochs", type=int, default=3, help="timed epochs per configuration")
    ap.add_argument("--rows", type=int, default=WORKLOADS["W1"]["n"])
    args = ap.parse_args(argv)
    w = dict(WORKLOADS["W1"], n=args.rows)
    x, y = make_data(w)

    class EpochTimer(Callback):
        def __init__(self):
            super().__init__()
            self.times = []

        def on_epoch_begin(self, epoch, logs=None):
            self.t0 = time.perf_counter()

        def on_epoch_end(self, epoch, logs=None):
            self.times.append(time.perf_counter() - self.t0)

    model = build()
    off, on, direct = [], [], []
    for _ in range(args.epochs + 1):
        for with_stats in (False, True):
            timer = EpochTimer()
            cbs = [timer]
            stats = None
            if with_stats:
                stats = Timed(LayerStats(sample_x=x[:256]))
                cbs.insert(0, stats)  # the timer's epoch end runs after the callback's
            model.fit(x, y, batch_size=w["batch"], epochs=1, verbose=0, callbacks=cbs)
            (on if with_stats else off).append(timer.times[0])
            if stats is not None:
                direct.append(stats.seconds / timer.times[0])
    off, on, direct = off[1:], on[1:], direct[1:]  # drop the warm-up round
    m_off, m_on = statistics.median(off), statistics.median(on)
    print(f"W1 {w['name']}, {w['n']} rows, batch {w['batch']}, {args.epochs} timed epochs each")
    print(f"  epoch without callback: median {m_off:.3f} s  ({', '.join(f'{t:.3f}' for t in off)})")
    print(f"  epoch with LayerStats:  median {m_on:.3f} s  ({', '.join(f'{t:.3f}' for t in on)})")
    print(f"  A/B overhead: {100 * (m_on - m_off) / m_off:+.2f} % of the epoch")
    print(f"  direct (time in the callback's hooks / epoch): median {100 * statistics.median(direct):.2f} %"
          f"  ({', '.join(f'{100 * d:.2f}' for d in direct)})")


if __name__ == "__main__":
    main()
