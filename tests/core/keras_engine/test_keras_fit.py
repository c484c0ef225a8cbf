"""The Keras engine trains what our engine trains: same weights, same History, same callbacks, Stop
within one batch, refusals before training, and the same History on two simulated devices."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap

import numpy as np
import pytest

from netbuilder.core import callbacks, utils
from netbuilder.core import keras_engine as KE
from netbuilder.core.keras_engine import probe
from netbuilder.core.layers import Dense, Input
from netbuilder.core.models import Sequential

pytestmark = pytest.mark.skipif(not KE.engine_info().available, reason="Keras 3 and a backend are not installed")


def small_model(optimizer="adam", activation="tanh"):
    utils.set_random_seed(7)
    model = Sequential([Input((4,)), Dense(6, activation=activation, name="hidden"),
                        Dense(3, activation="softmax", name="out")])
    model.compile(optimizer=optimizer, loss="sparse_categorical_crossentropy", metrics=["accuracy"])
    return model


@pytest.fixture(scope="module")
def data():
    rs = np.random.default_rng(0)
    return rs.normal(size=(40, 4)).astype("float32"), rs.integers(0, 3, 40)


@pytest.mark.parametrize("optimizer", [{"class_name": "SGD", "config": {"learning_rate": 0.1, "momentum": 0.9}},
                                       {"class_name": "RMSprop", "config": {"learning_rate": 0.01}},
                                       {"class_name": "Adam", "config": {"learning_rate": 0.01}}])
def test_same_weights_and_history_as_our_engine(data, optimizer):
    x, y = data
    ours, theirs = small_model(optimizer), small_model(optimizer)
    start = theirs.get_weights()
    h_ours = ours.fit(x, y, batch_size=8, epochs=2, shuffle=False, validation_split=0.2, verbose=0)
    h_keras = KE.fit(theirs, x, y, batch_size=8, epochs=2, shuffle=False, validation_split=0.2)
    assert theirs.history is h_keras and h_keras.epoch == [0, 1]
    assert set(h_keras.history) == set(h_ours.history) == {"loss", "accuracy", "val_loss", "val_accuracy"}
    for key, values in h_ours.history.items():
        np.testing.assert_allclose(h_keras.history[key], values, rtol=1e-5, atol=1e-6, err_msg=key)
    moved = 0.0
    for a, b, w0 in zip(ours.get_weights(), theirs.get_weights(), start):
        np.testing.assert_allclose(b, a, rtol=1e-4, atol=1e-6)
        moved = max(moved, float(np.abs(b - w0).max()))
    assert moved > 1e-3  # the weights came back trained


class StopAt(callbacks.Callback):
    """Asks to stop at batch ``at`` of the first epoch and keeps what ``get_weights`` said then."""

    def __init__(self, at):
        super().__init__()
        self.at, self.batches, self.weights_then, self.params_seen = at, [], None, None

    def on_train_begin(self, logs=None):
        self.params_seen = dict(self.params)

    def on_train_batch_end(self, batch, logs=None):
        self.batches.append((batch, sorted(logs)))
        if batch == self.at:
            self.weights_then = self.model.get_weights()
            self.model.stop_training = True


def test_stop_within_one_batch_and_callbacks_see_our_model(data):
    x, y = data
    model = small_model("sgd")
    stop = StopAt(1)
    history = KE.fit(model, x, y, batch_size=8, epochs=3, callbacks=[stop])
    assert [b for b, _ in stop.batches] == [0, 1]  # Keras ran no batch after the one that asked
    assert stop.batches[0][1] == ["accuracy", "loss"]
    assert stop.params_seen == {"epochs": 3, "steps": 5, "verbose": 0}
    assert history.epoch == [0]
    # get_weights inside the run gave netbuilder's order and the weights of that moment,
    # which are the weights the model holds afterwards
    for then, now in zip(stop.weights_then, model.get_weights()):
        np.testing.assert_array_equal(then, now)


def test_early_stopping_restores_best_weights_through_the_view(data):
    x, y = data
    model = small_model("sgd")
    # "max" on a falling loss: epoch 0 is the best, epoch 1 stops the run and restores epoch 0
    es = callbacks.EarlyStopping(monitor="loss", mode="max", patience=0, restore_best_weights=True)
    history = KE.fit(model, x, y, batch_size=8, epochs=4, shuffle=False, callbacks=[es])
    assert es.stopped_epoch == 1 and history.epoch == [0, 1]
    ref = small_model("sgd")
    ref.fit(x, y, batch_size=8, epochs=1, shuffle=False, verbose=0)
    for a, b in zip(ref.get_weights(), model.get_weights()):
        np.testing.assert_allclose(b, a, rtol=1e-4, atol=1e-6)


def test_a_layer_keras_cannot_take_is_refused_before_training(data):
    x, y = data
    model = small_model("sgd", activation={"class_name": "leaky_relu", "config": {"negative_slope": 0.3}})
    before = model.get_weights()
    seen = StopAt(99)
    with pytest.raises(KE.KerasEngineError) as exc:
        KE.fit(model, x, y, batch_size=8, callbacks=[seen])
    assert exc.value.layer == "hidden" and "'hidden'" in str(exc.value)
    assert seen.params_seen is None and seen.batches == []  # no callback ran: nothing half-trained
    for a, b in zip(before, model.get_weights()):
        np.testing.assert_array_equal(a, b)


def test_missing_packages_are_named_without_importing(monkeypatch):
    monkeypatch.setenv("KERAS_BACKEND", "tensorflow")
    real = probe._installed
    monkeypatch.setattr(probe, "_installed", lambda p: False if p == "tensorflow" else real(p))
    info = KE.engine_info()
    assert not info.available and "'tensorflow'" in info.reason and "KERAS_BACKEND" in info.reason
    monkeypatch.setattr(probe, "_installed", lambda p: False)
    info = KE.engine_info()
    assert not info.available and "Keras 3 is not installed" in info.reason and 'pip install "keras>=3.5" jax' in info.reason
    monkeypatch.delenv("KERAS_BACKEND")
    monkeypatch.setenv("KERAS_HOME", "/nonexistent-keras-home")
    monkeypatch.setattr(probe, "_installed", lambda p: p in ("keras", "torch"))
    info = KE.engine_info()
    assert info.available and info.backend == "torch" and info.chosen_by == "netbuilder"


def test_keras_json_backend_counts_only_when_installed(monkeypatch, tmp_path):
    monkeypatch.delenv("KERAS_BACKEND", raising=False)
    monkeypatch.setenv("KERAS_HOME", str(tmp_path))
    (tmp_path / "keras.json").write_text(json.dumps({"backend": "tensorflow"}))  # what Keras writes unasked
    monkeypatch.setattr(probe, "_installed", lambda p: p in ("keras", "jax"))
    info = KE.engine_info()
    assert info.available and (info.backend, info.chosen_by) == ("jax", "netbuilder")
    monkeypatch.setattr(probe, "_installed", lambda p: p in ("keras", "jax", "tensorflow"))
    info = KE.engine_info()
    assert info.available and (info.backend, info.chosen_by) == ("tensorflow", "keras.json")


def test_batches_that_cannot_be_split_across_devices_are_refused():
    KE.check_split(2, 8, 32, 8)  # every batch divides: no error
    with pytest.raises(KE.KerasEngineError, match="has 7 samples"):
        KE.check_split(2, 8, 31, 8)
    with pytest.raises(KE.KerasEngineError, match="validation batch has 3 samples"):
        KE.check_split(2, 8, 32, 11)
    with pytest.raises(KE.KerasEngineError, match="batch has 5 samples"):
        KE.check_split(2, 5, 40, 0)


TWO_DEVICES = textwrap.dedent("""
    import json, sys
    import numpy as np
    import keras
    from netbuilder.core import callbacks, utils
    from netbuilder.core import keras_engine as KE
    from netbuilder.core.layers import Dense, Input
    from netbuilder.core.models import Sequential

    rs = np.random.default_rng(0)
    x, y = rs.normal(size=(40, 4)).astype("float32"), rs.integers(0, 3, 40)
    out = {"devices": KE.list_devices()}
    for n in (1, 2):
        utils.set_random_seed(7)
        model = Sequential([Input((4,)), Dense(6, activation="tanh"), Dense(3, activation="softmax")])
        model.compile(optimizer="adam", loss="sparse_categorical_crossentropy", metrics=["accuracy"])
        seen = []
        probe = callbacks.LambdaCallback(on_train_batch_end=lambda b, logs: seen.append(
            type(keras.distribution.distribution()).__name__))
        lines = []
        h = KE.fit(model, x, y, batch_size=8, epochs=2, shuffle=True, seed=3, validation_split=0.2,
                   devices=n, callbacks=[probe], log=lines.append)
        out[str(n)] = {"history": h.history, "used": h.devices, "dist": sorted(set(seen)), "log": lines,
                       "weights": [w.tolist() for w in model.get_weights()]}
    json.dump(out, sys.stdout)
""")


def test_two_simulated_devices_give_the_one_device_history():
    env = dict(os.environ, XLA_FLAGS="--xla_force_host_platform_device_count=2", KERAS_BACKEND="jax")
    proc = subprocess.run([sys.executable, "-c", TWO_DEVICES], capture_output=True, text=True, env=env, timeout=300)
    assert proc.returncode == 0, proc.stderr[-3000:]
    out = json.loads(proc.stdout)
    assert out["devices"] == ["cpu:0", "cpu:1"]
    one, two = out["1"], out["2"]
    assert one["used"] == ["cpu:0"] and two["used"] == ["cpu:0", "cpu:1"]
    assert one["dist"] == ["NoneType"] and two["dist"] == ["DataParallel"]
    assert "data parallel over 2 devices" in two["log"][0] and "global batch 8" in two["log"][0]
    assert set(one["history"]) == set(two["history"]) == {"loss", "accuracy", "val_loss", "val_accuracy"}
    for key, values in one["history"].items():
        np.testing.assert_allclose(two["history"][key], values, rtol=1e-5, atol=1e-6, err_msg=key)
    for a, b in zip(one["weights"], two["weights"]):
        np.testing.assert_allclose(b, a, rtol=1e-4, atol=1e-6)
