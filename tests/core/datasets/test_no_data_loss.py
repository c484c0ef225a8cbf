"""Nothing the user put in Keras's cache is lost: only a complete, verified download replaces it.

The issue's reproduction: a 17 MB ``imdb.npz`` in the cache whose checksum differs from Keras's,
``load_data()`` offline, and the file was gone. Every way a download can fail is tried here against a
local HTTP server on 127.0.0.1 (refused, cut off half way, wrong checksum, 404); the user's file must
come out byte for byte as it went in.
"""

from __future__ import annotations

import hashlib
import os
import socket

import numpy as np
import pytest

from netbuilder.core.datasets import boston_housing, download, fashion_mnist, imdb
from netbuilder.core.datasets.download import DownloadError, get_file

PAYLOAD = bytes(range(256)) * 1200  # what the server holds (Keras's "real" file in these tests)
SHA = hashlib.sha256(PAYLOAD).hexdigest()
ORIGIN = download.KERAS_ORIGIN + "blob.bin"
USERS = b"the learner's own copy " * 5000  # 115,000 bytes, checksum differs from SHA


def _closed_port_url():
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()  # nothing listens there now: connection refused
    return f"http://127.0.0.1:{port}/"


@pytest.fixture
def users_file(keras_home):
    folder = keras_home / "datasets"
    folder.mkdir(parents=True)
    path = folder / "blob.bin"
    path.write_bytes(USERS)
    return path


def _assert_kept(err, path):
    assert path.read_bytes() == USERS
    assert err.params["kept"] == str(path)
    assert "kept unchanged" in str(err) and str(path) in str(err)


def test_refused_connection_keeps_the_users_file(users_file):
    download.set_mirror(_closed_port_url())
    with pytest.raises(DownloadError) as info:
        get_file("blob.bin", ORIGIN, SHA, timeout=5)
    assert info.value.code == "download_failed"
    _assert_kept(info.value, users_file)


def test_not_found_keeps_the_users_file(users_file, http_server):
    download.set_mirror(http_server.url)  # serves nothing: 404
    with pytest.raises(DownloadError) as info:
        get_file("blob.bin", ORIGIN, SHA)
    assert "404" in str(info.value)
    _assert_kept(info.value, users_file)


def test_cut_off_half_way_keeps_the_users_file_then_a_complete_download_replaces_it(users_file, http_server):
    http_server.files["/blob.bin"] = PAYLOAD
    http_server.cut_after["/blob.bin"] = len(PAYLOAD) // 2
    download.set_mirror(http_server.url)
    with pytest.raises(DownloadError) as info:
        get_file("blob.bin", ORIGIN, SHA)
    _assert_kept(info.value, users_file)
    part = users_file.with_name("blob.bin.part")
    assert part.stat().st_size == len(PAYLOAD) // 2  # our own partial download, kept to resume
    # the next try resumes, verifies the whole file, and only then replaces the user's copy
    path = get_file("blob.bin", ORIGIN, SHA)
    assert path == str(users_file) and users_file.read_bytes() == PAYLOAD
    assert http_server.requests[-1][1] == f"bytes={len(PAYLOAD) // 2}-"
    assert not part.exists()


def test_wrong_checksum_keeps_the_users_file_and_leaves_no_partial(users_file, http_server):
    http_server.files["/blob.bin"] = PAYLOAD[:-1] + b"X"
    download.set_mirror(http_server.url)
    with pytest.raises(DownloadError) as info:
        get_file("blob.bin", ORIGIN, SHA)
    assert info.value.code == "download_hash_mismatch"
    _assert_kept(info.value, users_file)
    assert sorted(os.listdir(users_file.parent)) == ["blob.bin"]


def test_accepted_copy_is_used_offline_and_only_while_unchanged(users_file, http_server):
    download.set_mirror(http_server.url)  # serves nothing
    download.record_accepted(str(users_file))
    assert get_file("blob.bin", ORIGIN, SHA) == str(users_file)
    assert http_server.requests == []  # no network access for an accepted copy
    users_file.write_bytes(USERS + b"changed later")
    assert not download.is_accepted(str(users_file))
    with pytest.raises(DownloadError):
        get_file("blob.bin", ORIGIN, SHA)
    assert users_file.read_bytes() == USERS + b"changed later"


def test_offline_imdb_load_data_keeps_a_17_mb_file_with_another_checksum(keras_home, http_server):
    """The reported bug, with a 17 MB npz in imdb's format (the shared rebuild when it is there)."""
    from tests.core.datasets.conftest import shared_datasets_dir

    folder = keras_home / "datasets"
    folder.mkdir(parents=True)
    target = folder / "imdb.npz"
    real = shared_datasets_dir() / "imdb" / "imdb.npz"
    if real.is_file():
        target.write_bytes(real.read_bytes())
    else:  # the same size class, built here
        rng = np.random.default_rng(0)
        seqs = np.empty(25000, dtype=object)
        seqs[:] = list(rng.integers(1, 5000, (25000, 170), dtype=np.int32))  # rows as arrays: pickles fast
        labels = np.arange(25000) % 2
        np.savez(target, x_train=seqs, y_train=labels, x_test=seqs[:100], y_test=labels[:100])
    before = hashlib.sha256(target.read_bytes()).hexdigest()
    size = target.stat().st_size
    assert size > 15_000_000 and before != imdb.FILE_HASH
    download.set_mirror(_closed_port_url())  # offline
    with pytest.raises(DownloadError) as info:
        imdb.load_data()
    assert target.stat().st_size == size
    assert hashlib.sha256(target.read_bytes()).hexdigest() == before
    assert info.value.params["kept"] == str(target)


def test_boston_real_download_replaces_a_foreign_copy_only_when_verified(keras_home, http_server, shared):
    real = (shared / "boston_housing" / "boston_housing.npz").read_bytes()
    folder = keras_home / "datasets"
    folder.mkdir(parents=True)
    (folder / "boston_housing.npz").write_bytes(USERS)
    http_server.files["/boston_housing.npz"] = real[:-10] + b"0123456789"  # wrong checksum
    download.set_mirror(http_server.url)
    with pytest.raises(DownloadError):
        boston_housing.load_data()
    assert (folder / "boston_housing.npz").read_bytes() == USERS
    http_server.files["/boston_housing.npz"] = real
    (x, _), _ = boston_housing.load_data()
    assert x.shape == (404, 13) and (folder / "boston_housing.npz").read_bytes() == real


def test_fashion_mnist_corrupt_cached_file_is_kept_when_offline(keras_home, http_server, shared):
    sub = keras_home / "datasets" / "fashion-mnist"
    sub.mkdir(parents=True)
    for p in (shared / "fashion-mnist").iterdir():
        (sub / p.name).write_bytes(p.read_bytes())
    damaged = sub / "t10k-labels-idx1-ubyte.gz"
    broken = damaged.read_bytes()[:-20]
    damaged.write_bytes(broken)
    download.set_mirror(http_server.url)  # serves nothing
    with pytest.raises(DownloadError) as info:
        fashion_mnist.load_data()
    assert damaged.read_bytes() == broken
    assert info.value.params["kept"] == str(damaged)
