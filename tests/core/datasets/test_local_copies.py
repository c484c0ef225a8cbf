"""'I already have the file': a learner's copy is checked, then installed in Keras's cache, nothing lost."""

from __future__ import annotations

import hashlib
import os
import zipfile

import numpy as np
import pytest

from netbuilder.core.datasets import boston_housing, download, mnist
from netbuilder.core.datasets.local_copies import check_copy, install_copy
from netbuilder.core.errors import DataError


def _boston_like(path, n=506, seed=0):
    rng = np.random.default_rng(seed)
    np.savez(path, x=rng.normal(size=(n, 13)), y=rng.uniform(5, 50, n))
    return path


def test_foreign_boston_copy_is_a_warning_then_installed_and_used_offline(keras_home, http_server, tmp_path):
    src = _boston_like(tmp_path / "my_boston.npz")
    check = check_copy("boston_housing", src)
    assert check.kind == "npz" and not check.keras_hash_ok
    assert check.shapes["x_train"] == (404, 13) and check.shapes["y_test"] == (102,)
    with pytest.raises(DataError) as info:
        install_copy(check)
    assert info.value.code == "copy_checksum_differs"
    assert not (keras_home / "datasets" / "boston_housing.npz").exists()
    result = install_copy(check, accept_mismatch=True)
    target = keras_home / "datasets" / "boston_housing.npz"
    assert result.target == str(target) and result.accepted and result.changed and result.kept is None
    assert target.read_bytes() == src.read_bytes()
    download.set_mirror(http_server.url)  # nothing served: the accepted copy must do
    (x, y), (xt, yt) = boston_housing.load_data()
    assert x.shape == (404, 13) and http_server.requests == []
    assert sorted(os.listdir(target.parent)) == [".boston_housing.npz.netbuilder-accepted", "boston_housing.npz"]


def test_keras_own_boston_file_passes_the_checksum(keras_home, shared):
    check = check_copy("boston_housing", shared / "boston_housing" / "boston_housing.npz")
    assert check.keras_hash_ok
    result = install_copy(check)
    assert not result.accepted
    assert download.validate_file(result.target, boston_housing.FILE_HASH)


def test_existing_different_file_is_kept_aside_never_lost(keras_home, tmp_path):
    folder = keras_home / "datasets"
    folder.mkdir(parents=True)
    old = folder / "boston_housing.npz"
    old.write_bytes(b"what was there before")
    result = install_copy(check_copy("boston_housing", _boston_like(tmp_path / "b.npz")), accept_mismatch=True)
    assert result.kept and open(result.kept, "rb").read() == b"what was there before"
    assert os.path.dirname(result.kept) == str(folder) and ".kept-" in result.kept
    # the same copy again changes nothing and keeps nothing more
    again = install_copy(check_copy("boston_housing", tmp_path / "b.npz"), accept_mismatch=True)
    assert not again.changed and again.kept is None
    assert len([n for n in os.listdir(folder) if ".kept-" in n]) == 1


def test_copy_changed_between_check_and_install_leaves_the_cache_as_it_was(keras_home, tmp_path):
    folder = keras_home / "datasets"
    folder.mkdir(parents=True)
    (folder / "boston_housing.npz").write_bytes(b"earlier")
    src = _boston_like(tmp_path / "b.npz")
    check = check_copy("boston_housing", src)
    _boston_like(src, seed=1)  # the learner's file changes meanwhile
    with pytest.raises(DataError) as info:
        install_copy(check, accept_mismatch=True)
    assert info.value.code == "copy_changed"
    assert (folder / "boston_housing.npz").read_bytes() == b"earlier"
    assert not [n for n in os.listdir(folder) if n.endswith(".tmp")]


@pytest.mark.parametrize("make, code", [
    (lambda p: _boston_like(p, n=100), "copy_wrong_shape"),
    (lambda p: np.savez(p, a=np.zeros(3)), "npz_missing_keys"),
    (lambda p: p.write_bytes(b"not a zip at all"), "npz_bad_format"),
])
def test_wrong_files_are_refused_with_the_reason(keras_home, tmp_path, make, code):
    path = tmp_path / "wrong.npz"
    make(path)
    with pytest.raises(DataError) as info:
        check_copy("boston_housing", path)
    assert info.value.code == code
    assert not (keras_home / "datasets" / "boston_housing.npz").exists()


