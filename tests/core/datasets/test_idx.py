"""The IDX reader on images that are not square: rows and columns must not be swapped (MNIST's
28 × 28 cannot tell them apart)."""

import gzip
import struct

import numpy as np
import pytest

from netbuilder.core.datasets import idx
from netbuilder.core.errors import DataError


def idx_images(a: np.ndarray) -> bytes:
    n, rows, cols = a.shape
    return struct.pack(">IIII", 2051, n, rows, cols) + a.astype(np.uint8).tobytes()


def idx_labels(a: np.ndarray) -> bytes:
    return struct.pack(">II", 2049, len(a)) + a.astype(np.uint8).tobytes()


@pytest.mark.parametrize("gz", [False, True])
def test_non_square_images_keep_rows_and_columns(tmp_path, gz):
    images = np.arange(2 * 3 * 5, dtype=np.uint8).reshape(2, 3, 5)  # 3 rows of 5 pixels
    data = idx_images(images)
    path = tmp_path / ("x-idx3-ubyte" + (".gz" if gz else ""))
    path.write_bytes(gzip.compress(data) if gz else data)
    out = idx.read_idx(path)
    assert out.shape == (2, 3, 5) and out.dtype == np.uint8
    np.testing.assert_array_equal(out, images)
    assert out[1, 2, 0] == 25  # row 2, column 0 of image 1: 15 + 2·5


def test_labels(tmp_path):
    labels = np.array([5, 0, 4, 1, 9], dtype=np.uint8)
    path = tmp_path / "y-idx1-ubyte"
    path.write_bytes(idx_labels(labels))
    np.testing.assert_array_equal(idx.read_idx(path), labels)


def test_a_header_that_does_not_match_the_data_is_refused(tmp_path):
    path = tmp_path / "x-idx3-ubyte"
    path.write_bytes(idx_images(np.zeros((2, 3, 5)))[:-1])
    with pytest.raises(DataError, match="announces"):
        idx.read_idx(path)
