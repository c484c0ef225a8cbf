"""File handling for the main window: New / Open / Save / Save As / Recent / Examples, dirty state."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QCoreApplication, QTimer
from PySide6.QtWidgets import QFileDialog, QMessageBox

from .i18n import project_errors
from .project import SUFFIX, Project, ProjectError, fail, load_project, save_project
from .training.run_setup import default_settings

MAX_RECENT = 8


class ProjectActions:
    """Mixin for ``MainWindow``: owns ``path``, ``project_extra`` and the recent-files list."""

    def init_project_state(self):
        self.path: Path | None = None
        self.display_name = None  # None: "Untitled" in the current language
        self.project_extra: dict = {}
        self.last_notes: list[str] = []
        self.update_title()

    def update_title(self):
        name = self.display_name or QCoreApplication.translate("ProjectActions", "Untitled")
        self.setWindowTitle(f"{name}[*] — netbuilder")
        self.setWindowModified(not self.undo_stack.isClean())

    # ------------------------------------------------------------------ loading
    def _load(self, project: Project, path: Path | None, display: str):
        """Show ``project`` (already validated by ``load_project``): the form first, so that a
        refusal there leaves the canvas, its undo history and the path untouched."""
        panel = self._config_panel()
        before = (panel.settings() if panel is not None else None, self.doc.state(), self.project_extra)
        try:
            if panel is not None:  # the project's settings, else the defaults: nothing of the last project leaks
                panel.apply_settings({**default_settings(), **(project.training or {}), **(project.compile or {})})
            self.doc.load_config(project.model, project.layout or None)  # replaces the graph in one step
            self.doc.name = project.model.get("config", {}).get("name") or "model"
            self.project_extra = {"compile": project.compile, "dataset": project.dataset,
                                  "training": project.training, "description": project.description}
            self.inspector.show_node(None)
            self.on_doc_changed()  # the views describe the new graph (a hostile config may fail here)
        except Exception:
            settings, state, extra = before  # put everything back: the open project stays whole
            if panel is not None:
                panel.apply_settings(settings)
            self.project_extra = extra
            self.doc.set_state(state)
            raise
        ui = self._training_ui()
        if ui is not None:  # the project's dataset and preparation; data of another one is dropped
            ui.apply_project(project.dataset, project.training, path.parent if path else None)
        self.undo_stack.clear()
        self.path = path
        self.display_name = display
        self.update_title()
        self.view.fit()
        QTimer.singleShot(0, self.view.fit)  # again once the view has its final size

    def open_path(self, path, *, as_example=False) -> bool:
        """Open a project; on a damaged, foreign or hostile file show the error and change nothing.

        Everything is checked before the window is touched (``load_project`` validates every
        section; the graph is built once on the side). Values that were clamped into range are
        listed afterwards (``last_notes``)."""
        path = Path(path)
        try:
            project = load_project(path)
            from .graph_model import state_from_config  # noqa: PLC0415

            try:
                state_from_config(project.model, project.layout or None)  # fails before we touch the doc
            except (ValueError, KeyError, TypeError, IndexError, AttributeError, RecursionError) as exc:
                fail(path, "bad_graph", error=str(exc) or type(exc).__name__)
            self._load(project, None if as_example else path,
                       path.stem.replace("_", " ") if as_example else path.name)
        except Exception as exc:  # noqa: BLE001 - whatever went wrong, the open project stays as it was
            text = project_errors.render(exc) if isinstance(exc, ProjectError) else \
                QCoreApplication.translate("ProjectActions", "Cannot open {name}: {error}").format(
                    name=path.name, error=f"{type(exc).__name__}: {exc}")
            self.show_error(QCoreApplication.translate("ProjectActions", "Cannot open project"), text)
            return False
        if not as_example:
            self.add_recent(path)
        self.last_notes = [project_errors.render_note(n) for n in project.notes]
        opened = QCoreApplication.translate("ProjectActions", "Opened {name}").format(name=path.name)
        if self.last_notes:
            self.show_notes(opened, self.last_notes)
        else:
            self.statusBar().showMessage(opened, 4000)
        return True

    def show_notes(self, title: str, notes: list[str]) -> None:
        """Tell what was changed on the way in (status bar; a dialog unless ``quiet_errors``)."""
        changed = QCoreApplication.translate("ProjectActions", "{title}; some values were changed: {notes}").format(
            title=title, notes="; ".join(notes))
        self.statusBar().showMessage(changed, 15000)
        if not getattr(self, "quiet_errors", False):
            QMessageBox.information(self, title, "\n".join([title, ""] + ["• " + n for n in notes]))

    def open_example(self, name: str) -> bool:
        path = self.examples_dir() / (name if name.endswith(SUFFIX) else name + SUFFIX)
        return self.open_path(path, as_example=True)

    def open_dialog(self):
        if not self.maybe_save():
            return
        fn, _ = QFileDialog.getOpenFileName(
            self, QCoreApplication.translate("ProjectActions", "Open project"), str(self._last_dir()),
            QCoreApplication.translate("ProjectActions", "netbuilder projects (*{suffix});;All files (*)")
            .format(suffix=SUFFIX))
        if fn:
            self.open_path(fn)

    def new_project(self):
        if not self.maybe_save():
            return
        self._load(Project(model={"class_name": "Functional", "config": {"name": "model", "layers": [],
                                                                          "inputs": [], "outputs": []}}),
                   None, None)

    # ------------------------------------------------------------------ saving
    def _training_ui(self):
        """The ``TrainingUI`` of the window's ``"training"`` feature; None in a window without it."""
        training = self.feature("training")
        return training.ui if training is not None else None

    def _config_panel(self):
        ui = self._training_ui()
        return ui.config_panel if ui is not None else None

    def current_project(self) -> Project:
        ex = self.project_extra
        compile_cfg = dict(ex.get("compile") or {})
        training = dict(ex.get("training") or {})
        panel = self._config_panel()
        if panel is not None:  # what the form shows now is what the project saves
            settings = panel.settings()
            for key in ("optimizer", "loss", "metrics"):
                compile_cfg[key] = settings.pop(key)
            training.update(settings)
        dataset = ex.get("dataset") or {}
        ui = self._training_ui()
        if ui is not None:  # the source and preparation the Dataset panel shows
            dataset = ui.dataset_panel.source_section(dataset)
        return Project(model=self.doc.to_config(), layout=self.doc.layout(), compile=compile_cfg,
                       dataset=dataset, training=training,
                       description=ex.get("description") or "")

    def save_to(self, path) -> bool:
        path = Path(path)
        if path.suffix != SUFFIX:
            path = path.with_suffix(SUFFIX)
        try:
            save_project(path, self.current_project())
        except OSError as exc:
            self.show_error(QCoreApplication.translate("ProjectActions", "Cannot save project"),
                            QCoreApplication.translate("ProjectActions", "Could not write {path}: {error}")
                            .format(path=path, error=exc))
            return False
        self.path, self.display_name = path, path.name
        self.undo_stack.setClean()
        self.add_recent(path)
        self.update_title()
        self.statusBar().showMessage(
            QCoreApplication.translate("ProjectActions", "Saved {name}").format(name=path.name), 4000)
        return True

    def save(self) -> bool:
        return self.save_to(self.path) if self.path else self.save_as()

    def save_as(self) -> bool:
        fn, _ = QFileDialog.getSaveFileName(
            self, QCoreApplication.translate("ProjectActions", "Save project"),
            str(self._last_dir() / f"{self.doc.name}{SUFFIX}"),
            QCoreApplication.translate("ProjectActions", "netbuilder projects (*{suffix})").format(suffix=SUFFIX))
        return self.save_to(fn) if fn else False

    def unexported_model(self) -> bool:
        """True while a trained model exists that was not exported: unsaved work (a project keeps no weights)."""
        training = self.feature("training")
        c = training.controller if training is not None else None
        return c is not None and c.model is not None and bool(c.epochs_done or c.fold_histories) \
            and not c.model_exported

    def maybe_save(self) -> bool:
        """True when it is fine to discard the current document and trained model (saved, exported,
        discarded or clean)."""
        if self.undo_stack.isClean() and not self.unexported_model():
            return True
        answer = self.ask_unsaved()
        if answer == QMessageBox.Save:
            if not self.undo_stack.isClean() and not self.save():
                return False
            if self.unexported_model():
                from .model_files import ask_export  # noqa: PLC0415

                return ask_export(self)
            return True
        return answer == QMessageBox.Discard

    def ask_unsaved(self):
        name = self.display_name or QCoreApplication.translate("ProjectActions", "Untitled")
        if self.undo_stack.isClean():  # only the trained model is unsaved
            text = QCoreApplication.translate("ProjectActions", "The model trained in {name} is not exported: its "
                                              "weights are lost if you go on. Export it first?").format(name=name)
        elif self.unexported_model():
            text = QCoreApplication.translate("ProjectActions", "Save the changes to {name} and export the model "
                                              "trained in it?").format(name=name)
        else:
            text = QCoreApplication.translate("ProjectActions", "Save the changes to {name}?").format(name=name)
        return QMessageBox.question(self, QCoreApplication.translate("ProjectActions", "Unsaved changes"), text,
                                    QMessageBox.Save | QMessageBox.Discard | QMessageBox.Cancel, QMessageBox.Save)

    def show_error(self, title, text):
        self.last_error = text
        self.statusBar().showMessage(text, 10000)
        if not getattr(self, "quiet_errors", False):
            QMessageBox.critical(self, title, text)

    # ------------------------------------------------------------------ recent files and examples
    def recent_files(self) -> list[str]:
        v = self.settings.value("recentFiles") if self.settings.contains("recentFiles") else []
        v = v or []
        return [v] if isinstance(v, str) else list(v)

    def forget_recent(self, path) -> None:
        """Take ``path`` off the recent list (the file itself is not touched)."""
        path = str(Path(path).resolve())
        self.settings.setValue("recentFiles", [f for f in self.recent_files() if f != path])
        self.fill_recent_menu()

    def add_recent(self, path):
        path = str(Path(path).resolve())
        files = [path] + [f for f in self.recent_files() if f != path]
        self.settings.setValue("recentFiles", files[:MAX_RECENT])
        self.fill_recent_menu()

    def fill_recent_menu(self):
        self.recent_menu.clear()
        files = [f for f in self.recent_files() if Path(f).exists()]
        for f in files:
            self.recent_menu.addAction(Path(f).name, lambda f=f: self.maybe_save() and self.open_path(f)) \
                .setToolTip(f)
        self.recent_menu.setEnabled(bool(files))

    def fill_examples_menu(self):
        from .guide import tutorial_cases  # noqa: PLC0415

        self.examples_menu.clear()
        titles = {name: f"{title} ({chapter})" for name, title, chapter, _line in tutorial_cases()}  # translated
        order = list(titles)
        paths = sorted(self.examples_dir().glob(f"*{SUFFIX}"),
                       key=lambda p: (order.index(p.stem) if p.stem in order else len(order), p.stem))
        for p in paths:
            title = titles.get(p.stem, p.stem.replace("_", " "))
            act = self.examples_menu.addAction(title, lambda p=p: self.maybe_save() and self.open_path(p, as_example=True))
            act.setData(p.stem)

    def _last_dir(self) -> Path:
        return self.path.parent if self.path else Path.home()
