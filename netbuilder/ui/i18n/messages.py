"""Messages from :mod:`netbuilder.core`, rendered in the interface language from their codes.

Engine errors (:mod:`netbuilder.core.errors`) carry ``code``, ``params`` and ``layer``; the fit
coach's :class:`~netbuilder.core.diagnosis.Diagnosis` and the setup check's ``SetupIssue`` carry
``code`` and ``params``. ``render(obj)`` looks the code up in ``TEMPLATES`` (English templates
marked for translation, context ``CoreMessages``), translates the template and fills in the params.
In English, or for a code without a template or a translation, the core's own English text is
shown unchanged, so scripts and the UI say the same thing.
"""

from __future__ import annotations

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication

from . import is_chinese
from .core_errors import ERRORS
from .file_errors import FILE_ERRORS

CONTEXT = "CoreMessages"

#: code → English template with ``{param}`` fields (``layer`` is the layer at fault).
TEMPLATES = {
    # ---- graph and shape errors (the Problems list, the inspector, the canvas)
    "dense_rank": QT_TRANSLATE_NOOP("CoreMessages", "Dense layer '{layer}' got an input of shape {shape}; "
                                    "Dense expects (batch, features): add a Flatten layer before it"),
    "dense_rank_low": QT_TRANSLATE_NOOP("CoreMessages", "Dense layer '{layer}' needs inputs of shape "
                                        "(batch, features), got {shape}"),
    "dense_unknown_dim": QT_TRANSLATE_NOOP("CoreMessages", "Dense layer '{layer}': the last axis of its input "
                                           "must be known"),
    "too_many_inputs": QT_TRANSLATE_NOOP("CoreMessages", "layer '{layer}' takes one input, got {count}; use a "
                                         "merge layer (Concatenate, Add, ...) to combine tensors"),
    "merge_needs_two": QT_TRANSLATE_NOOP("CoreMessages", "layer '{layer}' merges two or more inputs, got {count}"),
    "merge_shapes": QT_TRANSLATE_NOOP("CoreMessages", "layer '{layer}' cannot combine inputs of shapes {shapes}"),
    "conv_rank": QT_TRANSLATE_NOOP("CoreMessages", "layer '{layer}' needs each sample to be {expected}, got "
                                   "input shape {shape}"),
    "conv_unknown_channels": QT_TRANSLATE_NOOP("CoreMessages", "layer '{layer}': the channels axis of its input "
                                               "must be known"),
    "conv_kernel_too_large": QT_TRANSLATE_NOOP("CoreMessages", "layer '{layer}': its kernel {kernel} is larger "
                                               "than its {input_size} input with padding='valid'; use "
                                               "padding='same', a smaller kernel_size, or less pooling/striding "
                                               "before it"),
    "pool_too_large": QT_TRANSLATE_NOOP("CoreMessages", "layer '{layer}': its pool_size {pool_size} is larger "
                                        "than its {input_size} input with padding='valid'; use a smaller "
                                        "pool_size or padding='same'"),
    "rnn_rank": QT_TRANSLATE_NOOP("CoreMessages", "layer '{layer}' needs inputs of shape (batch, timesteps, "
                                  "features), got a {ndim}-D input {shape}"),
    "no_input": QT_TRANSLATE_NOOP("CoreMessages", "layer '{layer}' has no input: connect it"),
    "not_from_input": QT_TRANSLATE_NOOP("CoreMessages", "layer '{layer}' is not connected to an Input"),
    "not_to_output": QT_TRANSLATE_NOOP("CoreMessages", "layer '{layer}' does not lead to the model's output"),
    "unused_input": QT_TRANSLATE_NOOP("CoreMessages", "input '{layer}' is not connected to any output: connect "
                                      "it or remove it"),
    "duplicate_name": QT_TRANSLATE_NOOP("CoreMessages", "two layers are named '{layer}'"),
    "unknown_ref": QT_TRANSLATE_NOOP("CoreMessages", "layer '{layer}' is connected to '{ref}', which does not "
                                     "exist"),
    "cycle": QT_TRANSLATE_NOOP("CoreMessages", "the graph has a cycle through layer '{layer}'"),
    "input_no_shape": QT_TRANSLATE_NOOP("CoreMessages", "Input needs a shape, e.g. Input(shape=(784,))"),
    "merge_in_sequential": QT_TRANSLATE_NOOP("CoreMessages", "layer '{layer}' merges several inputs and cannot "
                                             "be used in a Sequential model: use the functional Model"),
    "empty_model": QT_TRANSLATE_NOOP("CoreMessages", "the Sequential model has no layers"),
    # ---- data errors
    "download_cancelled": QT_TRANSLATE_NOOP("CoreMessages", "download of {url} cancelled"),
    "file_not_found": QT_TRANSLATE_NOOP("CoreMessages", "no such file or folder: '{path}'"),
    "label_range": QT_TRANSLATE_NOOP("CoreMessages", "{loss}: label {value} is out of range for {num_classes} "
                                     "classes"),
    # ---- the fit coach (netbuilder.core.diagnosis.Diagnosis)
    "divergence_nan": QT_TRANSLATE_NOOP("CoreMessages", "Training diverged: {key} became NaN or infinite at "
                                        "epoch {epoch}. The steps are too big: lower the learning rate{lr_text}, "
                                        "for instance divide it by 10, and train again from fresh weights."),
    "divergence_exploding": QT_TRANSLATE_NOOP("CoreMessages", "Training diverged: {key} exploded at epoch "
                                              "{epoch}. The steps are too big: lower the learning rate{lr_text}, "
                                              "for instance divide it by 10, and train again from fresh weights."),
    "lr_text": QT_TRANSLATE_NOOP("CoreMessages", " (now {learning_rate:g})"),
    "too_few_epochs": QT_TRANSLATE_NOOP("CoreMessages", "Too few epochs to judge the fit yet ({epochs} of at "
                                        "least {min_epochs})."),
    "healthy": QT_TRANSLATE_NOOP("CoreMessages", "The fit looks healthy: the best epoch is {best_epoch}."),
    "overfitting_val_loss": QT_TRANSLATE_NOOP(
        "CoreMessages", "Overfitting: validation loss was lowest at epoch {best_epoch} ({best_val_loss:.4g}) and "
        "has risen for {epochs_rising} epochs to {last_val_loss:.4g} while training loss keeps falling. The "
        "network memorizes the training samples. Remedies: get more data, make the network smaller, add L2 "
        "weight regularization, add Dropout, or keep the weights of the best epoch."),
    "overfitting_gap": QT_TRANSLATE_NOOP(
        "CoreMessages", "Overfitting: the gap between training and validation {metric} grew from {gap_best:.3f} "
        "at epoch {best_epoch} to {gap_last:.3f} and keeps growing. Remedies: get more data, make the network "
        "smaller, add L2 weight regularization, add Dropout, or keep the weights of the best epoch."),
    "underfitting_flat:metric": QT_TRANSLATE_NOOP(
        "CoreMessages", "Underfitting: training {metric} is stuck at {metric_value:.3f}. The network is too small "
        "to learn this data, or the learning rate is badly chosen. Try a bigger network (more layers, more "
        "units) and check the learning rate."),
    "underfitting_flat:loss": QT_TRANSLATE_NOOP(
        "CoreMessages", "Underfitting: training loss hardly moved ({total_fall:.1%} lower than at epoch 1). The "
        "network is too small to learn this data, or the learning rate is badly chosen. Try a bigger network "
        "(more layers, more units) and check the learning rate."),
    "underfitting_still_improving": QT_TRANSLATE_NOOP(
        "CoreMessages", "Underfitting: training loss is still falling ({rate:.1%} per epoch over the last "
        "{window} epochs). The network has not finished learning: train for more epochs."),
    "good_fit_gap_opening:metric": QT_TRANSLATE_NOOP(
        "CoreMessages", "Good fit, and overfitting starts: validation loss is at its lowest around epoch {best_epoch} "
        "({val_loss:.4g}), but since epoch {onset} the training loss is below it and the gap grows (now {loss:.4g} "
        "against {last_val_loss:.4g}; {metric} {train_metric:.1%} on training, {val_metric:.1%} on validation). More "
        "epochs would overfit: stop about here, or add Dropout or L2 before training longer."),
    "good_fit_gap_opening:loss": QT_TRANSLATE_NOOP(
        "CoreMessages", "Good fit, and overfitting starts: validation loss is at its lowest around epoch {best_epoch} "
        "({val_loss:.4g}), but since epoch {onset} the training loss is below it and the gap grows (now {loss:.4g} "
        "against {last_val_loss:.4g}). More epochs would overfit: stop about here, or add Dropout or L2 before "
        "training longer."),
    "still_improving_no_validation": QT_TRANSLATE_NOOP(
        "CoreMessages", "Training loss is still falling ({rate:.1%} per epoch over the last {window} epochs). "
        "Without validation data the coach cannot tell a network that needs more epochs from one that starts to "
        "overfit: set a validation split, or evaluate on the test set and compare."),
    "overfitting_val_flat": QT_TRANSLATE_NOOP(
        "CoreMessages", "Validation {metric} flattens from about epoch {epoch} (about {level:.4g}) and then only "
        "wanders within noise (the lowest validation loss, at epoch {best_epoch}, is hardly better), while the "
        "training error keeps falling below it: overfitting has begun, slowly. About that many epochs give the "
        "same validation error; keep the best epoch's weights, or add Dropout or L2 to train longer."),
    # ---- the setup check before training (netbuilder.core.diagnosis.SetupIssue)
    "softmax_binary_crossentropy": QT_TRANSLATE_NOOP(
        "CoreMessages", "The output uses softmax but the loss is {loss}: binary crossentropy expects one sigmoid "
        "unit per yes/no label. Use sigmoid with binary_crossentropy, or softmax with categorical_crossentropy."),
    "binary_needs_sigmoid": QT_TRANSLATE_NOOP(
        "CoreMessages", "binary_crossentropy reads the output as a probability, but the output activation is "
        "'{activation}': use sigmoid."),
    "multiclass_needs_softmax": QT_TRANSLATE_NOOP(
        "CoreMessages", "{loss} expects a probability per class, but the output activation is '{activation}': "
        "use softmax."),
    "regression_needs_linear": QT_TRANSLATE_NOOP(
        "CoreMessages", "For regression the output should be linear (no activation), but it is '{activation}': "
        "it limits the values the network can predict."),
    "accuracy_regression": QT_TRANSLATE_NOOP(
        "CoreMessages", "'accuracy' means nothing for regression (a prediction is never exactly right); use mae."),
    "labels_one_hot_sparse_loss": QT_TRANSLATE_NOOP(
        "CoreMessages", "The labels are one-hot {y_shape} but the loss is sparse_categorical_crossentropy: use "
        "categorical_crossentropy."),
    "labels_integer_categorical_loss": QT_TRANSLATE_NOOP(
        "CoreMessages", "The labels are integers {y_shape} but the loss is categorical_crossentropy: use "
        "sparse_categorical_crossentropy."),
    "output_units_mismatch": QT_TRANSLATE_NOOP(
        "CoreMessages", "The labels have {units} columns but the output layer has {output_units} units: set the "
        "last layer to {units} units."),
    # ---- every other engine error a learner can meet: core_errors.py (layers, graph, data, losses,
    # metrics, optimizers) and file_errors.py (datasets, downloads, data and model files)
    **ERRORS,
    **FILE_ERRORS,
}


