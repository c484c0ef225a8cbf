"""Turning user data into per-input / per-output arrays, with clear errors (Keras ``fit`` rules).

``Arrays`` is what ``Model._prepare_arrays`` returns and what an ``EpochIterator`` batches;
``split_validation`` is ``fit``'s ``validation_split`` (Keras: the *last* fraction, before shuffling).
"""

from __future__ import annotations

import math
from typing import NamedTuple

import numpy as np

from .. import backend as B
from ..errors import DataError


class Arrays(NamedTuple):
    """Checked host data: ``x`` a list with one NumPy array per model input, ``(n, ...)``; ``y`` one
    per output, ``(n, ...)``, or None (``predict``); ``sample_weight`` ``(n,)`` floatx or None (class
    weights already folded in). Unpacks as Keras's ``(x, y, sample_weight)`` triple."""

    x: list
    y: list | None = None
    sample_weight: np.ndarray | None = None

    @property
    def num_samples(self) -> int:
        return int(self.x[0].shape[0])


def to_list(data, names: list[str], what: str) -> list:
    """``data`` (array, list/tuple, or dict by name) as a list aligned with ``names``."""
    if data is None:
        return None
    if isinstance(data, dict):
        missing = [n for n in names if n not in data]
        if missing:
            raise DataError(f"{what} dict is missing key(s) {missing}; expected {names}",
                            code="data_missing_key", what=what, keys=str(missing))
        return [data[n] for n in names]
    if isinstance(data, (list, tuple)) and len(names) > 1:
        if len(data) != len(names):
            raise DataError(f"the model has {len(names)} {what}s ({names}) but {len(data)} arrays "
                            f"were given", code="data_count", what=what, expected=len(names),
                            got=len(data))
        return list(data)
    return [data]


def _all_finite(arr: np.ndarray) -> bool:
    """True when no element is NaN or inf.

    Fast path: ``dot(x, x)`` streams through the data once (multi-threaded BLAS, no n-byte mask
    like ``np.isfinite``) and is NaN/inf whenever an element is; a huge finite value can overflow
    it, so a non-finite result is confirmed element-wise.
    """
    if arr.flags.c_contiguous and arr.dtype in (np.float32, np.float64):
        flat = arr.reshape(-1)
        with np.errstate(over="ignore", invalid="ignore"):
            if np.isfinite(np.dot(flat, flat)):
                return True
    return bool(np.isfinite(arr).all())


def too_large_error(source: np.ndarray, dtype, what: str, where: str = "") -> DataError:
    """The error for finite float data that overflows to inf when cast to ``dtype`` (float64 → float32).

    Names the element of largest magnitude, ``source.flat[argmax |source|]``, its index, and the
    dtype's limit ``finfo(dtype).max`` (about 3.4e38 for float32); the way out is to scale the data.
    ``where`` prefixes the English text (``"train: "``), not the params.
    """
    at = np.unravel_index(int(np.argmax(np.abs(source))), source.shape)
    value, index = source[at].item(), str(tuple(int(i) for i in at))
    limit = f"{float(np.finfo(dtype).max):.3g}"
    return DataError(
        f"{where}{what} holds values too large for {np.dtype(dtype).name} ({value:g} at index {index}; "
        f"{np.dtype(dtype).name} stops at about {limit}); scale or normalise the data first, for instance "
        "divide it by its largest value", code="data_too_large", what=what, value=f"{value:g}",
        index=index, dtype=np.dtype(dtype).name, limit=limit)


def as_host_array(a, what: str, check_finite: bool = True) -> np.ndarray:
    """A NumPy array of ``a`` (float data cast to floatx; integers kept); NaN/inf refused.

    Finite values that only overflow in the cast (float64 ``1e39`` → float32 ``inf``) are refused as
    too large (``data_too_large``), not as NaN/inf.
    """
    arr = np.asarray(B.to_numpy(a) if not isinstance(a, np.ndarray) else a)
    if arr.dtype == object:
        raise DataError(f"{what} has dtype object (ragged lists?); pad sequences to one length first",
                        code="data_object", what=what)
    if arr.dtype.kind == "b":
        arr = arr.astype(B.floatx())
    if arr.dtype.kind == "f":
        source = arr
        if arr.dtype != np.dtype(B.floatx()):
            with np.errstate(over="ignore"):
                arr = arr.astype(B.floatx())
        if check_finite and arr.size and not _all_finite(arr):
            if source is not arr and np.isfinite(source).all():
                raise too_large_error(source, arr.dtype, what)
            bad = np.argwhere(~np.isfinite(source))[0]
            raise DataError(
                f"{what} contains NaN or inf (first at index {tuple(int(i) for i in bad)}); clean or "
                "impute the data before training", code="data_nonfinite", what=what,
                index=str(tuple(int(i) for i in bad)))
    elif arr.dtype.kind not in "iu":
        raise DataError(f"{what} must be numeric, got dtype {arr.dtype}", code="data_dtype", what=what,
                        dtype=str(arr.dtype))
    if arr.ndim == 0:
        raise DataError(f"{what} must have a batch axis, got a scalar", code="data_scalar", what=what)
    return arr


