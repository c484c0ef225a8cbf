"""Crash safety: autosave the open project to a recovery file, offer it back after a crash.

While the window runs, :class:`Recovery` writes the project (the same JSON as a ``.nbproj``, plus a
``"recovery"`` section: original path, title, process id, time) to
``<app data>/recovery/autosave-<pid>.nbproj`` every :data:`AUTOSAVE_INTERVAL_MS` when it has unsaved
changes, and after each training run. Every write is atomic (temporary file in the same folder,
``fsync``, ``os.replace``), so a crash during a write leaves the previous recovery file whole. The timer's
and the runs' writes happen on a writer thread (:class:`~netbuilder.core.runs.writer.WriteQueue`; the project
is serialised on the window's thread first): the ``fsync`` took the window 5 ms, longer on a busy disk, at
the end of every run of a Lab sweep (issue 16).
A clean exit, or saving the project, removes the file. At the next start, a recovery file whose
process is no longer alive is offered back (Restore / Discard); a restored project keeps its
original path and shows as modified, so closing asks to save it.

The folder is ``<folder of the settings file>/recovery`` when the window uses an INI settings
file (the tests' throw-away settings), else ``QStandardPaths.AppDataLocation/recovery``.
"""

from __future__ import annotations

import json
import os
import time
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QObject, QSettings, QStandardPaths, QTimer, Signal
from PySide6.QtWidgets import QMessageBox

from netbuilder.core.fileio import atomic_write_text
from netbuilder.core.runs.writer import WriteQueue

from .i18n import project_errors
from .project import ProjectError, load_project

#: Milliseconds between two autosaves of a project with unsaved changes (3 minutes).
AUTOSAVE_INTERVAL_MS = 3 * 60 * 1000
PREFIX = "autosave-"
SUFFIX = ".nbproj"


def _tr(text: str) -> str:
    return QCoreApplication.translate("Recovery", text)


def recovery_dir(settings: QSettings | None = None) -> Path:
    """Where recovery files live (see the module docstring)."""
    if settings is not None and settings.format() == QSettings.IniFormat and settings.fileName():
        return Path(settings.fileName()).resolve().parent / "recovery"
    base = QStandardPaths.writableLocation(QStandardPaths.AppDataLocation) or str(Path.home() / ".netbuilder")
    return Path(base) / "recovery"


def pid_alive(pid) -> bool:
    """True when a process ``pid`` exists (a recovery file of a running instance is not offered)."""
    if not isinstance(pid, int) or pid <= 0:
        return False
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # exists, owned by someone else
        return True
    except OSError:
        return False
    return True


def read_info(path) -> dict:
    """The ``"recovery"`` section of a recovery file ({} when unreadable)."""
    try:
        with open(path, encoding="utf-8") as fh:
            info = json.load(fh).get("recovery")
    except (OSError, ValueError, RecursionError, AttributeError):
        return {}
    return info if isinstance(info, dict) else {}


def orphaned_files(folder) -> list[Path]:
    """Recovery files left by processes that are gone (crashed or killed), newest first."""
    folder = Path(folder)
    if not folder.is_dir():
        return []
    found = []
    for p in folder.glob(f"{PREFIX}*{SUFFIX}"):
        if not pid_alive(read_info(p).get("pid")):
            found.append(p)
    return sorted(found, key=lambda p: p.stat().st_mtime, reverse=True)


