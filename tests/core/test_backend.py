import importlib.util

import numpy as np
import pytest

from netbuilder.core import backend as B
from netbuilder.core import layers, models, utils


def _cupy_usable():
    if importlib.util.find_spec("cupy") is None:
        return False
    try:
        import cupy

        return cupy.cuda.runtime.getDeviceCount() > 0
    except Exception:
        return False


gpu = pytest.mark.skipif(not _cupy_usable(), reason="needs CuPy and a CUDA device")


def test_default_backend_is_numpy_float32():
    assert B.backend() == "numpy"
    assert B.xp() is np
    assert B.floatx() == "float32"
    assert B.asarray([1.0, 2.0]).dtype == np.float32
    assert B.asarray(np.arange(3)).dtype.kind == "i"


def test_unknown_backend_is_refused():
    with pytest.raises(ValueError, match="'numpy' or 'cupy'"):
        B.set_backend("torch")
    assert B.backend() == "numpy"


@pytest.mark.skipif(_cupy_usable(), reason="CuPy is usable here")
def test_cupy_missing_gives_a_clear_error():
    with pytest.raises(RuntimeError, match="cupy"):
        B.set_backend("cupy")
    assert B.backend() == "numpy"


@pytest.mark.gpu
@gpu
def test_cupy_training_matches_numpy():
    def run():
        utils.set_random_seed(0)
        m = models.Sequential([layers.Dense(16, activation="relu", input_shape=(8,)),
                               layers.Dense(3, activation="softmax")])
        m.compile(optimizer="rmsprop", loss="categorical_crossentropy", metrics=["accuracy"])
        rs = np.random.default_rng(0)
        x = rs.standard_normal((128, 8)).astype("float32")
        y = np.eye(3, dtype="float32")[rs.integers(0, 3, 128)]
        h = m.fit(x, y, epochs=3, batch_size=32, verbose=0)
        return h.history, m.predict(x)

    h_cpu, p_cpu = run()
    B.set_backend("cupy")
    try:
        h_gpu, p_gpu = run()
    finally:
        B.set_backend("numpy")
    np.testing.assert_allclose(h_cpu["loss"], h_gpu["loss"], rtol=1e-4)
    np.testing.assert_allclose(p_cpu, p_gpu, atol=1e-5)
