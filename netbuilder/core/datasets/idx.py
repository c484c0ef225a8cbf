"""The IDX format of MNIST and Fashion-MNIST (LeCun's ``*-idx?-ubyte[.gz]`` files).

An IDX file is a big-endian header followed by raw uint8 data: magic ``0x00000801`` (2049) and
the count for labels (8 bytes), magic ``0x00000803`` (2051), count, rows, cols for images
(16 bytes). Reading the bytes after the header gives the same arrays as Keras's ``mnist.npz`` and
its Fashion-MNIST loader.
"""

from __future__ import annotations

import gzip
import os
import zlib

import numpy as np

from ..errors import DataError

#: The four files of an MNIST-style folder, in Keras's return order.
IDX_FILES = ("train-images-idx3-ubyte", "train-labels-idx1-ubyte",
             "t10k-images-idx3-ubyte", "t10k-labels-idx1-ubyte")

_LABELS, _IMAGES = 2049, 2051


#: largest IDX file read, in bytes after decompression (MNIST's train images: 47 MB)
MAX_IDX_BYTES = 1024 ** 3


def read_idx_bytes(path) -> bytes:
    """The decompressed bytes of an IDX file (gunzipped when it starts with gzip's magic bytes).

    At most :data:`MAX_IDX_BYTES` are read, so a gzip bomb is refused (``idx_too_large``) instead
    of filling memory.
    """
    try:
        with open(path, "rb") as f:
            magic = f.read(2)
            f.seek(0)
            if magic == b"\x1f\x8b":
                # GzipFile checks the CRC32 and length at the end: truncation is caught
                with gzip.GzipFile(fileobj=f) as g:
                    data = g.read(MAX_IDX_BYTES + 1)
            else:
                data = f.read(MAX_IDX_BYTES + 1)
    except (OSError, EOFError, zlib.error) as exc:
        raise DataError(f"{path} is not a readable IDX file ({exc})", code="idx_bad_file",
                        path=str(path)) from exc
    if len(data) > MAX_IDX_BYTES:
        raise DataError(f"{path} holds more than {MAX_IDX_BYTES:,} bytes (after decompression): not an "
                        "IDX file netbuilder can load", code="idx_too_large", path=str(path),
                        limit=MAX_IDX_BYTES)
    return data


def parse_idx(data: bytes, path="<bytes>") -> np.ndarray:
    """An IDX label ``(n,)`` or image ``(n, rows, cols)`` uint8 array (a writable copy) from its bytes."""
    head = np.frombuffer(data[:4], ">u4") if len(data) >= 8 else None
    if head is None or int(head[0]) not in (_LABELS, _IMAGES):
        raise DataError(f"{path} is not an IDX label or image file (bad magic number)",
                        code="idx_bad_file", path=str(path))
    if int(head[0]) == _LABELS:
        n = int(np.frombuffer(data[4:8], ">u4")[0])
        shape, offset = (n,), 8
    else:
        if len(data) < 16:
            raise DataError(f"{path} is truncated", code="idx_bad_file", path=str(path))
        n, rows, cols = (int(v) for v in np.frombuffer(data[4:16], ">u4"))
        shape, offset = (n, rows, cols), 16
    if len(data) - offset != int(np.prod(shape)):
        raise DataError(f"{path}: the header announces {shape} but the file holds {len(data) - offset} "
                        f"bytes of data", code="idx_bad_file", path=str(path))
    return np.frombuffer(data, np.uint8, offset=offset).reshape(shape).copy()


def read_idx(path) -> np.ndarray:
    """Read one IDX file (``.gz`` or not) into a uint8 array."""
    return parse_idx(read_idx_bytes(path), path)


def find_idx_files(folder) -> list:
    """The four IDX files in ``folder``, each as ``name.gz`` or uncompressed ``name``.

    The uncompressed names are also accepted with a dot before ``idx`` (``train-images.idx3-ubyte``),
    as some unzip tools write them.
    """
    found, missing = [], []
    for name in IDX_FILES:
        dotted = name.replace("-idx", ".idx")
        candidates = [name + ".gz", name, dotted, dotted + ".gz"]
        hit = next((os.path.join(folder, c) for c in candidates
                    if os.path.isfile(os.path.join(folder, c))), None)
        (found if hit else missing).append(hit or name + ".gz")
    if missing:
        raise DataError(f"the folder {folder} lacks the IDX file(s) {', '.join(missing)}; it must hold "
                        f"the four files {', '.join(n + '.gz' for n in IDX_FILES)}",
                        code="idx_missing", folder=str(folder), files=missing)
    return found


def load_idx_folder(folder):
    """``(x_train, y_train), (x_test, y_test)`` uint8 arrays from a folder of the four IDX files."""
    x_train, y_train, x_test, y_test = (read_idx(p) for p in find_idx_files(folder))
    for x, y, split in ((x_train, y_train, "train"), (x_test, y_test, "t10k")):
        if x.ndim != 3 or y.ndim != 1 or len(x) != len(y):
            raise DataError(f"{folder}: the {split} images {x.shape} and labels {y.shape} do not match",
                            code="idx_bad_file", folder=str(folder))
    return (x_train, y_train), (x_test, y_test)
