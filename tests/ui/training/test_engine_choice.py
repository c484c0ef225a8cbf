"""The engine row (issue 18): Keras offered only when installed, its backend and devices shown, the
choice in the run settings, and a run through the worker on the chosen engine."""

from __future__ import annotations

import numpy as np
import pytest

from netbuilder.core import keras_engine, utils
from netbuilder.core.keras_engine import probe
from netbuilder.core.layers import Dense, Input
from netbuilder.core.models import Sequential
from netbuilder.ui.training import worker as W
from netbuilder.ui.training.engine_choice import EngineChoice

MISSING = keras_engine.EngineInfo(False, None, None, f"Keras 3 is not installed: {probe.INSTALL_HINT}",
                                  code="keras_not_installed", params={"hint": probe.INSTALL_HINT})


def test_without_keras_only_our_engine_is_offered_and_the_label_says_how(qtbot):
    w = EngineChoice(info=MISSING)
    qtbot.addWidget(w)
    assert [w.engineCombo.itemData(i) for i in range(w.engineCombo.count())] == ["netbuilder"]
    assert w.engineCombo.itemText(0) == "netbuilder (NumPy / CuPy)"
    assert "Keras 3 engine not available" in w.engineLabel.text() and 'pip install "keras>=3.5" jax' in w.engineLabel.text()
    w.apply_settings({"engine": "keras"})  # a project saved where Keras was installed
    assert w.settings() == {"engine": "netbuilder", "devices": None}


@pytest.mark.skipif(not keras_engine.engine_info().available, reason="Keras 3 and a backend are not installed")
def test_choosing_keras_shows_backend_and_devices_and_trains_through_the_worker(qtbot):
    w = EngineChoice()
    qtbot.addWidget(w)
    assert [w.engineCombo.itemData(i) for i in range(w.engineCombo.count())] == ["netbuilder", "keras"]
    assert w.settings()["engine"] == "netbuilder" and "the CPU (NumPy)" in w.engineLabel.text()
    assert w._probe is None  # nothing imported before Keras is chosen
    with qtbot.waitSignal(w.devicesFound, timeout=120000), qtbot.waitSignal(w.changed):
        w.apply_settings({"engine": "keras"})
    qtbot.waitUntil(lambda: w.devices is not None or w.probe_error is not None, timeout=60000)
    assert w.probe_error is None and w.devices == keras_engine.list_devices()
    backend = w.info.backend
    assert w.engineCombo.currentText() == f"Keras 3 ({backend}, {keras_engine.describe_devices(w.devices)})"
    assert f"Keras 3 on {backend}" in w.engineLabel.text() and w.devices[0] in w.engineLabel.text()
    settings = w.settings()
    assert settings == {"engine": "keras", "devices": None}

    utils.set_random_seed(0)
    model = Sequential([Input((2,)), Dense(1, activation="sigmoid")])
    model.compile(optimizer="sgd", loss="binary_crossentropy")
    x = np.random.default_rng(0).normal(size=(16, 2)).astype("float32")
    y = (x[:, :1] > 0).astype("float32")
    worker = W.TrainingWorker(model, x, y, {"epochs": 1, "batch_size": 16}, **settings)
    notes = []
    worker.note.connect(notes.append)
    with qtbot.waitSignal(worker.done, timeout=300000) as blocker:
        worker.start()
    worker.wait()
    assert blocker.args[0]["engine"] == "keras" and blocker.args[0]["error"] is None
    assert notes and f"on {backend}" in notes[0]
    assert model.history.epoch == [0]


def test_the_settings_form_carries_the_engine_to_the_run_settings(qtbot):
    from netbuilder.ui.training.config_panel import TrainingConfigPanel
    from netbuilder.ui.training.run_setup import default_settings

    panel = TrainingConfigPanel()
    qtbot.addWidget(panel)
    assert panel.findChild(type(panel.engineCombo), "engineCombo") is panel.engineCombo
    assert panel.settings()["engine"] == "netbuilder" == default_settings()["engine"]
    with qtbot.waitSignal(panel.changed, timeout=2000, raising=False):
        panel.apply_settings({"engine": "keras"})
    expected = "keras" if panel.engineCombo.findData("keras") >= 0 else "netbuilder"  # offered only when installed
    assert panel.settings()["engine"] == expected
    panel.apply_settings({"engine": "no such engine"})  # a hostile project value falls back to ours
    assert panel.settings()["engine"] == "netbuilder"


def test_why_keras_is_not_available_is_said_in_chinese(qtbot, monkeypatch):
    """Every reason engine_info gives is rendered from its code: the whole label is in the interface
    language (it was Chinese up to the colon, then the engine's English sentence)."""
    from netbuilder.ui import i18n

    cases = [lambda p: False, lambda p: p == "keras"]  # nothing installed; Keras without a backend
    monkeypatch.setenv("KERAS_BACKEND", "tensorflow")
    cases.append(lambda p: p in ("keras", "jax"))  # the named backend's package missing, another installed
    i18n.set_language("zh_CN")
    try:
        for installed in cases:
            monkeypatch.setattr(probe, "_installed", installed)
            if installed is cases[0] or installed is cases[1]:
                monkeypatch.delenv("KERAS_BACKEND", raising=False)
                monkeypatch.setenv("KERAS_HOME", "/nonexistent-keras-home")
            else:
                monkeypatch.setenv("KERAS_BACKEND", "tensorflow")
            info = keras_engine.engine_info()
            assert not info.available and info.code and info.params
            w = EngineChoice(info=info)
            qtbot.addWidget(w)
            label = w.engineLabel.text()
            english = info.reason.split(":")[0]
            assert english not in label, label
            assert "未安装" in label or "没有安装" in label, label
    finally:
        i18n.set_language("en")
