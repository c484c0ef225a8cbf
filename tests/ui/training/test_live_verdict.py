"""The coach's in-run verdict tells the truth about the run as it is now: an "overfitting" verdict
given early is taken down when the validation loss falls to a new low, and comes back when it
rises again (it stayed on the banner for the rest of the run, "has risen for 6 epochs to 0.69",
while the validation loss went on falling to 0.27)."""

from netbuilder.ui.training import worker as W


def test_an_overfitting_verdict_goes_when_val_loss_reaches_a_new_low(qtbot, training_window):
    win, ui = training_window
    c = ui.controller
    shown = []
    c.diagnosisChanged.connect(shown.append)
    rise = [(e, {"loss": 1.0 / (1 + e), "val_loss": 0.7 - 0.01 * min(e, 3) + 0.005 * max(0, e - 3)})
            for e in range(10)]  # lowest at epoch 4, then rising for 6 epochs: overfitting
    c._on_logs(W.LogBundle([], rise))
    assert shown and shown[-1].kind == "overfitting" and shown[-1].best_epoch == 4
    fall = [(e, {"loss": 1.0 / (1 + e), "val_loss": 0.5 - 0.002 * e}) for e in range(10, 40)]
    c._on_logs(W.LogBundle([], fall))  # a new low every epoch: nothing to say during the run
    assert shown[-1] is None and c.diagnosis is None
    assert ui.banner.isHidden()
    again = [(e, {"loss": 1.0 / (1 + e), "val_loss": 0.42 + 0.01 * (e - 39)}) for e in range(40, 50)]
    c._on_logs(W.LogBundle([], again))
    assert shown[-1].kind == "overfitting" and shown[-1].best_epoch == 40
