"""The Keras 3 .keras archive: structure (checked with h5py), import round trip, damaged files."""

from __future__ import annotations

import io
import json
import pickle
import zipfile

import numpy as np
import pytest

from netbuilder.core import layers as L
from netbuilder.core.export import ExportError, export_keras, import_keras, load_any
from netbuilder.core.export.keras_config import keras_layer_order
from netbuilder.core.models import Model, Sequential

from .helpers import as_list, inputs_for, randomize

import h5py


def h5_of(path):
    with zipfile.ZipFile(path) as zf:
        return h5py.File(io.BytesIO(zf.read("model.weights.h5")), "r")


def mlp():
    m = Sequential([L.Input((6,)), L.Dense(8, activation="relu"), L.BatchNormalization(),
                    L.Dropout(0.2), L.Dense(3, activation="softmax")])
    m.compile("adam", "categorical_crossentropy", metrics=["accuracy"])
    return randomize(m)


def test_archive_structure_and_weights(tmp_path):
    m = mlp()
    path = export_keras(m, tmp_path / "m.keras")
    with zipfile.ZipFile(path) as zf:
        assert set(zf.namelist()) == {"metadata.json", "config.json", "model.weights.h5"}
        meta = json.loads(zf.read("metadata.json"))
        config = json.loads(zf.read("config.json"))
    assert meta["keras_version"].startswith("3.")
    assert config["class_name"] == "Sequential" and config["module"] == "keras"
    entries = config["config"]["layers"]
    assert [e["class_name"] for e in entries] == ["InputLayer", "Dense", "BatchNormalization", "Dropout", "Dense"]
    assert entries[0]["config"]["batch_shape"] == [None, 6]
    assert all(set(e) >= {"module", "class_name", "config", "registered_name"} for e in entries)
    assert entries[1]["build_config"] == {"input_shape": [None, 6]}
    assert entries[1]["config"]["kernel_initializer"]["module"] == "keras.initializers"
    assert config["compile_config"]["optimizer"]["class_name"] == "Adam"
    assert config["compile_config"]["loss"]["class_name"] == "CategoricalCrossentropy"
    dense, bn, dense_1 = (m.layers[0], m.layers[1], m.layers[3])
    with h5_of(path) as h5:
        np.testing.assert_array_equal(h5["layers/dense/vars/0"][()], dense.get_weights()[0])
        np.testing.assert_array_equal(h5["layers/dense/vars/1"][()], dense.get_weights()[1])
        np.testing.assert_array_equal(h5["layers/dense_1/vars/0"][()], dense_1.get_weights()[0])
        # Keras order: trainable (gamma, beta) then non-trainable (moving mean, variance)
        for i, w in enumerate(bn.get_weights()):
            np.testing.assert_array_equal(h5[f"layers/batch_normalization/vars/{i}"][()], w)
        assert len(h5["layers/dropout/vars"]) == 0
        assert "vars" in h5


def test_recurrent_and_wrapper_weight_paths(tmp_path):
    m = randomize(Sequential([L.Input((5, 4)), L.Bidirectional(L.LSTM(3, return_sequences=True)),
                              L.TimeDistributed(L.Dense(2)), L.GRU(2)]))
    path = export_keras(m, tmp_path / "r.keras")
    bidi, td, _ = m.layers
    with h5_of(path) as h5:
        fw = h5["layers/bidirectional/forward_layer/cell/vars"]
        bw = h5["layers/bidirectional/backward_layer/cell/vars"]
        np.testing.assert_array_equal(fw["1"][()], bidi.forward_layer.params["recurrent_kernel"])
        np.testing.assert_array_equal(bw["2"][()], bidi.backward_layer.params["bias"])
        np.testing.assert_array_equal(h5["layers/time_distributed/layer/vars/0"][()], td.layer.params["kernel"])
        assert h5["layers/gru/cell/vars/2"].shape == (2, 6)  # reset_after bias


def test_functional_layer_order_follows_keras():
    a, b = L.Input((4,), name="a"), L.Input((4,), name="b")
    h1, h2 = L.Dense(4, name="h1")(a), L.Dense(4, name="h2")(b)
    o1 = L.Dense(1, name="o1")(L.Concatenate(name="cat")([h1, h2]))
    o2 = L.Dense(2, name="o2")(h2)
    names = [l.name for l in keras_layer_order(Model([a, b], [o1, o2]))]
    # decreasing depth; ties in order of the depth-first walk from the outputs
    assert names == ["a", "b", "h1", "h2", "cat", "o1", "o2"]


