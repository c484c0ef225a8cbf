"""The window's safety net: an exception that escapes a slot becomes a message, not a lost action.

PySide hands an exception raised in a slot (or in an event handler called from C++) to
``sys.excepthook`` and carries on with the event loop. :func:`install` replaces that hook while
the window lives: the traceback is appended to a log file (:func:`log_path`), and the window says
what happened in the interface language, with "Copy details", and stays usable. The same error
repeated within :data:`REPEAT_S` seconds (an edit that fails on every change) only reaches the
log and the status bar, so dialogs never stack up.
"""

from __future__ import annotations

import os
import sys
import time
import traceback
from pathlib import Path

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import QApplication, QMessageBox

#: Seconds during which the same error is not shown again.
REPEAT_S = 10.0
#: The log is rotated (to ``netbuilder.log.1``) past this many bytes.
MAX_LOG_BYTES = 1024 ** 2


def _tr(text: str) -> str:
    return QCoreApplication.translate("SlotGuard", text)


def log_path(settings=None) -> Path:
    """``<app data>/logs/netbuilder.log`` (beside the recovery folder, see ``recovery.recovery_dir``)."""
    from .recovery import recovery_dir  # noqa: PLC0415

    return recovery_dir(settings).parent / "logs" / "netbuilder.log"


def write_log(path: Path, text: str) -> bool:
    """Append ``text`` with a time stamp; False when the log cannot be written (never raises)."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        if path.exists() and path.stat().st_size > MAX_LOG_BYTES:
            os.replace(path, path.with_name(path.name + ".1"))
        with open(path, "a", encoding="utf-8") as fh:
            fh.write(f"---- {time.strftime('%Y-%m-%d %H:%M:%S')}\n{text}\n")
        return True
    except (OSError, ValueError):  # no space, no permission, a path that cannot exist
        return False


class SlotGuard:
    """The hook :func:`install` puts in ``sys.excepthook``; ``seen`` lists ``(summary, details)``."""

    def __init__(self, window):
        self.window = window
        self.log = log_path(getattr(window, "settings", None))
        self.previous = sys.excepthook
        self.seen: list[tuple[str, str]] = []
        self._last: dict[str, float] = {}
        self.box = None

    def __call__(self, exc_type, exc, tb):
        if issubclass(exc_type, (KeyboardInterrupt, SystemExit)):
            return self.previous(exc_type, exc, tb)
        try:
            self.report(exc_type, exc, tb)
        except Exception:  # noqa: BLE001 - the safety net itself must never raise
            self.previous(exc_type, exc, tb)
        return None

    def report(self, exc_type, exc, tb) -> None:
        details = "".join(traceback.format_exception(exc_type, exc, tb))
        summary = f"{exc_type.__name__}: {exc}"[:300]
        self.seen.append((summary, details))
        logged = write_log(self.log, details)
        print(details, file=sys.stderr, end="")  # a developer running from a terminal sees it too
        text = _tr("Something went wrong: {error}. Your project is unchanged and the window still works; "
                   "the action may not have taken effect.").format(error=summary)
        if logged:
            text += " " + _tr("Details were written to {path}.").format(path=self.log)
        win = self.window
        win.last_unexpected = text
        win.statusBar().showMessage(text, 15000)
        now = time.monotonic()
        if now - self._last.get(summary, -1e9) < REPEAT_S or getattr(win, "quiet_errors", False):
            self._last[summary] = now
            return
        self._last[summary] = now
        self._show(text, details)

    def _show(self, text: str, details: str) -> None:
        if self.box is not None and self.box.isVisible():
            self.box.setText(text)  # one box at a time: it shows the latest error
            self.box.setDetailedText(details)
            return
        box = QMessageBox(QMessageBox.Warning, _tr("Unexpected error"), text, QMessageBox.Ok, self.window)
        box.setObjectName("unexpectedErrorBox")
        box.setWindowModality(Qt.NonModal)
        box.setDetailedText(details)
        copy = box.addButton(_tr("Copy details"), QMessageBox.ActionRole)
        copy.clicked.connect(lambda: QApplication.clipboard().setText(box.detailedText()))
        box.setAttribute(Qt.WA_DeleteOnClose)
        box.destroyed.connect(lambda *_: setattr(self, "box", None))
        self.box = box
        box.show()

    def uninstall(self) -> None:
        if sys.excepthook is self:
            sys.excepthook = self.previous


def install(window) -> SlotGuard:
    """Route exceptions that escape slots to ``window`` (see the module docstring); returns the guard."""
    guard = SlotGuard(window)
    sys.excepthook = guard
    window.slot_guard = guard
    return guard
