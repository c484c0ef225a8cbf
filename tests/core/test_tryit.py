"""``netbuilder.core.tryit``: a learner's own input prepared exactly like the training data."""

from __future__ import annotations

import itertools
import json
import os
from pathlib import Path

import numpy as np
import pytest
from scipy import ndimage

from netbuilder.core import tryit
from netbuilder.core.datasets import cases, imdb, reuters
from netbuilder.core.datasets.text import vectorize_sequences
from netbuilder.core.layers import Dense, Embedding, GlobalAveragePooling1D, Input
from netbuilder.core.models import Sequential

SHARED = Path(os.environ.get("NETBUILDER_SHARED_DATASETS", Path(__file__).resolve().parents[2].parent
                             / "shared" / "datasets"))


# --------------------------------------------------------------------------- an independent reference
def reference_center_digit(img, box=20, size=28, threshold=0.1):
    """MNIST's normalisation written another way: area averaging by integer supersampling
    (repeat every source pixel ``new`` times, then average blocks of ``old``), SciPy's
    centre of mass, and a paste through a large zero canvas."""
    img = np.where(img > threshold, np.clip(img, 0, 1), 0.0)
    ys, xs = np.nonzero(img)
    if not len(ys):
        return np.zeros((size, size), "uint8")
    crop = img[ys.min():ys.max() + 1, xs.min():xs.max() + 1]
    h, w = crop.shape
    nh = max(1, int(np.floor(h * box / max(h, w) + 0.5)))
    nw = max(1, int(np.floor(w * box / max(h, w) + 0.5)))
    rows = np.repeat(crop, nh, axis=0).reshape(nh, h, w).mean(axis=1)  # (nh, w)
    small = np.repeat(rows, nw, axis=1).reshape(nh, nw, w).mean(axis=2)  # (nh, nw)
    cy, cx = ndimage.center_of_mass(small)
    top, left = int(np.floor(size / 2 - cy + 0.5)), int(np.floor(size / 2 - cx + 0.5))
    big = np.zeros((size + 2 * 64, size + 2 * 64))
    big[64 + top:64 + top + nh, 64 + left:64 + left + nw] = small
    return np.floor(big[64:64 + size, 64:64 + size] * 255 + 0.5).astype("uint8")


def _stroke_image(seed, shape=(120, 90)):
    """A random anti-aliased scribble: a few thick segments with soft edges."""
    rng = np.random.default_rng(seed)
    yy, xx = np.mgrid[:shape[0], :shape[1]]
    img = np.zeros(shape)
    pts = rng.uniform([10, 10], [shape[0] - 10, shape[1] - 10], (4, 2))
    for (y0, x0), (y1, x1) in itertools.pairwise(pts):
        d = np.array([y1 - y0, x1 - x0])
        t = np.clip(((yy - y0) * d[0] + (xx - x0) * d[1]) / (d @ d), 0, 1)
        dist = np.hypot(yy - (y0 + t * d[0]), xx - (x0 + t * d[1]))
        img = np.maximum(img, np.clip(6 - dist, 0, 1))
    return img


@pytest.mark.parametrize("seed", range(6))
def test_center_digit_equals_independent_reference(seed):
    img = _stroke_image(seed)
    np.testing.assert_array_equal(tryit.center_digit(img), reference_center_digit(img))


def test_center_digit_box_and_centre_of_mass():
    img = np.zeros((200, 200))
    img[30:110, 50:90] = 1.0  # 80 tall, 40 wide → 20 × 10 after scaling
    out = tryit.center_digit(img).astype(float)
    ys, xs = np.nonzero(out)
    assert (ys.max() - ys.min() + 1, xs.max() - xs.min() + 1) == (20, 10)
    cy, cx = ndimage.center_of_mass(out)
    assert abs(cy - 14) <= 0.5 and abs(cx - 14) <= 0.5
    assert out.max() == 255 and tryit.center_digit(np.zeros((50, 50))).sum() == 0


def test_center_digit_keeps_grey_levels_and_cuts_faint_noise():
    img = np.zeros((60, 60))
    for i in range(10, 50):
        img[i, i:i + 4] = 1.0  # a thin diagonal: shrinking 43 → 20 mixes ink and background
    img[44:50, 10:20] = 1.0  # a foot, so the centre of mass is not an exact .5 tie
    img[0, 0] = 0.05  # below threshold: not part of the bounding box
    out = tryit.center_digit(img)
    assert out.shape == (28, 28) and out.dtype == np.uint8
    assert 0 < np.count_nonzero((out > 0) & (out < 255))  # anti-aliased edge pixels exist
    np.testing.assert_array_equal(out, reference_center_digit(img))