@pytest.mark.parametrize("build", [
    mlp,
    lambda: Sequential([L.Input((7,), dtype="int32"), L.Embedding(20, 4), L.LSTM(3), L.Dense(1)]),
    lambda: Sequential([L.Input((8, 8, 1)), L.Conv2D(2, 3), L.MaxPooling2D(), L.Flatten(), L.Dense(2)]),
])
def test_import_round_trip(tmp_path, build):
    m = randomize(build())
    path = export_keras(m, tmp_path / "m.keras")
    back = load_any(path)
    xs = inputs_for(m)
    np.testing.assert_array_equal(back.predict(xs[0], verbose=0), m.predict(xs[0], verbose=0))


def test_functional_import_round_trip(tmp_path):
    a, b = L.Input((4,), name="a"), L.Input((3,), name="b")
    out, h, c = L.LSTM(2, return_state=True, name="rnn")(L.RepeatVector(3)(a))
    y = L.Concatenate()([out, c, b])
    m = randomize(Model([a, b], [L.Dense(2, name="y")(y), h]))
    m.compile("sgd", ["mse", "mae"])
    back = import_keras(export_keras(m, tmp_path / "f.keras"))
    xs = inputs_for(m)
    for g, w in zip(as_list(back.predict(xs, verbose=0)), as_list(m.predict(xs, verbose=0))):
        np.testing.assert_array_equal(g, w)
    assert back.compiled


def test_keras_loads_the_archive_when_installed(tmp_path):
    import keras
    m = mlp()
    path = export_keras(m, tmp_path / "m.keras")
    km = keras.saving.load_model(path)
    x = inputs_for(m)[0]
    np.testing.assert_allclose(np.asarray(km.predict(x, verbose=0)), m.predict(x, verbose=0), atol=1e-5)


# ------------------------------------------------------------------ damaged files
def _rewrite(src, dst, change):
    with zipfile.ZipFile(src) as zf:
        entries = {n: zf.read(n) for n in zf.namelist()}
    change(entries)
    with zipfile.ZipFile(dst, "w") as zf:
        for n, data in entries.items():
            zf.writestr(n, data)
    return dst


@pytest.fixture()
def good(tmp_path):
    return export_keras(mlp(), tmp_path / "good.keras")


def test_truncated_zip(good, tmp_path):
    with open(good, "rb") as f:
        data = f.read()
    bad = tmp_path / "trunc.keras"
    bad.write_bytes(data[: len(data) // 2])
    with pytest.raises(ExportError, match="not a Keras .keras archive|damaged"):
        import_keras(bad)


def test_unknown_layer_is_named(good, tmp_path):
    def change(e):
        cfg = json.loads(e["config.json"])
        cfg["config"]["layers"][2]["class_name"] = "MultiHeadAttention"
        e["config.json"] = json.dumps(cfg).encode()
    with pytest.raises(ExportError, match="MultiHeadAttention"):
        import_keras(_rewrite(good, tmp_path / "u.keras", change))


def test_wrong_weight_shape(good, tmp_path):
    def change(e):
        buf = io.BytesIO()
        with h5py.File(io.BytesIO(e["model.weights.h5"]), "r") as src, h5py.File(buf, "w") as dst:
            src.visititems(lambda n, o: dst.create_dataset(n, data=o[()][:-1] if n == "layers/dense/vars/0" else o[()])
                           if isinstance(o, h5py.Dataset) else dst.require_group(n))
        e["model.weights.h5"] = buf.getvalue()
    with pytest.raises(ExportError, match="shape"):
        import_keras(_rewrite(good, tmp_path / "s.keras", change))


def test_pickle_inside_is_refused(good, tmp_path):
    def change(e):
        e["model.pkl"] = pickle.dumps({"x": 1})
    with pytest.raises(ExportError, match="unexpected entry"):
        import_keras(_rewrite(good, tmp_path / "p.keras", change))


def test_path_traversal_name_is_refused(good, tmp_path):
    def change(e):
        e["../../evil.py"] = b"print('owned')"
    with pytest.raises(ExportError, match="unsafe path"):
        import_keras(_rewrite(good, tmp_path / "t.keras", change))


def test_zip_bomb_claim_is_refused(good, tmp_path, monkeypatch):
    from netbuilder.core.export import keras_archive

    monkeypatch.setattr(keras_archive, "MAX_ENTRY_BYTES", 100)
    with pytest.raises(ExportError, match="too large"):
        import_keras(good)


def test_damaged_config_json(good, tmp_path):
    def change(e):
        e["config.json"] = b"{not json"
    with pytest.raises(ExportError, match="config.json is damaged"):
        import_keras(_rewrite(good, tmp_path / "j.keras", change))
