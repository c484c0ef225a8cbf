"""The Lab reads well on a laptop (issue 16's learner walk at 1366×768): the overlay's legend sits under the
plot, not over its curves, and every run's colour is in the table too; the menu buttons leave room for their
arrow; runs trained on different datasets are overlaid with a note that says so."""

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QPushButton

from netbuilder.ui.lab.compare_plot import LEGEND_SAMPLE_PX
from netbuilder.ui.lab.runs_table import run_color
from netbuilder.ui.training import data_sources as S

from .conftest import train_once


def test_runs_of_different_datasets_are_overlaid_with_a_note_naming_them(qtbot, lab):
    train_once(qtbot, lab)
    note = lab.widget.dataNote
    assert note.isHidden()  # one run: nothing to warn about
    lab.ui.dataset_panel.set_data(S.load("playground:moons", {"samples": 120}))
    train_once(qtbot, lab)
    first, second = lab.store.records
    assert lab.widget.selected_ids() == [first.id, second.id]
    assert not note.isHidden() and "playground:spirals" in note.text() and "playground:moons" in note.text()
    lab.widget.select_ids([second.id])
    assert note.isHidden()  # one dataset selected: the note goes


def test_the_legend_is_under_the_plot_and_each_run_s_colour_is_in_the_table(qtbot, lab):
    train_once(qtbot, lab)
    train_once(qtbot, lab)
    plot = lab.widget.plot
    view = plot.widget.getPlotItem().getViewBox()

    def boxes():
        return plot.legend.mapRectToScene(plot.legend.boundingRect()), view.mapRectToScene(view.boundingRect())

    assert len(plot.legend.items) == 2
    qtbot.waitUntil(lambda: boxes()[0].top() >= boxes()[1].bottom(), timeout=2000)  # once the layout has run
    legend_box, view_box = boxes()
    assert not legend_box.intersects(view_box) and legend_box.height() > 0  # it covers no curve
    table = lab.widget.table
    for row, rec in enumerate(lab.store.records):
        swatch = table.model().index(row, 0).data(Qt.DecorationRole)
        assert isinstance(swatch, QColor) and swatch.getRgb()[:3] == run_color(rec.id)
        assert plot.curves[rec.id][0].opts["pen"].color().getRgb()[:3] == run_color(rec.id)


def test_the_legend_takes_as_many_columns_as_the_plot_is_wide_for_its_longest_name(qtbot, lab):
    for _ in range(3):
        train_once(qtbot, lab)
    plot = lab.widget.plot
    widest = max(label.boundingRect().width() for _, label in plot.legend.items) + LEGEND_SAMPLE_PX
    plot.widget.resize(int(2.2 * widest), 200)
    qtbot.waitUntil(lambda: plot.legend.columnCount == 2, timeout=2000)
    plot.widget.resize(int(widest), 200)
    qtbot.waitUntil(lambda: plot.legend.columnCount == 1, timeout=2000)
    plot.widget.resize(int(10 * widest), 200)
    qtbot.waitUntil(lambda: plot.legend.columnCount == 4, timeout=2000)  # at most 4


def test_the_menu_buttons_leave_room_for_their_arrow(qtbot, lab):
    for b in (lab.widget.remedyButton, lab.widget.lessonsButton):
        assert isinstance(b, QPushButton) and b.menu() is not None
        text = b.fontMetrics().horizontalAdvance(b.text())
        assert b.sizeHint().width() >= text + 20  # the text, the button's margins and the menu's arrow
