"""Looking inside the network (issue 17): the step mode (``stepPanel``), the layer view
(``layerView``), the unfolding paper ball (``paperBall``) and the training health (``healthPanel``),
installed as the window feature ``"inspect"`` (see ``ui.features``).

The docks are created with the window: the step mode, the paper ball and the health panel tabbed
behind Training/Evaluation, the layer view with them, all listed in View. They read the
training feature's controller (its data, settings and trained model) and never change it: the step
mode trains a model of its own. The paper ball's frames and the health numbers are recorded inside
each run's ``fit`` by callbacks the feature adds to the controller's ``run_callbacks``; the layer
view reads a copy of the weights at each epoch end.
"""

from __future__ import annotations

import copy
import json
import time

import shiboken6

from PySide6.QtCore import QCoreApplication, QObject, Qt, Signal

from netbuilder.core.callbacks import Callback
from netbuilder.core.introspect import LayerStats, UnfoldingRecorder, project
from netbuilder.core.introspect import health as H

from ..dock_layout import add_dock
from ..training import run_setup as RS
from .health_coach import HealthCoach
from .health_panel import HealthPanel
from .layer_view import LayerView
from .paper_ball import PaperBallView, class_ids
from .step_panel import StepPanel

__all__ = ["HealthPanel", "InspectFeature", "LayerView", "PaperBallView", "StepPanel"]

# points of the playground set drawn in the paper ball (its first rows; enough to see the shapes)
BALL_POINTS = 300
# training rows on which the health statistics count dead/saturated units
HEALTH_ROWS = 256


def _tr(text: str) -> str:
    return QCoreApplication.translate("InspectFeature", text)


class _Quiet(Callback):
    """Runs ``inner``'s hooks until its first error, then stays silent: a view's recorder must never
    end the learner's run (the error is kept in ``error`` for the tests and the log).

    It also keeps the recorder's cost bounded: an epoch is recorded only while the time spent in the
    recorder stays under ``FREE_S`` plus ``SHARE`` of the run's time so far, and the last epoch of a
    run is always recorded. A network whose epochs take milliseconds (the spirals) then trains about
    as fast as without the views: they skip epochs (their frames keep their epoch numbers) instead of
    taking most of the time."""

    #: Seconds of recording every run may spend before the share applies.
    FREE_S = 0.25
    #: Most of the run's time the recorder may take past ``FREE_S``.
    SHARE = 0.02

    def __init__(self, inner, clock=time.perf_counter):
        super().__init__()
        self.inner, self.error = inner, None
        self.clock = clock
        self.spent = 0.0
        self.recorded: list[int] = []  # the epochs recorded
        self._start = None
        self._active = True

    def set_model(self, model):
        super().set_model(model)
        self.inner.set_model(model)

    def set_params(self, params):
        super().set_params(params)
        self.inner.set_params(params)

    def _call(self, hook, *args):
        if self.error is None:
            t = self.clock()
            try:
                getattr(self.inner, hook)(*args)
            except Exception as exc:  # noqa: BLE001
                self.error = exc
            self.spent += self.clock() - t

    def on_train_begin(self, logs=None):
        self._start, self.spent, self.recorded = self.clock(), 0.0, []
        self._call("on_train_begin", logs)

    def on_epoch_begin(self, epoch, logs=None):
        last = epoch + 1 >= int((self.params or {}).get("epochs") or 0)
        elapsed = self.clock() - (self._start if self._start is not None else self.clock())
        self._active = last or self.spent <= self.FREE_S + self.SHARE * elapsed
        if self._active:
            self._call("on_epoch_begin", epoch, logs)

    def on_train_batch_end(self, batch, logs=None):
        if self._active:
            self._call("on_train_batch_end", batch, logs)

    def on_epoch_end(self, epoch, logs=None):
        if self._active:
            self._call("on_epoch_end", epoch, logs)
            self.recorded.append(epoch)


class _Bridge(QObject):
    """Carries what a recorder made in the training thread to the GUI thread (queued signals)."""

    frame = Signal(int, object)
    stats = Signal(int, object)


