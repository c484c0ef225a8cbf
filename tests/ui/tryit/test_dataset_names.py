"""Try it's dataset box and header name datasets as a learner reads them, in the learner's language:
a learner walk found the box listing code keys ("playground", "boston_housing", "generic") and the
header saying "Model trained on moons"."""

import pytest

from netbuilder.core import Sequential, layers
from netbuilder.ui import i18n
from netbuilder.ui.tryit.panel import DATASETS, TryPanel


@pytest.fixture
def english_after():
    yield
    i18n.set_language("en")


def _tiny_model():
    m = Sequential([layers.Input((2,)), layers.Dense(3, activation="softmax")])
    m.compile(optimizer="rmsprop", loss="categorical_crossentropy")
    return m


def test_the_box_shows_names_and_keeps_its_keys(qtbot, english_after):
    panel = TryPanel()
    qtbot.addWidget(panel)
    texts = [panel.dataset_box.itemText(i) for i in range(panel.dataset_box.count())]
    keys = [panel.dataset_box.itemData(i) for i in range(panel.dataset_box.count())]
    assert keys == list(DATASETS)
    assert not set(texts) & set(DATASETS)  # no code key shown as it is
    assert "Boston housing prices" in texts and "MNIST digits" in texts

    panel.set_model(_tiny_model(), "playground:moons")
    assert panel.dataset_box.currentData() == "playground"
    assert "Playground: moons" in panel.header.text()

    i18n.set_language("zh_CN")
    zh = [panel.dataset_box.itemText(i) for i in range(panel.dataset_box.count())]
    assert zh != texts and all(any("\u4e00" <= ch <= "\u9fff" for ch in t) for t in zh if t != "Fashion-MNIST")
    assert panel.dataset_box.currentData() == "playground"  # the choice survives the language switch
    assert "moons" not in panel.header.text() or any("\u4e00" <= ch <= "\u9fff" for ch in panel.header.text())


def test_choosing_another_dataset_in_the_box_passes_its_key(qtbot, monkeypatch):
    panel = TryPanel()
    qtbot.addWidget(panel)
    model = _tiny_model()
    panel.set_model(model, "playground:moons")
    seen = []
    monkeypatch.setattr(panel, "set_model", lambda m, d=None, data=None, *a, **k: seen.append(d))
    panel.dataset_box.setCurrentIndex(panel.dataset_box.findData("generic"))
    panel.dataset_box.activated.emit(panel.dataset_box.currentIndex())
    assert seen == ["generic"]
