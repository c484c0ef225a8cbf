"""Train with no dataset loaded yet loads the chosen one itself (with progress), then trains.

Downloads come from a local HTTP server on 127.0.0.1; offline, the data dialog comes up and the run
starts once it has delivered the file. Load stays for previewing.
"""

from __future__ import annotations

import numpy as np
from PySide6.QtCore import Qt

from netbuilder.core.datasets import download
from tests.core.datasets.conftest import http_server, keras_home, shared  # noqa: F401  (fixtures)

from .conftest import dense_config


def _ready(ui, key, config, epochs=1):
    panel = ui.dataset_panel
    panel.datasetCombo.setCurrentIndex(panel.datasetCombo.findData(key))
    ui.set_graph(config, "test")
    ui.config_panel.apply_settings({"epochs": epochs, "batch_size": 64})
    ui.controls.ask_continue = lambda: False
    assert ui.controller.data is None


def _train_click(qtbot, ui, timeout=30000):
    with qtbot.waitSignal(ui.controller.finished, timeout=timeout) as blocker:
        qtbot.mouseClick(ui.controls.trainButton, Qt.LeftButton)
    return blocker.args[0]


def test_train_loads_playground_data_then_trains(qtbot, training_window):
    win, ui = training_window
    _ready(ui, "playground:spirals", dense_config(2, [8], 1, "sigmoid"), epochs=2)
    ui.config_panel.apply_settings({"loss": "binary_crossentropy", "metrics": ["accuracy"]})
    result = _train_click(qtbot, ui)
    assert result.get("error") is None
    assert ui.controller.data is ui.dataset_panel.data and ui.controller.data.name == "playground:spirals"
    assert len(ui.controller.history["loss"]) == 2


def test_playground_data_comes_in_trains_turn_and_the_run_starts_in_the_next(qtbot, training_window):
    """Train's own turn loads and describes the data; building and starting the run come in the next turn
    (together, the longest turn of a run's start), with the settings the data's task implied."""
    win, ui = training_window
    _ready(ui, "playground:spirals", dense_config(2, [8], 1, "sigmoid"), epochs=2)
    ui.config_panel.apply_settings({"loss": "mse", "metrics": ["mae"]})
    c = ui.controller
    assert ui.controls.start()
    assert c.data is not None and c.data.name == "playground:spirals"
    assert c.state == "idle" and c.worker is None  # not yet: a turn of its own
    with qtbot.waitSignal(c.finished, timeout=30000):
        qtbot.waitUntil(lambda: c.state != "idle", timeout=5000)
    assert c.last_result.settings["loss"] == "binary_crossentropy"  # the data's task set it before the start
    assert len(c.history["loss"]) == 2


def test_a_refused_setup_is_said_after_the_data_came_in(qtbot, training_window):
    """The checks still come before any run: a network whose input does not take the data is refused with
    the reason, in the turn after the data came in, and nothing trains."""
    win, ui = training_window
    _ready(ui, "playground:spirals", dense_config(3, [8], 1, "sigmoid"))
    c, failed = ui.controller, []
    c.failed.connect(failed.append)
    assert ui.controls.start()
    assert c.data is not None and not failed
    qtbot.waitUntil(lambda: bool(failed), timeout=5000)
    assert c.state == "idle" and c.worker is None and not c.history
    assert "Train is disabled" in failed[0], failed


def test_train_downloads_the_case_with_progress_then_trains(qtbot, training_window, keras_home, http_server,  # noqa: F811
                                                           shared):  # noqa: F811
    win, ui = training_window
    http_server.files["/boston_housing.npz"] = (shared / "boston_housing" / "boston_housing.npz").read_bytes()
    download.set_mirror(http_server.url)
    _ready(ui, "case:boston_housing", dense_config(13, [8], 1, "linear"))
    progress = []
    ui.dataset_panel.downloadProgress.valueChanged.connect(progress.append)
    result = _train_click(qtbot, ui)
    assert result.get("error") is None and ui.controller.data.x_train.shape == (404, 13)
    assert progress and progress[-1] == 1000  # the panel's bar showed the download
    assert [r[0] for r in http_server.requests] == ["/boston_housing.npz"]


def test_offline_train_goes_through_the_data_dialog_once_then_trains(qtbot, training_window, keras_home,  # noqa: F811
                                                                    http_server, tmp_path):  # noqa: F811
    win, ui = training_window
    download.set_mirror(http_server.url)  # serves nothing
    _ready(ui, "case:boston_housing", dense_config(13, [8], 1, "linear"))
    qtbot.mouseClick(ui.controls.trainButton, Qt.LeftButton)
    panel = ui.dataset_panel
    qtbot.waitUntil(lambda: panel.data_dialog is not None and panel.data_dialog.isVisible(), timeout=20000)
    assert ui.controller.state == "idle"
    rng = np.random.default_rng(0)
    copy = tmp_path / "boston_housing.npz"
    np.savez(copy, x=rng.normal(size=(506, 13)), y=rng.uniform(5, 50, 506))
    dialog = panel.data_dialog
    dialog.check_copy(str(copy))
    qtbot.waitUntil(dialog.acceptButton.isVisible, timeout=20000)
    with qtbot.waitSignal(ui.controller.finished, timeout=30000) as blocker:
        qtbot.mouseClick(dialog.acceptButton, Qt.LeftButton)
    assert blocker.args[0].get("error") is None and ui.controller.data.x_train.shape == (404, 13)


def test_dialog_closed_without_the_file_starts_nothing_later(qtbot, training_window, keras_home, http_server,  # noqa: F811
                                                            shared):  # noqa: F811
    win, ui = training_window
    download.set_mirror(http_server.url)  # serves nothing
    _ready(ui, "case:boston_housing", dense_config(13, [8], 1, "linear"))
    qtbot.mouseClick(ui.controls.trainButton, Qt.LeftButton)
    panel = ui.dataset_panel
    qtbot.waitUntil(lambda: panel.data_dialog is not None and panel.data_dialog.isVisible(), timeout=20000)
    panel.data_dialog.close()
    # now the file appears and the learner only previews it with Load: no run may start
    http_server.files["/boston_housing.npz"] = (shared / "boston_housing" / "boston_housing.npz").read_bytes()
    states = []
    ui.controller.stateChanged.connect(states.append)
    qtbot.mouseClick(panel.loadButton, Qt.LeftButton)
    qtbot.waitUntil(lambda: panel.data is not None, timeout=20000)
    qtbot.wait(100)
    assert states == [] and ui.controller.state == "idle"


def test_train_with_import_chosen_asks_for_a_dataset(qtbot, training_window, monkeypatch):
    from PySide6.QtWidgets import QFileDialog

    win, ui = training_window
    opened = []
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: opened.append(a) or ("", ""))
    _ready(ui, "file", dense_config(2, [8], 1, "sigmoid"))
    assert not ui.controls.start()
    assert opened == [] and "Choose a dataset first" in ui.controls.statusLabel.text()
