"""Choosing another dataset never leaves the previous one's shapes and verdict in the Dataset panel: the
preview says the new choice is not loaded yet and what Load and Train will do, in English and Chinese."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from netbuilder.ui import i18n
from netbuilder.ui.training.dataset_panel import DatasetPanel


def _spirals_model():
    """A Sequential config that fits the spirals (2 features, one yes/no label)."""
    return {"class_name": "Sequential", "config": {"name": "m", "layers": [
        {"class_name": "InputLayer", "config": {"batch_shape": [None, 2], "name": "input"}},
        {"class_name": "Dense", "config": {"name": "out", "units": 1, "activation": "sigmoid"}}]}}


@pytest.mark.parametrize("language", ["en", "zh_CN"])
def test_another_choice_says_not_loaded_instead_of_the_old_shapes_and_verdict(qtbot, language):
    panel = DatasetPanel()
    qtbot.addWidget(panel)
    panel.config_provider = _spirals_model
    i18n.set_language(language)
    try:
        qtbot.mouseClick(panel.loadButton, Qt.LeftButton)  # the default playground data loads at once
        assert panel.data is not None
        loaded_shapes = panel.shapesLabel.text()
        assert str(tuple(panel.data.x_train.shape)) in loaded_shapes and panel.checkLabel.text().startswith("✔")
        dropped = []
        panel.dataDropped.connect(lambda: dropped.append(True))
        for key in ("case:mnist", "case:imdb"):
            panel.datasetCombo.setCurrentIndex(panel.datasetCombo.findData(key))
            assert panel.shapesLabel.text() == "" and panel.checkLabel.text() == ""
            preview = panel.previewLabel.text()
            name = panel.datasetCombo.currentText().split(" ")[0]
            assert name in preview and preview != ""
            if language == "zh_CN":
                assert "尚未加载" in preview
            else:
                assert "is not loaded yet: Load loads it now; Train loads it first" in preview
        assert panel.data is None and dropped == [True]  # Train now loads the chosen dataset, not the old one
    finally:
        i18n.set_language("en")


def test_the_same_choice_again_keeps_the_loaded_data(qtbot):
    panel = DatasetPanel()
    qtbot.addWidget(panel)
    qtbot.mouseClick(panel.loadButton, Qt.LeftButton)
    data = panel.data
    panel._on_choice()  # the combo re-announced the same source (as apply_project does)
    assert panel.data is data and panel.shapesLabel.text() != ""


def test_dropped_data_says_not_loaded_too(qtbot):
    """A project opened with the same source but another preparation drops the loaded data: the preview then
    says the dataset is not loaded (it was left empty)."""
    panel = DatasetPanel()
    qtbot.addWidget(panel)
    qtbot.mouseClick(panel.loadButton, Qt.LeftButton)
    assert panel.data is not None
    panel.drop_data()
    assert panel.data is None and "is not loaded yet" in panel.previewLabel.text()
