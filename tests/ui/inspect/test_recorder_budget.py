"""The look-inside recorders keep within a time budget inside fit (a run of millisecond epochs must
not be slowed down several times by them), and the last epoch is always recorded."""

from netbuilder.core.callbacks import Callback
from netbuilder.ui.inspect import _Quiet


class Clock:
    def __init__(self):
        self.t = 0.0

    def __call__(self):
        return self.t


class Costly(Callback):
    """A recorder whose epoch end takes ``cost`` seconds of the fake clock."""

    def __init__(self, clock, cost):
        super().__init__()
        self.clock, self.cost, self.ends = clock, cost, []

    def on_epoch_end(self, epoch, logs=None):
        self.clock.t += self.cost
        self.ends.append(epoch)


def run(epochs, epoch_s, cost):
    clock = Clock()
    inner = Costly(clock, cost)
    q = _Quiet(inner, clock=clock)
    q.set_params({"epochs": epochs})
    q.on_train_begin()
    for e in range(epochs):
        q.on_epoch_begin(e)
        clock.t += epoch_s  # the epoch's own training
        q.on_epoch_end(e)
    return q, inner, clock


def test_a_short_run_records_every_epoch():
    q, inner, _ = run(epochs=5, epoch_s=0.005, cost=0.02)  # 0.1 s of recording: inside the free part
    assert inner.ends == q.recorded == [0, 1, 2, 3, 4]


def test_a_long_run_of_tiny_epochs_keeps_the_recorder_to_its_share_and_records_the_last_epoch():
    epochs = 2000
    q, inner, clock = run(epochs=epochs, epoch_s=0.005, cost=0.02)  # recording every epoch: 5x the training
    training = epochs * 0.005
    assert q.spent <= _Quiet.FREE_S + _Quiet.SHARE * clock.t + 2 * 0.02  # one overshoot and the last epoch
    assert q.spent < 0.3 * training  # instead of 4x the training time
    assert inner.ends[:5] == [0, 1, 2, 3, 4] and inner.ends[-1] == epochs - 1
    assert len(inner.ends) < epochs / 5 and inner.ends == sorted(set(inner.ends))


def test_a_recorder_that_fails_is_silenced_and_the_run_goes_on():
    class Broken(Callback):
        def on_epoch_end(self, epoch, logs=None):
            raise RuntimeError("a bug in a view")

    q = _Quiet(Broken())
    q.set_params({"epochs": 3})
    q.on_train_begin()
    for e in range(3):
        q.on_epoch_begin(e)
        q.on_epoch_end(e)
    assert isinstance(q.error, RuntimeError)
