"""The data dialog and the Dataset panel's ways in: Import's file dialog, downloads from a local server
(served, refused, cut off half way, wrong checksum, cancelled), the remembered mirror, and picked files."""

from __future__ import annotations

import http.server
import socket
import threading

import numpy as np
import pytest
from PySide6.QtCore import QSettings, Qt
from PySide6.QtWidgets import QFileDialog, QMainWindow

from netbuilder.core.datasets import download
from netbuilder.ui.training.data_dialog import MIRROR_KEY, DataDialog
from netbuilder.ui.training.dataset_panel import DatasetPanel
from tests.core.datasets.conftest import http_server, keras_home, shared  # noqa: F401  (fixtures)


class Window(QMainWindow):
    """A window with the app's ``settings`` attribute, as the panel finds it on MainWindow."""

    def __init__(self, settings):
        super().__init__()
        self.settings = settings
        self.panel = DatasetPanel()
        self.setCentralWidget(self.panel)


@pytest.fixture
def window(qtbot, tmp_path, keras_home):  # noqa: F811
    w = Window(QSettings(str(tmp_path / "settings.ini"), QSettings.IniFormat))
    qtbot.addWidget(w)
    w.show()
    yield w
    w.panel.shutdown()


def _choose(panel, key):
    panel.datasetCombo.setCurrentIndex(panel.datasetCombo.findData(key))


def _closed_port_url():
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    return f"http://127.0.0.1:{port}/"


def _boston_like(path, n=506):
    rng = np.random.default_rng(0)
    np.savez(path, x=rng.normal(size=(n, 13)), y=rng.uniform(5, 50, n))
    return path


def _offline_dialog(window, qtbot):
    """Boston chosen, Load pressed with the remembered mirror refusing connections: the dialog opens."""
    window.settings.setValue(MIRROR_KEY, _closed_port_url())
    panel = window.panel
    _choose(panel, "case:boston_housing")
    qtbot.mouseClick(panel.loadButton, Qt.LeftButton)
    qtbot.waitUntil(lambda: panel.data_dialog is not None and panel.data_dialog.isVisible(), timeout=20000)
    return panel.data_dialog


def _idle(dialog):
    return dialog.job is None or dialog.job.isFinished()


# ------------------------------------------------------------------ Import CSV/NPZ… (the "False" bug)

def test_import_load_opens_a_file_dialog_and_loads_the_file(qtbot, tmp_path, monkeypatch):
    csv_path = tmp_path / "table.csv"
    csv_path.write_text("a,b,label\n" + "".join(f"{i},{i * 2},{i % 2}\n" for i in range(20)))
    asked = []

    def fake_open(*args, **kwargs):
        asked.append(args)
        return str(csv_path), ""

    monkeypatch.setattr(QFileDialog, "getOpenFileName", fake_open)
    panel = DatasetPanel()
    qtbot.addWidget(panel)
    _choose(panel, "file")
    qtbot.mouseClick(panel.loadButton, Qt.LeftButton)
    assert len(asked) == 1
    assert panel.data is not None and panel.data.x_train.shape == (16, 2)
    assert "False" not in panel.checkLabel.text()


def test_import_cancelled_file_dialog_changes_nothing(qtbot, monkeypatch):
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: ("", ""))
    panel = DatasetPanel()
    qtbot.addWidget(panel)
    _choose(panel, "file")
    qtbot.mouseClick(panel.loadButton, Qt.LeftButton)
    assert panel.data is None and panel.checkLabel.text() == ""


# ------------------------------------------------------------------ downloads through the dialog

def test_refused_download_opens_the_dialog_with_file_size_source_and_reason(window, qtbot, keras_home):  # noqa: F811
    dialog = _offline_dialog(window, qtbot)
    assert isinstance(dialog, DataDialog) and dialog.case == "boston_housing"
    assert "boston_housing.npz" in dialog.headerLabel.text() and "57 kB" in dialog.headerLabel.text()
    assert str(keras_home / "datasets") in dialog.sourceLabel.text()
    assert "refused" in dialog.reasonLabel.text().lower()
    assert "boston_housing.npz" in window.panel.checkLabel.text()
    assert dialog.mirrorEdit.text() == window.settings.value(MIRROR_KEY)  # the remembered mirror is shown
    assert not dialog.haveFolderButton.isVisible()  # only MNIST has IDX files


