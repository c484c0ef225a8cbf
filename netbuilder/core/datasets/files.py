"""The user's own data: a CSV table or an ``.npz`` of arrays, checked with clear errors.

- :func:`load_csv`: pick the target column (by name or position, default: the last one); every
  other column must be numeric; the task (binary / multiclass / regression) is detected from the
  target and can be overridden. A bad cell is reported by line number, column and value.
- :func:`load_arrays`: an ``.npz`` with ``x``/``y`` or ``x_train``/``y_train`` (optionally
  ``x_test``/``y_test``) keys, read with ``allow_pickle=False`` (no code can run from the file).
"""

from __future__ import annotations

import csv
import gzip
import io
import os
import zlib
from dataclasses import dataclass, field

import numpy as np

from .npz import load_npz
from ..errors import DataError
from ..models.data import too_large_error

TASKS = ("auto", "binary", "multiclass", "regression", "classification")
#: an integer-valued numeric target with at most this many distinct values counts as classes
MAX_AUTO_CLASSES = 20
#: largest table ``load_csv`` reads, in characters after decompression (a gzip bomb stops here)
MAX_CSV_CHARS = 256 * 1024 ** 2


@dataclass
class UserData:
    """Arrays loaded from the user's file and what was detected about them.

    ``x_train`` float32 ``(n, features)``; ``y_train`` int64 class ids ``(n,)`` for classification
    (or float32 one-hot ``(n, classes)`` when the file holds one-hot labels), float32 ``(n,)`` for
    regression. ``x_test``/``y_test`` are None unless the file provides them.
    """

    x_train: np.ndarray
    y_train: np.ndarray
    task: str
    x_test: np.ndarray | None = None
    y_test: np.ndarray | None = None
    num_classes: int | None = None
    class_names: tuple = ()
    feature_names: tuple = ()
    target_name: str = ""
    source: str = ""
    notes: list = field(default_factory=list)


def detect_task(y) -> str:
    """``"binary"``, ``"multiclass"`` or ``"regression"`` for the targets ``y``.

    One-hot 2-D targets are multiclass (binary with one column of 0/1). Numeric 1-D targets are
    classes when they are all integers and take at most :data:`MAX_AUTO_CLASSES` distinct values
    (two of them: binary), otherwise regression. Non-numeric targets are always classes.
    """
    y = np.asarray(y)
    if y.dtype.kind not in "biuf":
        return "binary" if len(np.unique(y)) <= 2 else "multiclass"
    if y.ndim == 2 and y.shape[1] > 1:
        return "multiclass"
    flat = y.reshape(-1)
    if flat.size and np.all(np.isfinite(flat)) and np.all(flat == np.round(flat)):
        distinct = np.unique(flat)
        if len(distinct) <= 2 and np.all((distinct == 0) | (distinct == 1)):
            return "binary"
        if len(distinct) <= MAX_AUTO_CLASSES:
            return "multiclass" if len(distinct) > 2 else "binary"
    return "regression"


def _open_text(path):
    if str(path).endswith(".gz"):
        return io.TextIOWrapper(gzip.open(path, "rb"), encoding="utf-8-sig", newline="")
    return open(path, encoding="utf-8-sig", newline="")


def _is_number(text) -> bool:
    try:
        float(text)
    except ValueError:
        return False
    return True


def _column(header, target):
    if target is None:
        return len(header) - 1
    if isinstance(target, (int, np.integer)) and not isinstance(target, bool):
        if not -len(header) <= target < len(header):
            raise DataError(f"target column {target} does not exist: the file has {len(header)} columns",
                            code="csv_bad_target", target=target, columns=list(header))
        return int(target) % len(header)
    if target not in header:
        raise DataError(f"no column named {target!r}; the columns are {', '.join(header)}",
                        code="csv_bad_target", target=target, columns=list(header))
    return header.index(target)


def _numeric(cells, names, rows_lines):
    """float64 array of a string matrix, or a DataError naming the first bad line and column."""
    try:
        return cells.astype("float64")
    except ValueError:
        pass
    for r, row in enumerate(cells):
        for c, value in enumerate(row):
            if not _is_number(value):
                what = "is empty" if not value.strip() else f"holds {value!r}, not a number"
                raise DataError(f"line {rows_lines[r]}, column {names[c]!r} {what}; every column "
                                f"except the target must be numeric",
                                code="csv_bad_value", line=rows_lines[r], column=names[c], value=value)
    raise DataError("the table holds values that are not numbers", code="csv_bad_value")  # pragma: no cover


