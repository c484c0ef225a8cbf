"""Colours, group order and small formatting helpers shared by the palette and the canvas."""

from __future__ import annotations

GROUPS = ["Core", "Convolution", "Pooling", "Recurrent", "Embedding", "Merge", "Normalization",
          "Regularization", "Reshape"]

GROUP_COLORS = {
    "Core": "#3b82f6", "Convolution": "#8b5cf6", "Pooling": "#06b6d4", "Recurrent": "#f59e0b",
    "Embedding": "#ec4899", "Merge": "#10b981", "Normalization": "#64748b",
    "Regularization": "#a3a3a3", "Reshape": "#f97316", "Other": "#6b7280",
}
INPUT_COLOR = "#0f766e"
ERROR_COLOR = "#dc2626"
OK_COLOR = "#16a34a"


def group_of(class_name: str) -> str:
    from netbuilder.core.registry import LAYERS  # noqa: PLC0415

    try:
        return LAYERS.meta(class_name).get("group") or "Other"
    except (ValueError, KeyError):
        return "Other"


def color_of(class_name: str) -> str:
    return INPUT_COLOR if class_name == "InputLayer" else GROUP_COLORS.get(group_of(class_name), "#6b7280")


def shape_text(shape) -> str:
    """``(None, 512)``; a list of shapes (several outputs) joined by commas."""
    if shape is None:
        return "?"
    if isinstance(shape, list) and shape and isinstance(shape[0], (tuple, list)):
        return ", ".join(shape_text(s) for s in shape)
    shape = tuple(shape)
    return f"({shape[0]},)" if len(shape) == 1 else "(" + ", ".join(str(d) for d in shape) + ")"


def _short(v) -> str:
    if isinstance(v, (list, tuple)):
        if len(set(map(str, v))) == 1 and len(v) > 1:
            return f"{v[0]}×{v[0]}" if len(v) == 2 else str(v[0])
        return "×".join(str(x) for x in v)
    if isinstance(v, float):
        return f"{v:g}"
    return str(v)


def key_args(class_name: str, config: dict) -> str:
    """The arguments a learner cares about, e.g. ``512, relu`` or ``32, 3×3, relu``; ``?`` when the
    config holds values of the wrong kind (the node's Problem says which)."""
    try:
        return _key_args(class_name, config)
    except (TypeError, ValueError, AttributeError, IndexError, KeyError):
        return "?"


def _key_args(class_name: str, config: dict) -> str:
    if class_name == "InputLayer":
        return "shape " + shape_text(tuple((config.get("batch_shape") or [None])[1:]))
    parts = []
    for key in ("units", "filters", "input_dim", "output_dim", "kernel_size", "pool_size", "rate",
                "stddev", "target_shape", "dims", "n", "size", "axis", "axes"):
        if key in config and config[key] is not None:
            if key == "axis" and config[key] == -1:
                continue
            parts.append(_short(config[key]))
    act = config.get("activation")
    if isinstance(act, str) and act not in ("linear", None):
        parts.append(act)
    if config.get("padding") == "same":
        parts.append("same")
    return ", ".join(parts)


def param_text(n) -> str:
    from PySide6.QtCore import QCoreApplication  # noqa: PLC0415

    return "" if n is None else QCoreApplication.translate("Style", "{n} params").format(n=f"{int(n):,}")
