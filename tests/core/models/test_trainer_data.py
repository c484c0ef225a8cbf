"""One data door (``_prepare_arrays``) for fit, evaluate, predict and the *_on_batch methods, and
the pieces of fit: ``_prepare_fit_data``'s validation scheme and ``_train_step``."""

import numpy as np
import pytest

from netbuilder.core import callbacks, layers, models, utils
from netbuilder.core.errors import DataError
from netbuilder.core.models import data as D
from netbuilder.core.models.trainer import StepResult


def _binary_model():
    utils.set_random_seed(0)
    m = models.Sequential([layers.Dense(3, activation="relu", input_shape=(4,)),
                           layers.Dense(1, activation="sigmoid")])
    m.compile(optimizer="sgd", loss="binary_crossentropy", metrics=["accuracy"])
    return m


def _digits(n=20):
    x = np.random.default_rng(1).standard_normal((n, 4)).astype("float32")
    y = (np.arange(n) % 10).astype("float32")[:, None]  # class ids 0..9: not 0/1 labels
    return x, y


def test_binary_crossentropy_on_labels_0_to_9_is_refused_by_every_compiled_path():
    m = _binary_model()
    x, y = _digits()
    with pytest.raises(DataError) as fit_error:
        m.fit(x, y, epochs=1, verbose=0)
    assert fit_error.value.code == "bce_label_range"
    weights = m.get_weights()
    calls = {"train_on_batch": lambda: m.train_on_batch(x, y),
             "test_on_batch": lambda: m.test_on_batch(x, y),
             "evaluate": lambda: m.evaluate(x, y, verbose=0),
             "validation_data": lambda: m.fit(x, (y > 4).astype("float32"), validation_data=(x, y), verbose=0)}
    for name, call in calls.items():
        with pytest.raises(DataError) as info:
            call()
        assert str(info.value) == str(fit_error.value), name
        assert info.value.code == "bce_label_range", name
    assert m.optimizer.iterations == 0  # nothing trained before the refusal
    for a, b in zip(m.get_weights(), weights):
        np.testing.assert_array_equal(a, b)


def test_train_on_batch_checks_embedding_indices_like_fit():
    m = models.Sequential([layers.Embedding(5, 2, input_shape=(3,)), layers.Flatten(), layers.Dense(1)])
    m.compile(optimizer="sgd", loss="mse")
    x = np.array([[0, 1, 7], [1, 2, 3]])  # 7 is outside [0, 5)
    y = np.zeros((2, 1), "float32")
    with pytest.raises(DataError) as fit_error:
        m.fit(x, y, verbose=0)
    with pytest.raises(DataError) as batch_error:
        m.train_on_batch(x, y)
    assert str(batch_error.value) == str(fit_error.value)
    assert "7" in str(batch_error.value)


def test_prepare_arrays_folds_class_weight_into_sample_weight():
    m = _binary_model()
    x = np.zeros((4, 4), "float32")
    y = np.array([[0], [1], [1], [0]], "float32")
    data = m._prepare_arrays(x, y, sample_weight=[1, 2, 3, 4], class_weight={0: 1.0, 1: 10.0})
    assert isinstance(data, D.Arrays) and data.num_samples == 4
    np.testing.assert_allclose(data.sample_weight, [1, 20, 30, 4])
    assert data.sample_weight.dtype == np.float32
    assert m._prepare_arrays(x).y is None  # predict's data: no labels, no label checks


def test_prepare_fit_data_splits_off_the_last_fraction_before_shuffling():
    m = _binary_model()
    x = np.arange(40, dtype="float32").reshape(10, 4)
    y = (np.arange(10) % 2).astype("float32")[:, None]
    sw = np.arange(10, dtype="float32")
    train, val = m._prepare_fit_data(x, y, sample_weight=sw, validation_split=0.25)
    # floor(10 * 0.75) = 7 training rows, as Keras rounds
    np.testing.assert_array_equal(train.x[0], x[:7])
    np.testing.assert_array_equal(val.x[0], x[7:])
    np.testing.assert_array_equal(val.y[0], y[7:])
    np.testing.assert_array_equal(val.sample_weight, sw[7:])
    assert m._prepare_fit_data(x, y)[1] is None
    _, given = m._prepare_fit_data(x, y, validation_data=(x[:3], y[:3], sw[:3]))
    np.testing.assert_array_equal(given.sample_weight, sw[:3])
    with pytest.raises(DataError) as info:
        m._prepare_fit_data(x, y, validation_split=0.95)  # floor(10 * 0.05) = 0 training rows
    assert info.value.code == "val_split_empty"
    with pytest.raises(ValueError, match="validation_split must be in"):
        m._prepare_fit_data(x, y, validation_split=1.5)
    with pytest.raises(DataError, match="fit needs both x and y"):
        m._prepare_fit_data(x, None)


def test_train_step_is_the_arithmetic_of_train_on_batch():
    x, _ = _digits(8)
    y = (x[:, :1] > 0).astype("float32")
    a, b = _binary_model(), _binary_model()
    logs = a.train_on_batch(x, y, return_dict=True)
    b._prepare_training()
    result = b._train_step([x], [y], None)
    assert isinstance(result, StepResult)
    assert result.loss == pytest.approx(logs["loss"], rel=1e-6)
    assert result.y_pred[0].shape == (8, 1)
    for wa, wb in zip(a.get_weights(), b.get_weights()):
        np.testing.assert_array_equal(wa, wb)
    _, _, preds = result  # unpacks as (loss, output_losses, y_pred)
    assert preds is result.y_pred


def test_fit_batches_and_steps_per_epoch_reach_the_callbacks():
    m = _binary_model()
    x, _ = _digits(10)
    y = (x[:, :1] > 0).astype("float32")
    seen = []

    class Steps(callbacks.Callback):
        def on_train_batch_end(self, batch, logs=None):
            seen.append((batch, sorted(logs)))

    m.fit(x, y, batch_size=4, epochs=2, verbose=0, callbacks=[Steps()])
    assert [s for s, _ in seen] == [0, 1, 2, 0, 1, 2]  # 4 + 4 + 2 rows per epoch
    assert seen[0][1] == ["accuracy", "loss"]
    seen.clear()
    m.fit(x, y, batch_size=4, epochs=2, steps_per_epoch=2, verbose=0, callbacks=[Steps()])
    assert [s for s, _ in seen] == [0, 1, 0, 1]


def test_predict_refuses_a_non_positive_batch_size():
    m = _binary_model()
    with pytest.raises(ValueError, match="batch_size must be a positive integer, got 0"):
        m.predict(np.zeros((3, 4), "float32"), batch_size=0)
