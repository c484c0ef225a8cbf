"""Mostly-zero inputs (multi-hot text vectors) kept as row lists, so ``Dense`` skips the zeros.

The tutorial's IMDB and Reuters networks feed ``Dense`` with (n, 10000) multi-hot vectors in
which about 1 % of the entries are 1. A dense batch makes every step copy 512 × 10000 floats and
multiply them, zeros included, twice (forward and kernel gradient). ``fit`` instead converts such
an input once to compressed rows (``SparseMatrix``) and hands the first ``Dense`` layer a
``SparseRows`` batch (training and validation batches alike); the maths is unchanged, only the
zeros are skipped:

    forward        z[i]      = Σ_{j ∈ nz(i)} x[i, j] · kernel[j]          (nnz · units work)
    kernel grad    dK[j]     = Σ_{i : j ∈ nz(i)} x[i, j] · dz[i]          (nnz · units work)

Only the NumPy backend uses this path, and only for a 2-D float input whose density is at most
``MAX_DENSITY`` and whose every consumer is a ``Dense`` layer (see ``Trainer``). Results equal the
dense computation up to float32 summation order.
"""

from __future__ import annotations

import numpy as np

#: above this fraction of non-zero entries a dense BLAS product is as fast as skipping zeros
MAX_DENSITY = 0.03
#: set False to feed every input densely (for comparisons)
ENABLED = True
#: narrower inputs gain nothing worth the conversion
MIN_FEATURES = 1000
_CHUNK_ROWS = 1024
_SAMPLE_ROWS = 64


