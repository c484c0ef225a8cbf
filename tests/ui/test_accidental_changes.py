"""Controls that do not change by accident (issue 20): the mouse wheel over an unfocused spin or combo box
scrolls the form instead of changing the value; a plain click on a node records no "Move"."""

from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtGui import QWheelEvent
from PySide6.QtWidgets import QApplication


def wheel(widget, steps=3):
    """A real wheel event (``steps`` notches up) at the widget's centre, through the application."""
    centre = QPointF(widget.rect().center())
    ev = QWheelEvent(centre, QPointF(widget.mapToGlobal(centre.toPoint())), QPoint(0, 0),
                     QPoint(0, 120 * steps), Qt.NoButton, Qt.NoModifier, Qt.NoScrollPhase, False)
    QApplication.sendEvent(widget, ev)


def test_wheel_over_unfocused_settings_changes_nothing(win, qtbot):
    panel = win.training_ui.config_panel
    win.training_ui.docks["trainingConfig"].raise_()
    epochs, loss, lr = panel.epochsSpin, panel.lossCombo, panel.learningRateSpin
    epochs.setValue(20)
    before = (epochs.value(), loss.currentIndex(), lr.value())
    win.view.setFocus()
    for w in (epochs, loss, lr, panel.optimizerCombo):
        assert w.focusPolicy() == Qt.StrongFocus and not w.hasFocus()
        wheel(w)
    assert (epochs.value(), loss.currentIndex(), lr.value()) == before  # "20 became 33" no more
    assert panel.optimizerCombo.currentText() == "RMSprop"
    epochs.setFocus()  # clicked or tabbed into on purpose: the wheel works
    qtbot.waitUntil(epochs.hasFocus)
    wheel(epochs)
    assert epochs.value() == 23


def test_wheel_over_unfocused_inspector_field_changes_nothing(win, qtbot):
    assert win.open_example("mnist_dense")
    win.scene.select_names(["dense"])
    units = win.inspector.editors["units"]
    win.view.setFocus()
    wheel(units)
    assert units.value() == 512 and win.doc.nodes["dense"].config["units"] == 512
    assert win.undo_stack.count() == 0


def test_a_plain_click_on_a_node_records_no_move(win, qtbot):
    assert win.open_example("mnist_dense")
    win.doc.set_positions({"dense": (3.0, 7.0)})  # off the grid (an imported layout)
    item = win.scene.nodes["dense"]
    vp = win.view.viewport()
    a = win.view.mapFromScene(item.scenePos() + QPointF(60, 40))
    qtbot.mousePress(vp, Qt.LeftButton, pos=a)
    qtbot.mouseRelease(vp, Qt.LeftButton, pos=a)
    assert win.scene.selected_names() == ["dense"]
    assert win.undo_stack.count() == 0 and win.doc.nodes["dense"].pos == (3.0, 7.0)
    # a drag still moves, snaps and is undoable
    qtbot.mousePress(vp, Qt.LeftButton, pos=a)
    qtbot.mouseMove(vp, pos=a + QPoint(40, 10))
    qtbot.mouseMove(vp, pos=a + QPoint(80, 30))
    qtbot.mouseRelease(vp, Qt.LeftButton, pos=a + QPoint(80, 30))
    assert win.undo_stack.count() == 1 and win.doc.nodes["dense"].pos != (3.0, 7.0)


def test_wheel_over_the_dataset_form_changes_nothing(win):
    from PySide6.QtWidgets import QAbstractSpinBox, QComboBox

    panel = win.training_ui.dataset_panel
    win.view.setFocus()
    boxes = [w for w in panel.findChildren(QAbstractSpinBox) + panel.findChildren(QComboBox)]
    assert boxes
    for w in boxes:
        before = w.value() if isinstance(w, QAbstractSpinBox) else w.currentIndex()
        wheel(w)
        assert (w.value() if isinstance(w, QAbstractSpinBox) else w.currentIndex()) == before, w.objectName()
