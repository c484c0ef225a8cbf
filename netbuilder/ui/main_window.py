"""The builder window: palette, canvas, inspector, problems and Keras code around one document."""

from __future__ import annotations

import copy
from pathlib import Path

from PySide6.QtCore import QEvent, QPointF, QSettings, Qt, QTimer
from PySide6.QtGui import QUndoStack
from PySide6.QtWidgets import QLabel, QMainWindow, QMessageBox

from netbuilder import examples
from netbuilder.core.models import analyze_config
from netbuilder.core.models.config import GraphReport

from . import clipboard, commands, i18n, icons, menus, sharing
from .canvas import GraphScene, GraphView, share_offer
from .canvas.items import NODE_H, NODE_W
from .cost_view import CostFeature
from .dock_layout import DockLayout, add_dock
from .docs import CodeView, ProblemsList
from .features import Feature, TrainingFeature
from .graph_model import MOVED, GraphDocument
from .inspect import InspectFeature
from .inspector import LayerInspector
from .keras_code import keras_code
from .lab import LabFeature
from .layout import layered_positions
from .model_files import ModelFilesFeature
from .palette import LayerPalette
from .project_actions import ProjectActions
from .qt_helpers import signals_blocked
from .recovery import RecoveryFeature
from .style import ERROR_COLOR, OK_COLOR
from .tryit import TryItFeature

#: The features every builder window installs, in this order (``ui.features``): Try it follows the
#: training controller, recovery autosaves after a training run; the look-inside views, the lab and
#: the cost view read the training controller too (and shut down before it).
FEATURES = (TrainingFeature, TryItFeature, RecoveryFeature, ModelFilesFeature, InspectFeature, LabFeature,
            CostFeature)


