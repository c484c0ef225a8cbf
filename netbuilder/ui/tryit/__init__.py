""""Try it": the trained model on the learner's own input (drawing, text, house, 2-D point).

``install_try_panel(main_window, controller=None)`` adds the :class:`TryPanel` as a dock
(``tryDock``) and, given a ``TrainingController``, makes it follow training. In the builder window it
is the ``"tryit"`` feature (:class:`TryItFeature`, see ``ui.features``).
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, Qt

from ..dock_layout import add_dock
from .panel import TryPanel

__all__ = ["TryItFeature", "TryPanel", "install_try_panel"]


def install_try_panel(main_window, training_ui=None) -> TryPanel:
    """Dock a ``TryPanel`` on the right of the builder window ``main_window``, tabbed with the
    inspector and listed in View (stored as ``main_window.try_panel`` and ``main_window.try_dock``).

    With ``training_ui`` (a ``TrainingUI``) the panel follows its controller's trained model, and a
    clicked confusion-matrix cell of its Evaluation panel is stepped through here.
    """
    panel = TryPanel()
    dock = add_dock(main_window, "try", panel, Qt.RightDockWidgetArea)  # the panel scrolls in its dock
    dock.setWindowTitle(_title())
    docks = main_window._docks
    main_window.tabifyDockWidget(docks["inspector"], dock)
    docks["inspector"].raise_()
    docks.setdefault("try", dock)
    main_window.view_menu.addAction(dock.toggleViewAction())  # closed by mistake: View › Try it brings it back
    if training_ui is not None:
        controller = training_ui.controller
        panel.connect_controller(controller)
        # a playground run: its decision regions are what to watch, so their tab comes to the front (a new run's
        # when the page follows it, a turn after the start; the same model trained on at once)
        controller.stateChanged.connect(lambda s: s == "running" and panel.kind == "playground" and dock.raise_())
        panel.followsRun.connect(dock.raise_)
        training_ui.evaluation.samplesChosen.connect(lambda idx, title: (panel.show_samples(idx, title), dock.show(),
                                                                         dock.raise_()))
    main_window.try_panel = panel
    main_window.try_dock = dock
    return panel


def _title() -> str:
    return QCoreApplication.translate("MainWindow", "Try it")


class TryItFeature:
    """"Try it" as a window feature (``ui.features``): installed after training, whose model it tries."""

    key = "tryit"

    def __init__(self):
        self.panel = self.dock = None

    def install(self, window) -> None:
        training = window.feature("training")
        self.panel = install_try_panel(window, training.ui if training is not None else None)
        self.dock = window.try_dock

    def retranslate(self) -> None:
        self.dock.setWindowTitle(_title())

    def shutdown(self) -> None:
        """Nothing to stop or flush: the panel keeps no files, and the decision regions' background
        picture (a daemon thread) is dropped when it arrives after the widget is gone."""
