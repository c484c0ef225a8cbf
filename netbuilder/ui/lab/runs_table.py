"""``RunsTableModel``: the run history as a table (one row per run), sortable through a proxy.

Columns: name (editable: renames the run; beside it the run's colour in the overlay), best validation loss, the
best validation metric, its epoch, the train-validation gap at the last epoch, the run's time, and what changed
since the run before. Numbers
sort as numbers (``SORT_ROLE``); a missing value sorts first. A K-fold run's name says so ("Run 3 · 4-fold
mean": its numbers are those of the mean curves) and its tooltip gives the folds' mean ± std and which model
it kept (:mod:`netbuilder.core.runs.kfold`).
"""

from __future__ import annotations

import math

from PySide6.QtCore import QAbstractTableModel, QCoreApplication, QModelIndex, Qt, Signal
from PySide6.QtGui import QColor

from netbuilder.core.runs import RunStore
from netbuilder.core.runs.effect import final_gap
from netbuilder.core.runs.kfold import summary_pairs

SORT_ROLE = Qt.UserRole + 1
RUN_ID_ROLE = Qt.UserRole + 2
COLUMNS = ("name", "val_loss", "metric", "epoch", "gap", "time", "changes")  # the numbers first: in view on a laptop
# Distinct colours, in order (Tableau 10): runs 11 and on reuse them.
PALETTE = ((31, 119, 180), (255, 127, 14), (44, 160, 44), (214, 39, 40), (148, 103, 189), (140, 86, 75),
           (227, 119, 194), (127, 127, 127), (188, 189, 34), (23, 190, 207))


def _tr(text: str) -> str:
    return QCoreApplication.translate("RunsTableModel", text)


def _num(v, digits=4) -> str:
    return "" if v is None else f"{v:.{digits}g}"


def run_color(run_id: str) -> tuple:
    """The colour of run ``"r0007"``: the palette's entry for its number."""
    digits = "".join(c for c in str(run_id) if c.isdigit())
    return PALETTE[(int(digits) - 1) % len(PALETTE)] if digits else PALETTE[0]


def kfold_tag(info: dict) -> str:
    """``"4-fold mean"`` (every fold trained), ``"4-fold mean, stopped in fold 3"``, or ``"mean of 2 of 4 folds"``
    (an error ended it)."""
    k, n, i = info.get("k"), info.get("folds"), info.get("stopped_fold")
    if i:
        return _tr("{k}-fold mean, stopped in fold {i}").format(k=k, i=i)
    if n == k:
        return _tr("{k}-fold mean").format(k=k)
    return _tr("mean of {n} of {k} folds").format(n=n, k=k)


def display_name(record) -> str:
    """A run's name as the lab shows it: a K-fold run's with its tag (``"Run 3 · 4-fold mean"``)."""
    return record.name + (" · " + kfold_tag(record.kfold) if record.kfold else "")


def kfold_lines(info: dict) -> list[str]:
    """A K-fold run's tooltip lines: what its curves are, the folds' last values (mean ± std), where Stop came,
    which model its file holds."""
    k = info.get("k")
    lines = [_tr("{k}-fold cross-validation: the curves are the per-epoch mean over {n} fold(s)").format(
        k=k, n=info.get("folds"))]
    pairs = summary_pairs(info)
    if pairs:
        lines.append(_tr("last epoch over the folds: {values} (mean ± std)").format(
            values=", ".join(f"{key} {m:.4g} ± {s:.2g}" for key, m, s in pairs)))
    if info.get("stopped_fold"):
        lines.append(_tr("stopped in fold {i} of {k}").format(i=info["stopped_fold"], k=k))
    if info.get("weights_fold"):
        lines.append(_tr("its model is fold {i}'s model, trained without that fold; for a final model, use "
                         "\"Train on all data\"").format(i=info["weights_fold"]))
    return lines


