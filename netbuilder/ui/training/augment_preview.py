"""The coach's "Add data augmentation" remedy, previewed before it is applied (issue 22).

Augmentation is the book's cure for overfitting on small image sets: every epoch sees each
training image slightly rotated, zoomed and shifted, so the network cannot learn the images by
heart. Before the layers go on the canvas, this dialog (``augmentPreview``) shows what training
will see: one training image passed through the very layers the remedy inserts
(``remedies.AUGMENTATION``, called with ``training=True``) twelve times, on a 3×4 grid. "Show
others" draws again, "Add augmentation" applies the remedy as one undoable edit, "Cancel" changes
nothing.
"""

from __future__ import annotations

import numpy as np
from PySide6.QtCore import Qt
from PySide6.QtGui import QImage, QPixmap
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QGridLayout, QLabel, QPushButton, QVBoxLayout

from netbuilder.core import remedies
from netbuilder.core.registry import LAYERS

ROWS, COLS = 3, 4
CELL = 84  # pixels per preview image


def augmented(image: np.ndarray, n: int = ROWS * COLS, seed: int = 0) -> np.ndarray:
    """``n`` copies of ``image`` (height, width, channels) through :data:`remedies.AUGMENTATION`
    in training mode: ``(n, height, width, channels)``, each copy with its own random transform."""
    batch = np.repeat(np.asarray(image, dtype="float32")[None], n, axis=0)
    for i, (cls, args) in enumerate(remedies.AUGMENTATION):
        batch = LAYERS.lookup(cls)(**args, seed=seed * 7 + i)(batch, training=True)
    return np.asarray(batch)


def sample_image(data, config) -> np.ndarray | None:
    """The first training image shaped as the network's image input (height, width, channels), or None
    when no data is loaded or it does not fit that input."""
    names = remedies.image_inputs(config) if config else []
    x = getattr(data, "x_train", None)
    if not names or not isinstance(x, np.ndarray) or not len(x):
        return None
    entry = next(e for e in config["config"]["layers"] if remedies._name(e) == names[0])
    cfg = entry["config"]
    shape = tuple(cfg.get("batch_shape") or cfg.get("batch_input_shape"))[1:]
    first = np.asarray(x[0], dtype="float32")
    return first.reshape(shape) if first.size == int(np.prod(shape)) else None


def to_pixmap(image: np.ndarray, lo: float, hi: float) -> QPixmap:
    """A grey (1 channel) or colour (3 channels) picture of ``image``, values ``lo``..``hi`` as 0..255."""
    scaled = np.clip((image - lo) / ((hi - lo) or 1.0) * 255.0, 0, 255).astype(np.uint8)
    h, w = scaled.shape[:2]
    if scaled.ndim == 3 and scaled.shape[2] == 3:
        buf = np.ascontiguousarray(scaled)
        img = QImage(buf.data, w, h, 3 * w, QImage.Format_RGB888)
    else:
        buf = np.ascontiguousarray(scaled.reshape(h, w, -1)[..., 0])
        img = QImage(buf.data, w, h, w, QImage.Format_Grayscale8)
    return QPixmap.fromImage(img.copy()).scaled(CELL, CELL, Qt.KeepAspectRatio, Qt.FastTransformation)


class AugmentPreview(QDialog):
    """The preview grid and the choice; ``accepted`` means "apply the remedy"."""

    def __init__(self, image: np.ndarray | None, parent=None):
        super().__init__(parent)
        self.setObjectName("augmentPreview")
        self.setWindowTitle(self.tr("Add data augmentation"))
        self.image = image
        self.seed = 0
        self.cells: list[QLabel] = []
        lay = QVBoxLayout(self)
        intro = QLabel(self.tr("During training, each image will be turned by up to ±18°, zoomed by up to ±10 % "
                               "and shifted by up to 10 % of its size, differently at every epoch: the network "
                               "sees new variants instead of learning the images by heart. Prediction and "
                               "evaluation see the images unchanged."))
        intro.setWordWrap(True)
        lay.addWidget(intro)
        grid = QGridLayout()
        grid.setSpacing(4)
        for i in range(ROWS * COLS):
            cell = QLabel(objectName=f"augmentCell{i}")
            cell.setFixedSize(CELL, CELL)
            cell.setAlignment(Qt.AlignCenter)
            cell.setStyleSheet("background:#0f172a")
            grid.addWidget(cell, i // COLS, i % COLS)
            self.cells.append(cell)
        lay.addLayout(grid)
        self.note = QLabel(objectName="augmentNote")
        self.note.setWordWrap(True)
        lay.addWidget(self.note)
        buttons = QDialogButtonBox()
        self.again = QPushButton(self.tr("Show others"), objectName="augmentAgain")
        self.again.clicked.connect(self.draw_again)
        self.apply_button = QPushButton(self.tr("Add augmentation"), objectName="augmentApply")
        buttons.addButton(self.again, QDialogButtonBox.ActionRole)
        buttons.addButton(self.apply_button, QDialogButtonBox.AcceptRole)
        buttons.addButton(QDialogButtonBox.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        lay.addWidget(buttons)
        self.samples = None
        self.draw()

    def draw(self) -> None:
        if self.image is None:
            self.again.setEnabled(False)
            self.note.setText(self.tr("Load the training data to see a preview: the layers are added either way."))
            return
        self.samples = augmented(self.image, seed=self.seed)
        lo, hi = float(self.image.min()), float(self.image.max())
        for cell, img in zip(self.cells, self.samples):
            cell.setPixmap(to_pixmap(img, lo, hi))
        self.note.setText(self.tr("One training image as twelve epochs might see it. Added after the input: "
                                  "RandomRotation(0.05), RandomZoom(0.1), RandomTranslation(0.1, 0.1)."))

    def draw_again(self) -> None:
        self.seed += 1
        self.draw()


def offer(ui, apply) -> AugmentPreview:
    """Open the preview for ``ui`` (a ``TrainingUI``) without blocking; ``apply()`` runs on "Add
    augmentation". Returns the dialog."""
    data = ui.controller.data if getattr(ui.controller, "data", None) is not None else ui.dataset_panel.data
    dialog = AugmentPreview(sample_image(data, ui.graph.get()), ui.banner.window())
    dialog.accepted.connect(apply)
    dialog.finished.connect(dialog.deleteLater)
    dialog.open()
    return dialog
