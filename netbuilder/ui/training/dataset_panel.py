"""The dataset picker (``datasetCombo``): choose, prepare, preview, and check against the network.

Downloads run in a QThread with a progress bar and Cancel; playground data loads at once. After
loading, the panel shows the shapes, a preview, and one-click fixes when the network's input or
output layer does not match the data (``fixRequested(new_model_config)``).

A tutorial case's file that cannot be downloaded opens the data dialog (:mod:`.data_dialog`): mirror URL,
progress, Cancel, "I already have the file"; "Get the data…" opens it at any time; its mirror applies to all.
"""

from __future__ import annotations

import threading

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, QSettings, QThread, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDoubleSpinBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QProgressBar,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from netbuilder.core.datasets import cases
from netbuilder.core.datasets.download import DownloadError

from .. import i18n
from ..i18n import messages
from ..project_schema import DATASET_RANGES as R
from . import data_sources as S
from .data_dialog import DataDialog, apply_mirror_setting, error_text
from .data_failures import download_failure_text
from .data_preview import not_loaded_text, show_preview
from .dataset_project import ProjectDataset, changed_signal

#: Option values (code) → the words shown for them.
VALUE_TEXT = {"dense": QT_TRANSLATE_NOOP("DatasetPanel", "dense (flat vectors)"),
              "conv": QT_TRANSLATE_NOOP("DatasetPanel", "conv (images with a channel)"),
              "multi_hot": QT_TRANSLATE_NOOP("DatasetPanel", "multi-hot (bag of words)"),
              "sequence": QT_TRANSLATE_NOOP("DatasetPanel", "sequence (word indices)"),
              "categorical": QT_TRANSLATE_NOOP("DatasetPanel", "categorical (one-hot)"),
              "sparse": QT_TRANSLATE_NOOP("DatasetPanel", "sparse (integers)")}


class _Loader(QThread):
    progressed = Signal(int, int)
    loaded = Signal(object)
    failed = Signal(object)  # the exception: the panel decides between a message and the data dialog

    def __init__(self, key, options, path=None, parent=None, generation=0):
        super().__init__(parent)
        self.key, self.options, self.path = key, options, path
        self.generation = generation  # the panel's project when it started: a later project ignores it
        self.cancel = threading.Event()

    def run(self):
        try:
            data = S.load(self.key, self.options, progress=lambda d, t: self.progressed.emit(int(d), int(t or 0)),
                          cancel=self.cancel, path=self.path)
            self.loaded.emit(data)
        except Exception as exc:  # shown in the panel, or the data dialog for a missing case file
            self.failed.emit(exc)


