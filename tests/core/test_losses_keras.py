"""Every loss against real Keras 3 (JAX backend): the reduced value, its gradient w.r.t. ``y_pred``
(``jax.grad`` through the Keras loss) and, for the crossentropies, the fused gradient w.r.t. the
logits of a sigmoid/softmax output (``jax.grad`` through ``loss(y, activation(z))``), over label
shapes, sample weights, reductions, ``from_logits``, label smoothing and ``ignore_class``.

``test_losses.py`` pins hand-worked values; here Keras is the reference for the many paths between
(label ranks squeezed or expanded, masks merged into weights, the denominators of each reduction).
Written to kill the mutants ``benchmarks/mutation.py losses`` found surviving.
"""

from __future__ import annotations

import jax
import jax.numpy as jnp
import keras
import numpy as np
import pytest

from netbuilder.core import losses as L
from netbuilder.core.errors import ConfigError, DataError

N, C = 6, 4
RNG = np.random.default_rng(23)
PROBS = jax.nn.softmax(RNG.normal(size=(N, C))).astype("float32")
PROBS = np.asarray(PROBS)
SIG = np.asarray(jax.nn.sigmoid(RNG.normal(size=(N, C)))).astype("float32")
REAL = RNG.normal(size=(N, C)).astype("float32")
POS = np.abs(REAL) + 0.1
ONEHOT = np.eye(C, dtype="float32")[RNG.integers(0, C, N)]
BITS = (RNG.random((N, C)) > 0.5).astype("float32")
IDS = np.array([0, 3, 1, 2, 3, 0])
SIGNS = np.where(BITS > 0, 1.0, -1.0).astype("float32")
W = np.array([1.0, 0.0, 2.0, 0.5, 1.5, 3.0], "float32")

# (id, class name, config, y_true, y_pred)
CASES = [
    ("mse", "MeanSquaredError", {}, REAL[::-1].copy(), REAL),
    ("mse_rank1_labels", "MeanSquaredError", {}, REAL[:, 0].copy(), REAL[:, :1].copy()),
    ("mse_rank1_both", "MeanSquaredError", {}, REAL[:, 0].copy(), REAL[:, 1].copy()),
    ("mse_labels_with_extra_axis", "MeanSquaredError", {}, REAL[:, :, None].copy(), REAL[::-1].copy()),
    ("mae", "MeanAbsoluteError", {}, REAL[::-1].copy(), REAL),
    ("mape", "MeanAbsolutePercentageError", {}, POS[::-1].copy(), POS),
    ("msle", "MeanSquaredLogarithmicError", {}, POS[::-1].copy(), POS),
    ("huber", "Huber", {"delta": 0.7}, REAL[::-1].copy(), REAL),
    ("log_cosh", "LogCosh", {}, REAL[::-1].copy(), REAL),
    ("cosine", "CosineSimilarity", {}, REAL[::-1].copy(), REAL),
    ("cosine_axis0", "CosineSimilarity", {"axis": 0}, REAL[::-1].copy(), REAL),
    ("hinge", "Hinge", {}, SIGNS, REAL),
    ("hinge_01_labels", "Hinge", {}, BITS, REAL),
    ("squared_hinge", "SquaredHinge", {}, BITS, REAL),
    ("categorical_hinge", "CategoricalHinge", {}, ONEHOT, REAL),
    ("kld", "KLDivergence", {}, PROBS[::-1].copy(), PROBS),
    ("poisson", "Poisson", {}, POS[::-1].copy(), POS),
    ("bce", "BinaryCrossentropy", {}, BITS, SIG),
    ("bce_rank1", "BinaryCrossentropy", {}, BITS[:, 0].copy(), SIG[:, :1].copy()),
    ("bce_logits_smoothing", "BinaryCrossentropy", {"from_logits": True, "label_smoothing": 0.2}, BITS, REAL),
    ("bce_axis0", "BinaryCrossentropy", {"axis": 0, "label_smoothing": 0.1}, BITS, SIG),
    ("cce", "CategoricalCrossentropy", {}, ONEHOT, PROBS),
    ("cce_smoothing", "CategoricalCrossentropy", {"label_smoothing": 0.3}, ONEHOT, PROBS),
    ("cce_logits", "CategoricalCrossentropy", {"from_logits": True, "label_smoothing": 0.1}, ONEHOT, REAL),
    ("cce_axis0", "CategoricalCrossentropy", {"axis": 0}, ONEHOT, PROBS),
    ("sparse", "SparseCategoricalCrossentropy", {}, IDS, PROBS),
    ("sparse_column_labels", "SparseCategoricalCrossentropy", {}, IDS[:, None].copy(), PROBS),
    ("sparse_float_labels", "SparseCategoricalCrossentropy", {}, IDS.astype("float32"), PROBS),
    ("sparse_logits", "SparseCategoricalCrossentropy", {"from_logits": True}, IDS, REAL),
    ("sparse_ignore", "SparseCategoricalCrossentropy", {"ignore_class": 3}, IDS, PROBS),
    ("sparse_ignore_minus_one", "SparseCategoricalCrossentropy", {"ignore_class": -1, "from_logits": True},
     np.array([0, -1, 1, 2, -1, 0]), REAL),
]
REDUCTIONS = ["sum_over_batch_size", "sum", "mean_with_sample_weight", None]


