"""A network that would not fit in the free memory is flagged on its node and refused before training."""

import copy

from netbuilder.core import memory
from netbuilder.ui import commands
from netbuilder.ui.training import data_sources as S

FREE = int(3.1 * 2**30)  # what the computer of the issue had free


def _spiral_window(win):
    assert win.open_path(win.examples_dir() / "playground_spiral.nbproj", as_example=True)
    ui = win.training_ui
    ui.dataset_panel.set_data(S.load("playground:spirals", {"samples": 200}))
    ui.config_panel.apply_settings({"epochs": 1, "batch_size": 32})
    return ui


def test_ten_million_units_are_flagged_on_the_node_and_train_says_why(qtbot, win, monkeypatch):
    monkeypatch.setattr(memory, "available_bytes", lambda: FREE)
    ui = _spiral_window(win)
    assert ui.controls.trainButton.isEnabled()
    cfg = copy.deepcopy(win.doc.nodes["hidden_1"].config)
    cfg["units"] = 10_000_000
    win.undo_stack.push(commands.set_config(win.doc, "hidden_1", cfg))
    # the node at fault is the biggest layer: hidden_1 itself, or the layer its 10 M outputs feed
    (node, err), = win.report.errors.items()
    assert node in ("hidden_1", "hidden_2") and isinstance(err, memory.MemoryTooLargeError), win.report.errors
    assert err.layer == node and err.params["batch"] == 32 and err.params["free"] == "3.1 GiB"
    rows = [(name, text) for name, text in win.problems.problems() if name == node]
    assert rows and "3.1 GiB" in rows[0][1] and "batch 32" in rows[0][1]
    assert "Graph OK" not in win.status_label.text()
    button = ui.controls.trainButton
    assert not button.isEnabled()
    assert node in button.toolTip() and "3.1 GiB" in button.toolTip() and "batch 32" in button.toolTip()
    assert "3.1 GiB" in ui.controls.statusLabel.text()
    # the controller refuses too (a start that bypasses the button), before allocating anything
    failures = []
    ui.controller.failed.connect(failures.append)
    ui.push_settings()
    assert ui.controller.start() is False
    assert ui.controller.model is None and failures and node in failures[0]
    # a smaller batch does not save it (the weights alone are too big); undoing the edit does
    win.undo_stack.undo()
    assert win.report.errors == {}
    assert button.isEnabled() and button.toolTip() == ""


def test_a_batch_size_change_alone_can_flag_and_clear_the_node(qtbot, win, monkeypatch):
    ui = _spiral_window(win)
    cfg = copy.deepcopy(win.doc.nodes["hidden_1"].config)
    cfg["units"] = 100_000
    win.undo_stack.push(commands.set_config(win.doc, "hidden_1", cfg))
    est = memory.estimate(win.doc.to_config(), 32, ui.config_panel.settings()["optimizer"])
    monkeypatch.setattr(memory, "available_bytes", lambda: int(est.total * 1.5))  # fits at 32, not at 256
    ui.config_panel.batchSizeSpin.setValue(256)
    assert win.report.errors and not ui.controls.trainButton.isEnabled()
    (err,) = win.report.errors.values()
    assert isinstance(err, memory.MemoryTooLargeError) and err.params["batch"] == 256
    ui.config_panel.batchSizeSpin.setValue(32)
    assert win.report.errors == {} and ui.controls.trainButton.isEnabled()
