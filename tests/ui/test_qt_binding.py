"""Guard against Qt bindings that corrupt reference counts (PySide6 6.12.0 on Python 3.11)."""

import sys

from PySide6.QtWidgets import QLabel


def test_void_qt_calls_do_not_leak_references_to_none(qtbot):
    label = QLabel()
    qtbot.addWidget(label)
    before = sys.getrefcount(None)
    for _ in range(2000):
        label.setText("x")
    # a leaking binding drops 2000 references here; a few come and go with the interpreter
    assert abs(sys.getrefcount(None) - before) < 100
