"""Fused optimizer updates: RMSprop, Adam (and AdamW) and SGD in one pass over memory.

NumPy runs an update rule as a chain of whole-array operations: RMSprop's is nine passes over the
variable-sized arrays (``t = g*g; t *= 1-rho; v *= rho; v += t; ...``), each reading and writing
megabytes for one multiply. The optional compiled extension ``netbuilder.core._fused`` (built by
``setup.py`` where a C compiler is at hand) runs the same sequence of rounded float operations
element by element, in one loop that keeps each element in registers. Results are bit-identical
to the NumPy code (tests/core/test_fused_optimizers.py compares both on every rule); only the
memory traffic changes. Measured on the MNIST MLP's 784x512 kernel (2-core machine, float32):
RMSprop's update 430 µs in NumPy, 158 µs fused; W1's epoch 0.80–0.87× of the NumPy path's
(``benchmarks/bench_dense.py W1 --no-fused`` for the A/B).

The fused path is taken when the extension is built, ``NETBUILDER_FUSED`` is not ``0``, and the
gradient, variable and slots are NumPy arrays of one shape, all float32 or all float64 and
C-contiguous (everything else: CuPy arrays, float16, strided views, runs the NumPy code). A fused
update runs serially on the whole variable: at one pass it is short enough that splitting it over
threads (``Optimizer._update``) measured no faster on 2 cores.
"""

from __future__ import annotations

import numpy as np

from .. import compiled

_ext = compiled.load("_fused")

#: True when the compiled kernels are importable (``setup.py`` built them)
AVAILABLE = _ext is not None
#: set False (or the environment variable ``NETBUILDER_FUSED=0``) to run the NumPy code everywhere
ENABLED = compiled.enabled_by_environment()

_CODES = compiled.CODES


def dtype_code(grad, var, *slots) -> str | None:
    """``"f"`` / ``"d"`` when the fused kernels can update ``var`` and ``slots`` in place from
    ``grad`` (see the module notes), else None (the caller runs its NumPy code)."""
    if not (AVAILABLE and ENABLED):
        return None
    code = _CODES.get(getattr(var, "dtype", None))
    if code is None:
        return None
    for a in (grad, var, *slots):
        if type(a) is not np.ndarray or a.dtype != var.dtype or a.shape != var.shape or not a.flags.c_contiguous:
            return None
    return code


def rmsprop(code, grad, var, velocity, average_gradient, momentum_slot, lr, rho, momentum, epsilon) -> bool:
    """RMSprop's step (``RMSprop.update_step``'s maths) in place; ``average_gradient`` and
    ``momentum_slot`` are None when not used. False when arrays overlap (nothing changed)."""
    return _ext.rmsprop(code, grad, var, velocity, average_gradient, momentum_slot,
                        float(lr), float(rho), float(momentum), float(epsilon))


def adam(code, grad, var, m, v, v_hat, alpha, beta_1, beta_2, epsilon) -> bool:
    """Adam's step (``Adam.update_step``) in place with the step size ``alpha`` (bias corrections
    folded in); ``v_hat`` is None without amsgrad. False when arrays overlap (nothing changed)."""
    return _ext.adam(code, grad, var, m, v, v_hat, float(alpha), float(beta_1), float(beta_2), float(epsilon))


def sgd(code, grad, var, momentum_slot, lr, momentum, nesterov) -> bool:
    """SGD's step (``SGD.update_step``) in place; ``momentum_slot`` is None without momentum.
    False when arrays overlap (nothing changed)."""
    return _ext.sgd(code, grad, var, momentum_slot, float(lr), float(momentum), bool(nesterov))


def flush(code, slot, threshold) -> bool:
    """``Optimizer.flush_subnormals``'s pass on one slot in place: entries with ``|x| < threshold``
    become 0 (``x * 0.0``: the sign and NaN kept as NumPy's ``a *= (|a| >= threshold)`` keeps them)."""
    return _ext.flush(code, slot, float(threshold))
