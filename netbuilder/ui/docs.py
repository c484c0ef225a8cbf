"""Bottom docks: the problems list (``problemsList``) and the read-only Keras code view."""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QBrush, QColor, QFont, QFontDatabase
from PySide6.QtWidgets import QListView, QListWidget, QListWidgetItem, QPlainTextEdit

from . import i18n
from .i18n import messages
from .style import ERROR_COLOR, OK_COLOR

WARNING_COLOR = "#b45309"
FIX_COLOR = "#1d4ed8"
_FIX_ROLE = Qt.UserRole + 2


class ProblemsList(i18n.Retranslatable, QListWidget):
    """One row per fault: the core's graph faults, then the training setup's (loss, output, labels, data
    shapes: :mod:`netbuilder.ui.training.setup_problems`) with a row per one-click fix under them.
    Clicking a fault emits ``nodeClicked(name)``; clicking a fix emits ``fixRequested(fix)``."""

    nodeClicked = Signal(str)
    fixRequested = Signal(object)

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setObjectName("problemsList")
        self.setAlternatingRowColors(True)
        self.setWordWrap(True)  # a long sentence wraps in the dock instead of running off its edge
        self.setTextElideMode(Qt.ElideNone)
        self.setResizeMode(QListView.Adjust)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarAlwaysOff)
        self.itemClicked.connect(self._clicked)
        self.itemActivated.connect(self._clicked)
        self._shown = None  # (doc, report, setup) last shown, re-rendered when the language changes
        self._pending_fix = None
        # A double-click is press, release (a click: the fix applies and the list reflows), then a
        # double-click event on whatever row is now under the pointer: that second half applies nothing.
        self._press_applied_fix = False  # the last press's click applied a fix
        self._ignore_fix_clicks = False  # between that double-click event and its release

    def retranslate_ui(self) -> None:
        if self._shown is not None:
            self.show_report(*self._shown)

    def show_report(self, doc, report, setup=()) -> None:
        self._shown = (doc, report, setup)
        self.clear()
        if not doc.nodes:
            self._add(self.tr("The canvas is empty: drag an Input from the palette to start."), None, hint=True)
            return
        if not any(n.is_input for n in doc.nodes.values()):
            self._add(self.tr("The model has no Input layer: add one and connect it."), None)
        for exc in report.graph_errors:
            self._add(messages.render(exc), None, code=getattr(exc, "code", ""))
        for name, exc in report.errors.items():
            code = getattr(exc, "code", "")
            self._add(f"{name}: {messages.render(exc)}", name, code=code)
        for problem in setup:
            text = f"{problem.layer}: {problem.text()}" if problem.layer else problem.text()
            self._add(text, problem.layer, code=problem.code, warning=not problem.blocking)
            for fix in problem.fixes:
                # "→" is in every common UI font (DejaVu, Noto, YaHei ...); an emoji is a box without an emoji font
                item = QListWidgetItem("      → " + self.tr("Fix: {fix}").format(fix=fix.text()))
                item.setForeground(QBrush(QColor(FIX_COLOR)))
                item.setData(Qt.UserRole, "")
                item.setData(Qt.UserRole + 1, False)
                item.setData(_FIX_ROLE, fix)
                item.setToolTip(self.tr("Click to apply this fix (Undo takes it back)."))
                self.addItem(item)
        if self.count() == 0:
            item = QListWidgetItem("✔  " + self.tr("No problems: every shape fits."))
            item.setForeground(QBrush(QColor(OK_COLOR)))
            item.setFlags(Qt.ItemIsEnabled)
            item.setData(Qt.UserRole, "")
            item.setData(Qt.UserRole + 1, False)
            self.addItem(item)

    def fix_rows(self) -> list:
        """The one-click fixes listed, in order."""
        return [self.item(i).data(_FIX_ROLE) for i in range(self.count()) if self.item(i).data(_FIX_ROLE)]

    def problems(self) -> list[tuple[str | None, str]]:
        """(layer name or None, message) for each problem row."""
        return [(self.item(i).data(Qt.UserRole) or None, self.item(i).text()) for i in range(self.count())
                if self.item(i).data(Qt.UserRole + 1)]

    def _apply_pending_fix(self) -> None:
        fix, self._pending_fix = self._pending_fix, None
        if fix is not None:
            self.fixRequested.emit(fix)

    def _add(self, text, name, code="", hint=False, warning=False):
        item = QListWidgetItem(("ℹ  " if hint else "⚠  " if warning else "✖  ") + text)
        item.setData(Qt.UserRole, name or "")  # never None: see fields.ChoiceField
        item.setData(Qt.UserRole + 1, not hint)
        item.setToolTip(text + "\n" + self.tr("(code: {code})").format(code=code) if code else text)
        if not hint:
            item.setForeground(QBrush(QColor(WARNING_COLOR if warning else ERROR_COLOR)))
        self.addItem(item)

    def mousePressEvent(self, event):  # noqa: N802 - Qt API
        self._press_applied_fix = self._ignore_fix_clicks = False
        super().mousePressEvent(event)

    def mouseDoubleClickEvent(self, event):  # noqa: N802 - Qt API
        """The second press of a double-click whose first click applied a fix: swallowed, so the row
        that moved under the pointer (another fix) is not applied too."""
        if self._press_applied_fix:
            self._ignore_fix_clicks = True
            event.accept()
            return
        super().mouseDoubleClickEvent(event)

    def mouseReleaseEvent(self, event):  # noqa: N802 - Qt API
        super().mouseReleaseEvent(event)
        self._ignore_fix_clicks = False

    def _clicked(self, item):
        fix = item.data(_FIX_ROLE)
        if fix:  # after the click is done (the fix rebuilds this list); clicked + activated apply once
            if self._ignore_fix_clicks:
                return
            self._press_applied_fix = True
            if self._pending_fix is None:
                self._pending_fix = fix
                QTimer.singleShot(0, self._apply_pending_fix)
            return
        name = item.data(Qt.UserRole)
        if name:
            self.nodeClicked.emit(name)


class CodeView(QPlainTextEdit):
    """Read-only Keras source of the current graph."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setObjectName("kerasCode")
        self.setReadOnly(True)
        self.setLineWrapMode(QPlainTextEdit.NoWrap)
        f = QFontDatabase.systemFont(QFontDatabase.FixedFont)
        f.setStyleHint(QFont.Monospace)
        self.setFont(f)

    def set_code(self, text: str) -> None:
        if text != self.toPlainText():
            bar = self.verticalScrollBar().value()
            self.setPlainText(text)
            self.verticalScrollBar().setValue(bar)
