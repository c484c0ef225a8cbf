"""Weight initializers (Keras 3 names, defaults and maths).

``init(shape, dtype=None)`` returns a NumPy array of ``shape`` (``dtype`` defaults to
``backend.floatx()``); layers move it to the active backend. Random initializers draw from
``utils.make_rng(seed)``: with ``seed=None`` (default) the engine's global generator, so
``utils.set_random_seed`` makes model creation reproducible and each call gives new values;
with an int ``seed`` every call gives the same values (as Keras does for an int seed).
"""

from __future__ import annotations

import math

import numpy as np

from . import backend as B
from . import utils, validate
from .errors import ConfigError
from . import registry
from .registry import INITIALIZERS, to_snake_case


class Initializer:
    """Base class: ``__call__(shape, dtype=None)`` → array of ``shape``."""

    def __call__(self, shape, dtype=None):
        raise NotImplementedError

    def get_config(self) -> dict:
        return {}

    @classmethod
    def from_config(cls, config):
        return cls(**config)

    def __repr__(self):
        args = ", ".join(f"{k}={v!r}" for k, v in self.get_config().items())
        return f"{type(self).__name__}({args})"


def _register(*aliases):
    """Class decorator: register under the class name, its snake_case form and ``aliases``."""

    def add(cls):
        INITIALIZERS.register(cls, name=cls.__name__, aliases=(to_snake_case(cls.__name__),) + aliases)
        return cls

    return add


def _dtype(dtype):
    return np.dtype(dtype or B.floatx())


def compute_fans(shape):
    """``(fan_in, fan_out)`` as Keras computes them.

    Scalars: (1, 1); vectors ``(n,)``: (n, n); matrices ``(in, out)``: (in, out); convolution
    kernels ``(..., in, out)``, e.g. ``(kh, kw, in, out)``: ``in * receptive`` and
    ``out * receptive`` with ``receptive = kh * kw * ...``.
    """
    shape = tuple(int(s) for s in shape)
    if len(shape) < 1:
        return 1, 1
    if len(shape) == 1:
        return shape[0], shape[0]
    if len(shape) == 2:
        return shape[0], shape[1]
    receptive = int(np.prod(shape[:-2]))
    return shape[-2] * receptive, shape[-1] * receptive


_fans = compute_fans  # the earlier private name


# ------------------------------------------------------------------------- constants
@_register("zero")
class Zeros(Initializer):
    """All zeros."""

    def __call__(self, shape, dtype=None):
        return np.zeros(shape, dtype=_dtype(dtype))


@_register("one")
class Ones(Initializer):
    """All ones."""

    def __call__(self, shape, dtype=None):
        return np.ones(shape, dtype=_dtype(dtype))


@_register()
class Constant(Initializer):
    """Every entry equal to ``value`` (Keras default 0.0): a scalar, or an array-like that
    broadcasts to the shape (kept as a nested list in the config)."""

    def __init__(self, value=0.0):
        try:
            arr = np.asarray(value, dtype="float64")
        except (TypeError, ValueError):
            raise ConfigError(f"Constant: value must be a number, got {value!r}",
                              code="initializer_value", arg="value", value=repr(value)) from None
        self.value = float(arr) if arr.ndim == 0 else arr.tolist()

    def __call__(self, shape, dtype=None):
        try:
            return np.broadcast_to(np.asarray(self.value, dtype=_dtype(dtype)), shape).copy()
        except ValueError:
            raise ConfigError(f"Constant: value of shape {np.shape(self.value)} does not broadcast "
                              f"to the weight shape {tuple(shape)}; use a scalar",
                              code="initializer_shape", shape=str(tuple(shape))) from None

    def get_config(self):
        return {"value": self.value}


@_register("IdentityInitializer")
class Identity(Initializer):
    """``gain * eye(rows, cols)`` for a 2-D shape (Keras 3 also names it ``IdentityInitializer``)."""

    def __init__(self, gain=1.0):
        self.gain = float(gain)

    def __call__(self, shape, dtype=None):
        if len(shape) != 2:
            raise ConfigError(f"Identity initializer needs a 2-D weight shape, got {tuple(shape)} "
                              f"of rank {len(shape)}", code="initializer_rank", shape=str(tuple(shape)))
        return (self.gain * np.eye(*shape)).astype(_dtype(dtype))

    def get_config(self):
        return {"gain": self.gain}


# ---------------------------------------------------------------------------- random
class RandomInitializer(Initializer):
    """Base of the random initializers: ``seed`` is None (the global generator) or an int."""

    def __init__(self, seed=None):
        self.seed = validate.seed(seed, where=type(self).__name__, code="initializer_seed")

    def _rng(self):
        return utils.make_rng(self.seed)

    def get_config(self):
        return {"seed": self.seed}


