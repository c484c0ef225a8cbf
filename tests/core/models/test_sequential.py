import numpy as np
import pytest

from netbuilder.core import layers, models, optimizers, utils
from netbuilder.core.errors import ConfigError, DataError, ShapeError


def test_tutorial_snippets_run_verbatim():
    # the tutorial's two snippets, with `keras` replaced by netbuilder.core
    from netbuilder.core import models, layers  # noqa: F811

    model = models.Sequential()
    model.add(layers.Dense(32, activation="relu", input_shape=(784,)))
    model.add(layers.Dense(10, activation="softmax"))

    input_tensor = layers.Input(shape=(784,))
    x = layers.Dense(32, activation="relu")(input_tensor)
    output_tensor = layers.Dense(10, activation="softmax")(x)
    model2 = models.Model(inputs=input_tensor, outputs=output_tensor)

    model2.compile(optimizer=optimizers.RMSprop(lr=0.001), loss="mse", metrics=["accuracy"])
    assert model2.optimizer.learning_rate == pytest.approx(0.001)
    rs = np.random.default_rng(0)
    x_train = rs.random((64, 784)).astype("float32")
    y_train = np.eye(10)[rs.integers(0, 10, 64)]
    h = model2.fit(x_train, y_train, batch_size=16, epochs=2, verbose=0)
    assert set(h.history) == {"loss", "accuracy"}
    assert len(h.history["loss"]) == 2
    assert model.count_params() == 784 * 32 + 32 + 32 * 10 + 10


@pytest.mark.parametrize("sizes,expected", [
    ((784, 512, 10), 407_050),
    ((10000, 16, 16, 1), 160_305),
    ((10000, 64, 64, 46), 647_214),
    ((13, 64, 64, 1), 5_121),
])
def test_count_params_of_the_four_tutorial_networks(sizes, expected):
    model = models.Sequential()
    model.add(layers.Dense(sizes[1], activation="relu", input_shape=(sizes[0],)))
    for units in sizes[2:]:
        model.add(layers.Dense(units))
    assert model.count_params() == expected


def test_deferred_build_from_data_and_pop():
    model = models.Sequential([layers.Dense(8, activation="relu"), layers.Dense(1)])
    assert not model.built
    with pytest.raises(ValueError, match="not been built"):
        model.count_params()
    model.compile(optimizer="sgd", loss="mse")
    x = np.ones((10, 3), "float32")
    model.fit(x, np.zeros((10, 1)), verbose=0)
    assert model.built and model.count_params() == 3 * 8 + 8 + 8 + 1
    popped = model.pop()
    assert popped.units == 1 and model.output_shape == (None, 8)


def test_dense_on_images_says_add_flatten():
    model = models.Sequential([layers.Input(shape=(28, 28, 1))])
    with pytest.raises(ShapeError, match="add a Flatten") as info:
        model.add(layers.Dense(10))
    assert info.value.code == "dense_rank"
    assert len(model.layers) == 0  # the failed add left the model as it was


def test_bad_arguments_and_data_errors():
    with pytest.raises(ConfigError, match="units must be a positive integer"):
        layers.Dense(0)
    with pytest.raises(TypeError, match="Layer instance"):
        models.Sequential().add(layers.Dense)
    model = models.Sequential([layers.Dense(2, input_shape=(3,))])
    model.compile(optimizer="sgd", loss="mse")
    with pytest.raises(DataError, match="x has 4 samples but y has 3"):
        model.fit(np.zeros((4, 3)), np.zeros((3, 2)), verbose=0)
    bad = np.zeros((4, 3))
    bad[2, 1] = np.nan
    with pytest.raises(DataError, match=r"NaN or inf \(first at index \(2, 1\)\)"):
        model.fit(bad, np.zeros((4, 2)), verbose=0)
    with pytest.raises(DataError, match=r"expects samples of shape \(3,\), got \(5,\)"):
        model.predict(np.zeros((2, 5)))
    with pytest.raises(RuntimeError, match="compile"):
        models.Sequential([layers.Dense(1, input_shape=(1,))]).fit(np.zeros((1, 1)), np.zeros((1, 1)))


def test_summary_matches_keras_layout(capsys):
    model = models.Sequential([layers.Dense(16, activation="relu", input_shape=(10000,), name="d1"),
                               layers.Dense(1, activation="sigmoid", name="d2")], name="imdb")
    assert model.summary() is None  # Keras 3 prints and returns None
    printed = capsys.readouterr().out
    captured = []
    model.summary(print_fn=captured.append)  # Keras 3 hands the whole table to print_fn at once
    assert len(captured) == 1 and capsys.readouterr().out == ""
    text = captured[0]
    assert 'Model: "imdb"' in text
    assert "│ d1 (Dense)" in text and "(None, 16)" in text and "160,016" in text
    assert "Total params: 160,033" in text
    assert "Trainable params: 160,033" in text and "Non-trainable params: 0" in text
    assert printed.strip() == text.strip()


def test_same_seed_gives_identical_weights_and_history():
    def run():
        utils.set_random_seed(1234)
        rs = np.random.default_rng(5)
        x = rs.standard_normal((200, 4)).astype("float32")
        y = (x[:, :1] > 0).astype("float32")
        m = models.Sequential([layers.Dense(8, activation="relu", input_shape=(4,)),
                               layers.Dense(1, activation="sigmoid")])
        m.compile(optimizer="rmsprop", loss="binary_crossentropy", metrics=["accuracy"])
        h = m.fit(x, y, epochs=3, batch_size=16, validation_split=0.2, verbose=0)
        return m.get_weights(), h.history

    w1, h1 = run()
    w2, h2 = run()
    assert h1 == h2
    for a, b in zip(w1, w2):
        assert np.array_equal(a, b)


def test_validation_split_takes_the_last_samples_before_shuffling():
    model = models.Sequential([layers.Dense(1, input_shape=(1,), kernel_initializer="zeros")])
    model.compile(optimizer=optimizers.SGD(learning_rate=0.0), loss="mse")
    x = np.arange(10, dtype="float32")[:, None]
    y = np.arange(10, dtype="float32")[:, None]
    h = model.fit(x, y, validation_split=0.3, epochs=1, verbose=0)
    # weights stay zero (lr 0), so val_loss = mean of y^2 over the last 3 samples
    assert h.history["val_loss"][0] == pytest.approx((49 + 64 + 81) / 3)
    assert h.history["loss"][0] == pytest.approx(sum(i * i for i in range(7)) / 7)
