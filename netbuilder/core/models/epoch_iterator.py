"""EpochIterator: the batches of one pass over the data, as ``fit``, ``evaluate`` and ``predict`` draw them.

The counterpart of Keras's ``keras/src/trainers/epoch_iterator.py``: the loops only write
``for step, batch in iterator.enumerate_epoch()``; the iterator owns what lies under that line:

- **shuffling**: a fresh permutation of the samples at the start of every epoch, drawn from
  ``utils.rng()`` (so ``utils.set_random_seed`` makes runs repeatable);
- **batch gathering**: consecutive batches of ``batch_size`` rows, the last one partial; shuffled
  rows are copied into buffers reused from step to step (``BatchGatherer``);
- **the compressed multi-hot path**: inputs the model marks as sparse-capable are stored once as
  ``sparse.SparseMatrix`` (NumPy backend), so a batch costs work in proportion to its ones;
- **device placement**: with ``preload`` (``fit``'s training data) the arrays go to the backend
  (CuPy) once; otherwise each batch is copied when drawn (evaluation, predict).
"""

from __future__ import annotations

import math
from typing import NamedTuple

import numpy as np

from .. import backend as B
from .. import sparse, utils
from . import data as D


class Batch(NamedTuple):
    """One batch, as backend arrays: ``x`` one per input ``(b, ...)`` (or a ``SparseMatrix`` row
    block), ``y`` one per output ``(b, ...)`` or None, ``sample_weight`` ``(b,)`` or None."""

    x: list
    y: list | None
    sample_weight: object | None

    @property
    def size(self) -> int:
        """The number of samples ``b`` in the batch (the last batch of an epoch may be short)."""
        return int(self.x[0].shape[0])


def to_backend(data: D.Arrays) -> Batch:
    """All of ``data`` as one batch of backend arrays (NumPy: the same arrays, CuPy: copies on
    the device); ``train_on_batch`` steps on it, ``EpochIterator(preload=True)`` batches it."""
    xs, ys, sw = data
    return Batch([B.asarray(a, dtype=a.dtype) for a in xs],
                 None if ys is None else [B.asarray(a, dtype=a.dtype) for a in ys],
                 None if sw is None else B.asarray(sw))


def compress_inputs(xs: list, sparse_ok) -> list:
    """``xs`` with each input marked in ``sparse_ok`` stored as a ``SparseMatrix`` when
    ``SparseMatrix.from_dense`` finds it sparse enough (NumPy backend, ``sparse.ENABLED``).

    ``sparse_ok``: one bool per input (the model's ``_sparse_inputs()``), or None for no
    compression. Other inputs are returned unchanged.
    """
    if sparse_ok is None or not sparse.ENABLED or B.backend() != "numpy":
        return list(xs)
    out = list(xs)
    for i, ok in enumerate(sparse_ok):
        if ok and not isinstance(out[i], sparse.SparseMatrix):
            compressed = sparse.SparseMatrix.from_dense(out[i])
            if compressed is not None:
                out[i] = compressed
    return out


