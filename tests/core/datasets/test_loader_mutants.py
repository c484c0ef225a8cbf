"""The dataset readers' edges, from the mutants a mutation tester left alive (issue 23).

Small real files written here: IDX images that are not square, gzipped and plain, headers that lie,
a folder with dotted names; ``.npz`` members in each ``.npy`` format version, a header claiming more
bytes than it holds, a decompression bomb, a pickle that is not an array; the word-index steps of
IMDB and Reuters on hand-worked sequences.
"""

import gzip
import io
import pickle
import struct
import zipfile

import numpy as np
import pytest

from netbuilder.core.datasets import idx, npz, sequences
from netbuilder.core.errors import DataError


def idx_images(a: np.ndarray) -> bytes:
    n, rows, cols = a.shape
    return struct.pack(">IIII", 2051, n, rows, cols) + a.astype(np.uint8).tobytes()


def idx_labels(a) -> bytes:
    a = np.asarray(a, dtype=np.uint8)
    return struct.pack(">II", 2049, len(a)) + a.tobytes()


# ---------------------------------------------------------------- IDX


def test_parse_idx_returns_a_writable_copy_of_non_square_images():
    images = np.arange(2 * 3 * 4, dtype=np.uint8).reshape(2, 3, 4)
    out = idx.parse_idx(idx_images(images))
    assert out.shape == (2, 3, 4) and out.dtype == np.uint8
    np.testing.assert_array_equal(out, images)
    out[0, 0, 0] = 99  # the learner may normalise in place
    assert out.flags.writeable and out[0, 0, 0] == 99


def test_parse_idx_label_file_of_zero_labels_is_the_eight_byte_header():
    out = idx.parse_idx(idx_labels([]))
    assert out.shape == (0,) and out.dtype == np.uint8


@pytest.mark.parametrize("data", [b"", b"\x00\x00\x08\x01\x00\x00\x00",  # 7 bytes: too short for a label header
                                  struct.pack(">II", 2050, 0),  # magic between labels and images
                                  struct.pack(">II", 2052, 0)])
def test_parse_idx_refuses_a_bad_magic_number(data):
    with pytest.raises(DataError) as info:
        idx.parse_idx(data, path="some.idx")
    assert info.value.code == "idx_bad_file" and info.value.params == {"path": "some.idx"}
    assert "bad magic number" in str(info.value) and "some.idx" in str(info.value)


def test_errors_name_the_file_or_bytes(tmp_path):
    with pytest.raises(DataError) as info:
        idx.parse_idx(b"nonsense")
    assert info.value.params == {"path": "<bytes>"} and str(info.value).startswith("<bytes> is not an IDX")
    path = tmp_path / "x-idx3-ubyte"
    path.write_bytes(struct.pack(">III", 2051, 1, 1))
    with pytest.raises(DataError) as info:
        idx.read_idx(path)
    assert str(info.value) == f"{path} is truncated" and info.value.params == {"path": str(path)}


class _Recorded:
    """A file whose furthest read position is kept in ``ends``."""

    def __init__(self, f, ends):
        self._f, self._ends = f, ends

    def read(self, *args):
        out = self._f.read(*args)
        self._ends.append(self._f.tell())
        return out

    def __getattr__(self, name):
        return getattr(self._f, name)

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self._f.close()


@pytest.mark.parametrize("gz", [False, True])
def test_read_idx_bytes_stops_reading_past_the_limit(tmp_path, monkeypatch, gz):
    """A file (or gzip stream) far over the limit is refused without being read to its end."""
    noise = np.random.default_rng(0).integers(0, 256, 400_000, dtype=np.uint8).tobytes()  # incompressible
    path = tmp_path / "big"
    path.write_bytes(gzip.compress(noise) if gz else noise)
    ends = []
    monkeypatch.setattr(idx, "open", lambda p, mode: _Recorded(open(p, mode), ends),  # noqa: SIM115
                        raising=False)
    monkeypatch.setattr(idx, "MAX_IDX_BYTES", 1000)
    with pytest.raises(DataError) as info:
        idx.read_idx_bytes(path)
    assert info.value.code == "idx_too_large"
    assert ends and max(ends) < path.stat().st_size // 2


