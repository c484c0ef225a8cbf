"""What every exporter shares: the error type, optional-dependency imports, model walking."""

from __future__ import annotations

import importlib

from ..errors import ConfigError


class ExportError(ConfigError):
    """A model cannot be written in (or read from) a foreign format: the message names the
    layer or setting at fault and what to change."""


def require(module: str, extra: str = "export"):
    """Import an optional dependency, or raise ``ExportError`` saying how to install it."""
    try:
        return importlib.import_module(module)
    except ImportError as exc:
        raise ExportError(f"this export needs the '{module}' package: pip install "
                          f"'netbuilder[{extra}]' (or pip install {module})", code="export_missing_dep",
                          module=module) from exc


def model_nodes(model) -> list:
    """The model's layer calls in topological order (``InputLayer`` nodes included)."""
    if not getattr(model, "built", False):
        raise ExportError("the model is not built: give it an input shape (an Input layer) first",
                          code="export_unbuilt")
    return list(model._nodes)


def tensor_ref(t) -> tuple:
    """``(layer_name, output_index)`` of a symbolic tensor."""
    layer, _, idx = t._keras_history
    return layer.name, idx
