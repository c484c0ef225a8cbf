"""The training curves fill the dock on a laptop screen: a wrapped status line or verdict never turns
the dock into a scrolling panel with the curves cut off (the scroll area sized a panel with a
height-for-width to its preferred height, the plots' 480 px)."""

from netbuilder.ui.dock_layout import dock_content

LONG = ("Training finished. accuracy 0.9648, loss 0.0659, val_accuracy 0.9062, val_loss 0.4088 — "
        "a status line long enough to wrap on a laptop screen " * 3)


def test_a_wrapped_status_line_leaves_the_curves_the_docks_height(qtbot, win):
    win.resize(1366, 740)
    win.show()
    qtbot.waitExposed(win)
    ui = win.training_ui
    area = ui.training_widget.parentWidget().parentWidget()
    assert dock_content(ui.docks["training"]) is ui.training_widget
    label = ui.controls.statusLabel
    assert label.wordWrap()  # the case that made the panel report a height-for-width
    label.setText(LONG)
    qtbot.waitUntil(lambda: ui.training_widget.height() == area.viewport().height(), timeout=5000)
    assert not area.verticalScrollBar().isVisible()
    assert ui.plots.height() < 400  # the plots' preferred 480 px would not fit: they take what is left
