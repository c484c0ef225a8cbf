"""One small editor per hyper-parameter type, for the inspector.

Each editor shows a value, emits ``committed(value)`` when the user finishes an edit, and can be
set from the document with signals blocked (``set_value``), so the two cannot loop.
"""

from __future__ import annotations

import ast

from PySide6.QtCore import Signal
from PySide6.QtGui import QDoubleValidator
from PySide6.QtWidgets import QCheckBox, QComboBox, QLineEdit, QSpinBox


class BoolField(QCheckBox):
    committed = Signal(object)

    def __init__(self, parent=None):
        super().__init__(parent)
        self.toggled.connect(lambda v: self.committed.emit(bool(v)))

    def set_value(self, v):
        self.blockSignals(True)
        self.setChecked(bool(v))
        self.blockSignals(False)


class IntField(QSpinBox):
    committed = Signal(object)

    def __init__(self, parent=None, minimum=-1, maximum=10_000_000):
        super().__init__(parent)
        self.setRange(minimum, maximum)
        self.setKeyboardTracking(False)  # one commit per finished edit, not per keystroke
        self.setGroupSeparatorShown(True)
        self.valueChanged.connect(lambda v: self.committed.emit(int(v)))

    def set_value(self, v):
        """Show ``v``; a value beyond the box's range (a file's ``units: 10**12``) shows as the
        nearest end: the layer's Problem names the real value."""
        self.blockSignals(True)
        try:
            v = int(v) if v is not None else 0
        except (TypeError, ValueError, OverflowError):  # NaN, inf, text: nothing sensible to show
            v = 0
        self.setValue(min(max(v, self.minimum()), self.maximum()))
        self.blockSignals(False)


class FloatField(QLineEdit):
    committed = Signal(object)

    def __init__(self, parent=None):
        super().__init__(parent)
        v = QDoubleValidator(self)
        v.setNotation(QDoubleValidator.ScientificNotation)
        self.setValidator(v)
        self.editingFinished.connect(self._emit)
        self._last = None

    def _emit(self):
        try:
            val = float(self.text().replace(",", "."))
        except ValueError:
            return
        if val != self._last:
            self._last = val
            self.committed.emit(val)

    def set_value(self, v):
        self.blockSignals(True)
        self._last = v
        self.setText("" if v is None else f"{v:g}")
        self.blockSignals(False)


class ChoiceField(QComboBox):
    """A fixed list of choices; ``None`` shows as "None"; dict values show their ``class_name``.

    Values are kept in a Python list, not as item data: PySide6 6.12 on Python 3.11 drops a
    reference to ``None`` each time a ``None`` item data crosses to Python, which crashes later.
    """

    committed = Signal(object)

    def __init__(self, choices, parent=None):
        super().__init__(parent)
        self.values: list = []
        for c in choices:
            self._add(c)
        self.activated.connect(lambda i: self.committed.emit(self.values[i]))

    def _add(self, c):
        self.values.append(c)
        self.addItem("None" if c is None else str(c))

    def value_at(self, i):
        return self.values[i]

    def index_of(self, v) -> int:
        return self.values.index(v) if v in self.values else -1

    def set_value(self, v):
        if isinstance(v, dict):
            v = v.get("class_name")
        self.blockSignals(True)
        i = self.index_of(v)
        if i < 0:
            self._add(v)
            i = self.count() - 1
        self.setCurrentIndex(i)
        self.blockSignals(False)


class TupleField(QLineEdit):
    """Comma-separated integers (``None`` allowed), e.g. ``3, 3`` → ``[3, 3]``."""

    committed = Signal(object)

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setPlaceholderText(self.tr("e.g. 3, 3"))
        self.editingFinished.connect(self._emit)
        self._last = None

    def _emit(self):
        parts = [p.strip() for p in self.text().strip().strip("()[]").split(",") if p.strip()]
        try:
            val = [None if p.lower() == "none" else int(p) for p in parts]
        except ValueError:
            self.committed.emit(self.text())  # let the layer refuse it with its own message
            return
        if val != self._last:
            self._last = val
            self.committed.emit(val)

    def set_value(self, v):
        self.blockSignals(True)
        self._last = list(v) if isinstance(v, (list, tuple)) else v
        if isinstance(v, (list, tuple)):
            self.setText(", ".join("None" if x is None else str(x) for x in v))
        else:
            self.setText("" if v is None else str(v))
        self.blockSignals(False)


class TextField(QLineEdit):
    """Any other value: a Python literal when it parses as one, else the text."""

    committed = Signal(object)

    def __init__(self, parent=None, literal=True):
        super().__init__(parent)
        self.literal = literal
        self.editingFinished.connect(self._emit)
        self._last = None

    def _emit(self):
        text = self.text().strip()
        val = text
        if self.literal:
            try:
                val = ast.literal_eval(text) if text else None
            except (ValueError, SyntaxError):
                val = text
        if val != self._last:
            self._last = val
            self.committed.emit(val)

    def set_value(self, v):
        self.blockSignals(True)
        self._last = v
        self.setText("" if v is None else (v if isinstance(v, str) and not self.literal else
                                            (v if isinstance(v, str) else repr(v))))
        self.blockSignals(False)
