"""Crash recovery, piece by piece: what mutation testing (``benchmarks/mutation.py recovery``) found
unguarded in ``ui/recovery.py``.

A light stand-in window (a ``QMainWindow`` with an undo stack, the project it holds and a record of
what ``Recovery`` asked of it) keeps each test to milliseconds; ``test_recovery.py`` covers the same
paths through the real ``MainWindow``.
"""

import errno
import json
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings, QStandardPaths, QTimer
from PySide6.QtGui import QUndoCommand, QUndoStack
from PySide6.QtWidgets import QApplication, QMainWindow, QMessageBox

from netbuilder.ui import recovery as R
from netbuilder.ui.project import load_project

EXAMPLE = Path(R.__file__).resolve().parents[1] / "examples" / "two_branch.nbproj"


class Lab:
    def __init__(self):
        self.calls = []

    def forget_orphaned_runs(self):
        self.calls.append("forget")

    def adopt_runs(self, pid):
        self.calls.append(("adopt", pid))


class Training:
    def __init__(self):
        from PySide6.QtCore import QObject, Signal

        class Controller(QObject):
            finished = Signal(object)

        self.controller = Controller()


class StandIn(QMainWindow):
    """What ``Recovery`` uses of the main window, recording each call."""

    def __init__(self, project=None, features=None):
        super().__init__()
        self.undo_stack = QUndoStack(self)
        self.project = project if project is not None else load_project(EXAMPLE)
        self.path = None
        self.display_name = "Untitled"
        self.features = features or {}
        self.loaded, self.errors, self.titles = [], [], 0

    def current_project(self):
        return self.project

    def feature(self, key):
        return self.features.get(key)

    def _load(self, project, path, display):
        self.loaded.append((project, path, display))

    def show_error(self, title, text):
        self.errors.append((title, text))

    def update_title(self):
        self.titles += 1

    def edit(self):
        """An unsaved change."""
        self.undo_stack.push(QUndoCommand("edit"))


@pytest.fixture
def stand_in(qtbot):
    w = StandIn()
    qtbot.addWidget(w)
    return w


def dead_pid() -> int:
    p = subprocess.Popen([shutil.which("true") or sys.executable])
    p.wait()
    return p.pid


def crash_file(folder, pid, recovery=None, mtime=None, project=None):
    data = (project or load_project(EXAMPLE)).to_json()
    data["recovery"] = recovery if recovery is not None else {"path": None, "display": "Untitled", "pid": pid,
                                                              "time": 0}
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{R.PREFIX}{pid}{R.SUFFIX}"
    path.write_text(json.dumps(data))
    if mtime is not None:
        os.utime(path, (mtime, mtime))
    return path


# ---------------------------------------------------------------------- module functions
def test_recovery_dir_beside_an_ini_file_else_in_the_app_data(tmp_path):
    ini = QSettings(str(tmp_path / "sub" / "s.ini"), QSettings.IniFormat)
    assert R.recovery_dir(ini) == (tmp_path / "sub").resolve() / "recovery"
    app_data = Path(QStandardPaths.writableLocation(QStandardPaths.AppDataLocation))
    assert R.recovery_dir(None) == app_data / "recovery"
    native = QSettings(QSettings.NativeFormat, QSettings.UserScope, "nb-test-org", "nb-test-app")
    assert R.recovery_dir(native) == app_data / "recovery"


def test_recovery_dir_without_an_app_data_folder_is_in_the_home(tmp_path, monkeypatch):
    monkeypatch.setattr(R.QStandardPaths, "writableLocation", staticmethod(lambda kind: ""))
    monkeypatch.setattr(R.Path, "home", staticmethod(lambda: tmp_path))
    assert R.recovery_dir(None) == tmp_path / ".netbuilder" / "recovery"


def test_texts_are_looked_up_in_the_recovery_context(monkeypatch):
    """The .ts catalogue files these texts under "Recovery": another context finds no translation."""
    seen = []

    class Core:
        @staticmethod
        def translate(context, text):
            seen.append(context)
            return text.upper()
    monkeypatch.setattr(R, "QCoreApplication", Core)
    assert R._tr("Restore") == "RESTORE" and seen == ["Recovery"]


