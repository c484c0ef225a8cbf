"""The training settings' tooltips (after the tutorial's explanations), in the current language.

Marked with ``QT_TRANSLATE_NOOP`` under the ``TrainingConfigPanel`` context, translated when shown
(:func:`tip`); :func:`with_term` puts the glossary's Chinese term in front of a tip.
"""

from __future__ import annotations

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication

from ..i18n import glossary

#: One-line tooltips, after the tutorial's explanations.
TIPS = {
    "SGD": QT_TRANSLATE_NOOP("TrainingConfigPanel",
        "Stochastic gradient descent: step against the gradient of each mini-batch, scaled by the learning rate."),
    "RMSprop": QT_TRANSLATE_NOOP("TrainingConfigPanel",
        "Divides each step by a running root-mean-square of recent gradients, so every weight gets a "
               "step size of its own."),
    "Adam": QT_TRANSLATE_NOOP("TrainingConfigPanel",
        "RMSprop plus momentum: running averages of the gradient and of its square."),
    "AdamW": QT_TRANSLATE_NOOP("TrainingConfigPanel", "Adam with weight decay applied directly to the weights."),
    "Adagrad": QT_TRANSLATE_NOOP("TrainingConfigPanel",
        "Each weight's step shrinks with the sum of its past squared gradients."),
    "Adadelta": QT_TRANSLATE_NOOP("TrainingConfigPanel",
        "Adagrad variant that uses a window of recent gradients instead of all of them."),
    "Adamax": QT_TRANSLATE_NOOP("TrainingConfigPanel", "Adam with the infinity norm of past gradients."),
    "Nadam": QT_TRANSLATE_NOOP("TrainingConfigPanel", "Adam with Nesterov momentum."),
    "Lion": QT_TRANSLATE_NOOP("TrainingConfigPanel", "Steps by the sign of a momentum average (small learning rates)."),
    "learning_rate": QT_TRANSLATE_NOOP("TrainingConfigPanel",
        "How big each step is: too small learns slowly, too big overshoots or diverges."),
    "momentum": QT_TRANSLATE_NOOP("TrainingConfigPanel",
        "Keeps part of the previous step, like a ball rolling downhill: faster through ravines, "
                "past small bumps."),
    "nesterov": QT_TRANSLATE_NOOP("TrainingConfigPanel",
        "Looks ahead: computes the gradient where momentum is about to take the weights."),
    "rho": QT_TRANSLATE_NOOP("TrainingConfigPanel",
        "How long the running average of squared gradients remembers (closer to 1 = longer)."),
    "beta_1": QT_TRANSLATE_NOOP("TrainingConfigPanel",
        "Decay of the running average of gradients (the momentum part)."),
    "beta_2": QT_TRANSLATE_NOOP("TrainingConfigPanel", "Decay of the running average of squared gradients."),
    "epsilon": QT_TRANSLATE_NOOP("TrainingConfigPanel", "A tiny number that avoids dividing by zero."),
    "weight_decay": QT_TRANSLATE_NOOP("TrainingConfigPanel",
        "Shrinks every weight a little at each step (a regularizer)."),
    "centered": QT_TRANSLATE_NOOP("TrainingConfigPanel",
        "Normalizes by the gradient's variance instead of its raw second moment."),
    "amsgrad": QT_TRANSLATE_NOOP("TrainingConfigPanel",
        "Uses the maximum of past squared-gradient averages (AMSGrad)."),
    "initial_accumulator_value": QT_TRANSLATE_NOOP("TrainingConfigPanel",
        "Starting value of Adagrad's sum of squared gradients."),
    "batch": QT_TRANSLATE_NOOP("TrainingConfigPanel",
        "1 = true stochastic gradient descent (one sample per step, noisy); n = mini-batch SGD (the "
             "usual choice); all = batch gradient descent (one exact step per epoch, slow to converge)."),
    "validation": QT_TRANSLATE_NOOP("TrainingConfigPanel",
        "The last fraction of the training samples is held out (before shuffling, as in Keras) to "
                  "measure how well the network generalizes."),
    "kfold": QT_TRANSLATE_NOOP("TrainingConfigPanel",
        "K-fold cross-validation (for small datasets): cut the training samples into k folds, train k fresh "
             "models, each on k−1 folds with the remaining fold as validation set, and average their "
             "validation scores. The model kept afterwards is the last fold's."),
    "holdout": QT_TRANSLATE_NOOP("TrainingConfigPanel",
        "A fixed number of training samples is held out for validation: the first N (the book holds out "
               "IMDB's first 10,000 reviews and Reuters' first 1,000 newswires) or the last N; the rest trains."),
}


def tip(key: str) -> str:
    """The tooltip for an optimizer, argument or setting, in the current language."""
    return QCoreApplication.translate("TrainingConfigPanel", TIPS[key]) if key in TIPS else ""


def with_term(identifier: str, kind: str, text: str) -> str:
    """``"SGD — 随机梯度下降: <tip>"`` in Chinese, the tip alone in English."""
    term = glossary.label(identifier, kind)
    return f"{term}: {text}" if term != identifier and text else text or (term if term != identifier else "")
