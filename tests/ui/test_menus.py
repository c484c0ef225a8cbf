"""The window's actions come from one table: each is made, placed and translated from its row."""

from PySide6.QtCore import QCoreApplication
from PySide6.QtGui import QKeySequence

from netbuilder.ui import i18n, menus


def _menu_actions(menu):
    for act in menu.actions():
        yield act
        if act.menu() is not None:
            yield from _menu_actions(act.menu())


def test_every_row_becomes_an_action_in_its_menu_with_its_shortcuts(win):
    placed = {act for attr, _title, _entries in menus.MENUS for act in _menu_actions(getattr(win, attr))}
    for spec in menus.ACTIONS:
        act = getattr(win, spec.attr)
        assert act in placed, spec.attr
        assert act.shortcuts() == [QKeySequence(k) for k in spec.keys], spec.attr
        assert act.isCheckable() == spec.checkable and act.isChecked() == spec.checked
    toolbar = win.main_toolbar.actions()
    assert [a for a in toolbar if not a.isSeparator()] == [getattr(win, e) for e in menus.TOOLBAR if e]
    assert win.act_snap.isChecked() and win.scene.snap_to_grid
    win.act_snap.toggle()  # a checkable row reaches its slot through toggled(bool)
    assert not win.scene.snap_to_grid


def test_texts_tooltips_and_titles_follow_the_language(win):
    english = {spec.attr: getattr(win, spec.attr).text() for spec in menus.ACTIONS}
    assert english["act_new"] == "&New" and win.act_new.statusTip() == "Start an empty model"
    assert win.act_quit.toolTip() == "Quit" and win.act_open.toolTip() == "Open a .nbproj project"
    try:
        i18n.set_language("zh_CN")
        for spec in menus.ACTIONS:
            if spec.attr in ("act_undo", "act_redo"):  # "Undo <command>": the window's own text
                continue
            text = getattr(win, spec.attr).text()
            assert text == QCoreApplication.translate("MainWindow", spec.text) != english[spec.attr], spec.attr
        assert win.file_menu.title() == QCoreApplication.translate("MainWindow", "&File") != "&File"
        assert win.recent_menu.title() != "Open &Recent" and win.language_actions["zh_CN"].isChecked()
    finally:
        i18n.set_language("en")
    assert win.act_new.text() == "&New" and win.file_menu.title() == "&File"