def test_pid_alive_rules(monkeypatch):
    assert R.pid_alive(os.getpid())
    assert R.pid_alive(1)  # init: always there (another user's process counts as alive)
    assert not R.pid_alive(dead_pid())
    for bad in (None, "123", 0, -1, 1.5):
        assert not R.pid_alive(bad), bad
    # os.kill(pid, 0): no such process / exists but not ours / other failure
    for raised, alive in ((ProcessLookupError(), False), (PermissionError(), True),
                          (OSError(errno.EINVAL, "bad"), False)):
        def kill(pid, sig, raised=raised):
            assert sig == 0
            raise raised
        monkeypatch.setattr(R.os, "kill", kill)
        assert R.pid_alive(4242) is alive, raised
    monkeypatch.setattr(R.os, "kill", lambda pid, sig: None)
    assert R.pid_alive(4242) is True


def test_read_info(tmp_path):
    """The recovery section, or {} for anything else: no section, not an object, not JSON, too deep,
    not UTF-8, no file."""
    cases = [(json.dumps({"recovery": {"pid": 7, "display": "a.nbproj"}}).encode(), {"pid": 7, "display": "a.nbproj"}),
             (json.dumps({"recovery": "nope"}).encode(), {}),
             (json.dumps({"model": {}}).encode(), {}),
             (json.dumps([1, 2]).encode(), {}),  # not an object: no .get
             (b"{cut short", {}),
             (b"[" * 100_000, {}),  # deeper than the JSON reader goes
             (b'{"recovery": {"display": "caf\xe9"}}', {})]
    for i, (content, expected) in enumerate(cases):
        p = tmp_path / f"f{i}.nbproj"
        p.write_bytes(content)
        assert R.read_info(p) == expected, content[:40]
    assert R.read_info(tmp_path / "none.nbproj") == {}


def test_orphaned_files_newest_first_only_dead_owners_only_recovery_names(tmp_path):
    assert R.orphaned_files(tmp_path / "absent") == []
    a = crash_file(tmp_path, dead_pid(), mtime=2_000_000_000)
    b = crash_file(tmp_path, dead_pid(), mtime=1_000_000_000)
    c = crash_file(tmp_path, dead_pid(), mtime=1_500_000_000)
    crash_file(tmp_path, os.getpid())  # a live session's
    (tmp_path / "other.nbproj").write_text("{}")
    (tmp_path / f"{R.PREFIX}1.txt").write_text("{}")
    assert R.orphaned_files(tmp_path) == [a, c, b]


# ---------------------------------------------------------------------- writing
def test_file_name_timer_and_interval(stand_in, tmp_path):
    rec = R.Recovery(stand_in, folder=tmp_path, interval_ms=50)
    assert rec.file == tmp_path / f"autosave-{os.getpid()}.nbproj"
    assert rec.timer.objectName() == "autosaveTimer" and rec.timer.isActive() and rec.timer.interval() == 50
    assert rec.last_error is None and rec.closed is False and rec.window is stand_in
    rec.set_interval(0)
    assert rec.timer.interval() == 1
    rec.set_interval(7.9)
    assert rec.timer.interval() == 7
    assert R.Recovery(stand_in, folder=tmp_path).timer.interval() == R.AUTOSAVE_INTERVAL_MS


def test_default_folder_follows_the_windows_settings(stand_in, tmp_path):
    stand_in.settings = QSettings(str(tmp_path / "s.ini"), QSettings.IniFormat)
    assert R.Recovery(stand_in).folder == tmp_path.resolve() / "recovery"


def test_autosave_writes_only_unsaved_work_unless_forced(stand_in, tmp_path):
    rec = R.Recovery(stand_in, folder=tmp_path / "rec")
    assert rec.autosave() is False and not rec.file.exists()
    stand_in.path = tmp_path / "mine.nbproj"
    stand_in.display_name = "mine.nbproj"
    stand_in.edit()
    before = time.time()
    assert rec.autosave() is True
    data = json.loads(rec.file.read_text())
    info = data.pop("recovery")
    assert data == stand_in.project.to_json()
    assert info["path"] == str(tmp_path / "mine.nbproj") and info["display"] == "mine.nbproj"
    assert info["pid"] == os.getpid() and before - 1 <= info["time"] <= time.time() + 1
    stand_in.undo_stack.setClean()
    rec.discard()
    stand_in.path = None
    assert rec.autosave(force=True) is True
    assert json.loads(rec.file.read_text())["recovery"]["path"] is None