def _normal(rng, shape, dtype):
    # draw float32 for float32/float16 weights (twice as fast), float64 for float64
    return rng.standard_normal(shape, dtype=np.float64 if dtype == np.float64 else np.float32)


def _truncated(rng, shape, dtype):
    """Standard normal values re-drawn until all lie within 2 standard deviations."""
    z = _normal(rng, shape, dtype)
    bad = np.abs(z) > 2.0
    while bad.any():  # ~4.6% per round, so a handful of rounds
        z[bad] = _normal(rng, int(bad.sum()), dtype)
        bad = np.abs(z) > 2.0
    return z


def _uniform(rng, shape, dtype, low, high):
    u = rng.random(shape, dtype=np.float64 if dtype == np.float64 else np.float32)
    return u * (high - low) + low


@_register("normal")
class RandomNormal(RandomInitializer):
    """Normal values with ``mean`` (default 0.0) and ``stddev`` (default 0.05)."""

    def __init__(self, mean=0.0, stddev=0.05, seed=None):
        super().__init__(seed)
        self.mean = float(mean)
        self.stddev = float(stddev)

    def __call__(self, shape, dtype=None):
        dtype = _dtype(dtype)
        return (_normal(self._rng(), shape, dtype) * self.stddev + self.mean).astype(dtype, copy=False)

    def get_config(self):
        return {"mean": self.mean, "stddev": self.stddev, **super().get_config()}


@_register()
class TruncatedNormal(RandomNormal):
    """Normal values with ``mean`` (0.0) and ``stddev`` (0.05), where values more than two
    standard deviations from the mean are discarded and re-drawn."""

    def __call__(self, shape, dtype=None):
        dtype = _dtype(dtype)
        return (_truncated(self._rng(), shape, dtype) * self.stddev + self.mean).astype(dtype, copy=False)


@_register("uniform")
class RandomUniform(RandomInitializer):
    """Uniform values in ``[minval, maxval)`` (defaults -0.05, 0.05)."""

    def __init__(self, minval=-0.05, maxval=0.05, seed=None):
        super().__init__(seed)
        self.minval = float(minval)
        self.maxval = float(maxval)

    def __call__(self, shape, dtype=None):
        dtype = _dtype(dtype)
        return _uniform(self._rng(), shape, dtype, self.minval, self.maxval).astype(dtype, copy=False)

    def get_config(self):
        return {"minval": self.minval, "maxval": self.maxval, **super().get_config()}


@_register()
class VarianceScaling(RandomInitializer):
    """Values whose variance is ``scale / n`` (Keras 3 defaults: scale=1.0, mode="fan_in",
    distribution="truncated_normal").

    ``n`` is ``fan_in``, ``fan_out`` or ``(fan_in + fan_out) / 2`` for ``mode`` "fan_in",
    "fan_out", "fan_avg" (at least 1; see ``compute_fans``). ``distribution``:

    - ``"truncated_normal"`` (alias ``"normal"``): normal cut at 2 standard deviations, with
      ``stddev = sqrt(scale / n) / 0.87962566103423978`` so the variance after the cut is ``scale / n``;
    - ``"untruncated_normal"``: ``stddev = sqrt(scale / n)``;
    - ``"uniform"``: uniform in ``[-limit, limit]``, ``limit = sqrt(3 * scale / n)``.
    """

    MODES = ("fan_in", "fan_out", "fan_avg")
    DISTRIBUTIONS = ("truncated_normal", "untruncated_normal", "uniform")

    def __init__(self, scale=1.0, mode="fan_in", distribution="truncated_normal", seed=None):
        super().__init__(seed)
        name = type(self).__name__
        scale = validate.positive_float(scale, "scale", where=name, code="initializer_scale")
        validate.one_of(mode, "mode", self.MODES, where=name, must=f"one of {', '.join(self.MODES)}",
                        code="initializer_mode")
        dist = distribution.lower() if isinstance(distribution, str) else distribution
        dist = "truncated_normal" if dist == "normal" else dist
        if dist not in self.DISTRIBUTIONS:
            validate.fail(distribution, "distribution", f"one of {', '.join(self.DISTRIBUTIONS)}",
                          where=name, code="initializer_distribution")
        self.scale = scale
        self.mode = mode
        self.distribution = dist

    def __call__(self, shape, dtype=None):
        dtype = _dtype(dtype)
        fan_in, fan_out = compute_fans(shape)
        n = {"fan_in": fan_in, "fan_out": fan_out, "fan_avg": (fan_in + fan_out) / 2.0}[self.mode]
        var = self.scale / max(1.0, n)
        rng = self._rng()
        if self.distribution == "truncated_normal":
            out = _truncated(rng, shape, dtype) * (math.sqrt(var) / 0.87962566103423978)
        elif self.distribution == "untruncated_normal":
            out = _normal(rng, shape, dtype) * math.sqrt(var)
        else:
            limit = math.sqrt(3.0 * var)
            out = _uniform(rng, shape, dtype, -limit, limit)
        return out.astype(dtype, copy=False)

    def get_config(self):
        return {"scale": self.scale, "mode": self.mode, "distribution": self.distribution,
                **super().get_config()}


