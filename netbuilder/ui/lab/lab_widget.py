"""``LabWidget``: the Lab dock's content. Buttons above, the runs table and the overlay side by side (a note
under them when the overlaid runs trained on different datasets), the lab's messages (a remedy's measured
effect, a lesson's explanation) below.

The widget only shows and asks; :class:`~netbuilder.ui.lab.feature.LabFeature` does the work (its methods
are connected here), so tests can drive either.
"""

from __future__ import annotations

from PySide6.QtCore import QItemSelection, QItemSelectionModel, QSortFilterProxyModel, Qt
from PySide6.QtWidgets import (QAbstractItemView, QComboBox, QHBoxLayout, QHeaderView, QLabel, QLineEdit, QMenu,
                               QPushButton, QSpinBox, QSplitter, QTableView, QVBoxLayout, QWidget)

from .. import i18n
from .compare_plot import ComparePlot
from .runs_table import RUN_ID_ROLE, SORT_ROLE, RunsTableModel


class LabWidget(i18n.Retranslatable, QWidget):
    """The lab's widgets; ``selected_ids()`` are the runs drawn in the overlay."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setObjectName("labWidget")
        self.model = RunsTableModel(parent=self)
        self.proxy = QSortFilterProxyModel(self)
        self.proxy.setSourceModel(self.model)
        self.proxy.setSortRole(SORT_ROLE)
        self.table = QTableView(objectName="runsTable")
        self.table.setModel(self.proxy)
        self.table.horizontalHeader().setSortIndicator(-1, Qt.AscendingOrder)  # run order until a header is clicked
        self.table.setSortingEnabled(True)
        self.table.setSelectionBehavior(QAbstractItemView.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.ExtendedSelection)
        self.table.setEditTriggers(QAbstractItemView.DoubleClicked | QAbstractItemView.EditKeyPressed)
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.Interactive)
        self.table.horizontalHeader().setResizeContentsPrecision(40)  # fit columns to 40 rows, not all 200
        self.table.horizontalHeader().setStretchLastSection(True)  # the changes fill what is left
        self.table.setWordWrap(False)
        self.plot = ComparePlot()

        def button(name, menu=False):
            b = QPushButton(objectName=name)
            b.setAutoDefault(False)
            # a click leaves the focus where it was (Tab still reaches it): the buttons are disabled while an
            # experiment runs, and Qt then handed their focus on to the models' size box ("256" selected)
            b.setFocusPolicy(Qt.TabFocus)
            if menu:  # a push button with a menu sizes itself for the menu's arrow (a tool button drew it on the text)
                b.setMenu(QMenu(b))
            return b

        self.renameButton = button("labRenameButton")
        self.deleteButton = button("labDeleteButton")
        self.restoreButton = button("labRestoreButton")
        self.exportButton = button("labExportButton")
        self.remedyButton = button("labRemedyButton", menu=True)
        self.remedyMenu = self.remedyButton.menu()
        self.lessonsButton = button("lessonsButton", menu=True)
        self.lessonsMenu = self.lessonsButton.menu()
        self.lrButton = button("lrFinderButton")
        self.stopButton = button("labStopButton")
        self.stopButton.setEnabled(False)
        self.plotKey = QComboBox(objectName="labPlotKey")
        self.sweepTarget = QComboBox(objectName="sweepTarget")
        self.sweepTarget.setMinimumContentsLength(14)
        self.sweepTarget.setSizeAdjustPolicy(QComboBox.AdjustToMinimumContentsLengthWithIcon)
        self.sweepValues = QLineEdit(objectName="sweepValues")
        self.sweepValues.setMinimumWidth(190)
        self.sweepButton = button("sweepButton")
        self.sweepLabel = QLabel()
        self.budgetLabel = QLabel()
        self.budgetSpin = QSpinBox(objectName="labBudget")
        self.budgetSpin.setRange(1, 100000)
        self.budgetSpin.setSingleStep(64)
        self.dataNote = QLabel(objectName="labDataNote")  # the overlay's runs trained on different datasets
        self.dataNote.setWordWrap(True)
        self.dataNote.setStyleSheet("color: #b45309;")
        self.dataNote.hide()
        self._note_names: list[str] = []
        self.message = QLabel(objectName="labMessage")
        self.message.setWordWrap(True)
        self.message.setTextInteractionFlags(Qt.TextSelectableByMouse)

        top = QHBoxLayout()
        for w in (self.renameButton, self.deleteButton, self.restoreButton, self.exportButton):
            top.addWidget(w)
        top.addSpacing(12)
        for w in (self.remedyButton, self.lessonsButton, self.lrButton, self.stopButton):
            top.addWidget(w)
        top.addStretch(1)
        top.addWidget(self.plotKey)
        sweep = QHBoxLayout()
        for w in (self.sweepLabel, self.sweepTarget, self.sweepValues, self.sweepButton):
            sweep.addWidget(w)
        sweep.addStretch(1)
        sweep.addWidget(self.budgetLabel)
        sweep.addWidget(self.budgetSpin)
        split = QSplitter(Qt.Horizontal)
        split.addWidget(self.table)
        split.addWidget(self.plot.widget)
        split.setStretchFactor(0, 3)
        split.setStretchFactor(1, 2)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(2, 2, 2, 2)
        lay.setSpacing(2)
        lay.addLayout(top)
        lay.addLayout(sweep)
        lay.addWidget(split, 1)
        lay.addWidget(self.dataNote)  # the full width: a wrapped label in the splitter asked for a tall minimum
        lay.addWidget(self.message)
        self.retranslate_ui()

    def retranslate_ui(self) -> None:
        tr = self.tr
        self.renameButton.setText(tr("Rename"))
        self.deleteButton.setText(tr("Delete"))
        self.restoreButton.setText(tr("Restore"))
        self.restoreButton.setToolTip(tr("Put this run's network and settings back on the canvas and in the "
                                         "Training settings (undoable)"))
        self.exportButton.setText(tr("Export model…"))
        self.exportButton.setToolTip(tr("Save this run's trained model as a .nbm or .keras file"))
        self.remedyButton.setText(tr("Check a remedy"))
        self.remedyButton.setToolTip(tr("Train the network without and with one of the coach's remedies "
                                        "(same data, seed and epochs) and measure the effect"))
        self.lessonsButton.setText(tr("Book lessons"))
        self.lrButton.setText(tr("Find learning rate…"))
        self.lrButton.setToolTip(tr("A short run with a growing learning rate: loss against learning rate, "
                                    "and a suggested value"))
        self.stopButton.setText(tr("Stop experiment"))
        self.sweepLabel.setText(tr("Sweep:"))
        self.sweepValues.setPlaceholderText(tr("2 to 6 values, e.g. 4, 8, 16"))
        self.sweepButton.setText(tr("Run sweep"))
        self.sweepButton.setToolTip(tr("Train once per value, one run after another (Stop ends the sweep)"))
        self.budgetLabel.setText(tr("Keep trained models up to"))
        self.budgetSpin.setSuffix(tr(" MB"))
        self.budgetSpin.setToolTip(tr("Over this size the oldest runs' model files are deleted first; their "
                                      "curves and numbers stay"))
        self.model.headerDataChanged.emit(Qt.Horizontal, 0, self.model.columnCount() - 1)
        self.plot.retranslate()
        self.show_data_note(self._note_names)

    def show_data_note(self, names) -> None:
        """Say under the overlay that its runs trained on the datasets ``names`` (two or more: their curves do
        not compare); fewer than two: no note."""
        self._note_names = list(names)
        if len(self._note_names) < 2:
            self.dataNote.hide()
            return
        self.dataNote.setText(self.tr("⚠ These runs trained on different datasets ({names}): their curves "
                                      "cannot be compared.").format(names=", ".join(self._note_names)))
        self.dataNote.show()

    # ------------------------------------------------------------------ selection
    def selected_ids(self) -> list[str]:
        """Run ids of the selected rows, in table order."""
        rows = sorted(i.row() for i in self.table.selectionModel().selectedRows())
        return [self.proxy.index(r, 0).data(RUN_ID_ROLE) for r in rows]

    def refresh_table(self) -> None:
        """The store changed (a bound applied, runs deleted, test results added): the rows are read again and
        the runs the learner had selected stay selected (a model reset dropped the selection, and with it
        the overlay: changing the models' size limit emptied the plot)."""
        ids = self.selected_ids()
        self.model.refresh()
        self.select_ids(ids)

    def select_ids(self, ids, add: bool = False) -> None:
        """Select the rows of runs ``ids`` (added to the selection with ``add``)."""
        selection = QItemSelection()
        for run_id in ids:
            row = self.model.row_of(run_id)
            if row >= 0:
                idx = self.proxy.mapFromSource(self.model.index(row, 0))
                selection.select(idx, idx)
        flags = QItemSelectionModel.Rows | (QItemSelectionModel.Select if add else QItemSelectionModel.ClearAndSelect)
        self.table.selectionModel().select(selection, flags)  # one selectionChanged, one redraw