class _SegmentSum:
    """A precomputed plan for ``out[s] = Σ_{e ∈ segment s} w[e] · table[idx[e]]``.

    Segments are consecutive runs of entries (``seg_ptr`` as in CSR). NumPy has no fast segment
    sum (``add.reduceat`` along axis 0 pays ~100 ns per entry), so each segment is cut into
    chunks of ``chunk`` entries, padded with an index of a zero row: one gather builds a
    ``(chunk, chunks, u)`` block, ``sum(axis=0)`` reduces it at memory speed, and a short
    ``reduceat`` over the ~nnz/chunk chunk sums finishes each segment.
    """

    def __init__(self, idx, seg_ptr, weights, pad, chunk=16):
        c = self.chunk = chunk
        counts = np.diff(seg_ptr)
        chunk_ptr = np.zeros(len(counts) + 1, dtype=np.int64)
        np.cumsum(-(-counts // c), out=chunk_ptr[1:])
        self.n_chunks = int(chunk_ptr[-1])
        pos = np.repeat(chunk_ptr[:-1] * c - seg_ptr[:-1], counts) + np.arange(seg_ptr[-1])
        # entry k of chunk j sits at [k, j]: the gather then yields ``c`` contiguous
        # (chunks, u) slabs and summing them is c long vector adds
        index = np.full((self.n_chunks, c), pad, dtype=np.intp)
        index.reshape(-1)[pos] = idx
        self.index = np.ascontiguousarray(index.T).reshape(-1)
        self.weights = None
        if weights is not None:
            w = np.zeros((self.n_chunks, c), dtype=weights.dtype)
            w.reshape(-1)[pos] = weights
            self.weights = np.ascontiguousarray(w.T)[:, :, None]
        self.nonempty = np.flatnonzero(counts)
        self.chunk_starts = chunk_ptr[:-1][self.nonempty]
        self.n_segments = len(counts)

    def __call__(self, table):
        """``(n_segments, u)`` sums for ``table`` of shape ``(rows, u)``."""
        u = table.shape[1]
        padded = np.empty((table.shape[0] + 1, u), dtype=table.dtype)
        padded[:-1] = table
        padded[-1] = 0
        parts = np.take(padded, self.index, axis=0).reshape(self.chunk, self.n_chunks, u)
        if self.weights is not None:
            parts *= self.weights
        out = np.zeros((self.n_segments, u), dtype=table.dtype)
        if self.n_chunks:
            sums = np.add.reduceat(parts.sum(axis=0), self.chunk_starts, axis=0)
            if self.nonempty.size == self.n_segments:
                out[:] = sums
            else:
                out[self.nonempty] = sums
        return out


class SparseRows:
    """A batch of ``b`` rows in compressed form (CSR): ``shape == (b, d)``.

    Attributes:
        indptr: ``(b + 1,)`` int64, row ``i`` holds entries ``indptr[i]:indptr[i + 1]``.
        indices: ``(nnz,)`` column of each entry (uint16 when ``d <= 65536``, else int32).
        values: ``(nnz,)`` float values, or None when every value is 1 (multi-hot).
    """

    ndim = 2

    def __init__(self, indptr, indices, values, shape):
        self.indptr = indptr
        self.indices = indices
        self.values = values
        self.shape = tuple(shape)
        self._by_row = None
        self._by_column = None

    @property
    def dtype(self):
        return np.dtype(np.float32) if self.values is None else self.values.dtype

    @property
    def nnz(self) -> int:
        return int(self.indptr[-1])

    def rows(self) -> np.ndarray:
        """``(nnz,)`` row of each entry."""
        return np.repeat(np.arange(self.shape[0], dtype=np.intp), np.diff(self.indptr))

    def toarray(self) -> np.ndarray:
        """The dense ``(b, d)`` array."""
        out = np.zeros(self.shape, dtype=self.dtype)
        out[self.rows(), self.indices] = 1.0 if self.values is None else self.values
        return out

    def matmul(self, kernel) -> np.ndarray:
        """``x @ kernel`` for ``kernel`` of shape ``(d, u)``: ``(b, u)``; ``nnz · u`` work."""
        if self._by_row is None:
            self._by_row = _SegmentSum(self.indices, self.indptr, self.values, pad=self.shape[1],
                                       chunk=16)
        return self._by_row(kernel)

    def t_matmul(self, grad) -> np.ndarray:
        """``x.T @ grad`` for ``grad`` of shape ``(b, u)``: ``(d, u)`` (a kernel gradient).

        Entries are grouped by column once per batch (a stable radix sort of the uint16
        columns); each touched column then sums its rows of ``grad``: ``nnz · u`` work instead
        of ``b · d · u``. Columns no row uses get zeros.
        """
        if self._by_column is None:
            order = np.argsort(self.indices, kind="stable")
            cols = self.indices[order]
            new_run = np.empty(cols.size, dtype=bool)
            new_run[:1] = True
            np.not_equal(cols[1:], cols[:-1], out=new_run[1:])
            starts = np.flatnonzero(new_run)
            seg_ptr = np.append(starts, cols.size)
            vals = None if self.values is None else self.values[order]
            # columns are heavy-tailed (a few words in every row, many in one): short chunks
            # waste less padding on the many one-entry columns
            plan = _SegmentSum(self.rows()[order], seg_ptr, vals, pad=self.shape[0], chunk=8)
            self._by_column = (plan, cols[starts].astype(np.intp))
        plan, touched = self._by_column
        out = np.zeros((self.shape[1], grad.shape[1]), dtype=grad.dtype)
        out[touched] = plan(grad)
        return out

    def __matmul__(self, kernel):
        return self.matmul(kernel)

    def __repr__(self):
        return f"SparseRows(shape={self.shape}, nnz={self.nnz})"


class SparseMatrix:
    """A whole ``(n, d)`` data array in compressed rows; ``take(idx)`` gives a batch."""

    def __init__(self, indptr, indices, values, shape):
        self.indptr = indptr
        self.indices = indices
        self.values = values
        self.shape = tuple(shape)

    @property
    def density(self) -> float:
        return int(self.indptr[-1]) / max(1, self.shape[0] * self.shape[1])

    def __getitem__(self, idx) -> SparseRows:
        return self.take(idx)

    def take(self, idx) -> SparseRows:
        """The rows ``idx`` (an index array or a slice) as a ``SparseRows`` batch."""
        if isinstance(idx, slice):
            idx = np.arange(*idx.indices(self.shape[0]))
        starts = self.indptr[idx]
        counts = self.indptr[idx + 1] - starts
        indptr = np.zeros(len(idx) + 1, dtype=np.int64)
        np.cumsum(counts, out=indptr[1:])
        # position of each batch entry in the full arrays: its row's start + its rank in the row
        pos = np.repeat(starts - indptr[:-1], counts) + np.arange(indptr[-1])
        values = None if self.values is None else self.values[pos]
        return SparseRows(indptr, self.indices[pos], values, (len(idx), self.shape[1]))

    @classmethod
    def from_dense(cls, arr: np.ndarray, max_density: float = MAX_DENSITY):
        """Compress ``arr`` (n, d) when at most ``max_density`` of it is non-zero; else None.

        A sample of rows is counted first, so a dense array costs almost nothing; the full pass
        reads the array once in chunks of rows (a reused boolean mask, no n·d temporaries).
        NaN and inf count as non-zero and are kept in ``values`` for the caller to check.
        """
        if arr.ndim != 2 or arr.dtype.kind != "f" or not arr.flags.c_contiguous:
            return None
        n, d = arr.shape
        if n == 0 or d < MIN_FEATURES:
            return None
        sample = np.linspace(0, n - 1, num=min(n, _SAMPLE_ROWS)).astype(np.intp)
        if np.count_nonzero(arr[sample]) > max_density * 1.5 * sample.size * d:
            return None
        budget = int(max_density * n * d)
        mask = np.empty((min(n, _CHUNK_ROWS), d), dtype=bool)
        flat_parts, total = [], 0
        for start in range(0, n, _CHUNK_ROWS):
            chunk = arr[start:start + _CHUNK_ROWS]
            m = mask[:chunk.shape[0]]
            np.not_equal(chunk, 0, out=m)
            flat = np.flatnonzero(m)
            total += flat.size
            if total > budget:
                return None
            flat_parts.append(flat + start * d)
        flat = np.concatenate(flat_parts)
        counts = np.bincount(flat // d, minlength=n)
        indptr = np.zeros(n + 1, dtype=np.int64)
        np.cumsum(counts, out=indptr[1:])
        values = arr.reshape(-1)[flat]
        col_type = np.uint16 if d <= 65536 else np.int32
        indices = (flat % d).astype(col_type)
        if np.all(values == 1):
            values = None
        return cls(indptr, indices, values, (n, d))
