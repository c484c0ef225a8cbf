"""A form of the 13 Boston features: fill in a house, get the model's price (in $1000s).

The values are standardized with the TRAINING statistics
(:func:`netbuilder.core.tryit.boston_input`), exactly as the training data were.
"""

from __future__ import annotations

import numpy as np
from PySide6.QtWidgets import (QDoubleSpinBox, QFormLayout, QHBoxLayout, QLabel, QPushButton, QSpinBox,
                               QVBoxLayout, QWidget)

from netbuilder.core import tryit


class BostonForm(QWidget):
    """13 fields pre-filled with a test sample; the prediction updates on every edit.

    ``set_model(model, standardizer, x_test=raw features, y_test=prices)``; ``last_input`` is the
    exact array passed to ``model.predict``.
    """

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setObjectName("bostonForm")
        self.model = None
        self.standardizer = None
        self.x_test = None
        self.y_test = None
        self.last_input = None
        self.last_price = None
        self.fields: list[QDoubleSpinBox] = []
        form = QFormLayout()
        for name, meaning, unit in tryit.BOSTON_FEATURES:
            box = QDoubleSpinBox(objectName=f"feature_{name}", minimum=0.0, maximum=1000.0, decimals=5)
            box.setToolTip(f"{name}: {meaning} ({unit})")
            box.valueChanged.connect(self.predict_now)
            label = QLabel(name)
            label.setToolTip(box.toolTip())
            form.addRow(label, box)
            self.fields.append(box)
        self.sample = QSpinBox(objectName="bostonSample", minimum=0, maximum=0)
        self.sample.setToolTip("Fill the form with this test sample")
        self.sample.valueChanged.connect(self.fill_sample)
        reset = QPushButton("Reset to sample", objectName="bostonReset")
        reset.clicked.connect(lambda: self.fill_sample(self.sample.value()))
        self.answer = QLabel(objectName="bostonAnswer")
        self.answer.setWordWrap(True)
        top = QHBoxLayout()
        top.addWidget(QLabel("Test sample"))
        top.addWidget(self.sample)
        top.addWidget(reset)
        top.addStretch(1)
        lay = QVBoxLayout(self)
        lay.addLayout(top)
        lay.addLayout(form)
        lay.addWidget(self.answer)
        lay.addStretch(1)

    def set_model(self, model, standardizer, x_test=None, y_test=None) -> None:
        self.model, self.standardizer = model, standardizer
        self.x_test = None if x_test is None else np.asarray(x_test, dtype="float64")
        self.y_test = None if y_test is None else np.asarray(y_test, dtype="float64").ravel()
        n = 0 if self.x_test is None else len(self.x_test)
        self.sample.setEnabled(n > 0)
        self.sample.setMaximum(max(0, n - 1))
        if n:
            self.fill_sample(self.sample.value())
        else:
            self.predict_now()

    def values(self) -> np.ndarray:
        return np.array([f.value() for f in self.fields])

    def set_values(self, values) -> None:
        for box, v in zip(self.fields, values):
            box.blockSignals(True)
            box.setValue(float(v))
            box.blockSignals(False)
        self.predict_now()

    def fill_sample(self, i: int) -> None:
        if self.x_test is not None and 0 <= i < len(self.x_test):
            self.set_values(self.x_test[i])

    def predict_now(self):
        """Standardize the form, predict, show the price; returns it (in $1000s) or None."""
        if self.model is None or self.standardizer is None:
            self.answer.setText("Train a model on Boston housing to see its estimate.")
            return None
        x = tryit.boston_input(self.values(), self.standardizer)
        price = float(np.asarray(self.model.predict(x, verbose=0)).ravel()[0])
        self.last_input, self.last_price = x, price
        text = f"Predicted median value: <b>{price:.1f}</b> (in $1000s, i.e. about ${price * 1000:,.0f})"
        i = self.sample.value()
        if self.y_test is not None and i < len(self.y_test) and np.allclose(self.values(), self.x_test[i], atol=1e-5):
            truth = self.y_test[i]
            text += f"<br>True value of test sample {i}: {truth:.1f} (error {price - truth:+.1f})"
        self.answer.setText(text)
        return price
