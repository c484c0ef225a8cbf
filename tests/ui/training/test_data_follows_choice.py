"""Train trains what the Dataset panel shows. A learner walk found a load of the previous choice arriving
after another dataset was chosen (its shapes shown under the new name, a waiting Train starting on it),
and a change of a preparation option (samples, num_words) leaving the old data in place to be trained."""

from __future__ import annotations

import threading

import numpy as np

from netbuilder.ui.training import data_sources as S
from netbuilder.ui.training.run_setup import TrainingData


def test_changing_an_option_drops_the_data_loaded_with_the_old_one(win):
    ui = win.training_ui
    panel = ui.dataset_panel
    assert win.open_example("playground_spiral")
    panel.load_current()
    assert panel.data is not None and ui.controller.data is panel.data
    panel.noiseSpin.setValue(panel.noiseSpin.value())  # no change: kept
    assert panel.data is not None
    panel.samplesSpin.setValue(200)
    assert panel.data is None and ui.controller.data is None
    assert "not loaded yet" in panel.previewLabel.text()
    panel.load_current()
    assert len(panel.data.x_train) + len(panel.data.x_test) == 200  # the preparation shown is the one loaded


def test_a_load_for_the_previous_choice_is_abandoned_with_its_waiting_train(win, qtbot, monkeypatch):
    ui = win.training_ui
    panel = ui.dataset_panel
    release, started = threading.Event(), threading.Event()
    real_load = S.load

    def slow_load(key, options, **kw):
        if key.startswith("case:"):
            started.set()
            release.wait(60)
            x = np.zeros((10, 4), "float32")
            return TrainingData(key, x, np.zeros((10, 1), "float32"), task="binary")
        return real_load(key, options, **kw)

    monkeypatch.setattr(S, "load", slow_load)
    monkeypatch.setattr(S, "needs_download", lambda key: key.startswith("case:"))
    try:
        trained = []
        panel.datasetCombo.setCurrentIndex(panel.datasetCombo.findData("case:mnist"))
        assert panel.load_for_training(lambda: trained.append(panel.data))
        qtbot.waitUntil(started.is_set, timeout=60000)
        old = panel.loader
        panel.datasetCombo.setCurrentIndex(panel.datasetCombo.findData("playground:moons"))
        assert "stopped" in panel.checkLabel.text() and not panel.cancelButton.isVisibleTo(panel)
        release.set()
        qtbot.waitUntil(lambda: not old.isRunning(), timeout=60000)
        qtbot.wait(50)  # its queued result, if it were not ignored, would land now
        assert panel.data is None and ui.controller.data is None and trained == []
        assert panel.key() == "playground:moons" and "not loaded yet" in panel.previewLabel.text()
        assert panel.loadButton.isEnabled()
    finally:  # a failing check must not leave the load blocked in its thread
        release.set()
        for t in [panel.loader, *panel._abandoned]:
            if t is not None:
                t.wait(60000)
