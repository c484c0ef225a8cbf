"""A learner's own input for a trained model, prepared with the datasets' own steps: a drawn digit
(MNIST's normalisation), a typed text (Keras's tokenizer, the loaders' word index) and the Boston
features (the training standardizer)."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ..datasets.preprocessing import Standardizer, flatten_images, images_with_channel
from ..datasets.sequences import Ragged, bound_vocabulary, offset
from ..datasets.text import pad_sequences, vectorize_sequences
from ..errors import DataError
from .kinds import first_layer_class


# --------------------------------------------------------------------------- images (MNIST style)
def _area_matrix(n: int, m: int) -> np.ndarray:
    """``(m, n)`` weights resampling ``n`` pixels to ``m`` by area averaging.

    Destination pixel ``i`` covers source span ``[i·n/m, (i+1)·n/m)``; its value is the mean of the
    source over that span: ``W[i, j] = |[j, j+1) ∩ span_i| / (n/m)``. Rows sum to 1.
    """
    edges = np.arange(m + 1) * (n / m)
    j = np.arange(n)
    overlap = np.minimum(edges[1:, None], j[None, :] + 1) - np.maximum(edges[:-1, None], j[None, :])
    return np.clip(overlap, 0.0, None) / (n / m)


def _round(v):
    """Round half up (``floor(v + 0.5)``), so shifts do not depend on NumPy's half-to-even."""
    return int(np.floor(v + 0.5))


def center_digit(image, box: int = 20, size: int = 28, threshold: float = 0.1) -> np.ndarray:
    """A drawing → a 28×28 uint8 image normalised as the MNIST digits were.

    Steps (LeCun et al.'s description of MNIST): pixels ``<= threshold`` are background (0); the
    drawing is cropped to its bounding box; resized by area averaging (anti-aliased grey levels)
    so its longer side is ``box`` pixels, keeping the aspect ratio (shorter side
    ``floor(side·box/longer + 0.5)``, at least 1); then pasted into ``size × size`` zeros so that its
    centre of mass (index coordinates) lands on ``(size/2, size/2)``, i.e. shifted by the rounded
    offset; parts pushed outside are cut. Values are scaled to 0..255 and rounded.

    Args:
        image: ``(h, w)`` grey levels in [0, 1], ink high (white digit on black, as MNIST).
    Returns:
        ``(size, size)`` uint8, like one image of ``mnist.load_data()``; all zeros when nothing is drawn.
    """
    img = np.asarray(image, dtype="float64")
    if img.ndim != 2:
        raise DataError(f"center_digit expects a 2-D grey image, got shape {img.shape}", code="bad_shape",
                        shape=img.shape)
    img = np.where(img > threshold, np.clip(img, 0.0, 1.0), 0.0)
    out = np.zeros((size, size))
    rows, cols = np.nonzero(img.any(axis=1))[0], np.nonzero(img.any(axis=0))[0]
    if not len(rows):
        return out.astype("uint8")
    crop = img[rows[0]:rows[-1] + 1, cols[0]:cols[-1] + 1]
    h, w = crop.shape
    scale = box / max(h, w)
    nh, nw = max(1, _round(h * scale)), max(1, _round(w * scale))
    small = _area_matrix(h, nh) @ crop @ _area_matrix(w, nw).T  # (nh, h)(h, w)(w, nw) → (nh, nw)
    mass = small.sum()
    cy = (small.sum(axis=1) @ np.arange(nh)) / mass
    cx = (small.sum(axis=0) @ np.arange(nw)) / mass
    top, left = _round(size / 2 - cy), _round(size / 2 - cx)
    # paste with clipping: the rows/cols of `small` that land inside [0, size)
    r0, c0 = max(0, -top), max(0, -left)
    r1, c1 = min(nh, size - top), min(nw, size - left)
    if r1 > r0 and c1 > c0:
        out[top + r0:top + r1, left + c0:left + c1] = small[r0:r1, c0:c1]
    return np.floor(out * 255.0 + 0.5).astype("uint8")


