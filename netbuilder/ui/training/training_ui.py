"""``TrainingUI``: the training widgets around one :class:`~.controller.TrainingController`, and the glue
between them (remedies, setup problems and memory checks that disable Train, staleness, presets).

Graph edits during a run apply to the next run (the run keeps the network it started with).
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QObject, QTimer
from PySide6.QtWidgets import QSizePolicy, QWidget

from netbuilder.core import remedies

from ..qt_helpers import FillingVBoxLayout, HeldCall, overflow_bar
from . import setup_problems as SP
from .coach_banner import REMEDY_TEXT, CoachBanner
from .config_panel import TrainingConfigPanel
from .controller import TrainingController
from .controls import TrainingControls
from .dataset_panel import DatasetPanel
from .evaluation import EvaluationPanel
from .graphs import DictGraph, DocGraph
from .plots import TrainingPlots


class TrainingUI(QObject):
    """All training widgets around one controller; ``graph`` is a ``DictGraph`` or ``DocGraph``."""

    def __init__(self, graph, parent=None):
        super().__init__(parent)
        self.graph = graph
        self.controller = TrainingController(config_provider=graph.get, parent=self)
        c = self.controller
        self.config_panel = TrainingConfigPanel()
        self.dataset_panel = DatasetPanel(config_provider=graph.get)
        self.plots = TrainingPlots(c)
        self.banner = CoachBanner()
        self.controls = TrainingControls(c, before_start=self.push_settings)
        self.evaluation = EvaluationPanel(c)
        self.training_widget = QWidget()
        self.training_widget.setObjectName("trainingWidget")
        lay = FillingVBoxLayout(self.training_widget)  # the curves fill the dock; no scroll bar for a status line
        lay.setContentsMargins(2, 2, 2, 2)
        lay.setSpacing(2)  # every pixel of a laptop's bottom dock goes to the curves
        row = self.controls.layout().itemAt(0).layout()  # Train, Pause, Stop, progress
        self.plots.readout.setSizePolicy(QSizePolicy.Ignored, QSizePolicy.Preferred)  # never widens the dock
        row.addWidget(self.plots.readout, 1)
        self.controls.trainingProgress.setMinimumWidth(250)  # "finished after 1000 epochs (6.6 s)" on one line
        # the curves' switches beside the run's buttons (one row less above the curves), in a bar that hides
        # what does not fit behind its » button instead of widening the dock (a scroll bar at 1366×768)
        self.curve_tools = overflow_bar("curveTools", (self.plots.log_check, self.plots.prev_check,
                                                       self.plots.png_button, self.plots.csv_button))
        row.addWidget(self.curve_tools)
        lay.addWidget(self.controls)
        lay.addWidget(self.banner)
        lay.addWidget(self.evaluation.bookLabel)  # the book's number for a tutorial example
        lay.addWidget(self.plots, 1)
        c.diagnosisChanged.connect(self.banner.show_diagnosis)
        c.stateChanged.connect(self._on_state)
        self.banner.remedyRequested.connect(self.apply_remedy)
        self.dataset_panel.dataLoaded.connect(self._on_data)
        self.dataset_panel.fixRequested.connect(lambda cfg: self.set_graph(cfg, self.tr("Fit the network to the data")))
        self.dataset_panel.presetRequested.connect(self.load_preset)
        self.dataset_panel.dataDropped.connect(self._on_data_dropped)
        c.request_data = self._load_for_training
        self._memory_block = None  # why Train is disabled (a MemoryTooLargeError), or None
        self._setup_block = None  # the first blocking setup problem (setup_problems.SetupProblem), or None
        self._refresh_memory = HeldCall(self._check_again)  # once per batch of changes (_on_data)
        self.config_panel.changed.connect(self._refresh_memory)
        from .. import wheel_guard  # noqa: PLC0415

        wheel_guard.protect(self.dataset_panel)  # its spin and combo boxes too: scrolling changes no value
        self.config_panel.refused.connect(self._say)

    def retranslate_ui(self) -> None:
        """Dock titles (the widgets inside retranslate themselves on ``LanguageChange``)."""
        titles = {"dataset": self.tr("Dataset"), "trainingConfig": self.tr("Training settings"),
                  "training": self.tr("Training"), "evaluation": self.tr("Evaluation")}
        for key, dock in getattr(self, "docks", {}).items():
            dock.setWindowTitle(titles[key])

    # ------------------------------------------------------------------ glue
    def _on_state(self, state: str) -> None:
        if state == "running":
            self.banner.show_diagnosis(self.controller.diagnosis)  # a new run clears the old verdict
            self.banner.hold_space(True)  # the verdict's arrival mid-run repaints no curve (see hold_space)
        elif state == "idle":
            if not getattr(self, "_between_runs", False):
                # given back a turn after the run's end: it resizes both plots (laid out and painted anew), and the
                # run's last turn (the final verdict, the finished curves, the Lab's record) is long enough already
                QTimer.singleShot(1, self, self._give_back_banner_place)
            self._apply_train_block()
        self.show_staleness()

    def _give_back_banner_place(self) -> None:
        if self.controller.state == "idle" and not getattr(self, "_between_runs", False):
            self.banner.hold_space(False)

    def hold_banner_between_runs(self, on: bool) -> None:
        """A Lab experiment runs (True): the coach banner's place stays held from one of its runs to the next,
        so the curves below are not resized (laid out and repainted) at each run's end and start; False: given
        back once the experiment has ended."""
        self._between_runs = bool(on)
        if not on and self.controller.state == "idle":
            self.banner.hold_space(False)

    def show_staleness(self) -> None:
        """Curves, verdict and results of a run belong to its network and dataset: greyed and labelled
        "from the previous network" once either changed (an undo back to them makes them current again)."""
        stale = self.controller.results_stale()
        for widget in (self.plots, self.banner, self.evaluation):
            widget.set_stale(stale)
        shown = (stale, id(self.controller.comparable_previous()))  # the overlay depends on the data loaded
        if shown != getattr(self, "_staleness_shown", None):
            self._staleness_shown = shown
            self.plots.redraw(force=True)

    # ------------------------------------------------------------------ memory before training
    def memory_problem(self):
        """Check that the current network, at the panel's batch size and optimizer, fits in the free
        memory (:mod:`netbuilder.core.memory`); disable Train with the reason when it does not.
        Returns the ``MemoryTooLargeError`` (its ``layer`` is the node at fault) or None."""
        settings = {**self.controller.settings, **self.config_panel.settings()}
        self._memory_block = self.controller.memory_problem(settings=settings)
        self._apply_train_block()
        return self._memory_block

    # ------------------------------------------------------------------ setup problems (loss, output, data)
    def setup_problems(self, loss_known: bool = False) -> list:
        """The training setup's problems (:func:`.setup_problems.find`) for the current network, settings and
        data; Train is disabled with the first blocking one as the reason. Without data the loss is checked
        against the output layer only when it was chosen (``loss_known``: an opened project's compile
        section), not the form's default on a new canvas."""
        settings = {**self.controller.settings, **self.config_panel.settings()}
        try:
            problems = SP.find(self.graph.get(), settings, self.controller.data) \
                if self.controller.data is not None or loss_known else []
        except Exception:  # noqa: BLE001 - a graph the check cannot read is reported by the graph check
            problems = []
        blocking = SP.blocking(problems)
        self._setup_block = blocking[0] if blocking else None
        self._apply_train_block()
        return problems

    def apply_fix(self, fix) -> None:
        """One click on a fix in Problems: a graph edit (undoable) or a change of the Training settings."""
        if fix.graph is not None:
            self.set_graph(fix.graph, ("SetupProblems", SP.FIX_TEXT[fix.key], fix.params))
        if fix.settings is not None:
            self.config_panel.apply_settings(fix.settings)
        self.controller.message.emit(self.tr("Applied: {fix}.").format(fix=fix.text()))

    def _say(self, text: str) -> None:
        """A settings field's note (a clamped value) in the training status line and the status bar."""
        self.controls.statusLabel.setText(text)
        if isinstance(self.graph, DocGraph):
            self.graph.window.statusBar().showMessage(text, 8000)

    def _check_again(self) -> None:
        """Settings or data changed: check again (in a builder window, with the node flagged); called as
        ``self._refresh_memory``, which folds the calls of one batch of changes into one."""
        if isinstance(self.graph, DocGraph):
            self.graph.window.on_doc_changed()
        else:
            self.memory_problem()
            self.setup_problems()

    def _apply_train_block(self) -> None:
        from ..i18n import messages  # noqa: PLC0415

        button, exc = self.controls.trainButton, self._memory_block or self._setup_block
        if exc is None:
            if button.toolTip():
                button.setToolTip("")
                button.setEnabled(self.controller.state == "idle")
                self.controls.statusLabel.setText("")
            return
        why = self.tr("Train is disabled: {why}").format(why=messages.render(exc))
        fixes = getattr(exc, "fixes", None)
        if fixes:
            why += " " + self.tr("Fix it in Problems: {fix}.").format(fix=fixes[0].text())
        button.setEnabled(False)
        button.setToolTip(why)
        self.controls.statusLabel.setText("✖ " + why)

    def push_settings(self) -> None:
        self.controller.set_settings(self.config_panel.settings())

    def _load_for_training(self, on_ready) -> bool:
        """Train without data: the panel loads the chosen dataset; once it is in (and the loss and metrics
        its task implies are set), the settings are pushed again and the run starts, in an event-loop turn
        of its own: playground data comes at once, and loading and describing it (the form, the window)
        then building and starting the run made one turn of 25-35 ms, the longest of a run's start. (A 1 ms
        timer: a zero-delay call is a posted event, handled before the event loop's timers and repaints.)"""
        return self.dataset_panel.load_for_training(
            lambda: QTimer.singleShot(1, self, lambda: (self.push_settings(), on_ready())))

    def _on_data(self, data) -> None:
        """New data: its task's loss and metrics in the form, then the form and the window described once
        (they used to be described three times, the largest GUI turn of a run's start)."""
        with self._refresh_memory.held(run=True), self.config_panel._refresh.held(run=True):
            self.controller.set_data(data)
            self.show_staleness()
            self.refresh_context()  # "all" as batch size is the data's length: checked again on exit
            self._apply_task_settings(data)

    def _apply_task_settings(self, data) -> None:
        if data.task == "regression":
            self.config_panel.apply_settings({"loss": "mse", "metrics": ["mae"]})
        elif data.task == "binary":
            self.config_panel.apply_settings({"loss": "binary_crossentropy", "metrics": ["accuracy"]})
        else:
            sparse = data.y_train.ndim == 1
            self.config_panel.apply_settings({"loss": "sparse_categorical_crossentropy" if sparse
                                              else "categorical_crossentropy", "metrics": ["accuracy"]})

    def _on_data_dropped(self) -> None:
        self.controller.set_data(None)
        self.show_staleness()
        self.refresh_context()
        self._refresh_memory()

    def apply_project(self, dataset: dict | None, training: dict | None, base=None) -> None:
        """An opened project's dataset (source, preparation; data of another one dropped) and the
        book's numbers for its results (``training.book_numbers``); ``base``: the project's folder."""
        self.controller.clear_run()  # nothing of the previous project's run shows in this one
        self.evaluation.clear_result()
        self.dataset_panel.apply_project(dataset, base)
        self.evaluation.set_book(training)
        self.show_staleness()
        self.plots.redraw(force=True)

    def refresh_context(self) -> None:
        """Tell the settings panel what the output layer and the labels look like."""
        cfg = self.graph.get()
        out = remedies.output_layer(cfg) if cfg and cfg.get("config", {}).get("layers") else None
        oc = (out or {}).get("config", {})
        act = oc.get("activation", "linear") if out and out["class_name"] == "Dense" else None
        data = self.controller.data
        self.config_panel.set_context(task=data.task if data else None, output_activation=act,
                                      output_units=oc.get("units"),
                                      y_shape=tuple(data.y_train.shape) if data is not None else None)

    def graph_changed(self) -> None:
        if isinstance(self.graph, DictGraph):  # a builder window checks in its on_doc_changed
            self.memory_problem()
            self.setup_problems()
        self.controller.graph_changed()
        self.refresh_context()
        self.dataset_panel.check_model()
        self.show_staleness()

    def set_graph(self, config, text) -> None:
        if self.controller.state != "idle":
            self.controller.message.emit(self.tr("The run keeps its network: this change applies to the next run."))
        self.graph.set(config, text)
        if isinstance(self.graph, DictGraph):
            self.graph_changed()

    def apply_remedy(self, code: str) -> None:
        """Carry out one of the coach's remedies (graph edit, setting change or advice)."""
        c, p = self.controller, self.config_panel
        if code == "add_augmentation":  # first a grid of augmented training images, then the edit on "Add"
            from .augment_preview import offer  # noqa: PLC0415

            offer(self, lambda: self._apply_graph_remedy(code))
        elif code in remedies.GRAPH_REMEDIES:
            self._apply_graph_remedy(code)
        elif code == "more_epochs":
            c.message.emit(self.tr("Epochs set to {n}.").format(n=p.scale_epochs(2)))
        elif code == "lower_learning_rate":
            c.message.emit(self.tr("Learning rate set to {lr}. Train again from fresh weights.").format(
                lr=f"{p.scale_learning_rate(0.1):g}"))
        elif code == "restore_best_weights":
            c.restore_best_weights()
        elif code == "more_data":
            c.message.emit(self.tr("More data is the best cure for overfitting: collect more samples, or lower "
                                   "the validation split, or augment the data you have."))

    def _apply_graph_remedy(self, code: str) -> None:
        cfg = self.graph.get()
        if cfg:
            what = REMEDY_TEXT.get(code, code)
            self.set_graph(remedies.apply(code, cfg), QCoreApplication.translate("CoachBanner", what))
            self.controller.message.emit(self.tr("Applied: {remedy}. Train again to see the effect.").format(
                remedy=QCoreApplication.translate("CoachBanner", what)))

    def load_preset(self, name: str) -> None:
        """Put the tutorial's network ``name`` on the canvas and its settings in the panel."""
        from netbuilder.core.datasets.presets import get_preset  # noqa: PLC0415

        pr = get_preset(name)
        layers = [{"class_name": "InputLayer", "config": {"name": "input", "batch_shape": [None, *pr.input_shape]}}]
        for i, spec in enumerate(pr.layers):
            layers.append({"class_name": spec["class_name"],
                           "config": {"name": f"{spec['class_name'].lower()}_{i + 1}", **spec["config"]}})
        self.set_graph({"class_name": "Sequential", "config": {"name": pr.name, "layers": layers}},
                       self.tr("Load {title}").format(title=pr.title))
        self.config_panel.apply_settings({"optimizer": pr.optimizer, "loss": pr.loss, "metrics": list(pr.metrics),
                                          "epochs": pr.epochs, "batch_size": pr.batch_size})

    def shutdown(self) -> None:
        """Stop and join the training and download threads (window closing): nothing is lost."""
        self.controller.shutdown()
        self.dataset_panel.shutdown()  # the download thread and the data dialog's work