def test_parse_idx_image_header_shorter_than_sixteen_bytes_is_truncated():
    data = struct.pack(">III", 2051, 1, 1)  # 12 bytes: cols missing
    with pytest.raises(DataError, match="some.idx is truncated") as info:
        idx.parse_idx(data, path="some.idx")
    assert info.value.code == "idx_bad_file" and info.value.params["path"] == "some.idx"
    # the smallest image file: 16 header bytes announcing 0 images of 1 x 1
    assert idx.parse_idx(struct.pack(">IIII", 2051, 0, 1, 1)).shape == (0, 1, 1)


@pytest.mark.parametrize("extra", [-1, 1])
def test_parse_idx_data_length_must_equal_the_header(extra):
    good = idx_images(np.zeros((2, 3, 5)))
    data = good[:-1] if extra < 0 else good + b"\x00"
    with pytest.raises(DataError) as info:
        idx.parse_idx(data, path="x.idx")
    message = str(info.value)
    assert message == f"x.idx: the header announces (2, 3, 5) but the file holds {30 + extra} bytes of data"
    assert info.value.code == "idx_bad_file" and info.value.params == {"path": "x.idx"}
    with pytest.raises(DataError, match=r"announces \(4,\) but the file holds 3 bytes"):
        idx.parse_idx(idx_labels([1, 2, 3, 4])[:-1])


def test_read_idx_bytes_gunzips_only_gzip_files(tmp_path):
    raw = idx_labels([3, 1, 4])
    plain, packed = tmp_path / "plain", tmp_path / "packed"
    plain.write_bytes(raw)
    packed.write_bytes(gzip.compress(raw))
    assert idx.read_idx_bytes(plain) == raw
    assert idx.read_idx_bytes(packed) == raw
    # a plain file whose first byte only is gzip's is read as it is
    odd = tmp_path / "odd"
    odd.write_bytes(b"\x1f\x00" + raw)
    assert idx.read_idx_bytes(odd) == b"\x1f\x00" + raw


def test_read_idx_bytes_limit_is_inclusive(tmp_path, monkeypatch):
    raw = idx_labels([1, 2])  # 10 bytes
    for name, data in (("plain", raw), ("packed", gzip.compress(raw))):
        path = tmp_path / name
        path.write_bytes(data)
        monkeypatch.setattr(idx, "MAX_IDX_BYTES", len(raw))
        assert idx.read_idx_bytes(path) == raw  # exactly the limit: read
        monkeypatch.setattr(idx, "MAX_IDX_BYTES", len(raw) - 1)
        with pytest.raises(DataError) as info:
            idx.read_idx_bytes(path)
        assert info.value.code == "idx_too_large"
        assert info.value.params == {"path": str(path), "limit": len(raw) - 1}
        assert str(info.value) == (f"{path} holds more than 9 bytes (after decompression): not an IDX file "
                                   "netbuilder can load")


def test_read_idx_bytes_names_missing_and_damaged_files(tmp_path):
    missing = tmp_path / "nope-idx1-ubyte"
    with pytest.raises(DataError) as info:
        idx.read_idx_bytes(missing)
    assert info.value.code == "idx_bad_file" and info.value.params == {"path": str(missing)}
    assert str(info.value).startswith(f"{missing} is not a readable IDX file (")
    cut = tmp_path / "cut.gz"
    cut.write_bytes(gzip.compress(idx_labels(range(50)))[:-6])  # CRC and length lost
    with pytest.raises(DataError) as info:
        idx.read_idx(cut)
    assert info.value.code == "idx_bad_file"
    bad = tmp_path / "bad.gz"
    bad.write_bytes(b"\x1f\x8b" + b"\xff" * 30)  # gzip magic, garbage after
    with pytest.raises(DataError) as info:
        idx.read_idx(bad)
    assert info.value.code == "idx_bad_file"


