"""The choice offered when a second input is dropped on a one-input layer: share it or replace.

A ``Dense`` takes one tensor. Dropping another layer's output on it used to replace its input;
now a small menu asks what the learner means: **share** the layer (call it again on the new input:
a second node, a "call", with the same weights, as ``shared = layers.Dense(64); shared(a);
shared(b)`` in Keras) or **replace** the connection. Both are one undoable edit.
"""

from __future__ import annotations

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, QPoint
from PySide6.QtWidgets import QMenu

from .. import commands, sharing


def _tr(text: str) -> str:
    return QCoreApplication.translate("ShareOffer", text)


def share_command(doc, dst: str, src: str, pos=None):
    """The undoable edit "call ``dst``'s layer again on ``src``"; its ``result`` is the new node."""
    return commands.DocCommand(doc, commands._text(QT_TRANSLATE_NOOP("ShareOffer", "Share {layer} with {src}"),
                                                   context="ShareOffer", layer=sharing.primary_of(doc, dst), src=src),
                               lambda d: sharing.add_call(d, dst, src, pos))


def share_layer(win, src: str, dst: str, pos=None) -> str:
    """Push the share edit on ``win``'s undo stack, select the new call's node and say what happened."""
    cmd = share_command(win.doc, dst, src, pos)
    win.undo_stack.push(cmd)
    win.scene.select_names([cmd.result])
    win.statusBar().showMessage(_tr("{node} calls {layer} on {src}: both calls use the same weights").format(
        node=cmd.result, layer=sharing.primary_of(win.doc, dst), src=src), 8000)
    return cmd.result


def offer(win, src: str, dst: str, scene_pos=None) -> QMenu:
    """Pop up the share-or-replace menu at the drop (``objectName`` ``shareMenu``); returns it."""
    old = ", ".join(win.doc.nodes[dst].inputs)
    menu = QMenu(win)
    menu.setObjectName("shareMenu")
    menu.setToolTipsVisible(True)
    share = menu.addAction(_tr("Share {layer}: call it on {src} too (same weights)").format(
        layer=sharing.primary_of(win.doc, dst), src=src))
    share.setObjectName("shareAction")
    share.setToolTip(_tr("Adds a second node for the same layer, fed by {src}. Both calls use one set of "
                         "weights, trained by both inputs (Keras's shared layers).").format(src=src))
    share.triggered.connect(lambda: share_layer(win, src, dst))
    replace = menu.addAction(_tr("Replace {old} → {dst} by {src} → {dst}").format(old=old, dst=dst, src=src))
    replace.setObjectName("replaceAction")
    replace.triggered.connect(lambda: win.connect_nodes(src, dst))
    menu.addSeparator()
    menu.addAction(_tr("Cancel")).setObjectName("cancelAction")
    menu.aboutToHide.connect(menu.deleteLater)
    view = win.scene.views()[0] if win.scene.views() else None
    if view is not None and scene_pos is not None:
        menu.popup(view.viewport().mapToGlobal(view.mapFromScene(scene_pos)))
    else:
        menu.popup(win.mapToGlobal(QPoint(40, 40)))
    return menu
