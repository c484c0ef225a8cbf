"""The ``.nbm`` model file and the weights files, rule by rule: what mutation testing
(``benchmarks/mutation.py saving``) found unguarded in ``models/saving.py``.

Each refusal is checked by its code and the words that name the bad part; size limits are lowered
with ``monkeypatch`` (the real ones are gigabytes). Models are tiny and mostly untrained.
"""

import io
import json
import re
import zipfile

import numpy as np
import pytest

from netbuilder import __version__
from netbuilder.core import layers, models
from netbuilder.core.errors import ConfigError
from netbuilder.core.models import saving as S
from netbuilder.core.models.saving import ModelFileError


def tiny(compile_it=False, name="m"):
    m = models.Sequential([layers.Dense(2, input_shape=(3,), name="d")], name=name)
    m.layers[0].set_weights([np.arange(6, dtype="float32").reshape(3, 2), np.array([0.5, -1.0], dtype="float32")])
    if compile_it:
        m.compile(optimizer="adam", loss="mse", metrics=["mae"], weighted_metrics=["mse"])
    return m


def entries_of(path) -> dict:
    with zipfile.ZipFile(path) as zf:
        return {i.filename: (zf.read(i), i.compress_type) for i in zf.infolist()}


def zip_of(entries: dict) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", compression=zipfile.ZIP_DEFLATED) as zf:
        for k, v in entries.items():
            zf.writestr(k, v)
    return buf.getvalue()


def npz_of(arrays: dict) -> bytes:
    buf = io.BytesIO()
    np.savez(buf, **arrays)
    return buf.getvalue()


#: refusals about the weights' fit name the file in the message only, not in ``params["path"]``
NO_PATH_PARAM = {"model_unbuilt", "model_weights_mismatch", "model_weight_shape"}


def refused(path, code, words=None, entry=None, **kwargs):
    """The ``ModelFileError`` of loading ``path``: its code, the file first in its message (and in its
    params), the words, and the zip entry it names (``params["entry"]``) when given."""
    with pytest.raises(ModelFileError) as info:
        models.load_model(path, **kwargs)
    err = info.value
    assert err.code == code, str(err)
    assert str(err).startswith(str(path)), str(err)
    if code not in NO_PATH_PARAM:
        assert err.params["path"] == str(path), err.params
    if words is not None:
        assert words in str(err), str(err)
    if entry is not None:
        assert err.params["entry"] == entry, err.params
    return err


# ---------------------------------------------------------------------- writing
def test_a_fresh_model_file_holds_exactly_its_parts_compressed(tmp_path):
    m = tiny()
    m.save(tmp_path / "m.nbm")
    got = entries_of(tmp_path / "m.nbm")
    assert set(got) == {"metadata.json", "config.json", "weights.npz"}  # not compiled, never fitted
    assert {kind for _, kind in got.values()} == {zipfile.ZIP_DEFLATED}
    assert json.loads(got["metadata.json"][0]) == {"format": "netbuilder-model", "format_version": 1,
                                                   "netbuilder_version": __version__}
    assert json.loads(got["config.json"][0]) == models.serialize_model(m)
    with np.load(io.BytesIO(got["weights.npz"][0])) as z:
        assert sorted(z.files) == ["d/bias", "d/kernel"]
        np.testing.assert_array_equal(z["d/kernel"], m.layers[0].params["kernel"])


def test_compiled_then_trained_adds_compile_optimizer_and_history(tmp_path):
    m = tiny(compile_it=True)
    m.save(tmp_path / "c.nbm")
    assert set(entries_of(tmp_path / "c.nbm")) == {"metadata.json", "config.json", "weights.npz", "compile.json"}
    x, y = np.ones((4, 3), dtype="float32"), np.zeros((4, 2), dtype="float32")
    m.fit(x, y, epochs=2, batch_size=4, verbose=0)
    m.save(tmp_path / "t.nbm")
    got = entries_of(tmp_path / "t.nbm")
    assert json.loads(got["compile.json"][0]) == json.loads(json.dumps(m._compile_config))
    assert json.loads(got["history.json"][0]) == {"history": m.history.history, "epoch": [0, 1]}
    back = models.load_model(tmp_path / "t.nbm")
    assert back.history.history == m.history.history and back.history.epoch == [0, 1]
    assert back.optimizer.iterations == 2 and back.compiled
    for a, b in zip(back.optimizer.get_state().values(), m.optimizer.get_state().values()):
        np.testing.assert_array_equal(a, b)
    assert back._compile_config == json.loads(json.dumps(m._compile_config))  # weighted metrics too
    assert not models.load_model(tmp_path / "t.nbm", compile=False).compiled


