"""The Dataset panel's preview of loaded data: the first digits as a strip, or the first rows → labels."""

from __future__ import annotations

import numpy as np
from PySide6.QtCore import QCoreApplication
from PySide6.QtGui import QImage, QPixmap

from . import data_sources as S


def show_preview(label, d) -> None:
    """Put a preview of :class:`~.run_setup.TrainingData` ``d`` into the QLabel ``label``."""
    x = d.x_train
    label.setPixmap(QPixmap())
    if x.ndim >= 2 and int(np.prod(x.shape[1:])) == 784 and d.task == "multiclass":
        imgs = (np.clip(x[:8].reshape(-1, 28, 28), 0, 1) * 255).astype(np.uint8)
        strip = np.ascontiguousarray(np.concatenate(list(imgs), axis=1))
        img = QImage(strip.data, strip.shape[1], strip.shape[0], strip.shape[1], QImage.Format_Grayscale8).copy()
        label.setPixmap(QPixmap.fromImage(img).scaled(strip.shape[1] * 2, 56))
        return
    y0 = d.y_train[:5]
    names = d.info.get("class_names") or ()
    lab = [names[int(np.argmax(v) if np.ndim(v) else v)] if names and d.task != "regression" else
           _short(v) for v in y0]
    if "feature_names" in d.info and d.info.get("feature_names"):
        head = " ".join(f"{n:>7.7}" for n in list(d.info["feature_names"])[:6])
        rows = "\n".join(" ".join(f"{v:7.3f}" for v in r[:6]) + f" → {l}" for r, l in zip(x[:5], lab))
        label.setText(f"<pre>{head}\n{rows}</pre>")
    else:
        rows = "\n".join(f"{_short(r.ravel()[:6])} → {l}" for r, l in zip(x[:5], lab))
        label.setText(f"<pre>{rows}</pre>")


def _short(v) -> str:
    """Numbers as a learner reads them: ``[0.274, -0.357]``, ``1``, ``22.4`` (3 significant decimals)."""
    a = np.asarray(v, dtype="float64")
    if a.ndim == 0:
        return f"{float(a):.4g}"
    return "[" + ", ".join(f"{float(t):.3g}" for t in a.ravel()) + "]"


def not_loaded_text(key: str) -> str:
    """The preview of source ``key`` while nothing is loaded: that it is not, and what Load and Train do."""
    if key == "file":
        return QCoreApplication.translate("DatasetPanel", "No file loaded yet: Load asks for a CSV or NPZ file.")
    return QCoreApplication.translate(
        "DatasetPanel", "{name} is not loaded yet: Load loads it now; Train loads it first, then trains.").format(
        name=S.choice_label(key))
