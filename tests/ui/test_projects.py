"""Projects and examples: save/close/reopen, damaged files, dirty marker, recent files, start-up."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from netbuilder.ui.project import ProjectError, load_project

ROOT = Path(__file__).resolve().parents[2]
TOTALS = {"mnist_dense": 407_050, "imdb_dense": 160_305, "reuters_dense": 647_214, "boston_dense": 5_121,
          "mnist_conv": 93_322, "imdb_lstm": 328_353}


@pytest.mark.parametrize("name", sorted(p.stem for p in (ROOT / "netbuilder" / "examples").glob("*.nbproj")))
def test_every_example_opens_valid(win, name):
    assert win.open_example(name)
    assert win.report.ok, win.report.errors
    assert "OK" in win.status_label.text()
    if name in TOTALS:
        assert win.report.total_params == TOTALS[name]
        assert win.params_label.text() == f"Total params: {TOTALS[name]:,}"


def test_examples_menu_lists_the_examples(win):
    names = [a.data() for a in win.examples_menu.actions()]
    assert {"mnist_dense", "imdb_dense", "reuters_dense", "boston_dense", "mnist_conv", "imdb_lstm",
            "two_branch", "playground_spiral"} <= set(names)
    titles = [a.text() for a in win.examples_menu.actions()]  # by title and chapter, in reading order
    assert titles[:4] == ["MNIST handwritten digits (Chapter 2.1)", "IMDB movie reviews (Chapter 3.4)",
                          "Reuters newswires (Chapter 3.5)", "Boston house prices (Chapter 3.6)"]
    proj = load_project(ROOT / "netbuilder" / "examples" / "boston_dense.nbproj")
    assert proj.compile == {"optimizer": "rmsprop", "loss": "mse", "metrics": ["mae"]}


def test_save_close_reopen_gives_the_same_graph(win, qtbot, tmp_path):
    from PySide6.QtCore import QSettings

    from netbuilder.ui.main_window import MainWindow

    win.open_example("two_branch")
    win.scene.select_names(["wide"])
    win.inspector.editors["units"].setValue(100)
    assert win.isWindowModified() and "[*]" in win.windowTitle()
    path = tmp_path / "mine.nbproj"
    assert win.save_to(path)
    assert not win.isWindowModified() and win.windowTitle().startswith("mine.nbproj")
    config, layout = win.doc.to_config(), win.doc.layout()
    assert json.loads(path.read_text())["model"] == config
    assert not list(tmp_path.glob(".mine.nbproj.*"))  # the temporary file was renamed away
    win.close()
    other = MainWindow(QSettings(str(tmp_path / "s2.ini"), QSettings.IniFormat))
    qtbot.addWidget(other)
    assert other.open_path(path)
    assert other.doc.to_config() == config and other.doc.layout() == layout
    assert other.report.total_params == win.report.total_params
    assert str(path.resolve()) in win.recent_files()


def test_damaged_or_foreign_files_open_nothing(win, tmp_path):
    win.open_example("mnist_dense")
    before = win.doc.to_config()
    cases = {"broken.nbproj": '{"format": "netbuilder-project", "version": 1, "model": {',
             "foreign.nbproj": json.dumps({"hello": "world"}),
             "alien.nbproj": json.dumps({"format": "netbuilder-project", "version": 1, "model": {
                 "class_name": "Functional", "config": {"layers": [
                     {"name": "x", "class_name": "Quantum", "config": {}, "inputs": []}]}}})}
    for fn, text in cases.items():
        (tmp_path / fn).write_text(text)
        with pytest.raises(ProjectError):
            load_project(tmp_path / fn)
        assert not win.open_path(tmp_path / fn)
        assert fn in win.last_error
        assert win.doc.to_config() == before
    assert "valid JSON" in str(pytest.raises(ProjectError, load_project, tmp_path / "broken.nbproj").value)
    assert "Quantum" in str(pytest.raises(ProjectError, load_project, tmp_path / "alien.nbproj").value)


def test_closing_with_unsaved_changes_asks(win):
    from PySide6.QtWidgets import QMessageBox

    win.open_example("mnist_dense")
    win.scene.select_names(["dense"])
    win.inspector.editors["units"].setValue(64)
    asked = []
    win.ask_unsaved = lambda: asked.append(1) or QMessageBox.Cancel
    assert not win.close() and win.isVisible() and asked
    win.ask_unsaved = lambda: QMessageBox.Discard
    assert win.close()


def test_keras_code_view_follows_edits(win):
    win.open_example("mnist_dense")
    assert "models.Sequential(" in win.code_view.toPlainText()
    assert "layers.Dense(512, activation=\"relu\")" in win.code_view.toPlainText()
    win.scene.select_names(["dense"])
    win.inspector.editors["units"].setValue(256)
    assert "layers.Dense(256, activation=\"relu\")" in win.code_view.toPlainText()
    win.open_example("two_branch")
    assert "keras.Model(" in win.code_view.toPlainText()


def test_screenshot_of_mnist_example(win, qtbot, tmp_path):
    win.resize(1360, 860)
    win.open_example("mnist_conv")
    win.scene.select_names(["conv2d"])
    qtbot.wait(50)
    img = win.grab()
    out = Path(os.environ.get("NETBUILDER_SHOT_DIR", tmp_path)) / "mainwindow_mnist.png"
    assert img.save(str(out)) and out.stat().st_size > 10_000


def _run_cli(args, env_extra, timeout=60):
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", **env_extra)
    return subprocess.run([sys.executable, "-m", "netbuilder", *args], cwd=ROOT, env=env, capture_output=True,
                          text=True, timeout=timeout)


def test_cli_opens_a_project_and_shows_the_window(tmp_path):
    """The command line opens a project and shows the window (the app's own "window shown" line).
    How fast is measured by ``benchmarks/bench_spiral_start.py``: timings belong in benchmarks."""
    r = _run_cli([str(ROOT / "netbuilder" / "examples" / "mnist_dense.nbproj"), "--smoke-exit"],
                 {"XDG_CONFIG_HOME": str(tmp_path), "HOME": str(tmp_path)}, timeout=300)
    assert r.returncode == 0, r.stderr
    said = [ln for ln in r.stderr.splitlines() if ln.startswith("netbuilder:")]
    assert len(said) == 1 and "window shown after" in said[0], r.stderr  # and no refused project


def test_missing_x11_libraries_give_one_line(monkeypatch, capsys):
    import ctypes.util

    from netbuilder.ui import app

    monkeypatch.setenv("QT_QPA_PLATFORM", "xcb")
    monkeypatch.setattr(ctypes.util, "find_library", lambda name: None if name == "xcb-cursor" else "lib")
    assert app.run_app([]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "libxcb-cursor0" in err[0] and "apt install" in err[0]


def test_the_optimizer_chosen_in_the_form_is_saved_and_reopened(win, qtbot, tmp_path):
    """Choose Adam with its own learning rate and beta_1, save, open in a fresh window: the same."""
    from PySide6.QtCore import QSettings

    from netbuilder.ui.main_window import MainWindow

    assert win.open_example("mnist_dense")
    panel = win.training_ui.config_panel
    panel.optimizerCombo.setCurrentText("Adam")
    panel.hyper_fields["learning_rate"][0].setValue(0.0035)
    panel.hyper_fields["beta_1"][0].setValue(0.8)
    path = tmp_path / "adam.nbproj"
    assert win.save_to(path)
    saved = json.loads(path.read_text())["compile"]["optimizer"]
    assert saved["class_name"] == "Adam" and saved["config"]["learning_rate"] == pytest.approx(0.0035)
    fresh = MainWindow(QSettings(str(tmp_path / "other.ini"), QSettings.IniFormat))
    qtbot.addWidget(fresh)
    assert fresh.open_path(path)
    p2 = fresh.training_ui.config_panel
    assert p2.optimizerCombo.currentText() == "Adam"
    assert p2.hyper_fields["learning_rate"][0].value() == pytest.approx(0.0035)
    assert p2.hyper_fields["beta_1"][0].value() == pytest.approx(0.8)
