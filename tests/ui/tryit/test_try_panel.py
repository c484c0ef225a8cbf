"""The "Try it" panel: drawn digits, typed text, the Boston form, live decision regions, the browser."""

from __future__ import annotations

import itertools
import time

import numpy as np
import pytest
from PySide6.QtCore import QEvent, QPointF, Qt
from PySide6.QtGui import QImage, QMouseEvent
from PySide6.QtWidgets import QApplication, QPushButton

from netbuilder.core import tryit
from netbuilder.core.datasets import cases, imdb, playground
from netbuilder.core.datasets.text import pad_sequences, vectorize_sequences
from netbuilder.core.layers import (
    Dense,
    Embedding,
    Flatten,
    GlobalAveragePooling1D,
    Input,
)
from netbuilder.core.models import Sequential, serialize_model
from netbuilder.ui.tryit import TryPanel
from netbuilder.ui.tryit import panel as panel_module
from tests.core.test_tryit import WORDS, reference_center_digit


class Recorder:
    """A model stand-in that records every array passed to ``predict`` and forwards it."""

    def __init__(self, model):
        self.model, self.calls = model, []
        self.input_shape, self.output_shape, self.layers = model.input_shape, model.output_shape, model.layers

    def predict(self, x, verbose=0, **kw):
        self.calls.append(np.array(x, copy=True))
        return self.model.predict(x, verbose=0)


def _send(widget, kind, pos, button, buttons):
    ev = QMouseEvent(kind, QPointF(*pos), widget.mapToGlobal(QPointF(*pos)), button, buttons, Qt.NoModifier)
    QApplication.sendEvent(widget, ev)


def draw(widget, points, release=True):
    """A stroke with real mouse events: press at the first point, moves, release at the last."""
    _send(widget, QEvent.MouseButtonPress, points[0], Qt.LeftButton, Qt.LeftButton)
    for p in points[1:]:
        _send(widget, QEvent.MouseMove, p, Qt.NoButton, Qt.LeftButton)
    if release:
        _send(widget, QEvent.MouseButtonRelease, points[-1], Qt.LeftButton, Qt.NoButton)


def raster(shape, strokes, width):
    """The strokes rasterised in NumPy: pixels whose centre is within width/2 of a segment."""
    yy, xx = np.mgrid[:shape[0], :shape[1]] + 0.5
    ink = np.zeros(shape, bool)
    for pts in strokes:
        for (x0, y0), (x1, y1) in itertools.pairwise(pts):
            d = np.array([x1 - x0, y1 - y0], float)
            t = np.clip(((xx - x0) * d[0] + (yy - y0) * d[1]) / max(d @ d, 1e-9), 0, 1)
            ink |= np.hypot(xx - (x0 + t * d[0]), yy - (y0 + t * d[1])) <= width / 2
    return ink


@pytest.fixture
def panel(qtbot):
    p = TryPanel()
    qtbot.addWidget(p)
    p.resize(760, 560)
    p.show()
    return p


SEVEN = [[(70, 60), (150, 60), (210, 62)], [(210, 62), (170, 140), (140, 220)], [(120, 140), (190, 140)]]


@pytest.mark.parametrize("shape", [(784,), (28, 28, 1)])
def test_drawn_strokes_reach_the_model_as_mnist_digits(panel, qtbot, shape):
    net = Sequential([Input(shape=shape), Flatten(), Dense(10, activation="softmax")])
    model = Recorder(net)
    panel.set_model(model, "mnist")
    pad = panel.digit.pad
    assert panel.stack.currentWidget() is panel.digit
    draw(pad, SEVEN[0], release=False)
    qtbot.waitUntil(lambda: len(model.calls) > 0, timeout=60000)  # live while the button is still down
    assert sum(panel.digit.bars.values) == pytest.approx(1.0, abs=1e-5)
    _send(pad, QEvent.MouseButtonRelease, SEVEN[0][-1], Qt.LeftButton, Qt.NoButton)
    for s in SEVEN[1:]:
        draw(pad, s)
    panel.digit.predict_now()
    ink = pad.ink()
    mask = raster(ink.shape, SEVEN, pad.stroke)
    assert (ink[mask] > 0.5).mean() > 0.97 and (ink[~raster(ink.shape, SEVEN, pad.stroke + 4)] == 0).all()
    expected = reference_center_digit(ink)
    sent = model.calls[-1]
    assert sent.shape == (1,) + shape and sent.dtype == np.float32
    np.testing.assert_array_equal(sent.reshape(28, 28), expected.astype(np.float32) / np.float32(255))
    # and close to the same preprocessing of the NumPy rasterisation of the strokes
    assert np.abs(reference_center_digit(mask.astype(float)) / 255.0 - sent.reshape(28, 28)).mean() < 0.03
    probs = net.predict(sent, verbose=0)[0]
    np.testing.assert_allclose(panel.digit.bars.values, probs, rtol=1e-6)
    panel.digit.stroke.setValue(8)
    assert pad.stroke == 8
    qtbot.mouseClick(panel.digit.findChild(QPushButton, "clearPad"), Qt.LeftButton)
    assert pad.ink().sum() == 0


