"""The application icon (``netbuilder.svg``) and the Linux desktop entry (``netbuilder.desktop``), shipped as package data."""

from __future__ import annotations

from pathlib import Path

HERE = Path(__file__).resolve().parent
ICON_SVG = HERE / "netbuilder.svg"
DESKTOP_ENTRY = HERE / "netbuilder.desktop"


def app_icon():
    """The window icon (a ``QIcon``; Qt is imported only when asked)."""
    from PySide6.QtGui import QIcon  # noqa: PLC0415

    return QIcon(str(ICON_SVG))
