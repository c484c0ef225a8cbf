"""pad_sequences (Keras semantics), multi-hot vectorization and decoding."""

from __future__ import annotations

import numpy as np
import pytest

from netbuilder.core.datasets.text import decode_sequence, pad_sequences, vectorize_sequences
from netbuilder.core.errors import DataError


def _keras_pad(seqs, maxlen=None, dtype="int32", padding="pre", truncating="pre", value=0.0):
    """Keras 3's pad_sequences loop, transcribed for comparison."""
    lengths = [len(s) for s in seqs]
    sample_shape = next((np.asarray(s).shape[1:] for s in seqs if len(s)), ())
    if maxlen is None:
        maxlen = max(lengths)
    x = np.full((len(seqs), maxlen) + sample_shape, value, dtype=dtype)
    for i, s in enumerate(seqs):
        if not len(s):
            continue
        trunc = np.asarray(s[-maxlen:] if truncating == "pre" else s[:maxlen], dtype=dtype)
        if padding == "post":
            x[i, :len(trunc)] = trunc
        else:
            x[i, -len(trunc):] = trunc
    return x


def test_pad_examples():
    seqs = [[1, 2, 3], [4], [], [5, 6, 7, 8, 9]]
    np.testing.assert_array_equal(pad_sequences(seqs, maxlen=4),
                                  [[0, 1, 2, 3], [0, 0, 0, 4], [0, 0, 0, 0], [6, 7, 8, 9]])
    np.testing.assert_array_equal(pad_sequences(seqs, maxlen=4, padding="post", truncating="post", value=-1),
                                  [[1, 2, 3, -1], [4, -1, -1, -1], [-1, -1, -1, -1], [5, 6, 7, 8]])
    out = pad_sequences(seqs)
    assert out.shape == (4, 5) and out.dtype == np.int32


@pytest.mark.parametrize("padding", ["pre", "post"])
@pytest.mark.parametrize("truncating", ["pre", "post"])
@pytest.mark.parametrize("maxlen", [None, 1, 5, 30])
@pytest.mark.parametrize("dtype", ["int32", "float32"])
def test_pad_matches_keras_loop(padding, truncating, maxlen, dtype):
    rng = np.random.default_rng(3)
    seqs = [rng.integers(1, 100, size=rng.integers(0, 12)).tolist() for _ in range(40)]
    seqs[5] = [1.7, 2.2]  # floats are cast (truncated) to the dtype like np.asarray does
    kwargs = dict(maxlen=maxlen, dtype=dtype, padding=padding, truncating=truncating, value=7)
    ours, ref = pad_sequences(seqs, **kwargs), _keras_pad(seqs, **kwargs)
    assert ours.dtype == ref.dtype and ours.shape == ref.shape
    np.testing.assert_array_equal(ours, ref)


def test_pad_multidimensional_samples_and_errors():
    seqs = [np.ones((3, 2)), np.zeros((1, 2))]
    out = pad_sequences(seqs, maxlen=2, dtype="float32")
    np.testing.assert_array_equal(out, _keras_pad(seqs, maxlen=2, dtype="float32"))
    assert out.shape == (2, 2, 2)
    with pytest.raises(DataError, match="Padding type"):
        pad_sequences([[1]], padding="middle")
    with pytest.raises(DataError, match="Truncating type"):
        pad_sequences([[1]], truncating="middle")
    with pytest.raises(DataError, match="non-iterable"):
        pad_sequences([[1], 3])
    with pytest.raises(DataError, match="string value"):
        pad_sequences([[1]], value="x")
    strings = pad_sequences([["a", "b"], ["c"]], dtype=object, value="-")
    assert strings.tolist() == [["a", "b"], ["-", "c"]]


def test_vectorize_sequences_multi_hot():
    out = vectorize_sequences([[1, 3, 3], [], [0, 9]], dimension=10)
    assert out.dtype == np.float32 and out.shape == (3, 10)
    expected = np.zeros((3, 10), np.float32)
    expected[0, [1, 3]] = 1
    expected[2, [0, 9]] = 1
    np.testing.assert_array_equal(out, expected)
    with pytest.raises(DataError) as info:
        vectorize_sequences([[1], [2, 10]], dimension=10)
    assert info.value.params["row"] == 1 and info.value.params["index"] == 10


def test_decode_sequence_with_markers():
    wi = {"the": 1, "cat": 2, "sat": 3}
    assert decode_sequence([1, 4, 5, 2, 6, 0, 99], wi) == "[START] the cat [OOV] sat [PAD] ?"
    assert decode_sequence([1, 2], wi, index_from=0, start_char=None, oov_char=None) == "the cat"
