"""Copying nodes leaves nothing behind that crashes Qt at exit."""

import subprocess
import sys


def test_process_with_copied_nodes_exits_cleanly():
    code = (
        "from PySide6.QtWidgets import QApplication\n"
        "app = QApplication([])\n"
        "from netbuilder.ui import clipboard\n"
        "clipboard.put_nodes([{'name': 'dense', 'class_name': 'Dense', 'config': {'units': 4}}])\n"
        "assert clipboard.get_nodes()[0]['name'] == 'dense'\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60,
                         env={**__import__("os").environ, "QT_QPA_PLATFORM": "offscreen"})
    assert out.returncode == 0, (out.returncode, out.stderr[-500:])


def test_foreign_clipboard_content_is_not_nodes(qtbot):
    from PySide6.QtWidgets import QApplication

    from netbuilder.ui import clipboard

    QApplication.clipboard().setText("hello")
    assert clipboard.get_nodes() is None


# ---------------------------------------------------------------------------- paste checks (issue 25)
import json  # noqa: E402

import pytest  # noqa: E402

GOOD = {"name": "dense_9", "class_name": "Dense", "config": {"units": 4, "activation": "relu"},
        "pos": [10.0, 20.0], "inputs": []}
MALFORMED = {
    "not a list": {"name": "x"},
    "empty list": [],
    "item not a dict": [3],
    "no name": [{**GOOD, "name": ""}],
    "name not text": [{**GOOD, "name": ["a"]}],
    "unknown class": [{**GOOD, "class_name": "Densest"}],
    "class not text": [{**GOOD, "class_name": 7}],
    "config not a dict": [{**GOOD, "config": "units=4"}],
    "config missing": [{k: v for k, v in GOOD.items() if k != "config"}],
    "pos missing": [{k: v for k, v in GOOD.items() if k != "pos"}],
    "pos not numbers": [{**GOOD, "pos": ["a", 1]}],
    "pos infinite": [{**GOOD, "pos": [1e400, 0]}],
    "inputs not a list": [{**GOOD, "inputs": "dense_1"}],
    "huge name": [{**GOOD, "name": "n" * 1_000_000}],
    "huge string in config": [{**GOOD, "config": {"units": 4, "activation": "r" * 100_000}}],
    "too many layers": [{**GOOD, "name": f"d{i}"} for i in range(5000)],
    "second item bad": [GOOD, {**GOOD, "name": "other", "pos": None}],
}


def _put_raw(raw: bytes):
    from PySide6.QtCore import QMimeData
    from PySide6.QtWidgets import QApplication

    from netbuilder.ui import clipboard

    data = QMimeData()
    data.setData(clipboard.NODES_MIME, raw)
    QApplication.clipboard().setMimeData(data)
    clipboard._release_at_exit()


def _snapshot(win):
    return json.dumps(win.doc.state(), sort_keys=True), win.undo_stack.count(), win.undo_stack.index()


@pytest.mark.parametrize("case", list(MALFORMED) + ["not JSON", "too large"])
def test_a_malformed_layers_payload_leaves_document_and_undo_stack_unchanged(win, case):
    assert win.open_example("playground_spiral")
    if case == "not JSON":
        raw = b'[{"name": "d", "class_name": "Dense"'
    elif case == "too large":
        raw = json.dumps([{**GOOD, "config": {"pad": "x" * 999, "n": list(range(400_000))}}]).encode()
    else:
        raw = json.dumps(MALFORMED[case]).encode()
    _put_raw(raw)
    before = _snapshot(win)
    win.paste()
    assert _snapshot(win) == before
    assert win.statusBar().currentMessage().startswith("✖"), win.statusBar().currentMessage()


def test_a_good_payload_pastes_as_one_undoable_step(win):
    assert win.open_example("playground_spiral")
    _put_raw(json.dumps([GOOD, {**GOOD, "name": "dense_10", "inputs": ["dense_9"]}]).encode())
    n, count = len(win.doc.nodes), win.undo_stack.count()
    win.paste()
    assert len(win.doc.nodes) == n + 2 and win.undo_stack.count() == count + 1
    pasted = [x for x in win.doc.nodes.values() if x.name.startswith("dense_1")]
    assert any(x.inputs for x in pasted)
    win.undo_stack.undo()
    assert len(win.doc.nodes) == n


def test_check_nodes_names_the_fault():
    from netbuilder.ui import clipboard

    with pytest.raises(clipboard.PasteRefused, match="unknown type"):
        clipboard.check_nodes([{**GOOD, "class_name": "Densest"}])
    assert clipboard.check_nodes([GOOD]) == [GOOD]
