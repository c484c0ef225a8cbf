"""The headless command line: train an example project end to end, export, summary, errors."""

from __future__ import annotations

import csv
import json
import shutil
from pathlib import Path

import numpy as np
import pytest

from netbuilder import cli
from netbuilder.__main__ import main as entry_main
from netbuilder.core.models.saving import load_model

EXAMPLES = Path(__file__).resolve().parents[1] / "netbuilder" / "examples"


def test_help_and_version(capsys):
    with pytest.raises(SystemExit) as exc:
        entry_main(["--help"])
    assert exc.value.code == 0
    out = capsys.readouterr().out
    for word in ("train", "datasets", "export", "summary"):
        assert word in out
    with pytest.raises(SystemExit):
        entry_main(["--version"])
    assert "netbuilder" in capsys.readouterr().out


def test_train_example_project_end_to_end(tmp_path, capsys):
    project = tmp_path / "spiral.nbproj"
    shutil.copy(EXAMPLES / "playground_spiral.nbproj", project)
    out = tmp_path / "spiral.nbm"
    assert entry_main(["train", str(project), "--epochs", "2", "--out", str(out)]) == 0
    err = capsys.readouterr()
    assert "Epoch 2/2" in err.out + err.err
    model = load_model(out)
    assert model.history.epoch == [0, 1]
    with open(tmp_path / "spiral.history.csv") as f:
        rows = list(csv.DictReader(f))
    assert [r["epoch"] for r in rows] == ["0", "1"] and "val_loss" in rows[0]
    x = np.zeros((3, 2), "float32")
    assert model.predict(x, verbose=0).shape == (3, 1)

    for fmt, suffix in (("onnx", ".onnx"), ("keras", ".keras"), ("script", ".py")):
        target = tmp_path / f"exported{suffix}"
        assert entry_main(["export", str(out), "--format", fmt, "-o", str(target)]) == 0
        assert target.is_file()
    assert (tmp_path / "exported.weights.npz").is_file()
    assert entry_main(["summary", str(out)]) == 0
    assert "Total params" in capsys.readouterr().out
    assert entry_main(["summary", str(tmp_path / "exported.keras")]) == 0


def test_train_with_data_override(tmp_path):
    project = tmp_path / "two.nbproj"
    shutil.copy(EXAMPLES / "two_branch.nbproj", project)
    rng = np.random.default_rng(0)
    data = tmp_path / "fixture.npz"
    np.savez(data, x=rng.random((16, 784), dtype=np.float32), y=np.eye(10, dtype="float32")[rng.integers(0, 10, 16)])
    assert entry_main(["train", str(project), "--epochs", "1", "--data", str(data)]) == 0
    assert load_model(tmp_path / "two.nbm").history.epoch == [0]


def test_summary_of_a_project(capsys):
    assert entry_main(["summary", str(EXAMPLES / "mnist_conv.nbproj")]) == 0
    assert "Conv2D" in capsys.readouterr().out


