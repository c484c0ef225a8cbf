"""Views that train models of their own draw from generators of their own (``run_setup.built_apart``).

The step mode and the cost view's measurement build and train a model on the GUI thread or a
thread of their own; they seeded and drew from the generator a running run draws its dropout
masks and shuffles from, so stepping (or measuring) while a run went changed that run. The step
mode, given the generator its model was built from, is also the run Train would make, step by step.
"""

import copy
import threading

import numpy as np

from netbuilder.core import cost, optimizers, utils
from netbuilder.core.callbacks import Callback
from netbuilder.core.models import model_from_config
from netbuilder.ui.inspect.session import StepSession
from netbuilder.ui.training import data_sources as S
from netbuilder.ui.training import run_setup as RS

SETTINGS = {**RS.default_settings(), "optimizer": {"class_name": "Adam", "config": {"learning_rate": 0.01}},
            "loss": "binary_crossentropy", "metrics": [], "seed": 7}


def _config():
    layers = [{"name": "xy", "class_name": "InputLayer", "config": {"name": "xy", "batch_shape": [None, 2]},
               "inputs": []},
              {"name": "noise", "class_name": "GaussianNoise", "config": {"name": "noise", "stddev": 0.2},
               "inputs": ["xy"]},
              {"name": "h", "class_name": "Dense", "config": {"name": "h", "units": 12, "activation": "relu"},
               "inputs": ["noise"]},
              {"name": "drop", "class_name": "Dropout", "config": {"name": "drop", "rate": 0.4}, "inputs": ["h"]},
              {"name": "out", "class_name": "Dense", "config": {"name": "out", "units": 1, "activation": "sigmoid"},
               "inputs": ["drop"]}]
    return {"class_name": "Functional", "config": {"name": "m", "layers": layers, "inputs": ["xy"],
                                                   "outputs": ["out"]}}


def _headless_weights(config, settings, x, y, epochs, batch_size):
    utils.set_random_seed(int(settings["seed"]))
    model = model_from_config(copy.deepcopy(config))
    model.compile(optimizer=optimizers.get(copy.deepcopy(settings["optimizer"])), loss=settings["loss"])
    model.fit(x, y, epochs=epochs, batch_size=batch_size, shuffle=True, verbose=0)
    return model.get_weights()


def test_step_mode_is_the_run_train_makes():
    """Two epochs taken step by step (an epoch's shuffle drawn with its first batch, as fit does) end
    on the weights of ``fit(epochs=2)`` with the same seed, to the last bit; the shared generator is
    neither seeded nor drawn from meanwhile."""
    g = np.random.default_rng(0)
    x, y = g.normal(size=(40, 2)).astype("float32"), (g.random((40, 1)) > 0.5).astype("float32")
    expected = _headless_weights(_config(), SETTINGS, x, y, epochs=2, batch_size=16)
    utils.set_random_seed(123)
    shared_next = np.random.default_rng(123).random(3)
    model, rng = RS.built_apart(lambda: RS.build_model(_config(), SETTINGS))
    assert RS.run_rng(model) is rng
    session = StepSession(model, x, y, batch_size=16, shuffle=True, rng=rng)
    for _ in range(2 * session.steps_per_epoch - 1):
        session.quick_step()
    session.traced_step()
    assert session.epoch == 2
    for a, b in zip(model.get_weights(), expected):
        np.testing.assert_array_equal(a, b)
    np.testing.assert_array_equal(utils.rng().random(3), shared_next)


