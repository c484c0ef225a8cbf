"""Downloads from a local HTTP server: cache, progress, cancel, resume, corrupt files, mirrors, errors."""

from __future__ import annotations

import hashlib
import os
import threading

import pytest

from netbuilder.core.datasets import boston_housing, download, fashion_mnist, imdb, mnist
from netbuilder.core.datasets.download import DownloadCancelled, DownloadError, get_file
from netbuilder.core.errors import DataError

PAYLOAD = bytes(range(256)) * 1200  # 307,200 bytes: several 64 KiB chunks
SHA = hashlib.sha256(PAYLOAD).hexdigest()
MD5 = hashlib.md5(PAYLOAD).hexdigest()
ORIGIN = download.KERAS_ORIGIN + "blob.bin"


def _serve(server, name="blob.bin", body=PAYLOAD):
    server.files["/" + name] = body
    download.set_mirror(server.url)


def _no_leftovers(folder):
    return [p for p in os.listdir(folder) if p.endswith(".part") or p == "blob.bin"] == []


def test_download_into_keras_cache_with_progress_then_cached(keras_home, http_server):
    _serve(http_server)
    calls = []
    path = get_file("blob.bin", ORIGIN, SHA, progress=lambda done, total: calls.append((done, total)))
    assert path == str(keras_home / "datasets" / "blob.bin")
    assert open(path, "rb").read() == PAYLOAD
    assert calls[0] == (0, len(PAYLOAD)) and calls[-1] == (len(PAYLOAD), len(PAYLOAD))
    assert all(a[0] <= b[0] for a, b in zip(calls, calls[1:])) and len(calls) >= 4
    assert http_server.requests == [("/blob.bin", None)]
    # a file already in Keras's cache is used without any network access
    assert get_file("blob.bin", ORIGIN, SHA) == path
    assert len(http_server.requests) == 1


def test_md5_legacy_hash_is_accepted(keras_home, http_server):
    _serve(http_server)
    assert open(get_file("blob.bin", ORIGIN, MD5), "rb").read() == PAYLOAD
    assert download.hash_algorithm(MD5) == "md5" and download.hash_algorithm(SHA) == "sha256"


def test_corrupt_cached_file_is_replaced_by_a_verified_download(keras_home, http_server):
    _serve(http_server)
    folder = keras_home / "datasets"
    folder.mkdir(parents=True)
    (folder / "blob.bin").write_bytes(PAYLOAD[:1000])  # truncated earlier download
    path = get_file("blob.bin", ORIGIN, SHA)
    assert open(path, "rb").read() == PAYLOAD
    assert len(http_server.requests) == 1


def test_failed_hash_raises_and_leaves_nothing_behind(keras_home, http_server):
    _serve(http_server, body=PAYLOAD[:-1] + b"X")
    with pytest.raises(DownloadError) as info:
        get_file("blob.bin", ORIGIN, SHA)
    assert info.value.code == "download_hash_mismatch"
    assert "blob.bin" in str(info.value) and SHA in str(info.value)
    assert _no_leftovers(keras_home / "datasets")


def test_unreachable_host_error_names_file_hash_folder_and_mirror(keras_home, http_server):
    download.set_mirror(http_server.url)  # serves nothing: 404
    with pytest.raises(DownloadError) as info:
        get_file("blob.bin", ORIGIN, SHA)
    err = info.value
    msg = str(err)
    assert err.code == "download_failed" and isinstance(err, DataError)
    assert "blob.bin" in msg and SHA in msg and str(keras_home / "datasets") in msg
    assert download.MIRROR_ENV in msg and "404" in msg
    assert err.params["files"] == [("blob.bin", "sha256", SHA)]
    assert err.params["folder"] == str(keras_home / "datasets")


def test_closed_port_is_a_clean_download_error(keras_home):
    import socket

    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()  # nothing listens there now
    download.set_mirror(f"http://127.0.0.1:{port}/")
    with pytest.raises(DownloadError, match="blob.bin"):
        get_file("blob.bin", ORIGIN, SHA, timeout=5)


def test_cancel_then_resume_with_range_request(keras_home, http_server):
    _serve(http_server)
    stop = threading.Event()

    def progress(done, total):
        if done >= 2 * 65536:
            stop.set()

    with pytest.raises(DownloadCancelled):
        get_file("blob.bin", ORIGIN, SHA, progress=progress, cancel=stop)
    folder = keras_home / "datasets"
    assert not (folder / "blob.bin").exists()
    kept = (folder / "blob.bin.part").stat().st_size
    assert 0 < kept < len(PAYLOAD)
    seen = []
    path = get_file("blob.bin", ORIGIN, SHA, progress=lambda d, t: seen.append((d, t)))
    assert open(path, "rb").read() == PAYLOAD
    assert http_server.requests[-1] == ("/blob.bin", f"bytes={kept}-")
    assert seen[0] == (kept, len(PAYLOAD)) and seen[-1] == (len(PAYLOAD), len(PAYLOAD))
    assert not (folder / "blob.bin.part").exists()


def test_progress_returning_false_and_callable_cancel(keras_home, http_server):
    _serve(http_server)
    with pytest.raises(DownloadCancelled) as info:
        get_file("blob.bin", ORIGIN, SHA, progress=lambda d, t: False)
    assert info.value.code == "download_cancelled"
    with pytest.raises(DownloadCancelled):
        get_file("blob.bin", ORIGIN, SHA, cancel=lambda: True)
    assert not (keras_home / "datasets" / "blob.bin").exists()


