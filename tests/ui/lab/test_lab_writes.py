"""The Lab's run files are written by the store's writer thread (issue 16): the window never waits for
the disk at a run's end, a full disk is still said in the Lab, and closing waits for the writes."""

import errno
import threading

from netbuilder.core.runs import RunStore, runs_folder
from netbuilder.core.runs import store as store_module

from .conftest import prepare, train_once


def test_a_kept_run_is_written_off_the_gui_thread(qtbot, lab, monkeypatch):
    threads = []
    real = store_module.atomic_write

    def spy(path, fn):
        threads.append(threading.current_thread() is threading.main_thread())
        return real(path, fn)

    monkeypatch.setattr(store_module, "atomic_write", spy)
    assert lab.store.background
    train_once(qtbot, lab)
    rec = lab.store.latest()
    assert lab.store.weights_path(rec.id).is_file()  # waits for the writer
    assert threads == [False]  # the model file, on the writer thread


def test_a_full_disk_is_said_in_the_lab(qtbot, lab, monkeypatch):
    def full(path, fn):
        raise OSError(errno.ENOSPC, "No space left on device", str(path))

    monkeypatch.setattr(store_module, "atomic_write", full)
    train_once(qtbot, lab)
    qtbot.waitUntil(lambda: "could not be kept" in lab.widget.message.text(), timeout=30000)
    assert "No space left" in lab.widget.message.text()
    rec = lab.store.latest()  # its curves and numbers are kept; its model could not be
    assert rec is not None and rec.weights is None and lab.widget.model.rowCount() == 1


def test_closing_waits_for_the_queued_writes(qtbot, win, tmp_path, monkeypatch):
    lab = win.feature("lab")
    prepare(win, epochs=2)
    path = tmp_path / "spiral.nbproj"
    assert win.save_to(path)
    gate = threading.Event()
    real = store_module.atomic_write_text

    def held(p, text):  # the disk is slow: the index write waits until the window has begun to close
        assert gate.wait(30)  # a safety net against a hung test, not a pass/fail limit
        return real(p, text)

    monkeypatch.setattr(store_module, "atomic_write_text", held)
    train_once(qtbot, lab)
    lab.store.rename(lab.store.latest().id, "slow disk")
    cancel = lab.runner.cancel_for_close  # the first thing the Lab does when the window closes
    monkeypatch.setattr(lab.runner, "cancel_for_close", lambda: (gate.set(), cancel()))
    win.close()
    kept = RunStore(runs_folder(path)).records
    assert [r.name for r in kept] == ["slow disk"] and (runs_folder(path) / kept[0].weights).is_file()
