"""The Lab dock: runs kept in a sortable table, overlaid, renamed, deleted, restored, exported;
sweeps (with Stop and a close mid-sweep), a remedy check end to end, save and reopen with the runs."""

import json

import numpy as np

import pyqtgraph as pg
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QTableView

from netbuilder.core.models.saving import load_model
from netbuilder.core.runs import RunStore, effect_text, measure, runs_folder
from netbuilder.core.runs.sweep import SweepTarget
from netbuilder.ui.lab.runs_table import COLUMNS

from .conftest import prepare, run_experiment, train_once


def _legend_names(lab):
    return [label.text for _, label in lab.widget.plot.legend.items]


def test_every_run_is_kept_with_its_diff_and_shown(qtbot, win, lab):
    train_once(qtbot, lab)
    lab.ui.config_panel.apply_settings({"epochs": 4})
    train_once(qtbot, lab)
    table = win.findChild(QTableView, "runsTable")
    assert table.model().rowCount() == 2
    first, second = lab.store.records
    assert first.changes == [] and second.changes == ["epochs 3 → 4"]
    assert second.history == {k: list(v) for k, v in lab.controller.history.items()} and second.epochs == 4
    assert second.seed == 0 and second.weights and lab.store.weights_path(second.id).is_file()
    col = COLUMNS.index("changes")
    assert table.model().index(1, col).data() == "epochs 3 → 4"
    assert table.model().index(0, col).data() == "first run"
    # the two newest runs are selected and overlaid: train dashed, validation solid, one colour per run
    assert lab.widget.selected_ids() == [first.id, second.id]
    plot = win.findChild(pg.PlotWidget, "comparePlot")
    assert plot is lab.widget.plot.widget
    assert _legend_names(lab) == [first.name, second.name]
    train_curve, val_curve = lab.widget.plot.curves[second.id]
    assert train_curve.opts["pen"].style() == Qt.DashLine and val_curve.opts["pen"].style() == Qt.SolidLine
    assert list(val_curve.yData) == second.history["val_loss"]
    assert train_curve.opts["pen"].color() != lab.widget.plot.curves[first.id][0].opts["pen"].color()
    # sortable by the numbers, both ways
    for order in (Qt.AscendingOrder, Qt.DescendingOrder):
        table.sortByColumn(COLUMNS.index("val_loss"), order)
        losses = [lab.store.get(table.model().index(r, 0).data(Qt.UserRole + 2)).best["val_loss"] for r in range(2)]
        assert losses == sorted(losses, reverse=order == Qt.DescendingOrder)


def test_rename_delete_restore_export(qtbot, win, lab, tmp_path):
    train_once(qtbot, lab)
    trained = lab.controller.model  # the first run's trained model
    lab.ui.config_panel.apply_settings({"epochs": 2})
    lab.ui.set_graph(__import__("netbuilder.core.remedies", fromlist=["x"]).halve_units(win.doc.to_config()), "t")
    train_once(qtbot, lab)
    model = lab.widget.model
    assert model.setData(model.index(0, 0), "baseline")
    assert lab.store.records[0].name == "baseline"
    assert not model.setData(model.index(0, 0), "  ")
    assert "empty" in lab.widget.message.text()
    lab.widget.select_ids([lab.store.records[0].id])
    assert lab.export_selected(tmp_path / "baseline.nbm")
    exported = load_model(tmp_path / "baseline.nbm")
    x = np.linspace(-1, 1, 8, dtype="float32").reshape(4, 2)
    assert exported.count_params() == trained.count_params() == 64 * 2 + 64 + 2 * (64 * 64 + 64) + 65
    assert np.array_equal(exported.predict(x, verbose=0), trained.predict(x, verbose=0))
    assert lab.restore_selected()
    assert win.doc.to_config()["config"]["layers"][1]["config"]["units"] == 64
    assert lab.ui.config_panel.settings()["epochs"] == 3
    win.undo_stack.undo()
    assert win.doc.to_config()["config"]["layers"][1]["config"]["units"] == 32
    gone = lab.store.records[1].id
    lab.widget.select_ids([gone])
    assert lab.delete_selected() == 1
    assert [r.name for r in lab.store.records] == ["baseline"]
    lab.store.flush()  # the store's writer thread deletes the file
    assert not (lab.store.folder / f"{gone}.npz").exists()


