"""Faults during training: bad data, exploding losses, exceptions inside layers, a full disk
while saving, and ``stop_training``/``stop_evaluating`` set in every phase."""

from __future__ import annotations

import errno
import os

import numpy as np
import pytest

from netbuilder.core import callbacks as cbs
from netbuilder.core.errors import DataError
from netbuilder.core.layers import Dense, Input
from netbuilder.core.layers.base import Layer
from netbuilder.core.models import Model, load_model
from netbuilder.core.optimizers import SGD


def _model(seed=0, lr=0.01, extra=None):
    np.random.seed(seed)
    x = Input(shape=(3,), name="in")
    h = Dense(4, activation="relu", name="hidden")(x)
    if extra is not None:
        h = extra(h)
    model = Model(x, Dense(1, name="out")(h))
    model.compile(optimizer=SGD(learning_rate=lr), loss="mse")
    return model


def _data(n=16, seed=1):
    rng = np.random.default_rng(seed)
    x = rng.standard_normal((n, 3)).astype("float32")
    return x, x.sum(axis=1, keepdims=True)


class Recorder(cbs.Callback):
    def __init__(self, stop_at=None, flag="stop_training"):
        super().__init__()
        self.events, self.stop_at, self.flag = [], stop_at, flag

    def _hook(self, name, *args):
        self.events.append((name,) + args)
        if self.stop_at is not None and self.stop_at == (name,) + args:
            setattr(self.model, self.flag, True)

    def on_train_begin(self, logs=None): self._hook("train_begin")
    def on_epoch_begin(self, epoch, logs=None): self._hook("epoch_begin", epoch)
    def on_train_batch_end(self, batch, logs=None): self._hook("batch_end", batch)
    def on_epoch_end(self, epoch, logs=None): self._hook("epoch_end", epoch)
    def on_test_batch_end(self, batch, logs=None): self._hook("test_batch_end", batch)
    def on_test_end(self, logs=None): self._hook("test_end")
    def on_train_end(self, logs=None): self._hook("train_end")


# ---------------------------------------------------------------------------- bad data

@pytest.mark.parametrize("where", ["x", "y", "validation"])
@pytest.mark.parametrize("bad", [np.nan, np.inf, -np.inf])
def test_nonfinite_data_is_refused_before_training(where, bad):
    model = _model()
    before = model.get_weights()
    x, y = _data()
    vx, vy = x.copy(), y.copy()
    {"x": x, "y": y, "validation": vx}[where][3, 0] = bad
    rec = Recorder()
    with pytest.raises(DataError, match="NaN or inf") as info:
        model.fit(x, y, epochs=2, batch_size=4, verbose=0, callbacks=[rec], validation_data=(vx, vy))
    assert info.value.code == "data_nonfinite"
    assert rec.events == []  # refused before on_train_begin
    for a, b in zip(before, model.get_weights()):
        np.testing.assert_array_equal(a, b)


# ---------------------------------------------------------------------------- exploding loss

def test_exploding_loss_stops_with_finite_weights():
    model = _model(lr=1e3)  # diverges within a few batches
    x, y = _data(64)
    rec = Recorder()
    hist = model.fit(x, y * 1e3, epochs=20, batch_size=4, verbose=0,
                     callbacks=[cbs.TerminateOnNaN(), rec])
    batches = [e for e in rec.events if e[0] == "batch_end"]
    assert len(batches) < 20 * 16, "TerminateOnNaN did not stop the run"
    assert not np.isfinite(hist.history["loss"][-1])
    for w in model.get_weights():
        assert np.isfinite(w).all(), "a non-finite step reached the weights"
    model.compile(optimizer=SGD(learning_rate=1e-3), loss="mse")  # recover: smaller lr, new fit
    model.set_weights([np.zeros_like(w) + 0.01 for w in model.get_weights()])
    assert np.isfinite(model.fit(x, y, epochs=1, verbose=0).history["loss"][-1])


# ---------------------------------------------------------------------------- layer exceptions

class Flaky(Layer):
    """Identity that raises in forward or backward on the ``fail_at``-th call."""

    def __init__(self, phase="forward", fail_at=3, **kwargs):
        super().__init__(**kwargs)
        self.phase, self.fail_at, self.calls = phase, fail_at, 0

    def _tick(self, phase):
        if phase == self.phase:
            self.calls += 1
            if self.calls == self.fail_at:
                raise ZeroDivisionError(f"boom in {phase}")

    def forward(self, inputs, training=False):
        self._tick("forward")
        return inputs

    def backward(self, grad_output):
        self._tick("backward")
        return grad_output


@pytest.mark.parametrize("phase", ["forward", "backward"])
def test_exception_in_a_layer_propagates_and_model_stays_usable(phase):
    flaky = Flaky(phase=phase, name="flaky")
    model = _model(extra=flaky)
    x, y = _data(32)
    with pytest.raises(ZeroDivisionError, match=f"boom in {phase}"):
        model.fit(x, y, epochs=1, batch_size=4, verbose=0)
    for w in model.get_weights():
        assert np.isfinite(w).all()
    flaky.fail_at = -1  # never again
    first = model.evaluate(x, y, verbose=0)
    hist = model.fit(x, y, epochs=5, batch_size=4, verbose=0, shuffle=False)
    assert len(hist.history["loss"]) == 5 and hist.history["loss"][-1] < first


