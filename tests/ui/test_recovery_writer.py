"""The recovery file written on a writer thread (``Recovery.autosave(wait=False)``: the timer and the end of
each run, issue 16): the project is serialised at the call, the file follows, a failure is said on the
window's thread, and nothing queued outlives a save or a clean exit."""

import errno
import json
import threading
import time

from netbuilder.ui import recovery as R

from .test_recovery_mutants import Training, stand_in  # noqa: F401  (the light stand-in window)


def recording_writes(monkeypatch, gate=None, delay=0.0):
    """Replace the atomic write by one that records its thread (and waits for ``gate`` / ``delay`` first)."""
    threads, real = [], R.atomic_write_text

    def write(path, text):
        if gate is not None:
            assert gate.wait(10)
        time.sleep(delay)
        threads.append(threading.current_thread())
        real(path, text)
    monkeypatch.setattr(R, "atomic_write_text", write)
    return threads


def test_a_queued_autosave_returns_before_the_write_and_holds_the_project_of_the_call(stand_in, tmp_path,  # noqa: F811
                                                                                     monkeypatch):
    gate = threading.Event()
    threads = recording_writes(monkeypatch, gate)
    rec = R.Recovery(stand_in, folder=tmp_path)
    stand_in.edit()
    expected = stand_in.project.to_json()
    assert rec.autosave(wait=False) is True
    assert not rec.file.exists()  # the write waits for the gate: the call did not
    stand_in.project.description = "changed after the call"
    gate.set()
    rec.flush()
    data = json.loads(rec.file.read_text())
    data.pop("recovery")
    assert data == expected  # serialised at the call, not when written
    assert threads and all(t is not threading.main_thread() for t in threads)
    assert [p.name for p in tmp_path.iterdir()] == [rec.file.name]  # atomic: no temporary file left


def test_a_failed_queued_write_is_said_on_the_window_thread_and_cleared_by_the_next(stand_in, tmp_path,  # noqa: F811
                                                                                   monkeypatch, qtbot):
    rec = R.Recovery(stand_in, folder=tmp_path)
    stand_in.edit()
    said = []
    rec._wrote.connect(lambda error: said.append(threading.current_thread() is threading.main_thread()))

    def full(*a, **k):
        raise OSError(errno.ENOSPC, "No space left on device")
    monkeypatch.setattr(R, "atomic_write_text", full)
    assert rec.autosave(wait=False) is True
    rec.flush()
    qtbot.waitUntil(lambda: rec.last_error is not None, timeout=3000)
    assert rec.last_error.startswith("Autosave failed: ") and "No space left" in rec.last_error
    assert stand_in.statusBar().currentMessage() == rec.last_error and said == [True]
    monkeypatch.undo()
    assert rec.autosave(wait=False) is True
    rec.flush()
    qtbot.waitUntil(lambda: rec.last_error is None, timeout=3000)
    assert rec.file.is_file()


def test_a_save_or_a_clean_exit_waits_for_the_queued_write_so_no_file_comes_back(stand_in, tmp_path,  # noqa: F811
                                                                               monkeypatch):
    recording_writes(monkeypatch, delay=0.05)  # a slow disk: the write lands after the call returned
    rec = R.Recovery(stand_in, folder=tmp_path)
    stand_in.edit()
    assert rec.autosave(wait=False)
    rec.discard()  # the project was saved
    assert not rec.file.exists()
    assert rec.autosave(force=True, wait=False)
    rec.close()  # a clean exit
    assert not rec.file.exists() and rec.autosave(force=True, wait=False) is False


def test_a_waited_autosave_lands_after_the_queued_one(stand_in, tmp_path, monkeypatch):  # noqa: F811
    recording_writes(monkeypatch, delay=0.05)
    rec = R.Recovery(stand_in, folder=tmp_path)
    stand_in.path = tmp_path / "old.nbproj"
    assert rec.autosave(force=True, wait=False)
    stand_in.path = tmp_path / "new.nbproj"
    assert rec.autosave(force=True)  # written when it returns, after the queued one
    assert json.loads(rec.file.read_text())["recovery"]["path"] == str(tmp_path / "new.nbproj")
    rec.flush()
    assert json.loads(rec.file.read_text())["recovery"]["path"] == str(tmp_path / "new.nbproj")


def test_the_timer_and_a_run_write_on_the_writer_thread(stand_in, tmp_path, monkeypatch, qtbot):  # noqa: F811
    threads = recording_writes(monkeypatch)
    training = Training()
    stand_in.features["training"] = training
    rec = R.install_recovery(stand_in, folder=tmp_path, interval_ms=100_000)
    training.controller.finished.emit(object())
    rec.flush()
    assert rec.file.is_file() and len(threads) == 1
    rec.discard()
    stand_in.edit()
    rec.set_interval(5)
    qtbot.waitUntil(rec.file.exists, timeout=3000)
    rec.timer.stop()
    rec.flush()
    assert len(threads) >= 2 and all(t is not threading.main_thread() for t in threads)
