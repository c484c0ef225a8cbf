"""Switching the language re-words the sample browser without predicting the test set again: it used to
run the whole test set through the model on the GUI thread (a stall the size of a test-set prediction)."""

import numpy as np
import pytest

from netbuilder.core import Sequential, layers
from netbuilder.ui import i18n
from netbuilder.ui.tryit.sample_browser import SampleBrowser


@pytest.fixture
def english_after():
    yield
    i18n.set_language("en")


def test_a_language_switch_rewords_the_summary_from_the_predictions_it_has(qtbot, english_after):
    model = Sequential([layers.Input((4,)), layers.Dense(3, activation="softmax")])
    model.compile(optimizer="rmsprop", loss="categorical_crossentropy")
    x = np.random.default_rng(0).normal(size=(30, 4)).astype("float32")
    y = np.eye(3, dtype="float32")[np.arange(30) % 3]
    browser = SampleBrowser()
    qtbot.addWidget(browser)
    calls = []
    real = model.predict
    model.predict = lambda *a, **k: calls.append(1) or real(*a, **k)
    browser.set_data(model, x, y, "multiclass", ["a", "b", "c"])
    assert calls == [1] and browser.table is not None
    wrong = len(browser.table.wrong)
    english = browser.summary.text()
    assert f"{wrong} misclassified" in english
    browser.index.setValue(7)

    i18n.set_language("zh_CN")
    chinese = browser.summary.text()
    assert calls == [1]  # nothing predicted again
    assert chinese != english and str(wrong) in chinese and any("\u4e00" <= c <= "\u9fff" for c in chinese)
    assert browser.index.value() == 7  # the learner's place is kept
