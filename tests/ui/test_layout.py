"""The window fits a laptop screen: small minimum, opens inside the work area, never resizes itself,
docks scroll instead of overlapping, View › Reset layout. Also Help › tutorial cases / getting started."""

from itertools import combinations

import pytest
from PySide6.QtCore import QRect, Qt
from PySide6.QtWidgets import QDockWidget, QScrollArea

from netbuilder.ui import i18n
from netbuilder.ui.dock_layout import dock_content, fit_to_screen
from netbuilder.ui.training import data_sources as S

# 1366×768 less a 40-px task bar and a 32-px title bar
LAPTOP_W, LAPTOP_H = 1366, 768 - 40 - 32


@pytest.fixture
def english_after():
    yield
    i18n.set_language("en")


def docks(win):
    return {d.objectName(): d for d in win.findChildren(QDockWidget)}


def shown_docks(win):
    """The docks on screen (Qt parks a dock behind another's tab outside the window)."""
    return [d for d in docks(win).values() if not d.visibleRegion().isEmpty() and not d.isFloating()]


def assert_no_overlap(win):
    shown = shown_docks(win)
    assert len(shown) >= 4, [d.objectName() for d in shown]  # palette, right column (1 or 2), bottom row (2)
    for a, b in combinations(shown, 2):
        assert not a.geometry().intersects(b.geometry()), (a.objectName(), a.geometry(), b.objectName(), b.geometry())


def test_minimum_size_fits_a_laptop_screen_with_every_example_in_both_languages(win, qtbot, english_after):
    for lang in ("en", "zh_CN"):
        win.set_language(lang)
        for p in sorted(win.examples_dir().glob("*.nbproj")):
            assert win.open_path(p, as_example=True)
            qtbot.wait(10)
            hint = win.minimumSizeHint()
            assert hint.width() <= LAPTOP_W and hint.height() <= LAPTOP_H, (lang, p.name, hint)
            assert win.minimumWidth() <= LAPTOP_W and win.minimumHeight() <= LAPTOP_H


def test_every_dock_scrolls_its_panel(win):
    for name, dock in docks(win).items():
        w = dock.widget()
        assert isinstance(w, QScrollArea) or w.inherits("QAbstractScrollArea"), name
    assert dock_content(win.try_dock) is win.try_panel
    assert dock_content(docks(win)["inspectorDock"]) is win.inspector


def test_window_opens_inside_the_screen(win):
    avail = win.screen().availableGeometry()
    assert avail.contains(win.frameGeometry()), (avail, win.frameGeometry())


def test_a_window_saved_on_a_bigger_screen_is_brought_inside_a_laptop_screen(win):
    win.resize(1600, 1000)
    win.move(300, 200)
    work_area = QRect(0, 0, 1366, 728)  # the task bar takes the bottom 40 px
    fit_to_screen(win, work_area)
    assert work_area.contains(win.frameGeometry()), win.frameGeometry()
    assert win.width() >= 1300 and win.height() >= 650  # shrunk to the screen, not to a stamp


def test_window_keeps_its_size_through_a_training_run(win, qtbot):
    win.resize(1280, 680)
    qtbot.wait(20)
    size = win.size()
    ui = win.training_ui
    assert win.open_path(win.examples_dir() / "playground_spiral.nbproj", as_example=True)
    ui.dataset_panel.set_data(S.load("playground:spirals", {"samples": 200}))
    ui.config_panel.apply_settings({"epochs": 4, "batch_size": 32})
    ui.controls.ask_continue = lambda: False
    sizes = []
    ui.controller.epochEnded.connect(lambda *a: sizes.append(win.size()))
    ui.controller.progress.connect(lambda *a: sizes.append(win.size()))
    with qtbot.waitSignal(ui.controller.finished, timeout=30000) as blocker:
        assert ui.controls.start()
    assert blocker.args[0]["error"] is None and len(sizes) >= 4
    qtbot.wait(300)  # coach banner, curves, Try it page, evaluation all settle
    win.try_dock.raise_()
    docks(win)["evaluationDock"].raise_()
    qtbot.wait(50)
    assert all(s == size for s in sizes) and win.size() == size, (size, sizes, win.size())
    assert_no_overlap(win)


