"""Value widgets that the mouse wheel cannot change by accident.

Scrolling a form with the wheel used to spin whatever box passed under the pointer (Epochs went from
20 to 33 while the learner only scrolled the Training settings). :func:`protect` gives every spin box
and combo box under a widget ``Qt.StrongFocus`` (a wheel no longer focuses it) and an event filter
that lets the wheel through to the scroll area unless the box already has the keyboard focus (clicked
or tabbed into on purpose).
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QEvent, QObject, Qt
from PySide6.QtWidgets import QAbstractSpinBox, QComboBox, QWidget

_GUARDED = (QAbstractSpinBox, QComboBox)


class WheelGuard(QObject):
    """Event filter: a wheel event on an unfocused spin or combo box is ignored (the parent scrolls)."""

    def eventFilter(self, obj, event):  # noqa: N802 - Qt API
        if event.type() == QEvent.Wheel and isinstance(obj, _GUARDED) and not obj.hasFocus():
            parent = obj.parentWidget()
            if parent is not None:  # the form scrolls instead (Qt passes an ignored wheel up from there)
                QCoreApplication.sendEvent(parent, event)
            return True
        return False


_GUARD: WheelGuard | None = None


def protect(root: QWidget) -> None:
    """Guard ``root`` and every spin/combo box under it (call again after adding fields; idempotent)."""
    global _GUARD
    if _GUARD is None:
        _GUARD = WheelGuard()
    widgets = [root] if isinstance(root, _GUARDED) else []
    widgets += [w for w in root.findChildren(QWidget) if isinstance(w, _GUARDED)]
    for w in widgets:
        if not w.property("wheelGuarded"):
            w.setFocusPolicy(Qt.StrongFocus)
            w.installEventFilter(_GUARD)
            w.setProperty("wheelGuarded", True)
