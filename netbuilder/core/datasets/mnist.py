"""MNIST handwritten digits, loaded exactly as ``keras.datasets.mnist.load_data``.

60,000 training and 10,000 test images of 28×28 grey pixels (0..255), labels 0..9, in the
official IDX order with no shuffling.
"""

from __future__ import annotations

import os

from .download import fetch
from .idx import load_idx_folder
from .npz import load_npz
from ..errors import DataError

FILE_NAME = "mnist.npz"
FILE_HASH = "731c5ac602752760c8e48fbffcf8c3b850d9dc2a2aedcf2cc48468fc17b673d1"
CLASS_NAMES = tuple(str(d) for d in range(10))


def load_data(path="mnist.npz", *, progress=None, cancel=None):
    """Load MNIST as Keras 3 does: ``(x_train, y_train), (x_test, y_test)``.

    Shapes and dtypes: ``x_train`` uint8 (60000, 28, 28), ``y_train`` uint8 (60000,),
    ``x_test`` uint8 (10000, 28, 28), ``y_test`` uint8 (10000,). Pixels 0..255, no scaling.

    Args:
        path: a bare file name (Keras's meaning: the file in ``~/.keras/datasets``, downloaded and
            sha256-checked when missing), or a path with a folder in it: your own copy, read as it
            is with no download or hash check, either an ``.npz`` with the keys ``x_train``,
            ``y_train``, ``x_test``, ``y_test`` or a folder holding the four official IDX files
            (``train-images-idx3-ubyte.gz`` ...).
        progress: ``progress(done, total)`` during a download (bytes); return False to cancel.
        cancel: ``threading.Event`` (or callable) that cancels a download.
    """
    local = fetch(path, FILE_NAME, FILE_HASH, progress=progress, cancel=cancel)
    if os.path.isdir(local):
        return load_idx_folder(local)
    data = load_npz(local, allow_objects=False)
    needs = ["x_train", "y_train", "x_test", "y_test"]
    missing = [k for k in needs if k not in data]
    if missing:
        raise DataError(f"{local} lacks the key(s) {missing} (it holds {sorted(data)}); an MNIST npz holds "
                        f"x_train, y_train, x_test and y_test", code="npz_missing_keys", path=local,
                        missing=missing, holds=sorted(data), needs=needs)
    return (data["x_train"], data["y_train"]), (data["x_test"], data["y_test"])
