"""Losses: values against written-out formulas and Keras's documented numbers, float64
finite-difference gradients (with and without sample weights), fused softmax/sigmoid gradients
against the chain rule, ``get()`` for every name and alias, config round trips, clear errors."""

import numpy as np
import pytest

from netbuilder.core import losses as L
from netbuilder.core.errors import DataError
from netbuilder.core.registry import LOSSES
from netbuilder.core.testing import check_gradient, numeric_gradient

EPS = 1e-7
RS = np.random.default_rng(1234)


# ---------------------------------------------------------------------- reference formulas
def ref_mse(t, y):
    return ((t - y) ** 2).mean(-1)


def ref_mae(t, y):
    return np.abs(t - y).mean(-1)


def ref_mape(t, y):
    return 100.0 * (np.abs(t - y) / np.maximum(np.abs(t), EPS)).mean(-1)


def ref_msle(t, y):
    return ((np.log1p(np.maximum(y, EPS)) - np.log1p(np.maximum(t, EPS))) ** 2).mean(-1)


def ref_huber(t, y, delta=1.0):
    e = y - t
    return np.where(np.abs(e) <= delta, 0.5 * e ** 2, delta * np.abs(e) - 0.5 * delta ** 2).mean(-1)


def ref_log_cosh(t, y):
    return np.log(np.cosh(y - t)).mean(-1)


def ref_cosine(t, y):
    return -(t * y).sum(-1) / (np.linalg.norm(t, axis=-1) * np.linalg.norm(y, axis=-1))


def ref_bce(t, y, ls=0.0):
    t = t * (1 - ls) + 0.5 * ls
    p = np.clip(y, EPS, 1 - EPS)
    return -(t * np.log(p) + (1 - t) * np.log(1 - p)).mean(-1)


def ref_bce_logits(t, z, ls=0.0):
    return ref_bce(t, 1.0 / (1.0 + np.exp(-z)), ls)


def ref_cce(t, y, ls=0.0):
    t = t * (1 - ls) + ls / t.shape[-1]
    p = np.clip(y / y.sum(-1, keepdims=True), EPS, 1 - EPS)
    return -(t * np.log(p)).sum(-1)


def softmax(z):
    e = np.exp(z - z.max(-1, keepdims=True))
    return e / e.sum(-1, keepdims=True)


def ref_cce_logits(t, z, ls=0.0):
    t = t * (1 - ls) + ls / t.shape[-1]
    return -(t * np.log(softmax(z))).sum(-1)


def ref_kld(t, y):
    t, y = np.clip(t, EPS, 1), np.clip(y, EPS, 1)
    return (t * np.log(t / y)).sum(-1)


def ref_poisson(t, y):
    return (y - t * np.log(y + EPS)).mean(-1)


def _pm1(t):
    return 2 * t - 1 if np.all((t == 0) | (t == 1)) else t


def ref_hinge(t, y):
    return np.maximum(1 - _pm1(t) * y, 0).mean(-1)


def ref_squared_hinge(t, y):
    return (np.maximum(1 - _pm1(t) * y, 0) ** 2).mean(-1)


def ref_categorical_hinge(t, y):
    return np.maximum(((1 - t) * y).max(-1) - (t * y).sum(-1) + 1, 0)


# ---------------------------------------------------------------------- data
N, C = 6, 4


def onehot(lab, c=C):
    return np.eye(c)[lab]


def d_normal():
    return RS.normal(size=(N, C)), RS.normal(size=(N, C))


def d_mape():
    return RS.uniform(0.5, 2, (N, C)) * RS.choice([-1, 1], (N, C)), RS.normal(size=(N, C))


def d_positive():
    return RS.uniform(0.1, 3, (N, C)), RS.uniform(0.1, 3, (N, C))


def d_binary():
    return RS.integers(0, 2, (N, C)).astype(float), RS.uniform(0.05, 0.95, (N, C))


def d_onehot():
    # unnormalised positive predictions exercise the y / sum(y) step of Keras's crossentropy
    return onehot(RS.integers(0, C, N)), RS.uniform(0.1, 1.0, (N, C))


def d_dist():
    a, b = RS.uniform(0.1, 1, (N, C)), RS.uniform(0.1, 1, (N, C))
    return a / a.sum(-1, keepdims=True), b / b.sum(-1, keepdims=True)