def test_overwrite_false_and_unbuilt_models_are_refused(tmp_path):
    m = tiny()
    m.save(tmp_path / "m.nbm")
    before = (tmp_path / "m.nbm").read_bytes()
    with pytest.raises(FileExistsError, match="overwrite=False"):
        S.save_model(tiny(), tmp_path / "m.nbm", overwrite=False)
    S.save_weights(m, tmp_path / "w.npz")
    with pytest.raises(FileExistsError, match="overwrite=False"):
        S.save_weights(m, tmp_path / "w.npz", overwrite=False)
    assert (tmp_path / "m.nbm").read_bytes() == before
    S.save_model(m, tmp_path / "new.nbm", overwrite=False)  # a new name is fine
    S.save_model(m, tmp_path / "new.nbm")  # overwriting is the default
    unbuilt = models.Sequential([layers.Dense(2)])
    with pytest.raises(ValueError) as info:
        unbuilt.save(tmp_path / "u.nbm")
    # it opens with what failed, then says why and what to do
    assert re.match(r"cannot save a model\b", str(info.value)), str(info.value)
    assert "not built" in str(info.value) and "input shape" in str(info.value)
    assert not (tmp_path / "u.nbm").exists()


def test_a_keras_suffix_in_capitals_still_writes_keras_3s_archive(tmp_path):
    tiny().save(tmp_path / "m.KERAS")
    with zipfile.ZipFile(tmp_path / "m.KERAS") as zf:
        assert "model.weights.h5" in zf.namelist()
    assert S._is_keras_archive(tmp_path / "m.KERAS")
    tiny().save(tmp_path / "m.nbm")
    assert not S._is_keras_archive(tmp_path / "m.nbm") and not S._is_keras_archive(tmp_path / "absent")


# ---------------------------------------------------------------------- reading the zip
def test_each_refusal_of_the_archive_has_its_code(tmp_path, monkeypatch):
    m = tiny()
    m.save(tmp_path / "good.nbm")
    good = {k: v for k, (v, _) in entries_of(tmp_path / "good.nbm").items()}

    def write(name, entries):
        p = tmp_path / name
        p.write_bytes(zip_of(entries))
        return p

    refused(write("extra.nbm", {**good, "notes.txt": b"hi"}), "model_bad_entry", "'notes.txt'", entry="notes.txt")
    for need in ("metadata.json", "config.json", "weights.npz"):
        refused(write(f"no-{need}.nbm", {k: v for k, v in good.items() if k != need}),
                "model_missing_entry", f"{need} is missing", entry=need)
    p = tmp_path / "plain.nbm"
    p.write_bytes(b"just text")
    refused(p, "model_not_zip", "not a zip archive")
    with pytest.raises(FileNotFoundError, match="no model file at"):
        models.load_model(tmp_path / "absent.nbm")

    monkeypatch.setattr(S, "MAX_JSON_BYTES", len(good["config.json"]) - 1)
    refused(tmp_path / "good.nbm", "model_too_big", f"'config.json' claims {len(good['config.json'])} bytes",
            entry="config.json")
    monkeypatch.setattr(S, "MAX_JSON_BYTES", len(good["config.json"]))  # exactly at the limit: read
    assert models.load_model(tmp_path / "good.nbm").built
    monkeypatch.undo()
    monkeypatch.setattr(S, "MAX_ENTRY_BYTES", len(good["weights.npz"]) - 1)
    err = refused(tmp_path / "good.nbm", "model_too_big", entry="weights.npz")
    assert str(err).endswith(f"'weights.npz' claims {len(good['weights.npz'])} bytes, more than a model file may hold")