def test_mirror_download_with_progress_then_panel_loads_and_mirror_is_remembered(window, qtbot, http_server,  # noqa: F811
                                                                                  shared):  # noqa: F811
    dialog = _offline_dialog(window, qtbot)
    http_server.files["/keras/boston_housing.npz"] = (shared / "boston_housing" / "boston_housing.npz").read_bytes()
    dialog.mirrorEdit.setText(http_server.url + "keras/")
    seen = []
    assert dialog.start_download()
    dialog.job.progressed.connect(lambda d, t: seen.append((d, t)))
    qtbot.waitUntil(lambda: window.panel.data is not None, timeout=20000)
    assert window.panel.data.x_train.shape == (404, 13)
    assert seen and seen[-1] == (57026, 57026)
    assert window.settings.value(MIRROR_KEY) == http_server.url + "keras/"
    assert not dialog.isVisible()
    download.set_mirror(None)  # a new window applies the remembered mirror before its first download
    other = Window(window.settings)
    qtbot.addWidget(other)
    _choose(other.panel, "case:boston_housing")
    other.panel.load_current()
    qtbot.waitUntil(lambda: other.panel.data is not None, timeout=20000)
    assert download.get_mirror() == http_server.url + "keras/"


@pytest.mark.parametrize("fault", ["cut_off", "wrong_checksum"])
def test_cut_off_and_wrong_checksum_are_said_in_the_dialog(window, qtbot, http_server, shared, fault):  # noqa: F811
    dialog = _offline_dialog(window, qtbot)
    real = (shared / "boston_housing" / "boston_housing.npz").read_bytes()
    if fault == "cut_off":
        http_server.files["/boston_housing.npz"] = real
        http_server.cut_after["/boston_housing.npz"] = len(real) // 2
    else:
        http_server.files["/boston_housing.npz"] = real[:-4] + b"XXXX"
    dialog.mirrorEdit.setText(http_server.url)
    dialog.start_download()
    qtbot.waitUntil(lambda: _idle(dialog) and dialog.downloadButton.isEnabled(), timeout=20000)
    assert dialog.statusLabel.text().startswith("✖")
    reason = dialog.reasonLabel.text()
    assert ("28513 of 57026" in reason) if fault == "cut_off" else ("integrity" in reason)
    assert window.panel.data is None
    if fault == "cut_off":  # Download again resumes and finishes
        dialog.start_download()
        qtbot.waitUntil(lambda: window.panel.data is not None, timeout=20000)
        assert http_server.requests[-1][1] == f"bytes={len(real) // 2}-"


class _Slow(http.server.BaseHTTPRequestHandler):
    """Sends two chunks of a 4 MB body, then holds until ``release`` is set (the test pressed Cancel),
    so the download is provably mid-way when Cancel lands, however fast or loaded the machine is."""

    release = threading.Event()

    def log_message(self, *args):
        pass

    def do_GET(self):
        body = b"x" * 4_000_000
        self.send_response(200)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        try:
            for i in range(0, len(body), 65536):
                if i == 2 * 65536:
                    self.release.wait(60)  # a safety net against a hung test, not a pass/fail limit
                self.wfile.write(body[i:i + 65536])
        except OSError:
            pass


def test_cancel_stops_the_download_and_keeps_the_part(window, qtbot, keras_home):  # noqa: F811
    _Slow.release.clear()
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Slow)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        dialog = _offline_dialog(window, qtbot)
        dialog.mirrorEdit.setText(f"http://127.0.0.1:{server.server_address[1]}/")
        dialog.start_download()
        qtbot.waitUntil(lambda: dialog.progressBar.maximum() == 1000 and dialog.progressBar.value() > 0,
                        timeout=20000)
        assert dialog.cancelButton.isVisible()
        qtbot.mouseClick(dialog.cancelButton, Qt.LeftButton)
        _Slow.release.set()  # the next chunk lets the download thread see the cancel
        qtbot.waitUntil(lambda: _idle(dialog) and dialog.downloadButton.isEnabled(), timeout=20000)
        assert "cancelled" in dialog.statusLabel.text()
        part = keras_home / "datasets" / "boston_housing.npz.part"
        assert 0 < part.stat().st_size < 4_000_000
        assert not (keras_home / "datasets" / "boston_housing.npz").exists()
    finally:
        server.shutdown()
        server.server_close()


def test_bad_mirror_url_is_refused_in_the_window(window, qtbot):
    dialog = _offline_dialog(window, qtbot)
    dialog.mirrorEdit.setText("mirror.example/keras")
    assert not dialog.start_download()
    remembered = window.settings.value(MIRROR_KEY)
    assert "http://" in dialog.statusLabel.text() and dialog.job is None  # no download started
    assert window.settings.value(MIRROR_KEY) == remembered != "mirror.example/keras"


# ------------------------------------------------------------------ "I already have the file"

