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


def _zip_bomb(path, name, n_bytes=BOMB_BYTES) -> str:
    """A zip whose entry ``name`` expands ~1000x (honest sizes in its headers)."""
    raw = _deflate_bomb(n_bytes)
    crc = 0
    chunk = b"\0" * (1 << 20)
    for _ in range(n_bytes >> 20):
        crc = zlib.crc32(chunk, crc)
    info = zipfile.ZipInfo(name)
    info.compress_type = zipfile.ZIP_DEFLATED
    # write a tiny entry, then splice the bomb's stream and sizes in its place
    with zipfile.ZipFile(path, "w") as zf:
        zf.writestr(info, b"")
    data = bytearray(open(path, "rb").read())
    local = data.index(b"PK\x03\x04")
    fname_len, extra_len = struct.unpack("<HH", data[local + 26: local + 30])
    body = local + 30 + fname_len + extra_len
    central = data.index(b"PK\x01\x02")
    empty_len = central - body
    head = bytearray(data[:body])
    struct.pack_into("<III", head, local + 14, crc, len(raw), n_bytes)
    tail = bytearray(data[central:])
    struct.pack_into("<III", tail, 16, crc, len(raw), n_bytes)
    eocd = tail.index(b"PK\x05\x06")
    struct.pack_into("<I", tail, eocd + 16, body + len(raw))
    assert empty_len >= 0
    with open(path, "wb") as f:
        f.write(bytes(head) + raw + bytes(tail))
    return path


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
    nested = {"class_name": "Functional", "config": {}}
    for _ in range(5000):
        nested = {"class_name": "Functional", "config": {"layers": [nested]}}
    add("nested_config", "model_bad_config", update={"config.json": json.dumps(nested).encode()[:10 ** 6]
                                                      if False else _deep_json(5000)})
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
    bomb = os.path.join(folder, "bomb.nbm")
    _zip_bomb(bomb, "history.json")
    m = dict(base)
    with zipfile.ZipFile(bomb) as zf_bomb, zipfile.ZipFile(os.path.join(folder, "zip_bomb.nbm"), "w") as zf:
        for k, v in m.items():
            if k != "history.json":
                zf.writestr(k, v)
        zf_bomb_info = zf_bomb.infolist()[0]
    _splice_bomb_into(os.path.join(folder, "zip_bomb.nbm"), "weights2", bomb)
    cases.append(Case("nbm/zip_bomb", "nbm", os.path.join(folder, "zip_bomb.nbm"),
                      ("model_zip_bomb", "model_too_big", "model_bad_entry")))
    del zf_bomb_info
    return cases


def _splice_bomb_into(path, _unused, bomb_path) -> None:
    """Rewrite ``path`` so that it also holds the bomb entry of ``bomb_path`` (raw copy)."""
    with zipfile.ZipFile(bomb_path) as src:
        info = src.infolist()[0]
        raw = open(bomb_path, "rb").read()
    with zipfile.ZipFile(path) as zf:
        members = {n: zf.read(n) for n in zf.namelist()}
    # a zip of the ordinary members, then the bomb appended via a second archive merge
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as zf:
        for n, d in members.items():
            zf.writestr(n, d)
    _append_raw_entry(path, info, raw)


def _append_raw_entry(path, info, bomb_raw: bytes) -> None:
    """Append the first (bomb) entry of the zip bytes ``bomb_raw`` to the zip at ``path``."""
    data = open(path, "rb").read()
    eocd = data.rindex(b"PK\x05\x06")
    n_entries, cd_size, cd_offset = struct.unpack("<HIIH", data[eocd + 10: eocd + 22] + b"\0\0")[0::1][:3] \
        if False else (struct.unpack("<H", data[eocd + 10: eocd + 12])[0],
                       struct.unpack("<I", data[eocd + 12: eocd + 16])[0],
                       struct.unpack("<I", data[eocd + 16: eocd + 20])[0])
    files_part = data[:cd_offset]
    cd_part = data[cd_offset: cd_offset + cd_size]
    b_central = bomb_raw.index(b"PK\x01\x02")
    b_eocd = bomb_raw.rindex(b"PK\x05\x06")
    b_local = bomb_raw[:b_central]
    b_cd = bytearray(bomb_raw[b_central:b_eocd])
    struct.pack_into("<I", b_cd, 42, len(files_part))  # local header offset
    new_cd = cd_part + bytes(b_cd)
    new_files = files_part + b_local
    eocd_rec = bytearray(data[eocd:])
    struct.pack_into("<HHII", eocd_rec, 8, n_entries + 1, n_entries + 1, len(new_cd), len(new_files))
    with open(path, "wb") as f:
        f.write(new_files + new_cd + bytes(eocd_rec))


def _deep_json(depth) -> bytes:
    inner = '{"class_name": "Sequential", "config": {"layers": []}}'
    for _ in range(depth):
        inner = '{"class_name": "Functional", "config": {"layers": [' + inner + ']}}'
    return inner.encode()


def _npz(arrays) -> bytes:
    buf = io.BytesIO()
    np.savez(buf, **arrays)
    return buf.getvalue()


def _zip_bytes(members) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        for n, d in members.items():
            zf.writestr(n, d)
    return buf.getvalue()
