"""Callbacks, driven by hand with a tiny fake model (no training loop), plus one ``fit`` run."""

import csv
import io
import math
import re

import numpy as np
import pytest

from netbuilder.core import callbacks as C
from netbuilder.core.errors import ConfigError
from netbuilder.core.registry import CALLBACKS


class FakeOptimizer:
    def __init__(self, learning_rate=0.01):
        self.learning_rate = learning_rate


class FakeModel:
    """What callbacks may touch: stop_training, weights, save, optimizer.learning_rate."""

    def __init__(self, lr=0.01):
        self.stop_training = False
        self.weights = [np.zeros(2), np.zeros(3)]
        self.optimizer = FakeOptimizer(lr)
        self.saved = []

    def get_weights(self):
        return [w.copy() for w in self.weights]

    def set_weights(self, weights):
        self.weights = [np.array(w) for w in weights]

    def save(self, path):
        with open(path, "w") as f:
            f.write("model")
        self.saved.append(("model", str(path)))

    def save_weights(self, path):
        with open(path, "w") as f:
            f.write("weights")
        self.saved.append(("weights", str(path)))


def run(cb, values, key="val_loss", model=None, extra=None):
    """Feed ``values`` as ``logs[key]`` epoch by epoch; the weights hold the epoch number.
    Returns (model, epochs run, logs per epoch)."""
    model = model or FakeModel()
    cb.set_model(model)
    cb.on_train_begin()
    all_logs = []
    for epoch, v in enumerate(values):
        for w in model.weights:
            w[...] = epoch
        cb.on_epoch_begin(epoch)
        logs = {key: v, **(extra or {})}
        cb.on_epoch_end(epoch, logs)
        all_logs.append(logs)
        if model.stop_training:
            break
    cb.on_train_end()
    return model, len(all_logs), all_logs


# ---------------------------------------------------------------------- EarlyStopping
def test_early_stopping_patience():
    cb = C.EarlyStopping(patience=0)
    _, n, _ = run(cb, [1.0, 0.9, 0.95, 0.8])
    assert n == 3 and cb.stopped_epoch == 2
    cb = C.EarlyStopping(patience=2)
    _, n, _ = run(cb, [1.0, 0.9, 0.95, 0.96, 0.5])
    assert n == 4 and cb.stopped_epoch == 3 and cb.best == 0.9 and cb.best_epoch == 1
    _, n, _ = run(C.EarlyStopping(patience=2), [1.0, 0.9, 0.95, 0.85, 0.96, 0.97])
    assert n == 6  # the improvement at epoch 3 reset the wait


def test_early_stopping_min_delta():
    values = [1.0, 0.95, 0.93, 0.92, 0.91]
    _, n, _ = run(C.EarlyStopping(patience=1, min_delta=0.1), values)
    assert n == 2
    _, n, _ = run(C.EarlyStopping(patience=1, min_delta=-0.1), values)  # abs() like Keras
    assert n == 2
    _, n, _ = run(C.EarlyStopping(patience=1), values)
    assert n == len(values)


def test_early_stopping_mode():
    acc = [0.5, 0.6, 0.55, 0.54]
    cb = C.EarlyStopping(monitor="val_accuracy", patience=1)
    _, n, _ = run(cb, acc, key="val_accuracy")
    assert n == 3 and cb.best == 0.6  # auto → max
    _, n, _ = run(C.EarlyStopping(monitor="val_accuracy", patience=1, mode="min"), acc, key="val_accuracy")
    assert n == 2  # 0.6 is worse in min mode
    _, n, _ = run(C.EarlyStopping(monitor="loss", patience=1, mode="max"), [1.0, 2.0, 3.0, 4.0], key="loss")
    assert n == 4
    assert [C.auto_mode(m) for m in ("val_loss", "accuracy", "val_acc", "auc", "val_precision", "recall",
                                     "mae", "val_mean_squared_error")] == ["min", "max", "max", "max", "max",
                                                                          "max", "min", "min"]
    with pytest.warns(UserWarning, match="unknown"):
        cb = C.EarlyStopping(mode="biggest")
    assert cb.mode == "auto"


def test_early_stopping_baseline():
    values = [0.9, 0.8, 0.85, 0.84, 0.83, 0.82]
    cb = C.EarlyStopping(patience=2, baseline=0.5)
    _, n, _ = run(cb, values)
    assert n == 3  # improving but never past the baseline: the wait is never reset
    _, n, _ = run(C.EarlyStopping(patience=2), values)
    assert n == 4
    _, n, _ = run(C.EarlyStopping(patience=2, baseline=0.95), values)
    assert n == 4  # past the baseline: behaves as without it


