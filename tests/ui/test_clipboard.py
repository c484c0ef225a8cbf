"""Copying nodes leaves nothing behind that crashes Qt at exit."""

import subprocess
import sys


def test_process_with_copied_nodes_exits_cleanly():
    code = (
        "from PySide6.QtWidgets import QApplication\n"
        "app = QApplication([])\n"
        "from netbuilder.ui import clipboard\n"
        "clipboard.put_nodes([{'name': 'dense', 'class_name': 'Dense', 'config': {'units': 4}}])\n"
        "assert clipboard.get_nodes()[0]['name'] == 'dense'\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60,
                         env={**__import__("os").environ, "QT_QPA_PLATFORM": "offscreen"})
    assert out.returncode == 0, (out.returncode, out.stderr[-500:])


def test_foreign_clipboard_content_is_not_nodes(qtbot):
    from PySide6.QtWidgets import QApplication

    from netbuilder.ui import clipboard

    QApplication.clipboard().setText("hello")
    assert clipboard.get_nodes() is None