def _write_folder(folder, names, sets):
    folder.mkdir()
    for name, data in zip(names, sets):
        (folder / name).write_bytes(data)


def _four(rows=2, cols=3, n_train=3, n_test=2):
    rng = np.random.default_rng(0)
    x = rng.integers(0, 256, size=(n_train, rows, cols))
    xt = rng.integers(0, 256, size=(n_test, rows, cols))
    return x, np.arange(n_train) % 10, xt, np.arange(n_test) % 10


def test_load_idx_folder_accepts_each_spelling_and_keeps_keras_order(tmp_path):
    x, y, xt, yt = _four()
    raw = [idx_images(x), idx_labels(y), idx_images(xt), idx_labels(yt)]
    spellings = {
        "gz": [n + ".gz" for n in idx.IDX_FILES],
        "plain": list(idx.IDX_FILES),
        "dotted": [n.replace("-idx", ".idx") for n in idx.IDX_FILES],
        "dotted_gz": [n.replace("-idx", ".idx") + ".gz" for n in idx.IDX_FILES],
    }
    for kind, names in spellings.items():
        folder = tmp_path / kind
        _write_folder(folder, names, [gzip.compress(d) if names[0].endswith(".gz") else d for d in raw])
        assert idx.find_idx_files(folder) == [str(folder / n) for n in names]
        (a, b), (c, d) = idx.load_idx_folder(folder)
        for got, want in ((a, x), (b, y), (c, xt), (d, yt)):
            np.testing.assert_array_equal(got, want)
        assert a.shape == (3, 2, 3) and c.shape == (2, 2, 3)


def test_find_idx_files_prefers_the_gz_copy(tmp_path):
    x, y, xt, yt = _four()
    raw = [idx_images(x), idx_labels(y), idx_images(xt), idx_labels(yt)]
    _write_folder(tmp_path / "both", [n + ".gz" for n in idx.IDX_FILES], [gzip.compress(d) for d in raw])
    for n in idx.IDX_FILES:
        (tmp_path / "both" / n).write_bytes(b"stale")
    assert idx.find_idx_files(tmp_path / "both") == [str(tmp_path / "both" / (n + ".gz")) for n in idx.IDX_FILES]


def test_find_idx_files_names_the_missing_ones(tmp_path):
    folder = tmp_path / "half"
    folder.mkdir()
    (folder / "train-images-idx3-ubyte.gz").write_bytes(b"")
    (folder / "t10k-labels.idx1-ubyte").write_bytes(b"")
    (folder / "train-labels-idx1-ubyte.gz").mkdir()  # a folder of that name is not the file
    with pytest.raises(DataError) as info:
        idx.find_idx_files(folder)
    assert info.value.code == "idx_missing"
    missing = ["train-labels-idx1-ubyte.gz", "t10k-images-idx3-ubyte.gz"]
    assert info.value.params == {"folder": str(folder), "files": missing}
    assert str(info.value) == (
        f"the folder {folder} lacks the IDX file(s) {', '.join(missing)}; it must hold the four files "
        "train-images-idx3-ubyte.gz, train-labels-idx1-ubyte.gz, t10k-images-idx3-ubyte.gz, "
        "t10k-labels-idx1-ubyte.gz")


@pytest.mark.parametrize("swap", ["labels_as_images", "count", "test_count"])
def test_load_idx_folder_refuses_images_and_labels_that_do_not_match(tmp_path, swap):
    x, y, xt, yt = _four()
    raw = [idx_images(x), idx_labels(y), idx_images(xt), idx_labels(yt)]
    split = "train"
    if swap == "labels_as_images":
        raw[1] = idx_images(x)  # labels file holding images: y.ndim == 3
    elif swap == "count":
        raw[1] = idx_labels(list(y) + [0])
    else:
        raw[3], split = idx_labels(list(yt) + [0]), "t10k"
    folder = tmp_path / "f"
    _write_folder(folder, idx.IDX_FILES, raw)
    with pytest.raises(DataError) as info:
        idx.load_idx_folder(folder)
    assert info.value.code == "idx_bad_file" and info.value.params == {"folder": str(folder)}
    assert f"the {split} images" in str(info.value) and "do not match" in str(info.value)
    assert str(info.value).startswith(f"{folder}: ")


