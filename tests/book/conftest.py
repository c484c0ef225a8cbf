"""The book suite: short listings, in our own words, that use the Keras API of *Deep Learning with
Python* chapters 2-8 with ``import netbuilder.core as keras`` and small synthetic data (no download).

Each listing runs as a reader's notebook cell would; its assertions check what the book shows
(shapes, History keys, parameter counts from hand formulas or from real Keras) so a regression in
the API surface the book relies on fails ``make test``.
"""

import numpy as np
import pytest


@pytest.fixture(autouse=True)
def _fresh_session():
    import netbuilder.core as keras

    keras.backend.clear_session()
    keras.utils.set_random_seed(1)
    yield


def separable(n=200, features=20, classes=2, seed=0):
    """Points whose class is a linear function of the features (learnable in a few epochs)."""
    rs = np.random.default_rng(seed)
    x = rs.normal(size=(n, features)).astype("float32")
    w = rs.normal(size=(features, classes))
    return x, np.argmax(x @ w, axis=1)