def test_squeezed_window_keeps_docks_apart_and_the_inspector_reachable(win, qtbot):
    win.resize(win.minimumSizeHint().expandedTo(win.minimumSize()))
    win.resize(1000, 560)
    qtbot.wait(50)
    assert win.size().height() == 560
    assert_no_overlap(win)
    inspector = docks(win)["inspectorDock"]
    inspector.raise_()
    qtbot.wait(20)
    assert inspector.isVisible() and inspector.height() >= inspector.minimumSizeHint().height()
    assert win.rect().contains(inspector.geometry())


def test_reset_layout_restores_the_default_docks(win, qtbot):
    d = docks(win)
    default = {name: (win.dockWidgetArea(dock), sorted(t.objectName() for t in win.tabifiedDockWidgets(dock)),
                      dock.toggleViewAction().isChecked()) for name, dock in d.items()}
    assert "tryDock" in default["inspectorDock"][1] and "evaluationDock" in default["trainingDock"][1]
    d["inspectorDock"].setFloating(True)
    d["paletteDock"].close()
    d["tryDock"].close()
    assert d["tryDock"].toggleViewAction() in win.view_menu.actions()  # View › Try it also brings it back
    win.addDockWidget(Qt.LeftDockWidgetArea, d["trainingDock"])
    win.resizeDocks([d["problemsDock"]], [30], Qt.Vertical)
    qtbot.wait(20)
    assert win.dockWidgetArea(d["trainingDock"]) == Qt.LeftDockWidgetArea and not d["paletteDock"].isVisible()
    size = win.size()
    view_menu_texts = [a.text() for a in win.view_menu.actions()]
    assert win.act_reset_layout.text() in view_menu_texts
    win.act_reset_layout.trigger()
    qtbot.wait(50)
    now = {name: (win.dockWidgetArea(dock), sorted(t.objectName() for t in win.tabifiedDockWidgets(dock)),
                  dock.toggleViewAction().isChecked()) for name, dock in d.items()}
    assert now == default
    assert not any(dock.isFloating() for dock in d.values()) and d["paletteDock"].isVisible()
    assert d["problemsDock"].height() > 100  # the default proportions come back too
    assert win.size() == size
    assert_no_overlap(win)


def test_short_window_gets_one_column_of_tabs_on_the_right_tall_one_two_groups(win, qtbot):
    d = docks(win)
    for height in (700, 900):  # offscreen, a window may be taller than the screen
        win.resize(1200, height)
        qtbot.wait(20)
        assert win.height() == height
        win.act_reset_layout.trigger()
        qtbot.wait(20)
        if height < 800:
            assert d["datasetDock"] in win.tabifiedDockWidgets(d["inspectorDock"])
            assert not d["datasetDock"].visibleRegion().isEmpty()  # raised: the first thing a run needs
        else:
            assert d["datasetDock"] not in win.tabifiedDockWidgets(d["inspectorDock"])
            assert not d["datasetDock"].visibleRegion().isEmpty() and not d["inspectorDock"].visibleRegion().isEmpty()
        assert_no_overlap(win)


def test_help_lists_the_tutorial_cases_and_opens_one_on_click(win, qtbot, english_after):
    assert win.act_cases in win.help_menu.actions() and win.act_getting_started in win.help_menu.actions()
    win.act_cases.trigger()
    dlg = win.cases_dialog
    assert dlg.isVisible()
    names = dlg.names()
    assert set(names) == {p.stem for p in win.examples_dir().glob("*.nbproj")}
    texts = [dlg.list.item(i).text() for i in range(dlg.list.count())]
    assert texts[0].startswith("MNIST handwritten digits — Chapter 2.1\n")
    assert all("\n" in t and len(t.split("\n")[1]) > 20 for t in texts)
    row = names.index("reuters_dense")
    dlg.list.scrollToItem(dlg.list.item(row))
    rect = dlg.list.visualItemRect(dlg.list.item(row))
    qtbot.mouseClick(dlg.list.viewport(), Qt.LeftButton, pos=rect.center())
    assert not dlg.isVisible()
    assert getattr(win, "last_error", None) is None
    assert "reuters dense" in win.windowTitle()
    assert any(n.class_name == "Dense" and n.config.get("units") == 46 for n in win.doc.nodes.values())
    win.set_language("zh_CN")
    assert dlg.windowTitle() == "四个教程案例"
    assert dlg.list.item(0).text().startswith("MNIST 手写数字 — 第 2.1 节\n")


