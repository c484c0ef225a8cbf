"""Step 1 and 2 of the step mode: the batch as the learner knows the data (digits as pictures,
reviews as words, Boston rows as a table) and the network's answers next to the targets."""

from __future__ import annotations

import numpy as np
from PySide6.QtCore import QCoreApplication
from PySide6.QtGui import QPixmap
from PySide6.QtWidgets import QLabel, QTableWidget, QTableWidgetItem, QVBoxLayout, QWidget

from . import pictures

# rows of a batch shown (a batch of 512 would not fit; the loss and gradients use all of them)
SHOWN = 8


def _tr(text: str) -> str:
    return QCoreApplication.translate("BatchView", text)


def image_side(x: np.ndarray) -> tuple[int, int] | None:
    """``(h, w)`` when the rows of ``x`` are greyscale pictures (``(n, h, w)``, ``(n, h, w, 1)`` or
    784 flat pixels), else None."""
    if x.ndim == 3 or (x.ndim == 4 and x.shape[-1] == 1):
        return int(x.shape[1]), int(x.shape[2])
    if x.ndim == 2 and x.shape[1] == 784 and x.dtype.kind == "f":
        return 28, 28
    return None


def decode(row, word_index: dict | None, sequence: bool) -> str:
    """A review/newswire row as words: a padded index sequence (``sequence``) or a multi-hot row
    (the words present). Without a word index the word numbers are shown (``#12``)."""
    row = np.asarray(row)
    ids = [int(j) for j in row if j != 0] if sequence else [int(j) for j in np.nonzero(row)[0]]
    if word_index:
        back = {v + 3: k for k, v in word_index.items()}
        words = [back.get(i, {1: "[START]", 2: "[OOV]"}.get(i, f"#{i}")) for i in ids]
    else:
        words = [f"#{i}" for i in ids]
    text = " ".join(words[:40]) + (" …" if len(words) > 40 else "")
    return text if sequence else _tr("words present: {words}").format(words=text)


def answer(v, task) -> str:
    """A target or prediction row as a learner reads it: a class (with its probability), a value."""
    a = np.asarray(v, dtype="float64").ravel()
    if task == "regression" or a.size == 0:
        return ", ".join(f"{t:.4g}" for t in a[:4])
    if a.size == 1:
        p = float(a[0])
        return f"{p:.3f}" + ("" if p in (0.0, 1.0) else f" → {int(p >= 0.5)}")
    k = int(np.argmax(a))
    return f"{k} ({a[k]:.2f})" if 0 < a[k] < 1 else str(k)


class BatchView(QWidget):
    """The first rows of the batch (pictures, words or a table) and the y / y_pred table."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self.picture = QLabel()
        self.picture.setObjectName("stepBatchPicture")
        self.picture.setWordWrap(True)
        self.rows = QTableWidget()
        self.rows.setObjectName("stepBatchRows")
        self.answers = QTableWidget(2, 0)  # one column per sample, under its picture
        self.answers.setObjectName("stepAnswers")
        self.title1, self.title2 = QLabel(), QLabel()
        for t in (self.title1, self.title2):
            t.setWordWrap(True)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        for w in (self.title1, self.picture, self.rows, self.title2, self.answers):
            lay.addWidget(w)
        self.rows.hide()
        self.rows.setMaximumHeight(230)
        self.answers.setMaximumHeight(90)

    def retranslate(self, n: int | None = None) -> None:
        self.answers.setVerticalHeaderLabels([_tr("target y"), _tr("prediction y_pred")])
        size = "" if n is None else _tr(" ({n} samples, the first {k} shown)").format(n=n, k=min(n, SHOWN))
        self.title1.setText("<b>" + _tr("1 · Draw a batch: the inputs x and their targets y") + size + "</b>")
        self.title2.setText("<b>" + _tr("2 · Run the network on x: its predictions y_pred next to y") + "</b>")

    def show_batch(self, x, y, y_pred, data) -> None:
        """Show the batch ``x`` (its first rows) and ``y`` / ``y_pred``; ``data`` is the project's
        ``TrainingData`` (its name, task and ``info`` say how to draw the rows)."""
        x = np.asarray(x)
        info = getattr(data, "info", {}) or {}
        name = (getattr(data, "name", "") or "").lower()
        side = image_side(x)
        self.retranslate(len(x))
        self.rows.hide()
        self.picture.show()
        self.picture.setPixmap(QPixmap())
        if side is not None:
            imgs = x[:SHOWN].reshape(-1, *side)
            lo, hi = float(min(imgs.min(), 0)), float(max(imgs.max(), 1))
            strip = np.concatenate([np.pad(pictures.to_gray(im, lo, hi), ((0, 0), (0, 2)), constant_values=255)
                                    for im in imgs], axis=1)
            self.picture.setPixmap(pictures.gray_pixmap(strip, scale=2))
        elif ("imdb" in name or "reuters" in name or info.get("word_index")) and x.ndim == 2:
            sequence = x.dtype.kind in "iu"
            self.picture.setText("<br>".join(f"{i + 1}. " + decode(r, info.get("word_index"), sequence)
                                             for i, r in enumerate(x[:SHOWN])))
        else:
            self.picture.hide()
            self.rows.show()
            flat = x[:SHOWN].reshape(min(len(x), SHOWN), -1)[:, :20]
            names = list(info.get("feature_names") or [])[:flat.shape[1]]
            self.rows.setRowCount(flat.shape[0])
            self.rows.setColumnCount(flat.shape[1])
            self.rows.setHorizontalHeaderLabels(names + [str(j) for j in range(len(names), flat.shape[1])])
            for i, r in enumerate(flat):
                for j, v in enumerate(r):
                    self.rows.setItem(i, j, QTableWidgetItem(f"{float(v):.4g}"))
        task = getattr(data, "task", None)
        ys, ps = np.asarray(y)[:SHOWN], np.asarray(y_pred)[:SHOWN]
        self.answers.setColumnCount(len(ys))
        self.answers.setHorizontalHeaderLabels([str(i + 1) for i in range(len(ys))])
        for i, (t, p) in enumerate(zip(ys, ps)):
            self.answers.setItem(0, i, QTableWidgetItem(answer(t, task) if np.ndim(t) else str(t)))
            self.answers.setItem(1, i, QTableWidgetItem(answer(p, task)))
        self.answers.resizeColumnsToContents()
