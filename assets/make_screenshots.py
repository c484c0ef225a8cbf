"""The README's tour screenshots, made from the real window so they stay current.

    .venv/bin/python assets/make_screenshots.py                     # writes assets/screenshots/*.png
    .venv/bin/python assets/make_screenshots.py --datasets ../shared/datasets

A first-time user on a laptop: throw-away settings, an empty Keras cache, no network (the dataset
mirror points at a closed local port), a 1366×768 screen (offscreen, or the X display when QT_QPA_PLATFORM=xcb). Shots:

  01-first-start.png      the start-up example as it opens
  02-trained-spiral.png   after pressing Train: curves, coach, decision regions
  03-data-dialog.png      the MNIST example's Train with no file at hand: the data dialog
  04-boston-trained.png   Boston housing (its Keras file from --datasets, when given), trained
  05-boston-results.png   its Evaluation tab after "Evaluate on test set"
  06-zh-first-start.png   the start in Chinese
  07-try-digit.png        the Try it panel on its own: a drawn 7 and the (untrained) digit answer
  08-try-review.png       … a typed review and its word-by-word reading
  09-try-house.png        … the Boston form, on a network fitted for a few seconds
  10-try-browser.png      … the test-sample browser

Shots whose data is missing are skipped with a line on stderr. Run it after UI changes and
commit the pictures with them.
"""

from __future__ import annotations

import argparse
import itertools
import os
import shutil
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
SIZE = (1366, 740)  # the screen minus a task bar


def wait(app, until, timeout=120.0) -> bool:
    t0 = time.monotonic()
    while not until():
        app.processEvents()
        time.sleep(0.01)
        if time.monotonic() - t0 > timeout:
            return False
    return True


def settle(app, seconds=0.5) -> None:
    t0 = time.monotonic()
    while time.monotonic() - t0 < seconds:
        app.processEvents()
        time.sleep(0.01)


def train(app, win, timeout=180.0) -> bool:
    """Press Train and wait for the run to end (stopped after ``timeout`` seconds: False)."""
    ui = win.training_ui
    done = []
    ui.controller.finished.connect(lambda *_: done.append(1))
    ui.controls.ask_continue = lambda: False
    ui.controls.trainButton.click()
    if wait(app, lambda: bool(done), timeout):
        return True
    ui.controller.stop()
    wait(app, lambda: bool(done), 60)
    return False


def show_dock(win, name: str) -> None:
    from PySide6.QtWidgets import QDockWidget

    for dock in win.findChildren(QDockWidget):
        if dock.objectName() == name:
            dock.show()
            dock.raise_()


#: a hand-drawn 7 on the 280-pixel pad: three strokes of (x, y) points
SEVEN = [[(70, 60), (150, 60), (210, 62)], [(210, 62), (170, 140), (140, 220)], [(120, 140), (190, 140)]]
WORDS = {"the": 1, "movie": 2, "was": 3, "great": 4, "bad": 5, "acting": 6, "plot": 7, "boring": 8}


