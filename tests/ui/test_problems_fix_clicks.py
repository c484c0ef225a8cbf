"""The Problems panel's fix rows: a double-click applies one fix, not the fix that moved under the pointer
after the first click; the fix marker is a glyph every font has (no emoji)."""

from __future__ import annotations

from types import SimpleNamespace

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest

from netbuilder.ui.docs import ProblemsList


class _Fix:
    def __init__(self, text):
        self._text = text

    def text(self):
        return self._text


def _problem(text, fix):
    return SimpleNamespace(layer=None, code="c", blocking=True, fixes=[_Fix(fix)], text=lambda: text)


DOC = SimpleNamespace(nodes={"input": SimpleNamespace(is_input=True)})
REPORT = SimpleNamespace(graph_errors=[], errors={})


@pytest.fixture
def problems(qtbot):
    """Two problems with a fix each; applying a fix removes its problem, so the list reflows."""
    view = ProblemsList()
    qtbot.addWidget(view)
    view.resize(500, 300)
    shown = [_problem("the input does not fit", "Set input to (784,)"),
             _problem("the output does not fit", "Set 10 units")]
    applied = []

    def apply(fix):
        applied.append(fix.text())
        shown[:] = [p for p in shown if p.fixes[0] is not fix]
        view.show_report(DOC, REPORT, list(shown))

    view.fixRequested.connect(apply)
    view.show_report(DOC, REPORT, list(shown))
    view.show()
    qtbot.waitExposed(view)
    return view, applied


def _window_pos(view, row):
    return view.viewport().mapTo(view.window(), view.visualItemRect(view.item(row)).center())


def test_double_click_on_a_fix_applies_that_fix_only(qtbot, problems):
    view, applied = problems
    assert view.item(1).data(Qt.UserRole + 2).text() == "Set input to (784,)"
    window, pos = view.window().windowHandle(), _window_pos(view, 1)
    # through the window, as the window system delivers them: the second press within the double-click
    # interval (QTest's own event clock, not the wall clock) arrives as a double-click event
    QTest.mousePress(window, Qt.LeftButton, Qt.NoModifier, pos, 10)
    QTest.mouseRelease(window, Qt.LeftButton, Qt.NoModifier, pos, 10)
    qtbot.waitUntil(lambda: applied == ["Set input to (784,)"])
    assert view.item(1).data(Qt.UserRole + 2).text() == "Set 10 units"  # the next fix moved under the pointer
    QTest.mousePress(window, Qt.LeftButton, Qt.NoModifier, pos, 10)
    QTest.mouseRelease(window, Qt.LeftButton, Qt.NoModifier, pos, 10)
    qtbot.wait(50)  # let a (wrongly) scheduled second fix run
    assert applied == ["Set input to (784,)"]
    # a later, separate click still applies the other fix
    QTest.mouseClick(view.viewport(), Qt.LeftButton, Qt.NoModifier, view.visualItemRect(view.item(1)).center())
    qtbot.waitUntil(lambda: applied == ["Set input to (784,)", "Set 10 units"])


def test_fix_rows_use_no_emoji(problems):
    view, _ = problems
    rows = [view.item(i).text() for i in range(view.count()) if view.item(i).data(Qt.UserRole + 2)]
    assert len(rows) == 2
    for text in rows:
        assert "Fix:" in text and all(ord(ch) < 0x10000 for ch in text), text  # no astral-plane emoji
