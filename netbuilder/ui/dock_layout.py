"""The window's docks and its size: one way to add a dock, the default arrangement, View › Reset layout.

Every dock's contents sit in a :class:`QScrollArea` (unless the widget scrolls itself), so a dock
asks for little room and a panel that grows (a coach banner, a new Try-it page) gets scroll bars
instead of pushing its neighbours over each other or growing the window. The window opens inside
the screen's available area (:func:`fit_to_screen`), down to 1366×768 with a task bar.
"""

from __future__ import annotations

from PySide6.QtCore import QRect, Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QAbstractScrollArea, QDockWidget, QFrame, QMainWindow, QScrollArea, QTabBar, QWidget

#: The size a first start asks for; :func:`fit_to_screen` shrinks it on a smaller screen.
DEFAULT_SIZE = (1360, 860)
#: Room left for the window manager's title bar and borders before the window is shown (its frame
#: is unknown until then).
FRAME_ALLOWANCE = (10, 40)
GEOMETRY_KEY, STATE_KEY = "window/geometry", "window/state"
#: Below this window height (a 768-px laptop screen) the right column is one group of tabs, so that
#: Try it's decision regions and the dataset form each get the column's full height.
COMPACT_HEIGHT = 800


def scrolling(widget: QWidget) -> QWidget:
    """``widget`` inside a frameless, resizable scroll area (or itself when it already scrolls)."""
    if isinstance(widget, QAbstractScrollArea):
        return widget
    area = QScrollArea()
    area.setObjectName(f"{widget.objectName() or 'panel'}Scroll")
    area.setWidgetResizable(True)
    area.setFrameShape(QFrame.NoFrame)
    area.setWidget(widget)
    return area


def add_dock(window: QMainWindow, key: str, widget: QWidget, area) -> QDockWidget:
    """Dock ``widget`` (scrolling) in ``area`` of ``window``; the dock is named ``<key>Dock``."""
    dock = QDockWidget(window)
    dock.setObjectName(f"{key}Dock")
    dock.setWidget(scrolling(widget))
    dock.setFeatures(QDockWidget.DockWidgetMovable | QDockWidget.DockWidgetFloatable
                     | QDockWidget.DockWidgetClosable)
    window.addDockWidget(area, dock)
    return dock


def dock_content(dock: QDockWidget) -> QWidget:
    """The panel a dock shows (inside its scroll area)."""
    w = dock.widget()
    return w.widget() if isinstance(w, QScrollArea) else w


def fit_to_screen(window: QWidget, available: QRect | None = None) -> None:
    """Shrink and move ``window`` so that its frame lies inside ``available`` (the screen's work area)."""
    if available is None:
        screen = window.screen() or QGuiApplication.primaryScreen()
        if screen is None:
            return
        available = screen.availableGeometry()
    frame, geo = window.frameGeometry(), window.geometry()
    dw, dh = frame.width() - geo.width(), frame.height() - geo.height()
    if not window.isVisible() or (dw, dh) == (0, 0):
        dw, dh = max(dw, FRAME_ALLOWANCE[0]), max(dh, FRAME_ALLOWANCE[1])
    min_w, min_h = window.minimumWidth(), window.minimumHeight()
    w = max(min(geo.width(), available.width() - dw), min_w)
    h = max(min(geo.height(), available.height() - dh), min_h)
    if (w, h) != (geo.width(), geo.height()):
        window.resize(w, h)
    x = min(max(frame.x(), available.left()), available.right() + 1 - (w + dw))
    y = min(max(frame.y(), available.top()), available.bottom() + 1 - (h + dh))
    if (x, y) != (frame.x(), frame.y()):
        window.move(max(x, available.left()), max(y, available.top()))


class DockLayout:
    """Restores, saves and resets the arrangement of ``window``'s docks.

    ``capture_default()`` runs once every dock is installed: the arrangement then is what View ›
    Reset layout brings back, with the proportions of :meth:`apply_default_sizes`.
    """

    def __init__(self, window: QMainWindow, settings):
        self.window = window
        self.settings = settings
        self.default_state = None

    def docks(self) -> dict[str, QDockWidget]:
        return {d.objectName(): d for d in self.window.findChildren(QDockWidget) if d.parent() is self.window}

    def capture_default(self) -> None:
        self.default_state = self.window.saveState()

    def restore(self) -> bool:
        """The saved geometry and dock state (if any), kept inside the screen; True when a state was saved."""
        w, s = self.window, self.settings
        w.resize(*DEFAULT_SIZE)
        # contains() first: a missing key would come back as None, which PySide6 6.12 mis-counts
        if s.contains(GEOMETRY_KEY):
            w.restoreGeometry(s.value(GEOMETRY_KEY))
        restored = s.contains(STATE_KEY) and bool(w.restoreState(s.value(STATE_KEY)))
        fit_to_screen(w)
        return restored

    def save(self) -> None:
        self.settings.setValue(GEOMETRY_KEY, self.window.saveGeometry())
        self.settings.setValue(STATE_KEY, self.window.saveState())
        self.settings.sync()

    def reset(self) -> None:
        """View › Reset layout: every dock back in its default place, tab and proportion; hidden ones shown."""
        if self.default_state is None:
            return
        for dock in self.docks().values():
            dock.setFloating(False)
        self.window.restoreState(self.default_state)
        self.apply_defaults()

    def apply_defaults(self) -> None:
        """The first start's arrangement for this window's size: tabs on a short screen, then proportions."""
        win, d = self.window, self.docks()
        if win.height() < COMPACT_HEIGHT and "inspectorDock" in d and "datasetDock" in d:
            for key in ("datasetDock", "trainingConfigDock"):
                if key in d:
                    win.tabifyDockWidget(d["inspectorDock"], d[key])
            d["datasetDock"].raise_()  # the first thing a run needs
        self.tidy_tab_bars()
        self.apply_default_sizes()

    def tidy_tab_bars(self) -> None:
        """Drop the tab bars of tab groups that no longer exist.

        Moving a tabbed dock into another group (the docks are tabbed as each feature installs, then
        grouped again for a short screen) leaves Qt's old tab bar visible where the group stood, with
        empty tabs, over the Problems list or the canvas. Hiding every bar and laying the state out
        again brings back exactly the bars of the live groups.
        """
        w = self.window
        for bar in w.findChildren(QTabBar):
            if bar.parentWidget() is w:
                bar.hide()
        w.restoreState(w.saveState())

    def apply_default_sizes(self) -> None:
        """Share the window between canvas and docks in proportion to its size (never growing it)."""
        win, d = self.window, self.docks()
        w, h = win.width(), win.height()
        bottom = [d[k] for k in ("problemsDock", "trainingDock") if k in d]
        if bottom:  # the bottom row holds the problems list and the training curves: give the curves room
            win.resizeDocks(bottom[:1], [max(180, min(440, int(h * 0.55)))], Qt.Vertical)  # curves >= 160 px
        if len(bottom) == 2:
            win.resizeDocks(bottom, [int(w * 0.24), int(w * 0.76)], Qt.Horizontal)
        sides = [d[k] for k in ("paletteDock", "inspectorDock") if k in d]
        win.resizeDocks(sides, [max(170, int(w * 0.15)), max(280, int(w * 0.26))][:len(sides)], Qt.Horizontal)
        right = [d[k] for k in ("datasetDock", "inspectorDock") if k in d]
        if len(right) == 2 and right[1] not in win.tabifiedDockWidgets(right[0]):
            win.resizeDocks(right, [int(h * 0.55), int(h * 0.45)], Qt.Vertical)  # the dataset's form is the taller
