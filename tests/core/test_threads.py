"""The BLAS thread tuner's choices, driven by a fake clock and a fake limiter (no timing here)."""

import math

import numpy as np
import pytest

from netbuilder.core import callbacks, layers, models, threads
from netbuilder.core.layers import _parallel, rnn_loop


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
    """Batch time as a function of the thread count in force: ``cost[n]`` seconds, of which the
    training thread gets ``share`` on the CPU (1: its core to itself; beside a busy program, less)."""

    def __init__(self, limiter, cost):
        self.limiter, self.cost, self.t, self.cpu, self.share = limiter, dict(cost), 0.0, 0.0, 1.0

    def clock(self):
        return self.t

    def cpu_clock(self):
        return self.cpu

    def run(self, tuner, batches):
        for b in range(batches):
            tuner.on_train_batch_begin(b)
            self.t += self.cost[self.limiter.now]
            self.cpu += self.share * self.cost[self.limiter.now]
            tuner.on_train_batch_end(b)


def settled(cost):
    """Batches after which a quiet machine's close call has had its second round, CONFIRM_S later."""
    return 40 + int(threads.CONFIRM_S / min(cost.values())) + 40


def tuned(cost, max_threads=2, batches=40, current=None, budget=None):
    lim = FakeLimiter(current)
    m = Machine(lim, cost)
    t = threads.ThreadTuner(limiter=lim, clock=m.clock, max_threads=max_threads, cpu_clock=m.cpu_clock,
                            budget=budget if budget is not None else threads.Budget())
    t.on_train_begin()
    m.run(t, batches)
    return t, lim, m


@pytest.fixture
def no_user_threads(monkeypatch):
    for var in threads._USER_VARS:
        monkeypatch.delenv(var, raising=False)


def test_quiet_machine_keeps_every_core():
    t, lim, _ = tuned({1: 0.020, 2: 0.012}, batches=40 + int(threads.CONFIRM_S / 0.012) + 40)
    assert t.choice == 2 and lim.now == 2
    # 1 thread is not DECISIVE-ly slower: every count is timed again CONFIRM_S later
    assert t.log == [("probe", 2), ("probe", 1), ("chose", 2)] * 2


def test_a_close_call_is_confirmed_later_by_each_counts_faster_round():
    """A GUI burst or another program's phase during the first probe slows 2 threads (W1 in the window
    chose 1 thread on a quiet machine once in 3): the second round, CONFIRM_S later, undoes it; a round
    right after the first would have fallen in the same burst."""
    t, lim, m = tuned({1: 0.0034, 2: 0.0058}, batches=0)  # 2 threads during a burst
    while t.choice is None:
        m.run(t, 1)
    assert t.choice == 1 and t.log[-1] == ("chose", 1)
    m.cost = {1: 0.0034, 2: 0.0023}  # the burst is over
    m.run(t, int(threads.CONFIRM_S / 0.0034) - 2)
    assert t.choice == 1  # not before CONFIRM_S
    m.run(t, 2 + 40)
    assert t.choice == 2 and lim.now == 2 and t.log.count(("chose", 2)) == 1
    t, lim, m = tuned({1: 0.0034, 2: 0.0058}, batches=30 + int(threads.CONFIRM_S / 0.0034) + 40)
    assert t.choice == 1 and t.log.count(("probe", 2)) == 2  # slower in both rounds: 1 thread
    m.run(t, 2000)
    assert t.log.count(("probe", 2)) == 2  # and no third round


def test_busy_machine_drops_to_one_thread():
    """Beside another program, two BLAS threads wait on each other: one is faster."""
    t, lim, _ = tuned({1: 0.030, 2: 0.250})
    assert t.choice == 1 and lim.now == 1


def test_the_machine_getting_busy_starts_a_new_probe():
    t, lim, m = tuned({1: 0.020, 2: 0.012}, batches=settled({1: 0.020, 2: 0.012}))
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


