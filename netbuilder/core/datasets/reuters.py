"""Reuters newswires (46 topics), loaded exactly as ``keras.datasets.reuters``.

11,228 newswires from Reuters-21578, each a list of word indices labelled with one of 46 topics.
Unlike IMDB there is one pool, split after shuffling: 8,982 training and 2,246 test wires.
"""

from __future__ import annotations

import json

import numpy as np

from .download import fetch
from .imdb import _read_npz, ragged
from .sequences import bound_vocabulary, keep_shorter, offset

FILE_NAME = "reuters.npz"
FILE_HASH = "d6586e694ee56d7a4e65172e12b3e987c03096cb01eab99753921ef915959916"
WORD_INDEX_NAME = "reuters_word_index.json"
WORD_INDEX_HASH = "4d44cc38712099c9e383dc6e5f11a921"  # md5, as Keras checks it

_LABEL_NAMES = (
    "cocoa", "grain", "veg-oil", "earn", "acq", "wheat", "copper", "housing", "money-supply",
    "coffee", "sugar", "trade", "reserves", "ship", "cotton", "carcass", "crude", "nat-gas", "cpi",
    "money-fx", "interest", "gnp", "meal-feed", "alum", "oilseed", "gold", "tin", "strategic-metal",
    "livestock", "retail", "ipi", "iron-steel", "rubber", "heat", "jobs", "lei", "bop", "zinc",
    "orange", "pet-chem", "dlr", "gas", "silver", "wpi", "hog", "lead",
)


def load_data(path="reuters.npz", num_words=None, skip_top=0, maxlen=None, test_split=0.2, seed=113,
              start_char=1, oov_char=2, index_from=3, *, progress=None, cancel=None):
    """Load Reuters as Keras 3 does: ``(x_train, y_train), (x_test, y_test)``.

    Steps, in Keras's order: ``RandomState(seed)`` shuffles all 11,228 pairs; indices are
    shifted by ``index_from`` and prefixed with ``start_char``; with ``maxlen`` only pairs with
    ``len(seq) < maxlen`` are kept; indices outside ``skip_top <= w < num_words`` become ``oov_char``
    (``num_words=None``: the largest index present, which becomes OOV, as in Keras); finally
    ``cut = int(len(xs) * (1 - test_split))`` splits train ``[:cut]`` from test ``[cut:]`` (8982 /
    2246 with the defaults). Like Keras, ``test_split`` is not range-checked.

    Returns:
        ``x_*``: object arrays of Python lists of ints; ``y_*``: integer topic ids 0..45
        (names in :func:`get_label_names`).

    Args: as :func:`netbuilder.core.datasets.imdb.load_data`, plus ``test_split``.
    """
    local = fetch(path, FILE_NAME, FILE_HASH, progress=progress, cancel=cancel)
    data = _read_npz(local, ("x", "y"))
    xs, labels = data["x"], data["y"]
    indices = np.arange(len(xs))
    np.random.RandomState(seed).shuffle(indices)
    xs, labels = xs[indices], labels[indices]

    seqs = offset(ragged(xs, local, "x"), start_char, index_from)
    if maxlen:
        keep = keep_shorter(seqs, maxlen)
        seqs, labels = seqs.subset(keep), labels[keep]
    seqs = bound_vocabulary(seqs, num_words, skip_top, oov_char)

    cut = int(len(seqs) * (1 - test_split))
    train, test = seqs.split(cut)

    def as_labels(part):
        # Keras turns the filtered labels into a list; np.array([]) of an empty list is float64
        return np.array(part) if (not maxlen or len(part)) else np.array([])

    return (train.to_object_array(), as_labels(labels[:cut])), (test.to_object_array(), as_labels(labels[cut:]))


def get_word_index(path="reuters_word_index.json", *, progress=None, cancel=None):
    """The dict word → frequency rank ('the' = 1); subtract ``index_from`` (3) when decoding."""
    local = fetch(path, WORD_INDEX_NAME, WORD_INDEX_HASH, progress=progress, cancel=cancel)
    with open(local, encoding="utf-8") as f:
        return json.load(f)


def get_label_names():
    """The 46 topic names indexed by label (Keras 3's ``reuters.get_label_names``), as a tuple."""
    return _LABEL_NAMES
