"""The window's features: installed in order through one protocol, retranslated, shut down in reverse."""

from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QMessageBox

from netbuilder.ui import commands
from netbuilder.ui import main_window as main_window_module
from netbuilder.ui.features import Feature
from netbuilder.ui.main_window import FEATURES, MainWindow


def test_the_default_features_are_installed_in_order_and_found_by_key(win):
    assert [f.key for f in win.features] == ["training", "tryit", "recovery", "model_files", "inspect", "lab", "cost"]
    assert all(isinstance(f, Feature) for f in win.features)
    assert win.feature("training").ui is win.training_ui and win.feature("training").controller is win.training
    assert win.feature("tryit").panel is win.try_panel and win.feature("recovery").recovery is win.recovery
    assert win.feature("no such feature") is None
    assert win.try_panel.controller is win.training_ui.controller  # Try it found training through its key


class Probe:
    """A feature that records what the window asks of it."""

    def __init__(self, key, log):
        self.key, self.log = key, log

    def install(self, window):
        self.log.append(("install", self.key, window.feature(self.key) is None))  # not listed before it is in

    def retranslate(self):
        self.log.append(("retranslate", self.key))

    def shutdown(self):
        self.log.append(("shutdown", self.key))


def _window(qtbot, tmp_path, features):
    w = MainWindow(QSettings(str(tmp_path / "settings.ini"), QSettings.IniFormat), features=features)
    w.quiet_errors = True
    w.ask_unsaved = lambda: QMessageBox.Cancel
    qtbot.addWidget(w)
    return w


def test_install_retranslate_and_shutdown_in_reverse_order_once_the_close_is_sure(qtbot, tmp_path):
    log = []
    w = _window(qtbot, tmp_path, (lambda: Probe("a", log), lambda: Probe("b", log)))
    assert log == [("install", "a", True), ("install", "b", True), ("retranslate", "a"), ("retranslate", "b")]
    log.clear()
    w.retranslate_ui()
    assert log == [("retranslate", "a"), ("retranslate", "b")]
    log.clear()
    w.open_example("mnist_dense")
    w.undo_stack.push(commands.set_outputs(w.doc, []))  # unsaved: the learner cancels the close, nothing stops
    assert not w.close() and log == []
    w.undo_stack.setClean()
    assert w.close()
    assert log == [("shutdown", "b"), ("shutdown", "a")]


def test_a_window_without_features_still_builds_and_checks_networks(qtbot, tmp_path):
    w = _window(qtbot, tmp_path, ())
    assert w.features == [] and w.feature("training") is None
    assert w.open_example("two_branch")
    assert w.report.ok and "keras.Model(" in w.code_view.toPlainText()
    assert not hasattr(w, "try_panel") and not hasattr(w, "training_ui")
    assert FEATURES == main_window_module.FEATURES and len(FEATURES) == 7
