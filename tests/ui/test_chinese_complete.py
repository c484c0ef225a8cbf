"""The Chinese interface complete (issue 20): native shortcut text, every button of the unsaved-changes
dialog labelled, undo labels, example titles and dynamic sentences translated and re-translated on a switch."""

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QApplication, QMessageBox

from netbuilder.ui import commands, i18n


def has_cjk(text: str) -> bool:
    return any("\u4e00" <= ch <= "\u9fff" for ch in text)


@pytest.fixture
def english_after():
    """Back to English after the window is gone (requested before ``win``)."""
    yield
    i18n.set_language("en")


@pytest.fixture
def chinese(english_after, win):
    i18n.set_language("zh_CN")
    return win


def test_menu_shortcuts_show_the_modifier(chinese):
    win = chinese
    for act, key in ((win.act_new, "Ctrl+N"), (win.act_open, "Ctrl+O"), (win.act_save, "Ctrl+S"),
                     (win.act_undo, "Ctrl+Z")):
        assert act.shortcut().toString(QKeySequence.NativeText) == key  # was "N", "O", "S", "Z"
    assert QApplication.translate("QShortcut", "Ctrl") == "Ctrl"  # Qt's own strings fall back, not to ""


def test_unsaved_changes_dialog_has_every_button_labelled(chinese, qtbot):
    win = chinese
    win.undo_stack.push(commands.add_node(win.doc, "Dense", (0, 0)))
    seen = {}

    def inspect_and_cancel():
        box = QApplication.activeModalWidget()
        assert isinstance(box, QMessageBox)
        for which in (QMessageBox.Save, QMessageBox.Discard, QMessageBox.Cancel):
            seen[which] = box.button(which).text()
        box.button(QMessageBox.Cancel).click()

    QTimer.singleShot(0, inspect_and_cancel)
    answer = type(win).ask_unsaved(win)  # the real dialog (the fixture answers Discard without one)
    assert answer == QMessageBox.Cancel
    assert len(seen) == 3 and all(text.replace("&", "").strip() for text in seen.values()), seen


def test_undo_label_follows_a_language_switch(win):
    win.undo_stack.push(commands.move(win.doc, {}))
    assert win.act_undo.text().replace("&", "") == "Undo Move"
    try:
        i18n.set_language("zh_CN")
        text = win.act_undo.text()
        assert "Move" not in text and "移动" in text, text
    finally:
        i18n.set_language("en")
    assert win.act_undo.text().replace("&", "") == "Undo Move"


def test_example_titles_in_the_menu_and_the_cases_dialog(chinese):
    from netbuilder.ui import guide

    win = chinese
    titles = [a.text() for a in win.examples_menu.actions()]
    assert titles and all(has_cjk(t) for t in titles), titles
    dlg = guide.show_tutorial_cases(win)
    rows = [dlg.list.item(i).text() for i in range(dlg.list.count())]
    assert rows and all(has_cjk(r.split("\n")[0]) for r in rows), rows
    dlg.close()


def test_evaluation_status_is_translated_again_on_a_switch(win):
    controls = win.training_ui.controls
    controls._on_evaluated({"stopped": True})  # the status line after a background evaluation
    assert controls.statusLabel.text() == "Evaluation stopped."
    try:
        i18n.set_language("zh_CN")
        assert has_cjk(controls.statusLabel.text()), controls.statusLabel.text()
    finally:
        i18n.set_language("en")
    assert controls.statusLabel.text() == "Evaluation stopped."


def test_palette_entries_are_not_cut_off(chinese):
    """Every palette entry carries its whole text as a tooltip (a narrow dock elides the row)."""
    from PySide6.QtWidgets import QTreeWidget

    tree = chinese.palette.findChild(QTreeWidget)
    rows = []
    for i in range(tree.topLevelItemCount()):
        group = tree.topLevelItem(i)
        rows += [group.child(j) for j in range(group.childCount())]
    assert rows
    for item in rows:
        assert item.text(0) in item.toolTip(0) or item.text(0).split(" — ")[0] in item.toolTip(0), item.text(0)

