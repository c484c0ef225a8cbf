"""Pick a test sample and compare the model's prediction with the truth; step through mistakes.

The whole test set is predicted once per model (one batched ``predict``), then
:func:`netbuilder.core.tryit.prediction_table` lists the misclassified samples, most confident
first (for regression: the largest errors first).

At the end of a run (``set_data(..., background=True)``) the test set is predicted on a background
thread, so the window does not stall (issue 25: 52 ms for a 784-512-10 network on MNIST's 10 000
test images). The GUI thread only copies the network's config and weights (the request); the job
builds a private copy from them, so the next run training the same network never races it. One
job runs at a time, a newer request waits for it (only the newest waits), and predictions for a
test set or network that was replaced meanwhile are dropped: what is shown is always the current
network's.
"""

from __future__ import annotations

import threading

import numpy as np
from PySide6.QtCore import Qt, Signal
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

    # (request number, predictions or the exception) from the background job, queued to the GUI thread
    _predicted = Signal(int, object)
    # a background prediction failed for the current network: the exception (the panel says why)
    predictionFailed = Signal(object)

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setObjectName("sampleBrowser")
        self.model = None
        self.task = None
        self._request = 0  # bumped by every set_data: a job's predictions name the request they answer
        self._job = None  # the background thread predicting the test set, if any
        self._pending = None  # the newest request that waits for the running job
        self._predicted.connect(self._on_predicted, Qt.QueuedConnection)
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
        self.summary.setWordWrap(True)
        # the check box on a line of its own: beside the step buttons the browser was 438 px wide and
        # made a laptop's 350-px right column scroll sideways (a learner walk)
        bar = QHBoxLayout()
        self.sample_label = QLabel()
        bar.addWidget(self.sample_label)
        bar.addWidget(self.index)
        bar.addWidget(self.prev_btn)
        bar.addWidget(self.next_btn)
        bar.addStretch(1)
        lay = QVBoxLayout(self)
        lay.addLayout(bar)
        lay.addWidget(self.only_wrong)
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
        if self.table is not None:
            self._describe_table()  # the predictions stay: a language is no reason to predict the test set again
        elif self.model is None:
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

    def set_data(self, model, x_test, y_test, task=None, class_names=None, describe=None, keep_visit=False,
                 background=False) -> None:
        """Browse ``x_test (n, ...)`` against ``y_test`` with ``model``'s predictions. ``background``:
        predict on a background thread from a copy of the weights taken now; the table (``table``) is
        None until the predictions land, and stays None if another ``set_data`` came first."""
        same = x_test is self.x
        self.model, self.x, self.y, self.class_names, self.describe = model, x_test, y_test, class_names, describe
        self.task = task
        self._request += 1
        if not (keep_visit or same):
            self.visit([])  # the chosen samples belonged to another test set
        self.table = None
        if model is None or x_test is None or y_test is None or not len(x_test):
            self.summary.setText(self.tr("No test set to browse."))
            return
        if not background:
            self._show_table(model.predict(x_test, verbose=0))
            return
        from netbuilder.core.models import serialize_model  # noqa: PLC0415  (the whole engine)

        self.summary.setText(self.tr("Predicting the test set…"))
        # the request: the network's config and a copy of its weights, taken here (get_weights copies)
        self._pending = (self._request, serialize_model(model), model.get_weights(), x_test)
        self._start_pending()

    def _start_pending(self) -> None:
        if self._pending is None or (self._job is not None and self._job.is_alive()):
            return  # the running job starts the pending request when it lands
        request, self._pending = self._pending, None
        self._job = threading.Thread(target=self._run_job, args=request, name="sample-browser", daemon=True)
        self._job.start()

    def _run_job(self, request: int, config, weights, x_test) -> None:
        """Predict ``x_test`` with a private copy built from ``config`` and ``weights`` (any thread)."""
        try:
            result = tryit.ModelSnapshot.from_parts(config, weights).predict(x_test)
        except Exception as exc:  # noqa: BLE001 - reported on the GUI thread
            result = exc
        try:
            self._predicted.emit(request, result)
        except RuntimeError:  # the widget was deleted while the job ran
            pass

    def _on_predicted(self, request: int, result) -> None:
        if self._job is not None:
            self._job.join()  # its last act was to emit the predictions: it is ending
            self._job = None
        self._start_pending()
        if request != self._request:
            return  # predictions of a network or test set that was replaced meanwhile
        if isinstance(result, Exception):
            self.summary.setText(self.tr("No test set to browse."))
            self.predictionFailed.emit(result)
            return
        self._show_table(result)

    def _show_table(self, predictions) -> None:
        self.table = tryit.prediction_table(predictions, self.y, self.task)
        self._describe_table()

    def _describe_table(self) -> None:
        """The summary line and the current sample, from the predictions already made (``table``)."""
        n = len(self.x)
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