def english(obj) -> str:
    """The core's own English text (``message`` attribute, else ``str(exc)``)."""
    return getattr(obj, "message", None) or str(obj)


def template_key(code: str, params: dict) -> str:
    if code == "good_fit_gap_opening":
        return code + (":metric" if params.get("metric") else ":loss")
    if code == "underfitting_flat":
        return "underfitting_flat:metric" if params.get("metric_value") is not None and \
            params["metric_value"] < 0.75 else "underfitting_flat:loss"
    return code


def render(obj) -> str:
    """``obj`` (an engine error, a Diagnosis or a SetupIssue) in the interface language."""
    text = english(obj)
    if not is_chinese():
        return text
    code = getattr(obj, "code", None) or ""
    params = dict(getattr(obj, "params", None) or {})
    if getattr(obj, "layer", None) is not None:
        params.setdefault("layer", obj.layer)
    key = template_key(code, params)
    source = TEMPLATES.get(key)
    if source is None:
        return text
    if key.startswith("divergence_"):
        lr = params.get("learning_rate")
        params["lr_text"] = "" if lr is None else \
            QCoreApplication.translate(CONTEXT, TEMPLATES["lr_text"]).format(learning_rate=lr)
    translated = QCoreApplication.translate(CONTEXT, source)
    if translated == source:
        return text  # no translation yet: the exact English of the core
    try:
        return translated.format(**params)
    except (KeyError, IndexError, ValueError, TypeError):
        return text


