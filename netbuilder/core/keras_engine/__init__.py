"""The Keras 3 engine: the same project trained by real Keras, on any backend and several devices.

netbuilder's own engine (NumPy / CuPy) is the default. This package lets a run use Keras 3 instead
(``pip install -e ".[keras]"``: Keras and JAX), with everything around the run unchanged: the model
goes to Keras through the ``.keras`` export, the netbuilder callbacks receive Keras's logs, and the
trained weights come back into the netbuilder model.

- :func:`engine_info` (cheap, imports nothing): is the engine available, on which backend, and if
  not, which package is missing;
- :func:`list_devices` (imports Keras): the backend's devices;
- :func:`fit`: ``Model.fit``'s arguments plus ``devices`` (``DataParallel`` over several) and ``seed``.

Nothing here imports Keras at import time.
"""

from __future__ import annotations

from .keras_fit import check_split, device_scope, fit, prepare_arrays
from .probe import EngineInfo, KerasEngineError, describe_devices, engine_info, import_keras, list_devices

#: The engines a run can use: netbuilder's own loop, or Keras 3.
ENGINES = ("netbuilder", "keras")

__all__ = ["ENGINES", "EngineInfo", "KerasEngineError", "check_split", "describe_devices", "device_scope", "engine_info", "fit",
           "import_keras", "list_devices", "prepare_arrays"]