def _keras_loss(name, config, reduction):
    return getattr(keras.losses, name)(**config, reduction=reduction)


def _theirs(name, config, reduction, y_true, y_pred, sw):
    loss = _keras_loss(name, config, reduction)

    def f(p):
        out = loss(jnp.asarray(y_true), p, sample_weight=None if sw is None else jnp.asarray(sw))
        return jnp.sum(out)

    value, grad = jax.value_and_grad(f)(jnp.asarray(y_pred))
    per = loss(jnp.asarray(y_true), jnp.asarray(y_pred), sample_weight=None if sw is None else jnp.asarray(sw))
    return np.asarray(per), float(value), np.asarray(grad)


def _close(a, b, what):
    np.testing.assert_allclose(np.asarray(a, dtype="float64"), np.asarray(b, dtype="float64"),
                               rtol=2e-5, atol=2e-6, err_msg=what)


def _skip_reason(case_id, weighted, reduction):
    if "axis0" in case_id and weighted:
        return "per-sample weights are per row; with axis=0 the per-sample values are per column"
    if case_id == "mse_rank1_both" and (weighted or reduction != "sum_over_batch_size"):
        return ("deliberate: (n,) against (n,) is n samples of one value in netbuilder (weights per "
                "sample), one sample of n values in Keras; only the unweighted mean agrees")
    return None


# Keras's results, computed once at import: a mutation tester forks per mutant after collection,
# so the mutants then run only netbuilder's side
KERAS_RESULTS = {(c[0], weighted, reduction): _theirs(c[1], c[2], reduction, c[3], c[4], W if weighted else None)
                 for c in CASES for weighted in (False, True) for reduction in REDUCTIONS
                 if not _skip_reason(c[0], weighted, reduction)}


@pytest.mark.parametrize("reduction", REDUCTIONS, ids=lambda r: str(r))
@pytest.mark.parametrize("weighted", [False, True], ids=["unweighted", "weighted"])
@pytest.mark.parametrize("case", CASES, ids=[c[0] for c in CASES])
def test_value_and_gradient_match_keras(case, weighted, reduction):
    _, name, config, y_true, y_pred = case
    reason = _skip_reason(case[0], weighted, reduction)
    if reason:
        pytest.skip(reason)
    sw = W if weighted else None
    ours = getattr(L, name)(**config, reduction=reduction)
    per_k, value_k, grad_k = KERAS_RESULTS[(case[0], weighted, reduction)]
    got = ours(y_true, y_pred, sample_weight=sw)
    if reduction is None:
        _close(np.reshape(got, per_k.shape), per_k, "per-sample values")
    else:
        _close(got, value_k, "reduced value")
    grad = ours.gradient(y_true, y_pred, sample_weight=sw)
    assert grad.shape == y_pred.shape and grad.dtype == y_pred.dtype
    _close(grad, grad_k, "gradient")


FUSED = [(c, act) for c, act in [
    ("bce", "sigmoid"), ("bce_rank1", "sigmoid"), ("cce", "softmax"), ("cce_smoothing", "softmax"),
    ("sparse", "softmax"), ("sparse_column_labels", "softmax"), ("sparse_ignore", "softmax")]]


