"""The data dialog's messages for a wrong, truncated or unreachable file, in English and Chinese: each
names the problem in the learner's words (what is missing, what the file holds), the path once, and
the way out (which file, where from, "I already have the file")."""

from __future__ import annotations

import socket
import urllib.error

import numpy as np
import pytest

from netbuilder.core.datasets import download
from netbuilder.ui import i18n
from netbuilder.ui.training.data_dialog import DataDialog
from netbuilder.ui.training.data_failures import is_unreachable
from tests.core.datasets.conftest import keras_home  # noqa: F401  (fixture)


@pytest.fixture(params=["en", "zh_CN"])
def language(request):
    i18n.set_language(request.param)
    yield request.param
    i18n.set_language("en")


def _has_chinese(text):
    return any("\u4e00" <= ch <= "\u9fff" for ch in text)


def _refused(qtbot, case, path):
    dialog = DataDialog(case)
    qtbot.addWidget(dialog)
    dialog.check_copy(str(path))
    qtbot.waitUntil(lambda: dialog.statusLabel.text().startswith("✖"), timeout=20000)
    qtbot.waitUntil(lambda: dialog.job.isFinished(), timeout=20000)
    return dialog.statusLabel.text()


def _imdb_like(path):
    seqs = np.empty(3, dtype=object)
    seqs[:] = [[1, 2], [3], [4, 5, 6]]
    np.savez(path, x_train=seqs, y_train=np.array([0, 1, 0]), x_test=seqs, y_test=np.array([1, 0, 1]))
    return path


def test_imdb_given_as_reuters_says_what_is_missing_and_what_the_file_holds(qtbot, tmp_path, keras_home,  # noqa: F811
                                                                            language):
    path = _imdb_like(tmp_path / "imdb.npz")
    text = _refused(qtbot, "reuters", path)
    assert text.count(str(path)) == 1
    # Reuters needs x and y; the file holds x_train ... : both are named, each as what it is
    assert "x_test, x_train, y_test, y_train" in text and "x, y" in text
    assert "reuters.npz" in text and download.KERAS_ORIGIN + "reuters.npz" in text
    if language == "zh_CN":
        assert _has_chinese(text) and "现有：['x', 'y']" not in text and "“我已有该文件”" in text
    else:
        assert "it holds the arrays x_test, x_train, y_test, y_train, but reuters.npz holds x, y" in text
        assert '"I already have the file"' in text


def test_boston_given_as_imdb_names_the_expected_file_and_the_path_once(qtbot, tmp_path, keras_home,  # noqa: F811
                                                                        language):
    path = tmp_path / "boston_housing.npz"
    np.savez(path, x=np.zeros((5, 13)), y=np.zeros(5))
    text = _refused(qtbot, "imdb", path)
    assert text.count(str(path)) == 1
    assert "x_train, y_train, x_test, y_test" in text and "imdb.npz" in text
    assert download.KERAS_ORIGIN + "imdb.npz" in text
    assert "lacks the key" not in text  # the engine's own wording is not repeated after the dialog's
    assert _has_chinese(text) == (language == "zh_CN")


def test_truncated_copy_says_incomplete_and_get_it_again(qtbot, tmp_path, keras_home, language):  # noqa: F811
    whole = _imdb_like(tmp_path / "whole.npz")
    path = tmp_path / "imdb.npz"
    path.write_bytes(whole.read_bytes()[:200])
    text = _refused(qtbot, "imdb", path)
    assert text.count(str(path)) == 1
    assert "[File is not a zip file]" in text  # the technical detail stays, in brackets at the end
    if language == "zh_CN":
        assert "下载中断" in text and "重新获取" in text
    else:
        assert "incomplete (an interrupted download?)" in text and "Get imdb.npz again" in text


def _offline_error(cause):
    try:
        try:
            raise cause
        except OSError as exc:  # the reason as download.get_file words it
            reason = f"HTTP {exc.code} {exc.reason}" if isinstance(exc, urllib.error.HTTPError) else \
                getattr(exc, "reason", None) or exc
            raise download.offline_error([("imdb.npz", "sha256", "0" * 64)], "/cache", "https://x/imdb.npz",
                                         reason) from exc
    except download.DownloadError as error:
        return error


