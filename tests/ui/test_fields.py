"""Inspector fields say what they did with input they could not take (issue 25)."""

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QApplication

from netbuilder.ui import fields


def _commit(qtbot, w, text):
    w.lineEdit().selectAll()
    qtbot.keyClicks(w.lineEdit(), text)
    qtbot.keyClick(w.lineEdit(), Qt.Key_Return)


def test_int_field_clamps_1e300_and_says_so(qtbot):
    w = fields.IntField(minimum=0, maximum=10_000_000)
    qtbot.addWidget(w)
    w.set_value(16)
    said, values = [], []
    w.refused.connect(said.append)
    w.committed.connect(values.append)
    _commit(qtbot, w, "1e300")
    assert w.value() == 10_000_000 and values == [10_000_000]
    assert said and "1e300" in said[0] and "10,000,000" in said[0]


def test_int_field_rounds_a_decimal_and_clamps_below_the_minimum(qtbot):
    w = fields.IntField(minimum=0, maximum=100)
    qtbot.addWidget(w)
    w.set_value(5)
    said = []
    w.refused.connect(said.append)
    _commit(qtbot, w, "2.6")
    assert w.value() == 3 and "rounded" in said[-1]
    _commit(qtbot, w, "-7")
    assert w.value() == 0 and "smallest" in said[-1]
    n = len(said)
    _commit(qtbot, w, "42")  # an ordinary value: nothing to say
    assert w.value() == 42 and len(said) == n


def test_a_million_character_paste_is_refused_before_layout(qtbot):
    w = fields.TextField(literal=False)
    qtbot.addWidget(w)
    w.show()
    w.setText("dense")
    said = []
    w.refused.connect(said.append)
    QApplication.clipboard().setText("x" * 1_000_000)
    w.setFocus()
    qtbot.keySequence(w, QKeySequence.Paste)
    assert w.text() == "dense"  # nothing pasted
    assert said and "1,000,000" in said[0] and str(f"{fields.MAX_TEXT_LENGTH:,}") in said[0]
    QApplication.clipboard().setText("_1")
    qtbot.keySequence(w, QKeySequence.Paste)
    assert w.text().endswith("_1")  # a short paste still works


def test_text_fields_hold_at_most_the_limit_whatever_the_route(qtbot):
    for cls in (fields.TextField, fields.TupleField, fields.FloatField):
        w = cls()
        qtbot.addWidget(w)
        said = []
        w.refused.connect(said.append)
        w.insert("7" * (fields.MAX_TEXT_LENGTH + 50))  # a drop or the context menu's Paste
        assert len(w.text()) <= fields.MAX_TEXT_LENGTH, cls


def test_inspector_shows_the_field_refusal_in_the_status_bar(win, qtbot):
    assert win.open_example("playground_spiral")
    win.scene.select_names(["hidden_1"])
    win.inspector.show_node("hidden_1", win.report)
    units = win.inspector.editors["units"]
    _commit(qtbot, units, "1e300")
    assert "1e300" in win.statusBar().currentMessage()
    assert win.doc.nodes["hidden_1"].config["units"] == units.maximum()


def test_settings_panel_spin_boxes_clamp_and_say_so(win, qtbot):
    panel = win.training_ui.config_panel
    epochs = panel.epochsSpin
    _commit(qtbot, epochs, "1e300")
    assert epochs.value() == epochs.maximum()
    assert "1e300" in win.statusBar().currentMessage()
    assert "1e300" in win.training_ui.controls.statusLabel.text()
    split = panel.validationSplitSpin
    _commit(qtbot, split, "1e300")
    assert split.value() == split.maximum() and "1e300" in win.statusBar().currentMessage()
    lr = panel.learningRateSpin
    said = []
    lr.refused.connect(said.append)
    _commit(qtbot, lr, "1e-3")  # scientific notation is a number like any other
    assert abs(lr.value() - 0.001) < 1e-12 and said == []


def test_a_value_that_cannot_be_shown_leaves_the_field_listening(qtbot):
    """set_value blocks the field's signals while it writes; a value it trips on must not leave them
    blocked (the field would stop committing edits for the rest of the session)."""
    from netbuilder.ui.fields import FloatField

    field = FloatField()
    qtbot.addWidget(field)
    with pytest.raises((TypeError, ValueError)):
        field.set_value("not a number")
    assert not field.signalsBlocked()
    seen = []
    field.committed.connect(seen.append)
    field.setText("0.5")
    field.editingFinished.emit()
    assert seen == [0.5]
