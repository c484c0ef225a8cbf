"""The book's number next to a finished run of a tutorial example (issue 15), in English and Chinese."""

from __future__ import annotations

from pathlib import Path

import numpy as np

from netbuilder.ui.project import load_project
from netbuilder.ui.training.evaluation import book_rows, show_number

from .conftest import dense_config, set_run

ROOT = Path(__file__).resolve().parents[3]


def test_book_rows_compare_validation_with_the_run_and_the_rest_with_the_test_set():
    book = {"val_mae": 2.4, "mae": 2.5, "accuracy": 0.88}
    rows = {r[0]: r for r in book_rows(book, test_logs={"mae": 2.6, "accuracy": 0.86}, run_logs={"val_mae": 3.0})}
    assert rows["val_mae"][2:] == (3.0, "below")  # 3.0 > 2.4 × 1.1
    assert rows["mae"][2:] == (2.6, "ok")  # within 10 % of an error
    assert rows["accuracy"][2:] == (0.86, "below")  # more than one point under 88 %
    assert book_rows({"accuracy": 0.88}, {"accuracy": 0.871})[0][3] == "ok"
    # the form compiles the book's "mae" as MeanAbsoluteError: the same metric under its registry name
    assert book_rows({"val_mae": 2.4}, None, {"val_MeanAbsoluteError": 2.3, "MeanAbsoluteError": 9.0})[0][2] == 2.3
    assert book_rows({"accuracy": 0.88}, None, {"accuracy": 0.99})[0][2:] == (None, None)  # training ≠ test
    assert show_number("val_accuracy", 0.978) == "97.8 %" and show_number("mae", 2.5) == "2.5"


def test_the_examples_book_numbers_are_the_issues():
    numbers = {p.stem: load_project(p).training.get("book_numbers")
               for p in (ROOT / "netbuilder" / "examples").glob("*.nbproj")}
    assert numbers["mnist_dense"] == {"accuracy": 0.978} and numbers["imdb_dense"] == {"accuracy": 0.88}
    assert numbers["reuters_dense"] == {"accuracy": 0.78} and numbers["boston_dense"]["mae"] == 2.5


def _trained(qtbot, ui, book):
    rng = np.random.default_rng(0)
    x = rng.normal(size=(200, 2)).astype("float32")
    y = (x[:, 0] + x[:, 1] > 0).astype("float32")
    y[::5] = 1 - y[::5]  # a fifth of the labels flipped: no run reaches 99.9 %
    from netbuilder.ui.training.run_setup import TrainingData

    set_run(ui, dense_config(2, [8], 1, "sigmoid"), TrainingData("t", x[:160], y[:160], x[160:], y[160:], "binary"),
            epochs=30, batch_size=16, validation_mode="split", validation_split=0.2, loss="binary_crossentropy",
            metrics=["accuracy"], optimizer={"class_name": "Adam", "config": {"learning_rate": 0.05}})
    ui.evaluation.set_book({"book_numbers": book})
    label = ui.evaluation.bookLabel
    assert label.isVisibleTo(ui.training_widget) and "evaluate on the test set to compare" in label.text()
    with qtbot.waitSignal(ui.controller.finished, timeout=30000):
        ui.controls.trainButton.click()
    return label


def test_the_book_line_follows_the_run_and_the_evaluation(qtbot, training_window):
    win, ui = training_window
    label = _trained(qtbot, ui, {"val_accuracy": 0.999, "accuracy": 0.5})
    lines = label.text().splitlines()
    assert "validation accuracy ≈ 99.9 %" in lines[0] and "⚠ below the book" in lines[0]
    assert "this run:" in lines[0] and "evaluate on the test set to compare" in lines[1]
    r = ui.evaluation.evaluate()
    assert r is not None and "✔ reproduced" in label.text().splitlines()[1]
    assert "The book: test set accuracy ≈ 50.0 %" in ui.evaluation.resultLabel.text()  # beside the result
    ui.evaluation.set_book({})  # a project without the book's numbers: nothing shown
    assert not label.isVisibleTo(ui.training_widget)


def test_the_book_line_in_chinese(qtbot, training_window):
    from netbuilder.ui import i18n

    win, ui = training_window
    label = _trained(qtbot, ui, {"accuracy": 0.5})
    ui.evaluation.evaluate()
    i18n.set_language("zh_CN")
    try:
        text = label.text()
    finally:
        i18n.set_language("en")
    assert "书中结果" in text and "已复现" in text and "accuracy" in text, text


def test_opening_an_example_shows_its_book_number(win):
    assert win.open_example("imdb_dense")
    label = win.training_ui.evaluation.bookLabel
    assert "test set accuracy ≈ 88.0 %" in label.text()
    assert win.open_example("playground_spiral")  # no book number: nothing of IMDB's left
    assert label.text() == "" and not label.isVisibleTo(win)


def test_a_stopped_run_is_not_compared_with_the_book(qtbot, training_window, monkeypatch):
    """The book's number is for the whole protocol: a run stopped at epoch 2 of 30 gets no "✔ reproduced"
    (a learner walk saw a K-fold run stopped in fold 2 of 4 marked as reproducing the book)."""
    from .conftest import Gate, gated

    win, ui = training_window
    rng = np.random.default_rng(0)
    x = rng.normal(size=(200, 2)).astype("float32")
    y = (x[:, 0] + x[:, 1] > 0).astype("float32")
    from netbuilder.ui.training.run_setup import TrainingData

    set_run(ui, dense_config(2, [8], 1, "sigmoid"), TrainingData("t", x, y, None, None, "binary"), epochs=30,
            batch_size=16, validation_mode="split", validation_split=0.2, loss="binary_crossentropy",
            metrics=["accuracy"])
    ui.evaluation.set_book({"book_numbers": {"val_accuracy": 0.5}})  # any finished run reproduces it
    c = ui.controller
    gate = Gate(1, None, lambda: c.worker._stop.is_set())  # held at epoch 2's end until Stop
    gated(monkeypatch, c, gate)
    assert ui.controls.start()
    qtbot.waitUntil(gate.held.is_set, timeout=30000)
    with qtbot.waitSignal(c.finished, timeout=30000):
        ui.controls.stopButton.click()
    text = ui.evaluation.bookLabel.text()
    assert "reproduced" not in text and "stopped before the end" in text
    with qtbot.waitSignal(c.finished, timeout=60000):  # the whole run: compared again
        ui.controls.trainButton.click()
    assert "✔ reproduced" in ui.evaluation.bookLabel.text()


def test_a_kfold_fold_cut_short_is_not_counted_nor_averaged():
    from netbuilder.ui.training.kfold import KFoldRun

    kf = KFoldRun()
    kf.begin(100, 4)
    full = {"loss": [1.0, 0.5, 0.4], "val_mae": [3.0, 2.5, 2.0]}
    cut = {"loss": [1.0], "val_mae": [9.0]}  # Stop in fold 2 after one of three epochs
    out = kf.finish([full, cut], epochs=3)
    assert out["folds_done"] == 1 and out["k"] == 4
    assert out["summary"]["val_mae"] == (2.0, 0.0)  # fold 1 alone, not (2.0 + 9.0) / 2
    assert kf.histories == [full, cut] and kf.complete == [full]  # the cut fold's curves still shown
