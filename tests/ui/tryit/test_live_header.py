"""While a playground run trains, Try it says what its live decision regions show: "Training on
spirals" and the playground in its dataset box (it said "No model yet" beside an "mnist" box while the
regions followed the run); after the run, the trained model's line."""

import threading

from tests.ui.training.conftest import Gate, dense_config, gated, set_run


def test_the_header_follows_a_live_playground_run(win, qtbot, monkeypatch):
    from netbuilder.ui.training import data_sources as S

    ui, panel = win.training_ui, win.try_panel
    data = S.load("playground:spirals", {"samples": 200})
    set_run(ui, dense_config(2, [8], 1, "sigmoid"), data, epochs=3, batch_size=32)
    release = threading.Event()
    gate = Gate(1, 0, release.is_set)  # held in epoch 2: the run is on while we look
    gated(monkeypatch, ui.controller, gate)
    assert ui.controls.start()
    qtbot.waitUntil(gate.held.is_set, timeout=60000)
    qtbot.waitUntil(lambda: "Training on" in panel.header.text(), timeout=60000)
    assert "spirals" in panel.header.text() and panel.dataset_box.currentData() == "playground"
    with qtbot.waitSignal(ui.controller.finished, timeout=60000):
        release.set()
    qtbot.waitUntil(lambda: "Model trained on" in panel.header.text(), timeout=60000)
    assert panel.dataset_box.currentData() == "playground"


def test_the_panel_fits_a_laptops_right_column(qtbot):
    """Header, dataset box and Open model side by side made the panel about 450 px wide: in the 350-px right
    column of a 1366×768 screen, Open model sat behind a horizontal scroll bar (a learner walk)."""
    from netbuilder.ui.tryit.panel import TryPanel

    panel = TryPanel()
    qtbot.addWidget(panel)
    panel.resize(500, 400)  # wider than a laptop's column: the pages' own widths are another matter
    panel.show()
    qtbot.waitExposed(panel)
    right = panel.open_button.mapTo(panel, panel.open_button.rect().topRight()).x()
    assert right <= 340  # in view in a 350-px column, scrolled to the left as it opens
    assert panel.header.mapTo(panel, panel.header.rect().topLeft()).y() < panel.dataset_box.mapTo(
        panel, panel.dataset_box.rect().topLeft()).y()  # the header wraps on its own line above


def test_the_live_regions_follow_a_run_in_the_turn_after_its_start_before_its_first_batch(win, qtbot, monkeypatch):
    """Following the run (the page's first paint, the model's snapshot) is left out of Train's turn, the longest
    of a run's start; the run's first batch still waits until the page follows it."""
    from netbuilder.core.callbacks import Callback
    from netbuilder.ui.training import data_sources as S
    from netbuilder.ui.training import worker as W

    monkeypatch.setattr(W, "GUI_WAIT_S", 600.0)  # only the window's word lets the run go
    ui, panel = win.training_ui, win.try_panel
    set_run(ui, dense_config(2, [8], 1, "sigmoid"), S.load("playground:spirals", {"samples": 200}), epochs=1,
            batch_size=32)
    c, seen = ui.controller, []

    class FirstBatch(Callback):
        def on_train_batch_begin(self, batch, logs=None):
            if not seen:
                seen.append(panel.model is c.model and panel.regions.snapshot is not None)

    c.run_callbacks.append(FirstBatch)
    with qtbot.waitSignal(c.finished, timeout=60000):
        assert ui.controls.start()
        assert panel.model is not c.model  # not in Train's own turn
    assert seen == [True]
