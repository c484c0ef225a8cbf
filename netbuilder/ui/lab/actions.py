"""What the Lab dock's buttons do (a mixin of :class:`~.feature.LabFeature`): rename, delete, restore and
export a run; check a coach remedy by experiment; sweep one setting; run one of the book's lessons."""

from __future__ import annotations

import copy

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QFileDialog, QMessageBox

from netbuilder.core import remedies
from netbuilder.core.runs import effect_text, lessons, measure, sweep

from ..qt_helpers import signals_blocked
from ..training.coach_banner import REMEDY_TEXT
from . import texts
from .experiments import Planned
from .result_fields import plain

# Remedies that can be measured: the graph edits (augmentation only for images, by ``applicable``) and the
# two that are settings. "Restore best weights" and "more data" are not a second run of the same kind.
CHECKABLE = ("add_dropout", "add_l2", "halve_units", "double_units", "add_layer", "add_augmentation",
             "more_epochs", "lower_learning_rate")


def _tr(text: str) -> str:
    return QCoreApplication.translate("LabActions", text)


def remedy_label(code: str) -> str:
    return QCoreApplication.translate("CoachBanner", REMEDY_TEXT.get(code, code))


class LabActions:
    """The lab's commands; ``self`` is the :class:`~.feature.LabFeature`."""

    def connect_widget(self) -> None:
        w = self.widget
        w.renameButton.clicked.connect(self.rename_selected)
        w.deleteButton.clicked.connect(lambda: self.delete_selected())
        w.restoreButton.clicked.connect(self.restore_selected)
        w.exportButton.clicked.connect(lambda: self.export_selected())
        w.sweepButton.clicked.connect(self.run_sweep)
        w.sweepValues.returnPressed.connect(self.run_sweep)
        w.stopButton.clicked.connect(lambda: (self.runner.stop(), self.update_buttons()))
        w.lrButton.clicked.connect(self.find_learning_rate)
        w.remedyMenu.aboutToShow.connect(self.fill_remedy_menu)
        w.table.selectionModel().selectionChanged.connect(lambda *_: self.show_selected())
        w.plotKey.currentTextChanged.connect(lambda key: (w.plot.set_key(key), self.show_selected()))
        w.model.refused.connect(self.say)

    def fill_menus(self) -> None:
        menu = self.widget.lessonsMenu
        menu.clear()
        for key in lessons.LESSONS:
            menu.addAction(texts.tr(texts.LESSON_TITLES[key]), lambda k=key: self.run_lesson(k))

    def fill_remedy_menu(self) -> None:
        """The coach's current remedies first, then every other measurable one that applies to the canvas."""
        menu = self.widget.remedyMenu
        menu.clear()
        cfg = self.ui.graph.get()
        d = self.controller.diagnosis
        advised = [c for c in (d.remedies if d is not None else ()) if c in CHECKABLE]
        rest = [c for c in remedies.applicable(CHECKABLE, cfg) if c not in advised]
        for code in advised + rest:
            label = remedy_label(code) + (_tr("  (the coach's advice)") if code in advised else "")
            menu.addAction(label, lambda c=code: self.check_remedy(c))

    # ------------------------------------------------------------------ single runs
    def rename_selected(self) -> None:
        rows = self.widget.table.selectionModel().selectedRows()
        if rows:
            self.widget.table.edit(rows[0])

    def delete_selected(self, confirm: bool = True) -> int:
        """Delete the selected runs (asked first unless the window is quiet); returns how many."""
        records = self.selected_records()
        if not records:
            return 0
        if confirm and not getattr(self.window, "quiet_errors", False):
            answer = QMessageBox.question(self.window, _tr("Delete runs"), _tr(
                "Delete {n} run(s) and their trained models? This cannot be undone.").format(n=len(records)))
            if answer != QMessageBox.Yes:
                return 0
        for r in records:
            self.store.delete(r.id)
        self.widget.refresh_table()
        self.show_selected()
        return len(records)

    def restore_selected(self) -> bool:
        """Put the first selected run's network on the canvas (one undoable edit) and its settings in the form."""
        records = self.selected_records()
        if not records:
            return False
        r = records[0]
        self.ui.set_graph(copy.deepcopy(r.model), _tr("Restore run {name}").format(name=r.name))
        self.ui.config_panel.apply_settings(copy.deepcopy(r.settings))
        self.ui.push_settings()
        self.say(_tr("Restored the network and settings of {name}. Train to run it again.").format(name=r.name))
        return True

    def export_selected(self, path=None) -> bool:
        """Write the first selected run's trained model to ``path`` (asked when None): .nbm or .keras."""
        records = self.selected_records()
        if not records:
            return False
        r = records[0]
        src = self.store.weights_path(r.id)
        if src is None:
            self.say(_tr("The trained model of {name} was not kept (the size limit drops the oldest runs' "
                         "models first).").format(name=r.name))
            return False
        if path is None:
            path, _ = QFileDialog.getSaveFileName(self.window, _tr("Export this run's model"), f"{r.name}.nbm",
                                                  _tr("netbuilder model (*.nbm);;Keras 3 model (*.keras)"))
            if not path:
                return False
        from netbuilder.core.models.saving import save_model  # noqa: PLC0415

        try:
            save_model(self.store.load_model(r.id), path)
        except Exception as exc:  # noqa: BLE001 - a full disk or a missing optional package: say it
            self.say(_tr("Could not export the model: {error}").format(error=exc))
            return False
        self.say(_tr("Exported the model of {name} to {path}.").format(name=r.name, path=path))
        return True

    # ------------------------------------------------------------------ experiments
    def _base(self):
        """The canvas's network and the form's settings, as a run would start with them."""
        self.ui.push_settings()
        return copy.deepcopy(self.ui.graph.get()), copy.deepcopy(self.controller.settings)

    def matching_run(self, model, settings):
        """A stored, finished run of exactly ``model`` and ``settings`` on the data loaded now (same seed):
        a remedy check reuses it instead of training it again."""
        from netbuilder.ui.training.controller import data_signature  # noqa: PLC0415


        data = data_signature(self.controller.data)
        if data is None or settings.get("seed") is None:
            return None
        model, settings, data = plain(model), plain(settings), plain(list(data))
        for r in reversed(self.store.records):
            if not r.stopped and r.model == model and r.settings == settings and r.data == data \
                    and r.epochs == int(settings.get("epochs") or 0):
                return r
        return None

    def check_remedy(self, code: str) -> bool:
        """Train without and with remedy ``code`` (same data, seed, epochs), then report the measured effect."""
        model, settings = self._base()
        if not model:
            self.say(_tr("There is no network to train."))
            return False
        new_model, new_settings = copy.deepcopy(model), copy.deepcopy(settings)
        if code in remedies.GRAPH_REMEDIES:
            new_model = remedies.apply(code, model)
            if new_model == model:
                self.say(_tr("{remedy}: the network has it already.").format(remedy=remedy_label(code)))
                return False
        elif code == "more_epochs":
            new_settings["epochs"] = int(settings["epochs"]) * 2
        elif code == "lower_learning_rate":
            new_settings["optimizer"] = remedies.scale_learning_rate(settings["optimizer"], 0.1)
        else:
            return False
        label = remedy_label(code)
        plan = [Planned(_tr("without: {remedy}").format(remedy=label), model, settings,
                        reuse=self.matching_run(model, settings), info={"remedy": code, "arm": "without"}),
                Planned(_tr("with: {remedy}").format(remedy=label), new_model, new_settings,
                        info={"remedy": code, "arm": "with"})]
        return self._start("remedy", plan, {"remedy": code, "label": label})

    def sweep_target(self):
        return self.widget.sweepTarget.currentData()

    def refresh_targets(self) -> None:
        """The sweep's choices for the network on the canvas (kept selected when still there)."""
        box = self.widget.sweepTarget
        current = box.currentData()
        try:
            found = sweep.targets(self.ui.graph.get())
        except Exception:  # noqa: BLE001 - a half-built graph: the settings can still be swept
            found = [sweep.SweepTarget(s) for s in sweep.SETTINGS]
        with signals_blocked(box):
            box.clear()
            for t in found:
                box.addItem(f"{t.layer} · {t.arg}" if t.layer else texts.tr(texts.SETTING_NAMES[t.arg]), t)
            i = next((k for k, t in enumerate(found) if t == current), 0)
            box.setCurrentIndex(i)

    def run_sweep(self, target=None, text=None) -> bool:
        """Train once per value of ``target`` (default: the dock's choice and values), one after another."""
        target = target or self.sweep_target()
        text = self.widget.sweepValues.text() if text is None else text
        model, settings = self._base()
        if target is None or not model:
            self.say(_tr("There is no network to train."))
            return False
        try:
            values = sweep.parse_values(target, text)
            plan = [Planned(sweep.value_label(target, v), *sweep.variant(target, model, settings, v),
                            info={"target": target.label, "value": v}) for v in values]
        except sweep.SweepValueError as exc:
            self.say(_tr("Cannot sweep: {why}").format(why=texts.sweep_error(exc)))
            return False
        return self._start("sweep", plan, {"target": target.label})

    def run_lesson(self, key: str) -> bool:
        """Open the lesson's example project, then train its variants one after another.

        When that example is already open and unedited (the IMDB lessons one after another), it stays open, its
        runs stay in the table to compare with, and an identical stored "original" run is not trained again."""
        lesson = lessons.LESSONS[key]
        w = self.window
        if self.runner.active or self.controller.state != "idle":
            return False
        open_already = getattr(w, "path", 0) is None and getattr(w, "display_name", None) == \
            lesson.example.replace("_", " ") and w.undo_stack.isClean()
        if not open_already:
            if hasattr(w, "maybe_save") and not w.maybe_save():
                return False
            if hasattr(w, "open_example") and not w.open_example(lesson.example):
                return False
            self.sync_store()  # the example's (unsaved) run history, before its first run is kept
        self.ui.config_panel.apply_settings(lesson.settings)
        model, settings = self._base()
        plan = [Planned(texts.run_name(name), m, settings, info={"lesson": key},
                        reuse=self.matching_run(m, settings) if i == 0 else None)
                for i, (name, m) in enumerate(lessons.variants(key, model))]
        return self._start("lesson", plan, {"lesson": key})

    def _start(self, kind, plan, info) -> bool:
        """Start the experiment; without data, the chosen dataset is loaded first (as Train does), so that the
        first run trains with its planned settings, not the form's."""
        c = self.controller
        if c.data is None and c.request_data is not None and not self.runner.active and c.state == "idle":
            self.widget.message.setText(_tr("Loading the dataset first; the experiment starts as soon as it is in."))
            if c.request_data(lambda: self._start(kind, plan, info)):
                return True
        if not self.runner.start(kind, plan, info):
            self.say(_tr("Wait until the current run has ended."))
            return False
        self.widget.message.setText(_tr("Experiment running: {n} runs, one after another.").format(n=len(plan)))
        self.update_buttons()
        return True

    def _on_experiment_ended(self, summary: dict) -> None:
        records = [r for r in summary["records"] if r is not None]
        self.widget.select_ids([r.id for r in records])
        self.show_selected()
        kind, info = summary["kind"], summary["info"]
        if summary["error"]:
            text = _tr("The experiment could not start its next run; the runs that finished are kept.")
        elif summary["stopped"] and len(records) < len(summary["records"]):
            text = _tr("The experiment was stopped; the {n} run(s) that finished are kept.").format(n=len(records))
        elif kind == "remedy":
            before, after = summary["records"]
            e = measure(info["label"], before.history, after.history)
            text = effect_text(e, texts.effect_templates(), sep=_tr("; "))
        elif kind == "lesson":
            self.widget.plotKey.setCurrentText("loss")
            text = texts.tr(texts.LESSON_EXPLANATIONS[info["lesson"]])
        else:
            best = min((r for r in records if r.best["val_loss"] is not None), key=lambda r: r.best["val_loss"],
                       default=None)
            text = _tr("Sweep finished: the lowest validation loss, {loss:.4g}, came with {run}.").format(
                loss=best.best["val_loss"], run=best.name) if best else _tr("Sweep finished.")
        self.say(text)
        self.update_buttons()

    def find_learning_rate(self) -> None:
        from .lr_finder import LRFinderDialog  # noqa: PLC0415

        model, settings = self._base()
        if not model:
            self.say(_tr("There is no network to train."))
            return
        self.lr_dialog = LRFinderDialog(self, model, settings, self.window)
        self.lr_dialog.show()
        self.lr_dialog.start()