def test_the_json_limit_is_for_json_entries_only(tmp_path, monkeypatch):
    m = models.Sequential([layers.Dense(40, input_shape=(30,), name="d")])
    m.save(tmp_path / "m.nbm")
    sizes = {n: len(v) for n, (v, _) in entries_of(tmp_path / "m.nbm").items()}
    assert sizes["weights.npz"] > max(sizes["config.json"], sizes["metadata.json"])
    monkeypatch.setattr(S, "MAX_JSON_BYTES", max(sizes["config.json"], sizes["metadata.json"]))
    monkeypatch.setattr(S, "MAX_ENTRY_BYTES", sizes["weights.npz"])
    assert models.load_model(tmp_path / "m.nbm").built  # every entry exactly within its own limit


def test_ordinary_entries_are_not_bombs_however_low_the_floor(tmp_path, monkeypatch):
    """A bomb must be both large and over 100x compressed: a file of normal, little-compressed
    entries loads with the size floor at zero."""
    tiny(compile_it=True).save(tmp_path / "m.nbm")
    monkeypatch.setattr(S, "BOMB_FLOOR", 0)
    assert models.load_model(tmp_path / "m.nbm").compiled


def test_a_zip_of_an_unknown_version_is_refused_clearly(tmp_path):
    """zipfile raises NotImplementedError (not BadZipFile) for a central directory that asks for a
    newer zip version: found by the loader fuzz test; it must be a ModelFileError like any damage."""
    tiny().save(tmp_path / "m.nbm")
    data = bytearray((tmp_path / "m.nbm").read_bytes())
    at = data.find(b"PK\x01\x02")
    data[at + 6:at + 8] = (99).to_bytes(2, "little")  # version needed to extract: 9.9
    p = tmp_path / "newer.nbm"
    p.write_bytes(bytes(data))
    with pytest.raises(NotImplementedError):
        zipfile.ZipFile(p)
    assert not S._is_keras_archive(p)
    refused(p, "model_not_zip", "not a zip archive")


def test_a_zip_bomb_entry_is_refused_before_it_is_read(tmp_path, monkeypatch):
    m = tiny()
    m.save(tmp_path / "m.nbm")
    good = {k: v for k, (v, _) in entries_of(tmp_path / "m.nbm").items()}
    bomb = tmp_path / "bomb.nbm"
    bomb.write_bytes(zip_of({**good, "history.json": json.dumps({"history": {"loss": [0.0] * 5000}}).encode()}))
    with zipfile.ZipFile(bomb) as zf:
        info = zf.getinfo("history.json")
    assert info.file_size > 100 * info.compress_size  # zeros compress very well
    monkeypatch.setattr(S, "BOMB_FLOOR", info.file_size - 1)
    refused(bomb, "model_zip_bomb", f"expand from {info.compress_size} to {info.file_size} bytes (a zip bomb)",
            entry="history.json")
    monkeypatch.setattr(S, "BOMB_FLOOR", info.file_size)  # at the floor: not a bomb
    assert models.load_model(bomb).history.history["loss"][:2] == [0.0, 0.0]


# deflated, these expand exactly 100x (not a bomb: the rule is "more than 100x") and 100.8x
AT_100X = b'{"history": {}}' + b"\n" * 3885
OVER_100X = b'{"history": {}}' + b" " * 3613


def test_a_bomb_expands_more_than_100_times(tmp_path, monkeypatch):
    m = tiny()
    m.save(tmp_path / "m.nbm")
    good = {k: v for k, (v, _) in entries_of(tmp_path / "m.nbm").items()}
    monkeypatch.setattr(S, "BOMB_FLOOR", 0)
    for name, content, bomb in (("at.nbm", AT_100X, False), ("over.nbm", OVER_100X, True)):
        p = tmp_path / name
        p.write_bytes(zip_of({**good, "history.json": content}))
        with zipfile.ZipFile(p) as zf:
            info = zf.getinfo("history.json")
        assert (info.file_size == 100 * info.compress_size) is not bomb
        assert (100 * info.compress_size < info.file_size <= 101 * info.compress_size) is bomb
        if bomb:
            refused(p, "model_zip_bomb", entry="history.json")
        else:
            assert models.load_model(p).history.history == {}
        # the same bytes as a member of weights.npz: refused as a bomb, or read (and refused as no array)
        p.write_bytes(zip_of({**good, "weights.npz": zip_of({"d/kernel.npy": content})}))
        refused(p, "model_zip_bomb" if bomb else "model_bad_npz")


