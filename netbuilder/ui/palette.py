"""The layer palette (``layerPalette``): every registered layer, grouped, searchable, draggable.

The list is read from ``netbuilder.core.registry.LAYERS`` each time it is built, never kept by
hand; tooltips come from the class docstring plus a "when to use" hint.
"""

from __future__ import annotations

import inspect

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, QMimeData, QSize, Qt, Signal
from PySide6.QtGui import QColor, QDrag, QFont, QIcon, QPainter, QPixmap
from PySide6.QtWidgets import QLineEdit, QTreeWidget, QTreeWidgetItem, QVBoxLayout, QWidget

from netbuilder.core.registry import LAYERS

from . import i18n
from .canvas.view import LAYER_MIME
from .i18n import glossary
from .style import GROUPS, color_of, group_of

#: When to reach for a layer; a group hint is used for layers without their own line.
WHEN = {
    "InputLayer": QT_TRANSLATE_NOOP("LayerPalette",
        "Every model starts here: set the shape of one sample, e.g. (784,) or (28, 28, 1)."),
    "Dense": QT_TRANSLATE_NOOP("LayerPalette",
        "The workhorse: classification/regression heads and MLPs on flat feature vectors."),
    "Activation": QT_TRANSLATE_NOOP("LayerPalette",
        "Apply a non-linearity as its own step (e.g. after BatchNormalization)."),
    "Flatten": QT_TRANSLATE_NOOP("LayerPalette",
        "Between convolution/pooling blocks and Dense layers: images must be flattened first."),
    "Dropout": QT_TRANSLATE_NOOP("LayerPalette",
        "Against overfitting: randomly zeroes inputs while training (typical rate 0.2–0.5)."),
    "Concatenate": QT_TRANSLATE_NOOP("LayerPalette",
        "Join branches side by side (inception-style or multi-input models)."),
    "Add": QT_TRANSLATE_NOOP("LayerPalette",
        "Residual connections: sum branches of the same shape."),
    "Embedding": QT_TRANSLATE_NOOP("LayerPalette",
        "First layer for word indices (IMDB, Reuters): turns integers into dense vectors."),
    "LSTM": QT_TRANSLATE_NOOP("LayerPalette",
        "Sequences where order matters (text, time series); keeps long-range memory."),
    "Conv2D": QT_TRANSLATE_NOOP("LayerPalette",
        "Images: learns local patterns (edges, textures) shared across positions."),
    "MaxPooling2D": QT_TRANSLATE_NOOP("LayerPalette",
        "After Conv2D: halves height and width, keeps the strongest activations."),
    "BatchNormalization": QT_TRANSLATE_NOOP("LayerPalette",
        "Deeper nets that train slowly: normalises activations per batch."),
}
GROUP_WHEN = {
    "Core": QT_TRANSLATE_NOOP("LayerPalette",
        "Basic building block of most networks."),
    "Convolution": QT_TRANSLATE_NOOP("LayerPalette",
        "Grid-like data (images, signals) where local patterns matter."),
    "Pooling": QT_TRANSLATE_NOOP("LayerPalette",
        "Shrinks feature maps after convolutions; Global pooling replaces Flatten."),
    "Recurrent": QT_TRANSLATE_NOOP("LayerPalette",
        "Sequences: reads the steps in order and keeps a state."),
    "Embedding": QT_TRANSLATE_NOOP("LayerPalette",
        "Turns integer tokens into learned vectors."),
    "Merge": QT_TRANSLATE_NOOP("LayerPalette",
        "Combines two or more branches; the inputs must have compatible shapes."),
    "Normalization": QT_TRANSLATE_NOOP("LayerPalette",
        "Keeps activations in a stable range so training is faster and steadier."),
    "Regularization": QT_TRANSLATE_NOOP("LayerPalette",
        "Fights overfitting; does nothing at prediction time."),
    "Reshape": QT_TRANSLATE_NOOP("LayerPalette",
        "Changes the layout of a tensor without learning anything."),
}


def layer_tooltip(class_name: str) -> str:
    """Rich-text tooltip: what the layer does, the shapes it takes and gives, when to use it."""
    cls = LAYERS.lookup(class_name)
    doc = inspect.cleandoc(cls.__doc__ or f"{class_name} layer.")
    paras = [p.strip() for p in doc.split("\n\n") if p.strip()]
    what = paras[0].replace("\n", " ") if paras else class_name
    shapes = next((p.replace("\n", " ") for p in paras if p.lower().startswith(("shape", "input shape",
                                                                                  "input:", "shapes"))), "")
    if not shapes:
        shapes = next((p.replace("\n", " ") for p in paras[1:] if "shape" in p.lower() and "Args" not in p), "")
    when = WHEN.get(class_name) or GROUP_WHEN.get(group_of(class_name), "")
    when = QCoreApplication.translate("LayerPalette", when) if when else ""
    if i18n.is_chinese() and glossary.describe(class_name, "layers"):
        what, shapes = glossary.describe(class_name, "layers"), ""  # the docstring is English: the glossary's line
    parts = [f"<b>{glossary.label(class_name, 'layers')}</b> "
             f"<span style='color:#64748b'>({group_label(group_of(class_name))})</span>",
             f"<p>{_esc(what)}</p>"]
    if shapes:
        head = QCoreApplication.translate("LayerPalette", "Shapes:")
        parts.append(f"<p><b>{head}</b> {_esc(shapes[:400])}</p>")
    if when:
        head = QCoreApplication.translate("LayerPalette", "When to use:")
        parts.append(f"<p><b>{head}</b> {_esc(when)}</p>")
    return "<qt>" + "".join(parts) + "</qt>"


