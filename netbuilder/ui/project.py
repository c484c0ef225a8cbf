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

FORMAT = "netbuilder-project"
VERSION = 1
SUFFIX = ".nbproj"
#: Largest project file read (a real one is a few hundred KiB); bigger files are refused unread.
MAX_PROJECT_BYTES = 64 * 1024 ** 2


class ProjectError(ValueError):
    """A project file could not be read: the message says which file and what is wrong."""


@dataclass
class Project:
    """The contents of a project file."""

    model: dict
    layout: dict = field(default_factory=dict)
    compile: dict = field(default_factory=dict)
    dataset: dict = field(default_factory=dict)
    training: dict = field(default_factory=dict)
    description: str = ""

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


def _fail(path, why) -> None:
    raise ProjectError(f"Cannot open {Path(path).name}: {why}")


def validate_model_config(model: dict, path="project") -> None:
    """Raise ``ProjectError`` unless ``model`` is a Functional/Sequential config of known layers."""
    if not isinstance(model, dict) or model.get("class_name") not in ("Functional", "Model", "Sequential"):
        _fail(path, "its 'model' is not a Keras model config (class_name Functional or Sequential)")
    inner = model.get("config")
    if not isinstance(inner, dict) or not isinstance(inner.get("layers"), list):
        _fail(path, "its model config has no 'layers' list")
    names = set()
    for i, entry in enumerate(inner["layers"]):
        if not isinstance(entry, dict) or not isinstance(entry.get("class_name"), str) \
                or not isinstance(entry.get("config", {}), dict):
            _fail(path, f"layer #{i + 1} is not a {{'class_name', 'config'}} entry")
        if entry["class_name"] not in LAYERS:
            _fail(path, f"layer #{i + 1} has an unknown type {entry['class_name']!r}")
        name = entry.get("name") or (entry.get("config") or {}).get("name")
        if model["class_name"] != "Sequential":
            if not isinstance(name, str) or not name:
                _fail(path, f"layer #{i + 1} has no name")
            if name in names:
                _fail(path, f"two layers are named {name!r}")
            names.add(name)
    if model["class_name"] != "Sequential":
        for entry in inner["layers"]:
            for ref in entry.get("inputs") or []:
                ref = ref if isinstance(ref, str) else (ref[0] if isinstance(ref, list) and ref else None)
                if ref not in names:
                    _fail(path, f"layer {entry.get('name')!r} is connected to {ref!r}, which is not in the file")
        for ref in inner.get("outputs") or []:
            ref = ref if isinstance(ref, str) else ref[0]
            if ref not in names:
                _fail(path, f"the model output {ref!r} is not a layer of the file")


def load_project(path) -> Project:
    """Read and validate a project file; ``ProjectError`` when it is damaged or not a project."""
    path = Path(path)
    try:
        size = path.stat().st_size
        if size > MAX_PROJECT_BYTES:
            _fail(path, f"it is too large for a project ({size / 1024 ** 2:,.0f} MiB; the limit is "
                  f"{MAX_PROJECT_BYTES // 1024 ** 2} MiB)")
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        _fail(path, "the file does not exist")
    except (OSError, UnicodeDecodeError) as exc:
        _fail(path, f"it could not be read ({exc})")
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        _fail(path, f"it is not valid JSON (line {exc.lineno}: {exc.msg}); the file may be damaged")
    except RecursionError:
        _fail(path, "its JSON is nested too deeply to be a project; the file is damaged or hostile")
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        _fail(path, "it is not a netbuilder project (no \"format\": \"netbuilder-project\" marker)")
    if not isinstance(data.get("version"), int) or data["version"] > VERSION:
        _fail(path, f"it was written by a newer netbuilder (project version {data.get('version')!r})")
    validate_model_config(data.get("model"), path)
    layout = data.get("layout") or {}
    if not isinstance(layout, dict) or not all(
            isinstance(v, (list, tuple)) and len(v) == 2
            and all(isinstance(c, (int, float)) and abs(c) < 1e9 for c in v)  # not NaN/inf/absurd
            for v in layout.values()):
        _fail(path, "its 'layout' is not a {layer: [x, y]} table")
    extras = {}
    for key in ("compile", "dataset", "training"):
        extras[key] = data.get(key) or {}
        if not isinstance(extras[key], dict):
            _fail(path, f"its {key!r} section is not an object")
    return Project(model=data["model"], layout=layout, description=str(data.get("description", "")), **extras)
