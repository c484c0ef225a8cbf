"""A learner's own copy of a tutorial case's file: checked for shape and content, then put in Keras's cache.

For learners who cannot reach Keras's download host, "I already have the file":

- :func:`check_copy` reads the copy as the case's loader does and checks every array's shape, dtype
  and values against Keras's dataset (MNIST: 60,000 + 10,000 images of 28×28 uint8 and labels 0..9,
  and so on). It accepts Keras's own file (``mnist.npz``, ``imdb.npz``, ``reuters.npz``,
  ``boston_housing.npz``), any npz with the same keys, and for MNIST a folder or a ``.zip`` of the four
  IDX files. Its sha256 is compared with Keras's: a difference is reported, not refused.
- :func:`install_copy` writes the copy into Keras's cache (``$KERAS_HOME/datasets`` or
  ``~/.keras/datasets``) atomically and verifies the bytes on disk. A different file already there is
  never lost: it is kept beside it as ``<name>.kept-<time>`` before the new one takes its name. A copy
  whose checksum differs from Keras's is installed only with ``accept_mismatch=True``, and an
  acceptance record lets netbuilder use it offline (Keras itself re-downloads such a file).
"""

from __future__ import annotations

import gzip
import hashlib
import io
import os
import shutil
import time
import zipfile
import zlib
from dataclasses import dataclass, field

import numpy as np

from . import boston_housing, imdb, mnist, reuters
from .download import KERAS_ORIGIN, KNOWN_SIZES, cache_dir, hash_file, record_accepted, validate_file
from .idx import IDX_FILES, MAX_IDX_BYTES, parse_idx
from ..errors import DataError
from ..fileio import atomic_write

#: case → (loader module, {array: (shape, label range or None)}) of Keras's dataset with default arguments.
EXPECTED = {
    "mnist": (mnist, {"x_train": ((60000, 28, 28), None), "y_train": ((60000,), (0, 9)),
                      "x_test": ((10000, 28, 28), None), "y_test": ((10000,), (0, 9))}),
    "imdb": (imdb, {"x_train": ((25000,), None), "y_train": ((25000,), (0, 1)),
                    "x_test": ((25000,), None), "y_test": ((25000,), (0, 1))}),
    "reuters": (reuters, {"x_train": ((8982,), None), "y_train": ((8982,), (0, 45)),
                          "x_test": ((2246,), None), "y_test": ((2246,), (0, 45))}),
    "boston_housing": (boston_housing, {"x_train": ((404, 13), None), "y_train": ((404,), None),
                                        "x_test": ((102, 13), None), "y_test": ((102,), None)}),
}


@dataclass
class CopyCheck:
    """What :func:`check_copy` found: the copy fits the case; ``keras_hash_ok`` says if it is Keras's file."""

    case: str
    source: str
    kind: str  # "npz", "idx_folder" or "idx_zip"
    fname: str  # Keras's file name in the cache, e.g. "mnist.npz"
    keras_hash: str
    keras_hash_ok: bool
    sha256: str | None  # of the npz picked (None for IDX files: an npz is written from them)
    size: int  # bytes of what was picked
    shapes: dict = field(default_factory=dict)
    arrays: tuple | None = field(default=None, repr=False)  # IDX data, kept to write the npz


@dataclass
class InstallResult:
    """Where the copy went: ``target``; ``kept`` is the earlier different file set aside (or None)."""

    target: str
    kept: str | None
    accepted: bool  # an acceptance record was written (the checksum differs from Keras's)
    changed: bool  # False when the same bytes were already there


def case_file(case: str) -> tuple[str, str, int | None]:
    """``(file name, Keras's hash, size in bytes or None)`` of a tutorial case's Keras file."""
    if case not in EXPECTED:
        raise DataError(f"unknown case {case!r}; known: {', '.join(EXPECTED)}", code="unknown_case", name=case)
    module = EXPECTED[case][0]
    return module.FILE_NAME, module.FILE_HASH, KNOWN_SIZES.get(module.FILE_NAME)


def origin_url(case: str) -> str:
    """Keras's download URL of the case's file."""
    return KERAS_ORIGIN + case_file(case)[0]


