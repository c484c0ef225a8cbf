"""The unfolding paper ball (``paperBall``): the playground set as each layer sees it, side by side
from input to output, one frame per epoch, played as an animation.

The tutorial's picture: a crumpled ball of red and blue paper that the network unfolds one layer at
a time until the colours come apart. Each panel is one layer's output for the same sample of
points, projected to the plane by ``core.introspect.project`` (directly for two units, by PCA for
more), coloured by class.
"""

from __future__ import annotations

import numpy as np
from PySide6.QtCore import QPointF, Qt, QTimer
from PySide6.QtGui import QColor, QPainter, QPixmap
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QSlider, QVBoxLayout, QWidget

from ..qt_helpers import signals_blocked

# class colours: red and blue as in the tutorial, then more for multi-class sets
COLOURS = ("#d62728", "#1f77b4", "#2ca02c", "#ff7f0e", "#9467bd", "#8c564b")
PANEL = 150  # pixels per side of one layer's picture


def scatter_pixmap(points: np.ndarray, labels: np.ndarray, side: int = PANEL) -> QPixmap:
    """``(n, 2)`` points as dots coloured by integer ``labels``, scaled to fill a square."""
    pm = QPixmap(side, side)
    pm.fill(Qt.white)
    pts = np.asarray(points, dtype="float64")
    if pts.size == 0:
        return pm
    lo, hi = pts.min(axis=0), pts.max(axis=0)
    span = np.where(hi - lo > 0, hi - lo, 1.0)
    unit = np.where(hi - lo > 0, (pts - lo) / span, 0.5)  # (n, 2) in [0, 1]; a flat axis (one unit) centred
    xy = 6 + unit * (side - 12)  # in pixels, 6 px margin
    p = QPainter(pm)
    p.setRenderHint(QPainter.Antialiasing)
    p.setPen(Qt.NoPen)
    for k in np.unique(labels):
        p.setBrush(QColor(COLOURS[int(k) % len(COLOURS)]))
        for x, y in xy[labels == k]:
            p.drawEllipse(QPointF(x, side - y), 2.2, 2.2)
    p.setPen(QColor("#999"))
    p.setBrush(Qt.NoBrush)
    p.drawRect(0, 0, side - 1, side - 1)
    p.end()
    return pm


def class_ids(y) -> np.ndarray:
    """Targets as integer classes: one-hot rows by argmax, a single column by rounding (0/1)."""
    y = np.asarray(y)
    if y.ndim > 1 and y.shape[-1] > 1:
        return np.argmax(y, axis=-1)
    return np.rint(y.reshape(len(y))).astype(int)


class PaperBallView(QWidget):
    """Frames ``(epoch, [Projection])`` of one run, shown one at a time with a slider and Play.

    ``add_frame`` appends a frame and shows it; ``clear`` empties the run; ``show_now`` shows a
    single frame outside a run (the model as it is now).
    """

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setObjectName("paperBall")
        self.frames: list = []
        self.labels = np.zeros(0, int)
        self.intro, self.frame_label = QLabel(), QLabel()
        self.intro.setWordWrap(True)
        self.panels = QHBoxLayout()
        self.slider = QSlider(Qt.Horizontal)
        self.slider.setObjectName("paperBallEpoch")
        self.slider.setRange(0, 0)
        self.play_button = QPushButton()
        self.play_button.setObjectName("paperBallPlay")
        self._timer = QTimer(self)
        self._timer.setInterval(400)
        self._timer.timeout.connect(self._advance)
        row = QHBoxLayout()
        for w in (self.play_button, self.slider, self.frame_label):
            row.addWidget(w)
        lay = QVBoxLayout(self)
        lay.addWidget(self.intro)
        lay.addLayout(self.panels)
        lay.addLayout(row)
        lay.addStretch(1)
        self.slider.valueChanged.connect(self.show_frame)
        self.play_button.clicked.connect(self.toggle_play)
        self._cells: list = []
        self.retranslate()

    def retranslate(self) -> None:
        self.intro.setText(self.tr(
            "Like a crumpled ball of red and blue paper, the data enters the network tangled; each layer "
            "unfolds it a little more until the colours come apart. Each picture is one layer's view of the "
            "same points (two units drawn as they are, more units by their two main directions, PCA)."))
        self.play_button.setText(self.tr("Stop") if self._timer.isActive() else self.tr("Play"))
        self.show_frame(self.slider.value())

    def set_labels(self, labels) -> None:
        self.labels = np.asarray(labels).astype(int)

    def clear(self) -> None:
        self._timer.stop()
        self.frames = []
        self.slider.setRange(0, 0)
        self.show_frame(0)

    def add_frame(self, epoch, projections, draw: bool = True) -> None:
        """Append the frame of ``epoch`` (None: the model as it is now, outside a run) and show it;
        ``draw=False`` (the view is behind another tab) only keeps it, drawn when the view is shown."""
        self.frames.append((epoch, projections))
        with signals_blocked(self.slider):
            self.slider.setRange(0, len(self.frames) - 1)
            self.slider.setValue(len(self.frames) - 1)
        if draw:
            self.show_frame(len(self.frames) - 1)

    def show_now(self, projections) -> None:
        self.clear()
        self.add_frame(None, projections)

    def show_frame(self, i: int) -> None:
        if not self.frames:
            self.frame_label.setText(self.tr("Load a 2-D playground dataset (spiral, circles, ...) to see it."))
            for cell in self._cells:
                cell.hide()
            return
        epoch, projections = self.frames[max(0, min(i, len(self.frames) - 1))]
        while len(self._cells) < len(projections):
            cell = QLabel()
            cell.setAlignment(Qt.AlignHCenter | Qt.AlignTop)
            self.panels.addWidget(cell)
            self._cells.append(cell)
        for cell, proj in zip(self._cells, projections):
            pm = scatter_pixmap(proj.points, self.labels[:len(proj.points)])
            cell.setPixmap(pm)
            how = {"direct": self.tr("2 units"), "line": self.tr("1 unit")}.get(
                proj.method, self.tr("PCA, {share:.0%} of the spread").format(share=proj.explained))
            cell.setToolTip(f"{proj.key} ({how})")
            cell.setAccessibleName(proj.key)
            cell.show()
        for cell in self._cells[len(projections):]:
            cell.hide()
        names = " → ".join(p.key for p in projections)
        when = self.tr("now") if epoch is None else self.tr("after epoch {n}").format(n=epoch + 1)
        self.frame_label.setText(self.tr("{when}: {names}").format(when=when, names=names))

    def toggle_play(self) -> None:
        if self._timer.isActive():
            self._timer.stop()
        elif len(self.frames) > 1:
            if self.slider.value() >= len(self.frames) - 1:
                self.slider.setValue(0)
            self._timer.start()
        self.play_button.setText(self.tr("Stop") if self._timer.isActive() else self.tr("Play"))

    def _advance(self) -> None:
        if self.slider.value() >= len(self.frames) - 1:
            self.toggle_play()
            return
        self.slider.setValue(self.slider.value() + 1)