class DatasetPanel(ProjectDataset, i18n.Retranslatable, QWidget):
    """Signals: ``dataLoaded(TrainingData)``, ``dataDropped()``, ``fixRequested(dict)``, ``presetRequested(str)``.

    A project's ``dataset`` section is applied with :meth:`apply_project` and saved with
    :meth:`source_section`; Train trains what the panel shows (:meth:`follow_spec`).
    """

    dataLoaded = Signal(object)
    dataDropped = Signal()
    fixRequested = Signal(object)
    presetRequested = Signal(str)

    def __init__(self, config_provider=None, parent=None):
        super().__init__(parent)
        self.setObjectName("datasetPanel")
        self.config_provider = config_provider
        self.data = None
        self.data_spec = None  # (key, options, path) the data was loaded with; None: set from outside
        self.file_path = None  # the Import CSV/NPZ file of the project (Train loads it)
        self.project_base = None  # the open project's folder (a relative file path is read from there)
        self.generation = 0  # bumped by each load abandoned (another project or choice): its result is ignored
        self._abandoned = []  # such loads, still finishing after their cancel
        self.loader = None
        self.datasetCombo = QComboBox(objectName="datasetCombo")
        for key, _label in S.CHOICES:
            self.datasetCombo.addItem(S.choice_label(key), key)
        self.inputCombo = QComboBox(objectName="datasetInputCombo")
        self.labelsCombo = QComboBox(objectName="datasetLabelsCombo")
        for v in ("categorical", "sparse"):
            self.labelsCombo.addItem(v, v)
        D = S.DEFAULT_OPTIONS  # the ranges project files are checked against (project_schema)
        self.numWordsSpin = QSpinBox(objectName="numWordsSpin", minimum=R["num_words"][0],
                                     maximum=R["num_words"][1], value=D["num_words"])
        self.maxlenSpin = QSpinBox(objectName="maxlenSpin", minimum=R["maxlen"][0], maximum=R["maxlen"][1],
                                   value=D["maxlen"])
        self.standardizeCheck = QCheckBox(objectName="standardizeCheck", checked=D["standardize"])
        self.samplesSpin = QSpinBox(objectName="samplesSpin", minimum=R["samples"][0], maximum=R["samples"][1],
                                    value=D["samples"])
        self.noiseSpin = QDoubleSpinBox(objectName="noiseSpin", minimum=R["noise"][0], maximum=R["noise"][1],
                                        value=D["noise"], singleStep=0.05)
        self.loadButton = QPushButton(objectName="loadDatasetButton")
        self.downloadProgress = QProgressBar(objectName="downloadProgress")
        self.cancelButton = QPushButton(objectName="cancelDownloadButton")
        self.shapesLabel = QLabel(objectName="datasetShapes")
        self.shapesLabel.setStyleSheet("font-family: monospace")
        self.previewLabel = QLabel(objectName="datasetPreview")
        self.previewLabel.setWordWrap(True)
        self.checkLabel = QLabel(objectName="shapeCheckLabel")
        self.checkLabel.setWordWrap(True)
        self.fixRow = QHBoxLayout()
        self.fix_buttons: dict[str, QPushButton] = {}
        self.presetButton = QPushButton(objectName="loadPresetButton")
        self.getDataButton = QPushButton(objectName="getDataButton")
        self.data_dialog = None
        self._after_load = None  # Train asked for data: called once the load (or the data dialog) delivers
        self.form = QFormLayout()
        self._rows = {"input": self.inputCombo, "labels": self.labelsCombo, "num_words": self.numWordsSpin,
                      "maxlen": self.maxlenSpin, "standardize": self.standardizeCheck, "samples": self.samplesSpin,
                      "noise": self.noiseSpin}
        self.form.addRow(QLabel(), self.datasetCombo)
        for w in self._rows.values():
            self.form.addRow(QLabel(), w)
        dl = QHBoxLayout()
        dl.addWidget(self.downloadProgress, 1)
        dl.addWidget(self.cancelButton)
        lay = QVBoxLayout(self)
        lay.addLayout(self.form)
        buttons = QHBoxLayout()
        buttons.addWidget(self.loadButton, 1)
        buttons.addWidget(self.getDataButton)
        lay.addLayout(buttons)
        lay.addLayout(dl)
        lay.addWidget(self.shapesLabel)
        lay.addWidget(self.previewLabel)
        lay.addWidget(self.checkLabel)
        lay.addLayout(self.fixRow)
        lay.addWidget(self.presetButton)
        lay.addStretch(1)
        self.datasetCombo.currentIndexChanged.connect(self._on_choice)
        self.inputCombo.currentIndexChanged.connect(self._show_rows)
        for w in self._rows.values():  # a new preparation: the loaded data is another one's
            changed_signal(w).connect(self.follow_spec)
        # clicked(bool) would land its False in load_current's path (it showed "False holds no data")
        self.loadButton.clicked.connect(lambda: self.load_current())
        self.getDataButton.clicked.connect(lambda: self.open_data_dialog())
        self.cancelButton.clicked.connect(self.cancel)
        self.presetButton.clicked.connect(self._on_preset)
        self._show_download(False)
        self.datasetCombo.setCurrentIndex(self.datasetCombo.findData(S.DEFAULT_KEY))
        self._on_choice()
        self.retranslate_ui()

    def retranslate_ui(self) -> None:
        labels = {"input": self.tr("Input"), "labels": self.tr("Labels"), "num_words": self.tr("Num words"),
                  "maxlen": self.tr("Max length"), "standardize": self.tr("Standardize"), "samples": self.tr("Samples"),
                  "noise": self.tr("Noise")}
        self.form.labelForField(self.datasetCombo).setText(self.tr("Dataset"))
        for k, w in self._rows.items():
            self.form.labelForField(w).setText(labels[k])
        for i in range(self.datasetCombo.count()):
            self.datasetCombo.setItemText(i, S.choice_label(self.datasetCombo.itemData(i)))
        for combo in (self.inputCombo, self.labelsCombo):
            for i in range(combo.count()):
                combo.setItemText(i, QCoreApplication.translate("DatasetPanel", VALUE_TEXT[combo.itemData(i)]))
        self.labelsCombo.setToolTip(self.tr("categorical: one-hot labels (categorical_crossentropy); sparse: integer "
                                       "labels (sparse_categorical_crossentropy)"))
        self.standardizeCheck.setText(self.tr("Standardize features"))
        self.loadButton.setText(self.tr("Load"))
        self.getDataButton.setText(self.tr("Get the data…"))
        self.getDataButton.setToolTip(self.tr("Download the tutorial file (also from a mirror), or use a copy "
                                              "you already have"))
        self.cancelButton.setText(self.tr("Cancel"))
        self.presetButton.setText(self.tr("Load the tutorial's network"))
        if self.data is not None:
            self.shapesLabel.setText(S.shapes_text(self.data))
            self.check_model()
        else:
            self._show_not_loaded()

    # ------------------------------------------------------------------ choosing
    def key(self) -> str:
        return self.datasetCombo.currentData()

    def _on_choice(self, *_):
        key = self.key()
        self.inputCombo.clear()
        for v in S.input_forms(key):
            self.inputCombo.addItem(QCoreApplication.translate("DatasetPanel", VALUE_TEXT[v]), v)
        self._show_rows()
        for b in (self.presetButton, self.getDataButton):
            b.setVisible(key.startswith("case:"))
        self.follow_spec()  # another source's shapes and verdict would describe data that Train does not use
        self._show_not_loaded()

    def _show_not_loaded(self) -> None:
        """With no data loaded, the preview says so and what Load and Train will do."""
        if self.data is not None:
            return
        self.shapesLabel.setText("")
        self.previewLabel.setText(not_loaded_text(self.key()))

    def _show_rows(self, *_) -> None:
        """Only the options the chosen source and input form take (no maximum length for multi-hot)."""
        allowed = S.option_names(self.key(), {"input": self.inputCombo.currentData()})
        for k, w in self._rows.items():
            w.setVisible(k in allowed)
            self.form.labelForField(w).setVisible(k in allowed)

    def options(self) -> dict:
        o = {}
        for k in S.option_names(self.key(), {"input": self.inputCombo.currentData()}):
            w = self._rows[k]
            o[k] = (w.currentData() if isinstance(w, QComboBox) else w.isChecked() if isinstance(w, QCheckBox)
                    else w.value())
        return o

    def load_current(self, path=None) -> None:
        """Load the chosen dataset: at once for playground data, in a thread when it may download."""
        key = self.key()
        if key == "file" and not isinstance(path, str):
            path, _ = QFileDialog.getOpenFileName(self, self.tr("Import data"), "",
                                                  self.tr("Data (*.csv *.csv.gz *.npz)"))
            if not path:
                return
        if not S.needs_download(key):
            try:
                data = S.load(key, self.options(), path=path)
            except Exception as exc:  # a bad file: say why
                self._after_load = None
                self.checkLabel.setText(f"✖ {messages.render(exc)}")
                return
            if key == "file":
                self.file_path = path
            self.set_data(data, self.spec())
            self._deliver()
            return
        apply_mirror_setting(self.settings())
        self.loader = _Loader(key, self.options(), path, self, self.generation)
        self.loader.progressed.connect(self._on_progress)
        self.loader.loaded.connect(self._on_loaded)
        self.loader.failed.connect(self._on_failed)
        self._show_download(True)
        self.downloadProgress.setRange(0, 0)
        self.loader.start()

    def load_for_training(self, on_ready) -> bool:
        """Train pressed with no data: load the chosen dataset, then call ``on_ready()``.

        False when there is nothing to load without asking (Import CSV/NPZ needs its file: Load).
        A tutorial case whose file is missing goes through the data dialog first; if the dialog is
        closed without the file, or the download is cancelled, nothing starts.
        """
        busy = self.loader is not None and self.loader.isRunning() and self.loader.generation == self.generation
        if (self.key() == "file" and not self.file_path) or busy:
            return False
        self._after_load = on_ready
        self.load_current(self.file_path if self.key() == "file" else None)
        return True

    def _deliver(self) -> None:
        """Hand freshly loaded data to whoever pressed Train (once)."""
        after, self._after_load = self._after_load, None
        if after is not None:
            after()

    def cancel(self) -> None:
        if self.loader is not None:
            self.loader.cancel.set()

    def _show_download(self, on: bool) -> None:
        self.downloadProgress.setVisible(on)
        self.cancelButton.setVisible(on)
        self.loadButton.setEnabled(not on)

    def _on_progress(self, done: int, total: int) -> None:
        if total:
            self.downloadProgress.setRange(0, 1000)
            self.downloadProgress.setValue(int(1000 * done / total))
            self.downloadProgress.setFormat(f"{done / 1e6:.1f} / {total / 1e6:.1f} MB")

    def _on_loaded(self, data) -> None:
        loader = self.sender() if isinstance(self.sender(), _Loader) else self.loader
        loader.wait()
        if loader.generation != self.generation:
            return  # begun for the previous project
        self._show_download(False)
        self.set_data(data, (loader.key, loader.options, None))
        self._deliver()

    def _on_failed(self, exc) -> None:
        loader = self.sender() if isinstance(self.sender(), _Loader) else self.loader
        if loader is not None:
            loader.wait()
            if loader.generation != self.generation:
                return  # abandoned: another project or choice
        self._show_download(False)
        case = self.loader.key.split(":", 1)[1] if self.loader and self.loader.key.startswith("case:") else None
        if case is not None and isinstance(exc, DownloadError):
            fname = exc.params.get("names") or case
            self.checkLabel.setText("✖ " + self.tr("{fname} is not here yet: the data dialog shows the ways to get "
                                                   "it.").format(fname=fname))
            self.open_data_dialog(case, exc)  # a pending Train waits for what the dialog delivers
            return
        self._after_load = None
        self.checkLabel.setText("✖ " + (download_failure_text(exc, S.choice_label(self.loader.key))
                                        if isinstance(exc, DownloadError) and self.loader else error_text(exc)))

    # ------------------------------------------------------------------ the data dialog
    def settings(self):
        """The window's QSettings (where the mirror is remembered), or None outside the app's window."""
        s = getattr(self.window(), "settings", None)
        return s if isinstance(s, QSettings) else None

    def open_data_dialog(self, case: str | None = None, error=None) -> DataDialog | None:
        """Show the data dialog for ``case`` (default: the chosen tutorial case); returns it."""
        key = self.key()
        case = case or (key.split(":", 1)[1] if key.startswith("case:") else None)
        if case is None:
            return None
        if self.data_dialog is not None:
            self.data_dialog.finished.disconnect()  # replaced, not abandoned: a waiting Train still waits
            self.data_dialog.close()
            self.data_dialog.deleteLater()
        self.data_dialog = DataDialog(case, error, self.settings(), self)
        self.data_dialog.dataReady.connect(self._on_data_ready)
        self.data_dialog.finished.connect(lambda *_, d=self.data_dialog: self._on_dialog_closed(d))
        self.data_dialog.show()
        self.data_dialog.raise_()
        return self.data_dialog

    def _on_data_ready(self, case: str) -> None:
        """The dialog put the file in Keras's cache: load it, if that case is still the one chosen."""
        if self.key() == f"case:{case}":
            self.load_current()
        else:
            self._after_load = None

    def _on_dialog_closed(self, dialog) -> None:
        """Closed without delivering the file: a Train that waited for it does not start later."""
        if not dialog.delivered and (self.loader is None or not self.loader.isRunning()):
            self._after_load = None

    def shutdown(self) -> None:
        """Stop and join the download and the data dialog's work (the window is closing)."""
        for loader in [self.loader, *self._abandoned]:
            if loader is not None and loader.isRunning():
                loader.cancel.set()
                loader.wait(5000)
        if self.data_dialog is not None:
            self.data_dialog.close()

    def _on_preset(self) -> None:
        key = self.key()
        if key.startswith("case:"):
            case = cases.get_case(key.split(":", 1)[1])
            self.presetRequested.emit(case.presets[0])

    # ------------------------------------------------------------------ loaded data
    def set_data(self, data, spec=None) -> None:
        """Show ``data``; ``spec`` is the ``(key, options, path)`` it was loaded with (None: from outside,
        kept until another project is opened)."""
        self.data, self.data_spec = data, spec
        self.shapesLabel.setText(S.shapes_text(data))
        show_preview(self.previewLabel, data)
        self.check_model()
        self.dataLoaded.emit(data)

    def check_model(self) -> list:
        """Compare the network's input/output with the data; show one button per fix."""
        for b in self.fix_buttons.values():
            self.fixRow.removeWidget(b)
            b.setParent(None)
            b.deleteLater()
        self.fix_buttons = {}
        cfg = self.config_provider() if self.config_provider else None
        if self.data is None or not cfg or not cfg.get("config", {}).get("layers"):
            self.checkLabel.setText("")
            return []
        fixes = S.shape_fixes(cfg, self.data)
        self.checkLabel.setText("✔ " + self.tr("The network's input and output fit the data.") if not fixes else
                                "⚠ " + self.tr("The network does not fit the data: {fixes}").format(
                                    fixes="; ".join(f[1] for f in fixes)))
        for code, text, new in fixes:
            b = QPushButton(text, objectName=f"{code}Button")
            b.clicked.connect(lambda _=False, n=new: self.fixRequested.emit(n))
            self.fixRow.addWidget(b)
            self.fix_buttons[code] = b
        return fixes