# ---------------------------------------------------------------------------- full disk

class _FullDisk:
    """A file object that raises ENOSPC once ``budget`` bytes have been written."""

    def __init__(self, f, budget=200):
        self._f, self._budget = f, budget

    def write(self, data):
        if self._budget - len(data) < 0:
            raise OSError(errno.ENOSPC, "No space left on device")
        self._budget -= len(data)
        return self._f.write(data)

    def __getattr__(self, name):
        return getattr(self._f, name)

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self._f.close()


@pytest.fixture
def full_disk(monkeypatch):
    real = os.fdopen

    def arm():
        monkeypatch.setattr(os, "fdopen", lambda *a, **k: _FullDisk(real(*a, **k)))
    return arm


@pytest.mark.parametrize("how", ["save", "save_weights", "checkpoint"])
def test_full_disk_keeps_previous_file_and_leaves_no_temp(tmp_path, full_disk, how):
    model = _model()
    x, y = _data()
    path = tmp_path / ("m.weights.npz" if how == "save_weights" else "m.nbm")
    (model.save_weights if how == "save_weights" else model.save)(path)
    previous = path.read_bytes()
    model.fit(x, y, epochs=1, verbose=0)  # the weights change
    full_disk()
    with pytest.raises(OSError) as info:
        if how == "checkpoint":
            model.fit(x, y, epochs=1, verbose=0, callbacks=[cbs.ModelCheckpoint(str(path), monitor="loss")])
        else:
            (model.save_weights if how == "save_weights" else model.save)(path)
    assert info.value.errno == errno.ENOSPC
    assert path.read_bytes() == previous, "the previous file was damaged"
    assert sorted(p.name for p in tmp_path.iterdir()) == [path.name], "a temp file was left behind"
    if how != "save_weights":
        load_model(path)  # still loadable


# ---------------------------------------------------------------------------- stop flags

def _fit(stop_at, epochs=3, validation=True):
    model = _model()
    x, y = _data(16)
    rec = Recorder(stop_at=stop_at)
    hist = model.fit(x, y, epochs=epochs, batch_size=4, verbose=0, callbacks=[rec],
                     validation_data=(x[:8], y[:8]) if validation else None)
    return model, rec, hist


def test_stop_in_on_train_begin_runs_one_batch_like_keras():
    """Keras 3 checks ``stop_training`` after each batch, so one batch still runs."""
    model, rec, hist = _fit(("train_begin",))
    assert [e for e in rec.events if e[0] == "batch_end"] == [("batch_end", 0)]
    assert rec.events[-1] == ("train_end",) and hist.epoch == [0]
    assert model.stop_training


def test_stop_on_first_batch():
    _, rec, hist = _fit(("batch_end", 0))
    assert [e for e in rec.events if e[0] == "batch_end"] == [("batch_end", 0)]
    assert ("test_end",) in rec.events  # the epoch still ends with its validation, as in Keras
    assert hist.epoch == [0] and np.isfinite(hist.history["val_loss"][0])


def test_stop_during_validation_ends_after_that_epoch():
    _, rec, hist = _fit(("test_batch_end", 0))
    tests = [e for e in rec.events if e[0] == "test_batch_end"]
    assert tests == [("test_batch_end", 0), ("test_batch_end", 1)]  # validation is not cut short
    assert hist.epoch == [0] and rec.events[-1] == ("train_end",)


def test_stop_at_epoch_end():
    _, rec, hist = _fit(("epoch_end", 1))
    assert hist.epoch == [0, 1] and rec.events[-1] == ("train_end",)


def test_stop_evaluating_on_test_batch_during_evaluate():
    model = _model()
    x, y = _data(16)
    rec = Recorder(stop_at=("test_batch_end", 1), flag="stop_evaluating")
    partial = model.evaluate(x, y, batch_size=4, verbose=0, callbacks=[rec])
    assert [e for e in rec.events if e[0] == "test_batch_end"] == [("test_batch_end", 0), ("test_batch_end", 1)]
    assert rec.events[-1] == ("test_end",)
    assert partial == pytest.approx(model.evaluate(x[:8], y[:8], verbose=0), rel=1e-5)
    full = Recorder()  # the flag is reset: the next evaluate runs every batch
    model.evaluate(x, y, batch_size=4, verbose=0, callbacks=[full])
    assert len([e for e in full.events if e[0] == "test_batch_end"]) == 4


def test_stop_training_during_evaluate_does_not_cut_it_short():
    """Keras 3: evaluate honours ``stop_evaluating``, not ``stop_training``."""
    model = _model()
    x, y = _data(16)
    rec = Recorder(stop_at=("test_batch_end", 0))
    model.evaluate(x, y, batch_size=4, verbose=0, callbacks=[rec])
    assert len([e for e in rec.events if e[0] == "test_batch_end"]) == 4
