"""Fetching dataset files into Keras's cache: hash-checked, resumable, cancellable, mirrorable.

A file lives at ``<cache root>/<cache_subdir>/<fname>``, where the cache root is
``$KERAS_HOME`` or ``~/.keras`` (``<tmp>/.keras`` when that cannot be written), exactly as in
Keras 3's ``keras.utils.get_file``. A user who already has Keras's files cached is therefore never
downloaded to again.

How a fetch goes:

1. A cached file whose hash matches is used with no network access, and so is a file the learner
   accepted (:mod:`.local_copies` records its sha256 beside it). A cached file whose hash does not
   match is fetched again, as Keras does, but it is **never deleted first**: it stays in place until a
   verified replacement is complete, and a failed download leaves it exactly as it was (the error
   says so, ``params["kept"]``).
2. The download streams into ``<fname>.part`` beside the target, reporting
   ``progress(done, total)`` after each chunk (``total`` is None when the server sends no length),
   and stops with :class:`DownloadCancelled` when ``cancel`` says so.
3. When a ``.part`` file is left over from an interrupted or cancelled download and a hash is
   known, the download resumes with an HTTP ``Range`` request; the hash check at the end covers
   the whole file, and a resumed file that fails it is fetched once more from scratch.
4. The finished file is hash-checked (64 hex digits → sha256, anything else → md5, as Keras) and
   only then atomically renamed to its final name. A download that fails the check is deleted (it
   is ours, never the user's) and a :class:`DownloadError` is raised: nothing corrupt is ever left in
   the cache, and nothing the user put there is lost.

The base URL can be replaced by a mirror (``set_mirror`` for the app setting, else the
``NETBUILDER_DATASETS_MIRROR`` environment variable); the file name is kept. ``file://`` URLs work.
"""

from __future__ import annotations

import hashlib
import http.client
import os
import tempfile
import threading
import urllib.error
import urllib.request

from ..errors import DataError, NetbuilderError
from ..fileio import atomic_write_text

#: Where every Keras dataset file is hosted (Keras 3's ``origin_folder``).
KERAS_ORIGIN = "https://storage.googleapis.com/tensorflow/tf-keras-datasets/"
#: Environment variable that replaces :data:`KERAS_ORIGIN` by a mirror.
MIRROR_ENV = "NETBUILDER_DATASETS_MIRROR"

_CHUNK = 1 << 16
_mirror: str | None = None
_LOCKS: dict = {}
_LOCKS_GUARD = threading.Lock()


class DownloadCancelled(NetbuilderError):
    """The download was stopped by its ``cancel`` signal; the ``.part`` file is kept to resume."""


class DownloadError(DataError):
    """A dataset file could not be fetched or failed its hash check.

    ``code`` is ``"download_failed"`` (network or HTTP error) or ``"download_hash_mismatch"``;
    ``params`` carry ``files`` (list of ``(name, algorithm, hash)``), ``folder`` and ``url``.
    """


# ---------------------------------------------------------------------------- configuration

def set_mirror(url: str | None) -> None:
    """Use ``url`` instead of Keras's origin folder (the app's "dataset mirror" setting).

    ``None`` or ``""`` goes back to the environment variable ``NETBUILDER_DATASETS_MIRROR``,
    then to Keras's origin. The mirror must serve the same file names as Keras's folder.
    """
    global _mirror
    _mirror = str(url) if url else None


def get_mirror() -> str | None:
    """The mirror in use: :func:`set_mirror`'s value, else ``$NETBUILDER_DATASETS_MIRROR``, else None."""
    return _mirror or os.environ.get(MIRROR_ENV) or None


def resolve_url(origin: str, mirror: str | None = None) -> str:
    """``origin`` with its folder replaced by ``mirror`` (or :func:`get_mirror`), file name kept."""
    base = mirror or get_mirror()
    if not base:
        return origin
    return base.rstrip("/") + "/" + origin.rsplit("/", 1)[-1]


def keras_home() -> str:
    """Keras's cache root: ``$KERAS_HOME``, else ``~/.keras`` (``<tmp>/.keras`` if home is read-only)."""
    home = os.environ.get("KERAS_HOME")
    if home:
        return os.path.expanduser(home)
    base = os.path.expanduser("~")
    if not os.access(base, os.W_OK):
        base = tempfile.gettempdir()
    return os.path.join(base, ".keras")


