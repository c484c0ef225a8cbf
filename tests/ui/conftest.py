"""Shared fixtures for the UI tests: a real MainWindow with throw-away settings, offscreen."""

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import pytest  # noqa: E402


@pytest.fixture
def win(qtbot, tmp_path):
    from PySide6.QtCore import QSettings
    from PySide6.QtWidgets import QMessageBox

    from netbuilder.ui.main_window import MainWindow

    settings = QSettings(str(tmp_path / "settings.ini"), QSettings.IniFormat)
    w = MainWindow(settings)
    w.quiet_errors = True  # errors go to last_error/status bar instead of a modal box
    w.ask_unsaved = lambda: QMessageBox.Discard
    qtbot.addWidget(w)
    w.show()
    qtbot.waitExposed(w)
    yield w
    # Lambdas connected to signals capture the window; Qt holds those connections in C++, out of reach
    # of Python's cycle collector, so a closed window would live on hidden (harmless for the app's one
    # window, but in the suite later tests' language changes reached the old windows' widgets, and
    # PySide crashed in one of them). Delete it explicitly.
    dispose(w)


def dispose(window) -> None:
    """Close and delete ``window`` and let Python free it now.

    A Python wrapper of a Qt object keeps its attributes in its ``__dict__``, and the window's parts
    refer to each other through them (the controller, the plots, the panels); PySide's wrappers do
    not show those references to Python's cycle collector, so a deleted window's Python side stayed
    in memory (about 2,500 objects a window), and every later test's ``gc.collect()`` walked all of
    them: the suite's teardowns grew to seconds. Emptying the wrappers' dicts breaks the cycles."""
    import shiboken6
    from PySide6.QtCore import QObject

    if not shiboken6.isValid(window):
        return
    window.close()
    wrappers = [window, *window.findChildren(QObject)]
    shiboken6.delete(window)  # its slots still find their attributes while Qt takes it down
    for obj in wrappers:
        try:
            obj.__dict__.clear()
        except (AttributeError, TypeError, RuntimeError):
            pass


@pytest.fixture(autouse=True)
def _dispose_main_windows(qtbot):
    """After each UI test (before pytest-qt's own teardown), every main window still open is disposed of."""
    yield
    from PySide6.QtWidgets import QApplication, QMainWindow

    for w in QApplication.topLevelWidgets():
        if isinstance(w, QMainWindow):
            dispose(w)


@pytest.fixture(autouse=True)
def _collect_between_tests(_full_collect_per_module):
    """Collect garbage after each test, so Qt objects die while the test's fixtures still exist.

    Then the survivors are frozen (``gc.freeze``): the next collection walks only what later tests
    create. A full collection walked everything alive (Keras, JAX and every imported module: about
    400,000 objects in the suite, ~0.3 s of CPU each time, over 600 UI tests). Freezing changes no
    refcount: only a reference cycle that became garbage after its test ended waits for the
    module's end, where :func:`_full_collect_per_module` unfreezes and collects everything."""
    yield
    import gc

    gc.collect()
    gc.freeze()


@pytest.fixture(scope="module")
def _full_collect_per_module():
    yield
    import gc

    gc.unfreeze()
    gc.collect()