def _fused_keras(case_id, activation, weighted):
    _, name, config, y_true, _ = next(c for c in CASES if c[0] == case_id)
    z = REAL[:, :1].copy() if case_id.endswith("rank1") else REAL
    act = jax.nn.sigmoid if activation == "sigmoid" else jax.nn.softmax
    loss = _keras_loss(name, config, "sum_over_batch_size")
    sw = W if weighted else None
    return np.asarray(jax.grad(lambda zz: loss(jnp.asarray(y_true), act(zz), sample_weight=sw))(jnp.asarray(z)))


FUSED_RESULTS = {(c, w): _fused_keras(c, a, w) for c, a in FUSED for w in (False, True)}


@pytest.mark.parametrize("weighted", [False, True], ids=["unweighted", "weighted"])
@pytest.mark.parametrize("case_id, activation", FUSED)
def test_fused_gradient_is_the_gradient_through_the_output_activation(case_id, activation, weighted):
    _, name, config, y_true, _ = next(c for c in CASES if c[0] == case_id)
    z = REAL[:, :1].copy() if case_id.endswith("rank1") else REAL
    act = jax.nn.sigmoid if activation == "sigmoid" else jax.nn.softmax
    sw = W if weighted else None
    want = FUSED_RESULTS[(case_id, weighted)]
    y = np.asarray(act(jnp.asarray(z)))
    ours = getattr(L, name)(**config)
    got = ours.fused_gradient(y_true, y, activation, sample_weight=sw)
    assert got is not None and got.shape == z.shape and got.dtype == z.dtype
    _close(got, want, "fused gradient")
    assert ours.fused_gradient(y_true, y, "relu") is None  # no fused form for another activation
    assert getattr(L, name)(**config, **({} if "from_logits" in config else {"from_logits": True})) \
        .fused_gradient(y_true, y, activation) is None  # nor for logits


@pytest.mark.parametrize("name", ["MeanSquaredError", "MeanAbsoluteError", "MeanAbsolutePercentageError",
                                  "MeanSquaredLogarithmicError", "Huber", "LogCosh", "CosineSimilarity", "Hinge",
                                  "SquaredHinge", "CategoricalHinge", "KLDivergence", "Poisson",
                                  "BinaryCrossentropy", "CategoricalCrossentropy", "SparseCategoricalCrossentropy"])
def test_names_and_configs_are_keras_defaults(name):
    ours, theirs = getattr(L, name)().get_config(), getattr(keras.losses, name)().get_config()
    assert ours["name"] == theirs["name"] and ours["reduction"] == theirs["reduction"]
    for key in set(ours) & set(theirs) - {"dtype"}:
        assert ours[key] == pytest.approx(theirs[key]) if isinstance(theirs[key], float) else ours[key] == theirs[key], key
    again = getattr(L, name).from_config(ours)
    assert again.get_config() == ours


def test_bad_reduction_and_label_smoothing_are_refused():
    with pytest.raises(ValueError) as info:
        L.MeanSquaredError(reduction="average")
    assert str(info.value) == ("Invalid value for argument `reduction`. Expected one of 'sum_over_batch_size', "
                               "'sum', 'mean', 'mean_with_sample_weight' or None. Received: reduction='average'")
    for bad in (-0.1, 1.5, float("nan"), True, "0.1"):  # a bool is not 1.0; a string is no bare ValueError
        with pytest.raises(ConfigError) as info:
            L.CategoricalCrossentropy(label_smoothing=bad)
        assert info.value.code == "label_smoothing"
        assert info.value.params == {"arg": "label_smoothing", "value": repr(bad)}
        assert str(info.value) == f"CategoricalCrossentropy: label_smoothing must be a float in [0, 1], got {bad!r}"
    with pytest.raises(ConfigError, match=r"^BinaryCrossentropy: label_smoothing must be a float in \[0, 1\], got -1$"):
        L.BinaryCrossentropy(label_smoothing=-1)
    for cls in (L.BinaryCrossentropy, L.CategoricalCrossentropy):
        for bad_axis in (True, "x", 1.5):
            with pytest.raises(ConfigError, match=f"^{cls.__name__}: axis must be an integer, got"):
                cls(axis=bad_axis)
        assert cls(axis=1.0).axis == 1
    for bad_class in (True, "255", 2.5):
        with pytest.raises(ConfigError, match="^SparseCategoricalCrossentropy: ignore_class must be an integer"):
            L.SparseCategoricalCrossentropy(ignore_class=bad_class)
    assert L.SparseCategoricalCrossentropy(ignore_class=np.int64(-1)).ignore_class == -1
    with pytest.raises(ConfigError) as info:
        L.sparse_categorical_crossentropy(np.zeros(2), np.full((2, 3), 1 / 3), axis=0)
    assert info.value.code == "sparse_axis" and info.value.params == {"arg": "axis", "value": "0"}
    assert str(info.value) == "sparse_categorical_crossentropy: axis must be -1 (the only axis supported), got 0"
    assert L.BinaryCrossentropy(label_smoothing=1.0).label_smoothing == 1.0
    assert L.BinaryCrossentropy(label_smoothing=0).label_smoothing == 0.0


