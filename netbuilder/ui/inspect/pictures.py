"""Arrays as small pictures for the step mode and the layer view: images, a grid of feature maps,
a bar strip, a heat map, a histogram. Each function returns a ``QPixmap``; the arithmetic that
lays the arrays out (``grid``, ``to_gray``) is plain NumPy, so it is tested without drawing."""

from __future__ import annotations

import math

import numpy as np
from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QColor, QImage, QPainter, QPixmap


def to_gray(a, lo=None, hi=None) -> np.ndarray:
    """``a`` scaled to uint8 0..255 between ``lo`` and ``hi`` (default: its own min and max;
    a constant array is mid-grey)."""
    a = np.asarray(a, dtype="float64")
    finite = a[np.isfinite(a)]
    lo = float(finite.min()) if lo is None and finite.size else (0.0 if lo is None else lo)
    hi = float(finite.max()) if hi is None and finite.size else (1.0 if hi is None else hi)
    if hi <= lo:
        return np.full(a.shape, 128, np.uint8)
    return (np.clip(np.nan_to_num((a - lo) / (hi - lo)), 0, 1) * 255).astype(np.uint8)


def grid(maps: np.ndarray, columns: int | None = None, gap: int = 1) -> np.ndarray:
    """Feature maps ``(h, w, c)`` as one uint8 picture: ``c`` tiles of ``h x w`` in rows of
    ``columns`` (default ``ceil(sqrt(c))``), each scaled to its own range, ``gap`` pixels apart."""
    maps = np.asarray(maps)
    h, w, c = maps.shape
    cols = columns or max(1, math.ceil(math.sqrt(c)))
    rows = math.ceil(c / cols)
    out = np.full((rows * (h + gap) - gap, cols * (w + gap) - gap), 255, np.uint8)
    for k in range(c):
        r, q = divmod(k, cols)
        out[r * (h + gap):r * (h + gap) + h, q * (w + gap):q * (w + gap) + w] = to_gray(maps[:, :, k])
    return out


def gray_pixmap(pixels: np.ndarray, scale: int = 1) -> QPixmap:
    """A uint8 ``(h, w)`` array as a greyscale pixmap, each pixel ``scale`` x ``scale``."""
    pixels = np.ascontiguousarray(pixels, dtype=np.uint8)
    h, w = pixels.shape
    img = QImage(pixels.data, w, h, w, QImage.Format_Grayscale8).copy()
    pm = QPixmap.fromImage(img)
    return pm.scaled(w * scale, h * scale, Qt.IgnoreAspectRatio, Qt.FastTransformation) if scale > 1 else pm


def heat_pixmap(values: np.ndarray, cell: int = 6) -> QPixmap:
    """A ``(rows, cols)`` array as a blue (negative) / white / red (positive) heat map."""
    v = np.asarray(values, dtype="float64")
    m = float(np.nanmax(np.abs(v))) if v.size else 0.0
    t = np.zeros_like(v) if m == 0 else np.clip(v / m, -1, 1)
    rgb = np.empty(v.shape + (3,), np.uint8)
    pos, neg = np.clip(t, 0, 1), np.clip(-t, 0, 1)
    rgb[..., 0] = (255 * (1 - neg)).astype(np.uint8)
    rgb[..., 1] = (255 * (1 - np.abs(t))).astype(np.uint8)
    rgb[..., 2] = (255 * (1 - pos)).astype(np.uint8)
    rgb = np.ascontiguousarray(rgb)
    h, w = v.shape
    img = QImage(rgb.data, w, h, 3 * w, QImage.Format_RGB888).copy()
    return QPixmap.fromImage(img).scaled(w * cell, h * cell, Qt.IgnoreAspectRatio, Qt.FastTransformation)


def bars_pixmap(values, width: int = 360, height: int = 60, color: str = "#3b78c2") -> QPixmap:
    """Values as bars around a zero line (negative values hang below it)."""
    v = np.nan_to_num(np.asarray(values, dtype="float64").ravel())
    pm = QPixmap(width, height)
    pm.fill(Qt.white)
    if v.size == 0:
        return pm
    top, bottom = max(float(v.max()), 0.0), min(float(v.min()), 0.0)
    span = (top - bottom) or 1.0
    zero = height * top / span
    bw = width / v.size
    p = QPainter(pm)
    p.setPen(Qt.NoPen)
    p.setBrush(QColor(color))
    for i, x in enumerate(v):
        y0, y1 = zero, zero - height * x / span
        p.drawRect(QRectF(i * bw, min(y0, y1), max(bw - (1 if bw > 3 else 0), 1), abs(y1 - y0)))
    p.setPen(QColor("#888"))
    p.drawLine(0, int(zero), width, int(zero))
    p.end()
    return pm


def histogram_pixmap(counts, width: int = 120, height: int = 24) -> QPixmap:
    """A histogram's counts as a small bar chart (for one row of a table); bar heights follow
    ``log(1 + count)``, so the few large gradients in the tails stay visible beside the many
    near-zero ones."""
    c = np.log1p(np.asarray(counts, dtype="float64"))
    pm = QPixmap(width, height)
    pm.fill(Qt.white)
    if c.size == 0 or c.max() <= 0:
        return pm
    p = QPainter(pm)
    p.setPen(Qt.NoPen)
    p.setBrush(QColor("#6a8caf"))
    bw = width / c.size
    for i, n in enumerate(c):
        bh = (height - 1) * n / c.max()
        p.drawRect(QRectF(i * bw, height - bh, max(bw - 1, 1), bh))
    p.end()
    return pm