def test_sweep_runs_one_after_another_and_fills_the_table(qtbot, lab):
    seen = []
    lab.widget.model.rowsInserted.connect(lambda *_: seen.append(lab.widget.model.rowCount()))
    i = next(k for k in range(lab.widget.sweepTarget.count())
             if lab.widget.sweepTarget.itemData(k) == SweepTarget("units", "hidden_1"))
    lab.widget.sweepTarget.setCurrentIndex(i)
    lab.widget.sweepValues.setText("4, 16")
    summary = run_experiment(qtbot, lab, lambda: lab.run_sweep())
    assert not summary["stopped"] and seen == [1, 2]  # the table filled in run by run
    assert [r.name for r in lab.store.records] == ["hidden_1.units=4", "hidden_1.units=16"]
    assert lab.store.records[1].changes == ["hidden_1: units 4 → 16"]
    assert lab.widget.selected_ids() == [r.id for r in lab.store.records]
    assert _legend_names(lab) == ["hidden_1.units=4", "hidden_1.units=16"]
    assert "Sweep finished" in lab.widget.message.text()
    # the canvas and the form are untouched; the controller reads the canvas again
    assert lab.ui.graph.get()["config"]["layers"][1]["config"]["units"] == 64
    assert lab.controller.current_config() == lab.ui.graph.get()


def test_bad_sweep_values_are_refused_by_name(lab):
    assert not lab.run_sweep(SweepTarget("units", "hidden_1"), "4, x")
    assert "'x'" in lab.widget.message.text() and lab.store.records == []


def test_stop_ends_the_sweep_cleanly(qtbot, lab):
    lab.controller.epochEnded.connect(lambda *_: lab.widget.stopButton.click())  # Stop in the first epochs
    summary = run_experiment(qtbot, lab, lambda: lab.run_sweep(SweepTarget("epochs"), "300, 301, 302"))
    assert summary["stopped"]
    assert len(lab.store.records) == 1 and lab.store.records[0].stopped
    assert summary["records"][1:] == [None, None]
    assert not lab.runner.active and lab.controller.state == "idle"
    assert lab.controller.current_config() == lab.ui.graph.get()
    assert "stopped" in lab.widget.message.text()
    # in the table too, not only in the tooltip: a run stopped at 21 of 1000 epochs read "21/21" like a whole run
    from netbuilder.ui.lab.runs_table import COLUMNS

    model = lab.widget.table.model()
    assert model.data(model.index(0, COLUMNS.index("epoch"))).endswith("■")


def test_remedy_check_reuses_the_matching_run_and_reports_the_effect(qtbot, lab):
    train_once(qtbot, lab)
    baseline = lab.store.latest()
    trained = []
    lab.controller.finished.connect(lambda *_: trained.append(1))
    summary = run_experiment(qtbot, lab, lambda: lab.check_remedy("add_dropout"))
    assert len(trained) == 1  # the run without the remedy was already there
    before, after = summary["records"]
    assert before is baseline and after is lab.store.latest()
    assert sum(e["class_name"] == "Dropout" for e in after.model["config"]["layers"]) == 3
    expected = effect_text(measure(summary["info"]["label"], before.history, after.history))
    assert lab.widget.message.text() == expected
    assert "best val_loss" in expected
    assert "Dropout" not in str(lab.ui.graph.get())  # the canvas keeps its network