def test_restore_best_weights_when_stopping_and_at_the_end():
    cb = C.EarlyStopping(patience=1, restore_best_weights=True)
    model, n, _ = run(cb, [1.0, 0.5, 0.7, 0.8])
    assert n == 3
    assert all(np.all(w == 1) for w in model.weights)  # weights of epoch 1
    # netbuilder restores also when training runs all its epochs without stopping early
    cb = C.EarlyStopping(patience=10, restore_best_weights=True)
    model, n, _ = run(cb, [1.0, 0.5, 0.7, 0.8])
    assert n == 4 and cb.stopped_epoch == 0
    assert all(np.all(w == 1) for w in model.weights)
    model, _, _ = run(C.EarlyStopping(patience=10), [1.0, 0.5, 0.7, 0.8])
    assert all(np.all(w == 3) for w in model.weights)  # without the flag: last weights


def test_early_stopping_start_from_epoch_and_reuse():
    cb = C.EarlyStopping(patience=0, start_from_epoch=2, restore_best_weights=True)
    model, n, _ = run(cb, [5.0, 6.0, 7.0, 7.5, 1.0])
    assert n == 4 and cb.best == 7.0 and cb.best_epoch == 2
    assert all(np.all(w == 2) for w in model.weights)
    _, n, _ = run(cb, [3.0, 2.0, 1.0])  # on_train_begin resets the state
    assert n == 3 and cb.stopped_epoch == 0


def test_early_stopping_missing_monitor_warns():
    cb = C.EarlyStopping(monitor="val_loss")
    with pytest.warns(UserWarning, match="'val_loss'.*Available metrics are: loss"):
        _, n, _ = run(cb, [1.0, 2.0, 3.0], key="loss")
    assert n == 3


def test_early_stopping_verbose(capsys):
    run(C.EarlyStopping(patience=0, verbose=1, restore_best_weights=True), [1.0, 2.0])
    out = capsys.readouterr().out
    assert "Epoch 2: early stopping" in out
    assert "Restoring model weights from the end of the best epoch: 1." in out


# ---------------------------------------------------------------------- TerminateOnNaN
def test_terminate_on_nan():
    model = FakeModel()
    cb = C.TerminateOnNaN()
    cb.set_model(model)
    cb.on_train_batch_end(0, {"loss": 0.5})
    assert not model.stop_training
    cb.on_train_batch_end(1, {"loss": float("nan")})
    assert model.stop_training
    model.stop_training = False
    cb.on_train_batch_end(2, {"loss": np.float32("inf")})
    assert model.stop_training
    strict = C.TerminateOnNaN(raise_error=True)
    strict.set_model(FakeModel())
    with pytest.raises(RuntimeError, match="NaN or Inf loss encountered at batch 3"):
        strict.on_train_batch_end(3, {"loss": math.nan})


# ---------------------------------------------------------------------- ReduceLROnPlateau
def _lrs(cb, values, lr=0.01, key="val_loss"):
    model, _, logs = run(cb, values, key=key, model=FakeModel(lr))
    return [round(entry["learning_rate"], 10) for entry in logs], model.optimizer.learning_rate


def test_reduce_lr_patience_and_min_lr():
    lrs, final = _lrs(C.ReduceLROnPlateau(factor=0.5, patience=1, min_lr=0.002), [1.0] * 6)
    # logs carry the rate used during each epoch; reductions after epochs 1, 2, 3 until min_lr
    assert lrs == [0.01, 0.01, 0.005, 0.0025, 0.002, 0.002]
    assert final == 0.002
    lrs, _ = _lrs(C.ReduceLROnPlateau(factor=0.5, patience=2), [1.0, 0.9, 0.8, 0.85, 0.86, 0.87])
    assert lrs == [0.01] * 5 + [0.005]


def test_reduce_lr_cooldown():
    lrs, _ = _lrs(C.ReduceLROnPlateau(factor=0.5, patience=1, cooldown=2), [1.0] * 7)
    # reduce after epoch 1, then two cooldown epochs (the second also counts the wait down)
    assert lrs == [0.01, 0.01, 0.005, 0.005, 0.0025, 0.0025, 0.00125]
    lrs, _ = _lrs(C.ReduceLROnPlateau(factor=0.5, patience=1, cooldown=0), [1.0] * 4)
    assert lrs == [0.01, 0.01, 0.005, 0.0025]


