"""The window's safety net: an exception escaping a slot is shown, logged, and the window goes on."""

import sys

import pytest
from PySide6.QtCore import QObject, Signal

from netbuilder.ui import slot_guard


class Emitter(QObject):
    fire = Signal()


@pytest.fixture
def guarded(win):
    guard = slot_guard.install(win)
    yield win, guard
    guard.uninstall()


def test_exception_in_a_slot_becomes_a_message_and_a_log_entry(guarded, tmp_path):
    win, guard = guarded
    emitter = Emitter()

    def broken_slot():
        raise ZeroDivisionError("the slot divided by zero")

    emitter.fire.connect(broken_slot)
    emitter.fire.emit()  # PySide hands the exception to sys.excepthook: the guard
    assert guard.seen and guard.seen[-1][0] == "ZeroDivisionError: the slot divided by zero"
    assert "the slot divided by zero" in win.last_unexpected
    assert "the slot divided by zero" in win.statusBar().currentMessage()
    log = guard.log.read_text()
    assert "Traceback" in log and "broken_slot" in log and "ZeroDivisionError" in log
    assert guard.log.is_relative_to(tmp_path)  # beside the window's (throw-away) settings, not in $HOME
    assert win.open_example("two_branch") and win.doc.nodes  # still usable


def test_repeats_do_not_stack_dialogs(guarded, qtbot):
    win, guard = guarded
    win.quiet_errors = False
    emitter = Emitter()
    emitter.fire.connect(lambda: 1 / 0)
    for _ in range(5):
        emitter.fire.emit()
    boxes = [w for w in win.findChildren(type(guard.box)) if w.objectName() == "unexpectedErrorBox"]
    assert len(boxes) == 1 and boxes[0].isVisible() and not boxes[0].isModal()
    assert len(guard.seen) == 5  # all logged
    copy = next(b for b in boxes[0].buttons() if b.text() == "Copy details")
    copy.click()
    from PySide6.QtWidgets import QApplication

    assert "ZeroDivisionError" in QApplication.clipboard().text()
    win.quiet_errors = True


def test_the_message_is_in_chinese(guarded):
    from netbuilder.ui import i18n

    win, guard = guarded
    i18n.set_language("zh_CN")
    try:
        emitter = Emitter()
        emitter.fire.connect(lambda: [][1])
        emitter.fire.emit()
    finally:
        i18n.set_language("en")
    assert "出了点问题" in win.last_unexpected and "IndexError" in win.last_unexpected


def test_uninstall_restores_the_previous_hook(win):
    before = sys.excepthook
    guard = slot_guard.install(win)
    assert sys.excepthook is guard
    guard.uninstall()
    assert sys.excepthook is before


def test_an_unwritable_log_does_not_break_the_guard(guarded, monkeypatch):
    win, guard = guarded
    blocker = guard.log.parent.parent / "a-file"
    blocker.write_text("not a folder")
    monkeypatch.setattr(guard, "log", blocker / "logs" / "netbuilder.log")  # its folder cannot be made
    emitter = Emitter()
    emitter.fire.connect(lambda: {}["k"])
    emitter.fire.emit()
    assert "KeyError" in win.last_unexpected and "written to" not in win.last_unexpected
