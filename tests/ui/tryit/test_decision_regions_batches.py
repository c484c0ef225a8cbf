"""The decision grid is predicted in batches sized to the network, and a network too big to draw
live is explained instead of freezing the window (issue 25)."""

import numpy as np

from netbuilder.core import memory
from netbuilder.core.datasets import playground
from netbuilder.core.layers import Dense, Input
from netbuilder.core.models import Sequential
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


def test_a_wide_layer_predicts_in_batches_under_the_budget(qtbot, monkeypatch):
    units = 200_000  # 200,000 values per point: a 1,600-point batch would take 2.4 GB
    w = _regions(qtbot, Sequential([Input(shape=(2,)), Dense(units, activation="tanh"),
                                    Dense(1, activation="sigmoid")]))
    sizes = _spy_batches(monkeypatch, w)
    w.refresh()
    (n, bs), = sizes
    assert n == 1600 and 1 <= bs < 1600
    assert bs * (units + 3) * 4 * 2 <= memory.TRYIT_BATCH_BYTES
    assert w.error is None and np.isfinite(w.grid.values).all()


def test_a_network_too_big_to_draw_live_says_so(qtbot):
    w = _regions(qtbot, Sequential([Input(shape=(2,)), Dense(2_000_000, activation="tanh"),
                                    Dense(16, activation="sigmoid")]))
    assert w.snapshot is None and w.grid is None
    assert w.error and "too big to draw live" in w.error and "38,000,016" in w.error  # 2·2M + 2M + 2M·16 + 16
