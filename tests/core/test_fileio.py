"""Atomic writes (``core/fileio.py``): every model, project, export and recovery file goes through them.

A crash or a full disk must never leave a half-written file where a good one was: the data goes to a
temporary file beside the target (same folder, so the rename is atomic on one file system), is
flushed and fsync'ed, and only then renamed over the target; on any failure the target is untouched
and the temporary file is removed.
"""

from __future__ import annotations

import os

import pytest

from netbuilder.core import fileio


def _leftovers(folder):
    return sorted(p.name for p in folder.iterdir() if p.name.endswith(".tmp"))


def test_writes_the_bytes_and_leaves_no_temporary_file(tmp_path):
    target = tmp_path / "model.nbm"
    target.write_bytes(b"old")
    fileio.atomic_write(target, lambda f: f.write(b"new contents"))
    assert target.read_bytes() == b"new contents"
    assert _leftovers(tmp_path) == []
    fileio.atomic_write(str(tmp_path / "as_str.bin"), lambda f: f.write(b"\x00\x01"))  # str paths too
    assert (tmp_path / "as_str.bin").read_bytes() == b"\x00\x01"


def test_text_is_utf8(tmp_path):
    target = tmp_path / "project.nbproj"
    fileio.atomic_write_text(target, "名字 = 'Dense' ✓")
    assert target.read_bytes() == "名字 = 'Dense' ✓".encode("utf-8")


@pytest.mark.parametrize("error", [OSError("disk full"), KeyboardInterrupt()])
def test_a_failed_write_keeps_the_old_file_and_removes_the_temporary_one(tmp_path, error):
    target = tmp_path / "model.nbm"
    target.write_bytes(b"good old model")

    def half_then_fail(f):
        f.write(b"half of the new")
        raise error

    with pytest.raises(type(error)):
        fileio.atomic_write(target, half_then_fail)
    assert target.read_bytes() == b"good old model"
    assert _leftovers(tmp_path) == []


def test_the_temporary_file_sits_beside_the_target_and_is_complete_on_disk_before_the_rename(
        tmp_path, monkeypatch):
    """Same folder (an atomic rename), a hidden name; flushed and fsync'ed before it replaces the target."""
    target = tmp_path / "out.keras"
    seen = {}
    real_fsync, real_replace = os.fsync, os.replace

    def fsync(fd):
        seen["fsync_size"] = os.fstat(fd).st_size  # what the OS has: Python's buffer already flushed
        return real_fsync(fd)

    def replace(src, dst):
        seen["src"], seen["dst"] = src, dst
        seen["synced_before_rename"] = "fsync_size" in seen
        return real_replace(src, dst)

    monkeypatch.setattr(fileio.os, "fsync", fsync)
    monkeypatch.setattr(fileio.os, "replace", replace)
    fileio.atomic_write(target, lambda f: f.write(b"x" * 1000))
    assert seen["fsync_size"] == 1000 and seen["synced_before_rename"]
    assert os.path.dirname(seen["src"]) == str(tmp_path)
    name = os.path.basename(seen["src"])
    assert name.startswith(".out.keras.") and name.endswith(".tmp")
    assert seen["dst"] == str(target)


def test_a_relative_path_is_written_in_the_current_folder(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    fileio.atomic_write_text("notes.txt", "hello")
    assert (tmp_path / "notes.txt").read_text() == "hello"
    assert _leftovers(tmp_path) == []


def test_a_failure_to_remove_the_temporary_file_does_not_hide_the_real_error(tmp_path, monkeypatch):
    def refuse(path):
        raise PermissionError(path)

    monkeypatch.setattr(fileio.os, "unlink", refuse)
    with pytest.raises(ValueError, match="bad data"):
        fileio.atomic_write(tmp_path / "f.bin", lambda f: (_ for _ in ()).throw(ValueError("bad data")))
