"""The data dialog: one place to get a tutorial case's file when it is missing.

It says which file is needed, how big, from where and into which folder, and offers every way in:

- **Download**, with a progress bar and Cancel, from Keras's server or from the **Mirror URL** typed
  here. The mirror is a real setting: remembered in QSettings (``datasets/mirror``) and applied with
  :func:`netbuilder.core.datasets.download.set_mirror`, so it does what ``NETBUILDER_DATASETS_MIRROR``
  does (and wins over it while set).
- **I already have the file**: pick Keras's file (``mnist.npz``, ``imdb.npz``, ``reuters.npz``,
  ``boston_housing.npz``) or, for MNIST, the folder of the four IDX files or a ``.zip`` of them. The copy
  is checked for shape and content (:mod:`netbuilder.core.datasets.local_copies`); a checksum that
  differs from Keras's is a warning with "Use it anyway", not a refusal. The accepted copy goes into
  Keras's cache atomically; a different file already there is kept aside, never lost.

Work runs in a :class:`_Job` thread; the dialog is not modal, so the window stays usable.
"""

from __future__ import annotations

import os
import threading

from PySide6.QtCore import QCoreApplication, Qt, QThread, Signal
from PySide6.QtWidgets import (
    QDialog,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
)

from netbuilder.core.datasets import cases, download, local_copies
from netbuilder.core.datasets.download import DownloadCancelled

from .. import i18n
from ..i18n import messages
from . import data_sources as S
from .data_failures import is_unreachable, strip_path

# QSettings key of the mirror URL ("" = Keras's own server, or ``NETBUILDER_DATASETS_MIRROR``).
MIRROR_KEY = "datasets/mirror"
MIRROR_SCHEMES = ("http://", "https://", "file://")


def saved_mirror(settings) -> str:
    """The mirror URL remembered in ``settings`` ("" when none, or when there are no settings)."""
    return str(settings.value(MIRROR_KEY, "") or "") if settings is not None else ""


def apply_mirror_setting(settings) -> None:
    """Make the remembered mirror the one downloads use.

    Only a remembered choice is applied ("" = none: back to ``NETBUILDER_DATASETS_MIRROR`` or Keras's
    server); with nothing remembered, whatever :func:`~netbuilder.core.datasets.download.set_mirror`
    holds stays.
    """
    if settings is not None and settings.contains(MIRROR_KEY):
        download.set_mirror(saved_mirror(settings) or None)


def error_text(exc) -> str:
    """An engine error in the interface language; any other exception as its type and message."""
    return messages.render(exc) if getattr(exc, "code", None) else f"{type(exc).__name__}: {exc}"


class _Job(QThread):
    """Runs ``fn(progress, cancel)`` off the GUI thread; reports ``progressed``, ``done`` or ``failed``."""

    progressed = Signal(int, int)
    done = Signal(object)
    failed = Signal(object)

    def __init__(self, fn, parent=None):
        super().__init__(parent)
        self.fn = fn
        self.cancel = threading.Event()

    def run(self):
        try:
            result = self.fn(lambda d, t: self.progressed.emit(int(d), int(t or 0)), self.cancel)
        except Exception as exc:  # shown in the dialog, never a traceback
            self.failed.emit(exc)
        else:
            self.done.emit(result)


