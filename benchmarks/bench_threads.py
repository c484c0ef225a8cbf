"""Seconds per epoch of the MNIST MLP (W1) on a quiet and on a busy machine: netbuilder with the
BLAS thread tuner (``netbuilder/core/threads.py``), without it, and Keras 3 on JAX.

    .venv/bin/python benchmarks/bench_threads.py                 # all conditions, 3 rounds
    .venv/bin/python benchmarks/bench_threads.py --rounds 5 --epochs 3 --conditions quiet numpy

This is ``bench_peers.py`` limited to W1 with the contenders netbuilder (tuned),
netbuilder-fixed (tuner off) and keras-jax; any of its options may follow and override these
(``--contenders ... torch``, ``--rows``, ``--json``). See ``bench_peers.py`` for the conditions
(quiet, a pure-Python loop on one core, a 2-thread NumPy matmul loop) and how it times.
"""

from __future__ import annotations

import sys

import bench_peers

if __name__ == "__main__":
    bench_peers.main(["--workloads", "W1", "--contenders", "netbuilder", "netbuilder-fixed", "keras-jax"]
                     + sys.argv[1:])