def group_label(group: str) -> str:
    """A palette group's name in the current language (the glossary's Chinese term)."""
    return glossary.zh(group, "groups") if i18n.is_chinese() and glossary.zh(group, "groups") else group


def _esc(s: str) -> str:
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("``", "")


_ICON_CACHE: dict[str, QIcon] = {}


def layer_icon(class_name: str) -> QIcon:
    """A rounded square in the group's colour with the layer's initials."""
    if class_name in _ICON_CACHE:
        return _ICON_CACHE[class_name]
    pm = QPixmap(32, 32)
    pm.fill(Qt.transparent)
    p = QPainter(pm)
    p.setRenderHint(QPainter.Antialiasing)
    p.setBrush(QColor(color_of(class_name)))
    p.setPen(Qt.NoPen)
    p.drawRoundedRect(2, 2, 28, 28, 7, 7)
    caps = "".join(c for c in class_name if c.isupper() or c.isdigit())[:3] or class_name[:2]
    if class_name == "InputLayer":
        caps = "In"
    f = QFont()
    f.setBold(True)
    f.setPixelSize(12 if len(caps) < 3 else 10)
    p.setFont(f)
    p.setPen(QColor("white"))
    p.drawText(pm.rect(), Qt.AlignCenter, caps)
    p.end()
    _ICON_CACHE[class_name] = QIcon(pm)
    return _ICON_CACHE[class_name]


class _Tree(QTreeWidget):
    def mimeTypes(self):
        return [LAYER_MIME]

    def mimeData(self, items):
        data = QMimeData()
        names = [i.data(0, Qt.UserRole) for i in items if i.data(0, Qt.UserRole)]
        if names:
            data.setData(LAYER_MIME, names[0].encode())
            data.setText(names[0])
        return data

    def startDrag(self, actions):
        item = self.currentItem()
        if item is None or not item.data(0, Qt.UserRole):
            return
        drag = QDrag(self)
        drag.setMimeData(self.mimeData([item]))
        drag.setPixmap(item.icon(0).pixmap(32, 32))
        drag.exec(Qt.CopyAction)


class LayerPalette(i18n.Retranslatable, QWidget):
    """Grouped, searchable list of layer classes; ``activated(class_name)`` on double-click."""

    activated = Signal(str)

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setObjectName("layerPalette")
        self.search = QLineEdit(self)
        self.search.setObjectName("paletteSearch")
        self.search.setClearButtonEnabled(True)
        self.tree = _Tree(self)
        self.tree.setHeaderHidden(True)
        self.tree.setDragEnabled(True)
        self.tree.setIconSize(QSize(22, 22))
        self.tree.setIndentation(12)
        self.tree.setRootIsDecorated(True)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(6, 6, 6, 6)
        lay.addWidget(self.search)
        lay.addWidget(self.tree)
        self.search.textChanged.connect(self.filter)
        self.tree.itemDoubleClicked.connect(self._double)
        self.retranslate_ui()

    def retranslate_ui(self) -> None:
        self.search.setPlaceholderText(self.tr("Search layers…"))
        self.rebuild()

    def rebuild(self) -> None:
        """Re-read the registry (layers registered later appear too)."""
        self.tree.clear()
        groups: dict[str, list[str]] = {}
        for name in LAYERS.names():
            groups.setdefault(group_of(name), []).append(name)
        order = [g for g in GROUPS if g in groups] + sorted(g for g in groups if g not in GROUPS)
        for g in order:
            top = QTreeWidgetItem([group_label(g)])
            top.setData(0, Qt.UserRole, "")  # never unset/None: see fields.ChoiceField
            top.setData(0, Qt.UserRole + 1, g)
            top.setFlags(Qt.ItemIsEnabled)
            f = top.font(0)
            f.setBold(True)
            top.setFont(0, f)
            self.tree.addTopLevelItem(top)
            for name in groups[g]:
                label = glossary.label(name, "layers", shown="Input" if name == "InputLayer" else None)
                it = QTreeWidgetItem([label])
                it.setData(0, Qt.UserRole, name)
                it.setIcon(0, layer_icon(name))
                it.setToolTip(0, layer_tooltip(name))
                it.setFlags(Qt.ItemIsEnabled | Qt.ItemIsSelectable | Qt.ItemIsDragEnabled)
                top.addChild(it)
            top.setExpanded(True)
        self.filter(self.search.text())

    def items(self) -> dict[str, QTreeWidgetItem]:
        out = {}
        for i in range(self.tree.topLevelItemCount()):
            top = self.tree.topLevelItem(i)
            for j in range(top.childCount()):
                out[top.child(j).data(0, Qt.UserRole)] = top.child(j)
        return out

    def groups(self) -> dict[str, list[str]]:
        out = {}
        for i in range(self.tree.topLevelItemCount()):
            top = self.tree.topLevelItem(i)
            out[top.data(0, Qt.UserRole + 1)] = [top.child(j).data(0, Qt.UserRole) for j in range(top.childCount())]
        return out

    def filter(self, text: str) -> None:
        text = text.strip().lower()
        for i in range(self.tree.topLevelItemCount()):
            top = self.tree.topLevelItem(i)
            shown = 0
            for j in range(top.childCount()):
                it = top.child(j)
                hit = (not text or text in it.text(0).lower() or text in top.text(0).lower()
                       or text in it.data(0, Qt.UserRole).lower() or text in top.data(0, Qt.UserRole + 1).lower())
                it.setHidden(not hit)
                shown += hit
            top.setHidden(shown == 0)

    def mime_for(self, class_name: str) -> QMimeData:
        return self.tree.mimeData([self.items()[class_name]])

    def _double(self, item, col):
        name = item.data(0, Qt.UserRole)
        if name:
            self.activated.emit(name)
