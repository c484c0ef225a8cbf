"""Evaluation after training: test loss and metrics, confusion matrix, per-class table, regression plots."""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QLabel, QPushButton, QStackedWidget, QTableWidget, QTableWidgetItem, QVBoxLayout, QWidget

from .. import i18n


def class_ids(y, task) -> np.ndarray:
    """Integer classes from labels or predictions: argmax of one-hot/softmax, threshold 0.5 for binary."""
    y = np.asarray(y)
    if task == "binary":
        return (y.reshape(len(y), -1)[:, 0] > 0.5).astype(int)
    return y.argmax(-1) if y.ndim > 1 and y.shape[-1] > 1 else y.reshape(len(y)).astype(int)


def book_rows(book: dict, test_logs: dict | None = None, run_logs: dict | None = None) -> list[tuple]:
    """``[(key, book_value, this_run | None, verdict)]`` for the book's numbers of a tutorial example.

    ``book`` is the project's ``training.book_numbers`` (``{"accuracy": 0.978, "val_mae": 2.4}``): a
    ``val_*`` key compares with the finished run's validation value (``run_logs``: the last epoch, or a
    K-fold run's mean), any other key with the test-set evaluation (``test_logs``). ``verdict``:
    ``"ok"`` (as good as the book, within 1 point of accuracy or 10 % of an error), ``"below"``, or None
    while there is no number to compare.
    """
    rows = []
    for key, value in (book or {}).items():
        mine = _logged(run_logs if key.startswith("val_") else test_logs, key)
        verdict = None
        if mine is not None and np.isfinite(mine):
            higher = "acc" in key or "auc" in key or "precision" in key or "recall" in key
            verdict = "ok" if (mine >= value - 0.01 if higher else mine <= value * 1.1) else "below"
        rows.append((key, float(value), None if mine is None else float(mine), verdict))
    return rows


def _metric_name(key: str) -> tuple[str, str | None]:
    """``("val_", "MeanAbsoluteError")`` for ``"val_mae"``: the prefix and the registry's name (None: no metric)."""
    from netbuilder.core.registry import METRICS  # noqa: PLC0415

    prefix, name = ("val_", key[4:]) if key.startswith("val_") else ("", key)
    try:
        return prefix, METRICS.canonical(name)
    except Exception:  # noqa: BLE001 - "loss", or a name the registry does not know
        return prefix, None


def _logged(logs: dict | None, key: str):
    """``logs[key]``, or the value logged under another spelling of the same metric (the book's ``mae`` is
    logged as ``MeanAbsoluteError`` when the form compiled it from the metric list)."""
    if not logs:
        return None
    if key in logs:
        return logs[key]
    want = _metric_name(key)
    if want[1] is None:
        return None
    return next((v for k, v in logs.items() if _metric_name(k) == want), None)


def show_number(key: str, v: float) -> str:
    """``97.8 %`` for an accuracy, ``2.52`` for an error."""
    return f"{100 * v:.1f} %" if "acc" in key else f"{v:.3g}"


def confusion_matrix(true_ids, pred_ids, k: int) -> np.ndarray:
    """``m[i, j]`` = samples of true class i predicted as j, shape (k, k)."""
    m = np.zeros((k, k), dtype=np.int64)
    np.add.at(m, (true_ids, pred_ids), 1)
    return m


def per_class(m: np.ndarray) -> list[tuple[float, float, int]]:
    """``(precision, recall, support)`` per class: tp/(tp+fp), tp/(tp+fn) (0 when undefined)."""
    tp = np.diag(m).astype(float)
    col, row = m.sum(0), m.sum(1)
    prec = np.divide(tp, col, out=np.zeros_like(tp), where=col > 0)
    rec = np.divide(tp, row, out=np.zeros_like(tp), where=row > 0)
    return [(float(p), float(r), int(s)) for p, r, s in zip(prec, rec, row)]