def _zip_idx_arrays(path):
    """The four MNIST IDX arrays from a zip (members anywhere inside, ``.gz`` or not)."""
    wanted = {}
    try:
        with zipfile.ZipFile(path) as archive:
            for info in archive.infolist():
                base = os.path.basename(info.filename).replace(".idx", "-idx")
                stem = base[:-3] if base.endswith(".gz") else base
                if stem not in IDX_FILES or stem in wanted:
                    continue
                if info.file_size > MAX_IDX_BYTES:
                    raise DataError(f"{path}: {info.filename} is too large to be an IDX file", code="idx_too_large",
                                    path=str(path), limit=MAX_IDX_BYTES)
                data = archive.read(info)
                if data[:2] == b"\x1f\x8b":
                    with gzip.GzipFile(fileobj=io.BytesIO(data)) as g:
                        data = g.read(MAX_IDX_BYTES + 1)
                wanted[stem] = parse_idx(data, f"{path}:{info.filename}")
    except (zipfile.BadZipFile, OSError, EOFError, zlib.error, RuntimeError) as exc:
        raise DataError(f"{path} is not a readable zip file ({exc})", code="idx_bad_file", path=str(path)) from exc
    missing = [n + ".gz" for n in IDX_FILES if n not in wanted]
    if missing:
        raise DataError(f"the zip {path} lacks the IDX file(s) {', '.join(missing)}", code="idx_missing",
                        folder=str(path), files=missing)
    x_train, y_train, x_test, y_test = (wanted[n] for n in IDX_FILES)
    return (x_train, y_train), (x_test, y_test)


def _check_arrays(case, source, raw) -> dict:
    """Shapes and label values of ``raw`` against Keras's dataset; DataError naming the first difference."""
    (x_train, y_train), (x_test, y_test) = raw
    got = {"x_train": x_train, "y_train": y_train, "x_test": x_test, "y_test": y_test}
    fname = case_file(case)[0]
    for key, (shape, labels) in EXPECTED[case][1].items():
        a = np.asarray(got[key]) if got[key].dtype != object else got[key]
        if tuple(a.shape) != shape:
            raise DataError(f"{source}: {key} has shape {tuple(a.shape)}, but {fname} from Keras has {shape}; "
                            f"this is not a copy of that file", code="copy_wrong_shape", path=str(source),
                            key=key, expected=str(shape), got=str(tuple(a.shape)), fname=fname)
        if labels is not None and a.size and (a.dtype.kind not in "iu" or a.min() < labels[0] or a.max() > labels[1]):
            raise DataError(f"{source}: {key} should hold integer labels {labels[0]}..{labels[1]}, but holds "
                            f"{a.dtype} values from {a.min()} to {a.max()}", code="copy_bad_labels",
                            path=str(source), key=key, low=labels[0], high=labels[1], fname=fname)
    if case == "mnist":
        for key in ("x_train", "x_test"):
            if got[key].dtype != np.uint8 or not got[key].any():
                raise DataError(f"{source}: {key} should hold uint8 grey pixels (not all zero), got "
                                f"{got[key].dtype}", code="copy_bad_pixels", path=str(source), key=key, fname=fname)
    return {k: tuple(np.shape(v)) for k, v in got.items()}


def check_copy(case: str, path) -> CopyCheck:
    """Read ``path`` as ``case``'s loader does and check it against Keras's dataset.

    Args:
        case: ``"mnist"``, ``"imdb"``, ``"reuters"`` or ``"boston_housing"``.
        path: the learner's file (an npz), or for MNIST a folder or a ``.zip`` of the four IDX files.

    Returns:
        :class:`CopyCheck`; ``keras_hash_ok`` is False when the checksum differs from Keras's.

    Raises:
        DataError: the file is missing, unreadable, or does not hold the case's arrays (the message
            names the array and the expected shape or values).
    """
    fname, keras_hash, _ = case_file(case)
    path = os.path.abspath(os.path.expanduser(os.fspath(path)))
    if not os.path.exists(path):
        raise DataError(f"no such file or folder: {path!r}", code="file_not_found", path=path)
    loader = EXPECTED[case][0]
    arrays, digest = None, None
    if os.path.isdir(path) or (case == "mnist" and zipfile.is_zipfile(path) and not _is_npz(path)):
        if case != "mnist":
            raise DataError(f"{fname} is one file; pick the file, not a folder", code="copy_needs_file",
                            path=path, fname=fname)
        kind = "idx_folder" if os.path.isdir(path) else "idx_zip"
        arrays = mnist.load_data(path) if kind == "idx_folder" else _zip_idx_arrays(path)
        raw, size = arrays, _size(path)
    else:
        kind, size = "npz", os.path.getsize(path)
        raw = loader.load_data(path)
        digest = hash_file(path, "sha256")
    shapes = _check_arrays(case, path, raw)
    ok = digest is not None and (digest == keras_hash if len(keras_hash) == 64 else validate_file(path, keras_hash))
    return CopyCheck(case, path, kind, fname, keras_hash, ok, digest, size, shapes, arrays)