def test_an_opened_image_is_inverted_and_centred(panel, tmp_path):
    model = Recorder(Sequential([Input(shape=(784,)), Dense(10, activation="softmax")]))
    panel.set_model(model, "mnist")
    img = QImage(200, 100, QImage.Format_RGB32)
    img.fill(Qt.white)
    for y in range(20, 80):  # a dark vertical bar on paper, off-centre
        for x in range(150, 160):
            img.setPixel(x, y, 0xFF101010)
    path = tmp_path / "digit.png"
    assert img.save(str(path))
    assert panel.digit.pad.load_image(str(path))
    panel.digit.predict_now()
    digit = model.calls[-1].reshape(28, 28)
    ys, xs = np.nonzero(digit > 0.5)
    assert ys.max() - ys.min() + 1 == 20 and abs(xs.mean() - 14) <= 1 and abs(ys.mean() - 14) <= 1


def _tiny_imdb(tmp_path, review):
    seqs = np.empty(1, dtype=object)
    seqs[0] = [WORDS[w] for w in tryit.text_to_word_sequence(review)]
    path = tmp_path / "imdb.npz"
    np.savez(path, x_train=seqs, y_train=np.array([1]), x_test=seqs, y_test=np.array([1]))
    return imdb.load_data(path=str(path), num_words=9)[0][0]


def test_typed_review_is_encoded_like_the_dataset(panel, qtbot, tmp_path):
    review = "The movie was GREAT, the plot... boring!"
    x_train = _tiny_imdb(tmp_path, review)
    model = Recorder(Sequential([Input(shape=(9,)), Dense(1, activation="sigmoid")]))
    panel.set_model(model, "imdb", word_index=WORDS)
    assert panel.stack.currentWidget() is panel.text
    qtbot.keyClicks(panel.text.editor, review)
    qtbot.waitUntil(lambda: len(model.calls) > 0, timeout=60000)
    np.testing.assert_array_equal(model.calls[-1], vectorize_sequences(x_train, 9))
    html = panel.text.tokens.toHtml()
    assert "line-through" in html and html.count("line-through") == 2  # plot, boring
    assert "2 outside the vocabulary" in panel.text.encoding.text()
    p = float(model.model.predict(model.calls[-1], verbose=0)[0, 0])
    assert panel.text.bars.values == pytest.approx([1 - p, p])
    # an Embedding model gets the padded index sequence instead
    seq_model = Recorder(Sequential([Input(shape=(12,)), Embedding(9, 4), GlobalAveragePooling1D(),
                                     Dense(1, activation="sigmoid")]))
    panel.set_model(seq_model, "imdb", word_index=WORDS)
    np.testing.assert_array_equal(seq_model.calls[-1], pad_sequences(x_train, maxlen=12))


def test_reuters_shows_top5_topics(panel, qtbot):
    words = {"oil": 1, "crude": 2, "prices": 3, "rose": 4}
    model = Recorder(Sequential([Input(shape=(8,)), Dense(46, activation="softmax")]))
    panel.set_model(model, "reuters", word_index=words)
    panel.text.editor.setPlainText("Crude oil prices rose sharply")
    probs = panel.text.analyze()
    best = tryit.top_k(probs, cases.REUTERS.class_names(), 5)
    assert panel.text.bars.names == [n for _, n, _ in best] and len(panel.text.bars.names) == 5
    assert best[0][1] in panel.text.answer.text()
    assert panel.text.last_encoding.oov == [False, False, False, False, True]


def _boston_raw(seed=0):
    rng = np.random.default_rng(seed)
    x = np.round(rng.uniform(0, 400, (60, 13)), 3)
    return (x[:48], np.round(rng.uniform(5, 50, 48), 1)), (x[48:], np.round(rng.uniform(5, 50, 12), 1))


