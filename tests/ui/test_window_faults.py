"""Training faults in the real window: bad data, exploding loss, a layer that raises, a full disk,
a download dropping half-way, and Stop / Pause / Close pressed in every phase of a run.

Each test checks: the app stays usable (idle, Train enabled, no thread left), it says what
happened, and the saved project (and earlier exports) are byte-for-byte intact.
"""

import errno
import os
import threading

import numpy as np
import pytest
from PySide6.QtCore import QThread

from netbuilder.core.layers.base import Layer
from netbuilder.core.registry import LAYERS
from netbuilder.ui.model_files import export_trained_model
from netbuilder.ui.training.controller import TrainingData
from netbuilder.ui.training.evaluation_worker import EvaluationWorker
from tests.core.datasets.conftest import http_server, keras_home  # noqa: F401  (fixtures)
from tests.ui.training.conftest import Gate, gated


class Hook(Layer):
    """Identity layer calling ``Hook.action(training)`` from the training thread on every forward."""

    action = None

    def forward(self, inputs, training=False):
        off_main = threading.current_thread() is not threading.main_thread()
        if Hook.action is not None and (off_main or Hook.main_thread_too):
            Hook.action(training)
        return inputs

    def backward(self, grad_output):
        return grad_output

    def compute_output_shape(self, input_shape):
        return input_shape


@pytest.fixture
def hook(monkeypatch):
    monkeypatch.setitem(LAYERS._items, "Hook", Hook)
    monkeypatch.setitem(LAYERS._meta, "Hook", {})
    Hook.action, Hook.main_thread_too = None, False
    yield Hook
    Hook.action, Hook.main_thread_too = None, False


def config(with_hook=True, out_act="sigmoid"):
    layers = [{"name": "input", "class_name": "InputLayer", "config": {"name": "input", "batch_shape": [None, 2]},
               "inputs": []},
              {"name": "dense", "class_name": "Dense", "config": {"name": "dense", "units": 8,
                                                                   "activation": "relu"}, "inputs": ["input"]}]
    prev = "dense"
    if with_hook:
        layers.append({"name": "hook", "class_name": "Hook", "config": {"name": "hook"}, "inputs": ["dense"]})
        prev = "hook"
    layers.append({"name": "out", "class_name": "Dense", "config": {"name": "out", "units": 1,
                                                                     "activation": out_act}, "inputs": [prev]})
    return {"class_name": "Functional", "config": {"name": "m", "layers": layers, "inputs": ["input"],
                                                   "outputs": ["out"]}}


def blob_data(n=200, seed=0):
    rng = np.random.default_rng(seed)
    x = rng.standard_normal((n, 2)).astype("float32")
    y = (x[:, 0] > 0).astype("float32")
    return TrainingData("blobs", x[:160], y[:160], x[160:], y[160:], "binary", {"num_classes": 2})


@pytest.fixture
def ready(win, hook, tmp_path):
    """The window with a saved project (graph with the Hook layer), data and quick settings."""
    ui = win.training_ui
    ui.set_graph(config(), "test graph")
    ui.dataset_panel.set_data(blob_data())
    ui.config_panel.apply_settings({"epochs": 3, "batch_size": 16, "validation_split": 0.2})
    ui.controls.ask_continue = lambda: False
    path = tmp_path / "proj.nbproj"
    assert win.save_to(path)
    return win, ui, path, path.read_bytes()


def assert_usable(win, ui, path, saved):
    c = ui.controller
    assert c.state == "idle" and not c.running
    assert ui.controls.trainButton.isEnabled() and not ui.controls.stopButton.isEnabled()
    assert path.read_bytes() == saved  # the saved project is intact
    assert win.doc.to_config()["config"]["layers"][2]["class_name"] == "Hook"  # and the open one


def run(qtbot, ui, timeout=30000):
    with qtbot.waitSignal(ui.controller.finished, timeout=timeout) as blocker:
        assert ui.controls.start()
    return blocker.args[0]


# ---------------------------------------------------------------------------- data and loss faults

