"""The canvas view (``graphCanvas``): palette drops, wheel zoom, middle-button pan, fit-to-view."""

from __future__ import annotations

from PySide6.QtCore import QPointF, Qt, Signal
from PySide6.QtGui import QColor, QPainter, QPen
from PySide6.QtWidgets import QGraphicsView

LAYER_MIME = "application/x-netbuilder-layer"


class GraphView(QGraphicsView):
    """Shows a ``GraphScene``; a dropped palette item emits ``layerDropped(class_name, scene_pos)``."""

    layerDropped = Signal(str, QPointF)

    def __init__(self, scene, parent=None):
        super().__init__(scene, parent)
        self.setObjectName("graphCanvas")
        self.setAcceptDrops(True)
        self.setRenderHints(QPainter.Antialiasing | QPainter.TextAntialiasing)
        self.setDragMode(QGraphicsView.RubberBandDrag)
        self.setTransformationAnchor(QGraphicsView.AnchorUnderMouse)
        self.setViewportUpdateMode(QGraphicsView.BoundingRectViewportUpdate)
        self.setBackgroundBrush(QColor("#f8fafc"))
        self._pan = None
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarAlwaysOff)
        self.setVerticalScrollBarPolicy(Qt.ScrollBarAlwaysOff)
        self.setFrameShape(QGraphicsView.NoFrame)

    # ------------------------------------------------------------------ drops from the palette
    def dragEnterEvent(self, e):
        if e.mimeData().hasFormat(LAYER_MIME):
            e.acceptProposedAction()
        else:
            super().dragEnterEvent(e)

    def dragMoveEvent(self, e):
        if e.mimeData().hasFormat(LAYER_MIME):
            e.acceptProposedAction()
        else:
            super().dragMoveEvent(e)

    def dropEvent(self, e):
        if e.mimeData().hasFormat(LAYER_MIME):
            name = bytes(e.mimeData().data(LAYER_MIME)).decode()
            pos = self.mapToScene(e.position().toPoint())
            self.layerDropped.emit(name, pos)
            e.acceptProposedAction()
        else:
            super().dropEvent(e)

    # ------------------------------------------------------------------ zoom and pan
    def wheelEvent(self, e):
        if e.modifiers() & Qt.ShiftModifier:
            return super().wheelEvent(e)
        self.zoom(1.15 if e.angleDelta().y() > 0 else 1 / 1.15)

    def zoom(self, factor: float) -> None:
        scale = self.transform().m11() * factor
        if 0.15 <= scale <= 4.0:
            self.scale(factor, factor)

    def fit(self) -> None:
        rect = self.scene().itemsBoundingRect()
        if rect.isEmpty():
            return
        self.resetTransform()
        self.fitInView(rect.adjusted(-40, -40, 40, 40), Qt.KeepAspectRatio)
        if self.transform().m11() > 1.0:
            self.resetTransform()
            self.centerOn(rect.center())

    def mousePressEvent(self, e):
        if e.button() == Qt.MiddleButton:
            self._pan = e.position()
            self.setCursor(Qt.ClosedHandCursor)
            return
        super().mousePressEvent(e)

    def mouseMoveEvent(self, e):
        if self._pan is not None:
            d = e.position() - self._pan
            self._pan = e.position()
            self.horizontalScrollBar().setValue(self.horizontalScrollBar().value() - int(d.x()))
            self.verticalScrollBar().setValue(self.verticalScrollBar().value() - int(d.y()))
            return
        super().mouseMoveEvent(e)

    def mouseReleaseEvent(self, e):
        if self._pan is not None and e.button() == Qt.MiddleButton:
            self._pan = None
            self.unsetCursor()
            return
        super().mouseReleaseEvent(e)

    def drawBackground(self, painter, rect):
        super().drawBackground(painter, rect)
        if self.transform().m11() < 0.5:
            return
        step = 20
        painter.setPen(QPen(QColor("#e2e8f0"), 1))
        left, top = int(rect.left()) - int(rect.left()) % step, int(rect.top()) - int(rect.top()) % step
        pts = [QPointF(x, y) for x in range(left, int(rect.right()) + 1, step)
               for y in range(top, int(rect.bottom()) + 1, step)]
        painter.drawPoints(pts)
