"""A dataset arriving describes the window once: the form, the memory check and the document's shapes,
problems and Keras code used to be rebuilt three times in the click that starts a first run (the
largest GUI turn of a run's start, issue 25)."""

from __future__ import annotations

from netbuilder.core.datasets import playground
from netbuilder.ui.training.controller import TrainingData


def _spirals():
    x, y = playground.spirals(samples=200, seed=0)
    return TrainingData("playground:spirals", x, y.astype("float32"), task="binary")


def test_new_data_describes_the_window_once(win, monkeypatch):
    ui = win.feature("training").ui
    counts = {"doc": 0, "form": 0}
    real_doc, real_form = win.on_doc_changed, ui.config_panel._refresh.fn

    def doc():
        counts["doc"] += 1
        real_doc()

    def form():
        counts["form"] += 1
        real_form()

    monkeypatch.setattr(win, "on_doc_changed", doc)
    monkeypatch.setattr(ui.config_panel._refresh, "fn", form)
    ui.config_panel.apply_settings({"loss": "mse", "metrics": ["mae"]})  # another task's form before
    counts.update(doc=0, form=0)
    ui.dataset_panel.set_data(_spirals())
    assert counts == {"doc": 1, "form": 1}
    # and what the three descriptions used to give, the one gives: the task's loss and metric, described
    assert ui.config_panel.lossCombo.currentText() == "binary_crossentropy"
    assert ui.config_panel.metrics() == ["accuracy"]
    assert ui.config_panel.context["task"] == "binary"
    assert ui.config_panel.setupLabel.text()  # the form was described with the new data


def test_apply_settings_describes_the_form_once(win, monkeypatch):
    panel = win.feature("training").ui.config_panel
    seen = []
    panel.changed.connect(lambda: seen.append(1))
    panel.apply_settings({"loss": "mse", "metrics": ["mae"], "epochs": 7, "batch_size": 16,
                          "validation_split": 0.3, "seed": 3, "shuffle": False})
    assert len(seen) == 1
    assert panel.settings()["epochs"] == 7 and panel.settings()["batch_size"] == 16
