"""Datasets: the tutorial's four cases loaded exactly as Keras does, playground data, and your own.

- Keras-exact loaders (same arguments, defaults and arrays as ``keras.datasets``): :mod:`mnist`,
  :mod:`fashion_mnist`, :mod:`imdb`, :mod:`reuters`, :mod:`boston_housing`. Files are downloaded
  from Keras's origin (or a mirror) into Keras's own cache, ``$KERAS_HOME`` or ``~/.keras/datasets``;
  ``load_data(path="/some/folder/file.npz")`` reads your own copy instead (see :mod:`download`).
- :mod:`cases`: each case prepared for training as the tutorial does, one named step at a time,
  with the tutorial's networks as presets (:mod:`presets`).
- :mod:`text`: ``vectorize_sequences`` (multi-hot), ``pad_sequences``, ``decode_sequence``.
- :mod:`preprocessing`: image scaling, one-hot labels, ``Standardizer``, ``k_fold_splits``.
- :mod:`playground`: spirals, circles, XOR, clusters, moons and regressions generated offline.
- :mod:`files`: ``load_csv`` and ``load_arrays`` (npz) for the user's own data.
- :mod:`local_copies`: "I already have the file": check a learner's copy of a case's Keras file
  and install it in Keras's cache (nothing there is ever lost).

Plain NumPy throughout; nothing here needs the array backend.
"""

from . import (boston_housing, cases, download, fashion_mnist, files, imdb, local_copies, mnist,  # noqa: F401
               playground, preprocessing, presets, reuters, text)
from .download import (DownloadCancelled, DownloadError, cache_dir, get_file, get_mirror,  # noqa: F401
                        set_mirror)
from .files import load_arrays, load_csv  # noqa: F401
from .text import decode_sequence, pad_sequences, vectorize_sequences  # noqa: F401
