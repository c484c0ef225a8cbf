"""Every metric the settings panel offers trains (issue 25): for each task, a short fit with each
enabled metric; the ones that cannot run are disabled with the reason."""

import numpy as np
import pytest
from PySide6.QtCore import Qt

from netbuilder.core import layers, models
from netbuilder.ui.training.config_panel import TrainingConfigPanel

RNG = np.random.default_rng(0)
X = RNG.random((48, 4), dtype=np.float32)
CASES = {  # task, loss, output activation, units, labels
    "binary": ("binary", "binary_crossentropy", "sigmoid", 1, (X[:, :1] > 0.5).astype("float32")),
    "multiclass one-hot": ("multiclass", "categorical_crossentropy", "softmax", 3,
                           np.eye(3, dtype="float32")[RNG.integers(0, 3, 48)]),
    "multiclass sparse": ("multiclass", "sparse_categorical_crossentropy", "softmax", 3,
                          RNG.integers(0, 3, 48).astype("float32")),
    "regression": ("regression", "mse", "linear", 1, RNG.random((48, 1), dtype=np.float32)),
}


def _panel(qtbot, task, loss, act, units, y):
    panel = TrainingConfigPanel()
    qtbot.addWidget(panel)
    panel.lossCombo.setCurrentText(loss)
    panel.set_context(task=task, output_activation=act, output_units=units, y_shape=y.shape)
    return panel


def _offered(panel):
    items = [panel.metricsList.item(i) for i in range(panel.metricsList.count())]
    return [it for it in items if it.flags() & Qt.ItemIsEnabled]


@pytest.mark.parametrize("case", list(CASES))
def test_every_offered_metric_trains(qtbot, case):
    task, loss, act, units, y = CASES[case]
    panel = _panel(qtbot, task, loss, act, units, y)
    offered = _offered(panel)
    assert len(offered) >= 3 and "Accuracy" in [it.text() for it in offered] or task == "regression"
    failures = []
    for item in offered:
        panel.set_metrics([item.text()])
        names = panel.metrics()
        assert len(names) == 1, item.text()
        model = models.Sequential([layers.Input(shape=(4,)), layers.Dense(units, activation=act)])
        model.compile(optimizer="adam", loss=loss, metrics=names)
        try:
            history = model.fit(X, y, epochs=1, batch_size=16, validation_split=0.25, verbose=0)
        except Exception as exc:  # noqa: BLE001 - collected, so one run names every failing metric
            failures.append(f"{item.text()}: {type(exc).__name__}: {exc}")
            continue
        assert len(history.history["loss"]) == 1
    assert failures == []


def test_metrics_that_need_arguments_or_other_labels_are_disabled_with_the_reason(qtbot):
    panel = _panel(qtbot, *CASES["multiclass sparse"][:4], CASES["multiclass sparse"][4])
    items = {panel.metricsList.item(i).text(): panel.metricsList.item(i) for i in range(panel.metricsList.count())}
    for name in ("MeanMetricWrapper", "IoU", "PrecisionAtRecall", "AUC", "Precision"):
        it = items[name]
        assert not it.flags() & Qt.ItemIsEnabled, name
        assert "cannot run with these settings" in it.toolTip(), (name, it.toolTip())
    assert "arguments" in items["MeanMetricWrapper"].toolTip() and "num_classes" in items["IoU"].toolTip()
    assert items["SparseCategoricalAccuracy"].flags() & Qt.ItemIsEnabled
    panel.set_metrics(["IoU", "accuracy"])
    assert panel.metrics() == ["accuracy"]  # a disabled metric never reaches the run
    # one-hot labels: Precision and AUC run again
    panel.lossCombo.setCurrentText("categorical_crossentropy")
    panel.set_context(task="multiclass", output_activation="softmax", output_units=3, y_shape=(48, 3))
    assert items["Precision"].flags() & Qt.ItemIsEnabled and items["AUC"].flags() & Qt.ItemIsEnabled


def test_poisson_is_offered_for_a_positive_output_only(qtbot):
    task, loss, _act, units, y = CASES["regression"]
    linear = _panel(qtbot, task, loss, "linear", units, y)
    item = linear.metricsList.findItems("Poisson", Qt.MatchExactly)[0]
    assert not item.flags() & Qt.ItemIsEnabled and "NaN" in item.toolTip()
    relu = _panel(qtbot, task, loss, "relu", units, y)
    assert relu.metricsList.findItems("Poisson", Qt.MatchExactly)[0].flags() & Qt.ItemIsEnabled


def test_without_data_only_metrics_that_cannot_even_be_created_are_hidden(qtbot):
    panel = TrainingConfigPanel()
    qtbot.addWidget(panel)
    items = {panel.metricsList.item(i).text(): panel.metricsList.item(i) for i in range(panel.metricsList.count())}
    assert not items["MeanMetricWrapper"].flags() & Qt.ItemIsEnabled
    assert not items["IoU"].flags() & Qt.ItemIsEnabled
    assert items["Precision"].flags() & Qt.ItemIsEnabled and items["Accuracy"].flags() & Qt.ItemIsEnabled


def test_a_hostile_output_size_does_not_make_the_trial_allocate():
    from netbuilder.core.metrics.applicability import trial_error

    for units in (10**12, -5, "many"):
        for task in ("binary", "multiclass", "regression", None):
            trial_error("Precision", task, "binary_crossentropy", units, None)  # returns, never raises
    assert trial_error("CategoricalAccuracy", "multiclass", "categorical_crossentropy", 10**12, (8, 10)) is None


def test_the_books_metric_names_reach_the_logs(qtbot):
    """Ticking "MeanAbsoluteError" (or opening the Boston example's "mae") compiles the book's "mae", so
    the run logs ``mae``/``val_mae`` as the tutorial reads them; the item stays ticked on a round trip."""
    task, loss, act, units, y = CASES["regression"]
    panel = _panel(qtbot, task, loss, act, units, y)
    panel.set_metrics(["mae"])
    assert panel.metrics() == ["mae"]
    items = {panel.metricsList.item(i).text(): panel.metricsList.item(i) for i in range(panel.metricsList.count())}
    assert items["MeanAbsoluteError"].checkState() == Qt.Checked
    items["RootMeanSquaredError"].setCheckState(Qt.Checked)
    assert sorted(panel.metrics()) == ["RootMeanSquaredError", "mae"]
    panel.set_metrics(panel.metrics())
    assert sorted(panel.metrics()) == ["RootMeanSquaredError", "mae"]
    model = models.Sequential([layers.Input((4,)), layers.Dense(1)])
    model.compile(optimizer="rmsprop", loss=loss, metrics=panel.metrics())
    logs = model.fit(X, y, epochs=1, batch_size=16, validation_split=0.25, verbose=0).history
    assert {"mae", "val_mae", "RootMeanSquaredError"} <= set(logs)