def test_load_weights_names_a_model_file_with_damaged_weights(tmp_path):
    m = tiny()
    m.save(tmp_path / "m.nbm")
    good = {k: v for k, (v, _) in entries_of(tmp_path / "m.nbm").items()}
    p = tmp_path / "bad.nbm"
    p.write_bytes(zip_of({**good, "weights.npz": b"garbage"}))
    with pytest.raises(ModelFileError) as info:
        S.load_weights(tiny(), p)
    assert info.value.code == "model_bad_npz" and str(info.value).startswith(str(p))
    assert info.value.params["path"] == str(p)


def test_npz_members_without_the_npy_suffix_keep_their_names(tmp_path):
    m = tiny()
    m.save(tmp_path / "m.nbm")
    good = {k: v for k, (v, _) in entries_of(tmp_path / "m.nbm").items()}
    with zipfile.ZipFile(io.BytesIO(good["weights.npz"])) as z:
        renamed = {i.filename[:-4]: z.read(i) for i in z.infolist()}  # "d/kernel", "d/bias"
    p = tmp_path / "bare.nbm"
    p.write_bytes(zip_of({**good, "weights.npz": zip_of(renamed)}))
    np.testing.assert_array_equal(models.load_model(p).get_weights()[0], m.get_weights()[0])


def test_a_damaged_deflate_stream_names_its_entry(tmp_path):
    m = models.Sequential([layers.Dense(30, input_shape=(20,), name="d")])
    m.save(tmp_path / "m.nbm")
    data = bytearray((tmp_path / "m.nbm").read_bytes())
    with zipfile.ZipFile(tmp_path / "m.nbm") as zf:
        info = zf.getinfo("weights.npz")
    start = info.header_offset + 30 + len(info.filename) + len(info.extra)
    data[start + 10:start + 60] = bytes(50)  # zeros in the middle of the compressed weights
    p = tmp_path / "broken.nbm"
    p.write_bytes(bytes(data))
    refused(p, "model_bad_zip", "entry 'weights.npz' is damaged", entry="weights.npz")


def test_a_zip_bomb_inside_the_weights_is_refused(tmp_path, monkeypatch):
    m = tiny()
    m.save(tmp_path / "m.nbm")
    good = {k: v for k, (v, _) in entries_of(tmp_path / "m.nbm").items()}
    buf = io.BytesIO()
    np.savez_compressed(buf, **{"d/kernel": np.zeros((3, 2), "float32"), "d/bias": np.zeros(20000, "float32")})
    p = tmp_path / "inner.nbm"
    p.write_bytes(zip_of({**good, "weights.npz": buf.getvalue()}))
    with zipfile.ZipFile(io.BytesIO(buf.getvalue())) as z:
        member = z.getinfo("d/bias.npy")
    assert member.file_size > 100 * member.compress_size
    refused(p, "model_weight_shape", "d/bias has shape (20000,)")  # under the floor: read, and refused later
    monkeypatch.setattr(S, "BOMB_FLOOR", member.file_size)
    refused(p, "model_weight_shape", "d/bias has shape (20000,)")  # at the floor: still not a bomb
    monkeypatch.setattr(S, "BOMB_FLOOR", member.file_size - 1)
    refused(p, "model_zip_bomb", "weights.npz member 'd/bias.npy' is a zip bomb")
    monkeypatch.setattr(S, "BOMB_FLOOR", 10 ** 9)
    monkeypatch.setattr(S, "MAX_ENTRY_BYTES", member.file_size - 1)
    refused(p, "model_too_big", "weights.npz member 'd/bias.npy' is too large")
    monkeypatch.setattr(S, "MAX_ENTRY_BYTES", member.file_size)
    refused(p, "model_weight_shape")