def test_save_and_reopen_with_runs(qtbot, win, lab, tmp_path):
    train_once(qtbot, lab)
    unsaved = lab.store.folder
    lab.store.flush()  # written by the store's writer thread
    assert unsaved == lab.unsaved_folder() and (unsaved / "runs.json").is_file()
    path = tmp_path / "spiral.nbproj"
    assert win.save_to(path)
    assert lab.store.folder == runs_folder(path) and not unsaved.exists()
    train_once(qtbot, lab)
    lab.store.flush()
    assert len(RunStore(runs_folder(path)).records) == 2
    assert win.open_path(win.examples_dir() / "playground_spiral.nbproj", as_example=True)
    qtbot.waitUntil(lambda: lab.widget.model.rowCount() == 0, timeout=3000)
    assert win.open_path(path)
    qtbot.waitUntil(lambda: lab.widget.model.rowCount() == 2, timeout=3000)
    assert [r.id for r in lab.store.records] == ["r0001", "r0002"]
    assert json.loads((runs_folder(path) / "runs.json").read_text())["format"] == "netbuilder-runs"
    other = tmp_path / "copy.nbproj"  # Save As: the runs go along, the first project keeps its own
    assert win.save_to(other)
    assert lab.store.folder == runs_folder(other)
    assert [r.id for r in RunStore(runs_folder(other)).records] == ["r0001", "r0002"]
    assert len(RunStore(runs_folder(path)).records) == 2 and lab.store.weights_path("r0002").is_file()


def test_closing_mid_sweep_keeps_the_finished_runs(qtbot, win, tmp_path):
    lab = win.feature("lab")
    prepare(win, epochs=2)
    path = tmp_path / "spiral.nbproj"
    assert win.save_to(path)
    lab.ui.config_panel.apply_settings({"epochs": 8})
    done = []
    lab.controller.finished.connect(lambda *_: done.append(1))
    lab.controller.epochEnded.connect(lambda *_: win.close() if lab.store.records else None)
    assert lab.run_sweep(SweepTarget("units", "hidden_1"), "2, 3, 4")
    lab.ui.config_panel.apply_settings({"epochs": 2})
    qtbot.waitUntil(lambda: not win.isVisible(), timeout=60000)
    kept = RunStore(runs_folder(path)).records
    # the first run and the one the close ended (stopped, or done if its last epochs were already computed);
    # no third run started
    assert len(kept) == len(done) == 2 and not lab.runner.active
    assert [r.name for r in kept] == ["hidden_1.units=2", "hidden_1.units=3"]


def test_an_unsaved_projects_runs_go_when_the_window_closes(qtbot, win, lab):
    lab.ui.config_panel.apply_settings({"epochs": 5})
    lab.controller.epochEnded.connect(lambda *_: win.close() if lab.store.records else None)
    train_once(qtbot, lab)  # kept in the unsaved folder
    folder = lab.store.folder
    lab.store.flush()  # written by the store's writer thread
    assert folder == lab.unsaved_folder() and (folder / "runs.json").is_file()
    lab.ui.controls.start()  # closing mid-run: the learner discards the unsaved project, runs included
    qtbot.waitUntil(lambda: not win.isVisible(), timeout=30000)
    assert not folder.exists()


def test_runs_of_a_crashed_unsaved_project_come_back_with_it(lab):
    from netbuilder.core.runs import RunRecord

    dead = 2 ** 22 + 12345  # no such process
    crashed = RunStore(lab.unsaved_folder().with_name(f"runs-{dead}"))
    crashed.append(RunRecord("", "before the crash", {"class_name": "Functional", "config": {"layers": []}}, {},
                             {"loss": [0.5, 0.4]}))
    other = RunStore(lab.unsaved_folder().with_name(f"runs-{dead + 1}"))
    other.append(RunRecord("", "declined", {}, {}, {"loss": [1.0]}))
    assert lab.adopt_runs(dead)  # the hook Recovery.restore calls with the recovery file's pid
    assert [r.name for r in lab.store.records] == ["before the crash"] and lab.widget.model.rowCount() == 1
    assert lab.store.folder == lab.unsaved_folder() and not crashed.folder.exists()
    assert lab.forget_orphaned_runs() == 1 and not other.folder.exists()
    assert (lab.unsaved_folder() / "runs.json").is_file()
    assert not lab.adopt_runs("nope") and not lab.adopt_runs(dead)
