"""Split a memory-bound NumPy step over batch slices run in a few threads.

BLAS already uses every core for matrix products, but NumPy's element-wise operations (the
ReLU gradient, pooling, im2col copies, col2im adds, and the optimizers' updates of large
variables: ``Optimizer._update``) run on one core. NumPy releases the GIL
inside those loops, so running disjoint batch slices in threads makes them parallel. They are
memory-bound and OpenBLAS's idle threads spin for a while after each product, so the gain is
well short of 2x on 2 cores (W5 convnet, 2-core machine: about 20.0 → 17.6 ms per batch, sum
of the layers' best times).

Each call writes disjoint slices of preallocated outputs, so results are bit-identical to the
serial code. The number of threads is the engine's thread budget (:func:`..threads.budget`, at
most :data:`MAX_WORKERS`): ``OMP_NUM_THREADS`` / ``OPENBLAS_NUM_THREADS`` when set (so ``=1``
gives serial code), else the cores available, no more than ``fit``'s BLAS thread tuner has in
force (one thread on a busy machine: then this runs serially too). CuPy arrays run serially
(the GPU is already parallel).
"""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

from .. import backend as B
from .. import threads

_POOL: ThreadPoolExecutor | None = None
#: steps touching fewer elements than this per thread run serially (thread hand-off costs ~20 µs)
MIN_WORK = 200_000
#: most threads one step is split over (memory-bound: more would only share the same bandwidth)
MAX_WORKERS = 8


def workers() -> int:
    """Threads used by ``batch_map`` now (1 means serial): ``min(threads.budget(), MAX_WORKERS)``."""
    return min(threads.budget(), MAX_WORKERS)


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
    if _POOL is None:  # sized for the largest budget: its threads start only when first needed
        _POOL = ThreadPoolExecutor(max_workers=MAX_WORKERS - 1, thread_name_prefix="netbuilder-batch")
    bounds = [n * i // k for i in range(k + 1)]
    futures = [_POOL.submit(fn, bounds[i], bounds[i + 1]) for i in range(1, k)]
    fn(bounds[0], bounds[1])  # the calling thread takes the first slice
    for f in futures:
        f.result()