def cache_dir(cache_subdir: str = "datasets") -> str:
    """The folder that holds dataset files (created if needed), e.g. ``~/.keras/datasets``.

    Like Keras, falls back to ``<tmp>/.keras/<cache_subdir>`` when the root cannot be written.
    """
    folder = os.path.join(keras_home(), cache_subdir)
    try:
        os.makedirs(folder, exist_ok=True)
    except OSError:
        pass
    if not os.access(folder, os.W_OK):
        folder = os.path.join(tempfile.gettempdir(), ".keras", cache_subdir)
        os.makedirs(folder, exist_ok=True)
    return folder


# ---------------------------------------------------------------------------- hashing

def hash_algorithm(file_hash: str) -> str:
    """``"sha256"`` for a 64-hex-digit hash, ``"md5"`` otherwise (Keras's "auto" rule)."""
    return "sha256" if len(file_hash) == 64 else "md5"


def hash_file(path: str, algorithm: str = "sha256") -> str:
    """Hex digest of the file at ``path``, read in chunks."""
    h = hashlib.new(algorithm)
    with open(path, "rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def validate_file(path: str, file_hash: str) -> bool:
    """True when the file's sha256/md5 (chosen by :func:`hash_algorithm`) equals ``file_hash``."""
    return hash_file(path, hash_algorithm(file_hash)) == file_hash.lower()


# ---------------------------------------------------------------------------- fetching

def _cancelled(cancel) -> bool:
    if cancel is None:
        return False
    if hasattr(cancel, "is_set"):
        return bool(cancel.is_set())
    return bool(cancel())


#: Sizes of Keras's files in bytes (Keras's download logs), shown so a learner knows what to expect.
KNOWN_SIZES = {"mnist.npz": 11_490_434, "imdb.npz": 17_464_789, "imdb_word_index.json": 1_641_221,
               "reuters.npz": 2_110_848, "boston_housing.npz": 57_026}
#: Keras file → the dataset name that ``netbuilder datasets import`` and the data dialog accept for it.
IMPORTABLE = {"mnist.npz": "mnist", "imdb.npz": "imdb", "reuters.npz": "reuters",
              "boston_housing.npz": "boston"}
#: Where the window keeps the mirror setting and the "I already have the file" route.
WINDOW_DATA_DIALOG = "Dataset \u203a Get the data\u2026"


def size_text(size) -> str:
    """``17.5 MB`` (or ``57 kB``) for a byte count; ``size unknown`` for None."""
    if size is None:
        return "size unknown"
    return f"{size / 1e6:.1f} MB" if size >= 1e6 else f"{max(1, round(size / 1e3))} kB"


def offline_error(files, folder, url, reason, code="download_failed", kept=None):
    """The :class:`DownloadError` that tells an offline user every way to get the files in.

    ``files`` is a list of ``(name, algorithm, hash)``. The message names each file with its size
    and hash and the folder it goes into, then the three ways out: copy it there, use a mirror
    (``NETBUILDER_DATASETS_MIRROR`` or the window's "Mirror URL"), or hand over a copy you already
    have (the window's "I already have the file", ``netbuilder datasets import``, ``load_data(path=)``).
    ``kept`` names a file already in ``folder`` with a different checksum, which was left untouched.
    """
    listed = "\n".join(f"    {name}   {size_text(KNOWN_SIZES.get(name))}   {algo} {digest}".rstrip()
                       for name, algo, digest in files)
    one = len(files) == 1
    failed = "Downloaded {} but it is unusable" if code == "download_hash_mismatch" else "Could not download {}"
    own = [IMPORTABLE[n] for n, _, _ in files if n in IMPORTABLE]
    have = (f"You already have {'the file' if one else 'the files'}: in the window use {WINDOW_DATA_DIALOG} "
            f"\u203a \"I already have the file\"")
    if own:
        have += (f"; on the command line run: netbuilder datasets import {own[0]} /path/to/{files[0][0]}; "
                 f"in code pass load_data(path=\"/path/to/{files[0][0]}\")")
    msg = (
        f"{failed.format(url)} ({reason}).\n"
        f"{'This file goes' if one else 'These files go'} into the folder {folder}:\n{listed}\n"
        f"Ways to get {'it' if one else 'them'} there:\n"
        f"  - Copy {'it' if one else 'them'} into that folder from any computer that can reach {KERAS_ORIGIN}\n"
        f"  - Use a mirror that serves the same file names: set the environment variable "
        f"{MIRROR_ENV}=https://your.mirror/path/ (in the window: {WINDOW_DATA_DIALOG} \u203a Mirror URL)\n"
        f"  - {have}"
    )
    if kept:
        msg += (f"\nThe file {kept} that is already there was kept unchanged: its checksum differs from "
                f"Keras's. If you trust it, accept it with \"I already have the file\".")
    return DownloadError(msg, code=code, files=list(files), folder=folder, url=url, reason=str(reason),
                         names=", ".join(n for n, _, _ in files), mirror_env=MIRROR_ENV, kept=kept)


# ---------------------------------------------------------------------------- accepted copies

def accepted_record(path) -> str:
    """Where the learner's acceptance of the file at ``path`` is noted: ``.<name>.netbuilder-accepted``.

    A learner may accept a copy whose checksum differs from Keras's (a rebuilt ``imdb.npz``, an
    ``mnist.npz`` made from the IDX files); the record holds that copy's sha256, so the copy is used
    offline as long as it is unchanged. Keras ignores the record (and re-downloads when it can).
    """
    folder, name = os.path.split(os.path.abspath(path))
    return os.path.join(folder, f".{name}.netbuilder-accepted")


def is_accepted(path) -> bool:
    """True when ``path`` has an acceptance record whose sha256 is the file's current sha256."""
    try:
        with open(accepted_record(path), encoding="ascii") as f:
            algo, digest = f.read().split()[:2]
    except (OSError, ValueError, UnicodeDecodeError):
        return False
    return algo == "sha256" and os.path.isfile(path) and hash_file(path, "sha256") == digest


def record_accepted(path, digest: str | None = None) -> None:
    """Note (atomically) that the learner accepted the file at ``path`` as it is now."""
    digest = digest or hash_file(path, "sha256")
    atomic_write_text(accepted_record(path), f"sha256 {digest} {os.path.basename(path)}\n")


def _stream(url, part, resume_from, progress, cancel, timeout):
    """Write ``url`` into ``part`` (appending after ``resume_from`` bytes when the server agrees)."""
    request = urllib.request.Request(url, headers={"User-Agent": "netbuilder"})
    if resume_from:
        request.add_header("Range", f"bytes={resume_from}-")
    try:
        response = urllib.request.urlopen(request, timeout=timeout)
    except urllib.error.HTTPError as exc:
        if exc.code == 416 and resume_from:  # the .part is already complete, or stale: start over
            os.remove(part)
            return _stream(url, part, 0, progress, cancel, timeout)
        raise
    with response:
        status = getattr(response, "status", None) or response.getcode()
        length = response.headers.get("Content-Length")
        appending = bool(resume_from) and status == 206 and str(
            response.headers.get("Content-Range", "")).startswith(f"bytes {resume_from}-")
        done = resume_from if appending else 0
        total = (int(length) + done) if length and length.isdigit() else None
        with open(part, "ab" if appending else "wb") as out:
            if progress is not None and progress(done, total) is False:
                raise DownloadCancelled(f"download of {url} cancelled", code="download_cancelled", url=url)
            while True:
                if _cancelled(cancel):
                    raise DownloadCancelled(f"download of {url} cancelled", code="download_cancelled", url=url)
                chunk = response.read(_CHUNK)
                if not chunk:
                    break
                out.write(chunk)
                done += len(chunk)
                if progress is not None and progress(done, total) is False:
                    raise DownloadCancelled(f"download of {url} cancelled", code="download_cancelled", url=url)
            out.flush()
            os.fsync(out.fileno())  # the bytes are on disk before the rename makes them the file
    if total is not None and done != total:
        raise OSError(f"connection closed after {done} of {total} bytes")


def get_file(fname, origin, file_hash=None, *, cache_subdir="datasets", progress=None, cancel=None,
             mirror=None, timeout=30.0, validate=None):
    """Return the local path of ``fname``, downloading it from ``origin`` when needed.

    Args:
        fname: file name inside the cache folder (no folders, as in Keras 3).
        origin: the file's URL; its folder is replaced by the mirror when one is set.
        file_hash: expected sha256 (64 hex digits) or md5 of the file, or None for no check.
        cache_subdir: folder under the cache root (``"datasets"`` or ``"datasets/fashion-mnist"``).
        progress: ``progress(done, total)`` after each chunk; returning ``False`` cancels.
        cancel: a ``threading.Event`` (or a callable returning True) that stops the download.
        mirror: base URL to use for this call instead of :func:`get_mirror`.
        timeout: seconds to wait for the server before giving up.
        validate: optional ``validate(path) -> bool`` for files without a hash; a cached file that
            fails it is fetched again, a fresh one that fails it raises ``DownloadError``.

    Raises:
        DownloadError: the file could not be fetched (the message names the file, its hash and the
            folder to copy it into), or the fresh download failed its check.
        DownloadCancelled: ``cancel`` was set or ``progress`` returned False.
    """
    if os.sep in fname or (os.altsep and os.altsep in fname) or "/" in fname:
        raise DataError(f"get_file: fname must be a bare file name, got {fname!r}",
                        code="bad_file_name", fname=fname)
    def ok(path):
        if file_hash is not None:
            return validate_file(path, file_hash)
        return validate(path) if validate is not None else True

    def usable(path):
        return ok(path) or (file_hash is not None and is_accepted(path))

    # a valid file in Keras's own folder is used even when that folder is read-only
    primary = os.path.join(keras_home(), cache_subdir, fname)
    if os.path.isfile(primary) and usable(primary):
        return primary
    folder = cache_dir(cache_subdir)
    target = os.path.join(folder, fname)
    with _lock_for(target):  # two threads fetching one file would interleave their writes
        kept = None
        if os.path.exists(target):
            if usable(target):
                return target
            kept = target  # outdated or foreign: replaced only by a verified download, never deleted
        return _download(fname, target, folder, resolve_url(origin, mirror), file_hash, ok, progress,
                         cancel, timeout, kept)


def _lock_for(path):
    with _LOCKS_GUARD:
        return _LOCKS.setdefault(path, threading.Lock())


def _download(fname, target, folder, url, file_hash, ok, progress, cancel, timeout, kept=None):
    """Stream ``url`` to ``target + ".part"``, resume when possible, check, then rename atomically.

    ``target`` itself is only ever replaced by ``os.replace`` of a complete, verified ``.part``: when
    ``kept`` names an existing file there, every failure leaves it untouched and says so.
    """
    part = target + ".part"
    expected = [(fname, hash_algorithm(file_hash), file_hash)] if file_hash else [(fname, "", "(no hash)")]
    for attempt in range(2):
        resume_from = os.path.getsize(part) if (file_hash and attempt == 0 and os.path.exists(part)) else 0
        try:
            _stream(url, part, resume_from, progress, cancel, timeout)
        except DownloadCancelled:
            raise
        except (urllib.error.URLError, http.client.HTTPException, OSError, ValueError) as exc:
            if isinstance(exc, urllib.error.HTTPError):
                reason = f"HTTP {exc.code} {exc.reason}"
            else:
                reason = getattr(exc, "reason", None) or exc
            if not file_hash and os.path.exists(part):
                os.remove(part)  # cannot be resumed safely without a hash
            raise offline_error(expected, folder, url, reason, kept=kept) from exc
        except BaseException:
            if os.path.exists(part) and not file_hash:
                os.remove(part)
            raise
        if ok(part):
            os.replace(part, target)
            return target
        os.remove(part)
        if not resume_from:  # a fresh download failed its check: give up cleanly
            break
    why = "it is not a valid file" if file_hash is None else f"its {expected[0][1]} differs"
    raise offline_error(expected, folder, url, f"the downloaded file failed its integrity check: {why}",
                        code="download_hash_mismatch", kept=kept)


def fetch(path, default_name, file_hash, *, cache_subdir="datasets", progress=None, cancel=None,
          validate=None):
    """Resolve a loader's ``path`` argument to a readable local file.

    A bare file name (Keras's meaning) is looked up in the cache and downloaded from Keras's
    origin for ``default_name`` when missing. A path with a folder in it (absolute or relative,
    e.g. ``"./mnist.npz"``) is the user's own copy: it is returned as it is, with no download and no
    hash check; a missing one raises ``DataError(code="file_not_found")``.
    """
    path = os.fspath(path)
    if is_local_path(path):
        path = os.path.expanduser(path)
        if not os.path.exists(path):
            raise DataError(f"no such file or folder: {path!r}", code="file_not_found", path=path)
        return path
    return get_file(path, KERAS_ORIGIN + default_name, file_hash, cache_subdir=cache_subdir,
                    progress=progress, cancel=cancel, validate=validate)


def is_local_path(path) -> bool:
    """True when ``path`` names a folder too (``/``, ``\\`` on Windows, or ``~``), not a bare name."""
    path = os.fspath(path)
    return (os.path.isabs(path) or "/" in path or os.sep in path
            or bool(os.altsep and os.altsep in path) or path.startswith("~"))