def try_panel_shots(shot) -> None:
    """Shots 07-10: the Try it panel alone (760×560) on small stand-in networks; no dataset needed."""
    import numpy as np
    from PySide6.QtCore import QPointF

    from netbuilder.core.datasets import cases
    from netbuilder.core.layers import Dense, Input
    from netbuilder.core.models import Sequential
    from netbuilder.ui.tryit import TryPanel

    panel = TryPanel()
    panel.resize(760, 560)
    panel.show()
    panel.set_model(Sequential([Input(shape=(784,)), Dense(10, activation="softmax")]), "mnist")
    for stroke in SEVEN:
        for a, b in itertools.pairwise(stroke):
            panel.digit.pad._draw(QPointF(*a), QPointF(*b))
    panel.digit.predict_now()
    shot(panel, "07-try-digit.png")
    panel.set_model(Sequential([Input(shape=(9,)), Dense(1, activation="sigmoid")]), "imdb", word_index=WORDS)
    panel.text.editor.setPlainText("The movie was GREAT, the plot... boring! Loved the soundtrack.")
    panel.text.analyze()
    shot(panel, "08-try-review.png")
    rng = np.random.default_rng(0)
    x = np.round(rng.uniform(0, 400, (60, 13)), 3)
    data = cases.BOSTON_HOUSING.prepare(raw=((x[:48], np.round(rng.uniform(5, 50, 48), 1)),
                                             (x[48:], np.round(rng.uniform(5, 50, 12), 1))))
    house = Sequential([Input(shape=(13,)), Dense(32, activation="relu"), Dense(1)])
    house.compile(optimizer="rmsprop", loss="mse")
    house.fit(data.x_train, data.y_train, epochs=60, batch_size=16, verbose=0)
    panel.set_model(house, "boston_housing", data)
    shot(panel, "09-try-house.png")
    panel.tabs.setCurrentIndex(1)
    shot(panel, "10-try-browser.png")
    panel.close()


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--out", default=str(HERE / "screenshots"))
    ap.add_argument("--datasets", default=None, help="a folder holding boston_housing/boston_housing.npz")
    args = ap.parse_args()
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix="nb-shots-"))
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")  # under Xvfb (DISPLAY set, xcb) it looks as on a desktop
    os.environ.update(KERAS_HOME=str(tmp / "keras"), HOME=str(tmp),
                      XDG_CONFIG_HOME=str(tmp / "config"), NETBUILDER_DATASETS_MIRROR="http://127.0.0.1:9/")
    from PySide6.QtCore import QSettings
    from PySide6.QtWidgets import QApplication

    app = QApplication.instance() or QApplication([sys.argv[0]])
    from netbuilder.ui import i18n
    from netbuilder.ui.app import START_EXAMPLE
    from netbuilder.ui.main_window import MainWindow
    from netbuilder.ui.training.data_dialog import DataDialog

    def window():
        w = MainWindow(QSettings(str(tmp / "settings.ini"), QSettings.IniFormat))
        w.quiet_errors = True
        w.resize(*SIZE)
        w.show()
        settle(app)
        return w

    def shot(widget, name):
        settle(app, 0.3)
        widget.grab().save(str(out / name))
        print(f"wrote {out / name}", file=sys.stderr)

    win = window()
    win.open_example(START_EXAMPLE)
    shot(win, "01-first-start.png")
    if train(app, win, timeout=600):
        show_dock(win, "tryDock")
        shot(win, "02-trained-spiral.png")
    else:
        print("skipped 02: the spiral did not finish training", file=sys.stderr)

    win.open_example("mnist_dense")
    win.training_ui.controls.trainButton.click()
    found = []
    wait(app, lambda: found.extend(w for w in app.topLevelWidgets() + win.findChildren(DataDialog)
                                   if isinstance(w, DataDialog) and w.isVisible()) or found, 30)
    if found:
        shot(found[0], "03-data-dialog.png")
        found[0].close()
    else:
        print("skipped 03: no data dialog appeared", file=sys.stderr)

    boston = Path(args.datasets or "/nonexistent") / "boston_housing" / "boston_housing.npz"
    if boston.exists():
        (tmp / "keras" / "datasets").mkdir(parents=True, exist_ok=True)
        shutil.copy(boston, tmp / "keras" / "datasets" / "boston_housing.npz")
        win.open_example("boston_dense")
        if train(app, win, timeout=600):
            shot(win, "04-boston-trained.png")
            ev = win.training_ui.evaluation
            ev.evaluate()
            settle(app, 1.0)
            show_dock(win, "evaluationDock")
            shot(win, "05-boston-results.png")
    else:
        print("skipped 04/05: pass --datasets with boston_housing/boston_housing.npz", file=sys.stderr)

    i18n.set_language("zh_CN")
    win.open_example(START_EXAMPLE)
    shot(win, "06-zh-first-start.png")
    i18n.set_language("en")
    win.undo_stack.setClean()
    from PySide6.QtWidgets import QMessageBox

    win.ask_unsaved = lambda: QMessageBox.Discard  # the trained model is not exported: no question
    win.close()  # the features shut down: training threads stopped, no recovery file left
    try_panel_shots(shot)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