def test_load_idx_folder_refuses_label_images_in_the_image_slot(tmp_path):
    _, y, xt, yt = _four()
    folder = tmp_path / "f"
    _write_folder(folder, idx.IDX_FILES, [idx_labels(y), idx_labels(y), idx_images(xt), idx_labels(yt)])
    with pytest.raises(DataError, match=r"the train images \(3,\) and labels \(3,\) do not match"):
        idx.load_idx_folder(folder)


# ---------------------------------------------------------------- npz


def _npy(array, version=None) -> bytes:
    buf = io.BytesIO()
    np.lib.format.write_array(buf, array, version=version, allow_pickle=True)
    return buf.getvalue()


def _zip(path, members: dict, compression=zipfile.ZIP_STORED):
    with zipfile.ZipFile(path, "w", compression=compression) as z:
        for name, data in members.items():
            z.writestr(name, data)


@pytest.mark.parametrize("version", [(1, 0), (2, 0), (3, 0)])
def test_read_npy_reads_every_format_version(version):
    a = np.arange(6, dtype="<i4").reshape(2, 3)
    data = _npy(a, version)
    assert data[6:8] == bytes(version)
    shape, fortran, dtype = npz.read_header(io.BytesIO(data))
    assert (shape, fortran, dtype) == ((2, 3), False, np.dtype("<i4"))
    np.testing.assert_array_equal(npz.read_npy(data, allow_objects=False), a)


def test_read_header_refuses_unknown_versions_and_damage():
    data = bytearray(_npy(np.zeros(3)))
    data[6] = 4  # version 4.0
    with pytest.raises(DataError, match=r"unsupported .npy format version \(4, 0\)") as info:
        npz.read_header(io.BytesIO(bytes(data)))
    assert info.value.code == "npz_bad_format"
    with pytest.raises(DataError, match="damaged header") as info:
        npz.read_header(io.BytesIO(b"\x93NUMPY"))  # magic cut short
    assert info.value.code == "npz_bad_format"
    broken = _npy(np.zeros(3)).replace(b"'descr'", b"'dexcr'")
    with pytest.raises(DataError, match="damaged header") as info:
        npz.read_header(io.BytesIO(broken))
    assert info.value.code == "npz_bad_format"


def test_read_npy_names_an_unnamed_member_array():
    with pytest.raises(DataError) as info:
        npz.read_npy(_npy(np.zeros(2))[:-1], allow_objects=False)
    assert info.value.params["member"] == "array" and str(info.value).startswith("npz member 'array' announces")


def test_read_npy_size_check_is_exact():
    a = np.arange(4, dtype="<f8")
    data = _npy(a)
    np.testing.assert_array_equal(npz.read_npy(data, allow_objects=False), a)  # claimed == present
    with pytest.raises(DataError) as info:
        npz.read_npy(data[:-1], allow_objects=False, name="w.npy")
    assert info.value.code == "npz_bad_format"
    assert info.value.params == {"member": "w.npy", "claimed": 32, "present": 31}
    assert str(info.value) == ("npz member 'w.npy' announces shape (4,) (32 bytes) but holds 31 bytes: the "
                               "file is truncated or forged")


def test_read_npy_size_claim_does_not_overflow():
    """A header claiming 2**32 x 2**32 bytes: the product wraps to 0 in int64 and must not pass the check."""
    buf = io.BytesIO()
    np.lib.format.write_array_header_1_0(buf, {"descr": "|u1", "fortran_order": False, "shape": (2**32, 2**32)})
    with pytest.raises(DataError) as info:
        npz.read_npy(buf.getvalue() + b"\x00" * 8, allow_objects=False, name="huge.npy")
    assert info.value.code == "npz_bad_format"
    assert info.value.params == {"member": "huge.npy", "claimed": 2**64, "present": 8}


