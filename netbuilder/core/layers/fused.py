"""Fused layer passes: Dense's bias and ReLU in one pass over memory, and their gradients in one
(Conv's ReLU and its gradient too: their bias is inside the product).

Dense with ReLU computes ``z = x @ kernel; z += bias; y = maximum(z, 0)`` and, backwards,
``gz = grad_y * (y > 0); bias_grad = gz.sum(axis=0)``: in NumPy five passes over the
(batch, units) arrays and three temporaries. The optional compiled extension
``netbuilder.core._fused_layers`` (built by ``setup.py`` beside the optimizers' ``_fused``) runs
each direction in one loop with the same rounded float operations in the same order, so the
results are bit-identical to the NumPy code (tests/core/test_fused_layers.py compares both).
Measured on the MNIST MLP's (128, 512) hidden layer, one thread: bias + ReLU 34 µs in NumPy,
the gradient and bias sum 33 µs; fused, see ``benchmarks/bench_dense.py W1 --breakdown 1`` and
``--no-fused`` for the A/B.

The fused path is taken when the extension is built, ``NETBUILDER_FUSED`` is not ``0`` (the
same switch as the optimizers'), and the arrays are NumPy arrays of one float dtype (float32 or
float64), C-contiguous; everything else (CuPy arrays, float16, a strided view such as a
channels_first layer's output) runs the NumPy code.
"""

from __future__ import annotations

import numpy as np

from .. import compiled

_ext = compiled.load("_fused_layers")

#: True when the compiled passes are importable (``setup.py`` built them)
AVAILABLE = _ext is not None
#: set False (or the environment variable ``NETBUILDER_FUSED=0``) to run the NumPy code everywhere
ENABLED = compiled.enabled_by_environment()

_CODES = compiled.CODES


def _code(*arrays) -> str | None:
    """The dtype code when the passes are on and ``arrays`` are C-contiguous NumPy arrays of one
    float dtype they take (float32 or float64), else None."""
    if not (AVAILABLE and ENABLED):
        return None
    first = arrays[0]
    for a in arrays:
        if type(a) is not np.ndarray or a.dtype != first.dtype or not a.flags.c_contiguous:
            return None
    return _CODES.get(first.dtype)


def dtype_code(rows, *vectors) -> str | None:
    """``"f"`` / ``"d"`` when the fused passes can take ``rows`` (a C-contiguous NumPy array of at
    least 2 axes, ``(batch, ..., units)``: rows of ``units`` items) and ``vectors`` (``(units,)``
    arrays of the same dtype, or None), else None (the caller runs its NumPy code)."""
    vectors = [v for v in vectors if v is not None]
    code = _code(rows, *vectors)
    if code is None or rows.ndim < 2 or any(v.shape != rows.shape[-1:] for v in vectors):
        return None
    return code


def bias_relu(code, z, bias, relu: bool) -> bool:
    """In place on ``z`` (a C-contiguous ``(..., units)`` array of the dtype ``code`` names):
    ``z += bias`` (None: no bias), then ``z = maximum(z, 0)`` when ``relu``. False when ``z`` and
    ``bias`` overlap (nothing changed)."""
    return _ext.bias_act(code, z, bias, z.shape[-1], relu)


def relu_grad(code, grad_y, y, bias_grad: bool = False, out=None):
    """``(gz, bias_grad)``: ``gz = grad_y * (y > 0)`` (into ``out`` when given, else a new array)
    and, when ``bias_grad``, the sum of ``gz`` over all axes but the last (else None); None when
    the arrays do not fit the kernel or overlap (the caller runs its NumPy code). ``grad_y``,
    ``y`` and ``out``: C-contiguous NumPy arrays of one shape ``(..., units)`` and of the dtype
    ``code`` names."""
    arrays = (grad_y, y) if out is None else (grad_y, y, out)
    if any(getattr(a, "shape", None) != y.shape for a in arrays) or _code(*arrays) is None:
        return None
    if y.ndim == 0 or y.size == 0:
        return None
    if out is None:
        out = np.empty_like(grad_y)
    bsum = np.empty(y.shape[-1], y.dtype) if bias_grad else None
    if not _ext.relu_grad(code, grad_y, y, out, bsum, y.shape[-1]):
        return None
    return out, bsum


