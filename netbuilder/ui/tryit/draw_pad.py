"""Draw a digit (or open an image) and watch an MNIST-style model's class probabilities live.

``DrawPad`` keeps the drawing as a grey image (ink = 255 on 0, like MNIST; shown inverted, dark
ink on paper); ``DigitPanel`` turns it into the model's input with
:func:`netbuilder.core.tryit.center_digit` and :func:`~netbuilder.core.tryit.image_input`, the same
steps as the training images, and shows the 28×28 result next to the probabilities.
"""

from __future__ import annotations

import numpy as np
from PySide6.QtCore import QPointF, QSize, Qt, QTimer, Signal
from PySide6.QtGui import QColor, QImage, QPainter, QPen, QPixmap
from PySide6.QtWidgets import (
    QFileDialog,
    QBoxLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from netbuilder.core import tryit

from .. import i18n
from .bars import ProbabilityBars

IMAGE_PATTERNS = "*.png *.jpg *.jpeg *.bmp *.gif *.pgm *.ppm"


def qimage_to_array(img: QImage) -> np.ndarray:
    """A QImage → ``(h, w, 4)`` uint8 RGBA (or ``(h, w)`` for Grayscale8) copy."""
    if img.format() == QImage.Format_Grayscale8:
        h, w = img.height(), img.width()
        buf = np.frombuffer(img.constBits(), np.uint8, count=img.sizeInBytes()).reshape(h, img.bytesPerLine())
        return buf[:, :w].copy()
    img = img.convertToFormat(QImage.Format_RGBA8888)
    h, w = img.height(), img.width()
    buf = np.frombuffer(img.constBits(), np.uint8, count=img.sizeInBytes()).reshape(h, img.bytesPerLine())
    return buf[:, :w * 4].reshape(h, w, 4).copy()


def array_to_qimage(grey) -> QImage:
    """``(h, w)`` uint8 → an owned Grayscale8 QImage."""
    grey = np.ascontiguousarray(grey, dtype=np.uint8)
    h, w = grey.shape
    return QImage(grey.data, w, h, w, QImage.Format_Grayscale8).copy()


class DrawPad(i18n.Retranslatable, QWidget):
    """A square drawing surface: left button draws, ``stroke`` sets the pen width (canvas pixels).

    Signals: ``changed()`` while drawing (every segment) and after clear/load.
    """

    changed = Signal()

    def __init__(self, size: int = 280, parent=None):
        super().__init__(parent)
        self.setObjectName("drawPad")
        self.image = QImage(size, size, QImage.Format_Grayscale8)
        self.image.fill(0)
        self.stroke = 20
        self._last: QPointF | None = None
        self.setFixedSize(size, size)
        self.setAcceptDrops(True)
        self.setCursor(Qt.CrossCursor)
        self.retranslate_ui()

    def retranslate_ui(self) -> None:
        self.setToolTip(self.tr("Draw a digit with the mouse or a pen; drop an image file here to use it instead."))

    def sizeHint(self):
        return QSize(self.image.width(), self.image.height())

    # ------------------------------------------------------------------ data
    def ink(self) -> np.ndarray:
        """The drawing as ``(h, w)`` float grey levels in [0, 1], ink high."""
        return qimage_to_array(self.image).astype("float64") / 255.0

    def set_ink(self, grey) -> None:
        """Replace the drawing with ``(h, w)`` grey levels in [0, 1] (ink high), fitted into the pad."""
        src = array_to_qimage(np.floor(np.clip(grey, 0, 1) * 255 + 0.5))
        self.image.fill(0)
        scaled = src.scaled(self.image.width(), self.image.height(), Qt.KeepAspectRatio, Qt.SmoothTransformation)
        p = QPainter(self.image)
        p.drawImage((self.image.width() - scaled.width()) // 2, (self.image.height() - scaled.height()) // 2, scaled)
        p.end()
        self.update()
        self.changed.emit()

    def load_image(self, path: str) -> bool:
        """Open an image file (light or dark background) as the drawing; False if it cannot be read."""
        img = QImage(path)
        if img.isNull():
            return False
        self.set_ink(tryit.grey_from_rgb(qimage_to_array(img)))
        return True

    def clear(self) -> None:
        self.image.fill(0)
        self.update()
        self.changed.emit()

    def set_stroke(self, width: int) -> None:
        self.stroke = int(width)

    # ------------------------------------------------------------------ drawing
    def _draw(self, a: QPointF, b: QPointF) -> None:
        p = QPainter(self.image)
        p.setRenderHint(QPainter.Antialiasing)
        p.setPen(QPen(QColor(255, 255, 255), self.stroke, Qt.SolidLine, Qt.RoundCap, Qt.RoundJoin))
        if a == b:
            p.drawPoint(a)
        else:
            p.drawLine(a, b)
        p.end()
        self.update()
        self.changed.emit()

    def mousePressEvent(self, event):
        if event.button() == Qt.LeftButton:
            self._last = event.position()
            self._draw(self._last, self._last)

    def mouseMoveEvent(self, event):
        if self._last is not None and event.buttons() & Qt.LeftButton:
            pos = event.position()
            self._draw(self._last, pos)
            self._last = pos

    def mouseReleaseEvent(self, event):
        if event.button() == Qt.LeftButton and self._last is not None:
            pos = event.position()
            if pos != self._last:
                self._draw(self._last, pos)
            self._last = None

    def paintEvent(self, event):
        p = QPainter(self)
        shown = self.image.copy()
        shown.invertPixels()  # dark ink on white paper on screen; the data stays MNIST's light-on-dark
        p.drawImage(0, 0, shown)
        p.setPen(QColor(180, 180, 180))
        p.drawRect(0, 0, self.width() - 1, self.height() - 1)
        p.end()

    # ------------------------------------------------------------------ drag and drop
    def dragEnterEvent(self, event):
        if event.mimeData().hasUrls() or event.mimeData().hasImage():
            event.acceptProposedAction()

    def dropEvent(self, event):
        md = event.mimeData()
        if md.hasImage():
            self.set_ink(tryit.grey_from_rgb(qimage_to_array(QImage(md.imageData()))))
        elif md.hasUrls():
            self.load_image(md.urls()[0].toLocalFile())
        event.acceptProposedAction()


class DigitPanel(i18n.Retranslatable, QWidget):
    """The drawing pad, its controls, the 28×28 input the model receives and the live probabilities.

    ``last_input`` is the exact array passed to ``model.predict`` last time.
    """

    predicted = Signal(object)

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setObjectName("digitPanel")
        self.model = None
        self.class_names = [str(i) for i in range(10)]
        self.last_input = None
        self.last_digit = None
        self.last_probs = None
        self.pad = DrawPad()
        self.stroke = QSpinBox(objectName="strokeWidth", minimum=4, maximum=60, value=self.pad.stroke, suffix=" px")
        self.stroke.valueChanged.connect(self.pad.set_stroke)
        self.clear_button = clear = QPushButton(objectName="clearPad")
        clear.clicked.connect(self.pad.clear)
        self.open_button = open_btn = QPushButton(objectName="openImage")
        open_btn.clicked.connect(self.open_image)
        self.preview = QLabel(objectName="digitPreview")
        self.preview.setFixedSize(112, 112)
        self.bars = ProbabilityBars()
        self.answer = QLabel(objectName="digitAnswer")
        self.answer.setWordWrap(True)

        tools = QHBoxLayout()
        self.pen_label = QLabel()
        tools.addWidget(self.pen_label)
        tools.addWidget(self.stroke)
        tools.addWidget(clear)
        tools.addWidget(open_btn)
        tools.addStretch(1)
        left = QVBoxLayout()
        left.addWidget(self.pad)
        left.addLayout(tools)
        right = QVBoxLayout()
        self.input_label = QLabel()
        right.addWidget(self.input_label)
        right.addWidget(self.preview)
        right.addWidget(self.answer)
        right.addWidget(self.bars, 1)
        # side by side where the column is wide enough, the answer below the pad where it is not (a
        # laptop's right column is about 350 px: side by side needs about 470 and made it scroll sideways)
        self._row = row = QBoxLayout(QBoxLayout.LeftToRight, self)
        row.addLayout(left)
        row.addLayout(right, 1)
        self._halves = (left, right)
        self.setMinimumWidth(self._width_needed(side_by_side=False))

        self._timer = QTimer(self, singleShot=True, interval=30)  # coalesce a burst of stroke segments
        self._timer.timeout.connect(self.predict_now)
        self.pad.changed.connect(self._timer.start)
        self._show_preview(np.zeros((28, 28), "uint8"))
        self.retranslate_ui()

    def _width_needed(self, side_by_side: bool) -> int:
        """The narrowest width the panel takes side by side, or stacked (the wider half's width)."""
        m = self._row.contentsMargins()
        widths = [half.minimumSize().width() for half in self._halves]
        inner = sum(widths) + self._row.spacing() if side_by_side else max(widths)
        return inner + m.left() + m.right()

    def resizeEvent(self, event):  # noqa: N802 - Qt API
        wide = event.size().width() >= self._width_needed(side_by_side=True)
        direction = QBoxLayout.LeftToRight if wide else QBoxLayout.TopToBottom
        if self._row.direction() != direction:
            self._row.setDirection(direction)
        super().resizeEvent(event)

    def retranslate_ui(self) -> None:
        self.stroke.setToolTip(self.tr("Pen width on the 280×280 pad (MNIST strokes are about 2–3 of its 28 pixels)"))
        self.clear_button.setText(self.tr("Clear"))
        self.open_button.setText(self.tr("Open image…"))
        self.preview.setToolTip(self.tr("What the model receives: the drawing centred by its centre of mass in a "
                                        "20×20 box inside 28×28, as the MNIST digits were prepared"))
        self.pen_label.setText(self.tr("Pen"))
        self.input_label.setText(self.tr("Model input (28×28)"))
        self.predict_now()

    def set_model(self, model, class_names=None) -> None:
        self.model = model
        if class_names is not None:
            self.class_names = [str(n) for n in class_names]
        self.predict_now()

    def open_image(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, self.tr("Open an image of a digit"), "",
                                              self.tr("Images ({patterns})").format(patterns=IMAGE_PATTERNS))
        if path and not self.pad.load_image(path):
            self.answer.setText(self.tr("Cannot read {path} as an image.").format(path=path))

    def _show_preview(self, digit) -> None:
        img = array_to_qimage(255 - np.asarray(digit))  # shown dark on light like the pad
        self.preview.setPixmap(QPixmap.fromImage(img.scaled(112, 112, Qt.KeepAspectRatio, Qt.FastTransformation)))

    def predict_now(self):
        """Centre the drawing, feed it to the model and show the probabilities (returns them)."""
        self._timer.stop()
        digit = tryit.center_digit(self.pad.ink())
        self.last_digit = digit
        self._show_preview(digit)
        if self.model is None:
            self.answer.setText(self.tr("Train a model (or open a .nbm file) to see its answer."))
            return None
        if not digit.any():
            self.answer.setText(self.tr("Draw a digit in the box."))
            self.bars.set_values(self.class_names, np.zeros(len(self.class_names)))
            return None
        try:
            x = tryit.image_input(digit, self.model.input_shape)
            probs = np.asarray(self.model.predict(x, verbose=0))[0]
        except Exception as exc:  # noqa: BLE001 - a model that does not take images: say it
            self.answer.setText(self.tr("This model cannot take a drawing: {error}").format(error=exc))
            return None
        self.last_input, self.last_probs = x, probs
        names = self.class_names if len(self.class_names) == len(probs) else [str(i) for i in range(len(probs))]
        best = int(np.argmax(probs))
        self.answer.setText(self.tr("The model says {answer} ({p}).").format(answer=f"<b>{names[best]}</b>",
                                                                          p=f"{probs[best]:.1%}"))
        self.bars.set_values(names, probs)
        self.predicted.emit(probs)
        return probs