def test_autosave_failure_is_reported_and_cleared_by_the_next_success(stand_in, tmp_path, monkeypatch):
    rec = R.Recovery(stand_in, folder=tmp_path)
    stand_in.edit()

    def full(*a, **k):
        raise OSError(errno.ENOSPC, "No space left on device")
    monkeypatch.setattr(R, "atomic_write_text", full)
    assert rec.autosave() is False
    assert rec.last_error.startswith("Autosave failed: ") and "No space left" in rec.last_error
    assert stand_in.statusBar().currentMessage() == rec.last_error
    monkeypatch.undo()
    assert rec.autosave() is True and rec.last_error is None


def test_a_project_json_cannot_hold_is_an_error_not_a_crash(stand_in, tmp_path):
    stand_in.project.description = object()  # not JSON-serialisable: TypeError
    rec = R.Recovery(stand_in, folder=tmp_path)
    assert rec.autosave(force=True) is False and "Autosave failed" in rec.last_error


def test_close_stops_writing_and_removes_the_file(stand_in, tmp_path):
    rec = R.Recovery(stand_in, folder=tmp_path)
    stand_in.edit()
    assert rec.autosave()
    rec.close()
    assert rec.closed and not rec.timer.isActive() and not rec.file.exists()
    assert rec.autosave(force=True) is False and not rec.file.exists()


def test_discard_without_a_file_is_quiet_and_a_failure_is_kept(stand_in, tmp_path):
    rec = R.Recovery(stand_in, folder=tmp_path)
    rec.discard()
    assert rec.last_error is None
    rec.file.mkdir()  # unlink of a folder fails with an OSError other than FileNotFoundError
    rec.discard()
    assert str(rec.file) in rec.last_error and rec.file.is_dir()


def test_autosave_creates_missing_parent_folders(stand_in, tmp_path):
    rec = R.Recovery(stand_in, folder=tmp_path / "a" / "b" / "recovery")
    assert rec.autosave(force=True) and rec.file.is_file()


# ---------------------------------------------------------------------- restoring
def test_the_prompt_names_the_work_and_when_it_was_saved(stand_in, tmp_path):
    rec = R.Recovery(stand_in, folder=tmp_path)
    seen = {}

    def answer(button_text):
        box = QApplication.activeModalWidget()
        if not isinstance(box, QMessageBox):
            QTimer.singleShot(10, lambda: answer(button_text))
            return
        seen.update(title=box.windowTitle(), text=box.text(), icon=box.icon(), parent=box.parent(),
                    buttons={b.text(): box.buttonRole(b) for b in box.buttons()},
                    default=box.defaultButton().text())
        next(b for b in box.buttons() if b.text() == button_text).click()

    t = 1_700_000_000
    QTimer.singleShot(0, lambda: answer("Discard"))
    assert rec.ask({"display": "net.nbproj", "time": t}) is False
    assert seen["title"] == "Recover unsaved work" and seen["icon"] == QMessageBox.Question
    assert seen["parent"] is stand_in
    assert seen["text"] == ("netbuilder was not closed properly. Restore the unsaved changes to net.nbproj "
                            f"(autosaved {time.strftime('%Y-%m-%d %H:%M', time.localtime(t))})?")
    assert seen["buttons"] == {"Restore": QMessageBox.AcceptRole, "Discard": QMessageBox.DestructiveRole}
    assert seen["default"] == "Restore"
    QTimer.singleShot(0, lambda: answer("Restore"))
    assert rec.ask({}) is True
    assert "changes to Untitled (autosaved " in seen["text"]
    assert time.strftime("%Y-%m-%d %H:%M", time.localtime(0)) in seen["text"]


def test_nothing_to_offer_asks_nothing(stand_in, tmp_path):
    lab = Lab()
    stand_in.features["lab"] = lab
    rec = R.Recovery(stand_in, folder=tmp_path, prompt=lambda info: pytest.fail("asked"))
    assert rec.offer_restore() is False and lab.calls == []