@pytest.mark.parametrize("bad", [np.nan, np.inf])
def test_nonfinite_data_is_reported(ready, qtbot, bad):
    win, ui, path, saved = ready
    d = blob_data()
    d.x_train[5, 1] = bad
    ui.dataset_panel.set_data(d)
    result = run(qtbot, ui)
    assert result["error"] and "NaN or inf" in result["error"]
    assert "NaN or inf" in ui.controls.statusLabel.text() and ui.controls.statusLabel.text().startswith("✖")
    assert ui.controls.trainingProgress.format().startswith("failed")
    assert_usable(win, ui, path, saved)
    ui.dataset_panel.set_data(blob_data())  # clean data: training works again
    assert run(qtbot, ui)["error"] is None


def test_exploding_loss_is_diagnosed_and_weights_stay_finite(ready, qtbot):
    win, ui, path, saved = ready
    ui.set_graph(config(out_act="linear"), "linear output")
    d = blob_data()
    d.y_train *= 1e4
    ui.dataset_panel.set_data(d)  # (sets the loss for a binary task: override it after)
    ui.config_panel.apply_settings({"optimizer": {"class_name": "SGD", "config": {"learning_rate": 1e6}},
                                    "loss": "mse", "epochs": 5})
    result = run(qtbot, ui)
    assert result["diverged"] is not None and result["error"] is None
    assert ui.controller.diagnosis.kind == "divergence"
    assert ui.banner.isVisible() or ui.banner.isVisibleTo(win)
    assert ui.controls.trainingProgress.format().startswith("diverged")
    assert all(np.isfinite(w).all() for w in ui.controller.model.get_weights())
    win.undo_stack.undo()  # back to the saved graph
    assert_usable(win, ui, path, saved)


@pytest.mark.parametrize("when", ["first_batch", "later_batch", "validation"])
def test_exception_inside_a_layer_is_reported(ready, qtbot, hook, when):
    win, ui, path, saved = ready
    calls = {"train": 0}

    def boom(training):
        if training:
            calls["train"] += 1
        if (when == "first_batch" and training) or (when == "later_batch" and training and calls["train"] == 4) \
                or (when == "validation" and not training):
            raise ZeroDivisionError(f"boom in {when}")
    hook.action = boom
    result = run(qtbot, ui)
    assert result["error"].startswith("ZeroDivisionError: boom in")
    assert "boom in" in ui.controls.statusLabel.text()
    assert_usable(win, ui, path, saved)
    hook.action = None
    assert run(qtbot, ui)["error"] is None  # the next run works


@pytest.mark.parametrize("where", ["button (its thread)", "evaluate() (calling thread)"])
def test_exception_inside_a_layer_during_evaluation_is_reported(ready, qtbot, hook, where):
    win, ui, path, saved = ready
    assert run(qtbot, ui)["error"] is None

    def boom(training):
        raise ValueError("boom in evaluation")
    hook.action, hook.main_thread_too = boom, True
    if where.startswith("button"):
        with qtbot.waitSignal(ui.controller.evaluated, timeout=20000) as blocker:
            ui.evaluation.evaluateButton.click()
        assert "boom in evaluation" in blocker.args[0]["error"]
    else:
        assert ui.evaluation.evaluate() is None
    assert "boom in evaluation" in ui.evaluation.resultLabel.text()
    hook.action = None
    assert ui.evaluation.evaluate() is not None
    assert_usable(win, ui, path, saved)


# ---------------------------------------------------------------------------- full disk

def enospc(*args, **kwargs):
    raise OSError(errno.ENOSPC, "No space left on device")


@pytest.mark.parametrize("suffix", [".nbm", ".keras"])
def test_full_disk_while_exporting_keeps_the_previous_export(ready, qtbot, monkeypatch, tmp_path, suffix):
    if suffix == ".keras":
        import h5py  # noqa: F401
    win, ui, path, saved = ready
    assert not export_trained_model(win, tmp_path / f"early{suffix}")  # nothing trained yet
    assert "Train the model first" in win.last_error
    assert run(qtbot, ui)["error"] is None
    target = tmp_path / f"checkpoint{suffix}"
    assert export_trained_model(win, target)
    previous = target.read_bytes()
    assert run(qtbot, ui)["error"] is None
    monkeypatch.setattr(os, "fsync", enospc)
    assert not export_trained_model(win, target)
    assert "No space left" in win.last_error and target.name in win.last_error
    assert target.read_bytes() == previous
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith(".")) == []  # no temp file
    assert_usable(win, ui, path, saved)


