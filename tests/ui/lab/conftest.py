"""The Lab of the builder window (the shared ``win`` fixture installs every feature) on the spiral
example with tiny data and a few epochs."""

import pytest

from netbuilder.ui.training import data_sources as S


def prepare(win, epochs=3):
    ui = win.training_ui
    assert win.open_path(win.examples_dir() / "playground_spiral.nbproj", as_example=True)
    ui.dataset_panel.set_data(S.load("playground:spirals", {"samples": 120}))
    ui.config_panel.apply_settings({"epochs": epochs, "batch_size": 32, "validation_split": 0.3, "seed": 0})
    ui.controls.ask_continue = lambda: False
    return ui


@pytest.fixture
def lab(win):
    feature = win.feature("lab")
    prepare(win)
    feature.dock.raise_()  # the learner looks at the Lab: its overlay is drawn (unseen, it waits to be shown)
    yield feature
    feature.runner.cancel_for_close()


def train_once(qtbot, lab):
    with qtbot.waitSignal(lab.controller.finished, timeout=30000):
        assert lab.ui.controls.start()
    qtbot.waitUntil(lambda: lab.controller.state == "idle" and lab.all_shown, timeout=5000)


def run_experiment(qtbot, lab, start, timeout=60000):
    with qtbot.waitSignal(lab.runner.ended, timeout=timeout) as blocker:
        assert start()
    return blocker.args[0]