def test_restore_keeps_the_original_path_and_marks_the_work_unsaved(stand_in, tmp_path):
    lab = Lab()
    stand_in.features["lab"] = lab
    pid = dead_pid()
    original = tmp_path / "work" / "net.nbproj"
    old = crash_file(tmp_path / "rec", dead_pid(), mtime=1_000_000_000)
    path = crash_file(tmp_path / "rec", pid, {"path": str(original), "display": "ignored", "pid": pid, "time": 5})
    asked = []
    rec = R.Recovery(stand_in, folder=tmp_path / "rec", prompt=lambda info: asked.append(info) or True)
    stand_in.undo_stack.setClean()
    assert rec.offer_restore() is True
    assert asked == [{"path": str(original), "display": "ignored", "pid": pid, "time": 5}]  # the newest, once
    (project, where, display), = stand_in.loaded
    assert project.model == load_project(EXAMPLE).model
    assert where == original and display == "net.nbproj"
    assert not stand_in.undo_stack.isClean() and stand_in.titles == 1
    assert lab.calls == [("adopt", pid), "forget"]  # its runs come back, then the other crashes' go
    assert not path.exists() and not old.exists()
    assert rec.file.exists() and json.loads(rec.file.read_text())["recovery"]["pid"] == os.getpid()
    assert stand_in.statusBar().currentMessage() == "Restored unsaved work of net.nbproj"


@pytest.mark.parametrize("info,display", [({"path": None, "display": "Draft"}, "Draft"),
                                          ({"path": "", "display": None}, "Untitled"),
                                          ({"path": 3}, "Untitled")])
def test_restore_without_an_original_path_shows_the_saved_name(stand_in, tmp_path, info, display):
    path = crash_file(tmp_path, dead_pid())
    rec = R.Recovery(stand_in, folder=tmp_path / "rec")
    assert rec.restore(path, info) is True
    assert stand_in.loaded[0][1:] == (None, display)


def test_restore_reads_the_info_from_the_file_when_not_given(stand_in, tmp_path):
    pid = dead_pid()
    path = crash_file(tmp_path, pid, {"path": str(tmp_path / "x.nbproj"), "display": "x", "pid": pid, "time": 0})
    rec = R.Recovery(stand_in, folder=tmp_path / "rec")
    assert rec.restore(path) is True
    assert stand_in.loaded[0][1:] == (tmp_path / "x.nbproj", "x.nbproj")


def test_a_failed_restore_is_kept_aside_not_offered_again(stand_in, tmp_path):
    lab = Lab()
    stand_in.features["lab"] = lab
    pid = dead_pid()
    path = crash_file(tmp_path, pid)
    path.write_text(json.dumps({"format": "netbuilder-project", "recovery": {"pid": pid}}))  # no model
    rec = R.Recovery(stand_in, folder=tmp_path, prompt=lambda info: True)
    stand_in.edit()
    assert rec.offer_restore() is False
    (title, text), = stand_in.errors
    from netbuilder.ui.i18n import project_errors
    from netbuilder.ui.project import ProjectError

    kept = tmp_path / f"unrestored-{pid}.nbproj"
    with pytest.raises(ProjectError) as info:
        load_project(kept)
    assert title == "Cannot restore" and text == project_errors.render(info.value).replace(kept.name, path.name)
    assert "ProjectError" not in text  # the translated message, not the exception's repr
    assert stand_in.loaded == [] and not path.exists()
    assert kept.is_file() and R.read_info(kept) == {"pid": pid}
    assert lab.calls == []  # kept: its runs stay too
    assert R.orphaned_files(tmp_path) == []


def test_declined_work_goes_with_its_runs(stand_in, tmp_path):
    lab = Lab()
    stand_in.features["lab"] = lab
    files = [crash_file(tmp_path, dead_pid(), mtime=t) for t in (1_000_000_000, 2_000_000_000)]
    rec = R.Recovery(stand_in, folder=tmp_path, prompt=lambda info: False)
    assert rec.offer_restore() is False
    assert not any(p.exists() for p in files) and lab.calls == ["forget"]
    assert list(tmp_path.iterdir()) == []


def test_an_error_in_the_restored_graph_is_shown_with_its_type(stand_in, tmp_path):
    path = crash_file(tmp_path, dead_pid())

    def broken(project, path, display):
        raise KeyError("layers")
    stand_in._load = broken
    rec = R.Recovery(stand_in, folder=tmp_path / "rec")
    assert rec.restore(path, {}) is False
    assert stand_in.errors == [("Cannot restore", "KeyError: 'layers'")]


