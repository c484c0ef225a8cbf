"""Kullback-Leibler divergence and Poisson losses (Keras 3 names and maths)."""

from __future__ import annotations

from .. import backend as B
from ..registry import LOSSES
from .base import LossFunctionWrapper, align_ranks, as_pair


# ---------------------------------------------------------------------- KL divergence
def _kld(t, y):
    xp = B.get_array_module(y)
    eps = B.epsilon()
    tc = xp.clip(t, eps, 1.0)
    return (tc * xp.log(tc / xp.clip(y, eps, 1.0))).sum(axis=-1)


def _kld_grad(t, y):
    xp = B.get_array_module(y)
    eps = B.epsilon()
    # clip(y, eps, 1) passes the gradient only inside [eps, 1]
    return -xp.clip(t, eps, 1.0) / xp.clip(y, eps, 1.0) * ((y >= eps) & (y <= 1.0))


def kl_divergence(y_true, y_pred):
    """Per-sample ``sum(t * log(t / p), axis=-1)`` with ``t = clip(y_true, eps, 1)`` and
    ``p = clip(y_pred, eps, 1)``; ``(batch, C)`` → ``(batch,)``."""
    return _kld(*align_ranks(*as_pair(y_true, y_pred)))


class KLDivergence(LossFunctionWrapper):
    """Kullback-Leibler divergence ``sum(y_true * log(y_true / y_pred))`` between two
    distributions over the last axis (both clipped to ``[eps, 1]``)."""

    fn = staticmethod(_kld)
    grad_fn = staticmethod(_kld_grad)

    def __init__(self, reduction="sum_over_batch_size", name="kl_divergence", dtype=None):
        super().__init__(name=name, reduction=reduction, dtype=dtype)


# ---------------------------------------------------------------------- Poisson
def _poisson(t, y):
    return (y - t * B.get_array_module(y).log(y + B.epsilon())).mean(axis=-1)


def _poisson_grad(t, y):
    return (1.0 - t / (y + B.epsilon())) * (1.0 / y.shape[-1])


def poisson(y_true, y_pred):
    """Per-sample ``mean(y_pred - y_true * log(y_pred + eps), axis=-1)`` (``y_pred`` is a rate)."""
    return _poisson(*align_ranks(*as_pair(y_true, y_pred)))


class Poisson(LossFunctionWrapper):
    """Poisson negative log-likelihood (up to a constant) ``mean(y_pred - y_true log(y_pred + eps))``
    for count data; ``y_pred`` must be positive (e.g. a softplus or exponential output)."""

    fn = staticmethod(_poisson)
    grad_fn = staticmethod(_poisson_grad)

    def __init__(self, reduction="sum_over_batch_size", name="poisson", dtype=None):
        super().__init__(name=name, reduction=reduction, dtype=dtype)


PAIRS = (
    (kl_divergence, KLDivergence, ("kld", "KLD", "kullback_leibler_divergence")),
    (poisson, Poisson, ()),
)

for _fn, _cls, _aliases in PAIRS:
    LOSSES.register(_cls, name=_cls.__name__, group="probabilistic")
    LOSSES.register(_fn, name=_fn.__name__, aliases=_aliases, group="probabilistic")
