"""The decision regions draw their data points from a pixmap made once per size and data (issue 25:
mapping ~960 points to the screen one by one cost ~5 ms of every live repaint)."""

import numpy as np
from PySide6.QtGui import QColor

from netbuilder.core import tryit
from netbuilder.ui.tryit.decision_regions import DecisionRegions


def _regions(qtbot):
    w = DecisionRegions()
    qtbot.addWidget(w)
    x = np.array([[-1.0, -1.0], [1.0, 1.0], [0.0, 0.5]])
    w.set_model(None, x, np.array([0, 1, 2]), "classification")
    w.resize(200, 200)
    w.show()
    qtbot.waitExposed(w)
    return w, x


def test_points_are_drawn_in_their_class_colour_where_the_data_puts_them(qtbot):
    w, x = _regions(qtbot)
    image = w.grab().toImage()
    for (px, py), label in zip(x, (0, 1, 2)):
        sx, sy = w._to_screen(px, py)
        ratio = image.devicePixelRatio()
        got = QColor(image.pixel(int(sx * ratio), int(sy * ratio)))
        want = tryit.CLASS_COLORS.astype(int)[label]
        assert (got.red(), got.green(), got.blue()) == tuple(want)


def test_the_points_pixmap_is_reused_until_the_size_or_data_change(qtbot):
    w, x = _regions(qtbot)
    first = w._points_pixmap()
    w.grab()
    assert w._points_pixmap() is first  # a repaint (a new picture under the points) reuses it
    w.resize(260, 240)
    resized = w._points_pixmap()
    assert resized is not first and resized.width() == round(260 * w.devicePixelRatioF())
    w.set_model(None, x + 0.1, np.array([0, 1, 2]), "classification")
    assert w._points_pixmap() is not resized  # new data: drawn again