def test_mnist_labels_out_of_range_are_refused(tmp_path):
    x = np.ones((60000, 28, 28), np.uint8)
    y = np.full(60000, 12, np.uint8)
    np.savez(tmp_path / "m.npz", x_train=x, y_train=y, x_test=x[:10000], y_test=y[:10000])
    with pytest.raises(DataError) as info:
        check_copy("mnist", tmp_path / "m.npz")
    assert info.value.code == "copy_bad_labels" and "0..9" in str(info.value)


def test_mnist_folder_needs_mnist(tmp_path):
    with pytest.raises(DataError) as info:
        check_copy("imdb", tmp_path)
    assert info.value.code == "copy_needs_file"


def test_mnist_idx_folder_and_zip_become_mnist_npz(keras_home, http_server, shared, tmp_path):
    folder = shared / "mnist"
    check = check_copy("mnist", folder)
    assert check.kind == "idx_folder" and not check.keras_hash_ok and check.shapes["x_train"] == (60000, 28, 28)
    result = install_copy(check, accept_mismatch=True)
    assert result.target == str(keras_home / "datasets" / "mnist.npz")
    download.set_mirror(http_server.url)  # offline: the written npz is used
    (x, y), (xt, yt) = mnist.load_data()
    assert x.dtype == np.uint8 and list(y[:10]) == [5, 0, 4, 1, 9, 2, 1, 3, 1, 4] and xt.shape == (10000, 28, 28)
    assert http_server.requests == []
    zpath = tmp_path / "mnist.zip"
    with zipfile.ZipFile(zpath, "w") as z:
        for p in folder.iterdir():
            z.write(p, "MNIST/raw/" + p.name)
    zcheck = check_copy("mnist", zpath)
    assert zcheck.kind == "idx_zip"
    again = install_copy(zcheck, accept_mismatch=True)
    (x2, y2), _ = mnist.load_data()
    assert (x2 == x).all() and (y2 == y).all() and again.kept  # the first npz was kept aside


def test_zip_missing_an_idx_file_names_it(tmp_path, shared):
    zpath = tmp_path / "partial.zip"
    with zipfile.ZipFile(zpath, "w") as z:
        z.write(shared / "mnist" / "train-labels-idx1-ubyte.gz", "train-labels-idx1-ubyte.gz")
    with pytest.raises(DataError) as info:
        check_copy("mnist", zpath)
    assert info.value.code == "idx_missing" and "t10k-images-idx3-ubyte.gz" in str(info.value)


def test_rebuilt_imdb_and_reuters_are_accepted_with_a_checksum_warning(keras_home, shared):
    for case, rel in (("imdb", "imdb/imdb.npz"), ("reuters", "reuters/reuters.npz")):
        check = check_copy(case, shared / rel)
        assert not check.keras_hash_ok
        assert check.sha256 == hashlib.sha256((shared / rel).read_bytes()).hexdigest()
        assert install_copy(check, accept_mismatch=True).accepted


def test_accepting_the_file_already_in_the_cache_copies_nothing(keras_home, http_server, shared):
    """The issue's case: a rebuilt imdb.npz placed in the cache; offline it is kept, and accepted in place."""
    from netbuilder.core.datasets import imdb

    folder = keras_home / "datasets"
    folder.mkdir(parents=True)
    placed = folder / "imdb.npz"
    placed.write_bytes((shared / "imdb" / "imdb.npz").read_bytes())
    download.set_mirror(http_server.url)  # offline
    with pytest.raises(download.DownloadError) as info:
        imdb.load_data()
    assert info.value.params["kept"] == str(placed)
    result = install_copy(check_copy("imdb", info.value.params["kept"]), accept_mismatch=True)
    assert result.target == str(placed) and not result.changed and result.kept is None and result.accepted
    (x, y), _ = imdb.load_data()
    assert x.shape == (25000,) and len(x[0]) == 218
    assert sorted(os.listdir(folder)) == [".imdb.npz.netbuilder-accepted", "imdb.npz"]
