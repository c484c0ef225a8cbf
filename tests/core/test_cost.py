"""The cost of a run before Train: multiply-adds, memory and a measured epoch time (issue 17)."""

import math

import numpy as np
import pytest

from netbuilder.core import cost, threads
from netbuilder.core import layers as L
from netbuilder.core.models import Sequential, serialize_model


def _counts(model, batch=32, optimizer=None):
    return cost.layer_costs(serialize_model(model), batch, optimizer)


def test_dense_counts_inputs_times_units_and_the_memory_at_the_batch_size():
    m = Sequential([L.Input(shape=(784,)), L.Dense(512, activation="relu"), L.Dense(10, activation="softmax")])
    c = _counts(m, batch=128, optimizer="adam")
    d1, d2 = c.layers
    assert (d1.macs, d2.macs) == (784 * 512, 512 * 10)
    assert (d1.params, d2.params) == (784 * 512 + 512, 512 * 10 + 10)
    assert d1.param_bytes == d1.params * 4 * (2 + 2)  # weights, gradients, Adam's two moments
    assert d1.activation_bytes == 128 * 512 * 4 * 3 and d2.activation_bytes == 128 * 10 * 4 * 3
    assert c.macs == 784 * 512 + 5120 and c.training_macs(60000) == 3 * c.macs * 60000
    name, feeder, share = c.hotspot()
    assert name == d1.name and feeder == d1.inputs[0] and d2.inputs == (d1.name,)
    assert share == pytest.approx(d1.params / (d1.params + d2.params))


def test_the_convnet_counts_kernel_times_positions_and_names_flatten_to_dense_as_the_hotspot():
    m = Sequential([L.Input(shape=(28, 28, 1)), L.Conv2D(32, 3, activation="relu"), L.MaxPooling2D(2),
                    L.Conv2D(64, 3, activation="relu"), L.Flatten(), L.Dense(64, activation="relu"),
                    L.Dense(10, activation="softmax")])
    c = _counts(m)
    conv1, pool, conv2, flat, dense = (c.layers[i] for i in range(5))
    assert conv1.macs == 26 * 26 * (3 * 3 * 1 * 32)
    assert conv2.macs == 11 * 11 * (3 * 3 * 32 * 64)
    assert pool.macs == 0 and flat.macs == 0 and pool.params == 0
    assert dense.macs == 11 * 11 * 64 * 64
    name, feeder, share = c.hotspot()
    assert (name, feeder) == (dense.name, flat.name) and share > 0.9
    assert len(c.layers) == 6


def test_recurrent_layers_count_every_time_step_and_embedding_lookups_count_nothing():
    m = Sequential([L.Input(shape=(100,)), L.Embedding(1000, 8), L.LSTM(16), L.Dense(1)])
    emb, lstm, dense = _counts(m).layers
    assert emb.macs == 0 and emb.params == 8000
    assert lstm.macs == 100 * (8 * 64 + 16 * 64)
    assert dense.macs == 16
    b = Sequential([L.Input(shape=(20, 4)), L.Bidirectional(L.GRU(5))])
    (bi,) = _counts(b).layers
    gru = _counts(Sequential([L.Input(shape=(20, 4)), L.GRU(5)])).layers[0]
    assert bi.macs == 2 * gru.macs > 0


def test_a_big_layer_is_counted_without_allocating_its_weights():
    import tracemalloc

    cfg = serialize_model(Sequential([L.Input(shape=(784,)), L.Dense(2, name="big")]))
    cfg["config"]["layers"][1]["config"]["units"] = 200_000  # 627 MB of float32 if it were built for real
    tracemalloc.start()
    try:
        (big,) = cost.layer_costs(cfg, 32).layers
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert big.macs == 784 * 200_000 and big.params == 785 * 200_000
    assert peak < 50 * 2**20


def test_the_epoch_time_extrapolates_the_batch_times():
    t = cost.EpochTime(batch_seconds=0.02, val_batch_seconds=0.005, train_batches=375, val_batches=94, epochs=5)
    assert t.epoch_seconds == pytest.approx(375 * 0.02 + 94 * 0.005)
    assert t.total_seconds == pytest.approx(5 * t.epoch_seconds)


def test_measuring_trains_a_few_real_batches_and_leaves_the_thread_settings_as_they_were():
    rng = np.random.default_rng(0)
    x = rng.standard_normal((1000, 20)).astype("float32")
    y = (x[:, 0] > 0).astype("float32")[:, None]
    m = Sequential([L.Input(shape=(20,)), L.Dense(16, activation="relu"), L.Dense(1, activation="sigmoid")])
    m.compile(optimizer="sgd", loss="binary_crossentropy")
    before = [w.copy() for w in m.get_weights()]
    limiter = threads.BlasLimiter()
    count, enabled = limiter.current(), threads.ENABLED
    t = cost.measure_epoch(m, x, y, batch_size=50, epochs=3, validation_rows=250)
    assert t.train_batches == math.ceil(1000 / 50) and t.val_batches == math.ceil(250 / 50) and t.epochs == 3
    assert t.batches_timed >= 2 and t.batch_seconds > 0 and t.val_batch_seconds > 0
    assert any(not np.array_equal(a, b) for a, b in zip(before, m.get_weights()))  # it really trained
    assert limiter.current() == count and threads.ENABLED is enabled