def test_boston_form_round_trips_a_test_sample(panel):
    raw = _boston_raw()
    data = cases.BOSTON_HOUSING.prepare(raw=raw)
    net = Sequential([Input(shape=(13,)), Dense(8, activation="relu"), Dense(1)])
    panel.set_model(net, "boston_housing", data)
    form = panel.boston
    assert panel.stack.currentWidget() is form
    assert "RM" in form.fields[5].toolTip() and "rooms" in form.fields[5].toolTip()
    for i in (0, 7):
        form.sample.setValue(i)
        np.testing.assert_allclose(form.values(), raw[1][0][i], rtol=0, atol=1e-4)
        expected = float(net.predict(data.x_test[i:i + 1], verbose=0)[0, 0])
        assert form.last_price == expected and f"test sample {i}" in form.answer.text()
        form.set_values(raw[1][0][i])  # the raw test row typed in goes through the training standardizer
        np.testing.assert_array_equal(form.last_input, data.x_test[i:i + 1])
        assert form.last_price == expected
    form.fields[5].setValue(form.fields[5].value() + 3)  # more rooms: a different house, no truth shown
    assert "True value" not in form.answer.text()


def test_decision_regions_update_live_during_a_playground_run(panel, qtbot, monkeypatch):
    from netbuilder.ui.training.controller import TrainingController, TrainingData

    # redraws and log bundles are rate-limited in time; lift both limits so that every epoch's end
    # reaches the GUI thread, which then starts a live redraw
    monkeypatch.setattr(panel_module, "LIVE_REFRESH_S", 0.0)
    from netbuilder.ui.training import controller as controller_module
    from netbuilder.ui.training import worker as worker_module

    monkeypatch.setattr(worker_module, "BATCH_EMIT_INTERVAL", 0.0)

    class HeldEpochs(controller_module.BestWeights):
        """A tiny net trains an epoch in milliseconds: each epoch's end holds the training thread until
        the regions have drawn a new picture (predicted on their background thread), as a user's
        slower run would let them, however fast or loaded the machine is."""

        def on_train_begin(self, logs=None):
            super().on_train_begin(logs)
            # the run's first picture comes a settle time after its start (or with its first live refresh):
            # wait for it, so every epoch's end is seen with a picture of this network
            deadline = time.monotonic() + 60
            while panel.regions.grid is None and time.monotonic() < deadline:
                time.sleep(0.002)
            self.drawn = panel.regions.revision

        def on_epoch_end(self, epoch, logs=None):
            super().on_epoch_end(epoch, logs)
            deadline = time.monotonic() + 60  # a safety net against a hung test, not a pass/fail limit
            while panel.regions.revision <= self.drawn and time.monotonic() < deadline:
                time.sleep(0.002)
            self.drawn = panel.regions.revision

    monkeypatch.setattr(controller_module, "BestWeights", HeldEpochs)
    x, y = playground.xor(samples=400, noise=0.05, seed=1)
    net = Sequential([Input(shape=(2,)), Dense(8, activation="tanh"), Dense(1, activation="sigmoid")])
    ctrl = TrainingController(config_provider=lambda: serialize_model(net))
    ctrl.set_settings({"loss": "binary_crossentropy", "epochs": 8, "batch_size": 50, "validation_split": 0.0,
                       "optimizer": {"class_name": "Adam", "config": {"learning_rate": 0.05}}})
    ctrl.set_data(TrainingData("playground:xor", x, y[:, None].astype("float32"), x[:40], y[:40], task="binary"))
    panel.connect_controller(ctrl)
    seen = []
    ctrl.epochEnded.connect(lambda e, logs: seen.append((ctrl.state, panel.regions.revision,
                                                          panel.regions.grid.values.copy())))
    with qtbot.waitSignal(ctrl.finished, timeout=60000):
        assert ctrl.start()
    running = [s for s in seen if s[0] == "running"]
    assert len(running) == 8 and panel.regions.revision > 8
    assert running[-1][1] > running[0][1]
    assert np.abs(running[-1][2] - running[0][2]).max() > 1e-3  # the regions moved while it trained
    final = ctrl.model.predict(np.array([[0.5, 0.5], [-0.5, 0.5]], "float32"), verbose=0)
    panel.regions.refresh()
    grid = panel.regions.grid
    got = tryit.decision_grid(ctrl.model.predict, grid.extent, panel.regions.resolution).values
    np.testing.assert_allclose(grid.values, got, rtol=1e-5, atol=1e-6)
    assert final.shape == (2, 1) and panel.stack.currentWidget() is panel.regions
    qtbot.waitUntil(lambda: panel.browser.table is not None, timeout=30000)  # predicted off the GUI thread
    assert panel.dataset == "xor" and len(panel.browser.table.pred) == 40


