"""The streaming metric interface (Keras 3): ``update_state`` / ``result`` / ``reset_state``.

Metrics accumulate on the host in float64, whatever the backend: each ``update_state`` copies
the batch to NumPy (``to_numpy_pair``) and adds a few sums to the state, so an epoch's value is
computed from the whole epoch's data, never by averaging batch results.
"""

from __future__ import annotations

import numpy as np

from .. import backend as B
from .. import losses as L
from ..errors import DataError, ShapeError
from ..registry import to_snake_case


class Metric:
    """Base class of stateful metrics.

    ``update_state(y_true, y_pred, sample_weight=None)`` accumulates a batch; ``result()``
    returns the value over everything seen since ``reset_state()`` (a Python float for scalar
    metrics, a float64 NumPy array for per-threshold results).

    Class attributes describe what the metric applies to, so the UI can offer only fitting
    metrics (see ``netbuilder.core.metrics.applicability``):

    - ``task``: the tasks it fits, among ``"binary"``, ``"multiclass"``, ``"regression"``.
    - ``needs_probabilities``: reads ``y_pred`` as probabilities in [0, 1].
    - ``needs_thresholds``: turns ``y_pred`` into yes/no decisions at one or more thresholds.
    - ``label_format``: ``"sparse"`` (integer class ids), ``"one_hot"``, or None (any).
    - ``required_args``: constructor arguments without a default (the UI must ask for them).
    - ``direction``: ``"up"`` when larger is better, ``"down"`` when smaller is better.

    Args:
        name: the key shown in logs and History (default: the Keras default name).
        dtype: kept for Keras compatibility; results are computed in float64.
    """

    task: tuple = ("binary", "multiclass", "regression")
    needs_probabilities = False
    needs_thresholds = False
    label_format = None
    required_args: tuple = ()
    direction = None

    def __init__(self, name=None, dtype=None):
        self.name = name or getattr(type(self), "default_name", None) or to_snake_case(type(self).__name__)
        self.dtype = dtype

    def update_state(self, y_true, y_pred, sample_weight=None):
        raise NotImplementedError

    def result(self):
        raise NotImplementedError

    def reset_state(self):
        raise NotImplementedError

    def __call__(self, y_true, y_pred, sample_weight=None):
        """One-shot value on this batch (resets first, like a fresh metric)."""
        self.reset_state()
        self.update_state(y_true, y_pred, sample_weight)
        return self.result()

    def get_config(self) -> dict:
        return {"name": self.name, "dtype": self.dtype}

    @classmethod
    def from_config(cls, config):
        return cls(**config)

    def __repr__(self):
        return f"<{type(self).__name__} name={self.name!r}>"


# ----------------------------------------------------------------------------- helpers
def to_numpy_pair(y_true, y_pred):
    """Metrics accumulate on the host in float64: (y_true, y_pred) as NumPy arrays.

    ``y_true`` keeps its dtype (integer labels stay integers); ``y_pred`` becomes float64.
    """
    return np.asarray(B.to_numpy(y_true)), np.asarray(B.to_numpy(y_pred), dtype="float64")


def to_float64(x):
    """``x`` (NumPy, CuPy, list or scalar) as a float64 NumPy array."""
    return np.asarray(B.to_numpy(x), dtype="float64")


def squeeze_or_expand_to_same_rank(x1, x2, expand_rank_1=True):
    """Keras's rank alignment: when ranks differ by one and the longer one ends in 1, squeeze it
    (or, when the shorter one has rank 1 and ``expand_rank_1``, expand the shorter one)."""
    r1, r2 = x1.ndim, x2.ndim
    if r1 == r2 + 1 and x1.shape[-1] == 1:
        if r2 == 1 and expand_rank_1:
            x2 = x2[..., None]
        else:
            x1 = x1[..., 0]
    elif r2 == r1 + 1 and x2.shape[-1] == 1:
        if r1 == 1 and expand_rank_1:
            x1 = x1[..., None]
        else:
            x2 = x2[..., 0]
    return x1, x2


