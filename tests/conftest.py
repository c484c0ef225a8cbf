"""Settings every test run needs, however pytest is started (``make test``, an IDE, plain ``pytest``).

Real Keras 3 is a declared test dependency and the reference for the Keras code view, the exports
and the equivalence tests; it runs on JAX's CPU backend here. The backend must be chosen before
Keras is first imported, so it is set at collection time, not in a fixture.

JAX compiles every new shape of every operation with XLA, Keras's random weight initializers
included (a ``.keras`` file builds its layers, initializes them, then loads the weights): on the
test's tiny arrays, compiling costs far more than running. ``JAX_DISABLE_MOST_OPTIMIZATIONS`` skips
XLA's optimization passes (20 compiles of ``jax.random.uniform``: 8.3 s → 3.3 s); the suite's
Keras tests compare values, never speed. Subprocesses inherit it; set it to 0 to run as users do.
"""

import os

os.environ.setdefault("KERAS_BACKEND", "jax")
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("JAX_DISABLE_MOST_OPTIMIZATIONS", "1")
