"""The array module behind the engine: NumPy, or CuPy when selected.

Every layer, loss and optimizer writes its maths once against ``xp()`` (the active array
module) so the same code runs on the CPU and on a CUDA GPU. Select CuPy with
``set_backend("cupy")`` or the environment variable ``NETBUILDER_BACKEND=cupy``.

The default float type is float32 (``floatx()``), as in Keras.

It is also ``keras.backend`` for code written against Keras: ``from netbuilder.core import
backend as K`` gives ``K.clear_session()``, ``K.floatx()``, ``K.epsilon()``,
``K.image_data_format()`` and ``K.backend()``.
"""

from __future__ import annotations

import os

import numpy as np

_BACKEND = "numpy"
_XP = np
_FLOATX = "float32"
_EPSILON = 1e-7


def _load_cupy():
    try:
        import cupy  # noqa: PLC0415  (optional dependency, imported only when asked for)
    except ImportError as exc:  # pragma: no cover - depends on the machine
        raise RuntimeError(
            "backend 'cupy' was requested but CuPy is not installed; "
            "install it with `pip install netbuilder[gpu]` or use set_backend('numpy')"
        ) from exc
    try:
        cupy.cuda.runtime.getDeviceCount()
    except Exception as exc:  # pragma: no cover - depends on the machine
        raise RuntimeError(f"backend 'cupy' was requested but no CUDA device is usable: {exc}") from exc
    return cupy


def set_backend(name: str) -> None:
    """Select the array module: ``"numpy"`` (default) or ``"cupy"``.

    Models built before the switch keep their arrays where they are; build models after
    choosing the backend.
    """
    global _BACKEND, _XP
    if name == "numpy":
        _XP = np
    elif name == "cupy":
        _XP = _load_cupy()
    else:
        raise ValueError(f"backend must be 'numpy' or 'cupy', got {name!r}")
    _BACKEND = name


def backend() -> str:
    """The name of the active backend: ``"numpy"`` or ``"cupy"``."""
    return _BACKEND


def xp():
    """The active array module (``numpy`` or ``cupy``)."""
    return _XP


def get_array_module(*arrays):
    """The array module that owns ``arrays`` (CuPy if any is a CuPy array, else NumPy)."""
    if _BACKEND == "cupy":
        import cupy  # noqa: PLC0415

        return cupy.get_array_module(*arrays)
    return np


def floatx() -> str:
    """The default float dtype name, ``"float32"`` unless changed with ``set_floatx``."""
    return _FLOATX


def set_floatx(dtype: str) -> None:
    """Set the default float dtype (``"float16"``, ``"float32"`` or ``"float64"``)."""
    global _FLOATX
    if dtype not in ("float16", "float32", "float64"):
        raise ValueError(f"floatx must be 'float16', 'float32' or 'float64', got {dtype!r}")
    _FLOATX = dtype


def epsilon() -> float:
    """The fuzz factor used in numeric expressions (Keras: 1e-7)."""
    return _EPSILON


def image_data_format() -> str:
    """``"channels_last"``: images are ``(batch, height, width, channels)``, Keras's default and the
    only layout netbuilder's layers use."""
    return "channels_last"


def clear_session(free_memory=True) -> None:
    """Reset the engine's global state, as ``keras.backend.clear_session()``: automatic layer
    names start again (the next ``Dense`` is ``dense``), and with ``free_memory`` Python's
    garbage collector runs (and CuPy's memory pool is emptied) so dropped models free their
    arrays. Models you still hold keep working."""
    from .layers.base import reset_uids  # noqa: PLC0415  (layers import this module)

    reset_uids()
    if free_memory:
        import gc  # noqa: PLC0415

        gc.collect()
        if _BACKEND == "cupy":  # pragma: no cover - needs a GPU
            _XP.get_default_memory_pool().free_all_blocks()


def asarray(x, dtype=None):
    """``x`` as an array of the active backend, cast to ``dtype`` (default: keep ints, floats → floatx)."""
    if dtype is None:
        arr = _XP.asarray(x)
        if arr.dtype.kind == "f" and arr.dtype != np.dtype(_FLOATX):
            arr = arr.astype(_FLOATX)
        return arr
    return _XP.asarray(x, dtype=dtype)


def to_numpy(x):
    """A NumPy copy (or view) of ``x`` wherever it lives."""
    if isinstance(x, np.ndarray):
        return x
    if hasattr(x, "get"):
        return x.get()
    return np.asarray(x)


if os.environ.get("NETBUILDER_BACKEND", "numpy").lower() == "cupy":  # pragma: no cover
    set_backend("cupy")
