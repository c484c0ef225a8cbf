"""The layer view (``layerView``): what one layer makes of one sample.

Pick a layer (or select its node on the canvas) and a sample: Conv2D and pooling outputs show as
a grid of feature maps, Dense outputs as a strip of bars (one per unit), LSTM/GRU/SimpleRNN
sequences as a heat map of the hidden state over time, Embedding outputs as each word's nearest
words in the embedding. The numbers come from ``core.introspect.activations`` on one sample (a
single-sample forward pass: cheap enough for the GUI thread). During training the view reads a
copy of the weights at each epoch end, so it never runs the model the training thread is using.
"""

from __future__ import annotations

import numpy as np
import shiboken6
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QSpinBox, QVBoxLayout, QWidget

from netbuilder.core.introspect import activations

from ..qt_helpers import signals_blocked
from . import pictures
from .batch_view import decode


def nearest_words(matrix: np.ndarray, ids, k: int = 5) -> dict:
    """``{word id: [the k ids whose embedding rows are closest by cosine similarity]}``."""
    m = np.asarray(matrix, dtype="float64")
    unit = m / np.maximum(np.linalg.norm(m, axis=1, keepdims=True), 1e-12)
    out = {}
    for i in ids:
        sims = unit @ unit[int(i)]
        sims[int(i)] = -np.inf
        out[int(i)] = [int(j) for j in np.argsort(-sims)[:k]]
    return out