def check_lengths(xs: list, ys: list | None, sw=None) -> int:
    """The common number of samples; ``DataError`` naming the mismatch otherwise."""
    n = xs[0].shape[0]
    for i, a in enumerate(xs):
        if a.shape[0] != n:
            raise DataError(f"input arrays have different lengths: {[x.shape[0] for x in xs]}",
                            code="data_length_inputs")
    for a in ys or []:
        if a is not None and a.shape[0] != n:
            raise DataError(
                f"x has {n} samples but y has {a.shape[0]}; they must have the same length",
                code="data_length", x=n, y=int(a.shape[0]))
    if sw is not None and np.shape(sw)[0] != n:
        raise DataError(f"sample_weight has {np.shape(sw)[0]} entries for {n} samples",
                        code="data_length_weights", x=n, w=int(np.shape(sw)[0]))
    return n


def check_input_shapes(xs: list, inputs: list, names: list[str]) -> None:
    """Each array's per-sample shape must equal its Input's (None matches any size)."""
    for a, t, name in zip(xs, inputs, names):
        want = t.shape[1:]
        got = a.shape[1:]
        ok = len(want) == len(got) and all(w is None or w == g for w, g in zip(want, got))
        if not ok:
            raise DataError(
                f"input {name!r} expects samples of shape {tuple(want)}, got {tuple(got)} "
                f"(data shape {a.shape}); set the Input to {tuple(got)} or reshape the data",
                code="input_shape_mismatch", layer=name, expected=str(tuple(want)), got=str(tuple(got)))


def split_validation(data: Arrays, fraction: float) -> tuple[Arrays, Arrays]:
    """``(train, validation)`` for ``fit(validation_split=fraction)``, as Keras splits.

    The first ``floor(n * (1 - fraction))`` samples train and the rest validate, taken before any
    shuffling (so the same samples validate every epoch). ``ValueError`` for a fraction outside
    (0, 1); ``DataError`` when one side would be empty.
    """
    if not 0.0 < fraction < 1.0:
        raise ValueError(f"validation_split must be in (0, 1), got {fraction}")
    n = data.num_samples
    split_at = math.floor(n * (1.0 - fraction))
    if split_at == 0 or split_at == n:
        raise DataError(f"validation_split={fraction} leaves no training or no validation samples "
                        f"out of {n}", code="val_split_empty")
    sw = data.sample_weight

    def part(rows):
        return Arrays([a[rows] for a in data.x], [a[rows] for a in data.y],
                      None if sw is None else sw[rows])

    return part(slice(0, split_at)), part(slice(split_at, n))


def class_weight_to_sample_weight(y: np.ndarray, class_weight: dict) -> np.ndarray:
    """Per-sample weights from ``{class: weight}`` (labels as ids, one-hot or a sigmoid 0/1).

    Labels with a class per time step (3 or more axes) are refused, as Keras refuses them: one weight
    per sample cannot follow a class per step (``sample_weight`` can)."""
    if y.ndim >= 3:
        raise DataError(f"class_weight needs one label per sample (class ids or one-hot rows), but the labels "
                        f"have {y.ndim} axes {tuple(y.shape)}: pass sample_weight instead",
                        code="class_weight_rank", ndim=int(y.ndim))
    if y.ndim >= 2 and y.shape[-1] > 1:
        ids = y.argmax(axis=-1)
    else:
        ids = np.round(y.reshape(y.shape[0], -1)[:, 0]).astype("int64")
    out = np.ones(ids.shape[0], dtype=B.floatx())
    for cls, w in class_weight.items():
        out[ids == int(cls)] = w
    return out


def batch_size(value) -> int:
    """``value`` as a batch size: 32 for None (Keras's default); ``ValueError`` unless positive."""
    size = 32 if value is None else int(value)
    if size <= 0:
        raise ValueError(f"batch_size must be a positive integer, got {size}")
    return size


def batches(n: int, batch_size: int, order=None):
    """Index arrays (or slices) of consecutive batches of ``order`` (or of range(n))."""
    for start in range(0, n, batch_size):
        if order is None:
            yield slice(start, min(start + batch_size, n))
        else:
            yield order[start:start + batch_size]