@pytest.mark.parametrize("name,data,code,words", [
    ("metadata.json", b"\xff\xfe", "model_bad_json", "metadata.json is damaged"),
    ("metadata.json", b"[" * 100_000, "model_bad_json", "metadata.json is damaged"),
    ("metadata.json", b'["netbuilder-model"]', "model_foreign", "not a netbuilder model file"),
    ("metadata.json", b'{"format": "netbuilder-model", "format_version": "1"}', "model_bad_metadata", "'1'"),
    ("metadata.json", b'{"format": "netbuilder-model", "format_version": true}', "model_bad_metadata", "True"),
    ("metadata.json", b'{"format": "netbuilder-model", "format_version": 2, "netbuilder_version": "9.9"}',
     "model_newer", "newer netbuilder (9.9)"),
    ("config.json", b'{"class_name": "Sequential", "config": {"layers": [{"class_name": "Dense", '
                    b'"config": {"units": 2}}]}}', "model_unbuilt", "no input shape"),
    ("config.json", b'{"class_name": "Sequential"}', "model_bad_config", "cannot be rebuilt"),
    ("weights.npz", b"garbage", "model_bad_npz", "weights.npz is damaged or holds objects"),
    ("compile.json", b"[1]", "model_bad_compile", "must hold an object, got list"),
    ("compile.json", b'{"loss": ["mse"]}', "model_bad_compile", "compile settings are damaged"),
    ("config.json", b"{cut", "model_bad_json", "config.json is damaged"),
    ("compile.json", b"{cut", "model_bad_json", "compile.json is damaged"),
    ("history.json", b"{cut", "model_bad_json", "history.json is damaged"),
    ("optimizer.npz", b"garbage", "model_bad_npz", "optimizer.npz is damaged or holds objects"),
    ("history.json", b'{"history": [1]}', "model_bad_history",
     "history.json is damaged (history.json must hold {'history': {name: [values]}, 'epoch': [ints]})"),
    ("history.json", b'{"history": {"loss": ["x"]}}', "model_bad_history", "history.json is damaged"),
    ("history.json", b'{"history": {}, "epoch": ["a"]}', "model_bad_history", "history.json is damaged"),
    ("history.json", b"[]", "model_bad_history", "history.json is damaged"),
])
def test_each_damaged_part_is_named(tmp_path, name, data, code, words):
    m = tiny(compile_it=True)
    m.save(tmp_path / "m.nbm")
    good = {k: v for k, (v, _) in entries_of(tmp_path / "m.nbm").items()}
    p = tmp_path / "bad.nbm"
    p.write_bytes(zip_of({**good, name: data}))
    refused(p, code, words)


def test_an_older_format_version_and_a_missing_one_are_read(tmp_path):
    m = tiny()
    m.save(tmp_path / "m.nbm")
    good = {k: v for k, (v, _) in entries_of(tmp_path / "m.nbm").items()}
    for meta in ({"format": "netbuilder-model", "format_version": 0}, {"format": "netbuilder-model"}):
        p = tmp_path / "old.nbm"
        p.write_bytes(zip_of({**good, "metadata.json": json.dumps(meta).encode()}))
        np.testing.assert_array_equal(models.load_model(p).get_weights()[0], m.get_weights()[0])


def test_history_with_gaps_and_no_epochs(tmp_path):
    m = tiny()
    m.save(tmp_path / "m.nbm")
    good = {k: v for k, (v, _) in entries_of(tmp_path / "m.nbm").items()}
    p = tmp_path / "h.nbm"
    p.write_bytes(zip_of({**good, "history.json": b'{"history": {"val_loss": [null, "2"]}}'}))
    back = models.load_model(p)
    assert back.history.history == {"val_loss": [None, 2.0]} and back.history.epoch == []
    p.write_bytes(zip_of({**good, "history.json": b'{"history": null, "epoch": [0, 1]}'}))
    back = models.load_model(p)
    assert back.history.history == {} and back.history.epoch == [0, 1]


