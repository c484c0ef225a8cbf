"""Bottom docks: the problems list (``problemsList``) and the read-only Keras code view."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QBrush, QColor, QFont, QFontDatabase
from PySide6.QtWidgets import QListWidget, QListWidgetItem, QPlainTextEdit

from . import i18n
from .i18n import messages
from .style import ERROR_COLOR, OK_COLOR


class ProblemsList(i18n.Retranslatable, QListWidget):
    """One row per fault the core reports; clicking a row emits ``nodeClicked(name)``."""

    nodeClicked = Signal(str)

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setObjectName("problemsList")
        self.setAlternatingRowColors(True)
        self.itemClicked.connect(self._clicked)
        self.itemActivated.connect(self._clicked)
        self._shown = None  # (doc, report) last shown, re-rendered when the language changes

    def retranslate_ui(self) -> None:
        if self._shown is not None:
            self.show_report(*self._shown)

    def show_report(self, doc, report) -> None:
        self._shown = (doc, report)
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
        if self.count() == 0:
            item = QListWidgetItem("✔  " + self.tr("No problems: every shape fits."))
            item.setForeground(QBrush(QColor(OK_COLOR)))
            item.setFlags(Qt.ItemIsEnabled)
            item.setData(Qt.UserRole, "")
            item.setData(Qt.UserRole + 1, False)
            self.addItem(item)

    def problems(self) -> list[tuple[str | None, str]]:
        """(layer name or None, message) for each problem row."""
        return [(self.item(i).data(Qt.UserRole) or None, self.item(i).text()) for i in range(self.count())
                if self.item(i).data(Qt.UserRole + 1)]

    def _add(self, text, name, code="", hint=False):
        item = QListWidgetItem(("ℹ  " if hint else "✖  ") + text)
        item.setData(Qt.UserRole, name or "")  # never None: see fields.ChoiceField
        item.setData(Qt.UserRole + 1, not hint)
        item.setToolTip(text + "\n" + self.tr("(code: {code})").format(code=code) if code else text)
        if not hint:
            item.setForeground(QBrush(QColor(ERROR_COLOR)))
        self.addItem(item)

    def _clicked(self, item):
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
