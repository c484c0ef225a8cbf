"""signals_blocked: signals stay quiet inside, and the previous state comes back even on errors."""

import pytest
from PySide6.QtWidgets import QSpinBox

from netbuilder.ui.qt_helpers import signals_blocked


def _box_with_log(qtbot):
    box = QSpinBox()
    qtbot.addWidget(box)
    seen = []
    box.valueChanged.connect(seen.append)
    return box, seen


def test_blocks_inside_and_unblocks_after(qtbot):
    a, seen_a = _box_with_log(qtbot)
    b, seen_b = _box_with_log(qtbot)
    with signals_blocked(a, b):
        a.setValue(3)
        b.setValue(4)
        assert a.signalsBlocked() and b.signalsBlocked()
    assert seen_a == [] and seen_b == []
    assert not a.signalsBlocked() and not b.signalsBlocked()
    a.setValue(5)
    assert seen_a == [5]


def test_restores_after_an_exception(qtbot):
    box, seen = _box_with_log(qtbot)
    with pytest.raises(RuntimeError), signals_blocked(box):
        box.setValue(2)
        raise RuntimeError("boom")
    assert not box.signalsBlocked()
    box.setValue(7)
    assert seen == [7]


def test_keeps_a_block_set_by_an_outer_caller(qtbot):
    box, seen = _box_with_log(qtbot)
    box.blockSignals(True)
    with signals_blocked(box, None):
        box.setValue(1)
    assert box.signalsBlocked()  # the outer block is not lifted by the inner one
    with signals_blocked(box), signals_blocked(box):
        pass
    assert box.signalsBlocked()
    box.blockSignals(False)
    box.setValue(9)
    assert seen == [9]


# ---------------------------------------------------------------- HeldCall


def test_held_call_runs_at_once_outside_a_hold():
    from netbuilder.ui.qt_helpers import HeldCall

    seen = []
    call = HeldCall(lambda: seen.append(1))
    call()
    call("signal", "arguments")
    assert seen == [1, 1]


def test_held_calls_fold_into_one_at_the_outermost_end():
    from netbuilder.ui.qt_helpers import HeldCall

    seen = []
    call = HeldCall(lambda: seen.append(len(seen)))
    with call.held():
        call()
        with call.held():
            call()
            call()
        assert seen == []  # the inner hold's end is not the outermost
        call()
    assert seen == [0]
    with call.held():
        pass
    assert seen == [0]  # nothing called, nothing run
    with call.held(run=True):
        pass
    assert seen == [0, 1]  # run=True: described once even without a call


def test_held_call_runs_after_an_exception_in_the_body():
    from netbuilder.ui.qt_helpers import HeldCall

    seen = []
    call = HeldCall(lambda: seen.append("ran"))
    with pytest.raises(RuntimeError), call.held():
        call()
        raise RuntimeError("boom")
    assert seen == ["ran"] and call.depth == 0
    call()
    assert seen == ["ran", "ran"]  # not left held


def test_a_narrow_combo_asks_for_little_width_and_opens_as_wide_as_its_items(qtbot):
    from PySide6.QtWidgets import QComboBox

    from netbuilder.ui.qt_helpers import NarrowCombo

    long_item = "Keras 3 (jax, a very long list of devices: cpu:0, cpu:1)"
    plain, narrow = QComboBox(), NarrowCombo(12)
    for box in (plain, narrow):
        qtbot.addWidget(box)
        box.addItems(["short", long_item])
    assert narrow.minimumSizeHint().width() < plain.minimumSizeHint().width() / 1.5
    narrow.show()
    qtbot.waitExposed(narrow)
    narrow.showPopup()
    try:
        text = narrow.view().fontMetrics().horizontalAdvance(long_item)
        assert narrow.view().width() >= text > narrow.width()  # the whole item is readable in the list
    finally:
        narrow.hidePopup()