def load_csv(path, target=None, task="auto", delimiter=None, header=None):
    """Load a CSV (or ``.csv.gz``) table as features and targets.

    Args:
        path: the file.
        target: the target column's name or position (negative counts from the end); default last.
        task: ``"auto"`` (see :func:`detect_task`), ``"binary"``, ``"multiclass"``,
            ``"classification"`` (binary or multiclass by the number of classes) or ``"regression"``.
        delimiter: the field separator; None sniffs ``,``, ``;``, tab or space from the first lines.
        header: True/False, or None to detect it (a first row with a non-numeric cell is a header).

    Returns:
        :class:`UserData`. Class targets become ids 0..k-1 in sorted order of their values;
        ``class_names`` holds the original values as text.
    """
    if task not in TASKS:
        raise DataError(f"task must be one of {', '.join(TASKS)}, got {task!r}", code="bad_task", task=task)
    try:
        with _open_text(path) as f:
            text = f.read(MAX_CSV_CHARS + 1)  # bounded: a .gz may expand without limit
        if len(text) > MAX_CSV_CHARS:
            raise DataError(f"{path} holds more than {MAX_CSV_CHARS:,} characters of text (after "
                            "decompression); netbuilder loads tables up to that size", code="csv_too_large",
                            path=str(path), limit=MAX_CSV_CHARS)
        if delimiter is None:
            try:
                delimiter = csv.Sniffer().sniff(text[: 1 << 16], delimiters=",;\t ").delimiter
            except csv.Error:
                delimiter = ","
        rows = [(i, row) for i, row in enumerate(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter),
                                                 start=1)
                if row and any(cell.strip() for cell in row)]
    except (OSError, UnicodeDecodeError, EOFError, zlib.error, csv.Error) as exc:
        raise DataError(f"cannot read {path}: {exc}", code="csv_unreadable", path=str(path)) from exc
    if not rows:
        raise DataError(f"{path} holds no data", code="csv_empty", path=str(path))
    if header is None:
        header = not all(_is_number(c) for c in rows[0][1])
    width = len(rows[0][1])
    names = [c.strip() for c in rows[0][1]] if header else [f"column {i}" for i in range(width)]
    body = rows[1:] if header else rows
    if not body:
        raise DataError(f"{path} has a header but no data rows", code="csv_empty", path=str(path))
    for line, row in body:
        if len(row) != width:
            raise DataError(f"line {line} has {len(row)} fields but the table has {width} columns",
                            code="csv_ragged", line=line, fields=len(row), columns=width)
    t = _column(names, target)
    cells = np.array([[c.strip() for c in row] for _, row in body], dtype=str)
    lines = [line for line, _ in body]
    feature_cols = [i for i in range(width) if i != t]
    if not feature_cols:
        raise DataError("the table needs at least one feature column besides the target",
                        code="csv_no_features")
    x64 = _numeric(cells[:, feature_cols], [names[i] for i in feature_cols], lines)
    _check_finite(x64, [names[i] for i in feature_cols], lines)
    x = x64.astype("float32")
    raw_y = cells[:, t]
    y_values = raw_y.astype("float64") if _all_numeric(raw_y) else raw_y
    if y_values.dtype.kind == "f":
        _check_finite(y_values[:, None], [names[t]], lines)
    data = _targets(y_values, task, names[t])
    data.x_train, data.feature_names = x, tuple(names[i] for i in feature_cols)
    data.source = str(path)
    return data


def _check_finite(values, names, rows_lines) -> None:
    """DataError naming the first NaN/inf (``nan``, ``1e999``) or value too large for float32 (``1e39``)
    by line and column."""
    finite = np.isfinite(values) & (np.abs(values) <= np.finfo("float32").max)
    if finite.all():
        return
    r, c = (int(i) for i in np.argwhere(~finite)[0])
    if np.isfinite(values[r, c]):
        raise DataError(f"line {rows_lines[r]}, column {names[c]!r} holds {values[r, c]:g}, too large for float32 "
                        "(which stops at about 3.4e+38); scale the column down (other units, or divide by its "
                        "largest value) before loading", code="csv_value_too_large", line=rows_lines[r],
                        column=names[c], value=f"{values[r, c]:g}")
    raise DataError(f"line {rows_lines[r]}, column {names[c]!r} holds {values[r, c]!r}, which is not a finite "
                    "number (float32); remove or fill in missing values before loading",
                    code="csv_nonfinite", line=rows_lines[r], column=names[c], value=str(values[r, c]))


def _all_numeric(values) -> bool:
    try:
        values.astype("float64")
    except ValueError:
        return False
    return True


