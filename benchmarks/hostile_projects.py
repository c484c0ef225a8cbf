"""Every key of every example project set to every hostile value, opened in a real window.

    .venv/bin/python benchmarks/hostile_projects.py [--values N]

For each example file, each key path (sections, layers, layout, the model's nested configs) and
each value of :data:`VALUES`, a mutated copy is opened over an edited project. Counted outcomes:

- ``refused``: ``open_path`` said no, and the open project (graph, layout, path, undo history,
  the content Save would write) is exactly as before;
- ``clamped``: opened, with notes saying which values were changed;
- ``opened``: opened as written (a value the canvas shows as a Problem on its node, or data kept);
- ``FAILED``: an exception escaped to ``sys.excepthook``, or a refusal changed the open project.

The test suite runs a hypothesis sample of the same (``tests/ui/test_project_schema.py``).
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

VALUES = [None, True, 0, -1, 10 ** 30, 2.5, float("nan"), float("inf"), "", "abc", "x" * 100_000, [], [[1]],
          {}, {"class_name": 3}, json.loads("[" * 200 + "]" * 200)]


def paths(obj, prefix=()):
    items = obj.items() if isinstance(obj, dict) else enumerate(obj) if isinstance(obj, list) else ()
    for k, v in items:
        yield prefix + (k,)
        yield from paths(v, prefix + (k,))


def set_path(data, path, value):
    for k in path[:-1]:
        data = data[k]
    data[path[-1]] = value


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--values", type=int, default=len(VALUES), help="use the first N hostile values")
    args = ap.parse_args()
    from PySide6.QtCore import QSettings
    from PySide6.QtWidgets import QApplication

    app = QApplication.instance() or QApplication([])
    from netbuilder import examples
    from netbuilder.ui.main_window import MainWindow

    tmp = Path(tempfile.mkdtemp())
    win = MainWindow(QSettings(str(tmp / "s.ini"), QSettings.IniFormat))
    win.quiet_errors = True
    win.show()
    base = tmp / "mine.nbproj"
    ex_dir = Path(examples.__file__).parent
    base.write_text((ex_dir / "two_branch.nbproj").read_text())
    counts, failures = Counter(), []
    seen = []
    sys.excepthook = lambda *exc: seen.append(exc)
    t0 = time.perf_counter()
    for example in sorted(ex_dir.glob("*.nbproj")):
        good = json.loads(example.read_text())
        for where in paths(good):
            for value in VALUES[: args.values]:
                if win.path != base:
                    win.open_path(base)
                    win.undo_stack.clear()
                before = (win.doc.to_config(), win.doc.layout(), win.path, win.undo_stack.count(),
                          win.current_project().to_json())
                data = json.loads(example.read_text())
                set_path(data, where, value)
                bad = tmp / "hostile.nbproj"
                bad.write_text(json.dumps(data, allow_nan=True))
                n_seen = len(seen)
                ok = win.open_path(bad)
                app.processEvents()
                after = (win.doc.to_config(), win.doc.layout(), win.path, win.undo_stack.count(),
                         win.current_project().to_json())
                if len(seen) > n_seen or (not ok and after != before):
                    counts["FAILED"] += 1
                    failures.append((example.name, where, repr(value)[:40],
                                     repr(seen[-1][1])[:120] if len(seen) > n_seen else "state changed"))
                elif not ok:
                    counts["refused"] += 1
                elif win.last_notes:
                    counts["clamped"] += 1
                else:
                    counts["opened"] += 1
    total = sum(counts.values())
    print(f"{total} hostile files ({len(VALUES[: args.values])} values × every key of "
          f"{len(list(ex_dir.glob('*.nbproj')))} examples) in {time.perf_counter() - t0:.0f} s")
    for k in ("refused", "clamped", "opened", "FAILED"):
        print(f"  {k:8s} {counts[k]:6d}")
    for f in failures[:20]:
        print("  FAILED", *f)
    win.undo_stack.setClean()
    win.close()
    return 1 if counts["FAILED"] else 0


if __name__ == "__main__":
    raise SystemExit(main())
