"""The optional compiled modules and their common switches.

``_fused`` (netbuilder/core/_fused.c: the optimizers' one-pass updates) and ``_fused_layers``
(netbuilder/core/_fused_layers.c: ReLU, max pooling, col2im and Embedding passes) are built by
``setup.py`` where a C compiler is at hand; ``optimizers.fused`` and ``layers.fused`` load them
here and run the NumPy code where they are missing or switched off.
"""

from __future__ import annotations

import importlib
import os

import numpy as np

#: the dtypes the compiled modules take, by the code their functions expect
CODES = {np.dtype(np.float32): "f", np.dtype(np.float64): "d"}


def load(name: str):
    """The compiled module ``netbuilder.core.<name>``, or None when it was not built."""
    try:
        return importlib.import_module(f".{name}", __package__)
    except ImportError:  # built without a C compiler: the NumPy code runs
        return None


def enabled_by_environment() -> bool:
    """False when the environment variable ``NETBUILDER_FUSED`` is ``0``: the NumPy code everywhere."""
    return os.environ.get("NETBUILDER_FUSED", "1") != "0"