def test_read_npy_objects_are_refused_or_rebuilt():
    obj = np.empty(2, dtype=object)
    obj[:] = [[1, 2], [3]]
    with pytest.raises(DataError) as info:
        npz.read_npy(_npy(obj), allow_objects=False, name="x.npy")
    assert info.value.code == "npz_unsafe" and info.value.params == {"member": "x.npy"}
    assert str(info.value) == "npz member 'x.npy' holds Python objects (a pickle), which are not loaded"
    back = npz.read_npy(_npy(obj), allow_objects=True)
    assert back.dtype == object and back.tolist() == [[1, 2], [3]]
    # an object header whose pickle holds a plain list, not an array
    data = _npy(obj, (1, 0))
    body_at = 10 + int.from_bytes(data[8:10], "little")  # magic, version, header length, header
    forged = data[:body_at] + pickle.dumps([1, 2], protocol=3)
    with pytest.raises(DataError) as info:
        npz.read_npy(forged, allow_objects=True)
    assert info.value.code == "npz_bad_format"
    assert str(info.value) == "an object member of the npz file does not hold an array"


def test_restricted_unpickler_error_names_the_global():
    raw = pickle.dumps(io.BytesIO, protocol=3)
    with pytest.raises(pickle.UnpicklingError) as info:
        npz.RestrictedUnpickler(io.BytesIO(raw)).load()
    assert str(info.value) == ("refusing to load _io.BytesIO from a dataset file: only NumPy arrays are allowed "
                               "(the file may be corrupted or malicious)")
    for module, name in (("numpy", "ndarray"), ("numpy", "dtype")):
        assert npz.RestrictedUnpickler(io.BytesIO(b"")).find_class(module, name) is getattr(np, name)


def test_load_npz_skips_other_members_and_names_arrays_without_suffix(tmp_path):
    path = tmp_path / "a.npz"
    _zip(path, {"x.npy": _npy(np.arange(3)), "README.txt": b"hello", "sub/y.npy": _npy(np.ones(2))})
    out = npz.load_npz(path)
    assert sorted(out) == ["sub/y", "x"]
    np.testing.assert_array_equal(out["x"], np.arange(3))


def test_load_npz_prefixes_the_path_once(tmp_path):
    path = tmp_path / "t.npz"
    _zip(path, {"x.npy": _npy(np.arange(4, dtype="<f8"))[:-1]})
    with pytest.raises(DataError) as info:
        npz.load_npz(path)
    assert str(info.value).startswith(f"{path}: npz member 'x.npy' announces")
    assert info.value.params["path"] == str(path) and info.value.params["member"] == "x.npy"
    obj = np.empty(1, dtype=object)
    obj[0] = [1]
    _zip(path, {"o.npy": _npy(obj)})
    with pytest.raises(DataError) as info:
        npz.load_npz(path, allow_objects=False)
    assert info.value.code == "npz_unsafe" and str(info.value).startswith(f"{path}: npz member 'o.npy'")


def test_load_npz_bomb_needs_both_size_and_ratio(tmp_path, monkeypatch):
    payload = _npy(np.zeros(100_000, dtype=np.uint8))  # deflates to a few hundred bytes
    monkeypatch.setattr(npz, "_BOMB_FLOOR", len(payload) - 1)
    bomb = tmp_path / "bomb.npz"
    _zip(bomb, {"z.npy": payload}, zipfile.ZIP_DEFLATED)
    with pytest.raises(DataError) as info:
        npz.load_npz(bomb)
    assert info.value.code == "npz_bad_format" and info.value.params == {"path": str(bomb)}
    assert "looks like a decompression bomb" in str(info.value) and f"to {len(payload)})" in str(info.value)
    monkeypatch.setattr(npz, "_BOMB_FLOOR", len(payload))  # exactly the floor: not a bomb
    assert npz.load_npz(bomb)["z"].shape == (100_000,)
    monkeypatch.setattr(npz, "_BOMB_FLOOR", len(payload) - 1)
    stored = tmp_path / "stored.npz"  # big but not compressed: not a bomb
    _zip(stored, {"z.npy": payload})
    assert npz.load_npz(stored)["z"].shape == (100_000,)