class EvaluationPanel(i18n.Retranslatable, QWidget):
    """``evaluateButton`` → ``controller.evaluate_in_background()`` (the window stays responsive; Stop
    cancels); :meth:`evaluate` does the same in the calling thread. Shows the results by task.

    ``samplesChosen(indices, title)`` is emitted when a confusion-matrix cell is clicked: the test
    samples of that cell, for the Try-it sample browser to step through.
    """

    samplesChosen = Signal(object, str)

    def __init__(self, controller, parent=None):
        super().__init__(parent)
        self.setObjectName("evaluationPanel")
        self.controller = controller
        self.result = None
        self.book: dict = {}  # the open example's book_numbers
        self.book_test: dict | None = None  # the last test-set logs, and the last run's validation values
        self.book_run: dict | None = None
        self.bookLabel = QLabel(objectName="bookResultLabel")  # shown under the training controls
        self.bookLabel.setWordWrap(True)
        self.bookLabel.setVisible(False)
        self.evaluateButton = QPushButton(objectName="evaluateButton")
        self.resultLabel = QLabel(objectName="evaluationResult")
        self.resultLabel.setWordWrap(True)
        self.confusionMatrix = QTableWidget(objectName="confusionMatrix")
        self.perClassTable = QTableWidget(objectName="perClassTable")
        self.samplesLabel = QLabel(objectName="cellSamplesLabel")
        self.samplesLabel.setWordWrap(True)
        self.predictionPlot = pg.PlotWidget(background="w")
        self.predictionPlot.setObjectName("predictionPlot")
        self.residualPlot = pg.PlotWidget(background="w")
        self.residualPlot.setObjectName("residualPlot")
        cls = QWidget()
        cl = QVBoxLayout(cls)
        cl.setContentsMargins(0, 0, 0, 0)
        self.matrix_title = QLabel()
        cl.addWidget(self.matrix_title)
        cl.addWidget(self.confusionMatrix, 2)
        cl.addWidget(self.samplesLabel)
        cl.addWidget(self.perClassTable, 1)
        reg = QWidget()
        rl = QVBoxLayout(reg)
        rl.setContentsMargins(0, 0, 0, 0)
        rl.addWidget(self.predictionPlot)
        rl.addWidget(self.residualPlot)
        self.stack = QStackedWidget()
        self.stack.addWidget(cls)
        self.stack.addWidget(reg)
        lay = QVBoxLayout(self)
        lay.addWidget(self.evaluateButton)
        lay.addWidget(self.resultLabel)
        lay.addWidget(self.stack, 1)
        self.evaluateButton.clicked.connect(self.evaluate_in_background)
        controller.evaluated.connect(self._on_evaluated)
        controller.evalProgress.connect(self._on_progress)
        self.confusionMatrix.cellClicked.connect(self.show_cell)
        controller.stateChanged.connect(lambda s: self.evaluateButton.setEnabled(s == "idle"))
        controller.finished.connect(self._on_trained)
        self.retranslate_ui()

    def retranslate_ui(self) -> None:
        self.evaluateButton.setText(self.tr("Evaluate on the test set"))
        self.matrix_title.setText(self.tr("Confusion matrix (rows: true, columns: predicted; click a cell)"))
        self.predictionPlot.setLabel("bottom", self.tr("true"))
        self.predictionPlot.setLabel("left", self.tr("predicted"))
        self.residualPlot.setLabel("bottom", self.tr("predicted"))
        self.residualPlot.setLabel("left", self.tr("residual (true − predicted)"))
        self._show_book()
        if self.result is not None:
            self._show_result_text(self.result)
            if "matrix" in self.result:
                self.perClassTable.setHorizontalHeaderLabels(self._per_class_headers())

    def set_stale(self, on: bool) -> None:
        """The results are of a network or dataset changed since: greyed and labelled (kept, in case an
        undo brings that network back)."""
        self.stale = bool(on)
        self.stack.setEnabled(not on)
        if self.result is not None:
            self._show_result_text(self.result)

    def clear_result(self) -> None:
        """Another project: no result of the previous one stays."""
        self.result = None
        self.stale = False
        self.stack.setEnabled(True)
        for table in (self.confusionMatrix, self.perClassTable):
            table.clear()
            table.setRowCount(0)
            table.setColumnCount(0)
        self.predictionPlot.clear()
        self.residualPlot.clear()
        self.samplesLabel.setText("")
        self.resultLabel.setText("")

    def _per_class_headers(self) -> list:
        return [self.tr("precision"), self.tr("recall"), self.tr("support")]

    def _show_result_text(self, r) -> None:
        text = self.tr("Test set: {logs}").format(logs=", ".join(f"{k} {v:.4g}" for k, v in r["logs"].items()))
        if "pred_ids" in r:  # counted from the predictions of the same pass as the accuracy above
            wrong = int(np.count_nonzero(r["true_ids"] != r["pred_ids"]))
            text += " " + self.tr("({wrong} of {n} misclassified)").format(wrong=f"{wrong:,}",
                                                                            n=f"{len(r['true_ids']):,}")
        rows = [row for row in book_rows(self.book, r["logs"]) if not row[0].startswith("val_")]
        if rows:
            text += "\n" + self._book_text(rows)
        if getattr(self, "stale", False):
            text = "⚠ " + self.tr("From the previous network or dataset (changed since): evaluate again after "
                                  "training.") + "\n" + text
        self.resultLabel.setText(text)
        self.resultLabel.setStyleSheet("color:#64748b" if getattr(self, "stale", False) else "")

    # ------------------------------------------------------------------ the book's numbers
    def set_book(self, training: dict | None) -> None:
        """The open project's ``training.book_numbers`` (a tutorial example's result in the book)."""
        self.book = dict((training or {}).get("book_numbers") or {})
        self.book_test = self.book_run = None
        self.book_cut = False  # the last run was stopped early (no comparison with the book)
        self._show_book()

    def _on_trained(self, result: dict) -> None:
        if result.get("error") or not self.book:
            return
        kf = result.get("kfold")
        self.book_cut = bool(result.get("stopped")) or bool(kf and kf.get("folds_done", 0) < kf.get("k", 0))
        if self.book_cut:  # the book's number is for the whole protocol: a run stopped early is not compared
            self.book_run = None
        elif kf and kf.get("summary"):
            self.book_run = {k: mean for k, (mean, _std) in kf["summary"].items()}
        else:
            self.book_run = {k: v[-1] for k, v in (result.get("history") or {}).items() if v}
        self.book_test = None  # the test-set numbers were the previous model's
        self._show_book()

    def _show_book(self) -> None:
        rows = book_rows(self.book, self.book_test, self.book_run)
        self.bookLabel.setVisible(bool(rows))
        self.bookLabel.setText(self._book_text(rows) if rows else "")

    def _book_text(self, rows) -> str:
        """One line per number: the book's, this run's and whether it reproduced."""
        lines = []
        for key, value, mine, verdict in rows:
            where = self.tr("validation") if key.startswith("val_") else self.tr("test set")
            metric = key[4:] if key.startswith("val_") else key
            line = self.tr("The book: {where} {metric} ≈ {value}").format(
                where=where, metric=metric, value=show_number(key, value))
            if mine is None and key.startswith("val_") and getattr(self, "book_cut", False):
                line += " — " + self.tr("this run was stopped before the end: train it to the end to compare")
            elif mine is None:
                line += " — " + (self.tr("train to compare") if key.startswith("val_") else
                                 self.tr("evaluate on the test set to compare"))
            else:
                line += " — " + self.tr("this run: {mine}").format(mine=show_number(key, mine)) + " " + (
                    self.tr("✔ reproduced") if verdict == "ok" else self.tr("⚠ below the book"))
            lines.append(line)
        return "\n".join(lines)

    def evaluate_in_background(self) -> bool:
        """Start the evaluation in the controller's evaluation thread; the result arrives later."""
        if not self.controller.evaluate_in_background():
            self.resultLabel.setText(self.tr("Train a model and choose a dataset with a test set first."))
            return False
        self.resultLabel.setText(self.tr("Evaluating on the test set…"))
        return True

    def _on_progress(self, done: int, total: int) -> None:
        self.resultLabel.setText(self.tr("Evaluating on the test set… batch {done}/{total}").format(
            done=done, total=total))

    def _on_evaluated(self, r: dict) -> None:
        if r.get("error"):
            self.resultLabel.setText(self.tr("✖ Evaluation failed: {0}").format(r["error"]))
        elif r.get("stopped"):
            self.resultLabel.setText(self.tr("Evaluation stopped; the previous result (if any) is not updated."))
        else:
            self.show_result(r)

    def evaluate(self) -> dict | None:
        """Evaluate here, in the calling thread (scripts and tests), and show the result."""
        try:
            r = self.controller.evaluate()
        except Exception as exc:  # noqa: BLE001 - a layer failing on the test set is reported, not raised
            self.resultLabel.setText(self.tr("✖ Evaluation failed: {0}").format(f"{type(exc).__name__}: {exc}"))
            return None
        if r is None:
            self.resultLabel.setText(self.tr("Train a model and choose a dataset with a test set first."))
            return None
        return self.show_result(r)

    def show_result(self, r: dict) -> dict:
        """Show ``r`` (``{"logs", "y_true", "y_pred", "task"}``): the text, then the matrix or the plots."""
        self.result = r
        self.book_test = dict(r["logs"])
        self._show_book()
        task = r["task"]
        if task in ("binary", "multiclass"):
            self._show_classification(r)
            self.stack.setCurrentIndex(0)
        else:
            self._show_regression(r)
            self.stack.setCurrentIndex(1)
        self._show_result_text(r)
        return r

    def _show_classification(self, r) -> None:
        t, p = class_ids(r["y_true"], r["task"]), class_ids(r["y_pred"], r["task"])
        names = list(getattr(self.controller.data, "info", {}).get("class_names") or ())
        k = max(int(t.max()), int(p.max())) + 1 if len(t) else 0
        k = max(k, len(names), 2 if r["task"] == "binary" else 0)
        names = (names + [str(i) for i in range(len(names), k)])[:k]
        m = confusion_matrix(t, p, k)
        r.update(true_ids=t, pred_ids=p, matrix=m)
        cm = self.confusionMatrix
        cm.setRowCount(k)
        cm.setColumnCount(k)
        cm.setHorizontalHeaderLabels(names)
        cm.setVerticalHeaderLabels(names)
        peak = max(1, int(m.max()))
        for i in range(k):
            for j in range(k):
                it = QTableWidgetItem(str(m[i, j]))
                it.setTextAlignment(Qt.AlignCenter)
                a = int(40 + 180 * m[i, j] / peak)
                it.setBackground(pg.mkColor((22, 163, 74, a) if i == j else (220, 38, 38, a if m[i, j] else 0)))
                it.setFlags(Qt.ItemIsEnabled | Qt.ItemIsSelectable)
                cm.setItem(i, j, it)
        pt = self.perClassTable
        rows = per_class(m)
        pt.setRowCount(k)
        pt.setColumnCount(3)
        pt.setHorizontalHeaderLabels(self._per_class_headers())
        pt.setVerticalHeaderLabels(names)
        for i, (pr, rc, s) in enumerate(rows):
            for j, v in enumerate((f"{pr:.3f}", f"{rc:.3f}", str(s))):
                pt.setItem(i, j, QTableWidgetItem(v))

    def show_cell(self, i: int, j: int) -> list[int]:
        """The test samples of true class ``i`` predicted as ``j``: their count and first indices here,
        and ``samplesChosen`` so that the Try-it panel shows them one by one."""
        r = self.result
        if not r or "true_ids" not in r:
            return []
        idx = np.flatnonzero((r["true_ids"] == i) & (r["pred_ids"] == j)).tolist()
        cm = self.confusionMatrix
        true = cm.verticalHeaderItem(i).text() if cm.verticalHeaderItem(i) else str(i)
        pred = cm.horizontalHeaderItem(j).text() if cm.horizontalHeaderItem(j) else str(j)
        title = self.tr("{n} test samples of class {i} predicted as {j}").format(n=len(idx), i=true, j=pred)
        shown = ", ".join(map(str, idx[:20])) + (" …" if len(idx) > 20 else "")
        hint = self.tr("(shown one by one under Try it › Test samples)") if idx else ""
        self.samplesLabel.setText(f"{title}: {shown} {hint}".strip())
        if idx:
            self.samplesChosen.emit(idx, title)
        return idx

    def _show_regression(self, r) -> None:
        t = np.asarray(r["y_true"], float).reshape(-1)
        p = np.asarray(r["y_pred"], float).reshape(-1)
        self.predictionPlot.clear()
        self.residualPlot.clear()
        self.predictionPlot.plot(t, p, pen=None, symbol="o", symbolSize=5, symbolBrush=(37, 99, 235, 150))
        lo, hi = float(min(t.min(), p.min())), float(max(t.max(), p.max()))
        self.predictionPlot.plot([lo, hi], [lo, hi], pen=pg.mkPen((100, 100, 100), style=Qt.DashLine))
        self.residualPlot.plot(p, t - p, pen=None, symbol="o", symbolSize=5, symbolBrush=(234, 88, 12, 150))
        self.residualPlot.addItem(pg.InfiniteLine(pos=0, angle=0, pen=pg.mkPen((100, 100, 100))))
