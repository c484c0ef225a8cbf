"""The layer inspector (``layerInspector``): edits the selected layer's constructor arguments.

The form is generated from the layer's signature and config: an int spin box, a float field, a
choice list (activation, initializer, regularizer, constraint, padding, ...), a check box or a
tuple field per argument, with the Keras default shown beside it. A value the layer refuses is
not applied: the editor reverts and the layer's message is shown. Accepted values go through an
undo command, and the document's ``changed`` re-infers shapes at once.
"""

from __future__ import annotations

import copy
import inspect

from PySide6.QtCore import QCoreApplication, Qt, Signal
from PySide6.QtWidgets import QFormLayout, QFrame, QLabel, QScrollArea, QVBoxLayout, QWidget

from netbuilder.core import registry as R

from . import commands, i18n, sharing, wheel_guard
from .fields import BoolField, ChoiceField, FloatField, IntField, TextField, TupleField
from .graph_model import layer_class, normalize_config
from .project_schema import show
from .i18n import glossary, messages
from .style import color_of, group_of, param_text, shape_text

_HIDDEN = {"name", "dtype", "batch_input_shape", "batch_shape", "input_shape", "sparse", "batch_size"}
_TUPLE_KEYS = {"kernel_size", "strides", "pool_size", "dilation_rate", "target_shape", "dims", "size",
               "noise_shape", "padding_tuple", "cropping", "shape"}


def _choices(key: str, cls_name: str):
    if key == "activation" or key.endswith("_activation"):
        return R.ACTIVATIONS.names()
    if key.endswith("initializer"):
        return R.INITIALIZERS.names()
    if key.endswith("regularizer"):
        return [None] + R.REGULARIZERS.names()
    if key.endswith("constraint"):
        return [None] + R.CONSTRAINTS.names()
    if key == "padding" and cls_name.startswith(("Conv", "MaxPool", "AveragePool")):
        return ["valid", "same"] + (["causal"] if cls_name == "Conv1D" else [])
    if key == "data_format":
        return [None, "channels_last", "channels_first"]
    if key == "dtype":
        return [None, "float32", "int32"]
    if key == "interpolation":
        return ["nearest", "bilinear"]
    return None


def editor_for(key: str, value, default, cls_name: str):
    """The field editor for argument ``key`` given its current value and default."""
    choices = _choices(key, cls_name)
    if choices is not None:
        return ChoiceField(choices)
    probe = value if value is not None else default
    if isinstance(probe, bool):
        return BoolField()
    if key in _TUPLE_KEYS or isinstance(probe, (list, tuple)):
        return TupleField()
    if isinstance(probe, int):
        return IntField(minimum=-100 if key in ("axis", "axes") else 0)
    if isinstance(probe, float):
        return FloatField()
    return TextField()


def _fmt_default(d) -> str:
    if d is inspect.Parameter.empty:
        return QCoreApplication.translate("LayerInspector", "required")
    if isinstance(d, dict) and "class_name" in d:
        v = d["class_name"]
    elif isinstance(d, (list, tuple)):
        v = f"({', '.join(map(str, d))})"
    elif isinstance(d, str):
        v = f'"{d}"'
    else:
        v = repr(d)
    return QCoreApplication.translate("LayerInspector", "default {value}").format(value=v)


def _kind(class_name: str) -> str:
    """The layer's group in English; its glossary term in Chinese (e.g. 全连接层)."""
    return (glossary.zh(class_name, "layers") if i18n.is_chinese() else "") or group_of(class_name)


