"""The builder window driven through real widgets: palette drops, wiring, live shapes, faults, undo."""

from PySide6.QtCore import QMimeData, QPoint, QPointF, Qt
from PySide6.QtGui import QAction, QDropEvent
from PySide6.QtWidgets import QMenu

from netbuilder.core.registry import LAYERS
from netbuilder.ui.canvas.view import LAYER_MIME


def drop(win, class_name, scene_pos):
    """Drop a palette item on the canvas through the view's real drop handler."""
    mime = win.palette.mime_for(class_name)
    assert mime.hasFormat(LAYER_MIME)
    before = set(win.doc.nodes)
    pos = QPointF(win.view.mapFromScene(QPointF(*scene_pos)))
    ev = QDropEvent(pos, Qt.CopyAction, mime, Qt.LeftButton, Qt.NoModifier)
    win.view.dropEvent(ev)
    assert ev.isAccepted()
    (new,) = set(win.doc.nodes) - before
    return new


def drag_edge(win, qtbot, src, dst):
    """Press on ``src``'s output port, move and release over ``dst``'s input port (real mouse events)."""
    vp = win.view.viewport()
    a = win.view.mapFromScene(win.scene.nodes[src].out_port.scenePos())
    b = win.view.mapFromScene(win.scene.nodes[dst].in_port.scenePos())
    qtbot.mousePress(vp, Qt.LeftButton, pos=a)
    qtbot.mouseMove(vp, pos=(a + b) / 2)
    qtbot.mouseMove(vp, pos=b)
    qtbot.mouseRelease(vp, Qt.LeftButton, pos=b)


def set_input_shape(win, name, shape_text):
    win.scene.select_names([name])
    field = win.inspector.editors["shape"]
    field.setText(shape_text)
    field.editingFinished.emit()


def test_palette_lists_the_registry_grouped_with_tooltips(win):
    items = win.palette.items()
    assert set(items) == set(LAYERS.names())
    groups = win.palette.groups()
    assert "Dense" in groups["Core"] and "Conv2D" in groups["Convolution"]
    for name, item in items.items():
        tip = item.toolTip(0)
        assert name in tip and "When to use" in tip
        assert not item.icon(0).isNull()
    win.palette.search.setText("pool")
    visible = [n for n, it in items.items() if not it.isHidden()]
    assert visible and all("pool" in n.lower() for n in visible)


def test_drop_connect_shapes_faults_and_undo(win, qtbot):
    win.new_project()
    inp = drop(win, "InputLayer", (0, 0))
    dense = drop(win, "Dense", (0, 200))
    assert win.doc.nodes[dense].config["units"] == 32
    # Not connected yet: the dense layer is flagged, status is red
    assert dense in win.report.errors and win.scene.nodes[dense].error is not None
    assert "problem" in win.status_label.text()
    drag_edge(win, qtbot, inp, dense)
    assert win.doc.nodes[dense].inputs == [inp]
    assert win.report.ok, win.report.errors
    assert win.report.shapes[dense] == (None, 32)
    assert win.report.total_params == 784 * 32 + 32
    assert win.params_label.text() == f"Total params: {784 * 32 + 32:,}"
    assert "OK" in win.status_label.text()
    assert win.scene.nodes[dense].shape_label == "(None, 32)"
    # break it: image input into Dense → the core's "add a Flatten" message, red node, problem row
    set_input_shape(win, inp, "28, 28, 1")
    assert win.report.shapes[inp] == (None, 28, 28, 1)
    err = win.report.errors[dense]
    assert "Flatten" in str(err)
    assert win.scene.nodes[dense].error is err and "Flatten" in win.scene.nodes[dense].toolTip()
    rows = win.problems.problems()
    assert any(name == dense and "Flatten" in text for name, text in rows)
    row = next(i for i in range(win.problems.count()) if win.problems.item(i).data(Qt.UserRole) == dense)
    win.scene.clearSelection()
    rect = win.problems.visualItemRect(win.problems.item(row))
    qtbot.mouseClick(win.problems.viewport(), Qt.LeftButton, pos=rect.center())
    assert win.scene.selected_names() == [dense]
    # fix it with a Flatten dropped and wired in between
    flat = drop(win, "Flatten", (300, 100))
    drag_edge(win, qtbot, inp, flat)
    drag_edge(win, qtbot, flat, dense)  # a second input on a Dense: share the layer, or replace its input?
    win.findChild(QMenu, "shareMenu").findChild(QAction, "replaceAction").trigger()
    assert win.doc.nodes[dense].inputs == [flat]
    assert win.report.ok and win.report.total_params == 28 * 28 * 32 + 32
    # undo/redo walk back through every edit
    win.undo_stack.undo()
    assert win.doc.nodes[dense].inputs == [inp] and dense in win.report.errors
    win.undo_stack.redo()
    assert win.report.ok
    while win.undo_stack.canUndo():
        win.undo_stack.undo()
    assert not win.doc.nodes
    while win.undo_stack.canRedo():
        win.undo_stack.redo()
    assert win.report.ok and win.report.total_params == 28 * 28 * 32 + 32


