"""The BLAS thread tuner's choices, driven by a fake clock and a fake limiter (no timing here)."""

import numpy as np
import pytest

from netbuilder.core import layers, models, threads


class FakeLimiter:
    def __init__(self, current=None):
        self._current = current
        self.now = current or 1  # one thread when nothing was set
        self.calls = []
        self.restored = False

    def current(self):
        return self._current

    def set(self, n):
        self.calls.append(n)
        self.now = n

    def restore(self):
        self.restored = True


class Machine:
    """Batch time as a function of the thread count in force: ``cost[n]`` seconds."""

    def __init__(self, limiter, cost):
        self.limiter, self.cost, self.t = limiter, dict(cost), 0.0

    def clock(self):
        return self.t

    def run(self, tuner, batches):
        for b in range(batches):
            tuner.on_train_batch_begin(b)
            self.t += self.cost[self.limiter.now]
            tuner.on_train_batch_end(b)


def tuned(cost, max_threads=2, batches=40, current=None):
    lim = FakeLimiter(current)
    m = Machine(lim, cost)
    t = threads.ThreadTuner(limiter=lim, clock=m.clock, max_threads=max_threads)
    t.on_train_begin()
    m.run(t, batches)
    return t, lim, m


def test_quiet_machine_keeps_every_core():
    t, lim, _ = tuned({1: 0.020, 2: 0.012})
    assert t.choice == 2 and lim.now == 2
    assert [a for a in t.log if a[0] == "probe"] == [("probe", 2), ("probe", 1)]


def test_busy_machine_drops_to_one_thread():
    """Beside another program, two BLAS threads wait on each other: one is faster."""
    t, lim, _ = tuned({1: 0.030, 2: 0.250})
    assert t.choice == 1 and lim.now == 1


def test_the_machine_getting_busy_starts_a_new_probe():
    t, lim, m = tuned({1: 0.020, 2: 0.012})
    assert t.choice == 2
    m.cost = {1: 0.030, 2: 0.250}  # another program starts
    m.run(t, threads.PATIENCE - 1)
    assert t.choice == 2  # a few slow batches are not enough
    m.run(t, 1 + 2 * (threads.PROBE + 1))
    assert t.choice == 1 and lim.now == 1
    m.cost = {1: 0.020, 2: 0.012}  # it ends: one thread is only a little faster than when chosen...
    m.run(t, 100)
    assert t.choice == 1
    m.run(t, int(threads.REPROBE_S / 0.020) + 2 * (threads.PROBE + 1))
    assert t.choice == 2 and lim.now == 2  # ...but the periodic probe takes both cores back


def test_a_busy_machine_pays_little_for_the_periodic_probe():
    t, lim, m = tuned({1: 0.030, 2: 0.250}, batches=5000)  # 150 s of training beside another program
    probes = sum(1 for a in t.log if a == ("probe", 2))
    slow = probes * (threads.PROBE + 1) * (0.250 - 0.030)
    assert t.choice == 1 and slow / m.t < 0.05


def test_probe_uses_the_median_not_one_noisy_batch():
    lim = FakeLimiter()
    times = iter([0.5, 0.010, 0.011, 0.300,   # 2 threads: warm-up, then 0.010, 0.011, one outlier
                  0.5, 0.015, 0.016, 0.014])  # 1 thread: warm-up, then ~0.015
    t = threads.ThreadTuner(limiter=lim, clock=lambda: 0.0, max_threads=2)
    t.on_train_begin()
    for s in times:
        t.record(s)
    assert t.choice == 2


def test_an_outer_limit_caps_the_candidates():
    """The window limits BLAS to all cores but one: the tuner never goes above that."""
    t, lim, _ = tuned({1: 0.02, 2: 0.01, 3: 0.005, 4: 0.004}, max_threads=4, current=2)
    assert max(lim.calls) == 2 and t.choice == 2


def test_one_core_means_nothing_to_tune():
    t, lim, _ = tuned({1: 0.02}, max_threads=1)
    assert lim.calls == [] and t.choice is None


def test_restored_when_training_ends():
    t, lim, _ = tuned({1: 0.02, 2: 0.01})
    t.on_train_end()
    assert lim.restored


def test_user_thread_count_turns_it_off(monkeypatch):
    monkeypatch.setenv("OPENBLAS_NUM_THREADS", "1")
    assert threads.tuner_for_fit() is None
    monkeypatch.delenv("OPENBLAS_NUM_THREADS")
    monkeypatch.setattr(threads, "ENABLED", False)
    assert threads.tuner_for_fit() is None


def test_fit_runs_the_tuner_and_restores_the_thread_count(monkeypatch):
    """Through a real fit: the tuner probes, chooses, and leaves BLAS as it found it."""
    monkeypatch.setattr(threads, "available_cores", lambda: 2)
    for var in threads._USER_VARS:
        monkeypatch.delenv(var, raising=False)
    made = []
    real = threads.tuner_for_fit

    def spy():
        t = real()
        made.append(t)
        return t
    monkeypatch.setattr(threads, "tuner_for_fit", spy)
    lim = threads.BlasLimiter()
    before = lim.current()
    x = np.random.default_rng(0).standard_normal((640, 64)).astype("float32")
    y = (x[:, :1] > 0).astype("float32")
    model = models.Sequential([layers.Input((64,)), layers.Dense(64, activation="relu"),
                               layers.Dense(1, activation="sigmoid")])
    model.compile(optimizer="adam", loss="binary_crossentropy")
    model.fit(x, y, batch_size=16, epochs=1, verbose=0)
    (tuner,) = made
    assert tuner is not None and ("chose", tuner.choice) in tuner.log
    assert lim.current() == before


@pytest.mark.parametrize("n", [1, 2])
def test_blas_limiter_sets_and_restores(n):
    lim = threads.BlasLimiter()
    before = lim.current()
    if before is None:
        pytest.skip("no BLAS library reported by threadpoolctl")
    lim.set(n)
    assert lim.current() == n
    lim.restore()
    assert lim.current() == before
