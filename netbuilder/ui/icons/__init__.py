"""The application icon (``netbuilder.svg``) and the Linux desktop entry (``netbuilder.desktop``), package data.

``python -m netbuilder.ui.icons`` puts both where a Linux desktop's menu finds them
(``$XDG_DATA_HOME/applications`` and ``$XDG_DATA_HOME/icons/hicolor/scalable/apps``), with ``Exec``
pointing at this installation's ``netbuilder`` command.
"""

from __future__ import annotations

import os
import shutil
import sys
from pathlib import Path

from netbuilder.core.fileio import atomic_write_text

HERE = Path(__file__).resolve().parent
ICON_SVG = HERE / "netbuilder.svg"
DESKTOP_ENTRY = HERE / "netbuilder.desktop"


def app_icon():
    """The window icon (a ``QIcon``; Qt is imported only when asked)."""
    from PySide6.QtGui import QIcon  # noqa: PLC0415

    return QIcon(str(ICON_SVG))


def install_desktop_entry(data_home: Path | None = None) -> list[Path]:
    """Write the desktop entry and the icon under ``data_home`` (default ``$XDG_DATA_HOME`` or ~/.local/share)."""
    data_home = Path(data_home or os.environ.get("XDG_DATA_HOME") or Path.home() / ".local" / "share")
    command = Path(sys.executable).with_name("netbuilder")  # the console script next to this Python
    exe = str(command) if command.exists() else (shutil.which("netbuilder") or "netbuilder")
    entry = DESKTOP_ENTRY.read_text(encoding="utf-8").replace("Exec=netbuilder %f", f'Exec="{exe}" %f')
    desktop = data_home / "applications" / "netbuilder.desktop"
    icon = data_home / "icons" / "hicolor" / "scalable" / "apps" / "netbuilder.svg"
    for path, text in ((desktop, entry), (icon, ICON_SVG.read_text(encoding="utf-8"))):
        path.parent.mkdir(parents=True, exist_ok=True)
        atomic_write_text(path, text)
    return [desktop, icon]
