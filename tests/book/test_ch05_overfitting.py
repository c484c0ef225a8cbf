"""Chapter 5: capacity, weight regularization, dropout and early stopping against overfitting."""

import numpy as np

import netbuilder.core as keras
from netbuilder.core import layers, regularizers

from .conftest import separable


def test_regularized_and_dropout_models_and_their_penalty():
    x, y = separable(n=100, features=30)
    plain = keras.Sequential([layers.Dense(16, activation="relu"), layers.Dense(1, activation="sigmoid")])
    l2 = keras.Sequential([layers.Dense(16, kernel_regularizer=regularizers.l2(0.002), activation="relu"),
                           layers.Dense(1, activation="sigmoid")])
    dropped = keras.Sequential([layers.Dense(16, activation="relu"), layers.Dropout(0.5),
                                layers.Dense(1, activation="sigmoid")])
    for model in (plain, l2, dropped):
        model.compile(optimizer="rmsprop", loss="binary_crossentropy", metrics=["accuracy"])
        model.fit(x, y, epochs=3, batch_size=20, validation_split=0.3, verbose=0)
    kernel = l2.layers[0].get_weights()[0]
    bce = keras.Sequential([layers.Dense(16, activation="relu"), layers.Dense(1, activation="sigmoid")])
    bce.compile(optimizer="rmsprop", loss="binary_crossentropy")
    bce.build((None, 30))
    bce.set_weights(l2.get_weights())
    # evaluate reports the data loss plus the L2 penalty, 0.002 * sum(w^2), as Keras does
    gap = l2.evaluate(x, y, verbose=0)[0] - bce.evaluate(x, y, verbose=0)
    np.testing.assert_allclose(gap, 0.002 * np.sum(kernel.astype("float64") ** 2), rtol=1e-4)
    np.testing.assert_array_equal(dropped.predict(x, verbose=0), dropped.predict(x, verbose=0))  # no dropout


def test_early_stopping_keeps_the_best_epoch(tmp_path):
    x, y = separable(n=120)
    model = keras.Sequential([layers.Dense(64, activation="relu"), layers.Dense(1, activation="sigmoid")])
    model.compile(optimizer=keras.optimizers.Adam(0.05), loss="binary_crossentropy", metrics=["accuracy"])
    stop = keras.callbacks.EarlyStopping(monitor="val_loss", patience=2, restore_best_weights=True)
    best = keras.callbacks.ModelCheckpoint(str(tmp_path / "best.weights.h5"), monitor="val_loss",
                                           save_best_only=True, save_weights_only=True)
    history = model.fit(x[:60], y[:60], epochs=200, validation_data=(x[60:], y[60:]), callbacks=[stop, best],
                        verbose=0)
    assert len(history.history["loss"]) < 200
    losses = history.history["val_loss"]
    clone = keras.Sequential([layers.Dense(64, activation="relu"), layers.Dense(1, activation="sigmoid")])
    clone.compile(optimizer="adam", loss="binary_crossentropy")
    clone.build((None, 20))
    clone.load_weights(tmp_path / "best.weights.h5")
    assert abs(clone.evaluate(x[60:], y[60:], verbose=0) - min(losses)) < 1e-5  # the best epoch's file
