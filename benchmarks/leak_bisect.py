"""Leak bisection harness: soak_window's cycle for a fixed number of cycles, one component off at a time.

    QT_QPA_PLATFORM=offscreen .venv/bin/python benchmarks/leak_bisect.py [--warmup 150] [--cycles 400]
        [--off tryit-regions,tryit-browser,plots,eval,banner,edit,autosave,canvas] [--trim] [--types 25]

The cycle is the one of ``benchmarks/soak_window.py`` (edit a Dense layer's units in the
inspector, train on playground spirals, stopped early every other cycle, evaluate on the test set,
autosave, undo). After ``--warmup`` cycles it samples RSS after every cycle for ``--cycles`` more
and reports the least-squares slope ``Σ(i-ī)(r_i-r̄) / Σ(i-ī)²`` in KB per cycle, plus:

- Python objects by type (``gc.get_objects()``) whose count grew between the start and the end of
  the measured window (growth per 100 cycles);
- QObjects under the window (``findChildren(QObject)``), Qt graphics items of every pyqtgraph
  scene and of the canvas, items of the plots' view boxes, entries of their scatter symbol caches.

``--off`` switches components off by monkeypatching them (before the window is built, so
connected bound methods are patched too):

=================  ================================================================
tryit-regions      ``DecisionRegions.refresh`` (Try-it decision-region grid)
tryit-browser      ``SampleBrowser.set_data`` (Try-it test-sample browser predict)
plots              ``TrainingPlots.redraw`` (loss / metric curves)
eval               the evaluation step of the cycle (and the evaluation dock)
banner             ``CoachBanner.show_diagnosis`` (fit coach banner)
edit               the inspector edit and its undo
autosave           ``Recovery.autosave`` (after each run and in the cycle)
canvas             shape inference (``analyze_config``, first result reused) and ``GraphScene.sync``
=================  ================================================================

``--tracemalloc N`` lists the N source lines whose traced Python/numpy allocations grew most.
``--trim`` calls glibc's ``malloc_trim(0)`` before each RSS sample, so freed-but-cached heap
pages do not count (what remains is live memory or fragmentation).
"""

from __future__ import annotations

import argparse
import collections
import ctypes
import gc
import os
import sys
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from soak_window import SoakSession, proc_status  # noqa: E402

COMPONENTS = ("tryit-regions", "tryit-browser", "plots", "eval", "banner", "edit", "autosave", "canvas")


def _noop(*_a, **_k):
    return None


def patch_off(off: set) -> None:
    """Switch the named components off by replacing their methods with no-ops."""
    if "tryit-regions" in off:
        from netbuilder.ui.tryit.decision_regions import DecisionRegions
        DecisionRegions.refresh = _noop
    if "tryit-browser" in off:
        from netbuilder.ui.tryit.sample_browser import SampleBrowser
        SampleBrowser.set_data = _noop
    if "plots" in off:
        from netbuilder.ui.training.plots import TrainingPlots
        TrainingPlots.redraw = _noop
    if "banner" in off:
        from netbuilder.ui.training.coach_banner import CoachBanner
        CoachBanner.show_diagnosis = _noop
    if "autosave" in off:
        from netbuilder.ui.recovery import Recovery
        Recovery.autosave = lambda self, force=False: True
    if "canvas" in off:  # shape inference once, then no canvas re-sync while the node set is unchanged
        from netbuilder.ui import main_window
        from netbuilder.ui.canvas.scene import GraphScene

        analyze, sync, reports = main_window.analyze_config, GraphScene.sync, {}
        main_window.analyze_config = lambda cfg: reports.setdefault("r", analyze(cfg))
        GraphScene.sync = lambda self, report=None: (None if set(self.nodes) == set(self.doc.nodes)
                                                     else sync(self, report))


def _trim() -> None:
    try:
        ctypes.CDLL("libc.so.6").malloc_trim(0)
    except OSError:
        pass


def type_counts() -> collections.Counter:
    gc.collect()
    def name(t):
        return f"{getattr(t, '__module__', '?')}.{getattr(t, '__qualname__', t.__name__)}"
    return collections.Counter(name(type(o)) for o in gc.get_objects())