def grey_from_rgb(pixels, invert="auto") -> np.ndarray:
    """An image file's pixels → grey levels in [0, 1] with the ink high.

    ``pixels``: ``(h, w)`` or ``(h, w, 3|4)`` (0..255 or 0..1). Luminance ``0.299 R + 0.587 G + 0.114 B``;
    transparent pixels count as background. ``invert="auto"`` inverts when the border is lighter than
    mid-grey (dark ink on paper), so the result is always a light digit on black like MNIST.
    """
    a = np.asarray(pixels, dtype="float64")
    if a.max(initial=0) > 1.0:
        a = a / 255.0
    alpha = None
    if a.ndim == 3:
        if a.shape[2] == 4:
            alpha = a[..., 3]
        a = a[..., :3] @ np.array([0.299, 0.587, 0.114]) if a.shape[2] >= 3 else a[..., 0]
    if invert == "auto":
        border = np.concatenate([a[0], a[-1], a[:, 0], a[:, -1]])
        if alpha is not None:
            border = border[np.concatenate([alpha[0], alpha[-1], alpha[:, 0], alpha[:, -1]]) > 0.5]
        invert = bool(border.size) and float(np.median(border)) > 0.5
    if invert:
        a = 1.0 - a
    if alpha is not None:
        a = a * alpha
    return a


def image_input(digit, input_shape) -> np.ndarray:
    """One 28×28 uint8 image → the batch the model takes, scaled 0..255 → 0..1 as in training.

    ``input_shape`` (batch axis included): ``(None, 784)`` → ``flatten_images`` ``(1, 784)``;
    ``(None, 28, 28, 1)`` → ``images_with_channel`` ``(1, 28, 28, 1)``; ``(None, 28, 28)`` → ``(1, 28, 28)``.
    """
    x = np.asarray(digit)[None]  # (1, 28, 28)
    shape = tuple(input_shape)[1:]
    if shape == (x.shape[1] * x.shape[2],):
        return flatten_images(x)
    if shape == x.shape[1:] + (1,):
        return images_with_channel(x)
    if shape == x.shape[1:]:
        return flatten_images(x).reshape(x.shape)
    raise DataError(f"the model takes inputs of shape {tuple(input_shape)}, which a {x.shape[1]}×{x.shape[2]} "
                    "image cannot fill", code="bad_input_shape", input_shape=tuple(input_shape))


# --------------------------------------------------------------------------- text (IMDB, Reuters)
#: The characters Keras's ``text_to_word_sequence`` turns into spaces (the word indexes were built so).
KERAS_FILTERS = '!"#$%&()*+,-./:;<=>?@[\\]^_`{|}~\t\n'


def text_to_word_sequence(text: str, filters: str = KERAS_FILTERS, lower: bool = True, split: str = " ") -> list:
    """Keras's tokenizer: lowercase, each character of ``filters`` → ``split``, split, drop empties."""
    if lower:
        text = text.lower()
    text = text.translate(str.maketrans({c: split for c in filters}))
    return [w for w in text.split(split) if w]


@dataclass
class TextEncoding:
    """A text as the model sees it.

    ``words``: the tokens; ``ranks``: each word's rank in the word index (None: not in it);
    ``oov``: per word, True when it falls out of the vocabulary; ``sequence``: the word indices as
    ``load_data`` gives them (``start_char`` first, OOV words as ``oov_char`` or dropped);
    ``x``: the model input, ``(1, num_words)`` multi-hot or ``(1, maxlen)`` padded indices.
    """

    words: list
    ranks: list
    oov: list
    sequence: list
    x: np.ndarray
    mode: str
    num_words: int


