"""Graphics items: a layer node with an input and an output port, and the edges between nodes."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QPointF, QRectF, QSizeF, Qt
from PySide6.QtGui import QBrush, QColor, QFont, QPainter, QPainterPath, QPen
from PySide6.QtWidgets import QGraphicsItem, QGraphicsPathItem

from ..i18n import glossary, messages
from ..style import ERROR_COLOR, color_of, key_args, param_text, shape_text

NODE_W, NODE_H = 200.0, 96.0
PORT_R = 7.0
GRID = 10.0


class PortItem(QGraphicsItem):
    """A connection point: ``kind`` is ``"in"`` (top) or ``"out"`` (bottom)."""

    def __init__(self, node: "NodeItem", kind: str):
        super().__init__(node)
        self.node = node
        self.kind = kind
        self.hover = False
        self.setAcceptHoverEvents(True)
        self.setCursor(Qt.CrossCursor)
        self.setPos(NODE_W / 2, 0 if kind == "in" else NODE_H)
        self.retranslate()

    def retranslate(self) -> None:
        self.setToolTip(QCoreApplication.translate("PortItem", "Drag from here to another layer's input")
                        if self.kind == "out" else
                        QCoreApplication.translate("PortItem", "Drop a connection here (merge layers take several)"))

    def boundingRect(self):
        r = PORT_R + 3
        return QRectF(-r, -r, 2 * r, 2 * r)

    def paint(self, p: QPainter, option, widget=None):
        p.setRenderHint(QPainter.Antialiasing)
        p.setPen(QPen(QColor("#334155"), 1.5))
        p.setBrush(QColor("#fbbf24") if self.hover else QColor("#ffffff"))
        r = PORT_R + (1.5 if self.hover else 0)
        p.drawEllipse(QPointF(0, 0), r, r)

    def hoverEnterEvent(self, e):
        self.hover = True
        self.update()

    def hoverLeaveEvent(self, e):
        self.hover = False
        self.update()

    def scene_center(self) -> QPointF:
        return self.scenePos()


class NodeItem(QGraphicsItem):
    """One layer: name, type, key arguments, output shape and parameter count; red when at fault."""

    def __init__(self, name: str, class_name: str):
        super().__init__()
        self.name = name
        self.class_name = class_name
        self.args = ""
        self.shape_label = ""
        self.params = ""
        self.error = None
        self.is_output = False
        self.snap = True
        self.setFlags(QGraphicsItem.ItemIsMovable | QGraphicsItem.ItemIsSelectable)
        self.setAcceptHoverEvents(True)
        self.in_port = None if class_name == "InputLayer" else PortItem(self, "in")
        self.out_port = PortItem(self, "out")
        self.setZValue(1)

    def update_from(self, node, shape, params, error, is_output, calls=None) -> None:
        """``calls`` is ``(this call's number, number of calls)`` for a shared layer's node."""
        self.class_name = node.class_name
        self.args = key_args(node.class_name, node.config)
        self.shape_label = shape_text(shape) if shape is not None else ("—" if error is not None else "?")
        self.params = param_text(params)
        if calls is not None and node.shares:
            self.params = QCoreApplication.translate("NodeItem", "call {k} of {n} · weights of {layer}").format(
                k=calls[0], n=calls[1], layer=node.shares)
        elif calls is not None:
            self.params += " · " + QCoreApplication.translate("NodeItem", "shared: {n} calls").format(n=calls[1])
        self.error = error
        self.is_output = is_output
        tip = [f"<b>{node.name}</b> ({glossary.label(node.class_name, 'layers')})",
               QCoreApplication.translate("NodeItem", "output shape: {shape}").format(shape=self.shape_label)]
        if calls is not None:
            tip.append(QCoreApplication.translate("NodeItem", "a shared layer: every call uses the same weights"))
        if error is not None:
            tip.append(f"<span style='color:{ERROR_COLOR}'><b>" + QCoreApplication.translate("NodeItem", "Problem:") +
                       f"</b> {messages.render(error)}</span>")
        self.setToolTip("<br>".join(tip))
        for port in (self.in_port, self.out_port):
            if port is not None:
                port.retranslate()
        self.update()

    def boundingRect(self):
        return QRectF(-4, -4, NODE_W + 8, NODE_H + 8)

    def paint(self, p: QPainter, option, widget=None):
        p.setRenderHint(QPainter.Antialiasing)
        rect = QRectF(0, 0, NODE_W, NODE_H)
        bad = self.error is not None
        accent = QColor(ERROR_COLOR if bad else color_of(self.class_name))
        body = QColor("#fef2f2" if bad else "#ffffff")
        border = QColor(ERROR_COLOR) if bad else QColor("#cbd5e1")
        if self.isSelected():
            border = QColor("#2563eb")
        p.setPen(QPen(border, 2.5 if (self.isSelected() or bad) else 1.2))
        p.setBrush(body)
        p.drawRoundedRect(rect, 8, 8)
        # header band in the group's colour, clipped to the rounded body
        p.save()
        clip = QPainterPath()
        clip.addRoundedRect(rect.adjusted(0.6, 0.6, -0.6, -0.6), 8, 8)
        p.setClipPath(clip)
        p.fillRect(QRectF(0, 0, NODE_W, 24), accent)
        p.restore()
        f = QFont(p.font())
        f.setPointSizeF(9)
        f.setBold(True)
        p.setFont(f)
        p.setPen(QColor("#ffffff"))
        p.drawText(QRectF(10, 0, NODE_W - 20, 24), Qt.AlignVCenter | Qt.AlignLeft, self.class_name)
        f.setBold(False)
        f.setPointSizeF(8)
        p.setFont(f)
        if self.is_output:
            p.drawText(QRectF(10, 0, NODE_W - 20, 24), Qt.AlignVCenter | Qt.AlignRight,
                       QCoreApplication.translate("NodeItem", "output"))
        f.setPointSizeF(9.5)
        f.setBold(True)
        p.setFont(f)
        p.setPen(QColor("#0f172a"))
        p.drawText(QRectF(10, 27, NODE_W - 20, 20), Qt.AlignVCenter | Qt.AlignLeft, self.name)
        f.setBold(False)
        f.setPointSizeF(8.5)
        p.setFont(f)
        p.setPen(QColor("#475569"))
        p.drawText(QRectF(10, 27, NODE_W - 20, 20), Qt.AlignVCenter | Qt.AlignRight, self.args)
        mono = QFont("DejaVu Sans Mono")
        mono.setStyleHint(QFont.Monospace)
        mono.setPointSizeF(8.5)
        p.setFont(mono)
        p.setPen(QColor(ERROR_COLOR) if bad else QColor("#0f172a"))
        p.drawText(QRectF(10, 50, NODE_W - 20, 18), Qt.AlignVCenter | Qt.AlignLeft,
                   "⚠ " + QCoreApplication.translate("NodeItem",
                       "see problems") if bad and self.shape_label in ("—", "?") else self.shape_label)
        p.setFont(f)
        p.setPen(QColor("#64748b"))
        p.drawText(QRectF(10, 70, NODE_W - 20, 18), Qt.AlignVCenter | Qt.AlignLeft, self.params)

    def snapped(self, grid: float = GRID) -> QPointF:
        """The node's position rounded to the grid."""
        return QPointF(round(self.pos().x() / grid) * grid, round(self.pos().y() / grid) * grid)


class EdgeItem(QGraphicsPathItem):
    """A connection from ``src``'s output port to ``dst``'s input port (a vertical S-curve); ``index``
    is the output of ``src`` it carries when not the first (an LSTM's state), shown as ``[index]``."""

    def __init__(self, src: NodeItem, dst: NodeItem, index: int = 0):
        super().__init__()
        self.src, self.dst, self.index = src, dst, index
        self.setFlags(QGraphicsItem.ItemIsSelectable)
        self.setZValue(0)
        self.setToolTip(QCoreApplication.translate("EdgeItem", "{src} → {dst} (select and press Delete to remove)")
                        .format(src=src.name, dst=dst.name) if not index else QCoreApplication.translate(
                            "EdgeItem", "output {index} of {src} → {dst} (select and press Delete to remove)")
                        .format(index=index, src=src.name, dst=dst.name))
        self.refresh()

    def refresh(self) -> None:
        a = self.src.out_port.scenePos()
        b = self.dst.in_port.scenePos() if self.dst.in_port else self.dst.scenePos()
        self.setPath(curve(a, b))

    def paint(self, p, option, widget=None):
        sel = self.isSelected()
        p.setRenderHint(QPainter.Antialiasing)
        p.setPen(QPen(QColor("#2563eb" if sel else "#64748b"), 2.6 if sel else 1.8))
        p.drawPath(self.path())
        if self.index:  # which output: beside the source port, where the connection leaves
            p.drawText(self._label_rect(), Qt.AlignLeft | Qt.AlignVCenter, f"[{self.index}]")

    def _label_rect(self) -> QRectF:
        return QRectF(self.path().pointAtPercent(0.0) + QPointF(6, 2), QSizeF(36, 16))

    def boundingRect(self):  # noqa: N802 - Qt API
        rect = super().boundingRect()
        return rect.united(self._label_rect()) if self.index else rect

    def shape(self):
        from PySide6.QtGui import QPainterPathStroker  # noqa: PLC0415

        s = QPainterPathStroker()
        s.setWidth(10)
        return s.createStroke(self.path())


class ShareLinkItem(EdgeItem):
    """The dotted link from a shared layer's first node to a later call's node (same weights); not
    a connection: it carries no tensor and cannot be selected or deleted."""

    def __init__(self, primary: NodeItem, twin: NodeItem):
        super().__init__(primary, twin)
        self.setFlags(QGraphicsItem.GraphicsItemFlags())
        self.setZValue(-1)
        self.setToolTip(QCoreApplication.translate("ShareLinkItem", "{twin} calls {layer} again: same weights").format(
            twin=twin.name, layer=primary.name))

    def refresh(self) -> None:
        a, b = self.src.scenePos(), self.dst.scenePos()
        path = QPainterPath(QPointF(a.x() + NODE_W / 2, a.y() + NODE_H / 2))
        path.lineTo(QPointF(b.x() + NODE_W / 2, b.y() + NODE_H / 2))
        self.setPath(path)

    def paint(self, p, option, widget=None):
        p.setRenderHint(QPainter.Antialiasing)
        p.setPen(QPen(QColor("#a855f7"), 2, Qt.DotLine))
        p.drawPath(self.path())


def curve(a: QPointF, b: QPointF) -> QPainterPath:
    path = QPainterPath(a)
    dy = max(40.0, abs(b.y() - a.y()) / 2)
    path.cubicTo(QPointF(a.x(), a.y() + dy), QPointF(b.x(), b.y() - dy), b)
    return path


def dashed_pen(ok: bool) -> QPen:
    pen = QPen(QColor("#16a34a" if ok else ERROR_COLOR), 2, Qt.DashLine)
    return pen


__all__ = ["NodeItem", "PortItem", "EdgeItem", "ShareLinkItem", "curve", "dashed_pen", "QBrush", "NODE_W", "NODE_H"]