def d_poisson():
    return RS.poisson(2.0, (N, C)).astype(float), RS.uniform(0.5, 3, (N, C))


def d_pm1():
    return RS.choice([-1.0, 1.0], (N, C)), RS.normal(size=(N, C))


def d_onehot_scores():
    return onehot(RS.integers(0, C, N)), RS.normal(size=(N, C))


# (function name, Loss factory, data, reference per-sample formula)
CASES = [
    ("mean_squared_error", L.MeanSquaredError, d_normal, ref_mse),
    ("mean_absolute_error", L.MeanAbsoluteError, d_normal, ref_mae),
    ("mean_absolute_percentage_error", L.MeanAbsolutePercentageError, d_mape, ref_mape),
    ("mean_squared_logarithmic_error", L.MeanSquaredLogarithmicError, d_positive, ref_msle),
    ("huber", L.Huber, d_normal, ref_huber),
    ("log_cosh", L.LogCosh, d_normal, ref_log_cosh),
    ("cosine_similarity", L.CosineSimilarity, d_normal, ref_cosine),
    ("binary_crossentropy", L.BinaryCrossentropy, d_binary, ref_bce),
    ("categorical_crossentropy", L.CategoricalCrossentropy, d_onehot, ref_cce),
    ("kl_divergence", L.KLDivergence, d_dist, ref_kld),
    ("poisson", L.Poisson, d_poisson, ref_poisson),
    ("hinge", L.Hinge, d_pm1, ref_hinge),
    ("squared_hinge", L.SquaredHinge, d_pm1, ref_squared_hinge),
    ("categorical_hinge", L.CategoricalHinge, d_onehot_scores, ref_categorical_hinge),
]
IDS = [c[0] for c in CASES]


# ---------------------------------------------------------------------- values
@pytest.mark.parametrize("name,cls,data,ref", CASES, ids=IDS)
def test_value_matches_formula(name, cls, data, ref):
    t, y = data()
    expected = ref(t, y)
    fn = LOSSES.lookup(name)
    np.testing.assert_allclose(fn(t, y), expected, rtol=1e-10, atol=1e-12)
    loss = cls()
    assert loss(t, y) == pytest.approx(expected.mean(), rel=1e-10)
    sw = RS.uniform(0.2, 2.0, N)
    assert loss(t, y, sample_weight=sw) == pytest.approx((expected * sw).sum() / N, rel=1e-10)


def test_sparse_value_matches_categorical():
    lab = RS.integers(0, C, N)
    y = RS.uniform(0.1, 1.0, (N, C))
    expected = ref_cce(onehot(lab), y)
    np.testing.assert_allclose(L.sparse_categorical_crossentropy(lab, y), expected, rtol=1e-10)
    assert L.SparseCategoricalCrossentropy()(lab[:, None], y) == pytest.approx(expected.mean(), rel=1e-10)


