"""A form of the 13 Boston features: fill in a house, get the model's price (in $1000s).

The values are standardized with the TRAINING statistics
(:func:`netbuilder.core.tryit.boston_input`), exactly as the training data were.
"""

from __future__ import annotations

import numpy as np
from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication
from PySide6.QtWidgets import (QDoubleSpinBox, QFormLayout, QHBoxLayout, QLabel, QPushButton, QSpinBox, QVBoxLayout,
                               QWidget)

from netbuilder.core import tryit

from .. import i18n
from ..qt_helpers import signals_blocked

#: The features' meanings and units (from netbuilder.core.tryit.BOSTON_FEATURES), marked for translation.
_FEATURE_TEXTS = (
    QT_TRANSLATE_NOOP("BostonFeatures", "Crime rate per person in the town"),
    QT_TRANSLATE_NOOP("BostonFeatures", "crimes per capita"),
    QT_TRANSLATE_NOOP("BostonFeatures", "Share of residential land zoned for lots over 25,000 sq. ft"),
    QT_TRANSLATE_NOOP("BostonFeatures", "%"),
    QT_TRANSLATE_NOOP("BostonFeatures", "Share of the town's acres used by non-retail business"),
    QT_TRANSLATE_NOOP("BostonFeatures", "Next to the Charles River"),
    QT_TRANSLATE_NOOP("BostonFeatures", "1 = yes, 0 = no"),
    QT_TRANSLATE_NOOP("BostonFeatures", "Nitric oxides concentration"),
    QT_TRANSLATE_NOOP("BostonFeatures", "parts per 10 million"),
    QT_TRANSLATE_NOOP("BostonFeatures", "Average number of rooms per dwelling"),
    QT_TRANSLATE_NOOP("BostonFeatures", "rooms"),
    QT_TRANSLATE_NOOP("BostonFeatures", "Share of owner-occupied homes built before 1940"),
    QT_TRANSLATE_NOOP("BostonFeatures", "Weighted distance to five Boston employment centres"),
    QT_TRANSLATE_NOOP("BostonFeatures", "distance index"),
    QT_TRANSLATE_NOOP("BostonFeatures", "Access to radial highways"),
    QT_TRANSLATE_NOOP("BostonFeatures", "index"),
    QT_TRANSLATE_NOOP("BostonFeatures", "Property-tax rate"),
    QT_TRANSLATE_NOOP("BostonFeatures", "$ per $10,000"),
    QT_TRANSLATE_NOOP("BostonFeatures", "Pupils per teacher in the town"),
    QT_TRANSLATE_NOOP("BostonFeatures", "ratio"),
    QT_TRANSLATE_NOOP("BostonFeatures",
        "1000·(Bk − 0.63)², Bk the share of Black residents: a racially based feature, kept only because the "
        "historical data has it"),
    QT_TRANSLATE_NOOP("BostonFeatures", "Share of the population with lower status"),
)


class BostonForm(i18n.Retranslatable, QWidget):
    """13 fields pre-filled with a test sample; the prediction updates on every edit.

    ``set_model(model, standardizer, x_test=raw features, y_test=prices, prepared=standardized
    test rows)``; ``last_input`` is the exact array passed to ``model.predict``. While the form
    shows an untouched test sample and ``prepared`` is given, that prepared row is fed as it is
    (raw values recovered from float32 rows can be off in the last shown decimal); any edit goes
    through :func:`~netbuilder.core.tryit.boston_input`.
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
        self.prepared = None
        self._filled = None  # (sample index, the values the form was filled with)
        self.fields: list[QDoubleSpinBox] = []
        self.feature_labels: list[QLabel] = []
        form = QFormLayout()
        for name, meaning, unit in tryit.BOSTON_FEATURES:
            box = QDoubleSpinBox(objectName=f"feature_{name}", minimum=0.0, maximum=1000.0, decimals=5)
            box.valueChanged.connect(self.predict_now)
            label = QLabel(name)  # the dataset's column name (CRIM, ZN, ...): kept as in the data
            form.addRow(label, box)
            self.fields.append(box)
            self.feature_labels.append(label)
        self.sample = QSpinBox(objectName="bostonSample", minimum=0, maximum=0)
        self.sample.valueChanged.connect(self.fill_sample)
        self.reset_button = reset = QPushButton(objectName="bostonReset")
        reset.clicked.connect(lambda: self.fill_sample(self.sample.value()))
        self.answer = QLabel(objectName="bostonAnswer")
        self.answer.setWordWrap(True)
        top = QHBoxLayout()
        self.sample_label = QLabel()
        top.addWidget(self.sample_label)
        top.addWidget(self.sample)
        top.addWidget(reset)
        top.addStretch(1)
        lay = QVBoxLayout(self)
        lay.addLayout(top)
        lay.addLayout(form)
        lay.addWidget(self.answer)
        lay.addStretch(1)
        self.retranslate_ui()

    def retranslate_ui(self) -> None:
        for (name, meaning, unit), box, label in zip(tryit.BOSTON_FEATURES, self.fields, self.feature_labels):
            meaning_t = QCoreApplication.translate("BostonFeatures", meaning)
            box.setToolTip(f"{name}: {meaning_t} ({QCoreApplication.translate('BostonFeatures', unit)})")
            label.setToolTip(box.toolTip())
        self.sample.setToolTip(self.tr("Fill the form with this test sample"))
        self.reset_button.setText(self.tr("Reset to sample"))
        self.sample_label.setText(self.tr("Test sample"))
        self.predict_now()

    def set_model(self, model, standardizer, x_test=None, y_test=None, prepared=None) -> None:
        self.model, self.standardizer = model, standardizer
        self.prepared = None if prepared is None else np.asarray(prepared, dtype="float32")
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
            with signals_blocked(box):
                box.setValue(float(v))
        self.predict_now()

    def fill_sample(self, i: int) -> None:
        if self.x_test is not None and 0 <= i < len(self.x_test):
            self._filled = None
            self.set_values(self.x_test[i])
            self._filled = (i, self.values())
            self.predict_now()

    def predict_now(self):
        """Standardize the form, predict, show the price; returns it (in $1000s) or None."""
        if self.model is None or self.standardizer is None:
            self.answer.setText(self.tr("Train a model on Boston housing to see its estimate."))
            return None
        values = self.values()
        untouched = self._filled is not None and np.array_equal(values, self._filled[1])
        i = self._filled[0] if untouched else None
        if untouched and self.prepared is not None:
            x = self.prepared[i:i + 1]
        else:
            x = tryit.boston_input(values, self.standardizer)
        price = float(np.asarray(self.model.predict(x, verbose=0)).ravel()[0])
        self.last_input, self.last_price = x, price
        text = self.tr("Predicted median value: {price} (in $1000s, i.e. about {dollars})").format(
            price=f"<b>{price:.1f}</b>", dollars=f"{'-' if price < 0 else ''}${abs(price) * 1000:,.0f}")
        if untouched and self.y_test is not None and i < len(self.y_test):
            truth = self.y_test[i]
            text += "<br>" + self.tr("True value of test sample {i}: {truth} (error {err})").format(
                i=i, truth=f"{truth:.1f}", err=f"{price - truth:+.1f}")
        self.answer.setText(text)
        return price
