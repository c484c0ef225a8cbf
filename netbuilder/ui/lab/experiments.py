"""``ExperimentRunner``: a list of planned runs trained one after another through the training controller.

A sweep, a remedy check and a book lesson are each a list of :class:`Planned` runs (a name, a network, its
settings). The runner gives the controller one run at a time: for the duration of the experiment the
controller reads the planned network instead of the canvas (its public ``config_provider``) and trains with
the planned settings; the canvas and the settings form are never touched. The lab records every finished
run (:meth:`LabFeature._on_finished`) and then calls :meth:`run_recorded`, which starts the next one from
the event loop. Stop (the lab's, or the Training dock's) ends the experiment after the current run, which
is kept as a stopped run. A planned run with ``reuse`` (an identical stored run) is not trained again.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass, field

from PySide6.QtCore import QObject, QTimer, Signal


@dataclass
class Planned:
    """One run of an experiment; ``reuse``: the stored record that already is this run (not trained again)."""

    name: str
    model: dict
    settings: dict
    reuse: object = None
    info: dict = field(default_factory=dict)


class ExperimentRunner(QObject):
    """Runs :class:`Planned` runs through ``controller`` one after another.

    Signals:
        progressed(int, int): run ``i`` (0-based) of ``n`` is starting.
        ended(object): ``{"kind", "records": [RunRecord per planned run, None where it did not run],
            "stopped": bool, "error": str | None, "info": dict}``.
    """

    progressed = Signal(int, int)
    ended = Signal(object)

    def __init__(self, controller, parent=None):
        super().__init__(parent)
        self.controller = controller
        self.plan: list[Planned] = []
        self.records: list = []
        self.kind = None
        self.info: dict = {}
        self.index = -1
        self._saved = None  # (config_provider, settings) of the controller before the experiment
        self._stop = False
        self._closing = False
        self._pending = False  # the next run is scheduled (between two runs)

    @property
    def active(self) -> bool:
        return self.kind is not None

    @property
    def stopping(self) -> bool:
        """Stop was asked for: the experiment ends when the current run has finished."""
        return self.active and self._stop

    @property
    def current(self) -> Planned | None:
        return self.plan[self.index] if self.active and 0 <= self.index < len(self.plan) else None

    def start(self, kind: str, plan: list[Planned], info: dict | None = None) -> bool:
        """Begin experiment ``kind`` ("sweep", "remedy", "lesson"); False when a run or experiment is going."""
        c = self.controller
        if self.active or c.running or c.evaluating or not plan:
            return False
        self.kind, self.plan, self.info = kind, list(plan), dict(info or {})
        self.records = [p.reuse for p in self.plan]
        self.index, self._stop = -1, False
        self._saved = (c.config_provider, copy.deepcopy(c.settings))
        self._next()
        return True

    def stop(self) -> None:
        """End after the current run (it is kept, marked stopped). The run's ``finished`` may still be on its
        way after its thread ended: the experiment ends when it has come (:meth:`run_recorded`)."""
        if not self.active or self._stop:
            return
        self._stop = True
        c = self.controller
        if c.running:
            c.stop()
        elif c.state == "idle" and not self._pending:  # waiting for data that never came: nothing will finish
            self._end()

    def cancel_for_close(self) -> None:
        """The window closes: no further run starts; the one training is stopped and recorded by the lab."""
        self._closing = True
        self.stop()
        if self.active and self._pending:  # between two runs: no event loop may run the next one
            self._end()

    def _next(self) -> None:
        self._pending = False
        if not self.active:
            return
        self.index += 1
        while self.index < len(self.plan) and self.plan[self.index].reuse is not None:
            self.index += 1  # an identical run is already stored
        if self._stop or self._closing or self.index >= len(self.plan):
            self._end()
            return
        p = self.plan[self.index]
        c = self.controller
        c.config_provider = lambda model=p.model: model
        c.settings = copy.deepcopy(p.settings)
        self.progressed.emit(self.index, len(self.plan))
        if not c.start(fresh=True):  # refused: the controller said why (failed)
            self._end(error=True)

    def run_recorded(self, record, result: dict) -> None:
        """The lab stored the run that just finished (``record`` None when nothing could be kept)."""
        if not self.active or self.index < 0:
            return
        self.records[self.index] = record
        if result.get("stopped") or result.get("error"):
            self._stop = True
        self._pending = True
        QTimer.singleShot(1, self._next)  # after every other slot of ``finished`` ran, and the repaint

    def _end(self, error: bool = False) -> None:
        c = self.controller
        if self._saved is not None:
            c.config_provider, c.settings = self._saved
            self._saved = None
        kind, records, stopped = self.kind, list(self.records), self._stop
        self.kind, self.index = None, -1
        self.ended.emit({"kind": kind, "records": records, "stopped": stopped, "error": error,
                         "info": self.info, "names": [p.name for p in self.plan]})
