"""Reading ``.npz`` archives safely, including the pickled object arrays of IMDB and Reuters.

IMDB's and Reuters's npz files store ragged sequences as ``dtype=object`` arrays, which NumPy can
only save as a pickle stream, so ``np.load(allow_pickle=False)`` refuses them and
``allow_pickle=True`` would run any code a tampered file carries. As current Keras does, numeric
members are read with pickling disabled and object members with an unpickler that resolves only
the globals needed to rebuild an array: ``numpy.ndarray``, ``numpy.dtype`` and
``multiarray._reconstruct`` (spelled ``numpy.core`` before NumPy 2, ``numpy._core`` after). Python
lists and ints need no globals. Anything else (``os.system``, ``builtins.eval`` ...) is refused.
"""

from __future__ import annotations

import io
import pickle
import zipfile

import numpy as np

from ..errors import DataError

_ALLOWED_GLOBALS = frozenset({
    ("numpy", "ndarray"),
    ("numpy", "dtype"),
    ("numpy.core.multiarray", "_reconstruct"),
    ("numpy._core.multiarray", "_reconstruct"),
})

# a member that declares more than this and expands over 100x is treated as a zip bomb
_BOMB_FLOOR = 1 << 32


class RestrictedUnpickler(pickle.Unpickler):
    """An unpickler that can rebuild NumPy arrays of Python objects and nothing else."""

    def find_class(self, module, name):
        if (module, name) in _ALLOWED_GLOBALS:
            return super().find_class(module, name)
        raise pickle.UnpicklingError(
            f"refusing to load {module}.{name} from a dataset file: only NumPy arrays are allowed "
            f"(the file may be corrupted or malicious)")


def _read_npy(fp):
    """One ``.npy`` stream: numeric arrays with pickling off, object arrays restricted."""
    version = np.lib.format.read_magic(fp)
    if version == (1, 0):
        shape, fortran, dtype = np.lib.format.read_array_header_1_0(fp)
    elif version in ((2, 0), (3, 0)):
        # 3.0 only changes the header's text encoding; 2.0's reader parses both
        shape, fortran, dtype = np.lib.format.read_array_header_2_0(fp)
    else:
        raise DataError(f"unsupported .npy format version {version}", code="npz_bad_format")
    if not dtype.hasobject:
        fp.seek(0)
        return np.lib.format.read_array(fp, allow_pickle=False)
    array = RestrictedUnpickler(fp).load()
    if not isinstance(array, np.ndarray):
        raise DataError("an object member of the npz file does not hold an array", code="npz_bad_format")
    return array


def load_npz(path, allow_objects: bool = True) -> dict:
    """Load every array of the ``.npz`` file at ``path`` into a dict ``{key: ndarray}``.

    Args:
        path: the archive.
        allow_objects: when False, object arrays are refused outright (the behaviour of
            ``np.load(allow_pickle=False)``); when True they are read with :class:`RestrictedUnpickler`.

    Raises:
        DataError: the file is not a valid npz, or holds something other than arrays.
    """
    arrays = {}
    try:
        with zipfile.ZipFile(path) as archive:
            for info in archive.infolist():
                if not info.filename.endswith(".npy"):
                    continue
                if info.file_size > _BOMB_FLOOR and info.file_size > 100 * max(info.compress_size, 1):
                    raise DataError(f"npz member {info.filename!r} looks like a decompression bomb",
                                    code="npz_bad_format", path=str(path))
                with archive.open(info) as raw:
                    buffer = io.BytesIO(raw.read())
                key = info.filename[:-4]
                if not allow_objects:
                    arrays[key] = np.lib.format.read_array(buffer, allow_pickle=False)
                else:
                    arrays[key] = _read_npy(buffer)
    except (zipfile.BadZipFile, OSError, EOFError) as exc:
        raise DataError(f"{path} is not a readable .npz file ({exc})", code="npz_bad_format",
                        path=str(path)) from exc
    except (pickle.UnpicklingError, ValueError) as exc:
        if isinstance(exc, DataError):
            raise
        raise DataError(f"{path}: {exc}", code="npz_unsafe", path=str(path)) from exc
    return arrays
