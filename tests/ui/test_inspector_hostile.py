"""Every layer kind's inspector fed hostile values: each is applied or refused on the form, and no
exception escapes a slot (the canvas, shape inference, the Keras code view and the Try-it panel all
react to every accepted edit)."""

import sys

import pytest

from netbuilder.core.registry import LAYERS
from netbuilder.ui.fields import BoolField, ChoiceField, FloatField, IntField, TextField, TupleField

#: What a careless or curious learner types into each kind of field (as text) ...
TYPED = {
    FloatField: ["nan", "inf", "-1e300", "1e300", "abc", "", "0", "-0.5"],
    TupleField: ["", "(", "0", "-1, 2", "1e9, 1e9", "((1,))", "a, b", "999999999"],
    TextField: ["", "None", "[[[]]]", "{'a': 1}", "x" * 5000, "__import__('os')", "-1", "1e400"],
}
#: ... and values emitted as if a field had produced them (wrong types included).
EMITTED = [0, -1, 10 ** 12, 2.5, float("nan"), "abc", None, [], [0], [-1, -1], {"class_name": "Nope"}, True]


@pytest.fixture
def hook_records():
    seen = []
    old, sys.excepthook = sys.excepthook, lambda *exc: seen.append(exc)
    yield seen
    sys.excepthook = old


def _editors(win):
    return [(k, w) for k, w in win.inspector.editors.items() if k != "name"]


@pytest.mark.parametrize("cls", [n for n in LAYERS.names() if n != "InputLayer"])
def test_every_layer_inspector_survives_hostile_values(win, hook_records, cls):
    from tests.ui.test_canvas import drop

    win.new_project()
    inp = drop(win, "InputLayer", (0, 0))
    win.scene.select_names([inp])
    node = win.add_after_selected(cls)
    assert win.inspector.node_name == node
    for key, _ in _editors(win):
        for value in EMITTED:
            field = win.inspector.editors.get(key)
            if field is None or win.inspector.node_name != node:
                break
            field.committed.emit(value)
        field = win.inspector.editors.get(key)
        if field is None:
            continue
        for text in TYPED.get(type(field), []):
            field = win.inspector.editors.get(key)
            field.setText(text)
            field.editingFinished.emit()
        if isinstance(field, IntField):
            for v in (field.minimum(), field.maximum()):
                win.inspector.editors[key].setValue(v)
        if isinstance(field, ChoiceField):
            for i in range(field.count()):
                win.inspector.editors[key].setCurrentIndex(i)
        if isinstance(field, BoolField):
            win.inspector.editors[key].toggle()
    import traceback
    assert hook_records == [], "".join(traceback.format_exception(*hook_records[0]))
    # the document is still a consistent graph the window can describe and save
    cfg = win.doc.to_config()
    assert {entry["name"] for entry in cfg["config"]["layers"]} == set(win.doc.nodes)
    win.undo_stack.undo()  # undo works after any sequence
    assert win.status_label.text()