def test_dropped_connection_then_resume(keras_home, http_server):
    _serve(http_server)
    http_server.cut_after["/blob.bin"] = 100_000
    with pytest.raises(DownloadError):
        get_file("blob.bin", ORIGIN, SHA)
    folder = keras_home / "datasets"
    assert not (folder / "blob.bin").exists()
    assert (folder / "blob.bin.part").stat().st_size == 100_000
    assert open(get_file("blob.bin", ORIGIN, SHA), "rb").read() == PAYLOAD
    assert http_server.requests[-1][1] == "bytes=100000-"


def test_stale_partial_file_fails_hash_then_restarts_from_scratch(keras_home, http_server):
    _serve(http_server)
    folder = keras_home / "datasets"
    folder.mkdir(parents=True)
    (folder / "blob.bin.part").write_bytes(b"garbage" * 100)
    assert open(get_file("blob.bin", ORIGIN, SHA), "rb").read() == PAYLOAD
    assert [r[1] for r in http_server.requests] == ["bytes=700-", None]


def test_server_without_range_support_restarts_cleanly(keras_home, http_server):
    _serve(http_server)
    http_server.ranges = False
    folder = keras_home / "datasets"
    folder.mkdir(parents=True)
    (folder / "blob.bin.part").write_bytes(PAYLOAD[:5000])
    assert open(get_file("blob.bin", ORIGIN, SHA), "rb").read() == PAYLOAD


def test_mirror_env_var_and_setting(keras_home, http_server, monkeypatch):
    http_server.files["/blob.bin"] = PAYLOAD
    monkeypatch.setenv(download.MIRROR_ENV, http_server.url + "mirror")
    http_server.files["/mirror/blob.bin"] = PAYLOAD
    assert download.resolve_url(ORIGIN) == http_server.url + "mirror/blob.bin"
    get_file("blob.bin", ORIGIN, SHA)
    assert http_server.requests == [("/mirror/blob.bin", None)]
    download.set_mirror(http_server.url)  # the app setting wins over the environment
    assert download.get_mirror() == http_server.url
    assert download.resolve_url(ORIGIN) == http_server.url + "blob.bin"
    download.set_mirror(None)
    monkeypatch.delenv(download.MIRROR_ENV)
    assert download.resolve_url(ORIGIN) == ORIGIN


def test_file_url_mirror_works(keras_home, tmp_path):
    (tmp_path / "blob.bin").write_bytes(PAYLOAD)
    download.set_mirror(tmp_path.as_uri())
    assert open(get_file("blob.bin", ORIGIN, SHA), "rb").read() == PAYLOAD


def test_keras_home_default_and_bare_names_only(monkeypatch, tmp_path):
    monkeypatch.delenv("KERAS_HOME", raising=False)
    monkeypatch.setenv("HOME", str(tmp_path))
    assert download.keras_home() == str(tmp_path / ".keras")
    assert download.cache_dir() == str(tmp_path / ".keras" / "datasets")
    with pytest.raises(DataError, match="bare file name"):
        get_file("sub/blob.bin", ORIGIN, SHA)


def test_loader_offline_errors_name_keras_files(keras_home, http_server):
    download.set_mirror(http_server.url)  # nothing served
    with pytest.raises(DownloadError) as info:
        mnist.load_data()
    assert "mnist.npz" in str(info.value) and mnist.FILE_HASH in str(info.value)
    with pytest.raises(DownloadError) as info:
        imdb.get_word_index()
    assert imdb.WORD_INDEX_HASH in str(info.value)
    with pytest.raises(DownloadError) as info:
        fashion_mnist.load_data()
    names = [f[0] for f in info.value.params["files"]]
    assert sorted(names) == sorted(n + ".gz" for n in ("train-images-idx3-ubyte", "train-labels-idx1-ubyte",
                                                      "t10k-images-idx3-ubyte", "t10k-labels-idx1-ubyte"))
    assert str(keras_home / "datasets" / "fashion-mnist") in str(info.value)


def test_local_path_is_read_as_is_without_network(keras_home, http_server, tmp_path):
    download.set_mirror(http_server.url)
    with pytest.raises(DataError) as info:
        boston_housing.load_data(str(tmp_path / "nope.npz"))
    assert info.value.code == "file_not_found"
    assert http_server.requests == []


# ------------------------------------------------------------- real Keras files through the server

def test_boston_download_hash_checked_and_keras_cache_reused(keras_home, http_server, shared):
    real = (shared / "boston_housing" / "boston_housing.npz").read_bytes()
    _serve(http_server, "boston_housing.npz", real)
    (x, y), _ = boston_housing.load_data()
    assert x.shape == (404, 13) and len(http_server.requests) == 1
    assert (keras_home / "datasets" / "boston_housing.npz").read_bytes() == real
    download.set_mirror("http://127.0.0.1:9/")  # unreachable: the cached Keras file must suffice
    (x2, _), _ = boston_housing.load_data()
    assert (x2 == x).all() and len(http_server.requests) == 1


def test_fashion_mnist_download_and_corrupt_cache(keras_home, http_server, shared):
    for p in (shared / "fashion-mnist").iterdir():
        http_server.files["/" + p.name] = p.read_bytes()
    download.set_mirror(http_server.url)
    (x, y), (xt, yt) = fashion_mnist.load_data()
    assert x.shape == (60000, 28, 28) and yt.shape == (10000,) and len(http_server.requests) == 4
    cached = keras_home / "datasets" / "fashion-mnist" / "t10k-labels-idx1-ubyte.gz"
    cached.write_bytes(cached.read_bytes()[:-20])  # truncated gzip: CRC/length check fails
    (_, _), (_, yt2) = fashion_mnist.load_data()
    assert (yt2 == yt).all() and http_server.requests[-1][0] == "/t10k-labels-idx1-ubyte.gz"
    assert len(http_server.requests) == 5
