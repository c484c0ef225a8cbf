"""Dot: batch-wise dot products against einsum, cosine with normalize, gradients, errors."""

import numpy as np
import pytest

from netbuilder.core.errors import ConfigError, ShapeError
from netbuilder.core.layers import Dot, Input
from netbuilder.core.testing import check_layer_gradients


def _xy(s1, s2, seed=0, dtype="float64"):
    rs = np.random.default_rng(seed)
    return rs.standard_normal(s1).astype(dtype), rs.standard_normal(s2).astype(dtype)


def test_vectors_give_batch_by_one():
    x, y = _xy((4, 5), (4, 5), dtype="float32")
    out = Dot(axes=1)([x, y])
    assert out.shape == (4, 1)
    np.testing.assert_allclose(out[:, 0], (x * y).sum(axis=1), rtol=1e-5)


@pytest.mark.parametrize(("axes", "s1", "s2", "spec"), [
    ((1, 2), (2, 3, 5), (2, 4, 3), "bkx,byk->bxy"),
    (2, (2, 3, 5), (2, 4, 5), "bxk,byk->bxy"),
    ((2, 1), (2, 3, 5), (2, 5, 4), "bxk,bky->bxy"),
    (-1, (2, 6), (2, 3, 6), "bk,byk->by"),
])
def test_forward_matches_einsum(axes, s1, s2, spec):
    x, y = _xy(s1, s2, seed=1, dtype="float32")
    layer = Dot(axes=axes)
    out = layer([x, y])
    np.testing.assert_allclose(out, np.einsum(spec, x.astype("float64"), y.astype("float64")),
                               rtol=1e-5, atol=1e-5)
    assert layer.compute_output_shape([(None,) + s1[1:], (None,) + s2[1:]]) == (None,) + out.shape[1:]


def test_normalize_gives_cosine_similarity():
    x, y = _xy((3, 4), (3, 4), seed=2, dtype="float32")
    out = Dot(axes=1, normalize=True)([x, y])[:, 0]
    cos = (x * y).sum(1) / (np.linalg.norm(x, axis=1) * np.linalg.norm(y, axis=1))
    np.testing.assert_allclose(out, cos, rtol=1e-5)


@pytest.mark.parametrize("normalize", [False, True])
@pytest.mark.parametrize(("axes", "s1", "s2"), [(1, (2, 4), (2, 4)), ((1, 2), (2, 3, 2), (2, 4, 3)),
                                                (2, (2, 3, 4), (2, 2, 4))])
def test_gradients(axes, s1, s2, normalize):
    check_layer_gradients(Dot(axes=axes, normalize=normalize), list(_xy(s1, s2, seed=3)))


def test_contracted_sizes_must_match():
    with pytest.raises(ShapeError, match=r"\(None, 3\), \(None, 4\).*sizes 3 .* and 4") as info:
        Dot(axes=1, name="dt")([Input(shape=(3,)), Input(shape=(4,))])
    assert info.value.layer == "dt" and info.value.code == "merge_shapes"
    with pytest.raises(ShapeError, match="exactly 2 inputs"):
        Dot(axes=1)([Input(shape=(3,))] * 3)


@pytest.mark.parametrize("axes", [0, (0, 1), (1, 2, 3), "1", 1.0])
def test_bad_axes(axes):
    with pytest.raises(ConfigError, match="axes") as info:
        Dot(axes=axes)
    assert info.value.params["arg"] == "axes"


def test_config_round_trip():
    config = Dot(axes=(1, 2), normalize=True).get_config()
    assert config["axes"] == [1, 2] and config["normalize"] is True
    assert Dot.from_config(config).get_config() == config


def test_in_a_model():
    from netbuilder.core.models import Model

    a, b = Input(shape=(3,)), Input(shape=(3,))
    model = Model([a, b], Dot(axes=1)([a, b]))
    x, y = _xy((5, 3), (5, 3), seed=4, dtype="float32")
    np.testing.assert_allclose(model.predict([x, y], verbose=0)[:, 0], (x * y).sum(1), rtol=1e-5)
