"""A progress report paints nothing inside its own slot: QProgressBar.setValue repaints at once when the
percentage changes, and that synchronous repaint painted every pending widget of the window (both plots,
Try it) in the logs' slot, 14-29 ms of GUI CPU in a run's first progress (issue 16's sweep stalls)."""

from PySide6.QtCore import QEvent, QObject
from PySide6.QtWidgets import QApplication


class _Paints(QObject):
    def __init__(self):
        super().__init__()
        self.count = 0

    def eventFilter(self, obj, event):  # noqa: N802 - Qt API
        if event.type() == QEvent.Paint:
            self.count += 1
        return False


def test_a_progress_report_is_painted_by_the_event_loop_not_in_its_slot(win, qtbot):
    controls = win.training_ui.controls
    bar = controls.trainingProgress
    win.show()
    qtbot.waitExposed(win)
    qtbot.wait(50)
    paints = _Paints()
    QApplication.instance().installEventFilter(paints)
    try:
        controls._show_progress({"epoch": 1, "epochs": 4, "batch": 3, "steps": 10, "total": 40, "done": 13})
        assert paints.count == 0  # nothing painted inside the slot
        assert bar.value() == 13 and "epoch 1/4" in bar.format()
        qtbot.waitUntil(lambda: paints.count > 0, timeout=60000)  # the bar's repaint comes from the event loop
    finally:
        QApplication.instance().removeEventFilter(paints)
