"""What the training charts mark and list: the coach's line, the legends, and their minimum height.

Every mark on a chart says what it is: the best epoch ("best epoch 5 (lowest val_loss)") and the
coach's line, whose label comes from the verdict it shows (:func:`coach_mark`), drawn from the same
:class:`~netbuilder.core.diagnosis.Diagnosis` as the banner. The legends stand under the axes, outside
the curves, and list exactly the series that have points (:func:`tidy_legend`): no ``accuracy`` left
over for a regression model, no empty "previous run" entry.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication

# Each chart is at least this tall (pixels) at the default layout.
MIN_PLOT_HEIGHT = 160


def _tr(text: str) -> str:
    return QCoreApplication.translate("ChartMarks", text)


def coach_mark(d) -> str:
    """The label of the coach's line for verdict ``d`` (empty: no line)."""
    if d is None or d.epoch is None:
        return ""
    n = d.epoch
    if d.kind == "divergence":
        return _tr("diverged at epoch {n}").format(n=n)
    if d.code == "overfitting_val_flat":
        return _tr("validation flat from epoch {n}").format(n=n)
    if d.kind == "overfitting":
        return _tr("overfitting from epoch {n}").format(n=n)
    if d.code == "good_fit_gap_opening":
        return _tr("gap opens at epoch {n}").format(n=n)
    return ""


def _has_points(item) -> bool:
    x = getattr(item, "xData", None)
    return x is not None and len(x) > 0 and item.isVisible()


def tidy_legend(legend, expected=()) -> None:
    """List the curves that have points (or are ``expected`` to get some: a run about to start), in the
    order they were first added; change the legend only when that list changed (a rebuild lays the
    legend out again)."""
    if legend is None:
        return
    known = legend.__dict__.setdefault("_nb_all", [])
    for sample, _label in legend.items:
        if sample.item not in known:
            known.append(sample.item)
    wanted = [item for item in known if (_has_points(item) or item in expected) and item.name()]
    shown = [(sample.item, label.text) for sample, label in legend.items]
    want = [(item, item.name()) for item in wanted]
    if shown == want:
        return
    if all(entry in shown for entry in want) and [e for e in shown if e in want] == want:
        for item, _name in [e for e in shown if e not in want]:  # only entries to drop: the rest stay
            legend.removeItem(item)
        return
    legend.clear()
    for item in wanted:
        legend.addItem(item, item.name())
