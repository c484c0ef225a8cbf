"""Build the optional compiled part of netbuilder: fused optimizer updates (netbuilder/core/_fused.c).

Everything else is in pyproject.toml. The extension is optional: without a C compiler the build
prints a warning and netbuilder runs the optimizers' NumPy code instead (same results, slower);
``netbuilder.core.optimizers.fused.AVAILABLE`` tells which is in use.
"""

import sys

from setuptools import Extension, setup

if sys.platform == "win32":
    FLAGS = ["/O2", "/fp:precise"]
else:
    # -ffp-contract=off: no fused multiply-add, every operation rounded once as NumPy rounds it
    FLAGS = ["-O3", "-ffp-contract=off", "-fno-math-errno"]

setup(ext_modules=[Extension("netbuilder.core._fused", ["netbuilder/core/_fused.c"],
                             extra_compile_args=FLAGS, optional=True)])