def test_run_rng_is_the_generator_the_build_drew_from():
    """After Train's build, ``run_rng`` is the seeded stream past the initial weights, and only the
    run's: drawing from or reseeding the shared generator later (Try it, another build, the
    learning-rate test) does not touch it, and the shared one continues the same sequence."""
    g = np.random.default_rng(1)
    x, y = g.normal(size=(24, 2)).astype("float32"), (g.random((24, 1)) > 0.5).astype("float32")
    expected = _headless_weights(_config(), SETTINGS, x, y, epochs=2, batch_size=8)
    model = RS.build_model(_config(), SETTINGS)
    rng = RS.run_rng(model)
    assert rng is not utils.rng()
    probe = copy.deepcopy(rng)
    np.testing.assert_array_equal(utils.rng().random(10), probe.random(10))  # the same sequence...
    utils.set_random_seed(99)  # ... drawn and reseeded by others before the run draws
    with utils.use_rng(rng):
        model.fit(x, y, epochs=2, batch_size=8, shuffle=True, verbose=0)
    for a, b in zip(model.get_weights(), expected):
        np.testing.assert_array_equal(a, b)
    assert RS.run_rng(model_from_config(_config())) is None


class _Hold(Callback):
    """Holds the run in its thread at the start of epoch 1 until ``release`` is set."""

    def __init__(self, held, release):
        super().__init__()
        self.held, self.release = held, release

    def on_epoch_begin(self, epoch, logs=None):
        if epoch == 1:
            self.held.set()
            self.release.wait(120)  # a safety net against a hung test, not a pass/fail limit


def _held_run(win):
    """The window set for a 3-epoch seeded spiral run whose training thread holds at epoch 2's start
    (``held`` set) until ``release``: ``(training_ui, controller, held, release)``."""
    ui = win.training_ui
    c = ui.controller
    ui.set_graph(_config(), "test")
    ui.dataset_panel.set_data(S.load("playground:spirals", {"samples": 120}))
    ui.config_panel.apply_settings({**{k: SETTINGS[k] for k in ("optimizer", "loss", "seed")},
                                    "epochs": 3, "batch_size": 16, "validation_split": 0.0})
    ui.controls.ask_continue = lambda: False
    held, release = threading.Event(), threading.Event()
    c.run_callbacks.append(lambda: _Hold(held, release))
    return ui, c, held, release


def test_stepping_and_measuring_during_a_run_leave_the_run_alone(qtbot, win, monkeypatch):
    ui, c, held, release = _held_run(win)
    cost_feature = win.feature("cost")
    measuring, measure_go = threading.Event(), threading.Event()
    real_measure = cost_feature.view.measure

    def measure_held(job):  # the measurement's thread waits until the run is under way
        def held_job():
            measuring.set()
            measure_go.wait(120)
            return job()
        real_measure(held_job)

    monkeypatch.setattr(cost_feature.view, "measure", measure_held)
    cost_feature.measure()
    assert measuring.wait(30)
    with qtbot.waitSignal(c.finished, timeout=60000) as blocker:
        assert ui.controls.start()
        assert held.wait(60)  # the run drew epoch 0's shuffle and masks; now the others draw
        measure_go.set()
        step_panel = win.feature("inspect").step_panel
        assert step_panel.run_steps(5), step_panel.status.text()
        cost_feature.view.wait()
        release.set()
    qtbot.waitUntil(lambda: isinstance(cost_feature.view.measured, cost.EpochTime), timeout=30000)
    history = blocker.args[0]["history"]
    model_weights = c.model.get_weights()
    expected = _headless_weights(c.model_config, c.settings, c.data.x_train, c.data.y_train, 3, 16)
    assert len(history["loss"]) == 3
    for a, b in zip(model_weights, expected):
        np.testing.assert_array_equal(a, b)


def test_a_run_draws_only_from_its_own_generator(qtbot, win):
    """Whatever the GUI thread draws from or seeds the shared generator with while a run goes (a
    feature that forgot its own generator, the learning-rate test's ``set_random_seed``), the run is
    the one headless ``fit`` gives with the same seed: the worker fits under ``run_rng(model)``."""
    ui, c, held, release = _held_run(win)
    with qtbot.waitSignal(c.finished, timeout=60000):
        assert ui.controls.start()
        assert held.wait(60)
        utils.rng().random(1000)
        utils.set_random_seed(1)
        utils.rng().random(1000)
        release.set()
    expected = _headless_weights(c.model_config, c.settings, c.data.x_train, c.data.y_train, 3, 16)
    for a, b in zip(c.model.get_weights(), expected):
        np.testing.assert_array_equal(a, b)
