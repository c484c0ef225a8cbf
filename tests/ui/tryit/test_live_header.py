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
    assert "spirals" in panel.header.text() and panel.dataset_box.currentText() == "playground"
    with qtbot.waitSignal(ui.controller.finished, timeout=60000):
        release.set()
    qtbot.waitUntil(lambda: "Model trained on" in panel.header.text(), timeout=60000)
    assert panel.dataset_box.currentText() == "playground"