def test_full_disk_while_saving_the_project_keeps_the_saved_file(ready, monkeypatch):
    win, _ui, path, saved = ready
    win.scene.select_names(["dense"])
    win.inspector.editors["units"].setValue(33)
    monkeypatch.setattr(os, "fsync", enospc)
    assert not win.save_to(path)
    assert "No space left" in win.last_error
    assert path.read_bytes() == saved and win.isWindowModified()
    assert [p.name for p in path.parent.glob(".proj*")] == []


def test_full_disk_while_exporting_the_history_csv(ready, qtbot, monkeypatch, tmp_path):
    win, ui, path, saved = ready
    assert run(qtbot, ui)["error"] is None
    csv_path = tmp_path / "history.csv"
    ui.plots.export_csv(csv_path)
    previous = csv_path.read_bytes()
    assert previous.startswith(b"epoch,")
    monkeypatch.setattr(os, "fsync", enospc)
    with pytest.raises(OSError):
        ui.plots.export_csv(csv_path)
    assert csv_path.read_bytes() == previous  # regression: it used to be truncated first
    ui.plots.save_export(str(csv_path), ui.plots.export_csv)  # through the button's path: reported
    assert "No space left" in ui.plots.readout.text()
    assert_usable(win, ui, path, saved)


# ---------------------------------------------------------------------------- download dropping

def test_download_dropping_half_way(ready, qtbot, http_server, keras_home):  # noqa: F811
    from netbuilder.core.datasets import download

    win, ui, path, saved = ready
    before = ui.controller.data
    body = os.urandom(200_000)
    for name in ("train-labels-idx1-ubyte.gz", "train-images-idx3-ubyte.gz"):
        http_server.files["/" + name] = body
        http_server.cut_after["/" + name] = 60_000
    download.set_mirror(http_server.url)
    panel = ui.dataset_panel
    panel.datasetCombo.setCurrentIndex(panel.datasetCombo.findData("fashion_mnist"))
    panel.load_current()
    qtbot.waitUntil(lambda: not panel.loader.isRunning() and panel.loadButton.isEnabled(), timeout=20000)
    qtbot.wait(50)
    text = panel.checkLabel.text()
    assert text.startswith("✖") and "train-labels-idx1-ubyte.gz" in text, text
    assert http_server.requests  # it did talk to the local server
    assert ui.controller.data is before  # the previous data stays
    left = [p.name for p in keras_home.rglob("*") if p.is_file()]
    assert not any(n.endswith((".gz", ".part")) for n in left), left
    assert run(qtbot, ui)["error"] is None  # still trains on the old data
    assert_usable(win, ui, path, saved)


# ---------------------------------------------------------------------------- Stop / Pause / Close in every phase

PHASES = ["building", "first_batch", "validation"]


def park_in(hook, phase):
    """Make the training thread wait inside ``phase`` until released; returns (arrived, release)."""
    arrived, release = threading.Event(), threading.Event()
    seen = {"train": 0}

    def action(training):
        if training:
            seen["train"] += 1
        if arrived.is_set():
            return
        if (phase == "first_batch" and training) or (phase == "validation" and not training):
            arrived.set()
            release.wait(10)
    hook.action = action
    return arrived, release