def test_reduce_lr_min_delta_mode_and_errors():
    # improvements smaller than min_delta do not count
    lrs, _ = _lrs(C.ReduceLROnPlateau(factor=0.1, patience=1, min_delta=0.1), [1.0, 0.95, 0.9])
    assert lrs == [0.01, 0.01, 0.001]
    lrs, _ = _lrs(C.ReduceLROnPlateau(monitor="val_accuracy", factor=0.1, patience=1),
                  [0.5, 0.6, 0.7, 0.65], key="val_accuracy")
    assert lrs == [0.01, 0.01, 0.01, 0.01]  # auto → max: rising accuracy is improvement
    for factor in (1.0, 1.5, -0.1, True, float("nan"), "0.5"):
        with pytest.raises(ConfigError) as info:
            C.ReduceLROnPlateau(factor=factor)
        assert str(info.value) == f"ReduceLROnPlateau: factor must be a number in [0, 1), got {factor!r}"
        assert info.value.code == "lr_factor" and info.value.params == {"arg": "factor", "value": repr(factor)}
    with pytest.raises(TypeError, match="patiense"):
        C.ReduceLROnPlateau(patiense=3)


# ---------------------------------------------------------------------- ModelCheckpoint
def test_checkpoint_best_only_writes_files(tmp_path):
    cb = C.ModelCheckpoint(str(tmp_path / "ckpt-{epoch:02d}-{val_loss:.2f}.nbm"), save_best_only=True)
    model, _, _ = run(cb, [1.0, 0.8, 0.9, 0.5])
    names = sorted(p.name for p in tmp_path.iterdir())
    assert names == ["ckpt-01-1.00.nbm", "ckpt-02-0.80.nbm", "ckpt-04-0.50.nbm"]
    assert [kind for kind, _ in model.saved] == ["model"] * 3
    assert cb.best == 0.5


def test_checkpoint_every_epoch_weights_only_and_mode(tmp_path):
    path = tmp_path / "sub" / "w-{epoch}.npz"
    model, _, _ = run(C.ModelCheckpoint(path, save_weights_only=True), [3.0, 2.0, 1.0])
    assert sorted(p.name for p in (tmp_path / "sub").iterdir()) == ["w-1.npz", "w-2.npz", "w-3.npz"]
    assert {kind for kind, _ in model.saved} == {"weights"}
    best = tmp_path / "best.nbm"
    model, _, _ = run(C.ModelCheckpoint(best, monitor="val_accuracy", save_best_only=True),
                      [0.5, 0.7, 0.6], key="val_accuracy")
    assert len(model.saved) == 2 and best.exists()  # epochs 0 and 1; 0.6 < 0.7 in max mode
    model, _, _ = run(C.ModelCheckpoint(best, save_best_only=True, initial_value_threshold=0.7),
                      [1.0, 0.8, 0.6])
    assert len(model.saved) == 1


def test_checkpoint_save_freq_batches(tmp_path):
    model = FakeModel()
    cb = C.ModelCheckpoint(str(tmp_path / "e{epoch}-b{batch}.nbm"), save_freq=2)
    cb.set_model(model)
    cb.on_train_begin()
    for epoch in range(2):
        cb.on_epoch_begin(epoch)
        for batch in range(3):
            cb.on_train_batch_end(batch, {"loss": 1.0})
        cb.on_epoch_end(epoch, {"loss": 1.0})
    assert sorted(p.name for p in tmp_path.iterdir()) == ["e1-b2.nbm", "e2-b1.nbm", "e2-b3.nbm"]
    for bad in ("batch", 0, True, 2.5):  # True was taken as "every batch"
        with pytest.raises(ConfigError) as info:
            C.ModelCheckpoint("x.nbm", save_freq=bad)
        assert str(info.value) == f"ModelCheckpoint: save_freq must be 'epoch' or a positive int, got {bad!r}"
        assert info.value.code == "save_freq"
    assert C.ModelCheckpoint("x.nbm", save_freq=3.0).save_freq == 3


@pytest.mark.parametrize("make, message", [
    (lambda: C.EarlyStopping(patience=-1), "EarlyStopping: patience must be a non-negative integer, got -1"),
    (lambda: C.EarlyStopping(patience=True), "EarlyStopping: patience must be a non-negative integer, got True"),
    (lambda: C.EarlyStopping(patience=2.5), "EarlyStopping: patience must be a non-negative integer, got 2.5"),
    (lambda: C.EarlyStopping(start_from_epoch="2"),
     "EarlyStopping: start_from_epoch must be a non-negative integer, got '2'"),
    (lambda: C.EarlyStopping(min_delta=float("nan")), "EarlyStopping: min_delta must be a number, got nan"),
    (lambda: C.ReduceLROnPlateau(cooldown=-2), "ReduceLROnPlateau: cooldown must be a non-negative integer, got -2"),
    (lambda: C.ReduceLROnPlateau(min_lr=-1e-3), "ReduceLROnPlateau: min_lr must be a non-negative number, got -0.001"),
])
def test_monitor_arguments_are_checked_when_the_callback_is_made(make, message):
    # they used to pass through int()/float(): patience=2.5 became 2, "2" became 2, True became 1
    with pytest.raises(ConfigError) as info:
        make()
    assert str(info.value) == message


