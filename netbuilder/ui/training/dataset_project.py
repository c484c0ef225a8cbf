"""The Dataset panel's side of a project: show its ``dataset`` section, give back what the panel shows.

A mixin of :class:`~.dataset_panel.DatasetPanel` (it uses the panel's combo boxes, ``data``, ``loader`` and
``generation``), as ``ProjectActions`` is the main window's: opening a project selects its source and
preparation, drops data loaded for another one and abandons a load begun for the previous project;
Save writes the source and options the panel shows (:func:`.data_sources.to_section`).
"""

from __future__ import annotations

from PySide6.QtWidgets import QCheckBox, QComboBox

from . import data_sources as S


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
        self.generation += 1
        self._after_load = None
        if self.loader is not None and self.loader.isRunning():
            self.loader.cancel.set()  # its result, if any, is ignored (generation); joined at shutdown
            self._abandoned = [t for t in self._abandoned if t.isRunning()] + [self.loader]
            self._show_download(False)
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
        self.file_path, self.project_base = path, base
        if self.data is not None and self.data_spec != self.spec():
            self.drop_data()
        elif self.data is None:
            self.checkLabel.setText("")

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
