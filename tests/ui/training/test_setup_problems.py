"""One list of problems (issue 20): loss/output/label and data-shape faults are in Problems, on the node at
fault and in the status bar; Train is disabled with the reason and a one-click fix; nothing raw and no
traceback reaches the learner for a refused setup."""

import numpy as np
from PySide6.QtCore import Qt

from netbuilder.ui import commands, i18n
from netbuilder.ui.training.run_setup import TrainingData


def mnist_like(n=64, seed=0):
    rng = np.random.default_rng(seed)
    y = rng.integers(0, 10, n)
    return TrainingData("mnist", rng.random((n, 784), dtype=np.float32), np.eye(10, dtype="float32")[y],
                        task="multiclass", info={"num_classes": 10})


def broken_mnist(win):
    """The issue's case: MNIST + Dense(1, sigmoid) + categorical_crossentropy."""
    assert win.open_example("mnist_dense")
    ui = win.training_ui
    ui.dataset_panel.set_data(mnist_like())
    assert ui.config_panel.lossCombo.currentText() == "categorical_crossentropy"
    cfg = dict(win.doc.nodes["dense_1"].config, units=1, activation="sigmoid")
    win.undo_stack.push(commands.set_config(win.doc, "dense_1", cfg))
    return ui


def test_broken_setup_is_one_problem_list_with_fixes(win, qtbot, capfd):
    ui = broken_mnist(win)
    rows = win.problems.problems()
    assert [name for name, _ in rows] == ["dense_1", "dense_1"]
    texts = " ".join(t for _, t in rows)
    assert "10" in texts and "softmax" in texts
    assert "No problems" not in " ".join(win.problems.item(i).text() for i in range(win.problems.count()))
    assert win.status_label.text() == "✖ " + "2 problems"
    assert win.scene.nodes["dense_1"].error is not None  # the node at fault is marked
    assert "dense" not in [n for n, it in win.scene.nodes.items() if it.error is not None]
    train = ui.controls.trainButton
    assert not train.isEnabled() and "Train is disabled" in train.toolTip()
    # the controller refuses too, in words, before any weight is built: no DataError, no traceback
    failures = []
    ui.controller.failed.connect(failures.append)
    assert ui.controller.start() is False
    assert failures and "DataError" not in failures[0] and "(45000" not in failures[0]
    assert ui.controller.model is None
    assert "Traceback" not in capfd.readouterr().err
    # one click per fix: the problems go, Train comes back, and each fix is undoable
    fixes = win.problems.fix_rows()
    assert {f.text() for f in fixes} >= {"Set 10 units", "Use softmax"}
    for text in ("Set 10 units", "Use softmax"):
        row = next(i for i in range(win.problems.count())
                   if win.problems.item(i).text().endswith(text))
        win.problems._clicked(win.problems.item(row))
        qtbot.waitUntil(lambda t=text: t not in [f.text() for f in win.problems.fix_rows()])
    assert win.problems.problems() == []
    assert win.status_label.text().endswith("Graph OK")
    assert train.isEnabled() and win.scene.nodes["dense_1"].error is None
    assert win.doc.nodes["dense_1"].config["units"] == 10
    assert win.doc.nodes["dense_1"].config["activation"] == "softmax"
    win.undo_stack.undo()
    assert win.doc.nodes["dense_1"].config["activation"] == "sigmoid" and not train.isEnabled()


def test_a_settings_fix_changes_the_loss(win, qtbot):
    assert win.open_example("mnist_dense")
    ui = win.training_ui
    ui.dataset_panel.set_data(mnist_like())
    ui.config_panel.apply_settings({"loss": "sparse_categorical_crossentropy"})  # one-hot labels: wrong loss
    (fix,) = [f for f in win.problems.fix_rows() if f.settings]
    assert fix.text() == "Use categorical_crossentropy"
    win.problems.fixRequested.emit(fix)
    assert ui.config_panel.lossCombo.currentText() == "categorical_crossentropy"
    assert win.problems.problems() == [] and ui.controls.trainButton.isEnabled()


def test_problems_and_fixes_in_chinese(win, qtbot):
    ui = broken_mnist(win)
    try:
        i18n.set_language("zh_CN")
        qtbot.waitUntil(lambda: "个问题" in win.status_label.text() or "问题" in win.status_label.text())
        texts = [t for _, t in win.problems.problems()]
        assert all(any("\u4e00" <= ch <= "\u9fff" for ch in t) for t in texts), texts
        fixes = [win.problems.item(i).text() for i in range(win.problems.count())
                 if win.problems.item(i).data(Qt.UserRole + 2)]
        assert fixes and all("修复" in t for t in fixes), fixes
        assert "训练" in ui.controls.trainButton.toolTip()
    finally:
        i18n.set_language("en")


def test_a_long_problem_wraps_in_the_dock(win, qtbot):
    ui = broken_mnist(win)
    assert ui is win.training_ui
    problems = win.problems
    problems.resize(220, 400)
    qtbot.wait(20)
    problems.doItemsLayout()
    rows = [problems.item(i) for i in range(problems.count())]
    short = min(problems.visualItemRect(r).height() for r in rows)
    longest = max(rows, key=lambda r: len(r.text()))
    assert problems.visualItemRect(longest).height() >= 2 * short  # wrapped, not cut off at the dock's edge


def test_far_more_epochs_than_the_book_is_a_warning_with_the_books_number(win, qtbot):
    """The start-up example's 1000 epochs carried over to MNIST gave a 25-minute run without a word (a learner
    walk): a tutorial dataset set to far more epochs than the book's is listed, Train stays enabled, and one
    click sets the book's epochs."""
    assert win.open_example("mnist_dense")
    ui = win.training_ui
    data = mnist_like()
    data.name = "case:mnist"
    ui.dataset_panel.set_data(data)
    ui.config_panel.apply_settings({"epochs": 5})
    assert win.problems.problems() == []
    ui.config_panel.apply_settings({"epochs": 1000})
    rows = win.problems.problems()
    assert len(rows) == 1 and "5 epochs" in rows[0][1] and "1000" in rows[0][1]
    assert ui.controls.trainButton.isEnabled()  # a warning: the learner may want the long run
    (fix,) = [f for f in win.problems.fix_rows() if f.settings]
    assert fix.text() == "Use the book's 5 epochs"
    win.problems.fixRequested.emit(fix)
    assert ui.config_panel.epochsSpin.value() == 5 and win.problems.problems() == []
    ui.config_panel.apply_settings({"epochs": 50})  # 10× the book's, still a run a learner may choose
    assert win.problems.problems() == []