class InspectFeature:
    """The step mode and the layer view as a window feature; install after ``"training"``."""

    key = "inspect"

    def __init__(self):
        self.window = self.controller = None
        self.step_panel = self.layer_view = self.paper_view = None
        self.step_dock = self.layer_dock = self.paper_dock = None
        self._ball_run = None  # the trained model whose epochs the paper ball's frames show
        self._bridge = None
        self._fresh = (None, None)  # (config key, untrained model) for a view before any training
        self._snapshot = (None, None)  # (trained model, its copy read during a run)

    def install(self, window) -> None:
        training = window.feature("training")
        self.window = window
        self.controller = training.controller if training is not None else window.training
        self.step_panel = StepPanel(self.controller)
        self.layer_view = LayerView(self.model_source, lambda: self.controller.data)
        self.step_dock = add_dock(window, "step", self.step_panel, Qt.BottomDockWidgetArea)
        # with the other views of a run, not behind the inspector: on a 768-px laptop the right column
        # is already one row of four tabs ("Insp…", "T…"), a fifth left no word readable
        self.layer_dock = add_dock(window, "layerView", self.layer_view, Qt.BottomDockWidgetArea)
        self.paper_view = PaperBallView()
        self.paper_dock = add_dock(window, "paperBall", self.paper_view, Qt.BottomDockWidgetArea)
        self.health_panel = HealthPanel()
        self.health_dock = add_dock(window, "health", self.health_panel, Qt.BottomDockWidgetArea)
        docks = getattr(getattr(window, "training_ui", None), "docks", {})
        if "evaluation" in docks:
            window.tabifyDockWidget(docks["evaluation"], self.step_dock)
            window.tabifyDockWidget(self.step_dock, self.paper_dock)
            window.tabifyDockWidget(self.paper_dock, self.health_dock)
            window.tabifyDockWidget(self.health_dock, self.layer_dock)
            docks["training"].raise_()
        view_menu = getattr(window, "view_menu", None)
        if view_menu is not None:
            view_menu.addAction(self.step_dock.toggleViewAction())
            view_menu.addAction(self.layer_dock.toggleViewAction())
            view_menu.addAction(self.paper_dock.toggleViewAction())
            view_menu.addAction(self.health_dock.toggleViewAction())
        self._on_screen: set = set()  # docks whose tab is in front (QDockWidget.isVisible() stays True behind a tab)
        for dock in (self.step_dock, self.layer_dock, self.paper_dock, self.health_dock):
            dock.visibilityChanged.connect(lambda shown, d=dock: self._on_screen.add(d.objectName()) if shown
                                           else self._on_screen.discard(d.objectName()))
        self._bridge = _Bridge(self.paper_view)
        self._bridge.frame.connect(self._on_recorded_frame)
        self._bridge.stats.connect(self.health_panel.add_epoch)
        # recorders added to every run: the paper ball's frames and the health numbers come from inside fit
        self.controller.run_callbacks.extend([self.make_recorder, self.make_stats])
        self.health_panel.remedyRequested.connect(self.apply_remedy)
        ui = getattr(window, "training_ui", None)
        # the coach's banner speaks of the health too (after the panel took the epoch's numbers)
        self.health_coach = HealthCoach(ui, self.health_panel, self.apply_remedy) if ui is not None else None
        if self.health_coach is not None:
            self._bridge.stats.connect(self.health_coach.update)
        self.controller.epochEnded.connect(self._on_epoch_end)
        self.controller.dataChanged.connect(self._refresh_view)
        self.step_panel.stepped.connect(self._refresh_view)
        self.paper_dock.visibilityChanged.connect(self._on_ball_shown)
        scene = getattr(window, "scene", None)
        if scene is not None:
            self.layer_view.follow_scene(scene)
        self.retranslate()

    def retranslate(self) -> None:
        self.step_dock.setWindowTitle(_tr("Step by step"))
        self.layer_dock.setWindowTitle(_tr("Layer view"))
        self.paper_dock.setWindowTitle(_tr("Paper ball"))
        self.health_dock.setWindowTitle(_tr("Training health"))
        self.step_panel.retranslate()
        self.layer_view.retranslate()
        self.paper_view.retranslate()
        self.health_panel.retranslate()
        if getattr(self, "health_coach", None) is not None:
            self.health_coach.update()  # its sentence is built in the interface language

    def shutdown(self) -> None:
        """Stop a run to the end of an epoch (its timer); nothing is written to disk."""
        self.step_panel.reset()
        self.paper_view.clear()

    def showing(self, dock) -> bool:
        """True when ``dock`` is on screen: open and floating, or docked with its tab in front."""
        return dock.isVisible() and (dock.isFloating() or dock.objectName() in self._on_screen)

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
                model, _rng = RS.built_apart(lambda: c.build_model(config))  # a run's generator left alone
            except Exception:  # noqa: BLE001 - the Problems list says what is wrong with the graph
                return None, _tr("The network cannot be built yet: see Problems.")
            self._fresh = (key, model)
        return self._fresh[1], _tr("Untrained network (fresh weights): train it or step it to see what it learns.")

    def _snapshot_model(self):
        """A copy of the training model with the weights it has now (the copy is made once per run,
        then only its weights are refreshed); None when the thread changed the model mid-copy."""
        c = self.controller
        try:
            if self._snapshot[0] is not c.model:
                self._snapshot = (c.model, copy.deepcopy(c.model))
            else:
                self._snapshot[1].set_weights(c.model.get_weights())
        except Exception:  # noqa: BLE001 - the next epoch end tries again
            self._snapshot = (None, None)
        return self._snapshot[1]

    def ball_sample(self):
        """``(x, class ids)`` of the paper ball's points, or None when the data is not 2-D."""
        d = self.controller.data
        if d is None or d.x_train.ndim != 2 or d.x_train.shape[1] != 2:
            return None
        return d.x_train[:BALL_POINTS], class_ids(d.y_train[:BALL_POINTS])

    def _on_epoch_end(self, *_) -> None:
        """At each epoch end of a run, when the layer view is on screen: copy the weights the training
        thread has just finished the epoch with (never running the model it trains) and redraw."""
        if self.controller.model is None or not self.showing(self.layer_dock):
            return
        if self._snapshot_model() is not None:
            self.layer_view.refresh()

    def make_recorder(self) -> Callback:
        """A callback for the next run (the controller calls it at Start): the paper ball of every epoch,
        recorded in the training thread right after the epoch, sent to the view. A plain ``Callback``
        when the data is not 2-D."""
        ball = self.ball_sample()
        if ball is None:
            return Callback()
        self.paper_view.clear()
        self.paper_view.set_labels(ball[1])
        self._ball_run = None
        return _Quiet(UnfoldingRecorder(ball[0], on_frame=self._bridge.frame.emit))

    def make_stats(self) -> Callback:
        """A ``LayerStats`` callback for the next run (the controller calls it at Start): the health
        numbers of every epoch, measured in the training thread, sent to the health panel."""
        d = self.controller.data
        self.health_panel.clear()
        if self.health_coach is not None:
            self.health_coach.update()  # the last run's health verdict is not this run's
        sample = None if d is None else d.x_train[:HEALTH_ROWS]
        return _Quiet(LayerStats(sample_x=sample, on_epoch=self._bridge.stats.emit))

    def apply_remedy(self, code: str) -> None:
        """A health remedy, as one undoable edit of the canvas (or the coach's learning-rate change)."""
        ui = getattr(self.window, "training_ui", None)
        if ui is None:
            return
        if code in H.GRAPH_CODES:
            config = ui.graph.get()
            if config is not None:
                ui.graph.set(H.apply_remedy(code, config), _tr("Training health remedy"))
        else:
            ui.apply_remedy(code)

    def _on_recorded_frame(self, epoch: int, projections) -> None:
        self._ball_run = self.controller.model
        # drawn only on screen: behind its tab the pictures cost the GUI thread ~10 ms a frame for nothing
        self.paper_view.add_frame(epoch, projections, draw=self.showing(self.paper_dock))

    def _on_ball_shown(self, shown: bool) -> None:
        if shown and shiboken6.isValid(self.paper_view):  # not while the window is being taken down
            if self.controller.state != "idle" and self.paper_view.frames:  # a run's frames, kept undrawn
                self.paper_view.show_frame(self.paper_view.slider.value())
            else:
                self._show_ball_now()

    def _show_ball_now(self) -> None:
        """Outside a run: the paper ball of the model the layer view reads (step mode, trained, fresh)."""
        ball = self.ball_sample()
        if ball is None or self.controller.state != "idle":
            return
        if self._ball_run is self.controller.model and self.paper_view.frames and self.step_panel.session is None:
            self.paper_view.show_frame(self.paper_view.slider.value())  # the last run's frames stay for replay
            return
        model, _ = self.model_source()
        if model is None:
            return
        try:
            projections = project(model, ball[0])
        except Exception:  # noqa: BLE001
            return
        self.paper_view.set_labels(ball[1])
        self._ball_run = None
        self.paper_view.show_now(projections)

    def _refresh_view(self, *_) -> None:
        if self.showing(self.layer_dock):
            self.layer_view.refresh()
        if self.showing(self.paper_dock):
            self._show_ball_now()