def test_monitor_arguments_keep_their_types():
    es = C.EarlyStopping(patience=3.0, min_delta=-0.5, start_from_epoch=np.int64(1))
    assert (es.patience, es.min_delta, es.start_from_epoch) == (3, 0.5, 1)
    assert type(es.patience) is int


def test_checkpoint_missing_field(tmp_path):
    cb = C.ModelCheckpoint(str(tmp_path / "{val_acc:.2f}.nbm"))
    with pytest.raises(KeyError, match="val_acc"):
        run(cb, [1.0])


# ---------------------------------------------------------------------- CSVLogger
def test_csv_logger(tmp_path):
    path = tmp_path / "log.csv"
    extra = {"loss": 0.5, "accuracy": 0.75}
    run(C.CSVLogger(str(path)), [1.0, 0.9], extra=extra)
    rows = list(csv.reader(path.open()))
    assert rows == [["epoch", "accuracy", "loss", "val_loss"], ["0", "0.75", "0.5", "1.0"],
                    ["1", "0.75", "0.5", "0.9"]]
    run(C.CSVLogger(str(path), append=True), [0.8], extra=extra)
    rows = list(csv.reader(path.open()))
    assert len(rows) == 4 and rows[-1] == ["0", "0.75", "0.5", "0.8"]  # no second header
    run(C.CSVLogger(str(path), separator=";"), [0.7], extra=extra)
    assert path.read_text().splitlines() == ["epoch;accuracy;loss;val_loss", "0;0.75;0.5;0.7"]


# ---------------------------------------------------------------------- LambdaCallback
def test_lambda_callback():
    calls = []
    cb = C.LambdaCallback(on_epoch_begin=lambda e, logs: calls.append(("begin", e)),
                          on_epoch_end=lambda e, logs: calls.append(("end", e, logs["val_loss"])),
                          on_train_end=lambda logs: calls.append("train_end"),
                          on_test_end=lambda logs: calls.append("test_end"))
    run(cb, [1.0, 2.0])
    cb.on_test_end()
    cb.on_train_batch_end(0, {})  # not given: the base no-op
    assert calls == [("begin", 0), ("end", 0, 1.0), ("begin", 1), ("end", 1, 2.0), "train_end", "test_end"]
    with pytest.raises(TypeError, match="on_epoch_ending"):
        C.LambdaCallback(on_epoch_ending=print)


# ---------------------------------------------------------------------- progress bar
class TTY(io.StringIO):
    def isatty(self):
        return True


def _progbar_run(stream, verbose, epochs=2, steps=3):
    cb = C.ProgbarLogger(stream=stream)
    cb.set_params({"verbose": verbose, "epochs": epochs, "steps": steps})
    for epoch in range(epochs):
        cb.on_epoch_begin(epoch)
        for b in range(steps):
            cb.on_train_batch_end(b, {"accuracy": 0.9, "loss": 0.3})
        cb.on_epoch_end(epoch, {"accuracy": 0.9, "loss": 0.3, "val_loss": 0.0001})
    return stream.getvalue()


def test_progbar_verbose_1_line():
    out = _progbar_run(io.StringIO(), verbose=1)
    lines = out.splitlines()
    assert lines[0] == "Epoch 1/2" and lines[2] == "Epoch 2/2" and len(lines) == 4
    pattern = r"^3/3 ━{20} \d+s \d+(us|ms)/step - accuracy: 0\.9000 - loss: 0\.3000 - val_loss: 1\.0000e-04$"
    assert all(re.match(pattern, line) for line in (lines[1], lines[3])), lines


def test_progbar_dynamic_redraws_with_carriage_return():
    stream = TTY()
    cb = C.ProgbarLogger(stream=stream)
    cb.set_params({"verbose": 1, "epochs": 1, "steps": 4})
    cb.on_epoch_begin(0)
    cb.progbar.interval = 0.0  # draw every update
    for b in range(4):
        cb.on_train_batch_end(b, {"loss": 0.3})
    cb.on_epoch_end(0, {"loss": 0.3})
    out = stream.getvalue()
    assert "Epoch 1/1" not in out  # one epoch: no header, as Keras
    assert out.count("\r") == 5 and out.endswith("\n") and "\x1b[32m" in out
    assert "1/4" in out and "4/4" in out