# a pickle calling numpy.dtype("zz"): an allowed global whose call raises TypeError
_BAD_DTYPE_PICKLE = b"\x80\x03cnumpy\ndtype\nX\x02\x00\x00\x00zz\x85R."


def _object_member(body: bytes) -> bytes:
    data = _npy(np.empty(1, dtype=object), (1, 0))
    return data[:10 + int.from_bytes(data[8:10], "little")] + body


class _Archive:
    """A zip archive as ``load_npz`` sees it: members with the sizes their headers declare."""

    members: tuple = ()

    def __init__(self, path):
        pass

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        return False

    def infolist(self):
        return [info for info, _ in self.members]

    def open(self, info):
        return io.BytesIO({i.filename: d for i, d in self.members}[info.filename])


@pytest.mark.parametrize("declared, compressed, bomb", [
    (1000, 10, False),  # exactly 100x: not over the ratio
    (1001, 10, True),
    (150, 1, True),
    (150, 0, True),  # a stored size of 0 counts as 1
    (100, 0, False),  # exactly the floor
])
def test_load_npz_bomb_rule_is_over_the_floor_and_over_100x(monkeypatch, declared, compressed, bomb):
    monkeypatch.setattr(npz, "_BOMB_FLOOR", 100)
    info = zipfile.ZipInfo("m.npy")
    info.file_size, info.compress_size = declared, compressed
    monkeypatch.setattr(_Archive, "members", ((info, _npy(np.arange(3))),))
    monkeypatch.setattr(npz.zipfile, "ZipFile", _Archive)
    if bomb:
        with pytest.raises(DataError) as err:
            npz.load_npz("a.npz")
        assert str(err.value) == (f"npz member 'm.npy' looks like a decompression bomb ({compressed} bytes claim "
                                  f"to expand to {declared})")
    else:
        np.testing.assert_array_equal(npz.load_npz("a.npz")["m"], np.arange(3))


def test_load_npz_reads_object_members_by_default(tmp_path):
    obj = np.empty(2, dtype=object)
    obj[:] = [[1, 2], [3]]
    path = tmp_path / "o.npz"
    _zip(path, {"o.npy": _npy(obj)})
    assert npz.load_npz(path)["o"].tolist() == [[1, 2], [3]]


@pytest.mark.parametrize("make, code", [
    (lambda p: p.write_bytes(b"not a zip"), "npz_bad_format"),
    (lambda p: None, "npz_bad_format"),  # no such file
    (lambda p: _zip(p, {"x.npy": _object_member(_BAD_DTYPE_PICKLE)}), "npz_bad_format"),  # rebuild fails
    (lambda p: _zip(p, {"x.npy": _npy(np.empty(1, dtype=object)).replace(b"numpy", b"nampy")}), "npz_unsafe"),
])
def test_load_npz_turns_every_failure_into_a_data_error(tmp_path, make, code):
    path = tmp_path / "f.npz"
    make(path)
    with pytest.raises(DataError) as info:
        npz.load_npz(path)
    assert info.value.code == code and info.value.params["path"] == str(path)
    assert str(info.value).startswith(str(path))
    if "zz" in str(info.value):  # the failed rebuild names the exception
        assert str(info.value).startswith(f"{path}: a member is damaged (TypeError: ")



