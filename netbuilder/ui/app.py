"""Application start-up: QApplication, the main window, the event loop."""

from __future__ import annotations

import sys


def run_app(argv: list[str]) -> int:
    """Create the QApplication and the main window, run the event loop; returns the exit code."""
    from PySide6.QtWidgets import QApplication, QLabel, QMainWindow  # noqa: PLC0415

    app = QApplication.instance() or QApplication([sys.argv[0]] + argv)
    app.setApplicationName("netbuilder")
    app.setOrganizationName("netbuilder")
    win = QMainWindow()
    win.setObjectName("MainWindow")
    win.setWindowTitle("netbuilder")
    win.setCentralWidget(QLabel("netbuilder"))
    win.resize(1200, 800)
    win.show()
    return app.exec()
