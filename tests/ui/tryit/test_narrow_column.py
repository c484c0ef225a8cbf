"""Every Try it page fits a laptop's right column (about 350 px at 1366×768): the sample browser's step
bar (438 px), the drawing pad beside its answer (466 px) and the text page's unwrapped tokens caption
(451 px) each made the column scroll sideways (a learner walk)."""

import pytest
from PySide6.QtWidgets import QBoxLayout

from netbuilder.ui.tryit.panel import PAGES, TryPanel

COLUMN = 340  # a 350-px column less its frame


@pytest.mark.parametrize("page", sorted(PAGES))
def test_each_page_fits_the_column(qtbot, page):
    panel = TryPanel()
    qtbot.addWidget(panel)
    panel.stack.setCurrentIndex(PAGES[page])
    panel.show()
    qtbot.waitExposed(panel)
    assert panel.minimumSizeHint().width() <= COLUMN, page


def test_the_drawing_pad_stacks_its_answer_below_when_narrow_and_beside_when_wide(qtbot):
    panel = TryPanel()
    qtbot.addWidget(panel)
    digit = panel.digit
    panel.stack.setCurrentWidget(digit)
    panel.resize(COLUMN, 700)
    panel.show()
    qtbot.waitExposed(panel)
    qtbot.waitUntil(lambda: digit._row.direction() == QBoxLayout.TopToBottom)
    # below the pad, not squeezed beside it
    qtbot.waitUntil(lambda: digit.bars.geometry().top() >= digit.pad.geometry().bottom())
    assert digit.width() <= COLUMN and digit.bars.geometry().right() <= digit.width()

    panel.resize(800, 700)
    qtbot.waitUntil(lambda: digit._row.direction() == QBoxLayout.LeftToRight)
    qtbot.waitUntil(lambda: digit.bars.geometry().left() >= digit.pad.geometry().right())