def _targets(y, task, name) -> UserData:
    """Turn target values into class ids or float32 regression targets, honouring ``task``."""
    numeric = y.dtype.kind in "biuf"
    detected = detect_task(y)
    if task == "regression":
        if not numeric:
            bad = next(v for v in y if not _is_number(v))
            raise DataError(f"task='regression' needs a numeric target, but column {name!r} holds {bad!r}",
                            code="csv_bad_target_value", column=name, value=str(bad))
        return UserData(None, y.astype("float32"), "regression", target_name=name)
    if task == "auto" and detected == "regression":
        return UserData(None, y.astype("float32"), "regression", target_name=name)
    classes, ids = np.unique(y, return_inverse=True)
    kind = task
    if task in ("auto", "classification"):
        kind = "binary" if len(classes) <= 2 else "multiclass"
    elif task == "binary" and len(classes) > 2:
        raise DataError(f"task='binary' but column {name!r} has {len(classes)} distinct values",
                        code="csv_not_binary", column=name, classes=len(classes))
    names = tuple((f"{v:g}" if numeric else str(v)) for v in classes)
    return UserData(None, ids.astype("int64").reshape(-1), kind, num_classes=len(classes), class_names=names,
                    target_name=name)


def load_arrays(path, task="auto"):
    """Load an ``.npz`` of arrays: keys ``x``/``y``, or ``x_train``/``y_train`` (+ ``x_test``/``y_test``).

    Read with ``allow_pickle=False``. ``x`` becomes float32 with samples on axis 0; ``y`` integer
    class ids stay int64, one-hot or real-valued targets become float32.
    """
    if task not in TASKS:
        raise DataError(f"task must be one of {', '.join(TASKS)}, got {task!r}", code="bad_task", task=task)
    if not os.path.isfile(path):
        raise DataError(f"no such file: {path!r}", code="file_not_found", path=str(path))
    arrays = load_npz(path, allow_objects=False)
    if "x" in arrays and "y" in arrays:
        x, y, xt, yt = arrays["x"], arrays["y"], None, None
    elif "x_train" in arrays and "y_train" in arrays:
        x, y = arrays["x_train"], arrays["y_train"]
        xt, yt = arrays.get("x_test"), arrays.get("y_test")
        if (xt is None) != (yt is None):
            raise DataError(f"{path} has only one of x_test / y_test", code="npz_missing_keys", path=str(path),
                            missing=["y_test" if yt is None else "x_test"], holds=sorted(arrays),
                            needs=["x_test", "y_test"])
    else:
        raise DataError(f"{path} must hold the keys x and y (or x_train and y_train); it holds "
                        f"{', '.join(sorted(arrays)) or 'nothing'}", code="npz_missing_keys", path=str(path),
                        missing=[k for k in ("x", "y") if k not in arrays], holds=sorted(arrays), needs=["x", "y"])
    for a, b, split in ((x, y, "train"), (xt, yt, "test")):
        for arr, what in ((a, "x"), (b, "y")):
            if arr is not None and arr.ndim == 0:
                raise DataError(f"{split}: {what} is a single value, not an array with one row per sample",
                                code="bad_shape", what=what)
            if arr is not None and arr.dtype.kind not in "biuf":
                raise DataError(f"{split}: {what} must be numeric, got dtype {arr.dtype}", code="bad_dtype",
                                dtype=str(arr.dtype))
            if arr is not None and arr.dtype.kind == "f" and not np.isfinite(arr).all():
                bad = tuple(int(i) for i in np.argwhere(~np.isfinite(arr))[0])
                raise DataError(f"{split}: {what} contains NaN or inf (first at index {bad}); clean or impute "
                                "the data first", code="data_nonfinite", what=what, index=str(bad))
            if arr is not None and arr.dtype.kind == "f" and arr.dtype.itemsize > 4 and arr.size and \
                    np.abs(arr).max() > np.finfo("float32").max:  # finite, but inf once cast below
                raise too_large_error(arr, "float32", what, where=f"{split}: ")
        if a is not None and len(a) != len(b):
            raise DataError(f"{split}: x has {len(a)} samples but y has {len(b)}", code="length_mismatch",
                            x=len(a), y=len(b))
        if a is not None and a.dtype.kind not in "biuf":
            raise DataError(f"{split}: x must be numeric, got dtype {a.dtype}", code="bad_dtype",
                            dtype=str(a.dtype))
    kind = detect_task(y) if task == "auto" else task
    if kind == "classification":
        kind = detect_task(y) if detect_task(y) != "regression" else "multiclass"

    def targets(v):
        if v is None:
            return None
        if kind != "regression" and v.ndim == 1:
            if not np.all(v == np.round(v)) or (v.size and v.min() < 0):
                raise DataError(f"task={kind!r} needs integer class ids >= 0 in y, got other values",
                                code="bad_class_ids", task=kind)
            return v.astype("int64")
        return v.astype("float32")

    classes = None
    if kind != "regression":
        classes = int(y.shape[1]) if (y.ndim == 2 and y.shape[1] > 1) else int(np.max(y)) + 1
    return UserData(x.astype("float32"), targets(y), kind, None if xt is None else xt.astype("float32"),
                    targets(yt), num_classes=classes, source=str(path))
