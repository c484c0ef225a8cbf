"""The Lab's run buttons follow the selection and the training state (``LabFeature.update_buttons``, called at
every state change of a sweep, so it reads the selection model's ``hasSelection`` only)."""

from .conftest import train_once


def _run_buttons(lab):
    w = lab.widget
    return [b.isEnabled() for b in (w.renameButton, w.deleteButton, w.restoreButton, w.exportButton)]


def test_run_buttons_need_a_selected_run_and_an_idle_window(qtbot, lab):
    lab.update_buttons()
    assert _run_buttons(lab) == [False] * 4  # no run yet
    train_once(qtbot, lab)
    assert lab.widget.selected_ids() == [lab.store.latest().id] and _run_buttons(lab) == [True] * 4
    lab.widget.table.clearSelection()
    assert _run_buttons(lab) == [False] * 4 and lab.widget.sweepButton.isEnabled()
    lab.widget.select_ids([lab.store.latest().id])
    assert _run_buttons(lab) == [True] * 4
    states = []
    lab.controller.stateChanged.connect(lambda s: states.append((s, _run_buttons(lab))))
    train_once(qtbot, lab)
    assert ("running", [False] * 4) in states
