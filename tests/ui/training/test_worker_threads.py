"""The training and evaluation workers leave the thread count to the engine's tuner (issue 21).

No timing here: the tuner's choices are driven by a fake clock in ``tests/core/test_threads.py``;
these tests check what the window adds (nothing during a run, the last run's choice for
evaluation) through the real workers, run in a QThread.
"""

from __future__ import annotations

import numpy as np
import pytest

from netbuilder.core import callbacks, threads, utils
from netbuilder.core.layers import Dense, Input
from netbuilder.core.models import Sequential
from netbuilder.ui.training import worker as W
from netbuilder.ui.training.evaluation_worker import EvaluationWorker


@pytest.fixture
def two_cores(monkeypatch):
    """Two cores available, no user thread count, and a fresh budget (nothing left from other tests)."""
    for var in threads._USER_VARS:
        monkeypatch.delenv(var, raising=False)
    monkeypatch.setattr(threads, "available_cores", lambda: 2)
    monkeypatch.setattr(threads, "BUDGET", threads.Budget())
    blas = threads.BlasLimiter().current()
    if blas is None or blas < 2:
        pytest.skip("threadpoolctl reports no BLAS library with 2+ threads")
    return blas


def _model_and_data(rows=256):
    utils.set_random_seed(0)
    model = Sequential([Input((16,)), Dense(16, activation="relu"), Dense(1, activation="sigmoid")])
    model.compile(optimizer="adam", loss="binary_crossentropy")
    x = np.random.default_rng(0).normal(size=(rows, 16)).astype("float32")
    return model, x, (x[:, :1] > 0).astype("float32")


def _run(qtbot, worker):
    with qtbot.waitSignal(worker.done, timeout=60000) as blocker:
        worker.start()
    worker.wait()
    return blocker.args[0]


def test_a_run_in_the_window_may_use_every_core(qtbot, two_cores):
    """No 'all cores but one' cap: on 2 cores the tuner tries 2 BLAS threads (and the pools follow)."""
    model, x, y = _model_and_data(rows=512)  # 64 batches: room for the tuner's two probe rounds
    seen = []
    watch = callbacks.LambdaCallback(on_train_batch_end=lambda b, logs: seen.append(
        (threads.BlasLimiter().current(), threads.budget())))
    result = _run(qtbot, W.TrainingWorker(model, x, y, {"epochs": 1, "batch_size": 8}, [watch]))
    assert result["error"] is None
    assert (2, 2) in seen and (1, 1) in seen  # both candidates probed, BLAS and pools alike
    assert threads.BlasLimiter().current() == two_cores  # restored after the run
    assert threads.BUDGET.cap is None and threads.BUDGET.last_choice in (1, 2)


def test_the_users_thread_count_is_kept_in_the_window(qtbot, two_cores, monkeypatch):
    monkeypatch.setenv("OPENBLAS_NUM_THREADS", "1")
    model, x, y = _model_and_data()
    seen = []
    watch = callbacks.LambdaCallback(on_train_batch_end=lambda b, logs: seen.append(threads.budget()))
    assert _run(qtbot, W.TrainingWorker(model, x, y, {"epochs": 1, "batch_size": 8}, [watch]))["error"] is None
    assert set(seen) == {1} and threads.BUDGET.last_choice is None  # no tuner ran


@pytest.mark.parametrize("last", [None, 1])
def test_evaluation_uses_the_last_runs_choice(qtbot, two_cores, monkeypatch, last):
    model, x, y = _model_and_data(64)
    model.fit(x, y, epochs=1, batch_size=64, verbose=0)
    threads.BUDGET.last_choice = last
    seen = []
    real = model.evaluate_and_predict

    def spy(*args, **kwargs):
        seen.append((threads.BlasLimiter().current(), threads.budget()))
        return real(*args, **kwargs)

    monkeypatch.setattr(model, "evaluate_and_predict", spy)
    result = _run(qtbot, EvaluationWorker(model, x, y))
    assert "logs" in result
    assert seen == [(two_cores, 2)] if last is None else seen == [(1, 1)]
    assert threads.BlasLimiter().current() == two_cores and threads.BUDGET.cap is None
