"""What a remedy did, measured: two runs (without and with the change) → numbers and a sentence.

``measure(before, after)`` compares the best validation loss and the train-validation gap of two
Histories; ``effect_text`` says it in one sentence built from those numbers ("Dropout(0.5): best
val_loss 0.279 → 0.262; the gap between training and validation shrank from 0.18 to 0.05"). The
sentence parts are templates keyed by code (:data:`ENGLISH`), so the window passes the same parts in
the interface language.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from .record import best_summary


def final_gap(history: dict) -> float | None:
    """``val_loss - loss`` at the last epoch that has both (the train-validation gap; None without validation).

    At the end of an overfitting run this is what the two curves show apart; at the best epoch it is small
    by construction, so the last epoch is the one that tells a remedy's effect."""
    loss, val = history.get("loss") or [], history.get("val_loss") or []
    for i in range(min(len(loss), len(val)) - 1, -1, -1):
        if all(isinstance(v, (int, float)) and math.isfinite(v) for v in (loss[i], val[i])):
            return float(val[i]) - float(loss[i])
    return None


@dataclass
class Effect:
    """A remedy's measured effect. ``*_before``: the run without the change; ``*_after``: with it.

    ``val_loss_*``: best (lowest) validation loss; ``gap_*``: :func:`final_gap`; None where a run had no
    validation. ``epoch_*``: the best epoch (1-based)."""

    label: str
    val_loss_before: float | None
    val_loss_after: float | None
    gap_before: float | None
    gap_after: float | None
    epoch_before: int | None = None
    epoch_after: int | None = None

    @property
    def improved(self) -> bool | None:
        """True when the best validation loss went down (None when it cannot be compared)."""
        if self.val_loss_before is None or self.val_loss_after is None:
            return None
        return self.val_loss_after < self.val_loss_before


def measure(label: str, before: dict, after: dict) -> Effect:
    """The :class:`Effect` of the change ``label`` from History ``before`` to History ``after``."""
    b, a = best_summary(before), best_summary(after)
    return Effect(label, b["val_loss"], a["val_loss"], final_gap(before), final_gap(after), b["epoch"], a["epoch"])


#: code -> English sentence part; ``ui/lab`` holds the same texts for translation.
ENGLISH = {
    "loss": "{label}: best val_loss {before} → {after} (epoch {epoch_before} → {epoch_after})",
    "no_validation": "{label}: no validation loss to compare (train with a validation set)",
    "gap_shrank": "the gap between training and validation shrank from {before} to {after}",
    "gap_grew": "the gap between training and validation grew from {before} to {after}",
    "gap_same": "the gap between training and validation stayed at {before}",
    "better": "the change helps on this data",
    "worse": "the change does not help on this data",
}


def _num(v) -> str:
    return f"{v:.3f}" if abs(v) >= 0.01 or v == 0 else f"{v:.2g}"


def effect_parts(e: Effect) -> list[tuple[str, dict]]:
    """The sentence as ``[(code, params)]``: the loss part, the gap part, the verdict (see :data:`ENGLISH`)."""
    if e.val_loss_before is None or e.val_loss_after is None:
        return [("no_validation", {"label": e.label})]
    parts = [("loss", {"label": e.label, "before": _num(e.val_loss_before), "after": _num(e.val_loss_after),
                       "epoch_before": e.epoch_before, "epoch_after": e.epoch_after})]
    if e.gap_before is not None and e.gap_after is not None:
        gb, ga = _num(e.gap_before), _num(e.gap_after)
        code = "gap_same" if gb == ga else ("gap_shrank" if e.gap_after < e.gap_before else "gap_grew")
        parts.append((code, {"before": gb, "after": ga}))
    parts.append(("better" if e.improved else "worse", {}))
    return parts


def effect_text(e: Effect, templates: dict | None = None, sep: str = "; ") -> str:
    """The effect in one sentence, from ``templates`` (code → text with ``{}`` fields; default English)."""
    templates = templates or ENGLISH
    return sep.join(templates[code].format(**params) for code, params in effect_parts(e)) + "."
