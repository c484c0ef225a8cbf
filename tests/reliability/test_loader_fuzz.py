"""Hypothesis fuzzing of the file loaders: damaged versions of valid files load or raise the
loader's own error (``ModelFileError`` / ``DataError``, both ValueError subclasses), never
anything else. Example counts are fixed and derandomized so CI is deterministic and fast."""

from __future__ import annotations

import gzip
import io
import os
import tempfile

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from netbuilder.core.datasets import files, idx, imdb
from netbuilder.core.errors import DataError
from netbuilder.core.models import load_model
from netbuilder.core.models.saving import ModelFileError

from .corpus import _valid_model_file

FUZZ = settings(max_examples=150, deadline=None, derandomize=True,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])

# one mutation: (kind, relative position, byte value / length)
MUTATION = st.tuples(st.sampled_from(["flip", "set", "truncate", "insert", "delete"]),
                     st.floats(0, 1, allow_nan=False), st.integers(0, 255))


def mutate(data: bytes, mutations) -> bytes:
    buf = bytearray(data)
    for kind, where, value in mutations:
        if not buf:
            break
        i = min(int(where * len(buf)), len(buf) - 1)
        if kind == "flip":
            buf[i] ^= 1 << (value % 8)
        elif kind == "set":
            buf[i] = value
        elif kind == "truncate":
            del buf[i:]
        elif kind == "insert":
            buf[i:i] = bytes([value]) * (1 + value % 7)
        else:
            del buf[i:i + 1 + value % 16]
    return bytes(buf)


@pytest.fixture(scope="module")
def folder():
    with tempfile.TemporaryDirectory() as d:
        yield d


def _write(folder, name, data) -> str:
    path = os.path.join(folder, name)
    with open(path, "wb") as f:
        f.write(data)
    return path


def _run(loader, path, allowed):
    try:
        loader(path)
    except allowed:
        pass


@pytest.fixture(scope="module")
def model_bytes(folder):
    with open(_valid_model_file(os.path.join(folder, "valid.nbm")), "rb") as f:
        return f.read()


@FUZZ
@given(st.lists(MUTATION, min_size=1, max_size=4))
def test_fuzz_load_model(folder, model_bytes, mutations):
    path = _write(folder, "fuzz.nbm", mutate(model_bytes, mutations))
    _run(load_model, path, ModelFileError)


def _npz_bytes(**arrays) -> bytes:
    buf = io.BytesIO()
    np.savez(buf, **arrays)
    return buf.getvalue()


NPZ = _npz_bytes(x=np.arange(12, dtype="float32").reshape(4, 3), y=np.array([0, 1, 0, 1]))


@FUZZ
@given(st.lists(MUTATION, min_size=1, max_size=4))
def test_fuzz_load_arrays(folder, mutations):
    _run(files.load_arrays, _write(folder, "fuzz.npz", mutate(NPZ, mutations)), DataError)


CSV_ALPHABET = st.sampled_from(list("0123456789.,;\t -+eE\n\"'abnNaIif") + ["nan", "inf", "\x00", "\xe9", "\r\n"])


@FUZZ
@given(st.lists(CSV_ALPHABET, max_size=200), st.booleans())
def test_fuzz_load_csv(folder, pieces, gz):
    data = "".join(pieces).encode("utf-8", "surrogatepass")
    if gz:
        data = gzip.compress(data)
    _run(files.load_csv, _write(folder, "fuzz.csv.gz" if gz else "fuzz.csv", data), DataError)


@FUZZ
@given(st.binary(max_size=300))
def test_fuzz_load_csv_raw_bytes(folder, data):
    _run(files.load_csv, _write(folder, "raw.csv", data), DataError)


IDX = (np.array([2051, 3, 2, 2], ">u4").tobytes() + bytes(range(12)))


@FUZZ
@given(st.lists(MUTATION, min_size=1, max_size=3), st.booleans())
def test_fuzz_read_idx(folder, mutations, gz):
    data = mutate(IDX, mutations)
    if gz:
        data = mutate(gzip.compress(IDX), mutations)
    _run(idx.read_idx, _write(folder, "fuzz-idx3-ubyte", data), DataError)


def _imdb_bytes() -> bytes:
    seqs = np.empty(3, dtype=object)
    seqs[0], seqs[1], seqs[2] = [1, 2, 3], [4, 5], [6]
    buf = io.BytesIO()
    np.savez(buf, x_train=seqs, y_train=np.array([0, 1, 0]), x_test=seqs, y_test=np.array([1, 0, 1]))
    return buf.getvalue()


IMDB = _imdb_bytes()


def test_imdb_reader_loads_the_unmutated_file(folder):
    (x_train, y_train), _ = imdb.load_data(path=_write(folder, "imdb_ok.npz", IMDB))
    assert len(x_train) == 3 and sorted(y_train.tolist()) == [0, 0, 1]


@FUZZ
@given(st.lists(MUTATION, min_size=1, max_size=4))
def test_fuzz_imdb_reader(folder, mutations):
    _run(lambda p: imdb.load_data(path=p), _write(folder, "fuzz_imdb.npz", mutate(IMDB, mutations)), DataError)
