"""A ``QTranslator`` that reads Qt Linguist ``.ts`` sources directly (no compiled ``.qm`` needed).

Why not ``.qm``: the ``.ts`` files are the only translation artefact kept in the repository; a
compiled ``.qm`` would be a binary that drifts from them. ``pyside6-lrelease`` could build one at
package-build time or into a cache at first run, but it is not always installed next to the
runtime (PySide6-Essentials ships it, distribution packages may not). Parsing the XML costs a few
milliseconds for a few hundred messages and gives the same lookups Qt makes for a ``.qm``:
``(context, source text, disambiguation)``, falling back to an empty disambiguation.
Unfinished, obsolete and vanished entries are ignored, so Qt falls back to the English source.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from pathlib import Path

from PySide6.QtCore import QTranslator


def read_ts(path) -> dict[tuple[str, str, str], str]:
    """``{(context, source, comment): translation}`` for every finished message of a ``.ts`` file.

    Numerus messages keep their first form (Chinese has a single plural form).
    """
    root = ET.parse(str(path)).getroot()
    out: dict[tuple[str, str, str], str] = {}
    for ctx in root.iter("context"):
        name = ctx.findtext("name") or ""
        for msg in ctx.iter("message"):
            tr = msg.find("translation")
            if tr is None or tr.get("type") in ("unfinished", "obsolete", "vanished"):
                continue
            forms = tr.findall("numerusform")
            text = forms[0].text if forms else tr.text
            if text:
                out[(name, msg.findtext("source") or "", msg.findtext("comment") or "")] = text
    return out


class TsTranslator(QTranslator):
    """Translations from one ``.ts`` file; install with ``QCoreApplication.installTranslator``."""

    def __init__(self, path, parent=None):
        super().__init__(parent)
        self.path = Path(path)
        self.table = read_ts(self.path)
        # PySide6's self.tr() asks with the *runtime* class name, so a subclass or a mixin would
        # miss its context: fall back to the same source text in any context
        self.by_source: dict[tuple[str, str], str] = {}
        for (_ctx, src, com), text in self.table.items():
            self.by_source.setdefault((src, com), text)
        lang = self.path.stem.split("_", 1)[-1]
        self._language = lang

    def translate(self, context, source_text, disambiguation=None, n=-1):  # noqa: N802 - Qt API
        t = self.table
        key = (context or "", source_text or "", disambiguation or "")
        text = t.get(key)
        if text is None and disambiguation:
            text = t.get((key[0], key[1], ""))
        if text is None:
            text = self.by_source.get((key[1], key[2])) or self.by_source.get((key[1], ""))
        if text is None:
            return None  # a null string: Qt asks the next translator, finally shows the source text
        if n is not None and n >= 0:
            text = text.replace("%n", str(n))
        return text

    def isEmpty(self):  # noqa: N802 - Qt API
        return not self.table

    def language(self):
        return self._language
