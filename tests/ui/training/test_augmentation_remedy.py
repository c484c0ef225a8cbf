"""The coach offers data augmentation for an overfitting image network, with a preview grid of augmented
training images before anything changes (issue 22)."""

import json
from pathlib import Path

import numpy as np
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog

from netbuilder.core import diagnosis as D
from netbuilder.ui.training.run_setup import TrainingData

HISTORY = json.loads((Path(__file__).parents[2] / "core" / "fixtures" / "book_histories" / "imdb.json")
                     .read_text())["history"]  # a real overfitting run (the book's IMDB, 20 epochs)


def overfit_on(win, example):
    """``example`` opened, trained (as far as the coach knows) on digit-like images, and overfitting."""
    assert win.open_example(example)
    rng = np.random.default_rng(0)
    x = np.zeros((16, 28, 28, 1), "float32")
    x[:, 6:22, 12:16] = 1.0  # a bar: any rotation, zoom or shift shows
    x += rng.random(x.shape, dtype=np.float32) * 0.05
    y = np.eye(10, dtype="float32")[rng.integers(0, 10, 16)]
    inp = next(e for e in win.doc.to_config()["config"]["layers"] if e["class_name"] == "InputLayer")
    shape = tuple(inp["config"]["batch_shape"][1:])
    data = TrainingData("mnist", x.reshape((16, *shape)), y, None, None, "multiclass")
    c = win.training
    c.data = data
    c.model_config = win.doc.to_config()
    c._set_diagnosis(D.diagnose(HISTORY))
    assert c.diagnosis.kind == "overfitting"
    return win.training_ui.banner


def open_preview(win, qtbot, banner):
    qtbot.mouseClick(banner.buttons["add_augmentation"], Qt.LeftButton)
    dialog = win.findChild(QDialog, "augmentPreview")
    assert dialog is not None and dialog.isVisible()
    return dialog


def test_convnet_overfitting_offers_augmentation_with_a_preview_then_applies_it(win, qtbot):
    banner = overfit_on(win, "mnist_conv")
    assert "add_augmentation" in banner.buttons and banner.buttons["add_augmentation"].isVisible()
    assert "more_data" not in banner.buttons  # augmenting is this network's "more data": one button row
    before = win.doc.to_config()
    dialog = open_preview(win, qtbot, banner)
    assert win.doc.to_config() == before  # nothing changes while the learner looks
    cells = [dialog.findChild(type(dialog.note), f"augmentCell{i}") for i in range(12)]
    assert all(c.pixmap() is not None and not c.pixmap().isNull() for c in cells)
    samples = dialog.samples
    assert samples.shape == (12, 28, 28, 1)
    assert len({s.tobytes() for s in samples}) == 12  # twelve different variants of one image
    original = win.training.data.x_train[0]
    assert all(not np.allclose(s, original) for s in samples)
    first = samples.copy()
    qtbot.mouseClick(dialog.again, Qt.LeftButton)  # "Show others" draws again
    assert not np.allclose(dialog.samples, first)
    qtbot.mouseClick(dialog.apply_button, Qt.LeftButton)
    layers = win.doc.to_config()["config"]["layers"]
    kinds = [e["class_name"] for e in layers]
    assert {"RandomRotation", "RandomZoom", "RandomTranslation"} <= set(kinds)
    inp = next(e["name"] for e in layers if e["class_name"] == "InputLayer")
    rot = next(e for e in layers if e["class_name"] == "RandomRotation")
    assert rot["inputs"] == [inp]
    assert not win.problems.problems(), win.problems.problems()
    assert win.report.total_params == __import__("netbuilder.core.models", fromlist=["x"]).analyze_config(
        before["config"]).total_params  # augmentation has no weights
    win.undo_stack.undo()  # one undoable edit
    assert win.doc.to_config() == before


def test_cancel_changes_nothing(win, qtbot):
    banner = overfit_on(win, "mnist_conv")
    before = win.doc.to_config()
    dialog = open_preview(win, qtbot, banner)
    dialog.reject()
    assert win.doc.to_config() == before


def test_not_offered_for_a_flat_network_nor_twice(win, qtbot):
    banner = overfit_on(win, "mnist_dense")  # 784 numbers per image: nothing to rotate
    assert "add_augmentation" not in banner.buttons and "add_dropout" in banner.buttons
    banner = overfit_on(win, "mnist_conv")
    qtbot.mouseClick(open_preview(win, qtbot, banner).apply_button, Qt.LeftButton)
    c = win.training
    c.model_config = win.doc.to_config()  # the next run trained the augmented network, and still overfits
    c._set_diagnosis(D.diagnose(HISTORY))
    assert "add_augmentation" not in banner.buttons and "add_dropout" in banner.buttons


def test_without_data_the_dialog_says_so_and_still_applies(win, qtbot):
    banner = overfit_on(win, "mnist_conv")
    win.training.data = None
    win.training_ui.dataset_panel.data = None
    dialog = open_preview(win, qtbot, banner)
    assert dialog.samples is None and "Load the training data" in dialog.note.text()
    assert not dialog.again.isEnabled()
    qtbot.mouseClick(dialog.apply_button, Qt.LeftButton)
    assert any(e["class_name"] == "RandomZoom" for e in win.doc.to_config()["config"]["layers"])


def test_the_remedies_still_fit_one_row_on_a_laptop(win, qtbot):
    """Issue 20 keeps the verdict and its remedies on one row at 1366x768: the image network's row too."""
    win.resize(1366, 768)
    banner = overfit_on(win, "mnist_conv")
    qtbot.wait(20)
    assert banner.sizeHint().width() <= win.training_ui.training_widget.width()