def test_progbar_verbose_2_one_line_per_epoch():
    out = _progbar_run(io.StringIO(), verbose=2)
    lines = out.splitlines()
    assert len(lines) == 4 and lines[0] == "Epoch 1/2"
    assert re.match(r"^3/3 - \d+s - \d+(us|ms)/step - accuracy: 0\.9000 - loss: 0\.3000", lines[1])


def test_progbar_to_stdout(capsys):
    assert _progbar_run(io.StringIO(), verbose=0) == ""
    cb = C.ProgbarLogger()
    cb.set_params({"verbose": 1, "epochs": 1, "steps": 1})
    cb.on_epoch_begin(0)
    cb.on_train_batch_end(0, {"loss": 1.5})
    cb.on_epoch_end(0, {"loss": 1.5})
    assert "1/1" in capsys.readouterr().out


def test_registered():
    for name in ("EarlyStopping", "TerminateOnNaN", "ReduceLROnPlateau", "ModelCheckpoint", "CSVLogger",
                 "LambdaCallback", "ProgbarLogger", "History"):
        assert CALLBACKS.lookup(name) is getattr(C, name)
    assert CALLBACKS.lookup("early_stopping") is C.EarlyStopping


# ---------------------------------------------------------------------- with the real training loop
def test_fit_stops_early_and_restores():
    from netbuilder.core import models
    from netbuilder.core import layers, optimizers

    rs = np.random.default_rng(0)
    x = rs.normal(size=(32, 3)).astype("float32")
    y = rs.integers(0, 4, 32)
    model = models.Sequential([layers.Input(shape=(3,)), layers.Dense(4, activation="softmax")])
    # learning rate 0: the loss never improves (beyond float rounding of the shuffled batch
    # sums, hence min_delta), so patience=1 stops after epoch index 1
    model.compile(optimizer=optimizers.SGD(learning_rate=0.0), loss="sparse_categorical_crossentropy")
    stopper = C.EarlyStopping(monitor="loss", patience=1, min_delta=1e-6)
    history = model.fit(x, y, epochs=10, batch_size=8, callbacks=[stopper], verbose=0)
    assert len(history.history["loss"]) == 2 and stopper.stopped_epoch == 1
    # a real optimiser with restore_best_weights: the model ends with the best epoch's weights
    model.compile(optimizer=optimizers.SGD(learning_rate=0.5), loss="sparse_categorical_crossentropy")
    seen = []
    recorder = C.LambdaCallback(on_epoch_end=lambda epoch, logs: seen.append(model.get_weights()))
    stopper = C.EarlyStopping(monitor="loss", patience=100, restore_best_weights=True)
    history = model.fit(x, y, epochs=4, batch_size=8, callbacks=[recorder, stopper], verbose=0)
    losses = history.history["loss"]
    assert len(losses) == 4 and stopper.stopped_epoch == 0
    best = int(np.argmin(losses))
    assert stopper.best_epoch == best
    for got, want in zip(model.get_weights(), seen[best]):
        np.testing.assert_array_equal(got, want)
    if best != 3:
        assert any(not np.array_equal(a, b) for a, b in zip(seen[3], seen[best]))


def _bar_model():
    from netbuilder.core import layers, models

    m = models.Sequential([layers.Dense(1, input_shape=(2,))])
    m.compile("sgd", "mse", metrics=["mae"])
    return m, np.ones((70, 2), "float32"), np.full((70, 1), 3.0, "float32")


def test_evaluate_draws_one_bar_by_default_as_keras(capsys):
    """Keras 3's evaluate defaults to verbose="auto" (a bar over the test batches); fit's
    validation passes draw none of their own."""
    m, x, y = _bar_model()
    logs = m.evaluate(x, y, return_dict=True)
    lines = capsys.readouterr().out.splitlines()
    assert len(lines) == 1, lines
    assert re.match(r"^3/3 ━{20} \d+s \d+(us|ms)/step - mae: \S+ - loss: \S+$", lines[0]), lines
    assert f"loss: {logs['loss']:.4f}" in lines[0]
    m.evaluate(x, y, verbose=0)
    assert capsys.readouterr().out == ""
    m.evaluate(x, y, verbose=2)
    assert re.match(r"^3/3 - \d+s - ", capsys.readouterr().out)
    m.fit(x, y, epochs=2, validation_split=0.5, verbose=1)
    out = capsys.readouterr().out.splitlines()
    assert [line for line in out if line.startswith("Epoch")] == ["Epoch 1/2", "Epoch 2/2"]
    assert len(out) == 4 and all("val_loss" in line for line in out[1::2])
