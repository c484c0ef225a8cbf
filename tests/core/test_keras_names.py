"""``import netbuilder.core as keras``: the module-level names the book's listings reach for."""

import numpy as np
import pytest

import netbuilder
import netbuilder.core as nbk
from netbuilder.core import backend as K
from netbuilder.core import layers, preprocessing, utils
from netbuilder.core.datasets import text


def test_version_is_netbuilders():
    assert nbk.__version__ == netbuilder.__version__
    assert nbk.version() == netbuilder.__version__
    assert nbk.__version__.count(".") == 2


def test_pad_sequences_is_one_function_under_three_names():
    from netbuilder.core.preprocessing import sequence

    assert sequence.pad_sequences is text.pad_sequences
    assert preprocessing.sequence.pad_sequences is text.pad_sequences
    assert utils.pad_sequences is text.pad_sequences


@pytest.mark.parametrize("kw", [{}, {"maxlen": 3}, {"maxlen": 3, "padding": "post", "truncating": "post"},
                                {"maxlen": 5, "value": 7}])
def test_pad_sequences_equals_keras(kw):
    import keras
    seqs = [[1, 2, 3, 4], [5], [], [6, 7]]
    np.testing.assert_array_equal(utils.pad_sequences(seqs, **kw), keras.utils.pad_sequences(seqs, **kw))
    assert utils.pad_sequences(seqs, **kw).dtype == keras.utils.pad_sequences(seqs, **kw).dtype


def test_clear_session_restarts_layer_names():
    layers.Dense(2)
    K.clear_session()
    assert layers.Dense(2).name == "dense"
    assert layers.Dense(2).name == "dense_1"
    K.clear_session(free_memory=False)
    assert layers.Dense(2).name == "dense"


def test_keras_backend_helpers():
    assert K.image_data_format() == "channels_last"
    assert K.floatx() == "float32" and K.epsilon() == 1e-7