def test_a_count_that_slowed_down_waits_for_the_periodic_probe():
    """Beside another NumPy program whose phases come and go, a probe in one of its lulls chose 2 threads
    again and each return collapsed (W1 4.6x its quiet epoch): a count that slowed down is probed again
    only by the periodic probe."""
    t, lim, m = tuned({1: 0.020, 2: 0.012}, batches=settled({1: 0.020, 2: 0.012}))
    assert t.choice == 2
    m.cost = {1: 0.030, 2: 0.250}  # the other program starts: 2 threads collapse
    m.run(t, threads.PATIENCE + 2 * (threads.PROBE + 1))
    assert t.choice == 1
    m.cost = {1: 0.012, 2: 0.008}  # a lull: one thread got faster, and 2 would look better still
    lull = max(threads.PATIENCE, math.ceil(threads.DRIFT_MIN_S / 0.012)) + 2 * (threads.PROBE_MAX + 1)
    m.run(t, lull)
    after = t.log[t.log.index(("chose", 1)):]
    assert t.choice == 1 and ("probe", 1) in after and ("probe", 2) not in after  # 2 not tried in the lull
    m.run(t, int(threads.REPROBE_S / 0.012) + 4 * (threads.PROBE_MAX + 1))
    assert t.choice == 2  # the periodic probe tries every count again


def test_a_busy_machine_pays_little_for_the_periodic_probe():
    t, lim, m = tuned({1: 0.030, 2: 0.250}, batches=5000)  # 150 s of training beside another program
    probes = sum(1 for a in t.log if a == ("probe", 2))
    slow = probes * (threads.PROBE + 1) * (0.250 - 0.030)
    assert t.choice == 1 and slow / m.t < 0.05


def test_probe_uses_the_median_not_one_noisy_batch():
    lim = FakeLimiter()
    times = iter([0.5, 0.010, 0.011, 0.300,   # 2 threads: warm-up, then 0.010, 0.011, one outlier
                  0.5, 0.015, 0.016, 0.014])  # 1 thread: warm-up, then ~0.015
    t = threads.ThreadTuner(limiter=lim, clock=lambda: 0.0, max_threads=2, budget=threads.Budget())
    t.on_train_begin()
    for s in times:
        t.record(s)
    assert t.choice == 2


def test_an_outer_limit_caps_the_candidates():
    """A limit already in force (a user's limits block, an evaluation's): the tuner never goes above it."""
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


def test_fit_runs_the_tuner_and_restores_the_thread_count(monkeypatch, no_user_threads):
    """Through a real fit: the tuner probes, chooses, and leaves BLAS as it found it; the engine's
    pools use the count in force at every batch, and no cap is left behind."""
    monkeypatch.setattr(threads, "available_cores", lambda: 2)
    monkeypatch.setattr(threads, "BUDGET", threads.Budget())
    made = []
    real = threads.tuner_for_fit

    def spy():
        t = real()
        made.append(t)
        return t
    monkeypatch.setattr(threads, "tuner_for_fit", spy)
    lim = threads.BlasLimiter()
    before = lim.current()
    x = np.random.default_rng(0).standard_normal((1280, 64)).astype("float32")  # room for two probe rounds
    y = (x[:, :1] > 0).astype("float32")
    model = models.Sequential([layers.Input((64,)), layers.Dense(64, activation="relu"),
                               layers.Dense(1, activation="sigmoid")])
    model.compile(optimizer="adam", loss="binary_crossentropy")
    seen = []
    watch = callbacks.LambdaCallback(
        on_train_batch_end=lambda b, logs: seen.append((threads.BUDGET.cap, _parallel.workers())))
    model.fit(x, y, batch_size=16, epochs=1, verbose=0, callbacks=[watch])
    (tuner,) = made
    assert tuner is not None and ("chose", tuner.choice) in tuner.log
    assert lim.current() == before
    assert {cap for cap, _ in seen} == {1, 2}  # both candidates were tried...
    assert all(cap == n for cap, n in seen)  # ...with the batch-slice pool at the same count
    chosen = [n for action, n in tuner.log if action == "chose"]
    assert threads.BUDGET.cap is None and threads.BUDGET.last_choice == chosen[-1]


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


# ---------------------------------------------------------------- the engine's thread budget
class BudgetMachine(Machine):
    """Also notes, at every batch, the budget the engine's pools would get."""

    def __init__(self, limiter, cost, budget):
        super().__init__(limiter, cost)
        self.budget, self.seen = budget, []

    def run(self, tuner, batches):
        for b in range(batches):
            tuner.on_train_batch_begin(b)
            self.seen.append((self.limiter.now, self.budget.threads()))
            self.t += self.cost[self.limiter.now]
            tuner.on_train_batch_end(b)


