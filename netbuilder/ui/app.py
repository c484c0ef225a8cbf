"""Application start-up: QApplication, the main window, the event loop.

``run_app(argv)``: ``netbuilder [project.nbproj] [--smoke-exit]``. With no project, the most
recent one is reopened, or the spiral playground example when there is none. ``--smoke-exit``
(or ``NETBUILDER_SMOKE_EXIT=1``) quits as soon as the window is shown, to measure start-up.
"""

from __future__ import annotations

import ctypes.util
import os
import sys
import time

#: Libraries Qt 6's xcb platform plugin loads, and the Debian/Ubuntu package providing each.
XCB_LIBS = {"xcb-cursor": "libxcb-cursor0", "xkbcommon-x11": "libxkbcommon-x11-0",
            "xcb-icccm": "libxcb-icccm4", "xcb-keysyms": "libxcb-keysyms1", "xcb-shape": "libxcb-shape0",
            "xcb-render-util": "libxcb-render-util0", "xcb-image": "libxcb-image0"}


def missing_platform_packages() -> list[str]:
    """Packages to install before Qt's X11 plugin can load (empty when fine or not on X11)."""
    if not sys.platform.startswith("linux"):
        return []
    platform = os.environ.get("QT_QPA_PLATFORM", "")
    if platform and not platform.startswith("xcb"):
        return []
    if not platform and os.environ.get("WAYLAND_DISPLAY"):
        return []
    return [pkg for lib, pkg in XCB_LIBS.items() if ctypes.util.find_library(lib) is None]


def platform_problem() -> str | None:
    """One line telling the user what to install/set, or None when Qt can start."""
    missing = missing_platform_packages()
    if missing:
        return ("netbuilder: Qt cannot load its X11 platform plugin; install the missing system "
                f"libraries: sudo apt install {' '.join(missing)}")
    if sys.platform.startswith("linux") and not os.environ.get("QT_QPA_PLATFORM") \
            and not os.environ.get("DISPLAY") and not os.environ.get("WAYLAND_DISPLAY"):
        return ("netbuilder: no display found (DISPLAY/WAYLAND_DISPLAY unset); run it from a desktop "
                "session, or set QT_QPA_PLATFORM=offscreen for a headless check")
    return None


#: The example opened when there is no project to reopen.
START_EXAMPLE = "playground_spiral"


def run_app(argv: list[str]) -> int:
    """Create the QApplication and the main window, run the event loop; returns the exit code."""
    t0 = time.perf_counter()
    args = [a for a in argv if not a.startswith("--")]
    smoke = "--smoke-exit" in argv or os.environ.get("NETBUILDER_SMOKE_EXIT") == "1"
    problem = platform_problem()
    if problem:
        print(problem, file=sys.stderr)
        return 2
    from PySide6.QtCore import QTimer  # noqa: PLC0415
    from PySide6.QtWidgets import QApplication  # noqa: PLC0415

    app = QApplication.instance() or QApplication([sys.argv[0]] + argv)
    app.setApplicationName("netbuilder")
    app.setOrganizationName("netbuilder")
    app.setApplicationDisplayName("netbuilder")
    from PySide6.QtCore import QSettings  # noqa: PLC0415

    from . import i18n  # noqa: PLC0415
    from .main_window import MainWindow  # noqa: PLC0415

    i18n.apply_saved_language(QSettings())  # the remembered choice, else the system locale
    win = MainWindow()
    from . import slot_guard  # noqa: PLC0415

    slot_guard.install(win)  # an exception escaping a slot becomes a message in the window
    win.quiet_errors, win.last_error = True, None  # a refused project is shown over the window, once up
    open_initial(win, args)
    win.quiet_errors, refused = False, win.last_error
    win.recovery.offer_restore()  # after a crash: Restore / Discard the autosaved work
    win.show()
    freeze_startup_objects()
    if refused:
        print(f"netbuilder: {refused}", file=sys.stderr)
        if not smoke:
            QTimer.singleShot(0, lambda: show_startup_error(win, refused))
    if smoke:
        def done():
            print(f"netbuilder: window shown after {time.perf_counter() - t0:.2f} s", file=sys.stderr)
            win.undo_stack.setClean()
            win.close()
            app.quit()

        QTimer.singleShot(0, done)
    return app.exec()


def freeze_startup_objects() -> None:
    """Leave the objects made so far (the window and its widgets, made once for the session, and the project
    opened with it) out of the garbage collector's full passes (``gc.freeze``), after one last full pass.

    A full pass walked all of them: ~45 ms for the ~100,000 objects of the window, every so often, in
    whichever thread's allocation set it off, and it holds the interpreter lock all along: a pass falling
    in the training thread stopped the window for as long (a 57 ms gap with no GUI work, bench_ui_stall's
    long run). They still go when their last reference does; a reference cycle among them would stay."""
    import gc  # noqa: PLC0415

    gc.collect()
    gc.freeze()


def show_startup_error(win, text: str) -> None:
    """The project that could not be opened at start, in a box over the (already usable) window."""
    from PySide6.QtCore import QCoreApplication, Qt  # noqa: PLC0415
    from PySide6.QtWidgets import QMessageBox  # noqa: PLC0415

    box = QMessageBox(QMessageBox.Critical, QCoreApplication.translate("ProjectActions", "Cannot open project"),
                      text + "\n\n" + QCoreApplication.translate(
                          "App", "netbuilder started with the example {name} instead.").format(
                          name=START_EXAMPLE.replace("_", " ")), QMessageBox.Ok, win)
    box.setObjectName("startupErrorBox")
    box.setAttribute(Qt.WA_DeleteOnClose)
    box.open()


def open_initial(win, args) -> None:
    """The project named on the command line, else the most recent one, else the start-up example.

    Starting never depends on a project being readable: a file that fails to open is reported
    (``open_path`` shows why) and the start-up example opens instead; a failing recent entry is
    taken off the list, so it is reported once, not at every start.
    """
    from pathlib import Path  # noqa: PLC0415

    if args:
        if win.open_path(args[0]):
            return
    else:
        for f in win.recent_files():
            if not Path(f).exists():
                continue
            if win.open_path(f):
                return
            win.forget_recent(f)
            break
    win.open_example(START_EXAMPLE)
