"""The decision grid is predicted in batches sized to the network, and a network too big to draw
live is explained instead of freezing the window (issue 25)."""

import numpy as np
from PySide6.QtCore import QCoreApplication

from netbuilder.core import memory
from netbuilder.core.datasets import playground
from netbuilder.core.layers import Dense, Input
from netbuilder.core.models import Sequential
from netbuilder.ui.tryit import decision_regions as DR
from netbuilder.ui.tryit.decision_regions import DecisionRegions


def _regions(qtbot, net):
    w = DecisionRegions(resolution=40)
    qtbot.addWidget(w)
    x, y = playground.xor(samples=100, noise=0.05, seed=1)
    w.set_model(net, x, y, "binary")
    return w


def _spy_batches(monkeypatch, w):
    sizes = []
    real = w.snapshot.copy.predict

    def predict(x, batch_size=None, verbose=0):
        sizes.append((len(x), batch_size))
        return real(x, batch_size=batch_size, verbose=verbose)

    monkeypatch.setattr(w.snapshot.copy, "predict", predict)
    return sizes


def test_a_small_network_predicts_its_grid_in_one_batch(qtbot, monkeypatch):
    w = _regions(qtbot, Sequential([Input(shape=(2,)), Dense(8, activation="tanh"), Dense(1, activation="sigmoid")]))
    sizes = _spy_batches(monkeypatch, w)
    w.refresh()
    assert sizes == [(1600, 1600)]
    assert w.grid.values.shape[:2] == (40, 40) and w.error is None


def test_a_wide_layer_gets_a_coarser_grid_predicted_in_batches_under_the_budget(qtbot, monkeypatch):
    units = 20_000  # 80,001 parameters, 20,003 values per point
    w = _regions(qtbot, Sequential([Input(shape=(2,)), Dense(units, activation="tanh"),
                                    Dense(1, activation="sigmoid")]))
    sizes = _spy_batches(monkeypatch, w)
    w.refresh()
    (n, bs), = sizes
    res = int((DR.MAX_GRID_WORK / 80_001) ** 0.5)  # 27 points a side instead of 40
    assert n == res * res < 1600 and w.grid.values.shape[:2] == (res, res)
    assert 1 <= bs < n and bs * (units + 3) * 4 * 2 <= memory.TRYIT_BATCH_BYTES
    assert w.error is None and np.isfinite(w.grid.values).all()


def test_a_network_too_big_to_draw_live_says_so(qtbot):
    w = _regions(qtbot, Sequential([Input(shape=(2,)), Dense(2_000_000, activation="tanh"),
                                    Dense(16, activation="sigmoid")]))
    assert w.snapshot is None and w.grid is None
    assert w.error and "too big to draw live" in w.error and "38,000,016" in w.error  # 2·2M + 2M + 2M·16 + 16
    assert f"{int(DR.MAX_GRID_WORK / DR.MIN_RESOLUTION ** 2):,}" in w.error


def test_the_picture_keeps_its_shape_in_a_wide_short_dock(qtbot):
    """On a 1366x768 laptop the right column leaves ~130 px of height: the regions are drawn in a
    centred square that fits (no scroll bar, no stretched spirals)."""
    from netbuilder.ui.tryit.decision_regions import DecisionRegions

    w = DecisionRegions()
    qtbot.addWidget(w)
    assert w.minimumSize().height() <= 130
    w.resize(400, 130)
    r = w._plot_rect()
    assert (r.width(), r.height()) == (130, 130) and r.x() == (400 - 130) / 2 and r.y() == 0
    w.x = None
    w.extent = (0.0, 1.0, 0.0, 1.0)
    assert w._to_screen(0.0, 1.0) == (135.0, 0.0) and w._to_screen(1.0, 0.0) == (265.0, 130.0)


def test_the_try_it_stack_asks_only_for_its_current_page(qtbot):
    """The Boston form (13 fields) must not make the playground page's regions scroll."""
    from netbuilder.ui.tryit.panel import PAGES, TryPanel

    panel = TryPanel()
    qtbot.addWidget(panel)
    panel.stack.setCurrentIndex(PAGES["boston"])
    tall = panel.stack.minimumSizeHint().height()
    panel.stack.setCurrentIndex(PAGES["playground"])
    assert panel.stack.minimumSizeHint().height() < tall
    assert panel.stack.minimumSizeHint().height() <= 140


