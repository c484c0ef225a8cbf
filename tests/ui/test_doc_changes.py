"""The graph document says what changed; a drag does not describe the network again, a new config does."""

from PySide6.QtCore import QPoint, QPointF, Qt

from netbuilder.ui import commands
from netbuilder.ui import main_window as main_window_module
from netbuilder.ui.graph_model import CONFIG, MOVED, TOPOLOGY, GraphDocument


def _recorder(doc):
    seen = []
    for name in ("nodesMoved", "configChanged", "topologyChanged", "modelChanged", "changed"):
        getattr(doc, name).connect(lambda n=name: seen.append(n))
    return seen


def test_each_edit_emits_its_kind_and_undo_tells_a_move_apart():
    doc = GraphDocument()
    seen = _recorder(doc)
    inp = doc.add_node("InputLayer", (0, 0))
    assert seen == ["topologyChanged", "modelChanged", "changed"] and doc.last_change == {TOPOLOGY}
    dense = doc.add_node("Dense", (0, 100), inputs=[inp])
    seen.clear()
    move = commands.move(doc, {dense: (50.0, 120.0)})
    move.redo()
    assert seen == ["nodesMoved", "changed"] and doc.last_change == {MOVED}
    seen.clear()
    move.undo()  # a whole-state swap that only differs in positions is still a move
    assert seen == ["nodesMoved", "changed"] and doc.nodes[dense].pos == (0.0, 100.0)
    seen.clear()
    edit = commands.set_config(doc, dense, {**doc.nodes[dense].config, "units": 7})
    edit.redo()
    assert seen == ["configChanged", "modelChanged", "changed"] and doc.last_change == {CONFIG}
    seen.clear()
    edit.undo()
    assert doc.last_change == {CONFIG} and doc.nodes[dense].config["units"] != 7
    seen.clear()
    with doc.batch():  # several kinds in one batch: each signal once, at the end
        doc.set_positions({inp: (5.0, 5.0)})
        doc.disconnect(inp, dense)
        assert seen == []
    assert doc.last_change == {MOVED, TOPOLOGY}
    assert seen == ["nodesMoved", "topologyChanged", "modelChanged", "changed"]


def test_a_drag_does_not_rerun_shape_inference_or_the_code_view(win, qtbot, monkeypatch):
    win.open_example("mnist_dense")
    runs = {"analyze": 0, "code": 0}

    def counting(key, fn):
        def wrapper(*args, **kwargs):
            runs[key] += 1
            return fn(*args, **kwargs)
        return wrapper

    monkeypatch.setattr(main_window_module, "analyze_config", counting("analyze", main_window_module.analyze_config))
    monkeypatch.setattr(main_window_module, "keras_code", counting("code", main_window_module.keras_code))
    code_before = win.code_view.toPlainText()
    item = win.scene.nodes["dense_1"]
    start = item.pos()
    vp = win.view.viewport()
    a = win.view.mapFromScene(item.scenePos() + QPointF(60, 40))
    qtbot.mousePress(vp, Qt.LeftButton, pos=a)
    qtbot.mouseMove(vp, pos=a + QPoint(40, 10))
    qtbot.mouseMove(vp, pos=a + QPoint(80, 30))
    qtbot.mouseRelease(vp, Qt.LeftButton, pos=a + QPoint(80, 30))
    assert win.doc.nodes["dense_1"].pos != (start.x(), start.y())
    assert win.doc.last_change == {MOVED}
    win.undo_stack.undo()  # the canvas follows the undone move without describing the network again
    assert (item.pos().x(), item.pos().y()) == (start.x(), start.y())
    assert runs == {"analyze": 0, "code": 0}
    assert win.code_view.toPlainText() == code_before
    win.scene.select_names(["dense"])
    win.inspector.editors["units"].setValue(256)  # a layer's config: shapes and code again
    assert runs["analyze"] >= 1 and runs["code"] >= 1
    assert "layers.Dense(256" in win.code_view.toPlainText()
    assert win.report.params["dense"] == 784 * 256 + 256