def test_the_budget_follows_every_count_the_tuner_sets(monkeypatch, no_user_threads):
    """Probing, choosing, re-probing when the machine gets busy: the pools use BLAS's count."""
    monkeypatch.setattr(threads, "available_cores", lambda: 2)
    lim, budget = FakeLimiter(), threads.Budget()
    m = BudgetMachine(lim, {1: 0.020, 2: 0.012}, budget)
    t = threads.ThreadTuner(limiter=lim, clock=m.clock, max_threads=2, budget=budget)
    t.on_train_begin()
    m.run(t, 20)
    m.cost = {1: 0.030, 2: 0.250}  # another program starts
    m.run(t, 40)
    assert t.choice == 1 and budget.threads() == 1  # busy: the pools add no thread either
    assert {n for n, _ in m.seen} == {1, 2}
    assert all(blas == pools for blas, pools in m.seen)


def test_the_budget_is_restored_and_the_choice_kept_when_training_ends(monkeypatch, no_user_threads):
    monkeypatch.setattr(threads, "available_cores", lambda: 4)
    budget = threads.Budget()
    t, lim, _ = tuned({1: 0.030, 2: 0.250}, budget=budget)
    assert budget.cap == 1 and budget.threads() == 1
    t.on_train_end()
    assert budget.cap is None and budget.threads() == 4 and budget.last_choice == 1


def test_a_fit_ending_while_re_probing_leaves_its_last_choice(monkeypatch, no_user_threads):
    monkeypatch.setattr(threads, "available_cores", lambda: 2)
    budget = threads.Budget()
    t, lim, m = tuned({1: 0.020, 2: 0.012}, budget=budget)
    m.cost = {1: 0.030, 2: 0.250}
    m.run(t, threads.PATIENCE + 1)  # the machine got busy: a new probe has begun
    assert t.choice is None
    t.on_train_end()
    assert budget.last_choice == 2 and budget.cap is None


def test_a_tuner_inside_a_limit_gives_the_limit_back(monkeypatch, no_user_threads):
    monkeypatch.setattr(threads, "available_cores", lambda: 4)
    budget, lim = threads.Budget(), FakeLimiter(current=2)
    with threads.limited(2, limiter=lim, budget=budget):
        t, _, _ = tuned({1: 0.01, 2: 0.02}, budget=budget, current=2)
        assert t.choice == 1 and budget.threads() == 1
        t.on_train_end()
        assert budget.threads() == 2
    assert budget.cap is None and lim.restored


def test_the_users_thread_count_sets_the_budget(monkeypatch, no_user_threads):
    monkeypatch.setattr(threads, "available_cores", lambda: 8)
    budget = threads.Budget()
    budget.cap = 2
    monkeypatch.setenv("OPENBLAS_NUM_THREADS", "3")
    assert threads.user_thread_count() == 3 and budget.threads() == 3
    monkeypatch.setenv("OMP_NUM_THREADS", "1")  # OMP_NUM_THREADS first, as OpenBLAS reads it
    assert budget.threads() == 1
    monkeypatch.delenv("OMP_NUM_THREADS")
    monkeypatch.delenv("OPENBLAS_NUM_THREADS")
    monkeypatch.setenv("MKL_NUM_THREADS", "zero")  # not a count: the cores and the cap decide
    assert threads.user_thread_count() is None and budget.threads() == 2


def test_the_budget_never_exceeds_the_cores(monkeypatch, no_user_threads):
    monkeypatch.setattr(threads, "available_cores", lambda: 2)
    budget = threads.Budget()
    budget.cap = 6
    assert budget.threads() == 2


