"""The Dataset panel's side of a project: show its ``dataset`` section, give back what the panel shows.

A mixin of :class:`~.dataset_panel.DatasetPanel` (it uses the panel's combo boxes, ``data``, ``loader`` and
``generation``), as ``ProjectActions`` is the main window's: opening a project selects its source and
preparation, drops data loaded for another one and abandons a load begun for the previous project;
Save writes the source and options the panel shows (:func:`.data_sources.to_section`).
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QCheckBox, QComboBox

from . import data_sources as S


def changed_signal(widget):
    """The signal a preparation option's widget sends when the learner changes its value."""
    if isinstance(widget, QCheckBox):
        return widget.toggled
    return widget.currentIndexChanged if isinstance(widget, QComboBox) else widget.valueChanged


class ProjectDataset:
    """``apply_project(section, base)``, ``source_section(previous)``, ``spec()``, ``drop_data()``."""

    def spec(self) -> tuple:
        """``(key, options, path)``: what the panel shows, and what loaded data must have been loaded with."""
        return self.key(), self.options(), self.file_path if self.key() == "file" else None

    def apply_project(self, section: dict | None, base=None) -> None:
        """Show a project's ``dataset`` section (checked by ``project_schema``): its source and options,
        the panel's defaults for what it leaves out. Data loaded for another source or preparation is
        dropped (``dataDropped``), and a load or a waiting Train of the previous project is abandoned."""
        key, options, path = S.from_section(section, base)
        self.abandon_load()
        self._applying = True  # the options are set one by one: judge the data by the whole section, below
        try:
            self.datasetCombo.setCurrentIndex(max(0, self.datasetCombo.findData(key)))
            self._on_choice()  # the input forms of this source, even when the combo did not move
            for k, v in options.items():
                w = self._rows[k]
                if isinstance(w, QComboBox):
                    w.setCurrentIndex(max(0, w.findData(v)))
                elif isinstance(w, QCheckBox):
                    w.setChecked(bool(v))
                else:
                    w.setValue(v)
        finally:
            self._applying = False
        self.file_path, self.project_base = path, base
        if self.data is not None and self.data_spec != self.spec():
            self.drop_data()
        elif self.data is None:
            self.checkLabel.setText("")

    def abandon_load(self) -> None:
        """Abandon a load that is running (its result, if any, is ignored: ``generation``; it is joined at
        shutdown) and a Train that waits for it."""
        self.generation += 1
        self._after_load = None
        if self.loader is not None and self.loader.isRunning():
            self.loader.cancel.set()
            self._abandoned = [t for t in self._abandoned if t.isRunning()] + [self.loader]
            self._show_download(False)

    def follow_spec(self, *_) -> None:
        """The source or a preparation option changed in the panel: Train trains what the panel shows, so
        data loaded for another source or preparation is dropped, and a load begun for another one (with
        a Train waiting for it) is abandoned. A learner walk found a load of the previous choice arriving
        after another was chosen, and a change of samples or num_words training the old data."""
        if getattr(self, "_applying", False):
            return
        key, options, path = spec = self.spec()
        loader = self.loader
        if (loader is not None and loader.isRunning() and loader.generation == self.generation
                and (loader.key, loader.options) != (key, options)):
            self.abandon_load()
            self.checkLabel.setText(QCoreApplication.translate(
                "DatasetPanel", "The load of {old} was stopped: {new} is chosen now.").format(
                old=S.choice_label(loader.key), new=S.choice_label(key)))
        if self.data is not None and self.data_spec is not None and self.data_spec != spec:
            self.drop_data()

    def source_section(self, previous: dict | None = None) -> dict:
        """The ``dataset`` section for Save: the source and options shown (``previous``'s other keys kept)."""
        key, options, path = self.spec()
        return S.to_section(key, options, path, previous, self.project_base)

    def drop_data(self) -> None:
        """Forget the loaded data (it belongs to another project's source or preparation)."""
        self.data = self.data_spec = None
        self.shapesLabel.setText("")
        self._show_not_loaded()
        self.check_model()
        self.dataDropped.emit()
