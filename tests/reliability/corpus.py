"""A corpus of hostile and damaged files, written into a temporary folder at test time.

``build_corpus(folder)`` returns :class:`Case` objects: a file (``.nbm``, ``.npz``, ``.csv``,
``.csv.gz``, IDX), the loader to run on it and the error code it must produce. Nothing binary is
committed: every file is generated here from a small valid one, then damaged (truncated, wrong
types or shapes, NaN, unknown layer names, pickles that would run code, ``..``/absolute zip entry
names, zip and gzip bombs, deeply nested JSON, 2 GB claimed sizes, non-UTF-8 bytes).

Pickled payloads, if ever executed, create the file named by :data:`PWNED` (in the corpus
folder's parent) so a test can prove that no code ran.
"""

from __future__ import annotations

import gzip
import io
import json
import os
import pickle
import struct
import zipfile
import zlib
from dataclasses import dataclass

import numpy as np

PWNED = "PWNED"
#: zip/gzip bombs expand to this many bytes (kept small enough to build in well under a second)
BOMB_BYTES = 48 * 1024 ** 2


@dataclass
class Case:
    name: str
    loader: str  # "nbm", "csv", "npz", "idx", "imdb", "reuters"
    path: str
    code: str | tuple  # expected error code(s)


class _Evil:
    """Unpickling this object would call ``open(<PWNED>, "w")``: proof that code ran."""

    def __init__(self, target):
        self.target = target

    def __reduce__(self):
        return (open, (self.target, "w"))


def _evil_pickle(folder) -> bytes:
    return pickle.dumps(_Evil(os.path.join(os.path.dirname(os.path.abspath(folder)), PWNED)))


def _npy_bytes(array) -> bytes:
    buf = io.BytesIO()
    np.save(buf, array, allow_pickle=True)
    return buf.getvalue()


def _npy_claiming(shape, dtype="<f8", payload=b"\0" * 64) -> bytes:
    """A ``.npy`` whose header announces ``shape`` but which holds only ``payload``."""
    header = repr({"descr": dtype, "fortran_order": False, "shape": tuple(shape)}).encode()
    header += b" " * (63 - (len(header) + 10) % 64) + b"\n"
    return b"\x93NUMPY\x01\x00" + struct.pack("<H", len(header)) + header + payload


def _evil_npy(folder) -> bytes:
    """An object-array ``.npy`` whose pickle stream calls ``open``."""
    header = repr({"descr": "|O", "fortran_order": False, "shape": (1,)}).encode()
    header += b" " * (63 - (len(header) + 10) % 64) + b"\n"
    return b"\x93NUMPY\x01\x00" + struct.pack("<H", len(header)) + header + _evil_pickle(folder)


def _zip(path, members: dict, compression=zipfile.ZIP_DEFLATED) -> str:
    with zipfile.ZipFile(path, "w", compression=compression) as zf:
        for name, data in members.items():
            zf.writestr(name, data)
    return path


def _deflate_bomb(n_bytes: int) -> bytes:
    """Raw deflate of ``n_bytes`` zeros, streamed in 1 MiB chunks at level 1."""
    comp = zlib.compressobj(1, zlib.DEFLATED, -15)
    chunk = b"\0" * (1 << 20)
    return b"".join(comp.compress(chunk) for _ in range(n_bytes >> 20)) + comp.flush()


def add_bomb(zip_bytes: bytes, name: str, n_bytes: int = BOMB_BYTES) -> bytes:
    """``zip_bytes`` with one more entry ``name`` that inflates to ``n_bytes`` zeros (~1000x).

    The sizes in its headers are honest (the claim is what a loader can check before reading).
    """
    raw = _deflate_bomb(n_bytes)
    crc, chunk = 0, b"\0" * (1 << 20)
    for _ in range(n_bytes >> 20):
        crc = zlib.crc32(chunk, crc)
    eocd = zip_bytes.rindex(b"PK\x05\x06")
    count, cd_size, cd_offset = struct.unpack("<HII", zip_bytes[eocd + 10: eocd + 20])
    fname = name.encode()
    local = struct.pack("<4s5H3L2H", b"PK\x03\x04", 20, 0, 8, 0, 0x21, crc, len(raw), n_bytes,
                        len(fname), 0) + fname + raw
    central = struct.pack("<4s6H3L5H2L", b"PK\x01\x02", 20, 20, 0, 8, 0, 0x21, crc, len(raw), n_bytes,
                          len(fname), 0, 0, 0, 0, 0, cd_offset) + fname
    files = zip_bytes[:cd_offset] + local
    cd = zip_bytes[cd_offset: cd_offset + cd_size] + central
    end = struct.pack("<4s4H2LH", b"PK\x05\x06", 0, 0, count + 1, count + 1, len(cd), len(files), 0)
    return files + cd + end


