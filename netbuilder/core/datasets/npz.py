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
import zlib

import numpy as np

from ..errors import DataError

_ALLOWED_GLOBALS = frozenset({
    ("numpy", "ndarray"),
    ("numpy", "dtype"),
    ("numpy.core.multiarray", "_reconstruct"),
    ("numpy._core.multiarray", "_reconstruct"),
})

#: a member that declares more than this and expands over 100x its compressed size is a zip bomb
_BOMB_FLOOR = 32 * 1024 ** 2


class RefusedGlobal(pickle.UnpicklingError):
    """The pickle names a global outside the allowed few: a security refusal, not damage."""


class RestrictedUnpickler(pickle.Unpickler):
    """An unpickler that can rebuild NumPy arrays of Python objects and nothing else."""

    def find_class(self, module, name):
        if (module, name) in _ALLOWED_GLOBALS:
            return super().find_class(module, name)
        raise RefusedGlobal(
            f"refusing to load {module}.{name} from a dataset file: only NumPy arrays are allowed "
            f"(the file may be corrupted or malicious)")


def read_header(fp):
    """``(shape, fortran_order, dtype)`` of the ``.npy`` stream ``fp``; DataError when malformed."""
    try:
        version = np.lib.format.read_magic(fp)
        if version == (1, 0):
            return np.lib.format.read_array_header_1_0(fp)
        if version in ((2, 0), (3, 0)):
            # 3.0 only changes the header's text encoding; 2.0's reader parses both
            return np.lib.format.read_array_header_2_0(fp)
    except (ValueError, TypeError, SyntaxError, EOFError) as exc:
        raise DataError(f"a member of the npz file has a damaged header ({exc})", code="npz_bad_format") from exc
    raise DataError(f"unsupported .npy format version {version}", code="npz_bad_format")


def read_npy(data: bytes, allow_objects: bool, name: str = "array"):
    """One ``.npy`` member from its bytes, never allocating more than the bytes can fill.

    Numeric arrays are read with pickling off, after checking that the header's shape fits in
    the bytes present (a header may claim petabytes); object arrays are refused, or read with
    :class:`RestrictedUnpickler` when ``allow_objects``.
    """
    fp = io.BytesIO(data)
    shape, _, dtype = read_header(fp)
    if dtype.hasobject:
        if not allow_objects:
            raise DataError(f"npz member {name!r} holds Python objects (a pickle), which are not loaded",
                            code="npz_unsafe", member=name)
        array = RestrictedUnpickler(fp).load()
        if not isinstance(array, np.ndarray):
            raise DataError("an object member of the npz file does not hold an array", code="npz_bad_format")
        return array
    claimed = int(np.prod(shape, dtype=object)) * dtype.itemsize
    present = len(data) - fp.tell()
    if claimed > present:
        raise DataError(f"npz member {name!r} announces shape {tuple(shape)} ({claimed} bytes) but holds "
                        f"{present} bytes: the file is truncated or forged", code="npz_bad_format",
                        member=name, claimed=claimed, present=present)
    fp.seek(0)
    return np.lib.format.read_array(fp, allow_pickle=False)


def load_npz(path, allow_objects: bool = True) -> dict:
    """Load every array of the ``.npz`` file at ``path`` into a dict ``{key: ndarray}``.

    Args:
        path: the archive.
        allow_objects: when False, object arrays are refused outright (the behaviour of
            ``np.load(allow_pickle=False)``); when True they are read with :class:`RestrictedUnpickler`.

    Raises:
        DataError: the file is not a valid npz (``npz_bad_format``: damaged, truncated, a zip bomb,
            a header claiming more bytes than the member holds), or holds something other than
            arrays (``npz_unsafe``). Nothing is ever written or executed.
    """
    arrays = {}
    try:
        with zipfile.ZipFile(path) as archive:
            for info in archive.infolist():
                if not info.filename.endswith(".npy"):
                    continue
                if info.file_size > _BOMB_FLOOR and info.file_size > 100 * max(info.compress_size, 1):
                    raise DataError(f"npz member {info.filename!r} looks like a decompression bomb "
                                    f"({info.compress_size} bytes claim to expand to {info.file_size})",
                                    code="npz_bad_format", path=str(path))
                with archive.open(info) as raw:
                    data = raw.read()
                arrays[info.filename[:-4]] = read_npy(data, allow_objects, info.filename)
    except DataError as exc:
        if "path" not in exc.params:
            exc.args = (f"{path}: {exc}",)
            exc.params["path"] = str(path)
        raise
    except (zipfile.BadZipFile, OSError, EOFError, zlib.error, NotImplementedError, RuntimeError) as exc:
        # RuntimeError: an encrypted entry (zipfile asks for a password)
        raise DataError(f"{path} is not a readable .npz file ({exc})", code="npz_bad_format",
                        path=str(path), detail=str(exc) or type(exc).__name__) from exc
    except RefusedGlobal as exc:
        raise DataError(f"{path}: {exc}", code="npz_unsafe", path=str(path)) from exc
    except pickle.UnpicklingError as exc:
        # the stream itself is broken ("pickle data was truncated", a bad opcode): damage, not danger
        raise DataError(f"{path}: a member is damaged ({exc})", code="npz_bad_format", path=str(path)) from exc
    except (ValueError, TypeError, AttributeError, IndexError, KeyError, MemoryError) as exc:
        # what a damaged pickle stream or array body raises while being rebuilt
        raise DataError(f"{path}: a member is damaged ({type(exc).__name__}: {exc})", code="npz_bad_format",
                        path=str(path)) from exc
    return arrays
