"""Atomic file writes: a crash or a full disk never leaves a half-written file behind."""

from __future__ import annotations

import os
import tempfile


def atomic_write(path, write_fn) -> None:
    """Call ``write_fn(fileobj)`` on a temp file beside ``path`` (binary mode), then rename it over
    ``path``. On any failure the previous file is untouched and the temp file is removed."""
    path = os.fspath(path)
    folder = os.path.dirname(os.path.abspath(path))
    fd, tmp = tempfile.mkstemp(prefix=f".{os.path.basename(path)}.", suffix=".tmp", dir=folder)
    try:
        with os.fdopen(fd, "wb") as f:
            write_fn(f)
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise


def atomic_write_text(path, text: str) -> None:
    """``atomic_write`` for UTF-8 text."""
    data = text.encode("utf-8")
    atomic_write(path, lambda f: f.write(data))