# ------------------------------------------------------------------------------------ .nbm

def _valid_model_file(path) -> str:
    from netbuilder.core.layers import Dense, Input
    from netbuilder.core.models import Model

    x = Input(shape=(3,), name="in")
    model = Model(x, Dense(2, name="out")(Dense(4, activation="relu", name="hidden")(x)), name="ok")
    model.compile("adam", "mse")
    model.fit(np.ones((4, 3), "float32"), np.zeros((4, 2), "float32"), epochs=1, verbose=0)
    model.save(path)
    return path


def _entries(path) -> dict:
    with zipfile.ZipFile(path) as zf:
        return {n: zf.read(n) for n in zf.namelist()}


def nbm_cases(folder) -> list:
    good = _valid_model_file(os.path.join(folder, "good.nbm"))
    raw = open(good, "rb").read()
    base = _entries(good)
    config = json.loads(base["config.json"])
    cases = []

    def add(name, code, data=None, members=None, **changes):
        path = os.path.join(folder, name + ".nbm")
        if data is not None:
            open(path, "wb").write(data)
        else:
            m = dict(base) if members is None else members
            m.update(changes.get("update", {}))
            for k in changes.get("drop", ()):
                m.pop(k)
            _zip(path, m)
        cases.append(Case("nbm/" + name, "nbm", path, code))

    add("empty", "model_not_zip", data=b"")
    add("text", "model_not_zip", data=b"this is not a model\n" * 10)
    add("truncated_half", ("model_not_zip", "model_bad_zip"), data=raw[: len(raw) // 2])
    add("truncated_tail", ("model_not_zip", "model_bad_zip"), data=raw[:-30])
    add("flipped_bytes", ("model_bad_zip", "model_bad_json", "model_bad_npz", "model_not_zip"),
        data=raw[:60] + bytes(b ^ 0xFF for b in raw[60:200]) + raw[200:])
    add("traversal_entry", "model_bad_entry", update={"../../evil.json": b"{}"})
    add("absolute_entry", "model_bad_entry", update={"/tmp/evil.json": b"{}"})
    add("missing_weights", "model_missing_entry", drop=("weights.npz",))
    add("foreign_metadata", "model_foreign", update={"metadata.json": b'{"format": "something-else"}'})
    add("metadata_list", "model_foreign", update={"metadata.json": b"[1, 2]"})
    add("version_text", "model_bad_metadata",
        update={"metadata.json": b'{"format": "netbuilder-model", "format_version": "one"}'})
    add("version_list", "model_bad_metadata",
        update={"metadata.json": b'{"format": "netbuilder-model", "format_version": [1]}'})
    add("newer_version", "model_newer",
        update={"metadata.json": b'{"format": "netbuilder-model", "format_version": 99}'})
    add("non_utf8_config", "model_bad_json", update={"config.json": b"\xff\xfe{\x00\x80"})
    add("nested_json", "model_bad_json", update={"config.json": b"[" * 200_000 + b"]" * 200_000})
    add("nested_config", ("model_bad_config", "model_bad_json"), update={"config.json": _deep_json(5000)})
    bad = json.loads(json.dumps(config))
    bad["config"]["layers"][1]["class_name"] = "EvilLayer"
    add("unknown_layer", "model_bad_config", update={"config.json": json.dumps(bad).encode()})
    bad = json.loads(json.dumps(config))
    bad["config"]["layers"][1]["config"]["units"] = "four"
    add("wrong_type_units", "model_bad_config", update={"config.json": json.dumps(bad).encode()})
    add("config_is_list", "model_bad_config", update={"config.json": b"[]"})
    add("config_is_number", "model_bad_config", update={"config.json": b"42"})
    bad = json.loads(json.dumps(config))
    bad["config"]["layers"][1]["config"]["units"] = 10 ** 7
    bad["config"]["layers"][0]["config"]["batch_shape"] = [None, 10 ** 6]
    add("huge_layer", "model_bad_config", update={"config.json": json.dumps(bad).encode()})
    w = dict(np.load(io.BytesIO(base["weights.npz"])))
    w2 = dict(w)
    w2["hidden/kernel"] = np.zeros((5, 4), "float32")
    add("wrong_shape_weights", "model_weight_shape", update={"weights.npz": _npz(w2)})
    w2 = dict(w)
    w2["hidden/kernel"] = np.array([["a"] * 4] * 3)
    add("string_weights", "model_weight_shape", update={"weights.npz": _npz(w2)})
    w2 = dict(w)
    w2.pop("out/bias")
    add("missing_weight", "model_weights_mismatch", update={"weights.npz": _npz(w2)})
    pickled = {k + ".npy": _npy_bytes(v) for k, v in w.items()}
    pickled["out/bias.npy"] = _evil_npy(folder)
    add("pickle_in_weights", "model_bad_npz", update={"weights.npz": _zip_bytes(pickled)})
    claimed = {k + ".npy": _npy_bytes(v) for k, v in w.items()}
    claimed["out/bias.npy"] = _npy_claiming((2 ** 28,), "<f8")  # 2 GiB announced, 64 bytes held
    add("claims_2gb", ("model_bad_npz", "model_weight_shape"), update={"weights.npz": _zip_bytes(claimed)})
    claimed["out/bias.npy"] = _npy_claiming((2 ** 50,), "<f8")  # 8 PiB announced
    add("claims_8pib", ("model_bad_npz", "model_weight_shape"), update={"weights.npz": _zip_bytes(claimed)})
    add("garbage_npz", "model_bad_npz", update={"weights.npz": b"PK\x03\x04 garbage"})
    add("compile_is_list", "model_bad_compile", update={"compile.json": b"[1]"})
    add("compile_unknown_optimizer", "model_bad_compile",
        update={"compile.json": json.dumps({"optimizer": "evil_opt", "loss": ["mse"]}).encode()})
    add("history_wrong_types", "model_bad_history",
        update={"history.json": json.dumps({"history": {"loss": 5}, "epoch": "x"}).encode()})
    add("optimizer_state_garbage", "model_bad_optimizer", update={"optimizer.npz": _npz({"x": np.ones(3)})})
    members = {k: v for k, v in base.items() if k != "history.json"}
    add("zip_bomb", ("model_zip_bomb", "model_too_big"),
        data=add_bomb(_zip_bytes(members, zipfile.ZIP_DEFLATED), "history.json"))
    return cases


def _deep_json(depth) -> bytes:
    inner = '{"class_name": "Sequential", "config": {"layers": []}}'
    for _ in range(depth):
        inner = '{"class_name": "Functional", "config": {"layers": [' + inner + ']}}'
    return inner.encode()


def _npz(arrays) -> bytes:
    buf = io.BytesIO()
    np.savez(buf, **arrays)
    return buf.getvalue()


def _zip_bytes(members, compression=zipfile.ZIP_STORED) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", compression=compression) as zf:
        for n, d in members.items():
            zf.writestr(n, d)
    return buf.getvalue()


# ------------------------------------------------------------------------------------ CSV

def csv_cases(folder) -> list:
    cases = []

    def add(name, code, data: bytes, suffix=".csv"):
        path = os.path.join(folder, name + suffix)
        open(path, "wb").write(data)
        cases.append(Case("csv/" + name, "csv", path, code))

    good = b"a,b,label\n1,2,0\n3,4,1\n5,6,0\n"
    add("empty", "csv_empty", b"")
    add("blank_lines", "csv_empty", b"\n\n  \n")
    add("header_only", "csv_empty", b"a,b,label\n")
    add("ragged", "csv_ragged", b"a,b,label\n1,2,0\n3,4\n")
    add("text_cell", "csv_bad_value", b"a,b,label\n1,two,0\n3,4,1\n")
    add("empty_cell", "csv_bad_value", b"a,b,label\n1,,0\n3,4,1\n")
    add("nan_cell", "csv_nonfinite", b"a,b,label\n1,nan,0\n3,4,1\n")
    add("inf_cell", "csv_nonfinite", b"a,b,label\n1,2,0\n-inf,4,1\n")
    add("nan_target", "csv_nonfinite", b"a,b,y\n1,2,0.5\n3,4,NaN\n5,6,0.25\n")
    add("huge_number", "csv_nonfinite", b"a,b,label\n1,1e999,0\n3,4,1\n")
    add("latin1", "csv_unreadable", "a,b,caf\u00e9\n1,2,0\n".encode("latin-1"))
    add("binary_garbage", ("csv_unreadable", "csv_bad_value", "csv_ragged"), bytes(range(256)) * 20)
    add("nul_bytes", ("csv_bad_value", "csv_unreadable"), b"a,b,label\n1,\x002,0\n3,4,1\n")
    add("huge_field", "csv_unreadable", b"a,b,label\n" + b"1" * 300_000 + b",2,0\n")
    add("one_column", "csv_no_features", b"label\n0\n1\n")
    add("truncated_gzip", "csv_unreadable", gzip.compress(good * 50)[:-20], suffix=".csv.gz")
    add("not_gzip", "csv_unreadable", b"\x1f\x8bnot really gzip", suffix=".csv.gz")
    add("gzip_bomb", "csv_too_large", _gzip_bomb(b"1,2,0\n"), suffix=".csv.gz")
    return cases


def _gzip_bomb(line: bytes, n_bytes: int = BOMB_BYTES) -> bytes:
    comp = zlib.compressobj(1, zlib.DEFLATED, 31)  # gzip container
    chunk = line * ((1 << 20) // len(line))
    return b"".join(comp.compress(chunk) for _ in range(n_bytes >> 20)) + comp.flush()


# ------------------------------------------------------------------------------------ .npz

def npz_cases(folder) -> list:
    cases = []

    def add(name, code, members=None, data=None):
        path = os.path.join(folder, name + ".npz")
        open(path, "wb").write(data if data is not None else _zip_bytes(
            {k if k.endswith(".npy") else k + ".npy": v if isinstance(v, bytes) else _npy_bytes(v)
             for k, v in members.items()}))
        cases.append(Case("npz/" + name, "npz", path, code))

    x, y = np.ones((4, 3), "float32"), np.array([0, 1, 0, 1])
    add("empty_file", "npz_bad_format", data=b"")
    add("not_zip", "npz_bad_format", data=b"hello")
    add("truncated", "npz_bad_format", data=_zip_bytes({"x.npy": _npy_bytes(x), "y.npy": _npy_bytes(y)})[:-40])
    add("no_keys", "npz_missing_keys", {"a": x})
    add("only_x_test", "npz_missing_keys", {"x_train": x, "y_train": y, "x_test": x})
    add("length_mismatch", "length_mismatch", {"x": x, "y": y[:3]})
    add("string_x", "bad_dtype", {"x": np.array([["a"] * 3] * 4), "y": y})
    add("string_y", "bad_dtype", {"x": x, "y": np.array(["a", "b", "a", "b"])})
    add("scalar_x", "bad_shape", {"x": np.float32(1.0), "y": y})
    add("scalar_y", "bad_shape", {"x": x, "y": np.int64(1)})
    add("nan_x", "data_nonfinite", {"x": np.array([[1, np.nan, 0]] * 4, "float32"), "y": y})
    add("inf_y", "data_nonfinite", {"x": x, "y": np.array([0.5, np.inf, 0.1, 0.2])})
    add("complex_x", "bad_dtype", {"x": x.astype(complex), "y": y})
    add("negative_class", "bad_class_ids", {"x": x, "y": np.array([0, -1, 2, 1])})
    add("pickled_object", "npz_unsafe", {"x.npy": _evil_npy(folder), "y": y})
    add("traversal_entry", "npz_missing_keys", {"../../x.npy": _npy_bytes(x), "/abs/y.npy": _npy_bytes(y)})
    add("claims_2gb", "npz_bad_format", {"x.npy": _npy_claiming((2 ** 28,)), "y": y})
    add("claims_8pib", "npz_bad_format", {"x.npy": _npy_claiming((2 ** 50,)), "y": y})
    add("bad_header", "npz_bad_format", {"x.npy": b"\x93NUMPY\x01\x00\x10\x00{'descr': 'zz'}  \n", "y": y})
    add("zip_bomb", "npz_bad_format", data=add_bomb(_zip_bytes({"y.npy": _npy_bytes(y)}), "x.npy"))
    return cases


# ------------------------------------------------------------------------------------ IDX

def idx_cases(folder) -> list:
    cases = []

    def add(name, data: bytes, code="idx_bad_file"):
        path = os.path.join(folder, name)
        open(path, "wb").write(data)
        cases.append(Case("idx/" + name, "idx", path, code))

    images = struct.pack(">IIII", 2051, 2, 2, 2) + bytes(8)
    add("empty", b"")
    add("short_header", struct.pack(">I", 2051))
    add("bad_magic", struct.pack(">II", 1234, 1) + b"\0")
    add("truncated_images", images[:-3])
    add("extra_bytes", images + b"\0")
    add("claims_2gb", struct.pack(">IIII", 2051, 2 ** 31 - 1, 28, 28) + bytes(784))
    add("claims_4g_labels", struct.pack(">II", 2049, 2 ** 32 - 1) + bytes(10))
    add("truncated.gz", gzip.compress(images)[:-6])
    add("garbage.gz", b"\x1f\x8b\x08\x00garbage")
    add("gzip_bomb.gz", _gzip_bomb(b"\0"), code="idx_too_large")
    return cases


# ------------------------------------------------------------------------------------ IMDB / Reuters

def sequence_npz_cases(folder) -> list:
    cases = []

    def add(name, loader, members, code):
        path = os.path.join(folder, name + ".npz")
        open(path, "wb").write(_zip_bytes({k + ".npy" if not k.endswith(".npy") else k:
                                           v if isinstance(v, bytes) else _npy_bytes(v)
                                           for k, v in members.items()}))
        cases.append(Case(f"{loader}/{name}", loader, path, code))

    seqs = np.empty(2, dtype=object)
    seqs[0], seqs[1] = [1, 2, 3], [4, 5]
    labels = np.array([0, 1])
    full = {"x_train": seqs, "y_train": labels, "x_test": seqs, "y_test": labels}
    add("imdb_pickle_exploit", "imdb", dict(full, **{"x_train.npy": _evil_npy(folder)}), "npz_unsafe")
    add("imdb_missing_key", "imdb", {"x_train": seqs, "y_train": labels}, "npz_missing_keys")
    strings = np.empty(2, dtype=object)
    strings[0], strings[1] = "abc", None
    add("imdb_not_sequences", "imdb", dict(full, x_train=strings), "bad_sequences")
    add("imdb_length_mismatch", "imdb", dict(full, y_train=np.array([0, 1, 1])), "length_mismatch")
    add("reuters_pickle_exploit", "reuters", {"x.npy": _evil_npy(folder), "y": labels}, "npz_unsafe")
    add("reuters_scalar", "reuters", {"x": np.int64(3), "y": labels}, "bad_sequences")
    add("reuters_claims_8pib", "reuters", {"x.npy": _npy_claiming((2 ** 50,)), "y": labels}, "npz_bad_format")
    return cases


def build_corpus(folder) -> list:
    """Write every hostile file into ``folder`` and return their :class:`Case` list."""
    out = []
    for make in (nbm_cases, csv_cases, npz_cases, idx_cases, sequence_npz_cases):
        sub = os.path.join(folder, make.__name__.replace("_cases", ""))
        os.makedirs(sub, exist_ok=True)
        out.extend(make(sub))
    return out
