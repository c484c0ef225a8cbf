"""The training docks inside the builder window: the canvas graph trains, remedies are undoable."""

from netbuilder.ui.training import data_sources as S


def test_builder_window_trains_its_graph_and_undoes_a_remedy(qtbot, win):
    ui = win.training_ui
    assert win.training is ui.controller
    assert {"datasetDock", "trainingConfigDock", "trainingDock", "evaluationDock"} <= \
        {d.objectName() for d in ui.docks.values()}
    assert win.open_path(win.examples_dir() / "playground_spiral.nbproj", as_example=True)
    ui.dataset_panel.set_data(S.load("playground:spirals", {"samples": 200}))
    if "fix_input" in ui.dataset_panel.fix_buttons:
        ui.dataset_panel.fix_buttons["fix_input"].click()
    assert ui.dataset_panel.fix_buttons == {}, ui.dataset_panel.checkLabel.text()
    ui.config_panel.apply_settings({"epochs": 2, "batch_size": 32})
    with qtbot.waitSignal(ui.controller.finished, timeout=30000) as blocker:
        assert ui.controls.start()
    assert blocker.args[0]["error"] is None and len(ui.controller.epochs_done) == 2
    n_before = len(win.doc.nodes)
    ui.apply_remedy("add_dropout")
    assert len(win.doc.nodes) > n_before
    assert any(n.class_name == "Dropout" for n in win.doc.nodes.values())
    win.undo_stack.undo()
    assert len(win.doc.nodes) == n_before