# ---- metric applicability (netbuilder.core.metrics.applicability gives sentences, not codes)
METRIC_PATTERNS = (
    (r"(?P<m>\w+) averages values you pass it yourself; it does not compare labels with predictions, so "
     r"compile\(\) cannot use it directly",
     QT_TRANSLATE_NOOP("CoreMessages", "{m} only averages values you pass it yourself; it does not compare labels "
                                       "with predictions, so compile() cannot use it directly")),
    (r"(?P<m>\w+) applies to (?P<tasks>.+), not to (?P<task>.+); try (?P<try>.+)",
     QT_TRANSLATE_NOOP("CoreMessages", "{m} applies to {tasks}, not to {task}; try {try}")),
    (r"(?P<m>\w+) needs (?P<wanted>.+), but the loss (?P<loss>\S+) uses (?P<given>[^;]+)(?:; use (?P<twin>\w+))?",
     QT_TRANSLATE_NOOP("CoreMessages", "{m} needs {wanted}, but the loss {loss} uses {given}{twin}")),
    (r"(?P<m>\w+) reads predictions as probabilities in \[0, 1\], but the output activation is (?P<act>\S+); use a "
     r"sigmoid or softmax output(?P<logits> \(or create it with from_logits=True\))?",
     QT_TRANSLATE_NOOP("CoreMessages", "{m} reads predictions as probabilities in [0, 1], but the output activation "
                                       "is {act}; use a sigmoid or softmax output{logits}")),
    (r"(?P<m>\w+) fits (?P<task>[a-z ]+?)(?P<thr>; it turns predictions into yes/no decisions at a threshold)?"
     r"(?:; it needs (?P<args>.+))?",
     QT_TRANSLATE_NOOP("CoreMessages", "{m} fits {task}{thr}{args}")),
)
METRIC_WORDS = {
    "binary classification": QT_TRANSLATE_NOOP("CoreMessages", "binary classification"),
    "multiclass classification": QT_TRANSLATE_NOOP("CoreMessages", "multiclass classification"),
    "binary or multiclass classification": QT_TRANSLATE_NOOP("CoreMessages", "binary or multiclass classification"),
    "regression": QT_TRANSLATE_NOOP("CoreMessages", "regression"),
    "integer class ids": QT_TRANSLATE_NOOP("CoreMessages", "integer class ids"),
    "one-hot labels": QT_TRANSLATE_NOOP("CoreMessages", "one-hot labels"),
    " or ": QT_TRANSLATE_NOOP("CoreMessages", " or "),
    "twin": QT_TRANSLATE_NOOP("CoreMessages", "; use {twin}"),
    "logits": QT_TRANSLATE_NOOP("CoreMessages", " (or create it with from_logits=True)"),
    "thr": QT_TRANSLATE_NOOP("CoreMessages", "; it turns predictions into yes/no decisions at a threshold"),
    "args": QT_TRANSLATE_NOOP("CoreMessages", "; it needs {args}"),
}


def render_metric_reason(text: str) -> str:
    """The sentence of :func:`netbuilder.core.metrics.applicability` in the interface language."""
    import re  # noqa: PLC0415

    if not is_chinese() or not text:
        return text
    tr = QCoreApplication.translate
    for pattern, template in METRIC_PATTERNS:
        m = re.fullmatch(pattern, text)
        if not m:
            continue
        p = {k: v or "" for k, v in m.groupdict().items()}
        for k in ("tasks", "task", "wanted", "given"):
            if p.get(k) in METRIC_WORDS:
                p[k] = tr(CONTEXT, METRIC_WORDS[p[k]])
        if "try" in p:
            p["try"] = p["try"].replace(" or ", tr(CONTEXT, METRIC_WORDS[" or "]))
        for k in ("twin", "args"):
            if k in p and p[k]:
                p[k] = tr(CONTEXT, METRIC_WORDS[k]).format(**{k: p[k]})
        for k in ("logits", "thr"):
            if p.get(k):
                p[k] = tr(CONTEXT, METRIC_WORDS[k])
        translated = tr(CONTEXT, template)
        return text if translated == template else translated.format(**p)
    return text