def test_limited_sets_blas_and_the_budget_then_restores_both(monkeypatch, no_user_threads):
    monkeypatch.setattr(threads, "available_cores", lambda: 4)
    budget, lim = threads.Budget(), FakeLimiter()
    with threads.limited(1, limiter=lim, budget=budget):
        assert lim.now == 1 and budget.threads() == 1
    assert lim.restored and budget.cap is None and budget.threads() == 4
    lim = FakeLimiter()
    with threads.limited(None, limiter=lim, budget=budget):  # no choice yet: as it is
        assert budget.threads() == 4
    assert lim.calls == [] and not lim.restored
    monkeypatch.setenv("OMP_NUM_THREADS", "3")
    with threads.limited(1, limiter=lim, budget=budget):  # the user's count wins
        assert budget.threads() == 3
    assert lim.calls == []


def test_limited_restores_after_an_error(monkeypatch, no_user_threads):
    budget, lim = threads.Budget(), FakeLimiter()
    with pytest.raises(RuntimeError):
        with threads.limited(1, limiter=lim, budget=budget):
            raise RuntimeError("inside")
    assert lim.restored and budget.cap is None


def test_the_engines_pools_follow_the_budget(monkeypatch, no_user_threads):
    """The batch-slice pool and the recurrent chunk worker add threads only on a budget of 2+."""
    monkeypatch.setattr(threads, "available_cores", lambda: 4)
    monkeypatch.setattr(threads, "BUDGET", threads.Budget())
    monkeypatch.setattr(_parallel, "MIN_WORK", 1)
    monkeypatch.setitem(rnn_loop._MODE, "threads", "auto")
    slices = []
    _parallel.batch_map(lambda a, b: slices.append((a, b)), 12, work=10**9)
    assert len(slices) == 4 and _parallel.workers() == 4
    assert rnn_loop.use_threads(np, 1000, 1e9)
    threads.BUDGET.cap = 1  # the tuner found one thread fastest: the machine is busy
    slices.clear()
    _parallel.batch_map(lambda a, b: slices.append((a, b)), 12, work=10**9)
    assert slices == [(0, 12)]
    assert not rnn_loop.use_threads(np, 1000, 1e9)


def test_a_fit_that_raised_is_undone_by_the_next(monkeypatch, no_user_threads):
    """fit calls no on_train_end when it raises: the next tuner restores what that one had set."""
    monkeypatch.setattr(threads, "available_cores", lambda: 2)
    budget = threads.Budget()
    first, lim, _ = tuned({1: 0.01, 2: 0.02}, budget=budget, batches=5)  # mid-probe, at 1 thread
    assert budget.cap == 1 and not lim.restored  # ...and the fit raises here
    second, lim2, _ = tuned({1: 0.02, 2: 0.01}, budget=budget)
    assert lim.restored and second.choice == 2 and budget.cap == 2
    second.on_train_end()
    assert budget.cap is None and budget.tuner is None


def test_a_tuner_running_in_another_thread_is_left_alone(monkeypatch, no_user_threads):
    import threading

    monkeypatch.setattr(threads, "available_cores", lambda: 2)
    budget = threads.Budget()
    started, release = threading.Event(), threading.Event()
    box = {}

    def other_fit():
        box["tuner"], box["lim"], _ = tuned({1: 0.01, 2: 0.02}, budget=budget, batches=5)
        started.set()
        release.wait(10)

    worker = threading.Thread(target=other_fit)
    worker.start()
    try:
        assert started.wait(10)
        second, _, _ = tuned({1: 0.02, 2: 0.01}, budget=budget)
        assert not box["lim"].restored  # still training over there
        second.on_train_end()
        assert budget.tuner[0] is box["tuner"] and budget.cap == 1  # back to the other fit's
    finally:
        release.set()
        worker.join()
    third, _, _ = tuned({1: 0.02, 2: 0.01}, budget=budget)
    assert box["lim"].restored  # its thread has ended: abandoned


def test_blas_limits_set_in_one_thread_do_not_lock_out_the_next():
    """Each window run fits in a new thread: the thread tuner of the second run must still
    change BLAS's (process-wide) count after the first run's thread has set it."""
    import threading

    if (threads.BlasLimiter().current() or 0) < 2:
        pytest.skip("no BLAS library with 2+ threads reported by threadpoolctl")
    seen = []

    def run(n):
        lim = threads.BlasLimiter()
        lim.set(n)
        seen.append(threads.BlasLimiter().current())
        lim.restore()

    run(1)  # this (main) thread first
    for n in (1, 2):
        t = threading.Thread(target=run, args=(n,))
        t.start()
        t.join()
    assert seen == [1, 1, 2]