def test_sample_browser_steps_through_mistakes(panel):
    rng = np.random.default_rng(0)
    x_test = rng.uniform(0, 1, (30, 784)).astype("float32")
    y_test = rng.integers(0, 10, 30)
    net = Sequential([Input(shape=(784,)), Dense(10, activation="softmax")])
    data = cases.PreparedData("mnist", x_test, y_test, x_test, y_test, info={})
    panel.set_model(net, "mnist", data)
    b = panel.browser
    table = tryit.prediction_table(net.predict(x_test, verbose=0), y_test)
    assert len(table.wrong) > 2
    b.only_wrong.setChecked(True)
    visited = []
    for _ in range(3):
        b.next_btn.click()
        visited.append(b.index.value())
    assert visited == list(table.wrong[:3])
    i = visited[-1]
    assert f"true <b>{y_test[i]}</b>" in b.verdict.text() and "wrong" in b.verdict.text()
    assert not b.picture.isHidden()


def test_a_saved_model_opens_with_its_dataset_guessed(panel, tmp_path):
    net = Sequential([Input(shape=(13,)), Dense(1)])
    net.save(str(tmp_path / "house.nbm"))
    panel.boston.set_model = lambda *a, **k: None  # no download here: only the page choice is tested
    panel._set_boston = lambda *a: None
    assert panel.open_model_file(str(tmp_path / "house.nbm"))
    assert panel.dataset == "boston_housing" and panel.stack.currentWidget() is panel.boston
    assert panel.dataset_box.currentData() == "boston_housing"


def test_main_window_docks_the_try_panel_with_the_training_controller(win):
    panel = win.try_panel
    assert win.findChildren(TryPanel, "tryPanel") == [panel]
    assert win.try_dock.objectName() == "tryDock" and win.try_dock.widget().widget() is panel  # in its scroll area
    assert panel.controller is win.training_ui.controller


def _trained_on_digits(panel, qtbot, epochs, units):
    """A controller trained on random 784-pixel "digits" (named case:mnist, so Try it shows the pad),
    followed by ``panel``; returns it after its first run, with a digit drawn and predicted."""
    from netbuilder.ui.training.controller import TrainingController, TrainingData

    rng = np.random.default_rng(0)
    x = rng.uniform(0, 1, (256, 784)).astype("float32")
    y = np.eye(10, dtype="float32")[rng.integers(0, 10, 256)]
    net = Sequential([Input(shape=(784,)), Dense(units, activation="relu"), Dense(10, activation="softmax")])
    ctrl = TrainingController(config_provider=lambda: serialize_model(net))
    ctrl.set_settings({"loss": "categorical_crossentropy", "epochs": epochs, "batch_size": 32,
                       "validation_split": 0.0})
    ctrl.set_data(TrainingData("case:mnist", x, y, x[:64], y[:64], task="multiclass"))
    panel.connect_controller(ctrl)
    with qtbot.waitSignal(ctrl.finished, timeout=60000):
        assert ctrl.start()
    assert panel.digit.model is ctrl.model and panel.kind == "image"
    draw(panel.digit.pad, SEVEN[0])
    return ctrl


def _gui_thread_calls(monkeypatch, model, ctrl) -> list:
    """Spy on ``model.predict``: the controller's state at each call made from the GUI thread."""
    import threading

    calls, real = [], model.predict

    def spy(*args, **kwargs):
        if threading.current_thread() is threading.main_thread():
            calls.append(ctrl.state)
        return real(*args, **kwargs)

    monkeypatch.setattr(model, "predict", spy)
    return calls