def test_keras_documented_values():
    y_true = np.array([[0, 1, 0], [0, 0, 1]], "float32")
    y_pred = np.array([[0.05, 0.95, 0], [0.1, 0.8, 0.1]], "float32")
    # Keras CategoricalCrossentropy docstring: 1.177, weighted 0.814, sum 2.354, none [0.0513, 2.303]
    assert L.CategoricalCrossentropy()(y_true, y_pred) == pytest.approx(1.177, abs=1e-3)
    assert L.CategoricalCrossentropy()(y_true, y_pred, sample_weight=[0.3, 0.7]) == pytest.approx(0.814, abs=1e-3)
    assert L.CategoricalCrossentropy(reduction="sum")(y_true, y_pred) == pytest.approx(2.354, abs=1e-3)
    np.testing.assert_allclose(L.CategoricalCrossentropy(reduction=None)(y_true, y_pred), [0.0513, 2.303],
                               atol=1e-3)
    assert L.SparseCategoricalCrossentropy()([1, 2], y_pred) == pytest.approx(1.177, abs=1e-3)
    # by hand: -log(0.95) = 0.0513, -log(0.1) = 2.3026
    np.testing.assert_allclose(L.categorical_crossentropy(y_true, y_pred), [-np.log(0.95), -np.log(0.1)],
                               rtol=1e-5)
    # binary_crossentropy docstring: [0.916, 0.714]
    bce = L.binary_crossentropy([[0, 1], [0, 0]], [[0.6, 0.4], [0.4, 0.6]])
    np.testing.assert_allclose(bce, [0.916, 0.714], atol=1e-3)
    np.testing.assert_allclose(bce, [-(np.log(0.4) + np.log(0.4)) / 2, -(np.log(0.6) + np.log(0.4)) / 2])
    # huber docstring 0.155 = mean(0.5*.36 ... ); log_cosh docstring 0.108
    assert L.Huber()([[0, 1], [0, 0]], [[0.6, 0.4], [0.4, 0.6]]) == pytest.approx(0.155, abs=1e-3)
    assert L.LogCosh()([[0.0, 1.0], [0.0, 0.0]], [[1.0, 1.0], [0.0, 0.0]]) == pytest.approx(0.108, abs=1e-3)
    # cosine_similarity docstring: [-0, -0.99999994, 0.99999994]
    np.testing.assert_allclose(L.cosine_similarity([[0.0, 1.0], [1.0, 1.0], [1.0, 1.0]],
                                                   [[1.0, 0.0], [1.0, 1.0], [-1.0, -1.0]]), [0, -1, 1], atol=1e-6)
    # hand-worked: MSE of [[0,1],[0,0]] vs [[1,1],[1,0]] = mean(0.5, 0.5); MAE the same
    assert L.MeanSquaredError()([[0, 1], [0, 0]], [[1, 1], [1, 0]]) == pytest.approx(0.5)
    assert L.MeanAbsoluteError()([[0, 1], [0, 0]], [[1, 1], [1, 0]]) == pytest.approx(0.5)
    # hinge with 0/1 labels converted to -1/1: t=[1,-1], y=[0.5,0.5] → mean(0.5, 1.5) = 1
    assert L.Hinge()([[1, 0]], [[0.5, 0.5]]) == pytest.approx(1.0)


def test_variants_against_formulas():
    t, y = d_binary()
    z = RS.normal(size=(N, C))
    np.testing.assert_allclose(L.binary_crossentropy(t, y, label_smoothing=0.2), ref_bce(t, y, 0.2), rtol=1e-10)
    np.testing.assert_allclose(L.binary_crossentropy(t, z, from_logits=True), ref_bce_logits(t, z), rtol=1e-9)
    to, yo = d_onehot()
    np.testing.assert_allclose(L.categorical_crossentropy(to, yo, label_smoothing=0.1), ref_cce(to, yo, 0.1),
                               rtol=1e-10)
    np.testing.assert_allclose(L.categorical_crossentropy(to, z, from_logits=True), ref_cce_logits(to, z),
                               rtol=1e-10)
    lab = to.argmax(-1)
    np.testing.assert_allclose(L.sparse_categorical_crossentropy(lab, z, from_logits=True),
                               ref_cce_logits(to, z), rtol=1e-10)
    tn, yn = d_normal()
    np.testing.assert_allclose(L.huber(tn, yn, delta=0.5), ref_huber(tn, yn, 0.5), rtol=1e-12)
    # huge logits stay finite (stable softplus / log-softmax)
    assert np.isfinite(L.binary_crossentropy([[1.0, 0.0]], [[-1000.0, 1000.0]], from_logits=True)).all()
    assert np.isfinite(L.categorical_crossentropy([[1.0, 0.0]], [[-1000.0, 1000.0]], from_logits=True)).all()
    # clipping at eps: a zero probability for the true class gives -log(eps)
    assert L.categorical_crossentropy([[1.0, 0.0]], [[0.0, 1.0]])[0] == pytest.approx(-np.log(EPS), rel=1e-6)


def test_reductions():
    t, y = d_normal()
    per = ref_mse(t, y)
    sw = RS.uniform(0.2, 2.0, N)
    assert L.MeanSquaredError(reduction="sum")(t, y, sw) == pytest.approx((per * sw).sum())
    assert L.MeanSquaredError(reduction="mean")(t, y, sw) == pytest.approx((per * sw).sum() / N)
    assert L.MeanSquaredError(reduction="mean_with_sample_weight")(t, y, sw) == pytest.approx(
        (per * sw).sum() / sw.sum())
    np.testing.assert_allclose(L.MeanSquaredError(reduction=None)(t, y, sw), per * sw)
    with pytest.raises(ValueError, match="reduction"):
        L.MeanSquaredError(reduction="average")


