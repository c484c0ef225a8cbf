"""Regenerate the translation sources: ``python -m netbuilder.ui.i18n.update_ts``.

Runs ``pyside6-lupdate`` over every module of ``netbuilder/ui`` and updates
``netbuilder_zh_CN.ts`` in place: existing translations are kept, new strings are added as
unfinished (``tests/ui/test_i18n.py`` fails until they are translated), removed strings are
dropped (``-no-obsolete``). Translate with Qt Linguist (``pyside6-linguist``) or any editor.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

from . import HERE, LANGUAGES, ts_path

UI = HERE.parent
#: ``_tr("...")`` (a module-level helper around ``QCoreApplication.translate``) counts as ``tr``: lupdate
#: files those strings under the empty context, which the translator's source-text fallback finds.
LUPDATE_OPTIONS = ["-tr-function-alias", "tr+=_tr"]


def sources() -> list[str]:
    return sorted(str(p.relative_to(UI)) for p in UI.rglob("*.py") if "__pycache__" not in p.parts)


def lupdate_command() -> list[str]:
    exe = shutil.which("pyside6-lupdate") or str(Path(sys.executable).with_name("pyside6-lupdate"))
    return [exe]


def main() -> int:
    for lang in LANGUAGES:
        if lang == "en":
            continue  # English is the source language
        cmd = lupdate_command() + sources() + LUPDATE_OPTIONS + ["-no-obsolete", "-locations", "none",
                                               "-target-language", lang, "-ts", str(ts_path(lang))]
        subprocess.run(cmd, cwd=UI, check=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