def test_cycle_is_refused_while_dragging(win, qtbot):
    win.new_project()
    inp = drop(win, "InputLayer", (0, 0))
    a = drop(win, "Dense", (0, 200))
    b = drop(win, "Dense", (0, 400))
    drag_edge(win, qtbot, inp, a)
    drag_edge(win, qtbot, a, b)
    before = win.doc.state()
    count = win.undo_stack.count()
    drag_edge(win, qtbot, b, a)
    assert win.doc.state() == before and win.undo_stack.count() == count
    assert "cycle" in win.statusBar().currentMessage()


def test_merge_takes_several_inputs_and_reports_incompatible_shapes(win, qtbot):
    win.new_project()
    inp = drop(win, "InputLayer", (0, 0))
    a = drop(win, "Dense", (-200, 200))
    b = drop(win, "Dense", (200, 200))
    add = drop(win, "Add", (0, 400))
    for s, d in ((inp, a), (inp, b), (a, add), (b, add)):
        drag_edge(win, qtbot, s, d)
    assert win.doc.nodes[add].inputs == [a, b]
    assert win.report.ok and win.report.shapes[add] == (None, 32)
    win.scene.select_names([b])
    win.inspector.editors["units"].setValue(16)
    assert add in win.report.errors  # (None, 32) + (None, 16)
    assert win.scene.nodes[add].error is not None


def test_add_after_selection_and_dangling_branch(win):
    win.open_example("mnist_dense")
    win.scene.select_names(["dense_1"])
    head = win.add_after_selected("Dense")  # the palette's double-click path
    assert win.doc.nodes[head].inputs == ["dense_1"] and win.doc.outputs == [head]
    assert win.report.ok
    win.scene.select_names(["dense"])
    side = win.add_after_selected("Dense")  # a branch that leads nowhere
    assert win.report.errors[side].code == "not_to_output"
    assert win.scene.nodes[side].error is not None and "problem" in win.status_label.text()


def test_inspector_edits_refuses_bad_values_and_undoes(win):
    win.open_example("mnist_dense")
    win.scene.select_names(["dense"])
    assert win.inspector.node_name == "dense"
    spin = win.inspector.editors["units"]
    assert spin.value() == 512
    spin.setValue(128)
    assert win.doc.nodes["dense"].config["units"] == 128
    assert win.report.total_params == 784 * 128 + 128 + 128 * 10 + 10
    assert win.params_label.text() == f"Total params: {win.report.total_params:,}"
    act = win.inspector.editors["activation"]
    act.setCurrentIndex(act.index_of("tanh"))
    act.activated.emit(act.currentIndex())
    assert win.doc.nodes["dense"].config["activation"] == "tanh"
    rate_before = win.doc.state()
    spin.setValue(0)  # Dense refuses units=0
    assert win.doc.state() == rate_before
    assert win.inspector.error.isVisible() and "units" in win.inspector.error.text()
    assert spin.value() == 128  # the editor reverted
    win.undo_stack.undo()
    win.undo_stack.undo()
    assert win.doc.nodes["dense"].config["units"] == 512
    assert win.inspector.editors["units"].value() == 512