def test_rank_one_labels_do_not_broadcast():
    y = RS.uniform(0.05, 0.95, (N, 1))
    t = RS.integers(0, 2, N).astype(float)
    assert L.BinaryCrossentropy()(t, y) == pytest.approx(ref_bce(t[:, None], y).mean())
    assert L.MeanSquaredError()(t, y) == pytest.approx(ref_mse(t[:, None], y).mean())
    assert L.BinaryCrossentropy().gradient(t, y).shape == (N, 1)


def test_sequence_outputs_with_sample_weight():
    t = RS.normal(size=(3, 5, 2))
    y = RS.normal(size=(3, 5, 2))
    sw = np.array([1.0, 0.0, 2.0])
    per = ref_mse(t, y)  # (3, 5)
    assert L.MeanSquaredError()(t, y, sw) == pytest.approx((per * sw[:, None]).sum() / per.size)
    loss = L.MeanSquaredError()
    check_gradient(lambda a: loss(t, a, sw), lambda a, r: r * loss.gradient(t, a, sw), y)


def test_float32_hot_path():
    t, y = d_onehot()
    t32, y32 = t.astype("float32"), y.astype("float32")
    for loss in (L.CategoricalCrossentropy(), L.MeanSquaredError(), L.BinaryCrossentropy()):
        g = loss.gradient(t32, y32)
        assert g.dtype == np.float32 and g.shape == y32.shape
    g = L.SparseCategoricalCrossentropy().gradient(t.argmax(-1), y32)
    assert g.dtype == np.float32
    g = L.CategoricalCrossentropy().fused_gradient(t32, softmax(y32).astype("float32"), "softmax")
    assert g.dtype == np.float32


# ---------------------------------------------------------------------- gradients
def _check(loss, t, y, sw=None):
    check_gradient(lambda a: loss(t, a, sw), lambda a, r: r * loss.gradient(t, a, sw), y,
                   what=f"{loss.name} gradient")


@pytest.mark.parametrize("weighted", [False, True], ids=["plain", "weighted"])
@pytest.mark.parametrize("name,cls,data,ref", CASES, ids=IDS)
def test_gradient(name, cls, data, ref, weighted):
    t, y = data()
    sw = RS.uniform(0.2, 2.0, N) if weighted else None
    _check(cls(), t, y, sw)


@pytest.mark.parametrize("weighted", [False, True], ids=["plain", "weighted"])
@pytest.mark.parametrize("loss", [
    L.BinaryCrossentropy(label_smoothing=0.2),
    L.BinaryCrossentropy(from_logits=True),
    L.BinaryCrossentropy(from_logits=True, label_smoothing=0.1),
    L.CategoricalCrossentropy(label_smoothing=0.1),
    L.CategoricalCrossentropy(from_logits=True),
    L.CategoricalCrossentropy(from_logits=True, label_smoothing=0.3),
    L.Huber(delta=0.5),
    L.MeanSquaredError(reduction="sum"),
    L.MeanSquaredError(reduction="mean_with_sample_weight"),
    L.Hinge(),  # 0/1 labels converted to -1/1
], ids=lambda l: f"{type(l).__name__}{l.get_config()}")
def test_gradient_variants(loss, weighted):
    sw = RS.uniform(0.2, 2.0, N) if weighted else None
    name = type(loss).__name__
    if name in ("BinaryCrossentropy", "Hinge"):
        t, y = d_binary()
        if getattr(loss, "from_logits", False) or name == "Hinge":
            y = RS.normal(size=(N, C))
    elif name == "CategoricalCrossentropy":
        t, y = d_onehot()
        if loss.from_logits:
            y = RS.normal(size=(N, C))
    else:
        t, y = d_normal()
    _check(loss, t, y, sw)


@pytest.mark.parametrize("weighted", [False, True], ids=["plain", "weighted"])
@pytest.mark.parametrize("from_logits", [False, True])
def test_sparse_gradient(from_logits, weighted):
    lab = RS.integers(0, C, N)
    y = RS.normal(size=(N, C)) if from_logits else RS.uniform(0.1, 1.0, (N, C))
    sw = RS.uniform(0.2, 2.0, N) if weighted else None
    loss = L.SparseCategoricalCrossentropy(from_logits=from_logits)
    _check(loss, lab, y, sw)
    # (n, 1) labels give the same gradient
    np.testing.assert_allclose(loss.gradient(lab[:, None], y, sw), loss.gradient(lab, y, sw))