class EpochIterator:
    """Yields ``(step, Batch)`` for one epoch at a time over checked ``data.Arrays``.

    Args:
        data: ``Arrays(x, y, sample_weight)`` of host arrays (``Model._prepare_arrays``).
        batch_size: rows per batch; the last batch of an epoch holds the remaining
            ``n - (num_batches - 1) * batch_size`` rows.
        shuffle: draw a new permutation of the rows at the start of every epoch (Keras
            ``shuffle=True``); otherwise rows come in order.
        steps_per_epoch: stop an epoch after this many batches (None: all ``num_batches``).
        sparse_inputs: one bool per input saying which inputs may be compressed (see
            ``compress_inputs``); None compresses nothing.
        preload: copy the whole arrays to the backend once (training data, used every epoch);
            otherwise each batch is copied to the backend as it is drawn.
    """

    def __init__(self, data: D.Arrays, batch_size: int = 32, shuffle: bool = False, steps_per_epoch=None,
                 sparse_inputs=None, preload: bool = False):
        self.num_samples = data.num_samples
        self.batch_size = int(batch_size)
        self.shuffle = bool(shuffle)
        self.steps_per_epoch = steps_per_epoch
        self.preload = bool(preload)
        #: batches in a full pass, ``ceil(n / batch_size)`` (``steps_per_epoch`` may stop earlier)
        self.num_batches = math.ceil(self.num_samples / self.batch_size)
        xs, ys, sw = to_backend(data) if preload else data
        self._x = compress_inputs(xs, sparse_inputs)
        self._y = ys
        self._sw = sw
        self._gather = BatchGatherer()
        # on NumPy, B.asarray of a NumPy array of the same dtype is the array itself
        self._copy_batches = not preload and B.backend() != "numpy"

    def enumerate_epoch(self):
        """Yield ``(step, Batch)`` for ``step = 0, 1, ...`` over one epoch.

        The permutation (when shuffling) is drawn when the first batch is requested, so
        callbacks run at ``on_epoch_begin`` before it. Shuffled batches live in reused buffers:
        a batch is valid until the next one is drawn.
        """
        order = None
        if self.shuffle:
            order = utils.rng().permutation(self.num_samples)
            if B.backend() == "cupy":
                order = B.asarray(order)
        for step, idx in enumerate(D.batches(self.num_samples, self.batch_size, order)):
            if self.steps_per_epoch is not None and step >= self.steps_per_epoch:
                return
            yield step, self._batch(idx)

    def _batch(self, idx) -> Batch:
        if isinstance(idx, slice):  # rows in order: views of the stored arrays, nothing copied
            xs = [a[idx] for a in self._x]
            ys = None if self._y is None else [a[idx] for a in self._y]
            sw = None if self._sw is None else self._sw[idx]
        else:  # shuffled rows: copied into buffers reused from step to step
            b, gather = len(idx), self._gather
            xs = [gather(("x", i, b), a, idx) for i, a in enumerate(self._x)]
            ys = None if self._y is None else [gather(("y", i, b), a, idx) for i, a in enumerate(self._y)]
            sw = None if self._sw is None else gather(("w", 0, b), self._sw, idx)
        if self._copy_batches:  # CuPy without preload: each batch goes to the device as drawn
            xs = [a if isinstance(a, sparse.SparseRows) else B.asarray(a, dtype=a.dtype) for a in xs]
            ys = None if ys is None else [B.asarray(a, dtype=a.dtype) for a in ys]
            sw = None if sw is None else B.asarray(sw)
        return Batch(xs, ys, sw)


class BatchGatherer:
    """Copies the rows of a batch into buffers reused from step to step.

    ``a[idx]`` allocates a fresh array every step; for a (512, 10000) multi-hot batch that is 20 MB
    of new memory whose first touch costs page faults on every step. ``np.take(..., out=buffer)``
    writes into the same memory each time. Buffers are overwritten by the next batch, so nothing
    may keep them across steps (layers only keep their inputs until their backward pass).
    ``key`` names the buffer (array and batch length, so the short last batch has its own).
    """

    def __init__(self):
        self._buffers: dict = {}

    def __call__(self, key, a, idx):
        if isinstance(idx, slice) or not isinstance(a, np.ndarray):
            return a[idx]
        shape = (len(idx),) + a.shape[1:]
        buf = self._buffers.get(key)
        if buf is None or buf.shape != shape or buf.dtype != a.dtype:
            buf = np.empty(shape, dtype=a.dtype)
            self._buffers[key] = buf
        # mode='clip' writes straight into ``buf`` (mode='raise' buffers); indices are in range.
        # (Splitting the copy over two threads measured no faster: it is memory-bound.)
        return np.take(a, idx, axis=0, out=buf, mode="clip")
