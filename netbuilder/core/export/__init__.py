"""Exporting trained models to other tools, and importing them back.

- ONNX (``export_onnx``): runs in onnxruntime and every ONNX runtime (needs ``onnx``);
- Keras 3 ``.keras`` archive (``export_keras`` / ``import_keras``): opens with
  ``keras.saving.load_model`` (needs ``h5py``);
- Keras script (``export_script``): a readable Python file rebuilding the model in Keras, with
  the trained weights in a sibling ``.npz``;
- native ``.nbm`` (``netbuilder.core.models.saving``).

``export_model(model, path, format)`` and ``load_any(path)`` are what the window's File menu and
the command line call. Nothing here imports the optional packages at import time.
"""

from __future__ import annotations

import os

from ._common import ExportError
from .keras_archive import export_keras, import_keras
from .onnx_graph import OPSET, export_onnx, to_onnx
from .script import export_script

#: format name -> (file suffix, description) for file dialogs and ``--format``.
FORMATS = {
    "nbm": (".nbm", "netbuilder model"),
    "onnx": (".onnx", "ONNX model"),
    "keras": (".keras", "Keras 3 model"),
    "script": (".py", "Keras Python script"),
}


def export_model(model, filepath, format=None, training=None) -> list:
    """Write ``model`` as ``format`` (``"nbm"``, ``"onnx"``, ``"keras"``, ``"script"``; guessed from
    the suffix when None). Returns the paths written."""
    filepath = os.fspath(filepath)
    if format is None:
        suffix = os.path.splitext(filepath)[1].lower()
        format = next((k for k, (s, _) in FORMATS.items() if s == suffix), None)
        if format is None:
            raise ExportError(f"cannot tell the export format from {filepath!r}: use a "
                              f"{', '.join(s for s, _ in FORMATS.values())} file", code="export_format")
    if format == "nbm":
        model.save(filepath)
        return [filepath]
    if format == "onnx":
        return [export_onnx(model, filepath)]
    if format == "keras":
        return [export_keras(model, filepath)]
    if format == "script":
        return list(export_script(model, filepath, training=training))
    raise ExportError(f"unknown export format {format!r}; choose one of {', '.join(FORMATS)}",
                      code="export_format", value=format)


def load_any(filepath, compile=True):
    """Open a ``.nbm`` (netbuilder) or ``.keras`` (Keras 3) model file."""
    from ..models.saving import load_model

    filepath = os.fspath(filepath)
    if filepath.lower().endswith(".keras"):
        return import_keras(filepath, compile=compile)
    return load_model(filepath, compile=compile)


__all__ = [
    "FORMATS",
    "OPSET",
    "ExportError",
    "export_keras",
    "export_model",
    "export_onnx",
    "export_script",
    "import_keras",
    "load_any",
    "to_onnx",
]