def test_getting_started_guide_in_both_languages(win, english_after):
    win.act_getting_started.trigger()
    dlg = win.getting_started_dialog
    assert dlg.isVisible()
    text = dlg.text.toPlainText()
    assert "Getting started" in text and "Reset layout" in text and text.count("\n") >= 5
    win.set_language("zh_CN")
    assert "入门" in dlg.text.toPlainText() and dlg.windowTitle() == "入门"


def test_training_curves_sit_side_by_side_in_a_wide_short_dock(qtbot):
    from PySide6.QtWidgets import QBoxLayout

    from netbuilder.ui.training.controller import TrainingController
    from netbuilder.ui.training.plots import TrainingPlots

    plots = TrainingPlots(TrainingController(config_provider=lambda: None))
    qtbot.addWidget(plots)
    plots.resize(1000, 260)  # a laptop's bottom dock
    plots.show()
    qtbot.wait(20)
    assert plots.plots_box.direction() == QBoxLayout.LeftToRight
    loss, metric = plots.loss_plot.geometry(), plots.metric_plot.geometry()
    assert loss.right() < metric.left() and loss.top() == metric.top() and loss.height() >= 130
    plots.resize(520, 620)  # a tall dock (or the dock floated)
    qtbot.wait(20)
    assert plots.plots_box.direction() == QBoxLayout.TopToBottom
    assert plots.loss_plot.geometry().bottom() < plots.metric_plot.geometry().top()


def test_no_stale_tab_bar_is_left_over_the_docks(qtbot, tmp_path):
    """Docks are tabbed as each feature installs, then grouped again for the screen: Qt used to leave
    the old groups' tab bars visible (empty tabs drawn over the Problems list and the canvas). Only
    the live groups' bars show, each naming its docks — at the first start, after a restart with a
    saved layout, and after View › Reset layout."""
    from PySide6.QtCore import QSettings
    from PySide6.QtWidgets import QApplication, QTabBar

    from netbuilder.ui.main_window import MainWindow

    def bars(w):
        return [b for b in w.findChildren(QTabBar) if b.parentWidget() is w and b.isVisible()]

    settings = QSettings(str(tmp_path / "s.ini"), QSettings.IniFormat)
    for start in range(2):
        w = MainWindow(settings)
        w.quiet_errors = True
        qtbot.addWidget(w)
        w.resize(1366, 740)
        w.show()
        for _ in range(50):  # what the app's first seconds do (a qtbot.wait happened to hide them)
            QApplication.processEvents()
        for when in ("shown", "reset"):
            if when == "reset":
                w.act_reset_layout.trigger()
                qtbot.wait(20)
            found = bars(w)
            texts = [[b.tabText(i) for i in range(b.count())] for b in found]
            assert found and all(all(texts_) for texts_ in texts), (start, when, texts)
            rects = [b.geometry() for b in found]
            assert not any(a.intersects(c) for a, c in combinations(rects, 2)), (start, when, texts)
        w.dock_layout.save()
        w.close()


def test_the_right_columns_panels_fit_its_width_on_a_laptop_in_both_languages(win, qtbot, english_after):
    """The Training settings (363 px: the engine and loss boxes as wide as their longest item, the
    validation mode's box beside k) and Try it (the sample browser, 438 px) made the right column scroll
    sideways at 1366×768 (a learner walk); each tab of the column fits it now."""
    win.resize(LAPTOP_W, LAPTOP_H)
    win.dock_layout.apply_default_sizes()
    for lang in ("en", "zh_CN"):
        win.set_language(lang)
        qtbot.wait(10)
        front = docks(win)["datasetDock"]  # the column's front tab: its width is the column's
        bar = front.widget().verticalScrollBar().sizeHint().width()  # the tall panels scroll vertically
        room = front.widget().width() - 2 * front.widget().frameWidth() - bar
        assert room >= 300, room  # the layout gives the column its room
        for name in ("datasetDock", "trainingConfigDock", "tryDock"):
            panel = dock_content(docks(win)[name])
            assert panel.minimumSizeHint().width() <= room, (lang, name, panel.minimumSizeHint(), room)