def test_delete_copy_paste_layout_and_zoom(win):
    win.open_example("two_branch")
    assert win.report.ok
    win.scene.select_names(["wide"])
    win.copy()
    win.paste()
    pasted = [n for n in win.doc.nodes if n.startswith("wide_")]
    assert len(pasted) == 1 and win.doc.nodes[pasted[0]].config["units"] == 128
    win.scene.select_names(["deep_2"])
    win.delete_selected()
    assert "deep_2" not in win.doc.nodes and "merge" in win.report.errors
    win.undo_stack.undo()
    assert "deep_2" in win.doc.nodes and win.doc.nodes["merge"].inputs == ["wide", "deep_2"]
    win.auto_layout()
    pos = [n.pos for n in win.doc.nodes.values()]
    assert len(set(pos)) == len(pos)
    assert win.doc.nodes["pixels"].pos[1] < win.doc.nodes["wide"].pos[1] < win.doc.nodes["digits"].pos[1]
    s = win.view.transform().m11()
    win.view.zoom(1.2)
    assert abs(win.view.transform().m11() - s * 1.2) < 1e-6


def test_moving_a_node_is_undoable(win, qtbot):
    win.open_example("mnist_dense")
    item = win.scene.nodes["dense_1"]
    start = win.doc.nodes["dense_1"].pos
    vp = win.view.viewport()
    a = win.view.mapFromScene(item.scenePos() + QPointF(60, 40))
    b = a + QPoint(80, 30)
    qtbot.mousePress(vp, Qt.LeftButton, pos=a)
    qtbot.mouseMove(vp, pos=a + QPoint(40, 10))
    qtbot.mouseMove(vp, pos=b)
    qtbot.mouseRelease(vp, Qt.LeftButton, pos=b)
    moved = win.doc.nodes["dense_1"].pos
    assert moved != start
    assert moved[0] % 10 == 0 and moved[1] % 10 == 0  # snapped to the grid
    win.undo_stack.undo()
    assert win.doc.nodes["dense_1"].pos == start


def test_mime_data_carries_the_class_name(win):
    mime = win.palette.mime_for("Conv2D")
    assert isinstance(mime, QMimeData) and bytes(mime.data(LAYER_MIME)).decode() == "Conv2D"


def test_every_registered_layer_can_be_dropped_and_inspected(win):
    win.new_project()
    inp = drop(win, "InputLayer", (0, 0))
    for i, name in enumerate(n for n in LAYERS.names() if n != "InputLayer"):
        win.scene.select_names([inp])
        node = win.add_after_selected(name)
        assert win.doc.nodes[node].class_name == name
        assert win.inspector.node_name == node and win.inspector.editors
        win.undo_stack.undo()
    assert list(win.doc.nodes) == [inp]


def test_a_layer_dragged_onto_itself_is_refused_in_the_interface_language(win, qtbot):
    from netbuilder.ui import i18n

    win.new_project()
    dense = drop(win, "Dense", (0, 200))
    count = win.undo_stack.count()
    drag_edge(win, qtbot, dense, dense)
    assert "a layer cannot feed itself (dense)" in win.statusBar().currentMessage()
    try:
        i18n.set_language("zh_CN")
        drag_edge(win, qtbot, dense, dense)
        assert "一个层不能连接到自身（dense）" in win.statusBar().currentMessage()
    finally:
        i18n.set_language("en")
    assert win.undo_stack.count() == count
