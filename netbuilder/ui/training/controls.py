"""Start / Pause / Stop buttons, the epoch progress bar with batch count and ETA, the status line."""

from __future__ import annotations

import time

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from .. import i18n
from .kfold import format_summary


class TrainingControls(i18n.Retranslatable, QWidget):
    """``trainButton``, ``pauseButton``, ``stopButton``, ``trainingProgress`` driving a controller.

    ``ask_continue`` (a callable returning True to continue, False for fresh weights, None to cancel)
    decides what Start does when a trained model exists; by default a message box asks.
    """

    def __init__(self, controller, before_start=None, parent=None):
        super().__init__(parent)
        self.setObjectName("trainingControls")
        self.controller = controller
        self.before_start = before_start  # called first: pushes the panel's settings into the controller
        self.ask_continue = self._ask
        self.trainButton = QPushButton(objectName="trainButton")
        self.pauseButton = QPushButton(objectName="pauseButton")
        self.stopButton = QPushButton(objectName="stopButton")
        self.allDataButton = QPushButton(objectName="trainAllDataButton")  # shown after a K-fold run
        self.allDataButton.hide()
        self.trainingProgress = QProgressBar(objectName="trainingProgress")
        self.trainingProgress.setTextVisible(True)
        self._progress = None  # the last progress/finish report, re-rendered on a language change
        self._state = "idle"
        self.statusLabel = QLabel(objectName="trainingStatus")
        self.statusLabel.setWordWrap(True)
        row = QHBoxLayout()
        for w in (self.trainButton, self.pauseButton, self.stopButton, self.allDataButton):
            row.addWidget(w)
        row.addWidget(self.trainingProgress, 1)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(2, 2, 2, 2)
        lay.addLayout(row)
        lay.addWidget(self.statusLabel)
        self.trainButton.clicked.connect(self.start)
        self.pauseButton.clicked.connect(self.toggle_pause)
        self.stopButton.clicked.connect(controller.stop)
        self.allDataButton.clicked.connect(self.train_on_all_data)
        controller.stateChanged.connect(self._on_state)
        controller.progress.connect(self._on_progress)
        controller.message.connect(self.statusLabel.setText)
        controller.failed.connect(lambda m: self.statusLabel.setText("✖ " + m))
        controller.finished.connect(self._on_finished)
        controller.evaluated.connect(self._on_evaluated)
        controller.runCleared.connect(self._on_cleared)
        self.retranslate_ui()
        self._on_state("idle")

    def retranslate_ui(self) -> None:
        self.trainButton.setText("▶ " + self.tr("Train"))
        self.stopButton.setText("■ " + self.tr("Stop"))
        self.allDataButton.setText(self.tr("Train on all data"))
        self.allDataButton.setToolTip(self.tr(
            "K-fold only measures how well this network and these settings generalize. For the final model, "
            "train one fresh model on all the training data (no validation split) for the number of epochs "
            "the mean validation curve suggests."))
        self.pauseButton.setText(self.tr("Resume") if self._state == "paused" else self.tr("Pause"))
        shown = getattr(self, "_evaluated_text", None)
        if shown is not None and self.statusLabel.text() == shown:
            self._on_evaluated(self._evaluated)
        kind, payload = self._progress or ("idle", None)
        if kind == "idle":
            self.trainingProgress.setFormat(self.tr("idle"))
        elif kind == "progress":
            self._show_progress(payload)
        else:
            self._on_finished(payload)

    def _ask(self):
        box = QMessageBox(QMessageBox.Question, self.tr("Train"), self.tr(
            "This network has been trained already. Continue training it, or start again from fresh weights?"),
            parent=self)
        cont = box.addButton(self.tr("Continue"), QMessageBox.AcceptRole)
        fresh = box.addButton(self.tr("Start fresh"), QMessageBox.DestructiveRole)
        box.addButton(QMessageBox.Cancel)
        box.exec()
        return True if box.clickedButton() is cont else False if box.clickedButton() is fresh else None

    def start(self) -> bool:
        if self.before_start is not None:
            self.before_start()
        fresh = True
        if self.controller.can_continue() and not self.controller.kfold_enabled():
            answer = self.ask_continue()
            if answer is None:
                return False
            fresh = not answer
        return self.controller.start(fresh=fresh)

    def train_on_all_data(self) -> bool:
        """After K-fold: a fresh run on all training data with the panel's other settings."""
        if self.before_start is not None:
            self.before_start()
        return self.controller.train_on_all_data()

    def toggle_pause(self) -> None:
        c = self.controller
        c.resume() if c.state == "paused" else c.pause()

    def _on_state(self, state: str) -> None:
        self._state = state
        busy = state in ("running", "paused", "stopping", "evaluating")
        self.trainButton.setEnabled(not busy)
        self.allDataButton.setEnabled(not busy)
        if state == "running":
            self.allDataButton.hide()
        self.pauseButton.setEnabled(state in ("running", "paused"))
        self.stopButton.setEnabled(state in ("running", "paused", "evaluating"))
        self.pauseButton.setText(self.tr("Resume") if state == "paused" else self.tr("Pause"))
        if state == "running":
            self.statusLabel.setText(self.tr("Training… (graph edits apply to the next run)"))
        elif state == "paused":
            self.statusLabel.setText(self.tr("Paused between two batches."))
        elif state == "stopping":
            self.statusLabel.setText(self.tr("Stopping after this batch…"))
        elif state == "evaluating":
            self.statusLabel.setText(self.tr("Evaluating on the test set… (Stop cancels it)"))

    def _on_evaluated(self, r: dict) -> None:
        self._evaluated = r  # re-rendered on a language change while the line still says it
        if r.get("error"):
            self.statusLabel.setText("✖ " + self.tr("Evaluation failed: {error}").format(error=r["error"]))
        elif r.get("stopped"):
            self.statusLabel.setText(self.tr("Evaluation stopped."))
        else:
            self.statusLabel.setText(self.tr("Test set evaluated: the results are in the Evaluation tab."))
        self._evaluated_text = self.statusLabel.text()

    #: seconds between two paints of the progress bar: the bundles come up to 20 times a second, and each
    #: new text laid out and painted the bar (44-139 ms of GUI CPU in a 2-epoch W1 run); the last report
    #: of a burst is shown when the interval ends, so the bar is never left behind
    PROGRESS_INTERVAL_S = 0.2

    def _on_progress(self, p: dict) -> None:
        self._progress = ("progress", p)
        now = time.monotonic()
        wait = getattr(self, "_progress_at", -1e9) + self.PROGRESS_INTERVAL_S - now
        # at once: the run's last batch, and the first report of a new K-fold fold
        now_too = (p.get("done") is not None and p.get("done") == p.get("total")) or \
            p.get("fold") != getattr(self, "_progress_fold", None)
        if wait > 0 and not now_too:
            if not getattr(self, "_progress_due", False):
                self._progress_due = True
                QTimer.singleShot(int(wait * 1000) + 1, self, self._show_due_progress)
            return
        self._progress_at = now
        self._show_progress(p)

    def _show_due_progress(self) -> None:
        self._progress_due = False
        if self._progress is not None and self._progress[0] == "progress":
            self._progress_at = time.monotonic()
            self._show_progress(self._progress[1])

    def _show_progress(self, p: dict) -> None:
        self._progress_fold = p.get("fold")
        bar = self.trainingProgress
        total, done = p.get("total") or p["steps"], p.get("done", p["batch"])
        # QProgressBar.setValue repaints at once when the percentage changes: every pending paint of the
        # window (both plots, Try it) ran inside this slot (14-29 ms of a run's first progress); with updates
        # off here, re-enabling them queues one ordinary repaint for the event loop
        bar.setUpdatesEnabled(False)
        try:
            bar.setMaximum(total)  # the whole run (every epoch of every fold), not the current epoch
            bar.setValue(min(done, total))
            eta = p.get("eta")
            eta_text = "" if eta is None else \
                " — " + self.tr("ETA {time}").format(time=f"{int(max(0, eta)) // 60}:{int(max(0, eta)) % 60:02d}")
            fold = self.tr("fold {fold}/{folds}").format(**p) + " — " if "fold" in p else ""
            bar.setFormat(fold + self.tr("epoch {epoch}/{epochs} — batch {batch}/{steps}").format(**p)
                          + f" — {100 * done // total} %" + eta_text)
        finally:
            bar.setUpdatesEnabled(True)

    def _on_cleared(self) -> None:
        """Another project is open: the last run's "stopped after 12 epochs", its status line and the
        K-fold button were the previous project's."""
        self._progress = None
        self.trainingProgress.setValue(0)
        self.trainingProgress.setFormat(self.tr("idle"))
        self.statusLabel.setText("")
        self.allDataButton.hide()

    def _on_finished(self, result: dict) -> None:
        self._progress = ("finished", result)
        h = result.get("history", {})
        n = len(h.get("loss", []))
        seconds = f"{result.get('seconds', 0):.1f}"
        if result.get("error"):
            text, status = self.tr("failed after {epochs} ({s} s)"), None
        elif result.get("stopped"):
            text, status = self.tr("stopped after {epochs} ({s} s)"), self.tr("Training stopped.")
        elif result.get("diverged"):
            text, status = self.tr("diverged after {epochs} ({s} s)"), self.tr("Training diverged.")
        else:
            text, status = self.tr("finished after {epochs} ({s} s)"), self.tr("Training finished.")
        epochs = self.tr("1 epoch") if n == 1 else self.tr("{n} epochs").format(n=n)
        self.trainingProgress.setFormat(text.format(epochs=epochs, s=seconds))
        if status is not None:
            last = {k: v[-1] for k, v in h.items() if v}
            self.statusLabel.setText(status + " " + ", ".join(f"{k} {v:.4g}" for k, v in last.items()))
        kf = result.get("kfold")
        self.allDataButton.setVisible(bool(kf))
        if kf and kf["summary"]:
            self.statusLabel.setText(self.kfold_text(kf) + ("" if status is None else " " + status))

    def kfold_text(self, kf: dict) -> str:
        """``"K-fold (4): val_mae 2.52 ± 0.13 …"`` plus what the kept model is."""
        head = (self.tr("K-fold ({k})").format(k=kf["k"]) if kf["folds_done"] == kf["k"] else
                self.tr("K-fold ({done} of {k} folds)").format(done=kf["folds_done"], k=kf["k"]))
        # one sentence per template: the Chinese takes its own punctuation (：（）。), not the English ": (…). "
        return (self.tr("{head}: {values} (mean ± std over folds).").format(head=head, values=format_summary(kf["summary"]))
                + " " + self.tr("The model kept is the last fold's model; for a final model, use \"Train on all data\"."))
