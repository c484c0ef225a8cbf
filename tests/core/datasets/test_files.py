"""The user's own data: CSV and npz import with task detection and clear errors."""

from __future__ import annotations

import gzip

import numpy as np
import pytest

from netbuilder.core.datasets.files import detect_task, load_arrays, load_csv
from netbuilder.core.errors import DataError


def _write(tmp_path, text, name="data.csv"):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return str(path)


def test_csv_with_header_and_string_classes(tmp_path):
    path = _write(tmp_path, "a,b,kind\n1,2.5,cat\n3,4,dog\n5,6e-1,cat\n7,8,bird\n")
    data = load_csv(path)
    assert data.task == "multiclass" and data.num_classes == 3
    assert data.class_names == ("bird", "cat", "dog")
    assert data.y_train.tolist() == [1, 2, 1, 0] and data.y_train.dtype == np.int64
    np.testing.assert_array_equal(data.x_train, np.array([[1, 2.5], [3, 4], [5, 0.6], [7, 8]], np.float32))
    assert data.feature_names == ("a", "b") and data.target_name == "kind" and data.x_train.dtype == np.float32


def test_csv_target_choice_and_task_detection(tmp_path):
    path = _write(tmp_path, "y;x1;x2\n0;1;2\n1;3;4\n1;5;6\n")
    data = load_csv(path, target="y")
    assert data.task == "binary" and data.feature_names == ("x1", "x2") and data.y_train.tolist() == [0, 1, 1]
    data = load_csv(path, target=0, task="regression")
    assert data.task == "regression" and data.y_train.dtype == np.float32
    data = load_csv(path, target=-1)
    assert data.target_name == "x2" and data.task == "multiclass" and data.class_names == ("2", "4", "6")
    path = _write(tmp_path, "1.5,2,0.25\n2,3,1.75\n4,1,3.5\n", "noheader.csv")
    data = load_csv(path)
    assert data.task == "regression" and data.feature_names == ("column 0", "column 1")
    np.testing.assert_allclose(data.y_train, [0.25, 1.75, 3.5])
    data = load_csv(path, target=1, task="classification")
    assert data.task == "multiclass" and data.class_names == ("1", "2", "3")


def test_csv_errors_name_line_and_column(tmp_path):
    path = _write(tmp_path, "a,b,y\n1,2,0\n3,oops,1\n4,,1\n")
    with pytest.raises(DataError) as info:
        load_csv(path)
    assert info.value.code == "csv_bad_value"
    assert info.value.params == {"line": 3, "column": "b", "value": "oops"}
    assert "line 3" in str(info.value) and "'b'" in str(info.value)
    with pytest.raises(DataError, match="line 3 has 2 fields"):
        load_csv(_write(tmp_path, "a,b,y\n1,2,0\n3,4\n", "ragged.csv"))
    with pytest.raises(DataError, match="no column named 'z'"):
        load_csv(path, target="z")
    with pytest.raises(DataError, match="numeric target"):
        load_csv(_write(tmp_path, "a,y\n1,x\n2,y\n", "s.csv"), task="regression")
    with pytest.raises(DataError, match="holds no data"):
        load_csv(_write(tmp_path, "\n\n", "empty.csv"))
    with pytest.raises(DataError, match="task"):
        load_csv(path, task="clustering")


def test_csv_gz_mnist_subset_matches_training_images(shared, mnist_arrays):
    data = load_csv(shared / "mnist_subset" / "mnist_5k.csv.gz")
    assert data.x_train.shape == (5000, 784) and data.task == "multiclass" and data.num_classes == 10
    (x, y), _ = mnist_arrays
    np.testing.assert_array_equal(data.x_train[0], x[1].reshape(-1).astype(np.float32))
    assert np.bincount(data.y_train).tolist() == [500] * 10


def test_detect_task():
    assert detect_task(np.array([0, 1, 1])) == "binary"
    assert detect_task(np.array([0.0, 2.0, 5.0])) == "multiclass"
    assert detect_task(np.arange(100)) == "regression"
    assert detect_task(np.array([0.5, 1.0])) == "regression"
    assert detect_task(np.eye(3)) == "multiclass"


def test_npz_keys_and_safety(tmp_path):
    rng = np.random.default_rng(0)
    np.savez(tmp_path / "xy.npz", x=rng.normal(size=(10, 3)), y=np.arange(10) % 3)
    data = load_arrays(str(tmp_path / "xy.npz"))
    assert data.x_train.dtype == np.float32 and data.task == "multiclass" and data.num_classes == 3
    assert data.y_train.dtype == np.int64 and data.x_test is None
    np.savez(tmp_path / "split.npz", x_train=rng.normal(size=(8, 2)), y_train=rng.normal(size=8),
             x_test=rng.normal(size=(4, 2)), y_test=rng.normal(size=4))
    data = load_arrays(str(tmp_path / "split.npz"))
    assert data.task == "regression" and data.x_test.shape == (4, 2) and data.y_test.dtype == np.float32
    np.savez(tmp_path / "wrong.npz", a=np.zeros(3))
    with pytest.raises(DataError, match="keys x and y"):
        load_arrays(str(tmp_path / "wrong.npz"))
    obj = np.empty(2, dtype=object)
    obj[:] = [[1], [2, 3]]
    np.savez(tmp_path / "obj.npz", x=obj, y=np.array([0, 1]))
    with pytest.raises(DataError) as info:
        load_arrays(str(tmp_path / "obj.npz"))
    assert info.value.code == "npz_unsafe"
    np.savez(tmp_path / "len.npz", x=np.zeros((3, 2)), y=np.zeros(2))
    with pytest.raises(DataError, match="3 samples but y has 2"):
        load_arrays(str(tmp_path / "len.npz"))
    with gzip.open(tmp_path / "not.npz", "wb") as f:
        f.write(b"nope")
    with pytest.raises(DataError, match="not a readable .npz"):
        load_arrays(str(tmp_path / "not.npz"))


def test_values_beyond_float32_are_reported_as_too_large(tmp_path):
    """Finite float64 values over float32's ~3.4e38 are not "NaN or inf": the errors say scale them."""
    path = tmp_path / "big.npz"
    np.savez(path, x=np.array([[1.0, 2.0], [7e39, 3.0]]), y=np.array([0, 1]))
    with pytest.raises(DataError) as info:
        load_arrays(path)
    assert info.value.code == "data_too_large"
    assert info.value.params == {"what": "x", "value": "7e+39", "index": "(1, 0)", "dtype": "float32",
                                 "limit": "3.4e+38"}
    assert str(info.value).startswith("train: x holds values too large for float32 (7e+39 at index (1, 0)")
    np.savez(path, x=np.ones((2, 2)), y=np.array([0.5, -4e40]))
    with pytest.raises(DataError) as info:
        load_arrays(path, task="regression")
    assert info.value.code == "data_too_large" and info.value.params["what"] == "y"
    csv_path = tmp_path / "big.csv"
    csv_path.write_text("a,b,label\n1,2,0\n3,1e39,1\n")
    with pytest.raises(DataError) as info:
        load_csv(csv_path)
    assert info.value.code == "csv_value_too_large"
    assert info.value.params == {"line": 3, "column": "b", "value": "1e+39"}
    csv_path.write_text("a,b,label\n1,2,0\n3,1e999,1\n")  # inf in float64 too: still not finite
    with pytest.raises(DataError) as info:
        load_csv(csv_path)
    assert info.value.code == "csv_nonfinite"