def test_load_npz_calls_a_truncated_pickle_damaged_not_unsafe(tmp_path):
    """A cut pickle stream raises UnpicklingError too; only a refused global is a security refusal."""
    obj = np.empty(2, dtype=object)
    obj[:] = [[1, 2], [3]]
    data = _npy(obj)
    path = tmp_path / "cut.npz"
    _zip(path, {"x.npy": data[:-8]})
    with pytest.raises(DataError) as info:
        npz.load_npz(path)
    assert info.value.code == "npz_bad_format"
    assert str(info.value) == f"{path}: a member is damaged (pickle data was truncated)"
    assert isinstance(info.value.__cause__, pickle.UnpicklingError)
    assert not isinstance(info.value.__cause__, npz.RefusedGlobal)


# ---------------------------------------------------------------- word-index sequences


def _rag(lists):
    return sequences.Ragged.from_sequences(lists)


def test_ragged_round_trips_splits_subsets_and_concats():
    r = _rag([[5, 6], [], [7, 8, 9]])
    assert len(r) == 3 and r.flat.dtype == np.int64 and r.lengths.dtype == np.int64 and r.lengths.tolist() == [2, 0, 3]
    assert r.to_lists() == [[5, 6], [], [7, 8, 9]]
    assert all(type(v) is int for v in r.to_lists()[2])
    a, b = r.split(2)
    assert a.to_lists() == [[5, 6], []] and b.to_lists() == [[7, 8, 9]]
    assert r.subset(np.array([True, False, True])).to_lists() == [[5, 6], [7, 8, 9]]
    assert b.concat(a).to_lists() == [[7, 8, 9], [5, 6], []]
    ragged = r.to_object_array()
    assert ragged.dtype == object and ragged.shape == (3,)
    even = _rag([[1, 2], [3, 4]]).to_object_array()
    assert even.shape == (2, 2) and even.dtype == object


def test_offset_prepends_start_char_and_shifts_by_index_from():
    r = _rag([[0, 4], [], [2]])
    started = sequences.offset(r, 1, 3)
    assert started.to_lists() == [[1, 3, 7], [1], [1, 5]]
    assert started.flat.dtype == np.int64 and started.lengths.tolist() == [3, 1, 2]
    assert sequences.offset(r, None, 3).to_lists() == [[3, 7], [], [5]]
    unchanged = sequences.offset(r, None, 0)
    assert unchanged.to_lists() == [[0, 4], [], [2]]
    unchanged.flat[0] = 99  # a copy: the source is not changed through it
    assert r.flat[0] == 0
    assert sequences.offset(r, 0, 0).to_lists() == [[0, 0, 4], [0], [0, 2]]


def test_keep_shorter_is_strict():
    r = _rag([[1], [1, 2], [1, 2, 3]])
    assert sequences.keep_shorter(r, 2).tolist() == [True, False, False]


def test_bound_vocabulary_bounds_and_largest_index_quirk():
    r = _rag([[1, 2, 5], [3, 9]])
    kept = sequences.bound_vocabulary(r, 5, 2, oov_char=0)
    assert kept.to_lists() == [[0, 2, 0], [3, 0]] and kept.flat.dtype == np.int64
    dropped = sequences.bound_vocabulary(r, 5, 2, oov_char=None)
    assert dropped.to_lists() == [[2], [3]] and dropped.lengths.dtype == np.int64
    # num_words falsy: the largest index present (9) becomes OOV too, as in Keras
    assert sequences.bound_vocabulary(r, None, 0, oov_char=7).to_lists() == [[1, 2, 5], [3, 7]]
    assert sequences.bound_vocabulary(r, 0, 0, oov_char=None).to_lists() == [[1, 2, 5], [3]]
    # a trailing sequence that loses every word keeps its (empty) place
    assert sequences.bound_vocabulary(_rag([[1], [9, 9]]), 5, 0, None).to_lists() == [[1], []]
    with pytest.raises(DataError) as info:
        sequences.bound_vocabulary(_rag([[], []]), None, 0, 2)
    assert info.value.code == "empty_sequences"
    assert str(info.value) == "no word is left to size the vocabulary; pass num_words"