def _pool_code(big, small, idx):
    """The dtype code when the pooling kernels can take ``big`` (N, H, W, C) and ``small``
    (N, OH, OW, C) (C-contiguous NumPy float arrays of one dtype) and the uint8 ``idx``, else None."""
    code = _code(big, small)
    if code is None:
        return None
    if any(a.ndim != 4 for a in (big, small)):
        return None
    if type(idx) is not np.ndarray or idx.dtype != np.uint8 or idx.shape != small.shape or not idx.flags.c_contiguous:
        return None
    return code


def maxpool(xpad, y, idx, pool, strides) -> bool:
    """Max pooling of a padded NHWC batch ``xpad`` (N, H, W, C) into ``y`` (N, OH, OW, C) and the
    offset of each window's first maximum into ``idx`` (uint8), exactly as ``BasePooling.forward``'s
    NumPy loop computes them; False when the arrays do not fit the kernel (nothing written)."""
    code = _pool_code(xpad, y, idx)
    if code is None or pool[0] * pool[1] > 256:
        return False
    n, h, w, c = xpad.shape
    return _ext.maxpool(code, xpad, y, idx, h, w, c, y.shape[1], y.shape[2], *pool, *strides)


def maxpool_grad(g, idx, dx, pool, strides) -> bool:
    """``dx[window offset k] = g * (idx == k)`` for windows that do not overlap (``BasePooling``'s
    NumPy loop); ``dx`` (N, H, W, C) is the padded input's gradient, ``g`` and ``idx`` (N, OH, OW, C).
    False when the arrays or windows do not fit the kernel (nothing written)."""
    code = _pool_code(dx, g, idx)
    if code is None or pool[0] * pool[1] > 256 or strides[0] < pool[0] or strides[1] < pool[1]:
        return False
    n, h, w, c = dx.shape
    return _ext.maxpool_grad(code, g, idx, dx, h, w, c, g.shape[1], g.shape[2], *pool, *strides)


def col2im(cols, out, kernel, strides, dilation_h, out_hw) -> bool:
    """``_im2col.col2im``'s adds in one pass, in its order (bit-identical sums), for windows without
    width dilation: ``cols`` (N*OH*OW, kh*kw*C) into ``out`` (N, Hp, Wp, C), which holds zeros or
    earlier sums. False when the arrays do not fit the kernel (nothing written)."""
    code = _code(out, cols)
    if code is None or out.ndim != 4:
        return False
    _, hp, wp, c = out.shape
    return _ext.col2im(code, cols, out, hp, wp, c, out_hw[0], out_hw[1], kernel[0], kernel[1], strides[0],
                       strides[1], dilation_h)


def scatter_add_rows(idx, values, out) -> bool:
    """``out[idx[k]] += values[k]`` for the rows ``k`` in order, as ``np.add.at`` adds them (the same
    sums, bit for bit): ``idx`` (k,) integers in ``[0, len(out))``, ``values`` (k, d), ``out``
    (rows, d), C-contiguous NumPy arrays, ``values`` and ``out`` of one float dtype. False when the
    arrays do not fit the kernel (nothing written); an index out of range raises IndexError."""
    code = _code(out, values)
    if code is None or type(idx) is not np.ndarray or idx.dtype.kind not in ("i", "u") or values.ndim != 2 \
            or out.ndim != 2:
        return False
    if values.shape[1] != out.shape[1] or values.shape[0] != idx.size:
        return False
    return _ext.scatter_add_rows(code, np.ascontiguousarray(idx, dtype=np.int64), values, out, out.shape[1])
