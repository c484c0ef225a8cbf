"""The training thread on the Keras engine (issue 18): the same log bundles, Pause/Resume, Stop within
one batch and K-fold as with netbuilder's engine, the weights back in the netbuilder model."""

from __future__ import annotations

import threading

import numpy as np
import pytest

from netbuilder.core import keras_engine, utils
from netbuilder.core.callbacks import Callback
from netbuilder.core.layers import Dense, Input
from netbuilder.core.models import Sequential
from netbuilder.ui.training import worker as W

pytestmark = pytest.mark.skipif(not keras_engine.engine_info().available,
                                reason="Keras 3 and a backend are not installed")


def tiny_model():
    utils.set_random_seed(3)
    model = Sequential([Input((2,)), Dense(4, activation="tanh"), Dense(1, activation="sigmoid")])
    model.compile(optimizer="adam", loss="binary_crossentropy", metrics=["accuracy"])
    return model


@pytest.fixture(scope="module")
def data():
    rng = np.random.default_rng(0)
    x = rng.normal(size=(40, 2)).astype("float32")
    return x, (x[:, :1] * x[:, 1:] > 0).astype("float32")


class Driver(Callback):
    """Plays the GUI's buttons from inside the run: ``at`` maps (epoch, batch) → action on the worker,
    done at the batch's start; counts the batches that ran."""

    def __init__(self, worker_box, at):
        super().__init__()
        self.box, self.at, self.ran, self.epoch = worker_box, at, [], 0
        self.paused = threading.Event()

    def on_epoch_begin(self, epoch, logs=None):
        self.epoch = epoch

    def on_train_batch_begin(self, batch, logs=None):
        action = self.at.get((self.epoch, batch))
        if action == "pause":
            self.box[0].pause()
            self.paused.set()
        elif action == "stop":
            self.box[0].request_stop()

    def on_train_batch_end(self, batch, logs=None):
        self.ran.append((self.epoch, batch))


def test_keras_run_sends_the_same_bundles_pauses_and_stops_within_one_batch(qtbot, data):
    x, y = data
    model = tiny_model()
    start = model.get_weights()
    box = []
    driver = Driver(box, {(0, 1): "pause", (1, 2): "stop"})
    worker = W.TrainingWorker(model, x, y, {"epochs": 4, "batch_size": 8, "validation_split": 0.2, "shuffle": True},
                              [driver], engine="keras", devices=1)
    box.append(worker)
    bundles, notes, begins = [], [], []
    worker.logs.connect(bundles.append)
    worker.note.connect(notes.append)
    worker.trainBegin.connect(begins.append)
    with qtbot.waitSignal(worker.done, timeout=300000) as blocker:
        worker.start()
        assert driver.paused.wait(300)
        qtbot.waitUntil(lambda: worker.paused)
        held = len(driver.ran)
        qtbot.wait(200)  # the training thread is held inside the callback: no batch ends meanwhile
        assert len(driver.ran) == held == 1  # batch 1 ran; the bridge holds it before its end reaches us
        worker.resume()
    worker.wait()
    result = blocker.args[0]
    assert result["error"] is None and result["stopped"] and result["engine"] == "keras"
    # Stop pressed at the start of epoch 1's batch 2: that batch ends, no other one runs
    assert driver.ran == [(0, b) for b in range(4)] + [(1, 0), (1, 1), (1, 2)]
    batches = [(e, b) for bundle in bundles for e, b, _ in bundle.batches]
    assert batches == driver.ran  # every batch reached the GUI, in order
    epochs = [(e, sorted(logs)) for bundle in bundles for e, logs in bundle.epochs]
    assert epochs[0] == (0, ["accuracy", "loss", "val_accuracy", "val_loss"])
    assert begins == [{"epochs": 4, "steps": 4, "verbose": 0}]
    assert notes and "on jax" in notes[0] and "cpu:0" in notes[0]
    assert list(result["history"]["loss"]) == [logs["loss"] for b in bundles for _, logs in b.epochs]
    assert any(not np.allclose(a, b) for a, b in zip(start, model.get_weights()))  # weights came back


def test_kfold_on_keras_trains_each_fold_from_fresh_weights(qtbot, data):
    x, y = data
    folds = [(x[:20], y[:20], x[20:], y[20:]), (x[20:], y[20:], x[:20], y[:20])]
    worker = W.KFoldWorker(tiny_model, folds, {"epochs": 2, "batch_size": 10}, engine="keras", devices=1)
    begun = []
    worker.foldBegin.connect(lambda i, k: begun.append((i, k)))
    with qtbot.waitSignal(worker.done, timeout=300000) as blocker:
        worker.start()
    worker.wait()
    result = blocker.args[0]
    assert result["error"] is None and begun == [(0, 2), (1, 2)]
    assert [len(h["val_loss"]) for h in result["folds"]] == [2, 2]
    # the last fold's model holds what it learnt: its validation loss is the History's last one
    logs = worker.model.evaluate(x[:20], y[:20], verbose=0, return_dict=True)
    assert logs["loss"] == pytest.approx(result["folds"][1]["val_loss"][-1], rel=1e-4)


def test_a_refused_layer_ends_the_run_with_its_name(qtbot, data):
    x, y = data
    utils.set_random_seed(3)
    model = Sequential([Input((2,)), Dense(4, activation={"class_name": "leaky_relu", "config": {"negative_slope": 0.3}},
                                           name="odd"), Dense(1, activation="sigmoid")])
    model.compile(optimizer="adam", loss="binary_crossentropy")
    worker = W.TrainingWorker(model, x, y, {"epochs": 1, "batch_size": 8}, engine="keras", devices=1)
    bundles = []
    worker.logs.connect(bundles.append)
    with qtbot.waitSignal(worker.done, timeout=300000) as blocker:
        worker.start()
    worker.wait()
    assert blocker.args[0]["error"].startswith("KerasEngineError: layer 'odd'") and bundles == []
    assert blocker.args[0]["layer"] == "odd"  # the canvas can mark the node


def test_unknown_engine_is_refused():
    with pytest.raises(ValueError, match="'tensorflow'"):
        W.TrainingWorker(None, None, None, {}, engine="tensorflow")