def test_image_input_matches_training_scaling():
    digit = tryit.center_digit(_stroke_image(1))
    flat = tryit.image_input(digit, (None, 784))
    conv = tryit.image_input(digit, (None, 28, 28, 1))
    assert flat.shape == (1, 784) and conv.shape == (1, 28, 28, 1) and flat.dtype == np.float32
    prepared = cases.MNIST.prepare(raw=((digit[None], np.array([3])), (digit[None], np.array([3]))))
    np.testing.assert_array_equal(flat, prepared.x_train)
    np.testing.assert_allclose(conv.ravel(), digit.ravel() / 255, rtol=1e-6)
    with pytest.raises(ValueError, match="input"):
        tryit.image_input(digit, (None, 13))


def test_grey_from_rgb_inverts_dark_ink_on_paper():
    paper = np.full((30, 30, 3), 250, "uint8")
    paper[10:20, 14:16] = 10
    g = tryit.grey_from_rgb(paper)
    assert g[15, 15] > 0.9 and g[0, 0] < 0.05
    dark = 255 - paper  # already light ink on black: left as it is
    np.testing.assert_allclose(tryit.grey_from_rgb(dark), g, atol=1e-9)


# --------------------------------------------------------------------------- text
def test_tokenizer_follows_keras_filters():
    words = tryit.text_to_word_sequence("Hello, World!  It's <br />GREAT...\tfun-ny")
    assert words == ["hello", "world", "it's", "br", "great", "fun", "ny"]


WORDS = {"the": 1, "movie": 2, "was": 3, "great": 4, "bad": 5, "acting": 6, "plot": 7, "boring": 8}


def test_encoding_equals_the_loader_own_encoding(tmp_path):
    review = "The movie was GREAT, the plot... boring!"
    ranks = [WORDS[w] for w in tryit.text_to_word_sequence(review)]
    seqs = np.empty(1, dtype=object)
    seqs[0] = ranks
    path = tmp_path / "imdb.npz"
    np.savez(path, x_train=seqs, y_train=np.array([1]), x_test=seqs, y_test=np.array([1]))
    num_words = 9  # ranks 6.. (index 9..) fall out: "plot" (7→10) and "boring" (8→11) are OOV
    (x_train, _), _ = imdb.load_data(path=str(path), num_words=num_words)
    enc = tryit.encode_text(review, WORDS, num_words=num_words)
    assert enc.sequence == list(x_train[0])
    np.testing.assert_array_equal(enc.x, vectorize_sequences(x_train, num_words))
    assert enc.oov == [False, False, False, False, False, True, True]
    seq = tryit.encode_text(review, WORDS, num_words=num_words, mode="sequence", maxlen=10)
    assert seq.x.shape == (1, 10) and list(seq.x[0]) == [0, 0] + list(x_train[0])


def test_unknown_words_become_oov_char():
    enc = tryit.encode_text("great zzzz movie", WORDS)
    assert enc.ranks == [4, None, 2] and enc.oov == [False, True, False]
    assert enc.sequence == [1, 7, 2, 5] and enc.num_words == 8 + 3 + 1
    dropped = tryit.encode_text("great zzzz movie", WORDS, oov_char=None)
    assert dropped.sequence == [1, 7, 5]


@pytest.mark.skipif(not (SHARED / "imdb" / "imdb_word_index.json").is_file(), reason="shared IMDB index absent")
def test_real_review_prefix_encodes_to_the_published_keras_vector():
    # Keras's imdb x_train[0] (defaults) starts with these indices (shared/datasets/README.md)
    published = [1, 14, 22, 16, 43, 530, 973, 1622, 1385, 65, 458, 4468]
    with open(SHARED / "imdb" / "imdb_word_index.json", encoding="utf-8") as f:
        word_index = json.load(f)
    text = cases.IMDB.decode(published[1:], word_index)
    assert text.startswith("this film was just brilliant")
    enc = tryit.encode_text(text.upper() + "!", word_index, num_words=10000)
    assert enc.sequence == published and not any(enc.oov)
    assert tryit.encode_text(text, word_index, num_words=1000).sequence == [1, 14, 22, 16, 43, 530, 973, 2, 2, 65,
                                                                            458, 2]