@pytest.mark.parametrize("cause", [
    socket.gaierror(-2, "Name or service not known"),
    urllib.error.URLError(ConnectionRefusedError(111, "Connection refused")),
    urllib.error.URLError(TimeoutError("timed out")),
])
def test_offline_download_error_says_no_internet_and_the_way_out(qtbot, keras_home, language, cause):  # noqa: F811
    error = _offline_error(cause)
    assert is_unreachable(error)
    dialog = DataDialog("imdb", error)
    qtbot.addWidget(dialog)
    text = dialog.reasonLabel.text()
    reason = error.params["reason"]
    assert text.endswith(f"{reason}）" if language == "zh_CN" else f"(Detail: {reason})")  # the detail comes last
    assert dialog.reasonLabel.toolTip() == reason
    if language == "zh_CN":
        assert "无法连接到互联网" in text and "镜像" in text and "“我已有该文件”" in text
    else:
        assert text.startswith("⚠ No internet connection (the server could not be reached)")
        assert "mirror URL" in text and '"I already have the file"' in text


def test_an_http_error_is_not_called_offline(qtbot, keras_home):  # noqa: F811
    error = _offline_error(urllib.error.HTTPError("https://x/imdb.npz", 404, "Not Found", {}, None))
    assert not is_unreachable(error)
    dialog = DataDialog("imdb", error)
    qtbot.addWidget(dialog)
    assert "No internet" not in dialog.reasonLabel.text() and "404" in dialog.reasonLabel.text()


def test_engine_message_names_the_missing_arrays_as_missing_and_the_held_ones_as_held(tmp_path, language):
    from netbuilder.core.datasets import reuters
    from netbuilder.core.errors import DataError
    from netbuilder.ui.i18n import messages

    path = _imdb_like(tmp_path / "imdb.npz")
    with pytest.raises(DataError) as info:
        reuters.load_data(str(path))
    params = info.value.params
    assert params["missing"] == ["x", "y"] and params["holds"] == ["x_test", "x_train", "y_test", "y_train"]
    text = messages.render(info.value)
    if language == "zh_CN":
        assert "缺少所需的数组 ['x', 'y']（文件中现有：['x_test', 'x_train', 'y_test', 'y_train']）" in text
    else:
        assert "lacks the key(s) ['x', 'y']; it holds ['x_test', 'x_train', 'y_test', 'y_train']" in text


def test_idx_warning_says_what_was_checked_and_the_dialog_shows_all_of_its_text(qtbot, keras_home,  # noqa: F811
                                                                                language):
    from netbuilder.core.datasets.local_copies import CopyCheck

    error = _offline_error(socket.gaierror(-2, "Name or service not known"))
    dialog = DataDialog("mnist", error)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    dialog.resize(dialog.minimumWidth(), dialog.height())  # as narrow as it gets
    shapes = {"x_train": (60000, 28, 28), "y_train": (60000,), "x_test": (10000, 28, 28), "y_test": (10000,)}
    dialog._on_checked(CopyCheck("mnist", "/data/mnist", "idx_folder", "mnist.npz", dialog.file_hash, False,
                                 None, 0, shapes))
    text = dialog.statusLabel.text()
    assert "byte for byte" not in text and "(60000, 28, 28)" in text
    if language == "zh_CN":
        assert _has_chinese(text) and "IDX" in text
    else:
        assert "four IDX files were read and checked as MNIST" in text and "checksums are not compared" in text
    labels = (dialog.headerLabel, dialog.sourceLabel, dialog.reasonLabel, dialog.statusLabel)

    def all_shown():
        return all(lab.height() >= lab.heightForWidth(lab.width()) for lab in labels)

    qtbot.waitUntil(all_shown)  # every wrapped line of every label fits: nothing is cut off


def test_a_cut_member_inside_a_readable_zip_is_called_incomplete_too(qtbot, tmp_path, keras_home):  # noqa: F811
    path = tmp_path / "boston_housing.npz"
    np.savez(path, x=np.zeros((5, 13)), y=np.zeros(5))
    import zipfile

    with zipfile.ZipFile(path) as z:
        members = {n: z.read(n) for n in z.namelist()}
    with zipfile.ZipFile(path, "w") as z:  # a valid zip whose x.npy lost its end
        for name, data in members.items():
            z.writestr(name, data[:-40] if name == "x.npy" else data)
    text = _refused(qtbot, "boston_housing", path)
    assert text.count(str(path)) == 1
    assert "incomplete (an interrupted download?)" in text and "truncated" in text and "Get boston_housing.npz again" in text


def test_unreachable_is_read_from_the_reason_when_no_exception_is_chained():
    def error(reason, code="download_failed"):
        return download.offline_error([("imdb.npz", "sha256", "0" * 64)], "/cache", "https://x/imdb.npz", reason,
                                      code=code)

    assert is_unreachable(error("[Errno -3] Temporary failure in name resolution"))
    assert is_unreachable(error("The read operation timed out"))
    assert not is_unreachable(error("HTTP 503 Service Unavailable"))
    assert not is_unreachable(error("sha256 differs", code="download_hash_mismatch"))