class RunsTableModel(QAbstractTableModel):
    """The runs of a :class:`~netbuilder.core.runs.RunStore`; ``renamed(id, name)`` after an edit
    (a refused name emits ``refused(str)``)."""

    renamed = Signal(str, str)
    refused = Signal(str)

    def __init__(self, store: RunStore | None = None, parent=None):
        super().__init__(parent)
        self.store = store
        self._rows = []  # (record, best summary, final gap): computed once per run, not per paint
        self._shown = {}  # (row, column, role) -> value: a paint asks for each cell's text again and again

    def set_store(self, store: RunStore | None) -> None:
        self.beginResetModel()
        self._shown = {}
        self.store = store
        self._rows = [self._row(r) for r in (store.records if store else [])]
        self.endResetModel()

    def refresh(self) -> None:
        """The store changed (a run added, renamed or deleted)."""
        self.set_store(self.store)

    def append(self, record) -> None:
        n = len(self._rows)
        self.beginInsertRows(QModelIndex(), n, n)
        self._rows.append(self._row(record))
        self._shown = {}  # "first run" depends on the row
        self.endInsertRows()

    @staticmethod
    def _row(record):
        return record, record.best, final_gap(record.history)

    def record(self, row: int):
        return self._rows[row][0]

    def row_of(self, run_id: str) -> int:
        return next((i for i, r in enumerate(self._rows) if r[0].id == run_id), -1)

    # ------------------------------------------------------------------ Qt model
    def rowCount(self, parent=None):  # noqa: N802 - Qt API
        return 0 if parent is not None and parent.isValid() else len(self._rows)

    def columnCount(self, parent=None):  # noqa: N802 - Qt API
        return 0 if parent is not None and parent.isValid() else len(COLUMNS)

    def headerData(self, section, orientation, role=Qt.DisplayRole):  # noqa: N802 - Qt API
        if orientation != Qt.Horizontal or role not in (Qt.DisplayRole, Qt.ToolTipRole):
            return None
        if role == Qt.ToolTipRole:
            return {"epoch": _tr("The epoch with the lowest validation loss, of the epochs trained"),
                    "gap": _tr("Validation loss minus training loss at the last epoch: large when the network "
                               "overfits"),
                    "changes": _tr("What changed since the run before (network and settings)")}.get(COLUMNS[section])
        return {"name": _tr("Run"), "changes": _tr("Changes"), "val_loss": _tr("Best val loss"),
                "metric": _tr("Best val metric"), "epoch": _tr("Epoch"), "gap": _tr("Gap"),
                "time": _tr("Time")}[COLUMNS[section]]

    def flags(self, index):
        f = super().flags(index)
        return f | Qt.ItemIsEditable if index.column() == 0 else f

    def setData(self, index, value, role=Qt.EditRole):  # noqa: N802 - Qt API
        if role != Qt.EditRole or index.column() != 0 or self.store is None:
            return False
        rec = self.record(index.row())
        try:
            self.store.rename(rec.id, value)
        except (ValueError, OSError) as exc:
            self.refused.emit(_tr("Cannot rename the run: {error}").format(error=exc))
            return False
        self._shown = {}
        self.dataChanged.emit(index, index)
        self.renamed.emit(rec.id, rec.name)
        return True

    def data(self, index, role=Qt.DisplayRole):
        if not index.isValid():
            return None
        key = (index.row(), index.column(), int(role))
        if key not in self._shown:
            self._shown[key] = self._data(index, role)
        return self._shown[key]

    def _data(self, index, role):
        rec, best, gap = self._rows[index.row()]
        col = COLUMNS[index.column()]
        if role == RUN_ID_ROLE:
            return rec.id
        if role == SORT_ROLE:
            value = {"name": rec.name, "changes": "; ".join(rec.changes), "val_loss": best["val_loss"],
                     "metric": best["val_value"], "epoch": best["epoch"], "gap": gap, "time": rec.seconds}[col]
            if isinstance(value, str):
                return value.lower()
            return -math.inf if value is None else float(value)
        if role in (Qt.DisplayRole, Qt.EditRole):
            if col == "name":
                if role == Qt.EditRole:
                    return rec.name
                return display_name(rec) + (" ■" if rec.stopped else "")
            if col == "changes":
                if rec.changes:
                    return "; ".join(rec.changes)
                return _tr("first run") if index.row() == 0 else _tr("no change")
            if col == "val_loss":
                return _num(best["val_loss"])
            if col == "metric":
                return f"{_num(best['val_value'])} ({best['metric']})" if best["val_value"] is not None else ""
            if col == "epoch":  # "21/21 ■": a run Stop ended before its last epoch (the tooltip says so)
                stop = " ■" if rec.stopped else ""
                return "" if best["epoch"] is None else f"{best['epoch']}/{rec.epochs}{stop}"
            if col == "gap":
                return _num(gap, 3)
            return f"{rec.seconds:.1f} s"
        if role == Qt.ToolTipRole:
            lines = [rec.name] + (rec.changes or []) + (kfold_lines(rec.kfold) if rec.kfold else [])
            if rec.stopped and not (rec.kfold and rec.kfold.get("stopped_fold")):
                lines.append(_tr("stopped before its last epoch"))
            if rec.test:
                lines.append(_tr("test: {values}").format(values=", ".join(f"{k} {v:.4g}" for k, v in rec.test.items())))
            if not rec.weights:
                lines.append(_tr("its trained model was not kept (the size limit dropped the oldest)"))
            return "\n".join(lines)
        if role == Qt.DecorationRole and col == "name":  # the run's colour in the overlay: its legend row found here
            return QColor(*run_color(rec.id))
        if role == Qt.TextAlignmentRole and col not in ("name", "changes"):
            return int(Qt.AlignRight | Qt.AlignVCenter)
        return None
