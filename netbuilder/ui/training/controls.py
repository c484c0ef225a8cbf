"""Start / Pause / Stop buttons, the epoch progress bar with batch count and ETA, the status line."""

from __future__ import annotations

from PySide6.QtWidgets import QHBoxLayout, QLabel, QMessageBox, QProgressBar, QPushButton, QVBoxLayout, QWidget


class TrainingControls(QWidget):
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
        self.trainButton = QPushButton("▶ Train", objectName="trainButton")
        self.pauseButton = QPushButton("Pause", objectName="pauseButton")
        self.stopButton = QPushButton("■ Stop", objectName="stopButton")
        self.trainingProgress = QProgressBar(objectName="trainingProgress")
        self.trainingProgress.setTextVisible(True)
        self.trainingProgress.setFormat("idle")
        self.statusLabel = QLabel(objectName="trainingStatus")
        self.statusLabel.setWordWrap(True)
        row = QHBoxLayout()
        for w in (self.trainButton, self.pauseButton, self.stopButton):
            row.addWidget(w)
        row.addWidget(self.trainingProgress, 1)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(2, 2, 2, 2)
        lay.addLayout(row)
        lay.addWidget(self.statusLabel)
        self.trainButton.clicked.connect(self.start)
        self.pauseButton.clicked.connect(self.toggle_pause)
        self.stopButton.clicked.connect(controller.stop)
        controller.stateChanged.connect(self._on_state)
        controller.progress.connect(self._on_progress)
        controller.message.connect(self.statusLabel.setText)
        controller.failed.connect(lambda m: self.statusLabel.setText("✖ " + m))
        controller.finished.connect(self._on_finished)
        self._on_state("idle")

    def _ask(self):
        box = QMessageBox(QMessageBox.Question, "Train", "This network has been trained already. Continue "
                          "training it, or start again from fresh weights?", parent=self)
        cont = box.addButton("Continue", QMessageBox.AcceptRole)
        fresh = box.addButton("Start fresh", QMessageBox.DestructiveRole)
        box.addButton(QMessageBox.Cancel)
        box.exec()
        return True if box.clickedButton() is cont else False if box.clickedButton() is fresh else None

    def start(self) -> bool:
        if self.before_start is not None:
            self.before_start()
        fresh = True
        if self.controller.can_continue():
            answer = self.ask_continue()
            if answer is None:
                return False
            fresh = not answer
        return self.controller.start(fresh=fresh)

    def toggle_pause(self) -> None:
        c = self.controller
        c.resume() if c.state == "paused" else c.pause()

    def _on_state(self, state: str) -> None:
        running = state in ("running", "paused", "stopping")
        self.trainButton.setEnabled(not running)
        self.pauseButton.setEnabled(state in ("running", "paused"))
        self.stopButton.setEnabled(state in ("running", "paused"))
        self.pauseButton.setText("Resume" if state == "paused" else "Pause")
        if state == "running":
            self.statusLabel.setText("Training… (graph edits apply to the next run)")
        elif state == "paused":
            self.statusLabel.setText("Paused between two batches.")
        elif state == "stopping":
            self.statusLabel.setText("Stopping after this batch…")

    def _on_progress(self, p: dict) -> None:
        bar = self.trainingProgress
        bar.setMaximum(p["steps"])
        bar.setValue(p["batch"])
        eta = p.get("eta")
        eta_text = "" if eta is None else f" — ETA {int(eta) // 60}:{int(eta) % 60:02d}"
        bar.setFormat(f"epoch {p['epoch']}/{p['epochs']} — batch {p['batch']}/{p['steps']}{eta_text}")

    def _on_finished(self, result: dict) -> None:
        h = result.get("history", {})
        n = len(h.get("loss", []))
        how = "stopped" if result.get("stopped") else "diverged" if result.get("diverged") else "finished"
        if result.get("error"):
            how = "failed"
        self.trainingProgress.setFormat(f"{how} after {n} epoch{'s' if n != 1 else ''} "
                                        f"({result.get('seconds', 0):.1f} s)")
        if not result.get("error"):
            last = {k: v[-1] for k, v in h.items() if v}
            self.statusLabel.setText(f"Training {how}. " + ", ".join(f"{k} {v:.4g}" for k, v in last.items()))
