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
    import shiboken6

    if shiboken6.isValid(w):
        w.close()
        shiboken6.delete(w)


@pytest.fixture(autouse=True)
def _collect_between_tests():
    """Collect garbage after each test, so Qt objects die while the test's fixtures still exist."""
    yield
    import gc

    gc.collect()