def test_sparse_ignore_class():
    lab = np.array([0, -1, 2, 1, -1, 3])
    y = RS.uniform(0.1, 1.0, (N, C))
    loss = L.SparseCategoricalCrossentropy(ignore_class=-1)
    valid = lab != -1
    per = ref_cce(onehot(np.where(valid, lab, 0)), y) * valid
    # Keras masks ignored samples: the mean runs over the valid ones
    assert loss(lab, y) == pytest.approx(per.sum() / valid.sum())
    sw = RS.uniform(0.2, 2.0, N)
    assert loss(lab, y, sw) == pytest.approx((per * sw).sum() / valid.sum())
    _check(loss, lab, y)
    _check(loss, lab, y, sw)
    g = loss.gradient(lab, y)
    assert np.all(g[~valid] == 0) and np.any(g[valid] != 0)
    fused = loss.fused_gradient(lab, softmax(y), "softmax")
    assert np.all(fused[~valid] == 0)


def test_clipped_region_has_zero_gradient():
    # predictions beyond [eps, 1 - eps] are clipped: the computed value does not depend on them
    t = np.array([[1.0, 0.0, 1.0]])
    y = np.array([[1e-12, 1e-12, 1.0]])
    loss = L.BinaryCrossentropy()
    g = loss.gradient(t, y)
    assert np.all(g == 0)
    numeric = numeric_gradient(lambda: loss(t, y), y, h=1e-14)
    np.testing.assert_array_equal(numeric, 0.0)
    kld = L.KLDivergence()
    assert np.all(kld.gradient([[0.5, 0.5]], np.array([[1e-12, 0.7]]))[0, 0] == 0)


# ---------------------------------------------------------------------- fused gradients
def _fused_cases():
    lab = RS.integers(0, C, N)
    return [
        (L.CategoricalCrossentropy(), onehot(lab), "softmax"),
        (L.CategoricalCrossentropy(label_smoothing=0.2), onehot(lab), "softmax"),
        (L.SparseCategoricalCrossentropy(), lab, "softmax"),
        (L.SparseCategoricalCrossentropy(), lab[:, None], "softmax"),
        (L.BinaryCrossentropy(), RS.integers(0, 2, (N, C)).astype(float), "sigmoid"),
        (L.BinaryCrossentropy(label_smoothing=0.1), RS.integers(0, 2, (N, C)).astype(float), "sigmoid"),
    ]


@pytest.mark.parametrize("weighted", [False, True], ids=["plain", "weighted"])
@pytest.mark.parametrize("case", range(6))
def test_fused_equals_chain_rule(case, weighted):
    loss, t, act = _fused_cases()[case]
    z = RS.normal(size=(N, C))
    sw = RS.uniform(0.2, 2.0, N) if weighted else None
    f = softmax if act == "softmax" else (lambda a: 1.0 / (1.0 + np.exp(-a)))
    y = f(z)
    fused = loss.fused_gradient(t, y, act, sw)
    g = loss.gradient(t, y, sw)
    if act == "softmax":
        chain = y * (g - (g * y).sum(-1, keepdims=True))
    else:
        chain = g * y * (1 - y)
    np.testing.assert_allclose(fused, chain, rtol=1e-7, atol=1e-12)
    numeric = numeric_gradient(lambda: loss(t, f(z), sw), z)
    np.testing.assert_allclose(fused, numeric, rtol=1e-5, atol=1e-8)
    if isinstance(loss, L.CategoricalCrossentropy) and sw is None:
        # one-hot labels: (y_pred - y_true_smoothed) / n
        ts = t * (1 - loss.label_smoothing) + loss.label_smoothing / C
        np.testing.assert_allclose(fused, (y - ts) / N, rtol=1e-10)


