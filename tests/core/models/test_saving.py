import io
import json
import os
import zipfile

import numpy as np
import pytest

from netbuilder.core import layers, models, utils
from netbuilder.core.models.saving import ModelFileError


def trained_model():
    utils.set_random_seed(0)
    model = models.Sequential([layers.Dense(8, activation="relu", input_shape=(3,)),
                               layers.Dense(2, activation="softmax")])
    model.compile(optimizer="rmsprop", loss="categorical_crossentropy", metrics=["accuracy"])
    rs = np.random.default_rng(0)
    x = rs.standard_normal((64, 3)).astype("float32")
    y = np.eye(2, dtype="float32")[(x[:, 0] > 0).astype(int)]
    model.fit(x, y, epochs=2, batch_size=16, verbose=0)
    return model, x, y


def test_save_load_predicts_identically_and_continues_training(tmp_path):
    model, x, y = trained_model()
    path = tmp_path / "m.nbm"
    model.save(path)
    loaded = models.load_model(path)
    np.testing.assert_array_equal(model.predict(x), loaded.predict(x))
    assert loaded.history.history == model.history.history
    assert loaded.optimizer.iterations == model.optimizer.iterations
    # continuing training gives the same weights as continuing the original
    utils.set_random_seed(9)
    model.fit(x, y, epochs=1, batch_size=16, verbose=0)
    utils.set_random_seed(9)
    loaded.fit(x, y, epochs=1, batch_size=16, verbose=0)
    for a, b in zip(model.get_weights(), loaded.get_weights()):
        np.testing.assert_array_equal(a, b)


def test_save_is_atomic_on_failure(tmp_path, monkeypatch):
    model, _, _ = trained_model()
    path = tmp_path / "m.nbm"
    model.save(path)
    good = path.read_bytes()

    def boom(*a, **k):
        raise OSError("No space left on device")

    monkeypatch.setattr(zipfile.ZipFile, "writestr", boom)
    with pytest.raises(OSError, match="No space"):
        model.save(path)
    assert path.read_bytes() == good
    assert sorted(os.listdir(tmp_path)) == ["m.nbm"]


def _zip(entries):
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        for k, v in entries.items():
            zf.writestr(k, v)
    return buf.getvalue()


def test_damaged_files_give_clear_errors(tmp_path):
    model, _, _ = trained_model()
    good = tmp_path / "good.nbm"
    model.save(good)
    with zipfile.ZipFile(good) as zf:
        entries = {n: zf.read(n) for n in zf.namelist()}

    cases = {
        "truncated": good.read_bytes()[:100],
        "traversal": _zip({**entries, "../evil.json": b"{}"}),
        "unknown_layer": _zip({**entries, "config.json": json.dumps({"class_name": "Sequential", "config": {
            "layers": [{"class_name": "Evil", "config": {}}]}}).encode()}),
        "bad_shapes": _zip({**entries, "weights.npz": _npz({"dense/kernel": np.zeros((2, 2))})}),
        "pickle": _zip({**entries, "weights.npz": _pickled_npz()}),
        "foreign": _zip({"metadata.json": b'{"format": "other"}', "config.json": b"{}", "weights.npz": b""}),
    }
    messages = {
        "truncated": "not a zip archive",
        "traversal": "unexpected entry '../evil.json'",
        "unknown_layer": "Unknown layer identifier: 'Evil'",
        "bad_shapes": "do not match the architecture",
        "pickle": "damaged or holds objects",
        "foreign": "not a netbuilder model file",
    }
    for name, data in cases.items():
        p = tmp_path / f"{name}.nbm"
        p.write_bytes(data)
        with pytest.raises((ModelFileError, ValueError), match=messages[name].replace("(", r"\(")):
            models.load_model(p)


def _npz(arrays):
    buf = io.BytesIO()
    np.savez(buf, **arrays)
    return buf.getvalue()


def _pickled_npz():
    buf = io.BytesIO()
    np.savez(buf, **{"dense/kernel": np.array([object()], dtype=object)})
    return buf.getvalue()


def test_weights_only_round_trip(tmp_path):
    model, x, _ = trained_model()
    model.save_weights(tmp_path / "w.npz")
    clone = models.model_from_config(models.serialize_model(model))
    clone.load_weights(tmp_path / "w.npz")
    np.testing.assert_array_equal(model.predict(x), clone.predict(x))


def test_encrypted_entry_is_refused_clearly(tmp_path):
    model, _, _ = trained_model()
    path = tmp_path / "encrypted.nbm"
    model.save(path)
    data = bytearray(path.read_bytes())
    # set the "encrypted" flag (bit 0 at offset 8) in every central-directory record:
    # zipfile then asks for a password instead of reading the entry
    at = data.find(b"PK\x01\x02")
    while at != -1:
        data[at + 8] |= 0x01
        at = data.find(b"PK\x01\x02", at + 4)
    path.write_bytes(bytes(data))
    with pytest.raises(ModelFileError, match="is damaged"):
        models.load_model(path)


def test_a_keras_name_saves_keras_3s_archive_and_load_model_reads_it(tmp_path):
    """Keras 3's model.save("x.keras") writes its archive; the book checkpoints to such a name and
    reloads it with load_model. Real Keras opens what netbuilder wrote."""
    import zipfile

    from netbuilder.core import callbacks

    model = models.Sequential([layers.Dense(4, activation="relu", input_shape=(3,)), layers.Dense(1)])
    model.compile(optimizer="rmsprop", loss="mse", metrics=["mae"])
    rs = np.random.default_rng(0)
    x, y = rs.normal(size=(20, 3)).astype("float32"), rs.normal(size=(20, 1)).astype("float32")
    check = callbacks.ModelCheckpoint(str(tmp_path / "best.keras"), monitor="val_loss", save_best_only=True)
    model.fit(x, y, epochs=3, validation_split=0.25, callbacks=[check], verbose=0)
    model.save(tmp_path / "m.keras")
    with zipfile.ZipFile(tmp_path / "m.keras") as zf:
        assert "model.weights.h5" in zf.namelist()
    back = models.load_model(tmp_path / "m.keras")
    np.testing.assert_array_equal(back.predict(x, verbose=0), model.predict(x, verbose=0))
    assert back.compiled and models.load_model(tmp_path / "best.keras").built
    keras = pytest.importorskip("keras")
    theirs = keras.saving.load_model(tmp_path / "m.keras")
    np.testing.assert_allclose(np.asarray(theirs.predict(x, verbose=0)), model.predict(x, verbose=0), atol=1e-6)


def test_a_nested_model_entry_behaves_like_the_model(capsys):
    inner = models.Sequential([layers.Dense(2, input_shape=(3,))], name="inner")
    outer = models.Sequential([inner, layers.Dense(1)])
    view = outer.layers[0]
    assert view.name == "inner" and view.layers[0] is inner.layers[0]
    view.summary()
    assert 'Model: "inner"' in capsys.readouterr().out
    view.trainable = False
    assert inner.trainable is False and len(outer.trainable_weights) == 2
