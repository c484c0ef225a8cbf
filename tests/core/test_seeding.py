"""Random streams per thread (``utils.use_rng``) and the features that must not draw from a run's.

The window's runs draw their dropout masks, noise and shuffles in a training thread from the
engine's generator; a copy of the model built on another thread meanwhile (Try it's snapshot) drew
its placeholder weights from the same generator and shifted the run: the same seed gave another
run. Qt-free checks of the mechanism and of that cause.
"""

import threading

import numpy as np
import pytest

from netbuilder.core import layers, utils
from netbuilder.core.models import Sequential
from netbuilder.core.tryit import ModelSnapshot


def _model(noise=False):
    model = Sequential([layers.Input((3,))] + ([layers.GaussianNoise(0.3)] if noise else [])
                       + [layers.Dense(8, activation="relu"), layers.Dropout(0.4), layers.Dense(1)])
    model.compile(optimizer="sgd", loss="mse")
    return model


def _data():
    g = np.random.default_rng(1)
    return g.normal(size=(24, 3)).astype("float32"), g.normal(size=(24, 1)).astype("float32")


def _next_draws(n=4):
    return utils.rng().random(n)


def test_a_snapshot_leaves_the_shared_stream_alone():
    utils.set_random_seed(5)
    model = _model()
    expected = _next_draws()
    utils.set_random_seed(5)
    model = _model()
    snap = ModelSnapshot(model)  # builds a copy: its placeholder weights must come from elsewhere
    np.testing.assert_array_equal(_next_draws(), expected)
    for a, b in zip(snap.copy.get_weights(), model.get_weights()):
        np.testing.assert_array_equal(a, b)


def test_a_block_is_private_to_its_thread():
    utils.set_random_seed(11)
    expected = _next_draws(6)
    utils.set_random_seed(11)
    first = _next_draws(3)
    seen = []

    def other():
        with utils.use_rng(np.random.default_rng(0)):
            utils.set_random_seed(99)  # reseeds only this block's generator
            seen.append(_next_draws(50))
            _model().fit(*_data(), epochs=1, batch_size=8, verbose=0)  # draws weights, masks, shuffles

    t = threading.Thread(target=other)
    t.start()
    t.join()
    np.testing.assert_array_equal(np.concatenate([first, _next_draws(3)]), expected)
    np.testing.assert_array_equal(seen[0], np.random.default_rng(99).random(50))


def test_blocks_nest_and_none_changes_nothing():
    utils.set_random_seed(2)
    shared = utils.rng()
    outer, inner = np.random.default_rng(1), np.random.default_rng(2)
    with utils.use_rng(outer) as got:
        assert got is outer and utils.rng() is outer and utils.make_rng(None) is outer
        with utils.use_rng(inner):
            assert utils.rng() is inner
        with utils.use_rng(None) as same:
            assert same is outer
        assert utils.rng() is outer
    assert utils.rng() is shared
    with pytest.raises(TypeError, match="Generator"):
        with utils.use_rng(3):
            pass


def test_a_seeded_block_gives_the_run_set_random_seed_gives():
    """``use_rng(default_rng(s))`` around build and fit = ``set_random_seed(s)`` then build and fit,
    to the last bit (dropout, noise, shuffling, the validation split), whatever the shared stream
    does meanwhile; ``set_random_seed`` inside the block restarts the block's stream."""
    x, y = _data()
    kw = {"epochs": 3, "batch_size": 8, "validation_split": 0.25, "verbose": 0}
    utils.set_random_seed(4)
    expected = _model(noise=True).fit(x, y, **kw).history
    utils.set_random_seed(123)
    with utils.use_rng(np.random.default_rng(4)):
        assert _model(noise=True).fit(x, y, **kw).history == expected
    with utils.use_rng(np.random.default_rng(0)):
        _next_draws()
        utils.set_random_seed(4)
        assert _model(noise=True).fit(x, y, **kw).history == expected
    utils.set_random_seed(5)  # the comparison can fail: another seed, another run
    assert _model(noise=True).fit(x, y, **kw).history["loss"] != expected["loss"]


def test_take_rng_leaves_a_copy_in_the_same_state():
    utils.set_random_seed(8)
    utils.rng().random(3)
    expected = np.random.default_rng(8).random(13)[3:]
    taken = utils.take_rng()
    assert taken is not utils.rng()
    np.testing.assert_array_equal(utils.rng().random(10), expected)  # the thread's copy ...
    np.testing.assert_array_equal(taken.random(10), expected)  # ... did not advance the taken one
    with utils.use_rng(np.random.default_rng(8)) as block:
        taken = utils.take_rng()
        assert taken is block and utils.rng() is not block
    np.testing.assert_array_equal(taken.random(3), np.random.default_rng(8).random(3))
