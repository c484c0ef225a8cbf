"""``.nbproj`` project files: the model config, the canvas layout and (later) training settings.

A project is one JSON object::

    {"format": "netbuilder-project", "version": 1,
     "model": {"class_name": "Functional", "config": {...}},   # exactly Model.get_config()'s format
     "layout": {"dense": [x, y], ...},                          # canvas positions, kept apart
     "compile": {"optimizer": ..., "loss": ..., "metrics": [...]},
     "dataset": {...}, "training": {...}, "description": "..."}

Saving is atomic (write a temporary file in the same folder, then ``os.replace``); loading
validates everything before the caller touches its document, so a damaged or foreign file gives
a ``ProjectError`` with a clear message and nothing is opened half-way.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

from netbuilder.core.fileio import atomic_write_text
from netbuilder.core.registry import LAYERS

from .project_schema import Refused, check_sections, show
from .project_schema import text as text_value

FORMAT = "netbuilder-project"
VERSION = 1
SUFFIX = ".nbproj"
#: Largest project file read (a real one is a few hundred KiB); bigger files are refused unread.
MAX_PROJECT_BYTES = 64 * 1024 ** 2


#: code -> English reason; ``ui/i18n/project_errors.py`` holds the same texts for translation.
REASONS = {
    "too_large": "it is too large for a project ({size} MiB; the limit is {limit} MiB)",
    "missing": "the file does not exist",
    "unreadable": "it could not be read ({error})",
    "bad_json": "it is not valid JSON (line {line}: {error}); the file may be damaged",
    "too_deep": "its JSON is nested too deeply to be a project; the file is damaged or hostile",
    "not_project": "it is not a netbuilder project (no \"format\": \"netbuilder-project\" marker)",
    "newer_version": "it was written by a newer netbuilder (project version {version})",
    "not_model": "its 'model' is not a Keras model config (class_name Functional or Sequential)",
    "no_layers": "its model config has no 'layers' list",
    "bad_layer_entry": "layer #{index} is not a {{'class_name', 'config'}} entry",
    "unknown_layer": "layer #{index} has an unknown type {type}",
    "unnamed_layer": "layer #{index} has no name",
    "duplicate_name": "two layers are named {layer}",
    "dangling_input": "layer {layer} is connected to {ref}, which is not in the file",
    "bad_output": "the model output {ref} is not a layer of the file",
    "bad_layout": "its 'layout' is not a {{layer: [x, y]}} table",
    "bad_value": "{key} is {value}; expected {expected}",
    "bad_graph": "its network cannot be placed on the canvas ({error})",
}


class ProjectError(ValueError):
    """A project file could not be read: the message says which file and what is wrong.

    ``code`` is a key of :data:`REASONS` and ``params`` its values (``name`` is the file's name),
    so the window can say it in the interface language; ``refused`` is the schema's
    :class:`~netbuilder.ui.project_schema.Refused` for a ``bad_value``.
    """

    def __init__(self, message: str, code: str = "error", refused=None, **params):
        super().__init__(message)
        self.code, self.params, self.refused = code, params, refused


@dataclass
class Project:
    """The contents of a project file."""

    model: dict
    layout: dict = field(default_factory=dict)
    compile: dict = field(default_factory=dict)
    dataset: dict = field(default_factory=dict)
    training: dict = field(default_factory=dict)
    description: str = ""
    #: values changed on the way in (clamped into range, unknown metrics left out); not saved
    notes: list = field(default_factory=list)

    def to_json(self) -> dict:
        data = {"format": FORMAT, "version": VERSION, "model": self.model, "layout": self.layout}
        for key in ("compile", "dataset", "training"):
            if getattr(self, key):
                data[key] = getattr(self, key)
        if self.description:
            data["description"] = self.description
        return data


def save_project(path, project: Project) -> None:
    """Write ``project`` to ``path`` atomically (a crash leaves the old file intact)."""
    atomic_write_text(path, json.dumps(project.to_json(), indent=1))


def fail(path, code, refused=None, **params) -> None:
    """Raise the ``ProjectError`` of reason ``code`` (a key of :data:`REASONS`) for file ``path``."""
    _fail(path, code, refused, **params)


def _fail(path, code, refused=None, **params) -> None:
    name = Path(path).name
    raise ProjectError(f"Cannot open {name}: " + REASONS[code].format(**params), code, refused,
                       name=name, **params)


#: How deep models used as layers may nest in a project (a real network nests one or two levels).
MAX_NESTING = 8


def validate_model_config(model: dict, path="project", depth: int = 0) -> None:
    """Raise ``ProjectError`` unless ``model`` is a Functional/Sequential config of known layers; a model used
    as a layer (an entry of class Functional/Sequential) is checked the same way, to :data:`MAX_NESTING`."""
    if not isinstance(model, dict) or model.get("class_name") not in ("Functional", "Model", "Sequential"):
        _fail(path, "not_model")
    inner = model.get("config")
    if not isinstance(inner, dict) or not isinstance(inner.get("layers"), list):
        _fail(path, "no_layers")
    names = set()
    for i, entry in enumerate(inner["layers"]):
        if not isinstance(entry, dict) or not isinstance(entry.get("class_name"), str) \
                or not isinstance(entry.get("config", {}), dict):
            _fail(path, "bad_layer_entry", index=i + 1)
        if entry["class_name"] in ("Functional", "Model", "Sequential") and depth < MAX_NESTING:
            validate_model_config({"class_name": entry["class_name"], "config": entry.get("config")}, path, depth + 1)
        elif entry["class_name"] not in LAYERS:
            _fail(path, "unknown_layer", index=i + 1, type=_q(entry["class_name"]))
        name = entry.get("name") or (entry.get("config") or {}).get("name")
        if model["class_name"] != "Sequential":
            if not isinstance(name, str) or not name:
                _fail(path, "unnamed_layer", index=i + 1)
            if name in names:
                _fail(path, "duplicate_name", layer=_q(name))
            names.add(name)
    if model["class_name"] != "Sequential":
        n_calls = {}  # a shared layer lists its later calls' inputs in "calls" (core.models.config)
        for i, entry in enumerate(inner["layers"]):
            more = entry.get("calls") or []
            if not isinstance(more, list) or not all(isinstance(c, list) for c in more) \
                    or (more and entry["class_name"] == "InputLayer"):  # an Input is not called
                _fail(path, "bad_layer_entry", index=i + 1)
            n_calls[entry.get("name") or (entry.get("config") or {}).get("name")] = 1 + len(more)
        for entry in inner["layers"]:
            refs = entry.get("inputs") or []
            calls = [refs if isinstance(refs, list) else [refs]] + list(entry.get("calls") or [])
            for ref in (r for call in calls for r in call):
                if _ref_name(ref) not in names or _ref_call(ref) >= n_calls[_ref_name(ref)] or _ref_index(ref) < 0:
                    _fail(path, "dangling_input", layer=_q(entry.get("name")), ref=_q(ref))
        outputs = inner.get("outputs") or []
        for ref in outputs if isinstance(outputs, list) else [outputs]:
            if _ref_name(ref) not in names or _ref_call(ref) >= n_calls[_ref_name(ref)] or _ref_index(ref) < 0:
                _fail(path, "bad_output", ref=_q(ref))


def _q(value) -> str:
    """A name from the file as the message shows it: ``'dense'``, or cut JSON for anything odd."""
    return repr(value) if isinstance(value, str) and len(value) <= 60 else show(value)


def _ref_name(ref):
    """The layer name of a reference ``"dense"`` or ``["dense", 0, 0]``; None for anything else."""
    if isinstance(ref, list) and ref:
        ref = ref[0]
    return ref if isinstance(ref, str) else None


def _ref_index(ref) -> int:
    """The output a reference reads: ``["lstm", 1]`` is the LSTM's second output (its state ``h``); -1 for
    an index that is not a non-negative int. Kept on the canvas (``Node.taps``) and in the Keras code."""
    if isinstance(ref, list) and len(ref) > 1:
        index = ref[1]
        return index if isinstance(index, int) and not isinstance(index, bool) and index >= 0 else -1
    return 0


def _ref_call(ref) -> int:
    """The call a reference reads: ``["dense", 0, 1]`` is the shared layer's second call (0 otherwise;
    a call that is not a non-negative int reads as a call no layer has)."""
    if isinstance(ref, list) and len(ref) > 2:
        call = ref[2]
        return call if isinstance(call, int) and not isinstance(call, bool) and call >= 0 else 1 << 62
    return 0


def load_project(path) -> Project:
    """Read and validate a project file; ``ProjectError`` when it is damaged or not a project."""
    path = Path(path)
    try:
        size = path.stat().st_size
        if size > MAX_PROJECT_BYTES:
            _fail(path, "too_large", size=f"{size / 1024 ** 2:,.0f}", limit=MAX_PROJECT_BYTES // 1024 ** 2)
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        _fail(path, "missing")
    except (OSError, UnicodeDecodeError) as exc:
        _fail(path, "unreadable", error=str(exc))
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        _fail(path, "bad_json", line=exc.lineno, error=exc.msg)
    except RecursionError:
        _fail(path, "too_deep")
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        _fail(path, "not_project")
    if not isinstance(data.get("version"), int) or data["version"] > VERSION:
        _fail(path, "newer_version", version=repr(data.get("version")))
    validate_model_config(data.get("model"), path)
    layout = data.get("layout") or {}
    if not isinstance(layout, dict) or not all(
            isinstance(v, (list, tuple)) and len(v) == 2
            and all(isinstance(c, (int, float)) and abs(c) < 1e9 for c in v)  # not NaN/inf/absurd
            for v in layout.values()):
        _fail(path, "bad_layout")
    try:
        sections, notes = check_sections(data)
        description = data.get("description", "")
        if description is None:
            description = ""
        text_value("description", description)
    except Refused as exc:
        _fail(path, "bad_value", refused=exc, key=exc.key, value=exc.value, expected=exc.expected.english)
    return Project(model=data["model"], layout=layout, description=description, notes=notes, **sections)