def test_keep_aside_names_and_failures(tmp_path):
    p = tmp_path / f"{R.PREFIX}123{R.SUFFIX}"
    p.write_text("x")
    assert R.Recovery.keep_aside(None, p) == tmp_path / "unrestored-123.nbproj"
    assert not p.exists() and (tmp_path / "unrestored-123.nbproj").read_text() == "x"
    assert R.Recovery.keep_aside(None, tmp_path / "autosave-9.nbproj") is None  # gone already


# ---------------------------------------------------------------------- installing
def test_install_wires_saving_and_training(stand_in, tmp_path):
    training = Training()
    stand_in.features["training"] = training
    rec = R.install_recovery(stand_in, folder=tmp_path, interval_ms=100_000)
    assert stand_in.recovery is rec and rec.timer.interval() == 100_000
    stand_in.edit()
    assert rec.autosave() and rec.file.exists()
    stand_in.undo_stack.setClean()  # saved: the recovery file goes
    assert not rec.file.exists()
    stand_in.edit()  # unsaved again: nothing is written until the timer or a run
    assert not rec.file.exists()
    stand_in.undo_stack.setClean()
    assert rec.autosave(force=True)
    stand_in.edit()  # clean -> unsaved: the file written is kept
    assert rec.file.exists()
    rec.discard()
    stand_in.undo_stack.setClean()
    training.controller.finished.emit(object())  # a run ends: written even when clean (on the writer thread)
    rec.flush()
    assert rec.file.exists()


def test_the_feature_installs_and_shuts_down(stand_in, tmp_path):
    stand_in.settings = QSettings(str(tmp_path / "s.ini"), QSettings.IniFormat)
    feature = R.RecoveryFeature()
    assert feature.key == "recovery" and feature.recovery is None
    feature.install(stand_in)
    assert feature.recovery is stand_in.recovery and feature.recovery.folder == tmp_path.resolve() / "recovery"
    feature.retranslate()
    stand_in.edit()
    assert feature.recovery.autosave()
    feature.shutdown()
    assert feature.recovery.closed and not feature.recovery.file.exists()


# ---------------------------------------------------------------------- the second triage (issue 23)
def test_read_info_names_its_encoding_whatever_the_platform_default(tmp_path, monkeypatch):
    """``read_info`` opens the file as UTF-8 itself, so a platform whose default text encoding is ASCII
    (``LANG=C``) still reads a Chinese project name. test_recovery_encoding.py checks this in a child
    Python with a real ASCII locale; this is the in-process version, which mutmut can run against
    ``read_info``'s mutants (it maps a test to the functions it calls in its own process only)."""
    import builtins

    info = {"path": "/home/学生/项目.nbproj", "display": "项目", "pid": 5, "time": 1.0}
    path = tmp_path / "autosave-5.nbproj"
    path.write_text(json.dumps({"recovery": info}, ensure_ascii=False), encoding="utf-8")

    def open_with_an_ascii_default(file, mode="r", *args, encoding=None, **kwargs):
        if "b" not in mode and encoding is None:
            encoding = "ascii"
        return builtins.open(file, mode, *args, encoding=encoding, **kwargs)

    monkeypatch.setattr(R, "open", open_with_an_ascii_default, raising=False)
    assert R.read_info(path) == info


def test_a_window_without_settings_autosaves_in_the_app_data_folder(stand_in):
    """``settings`` is not among what Recovery needs of a window (its docstring): without it the folder
    is the app data one, as for a window whose settings are not an INI file."""
    assert not hasattr(stand_in, "settings")
    rec = R.Recovery(stand_in)
    rec.timer.stop()
    assert rec.folder == Path(QStandardPaths.writableLocation(QStandardPaths.AppDataLocation)) / "recovery"


def test_the_autosave_timer_goes_with_its_window(qapp, tmp_path):
    """The timer is the Recovery's child and the Recovery the window's: a window deleted without
    close() takes its timer along, so no autosave fires into a deleted window."""
    import shiboken6

    window = StandIn()
    rec = R.Recovery(window, folder=tmp_path, interval_ms=60_000)
    timer = rec.timer
    try:
        shiboken6.delete(window)
        assert not shiboken6.isValid(rec) and not shiboken6.isValid(timer)
    finally:
        if shiboken6.isValid(timer):
            timer.stop()
