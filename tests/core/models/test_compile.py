"""compile: metric functions as Keras 3 takes them, and all-or-nothing (a refused compile changes nothing)."""

import numpy as np
import pytest

from netbuilder.core import layers, losses, metrics, models, optimizers, utils
from netbuilder.core.models.saving import ModelFileError


def _data(n=40, seed=0):
    rs = np.random.default_rng(seed)
    x = rs.normal(size=(n, 3)).astype("float32")
    return x, (x.sum(axis=1) > 0).astype("float32")[:, None]


def _model():
    return models.Sequential([layers.Dense(1, activation="sigmoid", input_shape=(3,))])


def test_metric_function_logs_under_its_name_with_keras_values():
    """Keras 3 names a function metric after the function; the values are the class's."""
    keras = pytest.importorskip("keras")
    x, y = _data()
    utils.set_random_seed(0)
    m = _model()
    m.compile(optimizer=optimizers.RMSprop(learning_rate=1e-3), loss=losses.binary_crossentropy,
              metrics=[metrics.binary_accuracy])
    km = keras.Sequential([keras.Input((3,)), keras.layers.Dense(1, activation="sigmoid")])
    km.set_weights(m.get_weights())
    km.compile(optimizer="rmsprop", loss=keras.losses.binary_crossentropy,
               metrics=[keras.metrics.binary_accuracy])
    ours = m.evaluate(x, y, verbose=0, return_dict=True)
    theirs = km.evaluate(x, y, verbose=0, return_dict=True)
    assert set(ours) == set(theirs) == {"loss", "binary_accuracy"}
    assert ours["binary_accuracy"] == pytest.approx(float(theirs["binary_accuracy"]))
    assert ours["loss"] == pytest.approx(float(theirs["loss"]), rel=1e-5)
    h = m.fit(x, y, epochs=1, verbose=0)
    assert set(h.history) == {"loss", "binary_accuracy"}


def test_loss_functions_are_also_metric_functions():
    x, y = _data()
    m = _model()
    m.compile("sgd", "mse", metrics=[metrics.mean_absolute_error, metrics.mean_squared_error])
    logs = m.evaluate(x, y, verbose=0, return_dict=True)
    p = m.predict(x, verbose=0)
    assert logs["mean_absolute_error"] == pytest.approx(float(np.mean(np.abs(p - y))), rel=1e-5)
    assert logs["mean_squared_error"] == pytest.approx(logs["loss"], rel=1e-6)


def test_metric_function_survives_save_and_load(tmp_path):
    x, y = _data()
    m = _model()
    m.compile("rmsprop", "binary_crossentropy", metrics=[metrics.binary_accuracy])
    m.fit(x, y, epochs=1, verbose=0)
    m.save(tmp_path / "m.nbm")
    back = models.load_model(tmp_path / "m.nbm")
    assert back.evaluate(x, y, verbose=0, return_dict=True) == pytest.approx(
        m.evaluate(x, y, verbose=0, return_dict=True))


def test_custom_metric_function_trains_and_a_saved_file_names_it(tmp_path):
    def hits(y_true, y_pred):
        return (np.abs(y_true - y_pred) < 0.5).astype("float64")[:, 0]

    x, y = _data()
    m = _model()
    m.compile("rmsprop", "binary_crossentropy", metrics=[hits])
    logs = m.evaluate(x, y, verbose=0, return_dict=True)
    assert logs["hits"] == pytest.approx(float(np.mean(np.abs(y - m.predict(x, verbose=0)) < 0.5)))
    m.save(tmp_path / "m.nbm")
    with pytest.raises(ModelFileError, match="hits"):
        models.load_model(tmp_path / "m.nbm")
    assert models.load_model(tmp_path / "m.nbm", compile=False).built


@pytest.mark.parametrize("bad", [
    {"metrics": ["no_such_metric"]},
    {"metrics": [42]},
    {"loss": "no_such_loss"},
    {"optimizer": "no_such_optimizer"},
    {"loss": ["mse", "mae"]},
    {"loss_weights": [1.0, 2.0]},
])
def test_refused_compile_leaves_the_previous_one(bad):
    x, y = _data()
    m = _model()
    m.compile(optimizer="adam", loss="binary_crossentropy", metrics=["accuracy"])
    m.fit(x, y, epochs=1, verbose=0)
    before = (m.optimizer, m.compiled_loss, m.compiled_metrics, m._compile_config)
    built = m.compiled_metrics.metrics
    args = {"optimizer": "sgd", "loss": "mse", "metrics": ["mae"], **bad}
    with pytest.raises((ValueError, TypeError)):
        m.compile(**args)
    assert (m.optimizer, m.compiled_loss, m.compiled_metrics, m._compile_config) == before
    assert m.compiled_metrics.metrics is built
    h = m.fit(x, y, epochs=1, verbose=0)
    assert set(h.history) == {"loss", "accuracy"}
    assert type(m.optimizer).__name__ == "Adam"


def test_unknown_metric_name_is_refused_at_compile_naming_it():
    m = _model()
    with pytest.raises(ValueError, match="accuracyy"):
        m.compile("sgd", "binary_crossentropy", metrics=["accuracyy"])
    assert not m.compiled
