"""The cost of a run before Train, in the window (issue 17): counts that follow the graph and the
settings, a time measured on a background thread, and no stale time after a change."""

from __future__ import annotations

import numpy as np
import pytest

from netbuilder.ui.cost_view import CostFeature, CostView


@pytest.fixture
def cost_window(win, qtbot):
    feature = win.feature("cost")  # installed with the window (main_window.FEATURES)
    assert isinstance(feature, CostFeature)
    win._docks["cost"].show()
    win._docks["cost"].raise_()  # its tab in front, as a learner opens it: the view counts while shown
    qtbot.waitUntil(lambda: feature._seen)
    yield win, feature
    feature.view.wait()


def _tiny_data():
    from netbuilder.ui.training.run_setup import TrainingData

    rng = np.random.default_rng(0)
    x = rng.normal(size=(400, 2)).astype("float32")
    y = (x[:, 0] > 0).astype("float32")
    return TrainingData("tiny", x, y, x[:40], y[:40], "binary")


def _dense_net(win, units):
    from netbuilder.core import layers as L
    from netbuilder.core.models import Sequential, serialize_model

    win.doc.load_config(serialize_model(Sequential([L.Input(shape=(2,)), L.Dense(units, activation="relu"),
                                                L.Dense(1, activation="sigmoid")])))


def test_the_counts_follow_the_graph_and_name_the_hotspot(cost_window, qtbot):
    win, feature = cost_window
    view = feature.view
    _dense_net(win, 8)
    qtbot.waitUntil(lambda: view.estimate is not None and view.estimate.params == 2 * 8 + 8 + 9, timeout=60000)
    assert view.table.rowCount() == 3  # two layers and the total
    assert view.table.item(2, 2).text() == "33"
    assert "holds 73% of the weights" in view.hotspot.text()  # 24 of 33 in the first Dense
    _dense_net(win, 100)
    qtbot.waitUntil(lambda: view.estimate.params == 2 * 100 + 100 + 101, timeout=60000)
    assert view.estimate.macs == 2 * 100 + 100


def test_estimate_time_measures_a_copy_off_the_gui_thread_and_a_change_clears_it(cost_window, qtbot):
    win, feature = cost_window
    view, ui = feature.view, win.training_ui
    _dense_net(win, 8)
    ui.controller.set_data(_tiny_data())
    ui.config_panel.apply_settings({"loss": "binary_crossentropy", "epochs": 4, "batch_size": 20,
                                    "validation_mode": "split", "validation_split": 0.25})
    assert ui.controller.model is None
    qtbot.waitUntil(lambda: view.estimate is not None and view.estimate.batch_size == 20)  # counted, as seen
    view.measure_button.click()
    qtbot.waitUntil(lambda: view.measured is not None, timeout=30000)
    m = view.measured
    assert not isinstance(m, Exception), m
    assert (m.train_batches, m.val_batches, m.epochs) == (15, 5, 4)  # 300 rows train, 100 validate, batch 20
    assert "per epoch" in view.time_label.text() and "4 epochs" in view.time_label.text()
    assert ui.controller.model is None  # the measurement trained a copy, not a model of the learner's
    ui.config_panel.apply_settings({"batch_size": 40})
    qtbot.waitUntil(lambda: view.measured is None, timeout=60000)
    assert view.estimate.batch_size == 40 and "per epoch" not in view.time_label.text()


def test_a_measurement_of_a_network_changed_meanwhile_is_dropped(qtbot):
    import threading

    view = CostView()
    qtbot.addWidget(view)
    from netbuilder.core import layers as L
    from netbuilder.core.models import Sequential, serialize_model

    cfg = serialize_model(Sequential([L.Input(shape=(3,)), L.Dense(4)]))
    view.set_run(cfg, 8)
    gate = threading.Event()

    def job():
        gate.wait(10)
        from netbuilder.core.cost import EpochTime

        return EpochTime(0.01, 0.0, 10, 0, 2, 3)

    view.measure(job)
    view.set_run(serialize_model(Sequential([L.Input(shape=(3,)), L.Dense(5)])), 8)  # the graph changed
    gate.set()
    view.wait()
    qtbot.wait(50)
    assert view.measured is None and view.measure_button.isEnabled()


def test_a_hidden_view_counts_once_when_shown_and_a_shown_one_once_per_turn(win, qtbot, monkeypatch):
    """A run's start changes the data and the form several times in one click: behind its tab the view
    only notes it, and counts once when the learner brings it to the front; in front, it counts once in
    the next turn for any number of changes."""
    from netbuilder.core import cost

    feature = win.feature("cost")
    win._docks["problems"].raise_()  # the cost tab behind Problems, as the window starts
    qtbot.waitUntil(lambda: not feature._seen)
    counted = []
    real = cost.layer_costs
    monkeypatch.setattr(cost, "layer_costs", lambda *a, **k: counted.append(1) or real(*a, **k))
    _dense_net(win, 8)
    win.training_ui.config_panel.apply_settings({"batch_size": 16})
    win.training_ui.controller.set_data(_tiny_data())
    qtbot.wait(50)
    assert counted == []  # hidden: nothing counted
    win._docks["cost"].raise_()
    qtbot.waitUntil(lambda: len(counted) == 1)
    assert feature.view.estimate.params == 2 * 8 + 8 + 9 and feature.view.estimate.batch_size == 16
    _dense_net(win, 4)
    win.training_ui.config_panel.apply_settings({"batch_size": 8})
    assert len(counted) == 1  # not in the same turn
    qtbot.waitUntil(lambda: len(counted) == 2)
    qtbot.wait(50)
    assert len(counted) == 2 and feature.view.estimate.params == 2 * 4 + 4 + 5
    assert feature.view.estimate.batch_size == 8