@pytest.mark.parametrize("phase", PHASES)
@pytest.mark.parametrize("press", ["stop", "pause_then_stop", "pause_then_resume", "close"])
def test_buttons_in_every_phase(ready, qtbot, hook, monkeypatch, phase, press):
    win, ui, path, saved = ready
    c, controls = ui.controller, ui.controls
    arrived, release = park_in(hook, phase)
    if phase == "building":  # held inside fit before its first batch begins, until the button is pressed
        # (was: pressed right after Start, and a loaded machine could end the tiny run before the click)
        gate = Gate(0, 0, release.is_set)
        gated(monkeypatch, c, gate)
        arrived = gate.held
    finished = []
    c.finished.connect(finished.append)
    assert controls.start()
    qtbot.waitUntil(arrived.is_set, timeout=10000)
    if press == "close":
        release.set()
        assert win.close()
        assert not c.running and finished, "closing must join the thread and deliver the result"
        assert path.read_bytes() == saved and not win.recovery.file.exists()
        return
    if press == "stop":
        controls.stopButton.click()
        assert c.state == "stopping"
    else:
        controls.pauseButton.click()
        assert c.state == "paused" and controls.pauseButton.text() == "Resume"
    release.set()
    if press == "pause_then_stop":
        qtbot.wait(100)
        assert c.state == "paused" and c.running  # parked between two batches
        controls.stopButton.click()
    elif press == "pause_then_resume":
        qtbot.wait(50)
        controls.pauseButton.click()
        assert c.state == "running"
    qtbot.waitUntil(lambda: bool(finished), timeout=20000)
    result = finished[0]
    assert result["error"] is None
    if press == "pause_then_resume":
        assert not result["stopped"] and len(result["history"]["loss"]) == 3
    else:
        assert result["stopped"] and len(result["history"].get("loss", [])) <= 1
        assert controls.trainingProgress.format().startswith("stopped")
    assert_usable(win, ui, path, saved)
    hook.action = None
    assert run(qtbot, ui)["error"] is None  # and it trains again


# ---------------------------------------------------------------------------- buttons during test-set evaluation

@pytest.mark.parametrize("press", ["stop", "close", "train"])
def test_buttons_during_test_set_evaluation(ready, qtbot, hook, press):
    """Evaluate runs in its own thread (the window stays responsive): Stop cancels it and keeps the
    previous result, Close joins it, Train is refused until it has ended."""
    win, ui, path, saved = ready
    c = ui.controller
    assert run(qtbot, ui)["error"] is None
    arrived, release = threading.Event(), threading.Event()

    def action(training):  # parks the evaluation thread in its first batch
        # only the evaluation's own thread: Try it predicts the test set on its background thread after a run
        # too, through a copy of the same network (the hook with it), and parked that one instead
        if not isinstance(QThread.currentThread(), EvaluationWorker):
            return
        if not training and not arrived.is_set():
            arrived.set()
            release.wait(10)

    hook.action = action
    ui.evaluation.evaluateButton.click()
    qtbot.waitUntil(arrived.is_set, timeout=10000)
    assert c.state == "evaluating" and c.evaluating
    assert not ui.controls.trainButton.isEnabled() and ui.controls.stopButton.isEnabled()
    assert not ui.controls.pauseButton.isEnabled() and not ui.evaluation.evaluateButton.isEnabled()
    if press == "close":
        release.set()
        assert win.close()
        assert not c.evaluating and not c.running
        assert path.read_bytes() == saved and not win.recovery.file.exists()
        return
    if press == "train":
        assert not c.start()  # refused while the evaluation reads the model
        with qtbot.waitSignal(c.evaluated, timeout=20000) as blocker:
            release.set()
        assert "logs" in blocker.args[0] and ui.evaluation.result is not None
        assert "accuracy" in ui.evaluation.resultLabel.text()
        assert "Evaluation tab" in ui.controls.statusLabel.text()
    else:
        ui.controls.stopButton.click()
        assert c.state == "stopping"
        with qtbot.waitSignal(c.evaluated, timeout=20000) as blocker:
            release.set()
        assert blocker.args[0] == {"stopped": True}
        assert "stopped" in ui.evaluation.resultLabel.text() and ui.evaluation.result is None
        assert ui.controls.statusLabel.text() == "Evaluation stopped."
    hook.action = None
    assert_usable(win, ui, path, saved)
    assert run(qtbot, ui)["error"] is None  # and it trains again


def test_evaluation_in_its_thread_equals_the_direct_one(ready, qtbot):
    win, ui, path, saved = ready
    assert run(qtbot, ui)["error"] is None
    with qtbot.waitSignal(ui.controller.evaluated, timeout=20000) as blocker:
        ui.evaluation.evaluateButton.click()
    r = blocker.args[0]
    direct = ui.controller.model.evaluate(ui.controller.data.x_test, ui.controller.data.y_test, return_dict=True)
    assert r["logs"] == direct and ui.evaluation.result is r
    np.testing.assert_array_equal(r["y_pred"], ui.controller.model.predict(ui.controller.data.x_test))
    assert ui.evaluation.confusionMatrix.rowCount() == 2
    assert_usable(win, ui, path, saved)
