"""``LabFeature``: the experiment lab in the window (issue 16): every run kept, compared and explained.

It listens to the training controller's public signals only: ``finished`` (keep the run: record, diff,
trained model), ``evaluated`` (the test results of the run just kept), ``epochEnded`` (draw an
experiment's run live), ``runCleared`` (another project was opened: its runs are shown) and
``stateChanged`` (buttons). Runs live in a :class:`~netbuilder.core.runs.RunStore`: ``<stem>.runs/`` beside a
saved ``.nbproj``; an unsaved project's runs in ``<recovery folder>/runs-<pid>/``, moved beside the project
when it is first saved, copied when it is saved under another name, removed at exit if it never was.
Experiments (remedy check, sweep, the book's lessons) are in :mod:`.experiments` and :mod:`.actions`.
"""

from __future__ import annotations

import os
import tempfile
import time
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QObject, Qt, QTimer, Signal

from netbuilder.core.runs import RunRecord, RunStore, describe_changes, distinct_datasets, runs_folder
from netbuilder.core.runs.store import DEFAULT_WEIGHTS_BUDGET

from ..dock_layout import add_dock
from ..qt_helpers import signals_blocked
from . import kfold_runs
from .actions import LabActions
from .experiments import ExperimentRunner
from .lab_widget import LabWidget
from .result_fields import plain, result_field

# The window's setting (QSettings key) for the bound on kept model files, in MiB.
BUDGET_KEY = "lab/weightsBudgetMB"
# Seconds between two redraws of an experiment's run in progress in the overlay.
LIVE_S = 0.25
# A kept run is shown this many milliseconds after its run's last turn: a timer, not a zero-delay call, so that
# the event loop first paints what that turn changed (a zero-delay call shares the repaint's pass).
TURN_MS = 1


def _tr(text: str) -> str:
    return QCoreApplication.translate("LabFeature", text)


