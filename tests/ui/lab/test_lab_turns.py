"""A run's end is spread over several event-loop turns of the GUI thread (issue 16's sweeps): the run is
on disk when ``finished`` returns, the table and the overlay show it one turn later; closing the window
in between loses nothing."""

from netbuilder.core.runs import RunStore, runs_folder
from netbuilder.core.runs.sweep import SweepTarget

from .conftest import prepare, run_experiment


def test_a_kept_run_is_on_disk_at_once_and_in_the_table_one_turn_later(qtbot, win, lab):
    seen = {}

    def after_the_lab(_result):  # connected after the Lab's own slot: runs in the same turn, after it
        rec = lab.store.latest()
        seen.update(rec=rec, on_disk=rec is not None and lab.store.weights_path(rec.id) is not None,
                    rows=lab.widget.model.rowCount(), shown=lab.all_shown)

    lab.controller.finished.connect(after_the_lab)
    with qtbot.waitSignal(lab.controller.finished, timeout=30000):
        assert lab.ui.controls.start()
    assert seen["on_disk"] and seen["rows"] == 0 and not seen["shown"]
    qtbot.waitUntil(lambda: lab.all_shown, timeout=5000)
    assert lab.widget.model.rowCount() == 1 and lab.widget.selected_ids() == [seen["rec"].id]
    assert seen["rec"].id in lab.widget.plot.curves


def test_a_run_that_ends_while_the_window_closes_is_on_disk_afterwards(qtbot, win, tmp_path):
    lab = win.feature("lab")
    prepare(win, epochs=50)
    path = tmp_path / "spiral.nbproj"
    assert win.save_to(path)
    lab.controller.epochEnded.connect(lambda e, _logs: win.close() if e == 2 else None)
    assert lab.ui.controls.start()
    qtbot.waitUntil(lambda: not win.isVisible(), timeout=30000)
    kept = RunStore(runs_folder(path)).records
    assert len(kept) == 1 and kept[0].stopped and 3 <= kept[0].epochs < 50
    assert (runs_folder(path) / kept[0].weights).is_file()


def test_a_sweep_started_before_the_last_run_is_shown_runs_all_its_runs(qtbot, lab):
    started = []

    def sweep_at_once(_result):  # the learner's Sweep click, before the plain run's row is shown
        if not started:
            started.append(lab.all_shown)
            assert lab.run_sweep(SweepTarget("epochs"), "1, 2")

    lab.controller.finished.connect(sweep_at_once)
    with qtbot.waitSignal(lab.runner.ended, timeout=60000) as blocker:
        assert lab.ui.controls.start()
    summary = blocker.args[0]
    assert started == [False] and not summary["stopped"]
    assert [r.epochs for r in summary["records"]] == [1, 2] and len(lab.store.records) == 3
    assert lab.widget.model.rowCount() == 3


def test_the_coach_banner_keeps_its_place_from_one_run_of_a_sweep_to_the_next(qtbot, win, lab):
    """Between a sweep's runs the banner's place stays held (it was given back at each run's end and taken
    again at the next start: the curves below were resized, laid out and repainted twice a run); given back
    when the sweep has ended."""
    banner = lab.ui.banner
    held_when_idle = []
    lab.controller.stateChanged.connect(lambda s: s == "idle" and held_when_idle.append(banner.holding))
    i = next(k for k in range(lab.widget.sweepTarget.count())
             if lab.widget.sweepTarget.itemData(k) == SweepTarget("units", "hidden_1"))
    lab.widget.sweepTarget.setCurrentIndex(i)
    lab.widget.sweepValues.setText("4, 8, 16")
    summary = run_experiment(qtbot, lab, lambda: lab.run_sweep())
    assert not summary["stopped"] and len(held_when_idle) >= 3
    assert all(held_when_idle)  # every run's end, the last one's too, kept the place while the sweep went on
    qtbot.waitUntil(lambda: not banner.holding, timeout=60000)  # the sweep ended: given back


def test_a_clicked_sweep_leaves_the_focus_off_the_models_size_box(qtbot, win, lab):
    """Run sweep took the focus and was disabled for the sweep: Qt handed the focus to the next box, the
    trained models' size limit, with its "256" selected for the next key a learner pressed (a walk)."""
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QApplication

    win.show()
    qtbot.waitExposed(win)
    win.activateWindow()
    i = next(k for k in range(lab.widget.sweepTarget.count())
             if lab.widget.sweepTarget.itemData(k) == SweepTarget("units", "hidden_1"))
    lab.widget.sweepTarget.setCurrentIndex(i)
    lab.widget.sweepValues.setText("4, 8")
    lab.widget.sweepValues.setFocus()
    focused = []
    lab.controller.stateChanged.connect(lambda s: focused.append(QApplication.focusWidget()))
    summary = run_experiment(qtbot, lab, lambda: qtbot.mouseClick(lab.widget.sweepButton, Qt.LeftButton) or True)
    assert not summary["stopped"] and focused
    assert lab.widget.budgetSpin not in focused and QApplication.focusWidget() is not lab.widget.budgetSpin