def test_the_tuner_times_the_step_not_the_other_callbacks(monkeypatch):
    """A callback that waits after each batch (the window waiting for its GUI, a Pause) adds no batch time."""
    clock = [0.0]
    monkeypatch.setattr(threads, "tuner_for_fit", lambda: threads.ThreadTuner(
        limiter=FakeLimiter(), clock=lambda: clock[0], max_threads=2, budget=threads.Budget()))
    recorded = []
    monkeypatch.setattr(threads.ThreadTuner, "record", lambda self, seconds, cpu=None: recorded.append(seconds))
    waits = callbacks.LambdaCallback(on_train_batch_end=lambda b, logs: clock.__setitem__(0, clock[0] + 1.0))
    x = np.zeros((32, 4), "float32")
    model = models.Sequential([layers.Input((4,)), layers.Dense(1)])
    model.compile(optimizer="sgd", loss="mse")
    model.fit(x, x[:, :1], batch_size=8, epochs=1, verbose=0, callbacks=[waits])
    assert recorded == [0.0] * 4


def test_tuning_off_here_leaves_other_threads_their_tuner(monkeypatch, no_user_threads):
    """The cost estimate times batches itself with the tuner off in its own thread; a run in another
    thread (the window's training) still gets its tuner meanwhile."""
    import threading

    monkeypatch.setattr(threads, "available_cores", lambda: 2)
    inside, meanwhile = threading.Event(), []
    release = threading.Event()

    def measuring():
        with threads.tuning_off_here():
            meanwhile.append(threads.tuner_for_fit())
            inside.set()
            release.wait(10)

    t = threading.Thread(target=measuring)
    t.start()
    assert inside.wait(10)
    assert threads.tuner_for_fit() is not None  # the other thread's run
    release.set()
    t.join(10)
    assert meanwhile == [None]


def test_a_near_tie_keeps_the_most_threads():
    """Within FEWER_MARGIN the noise decides, and on a quiet machine more threads is its fast side (W1
    chose 1 thread 1 time in 3 and ran 50 % slower); a clearly faster single thread still wins."""
    t, lim, _ = tuned({1: 0.0200, 2: 0.0204})  # 2 % slower with 2 threads: a tie
    assert t.choice == 2 and lim.now == 2
    t, lim, _ = tuned({1: 0.0100, 2: 0.0200})  # busy machine: 1 thread twice as fast
    assert t.choice == 1 and lim.now == 1


def test_short_batches_are_probed_for_long_enough():
    """Batches of a few milliseconds are timed until PROBE_MIN_S has passed at each count (capped at
    PROBE_MAX batches), not only PROBE of them."""
    def needed(cost):  # the batches until their sum reaches PROBE_MIN_S (at least PROBE, at most PROBE_MAX)
        return min(threads.PROBE_MAX, max(threads.PROBE, math.ceil(threads.PROBE_MIN_S / cost - 1e-9)))

    t, lim, m = tuned({1: 0.0060, 2: 0.0040}, batches=200)
    probes = {n: len(v) for n, v in t._times.items()}
    assert probes == {2: needed(0.0040), 1: needed(0.0060)} and probes[2] > threads.PROBE
    t, lim, m = tuned({1: 1e-5, 2: 1e-5}, batches=200)  # tiny batches: PROBE_MAX, then a choice
    assert {n: len(v) for n, v in t._times.items()} == {2: threads.PROBE_MAX, 1: threads.PROBE_MAX}
    assert t.choice == 2


def busy_one_thread(share=1.0):
    """A tuner that chose 1 thread beside a 2-thread NumPy program (2 threads 12x slower: one round)."""
    t, lim, m = tuned({1: 0.004, 2: 0.050}, batches=0)
    m.share = share
    m.run(t, 40)
    assert t.choice == 1 and [a for a in t.log if a[0] == "probe"] == [("probe", 2), ("probe", 1)]
    return t, lim, m


