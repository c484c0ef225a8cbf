"""The builder window's actions, menu bar and main toolbar, all from one table.

:data:`ACTIONS` names every action of the window once: the attribute it becomes on the window
(``win.act_new``), what it runs, its shortcuts and its texts. :func:`create_actions` makes them,
:func:`build_menus` places them where :data:`MENUS` and :data:`TOOLBAR` say, and
:func:`retranslate` gives them (and the menu titles) the current language. The texts are marked with
``QT_TRANSLATE_NOOP`` under the ``MainWindow`` context, so ``update_ts`` finds them and the
translator looks them up when :func:`retranslate` runs. A feature adds its own actions in its
``install`` (``ui.features``); Undo and Redo get their "Undo <command>" texts from the window.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication
from PySide6.QtGui import QAction, QActionGroup, QKeySequence

from . import guide, i18n


@dataclass(frozen=True)
class Action:
    """One row of :data:`ACTIONS`.

    ``slot(win)`` returns what the action calls (``toggled(bool)`` for a checkable one, else
    ``triggered``); ``tip`` is the tooltip and status tip (default: the text without ``&`` and ``…``).
    """

    attr: str
    slot: Callable
    text: str
    tip: str | None = None
    keys: tuple = ()
    checkable: bool = False
    checked: bool = False


ACTIONS = (
    Action("act_new", lambda w: w.new_project, QT_TRANSLATE_NOOP("MainWindow", "&New"),
           QT_TRANSLATE_NOOP("MainWindow", "Start an empty model"), (QKeySequence.New,)),
    Action("act_open", lambda w: w.open_dialog, QT_TRANSLATE_NOOP("MainWindow", "&Open…"),
           QT_TRANSLATE_NOOP("MainWindow", "Open a .nbproj project"), (QKeySequence.Open,)),
    Action("act_save", lambda w: w.save, QT_TRANSLATE_NOOP("MainWindow", "&Save"),
           QT_TRANSLATE_NOOP("MainWindow", "Save the project"), (QKeySequence.Save,)),
    Action("act_save_as", lambda w: w.save_as, QT_TRANSLATE_NOOP("MainWindow", "Save &As…"),
           keys=(QKeySequence.SaveAs,)),
    Action("act_quit", lambda w: w.close, QT_TRANSLATE_NOOP("MainWindow", "&Quit"), keys=(QKeySequence.Quit,)),
    # plain actions (not QUndoStack.createUndoAction) so the "Undo <command>" text follows the language
    Action("act_undo", lambda w: w.undo_stack.undo, QT_TRANSLATE_NOOP("MainWindow", "&Undo"), keys=("Ctrl+Z",)),
    Action("act_redo", lambda w: w.undo_stack.redo, QT_TRANSLATE_NOOP("MainWindow", "&Redo"),
           keys=("Ctrl+Shift+Z", "Ctrl+Y")),
    Action("act_cut", lambda w: w.cut, QT_TRANSLATE_NOOP("MainWindow", "Cu&t"), keys=(QKeySequence.Cut,)),
    Action("act_copy", lambda w: w.copy, QT_TRANSLATE_NOOP("MainWindow", "&Copy"), keys=(QKeySequence.Copy,)),
    Action("act_paste", lambda w: w.paste, QT_TRANSLATE_NOOP("MainWindow", "&Paste"), keys=(QKeySequence.Paste,)),
    Action("act_delete", lambda w: w.delete_selected, QT_TRANSLATE_NOOP("MainWindow", "&Delete"),
           QT_TRANSLATE_NOOP("MainWindow", "Delete selected layers/edges"), (QKeySequence.Delete, "Backspace")),
    Action("act_select_all", lambda w: w.select_all, QT_TRANSLATE_NOOP("MainWindow", "Select &All"),
           keys=(QKeySequence.SelectAll,)),
    Action("act_zoom_in", lambda w: lambda: w.view.zoom(1.2), QT_TRANSLATE_NOOP("MainWindow", "Zoom &In"),
           keys=(QKeySequence.ZoomIn,)),
    Action("act_zoom_out", lambda w: lambda: w.view.zoom(1 / 1.2), QT_TRANSLATE_NOOP("MainWindow", "Zoom &Out"),
           keys=(QKeySequence.ZoomOut,)),
    Action("act_fit", lambda w: w.view.fit, QT_TRANSLATE_NOOP("MainWindow", "&Fit to View"),
           QT_TRANSLATE_NOOP("MainWindow", "Show the whole graph"), ("Ctrl+0",)),
    Action("act_snap", lambda w: w.set_snap, QT_TRANSLATE_NOOP("MainWindow", "&Snap to Grid"),
           QT_TRANSLATE_NOOP("MainWindow", "Align moved layers to a grid"), checkable=True, checked=True),
    Action("act_layout", lambda w: w.auto_layout, QT_TRANSLATE_NOOP("MainWindow", "Auto-&Layout"),
           QT_TRANSLATE_NOOP("MainWindow", "Arrange layers top-down in layers"), ("Ctrl+L",)),
    Action("act_output", lambda w: w.toggle_output, QT_TRANSLATE_NOOP("MainWindow", "Toggle Model &Output"),
           QT_TRANSLATE_NOOP("MainWindow", "Make the selected layers model outputs (or stop them being outputs)"),
           ("Ctrl+Shift+O",)),
    Action("act_code", lambda w: lambda: w.show_dock("code"), QT_TRANSLATE_NOOP("MainWindow", "Show &Keras Code"),
           keys=("Ctrl+K",)),
    Action("act_problems", lambda w: lambda: w.show_dock("problems"), QT_TRANSLATE_NOOP("MainWindow",
           "Show &Problems"), keys=("Ctrl+Shift+P",)),
    Action("act_about", lambda w: w.about, QT_TRANSLATE_NOOP("MainWindow", "&About netbuilder")),
    Action("act_getting_started", lambda w: lambda: guide.show_getting_started(w),
           QT_TRANSLATE_NOOP("MainWindow", "&Getting Started"),
           QT_TRANSLATE_NOOP("MainWindow", "The first steps, in a few lines"), (QKeySequence.HelpContents,)),
    Action("act_cases", lambda w: lambda: guide.show_tutorial_cases(w),
           QT_TRANSLATE_NOOP("MainWindow", "The Four &Tutorial Cases…"),
           QT_TRANSLATE_NOOP("MainWindow", "The book's examples by chapter: click one to open it")),
    Action("act_reset_layout", lambda w: lambda: w.dock_layout.reset(), QT_TRANSLATE_NOOP("MainWindow",
           "&Reset Layout"), QT_TRANSLATE_NOOP("MainWindow", "Put every panel back in its default place")),
)

#: The menu bar: ``(window attribute, title, entries)``; an entry is an action attribute, None (a
#: separator), ``(attribute, title)`` (a submenu, filled elsewhere) or "docks" (the window's docks' toggles).
MENUS = (
    ("file_menu", QT_TRANSLATE_NOOP("MainWindow", "&File"), (
        "act_new", "act_open", ("recent_menu", QT_TRANSLATE_NOOP("MainWindow", "Open &Recent")),
        ("examples_menu", QT_TRANSLATE_NOOP("MainWindow", "&Examples")), None,
        "act_save", "act_save_as", None, "act_quit")),
    ("edit_menu", QT_TRANSLATE_NOOP("MainWindow", "&Edit"), (
        "act_undo", "act_redo", None, "act_cut", "act_copy", "act_paste", "act_delete", None, "act_select_all")),
    ("view_menu", QT_TRANSLATE_NOOP("MainWindow", "&View"), (
        "act_zoom_in", "act_zoom_out", "act_fit", "act_snap", None,
        ("language_menu", QT_TRANSLATE_NOOP("MainWindow", "&Language")), None, "act_reset_layout", None,
        "docks")),  # the features add their docks' toggles below
    ("model_menu", QT_TRANSLATE_NOOP("MainWindow", "&Model"), (
        "act_layout", "act_output", None, "act_problems", "act_code")),
    ("help_menu", QT_TRANSLATE_NOOP("MainWindow", "&Help"), (
        "act_getting_started", "act_cases", None, "act_about")),
)

TOOLBAR = ("act_new", "act_open", "act_save", None, "act_undo", "act_redo", None,
           "act_delete", "act_layout", "act_fit", None, "act_code")
TOOLBAR_TITLE = QT_TRANSLATE_NOOP("MainWindow", "Main toolbar")


def _tr(text: str) -> str:
    return QCoreApplication.translate("MainWindow", text)


def create_actions(win) -> None:
    """Make every :data:`ACTIONS` row an attribute of ``win``, and the View › Language choices
    (``win.language_actions``, each language in its own name: never translated)."""
    for spec in ACTIONS:
        act = QAction(win)
        act.setShortcuts([QKeySequence(k) for k in spec.keys])
        act.setCheckable(spec.checkable)
        (act.toggled if spec.checkable else act.triggered).connect(spec.slot(win))
        act.setChecked(spec.checked)
        setattr(win, spec.attr, act)
    win.language_group = QActionGroup(win)
    win.language_actions = {}
    for code, name in i18n.LANGUAGES.items():
        a = QAction(name, win, checkable=True)
        a.setData(code)
        a.triggered.connect(lambda _=False, c=code: win.set_language(c))
        win.language_group.addAction(a)
        win.language_actions[code] = a


def build_menus(win) -> None:
    """The menu bar and main toolbar of ``win`` from :data:`MENUS` and :data:`TOOLBAR` (texts: :func:`retranslate`)."""
    bar = win.menuBar()
    for attr, _title, entries in MENUS:
        menu = bar.addMenu("")
        setattr(win, attr, menu)
        for entry in entries:
            if entry is None:
                menu.addSeparator()
            elif isinstance(entry, tuple):
                setattr(win, entry[0], menu.addMenu(""))
            elif entry == "docks":
                for dock in win._docks.values():
                    menu.addAction(dock.toggleViewAction())
            else:
                menu.addAction(getattr(win, entry))
    win.language_menu.addActions(list(win.language_actions.values()))
    win.main_toolbar = tb = win.addToolBar("")
    tb.setObjectName("mainToolbar")
    tb.setMovable(True)
    for entry in TOOLBAR:
        tb.addSeparator() if entry is None else tb.addAction(getattr(win, entry))
    win.fill_examples_menu()
    win.fill_recent_menu()


def retranslate(win) -> None:
    """Texts, tooltips and status tips of the table's actions, the menu titles, the toolbar's title and
    the tick on the current language."""
    for spec in ACTIONS:
        act, text = getattr(win, spec.attr), _tr(spec.text)
        act.setText(text)
        act.setToolTip(_tr(spec.tip) if spec.tip else text.replace("&", "").rstrip("…"))
        act.setStatusTip(_tr(spec.tip) if spec.tip else "")
    for attr, title, entries in MENUS:
        getattr(win, attr).setTitle(_tr(title))
        for entry in entries:
            if isinstance(entry, tuple):
                getattr(win, entry[0]).setTitle(_tr(entry[1]))
    win.main_toolbar.setWindowTitle(_tr(TOOLBAR_TITLE))
    lang = i18n.current_language()
    for code, act in win.language_actions.items():
        act.setChecked(code == lang)
