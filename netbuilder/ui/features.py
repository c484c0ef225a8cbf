"""Features: the optional parts of the builder window, installed through one small protocol.

The window's core is the canvas, palette, inspector, problems list and code view around one graph
document. Everything else (training, Try it, crash recovery, model files, later the lab and the
inspection views) is a *feature*: an object with a ``key`` and three methods.

``install(window)``
    Once, from ``MainWindow.__init__``, after the core widgets, the actions and the menus exist:
    build the feature's docks, actions and connections on the window. A feature may keep public
    handles as plain attributes of the window (``window.training_ui``, ``window.try_panel``) for
    the code and tests that already use them.
``retranslate()``
    From ``MainWindow.retranslate_ui`` (start-up and every language switch): set the feature's own
    texts that do not follow ``LanguageChange`` by themselves (dock titles, action texts).
``shutdown()``
    From ``MainWindow.closeEvent`` once the close is certain (nothing unsaved, or the learner
    chose): stop threads, flush or remove files. Called in the reverse order of installation,
    so a feature installed later stops first: recovery (which autosaves after a training run) is
    closed before training's shutdown ends a run, and writes nothing more.

``MainWindow.features`` lists the installed features in order and ``MainWindow.feature(key)`` finds
one (None when that feature is not installed, e.g. a window built with fewer features): the window
asks for a feature by its key instead of probing its own attributes. The default list is
``main_window.FEATURES``; a factory is called with no arguments and must return a :class:`Feature`.
Features that depend on another one look it up in their ``install`` (Try it follows the training
controller when ``window.feature("training")`` is there).

Keys in use: ``"training"``, ``"tryit"``, ``"recovery"``, ``"model_files"``; planned: ``"lab"``, ``"inspect"``.
"""

from __future__ import annotations

from typing import Protocol, runtime_checkable

from . import training as _training


@runtime_checkable
class Feature(Protocol):
    """An optional part of the builder window (see the module docstring)."""

    key: str

    def install(self, window) -> None: ...

    def retranslate(self) -> None: ...

    def shutdown(self) -> None: ...


#: ``ui.training``'s feature (docks, controller, fixes from Problems; ``ui`` and ``controller``); its
#: panels follow ``doc.modelChanged``, so a drag does not re-check the training setup.
TrainingFeature = _training.TrainingFeature
