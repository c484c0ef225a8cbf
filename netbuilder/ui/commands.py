"""Undoable edits of a ``GraphDocument`` (``QUndoCommand``s).

Every command snapshots the document before and after its first ``redo`` and restores those
snapshots afterwards, so any edit (add, delete, connect, inspector change, move, paste, layout)
undoes exactly, including the model-output bookkeeping the document does on its own.
"""

from __future__ import annotations

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication
from PySide6.QtGui import QUndoCommand


def _text(source: str, context: str = "Commands", **params) -> tuple:
    """A command's name kept untranslated (``(context, source, params)``), so the Undo/Redo menu
    entries follow a later language switch (:meth:`DocCommand.retranslate`)."""
    return (context, source, params)


class DocCommand(QUndoCommand):
    """Runs ``mutate(doc)`` once; undo/redo swap whole-document snapshots afterwards.

    ``text`` is a sentence or :func:`_text`'s ``(context, source, params)``; the latter is translated
    now and again by :meth:`retranslate` when the language changes."""

    def __init__(self, doc, text, mutate):
        self.source = text if isinstance(text, tuple) else None
        super().__init__(self._translated() if self.source else text)
        self.doc = doc
        self._mutate = mutate
        self._before = None
        self._after = None
        self.result = None

    def redo(self):
        if self._after is None:
            self._before = self.doc.state()
            with self.doc.batch():
                self.result = self._mutate(self.doc)
            self._after = self.doc.state()
        else:
            self.doc.set_state(self._after)

    def undo(self):
        self.doc.set_state(self._before)

    def _translated(self) -> str:
        context, source, params = self.source
        return QCoreApplication.translate(context, source).format(**params)

    def retranslate(self) -> None:
        """The command's name in the current language (the Undo/Redo menu entries read it)."""
        if self.source:
            self.setText(self._translated())


def add_node(doc, class_name, pos, after=None, config=None, name=None):
    def mutate(d):
        return d.add_node(class_name, pos, config=config, name=name, inputs=[after] if after else ())
    return DocCommand(doc, _text(QT_TRANSLATE_NOOP("Commands", "Add {cls}"), cls=class_name), mutate)


def remove_nodes(doc, names):
    names = list(names)
    return DocCommand(doc, _text(QT_TRANSLATE_NOOP("Commands",
        "Delete {names}"), names=", ".join(names)), lambda d: d.remove_nodes(names))


def remove_edges(doc, edges, nodes=()):
    def mutate(d):
        for src, dst in edges:
            d.disconnect(src, dst)
        d.remove_nodes(list(nodes))
    return DocCommand(doc, _text(QT_TRANSLATE_NOOP("Commands", "Delete")), mutate)


def connect(doc, src, dst):
    return DocCommand(doc, _text(QT_TRANSLATE_NOOP("Commands",
        "Connect {src} → {dst}"), src=src, dst=dst), lambda d: d.connect(src, dst))


def set_config(doc, name, config, text=None):
    return DocCommand(doc, text or _text(QT_TRANSLATE_NOOP("Commands",
        "Edit {name}"), name=name), lambda d: d.set_config(name, config))


def rename(doc, old, new):
    return DocCommand(doc, _text(QT_TRANSLATE_NOOP("Commands",
        "Rename {old} → {new}"), old=old, new=new), lambda d: d.rename(old, new))


def move(doc, positions):
    return DocCommand(doc, _text(QT_TRANSLATE_NOOP("Commands", "Move")), lambda d: d.set_positions(positions))


def set_outputs(doc, outputs):
    return DocCommand(doc, _text(QT_TRANSLATE_NOOP("Commands",
        "Set model outputs")), lambda d: d.set_outputs(outputs))


def paste(doc, items, offset=(40.0, 40.0)):
    """Add copies of ``items`` (``Node.to_dict`` dicts); edges between copied nodes are kept, with the
    output each reads (``taps``: an LSTM's state stays its state)."""
    def mutate(d):
        renamed = {}
        for it in items:
            pos = (it["pos"][0] + offset[0], it["pos"][1] + offset[1])
            renamed[it["name"]] = d.add_node(it["class_name"], pos, config=dict(it["config"]),
                                             name=it["name"])
        for it in items:
            taps = it.get("taps") if isinstance(it.get("taps"), dict) else {}
            for src in it.get("inputs", []):
                if src in renamed:
                    try:
                        d.connect(renamed[src], renamed[it["name"]])
                    except ValueError:
                        continue
                    index = taps.get(src, 0)
                    if isinstance(index, int) and not isinstance(index, bool) and index > 0:
                        d.nodes[renamed[it["name"]]].taps[renamed[src]] = index
        return list(renamed.values())
    return DocCommand(doc, _text(QT_TRANSLATE_NOOP("Commands", "Paste")), mutate)


def checked_paste(doc, items, offset=(40.0, 40.0)):
    """:func:`paste`, after checking ``items`` (:func:`~netbuilder.ui.clipboard.check_nodes`) and
    running the same edit on a scratch copy of the document: a payload the edit would trip on raises
    ``PasteRefused`` here, so neither the document nor the undo stack is touched."""
    from .clipboard import PasteRefused, check_nodes  # noqa: PLC0415
    from .graph_model import GraphDocument  # noqa: PLC0415

    check_nodes(items)
    scratch = GraphDocument()
    try:
        scratch.set_state(doc.state())
        paste(scratch, items, offset).redo()
    except Exception as exc:  # noqa: BLE001 - whatever the edit trips on is a refusal, said in words
        raise PasteRefused(QCoreApplication.translate("Clipboard", "The layers on the clipboard cannot be "
                                                      "pasted: {error}").format(error=str(exc)[:200])) from exc
    return paste(doc, items, offset)


def replace_all(doc, state, text=None):
    text = text or _text(QT_TRANSLATE_NOOP("Commands", "Auto-layout"))
    return DocCommand(doc, text, lambda d: d.set_state(state))
