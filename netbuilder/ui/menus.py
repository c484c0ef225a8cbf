"""The builder window's menu bar and main toolbar, built from the actions ``MainWindow`` created."""

from __future__ import annotations


def build_menus(win) -> None:
    """File, Edit, View, Model and Help menus and the main toolbar of ``win`` (texts: ``retranslate_ui``)."""
    mb = win.menuBar()
    win.file_menu = m = mb.addMenu("")
    for a in (win.act_new, win.act_open):
        m.addAction(a)
    win.recent_menu = m.addMenu("")
    win.examples_menu = m.addMenu("")
    m.addSeparator()
    for a in (win.act_save, win.act_save_as):
        m.addAction(a)
    m.addSeparator()
    m.addAction(win.act_quit)
    win.edit_menu = m = mb.addMenu("")
    for a in (win.act_undo, win.act_redo, None, win.act_cut, win.act_copy, win.act_paste,
              win.act_delete, None, win.act_select_all):
        m.addSeparator() if a is None else m.addAction(a)
    win.view_menu = m = mb.addMenu("")
    for a in (win.act_zoom_in, win.act_zoom_out, win.act_fit, win.act_snap):
        m.addAction(a)
    m.addSeparator()
    win.language_menu = m.addMenu("")
    for a in win.language_actions.values():
        win.language_menu.addAction(a)
    m.addSeparator()
    m.addAction(win.act_reset_layout)
    m.addSeparator()
    for d in win._docks.values():  # the training docks add theirs below
        m.addAction(d.toggleViewAction())
    win.model_menu = m = mb.addMenu("")
    for a in (win.act_layout, win.act_output, None, win.act_problems, win.act_code):
        m.addSeparator() if a is None else m.addAction(a)
    win.help_menu = m = mb.addMenu("")
    for a in (win.act_getting_started, win.act_cases, None, win.act_about):
        m.addSeparator() if a is None else m.addAction(a)
    win.main_toolbar = tb = win.addToolBar("")
    tb.setObjectName("mainToolbar")
    tb.setMovable(True)
    for a in (win.act_new, win.act_open, win.act_save, None, win.act_undo, win.act_redo, None,
              win.act_delete, win.act_layout, win.act_fit, None, win.act_code):
        tb.addSeparator() if a is None else tb.addAction(a)
    win.fill_examples_menu()
    win.fill_recent_menu()
