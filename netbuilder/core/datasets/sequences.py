"""The word-index pipeline shared by the IMDB and Reuters loaders, vectorized with NumPy.

Keras builds its sequences with nested Python list comprehensions; this module does the same
steps on one flat int64 array plus the per-sequence lengths, then hands back Python lists of
Python ints, so the results are identical (``==``, same element types) and about 10x faster.

Steps, in Keras's order (see ``shared/keras_datasets.md`` §4–5):

- :func:`offset`: ``[start_char] + [w + index_from ...]`` when ``start_char`` is not None, else
  ``[w + index_from ...]`` when ``index_from`` is truthy, else unchanged.
- :func:`keep_shorter`: keep only sequences with ``len(seq) < maxlen`` (strict; a filter, not a
  truncation, whatever Keras's docstring says).
- :func:`bound_vocabulary`: every ``w`` outside ``skip_top <= w < num_words`` becomes ``oov_char``
  (or is dropped when ``oov_char`` is None); ``num_words`` falsy means the largest index present,
  so that one largest index becomes OOV too (a Keras quirk kept on purpose).
"""

from __future__ import annotations

import itertools

import numpy as np

from ..errors import DataError


class Ragged:
    """Sequences of ints as ``flat`` (int64, all values) and ``lengths`` (int64, one per sequence)."""

    __slots__ = ("flat", "lengths")

    def __init__(self, flat, lengths):
        self.flat = flat
        self.lengths = lengths

    @classmethod
    def from_sequences(cls, seqs) -> "Ragged":
        lengths = np.fromiter((len(s) for s in seqs), dtype=np.int64, count=len(seqs))
        flat = np.fromiter(itertools.chain.from_iterable(seqs), dtype=np.int64, count=int(lengths.sum()))
        return cls(flat, lengths)

    def __len__(self):
        return len(self.lengths)

    def subset(self, keep) -> "Ragged":
        """The sequences where the boolean ``keep`` (one per sequence) is True."""
        return Ragged(self.flat[np.repeat(keep, self.lengths)], self.lengths[keep])

    def concat(self, other) -> "Ragged":
        return Ragged(np.concatenate([self.flat, other.flat]), np.concatenate([self.lengths, other.lengths]))

    def split(self, n):
        """The first ``n`` sequences and the rest."""
        cut = int(self.lengths[:n].sum())
        return Ragged(self.flat[:cut], self.lengths[:n]), Ragged(self.flat[cut:], self.lengths[n:])

    def to_lists(self) -> list:
        """A list of Python lists of Python ints, as Keras's comprehensions produce."""
        values = self.flat.tolist()
        ends = np.cumsum(self.lengths).tolist()
        return [values[a:b] for a, b in zip([0] + ends[:-1], ends)]

    def to_object_array(self) -> np.ndarray:
        """``np.array(lists, dtype=object)``, exactly Keras's call (2-D when all lengths are equal)."""
        return np.array(self.to_lists(), dtype=object)


def offset(seqs: Ragged, start_char, index_from) -> Ragged:
    """Shift word ranks by ``index_from`` and prepend ``start_char`` (Keras's step 2)."""
    if start_char is None:
        return Ragged(seqs.flat + index_from if index_from else seqs.flat.copy(), seqs.lengths.copy())
    lengths = seqs.lengths + 1
    starts = np.cumsum(lengths) - lengths  # where each new sequence begins in the flat array
    flat = np.empty(int(lengths.sum()), dtype=np.int64)
    is_start = np.zeros(len(flat), dtype=bool)
    is_start[starts] = True
    flat[is_start] = start_char
    flat[~is_start] = seqs.flat + index_from
    return Ragged(flat, lengths)


def keep_shorter(seqs: Ragged, maxlen) -> np.ndarray:
    """Boolean mask of the sequences Keras keeps for ``maxlen``: ``len(seq) < maxlen``."""
    return seqs.lengths < maxlen


def bound_vocabulary(seqs: Ragged, num_words, skip_top, oov_char) -> Ragged:
    """Replace (or drop) indices outside ``skip_top <= w < num_words`` (Keras's steps 5–6)."""
    if not num_words:
        if not len(seqs.flat):
            raise DataError("no word is left to size the vocabulary; pass num_words",
                            code="empty_sequences")
        num_words = int(seqs.flat.max())
    inside = (seqs.flat >= skip_top) & (seqs.flat < num_words)
    if oov_char is not None:
        return Ragged(np.where(inside, seqs.flat, oov_char).astype(np.int64), seqs.lengths)
    owner = np.repeat(np.arange(len(seqs)), seqs.lengths)
    lengths = np.bincount(owner[inside], minlength=len(seqs)).astype(np.int64)
    return Ragged(seqs.flat[inside], lengths)
