"""Looking inside the network (issue 17): the step mode (``stepPanel``) and the layer view
(``layerView``), installed as the window feature ``"inspect"`` (see ``ui.features``).

Both docks are created with the window: the step mode tabbed behind Training/Evaluation, the
layer view behind the Inspector, and both listed in View. They read the training feature's
controller (its data, settings and trained model) and never change it: the step mode trains a
model of its own.
"""

from __future__ import annotations

import copy
import json

from PySide6.QtCore import QCoreApplication, Qt

from ..dock_layout import add_dock
from .layer_view import LayerView
from .step_panel import StepPanel

__all__ = ["InspectFeature", "LayerView", "StepPanel"]


def _tr(text: str) -> str:
    return QCoreApplication.translate("InspectFeature", text)


class InspectFeature:
    """The step mode and the layer view as a window feature; install after ``"training"``."""

    key = "inspect"

    def __init__(self):
        self.window = self.controller = None
        self.step_panel = self.layer_view = None
        self.step_dock = self.layer_dock = None
        self._fresh = (None, None)  # (config key, untrained model) for a view before any training
        self._snapshot = (None, None)  # (trained model, its copy read during a run)

    def install(self, window) -> None:
        training = window.feature("training") if hasattr(window, "feature") else None
        self.window = window
        self.controller = training.controller if training is not None else window.training
        self.step_panel = StepPanel(self.controller)
        self.layer_view = LayerView(self.model_source, lambda: self.controller.data)
        self.step_dock = add_dock(window, "step", self.step_panel, Qt.BottomDockWidgetArea)
        self.layer_dock = add_dock(window, "layerView", self.layer_view, Qt.RightDockWidgetArea)
        docks = getattr(getattr(window, "training_ui", None), "docks", {})
        if "evaluation" in docks:
            window.tabifyDockWidget(docks["evaluation"], self.step_dock)
            docks["training"].raise_()
        inspector = getattr(window, "_docks", {}).get("inspector")
        if inspector is not None:
            window.tabifyDockWidget(inspector, self.layer_dock)
            inspector.raise_()
        view_menu = getattr(window, "view_menu", None)
        if view_menu is not None:
            view_menu.addAction(self.step_dock.toggleViewAction())
            view_menu.addAction(self.layer_dock.toggleViewAction())
        self.controller.epochEnded.connect(self._on_epoch_end)
        self.controller.dataChanged.connect(self._refresh_view)
        self.step_panel.stepped.connect(self._refresh_view)
        scene = getattr(window, "scene", None)
        if scene is not None:
            self.layer_view.follow_scene(scene)
        self.retranslate()

    def retranslate(self) -> None:
        self.step_dock.setWindowTitle(_tr("Step by step"))
        self.layer_dock.setWindowTitle(_tr("Layer view"))
        self.step_panel.retranslate()
        self.layer_view.retranslate()

    def shutdown(self) -> None:
        """Stop a run to the end of an epoch (its timer); nothing is written to disk."""
        self.step_panel.reset()

    # ------------------------------------------------------------------ the layer view's model
    def model_source(self):
        """``(model, note)`` for the layer view: the step mode's model once it stepped, else the trained
        model (a copy of its weights at the last epoch end while it trains), else fresh weights."""
        s = self.step_panel.session
        if s is not None and s.losses:
            return s.model, _tr("The step mode's network, after {n} steps.").format(n=len(s.losses))
        c = self.controller
        if c.model is not None:
            if c.state == "idle":
                return c.model, _tr("The trained network.")
            snap = self._snapshot[1] if self._snapshot[0] is c.model else None
            if snap is not None:
                return snap, _tr("The network being trained, as it was at the last epoch end.")
            return None, _tr("The network is training: the view follows it from the first epoch end.")
        config = c.current_config()
        if config is None:
            return None, ""
        key = json.dumps(config, sort_keys=True, default=str)
        if self._fresh[0] != key:
            try:
                model = c.build_model(config)
            except Exception:  # noqa: BLE001 - the Problems list says what is wrong with the graph
                return None, _tr("The network cannot be built yet: see Problems.")
            self._fresh = (key, model)
        return self._fresh[1], _tr("Untrained network (fresh weights): train it or step it to see what it learns.")

    def _on_epoch_end(self, *_) -> None:
        """Copy the weights the training thread has just finished an epoch with (never running the
        model it is training), then redraw when the layer view is on screen."""
        c = self.controller
        if c.model is None or not self.layer_dock.isVisible():
            return
        try:
            if self._snapshot[0] is not c.model:
                self._snapshot = (c.model, copy.deepcopy(c.model))
            else:
                self._snapshot[1].set_weights(c.model.get_weights())
        except Exception:  # noqa: BLE001 - the thread changed the model mid-copy: the next epoch end tries again
            self._snapshot = (None, None)
            return
        self.layer_view.refresh()

    def _refresh_view(self, *_) -> None:
        if self.layer_dock.isVisible():
            self.layer_view.refresh()