def encode_text(text, word_index: dict, num_words=None, mode="multi_hot", maxlen=None, skip_top=0,
                start_char=1, oov_char=2, index_from=3, padding="pre", truncating="pre") -> TextEncoding:
    """Tokenize ``text`` and encode it exactly like ``imdb``/``reuters.load_data(num_words=...)``.

    Word of rank ``r`` → index ``r + index_from``, ``start_char`` first (the loaders' ``offset``);
    indices outside ``skip_top <= i < num_words`` and words missing from the index → ``oov_char``
    (``bound_vocabulary``); then ``vectorize_sequences(., num_words)`` (``mode="multi_hot"``) or
    ``pad_sequences(., maxlen)`` (``"sequence"``; ``maxlen=None`` keeps the length). ``num_words=None``
    keeps every word of the index (``max rank + index_from + 1``).
    """
    if mode not in ("multi_hot", "sequence"):
        raise DataError(f"mode must be 'multi_hot' or 'sequence', got {mode!r}", code="bad_option", arg="mode",
                        value=mode)
    words = text_to_word_sequence(text) if isinstance(text, str) else list(text)
    if num_words is None:
        num_words = max(word_index.values(), default=0) + index_from + 1
    ranks = [word_index.get(w) for w in words]
    # a word missing from the index gets a rank that lands outside the vocabulary after the shift
    flat = np.array([num_words if r is None else r for r in ranks], dtype=np.int64)
    seq = offset(Ragged(flat, np.array([len(flat)], dtype=np.int64)), start_char, index_from)
    seq = bound_vocabulary(seq, num_words, skip_top, oov_char)
    sequence = seq.to_lists()[0]
    idx = flat + index_from
    oov = [bool(r is None or not (skip_top <= i < num_words)) for r, i in zip(ranks, idx.tolist())]
    if mode == "multi_hot":
        x = vectorize_sequences([sequence], num_words)
    else:
        x = pad_sequences([sequence], maxlen=maxlen, padding=padding, truncating=truncating)
    return TextEncoding(words, ranks, oov, sequence, x, mode, int(num_words))


def text_mode(model):
    """``("sequence", maxlen)`` for a model starting with an Embedding, else ``("multi_hot", width)``."""
    shape = tuple(model.input_shape)
    if first_layer_class(model) == "Embedding":
        return "sequence", (shape[1] if len(shape) > 1 else None)
    return "multi_hot", shape[-1]


# --------------------------------------------------------------------------- Boston housing
#: (name, meaning, unit) of the 13 Boston features, in the data's column order.
BOSTON_FEATURES = (
    ("CRIM", "Crime rate per person in the town", "crimes per capita"),
    ("ZN", "Share of residential land zoned for lots over 25,000 sq. ft", "%"),
    ("INDUS", "Share of the town's acres used by non-retail business", "%"),
    ("CHAS", "Next to the Charles River", "1 = yes, 0 = no"),
    ("NOX", "Nitric oxides concentration", "parts per 10 million"),
    ("RM", "Average number of rooms per dwelling", "rooms"),
    ("AGE", "Share of owner-occupied homes built before 1940", "%"),
    ("DIS", "Weighted distance to five Boston employment centres", "distance index"),
    ("RAD", "Access to radial highways", "index"),
    ("TAX", "Property-tax rate", "$ per $10,000"),
    ("PTRATIO", "Pupils per teacher in the town", "ratio"),
    ("B", ("1000·(Bk − 0.63)², Bk the share of Black residents: a racially based feature, kept only "
           "because the historical data has it"), "index"),
    ("LSTAT", "Share of the population with lower status", "%"),
)


def boston_input(values, standardizer: Standardizer) -> np.ndarray:
    """13 raw feature values → the ``(1, 13)`` float32 input, standardized with the TRAINING
    mean and std exactly as ``cases.BOSTON_HOUSING.prepare`` did (``(x - mean) / std``)."""
    x = np.asarray(values, dtype="float64").reshape(1, -1)
    if x.shape[1] != len(standardizer.mean):
        raise DataError(f"expected {len(standardizer.mean)} feature values, got {x.shape[1]}",
                        code="bad_shape", shape=x.shape)
    return standardizer.transform(x)