def test_a_two_output_model_keeps_its_metrics_per_output(tmp_path):
    a = layers.Input((3,))
    m = models.Model(a, [layers.Dense(2, name="p")(a), layers.Dense(1, name="q")(a)])
    m.compile(optimizer="sgd", loss=["mse", "mae"], metrics=[["mae"], ["mse"]], loss_weights=[1.0, 0.5])
    m.save(tmp_path / "two.nbm")
    back = models.load_model(tmp_path / "two.nbm")
    assert back._compile_config == json.loads(json.dumps(m._compile_config))


def test_an_optimizer_state_that_does_not_fit_is_named(tmp_path):
    m = tiny(compile_it=True)
    m.fit(np.ones((2, 3), "float32"), np.zeros((2, 2), "float32"), epochs=1, verbose=0)
    m.save(tmp_path / "m.nbm")
    good = {k: v for k, (v, _) in entries_of(tmp_path / "m.nbm").items()}
    state = {k: np.asarray(v) for k, v in m.optimizer.get_state().items()}
    state["7/m"] = np.zeros(2, "float32")
    p = tmp_path / "bad.nbm"
    p.write_bytes(zip_of({**good, "optimizer.npz": npz_of(state)}))
    refused(p, "model_bad_optimizer", "optimizer state does not match")
    assert not models.load_model(p, compile=False).compiled  # without compiling it is never read


def test_an_object_array_of_numbers_is_refused_as_objects(tmp_path):
    """Even harmless objects (floats) in weights.npz are refused: no pickle is ever loaded."""
    m = tiny()
    m.save(tmp_path / "m.nbm")
    good = {k: v for k, (v, _) in entries_of(tmp_path / "m.nbm").items()}
    weights = {"d/kernel": np.zeros((3, 2)).astype(object), "d/bias": np.zeros(2, "float32")}
    p = tmp_path / "objects.nbm"
    p.write_bytes(zip_of({**good, "weights.npz": npz_of(weights)}))
    refused(p, "model_bad_npz", "npz member 'd/kernel.npy' holds Python objects")


# ---------------------------------------------------------------------- weights
def test_assign_weights_checks_everything_before_changing_anything():
    m = tiny()
    before = [w.copy() for w in m.get_weights()]
    good = S.weights_dict(m)
    assert sorted(good) == ["d/bias", "d/kernel"]
    cases = [({"d/kernel": good["d/kernel"]}, "model_weights_mismatch", "missing ['d/bias'], unexpected []"),
             ({**good, "e/kernel": good["d/kernel"]}, "model_weights_mismatch", "missing [], unexpected ['e/kernel']"),
             ({**good, "d/bias": np.zeros(3, "float32")}, "model_weight_shape", "d/bias has shape (3,) (float32), "
                                                                                  "the architecture needs (2,)"),
             ({**good, "d/bias": np.array([True, False])}, "model_weight_shape", "(bool)"),
             ({**good, "d/bias": np.array(["a", "b"])}, "model_weight_shape", "d/bias")]
    for arrays, code, words in cases:
        arrays = {**arrays, "d/kernel": np.full((3, 2), 9.0, "float32")} if "d/kernel" in arrays else arrays
        with pytest.raises(ModelFileError) as info:
            S.assign_weights(m, arrays, source="the file")
        assert info.value.params.get("key") == (None if code == "model_weights_mismatch" else "d/bias")
        assert info.value.code == code and words in str(info.value), str(info.value)
        assert str(info.value).startswith("the file")
        for a, b in zip(before, m.get_weights()):
            np.testing.assert_array_equal(a, b)
    deep = models.Sequential([layers.Dense(2, input_shape=(2,), name=f"l{i}") for i in range(1)]
                             + [layers.Dense(2, name=f"l{i}") for i in range(1, 3)])
    names = sorted(S.weights_dict(deep))
    assert len(names) == 6
    with pytest.raises(ModelFileError) as info:  # at most five names of each kind
        S.assign_weights(deep, {f"x{i}": np.zeros(2) for i in range(6)})
    assert f"missing {names[:5]}, unexpected {['x0', 'x1', 'x2', 'x3', 'x4']}" in str(info.value)
    with pytest.raises(ModelFileError, match=r"^weights do not match the architecture: missing \['d/bias'\]"):
        S.assign_weights(m, {"d/kernel": good["d/kernel"]})  # the default source
    S.assign_weights(m, {"d/kernel": np.ones((3, 2), "int64"), "d/bias": np.array([1.5, 2.5], "float64")})
    assert m.layers[0].params["kernel"].dtype == np.float32
    np.testing.assert_array_equal(m.layers[0].params["kernel"], 1.0)
    np.testing.assert_array_equal(m.layers[0].params["bias"], [1.5, 2.5])


