"""Copying nodes through the system clipboard, checking a payload before it is pasted, and releasing
the clipboard safely at exit.

The clipboard is shared with every other program: a payload under our MIME type may be truncated,
hand-made or hostile. :func:`check_nodes` refuses, with a sentence, anything the paste command could
trip on (``PasteRefused``) before the document or the undo stack is touched.
"""

from __future__ import annotations

import atexit
import json
import math

from PySide6.QtCore import QCoreApplication, QMimeData
from PySide6.QtWidgets import QApplication

NODES_MIME = "application/x-netbuilder-nodes"
#: Largest payload read from the clipboard (bytes); a copy of 100 layers is about 100 KB.
MAX_PAYLOAD_BYTES = 2 * 2**20
#: Most nodes pasted at once.
MAX_NODES = 500
#: Longest layer name, class name or string value inside a pasted config (characters).
MAX_TEXT = 1000
_HOOKED = False


class PasteRefused(ValueError):
    """The clipboard's nodes cannot be pasted; the message says why, in the interface language."""


def _tr(text: str) -> str:
    return QCoreApplication.translate("Clipboard", text)


def put_nodes(items: list) -> None:
    """Put node dicts (``GraphNode.to_dict()``) on the clipboard."""
    data = QMimeData()
    data.setData(NODES_MIME, json.dumps(items).encode())
    QApplication.clipboard().setMimeData(data)
    _release_at_exit()


def get_nodes() -> list | None:
    """The node dicts on the clipboard, or None when it holds something else.

    Raises ``PasteRefused`` for a payload of our type that is too large or not JSON; the items are
    not checked here (see :func:`check_nodes`).
    """
    data = QApplication.clipboard().mimeData()
    if data is None or not data.hasFormat(NODES_MIME):
        return None
    raw = data.data(NODES_MIME)
    if raw.size() > MAX_PAYLOAD_BYTES:
        raise PasteRefused(_tr("The clipboard holds {size} MB of layers, more than the {limit} MB a paste "
                               "takes.").format(size=f"{raw.size() / 2**20:.1f}", limit=MAX_PAYLOAD_BYTES // 2**20))
    try:
        items = json.loads(bytes(raw).decode())
    except (UnicodeDecodeError, json.JSONDecodeError, RecursionError):
        raise PasteRefused(_tr("The layers on the clipboard are damaged (not readable JSON).")) from None
    if not isinstance(items, list):
        raise PasteRefused(_tr("The clipboard does not hold a list of layers."))
    return items


def check_nodes(items) -> list:
    """Check node dicts (``Node.to_dict()``) before pasting them; returns ``items``.

    Each item must be a dict with ``name`` (a non-empty string), ``class_name`` (a registered layer),
    ``config`` (a dict), ``pos`` (two finite numbers) and optionally ``inputs`` (a list of names);
    strings are at most ``MAX_TEXT`` characters, and there are at most ``MAX_NODES`` items.
    Raises ``PasteRefused`` naming the first fault.
    """
    from netbuilder.core.registry import LAYERS  # noqa: PLC0415

    if not isinstance(items, list) or not items:
        raise PasteRefused(_tr("The clipboard holds no layers."))
    if len(items) > MAX_NODES:
        raise PasteRefused(_tr("The clipboard holds {n} layers; at most {limit} can be pasted at once.").format(
            n=f"{len(items):,}", limit=MAX_NODES))
    for i, it in enumerate(items, 1):
        if not isinstance(it, dict):
            raise PasteRefused(_tr("Item {i} on the clipboard is not a layer.").format(i=i))
        name = it.get("name")
        if not isinstance(name, str) or not name.strip() or len(name) > MAX_TEXT:
            raise PasteRefused(_tr("Item {i} on the clipboard has no usable layer name.").format(i=i))
        cls = it.get("class_name")
        try:
            ok = isinstance(cls, str) and len(cls) <= MAX_TEXT and bool(LAYERS.canonical(cls))
        except (ValueError, TypeError, KeyError):
            ok = False
        if not ok:
            raise PasteRefused(_tr("Layer '{name}' on the clipboard has an unknown type: {cls}").format(
                name=name[:80], cls=str(cls)[:80]))
        if not isinstance(it.get("config"), dict) or _longest_text(it["config"]) > MAX_TEXT:
            raise PasteRefused(_tr("Layer '{name}' on the clipboard has no usable settings.").format(name=name[:80]))
        pos = it.get("pos")
        if not (isinstance(pos, (list, tuple)) and len(pos) == 2
                and all(isinstance(v, (int, float)) and not isinstance(v, bool) and math.isfinite(v) for v in pos)):
            raise PasteRefused(_tr("Layer '{name}' on the clipboard has no usable position.").format(name=name[:80]))
        inputs = it.get("inputs", [])
        if not isinstance(inputs, list) or not all(isinstance(x, str) for x in inputs):
            raise PasteRefused(_tr("Layer '{name}' on the clipboard has unusable inputs.").format(name=name[:80]))
    return items


def _longest_text(value, depth=0) -> int:
    """The longest string (or key) inside a JSON value; deeper than 20 levels counts as too long."""
    if depth > 20:
        return MAX_TEXT + 1
    if isinstance(value, str):
        return len(value)
    if isinstance(value, dict):
        return max([0] + [max(len(str(k)), _longest_text(v, depth + 1)) for k, v in value.items()])
    if isinstance(value, list):
        return max([0] + [_longest_text(v, depth + 1) for v in value])
    return 0


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
