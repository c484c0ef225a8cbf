"""Build the optional compiled parts of netbuilder: fused optimizer updates (netbuilder/core/_fused.c)
and fused layer passes (netbuilder/core/_fused_layers.c: Dense's bias and ReLU and their gradients).

Everything else is in pyproject.toml. The extension is optional: without a C compiler the build
prints a warning and netbuilder runs its NumPy code instead (same results, slower);
``netbuilder.core.optimizers.fused.AVAILABLE`` and ``netbuilder.core.layers.fused.AVAILABLE`` tell which
is in use.
"""

import sys

from setuptools import Extension, setup

if sys.platform == "win32":
    FLAGS = ["/O2", "/fp:precise"]
else:
    # -ffp-contract=off: no fused multiply-add, every operation rounded once as NumPy rounds it
    FLAGS = ["-O3", "-ffp-contract=off", "-fno-math-errno"]

#: module -> its C sources (netbuilder/core/)
SOURCES = {"_fused": ["_fused.c"], "_fused_layers": ["_fused_layers.c", "_fused_windows.c"]}

setup(ext_modules=[Extension(f"netbuilder.core.{name}", [f"netbuilder/core/{src}" for src in sources],
                             depends=["netbuilder/core/_fused_common.h"], extra_compile_args=FLAGS, optional=True)
                   for name, sources in SOURCES.items()])
