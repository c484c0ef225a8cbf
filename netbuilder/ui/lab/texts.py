"""The lab's sentences that are built from data or chosen by key, marked for translation.

``EFFECT`` holds the same parts as :data:`netbuilder.core.runs.effect.ENGLISH` (core has no Qt); ``LESSONS``
the book's lessons' titles and what their curves show (our own words).
"""

from __future__ import annotations

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication

from netbuilder.core.runs.effect import ENGLISH

EFFECT = {
    "loss": QT_TRANSLATE_NOOP("Lab", "{label}: best val_loss {before} → {after} (epoch {epoch_before} → "
                                     "{epoch_after})"),
    "no_validation": QT_TRANSLATE_NOOP("Lab", "{label}: no validation loss to compare (train with a "
                                              "validation set)"),
    "gap_shrank": QT_TRANSLATE_NOOP("Lab", "the gap between training and validation shrank from {before} to "
                                           "{after}"),
    "gap_grew": QT_TRANSLATE_NOOP("Lab", "the gap between training and validation grew from {before} to {after}"),
    "gap_same": QT_TRANSLATE_NOOP("Lab", "the gap between training and validation stayed at {before}"),
    "better": QT_TRANSLATE_NOOP("Lab", "the change helps on this data"),
    "worse": QT_TRANSLATE_NOOP("Lab", "the change does not help on this data"),
}
assert set(EFFECT) == set(ENGLISH) and all(EFFECT[k] == ENGLISH[k] for k in EFFECT)

LESSON_TITLES = {
    "imdb_capacity": QT_TRANSLATE_NOOP("Lab", "IMDB: original vs smaller vs bigger network"),
    "imdb_l2": QT_TRANSLATE_NOOP("Lab", "IMDB: original vs L2(0.001) weight regularization"),
    "imdb_dropout": QT_TRANSLATE_NOOP("Lab", "IMDB: original vs Dropout(0.5)"),
    "mnist_underfit": QT_TRANSLATE_NOOP("Lab", "MNIST: underfitting with a 1-unit and a 4-unit hidden layer"),
}

LESSON_EXPLANATIONS = {
    "imdb_capacity": QT_TRANSLATE_NOOP(
        "Lab", "Look at the solid validation curves. The bigger network's validation loss turns upward within the "
               "first few epochs and climbs fast, while its dashed training loss falls to almost zero: it has room "
               "to memorize the training reviews. The smaller network starts to overfit later and more slowly. More "
               "capacity fits the training data sooner, not the new data better."),
    "imdb_l2": QT_TRANSLATE_NOOP(
        "Lab", "With L2(0.001) every large weight costs loss, so the network keeps its weights small. Its validation "
               "loss (which includes that cost) climbs more slowly than the original's and ends lower, although "
               "both networks have the same number of parameters."),
    "imdb_dropout": QT_TRANSLATE_NOOP(
        "Lab", "Dropout(0.5) switches off half of the hidden outputs at random in each training step, so no "
               "unit can rely on a few others. The training loss falls more slowly, and the validation loss "
               "stays lower for longer than the original's."),
    "mnist_underfit": QT_TRANSLATE_NOOP(
        "Lab", "A hidden layer of 1 or 4 units is a bottleneck: ten digits cannot pass through it. The dashed "
               "training curves stay high and flat, close to the validation curves: the network underfits. "
               "The table network with 512 units learns both far better."),
}

RUN_NAMES = {  # the lessons' run names (core.runs.lessons)
    "original": QT_TRANSLATE_NOOP("Lab", "original"),
    "smaller (4 units)": QT_TRANSLATE_NOOP("Lab", "smaller (4 units)"),
    "bigger (512 units)": QT_TRANSLATE_NOOP("Lab", "bigger (512 units)"),
    "table network (512 units)": QT_TRANSLATE_NOOP("Lab", "table network (512 units)"),
    "1 unit": QT_TRANSLATE_NOOP("Lab", "1 unit"),
    "4 units": QT_TRANSLATE_NOOP("Lab", "4 units"),
}


def tr(text: str) -> str:
    return QCoreApplication.translate("Lab", text)


def run_name(name: str) -> str:
    """A lesson's run name in the interface language ("L2(0.001)" and "Dropout(0.5)" read the same in all)."""
    return tr(RUN_NAMES[name]) if name in RUN_NAMES else name


def effect_templates() -> dict:
    """:data:`EFFECT` in the interface language."""
    return {k: tr(v) for k, v in EFFECT.items()}


SWEEP_REASONS = {
    "count": QT_TRANSLATE_NOOP("Lab", "a sweep takes 2 to 6 values, got {n}: {text}"),
    "repeat": QT_TRANSLATE_NOOP("Lab", "the values repeat: {text}"),
    "activation": QT_TRANSLATE_NOOP("Lab", "activation {value} is unknown"),
    "number": QT_TRANSLATE_NOOP("Lab", "{arg} value {value} is not a number"),
    "whole": QT_TRANSLATE_NOOP("Lab", "{arg} value {value} must be a whole number of at least 1"),
    "rate": QT_TRANSLATE_NOOP("Lab", "rate value {value} must be in [0, 1)"),
    "l2": QT_TRANSLATE_NOOP("Lab", "l2 value {value} cannot be negative"),
    "learning_rate": QT_TRANSLATE_NOOP("Lab", "learning_rate value {value} must be greater than 0"),
    "no_layer": QT_TRANSLATE_NOOP("Lab", "the network has no layer {value} to sweep"),
}

SETTING_NAMES = {
    "learning_rate": QT_TRANSLATE_NOOP("Lab", "learning rate"),
    "batch_size": QT_TRANSLATE_NOOP("Lab", "batch size"),
    "epochs": QT_TRANSLATE_NOOP("Lab", "epochs"),
}


def sweep_error(exc) -> str:
    """A :class:`~netbuilder.core.runs.sweep.SweepValueError` in the interface language."""
    from netbuilder.core.runs.sweep import REASONS  # noqa: PLC0415

    assert set(REASONS) == set(SWEEP_REASONS)
    return tr(SWEEP_REASONS[exc.code]).format(**exc.params)
