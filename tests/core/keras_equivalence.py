"""Keras-equivalence checks shared by the tests: the same weights give the same outputs, and the
same weights after a few training steps, in netbuilder and in real Keras 3.

Weights travel between the two through Keras 3's ``.weights.h5`` file (``save_weights`` /
``load_weights``), whose paths name each layer by its place in the model, so the comparison needs
no hand-written mapping between the two models' weight lists.
"""

from __future__ import annotations

import numpy as np
import pytest

from netbuilder.core import optimizers


def keras_or_skip():
    return pytest.importorskip("keras")


def h5_arrays(path) -> dict:
    """``{dataset path: array}`` of a ``.weights.h5`` file (optimizer variables left out)."""
    h5py = pytest.importorskip("h5py")
    out = {}
    with h5py.File(path, "r") as f:
        f.visititems(lambda name, obj: out.__setitem__(name, obj[()])
                     if isinstance(obj, h5py.Dataset) and not name.startswith("optimizer") else None)
    return out


def send_weights(model, keras_model, tmp_path) -> None:
    """Give ``keras_model`` the weights of netbuilder's ``model``."""
    model.save_weights(tmp_path / "to_keras.weights.h5")
    keras_model.load_weights(tmp_path / "to_keras.weights.h5")


def assert_same_outputs(model, keras_model, xs, rtol=1e-5, atol=1e-6) -> None:
    ours = model.predict(xs, verbose=0)
    theirs = keras_model.predict(xs, verbose=0)
    for a, b in zip(ours if isinstance(ours, list) else [ours], theirs if isinstance(theirs, list) else [theirs]):
        np.testing.assert_allclose(a, np.asarray(b), rtol=rtol, atol=atol)


def assert_same_training(model, keras_model, xs, ys, tmp_path, loss="mse", steps=5, lr=0.1,
                         rtol=1e-4) -> float:
    """Train both with plain SGD on one batch for ``steps`` steps; the weights must agree within
    ``rtol`` (relative, with a floor of 1e-6 absolute for weights near zero). Returns the largest
    difference relative to ``max(|keras weight|, 1e-3)`` (float32 cannot do better near zero)."""
    keras = keras_or_skip()
    send_weights(model, keras_model, tmp_path)
    model.compile(optimizer=optimizers.SGD(learning_rate=lr), loss=loss)
    keras_model.compile(optimizer=keras.optimizers.SGD(learning_rate=lr), loss=loss)
    for _ in range(steps):
        model.train_on_batch(xs, ys)
        keras_model.train_on_batch(xs, ys)
    model.save_weights(tmp_path / "ours.weights.h5")
    keras_model.save_weights(tmp_path / "theirs.weights.h5")
    ours, theirs = h5_arrays(tmp_path / "ours.weights.h5"), h5_arrays(tmp_path / "theirs.weights.h5")
    assert set(ours) == set(theirs) and ours
    worst = 0.0
    for key in ours:
        np.testing.assert_allclose(ours[key], theirs[key], rtol=rtol, atol=1e-6, err_msg=key)
        worst = max(worst, float(np.max(np.abs(ours[key] - theirs[key]) / np.maximum(np.abs(theirs[key]), 1e-3))))
    return worst