def test_a_live_refresh_predicts_off_the_gui_thread_and_matches_a_direct_refresh(qtbot, monkeypatch):
    """Issue 25: while training, the grid is predicted on a background thread; the picture that
    arrives is the one a synchronous refresh computes from the same weights."""
    import threading

    net = Sequential([Input(shape=(2,)), Dense(8, activation="tanh"), Dense(1, activation="sigmoid")])
    w = _regions(qtbot, net)
    threads = []
    real = w.snapshot.copy.predict

    def predict(x, batch_size=None, verbose=0):
        threads.append(threading.current_thread())
        return real(x, batch_size=batch_size, verbose=verbose)

    monkeypatch.setattr(w.snapshot.copy, "predict", predict)
    kernel, bias = net.layers[-1].get_weights()
    net.layers[-1].set_weights([kernel + 1.0, bias])  # "training" moved the weights
    before = w.revision
    w.refresh_live()
    qtbot.waitUntil(lambda: w.revision == before + 1, timeout=10000)
    assert threads and all(t is not threading.main_thread() for t in threads)
    live = w.grid.values.copy()
    w.refresh()
    assert threads[-1] is threading.main_thread()
    np.testing.assert_array_equal(w.grid.values, live)


def test_live_refreshes_asked_while_one_runs_fold_into_one_more_with_the_newest_weights(qtbot, monkeypatch):
    import threading

    net = Sequential([Input(shape=(2,)), Dense(8, activation="tanh"), Dense(1, activation="sigmoid")])
    w = _regions(qtbot, net)
    gate = threading.Event()
    calls = []
    real = w.snapshot.copy.predict

    def predict(x, batch_size=None, verbose=0):
        calls.append(1)
        gate.wait(10)
        return real(x, batch_size=batch_size, verbose=verbose)

    monkeypatch.setattr(w.snapshot.copy, "predict", predict)
    before = w.revision
    w.refresh_live()
    for _ in range(5):  # asked for while the first prediction is held
        w.refresh_live()
    kernel, bias = net.layers[-1].get_weights()
    net.layers[-1].set_weights([kernel - 2.0, bias])
    gate.set()
    qtbot.waitUntil(lambda: w.revision == before + 2, timeout=10000)
    assert w._job is None  # no third job was started after the folded one drew
    QCoreApplication.sendPostedEvents(w)  # nor is a picture still queued
    assert len(calls) == 2 and w.revision == before + 2  # one held run + one folded run, not six
    latest = w.grid.values.copy()
    w.refresh()
    np.testing.assert_array_equal(w.grid.values, latest)  # the folded run used the newest weights


def test_a_picture_of_a_replaced_network_is_dropped(qtbot):
    first = Sequential([Input(shape=(2,)), Dense(4, activation="tanh"), Dense(1, activation="sigmoid")])
    w = _regions(qtbot, first)
    w.refresh_live()
    x, y = playground.xor(samples=100, noise=0.05, seed=1)
    second = Sequential([Input(shape=(2,)), Dense(6, activation="relu"), Dense(1, activation="sigmoid")])
    w.set_model(second, x, y, "binary")  # waits for the job; its picture must not replace the new one
    fresh = w.grid.values.copy()
    QCoreApplication.sendPostedEvents(w)  # the joined job's picture, queued before set_model returned
    np.testing.assert_array_equal(w.grid.values, fresh)
    from netbuilder.core import tryit

    expected = tryit.decision_grid(second.predict, w.grid.extent, w.grid.values.shape[0]).values
    np.testing.assert_allclose(w.grid.values, expected, rtol=1e-5, atol=1e-6)


def test_a_direct_refresh_wins_over_a_live_picture_still_on_its_way(qtbot):
    net = Sequential([Input(shape=(2,)), Dense(8, activation="tanh"), Dense(1, activation="sigmoid")])
    w = _regions(qtbot, net)
    before = w.revision
    w.refresh_live()  # predicts the current weights in the background ...
    kernel, bias = net.layers[-1].get_weights()
    net.layers[-1].set_weights([kernel + 3.0, bias])
    w.refresh()  # ... while a direct refresh draws newer ones: the live picture must not follow it
    direct = w.grid.values.copy()
    QCoreApplication.sendPostedEvents(w)  # refresh() joined the job: its picture is queued, delivered now
    assert w.revision == before + 1
    np.testing.assert_array_equal(w.grid.values, direct)
