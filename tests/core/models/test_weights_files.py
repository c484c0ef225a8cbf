"""save_weights / load_weights: Keras 3's ``.weights.h5`` both ways with real Keras, its matching
rules (by position, not name), refusals that change nothing, and netbuilder's own ``.npz``."""

import io
import sys
import warnings
import zipfile

import numpy as np
import pytest

from netbuilder.core import layers as L
from netbuilder.core import models
from netbuilder.core.errors import ConfigError
from netbuilder.core.export import ExportError, export_keras

from ..export.helpers import inputs_for, randomize

h5py = pytest.importorskip("h5py")


def nb_mlp(units=(3, 2)):
    return models.Sequential([L.Input((4,))] + [L.Dense(units[0], activation="relu"), L.BatchNormalization()]
                             + [L.Dense(u) for u in units[1:]])


def nb_functional():
    a, b = L.Input((5, 3), name="seq"), L.Input((2,), name="extra")
    h = L.LSTM(4)(a)
    y = L.Dense(2, activation="softmax")(L.Concatenate()([h, L.Dense(3)(b)]))
    return models.Model([a, b], y)


def keras_mlp(keras, units=(3, 2)):
    return keras.Sequential([keras.Input((4,)), keras.layers.Dense(units[0], activation="relu"),
                             keras.layers.BatchNormalization()] + [keras.layers.Dense(u) for u in units[1:]])


def keras_functional(keras):
    a, b = keras.Input((5, 3)), keras.Input((2,))
    h = keras.layers.LSTM(4)(a)
    y = keras.layers.Dense(2, activation="softmax")(keras.layers.Concatenate()([h, keras.layers.Dense(3)(b)]))
    return keras.Model([a, b], y)


def _randomize_keras(km, seed=0):
    rng = np.random.default_rng(seed)
    km.set_weights([(np.abs(rng.normal(size=w.shape)) + 0.5 if "variance" in v.path else rng.normal(size=w.shape))
                    .astype("float32") for w, v in zip(km.get_weights(), km.weights)])


@pytest.mark.parametrize("build", ["mlp", "functional"])
def test_keras_file_loads_into_netbuilder_and_back(build, tmp_path):
    keras = pytest.importorskip("keras")
    km = keras_mlp(keras) if build == "mlp" else keras_functional(keras)
    _randomize_keras(km)
    km.save_weights(tmp_path / "k.weights.h5")
    ours = nb_mlp() if build == "mlp" else nb_functional()
    ours.load_weights(tmp_path / "k.weights.h5")
    xs = inputs_for(ours)
    feed = xs[0] if len(xs) == 1 else xs
    np.testing.assert_allclose(ours.predict(feed, verbose=0), np.asarray(km.predict(feed, verbose=0)),
                               rtol=1e-5, atol=1e-6)
    randomize(ours, seed=3)
    ours.save_weights(tmp_path / "n.weights.h5")
    km2 = keras_mlp(keras) if build == "mlp" else keras_functional(keras)
    km2.load_weights(tmp_path / "n.weights.h5")
    np.testing.assert_allclose(np.asarray(km2.predict(feed, verbose=0)), ours.predict(feed, verbose=0),
                               rtol=1e-5, atol=1e-6)


def test_file_layout_is_keras_3s(tmp_path):
    m = randomize(nb_mlp())
    m.save_weights(tmp_path / "w.weights.h5")
    with h5py.File(tmp_path / "w.weights.h5", "r") as f:
        assert sorted(f["layers"]) == ["batch_normalization", "dense", "dense_1"]
        np.testing.assert_array_equal(f["layers/dense/vars/0"][()], m.layers[0].get_weights()[0])
        assert f["layers/dense_1/vars"].attrs["name"] == m.layers[2].name
        assert f["vars"].attrs["name"] == m.name
        assert len(f["layers/batch_normalization/vars"]) == 4


def test_matching_is_by_position_not_name(tmp_path):
    src = randomize(models.Sequential([L.Input((4,)), L.Dense(3, name="first"), L.Dense(2, name="second")]))
    src.save_weights(tmp_path / "w.weights.h5")
    dst = models.Sequential([L.Input((4,)), L.Dense(3, name="alpha"), L.Dense(2, name="beta")])
    dst.load_weights(tmp_path / "w.weights.h5")
    for a, b in zip(src.get_weights(), dst.get_weights()):
        np.testing.assert_array_equal(a, b)


def test_groups_the_model_lacks_are_ignored_as_in_keras(tmp_path):
    randomize(nb_mlp((3, 2, 2))).save_weights(tmp_path / "w.weights.h5")
    small = nb_mlp((3, 2))
    small.load_weights(tmp_path / "w.weights.h5")  # Keras 3 loads a longer file into a shorter model