def _variance_scaling(name, scale, mode, distribution, formula):
    """A ``VarianceScaling`` specialisation whose only argument is ``seed`` (as in Keras)."""

    def __init__(self, seed=None):
        VarianceScaling.__init__(self, scale=scale, mode=mode, distribution=distribution, seed=seed)

    def get_config(self):
        return {"seed": self.seed}

    cls = type(name, (VarianceScaling,), {
        "__init__": __init__, "get_config": get_config, "__module__": __name__,
        "__doc__": f"{name}: {formula} (``VarianceScaling(scale={scale}, mode={mode!r}, "
                   f"distribution={distribution!r})``)."})
    return _register()(cls)


GlorotUniform = _variance_scaling("GlorotUniform", 1.0, "fan_avg", "uniform",
                                  "uniform in [-limit, limit], limit = sqrt(6 / (fan_in + fan_out))")
GlorotNormal = _variance_scaling("GlorotNormal", 1.0, "fan_avg", "truncated_normal",
                                 "truncated normal, variance 2 / (fan_in + fan_out)")
HeNormal = _variance_scaling("HeNormal", 2.0, "fan_in", "truncated_normal",
                             "truncated normal, variance 2 / fan_in")
HeUniform = _variance_scaling("HeUniform", 2.0, "fan_in", "uniform",
                              "uniform in [-limit, limit], limit = sqrt(6 / fan_in)")
LecunNormal = _variance_scaling("LecunNormal", 1.0, "fan_in", "truncated_normal",
                                "truncated normal, variance 1 / fan_in")
LecunUniform = _variance_scaling("LecunUniform", 1.0, "fan_in", "uniform",
                                 "uniform in [-limit, limit], limit = sqrt(3 / fan_in)")


@_register("OrthogonalInitializer", "orthogonal_initializer")
class Orthogonal(RandomInitializer):
    """``gain`` times an orthogonal matrix (Keras default gain 1.0; also ``OrthogonalInitializer``).

    The shape is flattened to ``(prod(shape[:-1]), shape[-1])``; a standard normal matrix of
    shape ``(max, min)`` of those is QR-factorised, ``Q``'s columns are signed by ``diag(R)``
    (so the result is uniformly distributed), and ``Q`` is transposed when there are fewer
    rows than columns. The result has orthonormal columns (rows if it is wide).
    """

    def __init__(self, gain=1.0, seed=None):
        super().__init__(seed)
        self.gain = float(gain)

    def __call__(self, shape, dtype=None):
        if len(shape) < 2:
            raise ConfigError(f"Orthogonal initializer needs a weight of rank >= 2, got shape "
                              f"{tuple(shape)}", code="initializer_rank", shape=str(tuple(shape)))
        rows, cols = int(np.prod(shape[:-1])), int(shape[-1])
        a = self._rng().standard_normal((max(rows, cols), min(rows, cols)))
        q, r = np.linalg.qr(a)  # q: (max, min) with orthonormal columns
        q *= np.where(np.diag(r) < 0, -1.0, 1.0)
        if rows < cols:
            q = q.T
        return (self.gain * q).reshape(shape).astype(_dtype(dtype))

    def get_config(self):
        return {"gain": self.gain, **super().get_config()}


def get(identifier) -> Initializer:
    """Resolve a name (``"glorot_uniform"``/``"GlorotUniform"``), a ``{"class_name", "config"}``
    dict, an ``Initializer`` class or instance, or any ``f(shape, dtype)`` callable."""
    if callable(identifier) and not isinstance(identifier, (str, dict, type)):
        return identifier
    return INITIALIZERS.get(identifier, instance_types=(Initializer,))


def serialize(init) -> dict | str:
    """``{"class_name": ..., "config": ...}`` for a layer config (a plain function: its name)."""
    if not isinstance(init, Initializer):
        return getattr(init, "__name__", type(init).__name__)
    return registry.serialize(init)
