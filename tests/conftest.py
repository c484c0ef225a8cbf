"""Settings every test run needs, however pytest is started (``make test``, an IDE, plain ``pytest``).

Real Keras 3 is a declared test dependency and the reference for the Keras code view, the exports
and the equivalence tests; it runs on JAX's CPU backend here. The backend must be chosen before
Keras is first imported, so it is set at collection time, not in a fixture.
"""

import os

os.environ.setdefault("KERAS_BACKEND", "jax")
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