@pytest.mark.parametrize("target, match", [((3, 2, 2), "needs 2 weight arrays, the file has 0"),
                                           ((5, 2), "has shape")])
def test_a_misfit_file_is_refused_and_changes_nothing(tmp_path, target, match):
    randomize(nb_mlp((3, 2))).save_weights(tmp_path / "w.weights.h5")
    dst = randomize(nb_mlp(target), seed=9)
    before = dst.get_weights()
    with pytest.raises(ExportError, match=match) as err:
        dst.load_weights(tmp_path / "w.weights.h5")
    assert err.value.code in ("keras_weights_mismatch", "keras_weight_shape")
    for a, b in zip(before, dst.get_weights()):
        np.testing.assert_array_equal(a, b)


def test_skip_mismatch_loads_what_fits_and_warns(tmp_path):
    src = randomize(nb_mlp((3, 2)))
    src.save_weights(tmp_path / "w.weights.h5")
    dst = nb_mlp((3, 2, 2))
    last = dst.layers[-1].get_weights()
    with pytest.warns(UserWarning, match="skipped 1 layer"):
        dst.load_weights(tmp_path / "w.weights.h5", skip_mismatch=True)
    for a, b in zip(src.get_weights(), dst.get_weights()):
        np.testing.assert_array_equal(a, b)
    for a, b in zip(last, dst.layers[-1].get_weights()):
        np.testing.assert_array_equal(a, b)


def test_book_style_h5_name_and_keras_archive_and_npz(tmp_path):
    m = randomize(nb_mlp())
    x = inputs_for(m)[0]
    want = m.predict(x, verbose=0)
    m.save_weights(tmp_path / "book.h5")  # the book's name: Keras 3's layout all the same
    other = nb_mlp()
    other.load_weights(tmp_path / "book.h5")
    np.testing.assert_array_equal(other.predict(x, verbose=0), want)
    m.save_weights(tmp_path / "w.npz")  # netbuilder's own archive matches by layer name
    randomize(m, seed=5)
    m.load_weights(tmp_path / "w.npz")
    np.testing.assert_array_equal(m.predict(x, verbose=0), want)
    other = nb_mlp()
    other.load_weights(export_keras(m, tmp_path / "m.keras"))  # Keras 3 reads weights from a .keras too
    np.testing.assert_array_equal(other.predict(x, verbose=0), m.predict(x, verbose=0))


def test_other_suffix_is_refused_as_keras_does(tmp_path):
    with pytest.raises(ConfigError, match=r"\.weights\.h5") as err:
        nb_mlp().save_weights(tmp_path / "weights.bin")
    assert err.value.code == "weights_file_suffix"
    assert not (tmp_path / "weights.bin").exists()


def test_missing_h5py_names_the_extra(tmp_path, monkeypatch):
    monkeypatch.setitem(sys.modules, "h5py", None)  # import h5py now raises ImportError
    with pytest.raises(ExportError, match=r"netbuilder\[export\]") as err:
        nb_mlp().save_weights(tmp_path / "w.weights.h5")
    assert err.value.code == "export_missing_dep"
    assert not (tmp_path / "w.weights.h5").exists()


def test_legacy_and_foreign_hdf5_are_named(tmp_path):
    with h5py.File(tmp_path / "legacy.h5", "w") as f:
        f.attrs["layer_names"] = [b"dense_1"]
    with pytest.raises(ExportError, match="Keras 2"):
        nb_mlp().load_weights(tmp_path / "legacy.h5")
    with h5py.File(tmp_path / "other.h5", "w") as f:
        f.create_dataset("x", data=np.zeros(3))
    with pytest.raises(ExportError, match="without Keras weights"):
        nb_mlp().load_weights(tmp_path / "other.h5")


def test_damaged_files(tmp_path):
    m = nb_mlp()
    m.save_weights(tmp_path / "w.weights.h5")
    data = (tmp_path / "w.weights.h5").read_bytes()
    (tmp_path / "cut.weights.h5").write_bytes(data[: len(data) // 3])
    with pytest.raises(ExportError, match="damaged"):
        m.load_weights(tmp_path / "cut.weights.h5")
    (tmp_path / "junk.weights.h5").write_bytes(b"not a weights file at all")
    with pytest.raises(ConfigError, match="not a weights file"):
        m.load_weights(tmp_path / "junk.weights.h5")
    with pytest.raises(FileNotFoundError):
        m.load_weights(tmp_path / "absent.weights.h5")
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        zf.writestr("readme.txt", "hello")
    (tmp_path / "zip.npz").write_bytes(buf.getvalue())
    with pytest.raises(ConfigError):
        m.load_weights(tmp_path / "zip.npz")


def test_no_warning_for_a_matching_file(tmp_path):
    m = randomize(nb_functional())
    m.save_weights(tmp_path / "w.weights.h5")
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        nb_functional().load_weights(tmp_path / "w.weights.h5")
