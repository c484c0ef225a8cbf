"""One small editor per hyper-parameter type, for the inspector.

Each editor shows a value, emits ``committed(value)`` when the user finishes an edit, and can be
set from the document with signals blocked (``set_value``), so the two cannot loop.

Editors say what they did with input they could not take (``refused(str)``, shown in the status
bar): a text field holds at most ``MAX_TEXT_LENGTH`` characters and refuses a longer paste before
it is laid out (laying out a million characters froze the window for seconds); a whole-number field
clamps "1e300" to its maximum and says so, instead of silently dropping the "e" (1300);
:class:`NumberSpinBox` and :class:`DecimalSpinBox` do the same for the settings panel.
"""

from __future__ import annotations

import ast
import math
import re

from PySide6.QtCore import QCoreApplication, Signal
from PySide6.QtGui import QDoubleValidator, QKeySequence, QValidator
from PySide6.QtWidgets import (
    QApplication,
    QCheckBox,
    QComboBox,
    QDoubleSpinBox,
    QLineEdit,
    QSpinBox,
)

from .qt_helpers import signals_blocked

#: Longest text a field takes (characters); longer pastes are refused whole.
MAX_TEXT_LENGTH = 1000
# what a learner may type on the way to a number: sign, digits, group separators, decimals, exponent
_NUMBER_LIKE = re.compile(r"[+-]?[\d,. \u00a0\u202f']*([eE][+-]?\d*)?")


class _LimitedText:
    """Mixin for ``QLineEdit`` fields: ``MAX_TEXT_LENGTH`` and a refused paste said in words."""

    def _limit_text(self) -> None:
        self.setMaxLength(MAX_TEXT_LENGTH)
        self.inputRejected.connect(self._said_too_long)

    def _said_too_long(self) -> None:
        if len(self.text()) >= self.maxLength():
            self.refused.emit(self.tr("This field takes at most {n} characters.").format(n=f"{self.maxLength():,}"))

    def keyPressEvent(self, event):  # noqa: N802 - Qt API
        if event.matches(QKeySequence.Paste):
            text = QApplication.clipboard().text()
            room = self.maxLength() - len(self.text()) + len(self.selectedText())
            if len(text) > room:  # refused before Qt lays it out
                self.refused.emit(self.tr("The pasted text has {n} characters; this field takes at most {limit}: "
                                          "nothing was pasted.").format(n=f"{len(text):,}",
                                                                        limit=f"{self.maxLength():,}"))
                event.accept()
                return
        super().keyPressEvent(event)


class BoolField(QCheckBox):
    committed = Signal(object)

    def __init__(self, parent=None):
        super().__init__(parent)
        self.toggled.connect(lambda v: self.committed.emit(bool(v)))

    def set_value(self, v):
        with signals_blocked(self):
            self.setChecked(bool(v))


class _Explaining:
    """Mixin for spin boxes: typed text that is a number but not one the box can hold ("1e300",
    "2.5" in a whole-number box, "-7" below the minimum) is clamped or rounded when the edit ends and
    ``refused`` says what was done; text that is no number keeps the old value, and says so."""

    def _explain_init(self) -> None:
        self.lineEdit().setMaxLength(64)

    def validate(self, text, pos):
        state, text2, pos2 = super().validate(text, pos)
        if state == QValidator.Invalid and _NUMBER_LIKE.fullmatch(text.strip()):
            return QValidator.Intermediate, text, pos  # finished in fixup(), where it is explained
        return state, text2, pos2

    def fixup(self, text):
        """The nearest value in range to a typed number, with ``refused`` saying what was done."""
        raw = text.strip()
        if not raw:
            return super().fixup(text)
        for affix in (self.prefix(), self.suffix()):
            raw = raw.replace(affix, "").strip() if affix else raw
        try:
            v = float(re.sub(r"[,\s\u00a0\u202f']", "", raw))
        except ValueError:
            v = math.nan
        lo, hi = self.minimum(), self.maximum()
        if math.isnan(v):
            self.refused.emit(_tr("'{text}' is not a number: the value stays {value}.").format(
                text=raw[:40], value=self.textFromValue(self.value())))
            return self.textFromValue(self.value())
        whole = isinstance(self, QSpinBox)
        n = hi if v > hi else lo if v < lo else (int(round(v)) if whole else round(v, self.decimals()))
        if v > hi:
            why = _tr("{text} is more than {limit}, the largest value here: set to {limit}.")
        elif v < lo:
            why = _tr("{text} is less than {limit}, the smallest value here: set to {limit}.")
        elif n != v:
            why = _tr("{text} is not a whole number: rounded to {limit}.") if whole else \
                _tr("{text} has more decimals than this box shows: rounded to {limit}.")
        else:
            return self.textFromValue(n)  # a plain number Qt's own check did not take (e.g. "1e2")
        self.refused.emit(why.format(text=raw[:40], limit=self.textFromValue(n)))
        return self.textFromValue(n)


def _tr(text: str) -> str:
    return QCoreApplication.translate("Fields", text)


class NumberSpinBox(_Explaining, QSpinBox):
    """A ``QSpinBox`` that says what it did with a value it could not take (``refused(str)``)."""

    refused = Signal(str)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._explain_init()


class DecimalSpinBox(_Explaining, QDoubleSpinBox):
    """A ``QDoubleSpinBox`` that says what it did with a value it could not take (``refused(str)``)."""

    refused = Signal(str)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._explain_init()


class IntField(NumberSpinBox):
    """A whole number in ``[minimum, maximum]`` for the inspector (see :class:`_Explaining`)."""

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
        with signals_blocked(self):
            try:
                v = int(v) if v is not None else 0
            except (TypeError, ValueError, OverflowError):  # NaN, inf, text: nothing sensible to show
                v = 0
            self.setValue(min(max(v, self.minimum()), self.maximum()))


class FloatField(_LimitedText, QLineEdit):
    committed = Signal(object)
    refused = Signal(str)

    def __init__(self, parent=None):
        super().__init__(parent)
        self._limit_text()
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
        with signals_blocked(self):
            self._last = v
            self.setText("" if v is None else f"{v:g}")


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
        with signals_blocked(self):
            i = self.index_of(v)
            if i < 0:
                self._add(v)
                i = self.count() - 1
            self.setCurrentIndex(i)


class TupleField(_LimitedText, QLineEdit):
    """Comma-separated integers (``None`` allowed), e.g. ``3, 3`` → ``[3, 3]``."""

    committed = Signal(object)
    refused = Signal(str)

    def __init__(self, parent=None):
        super().__init__(parent)
        self._limit_text()
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
        with signals_blocked(self):
            self._last = list(v) if isinstance(v, (list, tuple)) else v
            if isinstance(v, (list, tuple)):
                self.setText(", ".join("None" if x is None else str(x) for x in v))
            else:
                self.setText("" if v is None else str(v))


class TextField(_LimitedText, QLineEdit):
    """Any other value: a Python literal when it parses as one, else the text."""

    committed = Signal(object)
    refused = Signal(str)

    def __init__(self, parent=None, literal=True):
        super().__init__(parent)
        self._limit_text()
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
        with signals_blocked(self):
            self._last = v
            self.setText("" if v is None else (v if isinstance(v, str) and not self.literal else
                                                (v if isinstance(v, str) else repr(v))))