def test_top_k_names():
    p = np.zeros(46)
    p[[3, 4, 19]] = [0.6, 0.3, 0.1]
    best = tryit.top_k(p, reuters.get_label_names(), k=3)
    assert [(i, n) for i, n, _ in best] == [(3, "earn"), (4, "acq"), (19, "money-fx")]


# --------------------------------------------------------------------------- Boston
def test_boston_input_matches_case_preparation():
    rng = np.random.default_rng(0)
    raw = ((rng.uniform(0, 100, (40, 13)), rng.uniform(5, 50, 40)),
           (rng.uniform(0, 100, (8, 13)), rng.uniform(5, 50, 8)))
    data = cases.BOSTON_HOUSING.prepare(raw=raw)
    for i in (0, 5):
        x = tryit.boston_input(raw[1][0][i], data.info["standardizer"])
        np.testing.assert_array_equal(x, data.x_test[i:i + 1])
    assert [f[0] for f in tryit.BOSTON_FEATURES] == list(data.info["feature_names"])


# --------------------------------------------------------------------------- playground and any model
def test_decision_grid_and_region_picture():
    extent = tryit.grid_extent(np.array([[-1.0, -2.0], [1.0, 2.0]]), margin=0.0)
    assert extent == (-1.0, 1.0, -2.0, 2.0)
    grid = tryit.decision_grid(lambda p: (p[:, :1] > 0).astype("float32"), extent, resolution=10)
    assert grid.values.shape == (10, 10, 1)
    rgb = tryit.region_rgb(grid, "binary")
    assert rgb.shape == (10, 10, 3)
    left, right = rgb[5, 0], rgb[5, -1]
    assert left[2] > left[0] and right[0] > right[2]  # class 0 blue on the left, class 1 orange on the right
    y_up = tryit.decision_grid(lambda p: (p[:, 1:] > 0).astype("float32"), extent, resolution=10)
    top = tryit.region_rgb(y_up, "binary")[0, 5]
    assert top[0] > top[2]  # row 0 of the picture is the largest y


def test_prediction_table_lists_mistakes_most_confident_first():
    probs = np.array([[0.9, 0.1], [0.2, 0.8], [0.4, 0.6], [0.05, 0.95]])
    t = tryit.prediction_table(probs, np.array([0, 0, 0, 1]))
    assert list(t.pred) == [0, 1, 1, 1] and list(t.wrong) == [1, 2]
    b = tryit.prediction_table(np.array([[0.7], [0.2]]), np.array([0.0, 0.0]))
    assert list(b.pred) == [1, 0] and list(b.wrong) == [0]
    r = tryit.prediction_table(np.array([[1.0], [5.0], [2.0]]), np.array([1.5, 1.0, 2.0]), "regression")
    assert list(r.wrong) == [1, 0, 2] and r.confidence is None


def test_guess_kind_and_snapshot():
    mnist_net = Sequential([Input(shape=(784,)), Dense(10, activation="softmax")])
    boston = Sequential([Input(shape=(13,)), Dense(1)])
    lstm = Sequential([Input(shape=(None,)), Embedding(50, 4), GlobalAveragePooling1D(), Dense(46, "softmax")])
    play = Sequential([Input(shape=(2,)), Dense(3, activation="softmax")])
    assert [tryit.guess_kind(m) for m in (mnist_net, boston, lstm, play)] == \
        ["mnist", "boston_housing", "reuters", "playground"]
    assert tryit.text_mode(lstm) == ("sequence", None)
    assert tryit.dataset_kind("spirals") == "playground" and tryit.dataset_kind("fashion_mnist") == "image"
    assert [tryit.dataset_kind(k) for k in ("case:mnist", "case:boston_housing", "playground:moons", "file:a.csv")] \
        == ["image", "boston", "playground", "generic"]
    assert tryit.dataset_name("case:imdb") == "imdb" and tryit.dataset_name("playground:xor") == "xor"
    snap = tryit.ModelSnapshot(play)
    x = np.random.default_rng(0).normal(size=(5, 2)).astype("float32")
    np.testing.assert_allclose(snap.predict(x), play.predict(x, verbose=0), rtol=1e-6)
    rng = np.random.default_rng(1)
    play.set_weights([w + rng.normal(size=w.shape).astype(w.dtype) for w in play.get_weights()])
    assert not np.allclose(snap.predict(x), play.predict(x, verbose=0))
    snap.sync()
    np.testing.assert_allclose(snap.predict(x), play.predict(x, verbose=0), rtol=1e-6)
