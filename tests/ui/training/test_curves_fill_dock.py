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


def test_a_kfold_result_with_five_remedies_fits_the_docks_width(qtbot, win):
    """After a K-fold run the row of run buttons ("Train on all data" too), the curves' switches and a
    verdict with five remedies gave the training dock a horizontal scroll bar at 1366×768 (a learner walk):
    what does not fit goes behind the bars' » buttons instead."""
    from netbuilder.core.diagnosis import Diagnosis

    win.resize(1366, 740)
    win.show()
    qtbot.waitExposed(win)
    ui = win.training_ui
    area = ui.training_widget.parentWidget().parentWidget()
    ui.controls.allDataButton.show()
    ui.controls.statusLabel.setText(LONG)
    ui.banner.show_diagnosis(Diagnosis("overfitting", "overfitting_val_loss", "Overfitting — best epoch 63",
                                       remedies=("restore_best", "add_dropout", "add_l2", "halve_units",
                                                 "more_data")))
    assert len(ui.banner.buttons) == 5
    qtbot.waitUntil(lambda: ui.training_widget.width() <= area.viewport().width(), timeout=5000)
    qtbot.wait(50)
    assert not area.horizontalScrollBar().isVisible()
    assert ui.training_widget.minimumSizeHint().width() <= area.viewport().width()
    # every remedy is still reachable: in the bar, or behind its » button
    assert {a.defaultWidget().objectName() for a in ui.banner.remedy_bar.actions() if a.isVisible()} >= \
        {f"remedy_{c}" for c in ("restore_best", "add_dropout", "add_l2", "halve_units", "more_data")}
