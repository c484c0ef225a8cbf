"""Pick a test sample and compare the model's prediction with the truth; step through mistakes.

The whole test set is predicted once per model (one batched ``predict``), then
:func:`netbuilder.core.tryit.prediction_table` lists the misclassified samples, most confident
first (for regression: the largest errors first).
"""

from __future__ import annotations

import numpy as np
from PySide6.QtCore import Qt
from PySide6.QtGui import QPixmap
from PySide6.QtWidgets import (
    QCheckBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from netbuilder.core import tryit

from .. import i18n
from .draw_pad import array_to_qimage


class SampleBrowser(i18n.Retranslatable, QWidget):
    """``set_data(model, x_test, y_test, task, class_names, describe=None)``: ``describe(i)`` may
    return a text for sample ``i`` (a decoded review, the feature values); images are shown as pictures."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setObjectName("sampleBrowser")
        self.model = None
        self.x = self.y = None
        self.table = None
        self.class_names = None
        self.describe = None
        self.index = QSpinBox(objectName="sampleIndex", minimum=0, maximum=0)
        self.index.valueChanged.connect(self.show_sample)
        self.only_wrong = QCheckBox(objectName="onlyWrong")
        self._visiting_wrong = False
        self.only_wrong.toggled.connect(lambda _: setattr(self, "_visiting_wrong", False))
        self.only_wrong.toggled.connect(lambda on: on and self.visit([]))
        self._visit: list[int] = []  # samples chosen elsewhere (a confusion-matrix cell) that Prev/Next visit
        self.visit_label = QLabel(objectName="visitLabel")
        self.visit_label.setWordWrap(True)
        self.end_visit = QPushButton(objectName="endVisit")
        self.end_visit.clicked.connect(lambda: self.visit([]))
        self.prev_btn = QPushButton(objectName="prevSample")
        self.next_btn = QPushButton(objectName="nextSample")
        self.prev_btn.clicked.connect(lambda: self.step(-1))
        self.next_btn.clicked.connect(lambda: self.step(1))
        self.picture = QLabel(objectName="samplePicture")
        self.picture.setAlignment(Qt.AlignCenter)
        self.text = QLabel(objectName="sampleText")
        self.text.setWordWrap(True)
        self.text.setTextInteractionFlags(Qt.TextSelectableByMouse)
        self.verdict = QLabel(objectName="sampleVerdict")
        self.verdict.setWordWrap(True)
        self.summary = QLabel(objectName="sampleSummary")
        bar = QHBoxLayout()
        self.sample_label = QLabel()
        bar.addWidget(self.sample_label)
        bar.addWidget(self.index)
        bar.addWidget(self.prev_btn)
        bar.addWidget(self.next_btn)
        bar.addWidget(self.only_wrong)
        bar.addStretch(1)
        lay = QVBoxLayout(self)
        lay.addLayout(bar)
        visit_bar = QHBoxLayout()
        visit_bar.addWidget(self.visit_label, 1)
        visit_bar.addWidget(self.end_visit)
        lay.addLayout(visit_bar)
        lay.addWidget(self.summary)
        lay.addWidget(self.picture)
        lay.addWidget(self.text)
        lay.addWidget(self.verdict)
        lay.addStretch(1)
        self.retranslate_ui()

    def retranslate_ui(self) -> None:
        self.only_wrong.setText(self.tr("Misclassified only"))
        self.only_wrong.setToolTip(self.tr("Prev/Next visit only the samples the model gets wrong, most confident "
                                           "first"))
        self.prev_btn.setText("◀ " + self.tr("Prev"))
        self.next_btn.setText(self.tr("Next") + " ▶")
        self.sample_label.setText(self.tr("Test sample"))
        self.end_visit.setText(self.tr("All samples"))
        self.end_visit.setToolTip(self.tr("Stop visiting the chosen samples: Prev/Next go through all of them"))
        self._show_visit()
        if self.model is not None:
            self.set_data(self.model, self.x, self.y, getattr(self.table, "task", None), self.class_names,
                          self.describe, keep_visit=True)
        else:
            self.summary.setText(self.tr("No test set to browse."))

    def visit(self, indices, title: str = "") -> None:
        """Make Prev/Next step through ``indices`` only (e.g. a confusion-matrix cell), showing the first;
        ``visit([])`` goes back to all samples."""
        n = 0 if self.x is None else len(self.x)
        self._visit = [int(i) for i in indices if 0 <= int(i) < n]
        self._visit_title = title
        if self._visit:
            self.only_wrong.setChecked(False)
            if self.index.value() == self._visit[0]:
                self.show_sample(self._visit[0])
            self.index.setValue(self._visit[0])  # shows it (valueChanged) when it moves
        self._show_visit()

    def _show_visit(self) -> None:
        visiting = bool(self._visit)
        self.visit_label.setVisible(visiting)
        self.end_visit.setVisible(visiting)
        if visiting:
            i = self.index.value()
            pos = self._visit.index(i) + 1 if i in self._visit else 0
            self.visit_label.setText(self.tr("{title}: sample {k} of {n}").format(
                title=self._visit_title, k=pos, n=len(self._visit)))

    def set_data(self, model, x_test, y_test, task=None, class_names=None, describe=None, keep_visit=False) -> None:
        same = x_test is self.x
        self.model, self.x, self.y, self.class_names, self.describe = model, x_test, y_test, class_names, describe
        if not (keep_visit or same):
            self.visit([])  # the chosen samples belonged to another test set
        self.table = None
        if model is None or x_test is None or y_test is None or not len(x_test):
            self.summary.setText(self.tr("No test set to browse."))
            return
        self.table = tryit.prediction_table(model.predict(x_test, verbose=0), y_test, task)
        n = len(x_test)
        if self.table.task == "regression":
            mae = float(np.mean(np.abs(self.table.pred - self.table.true)))
            self.summary.setText(self.tr("{n} test samples; mean absolute error {mae}. “Misclassified only” visits "
                                         "the largest errors first.").format(n=n, mae=f"{mae:.3g}"))
        else:
            # the same number, written the same way, as the Evaluation tab's "accuracy 0.9785" (97.85 % was
            # shown as "97.9 % accuracy" beside it)
            self.summary.setText(self.tr("{n} test samples; {wrong} misclassified (accuracy {acc}).").format(
                n=n, wrong=len(self.table.wrong), acc=f"{1 - len(self.table.wrong) / n:.4g}"))
        self.index.setMaximum(n - 1)
        self.show_sample(self.index.value())

    def _name(self, label) -> str:
        names = self.class_names
        return str(names[int(label)]) if names is not None and 0 <= int(label) < len(names) else str(int(label))

    def step(self, direction: int) -> None:
        """Next/previous sample, or next/previous mistake when “Misclassified only” is ticked."""
        if self.table is None:
            return
        i = self.index.value()
        if self._visit:
            pos = self._visit.index(i) + direction if i in self._visit else (0 if direction > 0 else -1)
            self.index.setValue(self._visit[pos % len(self._visit)])
            return
        if not self.only_wrong.isChecked():
            self.index.setValue(max(0, min(self.index.maximum(), i + direction)))
            return
        wrong = list(self.table.wrong)
        if not wrong:
            self.verdict.setText(self.tr("No misclassified sample: the model gets every test sample right."))
            return
        # the first Next after ticking the box goes to the most confident mistake, wherever we are
        if self._visiting_wrong and i in wrong:
            pos = wrong.index(i) + direction
        else:
            pos = 0 if direction > 0 else len(wrong) - 1
        self._visiting_wrong = True
        self.index.setValue(int(wrong[pos % len(wrong)]))

    def show_sample(self, i: int) -> None:
        if self._visit:
            self._show_visit()
        if self.table is None:
            return
        x = np.asarray(self.x[i])
        if x.size in (784,) or x.shape[:2] == (28, 28):
            pix = x.reshape(28, 28).astype("float64")
            pix = pix * 255 if pix.max(initial=0) <= 1.0 else pix  # prepared (0..1) or raw (0..255) images
            img = array_to_qimage(255 - np.clip(pix, 0, 255))
            self.picture.setPixmap(QPixmap.fromImage(img.scaled(112, 112)))
            self.picture.show()
        else:
            self.picture.hide()
        self.text.setText(self.describe(i) if self.describe else
                          (np.array2string(x, precision=3, threshold=40) if x.size <= 40 else
                           self.tr("input of shape {shape}").format(shape=x.shape)))
        t = self.table
        if t.task == "regression":
            err = t.pred[i] - t.true[i]
            self.verdict.setText(self.tr("Predicted {pred}, true {true} (error {err}).").format(
                pred=f"<b>{t.pred[i]:.3g}</b>", true=f"{t.true[i]:.3g}", err=f"{err:+.3g}"))
            return
        ok = t.pred[i] == t.true[i]
        mark = ("<span style='color:#27ae60'>✓ " + self.tr("right") + "</span>" if ok else
                "<span style='color:#c0392b'>✗ " + self.tr("wrong") + "</span>")
        self.verdict.setText(self.tr("Predicted {pred} ({conf}), true {true}").format(
            pred=f"<b>{self._name(t.pred[i])}</b>", conf=f"{t.confidence[i]:.1%}",
            true=f"<b>{self._name(t.true[i])}</b>")
            + f" — {mark}")
