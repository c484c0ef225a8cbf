"""Stop mid-epoch ends the run with that epoch's whole validation pass (Keras's fit does the same):
the last epoch's val_loss and val_accuracy are those of all validation samples for the weights the run
ends with, never of the one validation batch that was running when Stop came (a learner walk saw
val_accuracy 126/128 and a val_loss dip that the coach, the best epoch and the Lab then believed)."""

from __future__ import annotations

import numpy as np
import pytest

from netbuilder.ui.training.controller import TrainingData

from .conftest import Gate, dense_config, gated, set_run


def _data(n=1200):
    rng = np.random.default_rng(0)
    x = rng.normal(size=(n, 20)).astype("float32")
    y = (x[:, 0] + 0.5 * rng.normal(size=n) > 0).astype("float32")
    return TrainingData("noisy", x, y, x[:100], y[:100], "binary")


@pytest.mark.parametrize("phase", ["training", "validation"])
def test_a_stopped_epoch_is_validated_on_every_sample(qtbot, training_window, monkeypatch, phase):
    win, ui = training_window
    data = _data()
    # 960 rows train, 240 validate in 8 batches of 32: a cut pass would report 1/8 of them
    set_run(ui, dense_config(20, [16], 1, "sigmoid"), data, epochs=5, batch_size=32, validation_split=0.2,
            loss="binary_crossentropy", metrics=["accuracy"])
    c = ui.controller
    if phase == "training":  # Stop while epoch 2's batch 5 of 30 waits
        gate = Gate(1, 5, lambda: c.worker._stop.is_set())
    else:  # Stop while epoch 2's validation waits at its second batch

        class ValGate(Gate):
            def on_train_batch_begin(self, batch, logs=None):
                self.begun += 1

            def on_test_batch_begin(self, batch, logs=None):
                if self._epoch == 1 and batch == 1:
                    self._hold()

        gate = ValGate(1, None, lambda: c.worker._stop.is_set())
    gated(monkeypatch, c, gate)
    assert ui.controls.start()
    qtbot.waitUntil(gate.held.is_set, timeout=30000)
    with qtbot.waitSignal(c.finished, timeout=60000) as blocker:
        ui.controls.stopButton.click()
    result = blocker.args[0]
    assert result["stopped"] and c.epochs_done == [1, 2]
    x_val, y_val = data.x_train[960:], data.y_train[960:]
    loss, acc = c.model.evaluate(x_val, y_val, batch_size=32, verbose=0)
    assert result.history["val_loss"][-1] == pytest.approx(loss, rel=1e-5)
    assert result.history["val_accuracy"][-1] == pytest.approx(acc, abs=1e-6)
    assert round(acc * 240) == pytest.approx(acc * 240, abs=1e-3)  # a fraction of all 240 samples
    assert c.history["val_loss"][-1] == pytest.approx(loss, rel=1e-5)  # the curves' last point too


def test_opening_another_project_clears_the_last_runs_progress_line(qtbot, training_window):
    """After File → Examples, the progress bar still said the previous project's "finished after 3
    epochs" (a learner walk): a cleared run clears its line too."""
    win, ui = training_window
    set_run(ui, dense_config(20, [4], 1, "sigmoid"), _data(200), epochs=3, batch_size=32, validation_split=0.2,
            loss="binary_crossentropy", metrics=["accuracy"])
    with qtbot.waitSignal(ui.controller.finished, timeout=30000):
        ui.controls.start()
    bar = ui.controls.trainingProgress
    assert "3" in bar.format() and bar.value() > 0
    ui.controller.clear_run()  # what opening a project does (apply_project)
    assert bar.format() == "idle" and bar.value() == 0
    assert ui.controls.statusLabel.text() == ""


def test_the_metric_plot_reads_like_the_loss_plot(qtbot, training_window):
    """accuracy and val_accuracy were both blue, told apart by a dash, while the loss plot's validation is
    orange (a learner walk): the first metric takes the loss plot's colours."""
    from netbuilder.ui.training.plot_items import TRAIN_RGB, VAL_RGB

    win, ui = training_window
    set_run(ui, dense_config(20, [4], 1, "sigmoid"), _data(200), epochs=2, batch_size=32, validation_split=0.2,
            loss="binary_crossentropy", metrics=["accuracy"])
    with qtbot.waitSignal(ui.controller.finished, timeout=30000):
        ui.controls.start()
    ui.plots.redraw(force=True)
    curves = ui.plots.metric_curves
    assert curves["accuracy"].opts["pen"].color().getRgb()[:3] == TRAIN_RGB
    assert curves["val_accuracy"].opts["pen"].color().getRgb()[:3] == VAL_RGB
    assert ui.plots.val_curve.opts["pen"].color().getRgb()[:3] == VAL_RGB