class LayerView(QWidget):
    """Layer + sample pickers and the picture of that layer's output for that sample.

    ``model_source()`` returns ``(model, note)``: the model to read (or None) and a sentence saying
    which weights it holds. ``data_source()`` returns the project's ``TrainingData`` (or None).
    ``last_output`` is the array last shown (the chosen layer's output for the chosen sample).
    """

    def __init__(self, model_source, data_source, parent=None):
        super().__init__(parent)
        self.setObjectName("layerView")
        self.model_source, self.data_source = model_source, data_source
        self.last_output = None
        self.layer_box = QComboBox()
        self.layer_box.setObjectName("layerViewLayer")
        self.sample_box = QSpinBox()
        self.sample_box.setObjectName("layerViewSample")
        self.layer_label, self.sample_label = QLabel(), QLabel()
        self.note = QLabel()
        self.note.setWordWrap(True)
        self.caption = QLabel()
        self.caption.setWordWrap(True)
        self.caption.setObjectName("layerViewCaption")
        self.picture = QLabel()
        self.picture.setObjectName("layerViewPicture")
        self.picture.setAlignment(Qt.AlignLeft | Qt.AlignTop)
        self.picture.setWordWrap(True)
        row = QHBoxLayout()
        for w in (self.layer_label, self.layer_box, self.sample_label, self.sample_box):
            row.addWidget(w)
        row.addStretch(1)
        lay = QVBoxLayout(self)
        lay.addLayout(row)
        for w in (self.note, self.caption, self.picture):
            lay.addWidget(w)
        lay.addStretch(1)
        self.layer_box.currentIndexChanged.connect(self.refresh)
        self.sample_box.valueChanged.connect(self.refresh)
        self.retranslate()

    def retranslate(self) -> None:
        self.layer_label.setText(self.tr("Layer:"))
        self.sample_label.setText(self.tr("Sample:"))
        self.refresh()

    def select_layer(self, name: str) -> bool:
        """Show layer ``name`` (a canvas selection); False when the model has no such layer."""
        i = self.layer_box.findText(name)
        if i < 0:
            self.refresh()  # the choices may be older than the network
            i = self.layer_box.findText(name)
        if i < 0:
            return False
        self.layer_box.setCurrentIndex(i)
        return True

    def follow_scene(self, scene) -> None:
        """Show the layer of the node selected on the canvas ``scene`` (a ``GraphScene``)."""
        self._scene = scene
        scene.selectionChanged.connect(self._on_scene_selection)

    def _on_scene_selection(self) -> None:
        if not shiboken6.isValid(self._scene):  # the window is closing: the scene went first
            return
        names = self._scene.selected_names()
        if names:
            self.select_layer(names[0])

    def _sync_choices(self, model, x) -> None:
        names = [l.name for l in model.layers if type(l).__name__ != "InputLayer"]
        if [self.layer_box.itemText(i) for i in range(self.layer_box.count())] != names:
            keep = self.layer_box.currentText()
            with signals_blocked(self.layer_box):
                self.layer_box.clear()
                self.layer_box.addItems(names)
                if keep in names:
                    self.layer_box.setCurrentText(keep)
        with signals_blocked(self.sample_box):
            self.sample_box.setRange(0, max(len(x) - 1, 0))

    def refresh(self, *_) -> None:
        """Recompute and redraw the chosen layer's output for the chosen sample."""
        model, note = self.model_source()
        data = self.data_source()
        self.note.setText(note or "")
        if model is None or data is None:
            self.caption.setText(self.tr("Load a dataset and build a network to look inside it."))
            self.picture.clear()
            self.last_output = None
            return
        x = data.x_train
        self._sync_choices(model, x)
        name = self.layer_box.currentText()
        if not name:
            return
        i = self.sample_box.value()
        try:
            out = activations(model, x[i:i + 1], layers=[name])[name][0]
        except Exception as exc:  # noqa: BLE001 - a model the data does not fit: said, not raised
            from ..i18n import messages  # noqa: PLC0415

            self.caption.setText(messages.render(exc))
            self.picture.clear()
            self.last_output = None
            return
        self.last_output = out
        self._draw(model.get_layer(name), out, x[i], data)

    def _draw(self, layer, out, sample, data) -> None:
        kind = type(layer).__name__
        shape = " × ".join(str(s) for s in out.shape)
        if kind == "Embedding":
            self._draw_embedding(layer, out, sample, data)
        elif out.ndim == 3:  # (h, w, channels): one picture per channel
            self.caption.setText(self.tr("{kind} output {shape}: one picture per channel (feature map), "
                                         "dark = low, light = high.").format(kind=kind, shape=shape))
            side = 360 // max(1, int(np.ceil(np.sqrt(out.shape[-1])))) // max(out.shape[1], 1)
            self.picture.setPixmap(pictures.gray_pixmap(pictures.grid(out), scale=max(1, side)))
        elif out.ndim == 2:  # (time, units): the state at every step
            self.caption.setText(self.tr("{kind} output {shape}: rows are units, columns are time steps; "
                                         "red = positive, blue = negative.").format(kind=kind, shape=shape))
            self.picture.setPixmap(pictures.heat_pixmap(out.T[:64], cell=max(2, min(8, 480 // max(out.shape[0], 1)))))
        else:
            flat = out.ravel()
            self.caption.setText(self.tr("{kind} output: {n} units, one bar each (largest: unit {top} = "
                                         "{value:.3g}).").format(kind=kind, n=flat.size, top=int(np.argmax(flat)),
                                                                value=float(np.max(flat)) if flat.size else 0.0))
            self.picture.setPixmap(pictures.bars_pixmap(flat[:512]))

    def _draw_embedding(self, layer, out, sample, data) -> None:
        matrix = layer.get_weights()[0]
        ids = [int(j) for j in np.asarray(sample).ravel() if j != 0][:8]
        near = nearest_words(matrix, ids)
        wi = (getattr(data, "info", {}) or {}).get("word_index")
        lines = [f"{decode([i], wi, True)} → {', '.join(decode([j], wi, True) for j in near[i])}" for i in ids]
        self.caption.setText(self.tr("Embedding output {shape}: each word's vector; the words whose vectors lie "
                                     "closest (cosine similarity):").format(shape=" × ".join(map(str, out.shape))))
        self.picture.setText("<br>".join(lines))
