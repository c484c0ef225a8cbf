"""Training settings: optimizer and its hyper-parameters, loss, metrics, epochs, batch size, validation.

The hyper-parameter fields are generated from the optimizer's ``get_config()`` so they show Keras's
defaults. The metric list greys out metrics that do not apply to the task (with the reason as
tooltip), and a warning line says when loss, output layer and labels do not fit together
(:func:`netbuilder.core.diagnosis.check_setup`).
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QVBoxLayout,
    QWidget,
)

from netbuilder.core import optimizers
from netbuilder.core.diagnosis import check_setup
from netbuilder.core.metrics import applicability
from netbuilder.core.errors import NetbuilderError
from netbuilder.core.registry import METRICS

from .. import i18n, wheel_guard
from ..fields import DecimalSpinBox, NumberSpinBox
from ..i18n import glossary, messages

from ..project_schema import HYPER_RANGE, LOSSES, OPTIMIZERS, TRAINING_RANGES, VALIDATION_MODES
from ..project_schema import LOSS_ALIASES as _LOSS_ALIASES
from ..qt_helpers import HeldCall, NarrowCombo, signals_blocked
from .config_tips import tip, with_term
from .engine_choice import EngineChoice
from .metric_names import MetricTrials, compile_name, item_name

_SKIP = ("name", "clipnorm", "clipvalue", "global_clipnorm")


class TrainingConfigPanel(i18n.Retranslatable, QWidget):
    """The settings form; ``settings()`` returns the dict the controller trains with."""

    changed = Signal()
    refused = Signal(str)  # a spin box says what it did with a value it could not take

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setObjectName("trainingConfigPanel")
        self.context = {"task": None, "output_activation": None, "output_units": None, "y_shape": None}
        self._trial = MetricTrials()  # why a metric fails in a trial update as this run would use it, or None
        self.optimizerCombo = QComboBox(objectName="optimizerCombo")
        self.optimizerCombo.addItems(OPTIMIZERS)  # Keras identifiers: the glossary term is in the tooltip
        self.hyper_box = QGroupBox()
        self.hyper_labels: dict = {}
        self.hyper_form = QFormLayout(self.hyper_box)
        self.hyper_fields: dict = {}
        self.learningRateSpin = None
        self.lossCombo = NarrowCombo(objectName="lossCombo")
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
        R = TRAINING_RANGES  # the same ranges project files are checked against
        self.epochsSpin = NumberSpinBox(objectName="epochsSpin", minimum=R["epochs"][0], maximum=R["epochs"][1], value=10)
        self.batchSizeSpin = NumberSpinBox(objectName="batchSizeSpin", minimum=R["batch_size"][0],
                                           maximum=R["batch_size"][1], value=32)
        self.batchAllCheck = QCheckBox(objectName="batchAllCheck")
        self.batchAllCheck.toggled.connect(lambda on: self.batchSizeSpin.setEnabled(not on))
        self.batchRegimeLabel = QLabel(objectName="batchRegimeLabel", wordWrap=True)
        self.validationSplitSpin = DecimalSpinBox(objectName="validationSplitSpin", minimum=R["validation_split"][0],
                                                  maximum=R["validation_split"][1],
                                                  singleStep=0.05, value=0.2, decimals=2)
        self.validationModeCombo = NarrowCombo(10, objectName="validationModeCombo")
        for mode in VALIDATION_MODES:  # split, first, last, kfold
            self.validationModeCombo.addItem("", mode)
        self.kFoldSpin = NumberSpinBox(objectName="kFoldSpin", minimum=R["k_folds"][0], maximum=R["k_folds"][1], value=4)
        self.kFoldSpin.setEnabled(False)
        self.validationSamplesSpin = NumberSpinBox(objectName="validationSamplesSpin",
                                                   minimum=R["validation_samples"][0],
                                                   maximum=R["validation_samples"][1], value=1000, singleStep=100)
        self.validationSamplesSpin.setEnabled(False)
        self.validationModeCombo.currentIndexChanged.connect(self._on_validation_mode)
        self.shuffleCheck = QCheckBox(objectName="shuffleCheck", checked=True)
        self.seedSpin = NumberSpinBox(objectName="seedSpin", minimum=-1, maximum=R["seed"][1], value=0)  # -1: random
        self.earlyStopCheck = QCheckBox(objectName="earlyStopCheck")
        self.patienceSpin = NumberSpinBox(objectName="patienceSpin", minimum=R["patience"][0], maximum=R["patience"][1],
                                          value=3)
        self.restoreBestCheck = QCheckBox(objectName="restoreBestCheck", checked=True)
        for spin in (self.epochsSpin, self.batchSizeSpin, self.validationSplitSpin, self.kFoldSpin,
                     self.validationSamplesSpin, self.seedSpin, self.patienceSpin):
            spin.refused.connect(self.refused)  # "1e300" clamped: said, not done silently

        self.form_labels = {k: QLabel() for k in ("optimizer", "loss", "metrics", "epochs", "batch_size",
                                                  "validation_split", "validation_mode", "validation_samples",
                                                  "seed", "patience")}
        L = self.form_labels
        form = QFormLayout()
        form.addRow(L["optimizer"], self.optimizerCombo)
        form.addRow(self.hyper_box)
        form.addRow(L["loss"], self.lossCombo)
        form.addRow(L["metrics"], self.metricsList)
        form.addRow(self.setupLabel)
        form.addRow(L["epochs"], self.epochsSpin)
        form.addRow(L["batch_size"], self.batchSizeSpin)
        form.addRow("", self.batchAllCheck)
        form.addRow(self.batchRegimeLabel)
        form.addRow(L["validation_split"], self.validationSplitSpin)
        mode_row = QHBoxLayout()
        mode_row.addWidget(self.validationModeCombo, 1)
        self.kLabel = QLabel("k")
        mode_row.addWidget(self.kLabel)
        mode_row.addWidget(self.kFoldSpin)
        form.addRow(L["validation_mode"], mode_row)
        form.addRow(L["validation_samples"], self.validationSamplesSpin)
        form.addRow(self.shuffleCheck)
        form.addRow(L["seed"], self.seedSpin)
        form.addRow(self.earlyStopCheck)
        form.addRow(L["patience"], self.patienceSpin)
        form.addRow(self.restoreBestCheck)
        self.engineChoice = EngineChoice()  # netbuilder's engine or Keras 3 (issue 18)
        self.engineCombo = self.engineChoice.engineCombo
        form.addRow(self.engineChoice)
        lay = QVBoxLayout(self)
        lay.addLayout(form)
        lay.addStretch(1)

        self._refresh = HeldCall(self._describe)  # one description per batch of changes (apply_settings)
        self.optimizerCombo.currentTextChanged.connect(self._build_hyper_fields)
        self.optimizerCombo.setCurrentText("RMSprop")
        self._build_hyper_fields("RMSprop")
        self.lossCombo.currentTextChanged.connect(self._refresh)
        self.metricsList.itemChanged.connect(lambda _it: self._refresh())
        for sig in (self.epochsSpin.valueChanged, self.batchSizeSpin.valueChanged, self.batchAllCheck.toggled,
                    self.validationSplitSpin.valueChanged, self.shuffleCheck.toggled, self.seedSpin.valueChanged,
                    self.earlyStopCheck.toggled, self.patienceSpin.valueChanged, self.restoreBestCheck.toggled,
                    self.validationModeCombo.currentIndexChanged, self.kFoldSpin.valueChanged,
                    self.validationSamplesSpin.valueChanged, self.engineChoice.changed):
            sig.connect(self._refresh)
        self.set_metrics(["accuracy"])
        self.retranslate_ui()

    def retranslate_ui(self) -> None:
        """Every label, check box and tooltip in the current language (values are kept)."""
        texts = {"optimizer": self.tr("Optimizer"), "loss": self.tr("Loss"), "metrics": self.tr("Metrics"),
                 "epochs": self.tr("Epochs"), "batch_size": self.tr("Batch size"),
                 "validation_split": self.tr("Validation split"), "validation_mode": self.tr("Validation"),
                 "validation_samples": self.tr("Validation samples"),
                 "seed": self.tr("Seed"),
                 "patience": self.tr("Patience")}
        for key, label in self.form_labels.items():
            label.setText(texts[key])
        self.hyper_box.setTitle(self.tr("Optimizer settings"))
        self.batchAllCheck.setText(self.tr("all (batch gradient descent)"))
        self.shuffleCheck.setText(self.tr("Shuffle every epoch"))
        self.seedSpin.setSpecialValueText(self.tr("random"))
        self.earlyStopCheck.setText(self.tr("Early stopping on val_loss"))
        self.restoreBestCheck.setText(self.tr("Restore best weights"))
        for w in (self.batchSizeSpin, self.batchAllCheck):
            w.setToolTip(tip("batch"))
        self.validationSplitSpin.setToolTip(tip("validation"))
        mode_texts = {"split": self.tr("split (the last fraction)"), "first": self.tr("the first N samples"),
                      "last": self.tr("the last N samples"), "kfold": self.tr("K-fold")}
        for i in range(self.validationModeCombo.count()):
            self.validationModeCombo.setItemText(i, mode_texts[self.validationModeCombo.itemData(i)])
        self.validationSamplesSpin.setToolTip(tip("holdout"))
        for w in (self.validationModeCombo, self.kFoldSpin, self.kLabel):
            w.setToolTip(tip("kfold"))
        for i, name in enumerate(OPTIMIZERS):
            self.optimizerCombo.setItemData(i, with_term(name, "optimizers", tip(name)), Qt.ToolTipRole)
        self.optimizerCombo.setToolTip(with_term(self.optimizerCombo.currentText(), "optimizers",
                                                  tip(self.optimizerCombo.currentText())))
        for i in range(self.lossCombo.count()):
            self.lossCombo.setItemData(i, glossary.label(self.lossCombo.itemText(i), "losses"), Qt.ToolTipRole)
        self.lossCombo.setToolTip(glossary.label(self.lossCombo.currentText(), "losses"))
        for key, (w, _default) in self.hyper_fields.items():
            w.setToolTip(tip(key))
            self.hyper_labels[key].setToolTip(tip(key))
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
                w = DecimalSpinBox(decimals=7, minimum=HYPER_RANGE[0], maximum=HYPER_RANGE[1],
                                   singleStep=_step(value or 0.0))
                w.setValue(float(value or 0.0))
                w.valueChanged.connect(self._refresh)
                w.refused.connect(self.refused)
            else:
                continue
            w.setObjectName(_camel(key) + "Spin" if not isinstance(value, bool) else _camel(key) + "Check")
            w.setToolTip(tip(key))
            label = QLabel(key)  # the Keras argument name: code, never translated
            label.setToolTip(tip(key))
            self.hyper_form.addRow(label, w)
            self.hyper_fields[key] = (w, value)
            self.hyper_labels[key] = label
        self.learningRateSpin = self.hyper_fields["learning_rate"][0]
        wheel_guard.protect(self)  # scrolling the form never changes a value by accident
        self.optimizerCombo.setToolTip(with_term(name, "optimizers", tip(name)))
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

    def scale_learning_rate(self, factor: float) -> float:
        """The coach's "Learning rate ÷ 10" (``factor`` 0.1): the field × ``factor``; returns the new rate
        (as the field holds it: rounded to its decimals, within its range)."""
        self.set_learning_rate(self.learningRateSpin.value() * factor)
        return self.learningRateSpin.value()

    def scale_epochs(self, factor: float) -> int:
        """The coach's "Train longer (×2 epochs)" (``factor`` 2): the epochs × ``factor``, rounded; returns
        the new number (within the field's range)."""
        self.epochsSpin.setValue(round(self.epochsSpin.value() * factor))
        return self.epochsSpin.value()

    # ------------------------------------------------------------------ metrics
    def metrics(self) -> list[str]:
        """The ticked metrics as ``compile(metrics=...)`` gets them: in the book's spelling where it has
        one (:data:`.metric_names.BOOK_SPELLING`), so the logs are ``accuracy``/``val_mae`` as in the book."""
        out = []
        for i in range(self.metricsList.count()):
            it = self.metricsList.item(i)
            if it.checkState() == Qt.Checked and it.flags() & Qt.ItemIsEnabled:
                out.append(compile_name(it.text()))
        return out

    def set_metrics(self, names) -> None:
        wanted = {item_name(n) for n in names}
        with signals_blocked(self.metricsList):
            for i in range(self.metricsList.count()):
                it = self.metricsList.item(i)
                it.setCheckState(Qt.Checked if it.text() in wanted else Qt.Unchecked)
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

    def _metric_state(self, item_text: str, task, loss) -> tuple[bool, str]:
        """``(offered, why not)`` for the metric ``item_text`` with this task and loss: on paper
        (:func:`~netbuilder.core.metrics.applicability`), then in a trial update as this run would use it."""
        if task is None:
            ok, why = True, ""
        else:
            ok, why = applicability(item_text, task, loss=loss, output_activation=self.context["output_activation"])
            if item_text == "Accuracy" and task != "regression":
                ok = True  # compile() resolves "accuracy" from the loss, as Keras does
        why = messages.render_metric_reason(why)
        failure = self._trial(item_text, task, loss, self.context) if ok else None
        if isinstance(failure, FloatingPointError):
            return False, self.tr("It cannot run with these settings: it gives NaN for values this output "
                                  "layer can produce (for example negative ones).")
        if isinstance(failure, NetbuilderError):  # it fits the task on paper but not this run's labels
            return False, self.tr("It cannot run with these settings: {error}").format(error=messages.render(failure))
        if isinstance(failure, TypeError):  # a constructor argument without a default (fn=)
            return False, self.tr("It cannot run with these settings: it needs arguments that the "
                                  "window cannot set.")
        if failure is not None:
            return False, self.tr("It cannot run with these settings: the labels and outputs of this "
                                  "run do not fit it.")
        return ok, why

    def _describe(self) -> None:
        """Grey the metrics that cannot run, say whether loss, output and labels fit, name the batch regime,
        and emit ``changed`` (through ``self._refresh``: held while :meth:`apply_settings` fills the form)."""
        task = self.context.get("task")
        loss = self.lossCombo.currentText()
        with signals_blocked(self.metricsList):
            for i in range(self.metricsList.count()):
                it = self.metricsList.item(i)
                ok, why = self._metric_state(it.text(), task, loss)
                it.setFlags(it.flags() | Qt.ItemIsEnabled if ok else it.flags() & ~Qt.ItemIsEnabled)
                term = glossary.label(it.text(), "metrics")
                it.setToolTip(term + (": " + why if why else "") if term != it.text() else why)
        issues = self.setup_issues()
        self.setupLabel.setText("\n".join("⚠ " + messages.render(i) for i in issues) if issues else
                                "✔ " + self.tr("Loss, output and labels fit."))
        self.setupLabel.setStyleSheet("color:#b45309" if issues else "color:#15803d")
        b = self.batchSizeSpin.value()
        self.batchRegimeLabel.setText(self.tr("Batch gradient descent: one step per epoch on all samples")
                                      if self.batchAllCheck.isChecked() else
                                      self.tr("True SGD: one sample per step") if b == 1 else
                                      self.tr("Mini-batch SGD: {n} samples per step").format(n=b))
        self.changed.emit()

    def _on_validation_mode(self, _index=None) -> None:
        mode = self.validationModeCombo.currentData()
        self.kFoldSpin.setEnabled(mode == "kfold")
        self.validationSplitSpin.setEnabled(mode == "split")
        self.validationSamplesSpin.setEnabled(mode in ("first", "last"))

    # ------------------------------------------------------------------ result
    def settings(self) -> dict:
        es = None
        if self.earlyStopCheck.isChecked():
            es = {"patience": self.patienceSpin.value(), "restore_best_weights": self.restoreBestCheck.isChecked()}
        return {"optimizer": self.optimizer_config(), "loss": self.lossCombo.currentText(), "metrics": self.metrics(),
                "epochs": self.epochsSpin.value(),
                "batch_size": "all" if self.batchAllCheck.isChecked() else self.batchSizeSpin.value(),
                "validation_split": self.validationSplitSpin.value(), "shuffle": self.shuffleCheck.isChecked(),
                "seed": None if self.seedSpin.value() < 0 else self.seedSpin.value(), "early_stopping": es,
                "validation_mode": self.validationModeCombo.currentData(), "k_folds": self.kFoldSpin.value(),
                "validation_samples": self.validationSamplesSpin.value(), **self.engineChoice.settings()}

    def apply_settings(self, s: dict) -> None:
        """Fill the form from a settings dict (a preset's compile/fit arguments, say); the form is described
        (and ``changed`` emitted) once at the end, not once per field."""
        with self._refresh.held():
            self._fill(s)

    def _fill(self, s: dict) -> None:
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
        if "shuffle" in s:
            self.shuffleCheck.setChecked(bool(s["shuffle"]))
        if "early_stopping" in s:
            es = s["early_stopping"] or {}
            self.earlyStopCheck.setChecked(bool(s["early_stopping"]))
            self.patienceSpin.setValue(int(es.get("patience", self.patienceSpin.value())))
            self.restoreBestCheck.setChecked(bool(es.get("restore_best_weights", True)))
        if "validation_mode" in s:
            i = self.validationModeCombo.findData(s["validation_mode"])
            self.validationModeCombo.setCurrentIndex(max(0, i))
        if "k_folds" in s:
            self.kFoldSpin.setValue(int(s["k_folds"]))
        if "validation_samples" in s:
            self.validationSamplesSpin.setValue(int(s["validation_samples"]))
        self.engineChoice.apply_settings(s)


def _camel(key: str) -> str:
    head, *rest = key.split("_")
    return head + "".join(p.capitalize() for p in rest)


def _step(v: float) -> float:
    return 10 ** (len(str(v).split(".")[-1]) * -1) if 0 < v < 1 else 0.1
