"""Model files in the window: import a ``.keras``/``.nbm`` network, export the trained model.

``File ▸ Import Model…`` puts the architecture of a Keras 3 ``.keras`` or netbuilder ``.nbm`` file on
the canvas as a new, untitled project (weights are not part of a project). The file is read and
checked completely before the open project is touched: a damaged or hostile file (see
``netbuilder.core.export``: truncated zips, unknown layers, pickles, unsafe entry names, size
bombs) gives one message in the window and changes nothing.

``File ▸ Export Trained Model…`` writes the model of the last training run (a checkpoint) as
``.nbm``, ``.keras``, ``.onnx`` or a Keras script. The core writers are atomic, so a full disk or a
crash leaves any previous file of that name intact; the error is shown and the window goes on.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QCoreApplication
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QFileDialog

from .project import Project, ProjectError, validate_model_config


def _tr(text: str) -> str:
    return QCoreApplication.translate("ModelFiles", text)


def import_model_file(win, path) -> bool:
    """Read ``path`` (``.keras`` or ``.nbm``) and show its network as a new project; False on error."""
    from netbuilder.core.export import load_any
    from netbuilder.core.models import serialize_model

    from .graph_model import state_from_config

    path = Path(path)
    try:
        if path.suffix.lower() not in (".keras", ".nbm"):
            raise ValueError(_tr("{0} is not a .keras or .nbm model file").format(path.name))
        config = serialize_model(load_any(path, compile=False))
        validate_model_config(config, path)
        state_from_config(config, None)  # fails before the document is touched
    except (ProjectError, ValueError, KeyError, TypeError, IndexError, OSError, RecursionError) as exc:
        text = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        win.show_error(_tr("Cannot import model"), _tr("Cannot import {0}: {1}").format(path.name, text))
        return False
    win._load(Project(model=config), None, path.stem)
    win.undo_stack.resetClean()  # a new, unsaved project
    win.update_title()
    win.statusBar().showMessage(_tr("Imported the network of {0}").format(path.name), 4000)
    return True


def export_trained_model(win, path) -> bool:
    """Save the trained model (a checkpoint) to ``path``; the format follows the suffix."""
    from netbuilder.core.export import export_model

    training = win.feature("training")
    c = training.controller if training is not None else None
    if c is None or c.model is None or not c.epochs_done:
        win.show_error(_tr("Cannot export"), _tr("Train the model first: there are no trained weights."))
        return False
    if c.running:
        win.show_error(_tr("Cannot export"), _tr("Stop or finish the run first: the weights are changing."))
        return False
    try:
        written = export_model(c.model, path)
    except (OSError, ValueError, ImportError) as exc:
        win.show_error(_tr("Cannot export"), _tr("Could not write {0}: {1}").format(Path(path).name, exc))
        return False
    win.statusBar().showMessage(_tr("Saved {0}").format(", ".join(Path(p).name for p in written)), 6000)
    c.model_exported = True  # no longer unsaved work (ProjectActions.maybe_save)
    return True


def install_model_files(win) -> None:
    """Add Import Model… and Export Trained Model… to the File menu (before its first separator)."""
    imp = QAction(win)
    imp.setObjectName("importModelAction")
    imp.triggered.connect(lambda: win.maybe_save() and _ask_open(win))
    exp = QAction(win)
    exp.setObjectName("exportModelAction")
    exp.triggered.connect(lambda: _ask_save(win))
    win.act_import_model, win.act_export_model = imp, exp
    retranslate_actions(win)
    menu = win.file_menu
    sep = next((a for a in menu.actions() if a.isSeparator()), None)
    menu.insertActions(sep, [imp, exp]) if sep is not None else menu.addActions([imp, exp])


def retranslate_actions(win) -> None:
    """The texts, tooltips and status tips of the two actions, in the current language."""
    for act, text, tip in ((win.act_import_model, _tr("&Import Model…"),
                            _tr("Put the network of a .keras or .nbm file on the canvas")),
                           (win.act_export_model, _tr("E&xport Trained Model…"),
                            _tr("Save the trained model as .nbm, .keras, .onnx or a Keras script"))):
        act.setText(text)
        act.setToolTip(tip)
        act.setStatusTip(tip)


class ModelFilesFeature:
    """File › Import Model… and Export Trained Model… as a window feature (``ui.features``)."""

    key = "model_files"

    def __init__(self):
        self.window = None

    def install(self, window) -> None:
        self.window = window
        install_model_files(window)

    def retranslate(self) -> None:
        retranslate_actions(self.window)

    def shutdown(self) -> None:
        """Nothing to stop: an export runs to its end before the window can close."""


def _ask_open(win) -> None:
    fn, _ = QFileDialog.getOpenFileName(win, _tr("Import model"), str(win._last_dir()),
                                        _tr("Model files (*.keras *.nbm)"))
    if fn:
        import_model_file(win, fn)


def _ask_save(win) -> None:
    ask_export(win)


def ask_export(win) -> bool:
    """File › Export Trained Model…: the file dialog, then the export; True when the model was written."""
    fn, _ = QFileDialog.getSaveFileName(win, _tr("Export trained model"), str(win._last_dir() / win.doc.name),
                                        _tr("netbuilder model (*.nbm);;Keras 3 model (*.keras);;"
                                            "ONNX model (*.onnx);;Keras script (*.py)"))
    return bool(fn) and export_trained_model(win, fn)
