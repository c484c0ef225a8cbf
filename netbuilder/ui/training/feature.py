"""The training docks in a window: :class:`TrainingFeature` (the window's feature protocol, see
``netbuilder/ui/features.py``) and :func:`install_training_ui` (any ``QMainWindow``).

Both add the Dataset, Training settings, Training and Evaluation docks around one
:class:`~.training_ui.TrainingUI` and keep it as ``window.training_ui`` and its controller as
``window.training``. When the window has a graph document (``window.doc`` with ``to_config()`` and an
``undo_stack``), the network is read from it and the coach's remedies and the shape fixes are pushed
as undoable edits.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt

from ..dock_layout import add_dock
from .controller import TrainingController
from .graphs import DictGraph, DocGraph
from .training_ui import TrainingUI


class TrainingFeature:
    """The training docks as a window feature: ``key`` ``"training"``; :meth:`install` builds them,
    :meth:`retranslate` sets the dock titles, :meth:`shutdown` stops and joins the training, evaluation
    and download threads (the window calls it from ``closeEvent`` once the close is certain).

    ``ui`` is the :class:`~.training_ui.TrainingUI` and ``controller`` its controller (None before
    :meth:`install`); a fix clicked in the window's Problems list (``window.problems``) reaches ``ui``.
    """

    key = "training"

    def __init__(self):
        self.ui: TrainingUI | None = None
        self.controller: TrainingController | None = None

    def install(self, window) -> None:
        self.ui = _install(window)
        self.controller = self.ui.controller
        problems = getattr(window, "problems", None)
        if problems is not None:
            problems.fixRequested.connect(self.ui.apply_fix)

    def retranslate(self) -> None:
        if self.ui is not None:
            self.ui.retranslate_ui()

    def shutdown(self) -> None:
        if self.ui is not None:
            self.ui.shutdown()


class _CloseGuard(QObject):
    """Shuts the training down when a window without the feature protocol closes."""

    def __init__(self, ui):
        super().__init__(ui)
        self.ui = ui

    def eventFilter(self, obj, event):  # noqa: N802 - Qt API
        if event.type() == QEvent.Close:
            self.ui.shutdown()
        return False


def install_training_ui(main_window) -> TrainingController:
    """Add the Dataset, Training settings, Training and Evaluation docks; returns the controller.

    The threads are joined when the window gets its close event (a window that holds a
    :class:`TrainingFeature` calls its ``shutdown`` itself)."""
    ui = _install(main_window)
    main_window.installEventFilter(_CloseGuard(ui))
    return ui.controller


def _install(main_window) -> TrainingUI:
    graph = DocGraph(main_window) if hasattr(main_window, "doc") and hasattr(main_window, "undo_stack") \
        else DictGraph()
    ui = TrainingUI(graph, main_window)
    main_window.training_ui = ui
    main_window.training = ui.controller
    docks = {  # each panel scrolls inside its dock instead of asking the window for room
        "dataset": add_dock(main_window, "dataset", ui.dataset_panel, Qt.RightDockWidgetArea),
        "trainingConfig": add_dock(main_window, "trainingConfig", ui.config_panel, Qt.RightDockWidgetArea),
        "training": add_dock(main_window, "training", ui.training_widget, Qt.BottomDockWidgetArea),
        "evaluation": add_dock(main_window, "evaluation", ui.evaluation, Qt.BottomDockWidgetArea),
    }
    main_window.tabifyDockWidget(docks["dataset"], docks["trainingConfig"])
    main_window.tabifyDockWidget(docks["training"], docks["evaluation"])
    docks["dataset"].raise_()
    docks["training"].raise_()
    ui.docks = docks
    ui.retranslate_ui()
    if isinstance(graph, DocGraph):  # the network, not its positions: a drag re-checks nothing
        main_window.doc.modelChanged.connect(ui.graph_changed)
    view_menu = getattr(main_window, "view_menu", None)
    if view_menu is None:  # a plain QMainWindow: find View by its (English) title
        view_menu = next((a.menu() for a in main_window.menuBar().actions()
                          if a.text().replace("&", "") == "View" and a.menu() is not None), None)
    if view_menu is not None:
        view_menu.addSeparator()
        for d in docks.values():
            view_menu.addAction(d.toggleViewAction())
    ui.refresh_context()
    return ui