def test_fused_learns_where_clipping_kills_the_chain_rule():
    # a confidently wrong softmax: the true class has p < eps, so the clipped loss is flat there
    z = np.array([[40.0, 0.0, 0.0]])
    y = softmax(z)
    t = np.array([[0.0, 1.0, 0.0]])
    loss = L.CategoricalCrossentropy()
    g = loss.gradient(t, y)
    chain = y * (g - (g * y).sum(-1, keepdims=True))
    fused = loss.fused_gradient(t, y, "softmax")
    assert np.abs(chain).max() < 1e-6
    np.testing.assert_allclose(fused, y - t)


def test_fused_not_available():
    t, y = d_onehot()
    assert L.CategoricalCrossentropy(from_logits=True).fused_gradient(t, y, "softmax") is None
    assert L.CategoricalCrossentropy().fused_gradient(t, y, "sigmoid") is None
    assert L.BinaryCrossentropy().fused_gradient(t, y, "softmax") is None
    assert L.BinaryCrossentropy(from_logits=True).fused_gradient(t, y, "sigmoid") is None
    assert L.SparseCategoricalCrossentropy(from_logits=True).fused_gradient(t.argmax(-1), y, "softmax") is None
    assert L.MeanSquaredError().fused_gradient(t, y, "softmax") is None


# ---------------------------------------------------------------------- get / config
ALIASES = {"mse": L.MeanSquaredError, "MSE": L.MeanSquaredError, "mae": L.MeanAbsoluteError,
           "MAE": L.MeanAbsoluteError, "mape": L.MeanAbsolutePercentageError,
           "MAPE": L.MeanAbsolutePercentageError, "msle": L.MeanSquaredLogarithmicError,
           "MSLE": L.MeanSquaredLogarithmicError, "bce": L.BinaryCrossentropy, "BCE": L.BinaryCrossentropy,
           "kld": L.KLDivergence, "KLD": L.KLDivergence, "kullback_leibler_divergence": L.KLDivergence,
           "logcosh": L.LogCosh}


def test_get_every_name_and_alias():
    names = {c[0]: c[1] for c in CASES}
    names["sparse_categorical_crossentropy"] = L.SparseCategoricalCrossentropy
    for name, cls in {**names, **ALIASES}.items():
        assert type(L.get(name)) is cls, name
    for cls in set(names.values()):
        assert type(L.get(cls.__name__)) is cls
        assert type(L.get(cls)) is cls
    for name, cls in names.items():
        assert type(L.get(LOSSES.lookup(name))) is cls  # the function object itself
    assert set(L.FUNCTION_TO_CLASS) == set(names)
    assert set(LOSSES.aliases()) >= set(ALIASES)
    inst = L.Huber(delta=2.0)
    assert L.get(inst) is inst
    assert L.get(None) is None
    loss = L.get({"class_name": "CategoricalCrossentropy", "config": {"from_logits": True}})
    assert isinstance(loss, L.CategoricalCrossentropy) and loss.from_logits
    assert L.get("huber").name == "huber_loss"


def test_get_errors():
    with pytest.raises(ValueError, match="Did you mean 'categorical_crossentropy'"):
        L.get("categorical_crossentropie")
    with pytest.raises(ValueError, match="has no gradient"):
        L.get(lambda t, y: (t - y) ** 2)
    with pytest.raises(TypeError):
        L.get(3)


@pytest.mark.parametrize("loss", [
    L.MeanSquaredError(name="m", reduction="sum"), L.MeanAbsoluteError(), L.MeanAbsolutePercentageError(),
    L.MeanSquaredLogarithmicError(), L.Huber(delta=0.3), L.LogCosh(), L.CosineSimilarity(axis=1),
    L.BinaryCrossentropy(from_logits=True, label_smoothing=0.1, axis=-1),
    L.CategoricalCrossentropy(label_smoothing=0.2, reduction="mean_with_sample_weight"),
    L.SparseCategoricalCrossentropy(from_logits=True, ignore_class=255), L.KLDivergence(), L.Poisson(),
    L.Hinge(), L.SquaredHinge(), L.CategoricalHinge(reduction=None),
], ids=lambda l: type(l).__name__)
def test_config_round_trip(loss):
    config = loss.get_config()
    clone = type(loss).from_config(config)
    assert clone.get_config() == config
    again = L.get(L.serialize(loss))
    assert type(again) is type(loss) and again.get_config() == config