def align_elementwise(name, y_true, y_pred):
    """Align ranks (Keras rule), make 1-D batches ``(n,) → (n, 1)`` and check equal shapes.

    A 1-D batch becomes a column so that every row counts as one sample: Keras would average a
    1-D batch into a single value, which makes epoch results depend on the batch split.
    """
    y_true, y_pred = squeeze_or_expand_to_same_rank(y_true, y_pred)
    if y_pred.ndim == 1 and y_true.ndim == 1:
        y_true, y_pred = y_true[:, None], y_pred[:, None]
    if y_true.shape != y_pred.shape:
        raise ShapeError(
            f"{name}: labels of shape {y_true.shape} do not match predictions of shape "
            f"{y_pred.shape}; this metric compares them element by element, so give one label "
            "per output unit (one-hot encode integer labels with utils.to_categorical, or use a "
            "sparse_* metric)",
            code="metric_shape", metric=name, y_true=str(y_true.shape), y_pred=str(y_pred.shape))
    return y_true, y_pred


def _looks_sparse(y_true, y_pred) -> bool:
    """Integer class ids against per-class scores: ``(n,)`` or ``(n, 1)`` vs ``(n, C>1)``."""
    return y_pred.ndim >= 1 and y_pred.shape[-1] > 1 and (
        y_true.ndim == y_pred.ndim - 1 or (y_true.ndim == y_pred.ndim and y_true.shape[-1] == 1))


def _check_several_classes(name, y_pred):
    """Class-score metrics need at least two output units (argmax of one unit is always 0)."""
    if y_pred.ndim < 1 or y_pred.shape[-1] < 2:
        raise ShapeError(
            f"{name} needs one score per class (at least 2 output units), but the predictions have "
            f"shape {y_pred.shape}; for a single sigmoid unit use BinaryAccuracy",
            code="metric_needs_classes", metric=name, y_pred=str(y_pred.shape), suggestion="BinaryAccuracy")


def check_one_hot_labels(name, y_true, y_pred, sparse_twin=None):
    """Raise a ``ShapeError`` unless ``y_true`` is one-hot with the shape of ``y_pred``; integer
    labels get a message pointing to ``sparse_twin`` (the metric that takes them)."""
    _check_several_classes(name, y_pred)
    if _looks_sparse(y_true, y_pred):
        fix = f"use {sparse_twin} for integer class ids, or " if sparse_twin else ""
        raise ShapeError(
            f"{name} expects one-hot labels of shape {y_pred.shape} but got integer labels of shape "
            f"{y_true.shape}; {fix}one-hot encode the labels with utils.to_categorical",
            code="metric_needs_one_hot", metric=name, y_true=str(y_true.shape), y_pred=str(y_pred.shape),
            suggestion=sparse_twin)
    if y_true.shape != y_pred.shape:
        raise ShapeError(
            f"{name}: labels of shape {y_true.shape} do not match predictions of shape {y_pred.shape}",
            code="metric_shape", metric=name, y_true=str(y_true.shape), y_pred=str(y_pred.shape))


def sparse_class_ids(name, y_true, y_pred, dense_twin):
    """Integer class ids of shape ``y_pred.shape[:-1]`` (accepting a trailing axis of 1)."""
    _check_several_classes(name, y_pred)
    if y_true.ndim == y_pred.ndim and y_true.shape[-1] == 1 and y_pred.shape[-1] != 1:
        y_true = y_true[..., 0]
    if y_true.ndim == y_pred.ndim and y_true.shape == y_pred.shape and y_pred.shape[-1] > 1:
        raise ShapeError(
            f"{name} expects integer class ids of shape {y_pred.shape[:-1]} but got labels of shape "
            f"{y_true.shape}, which look one-hot encoded; use {dense_twin} for one-hot labels",
            code="metric_needs_sparse", metric=name, y_true=str(y_true.shape), y_pred=str(y_pred.shape),
            suggestion=dense_twin)
    if y_true.shape != y_pred.shape[:-1]:
        raise ShapeError(
            f"{name}: integer labels of shape {y_true.shape} do not fit predictions of shape "
            f"{y_pred.shape}; expected labels of shape {y_pred.shape[:-1]}",
            code="metric_shape", metric=name, y_true=str(y_true.shape), y_pred=str(y_pred.shape))
    ids = y_true.astype("int64")
    n_classes = y_pred.shape[-1]
    if ids.size and (np.any(ids != y_true) or ids.min() < 0 or ids.max() >= n_classes):
        raise DataError(
            f"{name}: labels must be integer class ids in [0, {n_classes}) for predictions with "
            f"{n_classes} classes; got values from {y_true.min()} to {y_true.max()}",
            code="metric_label_range", metric=name, num_classes=n_classes)
    return ids