class Recovery(QObject):
    """Autosave and restore for one ``MainWindow``.

    Args:
        window: the main window (``current_project()``, ``undo_stack``, ``path``, ``display_name``).
        folder: the recovery folder (default :func:`recovery_dir` of the window's settings).
        interval_ms: autosave period; tests pass a few milliseconds.
        prompt: ``prompt(info: dict) -> bool`` (True: restore); default a Restore/Discard box.
    """

    # a write of the writer thread ended: None, or what failed (queued to the window's thread)
    _wrote = Signal(object)

    def __init__(self, window, folder=None, interval_ms: int = AUTOSAVE_INTERVAL_MS, prompt=None):
        super().__init__(window)
        self._writes = WriteQueue(background=True, name="recovery-writer")  # autosave(wait=False)
        self._wrote.connect(self._said)
        self.window = window
        self.folder = Path(folder) if folder is not None else recovery_dir(getattr(window, "settings", None))
        self.file = self.folder / f"{PREFIX}{os.getpid()}{SUFFIX}"
        self.prompt = prompt or self.ask
        self.last_error: str | None = None
        self.closed = False  # set by close(): the window is going, nothing more is written
        self.timer = QTimer(self)
        self.timer.setObjectName("autosaveTimer")
        self.timer.timeout.connect(lambda: self.autosave(wait=False))
        self.set_interval(interval_ms)

    def set_interval(self, interval_ms: int) -> None:
        self.timer.start(max(1, int(interval_ms)))

    # ------------------------------------------------------------------ writing
    def autosave(self, force: bool = False, wait: bool = True) -> bool:
        """Write the recovery file when there are unsaved changes (or ``force``); True if written.

        ``wait`` False (the timer, the end of a run): the project is serialised now and the file written on
        the writer thread; True then means queued, and a failed write is said when it has failed
        (:attr:`last_error`, the status bar). :meth:`flush` waits for it."""
        w = self.window
        if self.closed or (not force and w.undo_stack.isClean()):
            return False
        try:
            data = w.current_project().to_json()
            data["recovery"] = {"path": str(w.path) if w.path else None, "display": w.display_name,
                                "pid": os.getpid(), "time": time.time()}
            text = json.dumps(data, indent=1)
            if not wait:
                self._writes.submit(self._write_queued, text)
                return True
            self.flush()  # an older queued write must not land after this one
            self._write(text)
        except (OSError, ValueError, TypeError) as exc:  # a full disk must not take the window down
            self._said(str(exc))
            return False
        self._said(None)
        return True

    def _write(self, text: str) -> None:
        self.folder.mkdir(parents=True, exist_ok=True)
        atomic_write_text(self.file, text)

    def _write_queued(self, text: str) -> None:
        """The writer thread's part of ``autosave(wait=False)``: write, then tell the window's thread."""
        try:
            self._write(text)
        except OSError as exc:
            self._wrote.emit(str(exc))
            return
        self._wrote.emit(None)

    def _said(self, error) -> None:
        """A write ended: ``error`` None (written: an earlier failure is over) or what failed (said for 10 s)."""
        if error is None:
            self.last_error = None
            return
        w = self.window
        self.last_error = _tr("Autosave failed: {0}").format(error)
        w.statusBar().showMessage(self.last_error, 10000)

    def flush(self) -> None:
        """Wait for the queued write, if any (``autosave(wait=False)``)."""
        self._writes.drain()

    def close(self) -> None:
        """The window closes cleanly: stop autosaving (also the save after a run that the closing stops)
        and remove this session's recovery file."""
        self.closed = True
        self.timer.stop()
        self.discard()

    def discard(self) -> None:
        """Remove this session's recovery file (clean exit, or the project was saved); a queued write
        lands first, so it cannot bring the file back."""
        self.flush()
        try:
            self.file.unlink()
        except FileNotFoundError:
            pass
        except OSError as exc:
            self.last_error = str(exc)

    # ------------------------------------------------------------------ restoring
    def ask(self, info: dict) -> bool:
        when = time.strftime("%Y-%m-%d %H:%M", time.localtime(info.get("time") or 0))
        box = QMessageBox(QMessageBox.Question, _tr("Recover unsaved work"),
                          _tr("netbuilder was not closed properly. Restore the unsaved changes to {0} "
                              "(autosaved {1})?").format(info.get("display") or _tr("Untitled"), when),
                          parent=self.window)
        box.setObjectName("recoveryPrompt")
        restore = box.addButton(_tr("Restore"), QMessageBox.AcceptRole)
        box.addButton(_tr("Discard"), QMessageBox.DestructiveRole)
        box.setDefaultButton(restore)
        box.exec()
        return box.clickedButton() is restore

    def offer_restore(self) -> bool:
        """Offer the newest orphaned recovery file; True when it was restored. The orphaned files
        are removed afterwards (the restored one lives on as this session's), except one the
        learner chose to restore that could not be: it is kept aside (:meth:`keep_aside`)."""
        files = orphaned_files(self.folder)
        if not files:
            return False
        newest = files[0]
        info = read_info(newest)
        restored = kept = False
        if self.prompt(info):
            restored = self.restore(newest, info)
            if not restored:  # the learner wanted it back: keep it, under a name not offered again
                kept = self.keep_aside(newest) is not None
        for p in files:  # restored (now this session's file), declined, or unreadable: done with
            try:
                p.unlink()
            except OSError:
                pass
        lab = self.window.feature("lab")
        if lab is not None and not kept:  # the runs of the unsaved work the learner let go go with it
            lab.forget_orphaned_runs()
        return restored

    def keep_aside(self, path) -> Path | None:
        """Rename a recovery file that could not be restored to ``unrestored-….nbproj`` (kept, not offered)."""
        target = Path(path).with_name("unrestored-" + Path(path).name[len(PREFIX):])
        try:
            os.replace(path, target)
        except OSError:
            return None
        return target

    def restore(self, path, info: dict | None = None) -> bool:
        """Load a recovery file into the window, keeping its original path; marked as modified."""
        w = self.window
        info = info if info is not None else read_info(path)
        original = Path(info["path"]) if isinstance(info.get("path"), str) and info["path"] else None
        display = original.name if original else (info.get("display") or "Untitled")
        try:
            project = load_project(path)
            w._load(project, original, str(display))  # it checks the graph and puts everything back if it fails
        except Exception as exc:  # noqa: BLE001 - a hostile recovery file must not stop the start
            w.show_error(_tr("Cannot restore"), project_errors.render(exc) if isinstance(exc, ProjectError)
                         else f"{type(exc).__name__}: {exc}")
            return False
        w.undo_stack.resetClean()  # unsaved until the user saves it
        lab = w.feature("lab")
        if lab is not None:  # the restored project's runs, kept beside its recovery file, come back too
            lab.adopt_runs(info.get("pid"))
        w.update_title()
        self.autosave(force=True)  # from now on it is this session's recovery file
        w.statusBar().showMessage(_tr("Restored unsaved work of {0}").format(display), 8000)
        return True


def install_recovery(window, **kwargs) -> Recovery:
    """Create ``window.recovery``: autosave timer, save after each training run (when the window has
    the ``"training"`` feature), cleanup on save."""
    rec = Recovery(window, **kwargs)
    window.recovery = rec
    window.undo_stack.cleanChanged.connect(lambda clean: rec.discard() if clean else None)
    training = window.feature("training")
    if training is not None:
        training.controller.finished.connect(lambda _result: rec.autosave(force=True, wait=False))
    return rec


class RecoveryFeature:
    """Crash recovery as a window feature (``ui.features``): a clean exit leaves no recovery file."""

    key = "recovery"

    def __init__(self):
        self.recovery: Recovery | None = None

    def install(self, window) -> None:
        self.recovery = install_recovery(window)

    def retranslate(self) -> None:
        """Its texts are read when shown (the restore prompt, the status bar)."""

    def shutdown(self) -> None:
        self.recovery.close()