@pytest.mark.parametrize("argv, fragment", [
    (["export", "missing.nbm", "-o", "x.onnx"], "no such file"),
    (["summary", "missing.nbproj"], "does not exist"),
])
def test_errors_are_one_line_and_non_zero(argv, fragment, capsys, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert entry_main(argv) == 1
    err = capsys.readouterr().err.strip()
    assert err.startswith("netbuilder: error:") and fragment in err and "\n" not in err


def test_bad_model_file_and_unknown_suffix(tmp_path, capsys):
    bad = tmp_path / "bad.nbm"
    bad.write_bytes(b"PK\x03\x04 truncated")
    assert entry_main(["export", str(bad), "-o", str(tmp_path / "x.onnx")]) == 1
    assert "not a netbuilder model" in capsys.readouterr().err
    project = tmp_path / "p.nbproj"
    data = json.loads((EXAMPLES / "playground_spiral.nbproj").read_text())
    data.pop("dataset")
    project.write_text(json.dumps(data))
    assert entry_main(["train", str(project), "--epochs", "1"]) == 1
    assert "no dataset" in capsys.readouterr().err


def test_bad_arguments_exit_2():
    with pytest.raises(SystemExit) as exc:
        entry_main(["export", "m.nbm", "--format", "tflite", "-o", "x"])
    assert exc.value.code == 2


def test_datasets_fetch_reports_progress(monkeypatch, capsys):
    from netbuilder.core import datasets

    seen = []

    def fake_load(progress=None, **kwargs):
        progress(50, 100)
        progress(100, 100)
        seen.append("mnist")

    monkeypatch.setattr(datasets.mnist, "load_data", fake_load)
    assert cli.main(["datasets", "fetch", "mnist"]) == 0
    captured = capsys.readouterr()
    assert seen == ["mnist"] and "100%" in captured.err and "mnist: ready" in captured.out


# ------------------------------------------------------------- offline: the whole message, and import
from tests.core.datasets.conftest import http_server, keras_home, shared  # noqa: E402,F401  (fixtures)


def _offline(monkeypatch, server):
    from netbuilder.core.datasets import download

    monkeypatch.setenv(download.MIRROR_ENV, server.url)  # a mirror that serves nothing: 404


def _assert_whole_offline_message(err, name, folder):
    from netbuilder.core.datasets import download

    assert err.startswith("netbuilder: error: Could not download")
    for fragment in (name, str(folder), download.MIRROR_ENV, "I already have the file", "Mirror URL",
                     "netbuilder datasets import", "load_data(path="):
        assert fragment in err, fragment
    assert len(err.strip().splitlines()) >= 6


def test_datasets_fetch_offline_prints_the_whole_message(keras_home, http_server, monkeypatch, capsys):
    _offline(monkeypatch, http_server)
    assert cli.main(["datasets", "fetch", "boston"]) == 1
    _assert_whole_offline_message(capsys.readouterr().err, "boston_housing.npz", keras_home / "datasets")


def test_train_offline_prints_the_whole_message(keras_home, http_server, monkeypatch, capsys, tmp_path):
    project = tmp_path / "boston.nbproj"
    shutil.copy(EXAMPLES / "boston_dense.nbproj", project)
    _offline(monkeypatch, http_server)
    assert entry_main(["train", str(project), "--epochs", "1"]) == 1
    _assert_whole_offline_message(capsys.readouterr().err, "boston_housing.npz", keras_home / "datasets")


def test_datasets_import_then_fetch_works_offline(keras_home, http_server, monkeypatch, capsys, tmp_path):
    rng = np.random.default_rng(0)
    copy = tmp_path / "boston_copy.npz"
    np.savez(copy, x=rng.normal(size=(506, 13)), y=rng.uniform(5, 50, 506))
    _offline(monkeypatch, http_server)
    assert cli.main(["datasets", "import", "boston", str(copy)]) == 1
    err = capsys.readouterr().err
    assert "checksum differs" in err and "--accept-checksum" in err
    assert not (keras_home / "datasets" / "boston_housing.npz").exists()
    assert cli.main(["datasets", "import", "boston", str(copy), "--accept-checksum"]) == 0
    assert "ready in" in capsys.readouterr().out
    assert cli.main(["datasets", "fetch", "boston"]) == 0
    assert http_server.requests == []


def test_datasets_import_refuses_a_wrong_file(keras_home, capsys, tmp_path):
    bad = tmp_path / "boston_housing.npz"
    np.savez(bad, x=np.zeros((10, 3)), y=np.zeros(10))
    assert cli.main(["datasets", "import", "boston", str(bad)]) == 1
    assert "shape" in capsys.readouterr().err
    assert not (keras_home / "datasets" / "boston_housing.npz").exists()


def test_datasets_import_keras_own_file(keras_home, shared, capsys):
    assert cli.main(["datasets", "import", "boston", str(shared / "boston_housing" / "boston_housing.npz")]) == 0
    assert "warning" not in capsys.readouterr().err


@pytest.mark.parametrize("training, n_val", [
    ({"batch_size": "all"}, 0),  # batch gradient descent: one step an epoch (used to crash: int("all"))
    ({"batch_size": 4, "validation_mode": "first", "validation_samples": 6}, 6),  # the book's first-N hold-out
    ({"batch_size": 4, "validation_mode": "last", "validation_samples": 2}, 2),
])
def test_train_follows_the_windows_batch_and_validation_settings(tmp_path, training, n_val):
    import json

    data = json.loads((EXAMPLES / "two_branch.nbproj").read_text())
    data["training"] = {"epochs": 1, **training}
    project = tmp_path / "p.nbproj"
    project.write_text(json.dumps(data))
    rng = np.random.default_rng(0)
    npz = tmp_path / "fixture.npz"
    np.savez(npz, x=rng.random((16, 784), dtype=np.float32), y=np.eye(10, dtype="float32")[rng.integers(0, 10, 16)])
    assert entry_main(["train", str(project), "--data", str(npz)]) == 0
    history = load_model(tmp_path / "p.nbm").history.history
    assert ("val_loss" in history) == (n_val > 0)
    log = (tmp_path / "p.history.csv").read_text().splitlines()
    assert len(log) == 2  # header + one epoch


def _keras_engine_or_skip():
    from netbuilder.core import keras_engine

    if not keras_engine.engine_info().available:
        pytest.skip("Keras 3 and a backend are not installed")


def test_train_on_the_keras_engine_end_to_end(tmp_path, capsys):
    _keras_engine_or_skip()
    project = tmp_path / "spiral.nbproj"
    shutil.copy(EXAMPLES / "playground_spiral.nbproj", project)
    out = tmp_path / "spiral.nbm"
    assert entry_main(["train", str(project), "--epochs", "2", "--engine", "keras", "--devices", "1",
                       "--out", str(out)]) == 0
    text = "".join(capsys.readouterr())
    assert "Keras 3." in text and "on jax, device cpu:0" in text and "Epoch 2/2" in text
    model = load_model(out)  # the trained weights came back into a netbuilder model, saved as .nbm
    assert model.history.epoch == [0, 1]
    with open(tmp_path / "spiral.history.csv") as f:
        rows = list(csv.DictReader(f))
    assert [r["epoch"] for r in rows] == ["0", "1"] and "val_loss" in rows[0]
    assert float(rows[1]["loss"]) == pytest.approx(model.history.history["loss"][1])
    fresh = cli._model_from_project(cli._load_project(project))
    assert any(not np.allclose(a, b) for a, b in zip(fresh.get_weights(), model.get_weights()))
    x = np.zeros((3, 2), "float32")
    assert model.predict(x, verbose=0).shape == (3, 1)


@pytest.mark.parametrize("extra, fragment", [
    (["--devices", "2"], "--devices needs --engine keras"),
    (["--engine", "keras", "--devices", "64"], "64 devices asked for"),
    (["project-keras", "--devices", "64"], "64 devices asked for"),
    (["project-keras", "--engine", "netbuilder", "--devices", "2"], "--devices needs --engine keras"),
])
def test_engine_and_devices_errors(extra, fragment, tmp_path, capsys):
    if "keras" in extra:
        _keras_engine_or_skip()
    project = tmp_path / "spiral.nbproj"
    shutil.copy(EXAMPLES / "playground_spiral.nbproj", project)
    if "project-keras" in extra:  # the window saved the Keras engine in the project's training settings
        extra = [a for a in extra if a != "project-keras"]
        data = json.loads(project.read_text())
        data["training"]["engine"] = "keras"
        project.write_text(json.dumps(data))
    assert entry_main(["train", str(project), "--epochs", "1", *extra]) == 1
    err = capsys.readouterr().err.strip()
    assert err.startswith("netbuilder: error:") and fragment in err and not (tmp_path / "spiral.nbm").exists()
