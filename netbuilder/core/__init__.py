"""netbuilder's engine: a NumPy/CuPy deep-learning library that speaks Keras 3.

Code from the tutorial runs with ``keras`` replaced by ``netbuilder.core``::

    from netbuilder.core import models, layers, optimizers
    model = models.Sequential()
    model.add(layers.Dense(32, activation="relu", input_shape=(784,)))
    model.add(layers.Dense(10, activation="softmax"))
    model.compile(optimizer=optimizers.RMSprop(lr=0.001), loss="mse", metrics=["accuracy"])

``import netbuilder.core as keras`` runs the book's listings that need no TensorFlow itself:
``keras.__version__``, ``keras.preprocessing.sequence``, ``keras.backend.clear_session()`` ...
``__version__`` is netbuilder's own version (the engine's, as ``keras.__version__`` is Keras's).

This package never imports Qt, pyqtgraph or ``netbuilder.ui``.
"""

from .. import __version__  # noqa: F401

from . import (activations, backend, callbacks, constraints, initializers, layers, losses,  # noqa: F401
               metrics, optimizers, regularizers, utils)
from .layers import Input  # noqa: F401
from .utils import set_random_seed  # noqa: F401

from . import datasets, preprocessing  # noqa: E402,F401
from . import models  # noqa: E402,F401  (imports every module above)
from .models import Model, Sequential  # noqa: E402,F401


def version() -> str:
    """netbuilder's version string (``keras.version()`` returns Keras's)."""
    return __version__
