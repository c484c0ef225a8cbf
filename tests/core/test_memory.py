"""The memory estimate before training (netbuilder.core.memory): formulas and the refusal."""

import numpy as np
import pytest

from netbuilder.core import memory as M


def _dense_net(units, hidden=16, n_in=2):
    return {"class_name": "Sequential", "config": {"name": "m", "layers": [
        {"class_name": "InputLayer", "config": {"batch_shape": [None, n_in], "name": "xy"}},
        {"class_name": "Dense", "config": {"units": units, "activation": "tanh", "name": "big"}},
        {"class_name": "Dense", "config": {"units": hidden, "activation": "tanh", "name": "h2"}},
        {"class_name": "Dense", "config": {"units": 1, "activation": "sigmoid", "name": "out"}}]}}


def test_estimate_follows_the_formulas_of_the_docstring():
    est = M.estimate(_dense_net(8), batch_size=32, optimizer="adam", tryit=False)
    by = {x.name: x for x in est.layers}
    assert est.slots == 2
    assert by["big"].params == 2 * 8 + 8 and by["big"].values == 8
    assert by["big"].weights == 24 * 4 * (2 + 2)  # weights, gradients, two Adam slots
    assert by["big"].activations == 32 * 8 * 4 * M.ACTIVATION_COPIES
    assert by["xy"].params == 0 and by["xy"].values == 2
    assert est.scratch == 2 * (8 * 16 + 16) * 4  # as big as the largest layer's variables, twice
    assert est.total == sum(x.total for x in est.layers) + est.scratch and est.grid == 0


def test_optimizer_slots_are_read_from_the_optimizer():
    assert M.optimizer_slots("sgd") == 0
    assert M.optimizer_slots({"class_name": "SGD", "config": {"momentum": 0.9}}) == 1
    assert M.optimizer_slots("rmsprop") == 1
    assert M.optimizer_slots("adam") == 2
    assert M.optimizer_slots({"class_name": "Adam", "config": {"amsgrad": True}}) == 3


def test_the_ten_million_unit_dense_network_is_refused_with_its_numbers():
    est = M.estimate(_dense_net(10_000_000), batch_size=32, optimizer="adam")
    big = est.biggest
    assert big.name == "big"
    # 30 M parameters x 4 copies (weights, gradients, 2 Adam slots) + 32 x 10 M activations x 3 + Try-it copy
    assert big.total == 30_000_000 * 4 * 4 + 32 * 10_000_000 * 4 * 3 + 30_000_000 * 4
    with pytest.raises(M.MemoryTooLargeError) as info:
        M.check_fits(est, available=int(3.1 * 2**30))
    exc = info.value
    assert exc.code == "memory_too_large" and exc.layer == "big"
    assert exc.params == {"size": "4.1 GiB", "batch": 32, "total": "8.4 GiB", "free": "3.1 GiB"}
    assert "layer 'big' needs 4.1 GiB at batch 32" in str(exc) and "3.1 GiB free" in str(exc)


def test_a_network_that_fits_passes_and_an_unknown_free_memory_refuses_nothing(monkeypatch):
    est = M.estimate(_dense_net(64), batch_size=32, optimizer="adam")
    M.check_fits(est, available=2**30)
    monkeypatch.setattr(M, "available_bytes", lambda: None)  # a system that does not tell
    M.check_fits(M.estimate(_dense_net(10_000_000), 32, "adam"))
    M.check_fits(None, available=1)  # no estimate (a graph with errors): nothing to say


def test_smaller_batch_needs_less_and_unknown_shapes_give_no_estimate():
    a = M.estimate(_dense_net(1000), batch_size=256).total
    b = M.estimate(_dense_net(1000), batch_size=1).total
    assert b < a
    no_input = {"class_name": "Sequential", "config": {"name": "m", "layers": [
        {"class_name": "Dense", "config": {"units": 4, "name": "d"}}]}}
    assert M.estimate(no_input, 32) is None


def test_available_bytes_reads_meminfo_or_falls_back(monkeypatch):
    free = M.available_bytes()
    assert free is None or free > 0
    import builtins

    real_open = builtins.open

    def no_proc(path, *a, **k):
        if str(path) == "/proc/meminfo":
            raise OSError("no /proc here")
        return real_open(path, *a, **k)

    monkeypatch.setattr(builtins, "open", no_proc)
    fallback = M.available_bytes()
    assert fallback is None or fallback > 0


def test_grid_batches_stay_under_the_budget():
    assert M.grid_batch_size(20, 6400) == 6400  # a small network: one batch
    bs = M.grid_batch_size(10_000_000, 6400)
    assert bs == 1
    mid = M.grid_batch_size(100_000, 6400)
    assert 1 < mid < 6400 and mid * 100_000 * 4 * 2 <= M.TRYIT_BATCH_BYTES
    assert np.isfinite(mid)