def test_continued_training_never_shares_its_model_with_the_pages(panel, qtbot, monkeypatch):
    """Train, then Train again on the same model (continue): while it runs, the digit pad predicts with
    a frozen copy (the weights from before the run), never through the layers the training thread uses;
    when it finishes the pages get the trained model back."""
    from netbuilder.ui.training import controller as controller_module

    class SlowEpochs(controller_module.BestWeights):
        def on_epoch_end(self, epoch, logs=None):
            super().on_epoch_end(epoch, logs)
            time.sleep(0.05)

    monkeypatch.setattr(controller_module, "BestWeights", SlowEpochs)
    ctrl = _trained_on_digits(panel, qtbot, epochs=2, units=16)
    model = ctrl.model
    before = panel.digit.predict_now()
    gui_calls = _gui_thread_calls(monkeypatch, model, ctrl)
    during = []
    ctrl.epochEnded.connect(lambda *_: during.append(panel.digit.predict_now()))
    with qtbot.waitSignal(ctrl.finished, timeout=60000) as blocker:
        assert ctrl.start(fresh=False)  # continues: the same model object, two more epochs
    assert ctrl.model is model and blocker.args[0]["error"] is None
    assert ctrl.epochs_done == [1, 2, 3, 4] and len(during) == 2
    # no GUI-thread forward pass through the training model while it ran (nor after it: the test set
    # is predicted by a copy on a background thread)
    assert "running" not in gui_calls
    for probs in during:
        np.testing.assert_allclose(probs, before, rtol=1e-6)  # the frozen weights from before the run
    assert panel.digit.model is model  # the trained model is back
    after = panel.digit.predict_now()
    assert gui_calls[-1:] == ["idle"]  # the spy sees the GUI thread's calls
    assert np.abs(after - before).max() > 1e-4


def test_a_confusion_matrix_cell_is_visited_in_the_sample_browser(win, qtbot):
    """Click a cell of the evaluation's confusion matrix: Try it › Test samples steps through exactly the
    test samples of that cell (true i, predicted j); “All samples” ends the visit."""
    from netbuilder.ui.training import data_sources as S
    from tests.ui.training.conftest import dense_config, set_run

    ui, panel = win.training_ui, win.try_panel
    data = S.load("playground:gaussian_clusters", {"samples": 300, "labels": "sparse"})
    set_run(ui, dense_config(2, [8], 3, "softmax"), data, epochs=2, batch_size=16)
    with qtbot.waitSignal(ui.controller.finished, timeout=30000):
        assert ui.controls.start()
    qtbot.waitUntil(lambda: panel.browser.table is not None, timeout=30000)  # predicted off the GUI thread
    r = ui.evaluation.evaluate()
    t, p = r["true_ids"], r["pred_ids"]
    i, j = max(((a, b) for a in range(3) for b in range(3)),
               key=lambda ab: int(((t == ab[0]) & (p == ab[1])).sum()))
    expected = np.flatnonzero((t == i) & (p == j)).tolist()
    assert len(expected) >= 2
    cm = ui.evaluation.confusionMatrix
    cm.cellClicked.emit(i, j)  # what a click on the cell emits
    browser = panel.browser
    assert panel.tabs.currentWidget() is browser and browser.index.value() == expected[0]
    assert browser.visit_label.isVisibleTo(browser) and f"of {len(expected)}" in browser.visit_label.text()
    seen = [browser.index.value()]
    for _ in range(len(expected)):
        browser.next_btn.click()
        seen.append(browser.index.value())
    assert seen == expected + expected[:1]  # Next stays inside the cell and wraps around
    names = data.info.get("class_names")
    if names:
        assert str(names[i]) in browser.verdict.text()
    browser.end_visit.click()
    assert not browser.visit_label.isVisibleTo(browser)
    start = browser.index.value()
    browser.next_btn.click()
    assert browser.index.value() == min(start + 1, browser.index.maximum())  # all samples again


def test_pages_predict_with_a_copy_while_the_test_set_is_evaluated(panel, qtbot, monkeypatch):
    ctrl = _trained_on_digits(panel, qtbot, epochs=1, units=8)
    model = ctrl.model
    before = panel.digit.predict_now()
    gui_states = _gui_thread_calls(monkeypatch, model, ctrl)
    with qtbot.waitSignal(ctrl.evaluated, timeout=20000):
        assert ctrl.evaluate_in_background() and ctrl.state == "evaluating"
        during = panel.digit.predict_now()  # the evaluation thread may be inside the model right now
        assert panel.digit.model is not model
    assert gui_states == [] and ctrl.state == "idle"
    np.testing.assert_allclose(during, before, rtol=1e-6)
    assert panel.digit.model is model and panel.model is model  # handed back