def test_a_slowdown_at_one_thread_probes_no_more_threads():
    """Beside a NumPy job the batches at 1 thread came and went between 4 and 8 ms; each slowdown
    probed 2 threads (50 ms a batch) again: p2 p1 c1 p2 p1 c1 ... (W1 3.2x its quiet epoch, not 2.3x).
    A busier machine at one thread only moves the reference time."""
    t, lim, m = busy_one_thread()
    m.cost = {1: 0.008, 2: 0.100}  # the other program's heavier phase
    m.run(t, 500)
    after = t.log[t.log.index(("chose", 1)):]
    assert ("kept", 1) in after and not [a for a in after if a[0] == "probe"]
    assert t.choice == 1 and lim.now == 1 and t._base == pytest.approx(0.008)
    m.cost = {1: 0.004, 2: 0.050}  # and back: 2x faster than the new reference, with a free core
    m.run(t, 200)
    assert ("probe", 2) in t.log[t.log.index(("kept", 1)):]  # a quieter machine: every count again
    assert t.choice == 1 and lim.now == 1


def test_the_periodic_probe_waits_for_a_free_core():
    """While the training thread gets less than SHARE_FREE of a core, no core is idle for a second
    BLAS thread: the periodic probe keeps the count; once it gets its core again, both are tried."""
    t, lim, m = busy_one_thread(share=0.6)
    m.run(t, int(3 * threads.REPROBE_S / 0.004))  # 90 s beside the other program
    after = t.log[t.log.index(("chose", 1)):]
    assert ("probe", 2) not in after and after.count(("kept", 1)) >= 2
    m.share, m.cost = 1.0, {1: 0.004, 2: 0.0025}  # it ended
    m.run(t, int(threads.REPROBE_S / 0.004) + 4 * (threads.PROBE_MAX + 1))
    assert t.choice == 2 and lim.now == 2


def test_a_speedup_without_a_free_core_keeps_the_count():
    """A lull of the other program makes one thread faster, but the thread still lacks a core: no probe."""
    t, lim, m = busy_one_thread(share=0.6)
    m.cost = {1: 0.0022, 2: 0.0015}  # 1.8x faster than the reference, and 2 would win in the lull
    m.run(t, 400)
    after = t.log[t.log.index(("chose", 1)):]
    assert ("kept", 1) in after and ("probe", 2) not in after and t.choice == 1


def test_a_short_slowdown_is_not_a_busy_machine():
    """A window's paint slows a few short batches: PATIENCE of them but under DRIFT_MIN_S is no
    reason to probe; a slowdown that lasts DRIFT_MIN_S is."""
    t, lim, m = tuned({1: 0.0034, 2: 0.0023}, batches=100)
    assert t.choice == 2
    probes = len([a for a in t.log if a[0] == "probe"])
    m.cost = {1: 0.0068, 2: 0.0046}  # 2x slower...
    m.run(t, threads.PATIENCE + 2)  # ...for 10 batches, 46 ms
    m.cost = {1: 0.0034, 2: 0.0023}
    m.run(t, 100)
    assert t.choice == 2 and len([a for a in t.log if a[0] == "probe"]) == probes
    m.cost = {1: 0.0068, 2: 0.0046}
    m.run(t, math.ceil(threads.DRIFT_MIN_S / 0.0046) + 1)
    assert t.choice is None and t.log[-1] == ("probe", 2)  # a lasting slowdown: probed again, 2 first


def test_a_whole_machine_slowing_down_keeps_every_core():
    """A virtual machine's neighbours (or a laptop's clock) slow every count alike: the probe after the
    slowdown tries the choice again, and 2 threads still win (probing only below 2 dropped W1 to one
    thread, 1.5x slower, until the periodic probe 30 s later)."""
    cost = {1: 0.0034, 2: 0.0023}
    t, lim, m = tuned(cost, batches=settled(cost))
    assert t.choice == 2
    chosen = len(t.log)
    m.cost = {n: 1.7 * c for n, c in cost.items()}
    m.run(t, 400)
    after = t.log[chosen:]
    assert ("probe", 2) in after and ("probe", 1) in after and after[-1] == ("chose", 2)
    assert t.choice == 2 and lim.now == 2 and t._base == pytest.approx(1.7 * cost[2])
    m.cost = cost  # and back to full speed
    m.run(t, 400)
    assert t.choice == 2 and lim.now == 2