class MainWindow(ProjectActions, QMainWindow):
    """The main window (``MainWindow``); ``settings`` defaults to the app's QSettings, ``features`` to
    :data:`FEATURES` (factories of :class:`~netbuilder.ui.features.Feature`)."""

    def __init__(self, settings: QSettings | None = None, parent=None, features=FEATURES):
        super().__init__(parent)
        self.setObjectName("MainWindow")
        self.settings = settings or QSettings()
        self.features: list[Feature] = []
        self.doc = GraphDocument(self)
        self.undo_stack = QUndoStack(self)
        self.report = self.marked_report = GraphReport()
        self.scene = GraphScene(self.doc, self)
        self.view = GraphView(self.scene, self)
        self.setCentralWidget(self.view)
        self.palette = LayerPalette()
        self.inspector = LayerInspector(self.doc, self.undo_stack)
        self.problems = ProblemsList()
        self.code_view = CodeView()
        self._docks = {key: add_dock(self, key, w, area) for key, w, area in (
            ("palette", self.palette, Qt.LeftDockWidgetArea), ("inspector", self.inspector, Qt.RightDockWidgetArea),
            ("problems", self.problems, Qt.BottomDockWidgetArea), ("code", self.code_view, Qt.BottomDockWidgetArea))}
        self.tabifyDockWidget(self._docks["problems"], self._docks["code"])
        self._docks["problems"].raise_()
        self.params_label = QLabel()
        self.params_label.setObjectName("paramsLabel")
        self.status_label = QLabel()
        self.status_label.setObjectName("graphStatus")
        self.statusBar().addPermanentWidget(self.params_label)
        self.statusBar().addPermanentWidget(self.status_label)
        menus.create_actions(self)
        for sig in (self.undo_stack.indexChanged, self.undo_stack.cleanChanged, self.undo_stack.canUndoChanged,
                    self.undo_stack.canRedoChanged, self.undo_stack.undoTextChanged, self.undo_stack.redoTextChanged):
            sig.connect(self._update_undo_actions)
        menus.build_menus(self)
        self.init_project_state()
        self.doc.changed.connect(self.on_doc_edited)
        self.scene.connectRequested.connect(self.connect_nodes)
        self.scene.connectRefused.connect(self.on_connect_refused)
        self.scene.shareOffered.connect(lambda src, dst, pos: share_offer.offer(self, src, dst, pos))
        self.scene.nodesMoved.connect(self.on_nodes_moved)
        self.scene.selectionChanged.connect(self.on_selection)
        self.view.layerDropped.connect(self.drop_layer)
        self.palette.activated.connect(self.add_after_selected)
        self.problems.nodeClicked.connect(self.focus_node)
        self.inspector.message.connect(self.show_message)
        self.undo_stack.cleanChanged.connect(self.on_clean_changed)
        for make in features:
            feature = make()
            feature.install(self)
            self.features.append(feature)
        self.setWindowIcon(icons.app_icon())
        self.dock_layout = DockLayout(self, self.settings)
        self.dock_layout.capture_default()  # what View › Reset layout brings back
        self._layout_restored = self.dock_layout.restore()
        self.retranslate_ui()

    def feature(self, key: str) -> Feature | None:
        """The installed feature of ``key`` (``"training"``, ``"tryit"``, …), or None."""
        return next((f for f in self.features if f.key == key), None)

    # ------------------------------------------------------------------ actions (menus.ACTIONS)
    def _update_undo_actions(self, *_):
        s = self.undo_stack
        for act, can, text, word in ((self.act_undo, s.canUndo(), s.undoText(), self.tr("&Undo")),
                                     (self.act_redo, s.canRedo(), s.redoText(), self.tr("&Redo"))):
            act.setEnabled(can)
            act.setText(f"{word} {text}" if can and text else word)
            act.setToolTip(act.text().replace("&", ""))

    # ------------------------------------------------------------------ language
    def set_language(self, code: str) -> str:
        """View › Language: switch the whole interface now and remember the choice."""
        return i18n.choose_language(self.settings, code)

    def changeEvent(self, event):  # noqa: N802 - Qt API
        if event.type() == QEvent.LanguageChange:
            self.retranslate_ui()
        super().changeEvent(event)

    def retranslate_ui(self) -> None:
        """Set every text of the window in the current language (also re-renders dynamic texts)."""
        menus.retranslate(self)
        for i in range(self.undo_stack.count()):  # "Undo Move" → "撤销 移动": the commands' own names too
            cmd = self.undo_stack.command(i)
            if hasattr(cmd, "retranslate"):
                cmd.retranslate()
        self._update_undo_actions()
        for key, title in (("palette", self.tr("Layers")), ("inspector", self.tr("Inspector")),
                           ("problems", self.tr("Problems")), ("code", self.tr("Keras code"))):
            self._docks[key].setWindowTitle(title)
        for feature in self.features:
            feature.retranslate()
        self.fill_examples_menu()
        self.update_title()
        self.on_doc_changed()

    def show_dock(self, key):
        self._docks[key].show()
        self._docks[key].raise_()

    # ------------------------------------------------------------------ reacting to the document
    def on_doc_edited(self):
        """After each edit: moved nodes only reposition on the canvas (the shapes, problems and Keras code
        of the same network stay); any other change describes the network again (:meth:`on_doc_changed`)."""
        if self.doc.last_change == {MOVED}:
            self.scene.sync(self.marked_report)
        else:
            self.on_doc_changed()

    def on_doc_changed(self):
        """Describe the document's network everywhere: shapes and parameters (``analyze_config``), faults on
        the canvas and in Problems, the status bar, the Keras code and the inspector."""
        cfg = self.doc.to_config()
        try:
            self.report = analyze_config(cfg["config"]) if self.doc.nodes else GraphReport()
            sharing.spread(self.doc, self.report)  # each call of a shared layer: its own shape
        except Exception as exc:  # noqa: BLE001 - a layer bug must not take the window down
            self.report = GraphReport(graph_errors=[exc])
        training = self.feature("training")  # memory before training: flag the node at fault
        too_big = training.ui.memory_problem() if training is not None else None
        if too_big is not None and too_big.layer in self.doc.nodes:
            self.report.errors[too_big.layer] = too_big
        # loss/output/label and data-shape faults: listed in Problems, marked on the node at fault
        setup = training.ui.setup_problems(loss_known=bool(self.project_extra.get("compile"))) \
            if training is not None and self.doc.nodes else []
        marked = copy.copy(self.report)
        marked.errors = {**{p.layer: p for p in reversed(setup) if p.layer in self.doc.nodes}, **self.report.errors}
        self.marked_report = marked  # the report with the setup problems on their nodes (canvas, inspector)
        self.scene.sync(marked)
        self.problems.show_report(self.doc, self.report, setup)
        n_problems = len(self.problems.problems())
        self.params_label.setText(self.tr("Total params: {n}").format(n=f"{self.report.total_params:,}"))
        if not self.doc.nodes:
            self.status_label.setText(self.tr("Empty model"))
            self.status_label.setStyleSheet("color:#64748b; padding:0 8px")
        elif n_problems == 0:
            self.status_label.setText("✔ " + self.tr("Graph OK"))
            self.status_label.setStyleSheet(f"color:{OK_COLOR}; font-weight:600; padding:0 8px")
        else:
            text = self.tr("1 problem") if n_problems == 1 else self.tr("{n} problems").format(n=n_problems)
            self.status_label.setText("✖ " + text)
            self.status_label.setStyleSheet(f"color:{ERROR_COLOR}; font-weight:600; padding:0 8px")
        try:
            code = keras_code(cfg, self.project_extra.get("compile"))
        except Exception as exc:  # noqa: BLE001 - an odd config must not stop the window describing it
            code = "# " + self.tr("The Keras code cannot be written for this network: {error}").format(
                error=f"{type(exc).__name__}: {exc}"[:300])
        self.code_view.set_code(code)
        name = self.inspector.node_name
        self.inspector.show_node(name if name in self.doc.nodes else None, marked)
        if name in self.doc.nodes and name not in self.scene.selected_names():
            with signals_blocked(self.scene):
                self.scene.select_names([name])

    def on_clean_changed(self, clean: bool):
        self.setWindowModified(not clean)

    def show_message(self, text: str):
        self.statusBar().showMessage(text, 8000)

    def on_connect_refused(self, why: str):
        self.statusBar().showMessage(self.tr("Not connected: {why}").format(why=why), 6000)

    def on_nodes_moved(self, positions: dict):
        self.undo_stack.push(commands.move(self.doc, positions))

    def on_selection(self):
        names = self.scene.selected_names()
        self.inspector.show_node(names[-1] if len(names) >= 1 else None, self.marked_report)

    # ------------------------------------------------------------------ edits
    def drop_layer(self, class_name: str, pos: QPointF):
        cmd = commands.add_node(self.doc, class_name, (pos.x() - NODE_W / 2, pos.y() - NODE_H / 2))
        self.undo_stack.push(cmd)
        self.scene.select_names([cmd.result])
        return cmd.result

    def add_after_selected(self, class_name: str):
        sel = self.scene.selected_names()
        after = sel[-1] if sel else None
        if after is not None:
            p = self.doc.nodes[after].pos
            pos = (p[0], p[1] + NODE_H + 54)
        else:
            r = self.view.mapToScene(self.view.viewport().rect().center())
            pos = (r.x() - NODE_W / 2, r.y() - NODE_H / 2)
        link = after if class_name not in ("InputLayer", "Input") else None
        cmd = commands.add_node(self.doc, class_name, pos, after=link)
        self.undo_stack.push(cmd)
        self.scene.select_names([cmd.result])
        return cmd.result

    def connect_nodes(self, src: str, dst: str) -> bool:
        ok, why = self.doc.can_connect(src, dst)
        if not ok:
            self.statusBar().showMessage(self.tr("Not connected: {why}").format(why=why), 6000)
            return False
        self.undo_stack.push(commands.connect(self.doc, src, dst))
        return True

    def delete_selected(self):
        names, edges = self.scene.selected_names(), self.scene.selected_edges()
        if names or edges:
            self.undo_stack.push(commands.remove_edges(self.doc, edges, names))

    def select_all(self):
        self.scene.select_names(list(self.doc.nodes))

    def copy(self):
        names = self.scene.selected_names()
        if not names:
            return
        items = [self.doc.nodes[n].to_dict() for n in names]
        clipboard.put_nodes(items)

    def cut(self):
        self.copy()
        self.delete_selected()

    def paste(self):
        try:  # checked before the document and the undo stack are touched
            items = clipboard.get_nodes()
            if items is None:
                return
            cmd = commands.checked_paste(self.doc, items)
        except clipboard.PasteRefused as exc:
            self.show_message("✖ " + str(exc))
            return
        self.undo_stack.push(cmd)
        self.scene.select_names(cmd.result or [])

    def set_snap(self, on: bool):
        self.scene.snap_to_grid = bool(on)

    def auto_layout(self):
        state = self.doc.state()
        pos = layered_positions(state)
        for n in state["nodes"]:
            n["pos"] = list(pos[n["name"]])
        self.undo_stack.push(commands.replace_all(self.doc, state))
        self.view.fit()

    def toggle_output(self):
        sel = self.scene.selected_names()
        if not sel:
            return
        outs = list(self.doc.outputs)
        for n in sel:
            outs.remove(n) if n in outs else outs.append(n)
        self.undo_stack.push(commands.set_outputs(self.doc, outs))

    def focus_node(self, name: str):
        if name in self.scene.nodes:
            self.scene.select_names([name])
            self.view.centerOn(self.scene.nodes[name])

    def about(self):
        QMessageBox.about(self, self.tr("About netbuilder"),
                          "<h3>netbuilder</h3><p>" + self.tr("Build neural networks visually, train them, watch "
                                                             "them learn. The engine speaks Keras 3: the code view "
                                                             "runs with real Keras.") + "</p>")

    # ------------------------------------------------------------------ layout persistence
    def showEvent(self, event):
        super().showEvent(event)
        if not getattr(self, "_shown_once", False):
            self._shown_once = True
            if not self._layout_restored:
                self.dock_layout.apply_defaults()
            else:
                self.dock_layout.tidy_tab_bars()
            QTimer.singleShot(0, self.view.fit)

    def closeEvent(self, event):
        if not self.maybe_save():
            event.ignore()
            return
        self.dock_layout.save()
        for feature in reversed(self.features):  # threads stopped, a clean exit leaves no recovery file
            feature.shutdown()
        event.accept()

    def examples_dir(self) -> Path:
        return examples.examples_dir()  # package data: there in a wheel as in the source tree

