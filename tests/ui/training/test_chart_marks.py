"""Readable charts that agree with the coach (issue 20): the best-epoch line and the coach's line are the
verdict's own numbers, every mark is labelled, the legends stand outside the curves and list every series
with points, and the charts are at least 160 px tall at the default laptop layout."""

import numpy as np
import pytest

from netbuilder.core import diagnosis as D
from netbuilder.ui.training.chart_marks import MIN_PLOT_HEIGHT, coach_mark
from netbuilder.ui.training.controller import TrainingData
from netbuilder.ui.training.run_buffers import RunBuffers

from .conftest import dense_config, set_run


def _regression(n=80, seed=0):
    rng = np.random.default_rng(seed)
    x = rng.normal(size=(n, 3)).astype("float32")
    y = (x @ np.array([1.5, -2.0, 0.5], "float32") + 0.3 * rng.normal(size=n).astype("float32"))[:, None]
    return TrainingData("reg", x, y, x[:10], y[:10], "regression")


def test_kfold_best_epoch_is_the_verdicts_on_banner_and_chart(qtbot, training_window):
    _win, ui = training_window
    set_run(ui, dense_config(3, [16], 1, "linear"), _regression(), epochs=8, batch_size=8, seed=3,
            validation_mode="kfold", k_folds=3)
    c = ui.controller
    with qtbot.waitSignal(c.finished, timeout=60000) as blocker:
        assert ui.controls.start()
    d = blocker.args[0]["diagnosis"]
    assert d is c.diagnosis and d.best_epoch
    # the banner's "best epoch N" and the chart's line are the same number, from the mean over folds
    assert f"best epoch {d.best_epoch}" in ui.banner.title.text()
    assert ui.plots.best_line.isVisible() and ui.plots.best_line.value() == d.best_epoch
    assert ui.plots.best_line.label.toPlainText() == f"best epoch {d.best_epoch} (lowest val_loss)"  # shown
    mean_val = np.mean([h["val_loss"] for h in c.fold_histories], axis=0)
    assert d.best_epoch == int(np.argmin(mean_val)) + 1


def test_every_coach_line_has_a_label():
    h = {"loss": [1.0, 0.7, 0.5, 0.35, 0.25, 0.18, 0.12], "val_loss": [1.0, 0.75, 0.6, 0.58, 0.62, 0.7, 0.8]}
    over = D.diagnose(h)
    assert coach_mark(over) == f"overfitting from epoch {over.epoch}"
    assert coach_mark(D.diagnose({"loss": [1.0, 0.9, float("nan")]})) == "diverged at epoch 3"
    gap = D.diagnose({"loss": [0.3, 0.12, 0.08, 0.058, 0.042], "val_loss": [0.17, 0.10, 0.096, 0.086, 0.075]})
    assert gap.code == "good_fit_gap_opening" and coach_mark(gap) == "gap opens at epoch 3"
    assert coach_mark(D.diagnose({"loss": [1.0, 0.5, 0.3, 0.25, 0.245, 0.244],
                                  "val_loss": [1.0, 0.55, 0.35, 0.3, 0.299, 0.3]})) == ""  # healthy: no line


def test_legends_are_outside_the_curves_and_list_every_series(qtbot, training_window):
    _win, ui = training_window
    set_run(ui, dense_config(3, [8], 1, "linear"), _regression(), epochs=3, batch_size=16,
            validation_split=0.25, metrics=["mae"])
    with qtbot.waitSignal(ui.controller.finished, timeout=30000):
        assert ui.controls.start()
    ui.plots.redraw(force=True)
    training_window[0].show()
    qtbot.wait(50)  # laid out
    pi = ui.plots.loss_plot.getPlotItem()
    names = [label.text for _s, label in pi.legend.items]
    assert "loss (training)" in names and "val_loss (validation)" in names and "loss (batch)" in names
    assert not any(n.startswith("previous") for n in names)  # no previous run: no empty entry
    assert not pi.legend.geometry().intersects(pi.vb.geometry())  # under the axis, not over the curves
    metric_names = [label.text for _s, label in ui.plots.metric_plot.getPlotItem().legend.items]
    assert sorted(metric_names) == sorted(k for k in ui.controller.history if "loss" not in k)


def test_charts_are_160_px_tall_at_the_default_laptop_layout(english_after, win, qtbot):
    """Seen, not scrolled away: at 1366×768 the curves show at least 160 px under the longest verdict."""
    import json
    from pathlib import Path

    from PySide6.QtWidgets import QScrollArea

    from netbuilder.ui import i18n

    boston = json.loads((Path(__file__).parents[2] / "core" / "fixtures" / "book_histories" / "boston.json")
                        .read_text())["history"]
    for lang in ("en", "zh_CN"):
        i18n.set_language(lang)
        win.resize(1366, 768 - 40 - 32)
        win.act_reset_layout.trigger()
        assert win.open_example("boston_dense")
        c, plots = win.training, win.training_ui.plots
        c.run = RunBuffers.from_history(boston)
        c.model_config = win.doc.to_config()
        c._set_diagnosis(D.diagnose(boston))  # a three-line verdict with five remedies above the curves
        plots.redraw(force=True)
        qtbot.wait(50)
        assert win.training_ui.banner.isVisibleTo(win)
        area = plots.parentWidget()
        while not isinstance(area, QScrollArea):
            area = area.parentWidget()
        viewport = area.viewport()
        for plot in (plots.loss_plot, plots.metric_plot):
            assert plot.minimumHeight() >= MIN_PLOT_HEIGHT == 160
            top = plot.mapTo(viewport, plot.rect().topLeft()).y()
            shown = min(viewport.height(), top + plot.height()) - max(0, top)
            assert shown >= 160, (lang, plot.objectName(), shown)


@pytest.fixture
def english_after():
    yield
    from netbuilder.ui import i18n

    i18n.set_language("en")