def reduce_to_samplewise_values(values, sample_weight, reduce_fn=np.mean):
    """Keras's reduction of ``values`` and ``sample_weight`` to one value per sample.

    Returns ``(values, sample_weight)``: values of shape ``(batch,)`` (weighted when a weight is
    given) and the matching per-sample weights (or None). Trailing axes beyond the weight's rank
    are reduced with ``reduce_fn`` first, so a ``(batch,)`` weight weights each row.
    """
    values = to_float64(values)
    if sample_weight is not None:
        sw = to_float64(sample_weight)
        values, sw = squeeze_or_expand_to_same_rank(values, sw)
        w_ndim = sw.ndim
        if values.ndim > w_ndim:
            values = reduce_fn(values, axis=tuple(range(w_ndim, values.ndim)))
        try:
            sw = np.broadcast_to(sw, values.shape)
        except ValueError:
            raise ShapeError(
                f"sample_weight of shape {sw.shape} does not fit values of shape {values.shape}; "
                "give one weight per sample, shape (batch,)",
                code="metric_sample_weight", sample_weight=str(sw.shape), values=str(values.shape)) from None
        values = values * sw
        if w_ndim > 1:
            sw = reduce_fn(sw, axis=tuple(range(1, w_ndim)))
        sample_weight = sw
    if values.ndim > 1:
        values = reduce_fn(values, axis=tuple(range(1, values.ndim)))
    return values, sample_weight


def divide_no_nan(a, b):
    """``a / b`` with 0 wherever ``b == 0`` (no warning), float64."""
    a, b = np.broadcast_arrays(np.asarray(a, dtype="float64"), np.asarray(b, dtype="float64"))
    out = np.zeros(a.shape, dtype="float64")
    np.divide(a, b, out=out, where=b != 0)
    return out


def as_result(x):
    """A scalar as a Python float; a vector as a float64 array."""
    x = np.asarray(x, dtype="float64")
    return float(x) if x.ndim == 0 else x


# ----------------------------------------------------------------------------- reductions
class Sum(Metric):
    """Weighted sum of the values given to ``update_state(values, sample_weight)``.

    ``result = Σ_i w_i · v_i`` (Keras ``Sum``); values of shape ``(batch, ...)`` are summed over
    their trailing axes first.
    """

    task = ()
    default_name = "sum"

    def __init__(self, name="sum", dtype=None):
        super().__init__(name=name, dtype=dtype)
        self.reset_state()

    def reset_state(self):
        self.total = 0.0

    def update_state(self, values, sample_weight=None):
        values, _ = reduce_to_samplewise_values(values, sample_weight, reduce_fn=np.sum)
        self.total += float(values.sum())

    def result(self):
        return float(self.total)


class Mean(Metric):
    """Weighted mean of the values given to ``update_state(values, sample_weight)``.

    ``result = Σ_i w_i · v_i / Σ_i w_i`` over every sample seen since ``reset_state`` (Keras
    ``Mean``); values of shape ``(batch, ...)`` are first averaged over their trailing axes, so
    each row is one sample. A scalar weight weights the whole batch as one sample (Keras).
    """

    task = ()
    default_name = "mean"

    def __init__(self, name="mean", dtype=None):
        super().__init__(name=name, dtype=dtype)
        self.reset_state()

    def reset_state(self):
        self.total = 0.0
        self.count = 0.0

    def update_state(self, values, sample_weight=None):
        values, sw = reduce_to_samplewise_values(values, sample_weight, reduce_fn=np.mean)
        self.total += float(values.sum())
        if sw is not None:
            self.count += float(np.sum(sw))
        else:
            self.count += float(values.shape[0]) if values.ndim >= 1 else 1.0

    def result(self):
        return self.total / self.count if self.count else 0.0


