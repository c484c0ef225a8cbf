"""Crash safety: autosave to a recovery file, Restore/Discard after a killed process, atomic writes."""

import errno
import json
import os
import signal
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from PySide6.QtCore import QPointF, QSettings, QTimer
from PySide6.QtWidgets import QApplication, QMessageBox

from netbuilder.ui import recovery as R
from netbuilder.ui.project import load_project

ROOT = Path(__file__).resolve().parents[2]


def new_window(qtbot, tmp_path, name="settings.ini"):
    from netbuilder.ui.main_window import MainWindow

    w = MainWindow(QSettings(str(tmp_path / name), QSettings.IniFormat))
    w.quiet_errors = True
    w.ask_unsaved = lambda: QMessageBox.Discard
    qtbot.addWidget(w)
    return w


def dead_pid() -> int:
    p = subprocess.Popen([sys.executable, "-c", "pass"])
    p.wait()
    return p.pid


def crashed_file(win, folder, pid):
    """A recovery file as a crashed session leaves it: the project JSON plus its recovery section."""
    data = win.current_project().to_json()
    data["recovery"] = {"path": None, "display": "Untitled", "pid": pid, "time": 0}
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{R.PREFIX}{pid}{R.SUFFIX}"
    path.write_text(json.dumps(data))
    return path


def test_recovery_folder_follows_the_settings_file(win, tmp_path):
    assert win.recovery.folder == tmp_path.resolve() / "recovery"
    assert win.recovery.timer.interval() == R.AUTOSAVE_INTERVAL_MS == 180_000
    assert win.recovery.timer.isActive()


def test_timer_autosaves_unsaved_changes_atomically(win, qtbot, tmp_path):
    rec = win.recovery
    rec.set_interval(20)
    qtbot.wait(80)
    assert not rec.file.exists()  # nothing unsaved: nothing written
    win.drop_layer("Dense", QPointF(0, 0))
    qtbot.waitUntil(rec.file.exists, timeout=60000)
    rec.timer.stop()  # every 20 ms tick queues another write while the work is unsaved:
    rec.flush()  # let the one in flight land before looking for temporary files
    project = load_project(rec.file)  # a valid project file
    assert [e["class_name"] for e in project.model["config"]["layers"]] == \
        [e["class_name"] for e in win.doc.to_config()["config"]["layers"]]
    assert json.loads(rec.file.read_text())["recovery"]["pid"] == os.getpid()
    assert [p.name for p in rec.folder.iterdir()] == [rec.file.name]  # no temporary file left
    win.save_to(tmp_path / "saved.nbproj")  # saving removes the recovery file
    assert not rec.file.exists()


def test_clean_exit_removes_the_recovery_file(win):
    win.drop_layer("Dense", QPointF(0, 0))
    assert win.recovery.autosave()
    assert win.close()
    assert not win.recovery.file.exists()


def test_full_disk_during_autosave_keeps_the_previous_file(win, monkeypatch):
    win.drop_layer("Dense", QPointF(0, 0))
    assert win.recovery.autosave()
    before = win.recovery.file.read_bytes()
    win.drop_layer("Dropout", QPointF(0, 200))

    def full(fd):
        raise OSError(errno.ENOSPC, "No space left on device")
    monkeypatch.setattr(R.os, "fsync", full)
    assert not win.recovery.autosave()
    assert "No space left" in win.recovery.last_error
    assert "Autosave failed" in win.statusBar().currentMessage()
    assert win.recovery.file.read_bytes() == before
    assert [p.name for p in win.recovery.folder.iterdir()] == [win.recovery.file.name]


def test_killed_process_is_offered_back_and_restored(qtbot, tmp_path):
    """A real process edits, autosaves and is killed with SIGKILL; the next window restores its work."""
    script = textwrap.dedent(f"""
        import os, signal, sys
        os.environ["QT_QPA_PLATFORM"] = "offscreen"
        sys.path.insert(0, {str(ROOT)!r})
        from PySide6.QtCore import QPointF, QSettings
        from PySide6.QtWidgets import QApplication
        app = QApplication([])
        from netbuilder.ui.main_window import MainWindow
        w = MainWindow(QSettings({str(tmp_path / "settings.ini")!r}, QSettings.IniFormat))
        w.open_path({str(ROOT / "netbuilder" / "examples" / "two_branch.nbproj")!r})
        w.drop_layer("Dropout", QPointF(0, 400))
        assert w.recovery.autosave()
        os.kill(os.getpid(), signal.SIGKILL)
    """)
    proc = subprocess.run([sys.executable, "-c", script], capture_output=True, timeout=60, check=False)
    assert proc.returncode == -signal.SIGKILL, proc.stderr.decode()[-2000:]
    left = list((tmp_path / "recovery").glob("autosave-*.nbproj"))
    assert len(left) == 1
    from netbuilder.ui.app import open_initial

    w = new_window(qtbot, tmp_path)
    open_initial(w, [])  # as run_app does: the last project (two_branch, unmodified)
    assert not any(n.class_name == "Dropout" for n in w.doc.nodes.values())
    seen = []
    w.recovery.prompt = lambda info: seen.append(info) or True
    assert w.recovery.offer_restore()
    assert seen[0]["display"] == "two_branch.nbproj"
    assert any(n.class_name == "Dropout" for n in w.doc.nodes.values())
    assert w.path == ROOT / "netbuilder" / "examples" / "two_branch.nbproj"  # keeps its original path
    assert w.isWindowModified() and not w.undo_stack.isClean()  # closing will ask to save it
    assert not left[0].exists() and w.recovery.file.exists()  # now this session's recovery file