def qt_counts(win) -> dict:
    """QObjects under the window and graphics items of every scene we can find."""
    import pyqtgraph as pg
    from PySide6.QtCore import QObject

    out = {"QObjects under window": len(win.findChildren(QObject)), "canvas scene items": len(win.scene.items())}
    for w in win.findChildren(pg.PlotWidget):
        name = w.objectName() or "plot"
        out[f"{name} scene items"] = len(w.scene().items())
        out[f"{name} viewbox addedItems"] = len(w.getPlotItem().vb.addedItems)
        out[f"{name} scatter symbol-cache entries"] = sum(len(i.scatter.fragmentAtlas)
                                                          for i in w.getPlotItem().listDataItems())
    return out


def slope(ys) -> float:
    n = len(ys)
    if n < 2:
        return 0.0
    xm, ym = (n - 1) / 2, sum(ys) / n
    return sum((i - xm) * (y - ym) for i, y in enumerate(ys)) / sum((i - xm) ** 2 for i in range(n))


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--warmup", type=int, default=150)
    ap.add_argument("--cycles", type=int, default=400)
    ap.add_argument("--off", default="", help="comma-separated: " + ",".join(COMPONENTS))
    ap.add_argument("--trim", action="store_true", help="malloc_trim(0) before each RSS sample")
    ap.add_argument("--types", type=int, default=20, help="growing Python types to list")
    ap.add_argument("--tracemalloc", type=int, default=0, metavar="N",
                    help="also list the N source lines whose traced allocations grew most (slow)")
    args = ap.parse_args(argv)
    off = {s for s in args.off.split(",") if s}
    unknown = off - set(COMPONENTS)
    if unknown:
        ap.error(f"unknown component(s): {sorted(unknown)}")
    patch_off(off)

    from PySide6.QtCore import QCoreApplication

    session = SoakSession()
    win = session.win
    skip = off & {"edit", "eval"}

    def cycle(i):
        session.cycle(i, skip)

    def rss():
        QCoreApplication.sendPostedEvents()
        if args.trim:
            _trim()
        return proc_status()[0]

    t0 = time.perf_counter()
    print(f"off: {sorted(off) or 'nothing'}; warm-up {args.warmup}, measured {args.cycles}, "
          f"trim {args.trim}; start RSS {rss():.1f} MiB", flush=True)
    n = 0
    for _ in range(args.warmup):
        cycle(n)
        n += 1
    qt0 = qt_counts(win)  # first: findChildren makes wrappers that then live on
    types0 = type_counts()
    if args.tracemalloc:
        import tracemalloc
        tracemalloc.start(8)
        snap0 = tracemalloc.take_snapshot()
    r0 = rss()
    print(f"after warm-up ({time.perf_counter() - t0:.0f} s): RSS {r0:.1f} MiB", flush=True)
    samples = []
    for k in range(args.cycles):
        cycle(n)
        n += 1
        samples.append(rss())
        if (k + 1) % 100 == 0:
            print(f"  +{k + 1} cycles: RSS {samples[-1]:.1f} MiB, slope so far "
                  f"{slope(samples) * 1024:.2f} KB/cycle", flush=True)
    qt1 = qt_counts(win)
    types1 = type_counts()
    if args.tracemalloc:
        gc.collect()
        stats = tracemalloc.take_snapshot().compare_to(snap0, "lineno")
        print(f"tracemalloc: traced memory that grew over the window, top {args.tracemalloc}:")
        for st in stats[:args.tracemalloc]:
            print(f"  {st.size_diff / 1024:+9.1f} KiB {st.count_diff:+7d} blocks  {st.traceback[0]}")
    s = slope(samples) * 1024
    print(f"RESULT off={','.join(sorted(off)) or '-'}: {s:.2f} KB/cycle over {args.cycles} cycles "
          f"(RSS {r0:.1f} → {samples[-1]:.1f} MiB, {time.perf_counter() - t0:.0f} s)", flush=True)
    grew = [(t, types1[t] - types0.get(t, 0)) for t in types1 if types1[t] > types0.get(t, 0)]
    grew.sort(key=lambda kv: -kv[1])
    print(f"Python types that grew (count per 100 cycles), top {args.types}:")
    for t, d in grew[:args.types]:
        print(f"  {d * 100 / args.cycles:9.1f}  {t} ({types1[t]})")
    print("Qt counts (start → end of the measured window):")
    for key in qt1:
        print(f"  {key}: {qt0.get(key)} → {qt1[key]}")
    session.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
