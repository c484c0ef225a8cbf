"""Project-file errors and notes in the interface language.

``netbuilder/ui/project.py`` (``REASONS``) and ``netbuilder/ui/project_schema.py`` (``EXPECTED``)
are Qt-free and hold the English texts; the same texts are listed here for the translator
(``tests/ui/test_project_schema.py`` keeps the two equal).
"""

from __future__ import annotations

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication

from . import is_chinese

CONTEXT = "ProjectErrors"

OPENING = QT_TRANSLATE_NOOP("ProjectErrors", "Cannot open {name}: ")

REASONS = {
    "too_large": QT_TRANSLATE_NOOP("ProjectErrors",
        "it is too large for a project ({size} MiB; the limit is {limit} MiB)"),
    "missing": QT_TRANSLATE_NOOP("ProjectErrors", "the file does not exist"),
    "unreadable": QT_TRANSLATE_NOOP("ProjectErrors", "it could not be read ({error})"),
    "bad_json": QT_TRANSLATE_NOOP("ProjectErrors",
        "it is not valid JSON (line {line}: {error}); the file may be damaged"),
    "too_deep": QT_TRANSLATE_NOOP("ProjectErrors",
        "its JSON is nested too deeply to be a project; the file is damaged or hostile"),
    "not_project": QT_TRANSLATE_NOOP("ProjectErrors",
        "it is not a netbuilder project (no \"format\": \"netbuilder-project\" marker)"),
    "newer_version": QT_TRANSLATE_NOOP("ProjectErrors",
        "it was written by a newer netbuilder (project version {version})"),
    "not_model": QT_TRANSLATE_NOOP("ProjectErrors",
        "its 'model' is not a Keras model config (class_name Functional or Sequential)"),
    "no_layers": QT_TRANSLATE_NOOP("ProjectErrors", "its model config has no 'layers' list"),
    "bad_layer_entry": QT_TRANSLATE_NOOP("ProjectErrors", "layer #{index} is not a {{'class_name', 'config'}} entry"),
    "unknown_layer": QT_TRANSLATE_NOOP("ProjectErrors", "layer #{index} has an unknown type {type}"),
    "unnamed_layer": QT_TRANSLATE_NOOP("ProjectErrors", "layer #{index} has no name"),
    "duplicate_name": QT_TRANSLATE_NOOP("ProjectErrors", "two layers are named {layer}"),
    "dangling_input": QT_TRANSLATE_NOOP("ProjectErrors",
        "layer {layer} is connected to {ref}, which is not in the file"),
    "bad_output": QT_TRANSLATE_NOOP("ProjectErrors", "the model output {ref} is not a layer of the file"),
    "bad_layout": QT_TRANSLATE_NOOP("ProjectErrors", "its 'layout' is not a {{layer: [x, y]}} table"),
    "bad_value": QT_TRANSLATE_NOOP("ProjectErrors", "{key} is {value}; expected {expected}"),
    "bad_graph": QT_TRANSLATE_NOOP("ProjectErrors", "its network cannot be placed on the canvas ({error})"),
}

EXPECTED = {
    "int_range": QT_TRANSLATE_NOOP("ProjectErrors", "a whole number from {low} to {high}"),
    "number_range": QT_TRANSLATE_NOOP("ProjectErrors", "a number from {low} to {high}"),
    "bool": QT_TRANSLATE_NOOP("ProjectErrors", "true or false"),
    "text": QT_TRANSLATE_NOOP("ProjectErrors", "text"),
    "object": QT_TRANSLATE_NOOP("ProjectErrors", "an object {{...}}"),
    "choice": QT_TRANSLATE_NOOP("ProjectErrors", "one of {choices}"),
    "batch_size": QT_TRANSLATE_NOOP("ProjectErrors", "a whole number from {low} to {high}, or \"all\""),
    "seed": QT_TRANSLATE_NOOP("ProjectErrors", "a whole number from {low} to {high}, or null (a random seed)"),
    "early_stopping": QT_TRANSLATE_NOOP("ProjectErrors",
        "null, or an object with \"patience\" and \"restore_best_weights\""),
    "optimizer": QT_TRANSLATE_NOOP("ProjectErrors",
        "an optimizer name ({choices}) or an object with \"class_name\" and \"config\""),
    "metrics": QT_TRANSLATE_NOOP("ProjectErrors", "a list of metric names"),
    "metric_name": QT_TRANSLATE_NOOP("ProjectErrors", "not a metric netbuilder knows"),
    "scalar": QT_TRANSLATE_NOOP("ProjectErrors", "a name, a number, true/false or null"),
    "optimizer_value": QT_TRANSLATE_NOOP("ProjectErrors", "a value the optimizer accepts ({reason})"),
    "book_numbers": QT_TRANSLATE_NOOP("ProjectErrors",
        "an object of metric names and numbers of at least 0, such as {{\"accuracy\": 0.978}}"),
}

NOTE_CHANGED = QT_TRANSLATE_NOOP("ProjectErrors", "{key} {value} was changed to {new} ({expected})")
NOTE_LEFT_OUT = QT_TRANSLATE_NOOP("ProjectErrors", "{key}: {value} was left out ({expected})")


def _tr(text: str) -> str:
    return QCoreApplication.translate(CONTEXT, text)


def _safe(template: str, english: str, params: dict) -> str:
    try:
        return _tr(template).format(**params)
    except (KeyError, IndexError, ValueError):
        return english


def render_expected(expected, cause=None) -> str:
    """What a key expects (a schema ``Expected``), in the interface language."""
    params = dict(expected.params)
    if cause is not None and "reason" in params and is_chinese():
        from . import messages  # noqa: PLC0415

        params["reason"] = messages.render(cause)
    return _safe(EXPECTED.get(expected.code, expected.english), expected.english, params)


def render(exc) -> str:
    """A ``ProjectError`` in the interface language (its English text when it has no code)."""
    english = str(exc)
    code = getattr(exc, "code", None)
    if code not in REASONS or not is_chinese():
        return english
    params = dict(exc.params)
    refused = getattr(exc, "refused", None)
    if refused is not None:
        params["expected"] = render_expected(refused.expected, refused.cause)
    head = _safe(OPENING, "", params)
    return head + _safe(REASONS[code], english, params) if head else english


def render_note(note) -> str:
    """A schema ``Note`` (a value clamped or left out on the way in), in the interface language."""
    params = {"key": note.key, "value": note.value, "new": note.new,
              "expected": render_expected(note.expected)}
    return _safe(NOTE_LEFT_OUT if note.new is None else NOTE_CHANGED, note.english, params)
