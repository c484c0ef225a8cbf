"""Copying nodes through the system clipboard, and releasing it safely at exit."""

from __future__ import annotations

import atexit
import json

from PySide6.QtCore import QMimeData
from PySide6.QtWidgets import QApplication

NODES_MIME = "application/x-netbuilder-nodes"
_HOOKED = False


def put_nodes(items: list) -> None:
    """Put node dicts (``GraphNode.to_dict()``) on the clipboard."""
    data = QMimeData()
    data.setData(NODES_MIME, json.dumps(items).encode())
    QApplication.clipboard().setMimeData(data)
    _release_at_exit()


def get_nodes() -> list | None:
    """The node dicts on the clipboard, or None when it holds something else."""
    data = QApplication.clipboard().mimeData()
    if data is None or not data.hasFormat(NODES_MIME):
        return None
    try:
        items = json.loads(bytes(data.data(NODES_MIME)).decode())
    except (UnicodeDecodeError, json.JSONDecodeError):
        return None
    return items if isinstance(items, list) else None


def clear_own() -> None:
    """Clear the clipboard if it holds our nodes."""
    app = QApplication.instance()
    if app is None:
        return
    clip = app.clipboard()
    data = clip.mimeData()
    if data is not None and data.hasFormat(NODES_MIME):
        clip.clear()


def _release_at_exit() -> None:
    """Qt crashes (SIGSEGV) at exit when the QApplication is destroyed while the clipboard still owns
    a QMimeData created from Python (reproduced with PySide6 6.11, offscreen): clear our data first,
    from ``aboutToQuit`` after a normal quit and from ``atexit`` otherwise (tests, scripts)."""
    global _HOOKED
    if _HOOKED:
        return
    _HOOKED = True
    atexit.register(clear_own)
    app = QApplication.instance()
    if app is not None:
        app.aboutToQuit.connect(clear_own)
