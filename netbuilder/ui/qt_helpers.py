"""Small helpers around Qt idioms the window repeats.

:func:`signals_blocked` replaces the ``obj.blockSignals(True)`` … ``obj.blockSignals(False)`` pairs:
an exception between the two used to leave the object deaf for the rest of the session, and the
``False`` also unblocked an object that had been blocked on purpose by an outer caller. The context
manager restores each object's *previous* state (what ``blockSignals`` returns), whatever happens in
the body. napari writes widgets from model events the same way (``qt_signals_blocked`` in
``napari/_qt/utils.py``).

:class:`HeldCall` folds the repeated calls of a refresh made during one batch of changes (a dataset
arriving sets the context, the loss and the metrics, each of which used to describe the whole
window again) into one call at the batch's end.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager

from PySide6.QtCore import QObject, QSize
from PySide6.QtWidgets import QComboBox, QSizePolicy, QToolBar, QVBoxLayout, QWidget


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


class HeldCall:
    """A callable that runs ``fn()`` at once, except inside :meth:`held`, where calls are folded into
    one run when the outermost hold ends (with ``run=True`` that run happens even without a call).

    Arguments given to a call are dropped (``fn`` takes none), so it can be connected to any signal.
    """

    def __init__(self, fn: Callable[[], object]):
        self.fn = fn
        self.depth = 0
        self.pending = False

    def __call__(self, *_args) -> None:
        if self.depth:
            self.pending = True
            return
        self.fn()

    @contextmanager
    def held(self, run: bool = False) -> Iterator[None]:
        """Hold the calls for the body; the outermost exit runs ``fn`` once if any call came (or ``run``),
        also after an exception in the body, so the window is never left undescribed."""
        self.depth += 1
        self.pending = self.pending or run
        try:
            yield
        finally:
            self.depth -= 1
            if self.depth == 0 and self.pending:
                self.pending = False
                self.fn()


class FillingVBoxLayout(QVBoxLayout):
    """A vertical layout that never reports a height-for-width, for a panel inside a resizable
    :class:`QScrollArea` that should fill the visible height (the training curves).

    A scroll area sizes a widget whose layout has a height-for-width (any word-wrapped label in it)
    to that layout's *preferred* height for the width — pyqtgraph's plots prefer 480 px — and so
    shows a scroll bar and cuts the curves on a 768-px screen as soon as a status line appears. With
    this layout it sizes the panel to the viewport, down to the children's minimum sizes.
    """

    def hasHeightForWidth(self) -> bool:  # noqa: N802 - Qt API
        return False


def overflow_bar(name: str, widgets=()) -> QToolBar:
    """A row of widgets that never widens its panel: what does not fit goes behind the bar's » button
    (a QToolBar's extension menu), where it still works. For button rows beside a progress bar or a
    verdict, which on a 1366-pixel laptop screen gave the training dock a horizontal scroll bar."""
    bar = QToolBar()
    bar.setObjectName(name)
    bar.setMovable(False)
    bar.setFloatable(False)
    bar.setIconSize(QSize(1, 1))
    bar.setStyleSheet("QToolBar { border: 0px; spacing: 4px; padding: 0px; }")
    bar.setSizePolicy(QSizePolicy.Preferred, QSizePolicy.Fixed)
    for w in widgets:
        add_to_bar(bar, w)
    return bar


def add_to_bar(bar: QToolBar, widget: QWidget):
    """Append ``widget`` to an :func:`overflow_bar`; returns its action (hide it with ``setVisible``)."""
    return bar.addWidget(widget)


class NarrowCombo(QComboBox):
    """A combo box that asks for the width of ``chars`` characters, not of its longest item, and whose
    open list is as wide as its items: a long choice ("Keras 3 (jax, 1 CPU)", a loss name) no longer
    widens a laptop's 350-px settings column into a horizontal scroll bar. The closed box elides."""

    def __init__(self, chars: int = 14, **kwargs):
        super().__init__(**kwargs)
        self.setSizeAdjustPolicy(QComboBox.AdjustToMinimumContentsLengthWithIcon)
        self.setMinimumContentsLength(chars)

    def showPopup(self) -> None:  # noqa: N802 - Qt API
        fm = self.view().fontMetrics()
        widest = max((fm.horizontalAdvance(self.itemText(i)) for i in range(self.count())), default=0)
        self.view().setMinimumWidth(max(self.width(), widest + self.iconSize().width() + 32))
        super().showPopup()
