"""Small helpers around Qt idioms the window repeats.

:func:`signals_blocked` replaces the ``obj.blockSignals(True)`` … ``obj.blockSignals(False)`` pairs:
an exception between the two used to leave the object deaf for the rest of the session, and the
``False`` also unblocked an object that had been blocked on purpose by an outer caller. The context
manager restores each object's *previous* state (what ``blockSignals`` returns), whatever happens in
the body. napari writes widgets from model events the same way (``qt_signals_blocked`` in
``napari/_qt/utils.py``).
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from PySide6.QtCore import QObject


@contextmanager
def signals_blocked(*objects: QObject) -> Iterator[None]:
    """Block the signals of every object in ``objects`` for the body of a ``with`` statement.

    On exit (normal or by an exception) each object gets back the blocked state it had before, in
    reverse order, so nesting ``signals_blocked(x)`` inside ``signals_blocked(x)`` keeps ``x``
    blocked until the outer block ends. ``None`` entries are skipped, for optional widgets.
    """
    previous: list[tuple[QObject, bool]] = []
    try:
        for obj in objects:
            if obj is not None:
                previous.append((obj, obj.blockSignals(True)))
        yield
    finally:
        for obj, was_blocked in reversed(previous):
            obj.blockSignals(was_blocked)
