"""Training settings: optimizer and its hyper-parameters, loss, metrics, epochs, batch size, validation.

The hyper-parameter fields are generated from the optimizer's ``get_config()`` so they show Keras's
defaults. The metric list greys out metrics that do not apply to the task (with the reason as
tooltip), and a warning line says when loss, output layer and labels do not fit together
(:func:`netbuilder.core.diagnosis.check_setup`).
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (QCheckBox, QComboBox, QDoubleSpinBox, QFormLayout, QGroupBox, QLabel, QListWidget,
                               QListWidgetItem, QSpinBox, QVBoxLayout, QWidget)

from netbuilder.core import optimizers
from netbuilder.core.diagnosis import check_setup
from netbuilder.core.metrics import applicability
from netbuilder.core.registry import METRICS

OPTIMIZERS = ("SGD", "RMSprop", "Adam", "AdamW", "Adagrad", "Adadelta", "Adamax", "Nadam", "Lion")
LOSSES = ("categorical_crossentropy", "sparse_categorical_crossentropy", "binary_crossentropy",
          "mean_squared_error", "mean_absolute_error", "huber", "hinge", "kl_divergence")
_LOSS_ALIASES = {"mse": "mean_squared_error", "mae": "mean_absolute_error"}

#: One-line tooltips, after the tutorial's explanations.
TIPS = {
    "SGD": "Stochastic gradient descent: step against the gradient of each mini-batch, scaled by the learning rate.",
    "RMSprop": "Divides each step by a running root-mean-square of recent gradients, so every weight gets a "
               "step size of its own.",
    "Adam": "RMSprop plus momentum: running averages of the gradient and of its square.",
    "AdamW": "Adam with weight decay applied directly to the weights.",
    "Adagrad": "Each weight's step shrinks with the sum of its past squared gradients.",
    "Adadelta": "Adagrad variant that uses a window of recent gradients instead of all of them.",
    "Adamax": "Adam with the infinity norm of past gradients.",
    "Nadam": "Adam with Nesterov momentum.",
    "Lion": "Steps by the sign of a momentum average (small learning rates).",
    "learning_rate": "How big each step is: too small learns slowly, too big overshoots or diverges.",
    "momentum": "Keeps part of the previous step, like a ball rolling downhill: faster through ravines, "
                "past small bumps.",
    "nesterov": "Looks ahead: computes the gradient where momentum is about to take the weights.",
    "rho": "How long the running average of squared gradients remembers (closer to 1 = longer).",
    "beta_1": "Decay of the running average of gradients (the momentum part).",
    "beta_2": "Decay of the running average of squared gradients.",
    "epsilon": "A tiny number that avoids dividing by zero.",
    "weight_decay": "Shrinks every weight a little at each step (a regularizer).",
    "centered": "Normalizes by the gradient's variance instead of its raw second moment.",
    "amsgrad": "Uses the maximum of past squared-gradient averages (AMSGrad).",
    "initial_accumulator_value": "Starting value of Adagrad's sum of squared gradients.",
    "batch": "1 = true stochastic gradient descent (one sample per step, noisy); n = mini-batch SGD (the "
             "usual choice); all = batch gradient descent (one exact step per epoch, slow to converge).",
    "validation": "The last fraction of the training samples is held out (before shuffling, as in Keras) to "
                  "measure how well the network generalizes.",
}
_SKIP = ("name", "clipnorm", "clipvalue", "global_clipnorm")


class TrainingConfigPanel(QWidget):
    """The settings form; ``settings()`` returns the dict the controller trains with."""

    changed = Signal()

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setObjectName("trainingConfigPanel")
        self.context = {"task": None, "output_activation": None, "output_units": None, "y_shape": None}
        self.optimizerCombo = QComboBox(objectName="optimizerCombo")
        for name in OPTIMIZERS:
            self.optimizerCombo.addItem(name)
            self.optimizerCombo.setItemData(self.optimizerCombo.count() - 1, TIPS.get(name, ""), Qt.ToolTipRole)
        self.hyper_box = QGroupBox("Optimizer settings")
        self.hyper_form = QFormLayout(self.hyper_box)
        self.hyper_fields: dict = {}
        self.learningRateSpin = None
        self.lossCombo = QComboBox(objectName="lossCombo")
        self.lossCombo.addItems(LOSSES)
        self.metricsList = QListWidget(objectName="metricsList")
        self.metricsList.setMaximumHeight(150)
        for name in METRICS.names():
            it = QListWidgetItem(name)
            it.setFlags(it.flags() | Qt.ItemIsUserCheckable)
            it.setCheckState(Qt.Unchecked)
            self.metricsList.addItem(it)
        self.setupLabel = QLabel(objectName="setupCheckLabel")
        self.setupLabel.setWordWrap(True)
        self.epochsSpin = QSpinBox(objectName="epochsSpin", minimum=1, maximum=100000, value=10)
        self.batchSizeSpin = QSpinBox(objectName="batchSizeSpin", minimum=1, maximum=1_000_000, value=32)
        self.batchSizeSpin.setToolTip(TIPS["batch"])
        self.batchAllCheck = QCheckBox("all (batch gradient descent)", objectName="batchAllCheck")
        self.batchAllCheck.setToolTip(TIPS["batch"])
        self.batchAllCheck.toggled.connect(lambda on: self.batchSizeSpin.setEnabled(not on))
        self.batchRegimeLabel = QLabel(objectName="batchRegimeLabel")
        self.validationSplitSpin = QDoubleSpinBox(objectName="validationSplitSpin", minimum=0.0, maximum=0.9,
                                                  singleStep=0.05, value=0.2, decimals=2)
        self.validationSplitSpin.setToolTip(TIPS["validation"])
        self.shuffleCheck = QCheckBox("Shuffle every epoch", objectName="shuffleCheck", checked=True)
        self.seedSpin = QSpinBox(objectName="seedSpin", minimum=-1, maximum=2**31 - 1, value=0)
        self.seedSpin.setSpecialValueText("random")
        self.earlyStopCheck = QCheckBox("Early stopping on val_loss", objectName="earlyStopCheck")
        self.patienceSpin = QSpinBox(objectName="patienceSpin", minimum=0, maximum=1000, value=3)
        self.restoreBestCheck = QCheckBox("Restore best weights", objectName="restoreBestCheck", checked=True)

        form = QFormLayout()
        form.addRow("Optimizer", self.optimizerCombo)
        form.addRow(self.hyper_box)
        form.addRow("Loss", self.lossCombo)
        form.addRow("Metrics", self.metricsList)
        form.addRow(self.setupLabel)
        form.addRow("Epochs", self.epochsSpin)
        form.addRow("Batch size", self.batchSizeSpin)
        form.addRow("", self.batchAllCheck)
        form.addRow(self.batchRegimeLabel)
        form.addRow("Validation split", self.validationSplitSpin)
        form.addRow(self.shuffleCheck)
        form.addRow("Seed", self.seedSpin)
        form.addRow(self.earlyStopCheck)
        form.addRow("Patience", self.patienceSpin)
        form.addRow(self.restoreBestCheck)
        lay = QVBoxLayout(self)
        lay.addLayout(form)
        lay.addStretch(1)

        self.optimizerCombo.currentTextChanged.connect(self._build_hyper_fields)
        self.optimizerCombo.setCurrentText("RMSprop")
        self._build_hyper_fields("RMSprop")
        self.lossCombo.currentTextChanged.connect(self._refresh)
        self.metricsList.itemChanged.connect(lambda _it: self._refresh())
        for sig in (self.epochsSpin.valueChanged, self.batchSizeSpin.valueChanged, self.batchAllCheck.toggled,
                    self.validationSplitSpin.valueChanged, self.shuffleCheck.toggled, self.seedSpin.valueChanged,
                    self.earlyStopCheck.toggled, self.patienceSpin.valueChanged, self.restoreBestCheck.toggled):
            sig.connect(self._refresh)
        self.set_metrics(["accuracy"])
        self._refresh()

    # ------------------------------------------------------------------ optimizer fields
    def _build_hyper_fields(self, name: str) -> None:
        while self.hyper_form.rowCount():
            self.hyper_form.removeRow(0)
        self.hyper_fields = {}
        config = optimizers.get(name).get_config()
        for key, value in config.items():
            if key in _SKIP:
                continue
            if isinstance(value, bool):
                w = QCheckBox(checked=value)
                w.toggled.connect(self._refresh)
            elif isinstance(value, (int, float)) or value is None and key == "weight_decay":
                w = QDoubleSpinBox(decimals=7, minimum=0.0, maximum=1e6, singleStep=_step(value or 0.0))
                w.setValue(float(value or 0.0))
                w.valueChanged.connect(self._refresh)
            else:
                continue
            w.setObjectName(_camel(key) + "Spin" if not isinstance(value, bool) else _camel(key) + "Check")
            w.setToolTip(TIPS.get(key, ""))
            label = QLabel(key)
            label.setToolTip(TIPS.get(key, ""))
            self.hyper_form.addRow(label, w)
            self.hyper_fields[key] = (w, value)
        self.learningRateSpin = self.hyper_fields["learning_rate"][0]
        self.optimizerCombo.setToolTip(TIPS.get(name, ""))
        self._refresh()

    def optimizer_config(self) -> dict:
        cfg = {}
        for key, (w, default) in self.hyper_fields.items():
            v = w.isChecked() if isinstance(w, QCheckBox) else w.value()
            if default is None and not v:
                v = None
            cfg[key] = v
        return {"class_name": self.optimizerCombo.currentText(), "config": cfg}

    def set_learning_rate(self, lr: float) -> None:
        self.learningRateSpin.setValue(lr)

    # ------------------------------------------------------------------ metrics
    def metrics(self) -> list[str]:
        out = []
        for i in range(self.metricsList.count()):
            it = self.metricsList.item(i)
            if it.checkState() == Qt.Checked and it.flags() & Qt.ItemIsEnabled:
                out.append("accuracy" if it.text() == "Accuracy" else it.text())
        return out

    def set_metrics(self, names) -> None:
        wanted = {("Accuracy" if n == "accuracy" else "MeanAbsoluteError" if n == "mae" else n) for n in names}
        self.metricsList.blockSignals(True)
        for i in range(self.metricsList.count()):
            it = self.metricsList.item(i)
            it.setCheckState(Qt.Checked if it.text() in wanted else Qt.Unchecked)
        self.metricsList.blockSignals(False)
        self._refresh()

    # ------------------------------------------------------------------ context and checks
    def set_context(self, task=None, output_activation=None, output_units=None, y_shape=None) -> None:
        """What the model and data look like (for the metric greying and the setup check)."""
        self.context = {"task": task, "output_activation": output_activation, "output_units": output_units,
                        "y_shape": y_shape}
        self._refresh()

    def setup_issues(self):
        c = self.context
        return check_setup(self.lossCombo.currentText(), c["output_activation"], c["output_units"], c["y_shape"],
                           c["task"], self.metrics())

    def _refresh(self, *_):
        task = self.context.get("task")
        loss = self.lossCombo.currentText()
        self.metricsList.blockSignals(True)
        for i in range(self.metricsList.count()):
            it = self.metricsList.item(i)
            if task is None:
                ok, why = True, ""
            else:
                ok, why = applicability(it.text(), task, loss=loss, output_activation=self.context["output_activation"])
                if it.text() == "Accuracy" and task != "regression":
                    ok = True  # compile() resolves "accuracy" from the loss, as Keras does
            flags = it.flags() | Qt.ItemIsEnabled if ok else it.flags() & ~Qt.ItemIsEnabled
            it.setFlags(flags)
            it.setToolTip(why)
        self.metricsList.blockSignals(False)
        issues = self.setup_issues()
        self.setupLabel.setText("\n".join("⚠ " + i.message for i in issues) if issues else "✔ Loss, output and labels fit.")
        self.setupLabel.setStyleSheet("color:#b45309" if issues else "color:#15803d")
        b = self.batchSizeSpin.value()
        self.batchRegimeLabel.setText("Batch gradient descent: one step per epoch on all samples"
                                      if self.batchAllCheck.isChecked() else
                                      "True SGD: one sample per step" if b == 1 else
                                      f"Mini-batch SGD: {b} samples per step")
        self.changed.emit()

    # ------------------------------------------------------------------ result
    def settings(self) -> dict:
        es = None
        if self.earlyStopCheck.isChecked():
            es = {"patience": self.patienceSpin.value(), "restore_best_weights": self.restoreBestCheck.isChecked()}
        return {"optimizer": self.optimizer_config(), "loss": self.lossCombo.currentText(), "metrics": self.metrics(),
                "epochs": self.epochsSpin.value(),
                "batch_size": "all" if self.batchAllCheck.isChecked() else self.batchSizeSpin.value(),
                "validation_split": self.validationSplitSpin.value(), "shuffle": self.shuffleCheck.isChecked(),
                "seed": None if self.seedSpin.value() < 0 else self.seedSpin.value(), "early_stopping": es}

    def apply_settings(self, s: dict) -> None:
        """Fill the form from a settings dict (a preset's compile/fit arguments, say)."""
        if "optimizer" in s:
            opt = s["optimizer"]
            name = opt if isinstance(opt, str) else opt["class_name"]
            name = next((n for n in OPTIMIZERS if n.lower() == name.lower()), name)
            self.optimizerCombo.setCurrentText(name)
            if isinstance(opt, dict):
                for k, v in opt.get("config", {}).items():
                    if k in self.hyper_fields and v is not None:
                        w = self.hyper_fields[k][0]
                        w.setChecked(v) if isinstance(w, QCheckBox) else w.setValue(v)
        if "loss" in s:
            self.lossCombo.setCurrentText(_LOSS_ALIASES.get(s["loss"], s["loss"]))
        if "metrics" in s:
            self.set_metrics(s["metrics"])
        if "epochs" in s:
            self.epochsSpin.setValue(int(s["epochs"]))
        if "batch_size" in s:
            self.batchAllCheck.setChecked(s["batch_size"] == "all")
            if s["batch_size"] != "all":
                self.batchSizeSpin.setValue(int(s["batch_size"]))
        if "validation_split" in s:
            self.validationSplitSpin.setValue(float(s["validation_split"]))
        if "seed" in s:
            self.seedSpin.setValue(-1 if s["seed"] is None else int(s["seed"]))


def _camel(key: str) -> str:
    head, *rest = key.split("_")
    return head + "".join(p.capitalize() for p in rest)


def _step(v: float) -> float:
    return 10 ** (len(str(v).split(".")[-1]) * -1) if 0 < v < 1 else 0.1
