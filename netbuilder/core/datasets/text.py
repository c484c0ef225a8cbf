"""Turning word-index sequences into network inputs, and back into words.

- :func:`vectorize_sequences`: multi-hot vectors for Dense nets (the tutorial's IMDB/Reuters input).
- :func:`pad_sequences`: fixed-length index matrices for Embedding/LSTM nets, with Keras 3's
  ``keras.utils.pad_sequences`` semantics.
- :func:`decode_sequence`: a sequence back to words through the dataset's word index.
"""

from __future__ import annotations

import itertools

import numpy as np

from ..errors import DataError


def _ragged(sequences):
    """``(flat, lengths)`` of 1-D integer/float sequences, or None when elements are not scalars."""
    lengths = np.fromiter((len(s) for s in sequences), dtype=np.int64, count=len(sequences))
    flat = np.array(list(itertools.chain.from_iterable(sequences)))
    if flat.ndim != 1 or flat.dtype.kind not in "biuf":
        return None
    return flat, lengths


def vectorize_sequences(sequences, dimension=10000, dtype="float32"):
    """Multi-hot encode index sequences: ``out[i, j] = 1`` iff index ``j`` occurs in ``sequences[i]``.

    Shapes: ``n`` sequences of any lengths → ``(n, dimension)``. Word order and counts are lost
    (the tutorial's "bag of words"). Every index must be in ``[0, dimension)``: load the data with
    ``num_words=dimension`` so that it is.
    """
    sequences = list(sequences)
    lengths = np.fromiter((len(s) for s in sequences), dtype=np.int64, count=len(sequences))
    flat = np.fromiter(itertools.chain.from_iterable(sequences), dtype=np.int64, count=int(lengths.sum()))
    out = np.zeros((len(sequences), dimension), dtype=dtype)
    if flat.size:
        bad = (flat < 0) | (flat >= dimension)
        if bad.any():
            row = int(np.repeat(np.arange(len(sequences)), lengths)[bad][0])
            raise DataError(f"vectorize_sequences: sequence {row} holds index {int(flat[bad][0])}, outside "
                            f"[0, {dimension}); load the data with num_words={dimension} or raise dimension",
                            code="index_out_of_range", row=row, index=int(flat[bad][0]), dimension=dimension)
        out[np.repeat(np.arange(len(sequences)), lengths), flat] = 1
    return out


def pad_sequences(sequences, maxlen=None, dtype="int32", padding="pre", truncating="pre", value=0.0):
    """Pad or cut sequences to one length (Keras 3's ``keras.utils.pad_sequences``).

    Shapes: ``n`` sequences → ``(n, maxlen)`` (or ``(n, maxlen) + sample_shape`` when the elements
    are themselves arrays). ``maxlen=None`` uses the longest sequence. Longer sequences lose
    elements at the start (``truncating="pre"``) or the end (``"post"``); shorter ones are filled
    with ``value`` before (``padding="pre"``, Keras's default) or after (``"post"``) the data.
    """
    if not hasattr(sequences, "__len__"):
        raise DataError("pad_sequences: `sequences` must be iterable", code="bad_sequences")
    if padding not in ("pre", "post"):
        raise DataError(f'Padding type "{padding}" not understood', code="bad_padding", padding=padding)
    if truncating not in ("pre", "post"):
        raise DataError(f'Truncating type "{truncating}" not understood', code="bad_truncating",
                        truncating=truncating)
    for s in sequences:
        if not hasattr(s, "__len__"):
            raise DataError(f"`sequences` must be a list of iterables. Found non-iterable: {s}",
                            code="bad_sequences")
    n = len(sequences)
    lengths = [len(s) for s in sequences]
    if maxlen is None:
        maxlen = max(lengths) if lengths else 0
    dt = np.dtype(dtype) if dtype is not object else np.dtype(object)
    if isinstance(value, str) and dt.kind not in "OUS":
        raise DataError(f"pad_sequences: dtype {dtype} is not compatible with the string value {value!r}",
                        code="bad_pad_value", value=value, dtype=str(dtype))
    ragged = _ragged(sequences) if dt.kind in "biuf" and n else None
    if ragged is None:
        return _pad_loop(sequences, maxlen, dt, padding, truncating, value)
    flat, lens = ragged
    out = np.full((n, maxlen), value, dtype=dt)
    kept = np.minimum(lens, maxlen)  # elements of each sequence that survive
    owner = np.repeat(np.arange(n), lens)
    pos = np.arange(len(flat)) - np.repeat(np.cumsum(lens) - lens, lens)  # position inside its sequence
    first = (lens - kept) if truncating == "pre" else np.zeros_like(lens)  # first kept position
    take = (pos >= first[owner]) & (pos < (first + kept)[owner])
    col = pos - first[owner]
    if padding == "pre":
        col = col + (maxlen - kept)[owner]
    out[owner[take], col[take]] = flat[take].astype(dt)
    return out


def _pad_loop(sequences, maxlen, dt, padding, truncating, value):
    """The general path (elements that are arrays, object/str dtypes): Keras's per-sequence loop."""
    sample_shape = next((np.asarray(s).shape[1:] for s in sequences if len(s)), ())
    out = np.full((len(sequences), maxlen) + sample_shape, value, dtype=dt)
    for i, s in enumerate(sequences):
        if not len(s) or not maxlen:
            continue
        trunc = np.asarray(s[-maxlen:] if truncating == "pre" else s[:maxlen], dtype=dt)
        if trunc.shape[1:] != sample_shape:
            raise DataError(f"Shape of sample {trunc.shape[1:]} of sequence at position {i} is different "
                            f"from expected shape {sample_shape}", code="bad_sequences", row=i)
        if padding == "post":
            out[i, :len(trunc)] = trunc
        else:
            out[i, -len(trunc):] = trunc
    return out


def reverse_word_index(word_index: dict, index_from: int = 3) -> dict:
    """index → word for loaded sequences: word of rank ``r`` sits at index ``r + index_from``."""
    return {rank + index_from: word for word, rank in word_index.items()}


def decode_sequence(sequence, word_index: dict, index_from: int = 3, start_char=1, oov_char=2,
                    unknown: str = "?") -> str:
    """Words of a loaded sequence, joined by spaces (the tutorial's decoding, with named markers).

    Indices below ``index_from`` are reserved: 0 prints as ``[PAD]``, ``start_char`` as ``[START]``,
    ``oov_char`` as ``[OOV]``; any index with no word prints as ``unknown`` (the tutorial's ``?``).
    """
    words = reverse_word_index(word_index, index_from)
    markers = {0: "[PAD]"}
    if start_char is not None:
        markers[start_char] = "[START]"
    if oov_char is not None:
        markers[oov_char] = "[OOV]"
    return " ".join(markers.get(int(i), unknown) if int(i) < index_from else words.get(int(i), unknown)
                    for i in sequence)