def test_zero_weights_give_zero_with_mean_with_sample_weight():
    loss = L.MeanSquaredError(reduction="mean_with_sample_weight")
    assert loss(REAL, REAL[::-1], sample_weight=np.zeros(N)) == 0.0
    np.testing.assert_array_equal(loss.gradient(REAL, REAL[::-1], sample_weight=np.zeros(N)), 0.0)


@pytest.mark.parametrize("name, y_true_shape, y_pred_shape, ok", [
    ("MeanSquaredError", (None, 3), (None, 3), True),
    ("MeanSquaredError", (None,), (None, 1), True),
    ("MeanSquaredError", (None, 1), (None,), True),
    ("MeanSquaredError", (None, 2, 1), (None, 2), True),
    ("MeanSquaredError", (None, 4), (None, 3), False),
    ("MeanSquaredError", (None,), (None, 3), False),
    ("MeanSquaredError", (None, None), (None, 3), True),
    ("MeanSquaredError", (None, 3), (None, None), True),
    ("CategoricalCrossentropy", (None, 4), (None, 4), True),
    ("CategoricalCrossentropy", (None, 1), (None, 4), False),
    ("CategoricalCrossentropy", (None,), (None, 4), False),
    ("BinaryCrossentropy", (None,), (None, 1), True),
    ("BinaryCrossentropy", (None, 2), (None, 1), False),
    ("SparseCategoricalCrossentropy", (None,), (None, 4), True),
    ("SparseCategoricalCrossentropy", (None, 1), (None, 4), True),
    ("SparseCategoricalCrossentropy", (None, 4), (None, 4), False),
    ("SparseCategoricalCrossentropy", (None, 2), (None, 4), False),
])
def test_label_shapes_that_fit_and_the_error_for_those_that_do_not(name, y_true_shape, y_pred_shape, ok):
    loss = getattr(L, name)()
    if ok:
        loss.check_targets(y_true_shape, y_pred_shape)
        return
    with pytest.raises(DataError) as info:
        loss.check_targets(y_true_shape, y_pred_shape)
    assert loss.name in str(info.value)
    assert info.value.code


@pytest.mark.parametrize("name, y_true, message_part", [
    ("SparseCategoricalCrossentropy", np.array([0, 4]), "4"),
    ("SparseCategoricalCrossentropy", np.array([0, -2]), "-2"),
    ("SparseCategoricalCrossentropy", np.array([0.0, 1.5]), "integer class ids"),
    ("BinaryCrossentropy", np.array([[0.0], [2.0]]), "2"),
])
def test_label_values_that_cannot_fit_are_named(name, y_true, message_part):
    loss = getattr(L, name)()
    shape = (None, C) if name.startswith("Sparse") else (None, 1)
    with pytest.raises(DataError) as info:
        loss.check_target_values(y_true, shape)
    assert message_part in str(info.value) and loss.name in str(info.value)
    if y_true.dtype.kind == "i":  # an id outside [0, C) is refused by the loss itself, too
        with pytest.raises(DataError):
            loss(y_true, PROBS[:2])


def test_valid_label_values_pass():
    L.SparseCategoricalCrossentropy().check_target_values(IDS, (None, C))
    L.SparseCategoricalCrossentropy(ignore_class=-1).check_target_values(np.array([0, -1, 3]), (None, C))
    L.BinaryCrossentropy().check_target_values(BITS, (None, C))
    L.BinaryCrossentropy().check_target_values(np.full((2, 1), 0.3), (None, 1))  # soft labels are fine