def test_keras_constructor_defaults():
    bce = L.BinaryCrossentropy()
    assert (bce.from_logits, bce.label_smoothing, bce.axis, bce.reduction, bce.name) == (
        False, 0.0, -1, "sum_over_batch_size", "binary_crossentropy")
    scce = L.SparseCategoricalCrossentropy()
    assert (scce.from_logits, scce.ignore_class) == (False, None)
    assert L.Huber().delta == 1.0
    assert L.CosineSimilarity().axis == -1
    assert L.KLDivergence().name == "kl_divergence" and L.LogCosh().name == "log_cosh"


# ---------------------------------------------------------------------- clear errors
def test_integer_labels_with_categorical_crossentropy():
    loss = L.CategoricalCrossentropy()
    msg = ("labels look like integer class ids; use sparse_categorical_crossentropy or one-hot encode them "
           "with to_categorical")
    for yt in [(32,), (32, 1)]:
        with pytest.raises(DataError, match=msg) as info:
            loss.check_targets(yt, (32, 10))
        assert info.value.code == "loss_shape"
        assert str(yt) in str(info.value) and "(32, 10)" in str(info.value)
    with pytest.raises(DataError, match="integer class ids"):
        loss(np.array([1, 2]), np.full((2, 10), 0.1))
    loss.check_targets((32, 10), (None, 10))  # fine


def test_one_hot_labels_with_sparse():
    loss = L.SparseCategoricalCrossentropy()
    with pytest.raises(DataError, match="one-hot encoded; use categorical_crossentropy"):
        loss.check_targets((32, 10), (32, 10))
    with pytest.raises(DataError, match="use categorical_crossentropy"):
        loss(np.eye(10)[:3], np.full((3, 10), 0.1))
    loss.check_targets((32,), (32, 10))
    loss.check_targets((32, 1), (32, 10))


def test_integer_labels_with_binary_crossentropy_on_softmax():
    with pytest.raises(DataError, match="sparse_categorical_crossentropy") as info:
        L.BinaryCrossentropy().check_targets((32,), (32, 10))
    assert "(32,)" in str(info.value) and "(32, 10)" in str(info.value)
    L.BinaryCrossentropy().check_targets((32,), (32, 1))
    L.BinaryCrossentropy().check_targets((32, 5), (32, 5))  # multi-label
    with pytest.raises(DataError, match=r"labels must lie in \[0, 1\], got values from 0 to 9"):
        L.BinaryCrossentropy().check_target_values(np.arange(10.0), (10, 1))


def test_shape_mismatch_names_both_shapes():
    with pytest.raises(DataError, match=r"labels of shape \(8, 3\) do not fit predictions of shape \(8, 2\)"):
        L.MeanSquaredError().check_targets((8, 3), (8, 2))
    L.MeanSquaredError().check_targets((8,), (8, 1))
    L.MeanSquaredError().check_targets((8, 1), (None, 1))
    with pytest.raises(DataError, match=r"\(8, 5\).*\(8, 4\)"):
        L.CategoricalCrossentropy().check_targets((8, 5), (8, 4))
    with pytest.raises(DataError, match=r"\(8, 2\).*\(8, 5, 3\)"):
        L.SparseCategoricalCrossentropy().check_targets((8, 2), (8, 5, 3))


def test_sparse_label_out_of_range():
    loss = L.SparseCategoricalCrossentropy()
    y = np.full((3, 10), 0.1, "float32")
    with pytest.raises(DataError, match="label 10 is out of range for 10 classes") as info:
        loss(np.array([1, 10, 3]), y)
    assert info.value.params["value"] == 10
    with pytest.raises(DataError, match="label -2"):
        loss.gradient(np.array([1, -2, 3]), y)
    with pytest.raises(DataError, match="label 12"):
        loss.check_target_values(np.array([0, 12]), (None, 10))
    with pytest.raises(DataError, match="integer class ids"):
        loss.check_target_values(np.array([0.5, 1.0]), (None, 10))
    # ignore_class values are exempt from the range check
    L.SparseCategoricalCrossentropy(ignore_class=255)(np.array([1, 255, 3]), y)


def test_one_unit_categorical_warns():
    with pytest.warns(UserWarning, match="binary_crossentropy"):
        L.CategoricalCrossentropy().check_targets((4, 1), (4, 1))