class LabFeature(LabActions, QObject):
    """The Lab dock and its run history (feature key ``"lab"``; also ``window.lab``)."""

    key = "lab"
    # a write of the store's writer thread failed (a full disk): the exception, queued to the GUI thread
    _writeFailed = Signal(object)

    def __init__(self, parent=None):
        super().__init__(parent)
        self.window = self.ui = self.controller = self.widget = self.dock = self.runner = None
        self.store: RunStore | None = None
        self._writeFailed.connect(self._say_not_kept)
        self._opening = False  # runCleared seen: the next path change is another project, not a Save As
        self._kept_model = None  # the model of the newest kept run (its test results go to that record)
        self._live_at = 0.0  # when the run in progress was last drawn
        self._live_args = None  # (history, name, run id) of the drawing due in the next turn (_draw_live)
        self._closed = False  # shutdown() ran: an unsaved project's last run is not kept
        self._to_show = []  # (record, ids to select, add) kept but not yet in the table (see _on_finished)

    # ------------------------------------------------------------------ feature protocol
    def install(self, window) -> None:
        self.window = window
        self.setParent(window)
        self.ui = getattr(window, "training_ui", None)
        if self.ui is None:
            raise RuntimeError("the Lab needs the training feature: install it after TrainingFeature")
        c = self.controller = self.ui.controller
        self.widget = LabWidget()
        self.dock = add_dock(window, "lab", self.widget, Qt.BottomDockWidgetArea)
        docks = getattr(self.ui, "docks", {})
        if "evaluation" in docks:  # a tab beside Training and Evaluation: the curves and the runs together
            window.tabifyDockWidget(docks["evaluation"], self.dock)
            docks["training"].raise_()
        view_menu = getattr(window, "view_menu", None)
        if view_menu is not None:
            view_menu.addAction(self.dock.toggleViewAction())
        self.runner = ExperimentRunner(c, self)
        self.runner.ended.connect(self._on_experiment_ended)
        self.runner.progressed.connect(lambda *_: self.update_buttons())
        self.runner.progressed.connect(lambda *_: self.ui.hold_banner_between_runs(True))
        self.runner.ended.connect(lambda *_: self.ui.hold_banner_between_runs(False))
        c.finished.connect(self._on_finished)
        c.evaluated.connect(self._on_evaluated)
        c.epochEnded.connect(self._on_epoch)
        c.runCleared.connect(self._on_run_cleared)
        c.stateChanged.connect(lambda *_: self.update_buttons())
        window.windowTitleChanged.connect(lambda *_: self.sync_store())
        window.undo_stack.cleanChanged.connect(lambda *_: self.sync_store())
        if hasattr(window, "doc"):  # the sweep's choices follow the network (not a drag: modelChanged when there)
            getattr(window.doc, "modelChanged", window.doc.changed).connect(self.refresh_targets)
        self.connect_widget()
        self.widget.budgetSpin.setValue(self.budget_mb())
        self.widget.budgetSpin.editingFinished.connect(lambda: self.set_budget_mb(self.widget.budgetSpin.value()))
        self.set_store(self._open(self.folder_for(getattr(window, "path", None))))
        self.refresh_targets()
        window.lab = self
        self.retranslate()

    def retranslate(self) -> None:
        self.dock.setWindowTitle(_tr("Lab"))
        self.fill_menus()
        self.refresh_targets()

    def shutdown(self) -> None:
        """The window closes (called before the training feature's shutdown, which stops and joins the run):
        no further run of an experiment starts; the run stopped now is still kept, in a saved project's
        folder. An unsaved project's runs go with it (the learner chose not to save it)."""
        self.runner.cancel_for_close()
        self._closed = True
        if self.store is not None and self.store.folder == self.unsaved_folder():
            self.store.remove_folder()
        else:
            self.flush_store()

    def flush_store(self) -> None:
        """Wait for the store's queued writes (the run files, the index); a failed one is said."""
        if self.store is None:
            return
        try:
            self.store.flush()
        except OSError as exc:
            self._say_not_kept(exc)

    def _say_not_kept(self, exc) -> None:
        self.say(_tr("The run could not be kept: {error}").format(error=exc))

    # ------------------------------------------------------------------ where runs live
    def unsaved_folder(self) -> Path:
        rec = getattr(self.window, "recovery", None)
        base = Path(rec.folder) if rec is not None else Path(tempfile.gettempdir()) / "netbuilder-recovery"
        return base / f"runs-{os.getpid()}"

    def folder_for(self, path) -> Path:
        return runs_folder(path) if path else self.unsaved_folder()

    def budget_mb(self) -> int:
        """The bound on kept model files (MiB), from the window's settings (``lab/weightsBudgetMB``)."""
        settings = getattr(self.window, "settings", None)
        try:
            value = int(settings.value(BUDGET_KEY, DEFAULT_WEIGHTS_BUDGET // 2 ** 20)) if settings is not None \
                else DEFAULT_WEIGHTS_BUDGET // 2 ** 20
        except (TypeError, ValueError):
            value = DEFAULT_WEIGHTS_BUDGET // 2 ** 20
        return max(1, value)

    def set_budget_mb(self, mb: int) -> None:
        """A new bound, kept in the window's settings and applied now (oldest model files dropped first)."""
        settings = getattr(self.window, "settings", None)
        if settings is not None:
            settings.setValue(BUDGET_KEY, int(mb))
        try:
            self.store.set_budget(int(mb) * 2 ** 20)
        except OSError as exc:
            self._say_not_kept(exc)
        self.widget.refresh_table()
        self.show_selected()

    def _open(self, folder) -> RunStore:
        """The store of ``folder``: written on its writer thread (issue 16), a failed write said here."""
        budget, said = self.budget_mb() * 2 ** 20, self._writeFailed.emit
        try:
            return RunStore(folder, weights_budget=budget, background=True, on_error=said)
        except ValueError as exc:  # a damaged index: say it, keep the file, start an empty history beside it
            self.say(_tr("The run history could not be read ({error}); new runs are kept in a new one.")
                     .format(error=exc))
            damaged = Path(folder) / "runs.json"
            try:
                os.replace(damaged, damaged.with_name("runs.damaged.json"))
            except OSError:
                pass
            return RunStore(folder, weights_budget=budget, background=True, on_error=said)

    def set_store(self, store: RunStore) -> None:
        if self.store is not None and self.store is not store:
            self.flush_store()  # the previous project's last writes land before its history is left
        self.store = store
        self.widget.model.set_store(store)
        self.widget.table.resizeColumnsToContents()
        if store.records:
            self.widget.select_ids([r.id for r in store.records[-2:]])
        self.show_selected()
        self.update_buttons()

    def sync_store(self) -> None:
        """Follow the window's project path: another project opened → its runs; saved under a new name →
        the runs go along (moved from the unsaved folder, copied from another project's)."""
        if self.window is None or self.store is None:
            return
        want = self.folder_for(getattr(self.window, "path", None))
        opening, self._opening = self._opening, False
        if opening:
            if self.store.folder == self.unsaved_folder():  # the unsaved project was closed unsaved
                self.store.remove_folder()
            self.set_store(self._open(want))
        elif want != self.store.folder:
            try:
                moved = self.store.copy_to(want, move=self.store.folder == self.unsaved_folder())
            except OSError as exc:
                self.say(_tr("The runs could not be copied beside the project: {error}").format(error=exc))
                return
            self.set_store(moved)

    # ------------------------------------------------------------------ after a crash
    def adopt_runs(self, pid) -> bool:
        """A crashed session's never-saved project was restored (``Recovery.restore``): its runs, kept in the
        recovery folder's ``runs-<pid>``, become this session's. True when there were runs to take over."""
        if not isinstance(pid, int) or isinstance(pid, bool) or getattr(self.window, "path", None) is not None:
            return False
        src = self.unsaved_folder().with_name(f"runs-{pid}")
        if src == self.unsaved_folder() or not (src / "runs.json").is_file() or self.store.records:
            return False
        try:
            self.set_store(self._open(src).copy_to(self.unsaved_folder(), move=True))
        except OSError as exc:
            self.say(_tr("The runs could not be copied beside the project: {error}").format(error=exc))
            return False
        return True

    def forget_orphaned_runs(self) -> int:
        """Delete the run folders of crashed sessions that were not restored (``Recovery.offer_restore`` is done
        with their recovery files); returns how many went."""
        from ..recovery import pid_alive  # noqa: PLC0415

        gone = 0
        for folder in self.unsaved_folder().parent.glob("runs-*"):
            pid = folder.name[len("runs-"):]
            if folder != self.unsaved_folder() and pid.isdigit() and not pid_alive(int(pid)):
                try:
                    self._open(folder).remove_folder()
                except OSError:
                    continue
                gone += 1
        return gone

    def _on_run_cleared(self) -> None:
        self._opening = True
        QTimer.singleShot(0, self.sync_store)  # after the window took the new path

    # ------------------------------------------------------------------ keeping runs
    def _on_finished(self, result) -> None:
        """Keep the run that just ended (a run with no epoch is not kept; a K-fold run: :mod:`.kfold_runs`).

        The record and the model file are written now (the run is on disk when ``finished`` returns); the
        table and the overlay show it in a later event-loop turn (:meth:`show_kept`, ``TURN_MS`` after, once the
        loop has painted the run's end), and an experiment's next run starts after that: the run's last turn,
        the showing and the next start each cost the GUI thread 10-40 ms (``time.thread_time()``), too much
        for one turn (bench_lab_sweep.py: the busiest gap of a sweep 155 -> 65-77 ms of GUI CPU).
        """
        c = self.controller
        record, later = None, False
        plain_result = result if isinstance(result, dict) else dict(result)
        try:
            history = result_field(result, "history") or c.history
            model = result_field(result, "model") or c.model
            if kfold_runs.is_kfold(result):  # one run: the folds' mean curves and the last fold's model
                record = kfold_runs.keep(self, result)
            elif history and model is not None:
                record = self.keep(result, history, model, show=False)
            if record is not None and not self._closed:
                # an experiment's next run waits for the showing; a plain run's end is told to the runner now
                # (told later, it could be taken for the run of an experiment started in between)
                own = self.runner.active
                QTimer.singleShot(TURN_MS, self, lambda: self._show_then_go_on(record, plain_result if own else None))
                later = own
        finally:  # whatever happened while keeping it, an experiment goes on to its next run (or ends)
            if not later:
                if record is None or self._closed:
                    self.show_kept()
                self.runner.run_recorded(record, plain_result)

    def _show_then_go_on(self, record, result) -> None:
        try:
            self.show_kept()
        finally:
            if result is not None:
                self.runner.run_recorded(record, result)

    def keep(self, result, history, model, show: bool = True) -> RunRecord | None:
        """Store the run (record and trained model) and show it (``show`` False: at the next
        :meth:`show_kept`); None when it could not be or need not be kept."""
        if self._closed and self.store.folder == self.unsaved_folder():
            return None
        c = self.controller
        model_cfg = plain(result_field(result, "model_config") or c.model_config)
        settings = plain(result_field(result, "settings") or c.settings)
        data = result_field(result, "data") or c.run_data
        prev = self.store.latest()
        planned = self.runner.current
        number = int(self.store.new_id()[1:])
        rec = RunRecord(
            id="", name=planned.name if planned else _tr("Run {n}").format(n=number), model=model_cfg,
            settings=settings, history=plain(history),
            changes=describe_changes(prev.model, prev.settings, model_cfg, settings, prev.data,
                                     plain(list(data)) if data else None) if prev else [],
            seconds=float(result_field(result, "seconds") or 0.0), seed=settings.get("seed"),
            stopped=bool(result_field(result, "stopped")),
            experiment=plain({"kind": self.runner.kind, **planned.info}) if planned else {},
            data=plain(list(data)) if data else None)
        try:
            self.store.append(rec, model)  # the files are written by the store's writer thread
        except (OSError, ValueError) as exc:  # a full disk must not take the window down
            self._say_not_kept(exc)
            return None
        if self._closed:
            self.flush_store()  # the window closes: the run ended by the close is on disk before it is gone
        self._kept_model = model
        ids = [rec.id] if self.runner.active else [i for i in (prev.id if prev else None, rec.id) if i]
        self._to_show.append((rec, ids, self.runner.active))
        if show:
            self.show_kept()
        return rec

    @property
    def all_shown(self) -> bool:
        """True when every kept run is in the table (none waits for :meth:`show_kept`)."""
        return not self._to_show

    def show_kept(self) -> None:
        """Put the runs kept since the last call in the table and select them (which draws them)."""
        pending, self._to_show = self._to_show, []
        for rec, ids, add in pending:
            if self.store is None or self.store.get(rec.id) is not rec:  # another project's history is shown now
                continue
            if self.widget.model.row_of(rec.id) < 0:  # a refresh from the store may have shown it already
                self.widget.model.append(rec)
            if len(self.store.records) <= 3:  # the first runs size the columns; later the learner's widths stay
                self.widget.table.resizeColumnsToContents()
            self.widget.select_ids(ids, add=add)  # draws them (selectionChanged)

    def _on_evaluated(self, result) -> None:
        """The test set was evaluated: the newest run keeps the results when it is that model's."""
        self.show_kept()
        latest = self.store.latest() if self.store else None
        logs = result.get("logs") if isinstance(result, dict) else None
        if latest is None or not logs or self.controller.model is not self._kept_model:
            return
        latest.test = {k: float(v) for k, v in logs.items()}
        try:
            self.store.update(latest)
        except OSError:
            return
        self.widget.refresh_table()
        self.widget.select_ids([latest.id], add=True)

    def _on_epoch(self, epoch, logs) -> None:
        """An experiment's run in progress is drawn too, at most every ``LIVE_S`` (epochs may take 5 ms), in a turn
        of its own (``TURN_MS`` later: its first drawing, curves and a legend row, cost 8 ms beside the epoch's
        own 20); a K-fold run's curves are the per-epoch mean over its folds (the finished ones and the running one)."""
        p = self.runner.current
        now = time.monotonic()
        if p is not None and now - self._live_at >= LIVE_S:
            self._live_at = now
            c = self.controller  # a K-fold run is drawn as it will be kept: the mean over its folds so far
            history = c.kfold_curves()["mean"] if c.fold is not None else c.history
            due, self._live_args = self._live_args, (history, p.name + " …", self.store.new_id())
            if due is None:  # else the drawing already due takes these newer curves
                QTimer.singleShot(TURN_MS, self, self._draw_live)

    def _draw_live(self) -> None:
        args, self._live_args = self._live_args, None
        if args is not None and not self._closed and self.widget.model.row_of(args[2]) < 0:  # not shown kept yet
            self.widget.plot.set_live(*args)

    # ------------------------------------------------------------------ showing
    def say(self, text: str) -> None:
        """A message in the lab and in the training status line."""
        self.widget.message.setText(text)
        if self.controller is not None:
            self.controller.message.emit(text)

    def selected_records(self) -> list:
        return [r for r in (self.store.get(i) for i in self.widget.selected_ids()) if r is not None]

    def show_selected(self) -> None:
        records = self.selected_records()
        keys = ["loss"] + sorted({r.best["metric"] for r in records if r.best["metric"]})
        box = self.widget.plotKey
        current = box.currentText() or "loss"
        with signals_blocked(box):
            box.clear()
            box.addItems(keys)
            box.setCurrentText(current if current in keys else "loss")
        self.widget.plot.set_key(box.currentText())
        self.widget.plot.show_runs(records)
        self.widget.show_data_note(distinct_datasets([r.data for r in records]))  # their curves do not compare
        self.update_buttons()

    def update_buttons(self) -> None:
        w = self.widget
        idle = self.controller.state == "idle" and not self.runner.active
        one = w.table.selectionModel().hasSelection()  # not selected_ids(): this runs at every state change
        for b in (w.renameButton, w.deleteButton, w.restoreButton, w.exportButton):
            b.setEnabled(one and idle)
        for b in (w.remedyButton, w.lessonsButton, w.lrButton, w.sweepButton):
            b.setEnabled(idle)
        w.stopButton.setEnabled(self.runner.active and not self.runner.stopping)
