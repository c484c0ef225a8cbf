"""Dataset picker fixes and presets, evaluation tables, exports, remedies through the banner."""

import csv

import numpy as np

from netbuilder.ui.training import data_sources as S
from netbuilder.ui.training.evaluation import confusion_matrix, per_class

from .conftest import dense_config, set_run


def test_dataset_shapes_and_one_click_fixes(qtbot, training_window):
    win, ui = training_window
    ui.set_graph(dense_config(5, [8], 2, "softmax"), "t")
    data = S.load("playground:gaussian_clusters", {"samples": 100, "labels": "categorical"})
    ui.dataset_panel.set_data(data)
    assert ui.dataset_panel.shapesLabel.text().startswith("train: (80, 2) (80, 3)")
    fixes = ui.dataset_panel.fix_buttons
    assert set(fixes) == {"fix_input", "fix_output"}
    assert fixes["fix_input"].text() == "Set input to (2,)"
    assert fixes["fix_output"].text() == "Set the last Dense to 3 units"
    fixes["fix_input"].click()
    fixes = ui.dataset_panel.fix_buttons
    assert set(fixes) == {"fix_output"}
    fixes["fix_output"].click()
    assert ui.dataset_panel.fix_buttons == {} and ui.dataset_panel.checkLabel.text().startswith("✔")
    cfg = ui.graph.get()["config"]["layers"]
    assert cfg[0]["config"]["batch_shape"] == [None, 2] and cfg[-1]["config"]["units"] == 3


def test_preset_loads_the_tutorial_network_and_settings(qtbot, training_window):
    win, ui = training_window
    combo = ui.dataset_panel.datasetCombo
    combo.setCurrentIndex(combo.findData("case:reuters"))
    assert ui.dataset_panel.presetButton.isVisibleTo(ui.dataset_panel)
    ui.dataset_panel.presetButton.click()
    layers = ui.graph.get()["config"]["layers"]
    assert [l["config"].get("units") for l in layers[1:]] == [64, 64, 46]
    p = ui.config_panel
    assert p.optimizerCombo.currentText() == "RMSprop" and p.epochsSpin.value() == 9
    assert p.batchSizeSpin.value() == 512 and p.lossCombo.currentText() == "categorical_crossentropy"


def test_confusion_matrix_and_per_class():
    m = confusion_matrix(np.array([0, 0, 1, 1, 2]), np.array([0, 1, 1, 1, 0]), 3)
    assert m.tolist() == [[1, 1, 0], [0, 2, 0], [1, 0, 0]]
    (p0, r0, s0), (p1, r1, s1), (p2, r2, s2) = per_class(m)
    assert (p0, r0, s0) == (0.5, 0.5, 2) and p1 == 2 / 3 and r1 == 1.0 and (p2, r2) == (0.0, 0.0)


def test_evaluation_after_training_classification_and_regression(qtbot, training_window, tmp_path):
    win, ui = training_window
    data = S.load("playground:gaussian_clusters", {"samples": 200, "labels": "sparse"})
    set_run(ui, dense_config(2, [8], 3, "softmax"), data, epochs=3, batch_size=16)
    assert ui.config_panel.lossCombo.currentText() == "sparse_categorical_crossentropy"
    with qtbot.waitSignal(ui.controller.finished, timeout=30000):
        ui.controls.start()
    r = ui.evaluation.evaluate()
    direct = ui.controller.model.evaluate(data.x_test, data.y_test, return_dict=True)
    assert r["logs"]["loss"] == direct["loss"]
    cm = ui.evaluation.confusionMatrix
    assert cm.rowCount() == 3 and sum(int(cm.item(i, j).text()) for i in range(3) for j in range(3)) == 40
    pred = ui.controller.model.predict(data.x_test).argmax(-1)
    i, j = int(data.y_test[0]), int(pred[0])
    assert 0 in ui.evaluation.show_cell(i, j)
    assert ui.evaluation.perClassTable.rowCount() == 3
    # exports
    ui.plots.export_csv(tmp_path / "h.csv")
    rows = list(csv.reader(open(tmp_path / "h.csv")))
    assert rows[0][0] == "epoch" and len(rows) == 4 and "val_loss" in rows[0]
    assert ui.plots.export_png(tmp_path / "c.png") and (tmp_path / "c.png").stat().st_size > 1000
    # regression
    reg = S.load("playground:regression_1d", {"samples": 100})
    set_run(ui, dense_config(1, [8], 1, "linear"), reg, epochs=2, batch_size=16)
    with qtbot.waitSignal(ui.controller.finished, timeout=30000):
        ui.controls.start()
    r = ui.evaluation.evaluate()
    assert r["task"] == "regression" and ui.evaluation.stack.currentIndex() == 1
    assert len(ui.evaluation.predictionPlot.getPlotItem().listDataItems()) == 2
    # the previous run was a classification on other data: not drawn behind this regression (issue 20);
    # it is kept for a run on the same dataset and task
    x, _y = ui.plots.prev_loss.getData()
    assert (x is None or len(x) == 0) and ui.controller.comparable_previous() is None
    assert ui.controller.previous.data[0] != ui.controller.run_data[0]


def test_continue_training_keeps_epochs(qtbot, training_window):
    win, ui = training_window
    data = S.load("playground:moons", {"samples": 100})
    set_run(ui, dense_config(2, [8], 1, "sigmoid"), data, epochs=2, batch_size=16)
    with qtbot.waitSignal(ui.controller.finished, timeout=30000):
        ui.controls.start()
    ui.controls.ask_continue = lambda: True
    with qtbot.waitSignal(ui.controller.finished, timeout=30000):
        ui.controls.start()
    assert ui.controller.epochs_done == [1, 2, 3, 4] and len(ui.controller.history["loss"]) == 4