def _is_npz(path) -> bool:
    try:
        with zipfile.ZipFile(path) as z:
            return any(n.endswith(".npy") for n in z.namelist())
    except (zipfile.BadZipFile, OSError):
        return False


def _size(path) -> int:
    if os.path.isfile(path):
        return os.path.getsize(path)
    return sum(os.path.getsize(os.path.join(path, n)) for n in os.listdir(path)
               if os.path.isfile(os.path.join(path, n)))


def _keep_aside(target) -> str:
    """Keep the file at ``target`` under a new name beside it (a hard link, else a copy); returns that name."""
    stamp = time.strftime("%Y%m%d-%H%M%S")
    kept, n = f"{target}.kept-{stamp}", 1
    while os.path.exists(kept):
        n += 1
        kept = f"{target}.kept-{stamp}-{n}"
    try:
        os.link(target, kept)
    except OSError:
        shutil.copy2(target, kept)
    return kept


def install_copy(check: CopyCheck, accept_mismatch: bool = False, folder=None) -> InstallResult:
    """Put a checked copy into Keras's cache under Keras's file name, atomically and verified.

    Args:
        check: what :func:`check_copy` returned.
        accept_mismatch: must be True to install a copy whose checksum differs from Keras's.
        folder: the cache folder (default :func:`~.download.cache_dir`).

    A different file already at the target is first kept aside (:class:`InstallResult` ``kept``);
    the new bytes are written to a temporary file, fsynced, renamed over the target, then read back
    and compared with what was checked.

    Raises:
        DataError: ``copy_checksum_differs`` without ``accept_mismatch``; ``copy_changed`` when the
            source changed since it was checked (the earlier file is then still kept aside).
    """
    if not check.keras_hash_ok and not accept_mismatch:
        raise DataError(f"{check.source}: its checksum differs from Keras's {check.fname}; accept it explicitly "
                        f"to use it", code="copy_checksum_differs", path=check.source, fname=check.fname)
    folder = folder or cache_dir()
    os.makedirs(folder, exist_ok=True)
    target = os.path.join(folder, check.fname)
    if check.kind == "npz" and os.path.isfile(target) and hash_file(target, "sha256") == check.sha256:
        if not check.keras_hash_ok:
            record_accepted(target, check.sha256)
        return InstallResult(target, None, not check.keras_hash_ok, False)
    kept = _keep_aside(target) if os.path.isfile(target) else None
    written = hashlib.sha256()

    def write(f):
        if check.kind == "npz":
            with open(check.source, "rb") as src:
                for chunk in iter(lambda: src.read(1 << 20), b""):
                    written.update(chunk)
                    f.write(chunk)
            if written.hexdigest() != check.sha256:
                raise DataError(f"{check.source} changed since it was checked; pick it again",
                                code="copy_changed", path=check.source)
        else:
            (x_train, y_train), (x_test, y_test) = check.arrays
            buf = io.BytesIO()
            np.savez_compressed(buf, x_train=x_train, y_train=y_train, x_test=x_test, y_test=y_test)
            written.update(buf.getvalue())
            f.write(buf.getvalue())

    atomic_write(target, write)
    digest = written.hexdigest()
    if hash_file(target, "sha256") != digest:  # read back: what is on disk is what was checked
        raise DataError(f"{target} did not read back as written; the earlier file is kept as {kept}",
                        code="copy_changed", path=target)
    accepted = not check.keras_hash_ok
    if accepted:
        record_accepted(target, digest)
    return InstallResult(target, kept, accepted, True)