def test_load_weights_refuses_a_misfit_unless_told_to_skip(tmp_path):
    pytest.importorskip("h5py")
    tiny().save_weights(tmp_path / "w.weights.h5")
    other = models.Sequential([layers.Dense(3, input_shape=(3,))])
    with pytest.raises(ConfigError):
        S.load_weights(other, tmp_path / "w.weights.h5")
    with pytest.warns(UserWarning):
        S.load_weights(other, tmp_path / "w.weights.h5", skip_mismatch=True)


def test_a_misfit_weights_file_is_named_in_the_error_whatever_its_kind(tmp_path):
    """.npz, .nbm, .weights.h5 and .keras: the refusal starts with (or names) the file."""
    pytest.importorskip("h5py")
    m = tiny()
    m.save_weights(tmp_path / "w.npz")
    m.save(tmp_path / "m.nbm")
    m.save_weights(tmp_path / "w.weights.h5")
    m.save(tmp_path / "m.keras")
    for name in ("w.npz", "m.nbm", "w.weights.h5", "m.keras"):
        other = models.Sequential([layers.Dense(3, input_shape=(3,), name="d")])
        with pytest.raises(ConfigError) as info:
            S.load_weights(other, tmp_path / name)
        assert str(tmp_path / name) in str(info.value), (name, str(info.value))
        if name.endswith(("h5", "keras")):  # Keras files: skip_mismatch leaves the misfit layer, with a warning
            with pytest.warns(UserWarning):
                S.load_weights(other, tmp_path / name, skip_mismatch=True)


def test_save_weights_overwrites_by_default_and_only_refuses_an_existing_file(tmp_path):
    m = tiny()
    S.save_weights(m, tmp_path / "w.npz", overwrite=False)  # new: fine
    S.save_weights(m, tmp_path / "w.npz")  # again, overwriting
    with pytest.raises(FileExistsError, match="overwrite=False"):
        S.save_weights(m, tmp_path / "w.npz", overwrite=False)


def test_a_keras_archive_loads_uncompiled_when_asked(tmp_path):
    tiny(compile_it=True).save(tmp_path / "m.keras")
    assert models.load_model(tmp_path / "m.keras").compiled
    assert not models.load_model(tmp_path / "m.keras", compile=False).compiled


def test_weights_file_suffixes():
    assert S._weights_suffix("a.weights.h5") == "h5" and S._weights_suffix("A.H5") == "h5"
    assert S._weights_suffix("w.npz") == "npz" and S._weights_suffix("W.NPZ") == "npz"
    with pytest.raises(ConfigError) as info:
        S._weights_suffix("w.bin")
    assert info.value.code == "weights_file_suffix" and "'w.bin'" in str(info.value)
    assert info.value.params["path"] == "w.bin"


def test_weights_round_trip_through_npz_and_the_model_file(tmp_path):
    m = tiny()
    m.save_weights(tmp_path / "w.npz")
    m.save(tmp_path / "m.nbm")
    for source in ("w.npz", "m.nbm"):
        other = tiny()
        other.layers[0].set_weights([np.zeros((3, 2), "float32"), np.zeros(2, "float32")])
        other.load_weights(tmp_path / source)
        for a, b in zip(m.get_weights(), other.get_weights()):
            np.testing.assert_array_equal(a, b)
    with pytest.raises(FileExistsError):
        m.save_weights(tmp_path / "w.npz", overwrite=False)
    with pytest.raises(FileNotFoundError, match="no weights file at"):
        m.load_weights(tmp_path / "absent.npz")
    (tmp_path / "pickle.npz").write_bytes(npz_of({"d/kernel": np.array([object()], dtype=object)}))
    with pytest.raises(ModelFileError) as info:
        m.load_weights(tmp_path / "pickle.npz")
    assert info.value.code == "weights_bad_file"
