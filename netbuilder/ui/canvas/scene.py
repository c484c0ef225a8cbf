"""The canvas scene: mirrors a ``GraphDocument`` and turns mouse gestures into edit requests.

The scene never edits the document itself: it emits ``connectRequested``/``nodesMoved`` and the
main window pushes the matching undo command; the document's ``changed`` then calls ``sync``.
A second input dropped on a one-input layer emits ``shareOffered`` instead: the learner chooses
between replacing the connection and sharing the layer (``canvas.share_offer``).
"""

from __future__ import annotations

from PySide6.QtCore import QPointF, QRectF, Qt, Signal
from PySide6.QtGui import QColor, QPen
from PySide6.QtWidgets import QGraphicsPathItem, QGraphicsScene

from .. import sharing
from .items import EdgeItem, NodeItem, PortItem, ShareLinkItem, curve, dashed_pen


class GraphScene(QGraphicsScene):
    """Node and edge items for a document; ``sync(report)`` redraws shapes and faults."""

    connectRequested = Signal(str, str)
    connectRefused = Signal(str)
    shareOffered = Signal(str, str, QPointF)  # src, dst, scene position of the drop
    nodesMoved = Signal(dict)

    def __init__(self, doc, parent=None):
        super().__init__(parent)
        self.doc = doc
        self.nodes: dict[str, NodeItem] = {}
        self.edges: list[EdgeItem] = []
        self.snap_to_grid = True
        self._drag_src: NodeItem | None = None
        self._temp: QGraphicsPathItem | None = None
        self._press_pos: dict | None = None
        self.setSceneRect(QRectF(-2000, -2000, 4000, 4000))

    # ------------------------------------------------------------------ sync with the document
    def sync(self, report=None) -> None:
        """Bring the items in line with the document: nodes added, removed, moved and redrawn with
        ``report``'s shapes, parameters and faults; edges and share links drawn again."""
        doc = self.doc
        for name in [n for n in self.nodes if n not in doc.nodes or
                     (self.nodes[n].class_name == "InputLayer") != doc.nodes[n].is_input]:
            self.removeItem(self.nodes.pop(name))
        for name, node in doc.nodes.items():
            item = self.nodes.get(name)
            if item is None:
                item = self.nodes[name] = NodeItem(name, node.class_name)
                self.addItem(item)
            if (item.pos().x(), item.pos().y()) != node.pos:
                item.setPos(QPointF(*node.pos))
            shape = report.shapes.get(name) if report else None
            params = report.params.get(name) if report else None
            error = report.errors.get(name) if report else None
            calls = sharing.calls_of(doc, name)
            item.update_from(node, shape, params, error, name in doc.outputs,
                             calls=(calls.index(name) + 1, len(calls)) if len(calls) > 1 else None)
        for e in self.edges:
            self.removeItem(e)
        self.edges = []
        for node in doc.nodes.values():
            for src in node.inputs:
                if src in self.nodes:
                    edge = EdgeItem(self.nodes[src], self.nodes[node.name], node.taps.get(src, 0))
                    self.addItem(edge)
                    self.edges.append(edge)
            if node.shares in self.nodes:  # the dotted weight link of a shared layer's call
                link = ShareLinkItem(self.nodes[node.shares], self.nodes[node.name])
                self.addItem(link)
                self.edges.append(link)

    def refresh_edges(self, items=None) -> None:
        """Re-route the edges touching ``items`` (all edges when None) after nodes moved."""
        for e in self.edges:
            if items is None or e.src in items or e.dst in items:
                e.refresh()

    # ------------------------------------------------------------------ selection
    def selected_names(self) -> list[str]:
        return [i.name for i in self.selectedItems() if isinstance(i, NodeItem)]

    def selected_edges(self) -> list[tuple[str, str]]:
        return [(i.src.name, i.dst.name) for i in self.selectedItems()
                if isinstance(i, EdgeItem) and not isinstance(i, ShareLinkItem)]

    def select_names(self, names) -> None:
        self.clearSelection()
        for n in names:
            if n in self.nodes:
                self.nodes[n].setSelected(True)

    # ------------------------------------------------------------------ edge dragging
    def _node_at(self, pos) -> NodeItem | None:
        for it in self.items(pos):
            if isinstance(it, PortItem):
                return it.node
            if isinstance(it, NodeItem):
                return it
        return None

    def begin_edge(self, src: NodeItem, pos: QPointF) -> None:
        self._drag_src = src
        self._temp = QGraphicsPathItem()
        self._temp.setZValue(5)
        self.addItem(self._temp)
        self.update_edge(pos)

    def update_edge(self, pos: QPointF) -> None:
        target = self._node_at(pos)
        ok = True
        if target is not None and target is not self._drag_src:
            ok, _ = self.doc.can_connect(self._drag_src.name, target.name)
        elif target is self._drag_src:
            ok = False
        self._temp.setPen(dashed_pen(ok) if target is not None else QPen(QColor("#64748b"), 2, Qt.DashLine))
        self._temp.setPath(curve(self._drag_src.out_port.scenePos(), pos))

    def end_edge(self, pos: QPointF) -> None:
        src, target = self._drag_src, self._node_at(pos)
        self.removeItem(self._temp)
        self._temp, self._drag_src = None, None
        if target is None or target is src:
            if target is src:
                self.connectRefused.emit(self.tr("a layer cannot feed itself ({name})").format(name=src.name))
            return
        ok, why = self.doc.can_connect(src.name, target.name)
        if ok and sharing.can_share(self.doc, src.name, target.name):  # replace its input, or call it again?
            self.shareOffered.emit(src.name, target.name, pos)
        elif ok:
            self.connectRequested.emit(src.name, target.name)
        else:
            self.connectRefused.emit(why)

    def mousePressEvent(self, event):
        if event.button() == Qt.LeftButton:
            for it in self.items(event.scenePos()):
                if isinstance(it, PortItem) and it.kind == "out":
                    self.begin_edge(it.node, event.scenePos())
                    event.accept()
                    return
                if isinstance(it, (NodeItem, PortItem)):
                    break
        super().mousePressEvent(event)
        self._press_pos = {n: (i.pos().x(), i.pos().y()) for n, i in self.nodes.items() if i.isSelected()}

    def mouseMoveEvent(self, event):
        if self._drag_src is not None:
            self.update_edge(event.scenePos())
            event.accept()
            return
        super().mouseMoveEvent(event)
        if self._press_pos and event.buttons() & Qt.LeftButton:
            self.refresh_edges([self.nodes[n] for n in self._press_pos if n in self.nodes])

    def mouseReleaseEvent(self, event):
        if self._drag_src is not None:
            self.end_edge(event.scenePos())
            event.accept()
            return
        super().mouseReleaseEvent(event)
        # only nodes the mouse dragged move (and snap): a plain click on a node that is off the grid
        # (an imported layout) must not record a "Move" on the undo stack
        dragged = [n for n, p in (self._press_pos or {}).items()
                   if n in self.nodes and (self.nodes[n].pos().x(), self.nodes[n].pos().y()) != p]
        if dragged and self.snap_to_grid:
            for n in dragged:
                self.nodes[n].setPos(self.nodes[n].snapped())
        moved = {n: (self.nodes[n].pos().x(), self.nodes[n].pos().y()) for n in dragged
                 if (self.nodes[n].pos().x(), self.nodes[n].pos().y()) != self._press_pos[n]}
        if moved:
            self.nodesMoved.emit(moved)
        self._press_pos = None
