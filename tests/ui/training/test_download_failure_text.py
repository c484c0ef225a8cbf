"""A source without the data dialog (Fashion-MNIST) whose download fails says so in the Dataset panel
with the ways out that exist there. It showed the engine's message, which sends the learner to
"Dataset › Get the data… › Mirror URL": a button this source does not have (a learner walk)."""

from __future__ import annotations

import socket

from netbuilder.core.datasets import download
from netbuilder.ui import i18n


def _closed_port() -> int:
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()  # nothing listens there now: the connection is refused, as on a machine without internet
    return port


def test_an_offline_fashion_mnist_load_names_the_files_folder_and_real_ways_out(win, qtbot, monkeypatch, tmp_path):
    monkeypatch.setenv("KERAS_HOME", str(tmp_path / "keras"))
    monkeypatch.setattr(download, "_mirror", f"http://127.0.0.1:{_closed_port()}/data")
    panel = win.training_ui.dataset_panel
    panel.datasetCombo.setCurrentIndex(panel.datasetCombo.findData("fashion_mnist"))
    assert not panel.getDataButton.isVisibleTo(panel)  # no data dialog for this source
    panel.load_current()
    qtbot.waitUntil(lambda: panel.checkLabel.text().startswith("✖"), timeout=60000)
    text = panel.checkLabel.text()
    assert text.startswith("✖ No internet connection")
    assert "Fashion-MNIST" in text and str(tmp_path / "keras") in text and "train-images-idx3-ubyte.gz" in text
    assert download.MIRROR_ENV in text and "Get the data" not in text  # only ways out this source has
    assert panel.loadButton.isEnabled() and panel.data is None
    assert not any(p.name.endswith(".gz") for p in (tmp_path / "keras").rglob("*"))  # nothing half-written kept

    try:
        i18n.set_language("zh_CN")
        panel.load_current()
        qtbot.waitUntil(lambda: "网络" in panel.checkLabel.text(), timeout=60000)
        assert download.MIRROR_ENV in panel.checkLabel.text()
    finally:
        i18n.set_language("en")
