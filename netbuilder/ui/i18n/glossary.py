"""The bilingual glossary (``glossary.json``): Keras identifiers beside their Chinese terms.

Identifiers (``Dense``, ``RMSprop``, ``categorical_crossentropy``, ``Accuracy``) are code and stay
English everywhere; in Chinese the term is shown beside them: ``label("Dense")`` →
``"Dense — 全连接层"``. The palette, the tooltips and the fit coach all read this one file.
"""

from __future__ import annotations

import json
from functools import lru_cache

from . import HERE, is_chinese

KINDS = ("layers", "optimizers", "losses", "metrics", "groups", "terms")


@lru_cache(maxsize=1)
def data() -> dict:
    with open(HERE / "glossary.json", encoding="utf-8") as f:
        return json.load(f)


def entry(identifier: str, kind: str | None = None) -> dict:
    """The glossary entry of ``identifier`` (searched in ``kind``, else every kind); {} if none."""
    d = data()
    for k in ((kind,) if kind else KINDS):
        e = d.get(k, {}).get(identifier)
        if e:
            return e
    return {}


def zh(identifier: str, kind: str | None = None) -> str:
    """The Chinese term for ``identifier`` ("" when the glossary has none)."""
    return entry(identifier, kind).get("zh", "")


def term(identifier: str, kind: str | None = None) -> str:
    """The word for a concept in the current language (``"overfitting"`` → ``"过拟合"``)."""
    e = entry(identifier, kind)
    if is_chinese() and e.get("zh"):
        return e["zh"]
    return e.get("en", identifier)


def label(identifier: str, kind: str | None = None, shown: str | None = None) -> str:
    """``"Dense — 全连接层"`` in Chinese, ``"Dense"`` in English (``shown`` replaces the identifier)."""
    shown = shown or identifier
    t = zh(identifier, kind) if is_chinese() else ""
    return f"{shown} — {t}" if t else shown


def describe(identifier: str, kind: str | None = None) -> str:
    """The Chinese one-line explanation (``zh_desc``) or ""."""
    return entry(identifier, kind).get("zh_desc", "")
