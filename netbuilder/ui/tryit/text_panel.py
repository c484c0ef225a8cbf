"""Type a review (IMDB) or paste a newswire (Reuters): tokens, OOV words, the encoding, the answer.

The text goes through :func:`netbuilder.core.tryit.encode_text`, i.e. Keras's tokenizer and the
loaders' own index rules, then ``vectorize_sequences`` or ``pad_sequences`` depending on whether
the model starts with an Embedding.
"""

from __future__ import annotations

import html

import numpy as np
from PySide6.QtCore import QT_TRANSLATE_NOOP, QTimer
from PySide6.QtWidgets import QLabel, QPlainTextEdit, QTextBrowser, QVBoxLayout, QWidget

from netbuilder.core import tryit

from .. import i18n
from .bars import ProbabilityBars

PLACEHOLDER = {
    "imdb": QT_TRANSLATE_NOOP("TextPanel",
                              "Type or paste an English movie review, e.g. “A wonderful film with brilliant acting.”"),
    "reuters": QT_TRANSLATE_NOOP("TextPanel", "Paste a newswire, e.g. “The company said net profit rose to 12 mln dlrs "
                                 "in the quarter.”"),
}


def _embedding_input_dim(model):
    layers = getattr(model, "layers", None) or []
    return getattr(layers[0], "input_dim", None) if layers else None


class TextPanel(i18n.Retranslatable, QWidget):
    """Text in, answer out. ``set_model(model, kind, word_index=..., class_names=...)``; ``word_index``
    may be a dict or a zero-argument callable (called once, when the first text is analysed).

    ``last_encoding`` is the :class:`~netbuilder.core.tryit.TextEncoding` of the last analysis and
    ``last_input`` the exact array passed to ``model.predict``.
    """

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setObjectName("textPanel")
        self.model = None
        self.kind = "imdb"
        self.class_names = ["negative", "positive"]
        self._word_index = None
        self._word_index_source = None
        self.last_encoding = None
        self.last_input = None
        self.last_probs = None
        self.editor = QPlainTextEdit(objectName="reviewText")
        self.tokens = QTextBrowser(objectName="tokenView")
        self.tokens.setMaximumHeight(110)
        self.encoding = QLabel(objectName="encodingView")
        self.encoding.setWordWrap(True)
        self.encoding.setMinimumHeight(3 * self.encoding.fontMetrics().lineSpacing())
        self.answer = QLabel(objectName="textAnswer")
        self.answer.setWordWrap(True)
        self.bars = ProbabilityBars()
        lay = QVBoxLayout(self)
        lay.addWidget(self.editor, 2)
        self.tokens_label = QLabel()
        self.tokens_label.setWordWrap(True)
        lay.addWidget(self.tokens_label)
        lay.addWidget(self.tokens, 1)
        lay.addWidget(self.encoding)
        lay.addWidget(self.answer)
        lay.addWidget(self.bars, 1)
        self._timer = QTimer(self, singleShot=True, interval=250)
        self._timer.timeout.connect(self.analyze)
        self.editor.textChanged.connect(self._timer.start)
        self.retranslate_ui()

    def retranslate_ui(self) -> None:
        self.editor.setPlaceholderText(self.tr(PLACEHOLDER.get(self.kind, PLACEHOLDER["imdb"])))
        self.tokens_label.setText(self.tr("Tokens (struck out in red: outside the model's vocabulary, fed as [OOV])"))
        if self.model is not None:
            self.analyze()

    def set_model(self, model, kind="imdb", word_index=None, class_names=None) -> None:
        self.model, self.kind = model, kind
        if word_index is not None:
            self._word_index, self._word_index_source = (word_index, None) if isinstance(word_index, dict) \
                else (None, word_index)
        if class_names is not None:
            self.class_names = [str(n) for n in class_names]
        self.editor.setPlaceholderText(self.tr(PLACEHOLDER.get(kind, PLACEHOLDER["imdb"])))
        self.analyze()

    def word_index(self):
        if self._word_index is None and self._word_index_source is not None:
            source, self._word_index_source = self._word_index_source, None
            self._word_index = source()
        return self._word_index

    def encoding_settings(self) -> dict:
        """``mode``, ``num_words`` and ``maxlen`` read from the model (multi-hot width or Embedding)."""
        mode, width = tryit.text_mode(self.model)
        if mode == "multi_hot":
            return {"mode": mode, "num_words": width, "maxlen": None}
        return {"mode": mode, "num_words": _embedding_input_dim(self.model), "maxlen": width}

    def analyze(self):
        """Encode the text, show tokens/encoding, predict (returns the probabilities or None)."""
        self._timer.stop()
        text = self.editor.toPlainText()
        if self.model is None:
            self.answer.setText(self.tr("Train a model (or open a .nbm file) to see its answer."))
            return None
        if not text.strip():
            self.tokens.clear()
            self.encoding.setText("")
            self.answer.setText(self.tr("Type some text."))
            return None
        try:
            word_index = self.word_index()
        except Exception as exc:  # noqa: BLE001 - download refused or failed: shown, not raised
            self.answer.setText(self.tr("The dataset's word index is not available: {error}").format(error=exc))
            return None
        if word_index is None:
            self.answer.setText(self.tr("The dataset's word index is not available."))
            return None
        s = self.encoding_settings()
        enc = tryit.encode_text(text, word_index, **s)
        self.last_encoding = enc
        self.tokens.setHtml(" ".join(
            f'<span style="color:#c0392b;text-decoration:line-through">{html.escape(w)}</span>' if o
            else html.escape(w) for w, o in zip(enc.words, enc.oov)))
        self.encoding.setText(self._describe(enc))
        try:
            probs = np.asarray(self.model.predict(enc.x, verbose=0))[0]
        except Exception as exc:  # noqa: BLE001 - shown, not raised
            self.answer.setText(self.tr("This model cannot take this text encoding: {error}").format(error=exc))
            return None
        self.last_input, self.last_probs = enc.x, probs
        self._show(probs)
        return probs

    def _describe(self, enc) -> str:
        n_oov = sum(enc.oov)
        head = self.tr("{n} words, {oov} outside the vocabulary.").format(n=len(enc.words), oov=n_oov) + " "
        if enc.mode == "multi_hot":
            ones = np.nonzero(enc.x[0])[0]
            shown = ", ".join(map(str, ones[:30])) + (" …" if len(ones) > 30 else "")
            return head + self.tr("Model input: multi-hot vector {shape}, 1 at the {n} indices [{shown}] (word "
                                  "order and counts are lost).").format(shape=enc.x.shape, n=len(ones), shown=shown)
        seq = enc.x[0]
        shown = " ".join(map(str, seq[-40:]))
        return head + self.tr("Model input: index sequence {shape} (…{shown})").format(shape=enc.x.shape, shown=shown)

    def _show(self, probs) -> None:
        if probs.size == 1:  # one sigmoid unit: P(positive)
            p = float(probs[0])
            names = self.class_names if len(self.class_names) == 2 else ["negative", "positive"]
            self.bars.set_values(names, [1 - p, p])
            self.answer.setText(f"<b>{names[int(p > 0.5)]}</b>: P({names[1]}) = {p:.1%}")  # names and numbers
            return
        best = tryit.top_k(probs, self.class_names if len(self.class_names) == probs.size else None, k=5)
        self.bars.set_values([n for _, n, _ in best], [p for _, _, p in best])
        self.answer.setText(self.tr("Top topic: {topic} ({p})").format(topic=f"<b>{best[0][1]}</b>",
                                                                      p=f"{best[0][2]:.1%}"))
