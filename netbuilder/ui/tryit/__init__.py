""""Try it": the trained model on the learner's own input (drawing, text, house, 2-D point).

``install_try_panel(main_window, controller=None)`` adds the :class:`TryPanel` as a dock
(``tryDock``) and, given a ``TrainingController``, makes it follow training.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, Qt
from ..dock_layout import add_dock
from .panel import TryPanel

__all__ = ["TryPanel", "install_try_panel"]


def install_try_panel(main_window, controller=None) -> TryPanel:
    """Dock a ``TryPanel`` on the right of ``main_window`` (stored as ``main_window.try_panel``).

    ``controller`` defaults to the training UI's (``main_window.training_ui.controller``) when
    ``install_training_ui`` ran first.
    """
    if controller is None and getattr(main_window, "training_ui", None) is not None:
        controller = main_window.training_ui.controller
    panel = TryPanel()
    dock = add_dock(main_window, "try", panel, Qt.RightDockWidgetArea)  # the panel scrolls in its dock
    dock.setWindowTitle(QCoreApplication.translate("MainWindow", "Try it"))
    docks = getattr(main_window, "_docks", None)
    if isinstance(docks, dict):
        if "inspector" in docks:
            main_window.tabifyDockWidget(docks["inspector"], dock)
            docks["inspector"].raise_()
        docks.setdefault("try", dock)
    view_menu = getattr(main_window, "view_menu", None)
    if view_menu is not None:  # closed by mistake: View › Try it brings it back
        view_menu.addAction(dock.toggleViewAction())
    if controller is not None:
        panel.connect_controller(controller)
        # a playground run: its decision regions are what to watch, so their tab comes to the front
        controller.stateChanged.connect(lambda s: s == "running" and panel.kind == "playground" and dock.raise_())
    evaluation = getattr(getattr(main_window, "training_ui", None), "evaluation", None)
    if evaluation is not None:  # a clicked confusion-matrix cell: step through its samples here
        evaluation.samplesChosen.connect(lambda idx, title: (panel.show_samples(idx, title), dock.show(),
                                                             dock.raise_()))
    main_window.try_panel = panel
    main_window.try_dock = dock
    return panel