class LayerInspector(i18n.Retranslatable, QWidget):
    """Edits one node of a ``GraphDocument`` through an undo stack."""

    message = Signal(str)

    def __init__(self, doc, undo_stack, parent=None):
        super().__init__(parent)
        self.setObjectName("layerInspector")
        self.doc, self.stack = doc, undo_stack
        self.node_name = None
        self._class = None
        self.editors: dict[str, QWidget] = {}
        self.report = None
        self.title = QLabel()
        self.title.setObjectName("inspectorTitle")
        self.title.setTextFormat(Qt.RichText)
        self.title.setWordWrap(True)
        self.info = QLabel()
        self.info.setWordWrap(True)
        self.info.setStyleSheet("color:#475569")
        self.error = QLabel("")
        self.error.setObjectName("inspectorError")
        self.error.setWordWrap(True)
        self.error.setStyleSheet("color:#b91c1c; background:#fef2f2; border-radius:4px; padding:4px")
        self.error.hide()
        self.form_host = QWidget()
        self.form = QFormLayout(self.form_host)
        self.form.setFieldGrowthPolicy(QFormLayout.AllNonFixedFieldsGrow)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarAlwaysOff)
        scroll.setFrameShape(QFrame.NoFrame)
        scroll.setWidget(self.form_host)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(8, 8, 8, 8)
        lay.addWidget(self.title)
        lay.addWidget(self.info)
        lay.addWidget(self.error)
        lay.addWidget(scroll, 1)
        self.retranslate_ui()

    def retranslate_ui(self) -> None:
        """Re-render the shown node (its hints and tooltips) in the current language."""
        name = self.node_name
        self.node_name, self._class = None, None  # forces the form to be rebuilt
        self.show_node(name)

    # ------------------------------------------------------------------ showing a node
    def show_node(self, name, report=None) -> None:
        if report is not None:
            self.report = report
        node = self.doc.nodes.get(name) if name else None
        if node is None:
            self.node_name, self._class = None, None
            self._clear_form()
            self.title.setText(self.tr("No layer selected"))
            self.info.setText(self.tr("Select a layer on the canvas to edit its arguments."))
            self.error.hide()
            return
        if name != self.node_name or node.class_name != self._class:
            self.node_name, self._class = name, node.class_name
            self.error.hide()
            self._build(node)
        self._refresh(node)

    def _clear_form(self):
        while self.form.rowCount():
            self.form.removeRow(0)
        self.editors = {}

    def _params(self, cls):
        out = []
        for p in inspect.signature(cls.__init__).parameters.values():
            if p.name == "self" or p.kind in (p.VAR_KEYWORD, p.VAR_POSITIONAL):
                continue
            out.append((p.name, p.default))
        return out

    def _build(self, node) -> None:
        self._clear_form()
        nested = sharing.is_nested(node.class_name)
        cls = None if nested else layer_class(node.class_name)
        name_ed = TextField(literal=False)
        name_ed.setObjectName("field_name")
        name_ed.committed.connect(self._rename)
        name_ed.refused.connect(self.message)  # a refused paste or value is said in the status bar
        self.editors["name"] = name_ed
        self.form.addRow("name", name_ed)
        if nested:  # a model used as a layer: its insides are not edited here (see _sharing_text)
            return
        if node.is_input:
            rows = [("shape", inspect.Parameter.empty), ("dtype", None)]
        else:
            rows = [(k, d) for k, d in self._params(cls) if k not in _HIDDEN]
            from .keras_code import _defaults  # noqa: PLC0415

            base = _defaults(node.class_name, node.config)
            rows += [(k, base.get(k, inspect.Parameter.empty)) for k in node.config
                     if k not in _HIDDEN and k not in dict(rows)]
        for key, default in rows:
            value = self._value(node, key)
            ed = editor_for(key, value, None if default is inspect.Parameter.empty else default, node.class_name)
            ed.setObjectName(f"field_{key}")
            ed.committed.connect(lambda v, k=key: self._commit(k, v))
            if hasattr(ed, "refused"):
                ed.refused.connect(self.message)
            self.editors[key] = ed
            hint = QLabel(_fmt_default(default))
            hint.setStyleSheet("color:#94a3b8; font-size:11px")
            row = QWidget()
            h = QVBoxLayout(row)
            h.setContentsMargins(0, 0, 0, 2)
            h.setSpacing(0)
            h.addWidget(ed)
            h.addWidget(hint)
            label = QLabel(key)
            label.setToolTip(self.tr("Keras argument '{key}'; {default}").format(
                key=key, default=_fmt_default(default)))
            self.form.addRow(label, row)
        wheel_guard.protect(self.form_host)  # scrolling the form never changes a value by accident

    def _value(self, node, key):
        if node.is_input and key == "shape":
            return list((node.config.get("batch_shape") or [None])[1:])
        return node.config.get(key)

    def _refresh(self, node) -> None:
        color = color_of(node.class_name)
        self.title.setText(f"<span style='font-size:15px; font-weight:600'>{node.name}</span> "
                           f"<span style='color:{color}; font-weight:600'>{node.class_name}</span> "
                           f"<span style='color:#94a3b8'>· {_kind(node.class_name)}</span>")
        rep = self.report
        shape = rep.shapes.get(node.name) if rep else None
        params = rep.params.get(node.name) if rep else None
        fault = rep.errors.get(node.name) if rep else None
        text = self.tr("Output shape {shape}").format(
            shape=f"<b>{shape_text(shape) if shape is not None else '?'}</b>")
        if params is not None:
            text += f" · {param_text(params)}"
        text += self._sharing_text(node)
        if fault is not None:
            text += ("<br><span style='color:#b91c1c'>" + self.tr("Problem: {message}").format(
                message=messages.render(fault)) + "</span>")
        self.info.setText(text)
        for key, ed in self.editors.items():
            ed.set_value(node.name if key == "name" else self._value(node, key))

    def _sharing_text(self, node) -> str:
        """What a shared layer's node is (one node per call, see ``ui.sharing``); empty otherwise."""
        calls = sharing.calls_of(self.doc, node.name)
        if sharing.is_nested(node.class_name):
            names = sharing.inner_layers(node.config)
            text = self.tr("A model used as a layer (Keras's model sharing): {n} layers inside ({names}). Its "
                           "weights train with this network; it is edited in its own project, not here.").format(
                n=len(names), names=", ".join(names[:8]) + (" …" if len(names) > 8 else ""))
            if len(calls) > 1:
                text += " " + self.tr("Called {n} times, with one set of weights.").format(n=len(calls))
            return f"<br><span style='color:#7e22ce'>{text}</span>"
        if len(calls) < 2:
            return ""
        if node.shares:
            text = self.tr("Call {k} of the shared layer {layer}: it runs {layer}'s layer on its own input, with "
                           "the same weights. Its arguments are {layer}'s: a change here changes every call. Its "
                           "parameters are counted once, on {layer}.").format(
                k=calls.index(node.name) + 1, layer=calls[0])
        else:
            text = self.tr("A shared layer, called {n} times ({calls}): every call uses these weights, and "
                           "training adds up what each call teaches them. Drop another input on it to call it "
                           "once more; delete a call's node to stop sharing.").format(
                n=len(calls), calls=", ".join(calls))
        return f"<br><span style='color:#7e22ce'>{text}</span>"

    # ------------------------------------------------------------------ edits
    def _refuse(self, text: str) -> None:
        self.error.setText(text)
        self.error.show()
        self.message.emit(text)
        node = self.doc.nodes.get(self.node_name)
        if node is not None:
            self._refresh(node)

    def _commit(self, key, value) -> None:
        node = self.doc.nodes.get(self.node_name)
        if node is None:
            return
        cfg = copy.deepcopy(node.config)
        if node.is_input and key == "shape":
            if not isinstance(value, list) or not value:
                return self._refuse(self.tr("Input shape must be a list of sizes such as 28, 28, 1; got {value}")
                                    .format(value=show(value)))
            cfg["batch_shape"] = [None] + value
        else:
            cfg[key] = value
        try:
            cfg = normalize_config(node.class_name, cfg)
        except Exception as exc:  # noqa: BLE001 - whatever the layer refuses is shown, not raised
            return self._refuse(self.tr("{key} = {value} was not applied: {error}").format(
                key=key, value=show(value), error=messages.render(exc)))
        if cfg == node.config:
            return
        self.error.hide()
        self.stack.push(commands.set_config(self.doc, node.name, cfg,
                                            self.tr("Set {target}").format(target=f"{node.name}.{key}")))

    def _rename(self, new) -> None:
        node = self.doc.nodes.get(self.node_name)
        new = (new or "").strip()
        if node is None or new == node.name:
            return
        if node.shares:
            return self._refuse(self.tr("{node} is a call of {layer} and takes its name from it: rename {layer} "
                                        "instead").format(node=node.name, layer=node.shares))
        if not new or new in self.doc.nodes or not new.replace("_", "a").isalnum():
            return self._refuse(self.tr("name {name} was not applied: use letters, digits and _ and a name no "
                                        "other layer has").format(name=show(new)))
        self.error.hide()
        self.node_name = new
        self.stack.push(commands.rename(self.doc, node.name, new))
