"""IMDB movie reviews (binary sentiment), loaded exactly as ``keras.datasets.imdb``.

25,000 training and 25,000 test reviews, each a list of word indices (1 = most frequent word),
labelled 1 (positive) or 0 (negative). Index conventions with the defaults: 0 = padding,
1 = start of review, 2 = out-of-vocabulary, word rank ``r`` is stored as ``r + 3``.
"""

from __future__ import annotations

import json

import numpy as np

from .download import fetch
from .npz import load_npz
from .sequences import Ragged, bound_vocabulary, keep_shorter, offset
from ..errors import DataError

FILE_NAME = "imdb.npz"
FILE_HASH = "69664113be75683a8fe16e3ed0ab59fda8886cb3cd7ada244f7d9544e4676b9f"
WORD_INDEX_NAME = "imdb_word_index.json"
WORD_INDEX_HASH = "bfafd718b763782e994055a2d397834f"  # md5, as Keras checks it
CLASS_NAMES = ("negative", "positive")


def _read_npz(local, keys):
    """The arrays of a sequence dataset's npz; ``keys`` come in (sequences, labels) pairs.

    Each pair must be two 1-D arrays of one length; the sequences must be lists of integers
    (checked when they are turned into :class:`Ragged` by :func:`ragged`).
    """
    data = load_npz(local, allow_objects=True)
    missing = [k for k in keys if k not in data]
    if missing:
        raise DataError(f"{local} lacks the key(s) {missing}; it holds {sorted(data)}", code="npz_missing_keys",
                        path=local, missing=missing, holds=sorted(data), needs=list(keys))
    for xk, yk in zip(keys[::2], keys[1::2]):
        x, y = data[xk], data[yk]
        if x.ndim != 1 or y.ndim != 1:
            raise DataError(f"{local}: {xk} and {yk} must be 1-D arrays (one entry per sample), got shapes "
                            f"{x.shape} and {y.shape}", code="bad_sequences", path=local, key=xk)
        if len(x) != len(y):
            raise DataError(f"{local}: {xk} has {len(x)} sequences but {yk} has {len(y)} labels",
                            code="length_mismatch", path=local, x=len(x), y=len(y))
    return data


def ragged(seqs, local, key) -> Ragged:
    """``Ragged.from_sequences`` with a DataError naming the key when an entry is not a list of ints."""
    try:
        return Ragged.from_sequences(seqs)
    except (TypeError, ValueError, OverflowError) as exc:
        raise DataError(f"{local}: {key} must hold sequences of integer word indices ({exc})",
                        code="bad_sequences", path=local, key=key) from exc


def load_data(path="imdb.npz", num_words=None, skip_top=0, maxlen=None, seed=113, start_char=1,
              oov_char=2, index_from=3, *, progress=None, cancel=None, **kwargs):
    """Load IMDB as Keras 3 does: ``(x_train, y_train), (x_test, y_test)``.

    Steps, in Keras's order: one ``RandomState(seed)`` shuffles the training pairs, then (same
    generator, not reseeded) the test pairs; indices are shifted by ``index_from`` and prefixed
    with ``start_char``; with ``maxlen``, only pairs with ``len(seq) < maxlen`` are kept (a filter,
    raising ValueError if a split ends up empty); indices outside ``skip_top <= w < num_words``
    become ``oov_char`` (dropped when it is None), ``num_words=None`` meaning the largest index
    present, which therefore becomes OOV too (Keras's quirk).

    Returns:
        ``x_train``/``x_test``: object arrays of Python lists of ints, shape (25000,) by default;
        ``y_train``/``y_test``: the file's integer labels (0/1), shape (25000,).

    Args:
        path: bare file name (Keras's cache, downloaded and checked when missing) or a path with a
            folder in it (your own npz, read with no hash check; pickles are still restricted).
        num_words: keep indices below this bound (the ``num_words - index_from`` most frequent words).
        skip_top: indices below this also become ``oov_char`` (compared after the shift).
        maxlen: drop sequences whose length (start marker included) is ``>= maxlen``.
        seed, start_char, oov_char, index_from: as in Keras.
        progress, cancel: download progress callback and cancel signal.
        **kwargs: accepted and ignored, as Keras 3 does.
    """
    local = fetch(path, FILE_NAME, FILE_HASH, progress=progress, cancel=cancel)
    data = _read_npz(local, ("x_train", "y_train", "x_test", "y_test"))
    x_train, labels_train = data["x_train"], data["y_train"]
    x_test, labels_test = data["x_test"], data["y_test"]

    rng = np.random.RandomState(seed)
    indices = np.arange(len(x_train))
    rng.shuffle(indices)
    x_train, labels_train = x_train[indices], labels_train[indices]
    indices = np.arange(len(x_test))
    rng.shuffle(indices)
    x_test, labels_test = x_test[indices], labels_test[indices]

    train = offset(ragged(x_train, local, "x_train"), start_char, index_from)
    test = offset(ragged(x_test, local, "x_test"), start_char, index_from)
    if maxlen:
        keep_train, keep_test = keep_shorter(train, maxlen), keep_shorter(test, maxlen)
        train, labels_train = train.subset(keep_train), labels_train[keep_train]
        test, labels_test = test.subset(keep_test), labels_test[keep_test]
        if not len(train) or not len(test):
            raise DataError(f"After filtering for sequences shorter than maxlen={maxlen}, no sequence "
                            f"was kept. Increase maxlen.", code="maxlen_too_small", maxlen=maxlen)

    labels = np.concatenate([labels_train, labels_test])
    xs = bound_vocabulary(train.concat(test), num_words, skip_top, oov_char)
    n = len(train)
    x_train, x_test = xs.split(n)
    return (x_train.to_object_array(), labels[:n]), (x_test.to_object_array(), labels[n:])


def get_word_index(path="imdb_word_index.json", *, progress=None, cancel=None):
    """The dict word → frequency rank (1 = most frequent; 88,584 words in Keras's file).

    To decode a loaded sequence, index ``i`` is the word of rank ``i - index_from``; 0, 1 and 2
    are padding, start and OOV (see :func:`netbuilder.core.datasets.text.decode_sequence`).
    ``path`` follows :func:`load_data`'s rule (bare name: Keras's md5-checked cached file).
    """
    local = fetch(path, WORD_INDEX_NAME, WORD_INDEX_HASH, progress=progress, cancel=cancel)
    with open(local, encoding="utf-8") as f:
        return json.load(f)