class DataDialog(i18n.Retranslatable, QDialog):
    """Get the file of tutorial case ``case`` (``"mnist"``, ``"imdb"``, ``"reuters"``, ``"boston_housing"``).

    ``error`` is the :class:`~netbuilder.core.datasets.download.DownloadError` that brought the dialog
    up (or None); ``settings`` a QSettings where the mirror is remembered (None: not remembered).
    Emits ``dataReady(case)`` once the file is in Keras's cache; the caller then loads it.
    """

    dataReady = Signal(str)

    def __init__(self, case: str, error=None, settings=None, parent=None):
        super().__init__(parent)
        self.setObjectName("dataDialog")
        self.case, self.error, self.settings = case, error, settings
        self.fname, self.file_hash, self.size = local_copies.case_file(case)
        self.job: _Job | None = None
        self.delivered = False  # True once dataReady was emitted
        self.pending_check = None  # a CopyCheck whose checksum differs, waiting for "Use it anyway"
        self._status = None  # () -> text, re-run on a language change
        self.headerLabel = QLabel(objectName="dataDialogHeader", wordWrap=True)
        self.sourceLabel = QLabel(objectName="dataDialogSource", wordWrap=True)
        self.reasonLabel = QLabel(objectName="dataDialogReason", wordWrap=True)
        self.mirrorEdit = QLineEdit(saved_mirror(settings), objectName="mirrorEdit")
        self.mirrorLabel = QLabel()
        self.downloadButton = QPushButton(objectName="dataDownloadButton")
        self.progressBar = QProgressBar(objectName="dataProgress")
        self.cancelButton = QPushButton(objectName="dataCancelButton")
        self.haveFileButton = QPushButton(objectName="haveFileButton")
        self.haveFolderButton = QPushButton(objectName="haveFolderButton")
        self.haveFolderButton.setVisible(case == "mnist")
        self.statusLabel = QLabel(objectName="dataDialogStatus", wordWrap=True)
        self.acceptButton = QPushButton(objectName="acceptCopyButton")
        self.closeButton = QPushButton(objectName="dataCloseButton")
        for label in (self.headerLabel, self.sourceLabel, self.reasonLabel, self.statusLabel):
            label.setTextInteractionFlags(Qt.TextSelectableByMouse)  # paths and URLs can be copied
        form = QFormLayout()
        form.addRow(self.mirrorLabel, self.mirrorEdit)
        dl = QHBoxLayout()
        dl.addWidget(self.downloadButton)
        dl.addWidget(self.progressBar, 1)
        dl.addWidget(self.cancelButton)
        have = QHBoxLayout()
        have.addWidget(self.haveFileButton)
        have.addWidget(self.haveFolderButton)
        have.addStretch(1)
        bottom = QHBoxLayout()
        bottom.addWidget(self.acceptButton)
        bottom.addStretch(1)
        bottom.addWidget(self.closeButton)
        lay = QVBoxLayout(self)
        for w in (self.headerLabel, self.sourceLabel, self.reasonLabel):
            lay.addWidget(w)
        lay.addLayout(form)
        lay.addLayout(dl)
        lay.addLayout(have)
        lay.addWidget(self.statusLabel)
        lay.addLayout(bottom)
        self.downloadButton.clicked.connect(lambda: self.start_download())
        self.cancelButton.clicked.connect(self.cancel)
        self.haveFileButton.clicked.connect(lambda: self.check_copy())
        self.haveFolderButton.clicked.connect(lambda: self.check_copy(folder=True))
        self.acceptButton.clicked.connect(self.accept_copy)
        self.closeButton.clicked.connect(self.close)
        self._busy(False)
        self.acceptButton.setVisible(False)
        self.setMinimumWidth(560)
        self.retranslate_ui()

    # ------------------------------------------------------------------ texts
    def case_title(self) -> str:
        title = cases.get_case(self.case).title
        return QCoreApplication.translate("DataSources", S.NAMES.get(title, title))

    def retranslate_ui(self) -> None:
        self.setWindowTitle(self.tr("Get the data: {title}").format(title=self.case_title()))
        self.headerLabel.setText(self.tr("{title} needs the file {fname} ({size}) from Keras's server.").format(
            title=self.case_title(), fname=self.fname, size=self._size_text()))
        self.sourceLabel.setText(self.tr("From: {url}\nInto: {folder}\nKeras finds it there too.").format(
            url=download.resolve_url(local_copies.origin_url(self.case)), folder=download.cache_dir()))
        self.reasonLabel.setVisible(self.error is not None)
        if self.error is not None:
            reason = self.error.params.get("reason", "") if hasattr(self.error, "params") else str(self.error)
            if is_unreachable(self.error):
                text = self.tr("No internet connection (the server could not be reached). Ways out: a mirror "
                               "URL below, or \"I already have the file\" if you have a copy. (Detail: {reason})"
                               ).format(reason=reason)
            else:
                text = self.tr("The last download failed: {reason}").format(reason=reason)
            self.reasonLabel.setToolTip(reason)
            kept = getattr(self.error, "params", {}).get("kept")
            if kept:
                text += "\n" + self.tr("The file {path} already there was kept unchanged: its checksum differs "
                                       "from Keras's. If you trust it, pick it with \"I already have the file\"."
                                       ).format(path=kept)
            self.reasonLabel.setText("⚠ " + text)
        self.mirrorLabel.setText(self.tr("Mirror URL"))
        in_use = download.get_mirror()
        if in_use and in_use == os.environ.get(download.MIRROR_ENV):
            hint = self.tr("from {var}: {url}").format(var=download.MIRROR_ENV, url=in_use)
        elif in_use:
            hint = self.tr("in use: {url}").format(url=in_use)
        else:
            hint = self.tr("empty: Keras's own server; or a copy of its folder, e.g. "
                           "https://mirror.example/keras-datasets/")
        self.mirrorEdit.setPlaceholderText(hint)
        self.mirrorEdit.setToolTip(self.tr("A server that holds the same file names as Keras's dataset folder. "
                                           "Remembered; the same as the environment variable {var}.").format(
                                               var=download.MIRROR_ENV))
        self.downloadButton.setText(self.tr("Download"))
        self.cancelButton.setText(self.tr("Cancel"))
        self.haveFileButton.setText(self.tr("I already have the file ({fname})…").format(fname=self.fname))
        self.haveFolderButton.setText(self.tr("I have the four IDX files (folder)…"))
        self.acceptButton.setText(self.tr("Use it anyway"))
        self.closeButton.setText(self.tr("Close"))
        if self._status is not None:
            self.statusLabel.setText(self._status())
        self.fit_text()

    def _size_text(self) -> str:
        if self.size is None:
            return self.tr("size unknown")
        return self.tr("{mb:.1f} MB").format(mb=self.size / 1e6) if self.size >= 1e6 else \
            self.tr("{kb} kB").format(kb=max(1, round(self.size / 1e3)))

    def _say(self, make) -> None:
        self._status = make
        self.statusLabel.setText(make())
        self.fit_text()

    def fit_text(self) -> None:
        """Grow to show every wrapped line: a shown dialog keeps its size when a label gets longer (at
        1366×768 the status and "Keras finds it there too" were cut off). Never taller than the screen."""
        lay = self.layout()
        lay.activate()
        need = lay.totalHeightForWidth(self.width()) if lay.hasHeightForWidth() else lay.totalSizeHint().height()
        if need > self.height():
            screen = self.screen()
            room = screen.availableGeometry().height() - 40 if screen is not None else need
            self.resize(self.width(), min(need, max(room, self.height())))

    def _busy(self, on: bool) -> None:
        self.progressBar.setVisible(on)
        self.cancelButton.setVisible(on)
        for b in (self.downloadButton, self.haveFileButton, self.haveFolderButton, self.mirrorEdit):
            b.setEnabled(not on)

    def _run(self, fn, done, failed) -> None:
        self.job = _Job(fn, self)
        self.job.progressed.connect(self._on_progress)
        self.job.done.connect(done)
        self.job.failed.connect(failed)
        self.job.finished.connect(lambda: self._busy(False))
        self.progressBar.setRange(0, 0)
        self.progressBar.setFormat("")
        self._busy(True)
        self.job.start()

    # ------------------------------------------------------------------ download
    def start_download(self) -> bool:
        """Remember the mirror field, then download the file into Keras's cache. False: bad mirror URL."""
        url = self.mirrorEdit.text().strip()
        if url and not url.lower().startswith(MIRROR_SCHEMES):
            self._say(lambda: "✖ " + self.tr("A mirror URL starts with http://, https:// or file://, "
                                             "e.g. https://mirror.example/keras-datasets/"))
            return False
        if self.settings is not None:
            self.settings.setValue(MIRROR_KEY, url)
        download.set_mirror(url or None)
        self.acceptButton.setVisible(False)
        self.retranslate_ui()  # the From: line shows the URL really used
        fname, origin, file_hash = self.fname, local_copies.origin_url(self.case), self.file_hash
        self._say(lambda: self.tr("Downloading {fname}…").format(fname=fname))
        self._run(lambda progress, cancel: download.get_file(fname, origin, file_hash, progress=progress,
                                                             cancel=cancel),
                  self._on_ready, self._on_download_failed)
        return True

    def cancel(self) -> None:
        if self.job is not None:
            self.job.cancel.set()

    def _on_progress(self, done: int, total: int) -> None:
        if total:
            self.progressBar.setRange(0, 1000)
            self.progressBar.setValue(int(1000 * done / total))
            self.progressBar.setFormat(f"{done / 1e6:.1f} / {total / 1e6:.1f} MB")

    def _on_download_failed(self, exc) -> None:
        if isinstance(exc, DownloadCancelled):
            self._say(lambda: self.tr("Download cancelled. The part already downloaded is kept: Download "
                                      "continues from there."))
            return
        self.error = exc if hasattr(exc, "params") else self.error
        self.retranslate_ui()
        self._say(lambda: "✖ " + self.tr("The download did not work. Try a mirror URL, or \"I already have "
                                         "the file\"."))

    # ------------------------------------------------------------------ the learner's own copy
    def check_copy(self, path: str | None = None, folder: bool = False) -> None:
        """Check the learner's copy at ``path`` (asks with a file or folder dialog when None)."""
        if path is None:
            if folder:
                path = QFileDialog.getExistingDirectory(self, self.tr("The folder of the four MNIST IDX files"))
            else:
                pattern = "*.npz *.zip" if self.case == "mnist" else "*.npz"
                path, _ = QFileDialog.getOpenFileName(self, self.tr("Your copy of {fname}").format(
                    fname=self.fname), "", self.tr("Keras dataset files ({pattern})").format(pattern=pattern))
            if not path:
                return
        self.acceptButton.setVisible(False)
        self.pending_check = None
        self._say(lambda: self.tr("Checking {path}…").format(path=path))
        self._run(lambda progress, cancel: local_copies.check_copy(self.case, path), self._on_checked,
                  lambda exc: self._on_copy_failed(path, exc))

    def _on_checked(self, check) -> None:
        shapes = ", ".join(f"{k} {v}" for k, v in check.shapes.items())
        if check.keras_hash_ok:
            self._install(check)
            return
        self.pending_check = check
        self.acceptButton.setVisible(True)
        if check.kind != "npz":  # IDX files: nothing is compared with a checksum; mnist.npz is written from them
            self._say(lambda: "⚠ " + self.tr(
                "The four IDX files were read and checked as MNIST ({shapes}); their own checksums are not "
                "compared with the official ones. netbuilder converts them into {fname} for itself; Keras would "
                "still download its own {fname}.").format(shapes=shapes, fname=self.fname))
            return
        self._say(lambda: "⚠ " + self.tr(
            "The arrays are right ({shapes}), but the file is not byte for byte Keras's {fname}: its checksum "
            "differs (a rebuilt or re-saved copy). netbuilder can use it; Keras itself would download its own "
            "file again.").format(shapes=shapes, fname=self.fname))

    def accept_copy(self) -> None:
        """"Use it anyway": install the copy whose checksum differs."""
        if self.pending_check is not None:
            self._install(self.pending_check, accept=True)

    def _install(self, check, accept: bool = False) -> None:
        self.acceptButton.setVisible(False)
        self._say(lambda: self.tr("Copying into {folder}…").format(folder=download.cache_dir()))
        self._run(lambda progress, cancel: local_copies.install_copy(check, accept_mismatch=accept),
                  self._on_ready, lambda exc: self._on_copy_failed(check.source, exc))

    def _on_copy_failed(self, path, exc) -> None:
        self._say(lambda: "✖ " + self.tr("{path} cannot be used as {fname}: {reason}").format(
            path=path, fname=self.fname, reason=self._copy_problem(path, exc)) + "\n" + self._copy_way_out(exc))

    def _copy_problem(self, path, exc) -> str:
        """What is wrong with the learner's copy, in their words, without repeating its path."""
        code, params = getattr(exc, "code", None), getattr(exc, "params", {}) or {}
        if code == "npz_missing_keys" and "needs" in params:
            holds = ", ".join(params.get("holds") or ()) or self.tr("nothing")
            return self.tr("it is another file: it holds the arrays {holds}, but {fname} holds {needs}").format(
                holds=holds, fname=self.fname, needs=", ".join(params["needs"]))
        if code == "npz_bad_format":  # the technical detail: the zip library's words, or the engine's
            return self.tr("the file is incomplete (an interrupted download?) or damaged, so it cannot be read "
                           "[{detail}]").format(detail=params.get("detail") or strip_path(str(exc), str(path)))
        return strip_path(error_text(exc), str(path))

    def _copy_way_out(self, exc) -> str:
        """The way out after a refused copy: which file is expected and where to get it."""
        url = download.resolve_url(local_copies.origin_url(self.case))
        if getattr(exc, "code", None) == "npz_bad_format":
            return self.tr("Get {fname} again (Download here, or copy it again from {url}), then pick the complete "
                           "file with \"I already have the file\".").format(fname=self.fname, url=url)
        return self.tr("Pick Keras's {fname} ({size}, from {url}) with \"I already have the file\", or get it "
                       "with Download.").format(fname=self.fname, size=self._size_text(), url=url)

    def _on_ready(self, result) -> None:
        """The file is in Keras's cache (a download's path, or an install's result): tell the caller."""
        kept = getattr(result, "kept", None)
        self.pending_check = None
        self._say(lambda: "✔ " + self.tr("{fname} is ready in {folder}.").format(
            fname=self.fname, folder=download.cache_dir()) + ("\n" + self.tr(
                "The different file that was there is kept as {path}.").format(path=kept) if kept else ""))
        self.error = None
        self.reasonLabel.setVisible(False)
        self.delivered = True
        self.dataReady.emit(self.case)
        if not kept:  # nothing more to say: the panel loads the data now
            self.close()

    # ------------------------------------------------------------------ closing
    def closeEvent(self, event):  # noqa: N802 - Qt API
        """Closing stops a running download (its part is kept to resume) and waits for the thread."""
        if self.job is not None and self.job.isRunning():
            self.job.cancel.set()
            self.job.wait(10000)
        super().closeEvent(event)