class MeanMetricWrapper(Mean):
    """Turn ``fn(y_true, y_pred, **kwargs) -> per-sample values`` into a streaming mean metric.

    ``result = Σ_i w_i · fn(y_true, y_pred)_i / Σ_i w_i`` over all samples seen. ``fn`` may be a
    function, a ``netbuilder.core.losses.Loss`` instance (its per-sample ``call`` is used) or the
    name of a loss (``MeanMetricWrapper("mean_squared_error")``): any loss becomes a metric.

    Args:
        fn: the per-sample function, of shape ``(batch, ...) → (batch,)`` (or ``(batch, ...)``).
        name: the History key (default: the function's name in snake_case).
        dtype: kept for Keras compatibility.
        **kwargs: passed on to ``fn``.
    """

    task = ("binary", "multiclass", "regression")
    default_name = None

    def __init__(self, fn=None, name=None, dtype=None, **kwargs):
        fn = _resolve_fn(fn)
        default = getattr(type(self), "default_name", None) or _object_name(fn)
        super().__init__(name=name or default, dtype=dtype)
        self._fn = fn
        self._fn_kwargs = kwargs

    def _prepare(self, y_true, y_pred):
        """Hook for subclasses: align and check the pair before ``fn`` sees it."""
        return y_true, y_pred

    def update_state(self, y_true, y_pred, sample_weight=None):
        y_true, y_pred = to_numpy_pair(y_true, y_pred)
        y_true, y_pred = self._prepare(y_true, y_pred)
        values = np.asarray(B.to_numpy(self._fn(y_true, y_pred, **self._fn_kwargs)), dtype="float64")
        super().update_state(values, sample_weight)

    def get_config(self):
        config = {"name": self.name, "dtype": self.dtype}
        if type(self) is MeanMetricWrapper:
            config["fn"] = _object_name(self._fn)
        return {**config, **self._fn_kwargs}


def loss_function(fname: str):
    """The per-sample function ``netbuilder.core.losses.<fname>``, looked up at call time.

    Metrics that Keras builds from a loss (crossentropies, hinges, log-cosh, ...) call the very
    function the loss uses, so the maths exists once.
    """

    def fn(y_true, y_pred, **kwargs):
        f = getattr(L, fname, None)
        if f is None:
            raise NotImplementedError(f"netbuilder.core.losses.{fname} is missing; the metric needs it")
        return f(y_true, y_pred, **kwargs)

    fn.__name__ = fname
    return fn


def non_default_kwargs(**kwargs) -> dict:
    """Keep only the loss keyword arguments that differ from Keras's defaults, so the per-sample
    loss function is called exactly as ``losses.<fn>(y_true, y_pred)`` in the common case."""
    defaults = {"from_logits": False, "label_smoothing": 0, "axis": -1}
    return {k: v for k, v in kwargs.items() if k not in defaults or v != defaults[k]}


def _object_name(obj) -> str:
    """Keras ``get_object_name``: an object's ``name``, else its function/class name in snake_case."""
    if getattr(obj, "name", None):
        return obj.name
    if hasattr(obj, "__name__"):
        return to_snake_case(obj.__name__)
    return to_snake_case(type(obj).__name__)


def _resolve_fn(fn):
    """A per-sample callable from a function, a Loss instance or a loss name."""
    if fn is None:
        raise TypeError("MeanMetricWrapper needs fn=, a function f(y_true, y_pred) -> per-sample values")
    if isinstance(fn, str):
        obj = L.LOSSES.lookup(fn)
        fn = obj() if isinstance(obj, type) else obj
    if isinstance(fn, L.Loss):
        loss = fn

        def per_sample(y_true, y_pred):
            return loss.call(*loss.prepare(y_true, y_pred))

        per_sample.__name__ = loss.name
        return per_sample
    if not callable(fn):
        raise TypeError(f"MeanMetricWrapper: fn must be callable, got {fn!r}")
    return fn