def test_declining_discards_the_file_and_keeps_the_window(win, qtbot, tmp_path):
    win.drop_layer("Dense", QPointF(0, 0))
    path = crashed_file(win, win.recovery.folder, dead_pid())
    other = new_window(qtbot, tmp_path, "settings.ini")
    before = other.doc.to_config()
    asked = []
    other.recovery.prompt = lambda info: asked.append(info) or False
    assert not other.recovery.offer_restore()
    assert asked and other.doc.to_config() == before and other.undo_stack.isClean()
    assert not path.exists()
    assert not other.recovery.offer_restore() and len(asked) == 1  # offered once only


def test_the_real_message_box_restores(win, qtbot, tmp_path):
    win.drop_layer("Dense", QPointF(0, 0))
    win.drop_layer("Dense", QPointF(0, 200))
    crashed_file(win, win.recovery.folder, dead_pid())
    other = new_window(qtbot, tmp_path)
    clicked = []

    def click_restore():
        box = QApplication.activeModalWidget()
        if not isinstance(box, QMessageBox):
            QTimer.singleShot(20, click_restore)
            return
        assert box.objectName() == "recoveryPrompt" and "not closed properly" in box.text()
        button = next(b for b in box.buttons() if b.text() == "Restore")
        clicked.append(box.text())
        button.click()
    QTimer.singleShot(0, click_restore)
    assert other.recovery.offer_restore()
    assert clicked and len(other.doc.nodes) == 2


def test_running_instance_file_is_not_offered(win, qtbot, tmp_path):
    win.drop_layer("Dense", QPointF(0, 0))
    crashed_file(win, win.recovery.folder, os.getppid())  # a live process: another instance
    other = new_window(qtbot, tmp_path)
    other.recovery.prompt = lambda info: pytest.fail("offered a live session's file")
    assert not other.recovery.offer_restore()


def test_damaged_recovery_file_gives_an_error_not_a_crash(win, qtbot, tmp_path):
    path = crashed_file(win, win.recovery.folder, dead_pid())
    path.write_text(path.read_text()[:-40])  # cut short: no longer JSON (the write was not atomic)
    other = new_window(qtbot, tmp_path)
    # unreadable info has no pid: the file is treated as orphaned and offered
    other.recovery.prompt = lambda info: True
    before = other.doc.to_config()
    assert not other.recovery.offer_restore()
    assert "not valid JSON" in other.last_error and other.doc.to_config() == before
    assert not path.exists()


def test_training_run_autosaves(win, qtbot):
    from netbuilder.ui.training import data_sources as S

    ui = win.training_ui
    assert win.open_path(win.examples_dir() / "playground_spiral.nbproj", as_example=True)
    ui.dataset_panel.set_data(S.load("playground:spirals", {"samples": 100}))
    if "fix_input" in ui.dataset_panel.fix_buttons:
        ui.dataset_panel.fix_buttons["fix_input"].click()
    ui.config_panel.apply_settings({"epochs": 1, "batch_size": 50})
    win.recovery.discard()
    with qtbot.waitSignal(ui.controller.finished, timeout=30000):
        assert ui.controls.start()
    win.recovery.flush()  # written on the recovery's writer thread
    assert win.recovery.file.exists()
    assert load_project(win.recovery.file).model == win.doc.to_config()


def test_of_two_crash_files_the_newest_work_is_offered(win, qtbot, tmp_path):
    """Two sessions crashed: the later one's work is offered and restored, whatever the pids' order."""
    folder = win.recovery.folder
    win.drop_layer("Dense", QPointF(0, 0))
    old = crashed_file(win, folder, dead_pid())
    win.drop_layer("Dense", QPointF(0, 200))
    new = crashed_file(win, folder, dead_pid())
    os.utime(old, (1_000_000, 1_000_000))  # older by decades, however the pids compare
    os.utime(new, (2_000_000_000, 2_000_000_000))
    other = new_window(qtbot, tmp_path)
    offered = []
    other.recovery.prompt = lambda info: offered.append(info) or True
    assert other.recovery.offer_restore()
    assert len(offered) == 1 and len(other.doc.nodes) == 2  # the newest work, not the older file


def test_a_restored_unsaved_project_brings_its_lab_runs_back_and_declined_ones_go(win, qtbot, tmp_path):
    """The Lab keeps an unsaved project's runs beside the recovery files (``runs-<pid>``): restoring the
    crashed session's project adopts them; the runs of a crashed session the learner let go are removed."""
    from netbuilder.core.runs import RunRecord, RunStore

    win.drop_layer("Dense", QPointF(0, 0))
    pid = dead_pid()
    crashed_file(win, win.recovery.folder, pid)
    RunStore(win.recovery.folder / f"runs-{pid}").append(
        RunRecord("", "before the crash", {"class_name": "Functional", "config": {"layers": []}}, {}, {"loss": [0.5]}))
    other = new_window(qtbot, tmp_path, "settings.ini")
    other.recovery.prompt = lambda info: True
    assert other.recovery.offer_restore()
    lab = other.feature("lab")
    assert [r.name for r in lab.store.records] == ["before the crash"]
    assert lab.store.folder == lab.unsaved_folder() and not (win.recovery.folder / f"runs-{pid}").exists()
    # a second crashed session, declined: its project file and its runs go together
    pid2 = dead_pid()
    crashed_file(win, win.recovery.folder, pid2)
    RunStore(win.recovery.folder / f"runs-{pid2}").append(RunRecord("", "declined", {}, {}, {"loss": [1.0]}))
    third = new_window(qtbot, tmp_path, "settings.ini")
    third.recovery.prompt = lambda info: False
    assert not third.recovery.offer_restore()
    assert not (win.recovery.folder / f"runs-{pid2}").exists()
    assert (lab.unsaved_folder() / "runs.json").is_file()  # a live session's runs are never touched
