"""Fashion-MNIST (Zalando): MNIST's drop-in replacement, loaded as ``keras.datasets.fashion_mnist``.

Same layout as MNIST: uint8 (60000, 28, 28) / (60000,) and (10000, 28, 28) / (10000,), no shuffling.
Keras downloads the four gzipped IDX files into ``~/.keras/datasets/fashion-mnist/`` and reads
the bytes after their headers.
"""

from __future__ import annotations

import functools
import os

from .download import KERAS_ORIGIN, DownloadError, cache_dir, get_file, offline_error
from .idx import IDX_FILES, load_idx_folder, read_idx
from ..errors import DataError

CACHE_SUBDIR = os.path.join("datasets", "fashion-mnist")
CLASS_NAMES = ("T-shirt/top", "Trouser", "Pullover", "Dress", "Coat",
               "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot")


def _readable(path):
    """Keras checks no hash for these files; a cached file must at least parse (gzip CRC + header)."""
    try:
        read_idx(path)
    except DataError:
        return False
    return True


def load_data(path=None, *, progress=None, cancel=None):
    """Load Fashion-MNIST as Keras 3 does: ``(x_train, y_train), (x_test, y_test)``.

    Args:
        path: None (Keras's behaviour: the four files in the cache, downloaded when missing), or a
            folder of your own holding the four IDX files, read as they are (netbuilder extension).
        progress: ``progress(done, total)`` per file during a download; return False to cancel.
        cancel: ``threading.Event`` (or callable) that cancels a download.

    Keras verifies no hash for these files; netbuilder re-fetches a cached file that is not a
    complete gzip/IDX file (the gzip CRC catches truncation and corruption).
    """
    if path is not None:
        if not os.path.isdir(path):
            raise DataError(f"fashion_mnist.load_data(path=...) expects a folder holding the four IDX "
                            f"files, got {path!r}", code="file_not_found", path=str(path))
        return load_idx_folder(path)
    folder = cache_dir(CACHE_SUBDIR)
    order = (IDX_FILES[1], IDX_FILES[0], IDX_FILES[3], IDX_FILES[2])  # Keras's download order
    arrays = {}
    for name in order:
        fname = name + ".gz"
        get = functools.partial(get_file, fname, KERAS_ORIGIN + fname, None, cache_subdir=CACHE_SUBDIR,
                                progress=progress, cancel=cancel)
        try:
            local = get()
            try:
                arrays[name] = read_idx(local)
            except DataError:  # a corrupt cached copy: never used, replaced only by a verified download
                arrays[name] = read_idx(get(validate=_readable))
        except DownloadError as exc:
            missing = [n + ".gz" for n in order if not os.path.exists(os.path.join(folder, n + ".gz"))]
            raise offline_error([(n, "", "(Keras checks no hash)") for n in missing] or exc.params["files"],
                                folder, exc.params.get("url"), exc.params.get("reason"), exc.code,
                                kept=exc.params.get("kept")) from exc
    (x_train, y_train), (x_test, y_test) = [(arrays[IDX_FILES[i]], arrays[IDX_FILES[i + 1]]) for i in (0, 2)]
    if len(x_train) != len(y_train) or len(x_test) != len(y_test):
        raise DataError(f"the Fashion-MNIST files in {folder} do not match each other; delete them to "
                        f"download them again", code="idx_bad_file", folder=folder)
    return (x_train, y_train), (x_test, y_test)
