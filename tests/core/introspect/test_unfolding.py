"""The paper ball: each layer's points in the plane, PCA with steady signs, one frame per epoch."""

import numpy as np
import pytest

from netbuilder.core import layers, models, utils
from netbuilder.core.datasets import playground
from netbuilder.core.introspect import UnfoldingRecorder, project
from netbuilder.core.introspect.unfolding import pca_2d


def _net():
    utils.set_random_seed(0)
    model = models.Sequential([layers.Dense(6, activation="tanh", input_shape=(2,), name="wide"),
                               layers.Dense(2, activation="tanh", name="two"),
                               layers.Dense(1, activation="sigmoid", name="out")])
    model.compile(optimizer="adam", loss="binary_crossentropy")
    return model


def test_pca_matches_the_leading_directions_and_keeps_the_signs_of_the_reference():
    rs = np.random.default_rng(0)
    # points spread along (1, 1, 0) a lot, along (0, 0, 1) a little, nothing else
    t, u = rs.standard_normal(200) * 5, rs.standard_normal(200)
    t, u = t - t.mean(), u - u.mean()
    u -= t * (u @ t) / (t @ t)  # exactly uncorrelated: the principal axes are (1, 1, 0) and (0, 0, 1)
    h = np.column_stack([t, t, u]) + 3.0
    pts, explained = pca_2d(h)
    assert explained == pytest.approx(1.0)
    assert abs(abs(np.corrcoef(pts[:, 0], t)[0, 1]) - 1) < 1e-9
    assert abs(abs(np.corrcoef(pts[:, 1], u)[0, 1]) - 1) < 1e-9
    flipped, _ = pca_2d(h, reference=-pts)
    np.testing.assert_allclose(flipped, -pts, atol=1e-9)


def test_project_gives_the_input_and_every_layer_in_the_plane():
    model = _net()
    x, _ = playground.spirals(samples=60, seed=0)
    frames = project(model, x)
    assert [p.method for p in frames] == ["direct", "pca", "direct", "line"]
    np.testing.assert_allclose(frames[0].points, x)
    two = models.Model(model.inputs, model.get_layer("two").output).predict(x, verbose=0)
    np.testing.assert_allclose(frames[2].points, two, rtol=1e-6)
    out = model.predict(x, verbose=0)
    np.testing.assert_allclose(frames[3].points[:, 0], out[:, 0], rtol=1e-6)
    assert 0 < frames[1].explained <= 1
    with pytest.raises(ValueError, match=r"\(60, 3\)"):
        project(model, np.zeros((60, 3)))


def test_recorder_keeps_one_frame_per_epoch_that_follows_training():
    model = _net()
    x, y = playground.spirals(samples=80, seed=1)
    rec = UnfoldingRecorder(x[:40])
    model.fit(x, y.astype("float32"), epochs=3, batch_size=16, verbose=0, callbacks=[rec])
    assert [e for e, _ in rec.frames] == [0, 1, 2]
    last = dict((p.key, p.points) for p in rec.frames[-1][1])
    now = {p.key: p.points for p in project(model, x[:40], rec.frames[-1][1])}
    for key in now:
        np.testing.assert_allclose(last[key], now[key], rtol=1e-6, atol=1e-9)
    first = dict((p.key, p.points) for p in rec.frames[0][1])
    assert not np.allclose(first["two"], last["two"])  # the representation moved with training
