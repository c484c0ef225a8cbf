"""netbuilder: build neural networks visually, train them, watch them learn."""

import os as _os

# OpenBLAS's idle worker threads spin for a while after each matrix product; on a 2-core laptop
# they take the core the next element-wise step (or the GUI thread) needs. A short timeout
# measured ~15 % faster convnet epochs (benchmarks/bench_conv_rnn.py). Takes effect only when
# NumPy is imported after netbuilder, and never overrides a value the user set.
_os.environ.setdefault("OPENBLAS_THREAD_TIMEOUT", "4")

__version__ = "0.1.0"
