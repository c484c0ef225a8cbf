"""The health panel follows a fast run without rebuilding its table at every epoch (issue 25): the
verdicts follow each epoch, the table at most every ``TABLE_REFRESH_S`` (a test clock here), reusing
its rows, and the remedy buttons stay while the remedies do."""

from netbuilder.core.introspect.stats import LayerHealth
from netbuilder.ui.inspect import health_panel as HP


def _stats(grad_first):
    def layer(g, act):
        return LayerHealth(weight_norms={"kernel": 1.0}, weight_hist={}, grad_norms={"kernel": g}, grad_hist={},
                           activation=act, saturated_share=0.0)
    return {"s0": layer(grad_first, "sigmoid"), "s1": layer(1.0, "sigmoid"), "out": layer(1.0, "softmax")}


def test_epochs_within_the_refresh_interval_update_the_table_once_later(qtbot, monkeypatch):
    clock = [100.0]
    monkeypatch.setattr(HP, "_now", lambda: clock[0])
    panel = HP.HealthPanel()
    qtbot.addWidget(panel)
    panel.add_epoch(0, _stats(0.5))
    assert panel.table.item(0, 2).text() == "0.5"  # the first epoch: at once
    strip = panel.table.cellWidget(0, 5)
    for e in range(1, 6):  # five more epochs in the same instant
        panel.add_epoch(e, _stats(0.5 / (e + 1)))
    assert len(panel.epochs) == 6 and panel.table.item(0, 2).text() == "0.5"  # not rebuilt per epoch
    assert panel._table_timer.isActive()
    qtbot.waitUntil(lambda: panel.table.item(0, 2).text() == f"{0.5 / 6:.3g}", timeout=5000)  # the newest, soon
    assert panel.table.cellWidget(0, 5) is strip  # rows reused
    clock[0] += HP.TABLE_REFRESH_S
    panel.add_epoch(6, _stats(0.01))
    assert panel.table.item(0, 2).text() == "0.01"  # the interval is over: at once


def test_remedy_buttons_stay_while_the_remedies_do(qtbot):
    panel = HP.HealthPanel()
    qtbot.addWidget(panel)
    panel.add_epoch(0, _stats(1e-6))  # first layer's gradient a million times smaller: vanishing
    panel.add_epoch(1, _stats(1e-6))
    assert panel.buttons, "a vanishing-gradient verdict offers remedies"
    buttons = dict(panel.buttons)
    panel.add_epoch(2, _stats(1e-6))
    assert panel.buttons == buttons  # the same button objects, not made again
    panel.clear()
    assert panel.buttons == {} and panel.table.rowCount() == 0
