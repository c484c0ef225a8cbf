"""Chapter 4: reviews (binary), newswires (many classes), house prices (regression, K-fold)."""

import numpy as np

import netbuilder.core as keras
from netbuilder.core import layers, losses, metrics, optimizers
from netbuilder.core.datasets import vectorize_sequences


def _reviews(n=300, words=200, seed=0):
    """Word-index lists whose label says whether 'good' words (index < 50) outnumber the others."""
    rs = np.random.default_rng(seed)
    seqs = [list(rs.integers(1, words, size=rs.integers(5, 30))) for _ in range(n)]
    labels = np.array([sum(w < 50 for w in s) * 4 > len(s) for s in seqs], dtype="float32")
    return seqs, labels


def test_binary_reviews_with_function_metrics_and_a_validation_split():
    seqs, labels = _reviews()
    x = vectorize_sequences(seqs, dimension=200)
    assert x.shape == (300, 200) and set(np.unique(x)) <= {0.0, 1.0}
    model = keras.Sequential([layers.Dense(16, activation="relu"), layers.Dense(16, activation="relu"),
                              layers.Dense(1, activation="sigmoid")])
    model.compile(optimizer=optimizers.RMSprop(learning_rate=0.001), loss=losses.binary_crossentropy,
                  metrics=[metrics.binary_accuracy])
    history = model.fit(x[:200], labels[:200], epochs=8, batch_size=32, validation_data=(x[200:], labels[200:]),
                        verbose=0)
    assert set(history.history) == {"loss", "binary_accuracy", "val_loss", "val_binary_accuracy"}
    assert history.history["binary_accuracy"][-1] > history.history["binary_accuracy"][0]


def test_newswires_one_hot_and_integer_labels():
    rs = np.random.default_rng(1)
    x = rs.normal(size=(240, 30)).astype("float32")
    y = np.argmax(x[:, :6], axis=1)  # six topics
    for labels, loss in ((keras.utils.to_categorical(y, 6), "categorical_crossentropy"),
                         (y, "sparse_categorical_crossentropy")):
        model = keras.Sequential([layers.Dense(32, activation="relu"), layers.Dense(6, activation="softmax")])
        model.compile(optimizer=optimizers.RMSprop(learning_rate=0.005), loss=loss, metrics=["accuracy"])
        model.fit(x, labels, epochs=40, batch_size=32, verbose=0)
        assert model.evaluate(x, labels, verbose=0)[1] > 0.8
        assert np.argmax(model.predict(x[:1], verbose=0)) in range(6)


def test_house_prices_k_fold():
    rs = np.random.default_rng(2)
    x = rs.normal(size=(120, 13)).astype("float32")
    y = (x @ rs.normal(size=13) * 3 + 20).astype("float32")
    mean, std = x.mean(axis=0), x.std(axis=0)
    x = (x - mean) / std

    def build():
        model = keras.Sequential([layers.Dense(32, activation="relu"), layers.Dense(1)])
        model.compile(optimizer=optimizers.RMSprop(learning_rate=0.01), loss="mse", metrics=["mae"])
        return model

    k, fold = 4, 30
    scores = []
    for i in range(k):
        val = slice(i * fold, (i + 1) * fold)
        train = np.r_[0:i * fold, (i + 1) * fold:120]
        model = build()
        history = model.fit(x[train], y[train], epochs=60, batch_size=16, validation_data=(x[val], y[val]),
                            verbose=0)
        assert "val_mae" in history.history
        scores.append(model.evaluate(x[val], y[val], verbose=0)[1])
    baseline = np.mean(np.abs(y - y.mean()))  # the MAE of always predicting the mean price
    assert len(scores) == 4 and np.mean(scores) < 0.5 * baseline
