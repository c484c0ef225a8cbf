"""At a run's start and end, Try it predicts off the GUI thread (issue 25): the test-sample browser
and the decision regions get their predictions from a background job, drop a job's result when the
network was replaced meanwhile, and show the same thing as the synchronous path once it lands."""

from __future__ import annotations

import threading

import numpy as np
from PySide6.QtCore import QCoreApplication

from netbuilder.core.datasets import playground
from netbuilder.core.layers import Dense, Input
from netbuilder.core.models import Sequential
from netbuilder.ui.tryit import TryPanel
from netbuilder.ui.tryit.decision_regions import DecisionRegions
from netbuilder.ui.tryit.sample_browser import SampleBrowser


def _net(seed, units=6, inputs=5):
    from netbuilder.core import utils

    with utils.use_rng(np.random.default_rng(seed)):
        net = Sequential([Input(shape=(inputs,)), Dense(units, activation="tanh"), Dense(3, activation="softmax")])
    net.compile(optimizer="sgd", loss="categorical_crossentropy")
    return net


def _test_set(n=40, inputs=5):
    rng = np.random.default_rng(3)
    return rng.normal(size=(n, inputs)).astype("float32"), rng.integers(0, 3, n)


def _gui_thread_predicts(monkeypatch, model) -> list:
    calls, real = [], model.predict

    def spy(*args, **kwargs):
        calls.append(threading.current_thread() is threading.main_thread())
        return real(*args, **kwargs)

    monkeypatch.setattr(model, "predict", spy)
    return calls


def test_the_browser_predicts_the_test_set_off_the_gui_thread(qtbot, monkeypatch):
    b = SampleBrowser()
    qtbot.addWidget(b)
    net, (x, y) = _net(0), _test_set()
    expected = SampleBrowser()
    qtbot.addWidget(expected)
    expected.set_data(net, x, y, "multiclass")  # the synchronous path, for comparison
    calls = _gui_thread_predicts(monkeypatch, net)
    b.set_data(net, x, y, "multiclass", background=True)
    assert b.table is None and b.model is net  # nothing of an older network is shown meanwhile
    qtbot.waitUntil(lambda: b.table is not None, timeout=30000)
    assert calls == []  # predicted by a private copy, never through the model itself
    np.testing.assert_array_equal(b.table.pred, expected.table.pred)
    np.testing.assert_allclose(b.table.confidence, expected.table.confidence, rtol=1e-6)
    assert b.summary.text() == expected.summary.text() and b.verdict.text() == expected.verdict.text()


def test_a_replaced_network_s_predictions_are_dropped(qtbot, monkeypatch):
    b = SampleBrowser()
    qtbot.addWidget(b)
    (x, y), old, new = _test_set(), _net(1), _net(2)
    shown = []
    real_show = b._show_table
    monkeypatch.setattr(b, "_show_table", lambda p: (shown.append(p.copy()), real_show(p)))
    b.set_data(old, x, y, "multiclass", background=True)
    b.set_data(new, x, y, "multiclass", background=True)  # the old job may still be running
    qtbot.waitUntil(lambda: b.table is not None, timeout=30000)
    qtbot.waitUntil(lambda: b._job is None or not b._job.is_alive(), timeout=30000)
    assert len(shown) == 1
    np.testing.assert_allclose(shown[0], new.predict(x, verbose=0), rtol=1e-6)
    b.set_data(old, x, y, "multiclass", background=True)
    b.set_data(None, None, None)  # the project was closed before the job landed
    qtbot.waitUntil(lambda: b._job is None or not b._job.is_alive(), timeout=30000)
    QCoreApplication.processEvents()  # the job posted its result before it ended: delivered (and dropped) now
    assert b.table is None and len(shown) == 1 and "No test set" in b.summary.text()


def test_the_weights_are_taken_when_the_request_is_made(qtbot):
    """The job predicts with the weights of the moment set_data was called, even when the model
    trains on (a continued run) before the job runs."""
    b = SampleBrowser()
    qtbot.addWidget(b)
    net, (x, y) = _net(4), _test_set()
    expected = net.predict(x, verbose=0)
    b.set_data(net, x, y, "multiclass", background=True)
    net.set_weights([w * 0 for w in net.get_weights()])
    qtbot.waitUntil(lambda: b.table is not None, timeout=30000)
    np.testing.assert_array_equal(b.table.pred, expected.argmax(1))


def test_a_failure_in_the_background_is_explained_on_the_panel(qtbot):
    p = TryPanel()
    qtbot.addWidget(p)
    net = _net(5, inputs=5)
    x, y = _test_set(inputs=7)  # the wrong width: the network fails on this test set

    class Data:
        name, task, info = "generic", "multiclass", {}
        x_train, y_train, x_test, y_test = x, y, x, y

    p.set_model(net, "generic", Data(), background=True)
    assert p.error is None
    qtbot.waitUntil(lambda: p.error is not None, timeout=30000)
    assert "cannot be tried here" in p.error and p.browser.table is None
    assert p.browser.summary.text() == p.error


def _regions(qtbot):
    w = DecisionRegions(resolution=30)
    qtbot.addWidget(w)
    x, y = playground.xor(samples=80, noise=0.05, seed=1)
    return w, x, y


def _xor_net(seed):
    from netbuilder.core import utils

    with utils.use_rng(np.random.default_rng(seed)):
        return Sequential([Input(shape=(2,)), Dense(8, activation="tanh"), Dense(1, activation="sigmoid")])


def test_the_regions_of_a_new_network_are_predicted_off_the_gui_thread(qtbot, monkeypatch):
    w, x, y = _regions(qtbot)
    net = _xor_net(0)
    sync, _, _ = _regions(qtbot)
    sync.set_model(net, x, y, "binary")  # the synchronous path, for comparison
    w.set_model(_xor_net(1), x, y, "binary", background=True)
    qtbot.waitUntil(lambda: w.grid is not None, timeout=30000)
    first = w.grid
    w.set_model(net, x, y, "binary", background=True)  # another network: its picture is not the old one's
    assert w.grid is None
    qtbot.waitUntil(lambda: w.grid is not None, timeout=30000)
    assert w.grid is not first
    np.testing.assert_allclose(w.grid.values, sync.grid.values, rtol=1e-6)


def test_the_same_network_keeps_its_picture_until_the_newer_one_lands(qtbot):
    w, x, y = _regions(qtbot)
    net = _xor_net(2)
    w.set_model(net, x, y, "binary", background=True)
    qtbot.waitUntil(lambda: w.grid is not None, timeout=30000)
    old, revision = w.grid, w.revision
    k1, b1, k2, b2 = net.get_weights()
    net.set_weights([k1, b1, -k2, -b2])  # "trained": the same network, its output's logit negated
    w.set_model(net, x, y, "binary", background=True)  # the run's end
    assert w.grid is old  # still the picture of this network, not a blank page
    qtbot.waitUntil(lambda: w.revision > revision, timeout=30000)
    np.testing.assert_allclose(w.grid.values, 1 - old.values, rtol=1e-5, atol=1e-6)  # sigmoid(-z) = 1 - sigmoid(z)