def test_picked_copy_with_other_checksum_is_a_warning_then_installed_and_loaded(window, qtbot, tmp_path,
                                                                              keras_home):  # noqa: F811
    dialog = _offline_dialog(window, qtbot)
    copy = _boston_like(tmp_path / "my_boston.npz")
    dialog.check_copy(str(copy))
    qtbot.waitUntil(lambda: dialog.acceptButton.isVisible(), timeout=20000)
    status = dialog.statusLabel.text()
    assert status.startswith("⚠") and "checksum" in status and "(404, 13)" in status
    assert not (keras_home / "datasets" / "boston_housing.npz").exists()  # nothing before accepting
    with qtbot.waitSignal(dialog.dataReady, timeout=20000):
        qtbot.mouseClick(dialog.acceptButton, Qt.LeftButton)
    qtbot.waitUntil(lambda: window.panel.data is not None, timeout=20000)
    assert (keras_home / "datasets" / "boston_housing.npz").read_bytes() == copy.read_bytes()
    assert window.panel.data.x_train.shape == (404, 13)


def test_picked_wrong_file_names_the_problem(window, qtbot, tmp_path, keras_home, monkeypatch):  # noqa: F811
    dialog = _offline_dialog(window, qtbot)
    wrong = _boston_like(tmp_path / "boston_housing.npz", n=50)
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (str(wrong), ""))
    qtbot.mouseClick(dialog.haveFileButton, Qt.LeftButton)
    qtbot.waitUntil(lambda: dialog.statusLabel.text().startswith("✖"), timeout=20000)
    text = dialog.statusLabel.text()
    assert str(wrong) in text and "shape" in text and "(404, 13)" in text
    assert not dialog.acceptButton.isVisible()
    assert not (keras_home / "datasets" / "boston_housing.npz").exists()


def test_keras_own_file_is_installed_without_a_question(window, qtbot, shared, keras_home):  # noqa: F811
    dialog = _offline_dialog(window, qtbot)
    dialog.check_copy(str(shared / "boston_housing" / "boston_housing.npz"))
    qtbot.waitUntil(lambda: window.panel.data is not None, timeout=20000)
    assert download.validate_file(str(keras_home / "datasets" / "boston_housing.npz"),
                                  "f553886a1f8d56431e820c5b82552d9d95cfcb96d1e678153f8839538947dff5")


def test_mnist_idx_folder_through_the_folder_button(window, qtbot, shared, monkeypatch):  # noqa: F811
    panel = window.panel
    _choose(panel, "case:mnist")
    dialog = panel.open_data_dialog()
    assert dialog.haveFolderButton.isVisible() and "mnist.npz" in dialog.headerLabel.text()
    assert "11.5 MB" in dialog.headerLabel.text()
    monkeypatch.setattr(QFileDialog, "getExistingDirectory", lambda *a, **k: str(shared / "mnist"))
    qtbot.mouseClick(dialog.haveFolderButton, Qt.LeftButton)
    qtbot.waitUntil(lambda: dialog.acceptButton.isVisible(), timeout=60000)
    qtbot.mouseClick(dialog.acceptButton, Qt.LeftButton)
    qtbot.waitUntil(lambda: panel.data is not None, timeout=60000)
    assert panel.data.x_train.shape == (60000, 784)


def test_dialog_speaks_chinese(window, qtbot):
    from netbuilder.ui import i18n

    dialog = _offline_dialog(window, qtbot)
    english = dialog.headerLabel.text()
    i18n.set_language("zh_CN")
    try:
        for w in (dialog.headerLabel, dialog.downloadButton, dialog.haveFileButton, dialog.reasonLabel):
            assert any("\u4e00" <= ch <= "\u9fff" for ch in w.text()), w.text()
        assert dialog.headerLabel.text() != english and "boston_housing.npz" in dialog.headerLabel.text()
    finally:
        i18n.set_language("en")


def test_only_a_remembered_mirror_is_applied(window, qtbot, http_server, monkeypatch):  # noqa: F811
    from netbuilder.ui.training.data_dialog import apply_mirror_setting

    download.set_mirror(http_server.url)  # set by code (or a test); nothing remembered yet
    apply_mirror_setting(window.settings)
    assert download.get_mirror() == http_server.url
    window.settings.setValue(MIRROR_KEY, "")  # the learner emptied the field: back to the variable
    monkeypatch.setenv(download.MIRROR_ENV, "http://127.0.0.1:9/from-env/")
    apply_mirror_setting(window.settings)
    assert download.get_mirror() == "http://127.0.0.1:9/from-env/"
