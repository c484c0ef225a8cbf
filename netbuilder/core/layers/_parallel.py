"""Split a memory-bound NumPy step over batch slices run in a few threads.

BLAS already uses every core for matrix products, but NumPy's element-wise operations (the
ReLU gradient, pooling, im2col copies, col2im adds) run on one core. NumPy releases the GIL
inside those loops, so running disjoint batch slices in threads makes them parallel. They are
memory-bound and OpenBLAS's idle threads spin for a while after each product, so the gain is
well short of 2x on 2 cores (W5 convnet, 2-core machine: about 20.0 → 17.6 ms per batch, sum
of the layers' best times).

Each call writes disjoint slices of preallocated outputs, so results are bit-identical to the
serial code. The number of threads follows ``OMP_NUM_THREADS`` / ``OPENBLAS_NUM_THREADS`` when
set (so ``=1`` gives serial code) and the CPU count otherwise; CuPy arrays run serially (the
GPU is already parallel).
"""

from __future__ import annotations

import os
from concurrent.futures import ThreadPoolExecutor

from .. import backend as B

_POOL: ThreadPoolExecutor | None = None
#: steps touching fewer elements than this per thread run serially (thread hand-off costs ~20 µs)
MIN_WORK = 200_000


def workers() -> int:
    """Threads used by ``batch_map`` (1 means serial)."""
    for var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS"):
        value = os.environ.get(var, "")
        if value.isdigit() and int(value) > 0:
            return min(int(value), 8)
    return min(os.cpu_count() or 1, 8)


def batch_map(fn, n: int, work: int) -> None:
    """Call ``fn(start, stop)`` on consecutive slices of ``range(n)`` covering it.

    ``work`` is the number of array elements the whole step touches: small steps run serially
    (``fn(0, n)``), since handing work to a thread costs tens of microseconds.
    """
    global _POOL
    k = min(workers(), n, max(1, work // MIN_WORK))
    if k <= 1 or B.backend() != "numpy":
        fn(0, n)
        return
    if _POOL is None:
        _POOL = ThreadPoolExecutor(max_workers=workers(), thread_name_prefix="netbuilder-batch")
    bounds = [n * i // k for i in range(k + 1)]
    futures = [_POOL.submit(fn, bounds[i], bounds[i + 1]) for i in range(1, k)]
    fn(bounds[0], bounds[1])  # the calling thread takes the first slice
    for f in futures:
        f.result()
